//! Storing a whole plan, all or nothing.

use crate::audit::{record_audit, AuditEvent};
use crate::{with_tx, Store, StoreError};
use assure_plan::{Plan, Status, StatusChange};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Who stored a plan and from where, for the history entry that records an imported status.
#[derive(Debug, Clone)]
pub struct ImportNote<'a> {
    pub by: &'a str,
    pub source: &'a str,
    pub at: DateTime<Utc>,
}

impl Store {
    /// Stores a checked plan as a new plan and returns its id. Runs in one transaction:
    /// on any failure nothing is stored.
    ///
    /// An action whose file carries no history but has a status gets one entry recording
    /// that the status came from the import, so every status has an attributable origin.
    pub async fn insert_plan(&self, plan: &Plan, note: &ImportNote<'_>) -> Result<i64, StoreError> {
        let plan =
            assure_plan::check(plan.clone()).map_err(|r| StoreError::Invalid(r.to_string()))?;
        with_tx!(self, tx => {
            let plan_id: i64 = sqlx::query_scalar(
                "INSERT INTO plans (title, organisation, origin, origin_date, reporting_date, introduction, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(&plan.title)
            .bind(&plan.organisation)
            .bind(&plan.origin)
            .bind(plan.origin_date)
            .bind(plan.reporting_date)
            .bind(&plan.introduction)
            .bind(note.at)
            .fetch_one(&mut *tx)
            .await?;

            let mut person_ids: HashMap<String, i64> = HashMap::new();
            for (pos, p) in plan.people.iter().enumerate() {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO people (plan_id, position, name, initials, kind, role)
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(plan_id)
                .bind(pos as i64)
                .bind(&p.name)
                .bind(&p.initials)
                .bind(p.kind.word())
                .bind(&p.role)
                .fetch_one(&mut *tx)
                .await?;
                person_ids.insert(p.key().to_string(), id);
            }
            let person = |key: &str| {
                person_ids
                    .get(key)
                    .copied()
                    .ok_or_else(|| StoreError::Invalid(format!("\"{key}\" is not one of the plan's people")))
            };

            for (apos, area) in plan.areas.iter().enumerate() {
                let area_id: i64 = sqlx::query_scalar(
                    "INSERT INTO areas (plan_id, position, number, title, heading, issue)
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(plan_id)
                .bind(apos as i64)
                .bind(area.number.as_str())
                .bind(&area.title)
                .bind(&area.heading)
                .bind(&area.issue)
                .fetch_one(&mut *tx)
                .await?;
                for (list, items) in [("source", &area.sources), ("aim", &area.aims), ("success", &area.success_criteria)] {
                    for (pos, text) in items.iter().enumerate() {
                        sqlx::query("INSERT INTO area_items (area_id, list, position, text) VALUES ($1, $2, $3, $4)")
                            .bind(area_id)
                            .bind(list)
                            .bind(pos as i64)
                            .bind(text)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                for (part, refs) in [("owner", &area.owners), ("lead", &area.leads)] {
                    for (pos, key) in refs.iter().enumerate() {
                        sqlx::query("INSERT INTO area_people (area_id, part, position, person_id) VALUES ($1, $2, $3, $4)")
                            .bind(area_id)
                            .bind(part)
                            .bind(pos as i64)
                            .bind(person(key)?)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                for (mpos, m) in area.measures.iter().enumerate() {
                    let measure_id: i64 = sqlx::query_scalar(
                        "INSERT INTO measures (area_id, position, criterion, indicator, baseline_value, baseline_date,
                                               target, direction, tolerance, status)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                    )
                    .bind(area_id)
                    .bind(mpos as i64)
                    .bind(&m.criterion)
                    .bind(&m.indicator)
                    .bind(m.baseline.map(|b| b.value))
                    .bind(m.baseline.map(|b| b.date))
                    .bind(m.target)
                    .bind(direction_slug(m.direction))
                    .bind(m.tolerance)
                    .bind(m.status.slug())
                    .fetch_one(&mut *tx)
                    .await?;
                    for h in &m.history {
                        sqlx::query(
                            "INSERT INTO measure_status_changes (measure_id, changed_at, changed_by, from_status, to_status, reason)
                             VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(measure_id)
                        .bind(h.at)
                        .bind(&h.by)
                        .bind(h.from.slug())
                        .bind(h.to.slug())
                        .bind(&h.reason)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                for (xpos, action) in area.actions.iter().enumerate() {
                    let action_id: i64 = sqlx::query_scalar(
                        "INSERT INTO actions (area_id, position, number, text, status, due)
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(area_id)
                    .bind(xpos as i64)
                    .bind(&action.number)
                    .bind(&action.text)
                    .bind(action.status.slug())
                    .bind(action.due)
                    .fetch_one(&mut *tx)
                    .await?;
                    for (pos, key) in action.leads.iter().enumerate() {
                        sqlx::query("INSERT INTO action_leads (action_id, position, person_id) VALUES ($1, $2, $3)")
                            .bind(action_id)
                            .bind(pos as i64)
                            .bind(person(key)?)
                            .execute(&mut *tx)
                            .await?;
                    }
                    for (pos, m) in action.milestones.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO milestones (action_id, position, text, due, completed) VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(action_id)
                        .bind(pos as i64)
                        .bind(&m.text)
                        .bind(m.due)
                        .bind(m.completed)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for (pos, e) in action.evaluations.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO evaluations (action_id, position, entry_date, text) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(action_id)
                        .bind(pos as i64)
                        .bind(e.date)
                        .bind(&e.text)
                        .execute(&mut *tx)
                        .await?;
                    }
                    let imported;
                    let history: &[StatusChange] = if action.history.is_empty() && action.status != Status::NotRated {
                        imported = [StatusChange {
                            at: note.at,
                            by: note.by.to_string(),
                            from: Status::NotRated,
                            to: action.status,
                            reason: format!("Status as given in {}", note.source),
                        }];
                        &imported
                    } else {
                        &action.history
                    };
                    for h in history {
                        sqlx::query(
                            "INSERT INTO status_changes (action_id, changed_at, changed_by, from_status, to_status, reason)
                             VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(action_id)
                        .bind(h.at)
                        .bind(&h.by)
                        .bind(h.from.slug())
                        .bind(h.to.slug())
                        .bind(&h.reason)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            let event = AuditEvent {
                actor: note.by.to_string(),
                action: "plan.import".into(),
                object_type: "plan".into(),
                object_id: Some(plan_id.to_string()),
                after: Some(format!("{} ({} areas, {} actions) from {}", plan.title, plan.areas.len(), plan.actions().count(), note.source)),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, note.at, event);
            Ok::<i64, StoreError>(plan_id)
        })
    }

    /// Deletes a plan and everything in it.
    pub async fn delete_plan(&self, id: i64, by: &str) -> Result<(), StoreError> {
        let affected = with_tx!(self, tx => {
            let n = sqlx::query("DELETE FROM plans WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                let event = AuditEvent { actor: by.to_string(), action: "plan.delete".into(), object_type: "plan".into(), object_id: Some(id.to_string()), ..AuditEvent::default() };
                record_audit!(&mut *tx, chrono::Utc::now(), event);
            }
            n
        });
        if affected == 0 {
            return Err(StoreError::NotFound { what: "plan", id });
        }
        Ok(())
    }
}

pub(crate) fn direction_slug(d: assure_plan::Direction) -> &'static str {
    match d {
        assure_plan::Direction::HigherIsBetter => "higher_is_better",
        assure_plan::Direction::LowerIsBetter => "lower_is_better",
    }
}
