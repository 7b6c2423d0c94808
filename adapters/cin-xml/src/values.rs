//! Parsing of simple values (dates, yes/no, integers) and UPN facts.

use std::hash::{BuildHasher, RandomState};

use assure_casedata::NaiveDate;

/// Parse an `xs:date` without timezone: exactly `YYYY-MM-DD` and a real calendar date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut v = 0u32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    let y = num(0..4)?;
    let m = num(5..7)?;
    let d = num(8..10)?;
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Parse a CIN yes/no value: `true`/`false`/`1`/`0`, any case, surrounding whitespace
/// ignored.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    let s = s.trim();
    if s == "1" || s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s == "0" || s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Parse a non-negative whole number (digits only, optional leading `+` not accepted).
pub fn parse_count(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Moved to `assure-casedata` (so validation rules can be pure); re-exported unchanged.
pub use assure_casedata::UpnFacts;

/// Check letters for remainders 0..=22 (A-Z without I, O, S).
const CHECK_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

pub(crate) fn upn_facts(raw: &str, keys: &RandomState) -> UpnFacts {
    let b = raw.as_bytes();
    let all_digits =
        |r: std::ops::Range<usize>| b.len() >= r.end && b[r].iter().all(u8::is_ascii_digit);
    let la_code = if all_digits(1..4) {
        Some(raw[1..4].to_owned())
    } else {
        None
    };
    let chars_5_to_12_numeric = all_digits(4..12);
    let char_13_valid = b.len() >= 13
        && (b[12].is_ascii_digit()
            || (b[12].is_ascii_uppercase() && !matches!(b[12], b'I' | b'O' | b'S')));
    let check_letter_ok = if b.len() == 13 && all_digits(1..13) {
        let sum: u32 = (1..13)
            .map(|i| u32::from(b[i] - b'0') * (i as u32 + 1))
            .sum();
        Some(b[0] == CHECK_LETTERS[(sum % 23) as usize])
    } else {
        None
    };
    UpnFacts {
        chars: raw.chars().count(),
        check_letter_ok,
        la_code,
        chars_5_to_12_numeric,
        char_13_valid,
        first_char_is_letter: b.first().is_some_and(u8::is_ascii_uppercase),
        fingerprint: keys.hash_one(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2021-03-31"),
            NaiveDate::from_ymd_opt(2021, 3, 31)
        );
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_date("2021-02-30"), None);
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("31/03/2021"), None);
        assert_eq!(parse_date("2021-3-31"), None);
        assert_eq!(parse_date("2021-03-31Z"), None);
        assert_eq!(parse_date("2021-03-31T00:00:00"), None);
        assert_eq!(parse_date("2021-13-01"), None);
        assert_eq!(parse_date("2021-00-10"), None);
        assert_eq!(parse_date("+021-03-31"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn yes_no() {
        for t in ["true", "TRUE", "True", " tRuE ", "1", "\n1\n"] {
            assert_eq!(parse_yes_no(t), Some(true), "{t:?}");
        }
        for f in ["false", "FALSE", "False", "0", " 0"] {
            assert_eq!(parse_yes_no(f), Some(false), "{f:?}");
        }
        for bad in ["yes", "no", "Y", "N", "", "2", "01", "t"] {
            assert_eq!(parse_yes_no(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("0"), Some(0));
        assert_eq!(parse_count("10"), Some(10));
        assert_eq!(parse_count("-1"), None);
        assert_eq!(parse_count("+1"), None);
        assert_eq!(parse_count("1.0"), None);
        assert_eq!(parse_count("99999999999"), None);
    }

    #[test]
    fn upn_checks() {
        let k = RandomState::new();
        // Examples from DfE guidance and the D2I validator's tests.
        for good in ["H801200001001", "A950000178301", "H243278544154"] {
            let f = upn_facts(good, &k);
            assert_eq!(f.check_letter_ok, Some(true), "{good}");
            assert!(f.is_well_formed(), "{good}");
        }
        for bad in ["Z801200001001", "R247962919251", "X428558133462"] {
            assert_eq!(upn_facts(bad, &k).check_letter_ok, Some(false), "{bad}");
        }
        let temp = upn_facts("G80120000101A", &k);
        assert_eq!(temp.check_letter_ok, None);
        assert!(temp.char_13_valid && temp.is_well_formed());
        let nonsense = upn_facts("R325", &k);
        assert_eq!(nonsense.check_letter_ok, None);
        assert_eq!(nonsense.la_code.as_deref(), Some("325"));
        assert!(!nonsense.chars_5_to_12_numeric && !nonsense.is_well_formed());
        let letters = upn_facts("ASFFAGSVSV123", &k);
        assert_eq!(letters.la_code, None);
        assert!(!letters.is_well_formed());
        let bad13 = upn_facts("A12345678901I", &k);
        assert!(!bad13.char_13_valid);
        // Same UPN, same reader key: same fingerprint; different UPN: different.
        assert_eq!(
            upn_facts("A950000178301", &k).fingerprint,
            upn_facts("A950000178301", &k).fingerprint
        );
        assert_ne!(
            upn_facts("A950000178301", &k).fingerprint,
            upn_facts("H801200001001", &k).fingerprint
        );
    }
}
