//! England & Wales bank holidays, kept as data rather than rules.
//!
//! Why data: bank holidays are proclaimed, not computed. Jubilees, a royal
//! wedding, a state funeral, a coronation and moved holidays (2002, 2012,
//! 2020, 2022) all break any rule, and data-standards §3.1 asks for the
//! calendar to be data that can be updated yearly. The table lives in
//! `data/england-and-wales-bank-holidays.txt`, is compiled into the crate
//! with `include_str!`, and is parsed once on first use.
//!
//! The years the table covers (its first to its last year) are the only
//! years the working-day functions accept: outside them we do not know the
//! holidays, so we return an error instead of guessing.

use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use crate::CalendarError;

/// The embedded table (see the file's header for format and sources).
const TABLE_TEXT: &str = include_str!("../data/england-and-wales-bank-holidays.txt");

/// One bank holiday: the day it is observed (substitute days included) and
/// its gov.uk-style name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankHoliday {
    /// The weekday on which the holiday is observed.
    pub date: NaiveDate,
    /// Name, e.g. `Boxing Day (substitute day)`.
    pub name: String,
}

/// A problem in a bank-holiday table, pointing at the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bank-holiday table line {line}: {message}")]
pub struct HolidayTableError {
    /// 1-based line number (0 when the problem is the table as a whole).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parsed table plus its coverage, built once.
struct Table {
    holidays: Vec<BankHoliday>,
    first_year: i32,
    last_year: i32,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The text is compiled in and tested, so a failure here is a bug in
        // the data file, not a runtime condition.
        let holidays = parse_bank_holidays(TABLE_TEXT)
            .unwrap_or_else(|e| panic!("embedded bank-holiday table is invalid: {e}"));
        let first_year = holidays[0].date.year();
        let last_year = holidays[holidays.len() - 1].date.year();
        Table {
            holidays,
            first_year,
            last_year,
        }
    })
}

/// Parse a table in the `YYYY-MM-DD name` format.
///
/// Public so that a candidate update of the data file can be validated
/// before it is committed. Rules enforced: `#` comments and blank lines are
/// ignored; each other line is a date, whitespace, then a non-empty name;
/// dates are strictly ascending (no duplicates); no date is a Saturday or
/// Sunday (only the substitute weekday is listed); no year between the first
/// and last is missing; the table is not empty.
pub fn parse_bank_holidays(text: &str) -> Result<Vec<BankHoliday>, HolidayTableError> {
    let mut out: Vec<BankHoliday> = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let line = idx + 1;
        let err = |message: String| HolidayTableError { line, message };
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (date_text, name) = match trimmed.split_once(char::is_whitespace) {
            Some((d, n)) => (d, n.trim()),
            None => (trimmed, ""),
        };
        let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
            .ok()
            .filter(|_| date_text.len() == 10)
            .ok_or_else(|| err(format!("{date_text:?} is not a YYYY-MM-DD date")))?;
        if name.is_empty() {
            return Err(err(format!("{date} has no name")));
        }
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err(err(format!(
                "{date} is a {}; list the substitute weekday instead",
                date.weekday()
            )));
        }
        if let Some(prev) = out.last() {
            if date <= prev.date {
                return Err(err(format!(
                    "{date} is not after the previous entry {}; dates must be strictly ascending",
                    prev.date
                )));
            }
            if date.year() > prev.date.year() + 1 {
                return Err(err(format!(
                    "years {} to {} are missing; coverage must be continuous",
                    prev.date.year() + 1,
                    date.year() - 1
                )));
            }
        }
        out.push(BankHoliday {
            date,
            name: name.to_owned(),
        });
    }
    if out.is_empty() {
        return Err(HolidayTableError {
            line: 0,
            message: "the table has no holidays".to_owned(),
        });
    }
    Ok(out)
}

/// All bank holidays in the table, in date order.
pub fn bank_holidays() -> &'static [BankHoliday] {
    &table().holidays
}

/// The years the table covers (2000–2030 with the shipped data).
pub fn covered_years() -> RangeInclusive<i32> {
    let t = table();
    t.first_year..=t.last_year
}

/// Whether `year` is covered by the bank-holiday table.
pub fn covers(year: i32) -> bool {
    covered_years().contains(&year)
}

/// Ok if `date` falls in a covered year, else the error every working-day
/// function returns.
pub(crate) fn check_covered(date: NaiveDate) -> Result<(), CalendarError> {
    let t = table();
    if covers(date.year()) {
        Ok(())
    } else {
        Err(CalendarError::OutsideHolidayTable {
            date,
            first: t.first_year,
            last: t.last_year,
        })
    }
}

/// The bank holidays of one covered year, in date order.
pub fn bank_holidays_in_year(year: i32) -> Result<&'static [BankHoliday], CalendarError> {
    let t = table();
    if !covers(year) {
        return Err(CalendarError::YearOutsideHolidayTable {
            year,
            first: t.first_year,
            last: t.last_year,
        });
    }
    let from = t.holidays.partition_point(|h| h.date.year() < year);
    let to = t.holidays.partition_point(|h| h.date.year() <= year);
    Ok(&t.holidays[from..to])
}

/// Whether `date` is a bank holiday; an error outside the covered years.
pub fn is_bank_holiday(date: NaiveDate) -> Result<bool, CalendarError> {
    check_covered(date)?;
    Ok(table()
        .holidays
        .binary_search_by(|h| h.date.cmp(&date))
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn embedded_table_parses() {
        assert!(parse_bank_holidays(TABLE_TEXT).is_ok());
    }

    #[test]
    fn covers_exactly_2000_to_2030() {
        assert_eq!(covered_years(), 2000..=2030);
        assert!(covers(2000) && covers(2030));
        assert!(!covers(1999) && !covers(2031));
    }

    #[test]
    fn every_year_has_at_least_eight_holidays() {
        for y in 2000..=2030 {
            let n = bank_holidays_in_year(y).unwrap().len();
            assert!(n >= 8, "{y} has only {n} bank holidays");
        }
    }

    #[test]
    fn no_holiday_on_a_weekend() {
        for h in bank_holidays() {
            assert!(
                !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun),
                "{} {} falls on a weekend",
                h.date,
                h.name
            );
        }
    }

    #[test]
    fn one_offs_present() {
        for s in [
            "2002-06-03", // Golden Jubilee
            "2011-04-29", // Royal Wedding
            "2012-06-05", // Diamond Jubilee
            "2022-06-03", // Platinum Jubilee
            "2022-09-19", // State Funeral
            "2023-05-08", // Coronation
        ] {
            assert!(is_bank_holiday(d(s)).unwrap(), "{s} missing");
        }
    }

    #[test]
    fn moved_holidays() {
        // Early May 2020 moved to Friday 8 May; the usual Monday is a working day.
        assert!(is_bank_holiday(d("2020-05-08")).unwrap());
        assert!(!is_bank_holiday(d("2020-05-04")).unwrap());
        // Spring holiday moved into June in jubilee years.
        for (moved, usual) in [
            ("2002-06-04", "2002-05-27"),
            ("2012-06-04", "2012-05-28"),
            ("2022-06-02", "2022-05-30"),
        ] {
            assert!(is_bank_holiday(d(moved)).unwrap(), "{moved}");
            assert!(!is_bank_holiday(d(usual)).unwrap(), "{usual}");
        }
    }

    #[test]
    fn known_dates() {
        for s in [
            "2010-04-02", // Good Friday
            "2010-04-05", // Easter Monday
            "2010-05-03", // Early May
            "2010-05-31", // Spring
            "2010-08-30", // Summer
            "2010-12-27", // Christmas (substitute; 25th is a Saturday)
            "2010-12-28", // Boxing Day (substitute)
            "2021-12-27",
            "2021-12-28",
            "2022-12-26",
            "2022-12-27",
            "2024-03-29",
            "2024-04-01",
            "2025-04-18",
            "2025-04-21",
            "2026-04-03",
            "2026-04-06",
            "2026-12-25",
            "2026-12-28", // Boxing Day (substitute; 26th is a Saturday)
            "2000-01-03", // New Year substitute (1 Jan 2000 was a Saturday)
        ] {
            assert!(
                is_bank_holiday(d(s)).unwrap(),
                "{s} should be a bank holiday"
            );
        }
        for s in ["2010-12-24", "2010-12-29", "2024-04-02", "2026-12-24"] {
            assert!(!is_bank_holiday(d(s)).unwrap(), "{s} is not a bank holiday");
        }
    }

    /// The years quoted in data-standards §3.1 (from gov.uk via the D2I
    /// validator) must match the table exactly.
    #[test]
    fn matches_data_standards_3_1_lists() {
        let lists: [(i32, &[&str]); 6] = [
            (
                2022,
                &[
                    "01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19",
                    "12-26", "12-27",
                ],
            ),
            (
                2023,
                &[
                    "01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26",
                ],
            ),
            (
                2024,
                &[
                    "01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26",
                ],
            ),
            (
                2025,
                &[
                    "01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26",
                ],
            ),
            (
                2026,
                &[
                    "01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28",
                ],
            ),
            (
                2027,
                &[
                    "01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28",
                ],
            ),
        ];
        for (y, md) in lists {
            let want: Vec<NaiveDate> = md.iter().map(|s| d(&format!("{y}-{s}"))).collect();
            let got: Vec<NaiveDate> = bank_holidays_in_year(y)
                .unwrap()
                .iter()
                .map(|h| h.date)
                .collect();
            assert_eq!(got, want, "year {y}");
        }
    }

    #[test]
    fn outside_range_is_an_error() {
        let e = is_bank_holiday(d("1999-12-31")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "date 1999-12-31 is outside the bank-holiday table (2000–2030)"
        );
        assert!(is_bank_holiday(d("2031-01-01")).is_err());
        assert!(bank_holidays_in_year(2031).is_err());
    }

    #[test]
    fn parser_reports_line_numbers() {
        let cases = [
            (
                "# c\n2024-01-01 New Year\n2024-13-01 Bad\n",
                3,
                "not a YYYY-MM-DD",
            ),
            ("2024-01-01\n", 1, "no name"),
            ("\n2024-01-06 Saturday thing\n", 2, "Sat"),
            ("2024-01-01 A\n2024-01-01 B\n", 2, "strictly ascending"),
            ("2024-03-29 A\n2024-01-01 B\n", 2, "strictly ascending"),
            (
                "2024-01-01 A\n2026-01-01 B\n",
                2,
                "2025 to 2025 are missing",
            ),
            ("24-1-1 A\n", 1, "not a YYYY-MM-DD"),
            ("# only comments\n\n", 0, "no holidays"),
        ];
        for (text, line, fragment) in cases {
            let e = parse_bank_holidays(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(fragment), "{text:?}: {e}");
        }
    }

    #[test]
    fn parser_accepts_names_with_spaces_and_trailing_whitespace() {
        let t = parse_bank_holidays("  2024-01-01   New Year's Day  \n").unwrap();
        assert_eq!(t[0].date, d("2024-01-01"));
        assert_eq!(t[0].name, "New Year's Day");
    }
}
