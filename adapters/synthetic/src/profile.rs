//! Profiles: the rates a synthetic council is generated with, and the published figures
//! they aim at.

use std::fmt;
use std::str::FromStr;

/// Which council the synthetic data imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// England averages for the year ending 31 March 2025 (data-standards §4).
    #[default]
    England,
    /// The 2010 Brighton & Hove areas-for-development plan: 711 S47 enquiries, 406 ICPCs
    /// (57%) and 352 CP plans (86% of ICPCs) in one year, for about 50,000 children.
    Seed2010,
}

impl Profile {
    /// Every profile.
    pub const ALL: [Profile; 2] = [Profile::England, Profile::Seed2010];

    /// The name used on the command line: `england`, `seed-2010`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::England => "england",
            Profile::Seed2010 => "seed-2010",
        }
    }

    /// The census year the profile describes by default (year ending 31 March).
    pub fn default_year(self) -> i32 {
        match self {
            Profile::England => 2025,
            Profile::Seed2010 => 2010,
        }
    }

    /// The number of children to generate by default.
    ///
    /// For `seed-2010` this is the N that yields about 711 S47 enquiries, 406 ICPCs and
    /// 352 CP plans in the census year (calibrated; see the README).
    pub fn default_children(self) -> u64 {
        match self {
            Profile::England => 10_000,
            Profile::Seed2010 => SEED_2010_CHILDREN,
        }
    }

    /// The 0–17 population the generated children stand for, for rates per 10,000.
    ///
    /// England: chosen so that referrals per 10,000 match the 2025 national rate (519.4).
    /// Seed-2010: 50,000 children at the default N (Brighton & Hove), scaled with N.
    pub fn population(self, children: u64) -> u64 {
        let per_child = match self {
            Profile::England => ENGLAND_POPULATION_PER_CHILD,
            Profile::Seed2010 => 50_000.0 / SEED_2010_CHILDREN as f64,
        };
        (children as f64 * per_child).round() as u64
    }

    /// DfE three-digit LA number written in the CIN header (`999` = synthetic; 846 is
    /// Brighton & Hove).
    pub fn lea(self) -> &'static str {
        match self {
            Profile::England => "999",
            Profile::Seed2010 => "846",
        }
    }

    /// Prefix of generated child IDs.
    pub(crate) fn id_prefix(self) -> &'static str {
        match self {
            Profile::England => "SYN",
            Profile::Seed2010 => "BH",
        }
    }

    /// The published figures this profile aims at.
    pub fn targets(self) -> Targets {
        match self {
            Profile::England => ENGLAND_TARGETS,
            Profile::Seed2010 => SEED_2010_TARGETS,
        }
    }

    pub(crate) fn params(self) -> &'static Params {
        match self {
            Profile::England => &ENGLAND,
            Profile::Seed2010 => &SEED_2010,
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown profile name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownProfile(pub String);

impl fmt::Display for UnknownProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown profile \"{}\" (expected england or seed-2010)",
            self.0
        )
    }
}

impl std::error::Error for UnknownProfile {}

impl FromStr for Profile {
    type Err = UnknownProfile;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "england" => Ok(Profile::England),
            "seed-2010" | "seed2010" | "seed_2010" => Ok(Profile::Seed2010),
            _ => Err(UnknownProfile(s.to_owned())),
        }
    }
}

/// Published figures a profile aims at (percentages are 0–100). Sources: data-standards §4
/// (England, year ending 31 March 2025 unless stated) and the 2010 seed plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    /// Referrals per 10,000 children (C1, 519.4).
    pub referrals_per_10k: f64,
    /// Re-referrals within 12 months, % of referrals (C1, 22.6).
    pub rereferral_pct: f64,
    /// Referrals with no further action, % (C1, 6.5).
    pub nfa_pct: f64,
    /// Referrals assessed as not in need, % (C1, 30.8; closed RC8/RC9 here).
    pub not_in_need_pct: f64,
    /// S47 enquiries per referral (C4 ÷ C1: 189.3 ÷ 519.4 per 10,000 = 0.364).
    pub s47_per_referral: f64,
    /// ICPCs ÷ S47 enquiries, % (C4, 31.3).
    pub icpc_per_s47_pct: f64,
    /// CP plan starts ÷ ICPCs, % (D1/C4, 85.8).
    pub cpp_per_icpc_pct: f64,
    /// Assessments completed within 45 working days, % (C2 bins, 85.7).
    pub assessments_within_45wd_pct: f64,
    /// Median assessment duration, working days (C2, 33).
    pub assessment_median_wd: f64,
    /// ICPCs within 15 working days of the strategy discussion, % (C4 bins, 81.4).
    pub icpc_within_15wd_pct: f64,
    /// CP plans that are second or subsequent, % of starts (D3, 24.5).
    pub subsequent_cpp_pct: f64,
    /// CP plans ending in the year that lasted 2 years or more, % (D7, 4.4).
    pub cpp_ended_2y_pct: f64,
    /// CP plans ending in the year that lasted 3 months or less, % (D7, 15.9).
    pub cpp_ended_3m_pct: f64,
    /// CP plans open at 31 March lasting 2 years or more, % (D5, 2.3).
    pub cpp_open_2y_pct: f64,
    /// CP plans reviewed within timescales, % (D6, 89.8 in 2024).
    pub reviews_on_time_pct: f64,
    /// Children in need at 31 March per 10,000 (B1, 330.3).
    pub cin_at_31_march_per_10k: f64,
    /// Children on a CP plan at 31 March per 10,000 (D1, 40.6).
    pub cpp_at_31_march_per_10k: f64,
    /// Exact funnel counts for the census year (S47s, ICPCs, CP plan starts) at the
    /// profile's default N, when the profile has them (seed-2010: 711, 406, 352).
    pub funnel_counts: Option<(u64, u64, u64)>,
}

const ENGLAND_TARGETS: Targets = Targets {
    referrals_per_10k: 519.4,
    rereferral_pct: 22.6,
    nfa_pct: 6.5,
    not_in_need_pct: 30.8,
    s47_per_referral: 189.3 / 519.4,
    icpc_per_s47_pct: 31.3,
    cpp_per_icpc_pct: 85.8,
    assessments_within_45wd_pct: 85.7,
    assessment_median_wd: 33.0,
    icpc_within_15wd_pct: 81.4,
    subsequent_cpp_pct: 24.5,
    cpp_ended_2y_pct: 4.4,
    cpp_ended_3m_pct: 15.9,
    cpp_open_2y_pct: 2.3,
    reviews_on_time_pct: 89.8,
    cin_at_31_march_per_10k: 330.3,
    cpp_at_31_march_per_10k: 40.6,
    funnel_counts: None,
};

/// Seed-2010: the plan's funnel (711 → 406 → 352); re-referrals, second plans and ended
/// plans ≥ 2 years from the 2007-08 national anchor in §4 (24%, ~14%, 5%); the rest as the
/// England profile. The S47 rate per referral (0.25) is an assumption that gives about 570
/// referrals per 10,000 for Brighton & Hove's ~50,000 children. The stock measures (children
/// in need and CP plans at 31 March) are England 2025 values for reference only: the
/// profile is not calibrated to them, and its high S47 rate puts it above them.
const SEED_2010_TARGETS: Targets = Targets {
    referrals_per_10k: 570.0,
    rereferral_pct: 24.0,
    nfa_pct: 6.5,
    not_in_need_pct: 30.8,
    s47_per_referral: 0.25,
    icpc_per_s47_pct: 406.0 / 711.0 * 100.0,
    cpp_per_icpc_pct: 352.0 / 406.0 * 100.0,
    assessments_within_45wd_pct: 85.7,
    assessment_median_wd: 33.0,
    icpc_within_15wd_pct: 81.4,
    subsequent_cpp_pct: 14.0,
    cpp_ended_2y_pct: 5.0,
    cpp_ended_3m_pct: 15.9,
    cpp_open_2y_pct: 2.3,
    reviews_on_time_pct: 89.8,
    cin_at_31_march_per_10k: 330.3,
    cpp_at_31_march_per_10k: 40.6,
    funnel_counts: Some((711, 406, 352)),
};

/// Calibrated: 0–17 population per generated child, so that the England profile's
/// referrals come out at 519.4 per 10,000 (mean over seeds 1–12; see the README).
const ENGLAND_POPULATION_PER_CHILD: f64 = 8.5;

/// Calibrated: children that give ~711 S47s in the seed-2010 census year (709.7 on average
/// over seeds 1–12, every seed 1–20 within ±5%).
const SEED_2010_CHILDREN: u64 = 6_600;

/// The knobs of the pathway model (probabilities are per decision, 0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Params {
    /// Share of children known only through contacts (never referred).
    pub contact_only: f64,
    /// Share of children known only to early help.
    pub early_help_only: f64,
    /// Share of referred children first referred before birth.
    pub unborn: f64,
    /// P(NFA) for a referral.
    pub nfa: f64,
    /// P(S47 from the start) for a non-NFA referral.
    pub s47: f64,
    /// P(closed after assessment, not in need) for a non-NFA, non-S47 referral.
    pub not_in_need: f64,
    /// Of those closed not in need, the share referred to early help (RC9, from 2023).
    pub rc9_share: f64,
    /// P(CIN plan) for an in-need, non-S47 referral that is not long-running (the rest
    /// get services without a plan).
    pub cin_plan: f64,
    /// P(long-running episode, e.g. looked after) for an in-need, non-S47 referral.
    pub long_running: f64,
    /// P(a S47 during a CIN plan).
    pub escalate: f64,
    /// P(ICPC | S47).
    pub icpc: f64,
    /// P(CP plan | ICPC).
    pub cpp: f64,
    /// P(a transfer-in conference, recorded at episode level) per referral.
    pub transfer_in: f64,
    /// Multiplier on the S47 chance for a child who has had a CP plan.
    pub repeat_risk: f64,
    /// P(the child had a CP plan before the simulated history).
    pub prior_cpp: f64,
    /// P(another referral after an episode closes).
    pub rereferral: f64,
    /// P(a CIN plan after a CP plan ends).
    pub step_down: f64,
    /// P(early help before the first referral).
    pub eh_before: f64,
    /// P(a late CP review).
    pub late_review: f64,
}

const ENGLAND: Params = Params {
    contact_only: 0.30,
    early_help_only: 0.08,
    unborn: 0.025,
    nfa: 0.065,
    s47: 0.345,
    not_in_need: 0.61,
    rc9_share: 0.30,
    cin_plan: 0.60,
    long_running: 0.45,
    escalate: 0.06,
    icpc: 0.313,
    cpp: 0.858,
    transfer_in: 0.002,
    repeat_risk: 1.6,
    prior_cpp: 0.14,
    rereferral: 0.48,
    step_down: 0.55,
    eh_before: 0.20,
    late_review: 0.05,
};

const SEED_2010: Params = Params {
    s47: 0.245,
    not_in_need: 0.53,
    icpc: 406.0 / 711.0,
    cpp: 352.0 / 406.0,
    prior_cpp: 0.02,
    rereferral: 0.53,
    long_running: 0.35,
    ..ENGLAND
};
