//! One referral and the episode of need that follows it: the pathway model.
//!
//! referral → NFA (closed the same day)
//! referral → assessment → closed not in need (RC8, or RC9 with early help after)
//!                       → services / CIN plan (which may escalate to a S47)
//!                       → long-running episode (e.g. looked after; no plan modelled)
//!                       → S47 → ICPC → CP plan (reviews, visits) → step-down CIN plan
//!                             → no ICPC / no plan → CIN plan or services
//! A transfer-in conference (episode-level ICPC, no S47) starts a CP plan directly.

use assure_calendar::add_months;
use assure_casedata::{Assessment, CinPlan, CpPlan, EarlyHelpEpisode, Episode, S47};
use chrono::NaiveDate;

use super::dates::{on_or_next_wd, plus, wd};
use super::truth::EpTruth;
use super::Sim;
use crate::codes::{self, Unit};

/// Assessment duration in working days, as a piecewise-linear CDF (floored): 2% same
/// day, quartiles 17 / 33 / 43, 85.7% within 45, 4.2% over 60 (C2, 2025).
const ASSESSMENT_WD: &[(f64, f64)] = &[
    (0.0, 0.0),
    (1.0, 0.02),
    (11.0, 0.12),
    (18.0, 0.25),
    (33.5, 0.50),
    (44.0, 0.75),
    (46.0, 0.857),
    (61.0, 0.958),
    (101.0, 1.0),
];

/// Strategy discussion to ICPC in working days: 81.4% within 15, median about 14 (C4).
const ICPC_WD: &[(f64, f64)] = &[
    (4.0, 0.0),
    (11.0, 0.16),
    (16.0, 0.814),
    (21.0, 0.94),
    (36.0, 1.0),
];

/// CP plan length in days: (weight, shortest, longest). 16% ≤ 3 months and 4.4% ≥ 2
/// years of ended plans (D7), mean ≈ 0.8 years so that plans open at 31 March ≈ 0.8 ×
/// plans started (D1: 40.6 ÷ 50.8 per 10,000).
const CPP_DAYS: &[(f64, i64, i64)] = &[
    (0.145, 21, 90),
    (0.24, 92, 182),
    (0.33, 183, 364),
    (0.225, 365, 729),
    (0.06, 731, 1000),
];

/// How an S47 ended.
enum S47Outcome {
    Plan { start: NaiveDate, end: NaiveDate },
    ConferenceNoPlan(NaiveDate),
    NoConference(NaiveDate),
}

impl Sim<'_> {
    fn in_year(&self, d: NaiveDate) -> bool {
        self.ctx.period.contains(d)
    }

    /// Simulate the episode started by a referral on `r`.
    pub(super) fn episode(&mut self, r: NaiveDate, source: &'static str) -> EpTruth {
        let p = self.ctx.params;
        let mut t = EpTruth {
            ep: Episode {
                referral_date: Some(r),
                referral_source: Some(source.into()),
                ..Episode::default()
            },
            s47_decided: Vec::new(),
        };
        let nfa = if self.in_year(r) {
            self.quotas.nfa.decide(&mut self.rng, p.nfa)
        } else {
            self.rng.chance(p.nfa)
        };
        if nfa {
            let (team, worker) = self.staff(Unit::FrontDoor);
            t.ep.referral_nfa = Some(true);
            t.ep.closure_date = Some(r);
            t.ep.closure_reason = Some("RC7".into());
            t.ep.team = Some(team);
            t.ep.worker = Some(worker);
            return t;
        }
        t.ep.referral_nfa = Some(false);
        let (team, worker) = self.staff(Unit::Assessment);
        t.ep.team = Some(team);
        t.ep.worker = Some(worker);

        let transfer_in = if self.in_year(r) {
            self.quotas.transfer_in.decide(&mut self.rng, p.transfer_in)
        } else {
            self.rng.chance(p.transfer_in)
        };
        if transfer_in {
            return self.transfer_in(t, r);
        }

        let risk = if self.cpp_count > 0 {
            p.repeat_risk
        } else {
            1.0
        };
        let p_s47 = (p.s47 * risk).min(0.95);
        let s47 = if self.in_year(r) {
            self.quotas.s47.decide(&mut self.rng, p_s47)
        } else {
            self.rng.chance(p_s47)
        };
        let need_table = if s47 {
            codes::PRIMARY_NEED_CP
        } else {
            codes::PRIMARY_NEED
        };
        t.ep.primary_need = Some(self.rng.pick(need_table).into());

        // Assessment: starts within a few working days of the referral.
        let delay = self.rng.pick(&[
            (0u32, 45.0),
            (1, 25.0),
            (2, 12.0),
            (3, 8.0),
            (5, 6.0),
            (8, 4.0),
        ]);
        let a_start = wd(r, delay);
        let a_days = self.rng.piecewise(ASSESSMENT_WD).max(0) as u32;
        let a_auth = wd(a_start, a_days);
        let mut cursor = a_auth;
        let not_in_need = !s47 && self.rng.chance(p.not_in_need);
        let factors = self.factors(not_in_need);
        let assessment = self.assessment(a_start, a_auth, a_days, factors);
        t.ep.assessments.push(assessment);

        if s47 {
            let lag = self
                .rng
                .pick(&[(0u32, 50.0), (1, 20.0), (2, 12.0), (3, 10.0), (5, 8.0)]);
            let s_start = wd(a_start, lag);
            match self.s47(&mut t, s_start) {
                S47Outcome::Plan { end, .. } => {
                    cursor = cursor.max(end);
                    if self.rng.chance(p.step_down) {
                        cursor = cursor.max(self.cin_plan(&mut t, end, false));
                    }
                }
                S47Outcome::ConferenceNoPlan(icpc) => {
                    cursor = cursor.max(icpc);
                    if self.rng.chance(0.7) {
                        cursor = cursor.max(self.cin_plan(&mut t, icpc.max(a_auth), false));
                    }
                }
                S47Outcome::NoConference(decided) => {
                    cursor = cursor.max(decided);
                    if self.rng.chance(0.5) {
                        let from = plus(decided.max(a_auth), self.rng.range(0, 7));
                        cursor = cursor.max(self.cin_plan(&mut t, from, false));
                    }
                }
            }
            return self.close(t, cursor, codes::CLOSURE_AFTER_SERVICES);
        }

        if not_in_need {
            let rc9 = self.ctx.year >= 2023 && self.rng.chance(p.rc9_share);
            let closure = plus(a_auth, self.rng.range(0, 3));
            t.ep.closure_date = Some(closure);
            t.ep.closure_reason = Some(if rc9 { "RC9" } else { "RC8" }.into());
            if rc9 {
                let start = plus(closure, self.rng.range(1, 14));
                self.early_help_episode(start, None);
            }
            return t;
        }
        if self.rng.chance(p.long_running) {
            // E.g. the child becomes looked after: the episode stays open for years.
            let closure = plus(a_auth, self.rng.range(365, 1825));
            t.ep.closure_date = Some(closure);
            t.ep.closure_reason = Some(self.rng.pick(codes::CLOSURE_LONG_RUNNING).into());
            return t;
        }
        if self.rng.chance(p.cin_plan) {
            let from = plus(a_auth, self.rng.range(0, 10));
            cursor = cursor.max(self.cin_plan(&mut t, from, true));
        } else {
            cursor = plus(cursor, self.rng.range(20, 150));
        }
        self.close(t, cursor, codes::CLOSURE_AFTER_SERVICES)
    }

    fn close(
        &mut self,
        mut t: EpTruth,
        last_activity: NaiveDate,
        reasons: &[(&'static str, f64)],
    ) -> EpTruth {
        let closure = plus(last_activity, self.rng.range(0, 20));
        t.ep.closure_date = Some(closure);
        t.ep.closure_reason = Some(self.rng.pick(reasons).into());
        t
    }

    fn factors(&mut self, not_in_need: bool) -> Vec<String> {
        if not_in_need && self.rng.chance(0.4) {
            return vec!["21".into()];
        }
        let n = self
            .rng
            .pick(&[(1usize, 40.0), (2, 35.0), (3, 17.0), (4, 8.0)]);
        let table = codes::factors(self.ctx.year);
        let mut out: Vec<String> = Vec::with_capacity(n);
        while out.len() < n {
            let f = self.rng.pick(table);
            if !out.iter().any(|x| x == f) {
                out.push(f.into());
            }
        }
        out
    }

    fn assessment(
        &mut self,
        start: NaiveDate,
        authorised: NaiveDate,
        days: u32,
        factors: Vec<String>,
    ) -> Assessment {
        let (team, worker) = self.staff(Unit::Assessment);
        let seen = self.rng.chance(0.96);
        let seen_date = seen.then(|| wd(start, self.rng.range(0, i64::from(days.min(5))) as u32));
        Assessment {
            start: Some(start),
            authorised: Some(authorised),
            child_seen: Some(seen),
            child_seen_date: seen_date,
            factors,
            team: Some(team),
            worker: Some(worker),
        }
    }

    /// A S47 starting (strategy discussion) on `s_start`.
    fn s47(&mut self, t: &mut EpTruth, s_start: NaiveDate) -> S47Outcome {
        let p = self.ctx.params;
        let (team, worker) = self.staff(Unit::ChildProtection);
        let mut s = S47 {
            start: Some(s_start),
            icpc_target: Some(wd(s_start, 15)),
            icpc_date: None,
            icpc_not_required: Some(false),
            team: Some(team),
            worker: Some(worker),
        };
        // The conference date it would have, so that the funnel quota applies to
        // conferences held in the census year (what the published counts count).
        let days = self.rng.piecewise(ICPC_WD).max(1) as u32;
        let icpc = wd(s_start, days);
        let conference = if self.in_year(icpc) {
            self.quotas.icpc.decide(&mut self.rng, p.icpc)
        } else {
            self.rng.chance(p.icpc)
        };
        if !conference {
            let decided = wd(s_start, self.rng.range(3, 20) as u32);
            s.icpc_not_required = Some(true);
            t.ep.s47s.push(s);
            t.s47_decided.push(decided);
            return S47Outcome::NoConference(decided);
        }
        s.icpc_date = Some(icpc);
        t.ep.s47s.push(s);
        t.s47_decided.push(icpc);
        let plan = if self.in_year(icpc) {
            self.quotas.cpp.decide(&mut self.rng, p.cpp)
        } else {
            self.rng.chance(p.cpp)
        };
        if plan {
            let end = self.cp_plan(t, icpc);
            S47Outcome::Plan { start: icpc, end }
        } else {
            S47Outcome::ConferenceNoPlan(icpc)
        }
    }

    /// A transfer-in conference: ICPC at episode level, CP plan from that day.
    fn transfer_in(&mut self, mut t: EpTruth, r: NaiveDate) -> EpTruth {
        t.ep.referral_source = Some("5C".into());
        t.ep.primary_need = Some("N1".into());
        let icpc = on_or_next_wd(wd(r, self.rng.range(3, 15) as u32));
        t.ep.episode_icpc_date = Some(icpc);
        let mut cursor = self.cp_plan(&mut t, icpc);
        if self.rng.chance(self.ctx.params.step_down) {
            cursor = cursor.max(self.cin_plan(&mut t, cursor, false));
        }
        self.close(t, cursor, codes::CLOSURE_AFTER_SERVICES)
    }

    /// A CP plan from `start`; returns its end.
    fn cp_plan(&mut self, t: &mut EpTruth, start: NaiveDate) -> NaiveDate {
        let p = self.ctx.params;
        let band = self
            .rng
            .weighted(&CPP_DAYS.iter().map(|b| b.0).collect::<Vec<_>>());
        let (_, lo, hi) = CPP_DAYS[band];
        let end = plus(start, self.rng.range(lo, hi));
        let initial = self.rng.pick(codes::CATEGORY);
        let latest = if self.rng.chance(0.88) {
            initial
        } else {
            self.rng.pick(codes::CATEGORY)
        };
        let previous = self.cpp_count;
        self.cpp_count += 1;

        // Reviews: first within 3 months of the start, then at most 6 months apart.
        let mut reviews = Vec::new();
        let mut prev = start;
        let extract = self.ctx.period.end();
        loop {
            let first = reviews.is_empty();
            let limit = add_months(prev, if first { 3 } else { 6 });
            let earliest = plus(prev, if first { 56 } else { 120 });
            let date = if self.rng.chance(p.late_review) {
                plus(limit, self.rng.range(1, 30))
            } else {
                plus(earliest, self.rng.range(0, (limit - earliest).num_days()))
            };
            if date >= end || date > extract {
                break;
            }
            reviews.push(date);
            prev = date;
        }
        if end <= extract && self.rng.chance(0.5) {
            // The review conference that ended the plan.
            reviews.push(end);
        }
        // Statutory visits, usually every 5–10 working days.
        let mut visits = Vec::new();
        let mut v = wd(start, self.rng.range(1, 5) as u32);
        while v < end && v <= extract {
            visits.push(v);
            let gap = if self.rng.chance(0.08) {
                self.rng.range(11, 20)
            } else {
                self.rng.range(5, 10)
            };
            v = wd(v, gap as u32);
        }
        let (team, worker) = self.staff(Unit::ChildProtection);
        t.ep.cp_plans.push(CpPlan {
            start: Some(start),
            end: Some(end),
            initial_category: Some(initial.into()),
            latest_category: Some(latest.into()),
            previous_plans: Some(previous),
            review_dates: reviews,
            visit_dates: visits,
            team: Some(team),
            worker: Some(worker),
        });
        end
    }

    /// A CIN plan from `start` (optionally allowed to escalate to a S47); returns the
    /// last activity date it leads to.
    fn cin_plan(&mut self, t: &mut EpTruth, start: NaiveDate, may_escalate: bool) -> NaiveDate {
        let days = self
            .rng
            .pick(&[(0usize, 20.0), (1, 40.0), (2, 30.0), (3, 10.0)]);
        let length = match days {
            0 => self.rng.range(30, 90),
            1 => self.rng.range(91, 240),
            2 => self.rng.range(241, 450),
            _ => self.rng.range(451, 800),
        };
        let planned_end = plus(start, length);
        let (team, worker) = self.staff(Unit::ChildInNeed);
        let index = t.ep.cin_plans.len();
        t.ep.cin_plans.push(CinPlan {
            start: Some(start),
            end: Some(planned_end),
            team: Some(team),
            worker: Some(worker),
        });
        let mut last = planned_end;
        if may_escalate && length > 60 && self.rng.chance(self.ctx.params.escalate) {
            let at = plus(start, self.rng.range(21, length - 30));
            let s_start = on_or_next_wd(at);
            match self.s47(t, s_start) {
                S47Outcome::Plan {
                    start: cp_start,
                    end,
                } => {
                    // The CIN plan gives way to the CP plan on the conference day.
                    t.ep.cin_plans[index].end = Some(cp_start);
                    last = end;
                    if self.rng.chance(self.ctx.params.step_down) {
                        last = last.max(self.cin_plan(t, end, false));
                    }
                }
                S47Outcome::ConferenceNoPlan(d) | S47Outcome::NoConference(d) => {
                    last = last.max(d);
                }
            }
        }
        last
    }

    /// An early help episode from `start`; `end_reason` overrides the drawn one.
    pub(super) fn early_help_episode(
        &mut self,
        start: NaiveDate,
        end: Option<(NaiveDate, &'static str)>,
    ) {
        let (end, reason) = match end {
            Some((e, r)) => (e, r),
            None => (
                plus(start, self.rng.range(42, 300)),
                self.rng.pick(codes::EH_END_REASON),
            ),
        };
        let (team, worker) = self.staff(Unit::EarlyHelp);
        self.timeline.early_help.push(EarlyHelpEpisode {
            start: Some(start),
            end: Some(end),
            reason: Some(self.rng.pick(codes::EH_REASON).into()),
            end_reason: Some(reason.into()),
            organisation: Some(self.rng.pick(codes::EH_ORGANISATION).into()),
            team: Some(team),
            worker: Some(worker),
        });
    }
}
