//! Users, sessions, API tokens and saved drafts. Secrets are never stored: only hashes.

use crate::audit::{record_audit, AuditEvent};
use crate::{with_db, with_tx, Store, StoreError};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// A role slug: admin, plan-owner, action-lead, viewer, data-analyst.
    pub role: String,
    pub person_key: Option<String>,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub recovery_hashes: String,
    pub disabled: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub person_key: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    /// Hash of a one-time code that lets the user set their first password.
    pub setup_code_hash: Option<&'a str>,
    pub setup_expires_at: Option<DateTime<Utc>>,
    /// Who created the account, for the audit trail.
    pub by: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub authenticated_at: DateTime<Utc>,
    pub second_factor: bool,
    pub ended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: i64,
    pub user_id: i64,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const USER_COLUMNS: &str = "id, email, name, role, person_key, password_hash, totp_secret, totp_last_step, recovery_hashes, disabled, version, created_at";

impl Store {
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        Ok(
            with_db!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await?),
        )
    }

    pub async fn create_user(&self, u: &NewUser<'_>, at: DateTime<Utc>) -> Result<i64, StoreError> {
        let email = u.email.trim().to_lowercase();
        let exists: Option<i64> = with_db!(self, pool => {
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(&email).fetch_optional(pool).await?
        });
        if exists.is_some() {
            return Err(StoreError::Invalid(format!(
                "an account for {email} already exists"
            )));
        }
        with_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (email, name, role, person_key, password_hash, setup_code_hash, setup_expires_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(&email)
            .bind(u.name.trim())
            .bind(u.role)
            .bind(u.person_key)
            .bind(u.password_hash)
            .bind(u.setup_code_hash)
            .bind(u.setup_expires_at)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            let event = AuditEvent {
                actor: u.by.to_string(),
                action: "user.create".into(),
                object_type: "user".into(),
                object_id: Some(id.to_string()),
                after: Some(format!("{email}; role={}; person={}", u.role, u.person_key.unwrap_or("-"))),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, at, event);
            Ok::<i64, StoreError>(id)
        })
    }

    pub async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY id");
        Ok(with_db!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await?))
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        let email = email.trim().to_lowercase();
        Ok(with_db!(self, pool => sqlx::query_as(&sql).bind(&email).fetch_optional(pool).await?))
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        Ok(with_db!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?))
    }

    /// Sets a password hash (first password, change, or re-hash at a stronger policy) and
    /// retires any one-time set-up code.
    pub async fn set_password_hash(
        &self,
        user_id: i64,
        hash: &str,
        by: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            sqlx::query("UPDATE users SET password_hash = $1, setup_code_hash = NULL, setup_expires_at = NULL, version = version + 1 WHERE id = $2")
                .bind(hash)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            let event = AuditEvent {
                actor: by.to_string(),
                actor_user_id: Some(user_id),
                action: "user.password".into(),
                object_type: "user".into(),
                object_id: Some(user_id.to_string()),
                detail: Some(reason.to_string()),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, Utc::now(), event);
        });
        Ok(())
    }

    /// The user a still-valid one-time set-up code belongs to, consuming nothing.
    pub async fn user_by_setup_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE setup_code_hash = $1 AND setup_expires_at > $2 AND disabled = FALSE");
        Ok(
            with_db!(self, pool => sqlx::query_as(&sql).bind(code_hash).bind(now).fetch_optional(pool).await?),
        )
    }

    pub async fn set_totp(
        &self,
        user_id: i64,
        secret: Option<&str>,
        recovery_hashes_json: &str,
        last_step: Option<i64>,
    ) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            sqlx::query("UPDATE users SET totp_secret = $1, recovery_hashes = $2, totp_last_step = $3, version = version + 1 WHERE id = $4")
                .bind(secret)
                .bind(recovery_hashes_json)
                .bind(last_step)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            let event = AuditEvent {
                actor_user_id: Some(user_id),
                actor: format!("user {user_id}"),
                action: if secret.is_some() { "user.second-factor.enrol".into() } else { "user.second-factor.remove".into() },
                object_type: "user".into(),
                object_id: Some(user_id.to_string()),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, Utc::now(), event);
        });
        Ok(())
    }

    /// Records the TOTP step just used, refusing reuse: returns false if a later or equal
    /// step was already used (a replayed code).
    pub async fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        let n = with_tx!(self, tx => {
            sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
                .bind(step)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    pub async fn set_recovery_hashes(&self, user_id: i64, json: &str) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            sqlx::query("UPDATE users SET recovery_hashes = $1 WHERE id = $2").bind(json).bind(user_id).execute(&mut *tx).await?;
        });
        Ok(())
    }

    // ---- sessions

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        second_factor: bool,
    ) -> Result<i64, StoreError> {
        Ok(with_tx!(self, tx => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, authenticated_at, second_factor)
                 VALUES ($1, $2, $3, $3, $3, $4) RETURNING id",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(now)
            .bind(second_factor)
            .fetch_one(&mut *tx)
            .await?
        }))
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, StoreError> {
        Ok(with_db!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, created_at, last_seen_at, authenticated_at, second_factor, ended_at FROM sessions WHERE token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        }))
    }

    pub async fn touch_session(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
        });
        Ok(())
    }

    pub async fn end_session(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            sqlx::query("UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL").bind(now).bind(id).execute(&mut *tx).await?;
        });
        Ok(())
    }

    pub async fn end_sessions_for_user(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            sqlx::query("UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL").bind(now).bind(user_id).execute(&mut *tx).await?;
        });
        Ok(())
    }

    // ---- API tokens

    pub async fn create_api_token(
        &self,
        user_id: i64,
        label: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        with_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(user_id)
            .bind(label)
            .bind(token_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let event = AuditEvent {
                actor_user_id: Some(user_id),
                actor: format!("user {user_id}"),
                action: "token.create".into(),
                object_type: "api_token".into(),
                object_id: Some(id.to_string()),
                after: Some(label.to_string()),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, now, event);
            Ok::<i64, StoreError>(id)
        })
    }

    /// The live (not revoked) token with this hash, and marks it used.
    pub async fn use_api_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ApiTokenRow>, StoreError> {
        let row: Option<ApiTokenRow> = with_db!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, label, created_at, last_used_at, revoked_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        if let Some(r) = &row {
            with_tx!(self, tx => {
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(now).bind(r.id).execute(&mut *tx).await?;
            });
        }
        Ok(row)
    }

    pub async fn revoke_api_token(
        &self,
        id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let n = with_tx!(self, tx => {
            let n = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
                .bind(now)
                .bind(id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n > 0 {
                let event = AuditEvent {
                    actor_user_id: Some(user_id),
                    actor: format!("user {user_id}"),
                    action: "token.revoke".into(),
                    object_type: "api_token".into(),
                    object_id: Some(id.to_string()),
                    ..AuditEvent::default()
                };
                record_audit!(&mut *tx, now, event);
            }
            n
        });
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "API token",
                id,
            });
        }
        Ok(())
    }

    pub async fn api_tokens(&self, user_id: i64) -> Result<Vec<ApiTokenRow>, StoreError> {
        Ok(with_db!(self, pool => {
            sqlx::query_as("SELECT id, user_id, label, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id")
                .bind(user_id)
                .fetch_all(pool)
                .await?
        }))
    }

    // ---- drafts: form input kept across an expired session

    pub async fn save_draft(
        &self,
        user_id: i64,
        path: &str,
        fields_json: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            sqlx::query("DELETE FROM drafts WHERE user_id = $1 AND path = $2").bind(user_id).bind(path).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO drafts (user_id, path, fields, created_at) VALUES ($1, $2, $3, $4)")
                .bind(user_id)
                .bind(path)
                .bind(fields_json)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Takes (and deletes) a saved draft.
    pub async fn take_draft(&self, user_id: i64, path: &str) -> Result<Option<String>, StoreError> {
        Ok(with_tx!(self, tx => {
            let fields: Option<String> = sqlx::query_scalar("SELECT fields FROM drafts WHERE user_id = $1 AND path = $2")
                .bind(user_id)
                .bind(path)
                .fetch_optional(&mut *tx)
                .await?;
            if fields.is_some() {
                sqlx::query("DELETE FROM drafts WHERE user_id = $1 AND path = $2").bind(user_id).bind(path).execute(&mut *tx).await?;
            }
            fields
        }))
    }
}
