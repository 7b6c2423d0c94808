//! Measurable success judged by evidence: a criterion linked to an indicator, with a
//! baseline, a target, a direction and a tolerance, from which a status is suggested.
//! The lead may accept the suggestion or choose another status; choosing another needs a
//! reason, kept in the measure's history like any status change.

use crate::plan::StatusChange;
use crate::status::Status;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Direction {
    pub fn words(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher is better",
            Direction::LowerIsBetter => "lower is better",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub value: f64,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// The measurable success criterion this measures, in the plan's words.
    pub criterion: String,
    /// An indicator id from the catalogue, e.g. `s47_to_icpc_pct`.
    pub indicator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    pub target: f64,
    pub direction: Direction,
    /// How far short of the target still counts as Amber rather than Red.
    pub tolerance: f64,
    /// The status chosen by the lead (Not rated until someone chooses).
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
}

/// Green when at or beyond the target, Amber when short of it by no more than the
/// tolerance, Red beyond that; Not rated when there is no value to judge.
pub fn suggested_status(
    value: Option<f64>,
    target: f64,
    direction: Direction,
    tolerance: f64,
) -> Status {
    let Some(v) = value else {
        return Status::NotRated;
    };
    // How far the value falls short of the target in the direction that matters.
    let shortfall = match direction {
        Direction::HigherIsBetter => target - v,
        Direction::LowerIsBetter => v - target,
    };
    // Compare with a small epsilon: values arrive rounded to one decimal place.
    const EPS: f64 = 1e-9;
    if shortfall <= EPS {
        Status::Green
    } else if shortfall <= tolerance.abs() + EPS {
        Status::Amber
    } else {
        Status::Red
    }
}

impl Measure {
    pub fn suggested(&self, value: Option<f64>) -> Status {
        suggested_status(value, self.target, self.direction, self.tolerance)
    }

    /// Whether choosing `to` departs from the evidence (and so needs a reason).
    pub fn departs_from_evidence(&self, to: Status, value: Option<f64>) -> bool {
        to != self.suggested(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_is_better_is_green_at_target_amber_within_tolerance_red_beyond() {
        let s = |v| suggested_status(Some(v), 85.0, Direction::HigherIsBetter, 5.0);
        assert_eq!(s(85.0), Status::Green);
        assert_eq!(s(92.3), Status::Green);
        assert_eq!(s(84.9), Status::Amber);
        assert_eq!(s(80.0), Status::Amber);
        assert_eq!(s(79.9), Status::Red);
    }

    #[test]
    fn lower_is_better_mirrors_it() {
        let s = |v| suggested_status(Some(v), 14.0, Direction::LowerIsBetter, 2.0);
        assert_eq!(s(13.5), Status::Green);
        assert_eq!(s(14.0), Status::Green);
        assert_eq!(s(16.0), Status::Amber);
        assert_eq!(s(16.1), Status::Red);
    }

    #[test]
    fn no_value_is_not_rated() {
        assert_eq!(
            suggested_status(None, 1.0, Direction::HigherIsBetter, 0.0),
            Status::NotRated
        );
    }

    #[test]
    fn a_zero_tolerance_has_no_amber_band() {
        assert_eq!(
            suggested_status(Some(99.9), 100.0, Direction::HigherIsBetter, 0.0),
            Status::Red
        );
    }
}
