//! `assure-annexa`: reads the Ofsted ILACS **Annex A** child-level lists 1-7 (contacts,
//! early help, referrals, assessments, S47/ICPC, children in need, child protection) from
//! an xlsx workbook or from CSV files into the [`assure_casedata`] model, and runs the
//! Annex A format checks (data-standards §5.5).
//!
//! # Entry points
//!
//! * [`read_xlsx`]: a workbook with sheets `List 1` … `List 11` (names matched ignoring
//!   case, spaces and punctuation, and extra words: `LIST_3`, `List 3 - Referrals`). Lists
//!   8-11 are ignored.
//! * [`read_csv`] / [`read_csv_dir`]: one CSV file per list. See [`CsvFile`] and the
//!   "CSV files" section below.
//!
//! Both return an [`AnnexAImport`] (children, extract date if discoverable, per-row
//! problems, what was read per list) or a fatal [`AnnexError`] naming the file.
//!
//! # What is accepted
//!
//! * **Header row anywhere in the first 20 rows** (title rows above it are normal): the row
//!   matching the most template columns wins. Headers are matched ignoring case, spaces,
//!   quotes (straight or curly) and punctuation, with the common variants (`Age` for
//!   `Age of Child (Years)`, `Child ID`, `Date of Referral`, pivot-table `Sum of …`) and
//!   looser fragments for long question headers (like the liia-tools regexes). Columns may
//!   be in any order. Unknown columns (a child's name, say) are ignored and reported; nothing
//!   from them is stored.
//! * **Dates** as `dd/mm/yyyy` text (one-digit day/month, `-` or `.` separators and a
//!   trailing `00:00` tolerated; ISO `yyyy-mm-dd` also accepted), or Excel serial numbers
//!   (date-formatted or not) in the workbook's own epoch (1900 or 1904, from
//!   `Xlsx::has_1904_epoch`). Two-digit years are refused. Plausible range: 01/01/1990 to
//!   tomorrow (a date of birth up to 280 days ahead: an unborn child's expected date, stored
//!   as [`assure_casedata::Child::expected_birth_date`]).
//! * **Codes** with or without the template letter prefix (`a) Male`, `Male`, `1`;
//!   `q) 6: Police`, `6`, `Police`; `N1 - Abuse or neglect`, `N1`), case-insensitive.
//!   Recognised codes are stored in their short form (`WBRI`, `6`, `N1`, `RC8`, `PHY`);
//!   unrecognised ones are reported ([`rules::CODE`]) and kept as the source text.
//! * **Whitespace** (including non-breaking spaces) is collapsed and trimmed everywhere.
//! * Spreadsheet errors (`#N/A`) and the text `NULL` count as blank (errors are reported).
//!
//! # Security (requirements IMP-01 … IMP-03, IMP-06, IMP-07, IMP-09)
//!
//! * The xlsx zip goes through [`assure_safezip::check`] with [`Limits::zip`]
//!   ([`ZipLimits::ANNEX_A`]: 1,000 entries, 150 MB per entry, 200 MB inflated in all,
//!   declared sheet dimensions at most 1,048,576 rows × 200 columns) **before** calamine
//!   opens it: a renamed PDF, a zip bomb or a sheet declaring a billion rows is refused
//!   without being parsed.
//! * Sheets are then read with calamine's streaming cell reader
//!   (`Xlsx::worksheet_cells_reader`), never as a dense `Range`: memory is one row plus the
//!   collected records. While streaming, each cell's position is checked against
//!   [`Limits::max_rows`] / [`Limits::max_columns`] (a sheet need not declare its
//!   dimension), each text cell against [`Limits::max_cell_chars`] (32,767, Excel's own
//!   limit), and rows must come in ascending order. calamine loads the shared-string table
//!   whole when the workbook is opened; its size is bounded by the per-entry zip cap.
//! * CSV must be UTF-8 (see [`read_csv`]); the same row, column and cell caps apply.
//! * Messages echo at most 100 characters of a value, with control characters escaped.
//!
//! # Mapping to the model
//!
//! Rows are keyed by `Child Unique ID` ([`assure_casedata::ChildId`]; a row without a
//! usable ID is reported and not imported). The child's date of birth, gender, ethnicity and
//! disability come from the first row that gives them (later disagreements are queries).
//!
//! | List | Becomes |
//! |---|---|
//! | 1 | [`assure_casedata::Contact`] (date, source; team/worker if the sheet has them) |
//! | 2 | [`assure_casedata::EarlyHelpEpisode`] (start, end, organisation) |
//! | 3 | an [`assure_casedata::Episode`] per referral (date, source, NFA, team, worker) |
//! | 6 | the episode whose referral date equals `CIN Start Date`, or a new episode starting then: primary need, closure date and reason; Case Status `c) Child in need plan` adds a [`assure_casedata::CinPlan`] with no dates (Annex A gives none) |
//! | 4 | [`assure_casedata::Assessment`] (start, authorisation, child seen) |
//! | 5 | [`assure_casedata::S47`] (strategy discussion date, ICPC date, ICPC not required) |
//! | 7 | [`assure_casedata::CpPlan`] (start, end, categories, previous plans, latest review and statutory visit dates) |
//!
//! Assessments, S47s and CP plans are attached to the child's latest episode whose referral
//! date is on or before the event's start; an event with no such episode goes to one
//! "unlinked" episode per child with no referral date (so referral-based indicators skip
//! it). Disability yes/no becomes `["NONE"]` / `[DISABILITY_YES]`.
//!
//! **Data minimisation:** only the model's fields are kept. Names and any other extra
//! columns are never stored; Annex A fields the model lacks (age, counts in the last 12
//! months, "assessed as requiring support", last seen, seen alone, EPO, case status) are
//! checked and then dropped. `Allocated Worker` is kept as given (in Annex A it is usually
//! the worker's name, not a staff ID).
//!
//! # CSV files
//!
//! One file per list. Which list a file holds is taken from its **name** when it contains
//! `list` and a number (`list1.csv`, `List 3.csv`, `Annex_A_List_5 - S47.csv`), otherwise
//! from its **header row** (the list whose own columns match best; ambiguous or
//! unrecognisable files are refused). Files named for Lists 8-11 are skipped with a query.
//! UTF-8 only, a BOM is fine; UTF-16 and Windows-1252 are refused with "save as CSV UTF-8"
//! guidance; NUL and other control characters are refused. From the header row on, every
//! row must have the header's number of fields. Row numbers in messages are line numbers.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod build;
mod codes;
mod csvin;
mod error;
mod issue;
mod schema;
mod sheet;
mod values;
mod xlsx;

use std::path::Path;

use chrono::NaiveDate;

pub use assure_safezip::ZipLimits;
pub use csvin::CsvFile;
pub use error::{AnnexError, AnnexErrorKind};
pub use issue::{rules, AnnexIssue, Severity};

/// Disability code stored for an Annex A "Does the Child have a Disability" of Yes: Annex A
/// says only yes or no, while the model holds CIN disability codes (a No becomes `NONE`).
pub const DISABILITY_YES: &str = "YES";

/// The result of reading an Annex A upload.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnexAImport {
    /// Every child with a usable ID, in ID order, with their events.
    pub children: Vec<assure_casedata::Child>,
    /// The date the lists were extracted, when the file says or implies it.
    pub extract_date: Option<NaiveDate>,
    /// Where [`AnnexAImport::extract_date`] came from.
    pub extract_date_source: Option<ExtractDateSource>,
    /// Per-row and per-sheet problems, by sheet (list order) then row.
    pub problems: Vec<AnnexIssue>,
    /// What was read from each list found.
    pub lists: Vec<ListRead>,
}

impl AnnexAImport {
    /// True when any problem has severity error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// How the extract date was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractDateSource {
    /// A title row above a header ("Extract date: 31/03/2024", "Data as at", "Inspection
    /// date", …).
    TitleRow {
        /// Sheet (or CSV file) name.
        sheet: String,
        /// 1-based row.
        row: u32,
    },
    /// Inferred: decimal ages in the samples are (extract date − date of birth) / 365.25, so
    /// when at least three rows and 80% of the rows with a decimal age and a date of birth
    /// point at the same day, that day is taken.
    AgesAndBirthDates {
        /// Rows that agree.
        rows: u32,
    },
}

/// What was read from one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRead {
    /// List number, 1-7.
    pub list: u8,
    /// Sheet (or CSV file) name.
    pub sheet: String,
    /// 1-based row of the header.
    pub header_row: u32,
    /// Data rows below the header that hold anything in a list column.
    pub rows: u32,
    /// Rows imported (with a usable child ID, not a duplicate).
    pub imported: u32,
}

/// Resource caps (security requirements IMP-02, IMP-03, IMP-10).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Zip caps checked before the workbook is opened. Default [`ZipLimits::ANNEX_A`].
    pub zip: ZipLimits,
    /// Highest row number accepted in any sheet or CSV file. Default 1,048,576 (Excel's).
    pub max_rows: u32,
    /// Most columns accepted. Default 200.
    pub max_columns: u32,
    /// Longest cell text, in characters. Default 32,767 (Excel's).
    pub max_cell_chars: usize,
    /// Rows searched for the header row. Default 20.
    pub header_scan_rows: usize,
    /// Most problems listed; further ones are counted in one final problem. Default 100,000.
    pub max_issues: usize,
    /// Largest CSV file accepted, in bytes. Default 200 MB.
    pub max_csv_bytes: u64,
    /// Largest xlsx file [`read_path`] will load, in bytes. Default 100 MB.
    pub max_xlsx_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            zip: ZipLimits::ANNEX_A,
            max_rows: 1_048_576,
            max_columns: 200,
            max_cell_chars: 32_767,
            header_scan_rows: 20,
            max_issues: 100_000,
            max_csv_bytes: 200 * 1024 * 1024,
            max_xlsx_bytes: 100 * 1024 * 1024,
        }
    }
}

/// Options for a read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// "Today" for the future-date check (pass it in so results are reproducible).
    pub today: NaiveDate,
    /// Resource caps.
    pub limits: Limits,
}

impl ReadOptions {
    /// Default limits, with the given today.
    pub fn new(today: NaiveDate) -> Self {
        ReadOptions {
            today,
            limits: Limits::default(),
        }
    }
}

impl Default for ReadOptions {
    /// Default limits; today from the local clock.
    fn default() -> Self {
        ReadOptions::new(chrono::Local::now().date_naive())
    }
}

/// Read an Annex A xlsx workbook held in memory. `file_name` is used in messages only.
pub fn read_xlsx(
    bytes: &[u8],
    file_name: &str,
    options: &ReadOptions,
) -> Result<AnnexAImport, AnnexError> {
    xlsx::read(bytes, file_name, options)
}

/// Read Annex A lists from CSV files held in memory, one file per list (see the crate
/// documentation, "CSV files", for how a file's list is recognised and what encodings are
/// accepted).
pub fn read_csv(files: &[CsvFile<'_>], options: &ReadOptions) -> Result<AnnexAImport, AnnexError> {
    csvin::read(files, options)
}

/// Read every `*.csv` file directly inside `dir` (not sub-directories), in name order, as
/// with [`read_csv`].
pub fn read_csv_dir(dir: &Path, options: &ReadOptions) -> Result<AnnexAImport, AnnexError> {
    csvin::read_dir(dir, options)
}

/// Read a path: a directory of CSV files ([`read_csv_dir`]), a single `.csv` file, or
/// anything else as an xlsx workbook (whose content, not its extension, decides).
pub fn read_path(path: &Path, options: &ReadOptions) -> Result<AnnexAImport, AnnexError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    if path.is_dir() {
        return read_csv_dir(path, options);
    }
    let io = |e: std::io::Error| AnnexError::new(&name, AnnexErrorKind::Io(e.to_string()));
    let size = std::fs::metadata(path).map_err(io)?.len();
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let limit = if is_csv {
        options.limits.max_csv_bytes
    } else {
        options.limits.max_xlsx_bytes
    };
    if size > limit {
        return Err(AnnexError::new(
            &name,
            AnnexErrorKind::FileTooLarge { size, limit },
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    if is_csv {
        read_csv(
            &[CsvFile {
                name: &name,
                bytes: &bytes,
            }],
            options,
        )
    } else {
        read_xlsx(&bytes, &name, options)
    }
}
