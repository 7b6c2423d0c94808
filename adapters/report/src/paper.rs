//! The board paper's view of a plan: everything a reader sees, worked out once.

use crate::dates::long_date;
use assure_plan::{people, Action, Area, Plan, Status, StatusCounts};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub word: &'static str,
    pub symbol: &'static str,
    pub slug: &'static str,
    pub meaning: &'static str,
}

impl From<Status> for StatusView {
    fn from(s: Status) -> Self {
        StatusView {
            word: s.word(),
            symbol: s.symbol(),
            slug: s.slug(),
            meaning: s.meaning(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BoardPaper {
    pub plan_id: Option<i64>,
    pub title: String,
    pub organisation: String,
    pub origin: String,
    pub origin_date: Option<String>,
    pub reporting_date: Option<String>,
    pub introduction: Option<String>,
    pub as_at: String,
    pub as_at_iso: String,
    pub legend: Vec<StatusView>,
    pub counts: StatusCounts,
    pub areas: Vec<AreaView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    pub id: Option<i64>,
    pub number: String,
    pub title: String,
    pub heading: String,
    pub issue: String,
    pub sources: Vec<String>,
    pub aims: Vec<String>,
    pub success_criteria: Vec<String>,
    /// Full names, as the plan's summary table prints them.
    pub owners: String,
    pub leads: String,
    pub counts: StatusCounts,
    pub actions: Vec<ActionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub id: Option<i64>,
    pub version: Option<i64>,
    pub number: String,
    pub text: String,
    pub status: StatusView,
    /// Initials, as the actions table prints them.
    pub leads: String,
    pub due: Option<String>,
    pub overdue: bool,
    pub milestones: Vec<MilestoneView>,
    pub evaluations: Vec<EvaluationView>,
    pub history: Vec<ChangeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    pub text: String,
    pub due: Option<String>,
    pub completed: bool,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationView {
    pub date: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub at: String,
    pub by: String,
    pub from: StatusView,
    pub to: StatusView,
    pub reason: String,
}

impl BoardPaper {
    pub fn new(plan: &Plan, as_at: NaiveDate) -> BoardPaper {
        BoardPaper {
            plan_id: plan.id,
            title: plan.title.clone(),
            organisation: plan.organisation.clone(),
            origin: plan.origin.clone(),
            origin_date: plan.origin_date.map(long_date),
            reporting_date: plan.reporting_date.map(long_date),
            introduction: plan.introduction.clone(),
            as_at: long_date(as_at),
            as_at_iso: as_at.to_string(),
            legend: Status::ALL.into_iter().map(StatusView::from).collect(),
            counts: StatusCounts::of_plan(plan, as_at),
            areas: plan
                .areas
                .iter()
                .map(|a| AreaView::new(plan, a, as_at))
                .collect(),
        }
    }

    pub fn area(&self, number: &str) -> Option<&AreaView> {
        self.areas.iter().find(|a| a.number == number)
    }
}

impl AreaView {
    pub fn new(plan: &Plan, area: &Area, as_at: NaiveDate) -> AreaView {
        AreaView {
            id: area.id,
            number: area.number.to_string(),
            title: area.title.clone(),
            heading: area.heading.clone().unwrap_or_else(|| area.title.clone()),
            issue: area.issue.clone(),
            sources: area.sources.clone(),
            aims: area.aims.clone(),
            success_criteria: area.success_criteria.clone(),
            owners: full_names(plan, &area.owners),
            leads: full_names(plan, &area.leads),
            counts: StatusCounts::of_area(area, as_at),
            actions: area
                .actions
                .iter()
                .map(|x| ActionView::new(x, as_at))
                .collect(),
        }
    }
}

impl ActionView {
    pub fn new(action: &Action, as_at: NaiveDate) -> ActionView {
        ActionView {
            id: action.id,
            version: action.version,
            number: action.number_label().to_string(),
            text: action.text.clone(),
            status: action.status.into(),
            leads: action.leads.join(", "),
            due: action.due.map(long_date),
            overdue: action.is_overdue(as_at),
            milestones: action
                .milestones
                .iter()
                .map(|m| MilestoneView {
                    text: m.text.clone(),
                    due: m.due.map(long_date),
                    completed: m.completed,
                    overdue: m.is_overdue(action.status, as_at),
                })
                .collect(),
            evaluations: action
                .evaluations
                .iter()
                .map(|e| EvaluationView {
                    date: e.date.map(long_date),
                    text: e.text.clone(),
                })
                .collect(),
            history: action
                .history
                .iter()
                .map(|h| ChangeView {
                    at: format!(
                        "{} {}",
                        long_date(h.at.date_naive()),
                        h.at.format("%H:%M UTC")
                    ),
                    by: h.by.clone(),
                    from: h.from.into(),
                    to: h.to.into(),
                    reason: h.reason.clone(),
                })
                .collect(),
        }
    }
}

/// "Andy Whippey / Ellen Jones": references resolved to names, as the seed's Table 1 has them.
fn full_names(plan: &Plan, refs: &[String]) -> String {
    refs.iter()
        .map(|r| people::find(&plan.people, r).map_or(r.as_str(), |p| p.name.as_str()))
        .collect::<Vec<_>>()
        .join(" / ")
}
