//! Parsing of the long-format DfE tables (CIN tables and the population
//! files share the same identifier columns).

use std::collections::{BTreeSet, HashMap};

use crate::model::Suppression;
use crate::ReferenceError;

/// Identifier columns; every other column is a measure.
const ID_COLUMNS: &[&str] = &[
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "category",
    "age_group",
];

/// England's ONS code (the national rows' `country_code`).
pub(crate) const ENGLAND_CODE: &str = "E92000001";

/// Row key: the geography as the tables identify it. LA rows are keyed on
/// the DfE number, which survives ONS code changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum GeoKey {
    England,
    Region(String),
    La(String),
}

/// A value cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell {
    Num(f64),
    Sym(Suppression),
}

/// One LA row's identity, collected to build the LA register.
#[derive(Debug, Clone)]
pub(crate) struct LaRow {
    pub year: u16,
    pub old_code: String,
    pub new_code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
}

/// A parsed table.
#[derive(Debug)]
pub(crate) struct Table {
    /// Measure column name → index into a row's cells.
    pub columns: HashMap<String, usize>,
    pub rows: HashMap<(GeoKey, u16), Vec<Cell>>,
    pub years: BTreeSet<u16>,
    pub la_rows: Vec<LaRow>,
    /// Region code → name, from the regional rows.
    pub regions: Vec<(String, String)>,
}

impl Table {
    /// The cell in `column` for `(geo, year)`: `None` if there is no such
    /// row (or column).
    pub fn cell(&self, geo: &GeoKey, year: u16, column: &str) -> Option<Cell> {
        let idx = *self.columns.get(column)?;
        self.rows.get(&(geo.clone(), year)).map(|r| r[idx])
    }

    pub fn has_row(&self, geo: &GeoKey, year: u16) -> bool {
        self.rows.contains_key(&(geo.clone(), year))
    }
}

pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn data_err(file: &'static str, line: u64, message: impl Into<String>) -> ReferenceError {
    ReferenceError::Data {
        file,
        line,
        message: message.into(),
    }
}

/// Parse a long-format table.
pub(crate) fn parse_table(file: &'static str, text: &str) -> Result<Table, ReferenceError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(strip_bom(text).as_bytes());
    let headers = rdr
        .headers()
        .map_err(|source| ReferenceError::Csv { file, source })?
        .clone();
    let pos = |name: &str| -> Result<usize, ReferenceError> {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| data_err(file, 1, format!("missing column `{name}`")))
    };
    let i_year = pos("time_period")?;
    let i_level = pos("geographic_level")?;
    let i_country = pos("country_code")?;
    let i_region = pos("region_code")?;
    let i_region_name = pos("region_name")?;
    let i_old = pos("old_la_code")?;
    let i_new = pos("new_la_code")?;
    let i_name = pos("la_name")?;

    let measure_idx: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !ID_COLUMNS.contains(h))
        .map(|(i, _)| i)
        .collect();
    if measure_idx.is_empty() {
        return Err(data_err(file, 1, "no measure columns"));
    }
    let mut columns = HashMap::new();
    for (k, &i) in measure_idx.iter().enumerate() {
        if columns.insert(headers[i].to_string(), k).is_some() {
            return Err(data_err(
                file,
                1,
                format!("duplicate column `{}`", &headers[i]),
            ));
        }
    }

    let mut rows = HashMap::new();
    let mut years = BTreeSet::new();
    let mut la_rows = Vec::new();
    let mut regions: Vec<(String, String)> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|source| ReferenceError::Csv { file, source })?;
        let line = rec.position().map_or(0, |p| p.line());
        let year: u16 = rec[i_year]
            .trim()
            .parse()
            .map_err(|_| data_err(file, line, format!("bad time_period `{}`", &rec[i_year])))?;
        if &rec[i_country] != ENGLAND_CODE {
            return Err(data_err(
                file,
                line,
                format!("unexpected country `{}`", &rec[i_country]),
            ));
        }
        let key = match &rec[i_level] {
            "National" => GeoKey::England,
            "Regional" => {
                let code = rec[i_region].to_string();
                if code.is_empty() {
                    return Err(data_err(file, line, "regional row without region_code"));
                }
                if !regions.iter().any(|(c, _)| *c == code) {
                    regions.push((code.clone(), rec[i_region_name].to_string()));
                }
                GeoKey::Region(code)
            }
            "Local authority" => {
                let old = rec[i_old].to_string();
                if old.len() != 3 || !old.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(data_err(file, line, format!("bad old_la_code `{old}`")));
                }
                if rec[i_new].is_empty() || rec[i_name].is_empty() || rec[i_region].is_empty() {
                    return Err(data_err(file, line, "LA row without code, name or region"));
                }
                la_rows.push(LaRow {
                    year,
                    old_code: old.clone(),
                    new_code: rec[i_new].to_string(),
                    name: rec[i_name].to_string(),
                    region_code: rec[i_region].to_string(),
                    region_name: rec[i_region_name].to_string(),
                });
                GeoKey::La(old)
            }
            other => {
                return Err(data_err(
                    file,
                    line,
                    format!("unknown geographic_level `{other}`"),
                ))
            }
        };
        let mut cells = Vec::with_capacity(measure_idx.len());
        for &i in &measure_idx {
            let raw = rec.get(i).unwrap_or("").trim();
            let cell = match raw.parse::<f64>() {
                Ok(v) if v.is_finite() => Cell::Num(v),
                _ => match Suppression::from_symbol(raw) {
                    Some(s) => Cell::Sym(s),
                    None => {
                        return Err(data_err(
                            file,
                            line,
                            format!("column `{}`: unexpected value `{raw}`", &headers[i]),
                        ))
                    }
                },
            };
            cells.push(cell);
        }
        if rows.insert((key.clone(), year), cells).is_some() {
            return Err(data_err(
                file,
                line,
                format!("duplicate row for {key:?} {year}"),
            ));
        }
        years.insert(year);
    }
    if rows.is_empty() {
        return Err(data_err(file, 1, "no data rows"));
    }
    Ok(Table {
        columns,
        rows,
        years,
        la_rows,
        regions,
    })
}

/// One row of a statistical-neighbour file: the LA number and its ten
/// neighbours (number, closeness band) in rank order.
pub(crate) type SnRow = (String, Vec<(String, String)>);

/// Parse `sn_model_2025_wide.csv` (header-named columns).
pub(crate) fn parse_sn_2025(file: &'static str, text: &str) -> Result<Vec<SnRow>, ReferenceError> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(strip_bom(text).as_bytes());
    let headers = rdr
        .headers()
        .map_err(|source| ReferenceError::Csv { file, source })?
        .clone();
    let pos = |name: &str| -> Result<usize, ReferenceError> {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| data_err(file, 1, format!("missing column `{name}`")))
    };
    let i_la = pos("old_la_code")?;
    let mut idx = Vec::new();
    for n in 1..=10 {
        idx.push((pos(&format!("SN_{n}"))?, pos(&format!("SN_{n}P"))?));
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|source| ReferenceError::Csv { file, source })?;
        let line = rec.position().map_or(0, |p| p.line());
        let la = rec[i_la].trim().to_string();
        let ns: Vec<(String, String)> = idx
            .iter()
            .map(|&(a, b)| (rec[a].trim().to_string(), rec[b].trim().to_string()))
            .collect();
        check_sn_row(file, line, &la, &ns)?;
        out.push((la, ns));
    }
    Ok(out)
}

/// Parse `New_Statistical_Neighbour_Groupings_April_2021.csv`: positional
/// columns (the closeness header `SNP` repeats), stopping at the blank line
/// before the "Old SNs:" block (pre-reorganisation Dorset, Poole,
/// Bournemouth and Northamptonshire, which are not part of the April 2021
/// groupings proper).
pub(crate) fn parse_sn_2021(file: &'static str, text: &str) -> Result<Vec<SnRow>, ReferenceError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(strip_bom(text).as_bytes());
    let headers = rdr
        .headers()
        .map_err(|source| ReferenceError::Csv { file, source })?
        .clone();
    if headers.get(0) != Some("LA num")
        || headers.get(5) != Some("SN1")
        || headers.get(23) != Some("SN10")
    {
        return Err(data_err(file, 1, "unexpected header"));
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|source| ReferenceError::Csv { file, source })?;
        let line = rec.position().map_or(0, |p| p.line());
        let la = rec.get(0).unwrap_or("").trim().to_string();
        if la.is_empty() {
            break; // blank line before "Old SNs:"
        }
        if rec.len() < 25 {
            return Err(data_err(file, line, "short row"));
        }
        let ns: Vec<(String, String)> = (0..10)
            .map(|k| {
                (
                    rec[5 + 2 * k].trim().to_string(),
                    rec[6 + 2 * k].trim().to_string(),
                )
            })
            .collect();
        check_sn_row(file, line, &la, &ns)?;
        out.push((la, ns));
    }
    Ok(out)
}

fn check_sn_row(
    file: &'static str,
    line: u64,
    la: &str,
    ns: &[(String, String)],
) -> Result<(), ReferenceError> {
    let is_num = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit());
    if !is_num(la) {
        return Err(data_err(file, line, format!("bad LA number `{la}`")));
    }
    for (n, band) in ns {
        if !is_num(n) || n == la || band.is_empty() {
            return Err(data_err(
                file,
                line,
                format!("bad neighbour `{n}` / `{band}`"),
            ));
        }
    }
    let distinct: BTreeSet<&String> = ns.iter().map(|(n, _)| n).collect();
    if distinct.len() != 10 {
        return Err(data_err(file, line, "neighbours are not 10 distinct LAs"));
    }
    Ok(())
}
