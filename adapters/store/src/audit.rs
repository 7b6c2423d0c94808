//! The audit trail: append-only (the database itself refuses UPDATE and DELETE on it).
//! Changes are recorded in the same transaction as the change they describe.

use crate::{with_db, with_tx, Store, StoreError};
use chrono::{DateTime, Utc};

/// One event to record.
#[derive(Debug, Clone, Default)]
pub struct AuditEvent {
    pub actor_user_id: Option<i64>,
    /// Who, in words: a user's name and email, "command line (USER)", or "anonymous".
    pub actor: String,
    /// What happened, e.g. `action.status`, `sign-in.failed`, `permission.denied`.
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub address: Option<String>,
    pub detail: Option<String>,
}

impl AuditEvent {
    /// A change to one object by `by`; `action` is "<object type>.<verb>", e.g. "plan.update".
    pub fn change(
        by: &str,
        action: &str,
        object_id: impl ToString,
        before: Option<String>,
        after: Option<String>,
    ) -> AuditEvent {
        AuditEvent {
            actor: by.to_string(),
            action: action.to_string(),
            object_type: action.split('.').next().unwrap_or(action).to_string(),
            object_id: Some(object_id.to_string()),
            before,
            after,
            ..AuditEvent::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub before_value: Option<String>,
    pub after_value: Option<String>,
    pub address: Option<String>,
    pub detail: Option<String>,
}

/// Filters for browsing the trail; empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: Option<i64>,
}

/// Inserts an audit event with the given executor (a pool or an open transaction).
macro_rules! record_audit {
    ($exec:expr, $at:expr, $e:expr) => {
        sqlx::query(
            "INSERT INTO audit_events (at, actor_user_id, actor, action, object_type, object_id, before_value, after_value, address, detail)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind($at)
        .bind($e.actor_user_id)
        .bind(&$e.actor)
        .bind(&$e.action)
        .bind(&$e.object_type)
        .bind(&$e.object_id)
        .bind(&$e.before)
        .bind(&$e.after)
        .bind(&$e.address)
        .bind(&$e.detail)
        .execute($exec)
        .await?
    };
}
pub(crate) use record_audit;

impl Store {
    /// Records an event on its own (sign-ins, refusals, views of child-level data).
    pub async fn record(&self, event: &AuditEvent, at: DateTime<Utc>) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            record_audit!(&mut *tx, at, event);
        });
        Ok(())
    }

    /// The trail, newest first, filtered.
    pub async fn audit_events(&self, f: &AuditFilter) -> Result<Vec<AuditRecord>, StoreError> {
        let like = |s: &Option<String>| s.as_ref().map(|v| format!("%{}%", v.to_lowercase()));
        Ok(with_db!(self, pool => {
            sqlx::query_as(
                "SELECT id, at, actor_user_id, actor, action, object_type, object_id, before_value, after_value, address, detail
                 FROM audit_events
                 WHERE ($1 IS NULL OR LOWER(actor) LIKE $1)
                   AND ($2 IS NULL OR action LIKE $2)
                   AND ($3 IS NULL OR object_type = $3)
                   AND ($4 IS NULL OR object_id = $4)
                   AND ($5 IS NULL OR at >= $5)
                   AND ($6 IS NULL OR at <= $6)
                 ORDER BY id DESC LIMIT $7",
            )
            .bind(like(&f.actor))
            .bind(f.action.as_ref().map(|a| format!("{a}%")))
            .bind(&f.object_type)
            .bind(&f.object_id)
            .bind(f.from)
            .bind(f.to)
            .bind(f.limit.unwrap_or(i64::MAX))
            .fetch_all(pool)
            .await?
        }))
    }
}
