//! The catalogue: what each indicator is, in words, as data.
//!
//! The fixed indicators live in one static table ([`DEFS`]) whose order is the order of
//! [`catalogue`] and of every computed result. Each row's position is its *slot*: the
//! engine accumulates into `counters[slot]`. The parametrised assessment-timeliness
//! indicators (`assessments_within_{N}wd_pct`, see [`crate::Options::extra_assessment_limits`])
//! are appended after the fixed ones.

use serde::{Deserialize, Serialize};

use crate::Options;

/// Whether the value is a count of records or a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A number of records (or children); `denominator` is `None`.
    Count,
    /// `100 × numerator ÷ denominator`, one decimal place, halves up.
    Percent,
}

/// Which direction is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// A higher value is better.
    HigherBetter,
    /// A lower value is better.
    LowerBetter,
    /// Neither: context, demand or volume.
    Neither,
}

/// A kind of event an indicator reads. Used for "no data" detection: a count whose
/// event kind is absent from the whole input is flagged `no_data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// Contacts (Annex A list 1).
    Contacts,
    /// Early help episodes (Annex A list 2).
    EarlyHelp,
    /// Referrals / CIN episodes.
    Referrals,
    /// Assessments.
    Assessments,
    /// Section 47 enquiries (and their ICPCs).
    S47,
    /// Child protection plans.
    CpPlans,
    /// Child in need plans.
    CinPlans,
}

impl EventType {
    /// Bit used in the presence mask.
    pub(crate) const fn bit(self) -> u8 {
        match self {
            EventType::Contacts => 1,
            EventType::EarlyHelp => 2,
            EventType::Referrals => 4,
            EventType::Assessments => 8,
            EventType::S47 => 16,
            EventType::CpPlans => 32,
            EventType::CinPlans => 64,
        }
    }
}

/// One catalogue entry, as published (e.g. on the definitions page or in the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorDef {
    /// Stable identifier, e.g. `assessments_within_45wd_pct`.
    pub id: String,
    /// Short display name.
    pub name: String,
    /// Plain-English definition.
    pub definition: String,
    /// What is counted in the numerator (for counts: what is counted).
    pub numerator: String,
    /// What is counted in the denominator; `None` for counts.
    pub denominator: Option<String>,
    /// Count or percent.
    pub unit: Unit,
    /// Which direction is good.
    pub polarity: Polarity,
    /// Event kinds the indicator reads.
    pub needs: Vec<EventType>,
    /// Names of the extra figures reported in [`crate::IndicatorValue::extra`].
    pub extras: Vec<String>,
}

/// Static form of a catalogue row.
#[derive(Debug)]
pub(crate) struct Def {
    pub id: &'static str,
    pub name: &'static str,
    pub definition: &'static str,
    pub numerator: &'static str,
    pub denominator: Option<&'static str>,
    pub unit: Unit,
    pub polarity: Polarity,
    pub needs: &'static [EventType],
    /// Extra figures: the first, if any, is the engine's per-indicator extra counter
    /// (`pending`, `negative_duration`, `child_seen_unknown`, `previous_plans_unknown`);
    /// the others (`target_days`, `monthly_target`, `target`) are filled in from the options.
    pub extras: &'static [&'static str],
}

impl Def {
    fn to_public(&self) -> IndicatorDef {
        IndicatorDef {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            definition: self.definition.to_owned(),
            numerator: self.numerator.to_owned(),
            denominator: self.denominator.map(str::to_owned),
            unit: self.unit,
            polarity: self.polarity,
            needs: self.needs.to_vec(),
            extras: self.extras.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

/// Slot numbers of the fixed indicators (positions in [`DEFS`]).
pub(crate) mod slot {
    pub const REFERRALS: usize = 0;
    pub const REREFERRALS: usize = 1;
    pub const REFERRAL_NFA: usize = 2;
    pub const ASSESSMENTS_COMPLETED: usize = 3;
    pub const ASSESSMENTS_45WD: usize = 4;
    pub const ASSESSMENTS_OPEN_45WD: usize = 5;
    pub const S47_STARTED: usize = 6;
    pub const S47_TO_ICPC: usize = 7;
    pub const ICPCS: usize = 8;
    pub const ICPC_15WD: usize = 9;
    pub const ICPC_TO_CPP: usize = 10;
    pub const ICPC_DROPOUT: usize = 11;
    pub const CPP_STARTED: usize = 12;
    pub const CPP_OPEN_AT_END: usize = 13;
    pub const CPP_OPEN_2Y_PCT: usize = 14;
    pub const CPP_OPEN_18M: usize = 15;
    pub const CPP_OPEN_2Y: usize = 16;
    pub const CPP_ENDED_2Y: usize = 17;
    pub const CPP_REPEAT: usize = 18;
    pub const CPP_REVIEWS: usize = 19;
    pub const CIN_AT_END: usize = 20;
    pub const CIN_PLANS_AT_END: usize = 21;
    pub const CHILD_SEEN: usize = 22;
    pub const CONTACTS: usize = 23;
    pub const EH_STARTED: usize = 24;
    pub const EH_WITHIN_TARGET: usize = 25;
    pub const PRIOR_EH: usize = 26;
    /// Number of fixed indicators; parametrised ones follow.
    pub const FIXED: usize = 27;
}

use EventType as E;

const P_HIGH: Polarity = Polarity::HigherBetter;
const P_LOW: Polarity = Polarity::LowerBetter;
const P_NONE: Polarity = Polarity::Neither;

/// The fixed catalogue, in slot order.
pub(crate) static DEFS: [Def; slot::FIXED] = [
    Def {
        id: "referrals",
        name: "Referrals",
        definition: "Referrals to children's social care (CIN episodes) with a referral date in the period, including referrals that led to no further action.",
        numerator: "Referrals (episodes) with referral date in the period",
        denominator: None,
        unit: Unit::Count,
        polarity: P_NONE,
        needs: &[E::Referrals],
        extras: &[],
    },
    Def {
        id: "rereferrals_12m_pct",
        name: "Re-referrals within 12 months",
        definition: "Referrals in the period where the same child had another referral dated in the 12 calendar months before it (on or after the date 12 months earlier, strictly before this referral). Earlier periods and NFA referrals count as previous referrals.",
        numerator: "Referrals in the period with another referral of the same child dated in [date − 12 months, date)",
        denominator: Some("Referrals in the period"),
        unit: Unit::Percent,
        polarity: P_LOW,
        needs: &[E::Referrals],
        extras: &[],
    },
    Def {
        id: "referral_nfa_pct",
        name: "Referrals with no further action",
        definition: "Referrals in the period recorded as leading to no further action (ReferralNFA = true).",
        numerator: "Referrals in the period with ReferralNFA = true",
        denominator: Some("Referrals in the period"),
        unit: Unit::Percent,
        polarity: P_NONE,
        needs: &[E::Referrals],
        extras: &[],
    },
    Def {
        id: "assessments_completed",
        name: "Assessments completed",
        definition: "Assessments with an authorisation (completion) date in the period.",
        numerator: "Assessments authorised in the period",
        denominator: None,
        unit: Unit::Count,
        polarity: P_NONE,
        needs: &[E::Assessments],
        extras: &[],
    },
    Def {
        id: "assessments_within_45wd_pct",
        name: "Assessments completed within 45 working days",
        definition: "Of the assessments authorised in the period, the percentage authorised within 45 working days of their start (working days after the start day up to and including the authorisation day; bank holidays and weekends excluded).",
        numerator: "Assessments authorised in the period with working_days(start, authorisation) ≤ 45",
        denominator: Some("Assessments authorised in the period that have a start date"),
        unit: Unit::Percent,
        polarity: P_HIGH,
        needs: &[E::Assessments],
        extras: &["negative_duration"],
    },
    Def {
        id: "assessments_open_over_45wd",
        name: "Open assessments over 45 working days",
        definition: "Assessments started on or before the period end and not authorised by then (no authorisation date, or one after the period end) that had been open more than 45 working days at the period end.",
        numerator: "Assessments with start ≤ period end, not authorised by the period end, and working_days(start, period end) > 45",
        denominator: None,
        unit: Unit::Count,
        polarity: P_LOW,
        needs: &[E::Assessments],
        extras: &[],
    },
    Def {
        id: "s47_started",
        name: "Section 47 enquiries started",
        definition: "Section 47 enquiries whose strategy discussion (S47ActualStartDate) is in the period.",
        numerator: "S47 enquiries with start date in the period",
        denominator: None,
        unit: Unit::Count,
        polarity: P_NONE,
        needs: &[E::S47],
        extras: &[],
    },
    Def {
        id: "s47_to_icpc_pct",
        name: "Section 47 enquiries leading to an ICPC",
        definition: "Of the S47 enquiries started in the period whose outcome is known (an ICPC date, or ICPC not required), the percentage with an ICPC date. Enquiries with neither are pending and reported separately.",
        numerator: "S47s started in the period with an ICPC date",
        denominator: Some("S47s started in the period with an ICPC date or ICPCnotRequired = true"),
        unit: Unit::Percent,
        polarity: P_NONE,
        needs: &[E::S47],
        extras: &["pending"],
    },
    Def {
        id: "icpcs",
        name: "Initial child protection conferences",
        definition: "Initial child protection conferences dated in the period: those following a S47 enquiry and transfer-in conferences recorded on the episode (DateOfInitialCPC on CINdetails) alike.",
        numerator: "S47-level and episode-level ICPC dates in the period",
        denominator: None,
        unit: Unit::Count,
        polarity: P_NONE,
        needs: &[E::S47],
        extras: &[],
    },
    Def {
        id: "icpc_within_15wd_pct",
        name: "ICPCs within 15 working days of the strategy discussion",
        definition: "Of the ICPCs in the period that follow a S47 enquiry, the percentage held within 15 working days of the strategy discussion (S47 start). Transfer-in ICPCs have no S47 and are excluded.",
        numerator: "S47-level ICPCs in the period with working_days(S47 start, ICPC) ≤ 15",
        denominator: Some("S47-level ICPCs in the period whose S47 has a start date"),
        unit: Unit::Percent,
        polarity: P_HIGH,
        needs: &[E::S47],
        extras: &["negative_duration"],
    },
    Def {
        id: "icpc_to_cpp_pct",
        name: "ICPCs resulting in a child protection plan",
        definition: "ICPCs in the period (S47-level and transfer-in) where the child has a child protection plan starting on the ICPC date.",
        numerator: "ICPCs in the period where the child has a CP plan starting on the ICPC date",
        denominator: Some("ICPCs in the period"),
        unit: Unit::Percent,
        polarity: P_NONE,
        needs: &[E::S47, E::CpPlans],
        extras: &[],
    },
    Def {
        id: "icpc_dropout_pct",
        name: "ICPCs not resulting in a child protection plan",
        definition: "ICPCs in the period (S47-level and transfer-in) where the child has no child protection plan starting on the ICPC date.",
        numerator: "ICPCs in the period without a CP plan starting on the ICPC date",
        denominator: Some("ICPCs in the period"),
        unit: Unit::Percent,
        polarity: P_NONE,
        needs: &[E::S47, E::CpPlans],
        extras: &[],
    },
    Def {
        id: "cpp_started",
        name: "Child protection plans started",
        definition: "Child protection plans with a start date in the period.",
        numerator: "CP plans starting in the period",
        denominator: None,
        unit: Unit::Count,
        polarity: P_NONE,
        needs: &[E::CpPlans],
        extras: &[],
    },
    Def {
        id: "cpp_open_at_end",
        name: "Child protection plans open at the period end",
        definition: "Child protection plans that started on or before the period end and had not ended by then (no end date, or an end date after the period end).",
        numerator: "CP plans with start ≤ period end and (no end or end > period end)",
        denominator: None,
        unit: Unit::Count,
        polarity: P_NONE,
        needs: &[E::CpPlans],
        extras: &[],
    },
    Def {
        id: "cpp_open_2y_pct",
        name: "Open child protection plans lasting 2 years or more",
        definition: "Of the plans open at the period end, the percentage that started on or before the date 24 calendar months before the period end.",
        numerator: "Plans open at the end with start ≤ period end − 24 months",
        denominator: Some("Plans open at the period end"),
        unit: Unit::Percent,
        polarity: P_LOW,
        needs: &[E::CpPlans],
        extras: &[],
    },
    Def {
        id: "cpp_open_18m",
        name: "Open child protection plans lasting 18 months or more",
        definition: "Plans open at the period end that started on or before the date 18 calendar months before the period end (an early warning for the 2-year measure).",
        numerator: "Plans open at the end with start ≤ period end − 18 months",
        denominator: None,
        unit: Unit::Count,
        polarity: P_LOW,
        needs: &[E::CpPlans],
        extras: &[],
    },
    Def {
        id: "cpp_open_2y",
        name: "Open child protection plans lasting 2 years or more (count)",
        definition: "Plans open at the period end that started on or before the date 24 calendar months before the period end.",
        numerator: "Plans open at the end with start ≤ period end − 24 months",
        denominator: None,
        unit: Unit::Count,
        polarity: P_LOW,
        needs: &[E::CpPlans],
        extras: &[],
    },
    Def {
        id: "cpp_ended_2y_pct",
        name: "Plans ending in the period that lasted 2 years or more",
        definition: "Of the child protection plans ending in the period, the percentage whose end date is on or after the start date plus 24 calendar months.",
        numerator: "Plans ending in the period with end ≥ start + 24 months",
        denominator: Some("Plans ending in the period that have a start date"),
        unit: Unit::Percent,
        polarity: P_LOW,
        needs: &[E::CpPlans],
        extras: &[],
    },
    Def {
        id: "cpp_repeat_pct",
        name: "Second or subsequent child protection plans",
        definition: "Of the plans starting in the period, the percentage whose recorded number of previous plans (NumberOfPreviousCPP) is above 0, however long ago. A plan with no recorded number is in the denominator, not the numerator.",
        numerator: "Plans starting in the period with previous plan count > 0",
        denominator: Some("Plans starting in the period"),
        unit: Unit::Percent,
        polarity: P_LOW,
        needs: &[E::CpPlans],
        extras: &["previous_plans_unknown"],
    },
    Def {
        id: "cpp_reviews_on_time_pct",
        name: "Child protection plans reviewed on time",
        definition: "Children with a plan open at the period end that started at least 3 months before the end (start + 3 months ≤ end) whose every such plan has had its reviews on time: first review by start + 3 months, each later one within 6 months of the previous, and the next review (previous + 6 months, or start + 3 months if none yet) not overdue at the period end.",
        numerator: "Such children all of whose such plans are on time",
        denominator: Some("Children with a plan open at the end and start + 3 months ≤ end"),
        unit: Unit::Percent,
        polarity: P_HIGH,
        needs: &[E::CpPlans],
        extras: &[],
    },
    Def {
        id: "cin_at_end",
        name: "Children in need at the period end",
        definition: "Distinct children with a CIN episode open at the period end: referral on or before the end, no closure date or one after the end, and not an NFA referral.",
        numerator: "Children with an episode open at the period end",
        denominator: None,
        unit: Unit::Count,
        polarity: P_NONE,
        needs: &[E::Referrals],
        extras: &[],
    },
    Def {
        id: "cin_plans_at_end",
        name: "Child in need plans open at the period end",
        definition: "CIN plans that started on or before the period end and had not ended by then.",
        numerator: "CIN plans with start ≤ period end and (no end or end > period end)",
        denominator: None,
        unit: Unit::Count,
        polarity: P_NONE,
        needs: &[E::CinPlans],
        extras: &[],
    },
    Def {
        id: "assessment_child_seen_pct",
        name: "Assessments where the child was seen",
        definition: "Of the assessments completed in the period where the record says whether the child was seen, the percentage where the child was seen. Assessments with no answer are reported separately (child_seen_unknown).",
        numerator: "Assessments authorised in the period with child seen = yes",
        denominator: Some("Assessments authorised in the period with child seen = yes or no"),
        unit: Unit::Percent,
        polarity: P_HIGH,
        needs: &[E::Assessments],
        extras: &["child_seen_unknown"],
    },
    Def {
        id: "contacts",
        name: "Contacts",
        definition: "Contacts dated in the period (one per contact record).",
        numerator: "Contacts dated in the period",
        denominator: None,
        unit: Unit::Count,
        polarity: P_NONE,
        needs: &[E::Contacts],
        extras: &[],
    },
    Def {
        id: "early_help_assessments_started",
        name: "Early help assessments started",
        definition: "Early help episodes (assessments) starting in the period; compared with a monthly target (default 100).",
        numerator: "Early help episodes with start date in the period",
        denominator: None,
        unit: Unit::Count,
        polarity: P_HIGH,
        needs: &[E::EarlyHelp],
        extras: &["monthly_target", "target"],
    },
    Def {
        id: "early_help_completed_within_target_pct",
        name: "Early help episodes completed within the local target",
        definition: "Of the early help episodes ending in the period, the percentage whose duration (end date − start date in calendar days) is at most the local target (default 90 days).",
        numerator: "Episodes ending in the period with end − start ≤ target days",
        denominator: Some("Episodes ending in the period that have a start date"),
        unit: Unit::Percent,
        polarity: P_HIGH,
        needs: &[E::EarlyHelp],
        extras: &["negative_duration", "target_days"],
    },
    Def {
        id: "referrals_with_prior_early_help_pct",
        name: "Referrals with prior early help",
        definition: "Referrals in the period where the child had an early help episode open on the referral date, or one that ended in the 6 calendar months before it.",
        numerator: "Referrals in the period with an early help episode open on the referral date or ended in [date − 6 months, date)",
        denominator: Some("Referrals in the period"),
        unit: Unit::Percent,
        polarity: P_NONE,
        needs: &[E::Referrals, E::EarlyHelp],
        extras: &[],
    },
];

/// Id of the parametrised assessment-timeliness indicator for `limit` working days.
pub fn assessments_within_id(limit: u32) -> String {
    format!("assessments_within_{limit}wd_pct")
}

/// Catalogue entry of the parametrised assessment-timeliness indicator.
pub fn assessments_within_def(limit: u32) -> IndicatorDef {
    IndicatorDef {
        id: assessments_within_id(limit),
        name: format!("Assessments completed within {limit} working days"),
        definition: format!(
            "Of the assessments authorised in the period, the percentage authorised within {limit} working days of their start (working days after the start day up to and including the authorisation day)."
        ),
        numerator: format!(
            "Assessments authorised in the period with working_days(start, authorisation) ≤ {limit}"
        ),
        denominator: Some("Assessments authorised in the period that have a start date".into()),
        unit: Unit::Percent,
        polarity: Polarity::HigherBetter,
        needs: vec![EventType::Assessments],
        extras: vec!["negative_duration".into()],
    }
}

/// The fixed catalogue: every indicator [`crate::compute_all`] computes with default options,
/// in result order.
pub fn catalogue() -> Vec<IndicatorDef> {
    DEFS.iter().map(Def::to_public).collect()
}

/// The catalogue for these options: the fixed indicators plus one
/// `assessments_within_{N}wd_pct` per extra limit, in result order.
pub fn catalogue_for(options: &Options) -> Vec<IndicatorDef> {
    let mut out = catalogue();
    out.extend(
        options
            .assessment_limits()
            .into_iter()
            .map(assessments_within_def),
    );
    out
}

/// Catalogue entry for an id (fixed, or `assessments_within_{N}wd_pct` for any N).
pub fn definition(id: &str) -> Option<IndicatorDef> {
    if let Some(d) = DEFS.iter().find(|d| d.id == id) {
        return Some(d.to_public());
    }
    parse_within_id(id).map(assessments_within_def)
}

/// `Some(N)` for `assessments_within_{N}wd_pct`.
pub(crate) fn parse_within_id(id: &str) -> Option<u32> {
    let n = id
        .strip_prefix("assessments_within_")?
        .strip_suffix("wd_pct")?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || (n.len() > 1 && n.starts_with('0'))
    {
        return None;
    }
    n.parse().ok()
}
