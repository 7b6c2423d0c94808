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

/// What was read: format, period, counts and every issue.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub file_name: String,
    pub format: SourceFormat,
    pub census_year: Option<i32>,
    pub extract_date: Option<NaiveDate>,
    pub sha256: String,
    pub counts: EventCounts,
    pub issues: Vec<Issue>,
    pub errors: u64,
    pub queries: u64,
}

impl Outcome {
    pub fn counts_by_rule(&self) -> BTreeMap<&str, u64> {
        let mut m = BTreeMap::new();
        for i in &self.issues {
            *m.entry(i.rule.as_str()).or_insert(0) += 1;
        }
        m
    }

    fn tally(&mut self) {
        self.errors = self.issues.iter().filter(|i| i.severity == "error").count() as u64;
        self.queries = self.issues.len() as u64 - self.errors;
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

/// Reads, validates and streams every child of `path` to `sink`. A sink error stops the read.
pub fn ingest(
    path: &Path,
    options: &Options,
    sink: &mut dyn FnMut(&Child) -> Result<(), String>,
) -> Result<Outcome, IngestError> {
    let format = detect(path)?;
    let mut outcome = match format {
        SourceFormat::CinXml => cin::read(path, options, sink)?,
        SourceFormat::AnnexAXlsx | SourceFormat::AnnexACsv => {
            annex::read(path, format, options, sink)?
        }
    };
    outcome.tally();
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
