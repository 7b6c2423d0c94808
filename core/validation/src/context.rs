//! The census period a return is checked against, and header rule 100.

use assure_calendar::{add_months, add_years, census_year_of};
use assure_casedata::NaiveDate;
use chrono::{Datelike, Days, Weekday};

use crate::{Issue, Severity};

/// Why no census context could be made from a header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    /// The header has neither a usable `ReferenceDate` nor a usable `Year`.
    #[error("the header has neither a usable ReferenceDate nor a usable Year, so the census period is unknown")]
    NoPeriod,
    /// The collection year is not one a census could have (before 1990 or after 2100).
    #[error("the collection year {0} is out of range")]
    YearOutOfRange(i32),
}

/// The census a return is validated against.
///
/// The census period is `reference_date − 1 year + 1 day` … `reference_date` inclusive
/// (as the D2I validator's `make_census_period`), normally 1 April … 31 March.
/// `collection_year` is the year the census ends in (2025 for 2024-25); rules that
/// changed over time (`Sex` from 2025, LA child ID format from 2025 ...) switch on it.
///
/// The working-day thresholds some queries need (reference date − 45 and − 15 working
/// days, period start − 1 working day) are worked out once here, using the England &
/// Wales bank holidays of `assure-calendar`; outside the years that calendar covers,
/// Monday to Friday are counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CensusContext {
    reference_date: NaiveDate,
    collection_year: i32,
    period_start: NaiveDate,
    ref_minus_45_wd: NaiveDate,
    ref_minus_15_wd: NaiveDate,
    start_minus_1_wd: NaiveDate,
}

impl CensusContext {
    /// A context with an explicit reference date and collection year.
    pub fn new(reference_date: NaiveDate, collection_year: i32) -> Self {
        let period_start = add_years(reference_date, -1)
            .checked_add_days(Days::new(1))
            .unwrap_or(reference_date);
        CensusContext {
            reference_date,
            collection_year,
            period_start,
            ref_minus_45_wd: working_days_before(reference_date, 45),
            ref_minus_15_wd: working_days_before(reference_date, 15),
            start_minus_1_wd: working_days_before(period_start, 1),
        }
    }

    /// The standard context for a collection year: reference date 31 March of that year.
    ///
    /// # Errors
    ///
    /// [`ContextError::YearOutOfRange`] for years before 1990 or after 2100.
    pub fn for_year(collection_year: i32) -> Result<Self, ContextError> {
        if !(1990..=2100).contains(&collection_year) {
            return Err(ContextError::YearOutOfRange(collection_year));
        }
        let reference_date = NaiveDate::from_ymd_opt(collection_year, 3, 31)
            .ok_or(ContextError::YearOutOfRange(collection_year))?;
        Ok(Self::new(reference_date, collection_year))
    }

    /// The context a file's header implies. The reference date is used as given (even when
    /// rule 100 fails, as the DfE validator does); the collection year is the header `Year`
    /// when present, otherwise the census year the reference date falls in. With no
    /// reference date, 31 March of `Year` is used.
    ///
    /// # Errors
    ///
    /// [`ContextError::NoPeriod`] when both are missing; [`ContextError::YearOutOfRange`]
    /// for an implausible year.
    pub fn from_header(
        year: Option<i32>,
        reference_date: Option<NaiveDate>,
    ) -> Result<Self, ContextError> {
        match (year, reference_date) {
            (Some(y), _) if !(1990..=2100).contains(&y) => Err(ContextError::YearOutOfRange(y)),
            (y, Some(r)) => Ok(Self::new(r, y.unwrap_or_else(|| census_year_of(r)))),
            (Some(y), None) => Self::for_year(y),
            (None, None) => Err(ContextError::NoPeriod),
        }
    }

    /// The reference date (end of the census period, normally 31 March).
    pub fn reference_date(&self) -> NaiveDate {
        self.reference_date
    }

    /// The year the census ends in (2025 for 2024-25).
    pub fn collection_year(&self) -> i32 {
        self.collection_year
    }

    /// First day of the census period (reference date − 1 year + 1 day).
    pub fn period_start(&self) -> NaiveDate {
        self.period_start
    }

    /// Whether `date` is in the census period (inclusive at both ends).
    #[inline]
    pub fn in_period(&self, date: NaiveDate) -> bool {
        self.period_start <= date && date <= self.reference_date
    }

    /// The reference date minus 45 working days (query 8670Q).
    pub fn ref_minus_45_working_days(&self) -> NaiveDate {
        self.ref_minus_45_wd
    }

    /// The reference date minus 15 working days (query 8675Q).
    pub fn ref_minus_15_working_days(&self) -> NaiveDate {
        self.ref_minus_15_wd
    }

    /// The period start minus 1 working day (query 8569Q).
    pub fn start_minus_1_working_day(&self) -> NaiveDate {
        self.start_minus_1_wd
    }

    /// The last date of birth that makes a child of compulsory school age by the reference
    /// date, as the 2024-25 rule 8770Q computes it: reference date + 4 months + 31 days −
    /// 4 years (31 August, four years before the reference year).
    pub(crate) fn school_age_birth_cutoff(&self) -> NaiveDate {
        let d = add_months(self.reference_date, 4)
            .checked_add_days(Days::new(31))
            .unwrap_or(self.reference_date);
        add_years(d, -4)
    }
}

fn is_working(date: NaiveDate) -> bool {
    assure_calendar::is_working_day(date)
        .unwrap_or_else(|_| !matches!(date.weekday(), Weekday::Sat | Weekday::Sun))
}

/// The `n`th working day before `date` (a working day; `date` itself never counts).
fn working_days_before(date: NaiveDate, n: u32) -> NaiveDate {
    let mut d = date;
    let mut k = 0;
    while k < n {
        match d.pred_opt() {
            Some(p) => d = p,
            None => break,
        }
        if is_working(d) {
            k += 1;
        }
    }
    d
}

/// Rule 100: `ReferenceDate` must be present and equal 31 March of the collection `Year`.
/// Returns at most one issue.
pub fn header_issues(year: Option<i32>, reference_date: Option<NaiveDate>) -> Vec<Issue> {
    let message = match (year, reference_date) {
        (_, None) => "100: The header has no ReferenceDate; it must be 31 March of the collection year.".to_owned(),
        (None, Some(r)) => format!(
            "100: The header has no collection Year, so the ReferenceDate {r} cannot be checked against 31 March of that year."
        ),
        (Some(y), Some(r)) => {
            if r.month() == 3 && r.day() == 31 && r.year() == y {
                return Vec::new();
            }
            format!("100: The ReferenceDate {r} is not 31 March {y} (the collection year in the header).")
        }
    };
    vec![Issue {
        rule: "100".to_owned(),
        severity: Severity::Error,
        child_id: None,
        field: "ReferenceDate".to_owned(),
        message,
        line: None,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn period_and_thresholds() {
        let c = CensusContext::for_year(2024).unwrap();
        assert_eq!(c.period_start(), d(2023, 4, 1));
        assert_eq!(c.reference_date(), d(2024, 3, 31));
        assert!(c.in_period(d(2023, 4, 1)) && c.in_period(d(2024, 3, 31)));
        assert!(!c.in_period(d(2023, 3, 31)) && !c.in_period(d(2024, 4, 1)));
        // 31 Mar 2024 is Easter Sunday; Good Friday 29 Mar is a holiday, so the last
        // working day before it is Thu 28 Mar.
        assert_eq!(working_days_before(d(2024, 3, 31), 1), d(2024, 3, 28));
        // 1 Apr 2023 is a Saturday: one working day before is Fri 31 Mar.
        assert_eq!(c.start_minus_1_working_day(), d(2023, 3, 31));
        assert_eq!(
            assure_calendar::working_days(c.ref_minus_15_working_days(), d(2024, 3, 28)).unwrap(),
            14
        );
        assert_eq!(c.school_age_birth_cutoff(), d(2020, 8, 31));
    }

    #[test]
    fn from_header_rules() {
        let c = CensusContext::from_header(Some(2022), Some(d(2022, 7, 21))).unwrap();
        assert_eq!(c.period_start(), d(2021, 7, 22));
        assert_eq!(c.collection_year(), 2022);
        let c = CensusContext::from_header(None, Some(d(2025, 3, 31))).unwrap();
        assert_eq!(c.collection_year(), 2025);
        let c = CensusContext::from_header(Some(2023), None).unwrap();
        assert_eq!(c.reference_date(), d(2023, 3, 31));
        assert_eq!(
            CensusContext::from_header(None, None),
            Err(ContextError::NoPeriod)
        );
        assert_eq!(
            CensusContext::from_header(Some(20230), None),
            Err(ContextError::YearOutOfRange(20230))
        );
    }
}
