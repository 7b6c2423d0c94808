//! Which published table and column each of our indicator ids maps to, and
//! whether the published definition matches ours.

use serde::Serialize;

use crate::model::{Comparability, Release, Unit, RELEASE_CIN_2024, RELEASE_CIN_2025};

/// A shipped DfE table (one CSV file under `data/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum TableId {
    B1Release2025,
    B1Release2024,
    B7Release2024,
    C1Release2025,
    C1Release2024,
    C2Release2024,
    C4Release2024,
    D1Release2024,
    D3Release2025,
    D5Release2025,
    D6Release2024,
    D7Release2024,
    Population2025,
    Population2024,
}

impl TableId {
    /// Every shipped long-format table.
    pub const ALL: [TableId; 14] = [
        TableId::B1Release2025,
        TableId::B1Release2024,
        TableId::B7Release2024,
        TableId::C1Release2025,
        TableId::C1Release2024,
        TableId::C2Release2024,
        TableId::C4Release2024,
        TableId::D1Release2024,
        TableId::D3Release2025,
        TableId::D5Release2025,
        TableId::D6Release2024,
        TableId::D7Release2024,
        TableId::Population2025,
        TableId::Population2024,
    ];

    /// DfE table code (`b1`, `c1`, …; `ons_population` for the population
    /// files).
    pub fn code(self) -> &'static str {
        match self {
            TableId::B1Release2025 | TableId::B1Release2024 => "b1",
            TableId::B7Release2024 => "b7",
            TableId::C1Release2025 | TableId::C1Release2024 => "c1",
            TableId::C2Release2024 => "c2",
            TableId::C4Release2024 => "c4",
            TableId::D1Release2024 => "d1",
            TableId::D3Release2025 => "d3",
            TableId::D5Release2025 => "d5",
            TableId::D6Release2024 => "d6",
            TableId::D7Release2024 => "d7",
            TableId::Population2025 | TableId::Population2024 => "ons_population",
        }
    }

    /// File name under `data/`.
    pub fn file(self) -> &'static str {
        match self {
            TableId::B1Release2025 => "b1_children_in_need_2013_to_2025.csv",
            TableId::B1Release2024 => "b1_children_in_need_2013_to_2024.csv",
            TableId::B7Release2024 => "b7_child_in_need_plans_2022_to_2024.csv",
            TableId::C1Release2025 => {
                "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
            }
            TableId::C1Release2024 => {
                "c1_children_in_need_referrals_and_rereferrals_2013_to_2024.csv"
            }
            TableId::C2Release2024 => "c2_children_in_need_assessments_duration_2014_to_2024.csv",
            TableId::C4Release2024 => "c4_children_in_need_section_47s_and_icpcs_2013_to_2024.csv",
            TableId::D1Release2024 => "d1_child_protection_plans_2013_to_2024.csv",
            TableId::D3Release2025 => "d3_cpps_subsequent_plan_2013_to_2025.csv",
            TableId::D5Release2025 => "d5_cpps_at31march_by_duration_2013_to_2025.csv",
            TableId::D6Release2024 => "d6_cpps_reviewed_within_timescales_2013_to_2024.csv",
            TableId::D7Release2024 => "d7_cpps_ending_by_duration_2013_to_2024.csv",
            TableId::Population2025 => "ons_mid-year_population_estimates_2012_to_2024.csv",
            TableId::Population2024 => "ons_mid-year_population_estimates_2012_to_2023.csv",
        }
    }

    /// The publication the file belongs to.
    pub fn release(self) -> &'static Release {
        match self {
            TableId::B1Release2025
            | TableId::C1Release2025
            | TableId::D3Release2025
            | TableId::D5Release2025
            | TableId::Population2025 => &RELEASE_CIN_2025,
            _ => &RELEASE_CIN_2024,
        }
    }

    /// The embedded file contents.
    pub(crate) fn text(self) -> &'static str {
        match self {
            TableId::B1Release2025 => include_str!("../data/b1_children_in_need_2013_to_2025.csv"),
            TableId::B1Release2024 => include_str!("../data/b1_children_in_need_2013_to_2024.csv"),
            TableId::B7Release2024 => {
                include_str!("../data/b7_child_in_need_plans_2022_to_2024.csv")
            }
            TableId::C1Release2025 => {
                include_str!(
                    "../data/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
                )
            }
            TableId::C1Release2024 => {
                include_str!(
                    "../data/c1_children_in_need_referrals_and_rereferrals_2013_to_2024.csv"
                )
            }
            TableId::C2Release2024 => {
                include_str!("../data/c2_children_in_need_assessments_duration_2014_to_2024.csv")
            }
            TableId::C4Release2024 => {
                include_str!("../data/c4_children_in_need_section_47s_and_icpcs_2013_to_2024.csv")
            }
            TableId::D1Release2024 => {
                include_str!("../data/d1_child_protection_plans_2013_to_2024.csv")
            }
            TableId::D3Release2025 => {
                include_str!("../data/d3_cpps_subsequent_plan_2013_to_2025.csv")
            }
            TableId::D5Release2025 => {
                include_str!("../data/d5_cpps_at31march_by_duration_2013_to_2025.csv")
            }
            TableId::D6Release2024 => {
                include_str!("../data/d6_cpps_reviewed_within_timescales_2013_to_2024.csv")
            }
            TableId::D7Release2024 => {
                include_str!("../data/d7_cpps_ending_by_duration_2013_to_2024.csv")
            }
            TableId::Population2025 => {
                include_str!("../data/ons_mid-year_population_estimates_2012_to_2024.csv")
            }
            TableId::Population2024 => {
                include_str!("../data/ons_mid-year_population_estimates_2012_to_2023.csv")
            }
        }
    }
}

/// How a value is read or calculated from a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Extract {
    /// A published column, copied as is.
    Column(&'static str),
    /// `100 × Σnum / Σden` over columns of the same table, one decimal
    /// place, half up.
    Percent {
        /// Numerator columns (summed).
        num: &'static [&'static str],
        /// Denominator columns (summed).
        den: &'static [&'static str],
        /// The formula, in words.
        formula: &'static str,
    },
    /// `100 × num / den` where the denominator comes from another table
    /// (same geography and year).
    CrossPercent {
        /// Numerator column in this source's table.
        num: &'static str,
        /// The denominator's table.
        den_table: TableId,
        /// Denominator column.
        den: &'static str,
        /// The formula, in words.
        formula: &'static str,
    },
    /// `count ÷ population × 10,000`, one decimal place, half up, with the
    /// ONS 0–17 estimate for mid-year (reporting year − 1) from the newest
    /// population vintage (the CIN 2025 release's).
    RateFromPopulation {
        /// The count column.
        count: &'static str,
        /// The formula, in words.
        formula: &'static str,
    },
}

/// One table a mapping reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The table.
    pub table: TableId,
    /// What is read from it.
    pub extract: Extract,
}

impl Source {
    /// Every (table, column) this source reads.
    pub fn columns(&self) -> Vec<(TableId, &'static str)> {
        match self.extract {
            Extract::Column(c) => vec![(self.table, c)],
            Extract::Percent { num, den, .. } => num
                .iter()
                .chain(den.iter())
                .map(|c| (self.table, *c))
                .collect(),
            Extract::CrossPercent {
                num,
                den_table,
                den,
                ..
            } => {
                vec![(self.table, num), (den_table, den)]
            }
            Extract::RateFromPopulation { count, .. } => {
                vec![
                    (self.table, count),
                    (TableId::Population2025, "population_estimate"),
                ]
            }
        }
    }
}

/// How one of our indicator ids maps to published figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndicatorMapping {
    /// Our id: a catalogue id (`referrals`, …) or, for rates per 10,000
    /// children, the count's id with `_per_10k`.
    pub indicator_id: &'static str,
    /// For a rate: the count indicator it is the rate of.
    pub rate_of: Option<&'static str>,
    /// Unit of the published figure.
    pub unit: Unit,
    /// DfE table code of the (first) source, e.g. `c1`.
    pub source_table: &'static str,
    /// What the published table measures, in words.
    pub published_measure: &'static str,
    /// Sources in priority order: for each year the first source with a
    /// row for the geography wins (newest release first).
    pub sources: &'static [Source],
    /// Whether the published definition matches ours.
    pub comparability: Comparability,
}

impl IndicatorMapping {
    /// Reporting years with a row in any source (England).
    pub fn years(&self) -> Vec<u16> {
        crate::series(self.indicator_id, &crate::Geography::England)
            .into_iter()
            .map(|f| f.time_period)
            .collect()
    }
}

use Extract::*;
use TableId::*;

const fn col(table: TableId, c: &'static str) -> Source {
    Source {
        table,
        extract: Column(c),
    }
}

const RATE_NOTE_2025: &str = "2013–2024: DfE's published rate (ONS mid-year Y−1 estimate of children aged 0–17, population vintage of the 2024 release). 2025: calculated here from the 2025-release count and the mid-2024 estimate shipped with that release, because the 2025 CSV has no rate columns; DfE's own 2025 rate should agree within about ±0.2 (not verified). Ours matches when our rate uses the same population.";

const C2_BANDS: &[&str] = &[
    "Same_day",
    "1-10_days",
    "11-20_days",
    "21-30_days",
    "31-40_days",
    "41-45_days",
    "46-50_days",
    "51-60_days",
    "61+_days",
];
const C4_BANDS: &[&str] = &[
    "Duration_0-10_days",
    "Duration_11-15_days",
    "Duration_16-20_days",
    "Duration_21+_days",
];

/// Every mapping, in catalogue order (count ids followed by their rate).
pub static MAPPINGS: &[IndicatorMapping] = &[
    IndicatorMapping {
        indicator_id: "referrals",
        rate_of: None,
        unit: Unit::Count,
        source_table: "c1",
        published_measure: "Referrals (CIN episodes) starting in the year to 31 March, including those that led to no further action (C1 referral_count).",
        sources: &[col(C1Release2025, "referral_count")],
        comparability: Comparability {
            matches: true,
            note: "Same definition as ours (referrals dated in the period, NFA included) when the period is the year to 31 March. National and regional counts are rounded to the nearest 10.",
        },
    },
    IndicatorMapping {
        indicator_id: "referrals_per_10k",
        rate_of: Some("referrals"),
        unit: Unit::RatePer10k,
        source_table: "c1",
        published_measure: "Referrals per 10,000 children aged 0–17 (C1 Referrals_rate).",
        sources: &[
            col(C1Release2024, "Referrals_rate"),
            Source {
                table: C1Release2025,
                extract: RateFromPopulation {
                    count: "referral_count",
                    formula: "referral_count ÷ ONS mid-(year−1) population aged 0–17 (CIN 2025 release vintage) × 10,000, 1 d.p.",
                },
            },
        ],
        comparability: Comparability { matches: true, note: RATE_NOTE_2025 },
    },
    IndicatorMapping {
        indicator_id: "rereferrals_12m_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "c1",
        published_measure: "Referrals in the year that were within 12 months of a previous referral of the same child, % of referrals (episode-based; C1 rereferral_percent).",
        sources: &[col(C1Release2025, "rereferral_percent")],
        comparability: Comparability {
            matches: true,
            note: "Same definition: a re-referral is a referral within 12 months of a previous referral, as a share of all referrals (referral-based, not the child-based rereferral_child_percent). How DfE treats same-day duplicate referrals and the exact 12-month boundary is not verified.",
        },
    },
    IndicatorMapping {
        indicator_id: "referral_nfa_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "c1",
        published_measure: "Referrals in the year that resulted in no further action, % of referrals (C1 no_further_action_percent).",
        sources: &[col(C1Release2025, "no_further_action_percent")],
        comparability: Comparability {
            matches: true,
            note: "Same measure; ours counts ReferralNFA = true, the census flag this table is assumed to count (field-level derivation not verified in DfE's methodology). Recording practice varies: some LAs return 0 NFA.",
        },
    },
    IndicatorMapping {
        indicator_id: "assessments_completed",
        rate_of: None,
        unit: Unit::Count,
        source_table: "c2",
        published_measure: "Assessments completed in the year (C2 Assessments_completed).",
        sources: &[col(C2Release2024, "Assessments_completed")],
        comparability: Comparability {
            matches: true,
            note: "Same count if DfE dates completion by the authorisation date, as ours does (assumed, not verified). 2014 is the first year of the single-assessment series and is partial (175,290 nationally vs 550,810 in 2015): do not compare it. No 2025 figures are shipped (2025 C2 file not held).",
        },
    },
    IndicatorMapping {
        indicator_id: "assessments_completed_per_10k",
        rate_of: Some("assessments_completed"),
        unit: Unit::RatePer10k,
        source_table: "c2",
        published_measure: "Assessments completed per 10,000 children aged 0–17 (C2 Assessments_completed_rate).",
        sources: &[col(C2Release2024, "Assessments_completed_rate")],
        comparability: Comparability {
            matches: true,
            note: "Published rate (population vintage of the 2024 release). Same caveats as assessments_completed; no 2025 figures shipped.",
        },
    },
    IndicatorMapping {
        indicator_id: "assessments_within_45wd_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "c2",
        published_measure: "Calculated from the C2 duration bands: assessments completed within 45 working days (Same day … 41-45 days) as % of all banded assessments. DfE publishes the bands, not the percentage.",
        sources: &[Source {
            table: C2Release2024,
            extract: Percent {
                num: &["Same_day", "1-10_days", "11-20_days", "21-30_days", "31-40_days", "41-45_days"],
                den: C2_BANDS,
                formula: "100 × (Same_day + 1-10 + 11-20 + 21-30 + 31-40 + 41-45 days) ÷ sum of all nine C2 duration bands, 1 d.p.",
            },
        }],
        comparability: Comparability {
            matches: true,
            note: "C2 measures working days from the assessment START to its authorisation, not from the referral (the Working Together 45-day limit runs from referral). Ours also measures from the assessment start, so the anchors agree. The C2 anchor and DfE's day-counting convention (start day not counted) are inferred (data-standards §3.3 I-5: 'Same day' band, validator rule 8670Q), not verified in DfE's methodology. Matches §4: 82.5% (2023), 84.5% (2024). National/regional bands are rounded to 10. 2014 is a partial year. No 2025 figures shipped.",
        },
    },
    IndicatorMapping {
        indicator_id: "s47_started",
        rate_of: None,
        unit: Unit::Count,
        source_table: "c4",
        published_measure: "Section 47 enquiries starting in the year (event count; C4 Section47, not the child count Section47_child).",
        sources: &[col(C4Release2024, "Section47")],
        comparability: Comparability {
            matches: true,
            note: "Same count (S47s with a start date in the year). Whether DfE de-duplicates same-day enquiries is not verified. No 2025 figures shipped (2025 C4 file not held).",
        },
    },
    IndicatorMapping {
        indicator_id: "s47_started_per_10k",
        rate_of: Some("s47_started"),
        unit: Unit::RatePer10k,
        source_table: "c4",
        published_measure: "Section 47 enquiries per 10,000 children aged 0–17 (C4 Section47_rate, event-based).",
        sources: &[col(C4Release2024, "Section47_rate")],
        comparability: Comparability {
            matches: true,
            note: "Published event-based rate (population vintage of the 2024 release). No 2025 figures shipped.",
        },
    },
    IndicatorMapping {
        indicator_id: "s47_to_icpc_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "c4",
        published_measure: "Calculated: ICPCs in the year ÷ section 47 enquiries in the year (both C4). Not published as a percentage.",
        sources: &[Source {
            table: C4Release2024,
            extract: Percent {
                num: &["ICPC"],
                den: &["Section47"],
                formula: "100 × ICPC ÷ Section47 (same year), 1 d.p.",
            },
        }],
        comparability: Comparability {
            matches: false,
            note: "Not the same measure: the published counts are not cohort-matched (an ICPC in the year may follow an S47 from the previous year) and the ICPC count includes conferences without an S47 in the table. Ours follows the S47s started in the period and leaves pending ones out. Context only.",
        },
    },
    IndicatorMapping {
        indicator_id: "icpcs",
        rate_of: None,
        unit: Unit::Count,
        source_table: "c4",
        published_measure: "Initial child protection conferences held in the year (C4 ICPC, event count).",
        sources: &[col(C4Release2024, "ICPC")],
        comparability: Comparability {
            matches: true,
            note: "Same count if DfE includes transfer-in conferences as ours does; not verified (the duration bands sum to slightly fewer than ICPC, e.g. 74,350 vs 74,380 in 2023, which suggests ICPC includes conferences without an S47 duration). No 2025 figures shipped.",
        },
    },
    IndicatorMapping {
        indicator_id: "icpcs_per_10k",
        rate_of: Some("icpcs"),
        unit: Unit::RatePer10k,
        source_table: "c4",
        published_measure: "ICPCs per 10,000 children aged 0–17 (C4 ICPC_rate).",
        sources: &[col(C4Release2024, "ICPC_rate")],
        comparability: Comparability {
            matches: true,
            note: "Published rate (population vintage of the 2024 release); same caveats as icpcs. No 2025 figures shipped.",
        },
    },
    IndicatorMapping {
        indicator_id: "icpc_within_15wd_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "c4",
        published_measure: "Calculated from the C4 duration bands: ICPCs held within 15 working days of the start of the S47 enquiry (0-10 + 11-15 days) as % of all banded ICPCs. DfE publishes the bands, not the percentage.",
        sources: &[Source {
            table: C4Release2024,
            extract: Percent {
                num: &["Duration_0-10_days", "Duration_11-15_days"],
                den: C4_BANDS,
                formula: "100 × (0-10 + 11-15 days) ÷ sum of the four C4 duration bands, 1 d.p.",
            },
        }],
        comparability: Comparability {
            matches: true,
            note: "Both measure working days from the S47 start (strategy discussion) to the ICPC, over ICPCs that have an S47 duration (transfer-ins excluded; the band total is the denominator, per data-standards §3.3 I-8). The C4 anchor and DfE's exclusions are not verified against DfE's data guidance. Using the ICPC total as denominator instead gives 0.0–0.7 points less (e.g. 2023: 78.5% here vs §4's 78.4%). National/regional bands are rounded to 10. No 2025 figures shipped.",
        },
    },
    IndicatorMapping {
        indicator_id: "icpc_to_cpp_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "d1",
        published_measure: "Proxy calculated from two tables: CP plans started in the year (D1 CPP_start) ÷ ICPCs in the year (C4 ICPC). Not published.",
        sources: &[Source {
            table: D1Release2024,
            extract: CrossPercent {
                num: "CPP_start",
                den_table: C4Release2024,
                den: "ICPC",
                formula: "100 × D1 CPP_start ÷ C4 ICPC (same year), 1 d.p.",
            },
        }],
        comparability: Comparability {
            matches: false,
            note: "Proxy only (data-standards §3.3 I-9): plans can start without an ICPC in the year (e.g. transfer-in) and ICPCs are not matched to the plans they produced. Ours counts ICPCs whose child has a plan starting on the ICPC date. Context only.",
        },
    },
    IndicatorMapping {
        indicator_id: "cpp_started",
        rate_of: None,
        unit: Unit::Count,
        source_table: "d3",
        published_measure: "Child protection plans starting in the year (D3 CPP_start, 2025 release; equals D1 CPP_start for 2013–2024).",
        sources: &[col(D3Release2025, "CPP_start")],
        comparability: Comparability {
            matches: true,
            note: "Same count (plans with a start date in the year to 31 March).",
        },
    },
    IndicatorMapping {
        indicator_id: "cpp_started_per_10k",
        rate_of: Some("cpp_started"),
        unit: Unit::RatePer10k,
        source_table: "d1",
        published_measure: "CP plans started per 10,000 children aged 0–17 (D1 CPP_start_rate).",
        sources: &[
            col(D1Release2024, "CPP_start_rate"),
            Source {
                table: D3Release2025,
                extract: RateFromPopulation {
                    count: "CPP_start",
                    formula: "D3 CPP_start ÷ ONS mid-(year−1) population aged 0–17 (CIN 2025 release vintage) × 10,000, 1 d.p.",
                },
            },
        ],
        comparability: Comparability { matches: true, note: RATE_NOTE_2025 },
    },
    IndicatorMapping {
        indicator_id: "cpp_open_at_end",
        rate_of: None,
        unit: Unit::Count,
        source_table: "d5",
        published_measure: "Child protection plans open at 31 March (D5 CPP_At31, 2025 release; D1 CPP_At31 in the 2024 release, which differs for 2013 only).",
        sources: &[col(D5Release2025, "CPP_At31")],
        comparability: Comparability {
            matches: true,
            note: "Matches ours when the period ends on 31 March (no published comparator for other period ends). DfE's headline calls this children on a plan; ours counts plans — equal unless a child has overlapping plans (not verified).",
        },
    },
    IndicatorMapping {
        indicator_id: "cpp_open_at_end_per_10k",
        rate_of: Some("cpp_open_at_end"),
        unit: Unit::RatePer10k,
        source_table: "d1",
        published_measure: "CP plans at 31 March per 10,000 children aged 0–17 (D1 CPP_At31_rate).",
        sources: &[
            col(D1Release2024, "CPP_At31_rate"),
            Source {
                table: D5Release2025,
                extract: RateFromPopulation {
                    count: "CPP_At31",
                    formula: "D5 CPP_At31 ÷ ONS mid-(year−1) population aged 0–17 (CIN 2025 release vintage) × 10,000, 1 d.p.",
                },
            },
        ],
        comparability: Comparability { matches: true, note: RATE_NOTE_2025 },
    },
    IndicatorMapping {
        indicator_id: "cpp_open_2y_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "d5",
        published_measure: "Plans open at 31 March that had lasted 2 years or more, % of plans open at 31 March (D5 2_years_or_more_percent).",
        sources: &[col(D5Release2025, "2_years_or_more_percent")],
        comparability: Comparability {
            matches: true,
            note: "Matches ours ('open at period end') when the period ends on 31 March. DfE's treatment of a plan that started exactly 2 years before 31 March is not verified.",
        },
    },
    IndicatorMapping {
        indicator_id: "cpp_open_2y",
        rate_of: None,
        unit: Unit::Count,
        source_table: "d5",
        published_measure: "Plans open at 31 March that had lasted 2 years or more (D5 2_years_or_more).",
        sources: &[col(D5Release2025, "2_years_or_more")],
        comparability: Comparability {
            matches: true,
            note: "Matches ours when the period ends on 31 March; exact 2-year boundary not verified. LA cells are often suppressed (c).",
        },
    },
    IndicatorMapping {
        indicator_id: "cpp_ended_2y_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "d7",
        published_measure: "Plans ending in the year that had lasted 2 years or more, % of plans ending (D7 2_years_or_more_percent; the former NI 64).",
        sources: &[col(D7Release2024, "2_years_or_more_percent")],
        comparability: Comparability {
            matches: true,
            note: "Same definition (plans ending in the period, duration ≥ 2 years). DfE's exact 2-year boundary is not verified. No 2025 figures shipped (2025 D7 file not held).",
        },
    },
    IndicatorMapping {
        indicator_id: "cpp_repeat_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "d3",
        published_measure: "Plans starting in the year that were the child's second or subsequent plan (ever), % of plan starts (D3 CPP_subsequent_percent).",
        sources: &[col(D3Release2025, "CPP_subsequent_percent")],
        comparability: Comparability {
            matches: true,
            note: "Same definition ('however long ago'). How DfE treats a plan with no recorded number of previous plans is not verified (ours keeps it in the denominator). The 2025 release revised earlier years (England 2022: 23.3% → 22.7%); the 2025 values are shipped.",
        },
    },
    IndicatorMapping {
        indicator_id: "cpp_reviews_on_time_pct",
        rate_of: None,
        unit: Unit::Percent,
        source_table: "d6",
        published_measure: "Children on a CP plan at 31 March that had been open at least 3 months (D6 CPP_At31_3Months) whose reviews were all held within the required timescales, % (D6 Reviewed_within_timescales_percent; the former NI 67).",
        sources: &[col(D6Release2024, "Reviewed_within_timescales_percent")],
        comparability: Comparability {
            matches: true,
            note: "Matches ours when the period ends on 31 March (same population: on a plan at the end, open ≥ 3 months). DfE's exact review-timing test — in particular whether a next review overdue at 31 March counts as late, as ours does — is not verified. No 2025 figures shipped.",
        },
    },
    IndicatorMapping {
        indicator_id: "cin_at_end",
        rate_of: None,
        unit: Unit::Count,
        source_table: "b1",
        published_measure: "Children in need at 31 March: CIN episodes open at 31 March (B1 At31_episodes), which DfE headlines as children in need.",
        sources: &[col(B1Release2025, "At31_episodes")],
        comparability: Comparability {
            matches: true,
            note: "Matches ours when the period ends on 31 March. DfE counts open episodes; ours counts distinct children with an open non-NFA episode — equal unless a child has two open episodes (not verified).",
        },
    },
    IndicatorMapping {
        indicator_id: "cin_at_end_per_10k",
        rate_of: Some("cin_at_end"),
        unit: Unit::RatePer10k,
        source_table: "b1",
        published_measure: "Children in need at 31 March per 10,000 children aged 0–17 (B1 At31_episodes_rate).",
        sources: &[
            col(B1Release2024, "At31_episodes_rate"),
            Source {
                table: B1Release2025,
                extract: RateFromPopulation {
                    count: "At31_episodes",
                    formula: "B1 At31_episodes ÷ ONS mid-(year−1) population aged 0–17 (CIN 2025 release vintage) × 10,000, 1 d.p.",
                },
            },
        ],
        comparability: Comparability { matches: true, note: RATE_NOTE_2025 },
    },
    IndicatorMapping {
        indicator_id: "cin_plans_at_end",
        rate_of: None,
        unit: Unit::Count,
        source_table: "b7",
        published_measure: "Child in need plans open at 31 March (B7 CINPlan_At31; series starts 2022).",
        sources: &[col(B7Release2024, "CINPlan_At31")],
        comparability: Comparability {
            matches: true,
            note: "Matches ours when the period ends on 31 March. Whether DfE counts plans or children at 31 March is not verified (B7 has child columns only for starts, ends and any-point). Only 2022–2024 are shipped.",
        },
    },
    IndicatorMapping {
        indicator_id: "cin_plans_at_end_per_10k",
        rate_of: Some("cin_plans_at_end"),
        unit: Unit::RatePer10k,
        source_table: "b7",
        published_measure: "CIN plans at 31 March per 10,000 children aged 0–17 (B7 CINPlan_At31_rate).",
        sources: &[col(B7Release2024, "CINPlan_At31_rate")],
        comparability: Comparability {
            matches: true,
            note: "Published rate (population vintage of the 2024 release); 2022–2024 only.",
        },
    },
];
