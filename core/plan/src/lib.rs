//! The improvement plan and the rules that govern it.
//!
//! Nothing in this crate touches a file, a socket, a clock or a database: callers pass
//! "today" and "now" in, so every rule is testable with fixed dates.

pub mod edit;
pub mod measure;
pub mod people;
pub mod plan;
pub mod status;
pub mod summary;
pub mod validate;

pub use edit::EditError;
pub use measure::{suggested_status, Baseline, Direction, Measure};
pub use people::{Person, PersonKind};
pub use plan::{Action, Area, AreaNumber, Evaluation, Milestone, Plan, StatusChange};
pub use status::Status;
pub use summary::StatusCounts;
pub use validate::{check, Locator, PlanProblem, ValidationReport};
