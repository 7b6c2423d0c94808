//! Annex A writers: seven CSV files, or one xlsx workbook in constant-memory mode.
//!
//! Both take the children in one pass: every list's file (or sheet) is open at once and
//! each child's rows go straight out, so memory does not grow with the number of
//! children and the stream never has to be generated twice.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

use assure_casedata::{Child, NaiveDate};
use rust_xlsxwriter::{Format, Workbook};

pub use rust_xlsxwriter::XlsxError;

use super::{child_rows, headers, AnnexAOptions, Cell, LIST_NAMES};

/// Rows written per list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnnexASummary {
    /// Children read.
    pub children: u64,
    /// Data rows (not counting the header) in lists 1–7, list 1 first.
    pub rows: [u64; 7],
}

fn dmy(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// Write `List 1.csv` … `List 7.csv` into `dir` (created if missing): header row as
/// data-standards §1.3, dates `dd/mm/yyyy`, codes with the template's letter prefix.
pub fn write_annex_a_csv<I>(
    children: I,
    dir: &Path,
    opts: &AnnexAOptions,
) -> io::Result<AnnexASummary>
where
    I: IntoIterator<Item = Child>,
{
    std::fs::create_dir_all(dir)?;
    let mut writers = Vec::with_capacity(7);
    for (i, name) in LIST_NAMES.iter().enumerate() {
        let file = File::create(dir.join(format!("{name}.csv")))?;
        let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
        w.write_record(headers(i + 1)).map_err(io::Error::other)?;
        writers.push(w);
    }
    let mut summary = AnnexASummary::default();
    let mut failure: Option<csv::Error> = None;
    let mut fields: Vec<String> = Vec::with_capacity(17);
    for child in children {
        summary.children += 1;
        child_rows(&child, opts, &mut |list, cells| {
            if failure.is_some() {
                return;
            }
            fields.clear();
            fields.extend(cells.iter().map(|c| match c {
                Cell::Text(s) => s.clone(),
                Cell::Label(s) => (*s).to_owned(),
                Cell::Date(d) => dmy(*d),
                Cell::Int(n) => n.to_string(),
                Cell::Blank => String::new(),
            }));
            match writers[list - 1].write_record(&fields) {
                Ok(()) => summary.rows[list - 1] += 1,
                Err(e) => failure = Some(e),
            }
        });
        if let Some(e) = failure.take() {
            return Err(io::Error::other(e));
        }
    }
    for mut w in writers {
        w.flush()?;
    }
    Ok(summary)
}

/// Days from Excel's epoch (1899-12-30) to `d`: the serial number of a date cell.
fn excel_serial(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid");
    (d - epoch).num_days() as f64
}

/// Write one workbook with sheets `List 1` … `List 7` to `path`, in rust_xlsxwriter's
/// constant-memory mode. Dates are real date cells formatted `dd/mm/yyyy`; the header row
/// is bold. A list longer than Excel's 1,048,575 data rows is an error.
pub fn write_annex_a_xlsx<I>(
    children: I,
    path: &Path,
    opts: &AnnexAOptions,
) -> Result<AnnexASummary, XlsxError>
where
    I: IntoIterator<Item = Child>,
{
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (i, name) in LIST_NAMES.iter().enumerate() {
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(*name)?;
        for (col, h) in headers(i + 1).iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *h, &bold)?;
        }
    }
    let mut summary = AnnexASummary::default();
    let mut failure: Option<XlsxError> = None;
    for child in children {
        summary.children += 1;
        child_rows(&child, opts, &mut |list, cells| {
            if failure.is_some() {
                return;
            }
            let row = summary.rows[list - 1] as u32 + 1;
            let result = (|| -> Result<(), XlsxError> {
                let sheet = workbook.worksheet_from_index(list - 1)?;
                for (col, cell) in cells.iter().enumerate() {
                    let col = col as u16;
                    match cell {
                        Cell::Text(s) => {
                            sheet.write_string(row, col, s)?;
                        }
                        Cell::Label(s) => {
                            sheet.write_string(row, col, *s)?;
                        }
                        Cell::Date(d) => {
                            sheet.write_number_with_format(row, col, excel_serial(*d), &date)?;
                        }
                        Cell::Int(n) => {
                            sheet.write_number(row, col, f64::from(*n))?;
                        }
                        Cell::Blank => {}
                    }
                }
                Ok(())
            })();
            match result {
                Ok(()) => summary.rows[list - 1] += 1,
                Err(e) => failure = Some(e),
            }
        });
        if let Some(e) = failure.take() {
            return Err(e);
        }
    }
    workbook.save(path)?;
    Ok(summary)
}
