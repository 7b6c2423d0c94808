//! The improvement plan: plan → areas for development → actions → milestones.

use crate::status::Status;
use crate::{Measure, Person};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    pub title: String,
    pub organisation: String,
    /// What the plan answers, e.g. "Ofsted annual unannounced inspection of contact, referral and assessment".
    pub origin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_date: Option<NaiveDate>,
    /// The date the plan was (or will be) reported to the board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporting_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduction: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
}

/// An area number as the plan prints it: digits with an optional letter, e.g. `1`, `5a`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AreaNumber(String);

impl AreaNumber {
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim().trim_end_matches('.');
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let rest = &t[digits..];
        let ok = (1..=3).contains(&digits)
            && (rest.is_empty()
                || (rest.len() == 1 && rest.chars().all(|c| c.is_ascii_lowercase())));
        if ok {
            Ok(AreaNumber(t.to_string()))
        } else {
            Err(format!(
                "area number \"{}\" is not a number with an optional letter, such as 1 or 5a",
                text.trim()
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Sorts 2 before 10 and 5a before 5b.
    pub fn sort_key(&self) -> (u32, String) {
        let digits: String = self.0.chars().take_while(char::is_ascii_digit).collect();
        let letter: String = self.0.chars().skip(digits.len()).collect();
        (digits.parse().unwrap_or(u32::MAX), letter)
    }
}

impl TryFrom<String> for AreaNumber {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        AreaNumber::parse(&value)
    }
}

impl From<AreaNumber> for String {
    fn from(value: AreaNumber) -> Self {
        value.0
    }
}

impl fmt::Display for AreaNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    pub number: AreaNumber,
    /// The short title used in the plan's summary table (Table 1).
    pub title: String,
    /// The heading printed above the area's actions table, when it differs from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The issue found: the "Area of Development" text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub issue: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aims: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success_criteria: Vec<String>,
    /// People (by initials or name) who own the area.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// The summary table's "Lead responsibility".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leads: Vec<String>,
    /// Measurable success criteria linked to indicators.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// The number as printed; rows that continue the action above have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub text: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leads: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluations: Vec<Evaluation>,
    /// Every change of status, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub completed: bool,
}

/// One entry of "Evaluation Against Milestones". Entries transcribed from a paper
/// plan may have no date; new entries always carry one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub by: String,
    pub from: Status,
    pub to: Status,
    pub reason: String,
}

impl Milestone {
    /// Past its due date and not completed, unless the whole action is complete.
    pub fn is_overdue(&self, action_status: Status, today: NaiveDate) -> bool {
        !self.completed && !action_status.is_complete() && self.due.is_some_and(|d| d < today)
    }
}

impl Action {
    /// The action itself is past its due date and not Blue.
    pub fn is_past_due(&self, today: NaiveDate) -> bool {
        !self.status.is_complete() && self.due.is_some_and(|d| d < today)
    }

    /// Overdue: the action or any of its milestones is past due and not complete.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_past_due(today)
            || self
                .milestones
                .iter()
                .any(|m| m.is_overdue(self.status, today))
    }

    /// How the number column should read, e.g. "1" or "" for a continuation row.
    pub fn number_label(&self) -> &str {
        self.number.as_deref().unwrap_or("")
    }
}

impl Plan {
    pub fn area(&self, number: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.number.as_str() == number)
    }

    pub fn actions(&self) -> impl Iterator<Item = (&Area, &Action)> {
        self.areas
            .iter()
            .flat_map(|a| a.actions.iter().map(move |x| (a, x)))
    }

    /// The plan with every database id and version removed: what a human-edited file holds.
    pub fn without_ids(&self) -> Plan {
        let mut plan = self.clone();
        plan.id = None;
        plan.version = None;
        for p in &mut plan.people {
            p.id = None;
        }
        for area in &mut plan.areas {
            area.id = None;
            area.version = None;
            for m in &mut area.measures {
                m.id = None;
                m.version = None;
            }
            for action in &mut area.actions {
                action.id = None;
                action.version = None;
                for m in &mut action.milestones {
                    m.id = None;
                    m.version = None;
                }
                for e in &mut action.evaluations {
                    e.id = None;
                }
            }
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn action(status: Status, due: Option<&str>) -> Action {
        Action {
            id: None,
            version: None,
            number: Some("1".into()),
            text: "Do it".into(),
            status,
            leads: vec![],
            due: due.map(d),
            milestones: vec![],
            evaluations: vec![],
            history: vec![],
        }
    }

    #[test]
    fn area_numbers_accept_digits_with_one_letter() {
        assert_eq!(AreaNumber::parse("5a").unwrap().as_str(), "5a");
        assert_eq!(AreaNumber::parse(" 12. ").unwrap().as_str(), "12");
        assert!(AreaNumber::parse("a5").is_err());
        assert!(AreaNumber::parse("5ab").is_err());
        assert!(AreaNumber::parse("").is_err());
        assert!(AreaNumber::parse("5A").is_err());
    }

    #[test]
    fn area_numbers_sort_numerically_then_by_letter() {
        let mut v: Vec<AreaNumber> = ["10", "5b", "2", "5a", "1"]
            .iter()
            .map(|s| AreaNumber::parse(s).unwrap())
            .collect();
        v.sort_by_key(AreaNumber::sort_key);
        let got: Vec<&str> = v.iter().map(AreaNumber::as_str).collect();
        assert_eq!(got, ["1", "2", "5a", "5b", "10"]);
    }

    #[test]
    fn an_action_is_overdue_after_its_due_date_unless_blue() {
        let today = d("2010-12-01");
        assert!(action(Status::Amber, Some("2010-11-30")).is_overdue(today));
        assert!(!action(Status::Amber, Some("2010-12-01")).is_overdue(today));
        assert!(!action(Status::Blue, Some("2010-11-30")).is_overdue(today));
        assert!(!action(Status::Red, None).is_overdue(today));
    }

    #[test]
    fn an_incomplete_milestone_past_due_makes_its_action_overdue() {
        let today = d("2010-12-01");
        let mut a = action(Status::Green, None);
        a.milestones.push(Milestone {
            id: None,
            version: None,
            text: "Standards".into(),
            due: Some(d("2010-11-30")),
            completed: false,
        });
        assert!(a.is_overdue(today));
        assert!(!a.is_past_due(today));
        a.milestones[0].completed = true;
        assert!(!a.is_overdue(today));
        a.milestones[0].completed = false;
        a.status = Status::Blue;
        assert!(!a.is_overdue(today));
    }
}
