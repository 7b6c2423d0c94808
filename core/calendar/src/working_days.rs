//! Working days: Monday to Friday, excluding England & Wales bank holidays.
//!
//! Counting convention (see CONVENTIONS.md and data-standards §3.1): the
//! working days between `a` and `b` are the working days `d` with
//! `a < d ≤ b`. The start day never counts, the end day counts if it is a
//! working day, and the same day gives 0. This matches the DfE duration bins
//! ("Same day", "1-10 days", ...). A start on a weekend or holiday is not
//! rolled forward: from a Saturday, the following Monday is working day 1.
//!
//! Why a prefix table: indicators call `working_days` millions of times.
//! We precompute, once, the running count of working days for every date
//! the bank-holiday table covers (about 11,000 dates, 45 KB), so a count is
//! two array reads and a subtraction, and `add_working_days` is a binary
//! search.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::bank_holidays::{bank_holidays, check_covered, covered_years};
use crate::CalendarError;

/// Running working-day counts over the covered years.
struct Index {
    /// 1 January of the first covered year.
    first: NaiveDate,
    /// `cum[i]` = number of working days in `[first, first + i]`.
    cum: Vec<u32>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let years = covered_years();
        let first = NaiveDate::from_ymd_opt(*years.start(), 1, 1).expect("covered year is valid");
        let last = NaiveDate::from_ymd_opt(*years.end(), 12, 31).expect("covered year is valid");
        let holidays = bank_holidays();
        let mut next_holiday = 0;
        let mut cum = Vec::with_capacity((last - first).num_days() as usize + 1);
        let mut running = 0u32;
        for date in first.iter_days().take_while(|d| *d <= last) {
            let is_holiday = holidays.get(next_holiday).is_some_and(|h| h.date == date);
            if is_holiday {
                next_holiday += 1;
            }
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            if !weekend && !is_holiday {
                running += 1;
            }
            cum.push(running);
        }
        Index { first, cum }
    })
}

/// Position of `date` in the index, or the out-of-table error.
fn position(date: NaiveDate) -> Result<usize, CalendarError> {
    check_covered(date)?;
    Ok((date - index().first).num_days() as usize)
}

/// Whether `date` is a working day (Mon–Fri and not a bank holiday).
///
/// Errors outside the covered years rather than guessing.
pub fn is_working_day(date: NaiveDate) -> Result<bool, CalendarError> {
    let i = position(date)?;
    let cum = &index().cum;
    let before = if i == 0 { 0 } else { cum[i - 1] };
    Ok(cum[i] > before)
}

/// Number of working days `d` with `a < d ≤ b`.
///
/// Same day is 0; Friday → next Monday is 1; Saturday → next Monday is 1.
/// If `b < a` the result is `-working_days(b, a)`, so durations recorded the
/// wrong way round show up as negative rather than being hidden.
/// Both dates must lie in the covered years.
pub fn working_days(a: NaiveDate, b: NaiveDate) -> Result<i64, CalendarError> {
    let ia = position(a)?;
    let ib = position(b)?;
    let cum = &index().cum;
    Ok(i64::from(cum[ib]) - i64::from(cum[ia]))
}

/// "Within `n` working days": `working_days(a, b) ≤ n`.
///
/// Note that an end before the start (negative duration) counts as within;
/// flag such records in data-quality checks, not here.
pub fn within_working_days(a: NaiveDate, b: NaiveDate, n: u32) -> Result<bool, CalendarError> {
    Ok(working_days(a, b)? <= i64::from(n))
}

/// The `n`th working day after `a` (so `working_days(a, result) == n`);
/// `a` itself when `n == 0`.
///
/// This is the deadline date: something done on or before
/// `add_working_days(a, n)` is within `n` working days of `a`.
/// Errors if `a` is outside the table or the result would be beyond it.
pub fn add_working_days(a: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
    let ia = position(a)?;
    if n == 0 {
        return Ok(a);
    }
    let idx = index();
    let target = u64::from(idx.cum[ia]) + u64::from(n);
    // First index whose running count reaches the target; that date is
    // necessarily a working day (the count steps up on it).
    let j = ia + idx.cum[ia..].partition_point(|&c| u64::from(c) < target);
    if j == idx.cum.len() {
        let years = covered_years();
        return Err(CalendarError::WorkingDaysBeyondTable {
            start: a,
            n,
            first: *years.start(),
            last: *years.end(),
        });
    }
    Ok(idx.first + chrono::Days::new(j as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn wd(a: &str, b: &str) -> i64 {
        working_days(d(a), d(b)).unwrap()
    }

    #[test]
    fn easter_2024() {
        // Thu 28 Mar 2024 → Tue 2 Apr 2024. Days after the start, up to and
        // including the end:
        //   Fri 29 Mar  Good Friday   – holiday
        //   Sat 30 Mar                – weekend
        //   Sun 31 Mar                – weekend
        //   Mon  1 Apr  Easter Monday – holiday
        //   Tue  2 Apr                – working day 1
        // So the count is 1 (not 2: the only working day is the end day).
        assert_eq!(wd("2024-03-28", "2024-04-02"), 1);
        // Wednesday 27th → Tuesday 2nd: Thu 28 and Tue 2 → 2.
        assert_eq!(wd("2024-03-27", "2024-04-02"), 2);
        assert_eq!(
            add_working_days(d("2024-03-28"), 1).unwrap(),
            d("2024-04-02")
        );
    }

    #[test]
    fn same_day_is_zero() {
        assert_eq!(wd("2024-06-12", "2024-06-12"), 0);
        assert_eq!(wd("2024-06-15", "2024-06-15"), 0); // a Saturday
        assert_eq!(wd("2024-12-25", "2024-12-25"), 0); // a holiday
    }

    #[test]
    fn weekends() {
        // Fri 1 Mar 2024 → Mon 4 Mar: Sat, Sun skipped, Mon counts.
        assert_eq!(wd("2024-03-01", "2024-03-04"), 1);
        // Sat 2 Mar → Mon 4 Mar: no rolling forward of the start; Mon is 1.
        assert_eq!(wd("2024-03-02", "2024-03-04"), 1);
        // Sun → Mon.
        assert_eq!(wd("2024-03-03", "2024-03-04"), 1);
        // Fri → Sun: nothing after the Friday is a working day.
        assert_eq!(wd("2024-03-01", "2024-03-03"), 0);
        // A full Mon→Mon week is 5.
        assert_eq!(wd("2024-03-04", "2024-03-11"), 5);
        assert_eq!(
            add_working_days(d("2024-03-02"), 1).unwrap(),
            d("2024-03-04")
        );
    }

    #[test]
    fn reversed_is_negative() {
        assert_eq!(wd("2024-03-04", "2024-03-01"), -1);
        assert_eq!(wd("2024-04-02", "2024-03-28"), -1);
    }

    #[test]
    fn christmas_2010() {
        // Fri 24 Dec 2010 → Fri 31 Dec: Sat 25, Sun 26 weekend; Mon 27 and
        // Tue 28 substitute holidays; Wed 29, Thu 30, Fri 31 → 3.
        assert_eq!(wd("2010-12-24", "2010-12-31"), 3);
        // … → Tue 4 Jan 2011: Sat 1, Sun 2 weekend; Mon 3 Jan substitute New
        // Year holiday; Tue 4 → 4.
        assert_eq!(wd("2010-12-24", "2011-01-04"), 4);
        assert_eq!(
            add_working_days(d("2010-12-24"), 1).unwrap(),
            d("2010-12-29")
        );
        assert!(!is_working_day(d("2010-12-27")).unwrap());
        assert!(!is_working_day(d("2011-01-03")).unwrap());
        assert!(is_working_day(d("2010-12-29")).unwrap());
    }

    #[test]
    fn assessment_45_day_boundary_over_easter_2024() {
        // Start Thu 15 Feb 2024. Working days after it:
        //   Fri 16 Feb                 1
        //   19–23 Feb                  2–6
        //   26 Feb–1 Mar               7–11
        //   4–8 Mar                   12–16
        //   11–15 Mar                 17–21
        //   18–22 Mar                 22–26
        //   25–28 Mar (Fri 29 GF)     27–30
        //   (Mon 1 Apr Easter Monday) 2–5 Apr 31–34
        //   8–12 Apr                  35–39
        //   15–19 Apr                 40–44
        //   Mon 22 Apr                45
        //   Tue 23 Apr                46
        let start = d("2024-02-15");
        assert_eq!(add_working_days(start, 45).unwrap(), d("2024-04-22"));
        assert_eq!(wd("2024-02-15", "2024-04-22"), 45);
        assert_eq!(wd("2024-02-15", "2024-04-23"), 46);
        assert!(within_working_days(start, d("2024-04-22"), 45).unwrap());
        assert!(!within_working_days(start, d("2024-04-23"), 45).unwrap());
    }

    #[test]
    fn icpc_15_day_boundary_over_christmas_2025() {
        // Strategy discussion Mon 15 Dec 2025. Working days after it:
        //   Tue 16–Fri 19 Dec           1–4
        //   Mon 22–Wed 24 Dec           5–7   (Thu 25, Fri 26 holidays)
        //   Mon 29–Wed 31 Dec           8–10  (Thu 1 Jan holiday)
        //   Fri 2 Jan                   11
        //   Mon 5–Thu 8 Jan             12–15
        //   Fri 9 Jan                   16
        let start = d("2025-12-15");
        assert_eq!(add_working_days(start, 15).unwrap(), d("2026-01-08"));
        assert_eq!(wd("2025-12-15", "2026-01-08"), 15);
        assert_eq!(wd("2025-12-15", "2026-01-09"), 16);
        assert!(within_working_days(start, d("2026-01-08"), 15).unwrap());
        assert!(!within_working_days(start, d("2026-01-09"), 15).unwrap());
    }

    #[test]
    fn whole_year_counts() {
        // 2024: 262 weekdays − 8 weekday bank holidays = 254.
        assert_eq!(wd("2023-12-31", "2024-12-31"), 254);
        // 2022: 260 weekdays − 10 bank holidays = 250.
        assert_eq!(wd("2021-12-31", "2022-12-31"), 250);
    }

    #[test]
    fn table_edges() {
        // First and last covered days work…
        assert!(!is_working_day(d("2000-01-01")).unwrap()); // Saturday
        assert!(!is_working_day(d("2000-01-03")).unwrap()); // substitute NYD
        assert!(is_working_day(d("2000-01-04")).unwrap());
        assert_eq!(wd("2000-01-01", "2000-01-04"), 1);
        assert!(is_working_day(d("2030-12-31")).unwrap());
        assert_eq!(
            add_working_days(d("2030-12-30"), 1).unwrap(),
            d("2030-12-31")
        );
        // …and one day beyond either end is an error, never a silent guess.
        let e = working_days(d("1999-12-31"), d("2000-01-04")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "date 1999-12-31 is outside the bank-holiday table (2000–2030)"
        );
        assert!(working_days(d("2030-12-31"), d("2031-01-02")).is_err());
        assert!(is_working_day(d("2031-01-01")).is_err());
        assert!(within_working_days(d("1999-06-01"), d("1999-06-02"), 5).is_err());
        assert!(matches!(
            add_working_days(d("2030-12-30"), 2),
            Err(CalendarError::WorkingDaysBeyondTable { .. })
        ));
        assert!(add_working_days(d("1999-12-30"), 0).is_err());
    }
}
