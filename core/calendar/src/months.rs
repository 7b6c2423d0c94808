//! Calendar-month arithmetic with end-of-month clamping.
//!
//! Why clamping: "three months after 30 November" must be a real date, and
//! the convention used by SQL Server's `DATEADD(MONTH, …)`, by chrono and by
//! most analysts' spreadsheets is to keep the day of month and pull it back
//! to the last day of a shorter month (30 Nov + 3 months = 28 Feb). Reporting
//! windows built here therefore agree with the SQL extracts councils run.

use chrono::{Datelike, NaiveDate};

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`.
///
/// # Panics
/// If `month` is not in 1–12.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => panic!("month {month} is not in 1–12"),
    }
}

/// `date` moved by `n` calendar months (negative `n` goes back), keeping the
/// day of month but clamping it to the end of the target month; `None` only
/// if the result is outside chrono's representable range (±262,000 years).
pub fn checked_add_months(date: NaiveDate, n: i32) -> Option<NaiveDate> {
    let total = i64::from(date.year()) * 12 + i64::from(date.month0()) + i64::from(n);
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = total.rem_euclid(12) as u32 + 1;
    let day = date.day().min(days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `date` moved by `n` calendar months, clamped to month end:
/// 2024-11-30 + 3 = 2025-02-28; 2024-01-31 + 1 = 2024-02-29;
/// 2025-03-31 − 1 = 2025-02-28.
///
/// # Panics
/// Only if the result is outside chrono's range (±262,000 years); use
/// [`checked_add_months`] for untrusted `n`.
pub fn add_months(date: NaiveDate, n: i32) -> NaiveDate {
    checked_add_months(date, n)
        .unwrap_or_else(|| panic!("{date} + {n} months is outside the representable date range"))
}

/// `date` moved by `n` years: `add_months(date, 12 * n)`, so 29 February
/// goes to 28 February in a non-leap year; `None` outside chrono's range.
pub fn checked_add_years(date: NaiveDate, n: i32) -> Option<NaiveDate> {
    let months = i32::try_from(i64::from(n) * 12).ok()?;
    checked_add_months(date, months)
}

/// `date` moved by `n` years (`add_months(date, 12 * n)`).
///
/// # Panics
/// Only if the result is outside chrono's range; see [`checked_add_years`].
pub fn add_years(date: NaiveDate, n: i32) -> NaiveDate {
    checked_add_years(date, n)
        .unwrap_or_else(|| panic!("{date} + {n} years is outside the representable date range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn clamps_to_month_end() {
        assert_eq!(add_months(d("2024-11-30"), 3), d("2025-02-28"));
        assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29"));
        assert_eq!(add_months(d("2025-01-31"), 1), d("2025-02-28"));
        assert_eq!(add_months(d("2024-03-31"), 1), d("2024-04-30"));
        assert_eq!(add_months(d("2024-01-15"), 1), d("2024-02-15"));
    }

    #[test]
    fn negative_and_zero() {
        assert_eq!(add_months(d("2025-03-31"), -1), d("2025-02-28"));
        assert_eq!(add_months(d("2024-03-31"), -1), d("2024-02-29"));
        assert_eq!(add_months(d("2025-01-15"), -1), d("2024-12-15"));
        assert_eq!(add_months(d("2025-10-06"), -6), d("2025-04-06"));
        assert_eq!(add_months(d("2025-08-31"), -6), d("2025-02-28"));
        assert_eq!(add_months(d("2025-05-17"), 0), d("2025-05-17"));
        assert_eq!(add_months(d("2025-05-17"), -25), d("2023-04-17"));
    }

    #[test]
    fn crossing_years() {
        assert_eq!(add_months(d("2024-12-31"), 1), d("2025-01-31"));
        assert_eq!(add_months(d("2024-12-31"), 14), d("2026-02-28"));
    }

    #[test]
    fn years() {
        assert_eq!(add_years(d("2024-02-29"), 1), d("2025-02-28"));
        assert_eq!(add_years(d("2024-02-29"), 4), d("2028-02-29"));
        assert_eq!(add_years(d("2025-03-31"), -1), d("2024-03-31"));
        assert_eq!(add_years(d("2020-06-30"), -2), d("2018-06-30"));
    }

    #[test]
    fn out_of_range_is_none() {
        assert_eq!(checked_add_months(d("2024-01-01"), i32::MAX), None);
        assert_eq!(checked_add_years(d("2024-01-01"), i32::MIN), None);
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2025, 4), 30);
        assert_eq!(days_in_month(2025, 12), 31);
    }
}
