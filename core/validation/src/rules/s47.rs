//! Section 47 enquiries and initial child protection conferences (ICPCs).

use assure_casedata::{Child, CinChildExtras, NaiveDate, S47};
use chrono::{Datelike, Weekday};

use super::overlaps::{starts_inside_another, Span};
use super::{Capital, Ep};
use crate::rule::{emit, ChildRule, Out};
use crate::{CensusContext, Severity::*};

pub(crate) const RULES: &[ChildRule] = &[
    ChildRule::new("1104", Error, "DateOfInitialCPC", "ICPC date before the referral date", r1104),
    ChildRule::new("2884", Error, "DateOfInitialCPC", "ICPC recorded at both S47 and CIN details level", r2884),
    ChildRule::new("2889", Error, "S47ActualStartDate", "S47 start before the referral date", r2889),
    ChildRule::new("8615", Error, "S47ActualStartDate", "S47 start missing (with an ICPC) or after the ICPC date", r8615),
    ChildRule::new("8675Q", Query, "S47ActualStartDate", "S47 started more than 15 working days before the reference date with no ICPC and ICPC not marked not required", r8675q),
    ChildRule::new("8715", Error, "DateOfInitialCPC", "ICPC date outside the census year", r8715),
    ChildRule::new("8740", Error, "S47ActualStartDate", "S47 with no ICPC by the year end started outside the census year", r8740),
    ChildRule::new("8839", Error, "DateOfInitialCPC", "Two or more open S47 enquiries in one episode", r8839),
    ChildRule::new("8868", Error, "ICPCnotRequired", "Closed episode has an S47 with no ICPC date and not marked ICPC not required", r8868),
    ChildRule::new("8870Q", Query, "InitialCPCtarget", "ICPC target date on a weekend", r8870q),
    ChildRule::new("8875", Error, "DateOfInitialCPC", "ICPC date on a weekend", r8875),
    ChildRule::new("8890", Error, "S47ActualStartDate", "S47 starts while another S47 in the episode is ongoing", r8890),
];

fn each(c: &Child) -> impl Iterator<Item = (&assure_casedata::Episode, &S47)> {
    c.episodes
        .iter()
        .flat_map(|e| e.s47s.iter().map(move |s| (e, s)))
}

/// Every dated ICPC of the child: (episode, date), S47-level and episode-level.
fn icpcs(c: &Child) -> impl Iterator<Item = (&assure_casedata::Episode, NaiveDate)> {
    c.episodes.iter().flat_map(|e| {
        e.s47s
            .iter()
            .filter_map(|s| s.icpc_date)
            .chain(e.episode_icpc_date)
            .map(move |d| (e, d))
    })
}

/// Not concluded: no ICPC date and not marked "ICPC not required".
fn open(s: &S47) -> bool {
    s.icpc_date.is_none() && s.icpc_not_required != Some(true)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn r1104(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (e, d) in icpcs(c) {
        if let Some(r) = e.referral_date.filter(|r| d < *r) {
            emit!(
                out,
                "DateOfInitialCPC",
                "The initial child protection conference date {d} is before the referral date {r}."
            );
        }
    }
}

fn r2884(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        let Some(ep) = e.episode_icpc_date else {
            continue;
        };
        if let Some(s) = e.s47s.iter().find_map(|s| s.icpc_date) {
            emit!(out, "DateOfInitialCPC", "{} records an initial child protection conference both on the episode ({ep}) and on a Section 47 enquiry ({s}); record it in one place only.", Capital(Ep(e)));
        }
    }
}

fn r2889(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (e, s) in each(c) {
        if let (Some(st), Some(r)) = (s.start, e.referral_date) {
            if st < r {
                emit!(
                    out,
                    "S47ActualStartDate",
                    "The Section 47 start date {st} is before the referral date {r}."
                );
            }
        }
    }
}

fn r8615(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, s) in each(c) {
        match (s.start, s.icpc_date) {
            (None, Some(i)) => emit!(out, "S47ActualStartDate", "A Section 47 enquiry with an initial child protection conference on {i} has no start date."),
            (Some(st), Some(i)) if st > i => emit!(out, "S47ActualStartDate", "The Section 47 start date {st} is after its initial child protection conference date {i}."),
            _ => {}
        }
    }
}

fn r8675q(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    let limit = ctx.ref_minus_15_working_days();
    for (_, s) in each(c) {
        if let (Some(st), None, Some(false)) = (s.start, s.icpc_date, s.icpc_not_required) {
            if st < limit {
                emit!(out, "S47ActualStartDate", "The Section 47 enquiry started on {st}, more than 15 working days before the reference date {} (before {limit}), has no initial child protection conference date and is not marked ICPC not required.", ctx.reference_date());
            }
        }
    }
}

fn r8715(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (_, d) in icpcs(c) {
        if !ctx.in_period(d) {
            emit!(out, "DateOfInitialCPC", "The initial child protection conference date {d} is outside the census year {} to {}.", ctx.period_start(), ctx.reference_date());
        }
    }
}

fn r8740(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for (_, s) in each(c) {
        if let (Some(st), None, Some(false)) = (s.start, s.icpc_date, s.icpc_not_required) {
            if !ctx.in_period(st) {
                emit!(out, "S47ActualStartDate", "The Section 47 enquiry started on {st} has had no initial child protection conference by the year end, so it must start in the census year {} to {}.", ctx.period_start(), ctx.reference_date());
            }
        }
    }
}

fn r8839(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        let n = e.s47s.iter().filter(|s| open(s)).count();
        if n > 1 {
            emit!(out, "DateOfInitialCPC", "{} has {n} Section 47 enquiries with no initial child protection conference date and not marked ICPC not required; only one may be open.", Capital(Ep(e)));
        }
    }
}

fn r8868(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for e in &c.episodes {
        let Some(cd) = e.closure_date else { continue };
        for s in e.s47s.iter().filter(|s| open(s)) {
            match s.start {
                Some(st) => emit!(out, "ICPCnotRequired", "The episode closed on {cd} has a Section 47 enquiry (started {st}) with neither an initial child protection conference date nor ICPC not required."),
                None => emit!(out, "ICPCnotRequired", "The episode closed on {cd} has a Section 47 enquiry with neither an initial child protection conference date nor ICPC not required."),
            }
        }
    }
}

fn r8870q(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, s) in each(c) {
        if let Some(t) = s.icpc_target.filter(|t| is_weekend(*t)) {
            emit!(
                out,
                "InitialCPCtarget",
                "The initial child protection conference target date {t} is a {}.",
                t.weekday_name()
            );
        }
    }
}

fn r8875(c: &Child, _: &CinChildExtras, _: &CensusContext, out: &mut Out<'_>) {
    for (_, d) in icpcs(c) {
        if is_weekend(d) {
            emit!(
                out,
                "DateOfInitialCPC",
                "The initial child protection conference date {d} is a {}.",
                d.weekday_name()
            );
        }
    }
}

fn r8890(c: &Child, _: &CinChildExtras, ctx: &CensusContext, out: &mut Out<'_>) {
    for e in c.episodes.iter().filter(|e| e.s47s.len() > 1) {
        let spans: Vec<Span> = e
            .s47s
            .iter()
            .map(|s| Span {
                start: s.start,
                end: s.icpc_date,
                open: s.icpc_not_required != Some(true),
            })
            .collect();
        for (sa, sb, end) in starts_inside_another(&spans, ctx.reference_date(), false) {
            match end {
                Some(ib) => emit!(out, "S47ActualStartDate", "The Section 47 enquiry starting {sa} starts during another enquiry in this episode ({sb} to its conference on {ib})."),
                None => emit!(out, "S47ActualStartDate", "The Section 47 enquiry starting {sa} starts while another enquiry in this episode (started {sb}) is still open."),
            }
        }
    }
}

trait WeekdayName {
    fn weekday_name(&self) -> &'static str;
}

impl WeekdayName for NaiveDate {
    fn weekday_name(&self) -> &'static str {
        match self.weekday() {
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
        }
    }
}
