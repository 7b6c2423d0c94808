//! The one error type of the crate.
//!
//! Errors are values, not panics: indicator code runs over millions of
//! child-level rows, and one bad date must be reportable against its row
//! rather than abort the whole run.

use chrono::NaiveDate;

/// Everything that can go wrong in a calendar calculation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A working-day calculation was asked about a date the bank-holiday
    /// table does not cover. We refuse rather than silently treat the
    /// unknown year as having no bank holidays.
    #[error("date {date} is outside the bank-holiday table ({first}–{last})")]
    OutsideHolidayTable {
        /// The offending date.
        date: NaiveDate,
        /// First year covered by the table.
        first: i32,
        /// Last year covered by the table.
        last: i32,
    },

    /// A year (rather than a date) outside the bank-holiday table.
    #[error("year {year} is outside the bank-holiday table ({first}–{last})")]
    YearOutsideHolidayTable {
        /// The offending year.
        year: i32,
        /// First year covered by the table.
        first: i32,
        /// Last year covered by the table.
        last: i32,
    },

    /// `add_working_days` would land beyond the end of the table.
    #[error(
        "{n} working days after {start} is beyond the end of the bank-holiday table ({first}–{last})"
    )]
    WorkingDaysBeyondTable {
        /// Start date.
        start: NaiveDate,
        /// Number of working days requested.
        n: u32,
        /// First year covered by the table.
        first: i32,
        /// Last year covered by the table.
        last: i32,
    },

    /// A period whose start is after its end.
    #[error("period start {start} is after its end {end}")]
    InvalidPeriod {
        /// Requested start.
        start: NaiveDate,
        /// Requested end.
        end: NaiveDate,
    },

    /// Text that is not `YYYY-MM-DD..YYYY-MM-DD`.
    #[error("cannot read period {input:?}: expected YYYY-MM-DD..YYYY-MM-DD")]
    PeriodSyntax {
        /// The text as given.
        input: String,
    },

    /// A year outside the range of dates the date library can represent.
    #[error("year {year} is outside the representable date range")]
    YearOutOfRange {
        /// The offending year.
        year: i32,
    },
}
