//! Funnel statistics of generated children for one census year, to compare a profile
//! with the figures it aims at (data-standards §3 definitions, §4 figures).

use std::fmt::Write as _;

use assure_calendar::{add_months, add_years, working_days, Period};
use assure_casedata::{Child, NaiveDate};

use crate::profile::Targets;

/// Counts over children recorded as at the census reference date (see
/// [`FunnelStats::add`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunnelStats {
    /// Census year.
    pub year: i32,
    /// Children seen.
    pub children: u64,
    /// Contacts dated in the year.
    pub contacts: u64,
    /// Referrals (episodes) with a referral date in the year.
    pub referrals: u64,
    /// Of those, referrals within 12 months of the child's previous referral (I-3).
    pub rereferrals: u64,
    /// Of those, NFA referrals.
    pub nfa: u64,
    /// Of those, referrals whose episode closed RC8/RC9 (assessed not in need).
    pub not_in_need: u64,
    /// Assessments authorised in the year.
    pub assessments: u64,
    /// Of those, within 45 working days of the start (I-5).
    pub assessments_45wd: u64,
    /// Histogram of assessment durations in working days (last bucket = 120+).
    pub assessment_wd: Vec<u64>,
    /// S47 enquiries starting in the year.
    pub s47: u64,
    /// ICPCs held in the year (S47 and episode level).
    pub icpcs: u64,
    /// ICPCs in the year that followed a S47 in this LA.
    pub icpcs_with_s47: u64,
    /// Of those, within 15 working days of the strategy discussion (I-8).
    pub icpcs_15wd: u64,
    /// CP plans starting in the year.
    pub cpp_starts: u64,
    /// Of those, with `NumberOfPreviousCPP > 0` (I-12).
    pub cpp_subsequent: u64,
    /// CP plans ending in the year.
    pub cpp_ended: u64,
    /// Of those, lasting two years or more.
    pub cpp_ended_2y: u64,
    /// Of those, lasting three months or less.
    pub cpp_ended_3m: u64,
    /// CP plans open at 31 March.
    pub cpp_open: u64,
    /// Of those, open for two years or more.
    pub cpp_open_2y: u64,
    /// Plans open at 31 March that had lasted at least 3 months (I-13 denominator).
    pub cpp_review_due: u64,
    /// Of those, with every review on time (first within 3 months, then 6-monthly).
    pub cpp_reviews_on_time: u64,
    /// Children with an open episode at 31 March (children in need).
    pub cin_at_end: u64,
    /// Children with an open CIN plan at 31 March.
    pub cin_plans_at_end: u64,
    /// Episodes open at 31 March that started before the year (cases open at its start).
    pub open_at_start: u64,
}

impl FunnelStats {
    /// Empty statistics for census year `year`.
    pub fn new(year: i32) -> FunnelStats {
        FunnelStats {
            year,
            assessment_wd: vec![0; 121],
            ..FunnelStats::default()
        }
    }

    /// Statistics over a stream of children.
    pub fn of<I: IntoIterator<Item = Child>>(children: I, year: i32) -> FunnelStats {
        let mut s = FunnelStats::new(year);
        for c in children {
            s.add(&c);
        }
        s
    }

    /// Add one child (a full record as at the census reference date, as generated).
    pub fn add(&mut self, child: &Child) {
        let period = Period::census_year(self.year).expect("valid year");
        let (ps, pe) = (period.start(), period.end());
        let inside = |d: Option<NaiveDate>| d.is_some_and(|d| period.contains(d));
        self.children += 1;
        self.contacts += child.contacts.iter().filter(|c| inside(c.date)).count() as u64;
        let referral_dates: Vec<NaiveDate> = child
            .episodes
            .iter()
            .filter_map(|e| e.referral_date)
            .collect();
        let mut open_cin_plan = false;
        let mut open_episode = false;
        for ep in &child.episodes {
            if let Some(r) = ep.referral_date.filter(|r| period.contains(*r)) {
                self.referrals += 1;
                let since = add_months(r, -12);
                if referral_dates.iter().any(|d| *d < r && *d >= since) {
                    self.rereferrals += 1;
                }
                self.nfa += u64::from(ep.referral_nfa == Some(true));
                self.not_in_need +=
                    u64::from(matches!(ep.closure_reason.as_deref(), Some("RC8" | "RC9")));
            }
            if ep.closure_date.is_none() {
                open_episode = true;
                if ep.referral_date.is_some_and(|r| r < ps) {
                    self.open_at_start += 1;
                }
            }
            for a in &ep.assessments {
                if let (Some(s), Some(e)) = (a.start, a.authorised) {
                    if period.contains(e) {
                        let d = working_days(s, e).unwrap_or(0).max(0) as usize;
                        self.assessments += 1;
                        self.assessments_45wd += u64::from(d <= 45);
                        self.assessment_wd[d.min(120)] += 1;
                    }
                }
            }
            for s in &ep.s47s {
                self.s47 += u64::from(inside(s.start));
                if let (Some(st), Some(icpc)) = (s.start, s.icpc_date) {
                    if period.contains(icpc) {
                        self.icpcs += 1;
                        self.icpcs_with_s47 += 1;
                        self.icpcs_15wd += u64::from(working_days(st, icpc).unwrap_or(99) <= 15);
                    }
                }
            }
            self.icpcs += u64::from(inside(ep.episode_icpc_date));
            for p in &ep.cp_plans {
                let Some(start) = p.start else { continue };
                if period.contains(start) {
                    self.cpp_starts += 1;
                    self.cpp_subsequent += u64::from(p.previous_plans.unwrap_or(0) > 0);
                }
                match p.end {
                    Some(end) if period.contains(end) => {
                        self.cpp_ended += 1;
                        self.cpp_ended_2y += u64::from(end >= add_years(start, 2));
                        self.cpp_ended_3m += u64::from(end <= add_months(start, 3));
                    }
                    None => {
                        self.cpp_open += 1;
                        self.cpp_open_2y += u64::from(start <= add_years(pe, -2));
                        if start <= add_months(pe, -3) {
                            self.cpp_review_due += 1;
                            self.cpp_reviews_on_time +=
                                u64::from(reviews_on_time(start, &p.review_dates, pe));
                        }
                    }
                    _ => {}
                }
            }
            open_cin_plan |= ep.cin_plans.iter().any(|p| p.end.is_none());
        }
        self.cin_at_end += u64::from(open_episode);
        self.cin_plans_at_end += u64::from(open_cin_plan);
    }

    fn pct(num: u64, den: u64) -> f64 {
        if den == 0 {
            0.0
        } else {
            num as f64 * 100.0 / den as f64
        }
    }

    /// Re-referrals within 12 months, % of referrals.
    pub fn rereferral_pct(&self) -> f64 {
        Self::pct(self.rereferrals, self.referrals)
    }
    /// NFA referrals, %.
    pub fn nfa_pct(&self) -> f64 {
        Self::pct(self.nfa, self.referrals)
    }
    /// Referrals closed RC8/RC9, %.
    pub fn not_in_need_pct(&self) -> f64 {
        Self::pct(self.not_in_need, self.referrals)
    }
    /// S47 enquiries per referral.
    pub fn s47_per_referral(&self) -> f64 {
        Self::pct(self.s47, self.referrals) / 100.0
    }
    /// ICPCs ÷ S47s, %.
    pub fn icpc_per_s47_pct(&self) -> f64 {
        Self::pct(self.icpcs, self.s47)
    }
    /// CP plan starts ÷ ICPCs, %.
    pub fn cpp_per_icpc_pct(&self) -> f64 {
        Self::pct(self.cpp_starts, self.icpcs)
    }
    /// Assessments within 45 working days, %.
    pub fn assessments_45wd_pct(&self) -> f64 {
        Self::pct(self.assessments_45wd, self.assessments)
    }
    /// Median assessment duration in working days.
    pub fn assessment_median_wd(&self) -> f64 {
        let half = self.assessments.div_ceil(2);
        let mut seen = 0;
        for (d, n) in self.assessment_wd.iter().enumerate() {
            seen += n;
            if seen >= half && *n > 0 {
                return d as f64;
            }
        }
        0.0
    }
    /// ICPCs within 15 working days of the strategy discussion, %.
    pub fn icpc_15wd_pct(&self) -> f64 {
        Self::pct(self.icpcs_15wd, self.icpcs_with_s47)
    }
    /// Second or subsequent CP plans, % of starts.
    pub fn subsequent_pct(&self) -> f64 {
        Self::pct(self.cpp_subsequent, self.cpp_starts)
    }
    /// Ended plans lasting 2 years or more, %.
    pub fn cpp_ended_2y_pct(&self) -> f64 {
        Self::pct(self.cpp_ended_2y, self.cpp_ended)
    }
    /// Ended plans lasting 3 months or less, %.
    pub fn cpp_ended_3m_pct(&self) -> f64 {
        Self::pct(self.cpp_ended_3m, self.cpp_ended)
    }
    /// Plans open at 31 March for 2 years or more, %.
    pub fn cpp_open_2y_pct(&self) -> f64 {
        Self::pct(self.cpp_open_2y, self.cpp_open)
    }
    /// Plans open at 31 March (≥ 3 months) with all reviews on time, %.
    pub fn reviews_on_time_pct(&self) -> f64 {
        Self::pct(self.cpp_reviews_on_time, self.cpp_review_due)
    }
    /// A rate per 10,000 children for a population.
    pub fn per_10k(count: u64, population: u64) -> f64 {
        if population == 0 {
            0.0
        } else {
            count as f64 * 10_000.0 / population as f64
        }
    }

    /// A Markdown table of achieved against target values.
    pub fn report(&self, targets: &Targets, population: u64) -> String {
        let rows: Vec<(&str, f64, f64)> = vec![
            (
                "Referrals per 10k",
                Self::per_10k(self.referrals, population),
                targets.referrals_per_10k,
            ),
            (
                "Re-referrals within 12 months %",
                self.rereferral_pct(),
                targets.rereferral_pct,
            ),
            ("Referrals NFA %", self.nfa_pct(), targets.nfa_pct),
            (
                "Closed not in need (RC8/RC9) %",
                self.not_in_need_pct(),
                targets.not_in_need_pct,
            ),
            (
                "S47 per referral",
                self.s47_per_referral(),
                targets.s47_per_referral,
            ),
            (
                "ICPC ÷ S47 %",
                self.icpc_per_s47_pct(),
                targets.icpc_per_s47_pct,
            ),
            (
                "CPP starts ÷ ICPC %",
                self.cpp_per_icpc_pct(),
                targets.cpp_per_icpc_pct,
            ),
            (
                "Assessments ≤ 45 WD %",
                self.assessments_45wd_pct(),
                targets.assessments_within_45wd_pct,
            ),
            (
                "Assessment median WD",
                self.assessment_median_wd(),
                targets.assessment_median_wd,
            ),
            (
                "ICPC ≤ 15 WD %",
                self.icpc_15wd_pct(),
                targets.icpc_within_15wd_pct,
            ),
            (
                "Second or subsequent CPP %",
                self.subsequent_pct(),
                targets.subsequent_cpp_pct,
            ),
            (
                "Ended CPP ≥ 2 years %",
                self.cpp_ended_2y_pct(),
                targets.cpp_ended_2y_pct,
            ),
            (
                "Ended CPP ≤ 3 months %",
                self.cpp_ended_3m_pct(),
                targets.cpp_ended_3m_pct,
            ),
            (
                "Open CPP ≥ 2 years %",
                self.cpp_open_2y_pct(),
                targets.cpp_open_2y_pct,
            ),
            (
                "CPP reviews on time %",
                self.reviews_on_time_pct(),
                targets.reviews_on_time_pct,
            ),
            (
                "CIN at 31 March per 10k",
                Self::per_10k(self.cin_at_end, population),
                targets.cin_at_31_march_per_10k,
            ),
            (
                "CPP at 31 March per 10k",
                Self::per_10k(self.cpp_open, population),
                targets.cpp_at_31_march_per_10k,
            ),
        ];
        let mut out = String::from("| Measure | Generated | Target |\n|---|---:|---:|\n");
        for (name, got, want) in rows {
            if want < 1.0 {
                let _ = writeln!(out, "| {name} | {got:.3} | {want:.3} |");
            } else {
                let _ = writeln!(out, "| {name} | {got:.1} | {want:.1} |");
            }
        }
        let _ = writeln!(
            out,
            "\nCounts in {}: {} children, {} referrals, {} S47s, {} ICPCs, {} CP plan starts \
             (population {population}).",
            self.year, self.children, self.referrals, self.s47, self.icpcs, self.cpp_starts
        );
        out
    }
}

/// Whether every review of a plan open at `as_at` was on time: the first within 3 months
/// of the start, each later one within 6 months of the previous, and none overdue now.
fn reviews_on_time(start: NaiveDate, reviews: &[NaiveDate], as_at: NaiveDate) -> bool {
    let mut prev = start;
    let mut months = 3;
    for d in reviews.iter().filter(|d| **d <= as_at) {
        if *d > add_months(prev, months) {
            return false;
        }
        prev = *d;
        months = 6;
    }
    as_at <= add_months(prev, months)
}
