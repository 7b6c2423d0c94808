//! Downloads of the tables: CSV (RFC 4180) and xlsx, with DfE's small-number suppression.
//!
//! * A count of 1 to 5 from our data is written `c`, and so is anything worked out from it
//!   (the percentage, its interval, the rate), as DfE does. Zero is not suppressed.
//! * `z` means not applicable (a percentage with no denominator).
//! * Text that a spreadsheet could take for a formula (starting `=`, `+`, `-`, `@`, tab,
//!   carriage return or NUL) is prefixed with `'` in CSV, and xlsx strings are written as
//!   strings with the quote-prefix format.

use rust_xlsxwriter::{DocProperties, Format as XlsxFormat, Workbook};

/// The DfE symbol for a suppressed figure.
pub const SUPPRESSED: &str = "c";
/// The DfE symbol for "not applicable".
pub const NOT_APPLICABLE: &str = "z";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8; header=present",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// One cell of a download.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number written as it is (a published figure, a percentage, a rate).
    Num(f64),
    /// A whole number that is not a count of children or records (a year).
    Int(i64),
    /// A DfE symbol: `c` or `z`.
    Symbol(&'static str),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A count from our data: `c` when it is 1 to 5.
    pub fn count(n: u64) -> Cell {
        if is_suppressed(n) {
            Cell::Symbol(SUPPRESSED)
        } else {
            Cell::Num(n as f64)
        }
    }

    /// A figure worked out from counts: `c` when any of them is suppressed, `z` when
    /// there is no value.
    pub fn derived(value: Option<f64>, suppressed: bool) -> Cell {
        match (suppressed, value) {
            (true, _) => Cell::Symbol(SUPPRESSED),
            (false, Some(v)) if v.is_finite() => Cell::Num(round(v)),
            (false, _) => Cell::Symbol(NOT_APPLICABLE),
        }
    }

    /// A value that may be missing (written empty).
    pub fn opt(value: Option<f64>) -> Cell {
        match value {
            Some(v) if v.is_finite() => Cell::Num(round(v)),
            _ => Cell::Empty,
        }
    }
}

/// Counts DfE suppresses: 1 to 5.
pub fn is_suppressed(n: u64) -> bool {
    assure_calendar::suppress(n).is_none()
}

/// Intervals are held unrounded; downloads give them to one decimal place, like the values.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A table to download.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Worksheet name (at most 31 characters, no `[]:*?/\`).
    pub name: String,
    /// What the table is, for the workbook's title.
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Notes for the workbook's second sheet (where the data came from, suppression).
    pub notes: Vec<String>,
}

pub use assure_report::csv::defuse;
use assure_report::csv::quote as csv_field;

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// RFC 4180: a header row, CRLF line ends, fields quoted when they must be.
pub fn csv(sheet: &Sheet) -> Vec<u8> {
    let mut out = String::new();
    let line = |cells: Vec<String>, out: &mut String| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(
        sheet
            .headers
            .iter()
            .map(|h| csv_field(&defuse(h)))
            .collect(),
        &mut out,
    );
    for row in &sheet.rows {
        line(
            row.iter()
                .map(|c| match c {
                    Cell::Text(t) => csv_field(&defuse(t)),
                    Cell::Num(v) => number(*v),
                    Cell::Int(i) => i.to_string(),
                    Cell::Symbol(s) => (*s).to_string(),
                    Cell::Empty => String::new(),
                })
                .collect(),
            &mut out,
        );
    }
    out.into_bytes()
}

/// The table on its first sheet (header row frozen), the notes on a second.
pub fn xlsx(sheet: &Sheet) -> Result<Vec<u8>, String> {
    build_xlsx(sheet).map_err(|e| format!("xlsx: {e}"))
}

fn build_xlsx(sheet: &Sheet) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let header = XlsxFormat::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("F3F2F1")
        .set_quote_prefix();
    let text = XlsxFormat::new().set_quote_prefix();
    let symbol = XlsxFormat::new()
        .set_quote_prefix()
        .set_align(rust_xlsxwriter::FormatAlign::Right);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&sheet.title)
            .set_author("Assure"),
    );
    let ws = wb.add_worksheet();
    ws.set_name(&sheet.name)?;
    for (c, h) in sheet.headers.iter().enumerate() {
        let col = c as u16;
        ws.write_string_with_format(0, col, h, &header)?;
        ws.set_column_width(col, if c == 0 { 40 } else { 16 })?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) => {
                    ws.write_string_with_format(r, c, t, &text)?;
                }
                Cell::Num(v) => {
                    ws.write_number(r, c, *v)?;
                }
                Cell::Int(i) => {
                    ws.write_number(r, c, *i as f64)?;
                }
                Cell::Symbol(s) => {
                    ws.write_string_with_format(r, c, *s, &symbol)?;
                }
                Cell::Empty => {}
            }
        }
    }
    let notes = wb.add_worksheet();
    notes.set_name("Notes")?;
    notes.set_column_width(0, 120)?;
    notes.write_string_with_format(0, 0, &sheet.title, &header)?;
    for (i, n) in sheet.notes.iter().enumerate() {
        notes.write_string_with_format(i as u32 + 2, 0, n, &text)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_rfc_4180_and_formula_safe() {
        let sheet = Sheet {
            name: "T".into(),
            title: "T".into(),
            headers: vec!["Name".into(), "Count".into()],
            rows: vec![
                vec![Cell::text("=HYPERLINK(\"x\")"), Cell::count(3)],
                vec![Cell::text("a, \"b\""), Cell::count(0)],
                vec![Cell::text("-1"), Cell::count(12)],
                vec![Cell::text("@x"), Cell::derived(None, false)],
            ],
            notes: vec![],
        };
        let text = String::from_utf8(csv(&sheet)).unwrap();
        assert_eq!(
            text,
            "Name,Count\r\n\"'=HYPERLINK(\"\"x\"\")\",c\r\n\"a, \"\"b\"\"\",0\r\n'-1,12\r\n'@x,z\r\n"
        );
    }

    #[test]
    fn suppression_is_1_to_5() {
        assert_eq!(Cell::count(0), Cell::Num(0.0));
        for n in 1..=5 {
            assert_eq!(Cell::count(n), Cell::Symbol("c"));
        }
        assert_eq!(Cell::count(6), Cell::Num(6.0));
        assert_eq!(Cell::derived(Some(12.34), true), Cell::Symbol("c"));
        assert_eq!(Cell::derived(Some(53.4449), false), Cell::Num(53.4));
    }

    #[test]
    fn xlsx_is_a_zip() {
        let sheet = Sheet {
            name: "Indicators".into(),
            title: "T".into(),
            headers: vec!["A".into()],
            rows: vec![vec![Cell::text("+x")]],
            notes: vec!["n".into()],
        };
        assert!(xlsx(&sheet).unwrap().starts_with(b"PK"));
    }
}
