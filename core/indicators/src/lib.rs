//! `assure-indicators`: the indicator catalogue for children's social care in England.
//!
//! * [`catalogue`] / [`catalogue_for`]: what each indicator is (id, name, plain-English
//!   definition, numerator, denominator, unit, polarity, the event kinds it needs).
//! * [`compute_all`]: every indicator for a period, in one pass over the children;
//!   [`compute_periods`], [`compute_series`] (per calendar month) and
//!   [`compute_rolling_series`] (rolling 12 months) do many periods in the same one pass.
//! * [`drill_down`]: the records behind an indicator, from the same code as the figures.
//! * [`Report`]: the JSON shape the CLI prints.
//!
//! The definitions are in `DEFINITIONS.md` next to this crate; the date conventions
//! (working days, months, periods, rounding) are the `assure-calendar` ones.
//!
//! Pure: no I/O, no async, no clock. The caller supplies the period (default: the census
//! year, [`census_period_for`]) and, for rates, the population.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod catalogue;
mod compute;
mod drill;
mod engine;
mod error;
mod options;
mod report;

pub use catalogue::{
    assessments_within_def, assessments_within_id, catalogue, catalogue_for, definition, EventType,
    IndicatorDef, Polarity, Unit,
};
pub use compute::{
    compute_all, compute_periods, compute_rolling_series, compute_series, early_help_monthly,
    IndicatorValue, MonthlyTarget, SeriesPoint, FLAG_NO_DATA, FLAG_SMALL_NUMBER,
};
pub use drill::{drill_down, drill_down_with, DrillRow, DrillStatus, EventKind};
pub use error::IndicatorError;
pub use options::Options;
pub use report::{Report, ReportIndicator};

use assure_calendar::{census_year_of, Period};
use assure_casedata::NaiveDate;

/// The default reporting period for a date: the census year (1 April – 31 March) that
/// contains it. `census_period_for(2025-03-31)` is 2024-04-01..2025-03-31.
pub fn census_period_for(date: NaiveDate) -> Period {
    Period::census_year(census_year_of(date)).expect("a date's census year is representable")
}
