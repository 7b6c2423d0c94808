//! Cell values and their parsing: dates, whole numbers, coded answers, text.

use chrono::{Datelike, Duration, NaiveDate};

/// One cell as read from a workbook or CSV file, before it is interpreted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawCell {
    Empty,
    Text(String),
    Number(f64),
    /// A number in a date-formatted cell (an Excel serial date in the workbook's epoch).
    Serial(f64),
    /// An ISO 8601 date cell (`t="d"`).
    IsoDate(String),
    Bool(bool),
    /// A spreadsheet error such as `#N/A`.
    Error(String),
}

impl RawCell {
    /// Blank after whitespace normalisation (also `NULL`, which SQL exports write for blank).
    pub fn is_blank(&self) -> bool {
        match self {
            RawCell::Empty => true,
            RawCell::Text(s) => {
                let t = s.trim_matches(|c: char| c.is_whitespace());
                t.is_empty() || t.eq_ignore_ascii_case("null")
            }
            RawCell::IsoDate(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The spreadsheet error this cell holds, also when a CSV export wrote it as text.
    pub fn error_text(&self) -> Option<String> {
        match self {
            RawCell::Error(e) => Some(e.clone()),
            RawCell::Text(s) => {
                let t = s.trim();
                const ERRORS: [&str; 8] = [
                    "#N/A",
                    "#VALUE!",
                    "#REF!",
                    "#DIV/0!",
                    "#NAME?",
                    "#NULL!",
                    "#NUM!",
                    "#GETTING_DATA",
                ];
                ERRORS
                    .iter()
                    .find(|e| t.eq_ignore_ascii_case(e))
                    .map(|e| (*e).to_string())
            }
            _ => None,
        }
    }

    /// The value as text, whitespace normalised (for messages and text fields). Whole
    /// numbers print without a decimal point (child IDs are often stored as numbers).
    pub fn display(&self, is_1904: bool) -> String {
        match self {
            RawCell::Empty => String::new(),
            RawCell::Text(s) | RawCell::IsoDate(s) | RawCell::Error(s) => normalise_space(s),
            RawCell::Number(n) => number_text(*n),
            RawCell::Serial(n) => match serial_to_date(*n, is_1904) {
                Some(d) => d.format("%d/%m/%Y").to_string(),
                None => number_text(*n),
            },
            RawCell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Collapse every run of whitespace (including non-breaking and other Unicode spaces, tabs
/// and line breaks) to one space and trim.
pub(crate) fn normalise_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Zero-width and bidirectional formatting characters, the BOM and the soft hyphen.
pub(crate) fn is_invisible(c: char) -> bool {
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

/// Excel serial day number to a date. 1900 system: day 1 = 1900-01-01, with Excel's
/// phantom 29/02/1900 (so serials from 61 count from 1899-12-30); 1904 system: day 0 =
/// 1904-01-01. A time-of-day fraction is ignored.
pub(crate) fn serial_to_date(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else if days >= 61 {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    } else {
        if days < 1 {
            return None;
        }
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    };
    base.checked_add_signed(Duration::days(days))
}

/// Why a value is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Not a date at all.
    NotADate,
    /// A two-digit year.
    TwoDigitYear,
}

/// Parse date text: `dd/mm/yyyy` (one- or two-digit day and month; `-` or `.` also accepted
/// as separators; a trailing time such as ` 00:00` or ` 00:00:00` ignored), ISO
/// `yyyy-mm-dd`, or a whole number read as an Excel serial day in the given epoch.
pub(crate) fn parse_date_text(text: &str, is_1904: bool) -> Result<NaiveDate, DateError> {
    let t = normalise_space(text);
    let date_part = match t.split_once(['T', ' ']) {
        Some((d, time)) if looks_like_time(time) => d,
        _ => t.as_str(),
    };
    // Serial number written as text (CSV exports of unformatted cells).
    if !date_part.is_empty() && date_part.bytes().all(|b| b.is_ascii_digit()) {
        if date_part.len() <= 7 {
            let n: f64 = date_part.parse().map_err(|_| DateError::NotADate)?;
            return serial_to_date(n, is_1904).ok_or(DateError::NotADate);
        }
        return Err(DateError::NotADate);
    }
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(DateError::NotADate);
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| DateError::NotADate);
    if parts[0].len() == 4 && date_part.contains('-') {
        // ISO yyyy-mm-dd
        if parts[1].len() > 2 || parts[2].len() > 2 {
            return Err(DateError::NotADate);
        }
        return NaiveDate::from_ymd_opt(num(parts[0])? as i32, num(parts[1])?, num(parts[2])?)
            .ok_or(DateError::NotADate);
    }
    if parts[0].len() > 2 || parts[1].len() > 2 {
        return Err(DateError::NotADate);
    }
    match parts[2].len() {
        4 => NaiveDate::from_ymd_opt(num(parts[2])? as i32, num(parts[1])?, num(parts[0])?)
            .ok_or(DateError::NotADate),
        2 => Err(DateError::TwoDigitYear),
        _ => Err(DateError::NotADate),
    }
}

fn looks_like_time(s: &str) -> bool {
    let s = s.trim_end_matches('Z');
    let parts: Vec<&str> = s.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        })
}

/// Whole years from `from` to `to` (negative if `to` is earlier).
pub(crate) fn years_between(from: NaiveDate, to: NaiveDate) -> i32 {
    if to < from {
        return -years_between(to, from);
    }
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years
}

/// Remove a template letter prefix: `a) Male` → `Male`, `p1) 5D: LA services` → `5D: LA
/// services`. Returns the prefix letter too.
pub(crate) fn strip_letter_prefix(text: &str) -> (Option<char>, &str) {
    let t = text.trim();
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() && i < 2 && bytes[i].is_ascii_alphabetic() {
        i += 1;
    }
    if i == 0 {
        return (None, t);
    }
    let mut j = i;
    if j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    if j < bytes.len() && bytes[j] == b')' {
        let letter = (bytes[0] as char).to_ascii_lowercase();
        let prefix_ok = i == 1;
        if prefix_ok {
            return (Some(letter), t[j + 1..].trim());
        }
    }
    (None, t)
}

/// Lower-case letters and digits only.
pub(crate) fn squash(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn serials_in_both_epochs() {
        assert_eq!(serial_to_date(44090.0, false), Some(d(2020, 9, 16)));
        assert_eq!(serial_to_date(44090.75, false), Some(d(2020, 9, 16)));
        assert_eq!(serial_to_date(1.0, false), Some(d(1900, 1, 1)));
        assert_eq!(serial_to_date(61.0, false), Some(d(1900, 3, 1)));
        // The same day is 1,462 lower in the 1904 system.
        assert_eq!(serial_to_date(44090.0 - 1462.0, true), Some(d(2020, 9, 16)));
        assert_eq!(serial_to_date(0.0, true), Some(d(1904, 1, 1)));
        assert_eq!(serial_to_date(-1.0, false), None);
        assert_eq!(serial_to_date(f64::NAN, false), None);
        assert_eq!(serial_to_date(1e12, false), None);
    }

    #[test]
    fn date_text() {
        assert_eq!(parse_date_text("16/09/2020", false), Ok(d(2020, 9, 16)));
        assert_eq!(parse_date_text(" 6/9/2020 ", false), Ok(d(2020, 9, 6)));
        assert_eq!(parse_date_text("16-09-2020", false), Ok(d(2020, 9, 16)));
        assert_eq!(parse_date_text("16.09.2020", false), Ok(d(2020, 9, 16)));
        assert_eq!(
            parse_date_text("16/09/2020 00:00", false),
            Ok(d(2020, 9, 16))
        );
        assert_eq!(
            parse_date_text("16/09/2020 00:00:00", false),
            Ok(d(2020, 9, 16))
        );
        assert_eq!(parse_date_text("2020-09-16", false), Ok(d(2020, 9, 16)));
        assert_eq!(
            parse_date_text("2020-09-16T00:00:00", false),
            Ok(d(2020, 9, 16))
        );
        assert_eq!(parse_date_text("44090", false), Ok(d(2020, 9, 16)));
        assert_eq!(
            parse_date_text("31/02/2024", false),
            Err(DateError::NotADate)
        );
        assert_eq!(
            parse_date_text("16/09/20", false),
            Err(DateError::TwoDigitYear)
        );
        assert_eq!(
            parse_date_text("09/16/2020", false),
            Err(DateError::NotADate)
        );
        assert_eq!(
            parse_date_text("next week", false),
            Err(DateError::NotADate)
        );
        assert_eq!(
            parse_date_text("2020/09/16", false),
            Err(DateError::NotADate)
        );
        assert_eq!(parse_date_text("", false), Err(DateError::NotADate));
    }

    #[test]
    fn years() {
        assert_eq!(years_between(d(2015, 1, 26), d(2021, 3, 16)), 6);
        assert_eq!(years_between(d(2015, 3, 17), d(2021, 3, 16)), 5);
        assert_eq!(years_between(d(2021, 3, 16), d(2015, 3, 17)), -5);
    }

    #[test]
    fn prefixes_and_space() {
        assert_eq!(strip_letter_prefix("a) Male"), (Some('a'), "Male"));
        assert_eq!(
            strip_letter_prefix("p1) 5D: LA services"),
            (Some('p'), "5D: LA services")
        );
        assert_eq!(strip_letter_prefix("Male"), (None, "Male"));
        assert_eq!(strip_letter_prefix("N1 - Abuse"), (None, "N1 - Abuse"));
        assert_eq!(strip_letter_prefix("b)"), (Some('b'), ""));
        assert_eq!(
            normalise_space(" Dustin\u{a0}\u{a0}Hazlett\t\n"),
            "Dustin Hazlett"
        );
    }
}
