//! CIN details (episodes of need): referral, NFA, closure, need and source, overlaps.

use assure_casedata::{Child, CinChildExtras, Episode};
use chrono::Days;

use super::{Capital, Ep};
use crate::codes;
use crate::rule::{emit, restated, ChildRule, Out, Shown};
use crate::{CensusContext, Severity::*};

pub(crate) const RULES: &[ChildRule] = &[
    ChildRule::new(
        "2990",
        Error,
        "ReasonForClosure",
        "Activity on an episode closed RC8 (closed after assessment, no further action)",
        r2990,
    ),
    ChildRule::new(
        "8555Q",
        Query,
        "CINreferralDate",
        "Referral after the date of death",
        r8555q,
    ),
    ChildRule::new(
        "8565",
        Error,
        "CINclosureDate",
        "Activity dated after the episode's closure date",
        r8565,
    ),
    ChildRule::new(
        "8568",
        Error,
        "ReferralNFA",
        "ReferralNFA missing or invalid",
        r8568,
    ),
    ChildRule::new(
        "8569Q",
        Query,
        "ReferralNFA",
        "Referral before the census start (less 1 working day) flagged NFA",
        r8569q,
    ),
    ChildRule::new(
        "8585Q",
        Query,
        "ReasonForClosure",
        "Closed RC2 (died) but no date of death",
        r8585q,
    ),
    ChildRule::new(
        "8590",
        Error,
        "LAchildID",
        "Child has no CIN episode",
        r8590,
    ),
    ChildRule::new(
        "8600",
        Error,
        "CINreferralDate",
        "Referral date missing or after the reference date",
        r8600,
    ),
    ChildRule::new(
        "8606",
        Error,
        "CINreferralDate",
        "Referral more than 280 days before the (expected) date of birth",
        r8606,
    ),
    ChildRule::new(
        "8610",
        Error,
        "PrimaryNeedCode",
        "Primary need missing on a referral that led to further action",
        r8610,
    ),
    ChildRule::new(
        "8620",
        Error,
        "CINclosureDate",
        "Closure date outside the census year",
        r8620,
    ),
    ChildRule::new(
        "8630",
        Error,
        "CINclosureDate",
        "Closure date before the referral date",
        r8630,
    ),
    ChildRule::new(
        "8640",
        Error,
        "ReasonForClosure",
        "Reason for closure not a valid code",
        r8640,
    ),
    ChildRule::new(
        "8650",
        Error,
        "PrimaryNeedCode",
        "Primary need not a valid code",
        r8650,
    ),
    ChildRule::new(
        "8805",
        Error,
        "ReasonForClosure",
        "Closure date without a reason for closure",
        r8805,
    ),
    ChildRule::new(
        "8810",
        Error,
        "CINclosureDate",
        "Reason for closure without a closure date",
        r8810,
    ),
    ChildRule::new(
        "8815",
        Error,
        "CINclosureDate",
        "More than one open episode that is not an NFA referral",
        r8815,
    ),
    ChildRule::new(
        "8816",
        Error,
        "CINreferralDate",
        "Open episode (not NFA) is not the latest episode",
        r8816,
    ),
    ChildRule::new("8820", Error, "CINreferralDate", "Episodes overlap", r8820),
    ChildRule::new(
        "8825Q",
        Query,
        "ReasonForClosure",
        "Closed RC8/RC9 (after assessment) but no assessment on the episode",
        r8825q,
    ),
    ChildRule::new(
        "8831",
        Error,
        "ReferralNFA",
        "Assessment, S47 or ICPC recorded on an NFA referral",
        r8831,
    ),
    ChildRule::new(
        "8832",
        Error,
        "ReferralNFA",
        "Child protection plan recorded on an NFA referral",
        r8832,
    ),
    ChildRule::new(
        "8866",
        Error,
        "ReferralSource",
        "Referral source missing or invalid",
        r8866,
    ),
];

fn r2990(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if e.closure_reason.as_deref() != Some("RC8") {
            continue;
        }
        let what = if !e.s47s.is_empty() {
            "a Section 47 enquiry"
        } else if !e.cp_plans.is_empty() {
            "a child protection plan"
        } else if e.episode_icpc_date.is_some() {
            "an initial child protection conference"
        } else if !e.cin_plans.is_empty() {
            "a CIN plan"
        } else {
            continue;
        };
        emit!(
            out,
            "ReasonForClosure",
            "{} is closed RC8 (after assessment, no further action) but has {what}.",
            Capital(Ep(e))
        );
    }
}

fn r8555q(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let Some(death) = x.person_death_date else {
        return;
    };
    for e in &c.episodes {
        if let Some(r) = e.referral_date.filter(|r| *r > death) {
            emit!(
                out,
                "CINreferralDate",
                "The referral date {r} is after the child's date of death {death}."
            );
        }
    }
}

fn r8565(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        let Some(close) = e.closure_date else {
            continue;
        };
        let mut after = |what: &str, d: Option<assure_casedata::NaiveDate>| {
            if let Some(d) = d.filter(|d| *d > close) {
                emit!(
                    out,
                    "CINclosureDate",
                    "The closure date {close} is before the {what} {d} in this episode."
                );
            }
        };
        after(
            "initial child protection conference date",
            e.episode_icpc_date,
        );
        for a in &e.assessments {
            after("assessment start date", a.start);
            after("assessment authorisation date", a.authorised);
        }
        for s in &e.s47s {
            after("Section 47 start date", s.start);
            after("initial child protection conference date", s.icpc_date);
        }
        for p in &e.cp_plans {
            after("child protection plan end date", p.end);
        }
        for p in &e.cin_plans {
            after("CIN plan start date", p.start);
            after("CIN plan end date", p.end);
        }
    }
}

fn r8568(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if e.referral_nfa.is_none() {
            restated!(
                out,
                "ReferralNFA",
                "ReferralNFA is missing for {}; it must be true or false.",
                Ep(e)
            );
        }
    }
}

fn r8569q(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    let limit = ctx.start_minus_1_working_day();
    for e in &c.episodes {
        if let (Some(r), Some(true)) = (e.referral_date, e.referral_nfa) {
            if r < limit {
                emit!(out, "ReferralNFA", "The referral of {r} is before {limit} (one working day before the census year) so cannot be a no-further-action referral.");
            }
        }
    }
}

fn r8585q(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if x.person_death_date.is_some() {
        return;
    }
    for e in &c.episodes {
        if e.closure_reason.as_deref() == Some("RC2") {
            emit!(
                out,
                "ReasonForClosure",
                "{} is closed RC2 (died) but the child has no date of death.",
                Capital(Ep(e))
            );
        }
    }
}

fn r8590(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if c.episodes.is_empty() {
        emit!(
            out,
            "LAchildID",
            "The child has no CIN episode (CINdetails)."
        );
    }
}

fn r8600(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        match e.referral_date {
            None => restated!(out, "CINreferralDate", "An episode has no referral date."),
            Some(r) if r > ctx.reference_date() => emit!(
                out,
                "CINreferralDate",
                "The referral date {r} is after the reference date {}.",
                ctx.reference_date()
            ),
            Some(_) => {}
        }
    }
}

fn r8606(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        let Some(r) = e.referral_date else { continue };
        for (what, d) in [
            ("date of birth", c.birth_date),
            ("expected date of birth", c.expected_birth_date),
        ] {
            let Some(d) = d else { continue };
            if let Some(limit) = d.checked_sub_days(Days::new(280)) {
                if r < limit {
                    emit!(out, "CINreferralDate", "The referral date {r} is more than 280 days (40 weeks) before the {what} {d}.");
                }
            }
        }
    }
}

fn r8610(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if e.referral_nfa == Some(false) && e.primary_need.is_none() {
            emit!(
                out,
                "PrimaryNeedCode",
                "{} led to further action (ReferralNFA false) but has no primary need code.",
                Capital(Ep(e))
            );
        }
    }
}

fn r8620(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if let Some(d) = e.closure_date.filter(|d| !ctx.in_period(*d)) {
            emit!(
                out,
                "CINclosureDate",
                "The closure date {d} is outside the census year {} to {}.",
                ctx.period_start(),
                ctx.reference_date()
            );
        }
    }
}

fn r8630(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if let (Some(r), Some(cd)) = (e.referral_date, e.closure_date) {
            if cd < r {
                emit!(
                    out,
                    "CINclosureDate",
                    "The closure date {cd} is before the referral date {r}."
                );
            }
        }
    }
}

fn r8640(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if let Some(rc) = e.closure_reason.as_deref() {
            if !codes::is_reason_for_closure(rc, ctx.collection_year()) {
                emit!(
                    out,
                    "ReasonForClosure",
                    "Reason for closure {} is not a valid code (RC1 to RC9; RC9 from 2022-23).",
                    Shown(rc)
                );
            }
        }
    }
}

fn r8650(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if let Some(n) = e.primary_need.as_deref() {
            if !codes::is_primary_need(n) {
                emit!(
                    out,
                    "PrimaryNeedCode",
                    "Primary need code {} is not N0 to N9.",
                    Shown(n)
                );
            }
        }
    }
}

fn r8805(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if let (Some(cd), None) = (e.closure_date, &e.closure_reason) {
            emit!(
                out,
                "ReasonForClosure",
                "The episode closed on {cd} has no reason for closure."
            );
        }
    }
}

fn r8810(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if let (None, Some(rc)) = (e.closure_date, e.closure_reason.as_deref()) {
            emit!(
                out,
                "CINclosureDate",
                "{} has a reason for closure ({}) but no closure date.",
                Capital(Ep(e)),
                Shown(rc)
            );
        }
    }
}

/// Open (no closure date) and not a no-further-action referral.
fn open_not_nfa(e: &Episode) -> bool {
    e.closure_date.is_none() && e.referral_nfa == Some(false)
}

fn r8815(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let n = c.episodes.iter().filter(|e| open_not_nfa(e)).count();
    if n > 1 {
        for e in c.episodes.iter().filter(|e| open_not_nfa(e)) {
            emit!(out, "CINclosureDate", "{} is open and not a no-further-action referral, and so are {} other episodes of this child.", Capital(Ep(e)), n - 1);
        }
    }
}

fn r8816(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let Some(latest) = c.episodes.iter().filter_map(|e| e.referral_date).max() else {
        return;
    };
    for e in c.episodes.iter().filter(|e| open_not_nfa(e)) {
        if let Some(r) = e.referral_date.filter(|r| *r != latest) {
            emit!(out, "CINreferralDate", "The episode referred on {r} is open and not a no-further-action referral, but it is not the latest episode (latest referral {latest}).");
        }
    }
}

fn r8820(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    let eps = &c.episodes;
    if eps.len() < 2 {
        return;
    }
    for (i, a) in eps.iter().enumerate() {
        let Some(ra) = a.referral_date else { continue };
        let clash = eps.iter().enumerate().find(|(j, b)| {
            let Some(rb) = b.referral_date else {
                return false;
            };
            *j != i
                && ra >= rb
                && match b.closure_date {
                    // The next episode may start on the day the previous one closed.
                    Some(cb) => ra < cb,
                    None => b.referral_nfa == Some(false) && ra <= ctx.reference_date(),
                }
        });
        if let Some((_, b)) = clash {
            match b.closure_date {
                Some(cb) => emit!(
                    out,
                    "CINreferralDate",
                    "The referral date {ra} falls inside {} (closed {cb}).",
                    Ep(b)
                ),
                None => emit!(
                    out,
                    "CINreferralDate",
                    "The referral date {ra} falls inside {}, which is still open.",
                    Ep(b)
                ),
            }
        }
    }
}

fn r8825q(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if let Some(rc @ ("RC8" | "RC9")) = e.closure_reason.as_deref() {
            if e.assessments.is_empty() {
                emit!(
                    out,
                    "ReasonForClosure",
                    "{} is closed {rc} (closed after assessment) but has no assessment.",
                    Capital(Ep(e))
                );
            }
        }
    }
}

fn r8831(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if e.referral_nfa != Some(true) {
            continue;
        }
        let what = if e
            .assessments
            .iter()
            .any(|a| a.start.is_some() || a.authorised.is_some())
        {
            "an assessment"
        } else if e.s47s.iter().any(|s| s.start.is_some()) {
            "a Section 47 enquiry"
        } else if e.episode_icpc_date.is_some() || e.s47s.iter().any(|s| s.icpc_date.is_some()) {
            "an initial child protection conference"
        } else {
            continue;
        };
        emit!(
            out,
            "ReferralNFA",
            "{} is a no-further-action referral (ReferralNFA true) but has {what}.",
            Capital(Ep(e))
        );
    }
}

fn r8832(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if e.referral_nfa == Some(true) && !e.cp_plans.is_empty() {
            emit!(out, "ReferralNFA", "{} is a no-further-action referral (ReferralNFA true) but has a child protection plan.", Capital(Ep(e)));
        }
    }
}

fn r8866(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        match e.referral_source.as_deref() {
            None => emit!(
                out,
                "ReferralSource",
                "{} has no referral source.",
                Capital(Ep(e))
            ),
            Some(s) if codes::is_referral_source(s, ctx.collection_year()) => {}
            Some(s) => emit!(
                out,
                "ReferralSource",
                "Referral source {} is not a valid code.",
                Shown(s)
            ),
        }
    }
}
