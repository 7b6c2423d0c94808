//! The public synthetic Annex A workbooks (liia-tools / liia-tools-pipeline, MIT; see
//! shared/testdata/public/annex-a/SOURCE.md). Expected values were checked by
//! dumping every cell of lists 1-7 with calamine.

mod common;

use std::path::PathBuf;

use assure_annexa::{rules, AnnexAImport, ExtractDateSource, ReadOptions};
use assure_casedata::{EventCounts, Sex};
use common::*;

fn sample(name: &str) -> Option<AnnexAImport> {
    let dir = std::env::var_os("ASSURE_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata")
        });
    let path = dir.join("public/annex-a").join(name);
    if !path.exists() {
        // In CI the shared test data is always beside the clone: missing means broken.
        assert!(
            std::env::var_os("CI").is_none(),
            "{} missing",
            path.display()
        );
        eprintln!("skipping: {} not found", path.display());
        return None;
    }
    let bytes = std::fs::read(&path).unwrap();
    Some(assure_annexa::read_xlsx(&bytes, name, &ReadOptions::new(date(2024, 6, 1))).unwrap())
}

fn rows_per_list(import: &AnnexAImport) -> Vec<(u8, u32, u32)> {
    import
        .lists
        .iter()
        .map(|l| (l.list, l.rows, l.imported))
        .collect()
}

fn count(import: &AnnexAImport, rule: &str) -> usize {
    with_rule(import, rule).len()
}

/// Checks shared by the three clean-ish samples, which hold the same cells in lists 1-7.
fn check_reference_sample(import: &AnnexAImport) {
    assert_eq!(
        rows_per_list(import),
        vec![
            (1, 5, 5),
            (2, 5, 5),
            (3, 6, 6),
            (4, 5, 5),
            (5, 5, 5),
            (6, 5, 5),
            (7, 7, 7)
        ]
    );
    assert!(import.lists.iter().all(|l| l.header_row == 1));
    assert_eq!(import.children.len(), 37);
    // Decimal ages (e.g. 6.138261464750171 for a child born 25/01/2015) all point at the
    // same day: serial 44271.
    assert_eq!(import.extract_date, Some(date(2021, 3, 16)));
    assert_eq!(
        import.extract_date_source,
        Some(ExtractDateSource::AgesAndBirthDates { rows: 37 })
    );

    // List 1 row 2: 9212044, "Female" (no prefix), a) WBRI, born serial 42029, contact
    // serial 44090 from q) 6: Police.
    let c = child(import, "9212044");
    assert_eq!(c.sex, Sex::Female);
    assert_eq!(c.ethnicity.as_deref(), Some("WBRI"));
    assert_eq!(c.birth_date, Some(date(2015, 1, 25)));
    assert_eq!(c.contacts.len(), 1);
    assert_eq!(c.contacts[0].date, Some(date(2020, 9, 16)));
    assert_eq!(c.contacts[0].source.as_deref(), Some("6"));

    // 6537810 is on List 3 (referral 16/09/2020, s) 8: Other, NFA No, worker with a
    // non-breaking space) and List 5 (S47 16/09/2020, ICPC 05/10/2020).
    let c = child(import, "6537810");
    assert_eq!(c.episodes.len(), 1);
    let ep = &c.episodes[0];
    assert_eq!(ep.referral_date, Some(date(2020, 9, 16)));
    assert_eq!(ep.referral_source.as_deref(), Some("8"));
    assert_eq!(ep.referral_nfa, Some(false));
    assert_eq!(ep.team.as_deref(), Some("Multi Agency Safeguarding Hub"));
    assert_eq!(ep.worker, None, "worker names are never stored");
    assert_eq!(ep.s47s.len(), 1);
    assert_eq!(ep.s47s[0].start, Some(date(2020, 9, 16)));
    assert_eq!(ep.s47s[0].icpc_date, Some(date(2020, 10, 5)));
    assert_eq!(ep.s47s[0].icpc_not_required, Some(false));

    // List 6 row 2: 12598894 with primary need "PSRMEM - …" (not a code: reported, kept)
    // and #N/A team and worker.
    let c = child(import, "12598894");
    let ep = &c.episodes[0];
    assert_eq!(ep.referral_date, Some(date(2010, 6, 9)));
    assert_eq!(
        ep.primary_need.as_deref(),
        Some("PSRMEM - Support with memory and cognition")
    );
    assert_eq!(ep.team, None);
    assert_eq!(ep.cin_plans.len(), 1, "case status c) Child in need plan");
    assert!(import.problems.iter().any(|p| p.message
        == "List 6 row 2, Primary Need Code: \"PSRMEM - Support with memory and cognition\" is not in the Annex A code list (expected a primary need code N0 … N9, e.g. N1 - Abuse or neglect)"));
    assert_eq!(
        count(import, rules::CELL_ERROR),
        10,
        "team and worker #N/A on all five List 6 rows"
    );

    // List 7 row 2: 10721552, "Physical abuse" without prefix, plan 23/11/2020 - 16/02/2021.
    let c = child(import, "10721552");
    let cp = &c.episodes[0].cp_plans[0];
    assert_eq!(cp.start, Some(date(2020, 11, 23)));
    assert_eq!(cp.end, Some(date(2021, 2, 16)));
    assert_eq!(cp.initial_category.as_deref(), Some("PHY"));
    assert_eq!(cp.previous_plans, Some(0));
    assert_eq!(c.disabilities, vec!["NONE".to_string()]);

    // "CS Assessment Updated" in the List 4 yes/no support column on all five rows; three
    // List 5 "ICPC resulted in a plan: Yes" rows whose child has no List 7 plan.
    assert_eq!(count(import, rules::CODE), 6);
    assert_eq!(count(import, rules::CROSS_ICPC_CPP), 3);
    assert_eq!(count(import, rules::HEADER_MISSING), 0);
    assert_eq!(import.problems.len(), 19, "{:#?}", import.problems);

    let counts = EventCounts::from_children(&import.children);
    assert_eq!(counts.contacts, 5);
    assert_eq!(counts.early_help, 5);
    assert_eq!(counts.assessments, 5);
    assert_eq!(counts.s47, 5);
    assert_eq!(counts.cp_plans, 7);
}

#[test]
fn annex_a_liia_tools_reference_sample() {
    let Some(import) = sample("Annex_A.xlsx") else {
        return;
    };
    check_reference_sample(&import);
}

#[test]
fn annex_a_2024_pipeline_sample() {
    let Some(import) = sample("Annex_A_2024_Jan.xlsx") else {
        return;
    };
    check_reference_sample(&import);
}

#[test]
fn annex_a_first_release_with_pivot_headers_and_styled_empty_rows() {
    // "Sum of Number of …" headers in Lists 5 and 7, and 2,767 empty styled rows under
    // List 1 (dimension A1:G2773): same result as the reference sample.
    let Some(import) = sample("Annex_A_2022_v0.1.0a4.xlsx") else {
        return;
    };
    check_reference_sample(&import);
    let c = child(&import, "10721552");
    assert_eq!(c.episodes[0].cp_plans[0].previous_plans, Some(0));
}

#[test]
fn annex_a_messy_pipeline_test_input() {
    let Some(import) = sample("Annex_A_Jan_2022.xlsx") else {
        return;
    };
    assert_eq!(
        rows_per_list(&import),
        vec![
            (1, 8, 5),
            (2, 8, 6),
            (3, 9, 7),
            (4, 8, 6),
            (5, 8, 6),
            (6, 8, 6),
            (7, 10, 8)
        ]
    );
    assert_eq!(import.children.len(), 36);
    assert_eq!(import.extract_date, Some(date(2021, 3, 16)));
    let problem = |rule: &str, sheet: &str, row: u32| {
        import
            .problems
            .iter()
            .find(|p| p.rule == rule && p.sheet == sheet && p.row == row)
            .unwrap_or_else(|| panic!("no {rule} at {sheet} row {row}: {:#?}", import.problems))
    };
    // A row with no child ID.
    assert_eq!(
        problem(rules::MANDATORY_BLANK, "List 1", 3).message,
        "List 1 row 3, Child Unique ID: is blank; the row is not imported"
    );
    // "I made this up" as a gender.
    problem(rules::CODE, "List 2", 3);
    // 17.5 in a date-of-birth cell.
    assert!(problem(rules::DATE_RANGE, "List 3", 3)
        .message
        .contains("\"17.5\" reads as 17/01/1900"));
    // "Bob" as an age.
    assert_eq!(
        problem(rules::INTEGER, "List 4", 5).message,
        "List 4 row 5, Age: \"Bob\" is not an age in years (a number of 0 or more)"
    );
    // "Child ID" header on List 7 is recognised.
    assert!(import.lists[6].header_row == 1 && import.lists[6].imported == 8);
    assert_eq!(count(&import, rules::HEADER_MISSING), 0);
    // Exact and key duplicates.
    assert_eq!(count(&import, rules::DUPLICATE), 14, "two per list");
    assert!(problem(rules::DUPLICATE, "List 1", 7)
        .message
        .contains("repeats row 2"));
    // Near-duplicate plan one day later with "0 previous plans".
    problem(rules::CROSS_PREVIOUS_PLANS, "List 7", 10);
    let c = child(&import, "10721552");
    let plans: usize = c.episodes.iter().map(|e| e.cp_plans.len()).sum();
    assert_eq!(plans, 2);
    // 9212044's second contact (t) 9: Anonymous, same day) is a different contact.
    assert_eq!(child(&import, "9212044").contacts.len(), 2);
}
