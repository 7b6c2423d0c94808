//! Property tests on random small sets of children.

mod common;

use assure_calendar::{add_months, percentage, working_days, Period};
use assure_casedata::{
    Assessment, Child, CinPlan, Contact, CpPlan, EarlyHelpEpisode, Episode, NaiveDate, S47,
};
use assure_indicators::{
    catalogue_for, compute_all, compute_periods, compute_series, IndicatorValue, Options, Unit,
};
use common::{child, get, reconcile};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// 2022-01-01 as days from the common era.
const BASE: i32 = 738_156;
/// Dates from 2022-01-01 to mid-2026.
const SPAN: i32 = 1_640;

fn from_offset(o: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(BASE + o).unwrap()
}

/// Mostly a date in 2022–2026; sometimes missing; rarely outside the working-day
/// calendar (1999), to exercise the skip paths.
fn date() -> impl Strategy<Value = Option<NaiveDate>> {
    prop_oneof![
        2 => Just(None),
        1 => Just(NaiveDate::from_ymd_opt(1999, 12, 30)),
        37 => (0..SPAN).prop_map(|o| Some(from_offset(o))),
    ]
}

fn some_date() -> impl Strategy<Value = NaiveDate> {
    (0..SPAN).prop_map(from_offset)
}

fn assessment() -> impl Strategy<Value = Assessment> {
    (date(), date(), option::of(any::<bool>())).prop_map(|(start, authorised, seen)| Assessment {
        start,
        authorised,
        child_seen: seen,
        ..Assessment::default()
    })
}

fn s47() -> impl Strategy<Value = S47> {
    (date(), date(), option::of(any::<bool>())).prop_map(|(start, icpc, nr)| S47 {
        start,
        icpc_date: icpc,
        icpc_not_required: nr,
        ..S47::default()
    })
}

fn cp_plan() -> impl Strategy<Value = CpPlan> {
    (date(), date(), option::of(0u32..3), vec(some_date(), 0..5)).prop_map(
        |(start, end, prev, reviews)| CpPlan {
            start,
            end,
            previous_plans: prev,
            review_dates: reviews,
            ..CpPlan::default()
        },
    )
}

fn cin_plan() -> impl Strategy<Value = CinPlan> {
    (date(), date()).prop_map(|(start, end)| CinPlan {
        start,
        end,
        ..CinPlan::default()
    })
}

fn episode() -> impl Strategy<Value = Episode> {
    (
        date(),
        date(),
        option::of(any::<bool>()),
        option::weighted(0.1, some_date()),
        vec(assessment(), 0..3),
        vec(s47(), 0..3),
        vec(cp_plan(), 0..3),
        vec(cin_plan(), 0..2),
    )
        .prop_map(
            |(referral, closure, nfa, icpc, assessments, s47s, cp_plans, cin_plans)| Episode {
                referral_date: referral,
                closure_date: closure,
                referral_nfa: nfa,
                episode_icpc_date: icpc,
                assessments,
                s47s,
                cp_plans,
                cin_plans,
                ..Episode::default()
            },
        )
}

fn children() -> impl Strategy<Value = Vec<Child>> {
    vec(
        (
            vec(date(), 0..3),
            vec((date(), date()), 0..3),
            vec(episode(), 0..4),
        ),
        0..8,
    )
    .prop_map(|kids| {
        kids.into_iter()
            .enumerate()
            .map(|(i, (contacts, eh, episodes))| {
                let mut c = child(&format!("C{i}"));
                c.contacts = contacts
                    .into_iter()
                    .map(|date| Contact {
                        date,
                        ..Contact::default()
                    })
                    .collect();
                c.early_help = eh
                    .into_iter()
                    .map(|(start, end)| EarlyHelpEpisode {
                        start,
                        end,
                        ..EarlyHelpEpisode::default()
                    })
                    .collect();
                c.episodes = episodes;
                c
            })
            .collect()
    })
}

/// A census year 2023–2026 or an arbitrary period of up to 500 days.
fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (2023i32..=2026).prop_map(|y| Period::census_year(y).unwrap()),
        (0..SPAN, 0i32..500).prop_map(|(s, len)| {
            let start = from_offset(s);
            Period::new(start, from_offset(s + len)).unwrap()
        }),
    ]
}

const FLOW_COUNTS: [&str; 7] = [
    "referrals",
    "assessments_completed",
    "s47_started",
    "icpcs",
    "cpp_started",
    "contacts",
    "early_help_assessments_started",
];

// ---- Independent, deliberately naive versions of a few definitions -----------------

fn naive_rereferrals(kids: &[Child], p: Period) -> (u64, u64) {
    let (mut num, mut den) = (0, 0);
    for c in kids {
        for e in &c.episodes {
            let Some(d) = e.referral_date else { continue };
            if !p.contains(d) {
                continue;
            }
            den += 1;
            let lo = add_months(d, -12);
            if c.episodes
                .iter()
                .any(|o| o.referral_date.is_some_and(|x| x >= lo && x < d))
            {
                num += 1;
            }
        }
    }
    (num, den)
}

fn naive_cin_at_end(kids: &[Child], p: Period) -> u64 {
    kids.iter()
        .filter(|c| {
            c.episodes.iter().any(|e| {
                e.referral_date.is_some_and(|r| r <= p.end())
                    && e.closure_date.is_none_or(|x| x > p.end())
                    && e.referral_nfa != Some(true)
            })
        })
        .count() as u64
}

fn naive_icpc_to_cpp(kids: &[Child], p: Period) -> (u64, u64) {
    let (mut num, mut den) = (0, 0);
    for c in kids {
        let mut icpcs = Vec::new();
        for e in &c.episodes {
            icpcs.extend(e.episode_icpc_date);
            icpcs.extend(e.s47s.iter().filter_map(|s| s.icpc_date));
        }
        for ic in icpcs.into_iter().filter(|d| p.contains(*d)) {
            den += 1;
            let plan = c
                .episodes
                .iter()
                .flat_map(|e| &e.cp_plans)
                .any(|pl| pl.start == Some(ic));
            num += u64::from(plan);
        }
    }
    (num, den)
}

fn naive_reviews(kids: &[Child], p: Period) -> (u64, u64) {
    let end = p.end();
    let (mut num, mut den) = (0, 0);
    for c in kids {
        let plans: Vec<&CpPlan> = c
            .episodes
            .iter()
            .flat_map(|e| &e.cp_plans)
            .filter(|pl| {
                pl.end.is_none_or(|x| x > end) && pl.start.is_some_and(|s| add_months(s, 3) <= end)
            })
            .collect();
        if plans.is_empty() {
            continue;
        }
        den += 1;
        let ok = plans.iter().all(|pl| {
            let s = pl.start.unwrap();
            let mut rs: Vec<NaiveDate> = pl
                .review_dates
                .iter()
                .copied()
                .filter(|r| *r > s && *r <= end)
                .collect();
            rs.sort();
            let mut due = add_months(s, 3);
            for r in rs {
                if r > due {
                    return false;
                }
                due = add_months(r, 6);
            }
            due >= end
        });
        num += u64::from(ok);
    }
    (num, den)
}

fn naive_within(kids: &[Child], p: Period, n: i64) -> (u64, u64) {
    let (mut num, mut den) = (0, 0);
    for a in kids
        .iter()
        .flat_map(|c| &c.episodes)
        .flat_map(|e| &e.assessments)
    {
        let (Some(s), Some(au)) = (a.start, a.authorised) else {
            continue;
        };
        if !p.contains(au) {
            continue;
        }
        let Ok(wd) = working_days(s, au) else {
            continue;
        };
        den += 1;
        num += u64::from(wd <= n);
    }
    (num, den)
}

fn nd(v: &[IndicatorValue], id: &str) -> (u64, u64) {
    let x = get(v, id);
    (x.numerator, x.denominator.unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn percentages_are_well_formed(kids in children(), p in period()) {
        let options = Options { extra_assessment_limits: vec![10, 35], ..Options::default() };
        let values = compute_all(&kids, p, &options);
        prop_assert_eq!(values.len(), catalogue_for(&options).len());
        for v in &values {
            match v.unit {
                Unit::Percent => {
                    let den = v.denominator.unwrap();
                    prop_assert!(v.numerator <= den, "{}: {} > {}", v.id, v.numerator, den);
                    prop_assert_eq!(v.value, percentage(v.numerator, den), "{}", &v.id);
                    prop_assert_eq!(v.ci_low.is_some(), den > 0);
                    if let (Some(lo), Some(hi)) = (v.ci_low, v.ci_high) {
                        prop_assert!(0.0 <= lo && lo <= hi && hi <= 100.0);
                    }
                    prop_assert_eq!(v.flags.iter().any(|f| f == "small_number"), den < 30);
                    prop_assert_eq!(v.flags.iter().any(|f| f == "no_data"), den == 0);
                }
                Unit::Count => {
                    prop_assert_eq!(v.denominator, None);
                    prop_assert_eq!(v.value, Some(v.numerator as f64));
                }
            }
        }
        // Drop-out is the complement of conversion.
        let (a, den) = nd(&values, "icpc_to_cpp_pct");
        let (b, den2) = nd(&values, "icpc_dropout_pct");
        prop_assert_eq!(den, den2);
        prop_assert_eq!(a + b, den);
        prop_assert_eq!(den, get(&values, "icpcs").numerator);
        // Same denominators where the definition says so.
        let referrals = get(&values, "referrals").numerator;
        for id in ["rereferrals_12m_pct", "referral_nfa_pct", "referrals_with_prior_early_help_pct"] {
            prop_assert_eq!(get(&values, id).denominator, Some(referrals));
        }
        prop_assert_eq!(get(&values, "cpp_repeat_pct").denominator,
            Some(get(&values, "cpp_started").numerator));
        prop_assert_eq!(get(&values, "cpp_open_2y_pct").denominator,
            Some(get(&values, "cpp_open_at_end").numerator));
        prop_assert_eq!(get(&values, "cpp_open_2y_pct").numerator,
            get(&values, "cpp_open_2y").numerator);
        prop_assert!(get(&values, "cpp_open_2y").numerator <= get(&values, "cpp_open_18m").numerator);
        // Timeliness grows with the limit, over the same denominator.
        let (n10, d10) = nd(&values, "assessments_within_10wd_pct");
        let (n35, d35) = nd(&values, "assessments_within_35wd_pct");
        let (n45, d45) = nd(&values, "assessments_within_45wd_pct");
        prop_assert!(d10 == d35 && d35 == d45);
        prop_assert!(n10 <= n35 && n35 <= n45);
        prop_assert!(d45 <= get(&values, "assessments_completed").numerator);
    }

    #[test]
    fn monthly_flows_add_up_to_the_period(kids in children(), p in period()) {
        let options = Options::default();
        let whole = compute_all(&kids, p, &options);
        let series = compute_series(&kids, p, &options);
        prop_assert_eq!(series.len(), p.months().count());
        for id in FLOW_COUNTS {
            let sum: u64 = series.iter().map(|m| get(&m.values, id).numerator).sum();
            prop_assert_eq!(sum, get(&whole, id).numerator, "{}", id);
        }
        // Stocks at the last month's end are the stocks at the period end.
        let last = &series.last().unwrap().values;
        for id in ["cin_at_end", "cin_plans_at_end", "cpp_open_at_end", "cpp_open_2y_pct",
                   "cpp_reviews_on_time_pct", "assessments_open_over_45wd"] {
            prop_assert_eq!(get(last, id), get(&whole, id), "{}", id);
        }
    }

    #[test]
    fn many_periods_in_one_pass_equal_one_at_a_time(
        kids in children(), a in period(), b in period()
    ) {
        let options = Options { extra_assessment_limits: vec![20], ..Options::default() };
        let both = compute_periods(&kids, &[a, b], &options);
        prop_assert_eq!(&both[0], &compute_all(&kids, a, &options));
        prop_assert_eq!(&both[1], &compute_all(&kids, b, &options));
    }

    #[test]
    fn agrees_with_naive_definitions(kids in children(), p in period()) {
        let v = compute_all(&kids, p, &Options::default());
        prop_assert_eq!(nd(&v, "rereferrals_12m_pct"), naive_rereferrals(&kids, p));
        prop_assert_eq!(get(&v, "cin_at_end").numerator, naive_cin_at_end(&kids, p));
        prop_assert_eq!(nd(&v, "icpc_to_cpp_pct"), naive_icpc_to_cpp(&kids, p));
        prop_assert_eq!(nd(&v, "cpp_reviews_on_time_pct"), naive_reviews(&kids, p));
        prop_assert_eq!(nd(&v, "assessments_within_45wd_pct"), naive_within(&kids, p, 45));
    }

    #[test]
    fn drill_down_reconciles_with_the_figures(kids in children(), p in period()) {
        let options = Options { extra_assessment_limits: vec![10], ..Options::default() };
        reconcile(&kids, p, &options);
    }
}
