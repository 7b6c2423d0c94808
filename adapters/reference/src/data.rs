//! The parsed reference data, built once.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use crate::mappings::TableId;
use crate::model::{LocalAuthority, Region, SnModel};
use crate::table::{parse_sn_2021, parse_sn_2025, parse_table, GeoKey, SnRow, Table};
use crate::ReferenceError;

const SN_2025_FILE: &str = "sn_model_2025_wide.csv";
const SN_2021_FILE: &str = "New_Statistical_Neighbour_Groupings_April_2021.csv";
const SN_2025_TEXT: &str = include_str!("../data/sn_model_2025_wide.csv");
const SN_2021_TEXT: &str =
    include_str!("../data/New_Statistical_Neighbour_Groupings_April_2021.csv");

/// London sub-regions DfE uses on LA rows, mapped to the London region.
const LONDON: (&str, &str) = ("E12000007", "London");
const LONDON_SUBREGIONS: &[&str] = &["E13000001", "E13000002"];

pub(crate) struct Data {
    pub tables: HashMap<TableId, Table>,
    pub las: Vec<LocalAuthority>,
    /// Lookup keys (codes, old codes, normalised names) → index into `las`.
    pub la_index: HashMap<String, usize>,
    pub regions: Vec<Region>,
    /// Model → LA number → neighbours (number, band).
    pub neighbours: HashMap<SnModel, HashMap<String, Vec<(String, String)>>>,
}

static DATA: OnceLock<Result<Data, ReferenceError>> = OnceLock::new();

/// Parse everything once; the error (a bug in the shipped data or parser)
/// is kept and returned to every caller.
pub(crate) fn load() -> Result<&'static Data, &'static ReferenceError> {
    DATA.get_or_init(build).as_ref()
}

/// The data; panics if the shipped files do not parse — that is a bug
/// caught by this crate's tests, never a runtime condition.
pub(crate) fn data() -> &'static Data {
    match load() {
        Ok(d) => d,
        Err(e) => panic!("assure-reference: shipped reference data failed to load (bug): {e}"),
    }
}

/// Normalise a name for lookup: lower case, `.` and `,` dropped, `&` read
/// as `and`, whitespace collapsed.
pub(crate) fn normalise_name(name: &str) -> String {
    name.to_lowercase()
        .replace('&', " and ")
        .replace(['.', ','], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn build() -> Result<Data, ReferenceError> {
    let mut tables = HashMap::new();
    for id in TableId::ALL {
        tables.insert(id, parse_table(id.file(), id.text())?);
    }

    // LA register: identity from the newest B1 (every LA, every year),
    // earlier ONS codes from every table.
    let b1 = &tables[&TableId::B1Release2025];
    let mut latest: BTreeMap<String, (u16, u16, usize)> = BTreeMap::new(); // old → (first, last, row idx)
    for (i, r) in b1.la_rows.iter().enumerate() {
        let e = latest
            .entry(r.old_code.clone())
            .or_insert((r.year, r.year, i));
        e.0 = e.0.min(r.year);
        if r.year >= e.1 {
            e.1 = r.year;
            e.2 = i;
        }
    }
    let mut las = Vec::new();
    for (old, (first, last, i)) in &latest {
        let r = &b1.la_rows[*i];
        let (region_code, region_name, sub_code, sub_name) =
            if LONDON_SUBREGIONS.contains(&r.region_code.as_str()) {
                (
                    LONDON.0.to_string(),
                    LONDON.1.to_string(),
                    Some(r.region_code.clone()),
                    Some(r.region_name.clone()),
                )
            } else {
                (r.region_code.clone(), r.region_name.clone(), None, None)
            };
        let mut previous: Vec<String> = tables
            .values()
            .flat_map(|t| t.la_rows.iter())
            .filter(|x| x.old_code == *old && x.new_code != r.new_code)
            .map(|x| x.new_code.clone())
            .collect();
        previous.sort();
        previous.dedup();
        las.push(LocalAuthority {
            code: r.new_code.clone(),
            old_code: old.clone(),
            name: r.name.clone(),
            region_code,
            region_name,
            subregion_code: sub_code,
            subregion_name: sub_name,
            previous_codes: previous,
            first_year: *first,
            last_year: *last,
        });
    }
    // Index: current LAs are inserted last so that a name shared with a
    // former authority (Dorset 835 / 838) resolves to the current one.
    let mut order: Vec<usize> = (0..las.len()).collect();
    order.sort_by_key(|&i| las[i].last_year);
    let mut la_index = HashMap::new();
    for i in order {
        let la = &las[i];
        for key in std::iter::once(la.code.clone())
            .chain(la.previous_codes.iter().cloned())
            .chain(std::iter::once(la.old_code.clone()))
        {
            la_index.insert(key.to_ascii_uppercase(), i);
        }
        la_index.insert(format!("name:{}", normalise_name(&la.name)), i);
    }

    let mut regions: Vec<Region> = b1
        .regions
        .iter()
        .map(|(code, name)| Region {
            code: code.clone(),
            name: name.clone(),
        })
        .collect();
    regions.sort_by(|a, b| a.code.cmp(&b.code));

    let mut neighbours = HashMap::new();
    for (model, rows) in [
        (
            SnModel::Model2025,
            parse_sn_2025(SN_2025_FILE, SN_2025_TEXT)?,
        ),
        (
            SnModel::Groupings2021,
            parse_sn_2021(SN_2021_FILE, SN_2021_TEXT)?,
        ),
    ] {
        let file = match model {
            SnModel::Model2025 => SN_2025_FILE,
            SnModel::Groupings2021 => SN_2021_FILE,
        };
        let mut map = HashMap::new();
        for (la, ns) in rows as Vec<SnRow> {
            for n in std::iter::once(&la).chain(ns.iter().map(|(n, _)| n)) {
                if !la_index.contains_key(n) {
                    return Err(ReferenceError::Data {
                        file,
                        line: 0,
                        message: format!("LA number {n} is not in the CIN tables"),
                    });
                }
            }
            if map.insert(la.clone(), ns).is_some() {
                return Err(ReferenceError::Data {
                    file,
                    line: 0,
                    message: format!("LA {la} listed twice"),
                });
            }
        }
        neighbours.insert(model, map);
    }

    Ok(Data {
        tables,
        las,
        la_index,
        regions,
        neighbours,
    })
}

impl Data {
    pub fn table(&self, id: TableId) -> &Table {
        &self.tables[&id]
    }

    /// Find an LA by ONS code (current or earlier), DfE number or name.
    pub fn find_la(&self, key: &str) -> Option<&LocalAuthority> {
        let key = key.trim();
        self.la_index
            .get(&key.to_ascii_uppercase())
            .or_else(|| self.la_index.get(&format!("name:{}", normalise_name(key))))
            .map(|&i| &self.las[i])
    }

    /// A geography key for a code/name: England, a region code, or an LA.
    pub fn geo_key(&self, key: &str) -> Option<GeoKey> {
        let k = key.trim();
        if k.eq_ignore_ascii_case(crate::table::ENGLAND_CODE) || k.eq_ignore_ascii_case("england") {
            return Some(GeoKey::England);
        }
        if let Some(r) = self
            .regions
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(k) || r.name.eq_ignore_ascii_case(k))
        {
            return Some(GeoKey::Region(r.code.clone()));
        }
        self.find_la(k).map(|la| GeoKey::La(la.old_code.clone()))
    }
}
