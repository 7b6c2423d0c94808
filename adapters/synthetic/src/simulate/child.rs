//! One child: who they are, how they became known, and their referrals over time.

use assure_calendar::add_years;
use assure_casedata::{Child, ChildId, Contact, Sex};
use chrono::NaiveDate;

use super::dates::{days_between, plus};
use super::truth::Timeline;
use super::{Ctx, Quotas, Sim};
use crate::codes::{self, Unit};
use crate::rng::Rng;

/// Years of history simulated before the census year, so that long plans and
/// long-running episodes open at its start are in a steady state.
const LOOKBACK_DAYS: i64 = 5 * 365;
/// Attempts at a history that touches the census year before forcing one into it.
const ATTEMPTS: usize = 40;
/// Most referrals simulated for one child.
const MAX_REFERRALS: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    ContactOnly,
    EarlyHelpOnly,
    Referred,
}

/// Age at first contact in days, drawn by age band (CIN population shape).
fn age_days(rng: &mut Rng) -> i64 {
    let band = rng.pick(&[(0usize, 11.0), (1, 17.0), (2, 24.0), (3, 38.0), (4, 10.0)]);
    let (lo, hi) = match band {
        0 => (0, 364),
        1 => (365, 5 * 365),
        2 => (5 * 365 + 1, 10 * 365),
        3 => (10 * 365 + 1, 16 * 365),
        _ => (16 * 365 + 1, 17 * 365 + 180),
    };
    rng.range(lo, hi)
}

fn disabilities(rng: &mut Rng) -> Vec<String> {
    if !rng.chance(0.13) {
        return vec!["NONE".into()];
    }
    let n = rng.pick(&[(1usize, 70.0), (2, 22.0), (3, 8.0)]);
    let mut out: Vec<String> = Vec::with_capacity(n);
    while out.len() < n {
        let d = rng.pick(codes::DISABILITY);
        if !out.iter().any(|x| x == d) {
            out.push(d.into());
        }
    }
    out
}

/// Generate child number `index` (0-based).
pub(crate) fn generate_child(ctx: &Ctx, quotas: &mut Quotas, index: u64) -> Child {
    let mut rng = Rng::new(ctx.seed, index);
    let id = format!("{}{:07}", ctx.profile.id_prefix(), index + 1);
    let mut child = Child::new(ChildId::parse(&id).expect("generated IDs are valid"));
    let male = rng.chance(0.51);
    child.ethnicity = Some(rng.pick(codes::ETHNICITY).into());
    child.disabilities = disabilities(&mut rng);
    let p = ctx.params;
    let kind = match rng.f64() {
        x if x < p.contact_only => Kind::ContactOnly,
        x if x < p.contact_only + p.early_help_only => Kind::EarlyHelpOnly,
        _ => Kind::Referred,
    };
    let unborn = kind == Kind::Referred && rng.chance(p.unborn);
    let age = age_days(&mut rng);
    let (ps, pe) = (ctx.period.start(), ctx.period.end());

    let mut sim = Sim {
        ctx,
        rng,
        quotas,
        timeline: Timeline::default(),
        cpp_count: 0,
        expected_birth: None,
    };
    let birth = match kind {
        Kind::ContactOnly => {
            let n = sim.rng.pick(&[(1usize, 75.0), (2, 20.0), (3, 5.0)]);
            let mut dates: Vec<NaiveDate> = (0..n)
                .map(|_| plus(ps, sim.rng.range(0, days_between(ps, pe))))
                .collect();
            dates.sort();
            for d in dates {
                let source = sim.rng.pick(codes::referral_sources(ctx.year));
                sim.contact(d, source);
            }
            plus(sim.timeline.contacts[0].date.expect("dated"), -age)
        }
        Kind::EarlyHelpOnly => {
            // Started in the year, or earlier and still open at its start.
            let start = plus(ps, sim.rng.range(-300, days_between(ps, pe)));
            let end = if start < ps {
                plus(ps, sim.rng.range(0, 240))
            } else {
                plus(start, sim.rng.range(42, 300))
            };
            let reason = sim.rng.pick(codes::EH_END_REASON);
            sim.early_help_episode(start, Some((end, reason)));
            sim.timeline.cut_at(pe);
            plus(start, -age)
        }
        Kind::Referred => sim.referred_child(unborn, age),
    };

    // Sex and birth as recorded at the extract date.
    if birth > pe {
        child.expected_birth_date = Some(sim.expected_birth.unwrap_or(birth));
        child.sex = Sex::Unknown;
    } else {
        child.birth_date = Some(birth);
        child.sex = if male { Sex::Male } else { Sex::Female };
    }
    let Timeline {
        contacts,
        early_help,
        episodes,
    } = sim.timeline;
    child.contacts = contacts;
    child.early_help = early_help;
    child.episodes = episodes.into_iter().map(|t| t.ep).collect();
    child
}

impl Sim<'_> {
    pub(super) fn contact(&mut self, date: NaiveDate, source: &str) {
        let (team, worker) = self.staff(Unit::FrontDoor);
        self.timeline.contacts.push(Contact {
            date: Some(date),
            source: Some(source.into()),
            team: Some(team),
            worker: Some(worker),
        });
    }

    /// A referred child's history; returns the date of birth (actual, possibly after the
    /// extract date for an unborn child).
    fn referred_child(&mut self, unborn: bool, age: i64) -> NaiveDate {
        let ctx = self.ctx;
        let (ps, pe) = (ctx.period.start(), ctx.period.end());
        let year_days = days_between(ps, pe);
        for attempt in 0..ATTEMPTS {
            let saved = *self.quotas;
            self.timeline = Timeline::default();
            self.expected_birth = None;
            let entry = if attempt + 1 == ATTEMPTS {
                plus(ps, self.rng.range(0, year_days))
            } else {
                plus(ps, self.rng.range(-LOOKBACK_DAYS, year_days))
            };
            let birth = if unborn {
                // Referred before birth: up to 280 days before the expected date.
                let expected = plus(entry, self.rng.range(30, 266));
                self.expected_birth = Some(expected);
                plus(expected, self.rng.range(-14, 14)).min(plus(entry, 280))
            } else {
                plus(entry, -age)
            };
            self.cpp_count = u32::from(self.rng.chance(ctx.params.prior_cpp))
                * self.rng.pick(&[(1u32, 80.0), (2, 20.0)]);
            self.referrals(entry, birth, unborn);
            self.timeline.close_at(plus(add_years(birth, 18), -1));
            self.timeline.cut_at(pe);
            if self.timeline.has_episode_from(ps) {
                return birth;
            }
            *self.quotas = saved;
        }
        unreachable!("the last attempt starts in the census year")
    }

    fn referrals(&mut self, entry: NaiveDate, birth: NaiveDate, unborn: bool) {
        let ctx = self.ctx;
        let p = ctx.params;
        let pe = ctx.period.end();
        if !unborn && self.rng.chance(0.25) {
            // An earlier contact that did not lead to a referral.
            let d = plus(entry, -self.rng.range(10, 200));
            if d >= birth {
                let source = self.rng.pick(codes::referral_sources(ctx.year));
                self.contact(d, source);
            }
        }
        if !unborn && self.rng.chance(p.eh_before) {
            let end = plus(entry, -self.rng.range(0, 20));
            let start = plus(end, -self.rng.range(42, 280));
            if start >= birth {
                self.early_help_episode(start, Some((end, "Step-up to social care")));
            }
        }
        let mut r = entry;
        for _ in 0..MAX_REFERRALS {
            if r > pe {
                break;
            }
            let source = self.rng.pick(codes::referral_sources(ctx.year));
            let contact_date = plus(r, -self.rng.range(0, 2));
            self.contact(contact_date, source);
            let t = self.episode(r, source);
            let closure = t.ep.closure_date.expect("simulated episodes close");
            self.timeline.episodes.push(t);
            if !self.rng.chance(p.rereferral) {
                break;
            }
            let band = self.rng.pick(&[(0usize, 45.0), (1, 30.0), (2, 25.0)]);
            let gap = match band {
                0 => self.rng.range(1, 120),
                1 => self.rng.range(121, 365),
                _ => self.rng.range(366, 1400),
            };
            r = plus(closure, gap);
        }
    }
}
