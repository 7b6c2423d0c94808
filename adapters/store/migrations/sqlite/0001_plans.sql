-- The improvement plan. Dates are ISO text (YYYY-MM-DD); times are RFC 3339 text in UTC.
-- Every editable row carries a version, incremented on each update, so a stale edit is refused.

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    organisation TEXT NOT NULL,
    origin TEXT NOT NULL,
    origin_date TEXT,
    reporting_date TEXT,
    introduction TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    initials TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'group')),
    role TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (plan_id, name)
);

CREATE TABLE areas (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    heading TEXT,
    issue TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (plan_id, number)
);

-- Sources, aims and measurable success criteria: ordered lists of text per area.
CREATE TABLE area_items (
    id INTEGER PRIMARY KEY,
    area_id INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
    list TEXT NOT NULL CHECK (list IN ('source', 'aim', 'success')),
    position INTEGER NOT NULL,
    text TEXT NOT NULL
);

-- Owners and Table 1 leads of an area.
CREATE TABLE area_people (
    id INTEGER PRIMARY KEY,
    area_id INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
    part TEXT NOT NULL CHECK (part IN ('owner', 'lead')),
    position INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE
);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    area_id INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('blue', 'green', 'amber', 'red', 'not-rated')),
    due TEXT,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE action_leads (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE
);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    due TEXT,
    completed BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    entry_date TEXT,
    text TEXT NOT NULL
);

-- Status history is append-only: a change is corrected by a later change, never by editing.
CREATE TABLE status_changes (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);

CREATE TRIGGER status_changes_no_update BEFORE UPDATE ON status_changes
BEGIN
    SELECT RAISE(ABORT, 'status history is append-only');
END;

CREATE INDEX people_plan ON people(plan_id);
CREATE INDEX areas_plan ON areas(plan_id);
CREATE INDEX area_items_area ON area_items(area_id);
CREATE INDEX area_people_area ON area_people(area_id);
CREATE INDEX actions_area ON actions(area_id);
CREATE INDEX action_leads_action ON action_leads(action_id);
CREATE INDEX milestones_action ON milestones(action_id);
CREATE INDEX evaluations_action ON evaluations(action_id);
CREATE INDEX status_changes_action ON status_changes(action_id);
