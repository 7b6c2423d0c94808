//! Edits with optimistic concurrency: each carries the version the editor saw, the check
//! happens before any write inside the same transaction, and a stale version is refused.

use crate::audit::{record_audit, AuditEvent};
use crate::{with_tx, Store, StoreError};
use assure_plan::edit;
use assure_plan::Status;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone)]
pub struct StatusEdit<'a> {
    pub action_id: i64,
    pub expected_version: i64,
    pub to: Status,
    pub by: &'a str,
    pub reason: &'a str,
    pub at: DateTime<Utc>,
}

/// A dated evaluation entry added to an action.
#[derive(Debug, Clone)]
pub struct ActionEdit<'a> {
    pub action_id: i64,
    /// Who, for the audit trail.
    pub by: &'a str,
    pub expected_version: i64,
    pub date: NaiveDate,
    pub text: &'a str,
}

/// Where a kind of status lives: its table, its history table and the history's key column.
/// These are constants of ours, never user input, so building SQL from them is safe.
struct StatusTarget {
    table: &'static str,
    history: &'static str,
    key: &'static str,
    what: &'static str,
    audit_action: &'static str,
}

impl StatusTarget {
    const ACTION: StatusTarget = StatusTarget {
        table: "actions",
        history: "status_changes",
        key: "action_id",
        what: "action",
        audit_action: "action.status",
    };
    const MEASURE: StatusTarget = StatusTarget {
        table: "measures",
        history: "measure_status_changes",
        key: "measure_id",
        what: "measure",
        audit_action: "measure.status",
    };
}

fn conflict_or_missing(
    what: &'static str,
    id: i64,
    expected: i64,
    current: Option<i64>,
) -> StoreError {
    match current {
        None => StoreError::NotFound { what, id },
        Some(current) => StoreError::Conflict {
            what,
            id,
            expected,
            current,
        },
    }
}

impl Store {
    /// Changes an action's status, recording who, when, from, to and why. Returns the new version.
    pub async fn change_status(&self, e: &StatusEdit<'_>) -> Result<i64, StoreError> {
        self.versioned_status_change(
            &StatusTarget::ACTION,
            e.action_id,
            e.expected_version,
            e.to,
            e.by,
            e.reason,
            e.at,
        )
        .await
    }

    /// The one implementation of a status change with history: actions and measures alike.
    #[allow(clippy::too_many_arguments)]
    async fn versioned_status_change(
        &self,
        target: &StatusTarget,
        id: i64,
        expected_version: i64,
        to: Status,
        by: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let select = format!("SELECT status, version FROM {} WHERE id = $1", target.table);
        let update = format!(
            "UPDATE {} SET status = $1, version = version + 1 WHERE id = $2 AND version = $3",
            target.table
        );
        let insert = format!(
            "INSERT INTO {} ({}, changed_at, changed_by, from_status, to_status, reason) VALUES ($1, $2, $3, $4, $5, $6)",
            target.history, target.key
        );
        with_tx!(self, tx => {
            let row: Option<(String, i64)> = sqlx::query_as(&select).bind(id).fetch_optional(&mut *tx).await?;
            let (slug, version) = row.ok_or(StoreError::NotFound { what: target.what, id })?;
            if version != expected_version {
                return Err(conflict_or_missing(target.what, id, expected_version, Some(version)));
            }
            let from = Status::from_slug(&slug).unwrap_or_default();
            let change = edit::status_change_from(from, to, by, at, reason).map_err(|err| StoreError::Invalid(err.to_string()))?;
            let updated = sqlx::query(&update).bind(to.slug()).bind(id).bind(expected_version).execute(&mut *tx).await?.rows_affected();
            if updated != 1 {
                return Err(conflict_or_missing(target.what, id, expected_version, Some(version + 1)));
            }
            sqlx::query(&insert)
                .bind(id)
                .bind(change.at)
                .bind(&change.by)
                .bind(change.from.slug())
                .bind(change.to.slug())
                .bind(&change.reason)
                .execute(&mut *tx)
                .await?;
            let event = AuditEvent {
                actor: change.by.clone(),
                action: target.audit_action.into(),
                object_type: target.what.into(),
                object_id: Some(id.to_string()),
                before: Some(format!("status={}; version={expected_version}", change.from)),
                after: Some(format!("status={}; version={}; reason={}", change.to, expected_version + 1, change.reason)),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, at, event);
            Ok::<i64, StoreError>(expected_version + 1)
        })
    }

    /// Adds a dated evaluation entry to an action. Returns the action's new version.
    pub async fn add_evaluation(&self, e: &ActionEdit<'_>) -> Result<i64, StoreError> {
        let entry =
            edit::evaluation(e.date, e.text).map_err(|err| StoreError::Invalid(err.to_string()))?;
        with_tx!(self, tx => {
            let updated = sqlx::query("UPDATE actions SET version = version + 1 WHERE id = $1 AND version = $2")
                .bind(e.action_id)
                .bind(e.expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated != 1 {
                let current: Option<i64> = sqlx::query_scalar("SELECT version FROM actions WHERE id = $1")
                    .bind(e.action_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                return Err(conflict_or_missing("action", e.action_id, e.expected_version, current));
            }
            let next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM evaluations WHERE action_id = $1")
                .bind(e.action_id)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO evaluations (action_id, position, entry_date, text) VALUES ($1, $2, $3, $4)")
                .bind(e.action_id)
                .bind(next)
                .bind(entry.date)
                .bind(&entry.text)
                .execute(&mut *tx)
                .await?;
            let event = AuditEvent {
                actor: e.by.to_string(),
                action: "action.evaluation".into(),
                object_type: "action".into(),
                object_id: Some(e.action_id.to_string()),
                before: Some(format!("version={}", e.expected_version)),
                after: Some(format!("version={}; evaluation {}: {}", e.expected_version + 1, e.date, entry.text)),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(e.expected_version + 1)
        })
    }

    /// Marks a milestone completed or not. Returns the milestone's new version.
    pub async fn set_milestone_completed(
        &self,
        milestone_id: i64,
        expected_version: i64,
        completed: bool,
        by: &str,
    ) -> Result<i64, StoreError> {
        with_tx!(self, tx => {
            let updated = sqlx::query("UPDATE milestones SET completed = $1, version = version + 1 WHERE id = $2 AND version = $3")
                .bind(completed)
                .bind(milestone_id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated != 1 {
                let current: Option<i64> = sqlx::query_scalar("SELECT version FROM milestones WHERE id = $1")
                    .bind(milestone_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                return Err(conflict_or_missing("milestone", milestone_id, expected_version, current));
            }
            let event = AuditEvent {
                actor: by.to_string(),
                action: "milestone.completed".into(),
                object_type: "milestone".into(),
                object_id: Some(milestone_id.to_string()),
                before: Some(format!("completed={}; version={expected_version}", !completed)),
                after: Some(format!("completed={completed}; version={}", expected_version + 1)),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(expected_version + 1)
        })
    }
}

impl Store {
    /// A milestone's current version, for callers editing without one in hand.
    pub async fn milestone_version(&self, milestone_id: i64) -> Result<i64, StoreError> {
        let v: Option<i64> = crate::with_db!(self, pool => {
            sqlx::query_scalar("SELECT version FROM milestones WHERE id = $1").bind(milestone_id).fetch_optional(pool).await?
        });
        v.ok_or(StoreError::NotFound {
            what: "milestone",
            id: milestone_id,
        })
    }
}

/// A change to a measure's chosen status. The caller writes the reason: accepting the
/// evidence's suggestion is recorded as such, choosing otherwise must say why.
#[derive(Debug, Clone)]
pub struct MeasureStatusEdit<'a> {
    pub measure_id: i64,
    pub expected_version: i64,
    pub to: Status,
    pub by: &'a str,
    pub reason: &'a str,
    pub at: DateTime<Utc>,
}

impl Store {
    /// Changes a measure's chosen status, keeping the change in its history.
    pub async fn change_measure_status(
        &self,
        e: &MeasureStatusEdit<'_>,
    ) -> Result<i64, StoreError> {
        self.versioned_status_change(
            &StatusTarget::MEASURE,
            e.measure_id,
            e.expected_version,
            e.to,
            e.by,
            e.reason,
            e.at,
        )
        .await
    }
}

impl Store {
    /// Replaces an action's leads (references to the plan's people by initials or name).
    pub async fn set_action_leads(
        &self,
        action_id: i64,
        expected_version: i64,
        leads: &[String],
        by: &str,
    ) -> Result<i64, StoreError> {
        let plan_id = self.plan_of_action(action_id).await?;
        let plan = self.load_plan(plan_id).await?;
        let mut ids = Vec::new();
        for l in leads {
            let person = assure_plan::people::find(&plan.people, l).ok_or_else(|| {
                StoreError::Invalid(format!(
                    "\"{l}\" is not the name or initials of anyone in the plan's people"
                ))
            })?;
            ids.push((person.id.unwrap_or_default(), person.key().to_string()));
        }
        let before = plan
            .actions()
            .find(|(_, a)| a.id == Some(action_id))
            .map(|(_, a)| a.leads.join(", "))
            .unwrap_or_default();
        with_tx!(self, tx => {
            let updated = sqlx::query("UPDATE actions SET version = version + 1 WHERE id = $1 AND version = $2")
                .bind(action_id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated != 1 {
                let current: Option<i64> = sqlx::query_scalar("SELECT version FROM actions WHERE id = $1").bind(action_id).fetch_optional(&mut *tx).await?;
                return Err(conflict_or_missing("action", action_id, expected_version, current));
            }
            sqlx::query("DELETE FROM action_leads WHERE action_id = $1").bind(action_id).execute(&mut *tx).await?;
            for (pos, (person_id, _)) in ids.iter().enumerate() {
                sqlx::query("INSERT INTO action_leads (action_id, position, person_id) VALUES ($1, $2, $3)")
                    .bind(action_id)
                    .bind(pos as i64)
                    .bind(person_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let event = AuditEvent {
                actor: by.to_string(),
                action: "action.leads".into(),
                object_type: "action".into(),
                object_id: Some(action_id.to_string()),
                before: Some(format!("leads={before}; version={expected_version}")),
                after: Some(format!("leads={}; version={}", ids.iter().map(|(_, k)| k.as_str()).collect::<Vec<_>>().join(", "), expected_version + 1)),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(expected_version + 1)
        })
    }
}
