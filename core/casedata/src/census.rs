//! CIN census facts that sit beside the shared model: child-level extras the validation
//! rules need, facts about UPNs (never the UPN itself), and the non-fatal field problems a
//! reader reports. Moved here from `assure-cinxml` so that validation rules can be pure
//! functions of this crate's types; `assure-cinxml` re-exports all of them unchanged.

use std::fmt;

use chrono::NaiveDate;

use crate::{ChildId, ChildIdError};

/// Child-level CIN census facts kept for validation only (not part of the shared model).
///
/// UPNs are never stored: see [`UpnFacts`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CinChildExtras {
    /// Raw `GenderCurrent` code (to 2023-24), when present.
    pub gender_current: Option<String>,
    /// Raw `Sex` code (from 2024-25), when present. When both are present and valid,
    /// `Child::sex` comes from `Sex`.
    pub sex: Option<String>,
    /// `PersonDeathDate` (rules 8535Q, 8545Q, 8555Q, 8585Q, 4008, 8915, 8920).
    pub person_death_date: Option<NaiveDate>,
    /// Facts about `UPN`, when a non-empty one is present (rules 1510-1550, 8770Q).
    pub upn: Option<UpnFacts>,
    /// Facts about `FormerUPN`, when a non-empty one is present (rule 1560Q).
    pub former_upn: Option<UpnFacts>,
    /// `UPNunknown` reason code (`UN1` ... `UN7`; rules 8770Q, 8772).
    pub upn_unknown: Option<String>,
}

/// What the validation rules need to know about a UPN or former UPN, computed when the file
/// is read so that **the UPN itself is never stored** (data minimisation).
///
/// Covers rules 1510 (check letter), 1520 (duplicate UPN, via [`UpnFacts::fingerprint`]),
/// 1530 (LA code: chars 2-4), 1540 (chars 5-12 numeric), 1550 (char 13), 1560Q (former UPN
/// format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpnFacts {
    /// Length in characters (a valid UPN has 13).
    pub chars: usize,
    /// Character 1 is a capital ASCII letter.
    pub first_char_is_letter: bool,
    /// Whether character 1 is the correct check letter. `None` when it cannot be computed
    /// because the value is not 13 characters or characters 2-13 are not all digits
    /// (temporary UPNs end in a letter); the DfE validator skips those too.
    pub check_letter_ok: Option<bool>,
    /// Characters 2-4 (the issuing LA's DfE number) when they are three ASCII digits. This
    /// identifies an LA, not a child. `None` = characters 2-4 are not digits.
    pub la_code: Option<String>,
    /// Characters 5-12 are all digits.
    pub chars_5_to_12_numeric: bool,
    /// Character 13 is a digit or a capital letter other than I, O and S.
    pub char_13_valid: bool,
    /// Keyed hash of the trimmed UPN, for finding duplicate UPNs (rule 1520). The key is
    /// random and private to one reader, so fingerprints can be compared only between
    /// records of the same file read, cannot be reversed without the key, and must not be
    /// stored.
    pub fingerprint: u64,
}

impl UpnFacts {
    /// 13 characters: a capital letter, 11 digits, then a digit or an allowed capital letter.
    pub fn is_well_formed(&self) -> bool {
        self.chars == 13
            && self.la_code.is_some()
            && self.chars_5_to_12_numeric
            && self.char_13_valid
            && self.first_char_is_letter
    }
}

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
    /// [`crate::Child`].
    #[error("unusable LA child ID: {0}")]
    InvalidChildId(ChildIdError),
    /// The child has no `LAchildID`; the child is read but not returned as a
    /// [`crate::Child`].
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

    /// Full description with the file name, in the same style as the reader's fatal errors:
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
