//! The Blue/Green/Amber/Red rating used by improvement boards.
//!
//! A status is always presented as its word and a symbol so that it never depends on
//! colour alone (WCAG 1.4.1).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Status {
    /// Complete.
    Blue,
    /// On track.
    Green,
    /// At risk.
    Amber,
    /// Off track.
    Red,
    #[default]
    NotRated,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Blue,
        Status::Green,
        Status::Amber,
        Status::Red,
        Status::NotRated,
    ];

    /// The word shown to people and written to files.
    pub fn word(self) -> &'static str {
        match self {
            Status::Blue => "Blue",
            Status::Green => "Green",
            Status::Amber => "Amber",
            Status::Red => "Red",
            Status::NotRated => "Not rated",
        }
    }

    /// What the status means, for legends and screen readers.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::Blue => "complete",
            Status::Green => "on track",
            Status::Amber => "at risk",
            Status::Red => "off track",
            Status::NotRated => "not yet rated",
        }
    }

    /// A distinct shape per status, so a status survives greyscale printing.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Blue => "✔",
            Status::Green => "●",
            Status::Amber => "▲",
            Status::Red => "■",
            Status::NotRated => "○",
        }
    }

    /// A stable machine slug (CSS classes, URLs, database values).
    pub fn slug(self) -> &'static str {
        match self {
            Status::Blue => "blue",
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
            Status::NotRated => "not-rated",
        }
    }

    pub fn is_complete(self) -> bool {
        self == Status::Blue
    }

    pub fn from_slug(slug: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("status \"{0}\" is not one of Blue, Green, Amber, Red, Not rated")]
pub struct ParseStatusError(pub String);

impl FromStr for Status {
    type Err = ParseStatusError;

    /// Accepts the words in any case, with spaces, hyphens or underscores in "Not rated",
    /// and an empty value as Not rated (the seed leaves some ratings blank).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "blue" => Ok(Status::Blue),
            "green" => Ok(Status::Green),
            "amber" => Ok(Status::Amber),
            "red" => Ok(Status::Red),
            "notrated" | "" => Ok(Status::NotRated),
            _ => Err(ParseStatusError(s.trim().to_string())),
        }
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.word())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_in_any_case_and_spelling() {
        assert_eq!("GREEN".parse::<Status>(), Ok(Status::Green));
        assert_eq!(" amber ".parse::<Status>(), Ok(Status::Amber));
        assert_eq!("Not rated".parse::<Status>(), Ok(Status::NotRated));
        assert_eq!("not-rated".parse::<Status>(), Ok(Status::NotRated));
        assert_eq!("".parse::<Status>(), Ok(Status::NotRated));
    }

    #[test]
    fn rejects_unknown_words_naming_the_scale() {
        let err = "Ambre".parse::<Status>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "status \"Ambre\" is not one of Blue, Green, Amber, Red, Not rated"
        );
    }

    #[test]
    fn every_status_has_a_distinct_word_symbol_and_slug() {
        for a in Status::ALL {
            for b in Status::ALL {
                if a != b {
                    assert_ne!(a.word(), b.word());
                    assert_ne!(a.symbol(), b.symbol());
                    assert_ne!(a.slug(), b.slug());
                }
            }
            assert_eq!(Status::from_slug(a.slug()), Some(a));
            assert_eq!(a.word().parse::<Status>(), Ok(a));
        }
    }

    #[test]
    fn serialises_as_its_word() {
        assert_eq!(
            serde_json::to_string(&Status::NotRated).unwrap(),
            "\"Not rated\""
        );
        let back: Status = serde_json::from_str("\"Blue\"").unwrap();
        assert_eq!(back, Status::Blue);
    }
}
