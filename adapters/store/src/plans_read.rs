//! Reading plans back: a handful of queries per plan, assembled in Rust.

use crate::{with_db, Store, StoreError};
use assure_plan::{
    Action, Area, AreaNumber, Baseline, Direction, Evaluation, Measure, Milestone, Person,
    PersonKind, Plan, Status, StatusChange,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSummary {
    pub id: i64,
    pub title: String,
    pub organisation: String,
    pub version: i64,
    pub areas: i64,
    pub actions: i64,
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    title: String,
    organisation: String,
    origin: String,
    origin_date: Option<NaiveDate>,
    reporting_date: Option<NaiveDate>,
    introduction: Option<String>,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    name: String,
    initials: Option<String>,
    kind: String,
    role: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AreaRow {
    id: i64,
    number: String,
    title: String,
    heading: Option<String>,
    issue: String,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    area_id: i64,
    list: String,
    text: String,
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    owner_id: i64,
    part: String,
    person_id: i64,
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    area_id: i64,
    number: Option<String>,
    text: String,
    status: String,
    due: Option<NaiveDate>,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    id: i64,
    action_id: i64,
    text: String,
    due: Option<NaiveDate>,
    completed: bool,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct EvaluationRow {
    id: i64,
    action_id: i64,
    entry_date: Option<NaiveDate>,
    text: String,
}

#[derive(sqlx::FromRow)]
struct MeasureRow {
    id: i64,
    area_id: i64,
    criterion: String,
    indicator: String,
    baseline_value: Option<f64>,
    baseline_date: Option<NaiveDate>,
    target: f64,
    direction: String,
    tolerance: f64,
    status: String,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    action_id: i64,
    changed_at: DateTime<Utc>,
    changed_by: String,
    from_status: String,
    to_status: String,
    reason: String,
}

fn status(slug: &str) -> Result<Status, StoreError> {
    Status::from_slug(slug)
        .ok_or_else(|| StoreError::Invalid(format!("unknown status \"{slug}\" in the database")))
}

impl Store {
    pub async fn list_plans(&self) -> Result<Vec<PlanSummary>, StoreError> {
        let rows: Vec<(i64, String, String, i64, i64, i64)> = with_db!(self, pool => {
            sqlx::query_as(
                "SELECT p.id, p.title, p.organisation, p.version,
                        (SELECT COUNT(*) FROM areas a WHERE a.plan_id = p.id),
                        (SELECT COUNT(*) FROM actions x JOIN areas a ON a.id = x.area_id WHERE a.plan_id = p.id)
                 FROM plans p ORDER BY p.id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, title, organisation, version, areas, actions)| PlanSummary {
                    id,
                    title,
                    organisation,
                    version,
                    areas,
                    actions,
                },
            )
            .collect())
    }

    /// The first plan, which is what a single-plan deployment shows by default.
    pub async fn first_plan_id(&self) -> Result<Option<i64>, StoreError> {
        Ok(
            with_db!(self, pool => sqlx::query_scalar("SELECT MIN(id) FROM plans").fetch_one(pool).await?),
        )
    }

    /// Loads a whole plan with ids, versions and status history.
    pub async fn load_plan(&self, id: i64) -> Result<Plan, StoreError> {
        with_db!(self, pool => {
            let plan: Option<PlanRow> = sqlx::query_as(
                "SELECT id, title, organisation, origin, origin_date, reporting_date, introduction, version FROM plans WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            let plan = plan.ok_or(StoreError::NotFound { what: "plan", id })?;
            let people: Vec<PersonRow> = sqlx::query_as(
                "SELECT id, name, initials, kind, role FROM people WHERE plan_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let areas: Vec<AreaRow> = sqlx::query_as(
                "SELECT id, number, title, heading, issue, version FROM areas WHERE plan_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let items: Vec<ItemRow> = sqlx::query_as(
                "SELECT i.area_id, i.list, i.text FROM area_items i JOIN areas a ON a.id = i.area_id
                 WHERE a.plan_id = $1 ORDER BY i.area_id, i.list, i.position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let area_links: Vec<LinkRow> = sqlx::query_as(
                "SELECT l.area_id AS owner_id, l.part, l.person_id FROM area_people l JOIN areas a ON a.id = l.area_id
                 WHERE a.plan_id = $1 ORDER BY l.area_id, l.part, l.position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let actions: Vec<ActionRow> = sqlx::query_as(
                "SELECT x.id, x.area_id, x.number, x.text, x.status, x.due, x.version FROM actions x
                 JOIN areas a ON a.id = x.area_id WHERE a.plan_id = $1 ORDER BY x.area_id, x.position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let action_links: Vec<LinkRow> = sqlx::query_as(
                "SELECT l.action_id AS owner_id, 'lead' AS part, l.person_id FROM action_leads l
                 JOIN actions x ON x.id = l.action_id JOIN areas a ON a.id = x.area_id
                 WHERE a.plan_id = $1 ORDER BY l.action_id, l.position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let milestones: Vec<MilestoneRow> = sqlx::query_as(
                "SELECT m.id, m.action_id, m.text, m.due, m.completed, m.version FROM milestones m
                 JOIN actions x ON x.id = m.action_id JOIN areas a ON a.id = x.area_id
                 WHERE a.plan_id = $1 ORDER BY m.action_id, m.position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let evaluations: Vec<EvaluationRow> = sqlx::query_as(
                "SELECT e.id, e.action_id, e.entry_date, e.text FROM evaluations e
                 JOIN actions x ON x.id = e.action_id JOIN areas a ON a.id = x.area_id
                 WHERE a.plan_id = $1 ORDER BY e.action_id, e.position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let changes: Vec<ChangeRow> = sqlx::query_as(
                "SELECT c.action_id, c.changed_at, c.changed_by, c.from_status, c.to_status, c.reason FROM status_changes c
                 JOIN actions x ON x.id = c.action_id JOIN areas a ON a.id = x.area_id
                 WHERE a.plan_id = $1 ORDER BY c.action_id, c.id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let measures: Vec<MeasureRow> = sqlx::query_as(
                "SELECT m.id, m.area_id, m.criterion, m.indicator, m.baseline_value, m.baseline_date, m.target,
                        m.direction, m.tolerance, m.status, m.version
                 FROM measures m JOIN areas a ON a.id = m.area_id WHERE a.plan_id = $1 ORDER BY m.area_id, m.position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let measure_changes: Vec<ChangeRow> = sqlx::query_as(
                "SELECT c.measure_id AS action_id, c.changed_at, c.changed_by, c.from_status, c.to_status, c.reason
                 FROM measure_status_changes c JOIN measures m ON m.id = c.measure_id JOIN areas a ON a.id = m.area_id
                 WHERE a.plan_id = $1 ORDER BY c.measure_id, c.id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let mut plan = assemble(plan, people, areas, items, area_links, actions, action_links, milestones, evaluations, changes)?;
            attach_measures(&mut plan, measures, measure_changes)?;
            Ok(plan)
        })
    }

    /// Which plan an action belongs to.
    pub async fn plan_of_action(&self, action_id: i64) -> Result<i64, StoreError> {
        let id: Option<i64> = with_db!(self, pool => {
            sqlx::query_scalar("SELECT a.plan_id FROM actions x JOIN areas a ON a.id = x.area_id WHERE x.id = $1")
                .bind(action_id)
                .fetch_optional(pool)
                .await?
        });
        id.ok_or(StoreError::NotFound {
            what: "action",
            id: action_id,
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    plan: PlanRow,
    people: Vec<PersonRow>,
    areas: Vec<AreaRow>,
    items: Vec<ItemRow>,
    area_links: Vec<LinkRow>,
    actions: Vec<ActionRow>,
    action_links: Vec<LinkRow>,
    milestones: Vec<MilestoneRow>,
    evaluations: Vec<EvaluationRow>,
    changes: Vec<ChangeRow>,
) -> Result<Plan, StoreError> {
    let people: Vec<Person> = people
        .into_iter()
        .map(|p| Person {
            id: Some(p.id),
            name: p.name,
            initials: p.initials,
            kind: if p.kind == "group" {
                PersonKind::Group
            } else {
                PersonKind::Person
            },
            role: p.role,
        })
        .collect();
    let key_of: HashMap<i64, String> = people
        .iter()
        .map(|p| (p.id.unwrap_or(0), p.key().to_string()))
        .collect();
    let key = |id: i64| key_of.get(&id).cloned().unwrap_or_default();

    let mut milestones_by: HashMap<i64, Vec<Milestone>> = HashMap::new();
    for m in milestones {
        milestones_by
            .entry(m.action_id)
            .or_default()
            .push(Milestone {
                id: Some(m.id),
                version: Some(m.version),
                text: m.text,
                due: m.due,
                completed: m.completed,
            });
    }
    let mut evaluations_by: HashMap<i64, Vec<Evaluation>> = HashMap::new();
    for e in evaluations {
        evaluations_by
            .entry(e.action_id)
            .or_default()
            .push(Evaluation {
                id: Some(e.id),
                date: e.entry_date,
                text: e.text,
            });
    }
    let mut history_by: HashMap<i64, Vec<StatusChange>> = HashMap::new();
    for c in changes {
        history_by
            .entry(c.action_id)
            .or_default()
            .push(StatusChange {
                at: c.changed_at,
                by: c.changed_by,
                from: status(&c.from_status)?,
                to: status(&c.to_status)?,
                reason: c.reason,
            });
    }
    let mut leads_by: HashMap<i64, Vec<String>> = HashMap::new();
    for l in action_links {
        leads_by
            .entry(l.owner_id)
            .or_default()
            .push(key(l.person_id));
    }
    let mut actions_by: HashMap<i64, Vec<Action>> = HashMap::new();
    for x in actions {
        actions_by.entry(x.area_id).or_default().push(Action {
            id: Some(x.id),
            version: Some(x.version),
            number: x.number,
            text: x.text,
            status: status(&x.status)?,
            leads: leads_by.remove(&x.id).unwrap_or_default(),
            due: x.due,
            milestones: milestones_by.remove(&x.id).unwrap_or_default(),
            evaluations: evaluations_by.remove(&x.id).unwrap_or_default(),
            history: history_by.remove(&x.id).unwrap_or_default(),
        });
    }
    let mut lists: HashMap<(i64, String), Vec<String>> = HashMap::new();
    for i in items {
        lists.entry((i.area_id, i.list)).or_default().push(i.text);
    }
    for l in area_links {
        lists
            .entry((l.owner_id, l.part))
            .or_default()
            .push(key(l.person_id));
    }
    let mut take =
        |area: i64, list: &str| lists.remove(&(area, list.to_string())).unwrap_or_default();
    let areas = areas
        .into_iter()
        .map(|a| {
            Ok(Area {
                id: Some(a.id),
                version: Some(a.version),
                number: AreaNumber::parse(&a.number).map_err(StoreError::Invalid)?,
                title: a.title,
                heading: a.heading,
                issue: a.issue,
                sources: take(a.id, "source"),
                aims: take(a.id, "aim"),
                success_criteria: take(a.id, "success"),
                owners: take(a.id, "owner"),
                leads: take(a.id, "lead"),
                measures: vec![],
                actions: actions_by.remove(&a.id).unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Plan {
        id: Some(plan.id),
        version: Some(plan.version),
        title: plan.title,
        organisation: plan.organisation,
        origin: plan.origin,
        origin_date: plan.origin_date,
        reporting_date: plan.reporting_date,
        introduction: plan.introduction,
        people,
        areas,
    })
}

fn attach_measures(
    plan: &mut Plan,
    measures: Vec<MeasureRow>,
    changes: Vec<ChangeRow>,
) -> Result<(), StoreError> {
    let mut history: HashMap<i64, Vec<StatusChange>> = HashMap::new();
    for c in changes {
        history.entry(c.action_id).or_default().push(StatusChange {
            at: c.changed_at,
            by: c.changed_by,
            from: status(&c.from_status)?,
            to: status(&c.to_status)?,
            reason: c.reason,
        });
    }
    for m in measures {
        let area = plan
            .areas
            .iter_mut()
            .find(|a| a.id == Some(m.area_id))
            .ok_or_else(|| {
                StoreError::Invalid(format!("measure {} belongs to no area of the plan", m.id))
            })?;
        let direction = match m.direction.as_str() {
            "higher_is_better" => Direction::HigherIsBetter,
            _ => Direction::LowerIsBetter,
        };
        area.measures.push(Measure {
            id: Some(m.id),
            version: Some(m.version),
            criterion: m.criterion,
            indicator: m.indicator,
            baseline: m
                .baseline_value
                .zip(m.baseline_date)
                .map(|(value, date)| Baseline { value, date }),
            target: m.target,
            direction,
            tolerance: m.tolerance,
            status: status(&m.status)?,
            history: history.remove(&m.id).unwrap_or_default(),
        });
    }
    Ok(())
}

impl Store {
    /// Which action a milestone belongs to.
    pub async fn action_of_milestone(&self, milestone_id: i64) -> Result<i64, StoreError> {
        let id: Option<i64> = with_db!(self, pool => {
            sqlx::query_scalar("SELECT action_id FROM milestones WHERE id = $1").bind(milestone_id).fetch_optional(pool).await?
        });
        id.ok_or(StoreError::NotFound {
            what: "milestone",
            id: milestone_id,
        })
    }
}
