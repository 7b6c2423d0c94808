//! Property tests for the calendar's algebra.

use assure_calendar::{
    add_months, add_working_days, is_bank_holiday, is_working_day, percentage, wilson_95,
    working_days, Period,
};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use proptest::prelude::*;

fn first() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()
}

/// Days in 2000-01-01..=2030-12-31.
const SPAN: u64 = 11_323;

fn date() -> impl Strategy<Value = NaiveDate> {
    (0..SPAN).prop_map(|i| first() + Days::new(i))
}

/// A start date early enough that `n ≤ 1000` working days stays in range.
fn early_date() -> impl Strategy<Value = NaiveDate> {
    (0..SPAN - 1_500).prop_map(|i| first() + Days::new(i))
}

/// Reference implementation: walk day by day.
fn naive_working_days(a: NaiveDate, b: NaiveDate) -> i64 {
    let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    let count = lo
        .iter_days()
        .skip(1)
        .take_while(|d| *d <= hi)
        .filter(|d| {
            !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !is_bank_holiday(*d).unwrap()
        })
        .count() as i64;
    sign * count
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn additive(a in date(), b in date(), c in date()) {
        prop_assert_eq!(
            working_days(a, b).unwrap() + working_days(b, c).unwrap(),
            working_days(a, c).unwrap()
        );
    }

    #[test]
    fn bounded_by_calendar_days(a in date(), b in date()) {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let w = working_days(a, b).unwrap();
        prop_assert!(w >= 0);
        prop_assert!(w <= (b - a).num_days());
    }

    #[test]
    fn antisymmetric(a in date(), b in date()) {
        prop_assert_eq!(working_days(a, b).unwrap(), -working_days(b, a).unwrap());
    }

    #[test]
    fn matches_day_by_day_count(a in date(), len in 0u64..120) {
        let b = (a + Days::new(len)).min(NaiveDate::from_ymd_opt(2030, 12, 31).unwrap());
        prop_assert_eq!(working_days(a, b).unwrap(), naive_working_days(a, b));
    }

    #[test]
    fn add_working_days_inverts(a in early_date(), n in 0u32..1_000) {
        let r = add_working_days(a, n).unwrap();
        prop_assert_eq!(working_days(a, r).unwrap(), i64::from(n));
        if n > 0 {
            // The result is a working day and the earliest date with that count.
            prop_assert!(is_working_day(r).unwrap());
            prop_assert_eq!(working_days(a, r.pred_opt().unwrap()).unwrap(), i64::from(n) - 1);
        }
    }

    #[test]
    fn percentage_in_range(d in 1u64..1_000_000, frac in 0.0f64..=1.0) {
        let n = ((d as f64) * frac).floor() as u64;
        let p = percentage(n.min(d), d).unwrap();
        prop_assert!((0.0..=100.0).contains(&p));
        // One decimal place: ten times it is (within float noise) an integer.
        prop_assert!(((p * 10.0) - (p * 10.0).round()).abs() < 1e-9);
    }

    #[test]
    fn wilson_contains_point_estimate(d in 1u64..100_000, frac in 0.0f64..=1.0) {
        let n = (((d as f64) * frac).floor() as u64).min(d);
        let (l, u) = wilson_95(n, d).unwrap();
        let p = 100.0 * n as f64 / d as f64;
        prop_assert!(0.0 <= l && l <= p + 1e-9 && p <= u + 1e-9 && u <= 100.0);
    }

    #[test]
    fn add_months_round_trips_mid_month(y in 1900i32..2100, m in 1u32..=12, day in 1u32..=28, n in -600i32..600) {
        let d = NaiveDate::from_ymd_opt(y, m, day).unwrap();
        prop_assert_eq!(add_months(add_months(d, n), -n), d);
    }

    #[test]
    fn months_partition_the_period(a in date(), len in 0u64..800) {
        let p = Period::new(a, a + Days::new(len)).unwrap();
        let parts: Vec<Period> = p.months().collect();
        prop_assert_eq!(parts.first().unwrap().start(), p.start());
        prop_assert_eq!(parts.last().unwrap().end(), p.end());
        for w in parts.windows(2) {
            prop_assert_eq!(w[0].end().succ_opt().unwrap(), w[1].start());
            prop_assert_eq!(w[0].end().month(), w[0].start().month());
        }
        prop_assert_eq!(parts.iter().map(Period::num_days).sum::<i64>(), p.num_days());
    }

    #[test]
    fn rolling_12_months_is_a_year(end in date()) {
        let p = Period::rolling_12_months(end);
        prop_assert!((365..=366).contains(&p.num_days()), "{} has {} days", p, p.num_days());
        prop_assert_eq!(p.end(), end);
    }

    #[test]
    fn period_text_round_trips(a in date(), len in 0u64..5_000) {
        let p = Period::new(a, a + Days::new(len)).unwrap();
        prop_assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
    }
}
