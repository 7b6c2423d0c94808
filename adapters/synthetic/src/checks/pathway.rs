//! Pathway invariants of a full record.

use assure_calendar::{add_months, add_working_days, is_working_day};
use assure_casedata::{Child, NaiveDate, Sex};

use super::Violation;

/// Pathway invariants of a full (not census-cut) record as at `extract`: the model's
/// promises beyond the DfE rules.
pub fn pathway(child: &Child, extract: NaiveDate) -> Vec<Violation> {
    let mut v = Vec::new();
    let mut push = |rule: &'static str, detail: String| v.push(Violation { rule, detail });
    let mut last_closure: Option<NaiveDate> = None;
    let mut previous_plans = 0u32;
    let mut all_plans: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    for ep in &child.episodes {
        let Some(r) = ep.referral_date else {
            push("P-referral", "no referral date".into());
            continue;
        };
        if r > extract {
            push("P-future", format!("referral {r}"));
        }
        if let Some(c) = last_closure {
            if r <= c {
                push(
                    "P-episode-overlap",
                    format!("referral {r} not after closure {c}"),
                );
            }
        }
        // An open episode counts as running to the extract date, so nothing may follow it.
        last_closure = ep.closure_date.or(Some(extract));
        let nfa = ep.referral_nfa == Some(true);
        let activity = !ep.assessments.is_empty()
            || !ep.s47s.is_empty()
            || !ep.cin_plans.is_empty()
            || !ep.cp_plans.is_empty()
            || ep.episode_icpc_date.is_some();
        if nfa && activity {
            push("P-nfa-activity", format!("referral {r}"));
        }
        let mut latest = r;
        let mut note = |d: NaiveDate| latest = latest.max(d);
        for a in &ep.assessments {
            let (Some(s), auth) = (a.start, a.authorised) else {
                continue;
            };
            note(s);
            if let Some(e) = auth {
                note(e);
                if e < s {
                    push("P-assessment-order", format!("{s} > {e}"));
                }
            }
        }
        let mut icpcs = Vec::new();
        for s in &ep.s47s {
            let Some(start) = s.start else { continue };
            note(start);
            if start < r {
                push("P-s47-before-referral", start.to_string());
            }
            let target = add_working_days(start, 15).ok();
            if s.icpc_target != target {
                push(
                    "P-icpc-target",
                    format!("{:?} vs {:?}", s.icpc_target, target),
                );
            }
            if let Some(icpc) = s.icpc_date {
                note(icpc);
                icpcs.push(icpc);
                if icpc <= start {
                    push("P-icpc-order", format!("{start} / {icpc}"));
                }
            }
        }
        if let Some(d) = ep.episode_icpc_date {
            note(d);
            icpcs.push(d);
        }
        for d in &icpcs {
            if is_working_day(*d) != Ok(true) {
                push("P-icpc-working-day", d.to_string());
            }
        }
        for p in &ep.cp_plans {
            let Some(start) = p.start else { continue };
            note(start);
            if !icpcs.contains(&start) {
                push("P-plan-start-icpc", start.to_string());
            }
            if p.previous_plans.unwrap_or(0) < previous_plans {
                push(
                    "P-previous-plans",
                    format!("{:?} < {previous_plans}", p.previous_plans),
                );
            }
            previous_plans += 1;
            if let Some(e) = p.end {
                note(e);
                if e <= start {
                    push("P-plan-order", format!("{start} / {e}"));
                }
            }
            all_plans.push((start, p.end));
            let mut prev = start;
            for (i, d) in p.review_dates.iter().enumerate() {
                note(*d);
                let months = if i == 0 { 3 } else { 6 };
                // Late reviews are part of the model (reviews within timescale ≈ 90%),
                // but never by more than a month.
                if *d > add_months(prev, months) + chrono::Days::new(31) || *d <= prev {
                    push("P-review-gap", format!("{prev} → {d}"));
                }
                prev = *d;
            }
            for d in &p.visit_dates {
                note(*d);
                if *d < start || p.end.is_some_and(|e| *d > e) {
                    push("P-visit-outside-plan", d.to_string());
                }
            }
        }
        for p in &ep.cin_plans {
            if let Some(s) = p.start {
                note(s);
                if s < r {
                    push("P-cin-before-referral", s.to_string());
                }
            }
            if let Some(e) = p.end {
                note(e);
            }
        }
        if latest > extract {
            push("P-future", latest.to_string());
        }
        if let Some(c) = ep.closure_date {
            if c < latest {
                push(
                    "P-closure-before-activity",
                    format!("closure {c} < {latest}"),
                );
            }
        }
    }
    all_plans.sort();
    for w in all_plans.windows(2) {
        if w[0].1.is_none_or(|e| e > w[1].0) {
            push("P-plan-overlap", format!("{} / {}", w[0].0, w[1].0));
        }
    }
    if let (Some(expected), None) = (child.expected_birth_date, child.birth_date) {
        if child.sex != Sex::Unknown {
            push("P-unborn-sex", format!("{:?}", child.sex));
        }
        if expected <= extract - chrono::Days::new(30) {
            push("P-unborn-expected", expected.to_string());
        }
    }
    for c in &child.contacts {
        if c.date.is_some_and(|d| d > extract) {
            push("P-future", "contact".into());
        }
    }
    v
}
