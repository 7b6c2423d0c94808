//! Hand-made Annex A fixtures: workbooks written with rust_xlsxwriter, CSV text, and a zip
//! patcher for the hostile cases.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

use assure_annexa::{AnnexAImport, AnnexIssue, ReadOptions};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};

/// A cell of a hand-made sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum C {
    /// Text.
    S(String),
    /// A plain number (General format).
    N(f64),
    /// A number in a dd/mm/yyyy-formatted cell: an Excel serial date.
    D(f64),
    /// A boolean cell.
    B(bool),
    /// Nothing.
    Blank,
}

pub fn s(text: &str) -> C {
    C::S(text.to_string())
}

/// Excel 1900-system serial for a date.
pub fn serial(y: i32, m: u32, d: u32) -> f64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (NaiveDate::from_ymd_opt(y, m, d).unwrap() - base).num_days() as f64
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn today() -> NaiveDate {
    date(2024, 6, 1)
}

pub fn opts() -> ReadOptions {
    ReadOptions::new(today())
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<C>>,
}

impl Sheet {
    pub fn new(name: &str, rows: Vec<Vec<C>>) -> Self {
        Sheet {
            name: name.to_string(),
            rows,
        }
    }

    /// Column index of a header in the first row that has it.
    pub fn col(&self, header: &str) -> usize {
        for row in &self.rows {
            if let Some(i) = row.iter().position(|c| *c == s(header)) {
                return i;
            }
        }
        panic!("no header {header:?} in {}", self.name)
    }

    /// Row index of the header row (the row with "Child Unique ID" or a variant).
    pub fn header_row(&self) -> usize {
        self.rows
            .iter()
            .position(|r| r.iter().any(|c| matches!(c, C::S(t) if t.contains("ID"))))
            .unwrap()
    }

    /// Set a cell in data row `n` (0 = first row under the header).
    pub fn set(&mut self, n: usize, header: &str, value: C) -> &mut Self {
        let col = self.col(header);
        let row = self.header_row() + 1 + n;
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            cells.resize(col + 1, C::Blank);
        }
        cells[col] = value;
        self
    }

    /// Remove a column everywhere.
    pub fn drop_col(&mut self, header: &str) -> &mut Self {
        let col = self.col(header);
        for row in &mut self.rows {
            if row.len() > col {
                row.remove(col);
            }
        }
        self
    }

    /// Rename a header.
    pub fn rename(&mut self, header: &str, new: &str) -> &mut Self {
        let col = self.col(header);
        let row = self.header_row();
        self.rows[row][col] = s(new);
        self
    }

    /// Add a column at the end.
    pub fn add_col(&mut self, header: &str, values: &[C]) -> &mut Self {
        let h = self.header_row();
        let width = self.rows[h].len();
        for (i, row) in self.rows.iter_mut().enumerate() {
            row.resize(width, C::Blank);
            if i == h {
                row.push(s(header));
            } else if i > h {
                row.push(values.get(i - h - 1).cloned().unwrap_or(C::Blank));
            }
        }
        self
    }

    /// Insert title rows above everything.
    pub fn titles(&mut self, titles: Vec<Vec<C>>) -> &mut Self {
        let mut rows = titles;
        rows.append(&mut self.rows);
        self.rows = rows;
        self
    }

    /// Copy data row `n` to the end.
    pub fn repeat(&mut self, n: usize) -> &mut Self {
        let row = self.rows[self.header_row() + 1 + n].clone();
        self.rows.push(row);
        self
    }

    /// As CSV text (dates written dd/mm/yyyy).
    pub fn csv(&self) -> String {
        let mut out = String::new();
        for row in &self.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|c| match c {
                    C::S(t) => {
                        if t.contains([',', '"', '\n']) {
                            format!("\"{}\"", t.replace('"', "\"\""))
                        } else {
                            t.clone()
                        }
                    }
                    C::N(n) => format!("{n}"),
                    C::D(n) => {
                        let d = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
                            + chrono::Duration::days(*n as i64);
                        d.format("%d/%m/%Y").to_string()
                    }
                    C::B(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
                    C::Blank => String::new(),
                })
                .collect();
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

/// Write sheets to an xlsx workbook in memory.
pub fn xlsx(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::S(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    C::D(n) => {
                        ws.write_number_with_format(r, c, *n, &date_format).unwrap();
                    }
                    C::B(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    C::Blank => {}
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Rewrite a zip: `f(name, data)` returns replacement data (or None to keep the entry);
/// `extra` entries are appended.
pub fn patch_zip(
    bytes: &[u8],
    f: impl Fn(&str, &[u8]) -> Option<Vec<u8>>,
    extra: &[(&str, Vec<u8>)],
) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            let data = f(&name, &data).unwrap_or(data);
            w.start_file(name.as_str(), opts).unwrap();
            w.write_all(&data).unwrap();
        }
        for (name, data) in extra {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}

/// Replace text in one zip entry.
pub fn patch_entry(bytes: &[u8], entry: &str, from: &str, to: &str) -> Vec<u8> {
    let entry = entry.to_string();
    let (from, to) = (from.to_string(), to.to_string());
    patch_zip(
        bytes,
        move |name, data| {
            if name == entry {
                let text = String::from_utf8(data.to_vec()).unwrap();
                assert!(text.contains(&from), "{name} has no {from:?}");
                Some(text.replacen(&from, &to, 1).into_bytes())
            } else {
                None
            }
        },
        &[],
    )
}

// ---------------------------------------------------------------------------------------
// A clean baseline: two children, all seven lists, no problems.
//
// A1 (born 10/03/2015, male, WBRI): contact 10/01/2024 (police); referral 11/01/2024
//    (police, not NFA); assessment 12/01/2024 - 20/02/2024, seen; S47 01/02/2024 with ICPC
//    20/02/2024 leading to a CP plan; CIN episode from 11/01/2024 (N1), status CP plan; CP
//    plan from 20/02/2024 (neglect), open, no previous plans.
// B2 (born 01/07/2010, female, APKN): contact 01/03/2024 (schools); early help 05/03/2024 -
//    30/04/2024; referral 20/03/2024 (schools, NFA).
// ---------------------------------------------------------------------------------------

pub const COMMON: [&str; 5] = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
];

fn common(id: &str) -> Vec<C> {
    match id {
        "A1" => vec![
            s("A1"),
            s("a) Male"),
            s("a) WBRI"),
            C::D(serial(2015, 3, 10)),
            C::N(9.0),
        ],
        _ => vec![
            s("B2"),
            s("b) Female"),
            s("k) APKN"),
            C::D(serial(2010, 7, 1)),
            C::N(13.0),
        ],
    }
}

fn headers(extra: &[&str]) -> Vec<C> {
    COMMON.iter().chain(extra.iter()).map(|h| s(h)).collect()
}

fn row(id: &str, extra: Vec<C>) -> Vec<C> {
    let mut r = common(id);
    r.extend(extra);
    r
}

pub fn list1() -> Sheet {
    Sheet::new(
        "List 1",
        vec![
            headers(&["Date of Contact", "Contact Source"]),
            row("A1", vec![C::D(serial(2024, 1, 10)), s("q) 6: Police")]),
            row("B2", vec![C::D(serial(2024, 3, 1)), s("e) 2A: Schools")]),
        ],
    )
}

pub fn list2() -> Sheet {
    Sheet::new(
        "List 2",
        vec![
            headers(&[
                "Assessment start date",
                "Assessment completion date",
                "Organisation completing assessment",
            ]),
            row(
                "B2",
                vec![
                    C::D(serial(2024, 3, 5)),
                    C::D(serial(2024, 4, 30)),
                    s("Early Help Hub"),
                ],
            ),
        ],
    )
}

pub fn list3() -> Sheet {
    Sheet::new(
        "List 3",
        vec![
            headers(&[
                "Date of referral",
                "Referral Source",
                "Referral NFA?",
                "Number of Referrals in Last 12 Months",
                "Allocated Team",
                "Allocated Worker",
            ]),
            row(
                "A1",
                vec![
                    C::D(serial(2024, 1, 11)),
                    s("q) 6: Police"),
                    s("b) No"),
                    C::N(0.0),
                    s("MASH"),
                    s("W001"),
                ],
            ),
            row(
                "B2",
                vec![
                    C::D(serial(2024, 3, 20)),
                    s("e) 2A: Schools"),
                    s("a) Yes"),
                    C::N(1.0),
                    s("MASH"),
                    s("W002"),
                ],
            ),
        ],
    )
}

pub fn list4() -> Sheet {
    Sheet::new(
        "List 4",
        vec![
            headers(&[
                "Does the Child have a Disability",
                "Continuous Assessment Start Date",
                "Child Seen During Continuous Assessment",
                "Continuous Assessment Date of Authorisation",
                "Was the child assessed as requiring LA children's social care support?",
                "Allocated Team",
                "Allocated Worker",
            ]),
            row(
                "A1",
                vec![
                    s("b) No"),
                    C::D(serial(2024, 1, 12)),
                    s("a) Yes"),
                    C::D(serial(2024, 2, 20)),
                    s("a) Yes"),
                    s("Assessment Team 1"),
                    s("W003"),
                ],
            ),
        ],
    )
}

pub fn list5() -> Sheet {
    Sheet::new(
        "List 5",
        vec![
            headers(&[
                "Does the Child have a Disability",
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "Date of Initial Child Protection Conference",
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "Number of Section 47 Enquiries in the last 12 months",
                "Number of ICPCs in the last 12 months",
                "Allocated Team",
                "Allocated Worker",
            ]),
            row(
                "A1",
                vec![
                    s("b) No"),
                    C::D(serial(2024, 2, 1)),
                    s("b) No"),
                    C::D(serial(2024, 2, 20)),
                    s("a) Yes"),
                    C::N(0.0),
                    C::N(0.0),
                    s("Assessment Team 1"),
                    s("W003"),
                ],
            ),
        ],
    )
}

pub fn list6() -> Sheet {
    Sheet::new(
        "List 6",
        vec![
            headers(&[
                "Does the Child have a Disability",
                "CIN Start Date",
                "Primary Need Code",
                "Date Child Was Last Seen",
                "CIN Closure Date",
                "Reason for Closure",
                "Case Status",
                "Allocated Team",
                "Allocated Worker",
            ]),
            row(
                "A1",
                vec![
                    s("b) No"),
                    C::D(serial(2024, 1, 11)),
                    s("N1 - Abuse or neglect"),
                    C::D(serial(2024, 5, 1)),
                    C::Blank,
                    C::Blank,
                    s("b) Child Protection plan"),
                    s("Safeguarding Team 2"),
                    s("W004"),
                ],
            ),
        ],
    )
}

pub fn list7() -> Sheet {
    Sheet::new(
        "List 7",
        vec![
            headers(&[
                "Does the Child have a Disability",
                "Child Protection Plan Start Date",
                "Initial Category of Abuse",
                "Latest Category of Abuse",
                "Date of the Last Statutory Visit",
                "Was the Child Seen Alone?",
                "Date of latest review conference",
                "Child Protection Plan End Date",
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                "Number of Previous Child Protection Plans",
                "Allocated Team",
                "Allocated Worker",
            ]),
            row(
                "A1",
                vec![
                    s("b) No"),
                    C::D(serial(2024, 2, 20)),
                    s("a) Neglect"),
                    s("a) Neglect"),
                    C::D(serial(2024, 5, 1)),
                    s("a) Yes"),
                    C::D(serial(2024, 5, 10)),
                    C::Blank,
                    s("b) No"),
                    C::N(0.0),
                    s("Safeguarding Team 2"),
                    s("W004"),
                ],
            ),
        ],
    )
}

pub fn baseline() -> Vec<Sheet> {
    vec![
        list1(),
        list2(),
        list3(),
        list4(),
        list5(),
        list6(),
        list7(),
    ]
}

pub fn read(sheets: &[Sheet]) -> AnnexAImport {
    assure_annexa::read_xlsx(&xlsx(sheets), "test.xlsx", &opts()).expect("readable")
}

/// Replace list `n` (1-7) in the baseline.
pub fn with(n: usize, f: impl FnOnce(&mut Sheet)) -> Vec<Sheet> {
    let mut sheets = baseline();
    f(&mut sheets[n - 1]);
    sheets
}

pub fn rules_of(import: &AnnexAImport) -> Vec<String> {
    import.problems.iter().map(|p| p.rule.clone()).collect()
}

pub fn with_rule<'a>(import: &'a AnnexAImport, rule: &str) -> Vec<&'a AnnexIssue> {
    import.problems.iter().filter(|p| p.rule == rule).collect()
}

pub fn child<'a>(import: &'a AnnexAImport, id: &str) -> &'a assure_casedata::Child {
    import
        .children
        .iter()
        .find(|c| c.la_child_id.as_str() == id)
        .unwrap_or_else(|| panic!("no child {id}"))
}

/// Assert there are no problems (printing them if there are).
pub fn assert_clean(import: &AnnexAImport) {
    assert!(
        import.problems.is_empty(),
        "unexpected problems:\n{}",
        import
            .problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
