//! Ofsted Annex A lists, as a workbook or CSV files.

use crate::hashing;
use crate::{file_name, IngestError, Issue, IssueTally, Options, Outcome, SourceFormat};
use assure_annexa::{read_path, ReadOptions};
use assure_casedata::{Child, EventCounts};
use std::path::Path;

pub fn read(
    path: &Path,
    format: SourceFormat,
    options: &Options,
    sink: &mut dyn FnMut(&Child) -> Result<(), String>,
    tally: &mut IssueTally<'_>,
) -> Result<Outcome, IngestError> {
    let name = file_name(path);
    let import = read_path(path, &ReadOptions::new(options.today))
        .map_err(|e| IngestError(e.to_string()))?;
    let mut counts = EventCounts::default();
    for child in &import.children {
        counts.add_child(child);
        sink(child).map_err(|e| IngestError(format!("{name}: {e}")))?;
    }
    let issues = import.problems.into_iter().map(|p| Issue {
        rule: p.rule,
        severity: if format!("{:?}", p.severity).eq_ignore_ascii_case("error") {
            "error"
        } else {
            "query"
        },
        child_id: p.child_id,
        field: p.field,
        message: p.message,
        location: Some(if p.row > 0 {
            format!("{} row {}", p.sheet, p.row)
        } else {
            p.sheet
        }),
    });
    for issue in issues {
        tally
            .add(issue)
            .map_err(|e| IngestError(format!("{name}: {e}")))?;
    }
    Ok(Outcome {
        file_name: name,
        format,
        census_year: import.extract_date.map(assure_calendar_year),
        extract_date: import.extract_date,
        sha256: digest(path)?,
        counts,
        counts_by_rule: Default::default(),
        errors: 0,
        queries: 0,
        first_errors: vec![],
    })
}

/// The census year (ending 31 March) an extract date falls in.
fn assure_calendar_year(d: assure_casedata::NaiveDate) -> i32 {
    use chrono::Datelike;
    if d.month() >= 4 {
        d.year() + 1
    } else {
        d.year()
    }
}

/// The SHA-256 of a file, or of a folder's CSV files in name order; files are streamed
/// through the hash, never read whole into memory.
pub(crate) fn digest(path: &Path) -> Result<String, IngestError> {
    let name = file_name(path);
    let hash = |p: &Path| -> Result<String, IngestError> {
        let file = std::fs::File::open(p)
            .map_err(|e| IngestError(format!("{name}: cannot be read: {e}")))?;
        hashing::finish(hashing::Hashed::new(file))
            .map_err(|e| IngestError(format!("{name}: cannot be read: {e}")))
    };
    if !path.is_dir() {
        return hash(path);
    }
    let mut files: Vec<_> = std::fs::read_dir(path)
        .map_err(|e| IngestError(format!("{name}: cannot be read: {e}")))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        all.extend(file_name(&f).into_bytes());
        all.extend(hash(&f)?.into_bytes());
    }
    Ok(hashing::sha256(&all))
}
