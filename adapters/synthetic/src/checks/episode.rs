//! Census rules within one episode.

use assure_calendar::Period;
use assure_casedata::{Episode, NaiveDate};

use super::{weekend, CATEGORIES};

/// Rules within one episode.
pub(super) fn episode_rules(
    ep: &Episode,
    r: NaiveDate,
    period: Period,
    push: &mut impl FnMut(&'static str, String),
) {
    let (ps, pe) = (period.start(), period.end());
    let closure = ep.closure_date;
    let after_closure = |d: Option<NaiveDate>| closure.is_some_and(|c| d.is_some_and(|d| d > c));
    let mut open_assessments = 0;
    for a in &ep.assessments {
        if a.start.is_some_and(|s| s < r) {
            push("1103", format!("assessment {:?}", a.start));
        }
        if let (Some(s), Some(e)) = (a.start, a.authorised) {
            if s > e {
                push("8608", format!("{s} after {e}"));
            }
        }
        if a.authorised.is_some_and(|d| !period.contains(d)) {
            push("8696", format!("{:?}", a.authorised));
        }
        if a.authorised.is_none() {
            open_assessments += 1;
            if !a.factors.is_empty() {
                push("8614", format!("{:?}", a.factors));
            }
            if a.start.is_some_and(|s| s < ps) {
                push("8736", format!("{:?}", a.start));
            }
            if closure.is_some() {
                push("8867", format!("{:?}", a.start));
            }
        }
        if a.factors.len() > 1 && a.factors.iter().any(|f| f == "21") {
            push("8869", format!("{:?}", a.factors));
        }
        for (i, f) in a.factors.iter().enumerate() {
            if a.factors[..i].contains(f) {
                push("8898", f.clone());
            }
        }
        if after_closure(a.start) || after_closure(a.authorised) {
            push("8565", format!("assessment {:?}", a.start));
        }
    }
    if open_assessments > 1 {
        push("8896", format!("{open_assessments} open"));
    }
    let mut unconcluded = 0;
    let episode_has_s47_icpc = ep.s47s.iter().any(|s| s.icpc_date.is_some());
    if ep.episode_icpc_date.is_some() && episode_has_s47_icpc {
        push("2884", format!("{:?}", ep.episode_icpc_date));
    }
    for s in &ep.s47s {
        if s.start.is_some_and(|d| d < r) {
            push("2889", format!("{:?}", s.start));
        }
        if let Some(icpc) = s.icpc_date {
            if s.start.is_none_or(|st| st > icpc) {
                push("8615", format!("S47 {:?} after ICPC {icpc}", s.start));
            }
            if icpc < r {
                push("1104", icpc.to_string());
            }
            if !period.contains(icpc) {
                push("8715", icpc.to_string());
            }
            if weekend(icpc) {
                push("8875", icpc.to_string());
            }
        } else if s.icpc_not_required != Some(true) {
            unconcluded += 1;
            if s.start.is_some_and(|d| d < ps) {
                push("8740", format!("{:?}", s.start));
            }
            if closure.is_some() {
                push("8868", format!("{:?}", s.start));
            }
        }
        if after_closure(s.start) || after_closure(s.icpc_date) {
            push("8565", format!("S47 {:?}", s.start));
        }
    }
    if unconcluded > 1 {
        push("8839", format!("{unconcluded} open S47s"));
    }
    if let Some(d) = ep.episode_icpc_date {
        if weekend(d) {
            push("8875", d.to_string());
        }
        if d < r {
            push("1104", d.to_string());
        }
        if after_closure(Some(d)) {
            push("8565", format!("ICPC {d}"));
        }
    }
    let icpcs: Vec<NaiveDate> = ep
        .s47s
        .iter()
        .filter_map(|s| s.icpc_date)
        .chain(ep.episode_icpc_date)
        .collect();
    for p in &ep.cp_plans {
        let Some(start) = p.start.filter(|s| *s <= pe) else {
            push("8720", format!("{:?}", p.start));
            continue;
        };
        if start < r {
            push("1105", start.to_string());
        }
        if period.contains(start) && !icpcs.contains(&start) {
            push("2885", start.to_string());
        }
        if let Some(end) = p.end {
            if end < start {
                push("8925", format!("{start} to {end}"));
            }
            if end == start {
                push("8840", start.to_string());
            }
            if !period.contains(end) {
                push("8930", end.to_string());
            }
        }
        if !p
            .initial_category
            .as_deref()
            .is_some_and(|c| CATEGORIES.contains(&c))
        {
            push("8905", format!("{:?}", p.initial_category));
        }
        if !p
            .latest_category
            .as_deref()
            .is_some_and(|c| CATEGORIES.contains(&c))
        {
            push("8910", format!("{:?}", p.latest_category));
        }
        if p.previous_plans.is_none() {
            push("8730", start.to_string());
        }
        for d in &p.review_dates {
            if *d <= start {
                push("8841", format!("review {d} for plan {start}"));
            }
        }
        if after_closure(p.end) {
            push("8565", format!("CP plan end {:?}", p.end));
        }
    }
    let mut open_cin = 0;
    for p in &ep.cin_plans {
        let Some(start) = p.start.filter(|s| *s <= pe) else {
            push("4010", format!("{:?}", p.start));
            continue;
        };
        if start < r {
            push("4015", start.to_string());
        }
        match p.end {
            Some(end) => {
                if end < start {
                    push("4011", format!("{start} to {end}"));
                }
                if !period.contains(end) {
                    push("4013", end.to_string());
                }
            }
            None => open_cin += 1,
        }
        if after_closure(p.start) || after_closure(p.end) {
            push("8565", format!("CIN plan {start}"));
        }
    }
    if open_cin > 1 {
        push("4004", format!("{open_cin} open"));
    }
    if ep.cin_plans.iter().any(|p| p.end.is_none()) && ep.cp_plans.iter().any(|p| p.end.is_none()) {
        push("4001", format!("referral {r}"));
    }
}
