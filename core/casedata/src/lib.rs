//! `assure-casedata`: the child-level case event model shared by every importer (Annex A
//! workbook, DfE CIN census XML, local SSD-shaped extracts), the validator and the
//! indicator code.
//!
//! Pure: no I/O, no async. Child-level data is sensitive, so the model holds only what the
//! indicators and validation rules need: **no names, addresses, UPNs or free text.**
//!
//! Layout is plain `Vec`s of small structs per child, so indicator passes over a million
//! children are simple linear scans; dates are 4-byte `Option<NaiveDate>` values. See
//! [`model`] for the conventions (every date optional, codes kept as text).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod census;
mod counts;
mod id;
pub mod model;
mod sex;

pub use census::{CinChildExtras, FieldProblem, ProblemKind, UpnFacts};
pub use counts::EventCounts;
pub use id::{ChildId, ChildIdError};
pub use model::{Assessment, Child, CinPlan, Contact, CpPlan, EarlyHelpEpisode, Episode, S47};
pub use sex::Sex;

/// Re-exported so callers can name the date type without a direct chrono dependency.
pub use chrono::NaiveDate;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_date_is_four_bytes() {
        assert_eq!(std::mem::size_of::<Option<NaiveDate>>(), 4);
    }

    #[test]
    fn child_serde_round_trip() {
        let mut c = Child::new(ChildId::parse("X9").unwrap());
        c.sex = Sex::Female;
        c.birth_date = NaiveDate::from_ymd_opt(2015, 3, 27);
        c.disabilities = vec!["HAND".into()];
        c.episodes.push(Episode {
            referral_nfa: Some(false),
            ..Episode::default()
        });
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("\"2015-03-27\""));
        let back: Child = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
    }
}
