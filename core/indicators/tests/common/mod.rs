//! Shared helpers for the integration tests.
#![allow(dead_code)]

use assure_calendar::Period;
use assure_casedata::{Child, ChildId, NaiveDate};
use assure_indicators::{
    catalogue_for, compute_all, drill_down_with, DrillStatus, IndicatorValue, Options,
};

/// `YYYY-MM-DD`.
pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// `Some(d(s))`, or `None` for "".
pub fn od(s: &str) -> Option<NaiveDate> {
    if s.is_empty() {
        None
    } else {
        Some(d(s))
    }
}

pub fn child(id: &str) -> Child {
    Child::new(ChildId::parse(id).unwrap())
}

/// Census year 2025: 2024-04-01 .. 2025-03-31.
pub fn year() -> Period {
    Period::census_year(2025).unwrap()
}

pub fn run(children: &[Child]) -> Vec<IndicatorValue> {
    compute_all(children, year(), &Options::default())
}

pub fn get<'a>(values: &'a [IndicatorValue], id: &str) -> &'a IndicatorValue {
    values
        .iter()
        .find(|v| v.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

/// Asserts numerator, denominator and value of a percentage.
pub fn pct(values: &[IndicatorValue], id: &str, num: u64, den: u64, value: Option<f64>) {
    let v = get(values, id);
    assert_eq!(
        (v.numerator, v.denominator, v.value),
        (num, Some(den), value),
        "{id}"
    );
}

/// Asserts a count.
pub fn count(values: &[IndicatorValue], id: &str, n: u64) {
    let v = get(values, id);
    assert_eq!((v.numerator, v.denominator), (n, None), "{id}");
    assert_eq!(v.value, Some(n as f64), "{id}");
}

pub fn skipped(values: &[IndicatorValue], id: &str) -> u64 {
    get(values, id).skipped
}

pub fn extra(values: &[IndicatorValue], id: &str, key: &str) -> u64 {
    *get(values, id)
        .extra
        .get(key)
        .unwrap_or_else(|| panic!("{id} has no extra {key}"))
}

/// Every indicator's drill-down agrees with its figures: rows in the numerator =
/// numerator, rows in the denominator = denominator, skipped rows = skipped, and rows
/// with status pending/unknown = the extra figure of that name.
pub fn reconcile(children: &[Child], period: Period, options: &Options) {
    let values = compute_all(children, period, options);
    let defs = catalogue_for(options);
    assert_eq!(values.len(), defs.len());
    for (v, def) in values.iter().zip(&defs) {
        assert_eq!(v.id, def.id);
        let rows = drill_down_with(children, period, &v.id, options).unwrap();
        let num = rows.iter().filter(|r| r.in_numerator).count() as u64;
        let den = rows.iter().filter(|r| r.in_denominator).count() as u64;
        let skip = rows
            .iter()
            .filter(|r| r.status == DrillStatus::Skipped)
            .count() as u64;
        assert_eq!(num, v.numerator, "{} numerator rows", v.id);
        assert_eq!(den, v.denominator.unwrap_or(0), "{} denominator rows", v.id);
        assert_eq!(skip, v.skipped, "{} skipped rows", v.id);
        for (key, status) in [
            ("pending", DrillStatus::Pending),
            ("child_seen_unknown", DrillStatus::Unknown),
        ] {
            if let Some(&n) = v.extra.get(key) {
                let rows_n = rows.iter().filter(|r| r.status == status).count() as u64;
                assert_eq!(rows_n, n, "{} {key} rows", v.id);
            }
        }
    }
}
