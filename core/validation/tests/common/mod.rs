//! A base child that passes every rule, and small helpers to break it.
#![allow(dead_code)]

use assure_casedata::{
    Assessment, Child, ChildId, CinChildExtras, CinPlan, CpPlan, Episode, NaiveDate, Sex, UpnFacts,
    S47,
};
use assure_validation::{CensusContext, Issue, Severity};
use chrono::{Datelike, Days, Weekday};

pub const ID: &str = "C1";

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn plus(x: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        x.checked_add_days(Days::new(days as u64)).unwrap()
    } else {
        x.checked_sub_days(Days::new((-days) as u64)).unwrap()
    }
}

/// First date on or after `x` that falls on `wd`.
pub fn on_or_after(x: NaiveDate, wd: Weekday) -> NaiveDate {
    let mut x = x;
    while x.weekday() != wd {
        x = plus(x, 1);
    }
    x
}

pub fn ctx(year: i32) -> CensusContext {
    CensusContext::for_year(year).unwrap()
}

pub fn good_upn(fingerprint: u64) -> UpnFacts {
    UpnFacts {
        chars: 13,
        first_char_is_letter: true,
        check_letter_ok: Some(true),
        la_code: Some("201".into()),
        chars_5_to_12_numeric: true,
        char_13_valid: true,
        fingerprint,
    }
}

/// The ICPC date of the base child: the Friday on or after 27 May of the year before the
/// collection year.
pub fn icpc_date(year: i32) -> NaiveDate {
    on_or_after(d(year - 1, 5, 27), Weekday::Fri)
}

/// A child on a full pathway inside census year `year`, passing every rule:
/// referral 3 May → assessment → S47 → ICPC (a Friday) → CP plan (open) with one review;
/// a CIN plan that ended the day the CP plan started.
pub fn base(year: i32) -> (Child, CinChildExtras) {
    let y = year - 1;
    let r = d(y, 5, 3);
    let icpc = icpc_date(year);
    let mut c = Child::new(ChildId::parse(ID).unwrap());
    c.birth_date = Some(d(y - 7, 6, 1));
    c.sex = Sex::Male;
    c.ethnicity = Some("WBRI".into());
    c.disabilities = vec!["NONE".into()];
    c.source_line = Some(10);
    c.episodes.push(Episode {
        referral_date: Some(r),
        referral_source: Some("1A".into()),
        primary_need: Some("N1".into()),
        referral_nfa: Some(false),
        assessments: vec![Assessment {
            start: Some(plus(r, 1)),
            authorised: Some(plus(r, 17)),
            factors: vec!["3A".into()],
            ..Assessment::default()
        }],
        s47s: vec![S47 {
            start: Some(plus(r, 7)),
            icpc_target: Some(icpc),
            icpc_date: Some(icpc),
            icpc_not_required: Some(false),
            ..S47::default()
        }],
        cp_plans: vec![CpPlan {
            start: Some(icpc),
            initial_category: Some("NEG".into()),
            latest_category: Some("NEG".into()),
            previous_plans: Some(0),
            review_dates: vec![plus(icpc, 84)],
            ..CpPlan::default()
        }],
        cin_plans: vec![CinPlan {
            start: Some(plus(r, 18)),
            end: Some(icpc),
            ..CinPlan::default()
        }],
        ..Episode::default()
    });
    let mut x = CinChildExtras {
        upn: Some(good_upn(1)),
        ..CinChildExtras::default()
    };
    if year >= 2025 {
        x.sex = Some("M".into());
    } else {
        x.gender_current = Some("1".into());
    }
    (c, x)
}

pub fn with_rule<'a>(issues: &'a [Issue], rule: &str) -> Vec<&'a Issue> {
    issues.iter().filter(|i| i.rule == rule).collect()
}

pub fn assert_hit(
    issues: &[Issue],
    rule: &str,
    severity: Severity,
    field: &str,
    child: Option<&str>,
) {
    let hits = with_rule(issues, rule);
    assert!(
        !hits.is_empty(),
        "expected rule {rule} to fire; got {issues:#?}"
    );
    for i in hits {
        assert_eq!(i.severity, severity, "{rule}: {i:?}");
        assert_eq!(i.field, field, "{rule}: {i:?}");
        assert_eq!(i.child_id.as_deref(), child, "{rule}: {i:?}");
        assert!(i.message.starts_with(&format!("{rule}: ")), "{rule}: {i:?}");
    }
}
