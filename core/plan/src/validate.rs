//! Whole-plan checks that a file format cannot express: unique numbers, references to
//! people that exist, and status history that agrees with the current status.
//!
//! Problems carry a structural locator rather than text positions, so each file format
//! can say where the problem is in its own terms (a TOML path, a workbook cell).

use crate::people;
use crate::plan::Plan;
use std::collections::HashSet;
use std::fmt;

/// Where in the plan a problem lies, by position (0-based indexes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locator {
    Plan,
    Person(usize),
    Area(usize),
    Action(usize, usize),
    Milestone(usize, usize, usize),
    Evaluation(usize, usize, usize),
    History(usize, usize, usize),
    Measure(usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanProblem {
    pub at: Locator,
    pub field: &'static str,
    pub message: String,
}

impl Locator {
    /// A path in the terms of the TOML/YAML/JSON plan format, e.g. `areas[2].actions[0]`.
    pub fn path(&self) -> String {
        match *self {
            Locator::Plan => "plan".to_string(),
            Locator::Person(p) => format!("people[{p}]"),
            Locator::Area(a) => format!("areas[{a}]"),
            Locator::Action(a, x) => format!("areas[{a}].actions[{x}]"),
            Locator::Milestone(a, x, m) => format!("areas[{a}].actions[{x}].milestones[{m}]"),
            Locator::Evaluation(a, x, e) => format!("areas[{a}].actions[{x}].evaluations[{e}]"),
            Locator::History(a, x, h) => format!("areas[{a}].actions[{x}].history[{h}]"),
            Locator::Measure(a, m) => format!("areas[{a}].measures[{m}]"),
        }
    }
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: {}", self.at.path(), self.field, self.message)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationReport {
    pub problems: Vec<PlanProblem>,
}

impl ValidationReport {
    fn push(&mut self, at: Locator, field: &'static str, message: impl Into<String>) {
        self.problems.push(PlanProblem {
            at,
            field,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }
}

impl fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Checks a plan and rewrites every person reference to that person's key (initials
/// when known, otherwise name), so that equal plans compare equal whichever spelling
/// a file used.
pub fn check(mut plan: Plan) -> Result<Plan, ValidationReport> {
    let mut report = ValidationReport::default();
    let loc = Locator::Plan;
    if plan.title.trim().is_empty() {
        report.push(loc, "title", "a plan needs a title");
    }
    if plan.organisation.trim().is_empty() {
        report.push(loc, "organisation", "a plan needs the organisation's name");
    }
    check_people(&plan, &mut report);
    let people = plan.people.clone();
    let mut numbers = HashSet::new();
    for (ai, area) in plan.areas.iter_mut().enumerate() {
        let at = Locator::Area(ai);
        if !numbers.insert(area.number.clone()) {
            report.push(
                at,
                "number",
                format!("area number {} is used twice", area.number),
            );
        }
        if area.title.trim().is_empty() {
            report.push(at, "title", "an area needs a title");
        }
        for (field, items) in [
            ("sources", &area.sources),
            ("aims", &area.aims),
            ("success_criteria", &area.success_criteria),
        ] {
            if items.iter().any(|i| i.contains('\n')) {
                report.push(
                    at,
                    field,
                    "each item must be one line: make separate items instead of line breaks",
                );
            }
        }
        for (mi, m) in area.measures.iter().enumerate() {
            let at = Locator::Measure(ai, mi);
            if m.criterion.trim().is_empty() {
                report.push(
                    at,
                    "criterion",
                    "a measure needs the success criterion it measures",
                );
            }
            if m.indicator.trim().is_empty() {
                report.push(at, "indicator", "a measure needs an indicator id");
            }
            if !(m.tolerance >= 0.0) {
                report.push(at, "tolerance", "the tolerance must be zero or more");
            }
            if !m.target.is_finite() {
                report.push(at, "target", "the target must be a number");
            }
            if m.history.iter().any(|h| h.reason.trim().is_empty()) {
                report.push(at, "history", "every status change needs a reason");
            }
            if let Some(last) = m.history.last() {
                if last.to != m.status {
                    report.push(
                        at,
                        "status",
                        format!(
                            "the status is {} but the last change in its history is to {}",
                            m.status, last.to
                        ),
                    );
                }
            }
        }
        resolve_all(&people, &mut area.owners, at, "owners", &mut report);
        resolve_all(&people, &mut area.leads, at, "leads", &mut report);
        for (xi, action) in area.actions.iter_mut().enumerate() {
            let at = Locator::Action(ai, xi);
            if action.text.trim().is_empty() {
                report.push(at, "text", "an action needs its text");
            }
            resolve_all(&people, &mut action.leads, at, "leads", &mut report);
            for (mi, m) in action.milestones.iter().enumerate() {
                if m.text.trim().is_empty() {
                    report.push(
                        Locator::Milestone(ai, xi, mi),
                        "text",
                        "a milestone needs its text",
                    );
                }
            }
            for (ei, e) in action.evaluations.iter().enumerate() {
                if e.text.trim().is_empty() {
                    report.push(
                        Locator::Evaluation(ai, xi, ei),
                        "text",
                        "an evaluation entry needs its text",
                    );
                }
            }
            let mut previous = None;
            for (hi, h) in action.history.iter().enumerate() {
                let at = Locator::History(ai, xi, hi);
                if h.reason.trim().is_empty() {
                    report.push(at, "reason", "every status change needs a reason");
                }
                if h.by.trim().is_empty() {
                    report.push(at, "by", "every status change needs who made it");
                }
                if let Some(prev) = previous {
                    if h.from != prev {
                        report.push(
                            at,
                            "from",
                            format!(
                                "the change is from {} but the status before it was {prev}",
                                h.from
                            ),
                        );
                    }
                }
                previous = Some(h.to);
            }
            if let Some(last) = previous {
                if last != action.status {
                    report.push(
                        at,
                        "status",
                        format!(
                            "the status is {} but the last change in its history is to {last}",
                            action.status
                        ),
                    );
                }
            }
        }
    }
    if report.is_empty() {
        Ok(plan)
    } else {
        Err(report)
    }
}

fn check_people(plan: &Plan, report: &mut ValidationReport) {
    let mut names = HashSet::new();
    let mut initials = HashSet::new();
    for (pi, p) in plan.people.iter().enumerate() {
        let at = Locator::Person(pi);
        if p.name.trim().is_empty() {
            report.push(at, "name", "a person needs a name");
        }
        if !names.insert(p.name.to_lowercase()) {
            report.push(at, "name", format!("\"{}\" is listed twice", p.name));
        }
        if let Some(i) = &p.initials {
            if i.trim().is_empty() {
                report.push(at, "initials", "initials, when given, cannot be blank");
            } else if !initials.insert(i.to_lowercase()) {
                report.push(
                    at,
                    "initials",
                    format!("initials \"{i}\" belong to two people"),
                );
            }
        }
    }
}

fn resolve_all(
    people: &[crate::Person],
    refs: &mut [String],
    at: Locator,
    field: &'static str,
    report: &mut ValidationReport,
) {
    for r in refs.iter_mut() {
        match people::find(people, r) {
            Some(p) => *r = p.key().to_string(),
            None => report.push(
                at,
                field,
                format!("\"{r}\" is not the name or initials of anyone in the plan's people"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Action, Area, AreaNumber, StatusChange};
    use crate::{Person, PersonKind, Status};

    fn plan() -> Plan {
        Plan {
            id: None,
            version: None,
            title: "Plan".into(),
            organisation: "Council".into(),
            origin: "Inspection".into(),
            origin_date: None,
            reporting_date: None,
            introduction: None,
            people: vec![Person {
                id: None,
                name: "Richard Hakin".into(),
                initials: Some("RH".into()),
                kind: PersonKind::Person,
                role: None,
            }],
            areas: vec![Area {
                id: None,
                version: None,
                number: AreaNumber::parse("1").unwrap(),
                title: "SWROs".into(),
                heading: None,
                issue: String::new(),
                sources: vec![],
                aims: vec![],
                success_criteria: vec![],
                owners: vec!["richard hakin".into()],
                leads: vec![],
                measures: vec![],
                actions: vec![Action {
                    id: None,
                    version: None,
                    number: Some("1".into()),
                    text: "Options paper".into(),
                    status: Status::Green,
                    leads: vec!["rh".into()],
                    due: None,
                    milestones: vec![],
                    evaluations: vec![],
                    history: vec![],
                }],
            }],
        }
    }

    #[test]
    fn references_are_rewritten_to_the_persons_key() {
        let p = check(plan()).unwrap();
        assert_eq!(p.areas[0].owners, ["RH"]);
        assert_eq!(p.areas[0].actions[0].leads, ["RH"]);
    }

    #[test]
    fn an_unknown_lead_is_reported_at_its_action() {
        let mut p = plan();
        p.areas[0].actions[0].leads.push("ZZ".into());
        let report = check(p).unwrap_err();
        assert_eq!(report.problems.len(), 1);
        assert_eq!(
            report.problems[0].to_string(),
            "areas[0].actions[0].leads: \"ZZ\" is not the name or initials of anyone in the plan's people"
        );
    }

    #[test]
    fn duplicate_area_numbers_are_reported() {
        let mut p = plan();
        let copy = p.areas[0].clone();
        p.areas.push(copy);
        let report = check(p).unwrap_err();
        assert!(report
            .problems
            .iter()
            .any(|x| x.at == Locator::Area(1) && x.field == "number"));
    }

    #[test]
    fn history_must_end_at_the_current_status_and_have_reasons() {
        let mut p = plan();
        p.areas[0].actions[0].history.push(StatusChange {
            at: "2010-11-01T00:00:00Z".parse().unwrap(),
            by: "RH".into(),
            from: Status::NotRated,
            to: Status::Amber,
            reason: "".into(),
        });
        let report = check(p).unwrap_err();
        let fields: Vec<_> = report.problems.iter().map(|x| x.field).collect();
        assert_eq!(fields, ["reason", "status"]);
    }
}
