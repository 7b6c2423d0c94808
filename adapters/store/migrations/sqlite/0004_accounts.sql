-- Accounts, sessions, API tokens and the audit trail.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'plan-owner', 'action-lead', 'viewer', 'data-analyst')),
    -- The plan person (initials or name) this account is, which defines "actions they lead".
    person_key TEXT,
    password_hash TEXT,
    totp_secret TEXT,
    totp_last_step INTEGER,
    recovery_hashes TEXT NOT NULL DEFAULT '[]',
    oidc_issuer TEXT,
    oidc_subject TEXT,
    -- A one-time code to set the first password (hash only), and when it stops working.
    setup_code_hash TEXT,
    setup_expires_at TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (oidc_issuer, oidc_subject)
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    authenticated_at TEXT NOT NULL,
    second_factor BOOLEAN NOT NULL DEFAULT FALSE,
    ended_at TEXT
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

-- Form input saved when a session ended mid-edit, restored after signing in again.
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    fields TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Append-only: who did what, when, with before and after.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT,
    before_value TEXT,
    after_value TEXT,
    address TEXT,
    detail TEXT
);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
CREATE INDEX drafts_user ON drafts(user_id, path);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_object ON audit_events(object_type, object_id);
