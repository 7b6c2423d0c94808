//! Date helpers for the simulation.

use assure_calendar::{add_working_days, is_working_day};
use chrono::{Days, NaiveDate};

/// `d` plus `n` calendar days (`n` may be negative).
pub(crate) fn plus(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
            .expect("date in range")
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
            .expect("date in range")
    }
}

/// Working-day arithmetic that never fails.
///
/// The simulation only records dates up to the extract date (31 March of the census year,
/// at most 2030), and the bank-holiday table runs to the end of 2030, so a date computed
/// from an anchor on or before the extract date is always exact. Anchors after the extract
/// date only produce dates that are cut off anyway; for them (and only if the table runs
/// out) a calendar approximation is used.
pub(crate) fn wd(d: NaiveDate, n: u32) -> NaiveDate {
    match add_working_days(d, n) {
        Ok(x) => x,
        Err(_) => plus(d, i64::from(n) * 7 / 5 + 1),
    }
}

/// `d` if it is a working day, else the next working day.
pub(crate) fn on_or_next_wd(d: NaiveDate) -> NaiveDate {
    match is_working_day(d) {
        Ok(true) => d,
        Ok(false) => wd(d, 1),
        Err(_) => d,
    }
}

/// Whole calendar days from `a` to `b`.
pub(crate) fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}
