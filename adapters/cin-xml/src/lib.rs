//! `assure-cinxml`: a streaming reader for DfE Children in Need (CIN) census XML.
//!
//! * Every schema year 2017 to 2026: `GenderCurrent` and `Sex`, old and new assessment
//!   factors, `CINPlanDates`, unknown blocks (e.g. `PreProceedingsandFGDM`) skipped and
//!   listed in [`CinReader::skipped_elements`]. Elements may come in any order inside their
//!   parent; values are trimmed; yes/no accepts `true`/`false`/`1`/`0` in any case.
//! * One child at a time: memory does not grow with the file.
//! * Hostile input (security requirement IMP-04): any DOCTYPE is refused, no entity resolver
//!   exists (only the five predefined entities and numeric character references are
//!   expanded), and depth, element count, text size, token size, per-child size and
//!   episodes per child are capped ([`Limits`]).
//! * **Bad values are not fatal.** A value that cannot be used (an impossible date, a yes/no
//!   that is neither, an unmappable sex code, an unusable child ID) becomes a
//!   [`FieldProblem`] in the child's [`ChildRecord`] with element, path, line, child ID and
//!   the raw value, and the field is left `None`. Codes are kept as text for the validator.
//!   Only structural problems are fatal [`CinError`]s.
//! * Data minimisation: no UPN is stored; see [`UpnFacts`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod limits;
mod problem;
mod reader;
mod record;
mod tracker;
mod values;

pub use error::{CinError, CinErrorKind};
pub use limits::Limits;
pub use problem::{FieldProblem, ProblemKind};
pub use reader::CinReader;
pub use record::{ChildRecord, CinChildExtras, Header, SkippedElement};
pub use values::{parse_date, parse_yes_no, UpnFacts};
