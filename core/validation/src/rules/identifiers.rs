//! Child identifiers: LA child ID format and UPN rules (1510-1580, 8770Q, 8772).

use assure_calendar::add_years;
use assure_casedata::{Child, CinChildExtras};

use crate::codes;
use crate::rule::{emit, ChildRule, Out, Shown};
use crate::{CensusContext, Severity::*};

pub(crate) const RULES: &[ChildRule] = &[
    ChildRule::new("1510", Error, "UPN", "UPN check letter (character 1) is wrong", r1510),
    ChildRule::new("1530", Error, "UPN", "UPN characters 2-4 are not a valid LA code", r1530),
    ChildRule::new("1540", Error, "UPN", "UPN characters 5-12 are not all numeric", r1540),
    ChildRule::new("1550", Error, "UPN", "UPN character 13 is not a digit or an allowed letter", r1550),
    ChildRule::new("1560Q", Query, "FormerUPN", "Former UPN is wrongly formatted", r1560q),
    ChildRule::new("1580", Error, "LAchildID", "LA child ID has characters other than letters and digits", r1580)
        .years(Some(2025), None),
    ChildRule::new("8770Q", Query, "UPN", "Child aged 6 or over with a further-action referral has no UPN or reason", r8770q_old)
        .years(None, Some(2024)),
    ChildRule::new("8770Q", Query, "UPN", "School-age child with a further-action referral has no UPN or valid reason (UN1 not allowed)", r8770q_new)
        .years(Some(2025), None),
    ChildRule::new("8772", Error, "UPNunknown", "UPN reason UN7 (NFA referral) but an episode went on to further action", r8772),
];

fn r1510(_: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if x.upn
        .as_ref()
        .is_some_and(|u| u.check_letter_ok == Some(false))
    {
        emit!(out, "UPN", "The UPN's first character is not the correct check letter for its other 12 characters.");
    }
}

fn r1530(_: &Child, x: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    let Some(u) = &x.upn else { return };
    if u.chars != 13 {
        return;
    }
    match &u.la_code {
        Some(code) if codes::is_upn_la_code(code, ctx.collection_year()) => {}
        Some(code) => emit!(
            out,
            "UPN",
            "Characters 2-4 of the UPN ({code}) are not a recognised LA code."
        ),
        None => emit!(
            out,
            "UPN",
            "Characters 2-4 of the UPN are not digits, so they are not an LA code."
        ),
    }
}

fn r1540(_: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if x.upn
        .as_ref()
        .is_some_and(|u| u.chars >= 12 && !u.chars_5_to_12_numeric)
    {
        emit!(out, "UPN", "Characters 5-12 of the UPN are not all digits.");
    }
}

fn r1550(_: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if x.upn
        .as_ref()
        .is_some_and(|u| u.chars == 13 && !u.char_13_valid)
    {
        emit!(
            out,
            "UPN",
            "Character 13 of the UPN is not a digit or a capital letter other than I, O and S."
        );
    }
}

fn r1560q(_: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let Some(f) = &x.former_upn else { return };
    if !(f.chars == 13 && f.first_char_is_letter && f.check_letter_ok.is_some()) {
        if f.chars == 13 {
            emit!(
                out,
                "FormerUPN",
                "The former UPN is not a capital letter followed by 12 digits."
            );
        } else {
            emit!(out, "FormerUPN", "The former UPN has {} characters; it should be a capital letter followed by 12 digits.", f.chars);
        }
    }
}

fn r1580(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if !c.la_child_id.is_ascii_alphanumeric() {
        emit!(
            out,
            "LAchildID",
            "The LA child ID {} contains characters other than letters A-Z and digits 0-9.",
            Shown(c.la_child_id.as_str())
        );
    }
}

/// At least one episode where the referral went on to further action.
fn has_further_action(c: &Child) -> bool {
    c.episodes.iter().any(|e| e.referral_nfa == Some(false))
}

fn missing_upn_and_reason(x: &CinChildExtras, year: i32) -> bool {
    x.upn.is_none()
        && !x
            .upn_unknown
            .as_deref()
            .is_some_and(|r| codes::is_school_age_upn_reason(r, year))
}

fn r8770q_old(c: &Child, x: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    let Some(dob) = c.birth_date else { return };
    if dob <= add_years(ctx.reference_date(), -6)
        && has_further_action(c)
        && missing_upn_and_reason(x, ctx.collection_year())
    {
        emit!(out, "UPN", "The child (born {dob}) is 6 or over at the reference date and has a referral that led to further action, but has no UPN and no valid UPNunknown reason.");
    }
}

fn r8770q_new(c: &Child, x: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    let Some(dob) = c.birth_date else { return };
    if dob <= ctx.school_age_birth_cutoff()
        && has_further_action(c)
        && missing_upn_and_reason(x, ctx.collection_year())
    {
        match x.upn_unknown.as_deref() {
            Some(r) if r.eq_ignore_ascii_case("UN1") => emit!(out, "UPN", "The child (born {dob}) is of school age, so UPNunknown UN1 (not of school age) cannot be used; give the UPN or another reason."),
            _ => emit!(out, "UPN", "The child (born {dob}) is of school age and has a referral that led to further action, but has no UPN and no valid UPNunknown reason."),
        }
    }
}

fn r8772(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if x.upn_unknown.as_deref() != Some("UN7") {
        return;
    }
    if let Some(e) = c.episodes.iter().find(|e| e.referral_nfa == Some(false)) {
        match e.referral_date {
            Some(r) => emit!(out, "UPNunknown", "UPNunknown is UN7 (referral with no further action) but the referral of {r} went on to further action (ReferralNFA is false)."),
            None => emit!(out, "UPNunknown", "UPNunknown is UN7 (referral with no further action) but an episode went on to further action (ReferralNFA is false)."),
        }
    }
}
