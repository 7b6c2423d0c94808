//! Sex / gender of a child as the statutory returns record it.

use serde::{Deserialize, Serialize};

/// A child's recorded sex or gender.
///
/// The CIN census used `GenderCurrent` (1 male, 2 female, 0 not recorded or unborn,
/// 9 indeterminate) up to 2023-24 and `Sex` (M, F, U) from 2024-25. Both map here:
///
/// | source | code | value |
/// |---|---|---|
/// | GenderCurrent | `1` | [`Sex::Male`] |
/// | GenderCurrent | `2` | [`Sex::Female`] |
/// | GenderCurrent | `0` | [`Sex::NotRecorded`] |
/// | GenderCurrent | `9` | [`Sex::Indeterminate`] |
/// | Sex | `M` | [`Sex::Male`] |
/// | Sex | `F` | [`Sex::Female`] |
/// | Sex | `U` | [`Sex::Unknown`] |
///
/// `NotRecorded` is also the default when a source gives nothing usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Unknown (`Sex` code `U`; required for an unborn child from 2024-25, rule 8750).
    Unknown,
    /// Indeterminate (`GenderCurrent` code `9`).
    Indeterminate,
    /// Not recorded, or unborn (`GenderCurrent` code `0`), or no usable value supplied.
    #[default]
    NotRecorded,
}

impl Sex {
    /// Map a CIN census `GenderCurrent` code (`1`, `2`, `0`, `9`; surrounding whitespace
    /// ignored). Any other value gives `None`.
    pub fn from_cin_gender_current(code: &str) -> Option<Sex> {
        match code.trim() {
            "1" => Some(Sex::Male),
            "2" => Some(Sex::Female),
            "0" => Some(Sex::NotRecorded),
            "9" => Some(Sex::Indeterminate),
            _ => None,
        }
    }

    /// Map a CIN census `Sex` code (`M`, `F`, `U`, upper case as in the schema; surrounding
    /// whitespace ignored). Any other value gives `None`.
    pub fn from_cin_sex(code: &str) -> Option<Sex> {
        match code.trim() {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            "U" => Some(Sex::Unknown),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gender_current_codes() {
        assert_eq!(Sex::from_cin_gender_current("1"), Some(Sex::Male));
        assert_eq!(Sex::from_cin_gender_current(" 2 "), Some(Sex::Female));
        assert_eq!(Sex::from_cin_gender_current("0"), Some(Sex::NotRecorded));
        assert_eq!(Sex::from_cin_gender_current("9"), Some(Sex::Indeterminate));
        assert_eq!(Sex::from_cin_gender_current("M"), None);
        assert_eq!(Sex::from_cin_gender_current(""), None);
        assert_eq!(Sex::from_cin_gender_current("3"), None);
    }

    #[test]
    fn sex_codes() {
        assert_eq!(Sex::from_cin_sex("M"), Some(Sex::Male));
        assert_eq!(Sex::from_cin_sex("F\n"), Some(Sex::Female));
        assert_eq!(Sex::from_cin_sex("U"), Some(Sex::Unknown));
        assert_eq!(Sex::from_cin_sex("1"), None);
        assert_eq!(Sex::from_cin_sex("m"), None);
        assert_eq!(Sex::default(), Sex::NotRecorded);
    }
}
