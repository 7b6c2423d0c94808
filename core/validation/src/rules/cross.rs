//! Rules across modules: CIN plans against CP plans, S47s against assessments.

use assure_casedata::{Child, CinChildExtras, CinPlan, CpPlan};

use super::{Capital, Ep};
use crate::rule::{emit, ChildRule, Out};
use crate::{CensusContext, Severity::*};

pub(crate) const RULES: &[ChildRule] = &[
    ChildRule::new(
        "2991Q",
        Query,
        "Section47",
        "S47 recorded but no assessment on the episode",
        r2991q,
    ),
    ChildRule::new(
        "4001",
        Error,
        "CINPlanEndDate",
        "Open CIN plan alongside an open CP plan in the episode",
        r4001,
    ),
    ChildRule::new(
        "4003",
        Error,
        "CPPreviewDate",
        "CP review held while a CIN plan was open",
        r4003,
    ),
    ChildRule::new(
        "4016",
        Error,
        "CINPlanStartDate",
        "CIN plan starts while a CP plan is open",
        r4016,
    ),
    ChildRule::new(
        "4017",
        Error,
        "CPPstartDate",
        "CP plan starts while a CIN plan is open",
        r4017,
    ),
];

fn cin_plans(c: &Child) -> impl Iterator<Item = &CinPlan> {
    c.episodes.iter().flat_map(|e| e.cin_plans.iter())
}

fn cp_plans(c: &Child) -> impl Iterator<Item = &CpPlan> {
    c.episodes.iter().flat_map(|e| e.cp_plans.iter())
}

fn r2991q(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if !e.s47s.is_empty() && e.assessments.is_empty() {
            emit!(
                out,
                "Section47",
                "{} has a Section 47 enquiry but no assessment.",
                Capital(Ep(e))
            );
        }
    }
}

fn r4001(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        let cp_open = e.cp_plans.iter().find(|p| p.end.is_none());
        let cin_open = e.cin_plans.iter().find(|p| p.end.is_none());
        if let (Some(cp), Some(cin)) = (cp_open, cin_open) {
            match (cp.start, cin.start) {
                (Some(a), Some(b)) => emit!(out, "CINPlanEndDate", "The CIN plan starting {b} and the child protection plan starting {a} are both open (no end date); they cannot run at the same time."),
                _ => emit!(out, "CINPlanEndDate", "{} has an open CIN plan and an open child protection plan; they cannot run at the same time.", Capital(Ep(e))),
            }
        }
    }
}

fn r4003(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if e.cin_plans.is_empty() {
            continue;
        }
        for cp in &e.cp_plans {
            for &r in &cp.review_dates {
                if cp.end == Some(r) {
                    continue;
                }
                let open = e.cin_plans.iter().find(|p| {
                    p.start.is_some_and(|s| s <= r)
                        && p.end.map_or(r <= ctx.reference_date(), |end| r < end)
                });
                if let Some(p) = open {
                    let s = p.start.unwrap_or(r);
                    emit!(out, "CPPreviewDate", "The child protection review on {r} was held while the CIN plan starting {s} was open.");
                }
            }
        }
    }
}

fn r4016(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    if cp_plans(c).next().is_none() {
        return;
    }
    for p in cin_plans(c) {
        let Some(s) = p.start else { continue };
        let during = cp_plans(c).find(|cp| {
            cp.start.is_some_and(|cs| s >= cs)
                && cp.end.map_or(s <= ctx.reference_date(), |ce| s < ce)
        });
        if let Some(cp) = during {
            let cs = cp.start.unwrap_or(s);
            match cp.end {
                Some(ce) => emit!(out, "CINPlanStartDate", "The CIN plan starting {s} starts during the child protection plan {cs} to {ce}."),
                None => emit!(out, "CINPlanStartDate", "The CIN plan starting {s} starts while the child protection plan started {cs} is open."),
            }
        }
    }
}

fn r4017(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    if cin_plans(c).next().is_none() {
        return;
    }
    for cp in cp_plans(c) {
        let Some(s) = cp.start else { continue };
        let during = cin_plans(c).find(|p| {
            p.start.is_some_and(|ps| s >= ps)
                && p.end.map_or(s <= ctx.reference_date(), |pe| s < pe)
        });
        if let Some(p) = during {
            let ps = p.start.unwrap_or(s);
            match p.end {
                Some(pe) => emit!(out, "CPPstartDate", "The child protection plan starting {s} starts during the CIN plan {ps} to {pe}."),
                None => emit!(out, "CPPstartDate", "The child protection plan starting {s} starts while the CIN plan started {ps} is open."),
            }
        }
    }
}
