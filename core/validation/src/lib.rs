//! `assure-validation`: the DfE Children in Need census validation rules
//! (data-standards §5.4, as implemented by D2I's `csc-validator-be-cin`), over the
//! `assure-casedata` model.
//!
//! * Child-level rules ([`child_rules`], [`validate_child`]) are pure functions of a
//!   [`Child`](assure_casedata::Child), its [`CinChildExtras`](assure_casedata::CinChildExtras)
//!   and the [`CensusContext`]; each has its DfE number, severity, description and the
//!   collection years it applies to ([`RuleInfo`]).
//! * Whole-return rules (duplicate IDs and UPNs, return-level counts) are a streaming
//!   accumulator, [`FileRules`].
//! * Reader problems (bad dates, a child with no ID ...) become issues too
//!   ([`problem_issue`]), under the DfE rule that covers them where there is one.
//! * [`Validator`] ties these together for a file read child by child.
//! * Every issue has a plain-English message naming the dates or values involved.
//!
//! Pure: no I/O, no async. Rules allocate only when they raise an issue.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod codes;
mod context;
mod file_rules;
mod issue;
mod problems;
mod rule;
mod rules;
mod validator;

pub use context::{header_issues, CensusContext, ContextError};
pub use file_rules::{FileRules, FILE_RULES};
pub use issue::{Issue, Report, Severity};
pub use problems::{problem_issue, problem_rule, READER_RULES};
pub use rule::{ChildRule, RuleInfo, Scope};
pub use validator::{child_rules, validate_child, Validator};

/// Rule 100, the only header rule.
pub const HEADER_RULES: &[RuleInfo] = &[RuleInfo::new(
    "100",
    Severity::Error,
    "ReferenceDate",
    "ReferenceDate missing or not 31 March of the collection year",
    Scope::Header,
)];

/// Every rule this crate can raise: child-level, whole-return, header and reader rules.
/// A rule id can appear more than once when its check changed between years (4180,
/// 8750, 8770Q); see [`RuleInfo::from_year`] and [`RuleInfo::until_year`].
pub fn catalogue() -> impl Iterator<Item = &'static RuleInfo> {
    HEADER_RULES
        .iter()
        .chain(child_rules().map(|r| &r.info))
        .chain(FILE_RULES)
        .chain(READER_RULES)
}
