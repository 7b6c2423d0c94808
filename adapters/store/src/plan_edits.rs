//! Creating and editing the plan itself: plans, areas, actions, milestones and people.
//!
//! Each edit runs in one transaction: the version the editor saw is checked before anything
//! is written (a stale one is refused with `StoreError::Conflict`), the row's version goes
//! up, and an audit event with short "field=value" before and after strings is written in
//! the same transaction. Owners and leads are references to the plan's people by initials or
//! name, resolved as the plan files resolve them; an unknown one is refused, naming it.

use crate::audit::{record_audit, AuditEvent};
use crate::{with_db, with_tx, Store, StoreError};
use assure_plan::{people, AreaNumber, Person, PersonKind, Plan};
use chrono::NaiveDate;

/// A plan's own fields (its people and areas are edited separately).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanFields {
    pub title: String,
    pub organisation: String,
    /// What the plan answers, e.g. an Ofsted inspection.
    pub origin: String,
    pub origin_date: Option<NaiveDate>,
    pub reporting_date: Option<NaiveDate>,
    pub introduction: Option<String>,
}

/// An area's header: everything but its measures and actions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaFields {
    pub number: String,
    pub title: String,
    pub heading: Option<String>,
    pub issue: String,
    pub sources: Vec<String>,
    pub aims: Vec<String>,
    pub success_criteria: Vec<String>,
    /// References to the plan's people (initials or name).
    pub owners: Vec<String>,
    pub leads: Vec<String>,
}

/// An action's own fields (its status changes with a reason, through `change_status`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionFields {
    pub number: Option<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    /// References to the plan's people (initials or name).
    pub leads: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MilestoneFields {
    pub text: String,
    pub due: Option<NaiveDate>,
}

/// Someone (or a group) who can own areas and lead actions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPerson {
    pub name: String,
    pub initials: Option<String>,
    pub kind: PersonKind,
    /// Job title, e.g. "Head of Service".
    pub role: Option<String>,
}

fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::Invalid(message.into())
}

fn conflict(what: &'static str, id: i64, expected: i64, current: i64) -> StoreError {
    StoreError::Conflict {
        what,
        id,
        expected,
        current,
    }
}

fn blank_to_none(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The "before" and "after" of an edit: only the fields that changed, then the version.
fn diff(
    before: &[(&str, String)],
    after: &[(&str, String)],
    versions: (i64, i64),
) -> (String, String) {
    let mut b = Vec::new();
    let mut a = Vec::new();
    for ((name, old), (_, new)) in before.iter().zip(after) {
        if old != new {
            b.push(format!("{name}={old}"));
            a.push(format!("{name}={new}"));
        }
    }
    b.push(format!("version={}", versions.0));
    a.push(format!("version={}", versions.1));
    (b.join("; "), a.join("; "))
}

fn fields_text(fields: &[(&str, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The plan's rules for its own fields, as `assure_plan::check` applies them.
fn check_plan_fields(f: &PlanFields) -> Result<PlanFields, StoreError> {
    let plan = Plan {
        id: None,
        version: None,
        title: f.title.trim().to_string(),
        organisation: f.organisation.trim().to_string(),
        origin: f.origin.trim().to_string(),
        origin_date: f.origin_date,
        reporting_date: f.reporting_date,
        introduction: blank_to_none(&f.introduction),
        people: vec![],
        areas: vec![],
    };
    let plan = assure_plan::check(plan).map_err(|report| {
        invalid(
            report
                .problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    Ok(PlanFields {
        title: plan.title,
        organisation: plan.organisation,
        origin: plan.origin,
        origin_date: plan.origin_date,
        reporting_date: plan.reporting_date,
        introduction: plan.introduction,
    })
}

fn plan_fields_list(f: &PlanFields) -> Vec<(&'static str, String)> {
    vec![
        ("title", f.title.clone()),
        ("organisation", f.organisation.clone()),
        ("origin", f.origin.clone()),
        ("origin_date", date_text(f.origin_date)),
        ("reporting_date", date_text(f.reporting_date)),
        ("introduction", f.introduction.clone().unwrap_or_default()),
    ]
}

fn check_title(title: &str, what: &str) -> Result<String, StoreError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(invalid(format!("{what} needs a title")));
    }
    Ok(t.to_string())
}

/// One-line, non-blank items, as the plan format requires.
fn check_items(name: &str, items: &[String]) -> Result<Vec<String>, StoreError> {
    items
        .iter()
        .map(|i| {
            let t = i.trim();
            if t.is_empty() {
                Err(invalid(format!("{name}: an item cannot be blank")))
            } else if t.contains('\n') || t.contains('\r') {
                Err(invalid(format!(
                    "{name}: each item must be one line: make separate items instead of line breaks"
                )))
            } else {
                Ok(t.to_string())
            }
        })
        .collect()
}

fn check_area_fields(f: &AreaFields) -> Result<(AreaNumber, AreaFields), StoreError> {
    let number = AreaNumber::parse(&f.number).map_err(invalid)?;
    Ok((
        number.clone(),
        AreaFields {
            number: number.as_str().to_string(),
            title: check_title(&f.title, "an area")?,
            heading: blank_to_none(&f.heading),
            issue: f.issue.trim().to_string(),
            sources: check_items("sources", &f.sources)?,
            aims: check_items("aims", &f.aims)?,
            success_criteria: check_items("success criteria", &f.success_criteria)?,
            owners: f.owners.clone(),
            leads: f.leads.clone(),
        },
    ))
}

fn check_action_fields(f: &ActionFields) -> Result<ActionFields, StoreError> {
    let text = f.text.trim();
    if text.is_empty() {
        return Err(invalid("an action needs its text"));
    }
    Ok(ActionFields {
        number: blank_to_none(&f.number),
        text: text.to_string(),
        due: f.due,
        leads: f.leads.clone(),
    })
}

fn check_milestone_fields(f: &MilestoneFields) -> Result<MilestoneFields, StoreError> {
    let text = f.text.trim();
    if text.is_empty() {
        return Err(invalid("a milestone needs its text"));
    }
    Ok(MilestoneFields {
        text: text.to_string(),
        due: f.due,
    })
}

/// Resolves references to the plan's people: (person id, key) for each, or the unknown one named.
fn resolve(
    people: &[Person],
    field: &str,
    refs: &[String],
) -> Result<Vec<(i64, String)>, StoreError> {
    let mut out: Vec<(i64, String)> = Vec::new();
    for r in refs.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        let p = people::find(people, r).ok_or_else(|| {
            invalid(format!(
                "{field}: \"{r}\" is not the name or initials of anyone in the plan's people"
            ))
        })?;
        let id = p.id.unwrap_or_default();
        if !out.iter().any(|(i, _)| *i == id) {
            out.push((id, p.key().to_string()));
        }
    }
    Ok(out)
}

fn keys(resolved: &[(i64, String)]) -> String {
    resolved
        .iter()
        .map(|(_, k)| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

type PersonRow = (i64, String, Option<String>, String);

fn people_from(rows: Vec<PersonRow>) -> Vec<Person> {
    rows.into_iter()
        .map(|(id, name, initials, kind)| Person {
            id: Some(id),
            name,
            initials,
            kind: if kind == "group" {
                PersonKind::Group
            } else {
                PersonKind::Person
            },
            role: None,
        })
        .collect()
}

/// The plan's people, read with the given executor.
macro_rules! people_of {
    ($exec:expr, $plan_id:expr) => {
        people_from(
            sqlx::query_as::<_, PersonRow>(
                "SELECT id, name, initials, kind FROM people WHERE plan_id = $1 ORDER BY position",
            )
            .bind($plan_id)
            .fetch_all($exec)
            .await?,
        )
    };
}

/// The keys of the people linked to a row, in order, e.g. an action's leads.
macro_rules! linked_keys {
    ($exec:expr, $sql:expr, $id:expr) => {{
        let rows: Vec<(String, Option<String>)> =
            sqlx::query_as($sql).bind($id).fetch_all($exec).await?;
        rows.into_iter()
            .map(|(name, initials)| initials.unwrap_or(name))
            .collect::<Vec<_>>()
            .join(", ")
    }};
}

impl Store {
    /// Which plan an area belongs to.
    pub async fn plan_of_area(&self, area_id: i64) -> Result<i64, StoreError> {
        let id: Option<i64> = with_db!(self, pool => {
            sqlx::query_scalar("SELECT plan_id FROM areas WHERE id = $1").bind(area_id).fetch_optional(pool).await?
        });
        id.ok_or(StoreError::NotFound {
            what: "area",
            id: area_id,
        })
    }

    /// Starts a new, empty plan. Returns its id.
    pub async fn create_plan(&self, fields: &PlanFields, by: &str) -> Result<i64, StoreError> {
        let f = check_plan_fields(fields)?;
        let now = chrono::Utc::now();
        with_tx!(self, tx => {
            let plan_id: i64 = sqlx::query_scalar(
                "INSERT INTO plans (title, organisation, origin, origin_date, reporting_date, introduction, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(&f.title)
            .bind(&f.organisation)
            .bind(&f.origin)
            .bind(f.origin_date)
            .bind(f.reporting_date)
            .bind(&f.introduction)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let mut after = plan_fields_list(&f);
            after.push(("version", "1".into()));
            let event = AuditEvent::change(by, "plan.create", plan_id, None, Some(fields_text(&after)));
            record_audit!(&mut *tx, now, event);
            Ok::<i64, StoreError>(plan_id)
        })
    }

    /// Changes a plan's own fields. Returns the plan's new version.
    pub async fn update_plan(
        &self,
        plan_id: i64,
        expected_version: i64,
        fields: &PlanFields,
        by: &str,
    ) -> Result<i64, StoreError> {
        let f = check_plan_fields(fields)?;
        with_tx!(self, tx => {
            #[allow(clippy::type_complexity)]
            let row: Option<(String, String, String, Option<NaiveDate>, Option<NaiveDate>, Option<String>, i64)> = sqlx::query_as(
                "SELECT title, organisation, origin, origin_date, reporting_date, introduction, version FROM plans WHERE id = $1",
            )
            .bind(plan_id)
            .fetch_optional(&mut *tx)
            .await?;
            let (title, organisation, origin, origin_date, reporting_date, introduction, version) =
                row.ok_or(StoreError::NotFound { what: "plan", id: plan_id })?;
            if version != expected_version {
                return Err(conflict("plan", plan_id, expected_version, version));
            }
            let before = PlanFields { title, organisation, origin, origin_date, reporting_date, introduction };
            let updated = sqlx::query(
                "UPDATE plans SET title = $1, organisation = $2, origin = $3, origin_date = $4, reporting_date = $5,
                        introduction = $6, version = version + 1
                 WHERE id = $7 AND version = $8",
            )
            .bind(&f.title)
            .bind(&f.organisation)
            .bind(&f.origin)
            .bind(f.origin_date)
            .bind(f.reporting_date)
            .bind(&f.introduction)
            .bind(plan_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated != 1 {
                return Err(conflict("plan", plan_id, expected_version, version + 1));
            }
            let (b, a) = diff(&plan_fields_list(&before), &plan_fields_list(&f), (expected_version, expected_version + 1));
            let event = AuditEvent::change(by, "plan.update", plan_id, Some(b), Some(a));
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(expected_version + 1)
        })
    }

    /// Adds a person or group to a plan's people. Returns the person's id.
    pub async fn add_person(
        &self,
        plan_id: i64,
        person: &NewPerson,
        by: &str,
    ) -> Result<i64, StoreError> {
        let name = person.name.trim().to_string();
        if name.is_empty() {
            return Err(invalid("a person needs a name"));
        }
        let initials = blank_to_none(&person.initials);
        let role = blank_to_none(&person.role);
        with_tx!(self, tx => {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM plans WHERE id = $1")
                .bind(plan_id)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound { what: "plan", id: plan_id });
            }
            let existing = people_of!(&mut *tx, plan_id);
            if let Some(p) = existing.iter().find(|p| p.answers_to(&name)) {
                return Err(invalid(if p.name.eq_ignore_ascii_case(&name) {
                    format!("\"{name}\" is already in the plan's people")
                } else {
                    format!("\"{name}\" already means {} in this plan", p.name)
                }));
            }
            if let Some(i) = &initials {
                if let Some(p) = existing.iter().find(|p| p.answers_to(i)) {
                    return Err(invalid(format!("initials \"{i}\" already mean {} in this plan", p.name)));
                }
            }
            let position: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM people WHERE plan_id = $1")
                .bind(plan_id)
                .fetch_one(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO people (plan_id, position, name, initials, kind, role) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(plan_id)
            .bind(position)
            .bind(&name)
            .bind(&initials)
            .bind(person.kind.word())
            .bind(&role)
            .fetch_one(&mut *tx)
            .await?;
            let after = [
                ("plan", plan_id.to_string()),
                ("name", name.clone()),
                ("initials", initials.clone().unwrap_or_default()),
                ("kind", person.kind.word().to_string()),
                ("role", role.clone().unwrap_or_default()),
            ];
            let event = AuditEvent::change(by, "person.create", id, None, Some(fields_text(&after)));
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(id)
        })
    }

    /// Adds an area to the end of a plan, with a number not yet used in it. Returns its id.
    pub async fn add_area(
        &self,
        plan_id: i64,
        number: &str,
        title: &str,
        by: &str,
    ) -> Result<i64, StoreError> {
        let number = AreaNumber::parse(number).map_err(invalid)?;
        let title = check_title(title, "an area")?;
        with_tx!(self, tx => {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM plans WHERE id = $1")
                .bind(plan_id)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound { what: "plan", id: plan_id });
            }
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM areas WHERE plan_id = $1 AND number = $2")
                .bind(plan_id)
                .bind(number.as_str())
                .fetch_one(&mut *tx)
                .await?;
            if taken > 0 {
                return Err(invalid(format!("area number {number} is already used in this plan")));
            }
            let position: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM areas WHERE plan_id = $1")
                .bind(plan_id)
                .fetch_one(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO areas (plan_id, position, number, title, heading, issue) VALUES ($1, $2, $3, $4, NULL, '') RETURNING id",
            )
            .bind(plan_id)
            .bind(position)
            .bind(number.as_str())
            .bind(&title)
            .fetch_one(&mut *tx)
            .await?;
            let after = [("plan", plan_id.to_string()), ("number", number.to_string()), ("title", title.clone()), ("version", "1".into())];
            let event = AuditEvent::change(by, "area.create", id, None, Some(fields_text(&after)));
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(id)
        })
    }

    /// Changes an area's header: number, titles, issue, lists, owners and leads. Returns the
    /// area's new version.
    pub async fn update_area(
        &self,
        area_id: i64,
        expected_version: i64,
        fields: &AreaFields,
        by: &str,
    ) -> Result<i64, StoreError> {
        let (number, f) = check_area_fields(fields)?;
        with_tx!(self, tx => {
            #[allow(clippy::type_complexity)]
            let row: Option<(i64, String, String, Option<String>, String, i64)> = sqlx::query_as(
                "SELECT plan_id, number, title, heading, issue, version FROM areas WHERE id = $1",
            )
            .bind(area_id)
            .fetch_optional(&mut *tx)
            .await?;
            let (plan_id, old_number, old_title, old_heading, old_issue, version) =
                row.ok_or(StoreError::NotFound { what: "area", id: area_id })?;
            if version != expected_version {
                return Err(conflict("area", area_id, expected_version, version));
            }
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM areas WHERE plan_id = $1 AND number = $2 AND id <> $3")
                .bind(plan_id)
                .bind(number.as_str())
                .bind(area_id)
                .fetch_one(&mut *tx)
                .await?;
            if taken > 0 {
                return Err(invalid(format!("area number {number} is already used in this plan")));
            }
            let people = people_of!(&mut *tx, plan_id);
            let owners = resolve(&people, "owners", &f.owners)?;
            let leads = resolve(&people, "leads", &f.leads)?;
            let items: Vec<(String, String)> = sqlx::query_as("SELECT list, text FROM area_items WHERE area_id = $1 ORDER BY list, position")
                .bind(area_id)
                .fetch_all(&mut *tx)
                .await?;
            let list = |name: &str| items.iter().filter(|(l, _)| l == name).map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" | ");
            let old_owners = linked_keys!(&mut *tx, "SELECT p.name, p.initials FROM area_people l JOIN people p ON p.id = l.person_id WHERE l.area_id = $1 AND l.part = 'owner' ORDER BY l.position", area_id);
            let old_leads = linked_keys!(&mut *tx, "SELECT p.name, p.initials FROM area_people l JOIN people p ON p.id = l.person_id WHERE l.area_id = $1 AND l.part = 'lead' ORDER BY l.position", area_id);
            let before = vec![
                ("number", old_number),
                ("title", old_title),
                ("heading", old_heading.unwrap_or_default()),
                ("issue", old_issue),
                ("sources", list("source")),
                ("aims", list("aim")),
                ("success_criteria", list("success")),
                ("owners", old_owners),
                ("leads", old_leads),
            ];
            let after = vec![
                ("number", f.number.clone()),
                ("title", f.title.clone()),
                ("heading", f.heading.clone().unwrap_or_default()),
                ("issue", f.issue.clone()),
                ("sources", f.sources.join(" | ")),
                ("aims", f.aims.join(" | ")),
                ("success_criteria", f.success_criteria.join(" | ")),
                ("owners", keys(&owners)),
                ("leads", keys(&leads)),
            ];
            let updated = sqlx::query(
                "UPDATE areas SET number = $1, title = $2, heading = $3, issue = $4, version = version + 1
                 WHERE id = $5 AND version = $6",
            )
            .bind(&f.number)
            .bind(&f.title)
            .bind(&f.heading)
            .bind(&f.issue)
            .bind(area_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated != 1 {
                return Err(conflict("area", area_id, expected_version, version + 1));
            }
            sqlx::query("DELETE FROM area_items WHERE area_id = $1").bind(area_id).execute(&mut *tx).await?;
            for (list, values) in [("source", &f.sources), ("aim", &f.aims), ("success", &f.success_criteria)] {
                for (pos, text) in values.iter().enumerate() {
                    sqlx::query("INSERT INTO area_items (area_id, list, position, text) VALUES ($1, $2, $3, $4)")
                        .bind(area_id)
                        .bind(list)
                        .bind(pos as i64)
                        .bind(text)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            sqlx::query("DELETE FROM area_people WHERE area_id = $1").bind(area_id).execute(&mut *tx).await?;
            for (part, refs) in [("owner", &owners), ("lead", &leads)] {
                for (pos, (person_id, _)) in refs.iter().enumerate() {
                    sqlx::query("INSERT INTO area_people (area_id, part, position, person_id) VALUES ($1, $2, $3, $4)")
                        .bind(area_id)
                        .bind(part)
                        .bind(pos as i64)
                        .bind(person_id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            let (b, a) = diff(&before, &after, (expected_version, expected_version + 1));
            let event = AuditEvent::change(by, "area.update", area_id, Some(b), Some(a));
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(expected_version + 1)
        })
    }

    /// Adds an action (not yet rated) to the end of an area. Returns its id.
    pub async fn add_action(
        &self,
        area_id: i64,
        fields: &ActionFields,
        by: &str,
    ) -> Result<i64, StoreError> {
        let f = check_action_fields(fields)?;
        with_tx!(self, tx => {
            let plan_id: Option<i64> = sqlx::query_scalar("SELECT plan_id FROM areas WHERE id = $1")
                .bind(area_id)
                .fetch_optional(&mut *tx)
                .await?;
            let plan_id = plan_id.ok_or(StoreError::NotFound { what: "area", id: area_id })?;
            let people = people_of!(&mut *tx, plan_id);
            let leads = resolve(&people, "leads", &f.leads)?;
            let position: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM actions WHERE area_id = $1")
                .bind(area_id)
                .fetch_one(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO actions (area_id, position, number, text, status, due) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(area_id)
            .bind(position)
            .bind(&f.number)
            .bind(&f.text)
            .bind(assure_plan::Status::NotRated.slug())
            .bind(f.due)
            .fetch_one(&mut *tx)
            .await?;
            for (pos, (person_id, _)) in leads.iter().enumerate() {
                sqlx::query("INSERT INTO action_leads (action_id, position, person_id) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(pos as i64)
                    .bind(person_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let after = [
                ("area", area_id.to_string()),
                ("number", f.number.clone().unwrap_or_default()),
                ("text", f.text.clone()),
                ("due", date_text(f.due)),
                ("leads", keys(&leads)),
                ("version", "1".into()),
            ];
            let event = AuditEvent::change(by, "action.create", id, None, Some(fields_text(&after)));
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(id)
        })
    }

    /// Changes an action's number, text, due date and leads. Returns its new version.
    pub async fn update_action(
        &self,
        action_id: i64,
        expected_version: i64,
        fields: &ActionFields,
        by: &str,
    ) -> Result<i64, StoreError> {
        let f = check_action_fields(fields)?;
        with_tx!(self, tx => {
            #[allow(clippy::type_complexity)]
            let row: Option<(i64, Option<String>, String, Option<NaiveDate>, i64)> = sqlx::query_as(
                "SELECT a.plan_id, x.number, x.text, x.due, x.version FROM actions x JOIN areas a ON a.id = x.area_id WHERE x.id = $1",
            )
            .bind(action_id)
            .fetch_optional(&mut *tx)
            .await?;
            let (plan_id, old_number, old_text, old_due, version) =
                row.ok_or(StoreError::NotFound { what: "action", id: action_id })?;
            if version != expected_version {
                return Err(conflict("action", action_id, expected_version, version));
            }
            let people = people_of!(&mut *tx, plan_id);
            let leads = resolve(&people, "leads", &f.leads)?;
            let old_leads = linked_keys!(&mut *tx, "SELECT p.name, p.initials FROM action_leads l JOIN people p ON p.id = l.person_id WHERE l.action_id = $1 ORDER BY l.position", action_id);
            let updated = sqlx::query(
                "UPDATE actions SET number = $1, text = $2, due = $3, version = version + 1 WHERE id = $4 AND version = $5",
            )
            .bind(&f.number)
            .bind(&f.text)
            .bind(f.due)
            .bind(action_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated != 1 {
                return Err(conflict("action", action_id, expected_version, version + 1));
            }
            sqlx::query("DELETE FROM action_leads WHERE action_id = $1").bind(action_id).execute(&mut *tx).await?;
            for (pos, (person_id, _)) in leads.iter().enumerate() {
                sqlx::query("INSERT INTO action_leads (action_id, position, person_id) VALUES ($1, $2, $3)")
                    .bind(action_id)
                    .bind(pos as i64)
                    .bind(person_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let before = [
                ("number", old_number.unwrap_or_default()),
                ("text", old_text),
                ("due", date_text(old_due)),
                ("leads", old_leads),
            ];
            let after = [
                ("number", f.number.clone().unwrap_or_default()),
                ("text", f.text.clone()),
                ("due", date_text(f.due)),
                ("leads", keys(&leads)),
            ];
            let (b, a) = diff(&before, &after, (expected_version, expected_version + 1));
            let event = AuditEvent::change(by, "action.update", action_id, Some(b), Some(a));
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(expected_version + 1)
        })
    }

    /// Adds a milestone to the end of an action's milestones. The action's version is
    /// checked and goes up, so two people adding to one action each see the other's.
    /// Returns the milestone's id and the action's new version.
    pub async fn add_milestone(
        &self,
        action_id: i64,
        expected_action_version: i64,
        fields: &MilestoneFields,
        by: &str,
    ) -> Result<(i64, i64), StoreError> {
        let f = check_milestone_fields(fields)?;
        with_tx!(self, tx => {
            let version: Option<i64> = sqlx::query_scalar("SELECT version FROM actions WHERE id = $1")
                .bind(action_id)
                .fetch_optional(&mut *tx)
                .await?;
            let version = version.ok_or(StoreError::NotFound { what: "action", id: action_id })?;
            if version != expected_action_version {
                return Err(conflict("action", action_id, expected_action_version, version));
            }
            let updated = sqlx::query("UPDATE actions SET version = version + 1 WHERE id = $1 AND version = $2")
                .bind(action_id)
                .bind(expected_action_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated != 1 {
                return Err(conflict("action", action_id, expected_action_version, version + 1));
            }
            let position: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM milestones WHERE action_id = $1")
                .bind(action_id)
                .fetch_one(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO milestones (action_id, position, text, due, completed) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(action_id)
            .bind(position)
            .bind(&f.text)
            .bind(f.due)
            .bind(false)
            .fetch_one(&mut *tx)
            .await?;
            let after = [
                ("action", action_id.to_string()),
                ("text", f.text.clone()),
                ("due", date_text(f.due)),
                ("version", "1".into()),
                ("action_version", (expected_action_version + 1).to_string()),
            ];
            let event = AuditEvent {
                actor: by.to_string(),
                action: "milestone.create".into(),
                object_type: "milestone".into(),
                object_id: Some(id.to_string()),
                before: Some(format!("action_version={expected_action_version}")),
                after: Some(fields_text(&after)),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<(i64, i64), StoreError>((id, expected_action_version + 1))
        })
    }

    /// Changes a milestone's text and due date. Returns its new version.
    pub async fn update_milestone(
        &self,
        milestone_id: i64,
        expected_version: i64,
        fields: &MilestoneFields,
        by: &str,
    ) -> Result<i64, StoreError> {
        let f = check_milestone_fields(fields)?;
        with_tx!(self, tx => {
            let row: Option<(String, Option<NaiveDate>, i64)> = sqlx::query_as("SELECT text, due, version FROM milestones WHERE id = $1")
                .bind(milestone_id)
                .fetch_optional(&mut *tx)
                .await?;
            let (old_text, old_due, version) = row.ok_or(StoreError::NotFound { what: "milestone", id: milestone_id })?;
            if version != expected_version {
                return Err(conflict("milestone", milestone_id, expected_version, version));
            }
            let updated = sqlx::query("UPDATE milestones SET text = $1, due = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(&f.text)
                .bind(f.due)
                .bind(milestone_id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated != 1 {
                return Err(conflict("milestone", milestone_id, expected_version, version + 1));
            }
            let (b, a) = diff(
                &[("text", old_text), ("due", date_text(old_due))],
                &[("text", f.text.clone()), ("due", date_text(f.due))],
                (expected_version, expected_version + 1),
            );
            let event = AuditEvent::change(by, "milestone.update", milestone_id, Some(b), Some(a));
            record_audit!(&mut *tx, chrono::Utc::now(), event);
            Ok::<i64, StoreError>(expected_version + 1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_diff_names_only_what_changed() {
        let (b, a) = diff(
            &[("title", "Old".into()), ("due", "".into())],
            &[("title", "New".into()), ("due", "".into())],
            (3, 4),
        );
        assert_eq!(b, "title=Old; version=3");
        assert_eq!(a, "title=New; version=4");
    }

    #[test]
    fn list_items_must_be_single_non_blank_lines() {
        assert!(check_items("aims", &["One".into(), " Two ".into()]).is_ok());
        assert!(check_items("aims", &[" ".into()]).is_err());
        assert!(check_items("aims", &["a\nb".into()]).is_err());
    }
}
