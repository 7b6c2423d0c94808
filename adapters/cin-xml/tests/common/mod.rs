#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use assure_cinxml::{ChildRecord, CinError, CinReader, FieldProblem, Header, Limits};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Everything one read produced.
pub struct ReadAll {
    pub header: Header,
    pub records: Vec<ChildRecord>,
    pub file_problems: Vec<FieldProblem>,
    pub fatal: Option<CinError>,
    pub skipped: Vec<(String, u64)>,
}

pub fn read_from<R: BufRead>(name: &str, input: R, limits: Limits) -> Result<ReadAll, CinError> {
    let mut reader = CinReader::new(input, name, limits)?;
    let mut records = Vec::new();
    let mut fatal = None;
    for item in &mut reader {
        match item {
            Ok(r) => records.push(r),
            Err(e) => {
                assert!(fatal.is_none(), "only one fatal error");
                fatal = Some(e);
            }
        }
    }
    // Fused after the end or a fatal error.
    assert!(reader.next().is_none());
    Ok(ReadAll {
        header: reader.header().clone(),
        records,
        file_problems: reader.file_problems().to_vec(),
        fatal,
        skipped: reader
            .skipped_elements()
            .iter()
            .map(|s| (s.path.clone(), s.count))
            .collect(),
    })
}

pub fn read_bytes(name: &str, bytes: &[u8], limits: Limits) -> Result<ReadAll, CinError> {
    read_from(name, bytes, limits)
}

pub fn read_path(path: &Path, limits: Limits) -> Result<ReadAll, CinError> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let file = std::fs::File::open(path).unwrap();
    read_from(&name, BufReader::new(file), limits)
}

pub fn read_fixture(name: &str) -> Result<ReadAll, CinError> {
    read_path(&fixture(name), Limits::default())
}

/// Read a fixture that must be clean: no fatal error, no problems.
pub fn read_clean(name: &str) -> ReadAll {
    let all = read_fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(all.fatal.is_none(), "{name}: {:?}", all.fatal);
    assert!(
        all.file_problems.is_empty(),
        "{name}: {:?}",
        all.file_problems
    );
    for r in &all.records {
        assert!(r.problems.is_empty(), "{name}: {:?}", r.problems);
    }
    all
}

/// The fatal error a fixture must produce (from `new` or from iteration).
pub fn fatal_of(result: Result<ReadAll, CinError>) -> CinError {
    match result {
        Err(e) => e,
        Ok(all) => all.fatal.expect("expected a fatal error"),
    }
}
