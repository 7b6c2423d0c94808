//! What one child's record looks like in a given year's CIN census.

use assure_calendar::Period;
use assure_casedata::{Assessment, Child, CinPlan, CpPlan, Episode, Sex, S47};

/// First census year with the `CINPlanDates` module (data-standards §2.4).
pub const FIRST_YEAR_WITH_CIN_PLANS: i32 = 2022;
/// First census year using `Sex` (M/F/U) instead of `GenderCurrent`.
pub const FIRST_YEAR_WITH_SEX: i32 = 2025;

/// The child as the CIN census for `year` holds it, or `None` if the child is not in it.
///
/// `child` is a record as at the census reference date (what [`crate::generate`] yields for
/// that year). The census holds, per the DfE validation rules:
///
/// * episodes open at some point in the year (referral on or before 31 March, and not
///   closed before 1 April; rules 8600, 8620) — a child with none is not in the census
///   (8590);
/// * within them, assessments authorised in the year or still open (8696), S47 enquiries
///   that started or held their conference in the year (8715, 8740), CIN plans and CP
///   plans that were open at some point in the year (4013, 8930), and an episode-level
///   (transfer-in) conference only if it was held in the year;
/// * CIN plans only from 2022 (the module did not exist before);
/// * no contacts, early help, teams, workers, visits or "child seen" facts (the census
///   has none of them); the sex is what the year's code list can say: before 2025
///   `Unknown` becomes `NotRecorded` (GenderCurrent 0), from 2025 anything but male or
///   female becomes `Unknown` (Sex U).
pub fn census_view(child: &Child, year: i32) -> Option<Child> {
    let period = Period::census_year(year).ok()?;
    let (ps, pe) = (period.start(), period.end());
    let in_or_after_start = |d: Option<assure_casedata::NaiveDate>| d.is_some_and(|d| d >= ps);
    let mut episodes = Vec::new();
    for ep in &child.episodes {
        if ep.referral_date.is_some_and(|r| r > pe) {
            continue;
        }
        if ep.closure_date.is_some_and(|c| c < ps) {
            continue;
        }
        let assessments = ep
            .assessments
            .iter()
            .filter(|a| a.authorised.is_none_or(|d| d >= ps))
            .map(|a| Assessment {
                start: a.start,
                authorised: a.authorised,
                child_seen: None,
                child_seen_date: None,
                factors: a.factors.clone(),
                team: None,
                worker: None,
            })
            .collect();
        let cin_plans = if year >= FIRST_YEAR_WITH_CIN_PLANS {
            ep.cin_plans
                .iter()
                .filter(|p| p.end.is_none_or(|d| d >= ps))
                .map(|p| CinPlan {
                    start: p.start,
                    end: p.end,
                    team: None,
                    worker: None,
                })
                .collect()
        } else {
            Vec::new()
        };
        let s47s = ep
            .s47s
            .iter()
            .filter(|s| {
                let pending = s.icpc_date.is_none() && s.icpc_not_required != Some(true);
                in_or_after_start(s.start) || in_or_after_start(s.icpc_date) || pending
            })
            .map(|s| S47 {
                team: None,
                worker: None,
                ..s.clone()
            })
            .collect();
        let cp_plans = ep
            .cp_plans
            .iter()
            .filter(|p| p.end.is_none_or(|d| d >= ps))
            .map(|p| CpPlan {
                visit_dates: Vec::new(),
                team: None,
                worker: None,
                ..p.clone()
            })
            .collect();
        episodes.push(Episode {
            referral_date: ep.referral_date,
            referral_source: ep.referral_source.clone(),
            primary_need: ep.primary_need.clone(),
            closure_date: ep.closure_date,
            closure_reason: ep.closure_reason.clone(),
            referral_nfa: ep.referral_nfa,
            episode_icpc_date: ep.episode_icpc_date.filter(|d| *d >= ps),
            assessments,
            cin_plans,
            s47s,
            cp_plans,
            team: None,
            worker: None,
        });
    }
    if episodes.is_empty() {
        return None;
    }
    let sex = if year >= FIRST_YEAR_WITH_SEX {
        match child.sex {
            Sex::Male | Sex::Female => child.sex,
            _ => Sex::Unknown,
        }
    } else {
        match child.sex {
            Sex::Unknown => Sex::NotRecorded,
            s => s,
        }
    };
    Some(Child {
        la_child_id: child.la_child_id.clone(),
        birth_date: child.birth_date,
        expected_birth_date: child.expected_birth_date,
        sex,
        ethnicity: child.ethnicity.clone(),
        disabilities: child.disabilities.clone(),
        contacts: Vec::new(),
        early_help: Vec::new(),
        episodes,
        source_line: None,
    })
}
