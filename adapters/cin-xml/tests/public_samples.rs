//! Read every public sample file (`/work/shared/testdata/public/cin`, from D2I's
//! csc-validator-be-cin `fake_data/`; override with `ASSURE_CIN_SAMPLES`). Some are
//! deliberately invalid; the assertions record what the reader actually does with each.
//! Skipped, with a message, when the directory is not there.

mod common;

use std::path::PathBuf;

use assure_casedata::{EventCounts, NaiveDate, Sex};
use assure_cinxml::{Limits, ProblemKind};
use common::*;

fn samples_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ASSURE_CIN_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/public/cin")
        });
    if dir.is_dir() {
        Some(dir)
    } else {
        // In CI the shared test data is always beside the clone: missing means broken.
        assert!(
            std::env::var_os("CI").is_none(),
            "public CIN samples missing at {}",
            dir.display()
        );
        eprintln!(
            "public CIN samples not found at {}; skipping",
            dir.display()
        );
        None
    }
}

fn read_sample(name: &str) -> Option<ReadAll> {
    let dir = samples_dir()?;
    Some(read_path(&dir.join(name), Limits::default()).unwrap_or_else(|e| panic!("{e}")))
}

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

#[test]
fn every_sample_reads_without_panic_or_fatal_error() {
    let Some(dir) = samples_dir() else { return };
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("xml") {
            continue;
        }
        seen += 1;
        let all = read_path(&path, Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(all.fatal.is_none(), "{}: {:?}", path.display(), all.fatal);
        assert!(!all.records.is_empty(), "{}", path.display());
        assert_eq!(all.header.collection.as_deref(), Some("CIN"));
    }
    assert_eq!(seen, 9, "expected the 9 sample files listed in SOURCE.md");
}

#[test]
fn fake_cin_data_has_332_clean_children() {
    let Some(all) = read_sample("fake_CIN_data.xml") else {
        return;
    };
    assert_eq!(all.header.year, Some(2022));
    assert_eq!(all.header.reference_date, d(2022, 7, 21));
    assert_eq!(all.header.lea.as_deref(), Some("975"));
    assert!(all.file_problems.is_empty());
    assert_eq!(all.records.len(), 332);
    assert!(all.records.iter().all(|r| r.problems.is_empty()));
    let children: Vec<_> = all
        .records
        .iter()
        .map(|r| r.child.clone().unwrap())
        .collect();
    // Counted independently with grep: 402 <CINdetails>, 350 <DateOfInitialCPC> (all at
    // episode level), no assessments / S47 / plans.
    assert_eq!(
        EventCounts::from_children(&children),
        EventCounts {
            children: 332,
            referrals: 402,
            icpcs: 350,
            ..EventCounts::default()
        }
    );
    let first = &children[0];
    assert_eq!(first.la_child_id.as_str(), "RND000215205141");
    assert_eq!(first.sex, Sex::Male);
    assert_eq!(first.source_line, Some(18));
    assert_eq!(first.episodes[0].episode_icpc_date, d(2020, 9, 29));
    // 332 UPNs present, every one reduced to facts.
    assert!(all.records.iter().all(|r| r.extras.upn.is_some()));
    assert_eq!(
        all.records
            .iter()
            .filter(|r| r.extras.person_death_date.is_some())
            .count(),
        21
    );
    let disabled = children
        .iter()
        .filter(|c| !c.disabilities.is_empty())
        .count();
    assert_eq!(disabled, 74);
}

/// The 2021/2023-style single-child files share one defect: stray text
/// `PersonBirthDate` after `</UPNunknown>` on line 23.
fn assert_stray_text_only(name: &str) -> ReadAll {
    let all = read_sample(name).unwrap();
    assert_eq!(all.records.len(), 1, "{name}");
    let r = &all.records[0];
    assert_eq!(r.problems.len(), 1, "{name}: {:?}", r.problems);
    let p = &r.problems[0];
    assert_eq!(p.kind, ProblemKind::UnexpectedText { chars: 15 }); // "PersonBirthDate"
    assert_eq!((p.line, p.value.as_str()), (23, ""));
    assert_eq!(p.path, "Message/Children/Child/ChildIdentifiers");
    all
}

#[test]
fn cin_census_2021_family() {
    if samples_dir().is_none() {
        return;
    }
    let all = assert_stray_text_only("CIN_Census_2021.xml");
    let r = &all.records[0];
    let c = r.child.as_ref().unwrap();
    assert_eq!(c.la_child_id.as_str(), "DfEX0000001");
    assert_eq!(c.sex, Sex::Male);
    assert_eq!(c.birth_date, d(1965, 3, 27));
    assert!(r.extras.upn.is_some() && r.extras.former_upn.is_some());
    assert_eq!(r.extras.upn_unknown.as_deref(), Some("UN3"));
    assert_eq!(all.header.reference_date, d(2023, 3, 31));

    let all = assert_stray_text_only("CIN_header_issues_100.xml");
    assert_eq!(all.header.reference_date, d(2023, 3, 28)); // rule 100 is the validator's
    assert_stray_text_only("CIN_la_issues_2887Q.xml");
    let copy = assert_stray_text_only("CIN_Census_2021_copy.xml");
    let nf = assert_stray_text_only("CIN_Census_2021_no_assessment_factors.xml");
    assert_eq!(copy.records[0].child, nf.records[0].child);
    let a = &nf.records[0].child.as_ref().unwrap().episodes[0].assessments[0];
    assert!(a.factors.is_empty());
}

#[test]
fn cin2rows_has_two_plans() {
    if samples_dir().is_none() {
        return;
    }
    let all = assert_stray_text_only("CIN2rows.xml");
    let ep = &all.records[0].child.as_ref().unwrap().episodes[0];
    assert_eq!(ep.cp_plans.len(), 2);
    assert_eq!(ep.episode_icpc_date, d(2022, 12, 6));
    assert_eq!(ep.s47s[0].icpc_date, d(2022, 6, 17));
}

#[test]
fn census_2024_and_2026_sex_files() {
    for name in ["CIN_Census_2024.xml", "CIN_Census_2026.xml"] {
        let Some(all) = read_sample(name) else { return };
        assert_eq!(all.records.len(), 2, "{name}");

        // Child 1: stray text, and `<Sex>1</Sex>` (an old GenderCurrent code in the Sex slot).
        let r = &all.records[0];
        let kinds: Vec<_> = r.problems.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                ProblemKind::UnexpectedText { chars: 15 },
                ProblemKind::InvalidSex
            ],
            "{name}"
        );
        assert_eq!(r.problems[1].line, 25);
        assert_eq!(r.problems[1].value, "1");
        let c = r.child.as_ref().unwrap();
        assert_eq!(c.sex, Sex::NotRecorded);
        assert_eq!(r.extras.sex.as_deref(), Some("1"));
        // The deliberately invalid factor `RB` is kept for the validator.
        assert_eq!(c.episodes[0].assessments[0].factors, vec!["1C", "RB", "6B"]);

        // Child 2: LAchildID "child_fails_assessments" is 23 characters (rule 1570), so it
        // cannot be keyed.
        let r2 = &all.records[1];
        assert!(r2.child.is_none(), "{name}");
        assert_eq!(r2.problems.len(), 1);
        assert_eq!(
            r2.problems[0].kind,
            ProblemKind::InvalidChildId(assure_casedata::ChildIdError::TooLong { chars: 23 })
        );
        assert_eq!(r2.extras.sex.as_deref(), Some("M"));
        assert_eq!(r2.extras.upn_unknown.as_deref(), Some("UN1"));

        let expected_skips = if name.contains("2026") {
            vec![(
                "Message/Children/Child/CINdetails/PreProceedingsandFGDM".to_string(),
                1,
            )]
        } else {
            vec![]
        };
        assert_eq!(all.skipped, expected_skips, "{name}");
    }
}
