use std::fmt;

use assure_casedata::{ChildId, ChildIdError};

/// A non-fatal problem with one field. Reading carries on; the field concerned is left
/// `None` (or the item is left out of its list) and the validator reports the problem
/// against the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// Local name of the element the problem is about, e.g. `CINreferralDate`.
    pub element: &'static str,
    /// Full element path, e.g. `Message/Children/Child/CINdetails/CINreferralDate`.
    pub path: String,
    /// 1-based line of the element's start tag.
    pub line: u64,
    /// The offending text, trimmed and cut to 100 characters (empty when there is none).
    pub value: String,
    /// What is wrong.
    pub kind: ProblemKind,
    /// The child the problem belongs to, when the child has a usable ID (filled in when the
    /// child is complete, because `LAchildID` may come after the bad field). `None` for
    /// header problems.
    pub la_child_id: Option<ChildId>,
}

/// The kinds of non-fatal field problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    /// Not a real calendar date in `YYYY-MM-DD` form (e.g. `2021-02-30`, `31/03/2021`).
    #[error("not a valid date (expected YYYY-MM-DD)")]
    InvalidDate,
    /// Not a yes/no value (`true`, `false`, `1` or `0`, any case).
    #[error("not a yes/no value (expected true, false, 1 or 0)")]
    InvalidBoolean,
    /// Not a whole number from 0 to 4,294,967,295.
    #[error("not a whole number of 0 or more")]
    InvalidInteger,
    /// `Year` is not a four-digit year.
    #[error("not a four-digit year")]
    InvalidYear,
    /// `GenderCurrent` not one of 1, 2, 0, 9.
    #[error("not a GenderCurrent code (expected 1, 2, 0 or 9)")]
    InvalidGenderCurrent,
    /// `Sex` not one of M, F, U.
    #[error("not a Sex code (expected M, F or U)")]
    InvalidSex,
    /// `LAchildID` cannot be used as an identifier; the child is read but not returned as a
    /// [`assure_casedata::Child`].
    #[error("unusable LA child ID: {0}")]
    InvalidChildId(ChildIdError),
    /// The child has no `LAchildID`; the child is read but not returned as a
    /// [`assure_casedata::Child`].
    #[error("the child has no LAchildID")]
    MissingChildId,
    /// A repeating date with no value (e.g. an empty `CPPreviewDate`, query 8842Q).
    #[error("empty value")]
    EmptyValue,
    /// A single-valued element appears twice in the same parent; the first value is kept.
    #[error("appears more than once in its parent; the first value is kept")]
    Repeated,
    /// An element nested inside a simple value (its content is ignored); `value` holds the
    /// nested element's name.
    #[error("unexpected element inside a simple value (ignored)")]
    UnexpectedElement,
    /// Non-whitespace text directly inside a container element (ignored). The text itself is
    /// not echoed, as it is free text of unknown content.
    #[error("{chars} characters of unexpected text between elements (ignored)")]
    UnexpectedText {
        /// Length of the (trimmed) text in characters.
        chars: usize,
    },
    /// An element name used by some software but not by the DfE schema; it was read anyway.
    /// `value` names the schema element (e.g. `CPPreviews` instead of `Reviews`).
    #[error("non-standard element name; the schema uses <{0}> (read anyway)")]
    NonStandardElement(&'static str),
}

impl FieldProblem {
    /// The human-readable description (without location).
    pub fn message(&self) -> String {
        if self.value.is_empty() {
            self.kind.to_string()
        } else {
            format!("{} (value \"{}\")", self.kind, self.value)
        }
    }

    /// Full description with the file name, in the same style as [`crate::CinError`]:
    /// `census.xml line 42, Message/.../CINreferralDate (child RND1): not a valid date ...`.
    pub fn describe(&self, file_name: &str) -> String {
        format!("{file_name} line {self}")
    }
}

impl fmt::Display for FieldProblem {
    /// `42, Message/.../CINreferralDate (child RND1): not a valid date ... (value "...")`
    /// — prefix with a file name and "line" (see [`FieldProblem::describe`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.line, self.path)?;
        if let Some(id) = &self.la_child_id {
            write!(f, " (child {id})")?;
        }
        write!(f, ": {}", self.message())
    }
}

/// Make a value safe to echo in a message: at most 100 characters, control characters
/// escaped (`\t`, `\n`, `\u{0}` ...) so a value cannot forge extra log lines.
pub(crate) fn clip(value: &str) -> String {
    const MAX: usize = 100;
    let mut out = String::with_capacity(value.len().min(MAX + 8));
    for (n, c) in value.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
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
        assert_eq!(clip("a\tb\nc\u{0}"), "a\\tb\\nc\\u{0}");
        assert_eq!(clip(&"x".repeat(150)), format!("{}…", "x".repeat(100)));
        assert_eq!(clip(&"é".repeat(100)), "é".repeat(100));
    }
}
