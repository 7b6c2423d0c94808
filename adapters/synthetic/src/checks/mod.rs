//! The generator's own checks: the DfE CIN error rules it was designed against, applied
//! to one child's census record, and the pathway invariants of the full record.
//!
//! These exist so the tests (and anyone changing the model) can prove that clean output
//! raises none of the rules and that each planted error raises its rule. They are not
//! the product's validator: rules are implemented only as far as one child's record can
//! show them, and LA-level rules (2883, 2886Q, 2887Q, 8510) are left out.

mod episode;
mod pathway;

use assure_calendar::Period;
use assure_casedata::{Child, NaiveDate, Sex};
use chrono::{Datelike, Weekday};

use self::episode::episode_rules;
pub use self::pathway::pathway;

use crate::census::FIRST_YEAR_WITH_SEX;

/// One broken rule or invariant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// DfE rule number (e.g. `8875`), or `P-…` for a pathway invariant.
    pub rule: &'static str,
    /// What is wrong, with the date or code concerned.
    pub detail: String,
}

const SOURCES: &[&str] = &[
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C",
    "5D", "6", "7", "8", "9", "10",
];
const NEEDS: &[&str] = &["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"];
const REASONS: &[&str] = &[
    "RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9",
];
const CATEGORIES: &[&str] = &["NEG", "PHY", "SAB", "EMO", "MUL"];
const ETHNICITIES: &[&str] = &[
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];
const DISABILITIES: &[&str] = &[
    "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA",
];

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The DfE error rules that one child's census record can break (queries are not
/// checked). `child` must be a census record for `year`
/// ([`crate::census_view`]).
pub fn census_rules(child: &Child, year: i32) -> Vec<Violation> {
    let mut v = Vec::new();
    let mut push = |rule: &'static str, detail: String| v.push(Violation { rule, detail });
    let Ok(period) = Period::census_year(year) else {
        push("100", format!("year {year}"));
        return v;
    };
    let pe = period.end();
    let id = child.la_child_id.as_str();
    if id.chars().count() > 20 {
        push("1570", id.to_owned());
    }
    if year >= 2025 && !child.la_child_id.is_ascii_alphanumeric() {
        push("1580", id.to_owned());
    }
    if child.birth_date.is_some_and(|d| d > pe) {
        push("8520", format!("{:?}", child.birth_date));
    }
    let unborn = child.birth_date.is_none() && child.expected_birth_date.is_some();
    let sex_ok = match child.sex {
        Sex::Male | Sex::Female => true,
        Sex::Unknown => year >= FIRST_YEAR_WITH_SEX,
        Sex::NotRecorded | Sex::Indeterminate => year < FIRST_YEAR_WITH_SEX,
    };
    if !sex_ok {
        push("4180", format!("{:?}", child.sex));
    }
    if unborn && !matches!(child.sex, Sex::Unknown | Sex::NotRecorded) {
        push("8750", format!("{:?}", child.sex));
    }
    if !child
        .ethnicity
        .as_deref()
        .is_some_and(|e| ETHNICITIES.contains(&e))
    {
        push("4220", format!("{:?}", child.ethnicity));
    }
    if child.disabilities.is_empty()
        || child
            .disabilities
            .iter()
            .any(|d| !DISABILITIES.contains(&d.as_str()))
    {
        push("8540", format!("{:?}", child.disabilities));
    }
    if child.disabilities.len() > 1 && child.disabilities.iter().any(|d| d == "NONE") {
        push("8790", format!("{:?}", child.disabilities));
    }
    for (i, d) in child.disabilities.iter().enumerate() {
        if child.disabilities[..i].contains(d) {
            push("8794", d.clone());
        }
    }
    if child.episodes.is_empty() {
        push("8590", String::new());
    }
    let dob = child.birth_date.or(child.expected_birth_date);

    let mut open_non_nfa = 0;
    let mut open_cpp = 0;
    let mut all_cpp: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    let mut all_cin: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    let mut all_reviews: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    for (ei, ep) in child.episodes.iter().enumerate() {
        let Some(r) = ep.referral_date.filter(|r| *r <= pe) else {
            push("8600", format!("{:?}", ep.referral_date));
            continue;
        };
        if let Some(b) = dob {
            if (b - r).num_days() > 280 {
                push("8606", format!("referral {r}, birth {b}"));
            }
        }
        let source_ok = ep
            .referral_source
            .as_deref()
            .is_some_and(|s| SOURCES.contains(&s) && (s != "5D" || year >= 2023));
        if !source_ok {
            push("8866", format!("{:?}", ep.referral_source));
        }
        let nfa = match ep.referral_nfa {
            Some(n) => n,
            None => {
                push("8568", String::new());
                false
            }
        };
        match ep.primary_need.as_deref() {
            Some(n) if !NEEDS.contains(&n) => push("8650", n.to_owned()),
            None if !nfa => push("8610", format!("referral {r}")),
            _ => {}
        }
        if let Some(c) = ep.closure_date {
            if !period.contains(c) {
                push("8620", c.to_string());
            }
            if c < r {
                push("8630", format!("closure {c} before referral {r}"));
            }
            match ep.closure_reason.as_deref() {
                None => push("8805", c.to_string()),
                Some(x) if !REASONS.contains(&x) || (x == "RC9" && year < 2023) => {
                    push("8640", x.to_owned())
                }
                _ => {}
            }
        } else {
            if ep.closure_reason.is_some() {
                push("8810", format!("{:?}", ep.closure_reason));
            }
            if !nfa {
                open_non_nfa += 1;
                if ei + 1 != child.episodes.len() {
                    push("8816", format!("referral {r}"));
                }
            }
        }
        if let Some(next) = child.episodes.get(ei + 1).and_then(|e| e.referral_date) {
            if ep.closure_date.is_none_or(|c| c >= next) {
                push("8820", format!("referral {r} overlaps {next}"));
            }
        }
        let has_activity =
            !ep.assessments.is_empty() || !ep.s47s.is_empty() || !ep.cin_plans.is_empty();
        if nfa && has_activity {
            push("8831", format!("referral {r}"));
        }
        if nfa && (!ep.cp_plans.is_empty() || ep.episode_icpc_date.is_some()) {
            push("8832", format!("referral {r}"));
        }
        if nfa && !ep.cin_plans.is_empty() {
            push("4000", format!("referral {r}"));
        }
        if matches!(ep.closure_reason.as_deref(), Some("RC8" | "RC9"))
            && (!ep.s47s.is_empty() || !ep.cin_plans.is_empty() || !ep.cp_plans.is_empty())
        {
            push("2990", format!("referral {r}"));
        }
        episode_rules(ep, r, period, &mut push);
        for p in &ep.cp_plans {
            if let Some(s) = p.start {
                all_cpp.push((s, p.end));
                if p.end.is_none() {
                    open_cpp += 1;
                }
            }
            for d in &p.review_dates {
                all_reviews.push((*d, p.end));
            }
        }
        for p in &ep.cin_plans {
            if let Some(s) = p.start {
                all_cin.push((s, p.end));
            }
        }
    }
    if open_non_nfa > 1 {
        push("8815", format!("{open_non_nfa} open episodes"));
    }
    if open_cpp > 1 {
        push("8935", format!("{open_cpp} open plans"));
    }
    // Overlapping CP plans (8940) and CIN plans (4014), across the child.
    all_cpp.sort();
    for w in all_cpp.windows(2) {
        if w[0].1.is_none_or(|e| e > w[1].0) {
            push("8940", format!("plans from {} and {}", w[0].0, w[1].0));
        }
    }
    all_cin.sort();
    for w in all_cin.windows(2) {
        if w[0].1.is_none_or(|e| e > w[1].0) {
            push("4014", format!("plans from {} and {}", w[0].0, w[1].0));
        }
    }
    // CIN plans alongside CP plans (4016, 4017, 4003).
    for &(cin_start, cin_end) in &all_cin {
        for &(cp_start, cp_end) in &all_cpp {
            let cin_in_cp = cin_start >= cp_start && cp_end.is_none_or(|e| cin_start < e);
            if cin_in_cp {
                push(
                    "4016",
                    format!("CIN plan {cin_start} inside CP plan {cp_start}"),
                );
            }
            let cp_in_cin = cp_start >= cin_start && cin_end.is_none_or(|e| cp_start < e);
            if cp_in_cin {
                push(
                    "4017",
                    format!("CP plan {cp_start} inside CIN plan {cin_start}"),
                );
            }
        }
        for &(review, plan_end) in &all_reviews {
            let inside = review >= cin_start && cin_end.is_some_and(|e| review < e);
            if inside && plan_end != Some(review) {
                push("4003", format!("review {review} in CIN plan {cin_start}"));
            }
        }
    }
    v
}
