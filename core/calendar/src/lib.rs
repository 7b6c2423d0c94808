//! Dates and numbers for children's services indicators.
//!
//! One place for the conventions every indicator shares, so that they are
//! stated once (see `CONVENTIONS.md`) and tested once:
//!
//! * [`mod@bank_holidays`]: England & Wales bank holidays 2000–2030, as data.
//! * [`mod@working_days`]: working-day counts (`a < d ≤ b`) and deadlines.
//! * [`months`]: month arithmetic clamped to month end.
//! * [`period`]: inclusive reporting periods, census years, rolling and
//!   Annex A windows.
//! * [`rates`]: percentages, rates per 10,000, Wilson intervals,
//!   suppression.
//!
//! Pure: no I/O, no async, and no reading of the clock; "today" is always a
//! parameter.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bank_holidays;
mod error;
pub mod months;
pub mod period;
pub mod rates;
pub mod working_days;

pub use bank_holidays::{
    bank_holidays, bank_holidays_in_year, covered_years, covers, is_bank_holiday,
    parse_bank_holidays, BankHoliday, HolidayTableError,
};
pub use error::CalendarError;
pub use months::{
    add_months, add_years, checked_add_months, checked_add_years, days_in_month, is_leap_year,
};
pub use period::{census_year_of, Period, PeriodMonths};
pub use rates::{
    is_small_number, percentage, rate_per_10k, suppress, wilson_95, wilson_interval,
    SMALL_NUMBER_THRESHOLD, Z_95,
};
pub use working_days::{add_working_days, is_working_day, within_working_days, working_days};
