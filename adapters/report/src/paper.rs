//! The board paper's view of a plan: everything a reader sees, worked out once.

use crate::dates::long_date;
use assure_plan::{people, Action, Area, Measure, Plan, Status, StatusChange, StatusCounts};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// Measurable success criteria linked to indicators, with what the evidence says.
    pub measures: Vec<MeasureView>,
    pub actions: Vec<ActionView>,
}

/// What the evidence says about one measure, worked out by the caller (the paper reads no
/// data itself). Keyed by measure id in [`BoardPaper::with_evidence`].
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureEvidence {
    /// The indicator's latest value: a percentage or a count.
    pub value: Option<f64>,
    pub numerator: u64,
    /// `None` for counts.
    pub denominator: Option<u64>,
    pub unit_percent: bool,
    pub indicator_name: String,
    /// Where the value comes from, in words: the dataset's name and the period.
    pub source: Option<String>,
    /// The status the evidence suggests (Not rated when there is no value).
    pub suggested: Status,
    /// Anything the reader should know, e.g. "no dataset holds early help episodes".
    pub note: Option<String>,
}

/// One measure as the board reads it: baseline, latest value with its n, target, and the
/// suggested status beside the one the lead chose.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    pub id: Option<i64>,
    pub version: Option<i64>,
    pub criterion: String,
    /// The indicator's catalogue id, e.g. `s47_to_icpc_pct`.
    pub indicator: String,
    pub indicator_name: String,
    /// E.g. "57.1% on 31 July 2010".
    pub baseline: Option<String>,
    /// E.g. "56.9%"; `None` when there is no value.
    pub latest: Option<String>,
    /// E.g. "380 of 668" (percentages only).
    pub n: Option<String>,
    /// E.g. "57.0%".
    pub target: String,
    /// "higher is better" or "lower is better".
    pub direction: &'static str,
    /// E.g. "5.0 percentage points".
    pub tolerance: String,
    pub suggested: StatusView,
    pub chosen: StatusView,
    /// The chosen status is the suggested one.
    pub agrees: bool,
    /// A plain-English line when the chosen status differs from the suggested one.
    pub disagreement: Option<String>,
    /// The dataset and period the latest value comes from.
    pub source: Option<String>,
    pub note: Option<String>,
    pub history: Vec<ChangeView>,
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
    /// The paper without evidence: measures are listed with "no data".
    pub fn new(plan: &Plan, as_at: NaiveDate) -> BoardPaper {
        BoardPaper::with_evidence(plan, as_at, &BTreeMap::new())
    }

    /// The paper with each measure's evidence (keyed by measure id) beside its chosen status.
    pub fn with_evidence(
        plan: &Plan,
        as_at: NaiveDate,
        evidence: &BTreeMap<i64, MeasureEvidence>,
    ) -> BoardPaper {
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
                .map(|a| AreaView::with_evidence(plan, a, as_at, evidence))
                .collect(),
        }
    }

    pub fn area(&self, number: &str) -> Option<&AreaView> {
        self.areas.iter().find(|a| a.number == number)
    }
}

impl AreaView {
    pub fn new(plan: &Plan, area: &Area, as_at: NaiveDate) -> AreaView {
        AreaView::with_evidence(plan, area, as_at, &BTreeMap::new())
    }

    pub fn with_evidence(
        plan: &Plan,
        area: &Area,
        as_at: NaiveDate,
        evidence: &BTreeMap<i64, MeasureEvidence>,
    ) -> AreaView {
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
            measures: area
                .measures
                .iter()
                .map(|m| MeasureView::new(m, m.id.and_then(|id| evidence.get(&id))))
                .collect(),
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
            history: action.history.iter().map(ChangeView::from).collect(),
        }
    }
}

impl From<&StatusChange> for ChangeView {
    fn from(h: &StatusChange) -> Self {
        ChangeView {
            at: format!(
                "{} {}",
                long_date(h.at.date_naive()),
                h.at.format("%H:%M UTC")
            ),
            by: h.by.clone(),
            from: h.from.into(),
            to: h.to.into(),
            reason: h.reason.clone(),
        }
    }
}

impl MeasureView {
    /// A measure with its evidence, or with "no data" when there is none.
    pub fn new(m: &Measure, evidence: Option<&MeasureEvidence>) -> MeasureView {
        // Without evidence the catalogue's naming convention tells percentages apart.
        let percent = evidence.map_or(m.indicator.ends_with("_pct"), |e| e.unit_percent);
        let suggested = evidence.map_or(Status::NotRated, |e| e.suggested);
        let latest = evidence
            .and_then(|e| e.value)
            .map(|v| value_text(v, percent));
        let n = evidence.and_then(|e| {
            e.value?;
            e.denominator.map(|d| {
                format!(
                    "{} of {}",
                    thousands(e.numerator as f64),
                    thousands(d as f64)
                )
            })
        });
        let note = match evidence {
            Some(e) => e.note.clone(),
            None => Some("No data: no evidence was computed for this measure.".to_string()),
        };
        MeasureView {
            id: m.id,
            version: m.version,
            criterion: m.criterion.clone(),
            indicator: m.indicator.clone(),
            indicator_name: evidence
                .map_or_else(|| m.indicator.clone(), |e| e.indicator_name.clone()),
            baseline: m
                .baseline
                .map(|b| format!("{} on {}", value_text(b.value, percent), long_date(b.date))),
            latest,
            n,
            target: value_text(m.target, percent),
            direction: m.direction.words(),
            tolerance: if percent {
                format!("{:.1} percentage points", m.tolerance.abs())
            } else {
                thousands(m.tolerance.abs())
            },
            suggested: suggested.into(),
            chosen: m.status.into(),
            agrees: m.status == suggested,
            disagreement: disagreement(m, suggested),
            source: evidence.and_then(|e| e.source.clone()),
            note,
            history: m.history.iter().map(ChangeView::from).collect(),
        }
    }
}

/// The plain-English line shown when the chosen status is not the suggested one.
fn disagreement(m: &Measure, suggested: Status) -> Option<String> {
    let chosen = m.status;
    if chosen == suggested {
        return None;
    }
    if chosen == Status::NotRated {
        return Some(format!(
            "No status has been chosen yet; the evidence suggests {}.",
            suggested.word()
        ));
    }
    let reason = m
        .history
        .last()
        .filter(|h| h.to == chosen)
        .map(|h| format!(" Reason given: {}", h.reason))
        .unwrap_or_default();
    if suggested == Status::NotRated {
        return Some(format!(
            "The lead chose {} without evidence to suggest a status.{reason}",
            chosen.word()
        ));
    }
    Some(format!(
        "The lead chose {} where the evidence suggests {}.{reason}",
        chosen.word(),
        suggested.word()
    ))
}

/// A percentage to one decimal place ("56.9%"), or a count ("1,200").
pub fn value_text(v: f64, percent: bool) -> String {
    if percent {
        format!("{v:.1}%")
    } else {
        thousands(v)
    }
}

/// "1,200"; a count that is not whole keeps one decimal place.
fn thousands(v: f64) -> String {
    if v.fract() != 0.0 {
        return format!("{v:.1}");
    }
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// "Andy Whippey / Ellen Jones": references resolved to names, as the seed's Table 1 has them.
fn full_names(plan: &Plan, refs: &[String]) -> String {
    refs.iter()
        .map(|r| people::find(&plan.people, r).map_or(r.as_str(), |p| p.name.as_str()))
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_plan::{Baseline, Direction};

    fn measure(status: Status) -> Measure {
        Measure {
            id: Some(7),
            version: Some(1),
            criterion: "57% of section 47 enquiries led to an ICPC".into(),
            indicator: "s47_to_icpc_pct".into(),
            baseline: Some(Baseline {
                value: 57.1,
                date: "2010-07-31".parse().unwrap(),
            }),
            target: 57.0,
            direction: Direction::HigherIsBetter,
            tolerance: 5.0,
            status,
            history: vec![],
        }
    }

    fn evidence() -> MeasureEvidence {
        MeasureEvidence {
            value: Some(56.9),
            numerator: 380,
            denominator: Some(668),
            unit_percent: true,
            indicator_name: "Section 47 enquiries leading to an ICPC".into(),
            source: Some("Census 2009-10, 1 April 2009 to 31 March 2010".into()),
            suggested: Status::Amber,
            note: None,
        }
    }

    #[test]
    fn a_measure_with_evidence_reads_in_words() {
        let v = MeasureView::new(&measure(Status::Amber), Some(&evidence()));
        assert_eq!(v.baseline.as_deref(), Some("57.1% on 31 July 2010"));
        assert_eq!(v.latest.as_deref(), Some("56.9%"));
        assert_eq!(v.n.as_deref(), Some("380 of 668"));
        assert_eq!(v.target, "57.0%");
        assert_eq!(v.tolerance, "5.0 percentage points");
        assert_eq!(v.direction, "higher is better");
        assert_eq!((v.suggested.word, v.chosen.word), ("Amber", "Amber"));
        assert!(v.agrees);
        assert_eq!(v.disagreement, None);
    }

    #[test]
    fn a_different_choice_is_explained_with_its_reason() {
        let mut m = measure(Status::Red);
        m.history.push(StatusChange {
            at: "2010-12-01T10:00:00Z".parse().unwrap(),
            by: "RH".into(),
            from: Status::NotRated,
            to: Status::Red,
            reason: "Dropping month on month".into(),
        });
        let v = MeasureView::new(&m, Some(&evidence()));
        assert!(!v.agrees);
        assert_eq!(
            v.disagreement.as_deref(),
            Some("The lead chose Red where the evidence suggests Amber. Reason given: Dropping month on month")
        );
        let unrated = MeasureView::new(&measure(Status::NotRated), Some(&evidence()));
        assert_eq!(
            unrated.disagreement.as_deref(),
            Some("No status has been chosen yet; the evidence suggests Amber.")
        );
    }

    #[test]
    fn without_evidence_a_measure_shows_no_data() {
        let v = MeasureView::new(&measure(Status::NotRated), None);
        assert_eq!(v.latest, None);
        assert_eq!(v.n, None);
        assert_eq!(v.suggested.word, "Not rated");
        assert!(v.note.unwrap().starts_with("No data"));
        assert!(v.agrees);
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(value_text(1200.0, false), "1,200");
        assert_eq!(value_text(20.0, false), "20");
        assert_eq!(value_text(1234567.0, false), "1,234,567");
        assert_eq!(value_text(2.5, false), "2.5");
        assert_eq!(value_text(2.3, true), "2.3%");
    }
}
