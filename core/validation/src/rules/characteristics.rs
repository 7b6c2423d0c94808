//! Child characteristics: sex/gender, ethnicity, disability, dates of birth and death.

use assure_calendar::{add_months, add_years};
use assure_casedata::{Child, CinChildExtras};
use chrono::Days;

use crate::codes;
use crate::rule::{emit, restated, ChildRule, Out, Shown};
use crate::{CensusContext, Severity::*};

pub(crate) const RULES: &[ChildRule] = &[
    ChildRule::new(
        "4180",
        Error,
        "GenderCurrent",
        "Gender missing or not 1, 2, 0 or 9",
        r4180_gender,
    )
    .years(None, Some(2024)),
    ChildRule::new(
        "4180",
        Error,
        "Sex",
        "Sex missing or not M, F or U",
        r4180_sex,
    )
    .years(Some(2025), None),
    ChildRule::new(
        "4220",
        Error,
        "Ethnicity",
        "Ethnicity missing or invalid",
        r4220,
    ),
    ChildRule::new(
        "8520",
        Error,
        "PersonBirthDate",
        "Date of birth after the end of the census period",
        r8520,
    ),
    ChildRule::new(
        "8525Q",
        Query,
        "PersonBirthDate",
        "Either date of birth or expected date of birth, not both",
        r8525q,
    ),
    ChildRule::new(
        "8530Q",
        Query,
        "ExpectedPersonBirthDate",
        "Expected date of birth outside reference date − 30 days … + 9 months",
        r8530q,
    ),
    ChildRule::new(
        "8535Q",
        Query,
        "PersonDeathDate",
        "Date of death before date of birth",
        r8535q,
    ),
    ChildRule::new(
        "8540",
        Error,
        "Disability",
        "Disability missing (born child with a further-action referral) or invalid",
        r8540,
    ),
    ChildRule::new(
        "8545Q",
        Query,
        "PersonDeathDate",
        "Date of death outside the census year",
        r8545q,
    ),
    ChildRule::new(
        "8750",
        Error,
        "GenderCurrent",
        "Unborn child must have GenderCurrent 0",
        r8750_gender,
    )
    .years(None, Some(2024)),
    ChildRule::new(
        "8750",
        Error,
        "Sex",
        "Unborn child must have Sex U",
        r8750_sex,
    )
    .years(Some(2025), None),
    ChildRule::new(
        "8775Q",
        Query,
        "PersonBirthDate",
        "Child over 25 with an episode open after their 25th birthday",
        r8775q,
    ),
    ChildRule::new(
        "8790",
        Error,
        "Disability",
        "Disability NONE combined with other codes",
        r8790,
    ),
    ChildRule::new(
        "8794",
        Error,
        "Disability",
        "Same disability code recorded twice",
        r8794,
    ),
];

fn r4180_gender(_: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    match x.gender_current.as_deref() {
        None => restated!(
            out,
            "GenderCurrent",
            "GenderCurrent is missing; it must be 1, 2, 0 or 9."
        ),
        Some("1" | "2" | "0" | "9") => {}
        Some(v) => restated!(
            out,
            "GenderCurrent",
            "GenderCurrent {} is not 1, 2, 0 or 9.",
            Shown(v)
        ),
    }
}

fn r4180_sex(_: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    match x.sex.as_deref() {
        None => restated!(out, "Sex", "Sex is missing; it must be M, F or U."),
        Some("M" | "F" | "U") => {}
        Some(v) => restated!(out, "Sex", "Sex {} is not M, F or U.", Shown(v)),
    }
}

fn r4220(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    match c.ethnicity.as_deref() {
        None => emit!(out, "Ethnicity", "Ethnicity is missing."),
        Some(e) if codes::is_ethnicity(e) => {}
        Some(e) => emit!(
            out,
            "Ethnicity",
            "Ethnicity {} is not a code in the ethnicity list.",
            Shown(e)
        ),
    }
}

fn r8520(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    if let Some(dob) = c.birth_date {
        if dob > ctx.reference_date() {
            emit!(
                out,
                "PersonBirthDate",
                "The date of birth {dob} is after the reference date {}.",
                ctx.reference_date()
            );
        }
    }
}

fn r8525q(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    match (c.birth_date, c.expected_birth_date) {
        (Some(b), Some(e)) => emit!(out, "PersonBirthDate", "Both a date of birth ({b}) and an expected date of birth ({e}) are given; give only one."),
        (None, None) => emit!(out, "PersonBirthDate", "Neither a date of birth nor an expected date of birth is given."),
        _ => {}
    }
}

fn r8530q(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    let Some(e) = c.expected_birth_date else {
        return;
    };
    let r = ctx.reference_date();
    let earliest = r.checked_sub_days(Days::new(30)).unwrap_or(r);
    let latest = add_months(r, 9);
    if e <= earliest || e >= latest {
        emit!(out, "ExpectedPersonBirthDate", "The expected date of birth {e} is not between {earliest} and {latest} (reference date − 30 days to + 9 months).");
    }
}

fn r8535q(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if let (Some(b), Some(d)) = (c.birth_date, x.person_death_date) {
        if d < b {
            emit!(
                out,
                "PersonDeathDate",
                "The date of death {d} is before the date of birth {b}."
            );
        }
    }
}

fn r8540(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for d in &c.disabilities {
        if !codes::is_disability(d) {
            emit!(
                out,
                "Disability",
                "Disability {} is not a code in the disability list.",
                Shown(d)
            );
        }
    }
    if c.disabilities.is_empty()
        && c.birth_date.is_some()
        && c.episodes.iter().any(|e| e.referral_nfa == Some(false))
    {
        emit!(out, "Disability", "No disability code is recorded (use NONE if the child has no disability); one is needed for a born child with a referral that led to further action.");
    }
}

fn r8545q(_: &Child, x: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    if let Some(d) = x.person_death_date {
        if !ctx.in_period(d) {
            emit!(
                out,
                "PersonDeathDate",
                "The date of death {d} is outside the census year {} to {}.",
                ctx.period_start(),
                ctx.reference_date()
            );
        }
    }
}

fn is_unborn(c: &Child) -> bool {
    c.birth_date.is_none() && c.expected_birth_date.is_some()
}

fn r8750_gender(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if is_unborn(c) && x.gender_current.as_deref() != Some("0") {
        emit!(out, "GenderCurrent", "The child is unborn (expected date of birth only), so GenderCurrent must be 0, not {}.", Shown(x.gender_current.as_deref().unwrap_or("missing")));
    }
}

fn r8750_sex(c: &Child, x: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if is_unborn(c) && x.sex.as_deref() != Some("U") {
        emit!(
            out,
            "Sex",
            "The child is unborn (expected date of birth only), so Sex must be U, not {}.",
            Shown(x.sex.as_deref().unwrap_or("missing"))
        );
    }
}

fn r8775q(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    let Some(dob) = c.birth_date else { return };
    if dob >= add_years(ctx.reference_date(), -25) {
        return;
    }
    let turned_25 = add_years(dob, 25);
    let open_after = c.episodes.is_empty()
        || c.episodes
            .iter()
            .any(|e| e.closure_date.is_none_or(|cd| cd > turned_25));
    if open_after {
        emit!(out, "PersonBirthDate", "The child was born on {dob}, so is over 25, and has an episode not closed by their 25th birthday ({turned_25}).");
    }
}

fn r8790(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    if c.disabilities.len() > 1 && c.disabilities.iter().any(|d| d == "NONE") {
        emit!(
            out,
            "Disability",
            "Disability NONE is recorded together with other disability codes."
        );
    }
}

fn r8794(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    let d = &c.disabilities;
    for (i, code) in d.iter().enumerate() {
        // Report each repeated code once, at its first repeat.
        if d[..i].iter().filter(|c| *c == code).count() == 1 {
            emit!(
                out,
                "Disability",
                "Disability {} is recorded more than once.",
                Shown(code)
            );
        }
    }
}
