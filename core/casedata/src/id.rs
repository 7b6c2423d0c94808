//! Identifier newtypes parsed at the edge.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a raw string is not a usable LA child identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChildIdError {
    /// Blank, or only whitespace.
    #[error("the LA child ID is blank")]
    Empty,
    /// More than [`ChildId::MAX_CHARS`] characters after trimming.
    #[error("the LA child ID has {chars} characters; the limit is 20")]
    TooLong {
        /// Number of characters (Unicode scalar values) after trimming.
        chars: usize,
    },
    /// Contains a control character (tab, NUL, newline, DEL, C1 controls ...).
    #[error("the LA child ID contains a control character at position {position}")]
    ControlCharacter {
        /// 1-based character position in the trimmed ID.
        position: usize,
    },
    /// Contains an invisible formatting character (zero-width space, bidi override, BOM,
    /// soft hyphen ...), which could make two different IDs look the same (IMP-09).
    #[error("the LA child ID contains an invisible formatting character at position {position}")]
    InvisibleCharacter {
        /// 1-based character position in the trimmed ID.
        position: usize,
    },
}

/// The local authority's identifier for a child (CIN `LAchildID`, N00097; Annex A
/// `Child Unique ID`). Pseudonymous but still personal data.
///
/// Parsing trims surrounding whitespace and then requires: not empty, at most 20 characters,
/// no control characters and no invisible formatting characters. It does **not** require
/// ASCII letters and digits only: that is a validation rule from 2024-25 (rule 1580), see
/// [`ChildId::is_ascii_alphanumeric`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChildId(String);

impl ChildId {
    /// Longest accepted ID, in characters (rule 1570).
    pub const MAX_CHARS: usize = 20;

    /// Parse a raw identifier (see the type documentation for the rules).
    pub fn parse(raw: &str) -> Result<Self, ChildIdError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ChildIdError::Empty);
        }
        // Fast path for the usual case: short ASCII alphanumeric IDs.
        if s.len() <= Self::MAX_CHARS && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Ok(ChildId(s.to_owned()));
        }
        let mut chars = 0usize;
        for (i, c) in s.chars().enumerate() {
            chars += 1;
            if c.is_control() {
                return Err(ChildIdError::ControlCharacter { position: i + 1 });
            }
            if is_invisible_format_char(c) {
                return Err(ChildIdError::InvisibleCharacter { position: i + 1 });
            }
        }
        if chars > Self::MAX_CHARS {
            return Err(ChildIdError::TooLong { chars });
        }
        Ok(ChildId(s.to_owned()))
    }

    /// The identifier text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when every character is an ASCII letter or digit (rule 1580, 2024-25 onwards).
    pub fn is_ascii_alphanumeric(&self) -> bool {
        self.0.bytes().all(|b| b.is_ascii_alphanumeric())
    }
}

/// Zero-width and bidirectional formatting characters, the BOM and the soft hyphen.
fn is_invisible_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

impl fmt::Display for ChildId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ChildId {
    type Err = ChildIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ChildId::parse(s)
    }
}

impl TryFrom<String> for ChildId {
    type Error = ChildIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ChildId::parse(&s)
    }
}

impl TryFrom<&str> for ChildId {
    type Error = ChildIdError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        ChildId::parse(s)
    }
}

impl From<ChildId> for String {
    fn from(id: ChildId) -> String {
        id.0
    }
}

impl AsRef<str> for ChildId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Lets a `HashMap<ChildId, _>` be queried with a `&str`.
impl Borrow<str> for ChildId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_trims() {
        let id = ChildId::parse("  RND000215205141 \n").unwrap();
        assert_eq!(id.as_str(), "RND000215205141");
        assert!(id.is_ascii_alphanumeric());
    }

    #[test]
    fn twenty_chars_ok_twenty_one_not() {
        assert!(ChildId::parse(&"A".repeat(20)).is_ok());
        assert_eq!(
            ChildId::parse(&"A".repeat(21)),
            Err(ChildIdError::TooLong { chars: 21 })
        );
        // Characters, not bytes: 20 two-byte characters are fine.
        assert!(ChildId::parse(&"é".repeat(20)).is_ok());
        assert_eq!(
            ChildId::parse(&"é".repeat(21)),
            Err(ChildIdError::TooLong { chars: 21 })
        );
    }

    #[test]
    fn empty_rejected() {
        assert_eq!(ChildId::parse(""), Err(ChildIdError::Empty));
        assert_eq!(ChildId::parse(" \t\n"), Err(ChildIdError::Empty));
    }

    #[test]
    fn control_and_invisible_rejected() {
        assert_eq!(
            ChildId::parse("AB\u{0}C"),
            Err(ChildIdError::ControlCharacter { position: 3 })
        );
        assert_eq!(
            ChildId::parse("A\tB"),
            Err(ChildIdError::ControlCharacter { position: 2 })
        );
        assert_eq!(
            ChildId::parse("A\u{200B}B"),
            Err(ChildIdError::InvisibleCharacter { position: 2 })
        );
        assert_eq!(
            ChildId::parse("\u{202E}AB"),
            Err(ChildIdError::InvisibleCharacter { position: 1 })
        );
    }

    #[test]
    fn non_alphanumeric_parses_but_is_flagged() {
        // From the public 2024/2026 sample files: 23 characters, so too long.
        let err = ChildId::parse("child_fails_assessments").err();
        assert_eq!(err, Some(ChildIdError::TooLong { chars: 23 }));
        let id = ChildId::parse("ABC-123/4").unwrap();
        assert!(!id.is_ascii_alphanumeric());
    }

    #[test]
    fn serde_round_trip_validates() {
        let id = ChildId::parse("X1").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"X1\"");
        let back: ChildId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
        assert!(serde_json::from_str::<ChildId>("\"\"").is_err());
        assert!(serde_json::from_str::<ChildId>(&format!("\"{}\"", "9".repeat(21))).is_err());
    }

    #[test]
    fn borrow_str_lookup() {
        let mut m = std::collections::HashMap::new();
        m.insert(ChildId::parse("A1").unwrap(), 1);
        assert_eq!(m.get("A1"), Some(&1));
    }
}
