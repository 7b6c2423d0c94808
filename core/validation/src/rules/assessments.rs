//! Assessments: dates, completion, factors.

use assure_casedata::{Assessment, Child, CinChildExtras};

use super::overlaps::{starts_inside_another, Span};
use super::{Capital, Ep};
use crate::codes;
use crate::rule::{emit, ChildRule, Out, Shown};
use crate::{CensusContext, Severity::*};

pub(crate) const RULES: &[ChildRule] = &[
    ChildRule::new(
        "1103",
        Error,
        "AssessmentActualStartDate",
        "Assessment start before the referral date",
        r1103,
    ),
    ChildRule::new(
        "8608",
        Error,
        "AssessmentActualStartDate",
        "Assessment start after its authorisation date",
        r8608,
    ),
    ChildRule::new(
        "8614",
        Error,
        "AssessmentFactors",
        "Factors recorded on an assessment that is not completed",
        r8614,
    ),
    ChildRule::new(
        "8670Q",
        Query,
        "AssessmentActualStartDate",
        "Assessment started more than 45 working days before the reference date and not authorised",
        r8670q,
    ),
    ChildRule::new(
        "8696",
        Error,
        "AssessmentAuthorisationDate",
        "Assessment authorisation date outside the census year",
        r8696,
    ),
    ChildRule::new(
        "8736",
        Error,
        "AssessmentActualStartDate",
        "Incomplete assessment started outside the census year",
        r8736,
    ),
    ChildRule::new(
        "8863Q",
        Query,
        "AssessmentActualStartDate",
        "Assessment starts while another in the episode is ongoing",
        r8863q,
    ),
    ChildRule::new(
        "8867",
        Error,
        "AssessmentAuthorisationDate",
        "Closed episode with an incomplete assessment",
        r8867,
    ),
    ChildRule::new(
        "8869",
        Error,
        "AssessmentFactors",
        "Factor 21 (no factors identified) used with other factors",
        r8869,
    ),
    ChildRule::new(
        "8873Q",
        Query,
        "ReasonForClosure",
        "Only assessment found no factors (21) but the episode is not closed RC8/RC9",
        r8873q,
    ),
    ChildRule::new(
        "8896",
        Error,
        "AssessmentAuthorisationDate",
        "More than one open assessment in an episode",
        r8896,
    ),
    ChildRule::new(
        "8897Q",
        Query,
        "AssessmentFactors",
        "Completed assessment without (valid) factors",
        r8897q,
    ),
    ChildRule::new(
        "8898",
        Error,
        "AssessmentFactors",
        "Same factor code twice on an assessment",
        r8898,
    ),
    ChildRule::new(
        "8945Q",
        Query,
        "AssessmentFactors",
        "Factor 18A used (18B or 18C should be used)",
        r8945q,
    )
    .years(Some(2025), None),
    ChildRule::new(
        "8950Q",
        Query,
        "AssessmentFactors",
        "Factor 19A used (19B or 19C should be used)",
        r8950q,
    )
    .years(Some(2025), None),
];

fn each(c: &Child) -> impl Iterator<Item = (&assure_casedata::Episode, &Assessment)> {
    c.episodes
        .iter()
        .flat_map(|e| e.assessments.iter().map(move |a| (e, a)))
}

fn r1103(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (e, a) in each(c) {
        if let (Some(s), Some(r)) = (a.start, e.referral_date) {
            if s < r {
                emit!(
                    out,
                    "AssessmentActualStartDate",
                    "The assessment start date {s} is before the referral date {r}."
                );
            }
        }
    }
}

fn r8608(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, a) in each(c) {
        if let (Some(s), Some(au)) = (a.start, a.authorised) {
            if s > au {
                emit!(
                    out,
                    "AssessmentActualStartDate",
                    "The assessment start date {s} is after its authorisation date {au}."
                );
            }
        }
    }
}

fn r8614(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, a) in each(c) {
        if a.authorised.is_none() && !a.factors.is_empty() {
            match a.start {
                Some(s) => emit!(out, "AssessmentFactors", "The assessment started on {s} has factors recorded but no authorisation date (it is not complete)."),
                None => emit!(out, "AssessmentFactors", "An assessment has factors recorded but no authorisation date (it is not complete)."),
            }
        }
    }
}

fn r8670q(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    let limit = ctx.ref_minus_45_working_days();
    for (_, a) in each(c) {
        if let (Some(s), None) = (a.start, a.authorised) {
            if s < limit {
                emit!(out, "AssessmentActualStartDate", "The assessment started on {s}, more than 45 working days before the reference date {} (before {limit}), and has no authorisation date.", ctx.reference_date());
            }
        }
    }
}

fn r8696(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (_, a) in each(c) {
        if let Some(au) = a.authorised.filter(|d| !ctx.in_period(*d)) {
            emit!(
                out,
                "AssessmentAuthorisationDate",
                "The assessment authorisation date {au} is outside the census year {} to {}.",
                ctx.period_start(),
                ctx.reference_date()
            );
        }
    }
}

fn r8736(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (_, a) in each(c) {
        if let (Some(s), None) = (a.start, a.authorised) {
            if !ctx.in_period(s) {
                emit!(out, "AssessmentActualStartDate", "The incomplete assessment's start date {s} is outside the census year {} to {}.", ctx.period_start(), ctx.reference_date());
            }
        }
    }
}

fn r8863q(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for e in c.episodes.iter().filter(|e| e.assessments.len() > 1) {
        let spans: Vec<Span> = e
            .assessments
            .iter()
            .map(|a| Span::new(a.start, a.authorised))
            .collect();
        // An exact duplicate is not "another" assessment (as the DfE validator).
        for (sa, sb, end) in starts_inside_another(&spans, ctx.reference_date(), true) {
            match end {
                Some(ab) => emit!(out, "AssessmentActualStartDate", "The assessment starting {sa} starts during another assessment in this episode ({sb} to {ab})."),
                None => emit!(out, "AssessmentActualStartDate", "The assessment starting {sa} starts while another assessment in this episode (started {sb}) is still open."),
            }
        }
    }
}

fn r8867(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        let Some(cd) = e.closure_date else { continue };
        for a in e.assessments.iter().filter(|a| a.authorised.is_none()) {
            match a.start {
                Some(s) => emit!(out, "AssessmentAuthorisationDate", "The episode closed on {cd} has an assessment (started {s}) with no authorisation date."),
                None => emit!(out, "AssessmentAuthorisationDate", "The episode closed on {cd} has an assessment with no authorisation date."),
            }
        }
    }
}

fn r8869(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, a) in each(c) {
        if a.factors.len() > 1 && a.factors.iter().any(|f| f == "21") {
            emit!(out, "AssessmentFactors", "Factor 21 (no factors identified) is recorded together with {} other factor code(s) on one assessment.", a.factors.len() - 1);
        }
    }
}

fn r8873q(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        if let [a] = e.assessments.as_slice() {
            if a.factors.iter().any(|f| f == "21")
                && !matches!(e.closure_reason.as_deref(), Some("RC8" | "RC9"))
            {
                emit!(out, "ReasonForClosure", "{} has one assessment, which found no factors (21), but the reason for closure is {} rather than RC8 or RC9.", Capital(Ep(e)), Shown(e.closure_reason.as_deref().unwrap_or("missing")));
            }
        }
    }
}

fn r8896(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        let open = e
            .assessments
            .iter()
            .filter(|a| a.authorised.is_none())
            .count();
        if open > 1 {
            emit!(
                out,
                "AssessmentAuthorisationDate",
                "{} has {open} assessments with no authorisation date; only one may be open.",
                Capital(Ep(e))
            );
        }
    }
}

fn r8897q(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (_, a) in each(c) {
        let Some(au) = a.authorised.filter(|d| *d >= ctx.period_start()) else {
            continue;
        };
        if a.factors.is_empty() {
            emit!(out, "AssessmentFactors", "The assessment authorised on {au} has no factors identified at assessment (use 21 if there were none).");
        }
        for f in a.factors.iter().filter(|f| !codes::is_assessment_factor(f)) {
            emit!(out, "AssessmentFactors", "The assessment authorised on {au} has factor code {}, which is not in the factors list.", Shown(f));
        }
    }
}

fn r8898(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, a) in each(c) {
        let f = &a.factors;
        for (i, code) in f.iter().enumerate() {
            if f[..i].iter().filter(|c| *c == code).count() == 1 {
                emit!(
                    out,
                    "AssessmentFactors",
                    "Factor {} is recorded more than once on one assessment.",
                    Shown(code)
                );
            }
        }
    }
}

fn old_factor(c: &Child, code: &str, instead: &str, out: &mut Out<'_>) {
    for (_, a) in each(c) {
        if a.factors.iter().any(|f| f.eq_ignore_ascii_case(code)) {
            emit!(
                out,
                "AssessmentFactors",
                "Factor {code} should no longer be used; use {instead} instead."
            );
        }
    }
}

fn r8945q(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    old_factor(
        c,
        "18A",
        "18B (child on child) or 18C (adult on child)",
        out,
    );
}

fn r8950q(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    old_factor(
        c,
        "19A",
        "19B (child on child) or 19C (adult on child)",
        out,
    );
}
