//! Integration tests (one binary): determinism, CIN XML read-back, profile rates,
//! pathway invariants, planted errors and the Annex A writers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use assure_casedata::{Child, EventCounts, Sex};
use assure_cinxml::{CinReader, Limits};
use assure_synthetic::annex_a::{self, AnnexAOptions, LIST_NAMES};
use assure_synthetic::{
    census_view, checks, generate, try_generate, write_annex_a_csv, write_annex_a_xlsx,
    write_cin_xml, write_cin_xml_with, CinHeader, FunnelStats, GeneratorConfig, InjectedError,
    Profile,
};

fn config(profile: Profile, children: u64, seed: u64) -> GeneratorConfig {
    GeneratorConfig {
        children,
        seed,
        ..GeneratorConfig::for_profile(profile)
    }
}

fn xml_bytes(config: &GeneratorConfig) -> Vec<u8> {
    let mut out = Vec::new();
    write_cin_xml(generate(config), &mut out, config.year).unwrap();
    out
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("assure-synthetic-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------
// Determinism

#[test]
fn same_seed_same_bytes() {
    let c = config(Profile::England, 1500, 42);
    let a = xml_bytes(&c);
    let b = xml_bytes(&c);
    assert_eq!(a, b);
    let other = xml_bytes(&GeneratorConfig { seed: 43, ..c });
    assert_ne!(a, other);

    let d1 = temp_dir("det1");
    let d2 = temp_dir("det2");
    let opts = AnnexAOptions::for_census_year(c.year);
    write_annex_a_csv(generate(&c), &d1, &opts).unwrap();
    write_annex_a_csv(generate(&c), &d2, &opts).unwrap();
    for name in LIST_NAMES {
        let f = format!("{name}.csv");
        assert_eq!(
            std::fs::read(d1.join(&f)).unwrap(),
            std::fs::read(d2.join(&f)).unwrap(),
            "{f}"
        );
    }
    let _ = std::fs::remove_dir_all(d1);
    let _ = std::fs::remove_dir_all(d2);
}

#[test]
fn invalid_year_is_refused() {
    let c = GeneratorConfig {
        year: 2005,
        ..GeneratorConfig::default()
    };
    assert!(try_generate(&c).is_err());
    assert!(try_generate(&GeneratorConfig::default()).is_ok());
    assert_eq!(generate(&config(Profile::England, 7, 1)).len(), 7);
}

// ---------------------------------------------------------------------------------------
// CIN XML read-back

fn read_back(config: &GeneratorConfig, lea: &str) {
    let mut xml = Vec::new();
    let header = CinHeader::new(config.year).with_lea(lea);
    let summary = write_cin_xml_with(generate(config), &mut xml, &header).unwrap();
    assert_eq!(summary.children_in, config.children);
    assert_eq!(summary.bytes, xml.len() as u64);

    let expected: Vec<Child> = generate(config)
        .filter_map(|c| census_view(&c, config.year))
        .collect();
    assert_eq!(summary.written, EventCounts::from_children(&expected));

    let mut reader = CinReader::new(&xml[..], "synthetic.xml", Limits::default()).unwrap();
    let h = reader.header().clone();
    assert_eq!(h.collection.as_deref(), Some("CIN"));
    assert_eq!(h.year, Some(config.year));
    assert_eq!(h.reference_date, Some(config.reference_date()));
    assert_eq!(h.lea.as_deref(), Some(lea));
    let mut read = Vec::new();
    for record in &mut reader {
        let record = record.unwrap();
        assert!(
            record.problems.is_empty(),
            "field problems: {:?}",
            record.problems
        );
        let mut child = record.child.expect("usable ID");
        child.source_line = None;
        read.push(child);
    }
    assert!(reader.file_problems().is_empty());
    assert!(
        reader.skipped_elements().is_empty(),
        "{:?}",
        reader.skipped_elements()
    );
    assert_eq!(reader.counts(), summary.written);
    assert_eq!(read.len(), expected.len());
    for (got, want) in read.iter().zip(&expected) {
        assert_eq!(got, want, "child {}", want.la_child_id);
    }
    let counts = EventCounts::from_children(&read);
    assert!(counts.referrals > 0 && counts.assessments > 0 && counts.s47 > 0);
    assert!(counts.icpcs > 0 && counts.cp_plans > 0);
    if config.year >= 2022 {
        assert!(counts.cin_plans > 0);
    } else {
        assert_eq!(counts.cin_plans, 0);
    }
}

#[test]
fn cin_xml_reads_back_2025_with_sex() {
    let c = config(Profile::England, 3000, 7);
    read_back(&c, "999");
    let xml = String::from_utf8(xml_bytes(&c)).unwrap();
    assert!(
        xml.contains("<Sex>U</Sex>"),
        "unborn children are written as U"
    );
    assert!(!xml.contains("GenderCurrent"));
}

#[test]
fn cin_xml_reads_back_older_years_with_gender_current() {
    read_back(&config(Profile::Seed2010, 2000, 3), "846");
    let c = GeneratorConfig {
        year: 2023,
        ..config(Profile::England, 1500, 5)
    };
    read_back(&c, "999");
    let xml = String::from_utf8(xml_bytes(&c)).unwrap();
    assert!(xml.contains("<GenderCurrent>0</GenderCurrent>"));
    assert!(!xml.contains("<Sex>"));
}

#[test]
fn cin_xml_escapes_text() {
    let mut child = generate(&config(Profile::England, 200, 1))
        .find(|c| census_view(c, 2025).is_some())
        .unwrap();
    child.ethnicity = Some("A&B<C>\"'".into());
    let mut out = Vec::new();
    write_cin_xml(vec![child], &mut out, 2025).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains("<Ethnicity>A&amp;B&lt;C&gt;&quot;&apos;</Ethnicity>"));
    let mut reader = CinReader::new(&out[..], "x.xml", Limits::default()).unwrap();
    let rec = reader.next().unwrap().unwrap();
    assert_eq!(rec.child.unwrap().ethnicity.as_deref(), Some("A&B<C>\"'"));
}

// ---------------------------------------------------------------------------------------
// Profile rates

fn within(name: &str, got: f64, want: f64, tolerance: f64) {
    assert!(
        (got - want).abs() <= tolerance,
        "{name}: generated {got:.2}, target {want:.2} ± {tolerance}"
    );
}

#[test]
fn england_rates_match_targets() {
    let c = config(Profile::England, 20_000, 1);
    let s = FunnelStats::of(generate(&c), c.year);
    let t = Profile::England.targets();
    let pop = Profile::England.population(c.children);
    println!("{}", s.report(&t, pop));
    within(
        "referrals per 10k",
        FunnelStats::per_10k(s.referrals, pop),
        t.referrals_per_10k,
        30.0,
    );
    within("NFA %", s.nfa_pct(), t.nfa_pct, 0.5);
    within("re-referral %", s.rereferral_pct(), t.rereferral_pct, 2.0);
    within("not in need %", s.not_in_need_pct(), t.not_in_need_pct, 2.5);
    within(
        "S47 per referral",
        s.s47_per_referral(),
        t.s47_per_referral,
        0.02,
    );
    within(
        "ICPC / S47 %",
        s.icpc_per_s47_pct(),
        t.icpc_per_s47_pct,
        2.0,
    );
    within(
        "CPP / ICPC %",
        s.cpp_per_icpc_pct(),
        t.cpp_per_icpc_pct,
        2.0,
    );
    within(
        "assessments <= 45 WD %",
        s.assessments_45wd_pct(),
        t.assessments_within_45wd_pct,
        2.0,
    );
    within(
        "assessment median",
        s.assessment_median_wd(),
        t.assessment_median_wd,
        2.0,
    );
    within(
        "ICPC <= 15 WD %",
        s.icpc_15wd_pct(),
        t.icpc_within_15wd_pct,
        4.0,
    );
    within(
        "second plans %",
        s.subsequent_pct(),
        t.subsequent_cpp_pct,
        4.0,
    );
    within(
        "ended >= 2y %",
        s.cpp_ended_2y_pct(),
        t.cpp_ended_2y_pct,
        2.0,
    );
    within(
        "ended <= 3m %",
        s.cpp_ended_3m_pct(),
        t.cpp_ended_3m_pct,
        3.0,
    );
    within("open >= 2y %", s.cpp_open_2y_pct(), t.cpp_open_2y_pct, 1.5);
    within(
        "reviews on time %",
        s.reviews_on_time_pct(),
        t.reviews_on_time_pct,
        4.0,
    );
    within(
        "CIN at 31 March per 10k",
        FunnelStats::per_10k(s.cin_at_end, pop),
        t.cin_at_31_march_per_10k,
        30.0,
    );
    within(
        "CPP at 31 March per 10k",
        FunnelStats::per_10k(s.cpp_open, pop),
        t.cpp_at_31_march_per_10k,
        5.0,
    );
    assert!(
        s.open_at_start > 0,
        "some cases are open at the start of the year"
    );
}

#[test]
fn seed_2010_reproduces_the_funnel() {
    let t = Profile::Seed2010.targets();
    let (s47, icpc, cpp) = t.funnel_counts.unwrap();
    for seed in [1, 2, 3] {
        let c = GeneratorConfig {
            seed,
            ..GeneratorConfig::for_profile(Profile::Seed2010)
        };
        assert_eq!(c.year, 2010);
        let s = FunnelStats::of(generate(&c), c.year);
        let near = |got: u64, want: u64| (got as f64 - want as f64).abs() <= want as f64 * 0.05;
        assert!(near(s.s47, s47), "seed {seed}: {} S47s", s.s47);
        assert!(near(s.icpcs, icpc), "seed {seed}: {} ICPCs", s.icpcs);
        assert!(
            near(s.cpp_starts, cpp),
            "seed {seed}: {} CP plans",
            s.cpp_starts
        );
        assert!(s.cpp_subsequent > 0, "repeat plans occur");
        assert!(s.rereferrals > 0, "re-referrals occur");
    }
}

// ---------------------------------------------------------------------------------------
// Pathway invariants and DfE rules

#[test]
fn every_child_walks_the_pathway_cleanly() {
    let runs = [
        (Profile::England, 2025, 11),
        (Profile::England, 2023, 12),
        (Profile::England, 2030, 13),
        (Profile::Seed2010, 2010, 14),
        (Profile::Seed2010, 2016, 15),
    ];
    let mut seen = BTreeMap::<&str, u64>::new();
    for (profile, year, seed) in runs {
        let c = GeneratorConfig {
            year,
            ..config(profile, 2500, seed)
        };
        let extract = c.reference_date();
        let period = c.census_period();
        for child in generate(&c) {
            // Every child has something in the census year.
            let in_year = child
                .contacts
                .iter()
                .any(|x| x.date.is_some_and(|d| period.contains(d)))
                || child.early_help.iter().any(|e| {
                    e.start.is_some_and(|d| d <= extract)
                        && e.end.is_none_or(|d| d >= period.start())
                })
                || census_view(&child, year).is_some();
            assert!(in_year, "{} has nothing in {year}", child.la_child_id);
            let broken = checks::pathway(&child, extract);
            assert!(
                broken.is_empty(),
                "{} {year}: {broken:?}",
                child.la_child_id
            );
            if let Some(v) = census_view(&child, year) {
                let broken = checks::census_rules(&v, year);
                assert!(
                    broken.is_empty(),
                    "{} {year}: {broken:?}",
                    child.la_child_id
                );
            }
            // The promises spelled out, on top of the checkers.
            for ep in &child.episodes {
                let icpcs: Vec<_> = ep
                    .s47s
                    .iter()
                    .filter_map(|s| s.icpc_date)
                    .chain(ep.episode_icpc_date)
                    .collect();
                for d in &icpcs {
                    assert_eq!(assure_calendar::is_working_day(*d), Ok(true));
                }
                for p in &ep.cp_plans {
                    assert!(icpcs.contains(&p.start.unwrap()));
                    *seen.entry("cp plan").or_default() += 1;
                    if p.previous_plans.unwrap() > 0 {
                        *seen.entry("repeat plan").or_default() += 1;
                    }
                }
                for s in &ep.s47s {
                    assert_eq!(
                        s.icpc_target,
                        assure_calendar::add_working_days(s.start.unwrap(), 15).ok()
                    );
                }
                if ep.referral_nfa == Some(true) {
                    assert!(ep.assessments.is_empty() && ep.s47s.is_empty());
                    assert!(ep.cin_plans.is_empty() && ep.cp_plans.is_empty());
                    *seen.entry("nfa").or_default() += 1;
                }
                if ep.closure_date.is_none()
                    && ep.referral_date.unwrap() < c.census_period().start()
                {
                    *seen.entry("open at start").or_default() += 1;
                }
            }
            if child.expected_birth_date.is_some() {
                assert_eq!(child.sex, Sex::Unknown);
                assert!(child.birth_date.is_none());
                *seen.entry("unborn").or_default() += 1;
            }
            if child.episodes.len() > 1 {
                *seen.entry("re-referred").or_default() += 1;
            }
            if !child.early_help.is_empty() && !child.episodes.is_empty() {
                *seen.entry("early help and social care").or_default() += 1;
            }
            if child.episodes.is_empty() && !child.contacts.is_empty() {
                *seen.entry("contact only").or_default() += 1;
            }
            for w in child
                .contacts
                .iter()
                .filter_map(|c| c.worker.as_deref())
                .chain(child.episodes.iter().filter_map(|e| e.worker.as_deref()))
            {
                assert!(w.starts_with('W') && w[1..].bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
    for kind in [
        "cp plan",
        "repeat plan",
        "nfa",
        "open at start",
        "unborn",
        "re-referred",
        "early help and social care",
        "contact only",
    ] {
        assert!(
            seen.get(kind).copied().unwrap_or(0) > 0,
            "no {kind}: {seen:?}"
        );
    }
}

#[test]
fn injected_errors_break_their_rules() {
    let c = GeneratorConfig {
        inject_errors: true,
        ..config(Profile::England, 6000, 21)
    };
    let mut generator = generate(&c);
    let children: Vec<Child> = generator.by_ref().collect();
    let log = generator.injected().to_vec();
    // About one child in a hundred.
    assert!((50..=62).contains(&log.len()), "{} planted", log.len());
    let planted: BTreeMap<&str, InjectedError> =
        log.iter().map(|(id, e)| (id.as_str(), *e)).collect();
    let kinds: BTreeSet<InjectedError> = planted.values().copied().collect();
    assert_eq!(kinds.len(), InjectedError::ALL.len(), "every kind planted");

    for child in &children {
        let rules: BTreeSet<&str> = census_view(child, c.year)
            .map(|v| checks::census_rules(&v, c.year))
            .unwrap_or_default()
            .iter()
            .map(|v| v.rule)
            .collect();
        match planted.get(child.la_child_id.as_str()) {
            Some(e) => assert!(
                rules.contains(e.rule()),
                "{} planted {e} but the record breaks {rules:?}",
                child.la_child_id
            ),
            None => assert!(rules.is_empty(), "{}: {rules:?}", child.la_child_id),
        }
    }

    // The same errors reach the CIN XML, and it still reads without field problems.
    let mut xml = Vec::new();
    write_cin_xml(children.clone(), &mut xml, c.year).unwrap();
    let reader = CinReader::new(&xml[..], "x.xml", Limits::default()).unwrap();
    let mut read = 0;
    for rec in reader {
        let rec = rec.unwrap();
        assert!(rec.problems.is_empty());
        let child = rec.child.unwrap();
        if let Some(e) = planted.get(child.la_child_id.as_str()) {
            let rules: Vec<_> = checks::census_rules(&child, c.year);
            assert!(rules.iter().any(|v| v.rule == e.rule()), "{e} lost in XML");
            read += 1;
        }
    }
    assert_eq!(read, log.len());
}

// ---------------------------------------------------------------------------------------
// Annex A

#[test]
fn annex_a_csv_lists() {
    let c = config(Profile::England, 3000, 9);
    let dir = temp_dir("annexa");
    let opts = AnnexAOptions::for_census_year(c.year);
    let summary = write_annex_a_csv(generate(&c), &dir, &opts).unwrap();
    assert_eq!(summary.children, 3000);
    let window = opts.window();
    for (i, name) in LIST_NAMES.iter().enumerate() {
        let text = std::fs::read_to_string(dir.join(format!("{name}.csv"))).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(headers, annex_a::headers(i + 1), "{name} headers");
        let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len() as u64, summary.rows[i], "{name} rows");
        assert!(!rows.is_empty(), "{name} is empty");
        for row in &rows {
            assert_eq!(row.len(), headers.len());
            for (h, v) in headers.iter().zip(row.iter()) {
                if h.contains("Date") || h.contains("date") {
                    assert!(
                        v.is_empty() || (v.len() == 10 && &v[2..3] == "/" && &v[5..6] == "/"),
                        "{name} {h}: {v}"
                    );
                }
            }
            assert!(row[1].starts_with(['a', 'b', 'c', 'd']) && row[1].contains(") "));
        }
        // The list's own event date lies in the 6-month window (lists 1 and 3).
        if i == 0 || i == 2 {
            for row in &rows {
                let d = chrono::NaiveDate::parse_from_str(&row[5], "%d/%m/%Y").unwrap();
                assert!(window.contains(d), "{name}: {d}");
            }
        }
    }
    // Lists 6 and 7 hold one row per child.
    for list in ["List 6", "List 7"] {
        let text = std::fs::read_to_string(dir.join(format!("{list}.csv"))).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let ids: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_owned()).collect();
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{list}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn annex_a_xlsx_workbook() {
    let c = config(Profile::Seed2010, 1500, 4);
    let dir = temp_dir("xlsx");
    let path = dir.join("annex-a.xlsx");
    let opts = AnnexAOptions::for_census_year(c.year);
    let summary = write_annex_a_xlsx(generate(&c), &path, &opts).unwrap();
    let csv_summary = write_annex_a_csv(generate(&c), &dir, &opts).unwrap();
    assert_eq!(summary, csv_summary);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "an xlsx is a zip file");
    assert!(bytes.len() > 10_000);
    let _ = std::fs::remove_dir_all(dir);
}
