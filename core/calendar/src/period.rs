//! Reporting periods: inclusive date ranges and the standard windows.
//!
//! Why inclusive at both ends: every published definition is phrased that
//! way ("1 April to 31 March", "events on 31 March belong to that year",
//! data-standards §3.5), so a period's `end` is the last day that counts.

use std::fmt;
use std::iter::FusedIterator;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::months::{add_months, days_in_month};
use crate::CalendarError;

/// A date range, inclusive at both ends, with `start ≤ end`.
///
/// Serialises as `{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}`;
/// deserialising re-checks `start ≤ end`. Displays and parses as
/// `YYYY-MM-DD..YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "PeriodFields")]
pub struct Period {
    start: NaiveDate,
    end: NaiveDate,
}

/// Unvalidated wire form of [`Period`].
#[derive(Deserialize)]
struct PeriodFields {
    start: NaiveDate,
    end: NaiveDate,
}

impl TryFrom<PeriodFields> for Period {
    type Error = CalendarError;
    fn try_from(f: PeriodFields) -> Result<Self, Self::Error> {
        Period::new(f.start, f.end)
    }
}

impl Period {
    /// A period from `start` to `end` inclusive; an error if `start > end`.
    /// A single day (`start == end`) is allowed.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, CalendarError> {
        if start > end {
            return Err(CalendarError::InvalidPeriod { start, end });
        }
        Ok(Period { start, end })
    }

    /// First day of the period (counts).
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// Last day of the period (counts).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Whether `date` is in the period, both ends included.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether the two periods share at least one day (e.g. "open at any
    /// point in the window").
    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Number of calendar days in the period, both ends included (≥ 1).
    pub fn num_days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// DfE census / reporting year `year`: 1 April `year − 1` to 31 March
    /// `year` inclusive.
    ///
    /// "Census year 2025" means 2024-04-01..2025-03-31, the DfE "year ending
    /// 31 March 2025" (data-standards §3.1, §3.5). Errors only for years the
    /// date library cannot represent.
    pub fn census_year(year: i32) -> Result<Period, CalendarError> {
        let start = year
            .checked_sub(1)
            .and_then(|y| NaiveDate::from_ymd_opt(y, 4, 1));
        let end = NaiveDate::from_ymd_opt(year, 3, 31);
        match (start, end) {
            (Some(start), Some(end)) => Ok(Period { start, end }),
            _ => Err(CalendarError::YearOutOfRange { year }),
        }
    }

    /// The 12 months ending on `end` (inclusive): from `end − 12 months + 1
    /// day` to `end`.
    ///
    /// When `end` is the last day of a month the window is exactly the 12
    /// whole calendar months ending with `end`'s month. This only differs
    /// from the plain formula for an `end` of 28 February in the year after
    /// a leap year, where the plain formula would start on 29 February and
    /// give 366 days (`rolling_12_months(2025-02-28)` is 2024-03-01..
    /// 2025-02-28). `rolling_12_months(2025-03-31)` equals
    /// `census_year(2025)`.
    pub fn rolling_12_months(end: NaiveDate) -> Period {
        Period {
            start: months_back_start(end, 12),
            end,
        }
    }

    /// The Ofsted ILACS Annex A reporting window for an inspection (or
    /// extract) date `as_at`: from `as_at − 6 months` to `as_at`, both
    /// inclusive.
    ///
    /// data-standards §1.1: lists 1–8 cover events "in the 6 months before
    /// inspection", and lists 6–8 also everyone open "at the inspection
    /// date". The reference implementation cited there (D2I SSD Annex A
    /// script, `@AA_ReportingPeriod = 6`) selects `date >= DATEADD(MONTH,
    /// -6, today)` with no upper bound, so the start (clamped to month end,
    /// as DATEADD does) and `as_at` itself are both included. E.g. as at
    /// 2025-10-06 the window is 2025-04-06..2025-10-06. For the 12-month
    /// lists (10 Adoption, 11 Adopters) use [`Period::annex_a_window_months`]
    /// with 12.
    pub fn annex_a_window(as_at: NaiveDate) -> Period {
        Self::annex_a_window_months(as_at, 6)
    }

    /// Annex A style window of `months` months: `as_at − months` to `as_at`,
    /// both inclusive (see [`Period::annex_a_window`]).
    pub fn annex_a_window_months(as_at: NaiveDate, months: u32) -> Period {
        let back = i32::try_from(months).map_or(i32::MIN, |m| -m);
        Period {
            start: add_months(as_at, back),
            end: as_at,
        }
    }

    /// The calendar months touched by the period, each clipped to it, in
    /// order. 2024-11-15..2025-01-10 gives 2024-11-15..2024-11-30,
    /// 2024-12-01..2024-12-31, 2025-01-01..2025-01-10.
    pub fn months(&self) -> PeriodMonths {
        PeriodMonths {
            next_start: Some(self.start),
            end: self.end,
        }
    }

    /// Parse `YYYY-MM-DD..YYYY-MM-DD` (surrounding whitespace allowed).
    pub fn parse(text: &str) -> Result<Period, CalendarError> {
        let syntax = || CalendarError::PeriodSyntax {
            input: text.to_owned(),
        };
        let (a, b) = text.trim().split_once("..").ok_or_else(syntax)?;
        let date = |s: &str| {
            let s = s.trim();
            if s.len() != 10 {
                return None;
            }
            NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
        };
        let start = date(a).ok_or_else(syntax)?;
        let end = date(b).ok_or_else(syntax)?;
        Period::new(start, end)
    }
}

/// The census year (see [`Period::census_year`]) that contains `date`:
/// April–December belong to the following year's census.
/// 2024-03-31 → 2024; 2024-04-01 → 2025.
pub fn census_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year() + 1
    } else {
        date.year()
    }
}

/// First day of the `months`-month window ending on `end`.
fn months_back_start(end: NaiveDate, months: i32) -> NaiveDate {
    if end.day() == days_in_month(end.year(), end.month()) {
        // Whole calendar months: first day of the month `months − 1` back.
        let first_of_month = end.with_day(1).expect("day 1 exists");
        add_months(first_of_month, -(months - 1))
    } else {
        add_months(end, -months) + Days::new(1)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl FromStr for Period {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

/// Iterator over the calendar-month pieces of a [`Period`].
#[derive(Debug, Clone)]
pub struct PeriodMonths {
    next_start: Option<NaiveDate>,
    end: NaiveDate,
}

impl Iterator for PeriodMonths {
    type Item = Period;
    fn next(&mut self) -> Option<Period> {
        let start = self.next_start?;
        let month_end = start
            .with_day(days_in_month(start.year(), start.month()))
            .expect("last day of month exists");
        let end = month_end.min(self.end);
        self.next_start = if end < self.end { end.succ_opt() } else { None };
        Some(Period { start, end })
    }
}

impl FusedIterator for PeriodMonths {}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn new_validates_order() {
        assert!(Period::new(d("2025-01-01"), d("2025-01-01")).is_ok());
        let e = Period::new(d("2025-04-01"), d("2025-03-31")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "period start 2025-04-01 is after its end 2025-03-31"
        );
    }

    #[test]
    fn contains_both_ends() {
        let y = Period::census_year(2025).unwrap();
        assert!(y.contains(d("2024-04-01")));
        assert!(y.contains(d("2025-03-31")));
        assert!(!y.contains(d("2024-03-31")));
        assert!(!y.contains(d("2025-04-01")));
    }

    #[test]
    fn census_year_2025() {
        let y = Period::census_year(2025).unwrap();
        assert_eq!(y, p("2024-04-01..2025-03-31"));
        assert_eq!(y.num_days(), 365);
        assert_eq!(Period::census_year(2024).unwrap().num_days(), 366);
        assert_eq!(census_year_of(d("2025-03-31")), 2025);
        assert_eq!(census_year_of(d("2024-04-01")), 2025);
        assert_eq!(census_year_of(d("2024-03-31")), 2024);
        assert_eq!(census_year_of(d("2024-12-31")), 2025);
        assert!(Period::census_year(i32::MAX).is_err());
        assert!(Period::census_year(i32::MIN).is_err());
    }

    #[test]
    fn rolling_12_months() {
        assert_eq!(
            Period::rolling_12_months(d("2025-03-31")),
            Period::census_year(2025).unwrap()
        );
        assert_eq!(
            Period::rolling_12_months(d("2025-06-15")),
            p("2024-06-16..2025-06-15")
        );
        // Month-end after a leap year: whole months, not from 29 Feb.
        assert_eq!(
            Period::rolling_12_months(d("2025-02-28")),
            p("2024-03-01..2025-02-28")
        );
        assert_eq!(
            Period::rolling_12_months(d("2024-02-29")),
            p("2023-03-01..2024-02-29")
        );
        // 28 Feb in a leap year is not a month end: plain formula.
        assert_eq!(
            Period::rolling_12_months(d("2024-02-28")),
            p("2023-03-01..2024-02-28")
        );
        assert_eq!(
            Period::rolling_12_months(d("2024-04-30")),
            p("2023-05-01..2024-04-30")
        );
    }

    #[test]
    fn annex_a_window() {
        assert_eq!(
            Period::annex_a_window(d("2025-10-06")),
            p("2025-04-06..2025-10-06")
        );
        // Start clamps like DATEADD(MONTH, -6, …).
        assert_eq!(
            Period::annex_a_window(d("2025-08-31")),
            p("2025-02-28..2025-08-31")
        );
        assert_eq!(
            Period::annex_a_window_months(d("2025-10-06"), 12),
            p("2024-10-06..2025-10-06")
        );
        let w = Period::annex_a_window(d("2025-10-06"));
        assert!(w.contains(d("2025-04-06")) && w.contains(d("2025-10-06")));
        assert!(!w.contains(d("2025-04-05")) && !w.contains(d("2025-10-07")));
    }

    #[test]
    fn months_clipped() {
        let got: Vec<Period> = p("2024-11-15..2025-01-10").months().collect();
        assert_eq!(
            got,
            vec![
                p("2024-11-15..2024-11-30"),
                p("2024-12-01..2024-12-31"),
                p("2025-01-01..2025-01-10"),
            ]
        );
        let one: Vec<Period> = p("2024-02-10..2024-02-10").months().collect();
        assert_eq!(one, vec![p("2024-02-10..2024-02-10")]);
        let year: Vec<Period> = Period::census_year(2024).unwrap().months().collect();
        assert_eq!(year.len(), 12);
        assert_eq!(year[10], p("2024-02-01..2024-02-29"));
        assert_eq!(year.iter().map(Period::num_days).sum::<i64>(), 366);
    }

    #[test]
    fn parse_and_display() {
        let x = p(" 2024-04-01..2025-03-31 ");
        assert_eq!(x.to_string(), "2024-04-01..2025-03-31");
        for bad in [
            "2024-04-01",
            "2024-04-01..",
            "2024-4-1..2025-03-31",
            "2024-04-01...2025-03-31",
            "2024-04-01..2025-02-30",
            "",
        ] {
            assert!(
                matches!(Period::parse(bad), Err(CalendarError::PeriodSyntax { .. })),
                "{bad:?}"
            );
        }
        assert!(matches!(
            Period::parse("2025-04-01..2025-03-31"),
            Err(CalendarError::InvalidPeriod { .. })
        ));
    }

    #[test]
    fn overlaps() {
        let a = p("2024-04-01..2024-06-30");
        assert!(a.overlaps(&p("2024-06-30..2024-07-31")));
        assert!(!a.overlaps(&p("2024-07-01..2024-07-31")));
        assert!(a.overlaps(&p("2023-01-01..2030-01-01")));
    }

    #[test]
    fn serde_round_trip_validates() {
        let x = p("2024-04-01..2025-03-31");
        let json = serde_json::to_string(&x).unwrap();
        assert_eq!(json, r#"{"start":"2024-04-01","end":"2025-03-31"}"#);
        assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), x);
        let bad = r#"{"start":"2025-04-01","end":"2025-03-31"}"#;
        assert!(serde_json::from_str::<Period>(bad).is_err());
    }
}
