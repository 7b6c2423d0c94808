//! Child in need plans (`CINPlanDates`, from 2021-22).

use assure_casedata::{Child, CinChildExtras, CinPlan, Episode};

use super::overlaps::{starts_inside_another, Span};
use super::{Capital, Ep};
use crate::rule::{emit, restated, ChildRule, Out};
use crate::{CensusContext, Severity::*};

pub(crate) const RULES: &[ChildRule] = &[
    ChildRule::new(
        "4000",
        Error,
        "ReferralNFA",
        "CIN plan on a no-further-action referral",
        r4000,
    ),
    ChildRule::new(
        "4004",
        Error,
        "CINPlanEndDate",
        "More than one open CIN plan in an episode",
        r4004,
    ),
    ChildRule::new(
        "4008",
        Error,
        "CINPlanStartDate",
        "CIN plan starts after the date of death",
        r4008,
    ),
    ChildRule::new(
        "4009Q",
        Query,
        "CINPlanEndDate",
        "CIN plan ends after the date of death",
        r4009q,
    ),
    ChildRule::new(
        "4010",
        Error,
        "CINPlanStartDate",
        "CIN plan start missing or after the reference date",
        r4010,
    ),
    ChildRule::new(
        "4011",
        Error,
        "CINPlanEndDate",
        "CIN plan end before its start",
        r4011,
    ),
    ChildRule::new(
        "4012Q",
        Query,
        "CINPlanEndDate",
        "CIN plan starts and ends on the same day",
        r4012q,
    ),
    ChildRule::new(
        "4013",
        Error,
        "CINPlanEndDate",
        "CIN plan end outside the census year",
        r4013,
    ),
    ChildRule::new(
        "4014",
        Error,
        "CINPlanStartDate",
        "CIN plans overlap",
        r4014,
    ),
    ChildRule::new(
        "4015",
        Error,
        "CINPlanStartDate",
        "CIN plan start before the referral date",
        r4015,
    ),
];

fn each(c: &Child) -> impl Iterator<Item = (&Episode, &CinPlan)> {
    c.episodes
        .iter()
        .flat_map(|e| e.cin_plans.iter().map(move |p| (e, p)))
}

fn r4000(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if e.referral_nfa == Some(true) && !e.cin_plans.is_empty() {
            emit!(
                out,
                "ReferralNFA",
                "{} is a no-further-action referral (ReferralNFA true) but has a CIN plan.",
                Capital(Ep(e))
            );
        }
    }
}

fn r4004(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        let open = e.cin_plans.iter().filter(|p| p.end.is_none()).count();
        if open > 1 {
            emit!(
                out,
                "CINPlanEndDate",
                "{} has {open} CIN plans with no end date; only one may be open.",
                Capital(Ep(e))
            );
        }
    }
}

fn r4008(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let Some(death) = x.person_death_date else {
        return;
    };
    for (_, p) in each(c) {
        if let Some(s) = p.start.filter(|s| *s > death) {
            emit!(
                out,
                "CINPlanStartDate",
                "The CIN plan start date {s} is after the child's date of death {death}."
            );
        }
    }
}

fn r4009q(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let Some(death) = x.person_death_date else {
        return;
    };
    for (_, p) in each(c) {
        if let Some(e) = p.end.filter(|e| *e > death) {
            emit!(
                out,
                "CINPlanEndDate",
                "The CIN plan end date {e} is after the child's date of death {death}."
            );
        }
    }
}

fn r4010(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        match p.start {
            None => restated!(out, "CINPlanStartDate", "A CIN plan has no start date."),
            Some(s) if s > ctx.reference_date() => emit!(
                out,
                "CINPlanStartDate",
                "The CIN plan start date {s} is after the reference date {}.",
                ctx.reference_date()
            ),
            Some(_) => {}
        }
    }
}

fn r4011(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        if let (Some(s), Some(e)) = (p.start, p.end) {
            if e < s {
                emit!(
                    out,
                    "CINPlanEndDate",
                    "The CIN plan end date {e} is before its start date {s}."
                );
            }
        }
    }
}

fn r4012q(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        if let (Some(s), Some(e)) = (p.start, p.end) {
            if s == e {
                emit!(
                    out,
                    "CINPlanEndDate",
                    "The CIN plan starts and ends on the same day ({s})."
                );
            }
        }
    }
}

fn r4013(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (_, p) in each(c) {
        if let Some(e) = p.end.filter(|e| !ctx.in_period(*e)) {
            emit!(
                out,
                "CINPlanEndDate",
                "The CIN plan end date {e} is outside the census year {} to {}.",
                ctx.period_start(),
                ctx.reference_date()
            );
        }
    }
}

fn r4014(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    if each(c).nth(1).is_none() {
        return;
    }
    let spans: Vec<Span> = each(c).map(|(_, p)| Span::new(p.start, p.end)).collect();
    for (sa, sb, end) in starts_inside_another(&spans, ctx.reference_date(), false) {
        match end {
            Some(eb) => emit!(out, "CINPlanStartDate", "The CIN plan starting {sa} starts during another CIN plan ({sb} to {eb})."),
            None => emit!(out, "CINPlanStartDate", "The CIN plan starting {sa} starts while another CIN plan (started {sb}) is still open."),
        }
    }
}

fn r4015(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (e, p) in each(c) {
        if let (Some(s), Some(r)) = (p.start, e.referral_date) {
            if s < r {
                emit!(
                    out,
                    "CINPlanStartDate",
                    "The CIN plan start date {s} is before the referral date {r}."
                );
            }
        }
    }
}
