//! Child protection plans.

use assure_casedata::{Child, CinChildExtras, CpPlan, Episode};

use super::overlaps::{starts_inside_another, Span};
use crate::codes;
use crate::rule::{emit, restated, ChildRule, Out, Shown};
use crate::{CensusContext, Severity::*};

pub(crate) const RULES: &[ChildRule] = &[
    ChildRule::new(
        "1105",
        Error,
        "CPPstartDate",
        "CP plan start before the referral date",
        r1105,
    ),
    ChildRule::new(
        "2885",
        Error,
        "CPPstartDate",
        "CP plan start (in the census year) is not the date of an ICPC in the episode",
        r2885,
    ),
    ChildRule::new(
        "8720",
        Error,
        "CPPstartDate",
        "CP plan start missing or after the reference date",
        r8720,
    ),
    ChildRule::new(
        "8730",
        Error,
        "NumberOfPreviousCPP",
        "Number of previous CP plans missing",
        r8730,
    ),
    ChildRule::new(
        "8840",
        Error,
        "CPPendDate",
        "CP plan starts and ends on the same day",
        r8840,
    ),
    ChildRule::new(
        "8841",
        Error,
        "CPPreviewDate",
        "CP review on or before the plan start",
        r8841,
    ),
    ChildRule::new(
        "8905",
        Error,
        "InitialCategoryOfAbuse",
        "Initial category of abuse missing or invalid",
        r8905,
    ),
    ChildRule::new(
        "8910",
        Error,
        "LatestCategoryOfAbuse",
        "Latest category of abuse missing or invalid",
        r8910,
    ),
    ChildRule::new(
        "8915",
        Error,
        "CPPstartDate",
        "CP plan starts after the date of death",
        r8915,
    ),
    ChildRule::new(
        "8920",
        Error,
        "CPPendDate",
        "CP plan ends after the date of death",
        r8920,
    ),
    ChildRule::new(
        "8925",
        Error,
        "CPPendDate",
        "CP plan end before its start",
        r8925,
    ),
    ChildRule::new(
        "8930",
        Error,
        "CPPendDate",
        "CP plan end outside the census year",
        r8930,
    ),
    ChildRule::new(
        "8935",
        Error,
        "CPPendDate",
        "More than one open CP plan",
        r8935,
    ),
    ChildRule::new("8940", Error, "CPPstartDate", "CP plans overlap", r8940),
];

fn each(c: &Child) -> impl Iterator<Item = (&Episode, &CpPlan)> {
    c.episodes
        .iter()
        .flat_map(|e| e.cp_plans.iter().map(move |p| (e, p)))
}

fn r1105(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (e, p) in each(c) {
        if let (Some(s), Some(r)) = (p.start, e.referral_date) {
            if s < r {
                emit!(
                    out,
                    "CPPstartDate",
                    "The child protection plan start date {s} is before the referral date {r}."
                );
            }
        }
    }
}

fn r2885(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (e, p) in each(c) {
        let Some(s) = p.start.filter(|s| ctx.in_period(*s)) else {
            continue;
        };
        let matched =
            e.episode_icpc_date == Some(s) || e.s47s.iter().any(|x| x.icpc_date == Some(s));
        if !matched {
            emit!(out, "CPPstartDate", "The child protection plan starting {s} does not start on the date of an initial child protection conference in its episode.");
        }
    }
}

fn r8720(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        match p.start {
            None => restated!(
                out,
                "CPPstartDate",
                "A child protection plan has no start date."
            ),
            Some(s) if s > ctx.reference_date() => emit!(
                out,
                "CPPstartDate",
                "The child protection plan start date {s} is after the reference date {}.",
                ctx.reference_date()
            ),
            Some(_) => {}
        }
    }
}

fn r8730(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        if p.previous_plans.is_none() {
            match p.start {
                Some(s) => restated!(out, "NumberOfPreviousCPP", "The child protection plan starting {s} has no number of previous child protection plans."),
                None => restated!(out, "NumberOfPreviousCPP", "A child protection plan has no number of previous child protection plans."),
            }
        }
    }
}

fn r8840(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        if let (Some(s), Some(e)) = (p.start, p.end) {
            if s == e {
                emit!(
                    out,
                    "CPPendDate",
                    "The child protection plan starts and ends on the same day ({s})."
                );
            }
        }
    }
}

fn r8841(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        let Some(s) = p.start else { continue };
        for r in p.review_dates.iter().filter(|r| **r <= s) {
            emit!(
                out,
                "CPPreviewDate",
                "The review date {r} is on or before the child protection plan start date {s}."
            );
        }
    }
}

fn category(out: &mut Out<'_>, field: &str, label: &str, v: Option<&str>) {
    match v {
        None => emit!(
            out,
            field,
            "A child protection plan has no {label} category of abuse."
        ),
        Some(v) if codes::is_category_of_abuse(v) => {}
        Some(v) => emit!(
            out,
            field,
            "The {label} category of abuse {} is not NEG, PHY, SAB, EMO or MUL.",
            Shown(v)
        ),
    }
}

fn r8905(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        category(
            out,
            "InitialCategoryOfAbuse",
            "initial",
            p.initial_category.as_deref(),
        );
    }
}

fn r8910(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        category(
            out,
            "LatestCategoryOfAbuse",
            "latest",
            p.latest_category.as_deref(),
        );
    }
}

fn r8915(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let Some(death) = x.person_death_date else {
        return;
    };
    for (_, p) in each(c) {
        if let Some(s) = p.start.filter(|s| *s > death) {
            emit!(out, "CPPstartDate", "The child protection plan start date {s} is after the child's date of death {death}.");
        }
    }
}

fn r8920(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let Some(death) = x.person_death_date else {
        return;
    };
    for (_, p) in each(c) {
        if let Some(e) = p.end.filter(|e| *e > death) {
            emit!(out, "CPPendDate", "The child protection plan end date {e} is after the child's date of death {death}.");
        }
    }
}

fn r8925(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        if let (Some(s), Some(e)) = (p.start, p.end) {
            if e < s {
                emit!(
                    out,
                    "CPPendDate",
                    "The child protection plan end date {e} is before its start date {s}."
                );
            }
        }
    }
}

fn r8930(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        if let Some(e) = p.end.filter(|e| !ctx.in_period(*e)) {
            emit!(
                out,
                "CPPendDate",
                "The child protection plan end date {e} is outside the census year {} to {}.",
                ctx.period_start(),
                ctx.reference_date()
            );
        }
    }
}

fn r8935(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let open = each(c).filter(|(_, p)| p.end.is_none()).count();
    if open > 1 {
        emit!(
            out,
            "CPPendDate",
            "The child has {open} child protection plans with no end date; only one may be open."
        );
    }
}

fn r8940(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    if each(c).nth(1).is_none() {
        return;
    }
    let spans: Vec<Span> = each(c).map(|(_, p)| Span::new(p.start, p.end)).collect();
    for (sa, sb, end) in starts_inside_another(&spans, ctx.reference_date(), false) {
        match end {
            Some(eb) => emit!(out, "CPPstartDate", "The child protection plan starting {sa} starts during another plan ({sb} to {eb})."),
            None => emit!(out, "CPPstartDate", "The child protection plan starting {sa} starts while another plan (started {sb}) is still open."),
        }
    }
}
