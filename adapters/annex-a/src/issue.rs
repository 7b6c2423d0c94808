use std::fmt;

/// How serious a per-row problem is, in the DfE validator's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The value is wrong or missing and must be fixed before the return is relied on.
    Error,
    /// The value may be right but looks wrong: the LA should check it.
    Query,
}

impl Severity {
    /// `"error"` or `"query"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Query => "query",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One non-fatal problem found while reading an Annex A list: a blank mandatory value, a
/// date that does not parse, a code not in the list, a cross-list inconsistency ...
///
/// The reader carries on: the value concerned is left `None` in the model (or, for codes,
/// kept as the trimmed source text), and the row is dropped only when it has no usable
/// child ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexIssue {
    /// The check's local ID, one of the constants in [`rules`] (e.g. `AA-date`).
    pub rule: String,
    /// Error or query.
    pub severity: Severity,
    /// The child the row is about, when the row has a usable child ID.
    pub child_id: Option<String>,
    /// The column header as it appears in the file (the template's header when the column
    /// is missing, or for cross-list checks); empty for whole-sheet problems.
    pub field: String,
    /// Plain-English description naming sheet, row and field, e.g.
    /// `List 3 row 14, Date of referral: "31/02/2024" is not a date (dd/mm/yyyy)`.
    pub message: String,
    /// Sheet name (xlsx) or file name (CSV).
    pub sheet: String,
    /// 1-based row number as a spreadsheet shows it (for CSV: the line number, header and
    /// title rows included); 0 for whole-sheet problems.
    pub row: u32,
}

impl fmt::Display for AnnexIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} {}] {}", self.severity, self.rule, self.message)
    }
}

/// The IDs of the checks this reader makes (the `rule` of an [`AnnexIssue`]). The Annex A
/// template has no official rule numbers; these are local.
pub mod rules {
    /// A list sheet (or CSV file) is not in the upload. Query.
    pub const LIST_MISSING: &str = "AA-list-missing";
    /// A file or sheet holds a list this reader does not import (Lists 8-11). Query.
    pub const LIST_NOT_READ: &str = "AA-list-not-read";
    /// Two sheets match the same list name; the first is read. Query.
    pub const SHEET_DUPLICATE: &str = "AA-sheet-duplicate";
    /// No header row found in the first rows of a sheet; the sheet is not read. Error.
    pub const HEADER_ROW: &str = "AA-header-row";
    /// An expected column header is missing: error for mandatory columns, query otherwise.
    pub const HEADER_MISSING: &str = "AA-header-missing";
    /// Two columns carry the same header; the first is read. Query.
    pub const HEADER_DUPLICATE: &str = "AA-header-duplicate";
    /// A column that is not part of the template list was ignored (and nothing from it is
    /// stored: child names and other extra columns are dropped). Query.
    pub const EXTRA_COLUMN: &str = "AA-extra-column";
    /// A mandatory value is blank. Error.
    pub const MANDATORY_BLANK: &str = "AA-mandatory-blank";
    /// A cell holds a spreadsheet error such as `#N/A`: error when the column is mandatory,
    /// query otherwise. The value is treated as blank.
    pub const CELL_ERROR: &str = "AA-cell-error";
    /// The child ID cannot be used (too long, control or invisible characters); the row is
    /// not imported. Error.
    pub const CHILD_ID: &str = "AA-child-id";
    /// A date does not parse (dd/mm/yyyy text or an Excel serial number). Error.
    pub const DATE: &str = "AA-date";
    /// A date parses but is outside 01/01/1990 to tomorrow (for a date of birth: more than
    /// 280 days ahead). Error; the date is not used.
    pub const DATE_RANGE: &str = "AA-date-range";
    /// An end date is before its start date in the same row. Error.
    pub const DATE_ORDER: &str = "AA-date-order";
    /// Not a whole number of 0 or more (for Age: not a number of 0 or more). Error.
    pub const INTEGER: &str = "AA-integer";
    /// A coded value (gender, ethnicity, source, yes/no, need, closure reason, case status,
    /// category of abuse) is not in the template list. Error; the source text is kept.
    pub const CODE: &str = "AA-code";
    /// A text value holds control or invisible formatting characters; it is not used. Error.
    pub const TEXT: &str = "AA-text";
    /// Age does not agree with date of birth at the extract date. Query.
    pub const AGE_DOB: &str = "AA-age-dob";
    /// The row repeats an earlier row's de-duplication key (the liia-tools keys, e.g. child,
    /// date and source of a contact); it is not imported again. Query.
    pub const DUPLICATE: &str = "AA-duplicate";
    /// A child's date of birth, gender, ethnicity or disability differs between rows; the
    /// first value is kept. Query.
    pub const CHILD_CONFLICT: &str = "AA-child-conflict";
    /// List 5 says the ICPC resulted in a CP plan, but List 7 has no plan for the child
    /// starting on the ICPC date. Query.
    pub const CROSS_ICPC_CPP: &str = "AA-cross-icpc-cpp";
    /// List 7 "Number of Previous Child Protection Plans" is lower than the number of earlier
    /// plans List 7 itself holds for the child. Query.
    pub const CROSS_PREVIOUS_PLANS: &str = "AA-cross-previous-plans";
    /// A List 4 assessment follows a List 3 referral marked NFA. Query.
    pub const CROSS_NFA_ASSESSMENT: &str = "AA-cross-nfa-assessment";
    /// List 6 Case Status disagrees with List 7 (open CP plan) or with the row's own closure
    /// date. Query.
    pub const CROSS_CASE_STATUS: &str = "AA-cross-case-status";
    /// More problems than [`crate::Limits::max_issues`]; the rest were counted, not listed.
    pub const TOO_MANY: &str = "AA-too-many-problems";
}

/// Make a value safe to echo in a message: at most 100 characters, control characters
/// escaped so a value cannot forge extra log lines.
pub(crate) fn clip(value: &str) -> String {
    const MAX: usize = 100;
    let mut out = String::with_capacity(value.len().min(MAX + 8));
    for (n, c) in value.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        if c.is_control() || crate::values::is_invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clip_escapes_and_cuts() {
        assert_eq!(clip("ab"), "ab");
        assert_eq!(clip("a\nb"), "a\\u{a}b");
        assert_eq!(clip("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(clip(&"x".repeat(150)), format!("{}…", "x".repeat(100)));
    }
}
