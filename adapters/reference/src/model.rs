//! Public value types: geographies, figures, releases, local authorities.

use serde::Serialize;

/// What a [`Figure`]'s value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A percentage, 0–100 (one decimal place, as DfE publishes).
    Percent,
    /// A count of events, plans or children. DfE rounds national and
    /// regional counts to the nearest 10; LA counts are unrounded.
    Count,
    /// A rate per 10,000 children aged 0–17 (one decimal place).
    #[serde(rename = "rate_per_10k")]
    RatePer10k,
}

impl Unit {
    /// `percent`, `count` or `rate_per_10k`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::RatePer10k => "rate_per_10k",
        }
    }
}

/// The area a figure is published for.
///
/// Codes are ONS 9-character codes: `E92000001` is England (use
/// [`Geography::England`]), `E12000001`–`E12000009` the nine regions, and
/// `E13000001` / `E13000002` Inner and Outer London (DfE publishes both as
/// regional rows, so London is counted twice among them). A local authority
/// may also be named by its 3-digit DfE number, an earlier ONS code or its
/// name when querying; figures always carry the authority's current ONS code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "level", content = "code", rename_all = "snake_case")]
pub enum Geography {
    /// England (the national rows).
    England,
    /// A region (or Inner/Outer London) by ONS code.
    Region(String),
    /// A local authority, by ONS code (also accepts the DfE number or name).
    LocalAuthority(String),
}

impl Geography {
    /// `Geography::Region(code)`.
    pub fn region(code: impl Into<String>) -> Self {
        Geography::Region(code.into())
    }

    /// `Geography::LocalAuthority(code)`.
    pub fn la(code: impl Into<String>) -> Self {
        Geography::LocalAuthority(code.into())
    }
}

/// Why a published cell holds no number. DfE's symbols (data-standards §3.5,
/// SOURCE.md); never read any of them as 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Suppression {
    /// `c`: suppressed to protect confidentiality (small numbers and
    /// figures derived from them).
    Confidential,
    /// `x` or `:`: not available (no return, or no population for a rate).
    NotAvailable,
    /// `u`: low reliability, withheld (e.g. Hampshire 2024).
    LowReliability,
    /// `z`: not applicable (e.g. a percentage with a zero base). Also used
    /// for a percentage this crate would have to calculate with a zero
    /// denominator.
    NotApplicable,
    /// `k` or `low`: rounds to zero / below the rounding threshold.
    Low,
    /// No published number and no row to derive one from (only used by
    /// calculated figures, e.g. a rate whose population row is missing).
    NoData,
}

impl Suppression {
    /// Parse a DfE symbol; `None` if it is not one.
    pub fn from_symbol(s: &str) -> Option<Self> {
        match s {
            "c" => Some(Suppression::Confidential),
            "x" | ":" => Some(Suppression::NotAvailable),
            "u" => Some(Suppression::LowReliability),
            "z" => Some(Suppression::NotApplicable),
            "k" | "low" => Some(Suppression::Low),
            _ => None,
        }
    }

    /// The DfE symbol (`""` for [`Suppression::NoData`]).
    pub fn symbol(self) -> &'static str {
        match self {
            Suppression::Confidential => "c",
            Suppression::NotAvailable => "x",
            Suppression::LowReliability => "u",
            Suppression::NotApplicable => "z",
            Suppression::Low => "low",
            Suppression::NoData => "",
        }
    }

    /// A short reason suitable for a tooltip.
    pub fn reason(self) -> &'static str {
        match self {
            Suppression::Confidential => {
                "suppressed by DfE to protect confidentiality (small numbers)"
            }
            Suppression::NotAvailable => {
                "not available (no data returned, or no population for a rate)"
            }
            Suppression::LowReliability => "withheld by DfE because of low reliability",
            Suppression::NotApplicable => "not applicable (zero base)",
            Suppression::Low => "rounds to zero / below the rounding threshold",
            Suppression::NoData => "no published data to derive this figure from",
        }
    }
}

/// A publication the shipped figures come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    /// Stable key, e.g. `cin_2025`.
    pub key: &'static str,
    /// Publication name.
    pub name: &'static str,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`, or `YYYY-MM` when only the
    /// month is known); `None` when the source does not state it.
    pub published: Option<&'static str>,
    /// Where the files came from and what is (not) known about the date.
    pub note: &'static str,
}

/// Children in need, reporting year 2025 (files from DfE's dashboard repo).
pub static RELEASE_CIN_2025: Release = Release {
    key: "cin_2025",
    name: "Children in need, reporting year 2025 (DfE, Explore Education Statistics)",
    published: Some("2025-10-30"),
    note: "Date as given by DfE's CSC Outcomes and Enablers dashboard source page ('last updated: 30 October 2025'). Files copied byte-for-byte from dfe-analytical-services/CSC_outcomes_and_enablers@2f5d11a4 data-raw/.",
};

/// Children in need, reporting year 2024 (files from D2I's ERN-sessions repo).
pub static RELEASE_CIN_2024: Release = Release {
    key: "cin_2024",
    name: "Children in need, reporting year 2024 (DfE, Explore Education Statistics)",
    published: None,
    note: "Publication date not stated by the source repository; the files were added to data-to-insight/ERN-sessions on 13 Nov 2024, so the release predates that (exact date not verified). Copied byte-for-byte from data-to-insight/ERN-sessions@8dbdf2b0 'No Local Python/data/'.",
};

/// Statistical neighbour model 2025.
pub static RELEASE_SN_2025: Release = Release {
    key: "sn_2025",
    name: "Children's services statistical neighbour benchmarking tool, 2025 model (DfE)",
    published: Some("2025-05"),
    note: "'last updated: May 2025' per DfE's CSC Outcomes and Enablers dashboard; file data-raw/sn_model_2025_wide.csv of dfe-analytical-services/CSC_outcomes_and_enablers@2f5d11a4.",
};

/// Statistical neighbour groupings, LGR version April 2021.
pub static RELEASE_SN_2021: Release = Release {
    key: "sn_2021",
    name: "Children's services statistical neighbour benchmarking tool, LGR version (April 2021) (DfE)",
    published: Some("2021-04"),
    note: "File data-raw/New_Statistical_Neighbour_Groupings_April_2021.csv of dfe-analytical-services/CSC_outcomes_and_enablers@2f5d11a4; month from the tool's title.",
};

/// How a figure's value was obtained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Derivation {
    /// Copied from a published column.
    Published {
        /// Column name in the source CSV.
        column: &'static str,
    },
    /// Calculated here from published numbers (not itself published).
    Calculated {
        /// The formula, in words.
        formula: &'static str,
    },
}

/// Whether the published measure matches our indicator's definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Comparability {
    /// `true` if the published figure measures the same thing as our
    /// indicator (subject to the caveats in `note`).
    pub matches: bool,
    /// What the published figure measures, the differences, and what has
    /// not been verified.
    pub note: &'static str,
}

/// One published (or derived-from-published) comparator value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Our indicator id (`referrals`, `referrals_per_10k`, …).
    pub indicator_id: &'static str,
    /// DfE reporting year: `2024` is the year ending 31 March 2024.
    pub time_period: u16,
    /// The area; a local authority carries its current ONS code.
    pub geography: Geography,
    /// The value; `None` when suppressed or unavailable (see `suppression`).
    pub value: Option<f64>,
    /// Why `value` is `None`.
    pub suppression: Option<Suppression>,
    /// Percent, count or rate per 10,000.
    pub unit: Unit,
    /// DfE table code (`c1`, `d5`, …).
    pub source_table: &'static str,
    /// The CSV file under `data/` the value comes from.
    pub source_file: &'static str,
    /// The publication.
    pub release: &'static Release,
    /// Published column, or how it was calculated.
    pub derivation: Derivation,
    /// Whether the published measure matches our definition.
    pub comparability: Comparability,
}

impl Figure {
    /// `suppression.reason()`, if any.
    pub fn missing_reason(&self) -> Option<&'static str> {
        self.suppression.map(Suppression::reason)
    }
}

/// A local authority with children's services responsibilities, as it
/// appears in the CIN tables (158 in all, 153 of them current).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalAuthority {
    /// Current ONS code, e.g. `E06000043`.
    pub code: String,
    /// DfE 3-digit LA number, e.g. `846`. Stable across the ONS code
    /// changes (North Yorkshire, Somerset, Buckinghamshire, Gateshead,
    /// Northumberland), so series are joined on it.
    pub old_code: String,
    /// Name as DfE spells it (`Bristol, City of`, `St. Helens`).
    pub name: String,
    /// One of the nine regions, `E12000001`–`E12000009` (London boroughs:
    /// `E12000007`).
    pub region_code: String,
    /// Region name, e.g. `South East`.
    pub region_name: String,
    /// `E13000001` (Inner London) or `E13000002` (Outer London) for London
    /// boroughs, as DfE's LA rows give it; `None` elsewhere.
    pub subregion_code: Option<String>,
    /// `Inner London` or `Outer London`.
    pub subregion_name: Option<String>,
    /// Other ONS codes the authority has had in the shipped files.
    pub previous_codes: Vec<String>,
    /// First reporting year with a row in the B1 table (2013 at the earliest).
    pub first_year: u16,
    /// Last reporting year with a row (2025 for current authorities; e.g.
    /// 2023 for Cumbria, 2021 for Northamptonshire).
    pub last_year: u16,
}

impl LocalAuthority {
    /// `Geography::LocalAuthority(code)`.
    pub fn geography(&self) -> Geography {
        Geography::LocalAuthority(self.code.clone())
    }

    /// `Geography::Region(region_code)`.
    pub fn region(&self) -> Geography {
        Geography::Region(self.region_code.clone())
    }

    /// Whether the authority still reports (has a row in the latest year).
    pub fn is_current(&self) -> bool {
        self.last_year >= crate::LATEST_YEAR
    }
}

/// A region row in the published tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// ONS code (`E12…` or `E13…`).
    pub code: String,
    /// Name.
    pub name: String,
}

/// Which statistical-neighbour model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnModel {
    /// DfE 2025 model (`sn_model_2025_wide.csv`): all 153 current LAs.
    /// The default.
    Model2025,
    /// DfE groupings, LGR version April 2021: the 152 LAs of reporting
    /// years 2022–2023 (has Cumbria; lacks Cumberland and Westmorland and
    /// Furness).
    Groupings2021,
}

impl SnModel {
    /// The publication.
    pub fn release(self) -> &'static Release {
        match self {
            SnModel::Model2025 => &RELEASE_SN_2025,
            SnModel::Groupings2021 => &RELEASE_SN_2021,
        }
    }
}

/// One statistical neighbour with DfE's closeness band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Neighbour {
    /// 1 = closest.
    pub rank: u8,
    /// The neighbouring authority.
    pub la: &'static LocalAuthority,
    /// DfE's band, trimmed, e.g. `Close`, `Somewhat close`, `Very Close`.
    pub closeness: String,
}

/// Which vintage of the ONS 0–17 population estimates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PopulationVintage {
    /// Mid-2012 to mid-2024, from the CIN 2025 release. The default.
    Cin2025Release,
    /// Mid-2012 to mid-2023, from the CIN 2024 release: the population
    /// behind the published 2013–2024 rates. Differs from the newer vintage
    /// for mid-2022 and mid-2023.
    Cin2024Release,
}
