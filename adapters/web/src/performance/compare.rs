//! Comparators for one indicator: the published England, regional, local-authority and
//! statistical-neighbour figures (shipped reference data, with their release) and the
//! council's own comparators (stored, with their source and date).

use assure_indicators::{IndicatorDef, IndicatorValue, Unit};
use assure_reference::{Figure, Geography, Release};
use assure_store::Comparator;

/// How a comparison is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Percent,
    /// Rates per 10,000 children aged 0–17 (for count indicators).
    Rate,
}

impl Measure {
    pub fn format(self, v: f64) -> String {
        match self {
            Measure::Percent => assure_charts::format_percent(v),
            Measure::Rate => format!("{v:.1} per 10,000"),
        }
    }

    /// As [`Measure::format`] without "per 10,000", for tables whose row says it.
    pub fn format_short(self, v: f64) -> String {
        match self {
            Measure::Percent => assure_charts::format_percent(v),
            Measure::Rate => format!("{v:.1}"),
        }
    }

    pub fn chart_unit(self) -> assure_charts::Unit {
        match self {
            Measure::Percent => assure_charts::Unit::Percent,
            // Rates are drawn as plain numbers; the title says "per 10,000".
            Measure::Rate => assure_charts::Unit::Count,
        }
    }
}

/// One published figure, ready to show.
#[derive(Debug, Clone)]
pub struct Published {
    pub label: String,
    pub value: Option<f64>,
    /// The value written out, or why there is none.
    pub text: String,
    /// The value without "per 10,000", or the DfE symbol.
    pub short: String,
    pub year: u16,
    pub source: String,
    pub release: &'static Release,
}

/// A comparator the council added.
#[derive(Debug, Clone)]
pub struct UserFigure {
    pub label: String,
    pub value: f64,
    pub unit: String,
    pub text: String,
    pub source: String,
    pub as_of: String,
}

/// Everything to compare one indicator with.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub id: String,
    pub name: String,
    /// How our figure and the published ones are measured; `None` when nothing is
    /// published for the indicator.
    pub measure: Option<Measure>,
    /// Our figure in that measure (a percentage, or the rate per 10,000).
    pub ours: Option<f64>,
    /// The reporting year of the published figures used.
    pub year: Option<u16>,
    /// Whether the published definition matches ours (`None`: nothing published).
    pub comparable: Option<bool>,
    /// What the published figure measures and how it differs, or why there is none.
    pub note: String,
    pub england: Option<Published>,
    pub region: Option<Published>,
    pub la: Option<Published>,
    pub neighbours: Vec<Published>,
    /// Median of the neighbours with a value, and how many have one.
    pub median: Option<f64>,
    pub median_of: usize,
    pub user: Vec<UserFigure>,
}

impl Comparison {
    /// "Yes", "No: context only" or "No published figure".
    pub fn comparable_text(&self) -> &'static str {
        match self.comparable {
            Some(true) => "Yes",
            Some(false) => "No: context only",
            None => "No published figure",
        }
    }

    /// The releases the published figures come from.
    pub fn releases(&self) -> Vec<&'static Release> {
        let mut out: Vec<&'static Release> = Vec::new();
        for p in [&self.england, &self.region, &self.la]
            .into_iter()
            .flatten()
            .chain(self.neighbours.iter())
        {
            if !out.iter().any(|r| r.key == p.release.key) {
                out.push(p.release);
            }
        }
        out
    }

    pub fn median_text(&self) -> String {
        match (self.measure, self.median) {
            (Some(m), Some(v)) => format!(
                "{} ({} of {} neighbours)",
                m.format(v),
                self.median_of,
                self.neighbours.len()
            ),
            _ => "Not available".to_string(),
        }
    }

    /// The median without "per 10,000": "445.2 (10 of 10)".
    pub fn median_short(&self) -> String {
        match (self.measure, self.median) {
            (Some(m), Some(v)) => format!(
                "{} ({} of {})",
                m.format_short(v),
                self.median_of,
                self.neighbours.len()
            ),
            _ => "Not available".to_string(),
        }
    }
}

/// The release date as people read it: "30 October 2025", "May 2025", or that it is not
/// stated by the source.
pub fn release_date(r: &Release) -> String {
    match r.published {
        Some(d) if d.len() == 10 => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| d.format("%-d %B %Y").to_string())
            .unwrap_or_else(|_| d.to_string()),
        Some(d) => chrono::NaiveDate::parse_from_str(&format!("{d}-01"), "%Y-%m-%d")
            .map(|d| d.format("%B %Y").to_string())
            .unwrap_or_else(|_| d.to_string()),
        None => "date not stated by the source".to_string(),
    }
}

/// "Year ending 31 March 2024".
pub fn year_text(year: u16) -> String {
    format!("Year ending 31 March {year}")
}

const DROPOUT: &str = "icpc_dropout_pct";
const DROPOUT_PROXY: &str = "icpc_to_cpp_pct";

/// The published figure (or its complement, for the ICPC drop-out) as a number.
fn value_of(f: &Figure, complement: bool) -> Option<f64> {
    f.value.map(|v| {
        if complement {
            ((100.0 - v) * 10.0).round() / 10.0
        } else {
            v
        }
    })
}

fn published(f: &Figure, label: String, measure: Measure, complement: bool) -> Published {
    let value = value_of(f, complement);
    let text = match (value, f.suppression) {
        (Some(v), _) => measure.format(v),
        (None, Some(s)) => format!("{}: {}", s.symbol(), s.reason()),
        (None, None) => "Not available".to_string(),
    };
    let short = match (value, f.suppression) {
        (Some(v), _) => measure.format_short(v),
        (None, Some(s)) if !s.symbol().is_empty() => s.symbol().to_string(),
        _ => "Not available".to_string(),
    };
    let how = match &f.derivation {
        assure_reference::Derivation::Published { column } => format!("column {column}"),
        assure_reference::Derivation::Calculated { formula } => {
            format!("calculated: {formula}")
        }
    };
    let mut source = format!("DfE table {}, {how}", f.source_table.to_uppercase());
    if complement {
        source.push_str("; shown as 100 − the published proxy");
    }
    Published {
        label,
        value,
        text,
        short,
        year: f.time_period,
        source,
        release: f.release,
    }
}

/// The reporting year to compare with: the period's own year when it is published, else the
/// latest published year before it, else the latest there is.
fn choose_year(measure_id: &str, reporting_year: i32) -> Option<u16> {
    let years: Vec<u16> = assure_reference::series(measure_id, &Geography::England)
        .into_iter()
        .filter(|f| f.value.is_some())
        .map(|f| f.time_period)
        .collect();
    let wanted = u16::try_from(reporting_year).ok();
    if let Some(w) = wanted {
        if let Some(y) = years.iter().copied().filter(|&y| y <= w).max() {
            return Some(y);
        }
    }
    years.into_iter().max()
}

fn user_text(c: &Comparator) -> String {
    match c.unit.as_str() {
        "percent" => assure_charts::format_percent(c.value),
        "rate_per_10k" => format!("{:.1} per 10,000", c.value),
        _ => assure_charts::format_count(c.value),
    }
}

/// Everything to compare `ours` with, for the council (`la`, if known) and the period's
/// reporting year.
pub fn compare(
    def: &IndicatorDef,
    ours: &IndicatorValue,
    reporting_year: i32,
    la: Option<&'static assure_reference::LocalAuthority>,
    users: &[Comparator],
) -> Comparison {
    let user: Vec<UserFigure> = users
        .iter()
        .filter(|c| c.indicator == def.id)
        .map(|c| UserFigure {
            label: c.label.clone(),
            value: c.value,
            unit: c.unit.clone(),
            text: user_text(c),
            source: c.source.clone(),
            as_of: c.as_of.format("%-d %B %Y").to_string(),
        })
        .collect();
    let complement = def.id == DROPOUT;
    let (measure_id, measure, ours_value): (Option<&str>, Option<Measure>, Option<f64>) =
        match def.unit {
            Unit::Percent => {
                let id = if complement {
                    Some(DROPOUT_PROXY)
                } else {
                    assure_reference::mapping(&def.id).map(|m| m.indicator_id)
                };
                (id, Some(Measure::Percent), ours.value)
            }
            Unit::Count => match assure_reference::rate_mapping_for(&def.id) {
                Some(m) => (Some(m.indicator_id), Some(Measure::Rate), ours.rate_per_10k),
                None => (None, None, None),
            },
        };
    let mut comparison = Comparison {
        id: def.id.clone(),
        name: def.name.clone(),
        measure,
        ours: ours_value,
        year: None,
        comparable: None,
        note: String::new(),
        england: None,
        region: None,
        la: None,
        neighbours: Vec::new(),
        median: None,
        median_of: 0,
        user,
    };
    let (Some(measure_id), Some(measure)) = (measure_id, measure) else {
        comparison.note = match def.unit {
            Unit::Count => "DfE publishes no rate per 10,000 children for this count, and counts from authorities of different sizes do not compare.".into(),
            Unit::Percent => "DfE publishes no figure for this indicator.".into(),
        };
        return comparison;
    };
    let Some(comparability) = assure_reference::comparability(measure_id) else {
        comparison.note = "DfE publishes no figure for this indicator.".into();
        return comparison;
    };
    comparison.comparable = Some(comparability.matches && !complement);
    comparison.note = if complement {
        format!(
            "DfE publishes no ICPC drop-out figure. It is shown here as 100 − DfE's ICPC-to-plan figure, which is a proxy: {}",
            comparability.note
        )
    } else {
        comparability.note.to_string()
    };
    let Some(year) = choose_year(measure_id, reporting_year) else {
        return comparison;
    };
    comparison.year = Some(year);
    match la.and_then(|la| assure_reference::comparators_for(&la.code)) {
        Some(c) => {
            let figures = c.figures(measure_id, year);
            comparison.england = figures
                .england
                .as_ref()
                .map(|f| published(f, "England".into(), measure, complement));
            comparison.region = figures
                .region
                .as_ref()
                .map(|f| published(f, c.la.region_name.clone(), measure, complement));
            comparison.la = figures
                .la
                .as_ref()
                .map(|f| published(f, format!("{} (published)", c.la.name), measure, complement));
            comparison.neighbours = c
                .neighbours
                .iter()
                .zip(&figures.neighbours)
                .filter_map(|(n, f)| {
                    f.as_ref()
                        .map(|f| published(f, n.name.clone(), measure, complement))
                })
                .collect();
            let mut values: Vec<f64> = comparison
                .neighbours
                .iter()
                .filter_map(|p| p.value)
                .collect();
            comparison.median_of = values.len();
            comparison.median =
                assure_charts::median(&values.drain(..).map(Some).collect::<Vec<Option<f64>>>());
        }
        None => {
            comparison.england = assure_reference::figures(measure_id, &Geography::England, year)
                .map(|f| published(&f, "England".into(), measure, complement));
        }
    }
    comparison
}
