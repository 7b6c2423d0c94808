//! The simulated "truth" of one child before it is recorded, and the two cuts applied to
//! it: the 18th birthday (cases close) and the extract date (what has not happened yet
//! is not recorded; what is under way stays open).

use assure_casedata::{Contact, EarlyHelpEpisode, Episode};
use chrono::NaiveDate;

/// An episode as simulated, with what the census model does not hold.
#[derive(Debug, Clone)]
pub(crate) struct EpTruth {
    pub ep: Episode,
    /// For each S47 (same order), the day it was concluded: the ICPC date, or the day
    /// the conference was judged unnecessary.
    pub s47_decided: Vec<NaiveDate>,
}

/// A child's simulated events.
#[derive(Debug, Clone, Default)]
pub(crate) struct Timeline {
    pub contacts: Vec<Contact>,
    pub early_help: Vec<EarlyHelpEpisode>,
    pub episodes: Vec<EpTruth>,
}

fn after(d: Option<NaiveDate>, limit: NaiveDate) -> bool {
    d.is_some_and(|d| d > limit)
}

impl Timeline {
    /// Close everything at `last_day` (the day before the 18th birthday): nothing starts
    /// after it, and whatever is open then ends on it.
    pub(crate) fn close_at(&mut self, last_day: NaiveDate) {
        self.contacts
            .retain(|c| c.date.is_some_and(|d| d <= last_day));
        self.early_help
            .retain(|e| e.start.is_some_and(|d| d < last_day));
        for e in &mut self.early_help {
            if after(e.end, last_day) {
                e.end = Some(last_day);
                e.end_reason = Some("Moved to adult services".into());
            }
        }
        self.episodes
            .retain(|t| t.ep.referral_date.is_some_and(|d| d < last_day));
        for t in &mut self.episodes {
            if !after(t.ep.closure_date, last_day) {
                continue;
            }
            let ep = &mut t.ep;
            ep.closure_date = Some(last_day);
            ep.closure_reason = Some("RC7".into());
            ep.assessments
                .retain(|a| a.start.is_some_and(|d| d < last_day));
            for a in &mut ep.assessments {
                if after(a.authorised, last_day) {
                    a.authorised = Some(last_day);
                }
                if after(a.child_seen_date, last_day) {
                    a.child_seen_date = None;
                    a.child_seen = Some(false);
                }
            }
            let mut i = 0;
            while i < ep.s47s.len() {
                if ep.s47s[i].start.is_some_and(|d| d >= last_day) {
                    ep.s47s.remove(i);
                    t.s47_decided.remove(i);
                    continue;
                }
                if t.s47_decided[i] > last_day {
                    ep.s47s[i].icpc_date = None;
                    ep.s47s[i].icpc_not_required = Some(true);
                    t.s47_decided[i] = last_day;
                }
                i += 1;
            }
            if ep.episode_icpc_date.is_some_and(|d| d >= last_day) {
                ep.episode_icpc_date = None;
            }
            ep.cin_plans
                .retain(|p| p.start.is_some_and(|d| d < last_day));
            for p in &mut ep.cin_plans {
                if after(p.end, last_day) {
                    p.end = Some(last_day);
                }
            }
            ep.cp_plans
                .retain(|p| p.start.is_some_and(|d| d < last_day));
            for p in &mut ep.cp_plans {
                if after(p.end, last_day) {
                    p.end = Some(last_day);
                }
                p.review_dates.retain(|d| *d <= last_day);
                p.visit_dates.retain(|d| *d <= last_day);
            }
        }
    }

    /// Record the timeline as at `extract`: events after it are dropped, and anything
    /// that ends after it is still open (an S47 whose conference or decision comes later
    /// is pending: no ICPC date, `ICPCnotRequired` false).
    pub(crate) fn cut_at(&mut self, extract: NaiveDate) {
        self.contacts
            .retain(|c| c.date.is_some_and(|d| d <= extract));
        self.early_help
            .retain(|e| e.start.is_some_and(|d| d <= extract));
        for e in &mut self.early_help {
            if after(e.end, extract) {
                e.end = None;
                e.end_reason = None;
            }
        }
        self.episodes
            .retain(|t| t.ep.referral_date.is_some_and(|d| d <= extract));
        for t in &mut self.episodes {
            let ep = &mut t.ep;
            if after(ep.closure_date, extract) {
                ep.closure_date = None;
                ep.closure_reason = None;
            }
            ep.assessments
                .retain(|a| a.start.is_some_and(|d| d <= extract));
            for a in &mut ep.assessments {
                if after(a.authorised, extract) {
                    a.authorised = None;
                    a.factors.clear();
                }
                if after(a.child_seen_date, extract) {
                    a.child_seen_date = None;
                    a.child_seen = Some(false);
                }
            }
            let mut i = 0;
            while i < ep.s47s.len() {
                if ep.s47s[i].start.is_some_and(|d| d > extract) {
                    ep.s47s.remove(i);
                    t.s47_decided.remove(i);
                    continue;
                }
                if t.s47_decided[i] > extract {
                    ep.s47s[i].icpc_date = None;
                    ep.s47s[i].icpc_not_required = Some(false);
                }
                i += 1;
            }
            if after(ep.episode_icpc_date, extract) {
                ep.episode_icpc_date = None;
            }
            ep.cin_plans
                .retain(|p| p.start.is_some_and(|d| d <= extract));
            for p in &mut ep.cin_plans {
                if after(p.end, extract) {
                    p.end = None;
                }
            }
            ep.cp_plans
                .retain(|p| p.start.is_some_and(|d| d <= extract));
            for p in &mut ep.cp_plans {
                if after(p.end, extract) {
                    p.end = None;
                }
                p.review_dates.retain(|d| *d <= extract);
                p.visit_dates.retain(|d| *d <= extract);
            }
        }
    }

    /// Whether any episode is open at some point from `start` on (the census year).
    pub(crate) fn has_episode_from(&self, start: NaiveDate) -> bool {
        self.episodes
            .iter()
            .any(|t| t.ep.closure_date.is_none_or(|c| c >= start))
    }
}
