//! Integration tests of the shipped reference data. Expected values are
//! read by hand from the CSV rows quoted in the comments.

use assure_reference::*;

const BRIGHTON: &str = "E06000043";

#[test]
fn shipped_data_loads() {
    if let Err(e) = load() {
        panic!("shipped data failed to parse: {e}");
    }
    // 158 authorities over 2013–2025, 153 of them current.
    assert_eq!(local_authorities().len(), 158);
    assert_eq!(
        local_authorities()
            .iter()
            .filter(|l| l.is_current())
            .count(),
        153
    );
    // 9 regions + Inner/Outer London.
    assert_eq!(regions().len(), 11);
    for t in TableId::ALL {
        assert!(!table_columns(t).is_empty(), "{t:?}");
        assert!(!table_years(t).is_empty(), "{t:?}");
    }
}

#[test]
fn every_indicator_has_a_series_for_england() {
    for m in indicator_mappings() {
        let s = series(m.indicator_id, &Geography::England);
        assert!(!s.is_empty(), "{}", m.indicator_id);
        assert!(s.iter().any(|f| f.value.is_some()), "{}", m.indicator_id);
        assert!(s.windows(2).all(|w| w[0].time_period < w[1].time_period));
        for f in &s {
            assert_eq!(f.indicator_id, m.indicator_id);
            assert_eq!(f.unit, m.unit);
            assert_eq!(f.value.is_none(), f.suppression.is_some());
        }
    }
}

#[test]
fn brighton_and_hove_identity() {
    let by_code = find_la(BRIGHTON).expect("by code");
    assert_eq!(find_la("846"), Some(by_code));
    assert_eq!(find_la("BRIGHTON AND HOVE"), Some(by_code));
    assert_eq!(find_la("Brighton & Hove"), Some(by_code));
    assert_eq!(by_code.old_code, "846");
    assert_eq!(by_code.name, "Brighton and Hove");
    assert_eq!(by_code.region_code, "E12000008");
    assert_eq!(by_code.region_name, "South East");
    assert_eq!(by_code.subregion_code, None);
    assert!(by_code.is_current());
}

#[test]
fn brighton_and_hove_neighbours_2025_model() {
    // sn_model_2025_wide.csv row 846: SN_1..SN_10 = 801, 882, 302, 314,
    // 800, 383, 209, 826, 212, 816.
    let names: Vec<&str> = statistical_neighbours(BRIGHTON)
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Bristol, City of",
            "Southend-on-Sea",
            "Barnet",
            "Kingston upon Thames",
            "Bath and North East Somerset",
            "Leeds",
            "Lewisham",
            "Milton Keynes",
            "Wandsworth",
            "York",
        ]
    );
    let detailed = statistical_neighbours_in("846", SnModel::Model2025);
    assert_eq!(detailed[0].closeness, "Close"); // "Close " in the file, trimmed
    assert_eq!(detailed[9].rank, 10);
    assert_eq!(detailed[9].closeness, "Somewhat close");
}

#[test]
fn brighton_and_hove_neighbours_2021_groupings() {
    // New_Statistical_Neighbour_Groupings_April_2021.csv row 846:
    // 870, 801, 800, 839, 882, 851, 383, 373, 816, 845, all "Close".
    let olds: Vec<&str> = statistical_neighbours_in(BRIGHTON, SnModel::Groupings2021)
        .iter()
        .map(|n| n.la.old_code.as_str())
        .collect();
    assert_eq!(
        olds,
        ["870", "801", "800", "839", "882", "851", "383", "373", "816", "845"]
    );
}

#[test]
fn neighbour_models_cover_the_right_las() {
    let current: Vec<_> = local_authorities()
        .iter()
        .filter(|l| l.is_current())
        .collect();
    for la in &current {
        assert_eq!(statistical_neighbours(&la.code).len(), 10, "{}", la.name);
    }
    // The 2021 groupings lack the two Cumbrian successors and have Cumbria.
    assert!(statistical_neighbours_in("Cumberland", SnModel::Groupings2021).is_empty());
    assert_eq!(
        statistical_neighbours_in("909", SnModel::Groupings2021).len(),
        10
    );
    // …and stop before the "Old SNs:" block.
    assert!(statistical_neighbours_in("928", SnModel::Groupings2021).is_empty());
    assert!(statistical_neighbours("909").is_empty());
}

#[test]
fn brighton_population_0_17() {
    // ons_mid-year_population_estimates_2012_to_2024.csv line 266:
    // 2023,…,846,E06000043,Brighton and Hove,Children aged 0 to 17 years,46835
    assert_eq!(population_0_17(BRIGHTON, 2023), Some(46_835));
    assert_eq!(population_0_17("846", 2023), Some(46_835));
    // ons_mid-year_population_estimates_2012_to_2023.csv line 101: 46666.
    assert_eq!(
        population_0_17_vintage(BRIGHTON, 2023, PopulationVintage::Cin2024Release),
        Some(46_666)
    );
    assert_eq!(
        population_0_17_for_reporting_year(BRIGHTON, 2024),
        Some(46_835)
    );
    // England mid-2024 = 12,183,016 (data-standards §3.2).
    assert_eq!(population_0_17("E92000001", 2024), Some(12_183_016));
    assert_eq!(population_0_17("England", 2024), Some(12_183_016));
    // Bournemouth has no population before mid-2019 (`x`).
    assert_eq!(population_0_17("837", 2015), None);
    assert_eq!(population_0_17("no such place", 2023), None);
}

#[test]
fn england_rereferral_rate_2024() {
    // c1_…_2013_to_2025.csv line 167: 2024 National … 621880,139080,22.4,…
    let f = figures("rereferrals_12m_pct", &Geography::England, 2024).unwrap();
    assert_eq!(f.value, Some(22.4));
    assert_eq!(f.unit, Unit::Percent);
    assert_eq!(f.source_table, "c1");
    assert_eq!(f.release.key, "cin_2025");
    assert_eq!(f.release.published, Some("2025-10-30"));
    assert_eq!(
        f.derivation,
        Derivation::Published {
            column: "rereferral_percent"
        }
    );
    assert!(f.comparability.matches);
}

#[test]
fn data_standards_section_4_spot_checks() {
    let eng = |id: &str, y: u16| figures(id, &Geography::England, y).and_then(|f| f.value);
    assert_eq!(eng("referrals", 2025), Some(632_830.0));
    assert_eq!(eng("referrals_per_10k", 2024), Some(518.3));
    assert_eq!(eng("referrals_per_10k", 2025), Some(519.4)); // calc, as in §4
    assert_eq!(eng("referral_nfa_pct", 2023), Some(7.1));
    assert_eq!(eng("assessments_completed", 2023), Some(655_540.0));
    assert_eq!(eng("assessments_within_45wd_pct", 2023), Some(82.5));
    assert_eq!(eng("assessments_within_45wd_pct", 2024), Some(84.5));
    assert_eq!(eng("s47_started_per_10k", 2024), Some(187.1));
    assert_eq!(eng("s47_to_icpc_pct", 2024), Some(32.2));
    assert_eq!(eng("icpcs", 2023), Some(74_380.0));
    assert_eq!(eng("icpc_within_15wd_pct", 2024), Some(79.7));
    assert_eq!(eng("icpc_to_cpp_pct", 2024), Some(86.0));
    assert_eq!(eng("cpp_started", 2025), Some(61_840.0));
    assert_eq!(eng("cpp_open_at_end", 2024), Some(49_900.0));
    assert_eq!(eng("cpp_open_at_end_per_10k", 2024), Some(41.6));
    assert_eq!(eng("cpp_open_at_end_per_10k", 2025), Some(40.6)); // calc, as in §4
    assert_eq!(eng("cpp_open_2y_pct", 2025), Some(2.3));
    assert_eq!(eng("cpp_ended_2y_pct", 2023), Some(3.9));
    assert_eq!(eng("cpp_repeat_pct", 2024), Some(24.7));
    assert_eq!(eng("cpp_repeat_pct", 2022), Some(22.7)); // 2025-release revision
    assert_eq!(eng("cpp_reviews_on_time_pct", 2024), Some(89.8));
    assert_eq!(eng("cin_at_end", 2025), Some(402_400.0));
    assert_eq!(eng("cin_at_end_per_10k", 2024), Some(332.9));
    assert_eq!(eng("cin_at_end_per_10k", 2025), Some(330.3)); // calc, as in §4
    assert_eq!(eng("cin_plans_at_end", 2024), Some(103_440.0));
    assert_eq!(eng("cin_plans_at_end_per_10k", 2023), Some(85.1));
    // Not published for 2025 in the shipped files.
    assert_eq!(figures("cpp_ended_2y_pct", &Geography::England, 2025), None);
}

#[test]
fn headline_file_agrees() {
    // headline_figures_2013_to_2024.csv is England-only; every year must
    // agree with the table-derived figures.
    let text = include_str!("../data/headline_figures_2013_to_2024.csv");
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    let mut rows = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let r: Vec<&str> = line.split(',').map(str::trim).collect();
        let y: u16 = r[col("time_period")].parse().unwrap();
        for (id, c) in [
            ("cin_at_end", "children_in_need"),
            ("cin_at_end_per_10k", "children_in_need_per_10000_children"),
            (
                "cpp_open_at_end_per_10k",
                "child_protection_plans_per_10000_children",
            ),
            ("referrals", "referrals"),
            ("assessments_completed", "completed_assessments"),
        ] {
            let published = r[col(c)].parse::<f64>().ok();
            if published.is_none() {
                continue; // 2013 `x` / 2014 `u` assessments
            }
            let ours = figures(id, &Geography::England, y).and_then(|f| f.value);
            assert_eq!(ours, published, "{id} {y}");
        }
        rows += 1;
    }
    assert_eq!(rows, 12);
}

#[test]
fn suppressed_cells_give_none_with_reason() {
    // c1 2025-release line 820: Richmond upon Thames 2021 NFA = c.
    let f = figures("referral_nfa_pct", &Geography::la("318"), 2021).unwrap();
    assert_eq!(f.value, None);
    assert_eq!(f.suppression, Some(Suppression::Confidential));
    assert!(f.missing_reason().unwrap().contains("confidentiality"));
    // line 269: Hampshire 2024 = u everywhere.
    let f = figures("referrals", &Geography::la("Hampshire"), 2024).unwrap();
    assert_eq!(
        (f.value, f.suppression),
        (None, Some(Suppression::LowReliability))
    );
    // line 792: Hackney 2021 = x.
    let f = figures("rereferrals_12m_pct", &Geography::la("E09000012"), 2021).unwrap();
    assert_eq!(
        (f.value, f.suppression),
        (None, Some(Suppression::NotAvailable))
    );
    // d5 line 126: Isles of Scilly 2025 CPP_At31 = c, and its calculated
    // rate inherits the suppression.
    let f = figures("cpp_open_at_end", &Geography::la("420"), 2025).unwrap();
    assert_eq!(f.suppression, Some(Suppression::Confidential));
    let f = figures("cpp_open_at_end_per_10k", &Geography::la("420"), 2025).unwrap();
    assert_eq!(f.suppression, Some(Suppression::Confidential));
    // A derived percentage with a suppressed component is suppressed too.
    let s = series("icpc_within_15wd_pct", &Geography::la("420"));
    assert!(s
        .iter()
        .all(|f| f.value.is_none() && f.suppression.is_some()));
    // Suppressed years stay in the series.
    let s = series("referrals", &Geography::la("Hackney"));
    assert!(s.iter().any(|f| f.time_period == 2021 && f.value.is_none()));
}

#[test]
fn brighton_figures_and_derivations() {
    let g = Geography::la(BRIGHTON);
    // c2 line 101, 2024: bands 17,433,370,447,778,422 | 197,109,96 →
    // 2467 / 2869 = 85.99 %.
    let f = figures("assessments_within_45wd_pct", &g, 2024).unwrap();
    assert_eq!(f.value, Some(86.0));
    assert!(matches!(f.derivation, Derivation::Calculated { .. }));
    assert_eq!(f.geography, Geography::LocalAuthority(BRIGHTON.into()));
    // c4 line 101, 2024: bands 61,246,22,14 → 307 / 343 = 89.5 %.
    assert_eq!(
        figures("icpc_within_15wd_pct", &g, 2024).unwrap().value,
        Some(89.5)
    );
    // b1 line 101, 2025: At31_episodes 2055; mid-2024 population 46612.
    let f = figures("cin_at_end_per_10k", &g, 2025).unwrap();
    assert_eq!(f.value, Some(440.9));
    assert_eq!(f.release.key, "cin_2025");
    // 2024 rate is the published one (2024 release).
    let f = figures("cin_at_end_per_10k", &g, 2024).unwrap();
    assert_eq!(f.release.key, "cin_2024");
    assert!(matches!(f.derivation, Derivation::Published { .. }));
    // d5 line 101, 2025: 2 years or more = 8, 3.1 %.
    assert_eq!(figures("cpp_open_2y", &g, 2025).unwrap().value, Some(8.0));
    assert_eq!(
        figures("cpp_open_2y_pct", &g, 2025).unwrap().value,
        Some(3.1)
    );
    let years: Vec<u16> = series("referrals", &g)
        .iter()
        .map(|f| f.time_period)
        .collect();
    assert_eq!(years, (2013..=2025).collect::<Vec<_>>());
}

#[test]
fn every_mapping_names_existing_tables_and_columns() {
    let mut ids = std::collections::HashSet::new();
    for m in indicator_mappings() {
        assert!(ids.insert(m.indicator_id), "duplicate {}", m.indicator_id);
        assert!(!m.sources.is_empty());
        assert_eq!(
            m.source_table,
            m.sources[0].table.code(),
            "{}",
            m.indicator_id
        );
        assert!(!m.comparability.note.is_empty());
        for s in m.sources {
            for (table, column) in s.columns() {
                assert!(TableId::ALL.contains(&table));
                let path = format!("{}/data/{}", env!("CARGO_MANIFEST_DIR"), table.file());
                assert!(std::path::Path::new(&path).is_file(), "{path}");
                assert!(
                    table_columns(table).contains(&column),
                    "{}: {column} not in {}",
                    m.indicator_id,
                    table.file()
                );
            }
        }
        match m.rate_of {
            Some(base) => {
                assert_eq!(m.unit, Unit::RatePer10k);
                assert_eq!(m.indicator_id, format!("{base}_per_10k"));
                assert_eq!(mapping(base).unwrap().unit, Unit::Count);
                assert_eq!(rate_mapping_for(base).unwrap().indicator_id, m.indicator_id);
            }
            None => assert_ne!(m.unit, Unit::RatePer10k),
        }
    }
    // The catalogue ids the brief lists are all mapped.
    for id in [
        "referrals",
        "rereferrals_12m_pct",
        "referral_nfa_pct",
        "assessments_within_45wd_pct",
        "s47_started",
        "icpcs",
        "icpc_within_15wd_pct",
        "cpp_started",
        "cpp_open_at_end",
        "cpp_open_2y_pct",
        "cpp_ended_2y_pct",
        "cpp_repeat_pct",
        "cpp_reviews_on_time_pct",
        "cin_at_end",
        "cin_plans_at_end",
    ] {
        assert!(mapping(id).is_some(), "{id}");
    }
    assert!(comparability("s47_to_icpc_pct").is_some_and(|c| !c.matches));
    assert!(mapping("contacts").is_none());
}

#[test]
fn lookups_across_code_changes() {
    // North Yorkshire: E10000023 until 2023, E06000065 from 2024.
    let ny = find_la("E10000023").unwrap();
    assert_eq!(ny.code, "E06000065");
    assert_eq!(ny.previous_codes, ["E10000023"]);
    let s = series("referrals", &Geography::la("E10000023"));
    assert_eq!(s.first().unwrap().time_period, 2013);
    assert!(s.iter().all(|f| f.geography == Geography::la("E06000065")));
    // Gateshead's pre-2013 ONS code appears in the C4 file.
    assert_eq!(find_la("E08000020").unwrap().name, "Gateshead");
    // Dorset: the current unitary (838), not the former county (835).
    assert_eq!(find_la("dorset").unwrap().old_code, "838");
    let old = find_la("835").unwrap();
    assert!(!old.is_current());
    assert_eq!(old.last_year, 2019);
    // St Helens, spelt either way.
    assert_eq!(find_la("St Helens").unwrap().old_code, "342");
    assert!(find_la("Atlantis").is_none());
    assert!(figures("referrals", &Geography::la("Atlantis"), 2024).is_none());
    assert!(figures("referrals", &Geography::region("E99999999"), 2024).is_none());
    assert!(figures("no_such_indicator", &Geography::England, 2024).is_none());
}

#[test]
fn london_boroughs_use_london_region() {
    let hackney = find_la("Hackney").unwrap();
    assert_eq!(hackney.region_code, "E12000007");
    assert_eq!(hackney.subregion_code.as_deref(), Some("E13000001"));
    assert_eq!(hackney.subregion_name.as_deref(), Some("Inner London"));
    // Inner London rows are queryable too.
    assert!(figures("referrals", &Geography::region("E13000001"), 2024)
        .unwrap()
        .value
        .is_some());
}

#[test]
fn comparators_for_brighton() {
    let c = comparators_for("846").unwrap();
    assert_eq!(c.england, Geography::England);
    assert_eq!(c.region, Geography::region("E12000008"));
    assert_eq!(c.la.code, BRIGHTON);
    assert_eq!(c.neighbours.len(), 10);
    let f = c.figures("rereferrals_12m_pct", 2024);
    assert_eq!(f.england.as_ref().unwrap().value, Some(22.4));
    assert!(f.region.as_ref().unwrap().value.is_some());
    // c1 2024 line 101: Brighton 24.5 %.
    assert_eq!(f.la.as_ref().unwrap().value, Some(24.5));
    assert_eq!(f.neighbours.len(), 10);
    assert_eq!(f.neighbours_with_value(), 10);
    let med = f.neighbour_median().unwrap();
    let mut v: Vec<f64> = f
        .neighbours
        .iter()
        .map(|n| n.as_ref().unwrap().value.unwrap())
        .collect();
    v.sort_by(f64::total_cmp);
    assert_eq!(med, (v[4] + v[5]) / 2.0);
    assert!(comparators_for("nowhere").is_none());
}
