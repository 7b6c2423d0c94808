//! The catalogue as data.

use std::collections::HashSet;

use assure_casedata::NaiveDate;
use assure_indicators::{
    catalogue, catalogue_for, census_period_for, definition, EventType, Options, Polarity, Unit,
};

const IDS: [&str; 27] = [
    "referrals",
    "rereferrals_12m_pct",
    "referral_nfa_pct",
    "assessments_completed",
    "assessments_within_45wd_pct",
    "assessments_open_over_45wd",
    "s47_started",
    "s47_to_icpc_pct",
    "icpcs",
    "icpc_within_15wd_pct",
    "icpc_to_cpp_pct",
    "icpc_dropout_pct",
    "cpp_started",
    "cpp_open_at_end",
    "cpp_open_2y_pct",
    "cpp_open_18m",
    "cpp_open_2y",
    "cpp_ended_2y_pct",
    "cpp_repeat_pct",
    "cpp_reviews_on_time_pct",
    "cin_at_end",
    "cin_plans_at_end",
    "assessment_child_seen_pct",
    "contacts",
    "early_help_assessments_started",
    "early_help_completed_within_target_pct",
    "referrals_with_prior_early_help_pct",
];

#[test]
fn ids_in_order_and_unique() {
    let cat = catalogue();
    let ids: Vec<&str> = cat.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, IDS);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
}

#[test]
fn every_entry_is_complete_and_consistent() {
    for d in catalogue() {
        assert!(!d.name.is_empty() && !d.definition.is_empty() && !d.numerator.is_empty());
        assert!(!d.needs.is_empty(), "{}", d.id);
        // Percent ⇔ has a denominator ⇔ id ends in _pct.
        assert_eq!(d.unit == Unit::Percent, d.denominator.is_some(), "{}", d.id);
        assert_eq!(d.unit == Unit::Percent, d.id.ends_with("_pct"), "{}", d.id);
    }
    let d = definition("cpp_repeat_pct").unwrap();
    assert_eq!(d.polarity, Polarity::LowerBetter);
    assert_eq!(d.needs, vec![EventType::CpPlans]);
    assert_eq!(definition("nope"), None);
}

#[test]
fn parametrised_timeliness() {
    let options = Options {
        extra_assessment_limits: vec![35, 10, 45, 35],
        ..Options::default()
    };
    let cat = catalogue_for(&options);
    assert_eq!(cat.len(), 29);
    assert_eq!(cat[27].id, "assessments_within_35wd_pct");
    assert_eq!(cat[28].id, "assessments_within_10wd_pct");
    let d = definition("assessments_within_7wd_pct").unwrap();
    assert_eq!(d.unit, Unit::Percent);
    assert_eq!(d.polarity, Polarity::HigherBetter);
    assert!(d.numerator.contains("≤ 7"));
    assert_eq!(definition("assessments_within_07wd_pct"), None);
}

#[test]
fn catalogue_serialises() {
    let json = serde_json::to_value(catalogue()).unwrap();
    let first = &json[0];
    assert_eq!(first["id"], "referrals");
    assert_eq!(first["unit"], "count");
    assert_eq!(first["polarity"], "neither");
    assert_eq!(first["needs"], serde_json::json!(["referrals"]));
    assert_eq!(first["denominator"], serde_json::Value::Null);
    assert_eq!(json[1]["polarity"], "lower_better");
    let options: Options = serde_json::from_str(r#"{"population": 1000}"#).unwrap();
    assert_eq!(options.population, Some(1000));
    assert_eq!(options.early_help_target_days, 90);
    assert_eq!(options.early_help_monthly_target, 100);
}

#[test]
fn default_period_is_the_census_year() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let p = census_period_for(d("2025-03-31"));
    assert_eq!((p.start(), p.end()), (d("2024-04-01"), d("2025-03-31")));
    let p = census_period_for(d("2025-04-01"));
    assert_eq!((p.start(), p.end()), (d("2025-04-01"), d("2026-03-31")));
}
