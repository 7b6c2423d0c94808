//! Hand-built children, with every expected figure worked out by hand in the comments.
//!
//! Period: census year 2025 = Tue 1 April 2024 .. Mon 31 March 2025 unless stated.
//! Bank holidays used: 2024-03-29 (Good Friday), 2024-04-01 (Easter Monday), 2024-05-06,
//! 2024-05-27, 2024-08-26, 2024-12-25, 2024-12-26, 2025-01-01.
//! working_days(a, b) counts working days d with a < d ≤ b.

mod common;

use assure_calendar::{percentage, Period};
use assure_casedata::{Assessment, CinPlan, Contact, CpPlan, EarlyHelpEpisode, Episode, S47};
use assure_indicators::{
    compute_all, compute_rolling_series, compute_series, drill_down, drill_down_with,
    early_help_monthly, DrillStatus, EventKind, IndicatorError, Options, Report,
};
use common::*;

fn referral(date: &str) -> Episode {
    Episode {
        referral_date: od(date),
        referral_nfa: Some(false),
        ..Episode::default()
    }
}

fn nfa(date: &str) -> Episode {
    Episode {
        referral_nfa: Some(true),
        ..referral(date)
    }
}

// ---------------------------------------------------------------------------------------
// Referrals, NFA, period boundaries
// ---------------------------------------------------------------------------------------

fn boundary_children() -> Vec<assure_casedata::Child> {
    let mut a = child("A");
    // One day outside (31 Mar 2024), first day, last day, one day outside (1 Apr 2025).
    a.episodes = vec![
        referral("2024-03-31"),
        referral("2024-04-01"),
        referral("2025-03-31"),
        referral("2025-04-01"),
    ];
    let mut b = child("B");
    b.episodes = vec![nfa("2024-06-10"), referral("")];
    // Unborn child: no date of birth, an expected one. Counted like any other child.
    let mut c = child("C");
    c.expected_birth_date = od("2024-12-01");
    c.episodes = vec![Episode {
        referral_nfa: None,
        ..referral("2024-09-02")
    }];
    vec![a, b, c]
}

#[test]
fn referrals_count_both_period_ends_and_skip_undated() {
    let v = run(&boundary_children());
    // A: 2024-04-01 and 2025-03-31 (not 2024-03-31, not 2025-04-01) = 2
    // B: 2024-06-10 (NFA included) = 1; the undated referral is skipped
    // C: 2024-09-02 = 1                                      → 2 + 1 + 1 = 4
    count(&v, "referrals", 4);
    assert_eq!(skipped(&v, "referrals"), 1);
    // NFA: only B's 2024-06-10 → 1 / 4 = 25.0
    pct(&v, "referral_nfa_pct", 1, 4, Some(25.0));
    // Re-referrals: A 2024-04-01 has A 2024-03-31 in [2023-04-01, 2024-04-01) → yes;
    // A 2025-03-31 has A 2024-04-01 in [2024-03-31, 2025-03-31) → yes (2024-03-31 too);
    // B, C: no earlier referral → 2 / 4 = 50.0
    pct(&v, "rereferrals_12m_pct", 2, 4, Some(50.0));
    reconcile(&boundary_children(), year(), &Options::default());
}

#[test]
fn rereferral_window_is_12_calendar_months_strictly_earlier() {
    let mut r1 = child("R1");
    // 2024-06-15 − 12 months = 2023-06-15: included (window start is inclusive) → yes.
    r1.episodes = vec![referral("2023-06-15"), referral("2024-06-15")];
    let mut r2 = child("R2");
    // 2023-06-14 is one day before the window start → no.
    r2.episodes = vec![referral("2023-06-14"), referral("2024-06-15")];
    let mut r3 = child("R3");
    // Same-day pair: neither is strictly earlier than the other → 2 referrals, 0 re.
    r3.episodes = vec![referral("2024-07-01"), referral("2024-07-01")];
    let mut r4 = child("R4");
    // 2025-02-28 − 12 months = 2024-02-28; 2024-02-29 (leap day) is inside → yes.
    r4.episodes = vec![referral("2024-02-29"), referral("2025-02-28")];
    let mut r5 = child("R5");
    // An NFA referral counts as a previous referral: 2024-08-01 ← 2024-05-01 → yes;
    // 2024-05-01 itself has no earlier referral → no.
    r5.episodes = vec![nfa("2024-05-01"), referral("2024-08-01")];
    let mut r6 = child("R6");
    // A later referral (after the period) does not make an earlier one a re-referral.
    r6.episodes = vec![referral("2025-04-01"), referral("2025-03-31")];
    let mut r7 = child("R7");
    // 2024-02-28 is exactly 2025-02-28 − 12 months → yes.
    r7.episodes = vec![referral("2024-02-28"), referral("2025-02-28")];
    let mut r8 = child("R8");
    // 2024-02-27 is before 2024-02-28 → no.
    r8.episodes = vec![referral("2024-02-27"), referral("2025-02-28")];
    let kids = vec![r1, r2, r3, r4, r5, r6, r7, r8];
    let v = run(&kids);
    // In period: R1 1, R2 1, R3 2, R4 1, R5 2, R6 1, R7 1, R8 1 = 10
    count(&v, "referrals", 10);
    // Re-referrals: R1, R4, R5 (2024-08-01), R7 = 4 → 4 / 10 = 40.0
    pct(&v, "rereferrals_12m_pct", 4, 10, Some(40.0));
    // NFA: R5 2024-05-01 → 1 / 10 = 10.0
    pct(&v, "referral_nfa_pct", 1, 10, Some(10.0));
    // Drill-down shows the previous referral and the gap for R1: 2023-06-15 → 366 days
    // (the year includes 29 Feb 2024).
    let rows = drill_down(&kids, year(), "rereferrals_12m_pct").unwrap();
    let r1_row = rows.iter().find(|r| r.child_id.as_str() == "R1").unwrap();
    assert!(r1_row.in_numerator);
    assert_eq!(r1_row.reference_date, od("2023-06-15"));
    assert_eq!(r1_row.days, Some(366));
    reconcile(&kids, year(), &Options::default());
}

#[test]
fn rates_per_10k_and_flags() {
    let kids = boundary_children();
    let options = Options {
        population: Some(40_000),
        ..Options::default()
    };
    let v = compute_all(&kids, year(), &options);
    // 4 referrals ÷ 40,000 × 10,000 = 1.0
    assert_eq!(get(&v, "referrals").rate_per_10k, Some(1.0));
    // Percentages carry no rate.
    assert_eq!(get(&v, "referral_nfa_pct").rate_per_10k, None);
    // Denominator 4 < 30 → small number; Wilson 95% for 1/4 = 4.6% .. 69.9%.
    let nfa = get(&v, "referral_nfa_pct");
    assert_eq!(nfa.flags, vec!["small_number".to_owned()]);
    let (lo, hi) = (nfa.ci_low.unwrap(), nfa.ci_high.unwrap());
    assert!(
        (lo - 4.56).abs() < 0.01 && (hi - 69.94).abs() < 0.01,
        "{lo} {hi}"
    );
    // No contacts anywhere in the input: count 0 flagged no_data.
    let contacts = get(&v, "contacts");
    assert_eq!(contacts.value, Some(0.0));
    assert_eq!(contacts.flags, vec!["no_data".to_owned()]);
    // No assessments at all: percentage with denominator 0 → value null, no interval.
    let a = get(&v, "assessments_within_45wd_pct");
    assert_eq!((a.numerator, a.denominator, a.value), (0, Some(0), None));
    assert_eq!((a.ci_low, a.ci_high), (None, None));
    assert_eq!(
        a.flags,
        vec!["small_number".to_owned(), "no_data".to_owned()]
    );
    // Without a population, no rate.
    assert_eq!(get(&run(&kids), "referrals").rate_per_10k, None);
}

#[test]
fn thirty_in_the_denominator_is_not_small() {
    let mut kids = Vec::new();
    for i in 0..30 {
        let mut c = child(&format!("N{i}"));
        // Every third is NFA: 10 of 30.
        c.episodes = vec![if i % 3 == 0 {
            nfa("2024-05-01")
        } else {
            referral("2024-05-01")
        }];
        kids.push(c);
    }
    let v = run(&kids);
    // 10 / 30 = 33.33… → 33.3
    pct(&v, "referral_nfa_pct", 10, 30, Some(33.3));
    assert!(get(&v, "referral_nfa_pct").flags.is_empty());
    kids.pop();
    // 29 children: 10 / 29 = 34.48… → 34.5, now a small number.
    let v = run(&kids);
    pct(&v, "referral_nfa_pct", 10, 29, Some(34.5));
    assert_eq!(get(&v, "referral_nfa_pct").flags, vec!["small_number"]);
}

// ---------------------------------------------------------------------------------------
// Assessments
// ---------------------------------------------------------------------------------------

fn assessment(start: &str, authorised: &str, seen: Option<bool>) -> Assessment {
    Assessment {
        start: od(start),
        authorised: od(authorised),
        child_seen: seen,
        ..Assessment::default()
    }
}

fn assessment_children() -> Vec<assure_casedata::Child> {
    let mut x = child("AS1");
    let mut ep = referral("2024-01-05");
    ep.assessments = vec![
        // a1: Thu 15 Feb 2024 → Mon 22 Apr 2024. Fri 16 Feb = 1; 19–23 Feb = 2–6;
        // 26 Feb–1 Mar = 7–11; 4–8 Mar = 12–16; 11–15 = 17–21; 18–22 = 22–26;
        // 25–28 Mar = 27–30 (Good Friday 29th); Easter Monday 1 Apr; 2–5 Apr = 31–34;
        // 8–12 = 35–39; 15–19 = 40–44; Mon 22 Apr = 45 → within 45.
        assessment("2024-02-15", "2024-04-22", Some(true)),
        // a2: same start, Tue 23 Apr = working day 46 → not within.
        assessment("2024-02-15", "2024-04-23", Some(false)),
        // a3: same day → 0.
        assessment("2024-05-01", "2024-05-01", None),
        // a4: Thu 28 Mar → Tue 2 Apr 2024: Good Friday, weekend, Easter Monday skipped → 1.
        assessment("2024-03-28", "2024-04-02", Some(true)),
        // a5: authorised 31 Mar 2024, the day before the period: not completed in it.
        assessment("2024-01-10", "2024-03-31", Some(true)),
    ];
    let mut ep2 = referral("2024-10-01");
    ep2.assessments = vec![
        // a6: Mon 27 Jan 2025 → Mon 31 Mar 2025 (the last day): 28–31 Jan = 4;
        // Feb = 20 (4 → 24); March 3–31 = 21 (→ 45) → within 45.
        assessment("2025-01-27", "2025-03-31", Some(true)),
        // a6b: Fri 24 Jan 2025 → 31 Mar 2025: + Mon 27 Jan = 46 → not within.
        assessment("2025-01-24", "2025-03-31", Some(true)),
        // a7: no start date: completed (counted), but skipped for timeliness.
        assessment("", "2024-06-03", Some(true)),
        // a8: authorised before its start (Wed 10 Jul → Mon 8 Jul 2024) = −2: within by
        // the formula (−2 ≤ 45), reported as a negative duration.
        assessment("2024-07-10", "2024-07-08", None),
        // a9: Fri 20 Dec 2024 → Thu 2 Jan 2025: 23, 24 Dec = 2; 25, 26 Dec holidays;
        // 27 Dec = 3; 30, 31 Dec = 5; 1 Jan holiday; 2 Jan = 6.
        assessment("2024-12-20", "2025-01-02", Some(false)),
        // a10: open, never authorised: not completed.
        assessment("2024-01-10", "", Some(true)),
        // a11: Tue 1 Oct 2024 → Tue 19 Nov 2024: 2–4 Oct = 3; four whole weeks to 1 Nov
        // = 23; 4–8 Nov = 28; 11–15 Nov = 33; 18 Nov = 34; 19 Nov = 35.
        assessment("2024-10-01", "2024-11-19", Some(true)),
        // a12: → Wed 20 Nov = 36.
        assessment("2024-10-01", "2024-11-20", Some(true)),
        // a13: → Tue 15 Oct: 2–4 Oct = 3; 7–11 Oct = 8; 14 Oct = 9; 15 Oct = 10.
        assessment("2024-10-01", "2024-10-15", Some(true)),
        // a14: → Wed 16 Oct = 11.
        assessment("2024-10-01", "2024-10-16", None),
    ];
    x.episodes = vec![ep, ep2];
    vec![x]
}

#[test]
fn assessments_within_45_working_days() {
    let kids = assessment_children();
    let v = run(&kids);
    // Completed in the period: a1 a2 a3 a4 a6 a6b a7 a8 a9 a11 a12 a13 a14 = 13
    // (a5 was authorised the day before the period; a10 is open).
    count(&v, "assessments_completed", 13);
    // 45 wd: denominator 13 − a7 (no start) = 12.
    // Working days: a1 45 ✓, a2 46 ✗, a3 0 ✓, a4 1 ✓, a6 45 ✓, a6b 46 ✗, a8 −2 ✓,
    // a9 6 ✓, a11 35 ✓, a12 36 ✓, a13 10 ✓, a14 11 ✓ → 10 / 12 = 83.33… → 83.3
    pct(&v, "assessments_within_45wd_pct", 10, 12, Some(83.3));
    assert_eq!(skipped(&v, "assessments_within_45wd_pct"), 1);
    assert_eq!(
        extra(&v, "assessments_within_45wd_pct", "negative_duration"),
        1
    );
    // Child seen: known for a1 T, a2 F, a4 T, a6 T, a6b T, a7 T, a9 F, a11 T, a12 T,
    // a13 T = 10, of which 8 seen → 80.0; unknown: a3, a8, a14 = 3.
    pct(&v, "assessment_child_seen_pct", 8, 10, Some(80.0));
    assert_eq!(
        extra(&v, "assessment_child_seen_pct", "child_seen_unknown"),
        3
    );
    // Not asked for: no 10 / 35 indicators by default.
    assert!(v.iter().all(|x| x.id != "assessments_within_10wd_pct"));
    reconcile(&kids, year(), &Options::default());
}

#[test]
fn assessments_within_configurable_limits() {
    let kids = assessment_children();
    let options = Options {
        extra_assessment_limits: vec![10, 35, 45, 10],
        ..Options::default()
    };
    let v = compute_all(&kids, year(), &options);
    // 45 and the repeated 10 are ignored: exactly two extra indicators, after the others.
    let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        &ids[ids.len() - 2..],
        &["assessments_within_10wd_pct", "assessments_within_35wd_pct"]
    );
    // 10 wd: a3 0, a4 1, a8 −2, a9 6, a13 10 ✓ (a14 11 ✗) → 5 / 12 = 41.66… → 41.7
    pct(&v, "assessments_within_10wd_pct", 5, 12, Some(41.7));
    // 35 wd: those five + a11 35 + a14 11 (a12 36 ✗) → 7 / 12 = 58.33… → 58.3
    pct(&v, "assessments_within_35wd_pct", 7, 12, Some(58.3));
    assert_eq!(skipped(&v, "assessments_within_10wd_pct"), 1);
    // Unchanged 45.
    pct(&v, "assessments_within_45wd_pct", 10, 12, Some(83.3));
    reconcile(&kids, year(), &options);
    // Drill-down for a limit that was not configured still works.
    let rows = drill_down(&kids, year(), "assessments_within_35wd_pct").unwrap();
    assert_eq!(rows.iter().filter(|r| r.in_numerator).count(), 7);
    let a11 = rows.iter().find(|r| r.end == od("2024-11-19")).unwrap();
    assert_eq!((a11.working_days, a11.in_numerator), (Some(35), true));
}

#[test]
fn open_assessments_over_45_working_days_at_the_end() {
    let mut x = child("OA");
    let mut ep = referral("2024-01-05");
    ep.assessments = vec![
        // o1: Mon 27 Jan 2025 → period end Mon 31 Mar 2025 = 45 → not over 45.
        assessment("2025-01-27", "", None),
        // o2: Fri 24 Jan 2025 → 46 → counted.
        assessment("2025-01-24", "", None),
        // o2b: Sun 26 Jan 2025 (weekend start not moved): Mon 27 Jan is day 1 → 46.
        assessment("2025-01-26", "", None),
        // o3: authorised after the end (15 Apr 2025): open at the end; 2024-01-10 → 310.
        assessment("2024-01-10", "2025-04-15", None),
        // o4: authorised on the last day: not open.
        assessment("2024-01-10", "2025-03-31", None),
        // o5: starts after the period end: not counted.
        assessment("2025-04-01", "", None),
        // o6: no start, not authorised: skipped.
        assessment("", "", None),
        // o7: no start but authorised before the end: closed, not skipped.
        assessment("", "2024-05-01", None),
        // o8: start outside the working-day calendar (1999): skipped.
        assessment("1999-12-01", "", None),
    ];
    x.episodes = vec![ep];
    let kids = vec![x];
    let v = run(&kids);
    // o2, o2b, o3 = 3; skipped o6, o8 = 2
    count(&v, "assessments_open_over_45wd", 3);
    assert_eq!(skipped(&v, "assessments_open_over_45wd"), 2);
    let rows = drill_down(&kids, year(), "assessments_open_over_45wd").unwrap();
    let wds: Vec<Option<i64>> = rows
        .iter()
        .filter(|r| r.in_numerator)
        .map(|r| r.working_days)
        .collect();
    assert_eq!(wds, vec![Some(46), Some(46), Some(310)]);
    reconcile(&kids, year(), &Options::default());
}

// ---------------------------------------------------------------------------------------
// Section 47 enquiries and ICPCs
// ---------------------------------------------------------------------------------------

fn s47(start: &str, icpc: &str, not_required: Option<bool>) -> S47 {
    S47 {
        start: od(start),
        icpc_date: od(icpc),
        icpc_not_required: not_required,
        ..S47::default()
    }
}

fn plan(start: &str, end: &str) -> CpPlan {
    CpPlan {
        start: od(start),
        end: od(end),
        ..CpPlan::default()
    }
}

fn s47_children() -> Vec<assure_casedata::Child> {
    // S1: Thu 12 Dec 2024 → Tue 7 Jan 2025. 13 Dec = 1; 16–20 Dec = 2–6; 23, 24 Dec = 7, 8;
    // 25, 26 Dec holidays; 27 Dec = 9; 30, 31 Dec = 10, 11; 1 Jan holiday; 2, 3 Jan = 12, 13;
    // 6 Jan = 14; 7 Jan = 15 → within 15. A CP plan starts on the ICPC date.
    let mut s1 = child("S1");
    let mut ep = referral("2024-12-10");
    ep.s47s = vec![s47("2024-12-12", "2025-01-07", Some(false))];
    ep.cp_plans = vec![plan("2025-01-07", "")];
    s1.episodes = vec![ep];
    // S2: same start, ICPC Wed 8 Jan 2025 = 16 → not within. The plan starts the day after
    // the ICPC: not "on the ICPC date" → drop-out.
    let mut s2 = child("S2");
    let mut ep = referral("2024-12-10");
    ep.s47s = vec![s47("2024-12-12", "2025-01-08", None)];
    ep.cp_plans = vec![plan("2025-01-09", "")];
    s2.episodes = vec![ep];
    // S3: strategy discussion and ICPC the same day (0 wd); no plan. Second S47 with
    // ICPC not required.
    let mut s3 = child("S3");
    let mut ep = referral("2024-04-29");
    ep.s47s = vec![
        s47("2024-05-01", "2024-05-01", None),
        s47("2024-06-03", "", Some(true)),
    ];
    s3.episodes = vec![ep];
    // S5: a pending S47 (no ICPC, not-required false) and one whose ICPC is after the
    // period end (2 Apr 2025): concluded with an ICPC, but the ICPC is not in the period.
    let mut s5 = child("S5");
    let mut ep = referral("2025-03-18");
    ep.s47s = vec![
        s47("2025-03-20", "", Some(false)),
        s47("2025-03-25", "2025-04-02", None),
    ];
    s5.episodes = vec![ep];
    // S6: S47 started before the period (Thu 28 Mar 2024), ICPC Wed 3 Apr 2024 in it:
    // Good Friday, weekend, Easter Monday skipped; 2 Apr = 1, 3 Apr = 2 → within 15.
    // The plan starting on the ICPC date is in another episode of the same child: the
    // rule is "the child has a plan starting on the ICPC date".
    let mut s6 = child("S6");
    let mut ep = referral("2024-03-27");
    ep.s47s = vec![s47("2024-03-28", "2024-04-03", None)];
    let mut ep2 = referral("2024-04-03");
    ep2.cp_plans = vec![plan("2024-04-03", "")];
    s6.episodes = vec![ep, ep2];
    // S8: S47 with no start date but an ICPC in the period: an ICPC (counted), skipped for
    // s47_started and for the 15-day test.
    let mut s8 = child("S8");
    let mut ep = referral("2024-06-20");
    ep.s47s = vec![s47("", "2024-07-01", None)];
    s8.episodes = vec![ep];
    // S9: Mon 10 Mar 2025 → Mon 31 Mar 2025 (the last day): 11–14 Mar = 4; 17–21 = 9;
    // 24–28 = 14; 31 = 15 → within. Plan on the same day.
    let mut s9 = child("S9");
    let mut ep = referral("2025-03-07");
    ep.s47s = vec![s47("2025-03-10", "2025-03-31", None)];
    ep.cp_plans = vec![plan("2025-03-31", "")];
    s9.episodes = vec![ep];
    // T: transfer-in ICPC on the episode (no S47) on 7 Oct 2024 with a plan that day, and
    // an earlier transfer-in on 31 Mar 2024 (outside the period).
    let mut t = child("T");
    let mut ep = Episode {
        episode_icpc_date: od("2024-10-07"),
        ..referral("2024-10-01")
    };
    ep.cp_plans = vec![plan("2024-10-07", "")];
    let old = Episode {
        episode_icpc_date: od("2024-03-31"),
        closure_date: od("2024-09-30"),
        ..referral("2024-03-01")
    };
    t.episodes = vec![old, ep];
    vec![s1, s2, s3, s5, s6, s8, s9, t]
}

#[test]
fn section_47_and_icpc_indicators() {
    let kids = s47_children();
    let v = run(&kids);
    // Started in the period: S1, S2, S3 ×2, S5 ×2, S9 = 7 (S6 started before; S8 undated).
    count(&v, "s47_started", 7);
    assert_eq!(skipped(&v, "s47_started"), 1);
    // Concluded: S1, S2, S3 (ICPC), S3 (not required), S5 (ICPC 2 Apr 2025), S9 = 6;
    // with an ICPC date: 5 → 5 / 6 = 83.33… → 83.3; pending: S5's first = 1.
    pct(&v, "s47_to_icpc_pct", 5, 6, Some(83.3));
    assert_eq!(extra(&v, "s47_to_icpc_pct", "pending"), 1);
    // ICPCs in the period: S1 7 Jan, S2 8 Jan, S3 1 May, S6 3 Apr, S8 1 Jul, S9 31 Mar,
    // T 7 Oct (transfer-in) = 7.
    count(&v, "icpcs", 7);
    // Within 15 wd: S47-level ICPCs with a start: S1 15 ✓, S2 16 ✗, S3 0 ✓, S6 2 ✓,
    // S9 15 ✓ → 4 / 5 = 80.0; S8 skipped; the transfer-in is excluded.
    pct(&v, "icpc_within_15wd_pct", 4, 5, Some(80.0));
    assert_eq!(skipped(&v, "icpc_within_15wd_pct"), 1);
    // Plan on the ICPC date: S1 ✓, S2 ✗ (day after), S3 ✗, S6 ✓ (other episode), S8 ✗,
    // S9 ✓, T ✓ → 4 / 7 = 57.14… → 57.1; drop-out 3 / 7 = 42.86… → 42.9.
    pct(&v, "icpc_to_cpp_pct", 4, 7, Some(57.1));
    pct(&v, "icpc_dropout_pct", 3, 7, Some(42.9));
    reconcile(&kids, year(), &Options::default());

    let rows = drill_down(&kids, year(), "icpcs").unwrap();
    let kinds: Vec<EventKind> = rows.iter().map(|r| r.event).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == EventKind::TransferInIcpc)
            .count(),
        1
    );
    let pending = drill_down(&kids, year(), "s47_to_icpc_pct").unwrap();
    let p: Vec<_> = pending
        .iter()
        .filter(|r| r.status == DrillStatus::Pending)
        .collect();
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].child_id.as_str(), p[0].start),
        ("S5", od("2025-03-20"))
    );
}

// ---------------------------------------------------------------------------------------
// Child protection plans
// ---------------------------------------------------------------------------------------

fn cp_children() -> Vec<assure_casedata::Child> {
    let with_prev = |start: &str, end: &str, prev: Option<u32>| CpPlan {
        previous_plans: prev,
        ..plan(start, end)
    };
    // One plan per child so that drill-down rows are easy to read.
    let plans = [
        ("P1", with_prev("2023-03-31", "", Some(0))), // open, exactly end − 24 months
        ("P2", with_prev("2023-04-01", "", Some(0))), // open, a day short of 2 years
        ("P3", with_prev("2023-09-30", "", Some(0))), // open, exactly end − 18 months
        ("P4", with_prev("2023-10-01", "", Some(0))), // open, a day short of 18 months
        ("P5", with_prev("2024-04-01", "2025-03-31", Some(0))), // starts day 1, ends last day
        ("P6", with_prev("2024-05-10", "2025-04-01", Some(2))), // ends after the end: open
        ("P7", with_prev("2025-04-01", "", Some(1))), // starts after the end
        ("P8", with_prev("", "", Some(0))),           // undated, maybe open: skipped
        ("P9", with_prev("2022-06-15", "2024-06-15", Some(0))), // lasted exactly 24 months
        ("P10", with_prev("2022-06-16", "2024-06-15", Some(0))), // a day short
        ("P12", with_prev("2024-03-31", "2024-04-01", Some(0))), // started before, ended day 1
        ("P13", with_prev("2025-03-31", "", None)),   // starts on the last day, count unknown
        ("P14", with_prev("", "2024-08-01", Some(0))), // ended in period, no start: skipped
    ];
    plans
        .into_iter()
        .map(|(id, p)| {
            let mut c = child(id);
            let mut ep = referral("2022-01-01");
            ep.cp_plans = vec![p];
            c.episodes = vec![ep];
            c
        })
        .collect()
}

#[test]
fn cp_plan_counts_durations_and_repeats() {
    let kids = cp_children();
    let v = run(&kids);
    // Started: P5 (1 Apr 2024), P6 (10 May 2024), P13 (31 Mar 2025) = 3; P12 started the
    // day before; P7 after. Skipped: P8, P14 (no start) = 2.
    count(&v, "cpp_started", 3);
    assert_eq!(skipped(&v, "cpp_started"), 2);
    // Repeat: P6 (2 previous) of P5 (0), P6, P13 (unknown → not a repeat) → 1 / 3 = 33.3
    pct(&v, "cpp_repeat_pct", 1, 3, Some(33.3));
    assert_eq!(extra(&v, "cpp_repeat_pct", "previous_plans_unknown"), 1);
    // Open at 31 Mar 2025: P1 P2 P3 P4 P6 P13 = 6 (P5 ended on the end date; P7 starts
    // after; P9–P12 ended). Skipped: P8 = 1.
    count(&v, "cpp_open_at_end", 6);
    assert_eq!(skipped(&v, "cpp_open_at_end"), 1);
    // 2 years: start ≤ 2025-03-31 − 24 months = 2023-03-31 → P1 → 1 / 6 = 16.66… → 16.7
    pct(&v, "cpp_open_2y_pct", 1, 6, Some(16.7));
    count(&v, "cpp_open_2y", 1);
    // 18 months: start ≤ 2025-03-31 − 18 months = 2023-09-30 (31 Sep clamps to 30 Sep)
    // → P1 P2 P3 = 3
    count(&v, "cpp_open_18m", 3);
    // Ended in the period: P5 (31 Mar 2025), P9, P10 (15 Jun 2024), P12 (1 Apr 2024) = 4;
    // P14 skipped. Lasted 2 years: P9 (2022-06-15 + 24 months = 2024-06-15 ≤ end) only
    // → 1 / 4 = 25.0
    pct(&v, "cpp_ended_2y_pct", 1, 4, Some(25.0));
    assert_eq!(skipped(&v, "cpp_ended_2y_pct"), 1);
    reconcile(&kids, year(), &Options::default());

    // Drill-down lists for the long plans: child, start, days and whole months open.
    // (The undated P8 is listed too, as skipped; keep the counted rows.)
    let rows = drill_down(&kids, year(), "cpp_open_18m").unwrap();
    let skipped_rows: Vec<&str> = rows
        .iter()
        .filter(|r| r.status == DrillStatus::Skipped)
        .map(|r| r.child_id.as_str())
        .collect();
    assert_eq!(skipped_rows, vec!["P8"]);
    let got: Vec<(&str, Option<_>, Option<i64>, Option<u32>)> = rows
        .iter()
        .filter(|r| r.in_numerator)
        .map(|r| (r.child_id.as_str(), r.start, r.days, r.months))
        .collect();
    assert_eq!(
        got,
        vec![
            // 2023-03-31 → 2025-03-31: 366 (incl. 29 Feb 2024) + 365 = 731 days, 24 months
            ("P1", od("2023-03-31"), Some(731), Some(24)),
            // 2023-04-01 → 2025-03-31: 730 days; + 24 months = 2025-04-01 > end → 23
            ("P2", od("2023-04-01"), Some(730), Some(23)),
            // 2023-09-30 → 2024-09-30 = 366; → 2025-03-31 = 31+30+31+31+28+31 = 182;
            // 548 days; + 18 months = 2025-03-30 ≤ end, + 19 = 2025-04-30 > end → 18
            ("P3", od("2023-09-30"), Some(548), Some(18)),
        ]
    );
    let two = drill_down(&kids, year(), "cpp_open_2y").unwrap();
    let two: Vec<&str> = two
        .iter()
        .filter(|r| r.in_numerator)
        .map(|r| r.child_id.as_str())
        .collect();
    assert_eq!(two, vec!["P1"]);
}

fn reviewed(start: &str, end: &str, reviews: &[&str]) -> CpPlan {
    CpPlan {
        review_dates: reviews.iter().map(|r| d(r)).collect(),
        ..plan(start, end)
    }
}

fn review_children() -> Vec<assure_casedata::Child> {
    let one = |id: &str, plans: Vec<CpPlan>| {
        let mut c = child(id);
        let mut ep = referral("2022-12-01");
        ep.cp_plans = plans;
        c.episodes = vec![ep];
        c
    };
    let mut c1 = one("C1", vec![reviewed("2024-12-31", "", &[])]);
    // C1 is unborn: counted like any child.
    c1.expected_birth_date = od("2025-05-01");
    vec![
        // C1: 2024-12-31 + 3 months = 2025-03-31 ≤ end → in; no review yet, deadline
        // 2025-03-31 is not before the end → on time.
        c1,
        // C2: 2025-01-01 + 3 months = 2025-04-01 > end → not in the denominator.
        one("C2", vec![reviewed("2025-01-01", "", &[])]),
        // C3: first review on start + 3 months (2024-09-15), next exactly 6 months later
        // (2025-03-15); next due 2025-09-15 → on time.
        one(
            "C3",
            vec![reviewed("2024-06-15", "", &["2024-09-15", "2025-03-15"])],
        ),
        // C4: first review a day late (2024-09-16 > 2024-09-15) → late.
        one("C4", vec![reviewed("2024-06-15", "", &["2024-09-16"])]),
        // C5: review 2024-09-10 on time, next due 2025-03-10 < end, none held → late.
        one("C5", vec![reviewed("2024-06-15", "", &["2024-09-10"])]),
        // C6: a "review" on the start date and one after the end are ignored; first real
        // review 2024-12-30 = 2024-09-30 + 3 months; next due 2025-06-30 → on time.
        one(
            "C6",
            vec![reviewed(
                "2024-09-30",
                "",
                &["2024-09-30", "2024-12-30", "2025-04-10"],
            )],
        ),
        // C7: two open plans (bad data, but possible): one on time, one with no review by
        // 2024-10-01 + 3 months = 2025-01-01 → the child is late (counted once).
        one(
            "C7",
            vec![
                reviewed("2024-06-15", "", &["2024-09-15", "2025-03-15"]),
                reviewed("2024-10-01", "", &[]),
            ],
        ),
        // C8: 2024-08-31 + 3 months = 2024-11-30 (clamped); reviews given out of order
        // are sorted: 2024-11-30 ✓, 2025-02-01 ≤ 2025-05-30 ✓, next due 2025-08-01 ✓.
        one(
            "C8",
            vec![reviewed("2024-08-31", "", &["2025-02-01", "2024-11-30"])],
        ),
        // C9: plan ended on the end date → not open → out.
        one(
            "C9",
            vec![reviewed("2024-06-15", "2025-03-31", &["2024-09-15"])],
        ),
        // C10: ends after the end (10 Apr 2025) → open. 2024-04-10 ✓ (due 2024-04-10),
        // 2024-10-10 ✓; the 2025-04-09 review is after the end; due 2025-04-10 ✓.
        one(
            "C10",
            vec![reviewed(
                "2024-01-10",
                "2025-04-10",
                &["2024-04-10", "2024-10-10", "2025-04-09"],
            )],
        ),
        // C11: a late review before the period still fails the plan: 2023-04-05 ✓,
        // 2023-10-05 ✓, 2024-04-06 > 2024-04-05 ✗.
        one(
            "C11",
            vec![reviewed(
                "2023-01-05",
                "",
                &[
                    "2023-04-05",
                    "2023-10-05",
                    "2024-04-06",
                    "2024-10-01",
                    "2025-03-20",
                ],
            )],
        ),
        // C13: open plan with no start: skipped; the child has no other plan → out.
        one("C13", vec![reviewed("", "", &[])]),
    ]
}

#[test]
fn cp_reviews_on_time() {
    let kids = review_children();
    let v = run(&kids);
    // Denominator: C1 C3 C4 C5 C6 C7 C8 C10 C11 = 9 children.
    // On time: C1 C3 C6 C8 C10 = 5 → 5 / 9 = 55.55… → 55.6
    pct(&v, "cpp_reviews_on_time_pct", 5, 9, Some(55.6));
    assert_eq!(skipped(&v, "cpp_reviews_on_time_pct"), 1);
    reconcile(&kids, year(), &Options::default());
    let rows = drill_down(&kids, year(), "cpp_reviews_on_time_pct").unwrap();
    let c5 = rows.iter().find(|r| r.child_id.as_str() == "C5").unwrap();
    assert_eq!(c5.reference_date, od("2025-03-10"));
    assert_eq!(c5.note, Some("next review overdue at the period end"));
    let c7 = rows.iter().find(|r| r.child_id.as_str() == "C7").unwrap();
    assert!(!c7.in_numerator);
    assert_eq!(c7.start, od("2024-10-01"), "the late plan is shown");
}

#[test]
fn review_deadline_on_the_period_end_is_on_time() {
    // Period 1 Mar 2024 – 28 Feb 2025 (rolling 12 months to a month end).
    let period = Period::rolling_12_months(d("2025-02-28"));
    assert_eq!(period.start(), d("2024-03-01"));
    let one = |id: &str, p: CpPlan| {
        let mut c = child(id);
        let mut ep = referral("2024-06-01");
        ep.cp_plans = vec![p];
        c.episodes = vec![ep];
        c
    };
    let kids = vec![
        // 2024-06-10 + 3 months = 2024-09-10; review 2024-08-28 ✓; next due
        // 2024-08-28 + 6 months = 2025-02-28 = the end → not before the end → on time.
        one("D1", reviewed("2024-06-10", "", &["2024-08-28"])),
        // Review 2024-08-27: next due 2025-02-27, the day before the end → late.
        one("D2", reviewed("2024-06-10", "", &["2024-08-27"])),
        // 2024-11-28 + 3 months = 2025-02-28 = the end, no review yet → on time.
        one("D3", reviewed("2024-11-28", "", &[])),
        // 2024-11-27 + 3 months = 2025-02-27 < end, no review → late.
        one("D4", reviewed("2024-11-27", "", &[])),
        // 2024-11-29 + 3 months = 2025-02-28 (29 Feb does not exist in 2025) → in, and
        // the deadline is the end → on time.
        one("D5", reviewed("2024-11-29", "", &[])),
        // 2024-11-30 + 3 months = 2025-02-28 too → on time.
        one("D6", reviewed("2024-11-30", "", &[])),
        // 2024-12-01 + 3 months = 2025-03-01 > end → out.
        one("D7", reviewed("2024-12-01", "", &[])),
    ];
    let v = compute_all(&kids, period, &Options::default());
    // Denominator D1–D6 = 6; on time D1, D3, D5, D6 = 4 → 66.66… → 66.7
    pct(&v, "cpp_reviews_on_time_pct", 4, 6, Some(66.7));
    reconcile(&kids, period, &Options::default());
}

// ---------------------------------------------------------------------------------------
// Children in need and CIN plans
// ---------------------------------------------------------------------------------------

fn cin_children() -> Vec<assure_casedata::Child> {
    let with = |id: &str, eps: Vec<Episode>| {
        let mut c = child(id);
        c.episodes = eps;
        c
    };
    let closed = |r: &str, c: &str| Episode {
        closure_date: od(c),
        ..referral(r)
    };
    let mut k8 = with("K8", vec![referral("2025-02-01")]);
    k8.expected_birth_date = od("2025-06-01");
    let mut plans = referral("2023-12-01");
    plans.closure_date = od("2025-06-01");
    plans.cin_plans = vec![
        CinPlan {
            start: od("2025-03-31"),
            ..CinPlan::default()
        }, // starts on the last day, open ✓
        CinPlan {
            start: od("2024-01-01"),
            end: od("2025-03-31"),
            ..CinPlan::default()
        }, // ends on the last day ✗
        CinPlan {
            start: od("2024-01-01"),
            end: od("2025-04-01"),
            ..CinPlan::default()
        }, // ends after ✓
        CinPlan {
            start: od("2025-04-01"),
            ..CinPlan::default()
        }, // starts after ✗
        CinPlan::default(), // undated, maybe open: skipped
    ];
    vec![
        with("K1", vec![referral("2024-05-01")]), // open ✓
        with("K2", vec![closed("2024-05-01", "2025-03-31")]), // closed on the end ✗
        with("K3", vec![closed("2024-05-01", "2025-04-01")]), // closed after ✓
        with("K4", vec![nfa("2025-03-01")]),      // NFA ✗
        with("K5", vec![referral("2024-05-01"), referral("2024-09-01")]), // two open: once ✓
        with("K6", vec![referral("2025-04-01")]), // referred after ✗
        with("K7", vec![referral("")]),           // undated: skipped ✗
        k8,                                       // unborn, open ✓
        with(
            "K9",
            vec![Episode {
                referral_nfa: None,
                ..referral("2024-04-01")
            }],
        ), // NFA not recorded: not an NFA referral ✓
        with("K10", vec![plans]),                 // open ✓ (closes 2025-06-01)
    ]
}

#[test]
fn children_in_need_and_cin_plans_at_the_end() {
    let kids = cin_children();
    let v = run(&kids);
    // K1, K3, K5, K8, K9, K10 = 6 children; K7's undated episode skipped.
    count(&v, "cin_at_end", 6);
    assert_eq!(skipped(&v, "cin_at_end"), 1);
    // CIN plans: 2025-03-31 open ✓ and end 2025-04-01 ✓ = 2; one undated skipped.
    count(&v, "cin_plans_at_end", 2);
    assert_eq!(skipped(&v, "cin_plans_at_end"), 1);
    reconcile(&kids, year(), &Options::default());
}

// ---------------------------------------------------------------------------------------
// Contacts and early help
// ---------------------------------------------------------------------------------------

fn eh(start: &str, end: &str) -> EarlyHelpEpisode {
    EarlyHelpEpisode {
        start: od(start),
        end: od(end),
        ..EarlyHelpEpisode::default()
    }
}

fn contact(date: &str) -> Contact {
    Contact {
        date: od(date),
        ..Contact::default()
    }
}

fn eh_children() -> Vec<assure_casedata::Child> {
    let mut x = child("E1");
    x.contacts = vec![
        contact("2024-04-01"), // ✓ first day
        contact("2025-03-31"), // ✓ last day
        contact("2024-03-31"), // ✗
        contact("2025-04-01"), // ✗
        contact(""),           // skipped
        contact("2024-07-01"), // ✓
        contact("2024-07-01"), // ✓ same day, second contact: each record counts
    ];
    x.early_help = vec![
        eh("2024-04-01", "2024-06-30"), // e1: started ✓; 30 + 31 + 30 - 1 = 90 days ✓
        eh("2024-04-01", "2024-07-01"), // e2: started ✓; 91 days ✗
        eh("2024-01-01", "2024-04-01"), // e3: ended day 1; 31 + 29 + 31 = 91 days ✗
        eh("", "2024-05-01"),           // e4: skipped for both
        eh("2025-03-31", ""),           // e5: started on the last day ✓, open
        eh("2025-03-30", "2025-03-30"), // e6: started ✓; same day = 0 days ✓
    ];
    vec![x]
}

#[test]
fn contacts_and_early_help() {
    let kids = eh_children();
    let v = run(&kids);
    count(&v, "contacts", 4);
    assert_eq!(skipped(&v, "contacts"), 1);
    // Started: e1, e2, e5, e6 = 4; e4 skipped.
    count(&v, "early_help_assessments_started", 4);
    assert_eq!(skipped(&v, "early_help_assessments_started"), 1);
    // Target for the year: 100 a month × 12 months = 1200.
    assert_eq!(extra(&v, "early_help_assessments_started", "target"), 1200);
    assert_eq!(
        extra(&v, "early_help_assessments_started", "monthly_target"),
        100
    );
    // Ended in the period with a start: e1, e2, e3, e6 = 4; ≤ 90 days: e1 (90), e6 (0)
    // → 2 / 4 = 50.0
    pct(
        &v,
        "early_help_completed_within_target_pct",
        2,
        4,
        Some(50.0),
    );
    assert_eq!(skipped(&v, "early_help_completed_within_target_pct"), 1);
    assert_eq!(
        extra(&v, "early_help_completed_within_target_pct", "target_days"),
        90
    );
    // A local target of 91 days: e2 and e3 (91) are now within → 4 / 4 = 100.0
    let options = Options {
        early_help_target_days: 91,
        ..Options::default()
    };
    let v91 = compute_all(&kids, year(), &options);
    pct(
        &v91,
        "early_help_completed_within_target_pct",
        4,
        4,
        Some(100.0),
    );
    reconcile(&kids, year(), &Options::default());
    reconcile(&kids, year(), &options);

    // Monthly against the target: April 2024 has e1 and e2, March 2025 has e5 and e6.
    let months = early_help_monthly(&kids, year(), &Options::default());
    assert_eq!(months.len(), 12);
    let actual: Vec<u64> = months.iter().map(|m| m.actual).collect();
    assert_eq!(actual, vec![2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    assert!(months.iter().all(|m| m.target == 100 && !m.met));
    let low_target = Options {
        early_help_monthly_target: 2,
        ..Options::default()
    };
    let months = early_help_monthly(&kids, year(), &low_target);
    assert!(months[0].met && !months[1].met && months[11].met);
}

#[test]
fn referrals_with_prior_early_help() {
    // Every child is referred on 15 Oct 2024; 15 Oct 2024 − 6 months = 15 Apr 2024.
    let with = |id: &str, episodes: Vec<EarlyHelpEpisode>| {
        let mut c = child(id);
        c.early_help = episodes;
        c.episodes = vec![referral("2024-10-15")];
        c
    };
    let kids = vec![
        with("H1", vec![eh("2024-09-01", "")]), // open on the referral date ✓
        with("H2", vec![eh("2024-01-01", "2024-04-15")]), // ended exactly 6 months before ✓
        with("H3", vec![eh("2024-01-01", "2024-04-14")]), // a day earlier ✗
        with("H4", vec![eh("2024-10-16", "")]), // starts after the referral ✗
        with("H5", vec![eh("2024-08-01", "2024-10-15")]), // ends on the referral date: open ✓
        with("H6", vec![]),                     // no early help ✗
        with("H7", vec![eh("", "2024-10-01")]), // no start, ended 2 weeks before ✓
        with("H8", vec![eh("2024-10-15", "")]), // starts on the referral date ✓
    ];
    let v = run(&kids);
    // ✓: H1 H2 H5 H7 H8 = 5 of 8 → 62.5
    pct(&v, "referrals_with_prior_early_help_pct", 5, 8, Some(62.5));
    reconcile(&kids, year(), &Options::default());
}

// ---------------------------------------------------------------------------------------
// Series, report, drill-down errors
// ---------------------------------------------------------------------------------------

fn everyone() -> Vec<assure_casedata::Child> {
    let mut all = boundary_children();
    all.extend(assessment_children());
    all.extend(s47_children());
    all.extend(cp_children());
    all.extend(review_children());
    all.extend(cin_children());
    all.extend(eh_children());
    all
}

#[test]
fn monthly_series_adds_up_for_flows() {
    let kids = everyone();
    let year_values = run(&kids);
    let series = compute_series(&kids, year(), &Options::default());
    assert_eq!(series.len(), 12);
    assert_eq!(series[0].period.start(), d("2024-04-01"));
    assert_eq!(series[11].period.end(), d("2025-03-31"));
    for id in [
        "referrals",
        "assessments_completed",
        "s47_started",
        "icpcs",
        "cpp_started",
        "contacts",
        "early_help_assessments_started",
    ] {
        let sum: u64 = series.iter().map(|p| get(&p.values, id).numerator).sum();
        assert_eq!(sum, get(&year_values, id).numerator, "{id}");
    }
    // A stock at the last month end equals the stock at the year end.
    for id in ["cin_at_end", "cpp_open_at_end", "cpp_reviews_on_time_pct"] {
        assert_eq!(get(&series[11].values, id), get(&year_values, id), "{id}");
    }
    // Referrals by month for the boundary children alone: April (A 1 Apr), June (B),
    // September (C), March (A 31 Mar).
    let b = compute_series(&boundary_children(), year(), &Options::default());
    let by_month: Vec<u64> = b
        .iter()
        .map(|p| get(&p.values, "referrals").numerator)
        .collect();
    assert_eq!(by_month, vec![1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
}

#[test]
fn rolling_series_ends_on_the_census_year() {
    let kids = everyone();
    let rolling = compute_rolling_series(&kids, year(), &Options::default());
    assert_eq!(rolling.len(), 12);
    // The window to 30 April 2024 is 1 May 2023 – 30 April 2024.
    assert_eq!(rolling[0].period.start(), d("2023-05-01"));
    assert_eq!(rolling[0].period.end(), d("2024-04-30"));
    // The last window is the census year itself.
    assert_eq!(rolling[11].period, year());
    assert_eq!(rolling[11].values, run(&kids));
}

#[test]
fn report_has_exactly_the_published_shape() {
    let kids = boundary_children();
    let v = run(&kids);
    let report = Report::new(year(), &v);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["period"],
        serde_json::json!({"start": "2024-04-01", "end": "2025-03-31"})
    );
    let first = &json["indicators"][0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        vec![
            "ci_high",
            "ci_low",
            "denominator",
            "flags",
            "id",
            "name",
            "numerator",
            "unit",
            "value"
        ]
    );
    assert_eq!(first["id"], "referrals");
    assert_eq!(first["unit"], "count");
    assert_eq!(first["numerator"], 4);
    assert_eq!(first["denominator"], serde_json::Value::Null);
    assert_eq!(first["value"], 4.0);
    let nfa = &json["indicators"][2];
    assert_eq!(nfa["id"], "referral_nfa_pct");
    assert_eq!(nfa["unit"], "percent");
    assert_eq!(nfa["value"], 25.0);
    // Round trip.
    let back: Report = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn unknown_indicator_is_an_error() {
    let kids = boundary_children();
    assert_eq!(
        drill_down(&kids, year(), "nope").unwrap_err(),
        IndicatorError::UnknownIndicator { id: "nope".into() }
    );
    assert!(drill_down(&kids, year(), "assessments_within_0wd_pct").is_ok());
    assert!(drill_down(&kids, year(), "assessments_within_wd_pct").is_err());
    assert!(drill_down(&kids, year(), "assessments_within_010wd_pct").is_err());
    // 45 via the parametrised form is the fixed indicator.
    let a = drill_down_with(
        &assessment_children(),
        year(),
        "assessments_within_45wd_pct",
        &Options::default(),
    )
    .unwrap();
    assert_eq!(a.iter().filter(|r| r.in_denominator).count(), 12);
}

#[test]
fn percentages_are_the_calendar_percentages() {
    let v = run(&everyone());
    for x in &v {
        if let Some(den) = x.denominator {
            assert_eq!(x.value, percentage(x.numerator, den), "{}", x.id);
        }
    }
}
