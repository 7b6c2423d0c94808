//! Reader field problems as issues.

use assure_casedata::{ChildIdError, FieldProblem, ProblemKind};

use crate::rule::{RuleInfo, Scope, Shown};
use crate::{CensusContext, Issue, Severity};

/// Rules raised only from reader problems, because the model cannot hold the bad value.
pub const READER_RULES: &[RuleInfo] = &[
    RuleInfo::new("8500", Severity::Error, "LAchildID", "LA child ID missing", Scope::Reader),
    RuleInfo {
        from_year: Some(2025),
        ..RuleInfo::new("1570", Severity::Error, "LAchildID", "LA child ID longer than 20 characters", Scope::Reader)
    },
    RuleInfo::new("8842Q", Severity::Query, "CPPreviewDate", "Review recorded with no date", Scope::Reader),
    RuleInfo::new("format", Severity::Error, "(element)", "A value that is not valid for its type (date, yes/no, number, code) and no DfE rule covers", Scope::Reader),
    RuleInfo::new("structure", Severity::Query, "(element)", "Repeated, unexpected or non-standard elements, or stray text, that the reader ignored or tolerated", Scope::Reader),
];

/// The rule id and severity for a reader problem: the DfE rule that covers the bad value
/// where there is one, otherwise `"format"` (an invalid value, error) or `"structure"`
/// (something ignored or tolerated, query).
pub fn problem_rule(p: &FieldProblem, collection_year: i32) -> (&'static str, Severity) {
    use ProblemKind as K;
    let from_2025 = collection_year >= 2025;
    let rule = match (&p.kind, p.element) {
        (K::MissingChildId, _) | (K::InvalidChildId(ChildIdError::Empty), _) => "8500",
        (K::InvalidChildId(ChildIdError::TooLong { .. }), _) if from_2025 => "1570",
        (
            K::InvalidChildId(
                ChildIdError::ControlCharacter { .. } | ChildIdError::InvisibleCharacter { .. },
            ),
            _,
        ) if from_2025 => "1580",
        (K::InvalidDate, "CINreferralDate") => "8600",
        (K::InvalidDate, "CINPlanStartDate") => "4010",
        (K::InvalidDate, "CPPstartDate") => "8720",
        (K::InvalidDate, "ReferenceDate") => "100",
        (K::InvalidBoolean, "ReferralNFA") => "8568",
        (K::InvalidInteger, "NumberOfPreviousCPP") => "8730",
        (K::InvalidGenderCurrent, _) if !from_2025 => "4180",
        (K::InvalidSex, _) if from_2025 => "4180",
        (K::EmptyValue, "CPPreviewDate") => "8842Q",
        (
            K::Repeated
            | K::UnexpectedElement
            | K::UnexpectedText { .. }
            | K::NonStandardElement(_),
            _,
        ) => return ("structure", Severity::Query),
        _ => "format",
    };
    let severity = if rule.ends_with('Q') {
        Severity::Query
    } else {
        Severity::Error
    };
    (rule, severity)
}

/// One reader problem as an issue, in plain English, at the element's line.
pub fn problem_issue(p: &FieldProblem, ctx: &CensusContext) -> Issue {
    use ProblemKind as K;
    let (rule, severity) = problem_rule(p, ctx.collection_year());
    let el = p.element;
    let v = Shown(&p.value);
    let text = match &p.kind {
        K::InvalidDate => format!("The {el} value {v} is not a valid date (expected YYYY-MM-DD)."),
        K::InvalidBoolean => format!("The {el} value {v} is not a yes/no value (expected true, false, 1 or 0)."),
        K::InvalidInteger => format!("The {el} value {v} is not a whole number of 0 or more."),
        K::InvalidYear => format!("The {el} value {v} is not a four-digit year."),
        K::InvalidGenderCurrent => format!("GenderCurrent {v} is not 1, 2, 0 or 9."),
        K::InvalidSex => format!("Sex {v} is not M, F or U."),
        K::InvalidChildId(e) => format!("The LA child ID {v} cannot be used ({e}), so this child record was not validated further."),
        K::MissingChildId => "This child record has no LAchildID, so it was not validated further.".to_owned(),
        K::EmptyValue if el == "CPPreviewDate" => "A child protection plan review (CPPreviewDate) has no date.".to_owned(),
        K::EmptyValue => format!("A {el} element is empty."),
        K::Repeated => format!("{el} appears more than once in the same place; only the first value was used."),
        K::UnexpectedElement => format!("An unexpected element {v} inside {el} was ignored."),
        K::UnexpectedText { chars } => format!("{chars} characters of unexpected text inside {el} were ignored."),
        K::NonStandardElement(schema) => format!("The non-standard element {el} was read as the schema's {schema}."),
    };
    Issue {
        rule: rule.to_owned(),
        severity,
        child_id: p.la_child_id.as_ref().map(|c| c.as_str().to_owned()),
        field: el.to_owned(),
        message: format!("{rule}: {text}"),
        line: Some(p.line),
    }
}
