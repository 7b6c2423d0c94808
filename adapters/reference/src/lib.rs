//! Published DfE *Children in need* comparator figures, ONS 0–17 population
//! estimates and DfE statistical-neighbour groups, shipped as reference data
//! for the indicator dashboard.
//!
//! The CSV files under `data/` are compiled into the crate
//! (`include_str!`) and parsed once, lazily, on first use. They are
//! official statistics under the Open Government Licence v3.0; see the
//! crate README for sources, release dates and how to refresh them.
//!
//! * [`figures`] / [`series`]: a published figure for one of our indicator
//!   ids ([`indicator_mappings`]) for England, a region or an LA and a DfE
//!   reporting year (`2024` = year ending 31 March 2024).
//! * [`local_authorities`], [`find_la`], [`statistical_neighbours`],
//!   [`comparators_for`].
//! * [`population_0_17`]: ONS mid-year estimates of children aged 0–17.
//!
//! Every figure carries its release, its source table and column (or the
//! formula when it is calculated from published numbers), and a
//! [`Comparability`] note saying whether the published definition matches
//! ours.
//!
//! ```
//! use assure_reference::*;
//!
//! let la = find_la("E06000043").unwrap(); // also "846" or "Brighton and Hove"
//! assert_eq!(la.region_name, "South East");
//! assert_eq!(statistical_neighbours("846").len(), 10); // 2025 model, closest first
//! assert_eq!(population_0_17("E06000043", 2023), Some(46_835)); // mid-2023
//! let f = figures("rereferrals_12m_pct", &Geography::England, 2024).unwrap();
//! assert_eq!(f.value, Some(22.4));
//! let s = series("cin_at_end_per_10k", &Geography::la("846"));
//! assert_eq!(s.last().unwrap().time_period, 2025);
//! let c = comparators_for("846").unwrap();
//! let cf = c.figures("cpp_repeat_pct", 2025); // England, region, LA, 10 neighbours
//! assert!(cf.neighbour_median().is_some());
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod data;
mod mappings;
mod model;
mod table;

use serde::Serialize;

pub use mappings::{Extract, IndicatorMapping, Source, TableId, MAPPINGS};
pub use model::{
    Comparability, Derivation, Figure, Geography, LocalAuthority, Neighbour, PopulationVintage,
    Region, Release, SnModel, Suppression, Unit, RELEASE_CIN_2024, RELEASE_CIN_2025,
    RELEASE_SN_2021, RELEASE_SN_2025,
};

use table::{Cell, GeoKey, Table};

/// The latest DfE reporting year in the shipped data.
pub const LATEST_YEAR: u16 = 2025;

/// A failure to parse the shipped data. It can only arise from a bad data
/// refresh; the crate's tests load everything, so a released build never
/// returns it.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    /// The CSV itself is malformed.
    #[error("{file}: {source}")]
    Csv {
        /// File under `data/`.
        file: &'static str,
        /// The CSV error.
        source: csv::Error,
    },
    /// A row or header does not have the expected shape.
    #[error("{file} line {line}: {message}")]
    Data {
        /// File under `data/`.
        file: &'static str,
        /// 1-based line (0 when not line-specific).
        line: u64,
        /// What is wrong.
        message: String,
    },
}

/// Parse all shipped data now (it is otherwise parsed on first use) and
/// report any failure. Every other function panics on such a failure,
/// since it means the shipped data is broken.
pub fn load() -> Result<(), &'static ReferenceError> {
    data::load().map(|_| ())
}

// ---------------------------------------------------------------- LAs

/// Every local authority in the CIN tables 2013–2025 (158, including the
/// five that no longer report: Bournemouth, Poole, Dorset county,
/// Northamptonshire and Cumbria), ordered by DfE number.
pub fn local_authorities() -> &'static [LocalAuthority] {
    &data::data().las
}

/// Find a local authority by current or earlier ONS code (`E06000043`),
/// DfE number (`846`) or name (`brighton and hove`; case-insensitive, `.`,
/// `,` and `&` ignored). A name shared with a former authority (Dorset)
/// gives the current one.
pub fn find_la(key: &str) -> Option<&'static LocalAuthority> {
    data::data().find_la(key)
}

/// The regional rows: the nine regions and Inner/Outer London.
pub fn regions() -> &'static [Region] {
    &data::data().regions
}

// ---------------------------------------------------------------- neighbours

/// The 10 statistical neighbours of an LA (any key [`find_la`] accepts),
/// closest first, from the DfE **2025 model** — the newer model and the
/// only complete one for the current 153 LAs (the April 2021 groupings
/// lack Cumberland and Westmorland and Furness). Empty when the LA is
/// unknown or not in the model (a former authority: use
/// [`statistical_neighbours_in`] with [`SnModel::Groupings2021`] for
/// Cumbria or North/West Northamptonshire's 2021 groups).
pub fn statistical_neighbours(la: &str) -> Vec<&'static LocalAuthority> {
    statistical_neighbours_in(la, SnModel::Model2025)
        .into_iter()
        .map(|n| n.la)
        .collect()
}

/// The neighbours of an LA in a given model, with closeness bands.
pub fn statistical_neighbours_in(la: &str, model: SnModel) -> Vec<Neighbour> {
    let d = data::data();
    let Some(la) = d.find_la(la) else {
        return Vec::new();
    };
    let Some(ns) = d.neighbours[&model].get(&la.old_code) else {
        return Vec::new();
    };
    ns.iter()
        .enumerate()
        .map(|(i, (code, band))| Neighbour {
            rank: (i + 1) as u8,
            la: d.find_la(code).expect("neighbour checked at load"),
            closeness: band.clone(),
        })
        .collect()
}

// ---------------------------------------------------------------- population

/// ONS mid-year estimate of children aged 0–17 for `year` (mid-year,
/// 30 June) from the newest vintage (mid-2012 to mid-2024, shipped with the
/// CIN 2025 release). `code` is `E92000001`/`England`, a region code, or any
/// LA key [`find_la`] accepts. `None` if unknown or not available (`x`,
/// e.g. Bournemouth, Poole and old Dorset before mid-2019).
///
/// Rates for DfE reporting year *N* use mid-year *N − 1*: see
/// [`population_0_17_for_reporting_year`].
pub fn population_0_17(code: &str, year: u16) -> Option<u64> {
    population_0_17_vintage(code, year, PopulationVintage::Cin2025Release)
}

/// [`population_0_17`] from a chosen vintage. The CIN 2024 release's
/// vintage is the population behind the published 2013–2024 rates; it
/// differs from the newer one for mid-2022 and mid-2023.
pub fn population_0_17_vintage(code: &str, year: u16, vintage: PopulationVintage) -> Option<u64> {
    let d = data::data();
    let geo = d.geo_key(code)?;
    let table = d.table(match vintage {
        PopulationVintage::Cin2025Release => TableId::Population2025,
        PopulationVintage::Cin2024Release => TableId::Population2024,
    });
    pop_cell(table, &geo, year)
}

/// The population DfE divides by for reporting year `reporting_year`
/// (year ending 31 March): the mid-(`reporting_year` − 1) estimate, newest
/// vintage.
pub fn population_0_17_for_reporting_year(code: &str, reporting_year: u16) -> Option<u64> {
    population_0_17(code, reporting_year.checked_sub(1)?)
}

/// The measure columns of a shipped table, in file order.
pub fn table_columns(table: TableId) -> Vec<&'static str> {
    let t = data::data().table(table);
    let mut cols: Vec<(&'static str, usize)> =
        t.columns.iter().map(|(k, &i)| (k.as_str(), i)).collect();
    cols.sort_by_key(|&(_, i)| i);
    cols.into_iter().map(|(k, _)| k).collect()
}

/// The reporting (or, for population, mid-) years a shipped table covers.
pub fn table_years(table: TableId) -> Vec<u16> {
    data::data().table(table).years.iter().copied().collect()
}

fn pop_cell(table: &Table, geo: &GeoKey, year: u16) -> Option<u64> {
    match table.cell(geo, year, "population_estimate")? {
        Cell::Num(v) if v >= 0.0 && v.fract() == 0.0 => Some(v as u64),
        _ => None,
    }
}

// ---------------------------------------------------------------- figures

/// Every indicator mapping.
pub fn indicator_mappings() -> &'static [IndicatorMapping] {
    MAPPINGS
}

/// The mapping for one indicator id, if the published tables measure it.
pub fn mapping(indicator_id: &str) -> Option<&'static IndicatorMapping> {
    MAPPINGS.iter().find(|m| m.indicator_id == indicator_id)
}

/// Whether the published figure for `indicator_id` matches our definition.
pub fn comparability(indicator_id: &str) -> Option<Comparability> {
    mapping(indicator_id).map(|m| m.comparability)
}

/// The rate-per-10,000 mapping for a count indicator (`referrals` →
/// `referrals_per_10k`), if one is published.
pub fn rate_mapping_for(count_indicator_id: &str) -> Option<&'static IndicatorMapping> {
    MAPPINGS
        .iter()
        .find(|m| m.rate_of == Some(count_indicator_id))
}

/// The published figure for an indicator, area and DfE reporting year
/// (`2024` = year ending 31 March 2024). `None` when the indicator is not
/// published, the area is unknown, or there is no row for that year. A
/// row whose cell is suppressed gives `Some` with `value: None` and the
/// reason in `suppression`.
pub fn figures(indicator_id: &str, geography: &Geography, year: u16) -> Option<Figure> {
    let m = mapping(indicator_id)?;
    let d = data::data();
    let (geo, out_geo) = resolve(d, geography)?;
    figure_for(d, m, &geo, &out_geo, year)
}

/// All years with a figure for the indicator and area, oldest first
/// (suppressed years included, with `value: None`).
pub fn series(indicator_id: &str, geography: &Geography) -> Vec<Figure> {
    let Some(m) = mapping(indicator_id) else {
        return Vec::new();
    };
    let d = data::data();
    let Some((geo, out_geo)) = resolve(d, geography) else {
        return Vec::new();
    };
    let mut years: Vec<u16> = m
        .sources
        .iter()
        .flat_map(|s| d.table(s.table).years.iter().copied())
        .collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .filter_map(|y| figure_for(d, m, &geo, &out_geo, y))
        .collect()
}

fn resolve(d: &data::Data, g: &Geography) -> Option<(GeoKey, Geography)> {
    match g {
        Geography::England => Some((GeoKey::England, Geography::England)),
        Geography::Region(code) => {
            let r = d
                .regions
                .iter()
                .find(|r| r.code.eq_ignore_ascii_case(code))?;
            Some((
                GeoKey::Region(r.code.clone()),
                Geography::Region(r.code.clone()),
            ))
        }
        Geography::LocalAuthority(key) => {
            let la = d.find_la(key)?;
            Some((GeoKey::La(la.old_code.clone()), la.geography()))
        }
    }
}

enum Value {
    Num(f64),
    Missing(Suppression),
}

fn figure_for(
    d: &data::Data,
    m: &'static IndicatorMapping,
    geo: &GeoKey,
    out_geo: &Geography,
    year: u16,
) -> Option<Figure> {
    // First source with a row for this geography and year.
    let src = m
        .sources
        .iter()
        .find(|s| d.table(s.table).has_row(geo, year))?;
    let t = d.table(src.table);
    let cell = |table: &Table, col: &str| table.cell(geo, year, col);
    let (value, derivation) = match src.extract {
        Extract::Column(c) => {
            let v = match cell(t, c)? {
                Cell::Num(v) => Value::Num(v),
                Cell::Sym(s) => Value::Missing(s),
            };
            (v, Derivation::Published { column: c })
        }
        Extract::Percent { num, den, formula } => {
            let n = sum(t, geo, year, num);
            let dn = sum(t, geo, year, den);
            (percent(n, dn), Derivation::Calculated { formula })
        }
        Extract::CrossPercent {
            num,
            den_table,
            den,
            formula,
        } => {
            let n = sum(t, geo, year, &[num]);
            let dn = sum(d.table(den_table), geo, year, &[den]);
            (percent(n, dn), Derivation::Calculated { formula })
        }
        Extract::RateFromPopulation { count, formula } => {
            let n = sum(t, geo, year, &[count]);
            let pop = year
                .checked_sub(1)
                .and_then(|y| pop_cell(d.table(TableId::Population2025), geo, y));
            let v = match (n, pop) {
                (Ok(n), Some(p)) if n >= 0.0 && n.fract() == 0.0 => {
                    match tenths_half_up(n as u64, p, 100_000) {
                        Some(r) => Value::Num(r),
                        None => Value::Missing(Suppression::NotAvailable),
                    }
                }
                (Err(s), _) => Value::Missing(s),
                _ => Value::Missing(Suppression::NotAvailable),
            };
            (v, Derivation::Calculated { formula })
        }
    };
    let (value, suppression) = match value {
        Value::Num(v) => (Some(v), None),
        Value::Missing(s) => (None, Some(s)),
    };
    Some(Figure {
        indicator_id: m.indicator_id,
        time_period: year,
        geography: out_geo.clone(),
        value,
        suppression,
        unit: m.unit,
        source_table: src.table.code(),
        source_file: src.table.file(),
        release: src.table.release(),
        derivation,
        comparability: m.comparability,
    })
}

/// Sum of columns; the first non-numeric cell's symbol if any is missing.
fn sum(t: &Table, geo: &GeoKey, year: u16, cols: &[&str]) -> Result<f64, Suppression> {
    let mut total = 0.0;
    for c in cols {
        match t.cell(geo, year, c) {
            Some(Cell::Num(v)) => total += v,
            Some(Cell::Sym(s)) => return Err(s),
            None => return Err(Suppression::NoData),
        }
    }
    Ok(total)
}

fn percent(n: Result<f64, Suppression>, d: Result<f64, Suppression>) -> Value {
    match (n, d) {
        (Err(s), _) | (_, Err(s)) => Value::Missing(s),
        (Ok(n), Ok(d)) => {
            if n < 0.0 || d < 0.0 || n.fract() != 0.0 || d.fract() != 0.0 {
                return Value::Missing(Suppression::NotAvailable);
            }
            match tenths_half_up(n as u64, d as u64, 1_000) {
                Some(v) => Value::Num(v),
                None => Value::Missing(Suppression::NotApplicable),
            }
        }
    }
}

/// `round_half_up(scale × num / den)` in tenths, exact integer arithmetic
/// (as `assure-calendar` does); `None` when `den` is 0.
fn tenths_half_up(num: u64, den: u64, scale_tenths: u128) -> Option<f64> {
    if den == 0 {
        return None;
    }
    let n = u128::from(num) * scale_tenths;
    let d = u128::from(den);
    Some(((2 * n + d) / (2 * d)) as f64 / 10.0)
}

// ---------------------------------------------------------------- comparators

/// The comparator areas for one LA: England, its region, the LA itself and
/// its 10 statistical neighbours (2025 model), as DfE's CSC dashboard shows
/// them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparators {
    /// England.
    pub england: Geography,
    /// The LA's region (London, not Inner/Outer London, for boroughs).
    pub region: Geography,
    /// The LA.
    pub la: &'static LocalAuthority,
    /// Its statistical neighbours, closest first (empty for a former
    /// authority that is not in the 2025 model).
    pub neighbours: Vec<&'static LocalAuthority>,
}

/// Figures for one indicator and year across a [`Comparators`] set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparatorFigures {
    /// England.
    pub england: Option<Figure>,
    /// The region.
    pub region: Option<Figure>,
    /// The LA.
    pub la: Option<Figure>,
    /// Each neighbour's figure, in neighbour order.
    pub neighbours: Vec<Option<Figure>>,
}

impl ComparatorFigures {
    /// Median of the neighbours' values that are present (suppressed ones
    /// are skipped — DfE's dashboard takes the median of the 10
    /// neighbours; its handling of suppressed values is not verified).
    /// `None` if no neighbour has a value. For counts, compare rates
    /// instead: a median count across differently sized LAs means little.
    pub fn neighbour_median(&self) -> Option<f64> {
        let mut v: Vec<f64> = self
            .neighbours
            .iter()
            .filter_map(|f| f.as_ref().and_then(|f| f.value))
            .collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        Some(if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        })
    }

    /// How many neighbours have a value.
    pub fn neighbours_with_value(&self) -> usize {
        self.neighbours
            .iter()
            .filter(|f| f.as_ref().is_some_and(|f| f.value.is_some()))
            .count()
    }
}

impl Comparators {
    /// Every figure for `indicator_id` and reporting year `year`.
    pub fn figures(&self, indicator_id: &str, year: u16) -> ComparatorFigures {
        ComparatorFigures {
            england: figures(indicator_id, &self.england, year),
            region: figures(indicator_id, &self.region, year),
            la: figures(indicator_id, &self.la.geography(), year),
            neighbours: self
                .neighbours
                .iter()
                .map(|n| figures(indicator_id, &n.geography(), year))
                .collect(),
        }
    }
}

/// England, region, LA and statistical neighbours for an LA (any key
/// [`find_la`] accepts); `None` if the LA is unknown.
pub fn comparators_for(la_code: &str) -> Option<Comparators> {
    let la = find_la(la_code)?;
    Some(Comparators {
        england: Geography::England,
        region: la.region(),
        la,
        neighbours: statistical_neighbours(&la.code),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_table_is_an_error_not_a_panic() {
        let head = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,category,X\n";
        let ok = format!("{head}2024,Reporting year,National,E92000001,England,,,,,,c,5\n");
        assert!(table::parse_table("t.csv", &ok).is_ok());
        for bad in [
            "2024,Reporting year,National,E92000001,England,,,,,,c,banana\n",
            "20x4,Reporting year,National,E92000001,England,,,,,,c,5\n",
            "2024,Reporting year,Ward,E92000001,England,,,,,,c,5\n",
            "2024,Reporting year,Local authority,E92000001,England,E12000008,South East,84,E06000043,Brighton and Hove,c,5\n",
            "2024,Reporting year,National,E92000001,England,,,,,,c\n",
        ] {
            let text = format!("{head}{bad}");
            assert!(table::parse_table("t.csv", &text).is_err(), "{bad}");
        }
        let dup = format!("{head}2024,Reporting year,National,E92000001,England,,,,,,c,5\n2024,Reporting year,National,E92000001,England,,,,,,c,6\n");
        assert!(table::parse_table("t.csv", &dup).is_err());
    }

    #[test]
    fn rounding_is_half_up_in_integers() {
        assert_eq!(tenths_half_up(621_880, 11_998_646, 100_000), Some(518.3));
        assert_eq!(tenths_half_up(1, 2000, 1_000), Some(0.1));
        assert_eq!(tenths_half_up(2, 3, 1_000), Some(66.7));
        assert_eq!(tenths_half_up(1, 0, 1_000), None);
    }

    #[test]
    fn names_normalise() {
        assert_eq!(data::normalise_name("St. Helens"), "st helens");
        assert_eq!(data::normalise_name("Bristol, City of"), "bristol city of");
        assert_eq!(
            data::normalise_name(" Brighton & Hove "),
            "brighton and hove"
        );
    }
}
