//! Generated data passes the DfE rules with no errors (a property over seeds, profiles and
//! years), and `inject_errors` plants errors that the validator reports by rule number.

use assure_cinxml::{CinReader, Limits};
use assure_synthetic::{
    generate, write_annex_a_xlsx, write_cin_xml, AnnexAOptions, GeneratorConfig, Profile,
};
use assure_validation::{CensusContext, Severity, Validator};
use proptest::prelude::*;

fn validate_xml(xml: &[u8]) -> assure_validation::Report {
    let mut reader = CinReader::new(xml, "generated.xml", Limits::default()).unwrap();
    let h = reader.header().clone();
    let mut v = Validator::new(CensusContext::from_header(h.year, h.reference_date).unwrap());
    v.feed_header(h.year, h.reference_date, reader.file_problems());
    for rec in &mut reader {
        let rec = rec.unwrap();
        assert!(
            rec.problems.is_empty(),
            "reader problems: {:?}",
            rec.problems
        );
        v.feed(rec.child.as_ref(), &rec.extras, &rec.problems);
    }
    v.finish()
}

fn xml_for(config: &GeneratorConfig) -> Vec<u8> {
    let mut xml = Vec::new();
    write_cin_xml(generate(config), &mut xml, config.year).unwrap();
    xml
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn generated_cin_xml_has_no_rule_errors(seed in 0u64..1_000_000, year in 2017i32..=2026, england in any::<bool>()) {
        let profile = if england { Profile::England } else { Profile::Seed2010 };
        let config = GeneratorConfig { children: 400, year, seed, profile, inject_errors: false };
        let report = validate_xml(&xml_for(&config));
        let errors: Vec<_> = report.issues.iter().filter(|i| i.severity == Severity::Error).map(|i| i.message.clone()).take(5).collect();
        prop_assert!(errors.is_empty(), "seed {} year {} {:?}: {:?}", seed, year, profile, errors);
    }
}

#[test]
fn injected_errors_are_reported_by_rule_number() {
    let config = GeneratorConfig {
        children: 3000,
        year: 2025,
        seed: 7,
        profile: Profile::England,
        inject_errors: true,
    };
    // The injection log fills as children are generated.
    let mut generator = generate(&config);
    generator.by_ref().for_each(drop);
    let planted: std::collections::BTreeSet<&str> =
        generator.injected().iter().map(|(_, e)| e.rule()).collect();
    let report = validate_xml(&xml_for(&config));
    let found: std::collections::BTreeSet<&str> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.rule.as_str())
        .collect();
    assert!(!planted.is_empty());
    for rule in &planted {
        assert!(
            found.contains(rule),
            "planted {rule} was not reported; found {found:?}"
        );
    }
}

#[test]
fn the_generated_annex_a_workbook_reads_back_without_errors() {
    let config = GeneratorConfig {
        children: 500,
        year: 2025,
        seed: 3,
        profile: Profile::England,
        inject_errors: false,
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annex-a.xlsx");
    write_annex_a_xlsx(
        generate(&config),
        &path,
        &AnnexAOptions::for_census_year(2025),
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let import = assure_annexa::read_xlsx(
        &bytes,
        "annex-a.xlsx",
        &assure_annexa::ReadOptions::new("2025-04-01".parse().unwrap()),
    )
    .unwrap();
    let errors: Vec<_> = import
        .problems
        .iter()
        .filter(|p| format!("{:?}", p.severity) == "Error")
        .map(|p| p.message.clone())
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(import.children.len() > 100);
}
