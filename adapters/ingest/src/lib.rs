//! One way in for child-level data files.
//!
//! The format is recognised from the content, not the name: a zip is an Annex A workbook,
//! a document starting `<` is CIN census XML, a folder or other text is Annex A CSV. Each
//! child is validated and handed to a sink as it is read, so a million-child census is
//! never held in memory; the caller decides what to do with the issues found.

mod annex;
mod cin;
mod detect;
mod hashing;
mod store_import;

pub use detect::{detect, SourceFormat};
pub use store_import::{import_into_store, ImportError, ImportRequest};

use assure_casedata::{Child, EventCounts, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A validation finding, whichever format it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub rule: String,
    /// `error` or `query`.
    pub severity: &'static str,
    pub child_id: Option<String>,
    pub field: String,
    pub message: String,
    /// Where in the file: `line 42` (XML) or `List 3 row 14` (Annex A).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// What was read: format, period, counts of events and of issues. The issues themselves go
/// to the caller's sink as they are found (a census can raise hundreds of thousands of
/// queries, and memory must not grow with the file); the first errors are kept for messages.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub file_name: String,
    pub format: SourceFormat,
    pub census_year: Option<i32>,
    pub extract_date: Option<NaiveDate>,
    pub sha256: String,
    pub counts: EventCounts,
    pub counts_by_rule: BTreeMap<String, u64>,
    pub errors: u64,
    pub queries: u64,
    /// The first errors found (at most `FIRST_ERRORS_KEPT`), to say what is wrong.
    pub first_errors: Vec<Issue>,
}

/// How many errors an outcome keeps to explain itself.
pub const FIRST_ERRORS_KEPT: usize = 50;

/// Counts each issue and passes it on.
pub(crate) struct IssueTally<'a> {
    sink: &'a mut dyn FnMut(&Issue) -> Result<(), String>,
    pub counts_by_rule: BTreeMap<String, u64>,
    pub errors: u64,
    pub queries: u64,
    pub first_errors: Vec<Issue>,
}

impl<'a> IssueTally<'a> {
    pub fn new(sink: &'a mut dyn FnMut(&Issue) -> Result<(), String>) -> Self {
        IssueTally {
            sink,
            counts_by_rule: BTreeMap::new(),
            errors: 0,
            queries: 0,
            first_errors: Vec::new(),
        }
    }

    pub fn add(&mut self, issue: Issue) -> Result<(), String> {
        match self.counts_by_rule.get_mut(issue.rule.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.counts_by_rule.insert(issue.rule.clone(), 1);
            }
        }
        if issue.severity == "error" {
            self.errors += 1;
            if self.first_errors.len() < FIRST_ERRORS_KEPT {
                self.first_errors.push(issue.clone());
            }
        } else {
            self.queries += 1;
        }
        (self.sink)(&issue)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The census year (ending 31 March) when the file does not say.
    pub year: Option<i32>,
    /// Today, for "not in the future" checks.
    pub today: NaiveDate,
}

/// The file cannot be read at all: nothing from it may be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct IngestError(pub String);

/// Reads and validates `path`, streaming every child to `children` and every issue to
/// `issues` as they are found. A sink error stops the read.
pub fn ingest(
    path: &Path,
    options: &Options,
    children: &mut dyn FnMut(&Child) -> Result<(), String>,
    issues: &mut dyn FnMut(&Issue) -> Result<(), String>,
) -> Result<Outcome, IngestError> {
    let format = detect(path)?;
    let mut tally = IssueTally::new(issues);
    let mut outcome = match format {
        SourceFormat::CinXml => cin::read(path, options, children, &mut tally)?,
        SourceFormat::AnnexAXlsx | SourceFormat::AnnexACsv => {
            annex::read(path, format, options, children, &mut tally)?
        }
    };
    outcome.counts_by_rule = std::mem::take(&mut tally.counts_by_rule);
    outcome.errors = tally.errors;
    outcome.queries = tally.queries;
    outcome.first_errors = std::mem::take(&mut tally.first_errors);
    Ok(outcome)
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The SHA-256 of a file (or of a folder of CSV files), to recognise a file imported before.
pub fn file_sha256(path: &Path) -> Result<String, IngestError> {
    annex::digest(path)
}
