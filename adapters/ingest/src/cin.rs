//! DfE CIN census XML: streamed, validated child by child against the census year's rules.

use crate::hashing::{self, Hashed};
use crate::{file_name, IngestError, Issue, IssueTally, Options, Outcome, SourceFormat};
use assure_casedata::{Child, EventCounts};
use assure_cinxml::{CinReader, Limits};
use assure_validation::{CensusContext, Severity, Validator};
use std::path::Path;

pub fn read(
    path: &Path,
    options: &Options,
    sink: &mut dyn FnMut(&Child) -> Result<(), String>,
    issues: &mut IssueTally<'_>,
) -> Result<Outcome, IngestError> {
    let name = file_name(path);
    let file = std::fs::File::open(path)
        .map_err(|e| IngestError(format!("{name}: cannot be read: {e}")))?;
    let mut hashed = Hashed::new(file);
    let mut counts = EventCounts::default();
    let census_year;
    {
        let mut reader = CinReader::new(&mut hashed, &name, Limits::default())
            .map_err(|e| IngestError(e.to_string()))?;
        let header = reader.header().clone();
        let ctx = match options.year {
            Some(year) => CensusContext::for_year(year),
            None => CensusContext::from_header(header.year, header.reference_date),
        }
        .map_err(|e| IngestError(format!("{name}: {e}; give the census year with --year")))?;
        census_year = Some(ctx.collection_year());
        let mut validator = Validator::new(ctx);
        validator.feed_header(header.year, header.reference_date, reader.file_problems());
        for record in &mut reader {
            let record = record.map_err(|e| IngestError(e.to_string()))?;
            validator.feed(record.child.as_ref(), &record.extras, &record.problems);
            if let Some(child) = &record.child {
                counts.add_child(child);
                sink(child).map_err(|e| IngestError(format!("{name}: {e}")))?;
            }
            for issue in validator.drain_issues() {
                issues
                    .add(convert(issue))
                    .map_err(|e| IngestError(format!("{name}: {e}")))?;
            }
        }
        for issue in validator.finish().issues {
            issues
                .add(convert(issue))
                .map_err(|e| IngestError(format!("{name}: {e}")))?;
        }
    }
    let sha256 =
        hashing::finish(hashed).map_err(|e| IngestError(format!("{name}: cannot be read: {e}")))?;
    Ok(Outcome {
        file_name: name,
        format: SourceFormat::CinXml,
        census_year,
        extract_date: None,
        sha256,
        counts,
        counts_by_rule: Default::default(),
        errors: 0,
        queries: 0,
        first_errors: vec![],
    })
}

fn convert(i: assure_validation::Issue) -> Issue {
    Issue {
        rule: i.rule,
        severity: match i.severity {
            Severity::Error => "error",
            Severity::Query => "query",
        },
        child_id: i.child_id,
        field: i.field,
        message: i.message,
        location: i.line.map(|l| format!("line {l}")),
    }
}
