//! Planted rule violations (`inject_errors`).
//!
//! With [`crate::GeneratorConfig::inject_errors`] set, one child in every hundred (index
//! 50, 150, 250 …) queues the next error of the cycle below, and the first child from
//! there on whose census record can carry it gets it. Each planted child gets exactly one
//! error, chosen so that it is visible in the CIN census for the generated year and trips
//! one DfE error rule (data-standards §5.4). The log of who got what is
//! [`crate::Generator::injected`].

use std::fmt;

use assure_calendar::Period;
use assure_casedata::{Assessment, Child, NaiveDate};
use chrono::{Datelike, Days, Weekday};

/// A planted violation and the DfE rule it breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InjectedError {
    /// 8630: an NFA referral closed the day before it was received.
    ClosureBeforeReferral,
    /// 2885: a CP plan that starts the day after its ICPC.
    PlanNotOnIcpcDate,
    /// 8875: an ICPC (and the plan starting on it) moved to the following Saturday.
    IcpcOnWeekend,
    /// 8790: disability `NONE` recorded alongside another code.
    NoneWithOtherDisability,
    /// 8610: primary need left blank on a referral that led to further action.
    MissingPrimaryNeed,
    /// 8866: referral source `11`, which is not on the code list.
    InvalidReferralSource,
    /// 2884: an ICPC recorded both on the S47 and at episode level.
    IcpcAtBothLevels,
    /// 8831: a same-day assessment recorded on an NFA referral.
    ActivityOnNfaReferral,
    /// 8840: a CP plan that starts and ends on the same day.
    PlanEndsOnStartDay,
}

impl InjectedError {
    /// Every planted error, in the order they are cycled through.
    pub const ALL: [InjectedError; 9] = [
        InjectedError::ClosureBeforeReferral,
        InjectedError::PlanNotOnIcpcDate,
        InjectedError::IcpcOnWeekend,
        InjectedError::NoneWithOtherDisability,
        InjectedError::MissingPrimaryNeed,
        InjectedError::InvalidReferralSource,
        InjectedError::IcpcAtBothLevels,
        InjectedError::ActivityOnNfaReferral,
        InjectedError::PlanEndsOnStartDay,
    ];

    /// The DfE CIN validation rule the error breaks.
    pub fn rule(self) -> &'static str {
        match self {
            InjectedError::ClosureBeforeReferral => "8630",
            InjectedError::PlanNotOnIcpcDate => "2885",
            InjectedError::IcpcOnWeekend => "8875",
            InjectedError::NoneWithOtherDisability => "8790",
            InjectedError::MissingPrimaryNeed => "8610",
            InjectedError::InvalidReferralSource => "8866",
            InjectedError::IcpcAtBothLevels => "2884",
            InjectedError::ActivityOnNfaReferral => "8831",
            InjectedError::PlanEndsOnStartDay => "8840",
        }
    }

    /// What was changed.
    pub fn description(self) -> &'static str {
        match self {
            InjectedError::ClosureBeforeReferral => {
                "an NFA referral closed the day before it was received"
            }
            InjectedError::PlanNotOnIcpcDate => "a CP plan starts the day after its ICPC",
            InjectedError::IcpcOnWeekend => {
                "an ICPC, and the CP plan starting on it, moved to the following Saturday"
            }
            InjectedError::NoneWithOtherDisability => "disability NONE recorded with MOB",
            InjectedError::MissingPrimaryNeed => {
                "primary need blank on a referral that led to further action"
            }
            InjectedError::InvalidReferralSource => "referral source 11 (not a valid code)",
            InjectedError::IcpcAtBothLevels => "the S47's ICPC date also recorded at episode level",
            InjectedError::ActivityOnNfaReferral => {
                "a same-day assessment recorded on an NFA referral"
            }
            InjectedError::PlanEndsOnStartDay => "a CP plan ends on the day it starts",
        }
    }
}

impl fmt::Display for InjectedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.rule(), self.description())
    }
}

/// How often a new error is queued: one child in `INJECTION_INTERVAL`.
pub const INJECTION_INTERVAL: u64 = 100;

pub(crate) struct Injector {
    period: Period,
    next_kind: usize,
    pending: Vec<InjectedError>,
    log: Vec<(String, InjectedError)>,
}

impl Injector {
    pub(crate) fn new(period: Period) -> Injector {
        Injector {
            period,
            next_kind: 0,
            pending: Vec::new(),
            log: Vec::new(),
        }
    }

    pub(crate) fn log(&self) -> &[(String, InjectedError)] {
        &self.log
    }

    pub(crate) fn visit(&mut self, child: &mut Child, index: u64) {
        if index % INJECTION_INTERVAL == INJECTION_INTERVAL / 2 {
            self.pending.push(InjectedError::ALL[self.next_kind]);
            self.next_kind = (self.next_kind + 1) % InjectedError::ALL.len();
        }
        for i in 0..self.pending.len() {
            let kind = self.pending[i];
            if apply(kind, child, self.period) {
                self.pending.remove(i);
                self.log.push((child.la_child_id.as_str().to_owned(), kind));
                return;
            }
        }
    }
}

/// Next Saturday strictly after a weekday.
fn next_saturday(d: NaiveDate) -> NaiveDate {
    let ahead = match d.weekday() {
        Weekday::Sat => 7,
        w => 5 - w.num_days_from_monday(),
    };
    d + Days::new(u64::from(ahead))
}

/// Plant `kind` in `child` if its census record can carry it.
fn apply(kind: InjectedError, child: &mut Child, period: Period) -> bool {
    let (ps, pe) = (period.start(), period.end());
    let in_year = |d: Option<NaiveDate>| d.is_some_and(|d| period.contains(d));
    // Only episodes that the census for this year will hold.
    let visible = |ep: &assure_casedata::Episode| {
        ep.referral_date.is_some_and(|r| r <= pe) && ep.closure_date.is_none_or(|c| c >= ps)
    };
    let is_nfa = |ep: &assure_casedata::Episode| ep.referral_nfa == Some(true);
    match kind {
        InjectedError::ClosureBeforeReferral | InjectedError::ActivityOnNfaReferral => {
            let Some(ep) = child
                .episodes
                .iter_mut()
                .find(|ep| is_nfa(ep) && ep.referral_date.is_some_and(|r| r > ps && r <= pe))
            else {
                return false;
            };
            let r = ep.referral_date.expect("checked");
            if kind == InjectedError::ClosureBeforeReferral {
                ep.closure_date = r.pred_opt();
            } else {
                ep.assessments.push(Assessment {
                    start: Some(r),
                    authorised: Some(r),
                    child_seen: Some(true),
                    child_seen_date: Some(r),
                    factors: vec!["21".into()],
                    team: ep.team.clone(),
                    worker: ep.worker.clone(),
                });
            }
            true
        }
        InjectedError::NoneWithOtherDisability => {
            if !child.episodes.iter().any(visible) {
                return false;
            }
            child.disabilities = vec!["NONE".into(), "MOB".into()];
            true
        }
        InjectedError::MissingPrimaryNeed | InjectedError::InvalidReferralSource => {
            let Some(ep) = child
                .episodes
                .iter_mut()
                .find(|ep| visible(ep) && !is_nfa(ep) && ep.primary_need.is_some())
            else {
                return false;
            };
            if kind == InjectedError::MissingPrimaryNeed {
                ep.primary_need = None;
            } else {
                ep.referral_source = Some("11".into());
            }
            true
        }
        InjectedError::IcpcAtBothLevels => {
            for ep in child.episodes.iter_mut().filter(|ep| visible(ep)) {
                if ep.episode_icpc_date.is_some() {
                    continue;
                }
                if let Some(d) = ep
                    .s47s
                    .iter()
                    .find_map(|s| s.icpc_date.filter(|d| *d >= ps))
                {
                    ep.episode_icpc_date = Some(d);
                    return true;
                }
            }
            false
        }
        InjectedError::PlanNotOnIcpcDate | InjectedError::PlanEndsOnStartDay => {
            for ep in child.episodes.iter_mut().filter(|ep| visible(ep)) {
                let from_s47: Vec<NaiveDate> = ep.s47s.iter().filter_map(|s| s.icpc_date).collect();
                for plan in &mut ep.cp_plans {
                    let Some(start) = plan.start.filter(|s| in_year(Some(*s)) && *s < pe) else {
                        continue;
                    };
                    if !from_s47.contains(&start) {
                        continue;
                    }
                    let next = start + Days::new(1);
                    if kind == InjectedError::PlanNotOnIcpcDate {
                        let room = plan.end.is_none_or(|e| e > next)
                            && plan.review_dates.first().is_none_or(|r| *r > next);
                        if room {
                            plan.start = Some(next);
                            plan.visit_dates.retain(|v| *v >= next);
                            return true;
                        }
                    } else if plan.end.is_some() {
                        plan.end = Some(start);
                        plan.review_dates.clear();
                        plan.visit_dates.retain(|v| *v <= start);
                        return true;
                    }
                }
            }
            false
        }
        InjectedError::IcpcOnWeekend => {
            for ep in child.episodes.iter_mut().filter(|ep| visible(ep)) {
                let closure = ep.closure_date;
                for si in 0..ep.s47s.len() {
                    let Some(icpc) = ep.s47s[si].icpc_date.filter(|d| in_year(Some(*d))) else {
                        continue;
                    };
                    let sat = next_saturday(icpc);
                    if sat > pe || closure.is_some_and(|c| c < sat) {
                        continue;
                    }
                    let plan = ep.cp_plans.iter().position(|p| p.start == Some(icpc));
                    if let Some(pi) = plan {
                        let p = &ep.cp_plans[pi];
                        let room = p.end.is_none_or(|e| e > sat)
                            && p.review_dates.first().is_none_or(|r| *r > sat);
                        if !room {
                            continue;
                        }
                        let p = &mut ep.cp_plans[pi];
                        p.start = Some(sat);
                        p.visit_dates.retain(|v| *v >= sat);
                    }
                    ep.s47s[si].icpc_date = Some(sat);
                    return true;
                }
            }
            false
        }
    }
}
