//! Evidence from a scratch store holding a small hand-built dataset, so every expected value
//! can be worked out by hand.

use assure_casedata::{Assessment, Child, ChildId, CpPlan, Episode, EventCounts, NaiveDate, S47};
use assure_evidence::{board_paper, evidence_for_plan};
use assure_plan::{Area, AreaNumber, Direction, Measure, Plan, Status};
use assure_store::{testing, DatasetFindings, ImportNote, NewDataset, Store};
use chrono::{DateTime, Utc};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    "2010-12-01T10:00:00Z".parse().unwrap()
}

fn measure(criterion: &str, indicator: &str, target: f64, tolerance: f64) -> Measure {
    Measure {
        id: None,
        version: None,
        criterion: criterion.into(),
        indicator: indicator.into(),
        baseline: None,
        target,
        direction: Direction::HigherIsBetter,
        tolerance,
        status: Status::NotRated,
        history: vec![],
    }
}

fn plan() -> Plan {
    Plan {
        id: None,
        version: None,
        title: "Test plan".into(),
        organisation: "Test council".into(),
        origin: "Inspection".into(),
        origin_date: None,
        reporting_date: None,
        introduction: None,
        people: vec![],
        areas: vec![Area {
            id: None,
            version: None,
            number: AreaNumber::parse("1").unwrap(),
            title: "Child protection".into(),
            heading: None,
            issue: String::new(),
            sources: vec![],
            aims: vec![],
            success_criteria: vec![],
            owners: vec![],
            leads: vec![],
            measures: vec![
                measure("57% of S47s lead to ICPC", "s47_to_icpc_pct", 57.0, 5.0),
                measure("Most ICPCs lead to a plan", "icpc_to_cpp_pct", 60.0, 5.0),
                measure("IAs in 10 days", "assessments_within_10wd_pct", 60.0, 10.0),
                measure("CAFs", "early_help_assessments_started", 1200.0, 240.0),
                measure("Something else", "made_up_pct", 1.0, 0.0),
            ],
            actions: vec![],
        }],
    }
}

fn child(id: &str, episode: Episode) -> Child {
    let mut c = Child::new(ChildId::parse(id).unwrap());
    c.episodes.push(episode);
    c
}

fn s47(start: &str, icpc: Option<&str>) -> S47 {
    S47 {
        start: Some(d(start)),
        icpc_date: icpc.map(d),
        icpc_not_required: Some(icpc.is_none()),
        ..S47::default()
    }
}

fn plan_from(start: &str) -> CpPlan {
    CpPlan {
        start: Some(d(start)),
        ..CpPlan::default()
    }
}

fn assessment(start: &str, authorised: &str) -> Assessment {
    Assessment {
        start: Some(d(start)),
        authorised: Some(d(authorised)),
        ..Assessment::default()
    }
}

/// Census year 2010: 4 S47s, 3 with an ICPC (75.0%), 2 of those ICPCs with a plan (66.7%),
/// 2 assessments, 1 within 10 working days (50.0%).
fn older() -> Vec<Child> {
    vec![
        child(
            "C1",
            Episode {
                referral_date: Some(d("2009-06-01")),
                s47s: vec![s47("2009-06-02", Some("2009-06-19"))],
                cp_plans: vec![plan_from("2009-06-19")],
                // Monday 1 June to Wednesday 10 June 2009: 7 working days.
                assessments: vec![assessment("2009-06-01", "2009-06-10")],
                ..Episode::default()
            },
        ),
        child(
            "C2",
            Episode {
                referral_date: Some(d("2009-07-01")),
                s47s: vec![s47("2009-07-01", Some("2009-07-15"))],
                cp_plans: vec![plan_from("2009-07-15")],
                assessments: vec![assessment("2009-07-01", "2009-07-31")],
                ..Episode::default()
            },
        ),
        child(
            "C3",
            Episode {
                referral_date: Some(d("2009-08-01")),
                s47s: vec![s47("2009-08-03", Some("2009-08-20"))],
                ..Episode::default()
            },
        ),
        child(
            "C4",
            Episode {
                referral_date: Some(d("2009-09-01")),
                s47s: vec![s47("2009-09-01", None)],
                ..Episode::default()
            },
        ),
    ]
}

/// No census year; latest event in June 2010, so census year 2011: 2 S47s, 1 ICPC (50.0%),
/// and no plans at all.
fn newer() -> Vec<Child> {
    vec![
        child(
            "D1",
            Episode {
                referral_date: Some(d("2010-05-01")),
                s47s: vec![s47("2010-05-03", Some("2010-05-14"))],
                ..Episode::default()
            },
        ),
        child(
            "D2",
            Episode {
                referral_date: Some(d("2010-06-01")),
                s47s: vec![s47("2010-06-01", None)],
                ..Episode::default()
            },
        ),
    ]
}

async fn store_dataset(store: &Store, name: &str, year: Option<i32>, children: &[Child]) -> i64 {
    let meta = NewDataset {
        name: name.into(),
        source_format: "cin-xml".into(),
        file_name: format!("{name}.xml"),
        file_sha256: format!("{:0>64}", name.len()),
        imported_by: "tester".into(),
        imported_at: now(),
    };
    let mut import = store.begin_dataset(&meta).await.unwrap();
    for c in children {
        import.add_child(c).await.unwrap();
    }
    let counts = serde_json::to_string(&EventCounts::from_children(children)).unwrap();
    import
        .finish(&DatasetFindings {
            census_year: year,
            extract_date: None,
            counts_json: &counts,
            errors: 0,
            queries: 0,
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn each_measure_is_judged_on_the_latest_dataset_that_holds_what_it_needs() {
    for db in testing::all().await {
        let store = db.open().await.unwrap();
        let note = ImportNote {
            by: "tester",
            source: "test",
            at: now(),
        };
        let plan_id = store.insert_plan(&plan(), &note).await.unwrap();
        let plan = store.load_plan(plan_id).await.unwrap();

        // No datasets yet: every measure says why it has no value.
        let none = evidence_for_plan(&store, &plan).await.unwrap();
        assert_eq!(none.len(), 5);
        assert!(none
            .values()
            .all(|e| e.value.is_none() && e.suggested == Status::NotRated));

        let first = store_dataset(&store, "Census 2009-10", Some(2010), &older()).await;
        let second = store_dataset(&store, "Extract", None, &newer()).await;
        let evidence = evidence_for_plan(&store, &plan).await.unwrap();
        let ids: Vec<i64> = plan.areas[0]
            .measures
            .iter()
            .map(|m| m.id.unwrap())
            .collect();
        assert_eq!(evidence.len(), 5);

        // The newer dataset holds S47s: 1 of 2 led to an ICPC, 50.0% is 7 short of 57: Red.
        let s47 = &evidence[&ids[0]];
        assert_eq!(s47.dataset_id, Some(second));
        assert_eq!(
            (s47.value, s47.numerator, s47.denominator),
            (Some(50.0), 1, Some(2))
        );
        assert_eq!(s47.period, Some((d("2010-04-01"), d("2011-03-31"))));
        assert_eq!(s47.suggested, Status::Red);
        assert!(s47.flags.iter().any(|f| f == "small_number"));

        // Only the older one holds plans: 2 of 3 ICPCs led to one, 66.7% beats 60: Green.
        let cpp = &evidence[&ids[1]];
        assert_eq!(cpp.dataset_id, Some(first));
        assert_eq!(
            (cpp.value, cpp.numerator, cpp.denominator),
            (Some(66.7), 2, Some(3))
        );
        assert_eq!(cpp.period, Some((d("2009-04-01"), d("2010-03-31"))));
        assert_eq!(cpp.suggested, Status::Green);
        assert_eq!(
            cpp.source_text().as_deref(),
            Some("Census 2009-10, 1 April 2009 to 31 March 2010")
        );

        // The parametrised limit is computed: 1 of 2 within 10 working days, 10 short: Amber.
        let ia = &evidence[&ids[2]];
        assert_eq!(ia.dataset_id, Some(first));
        assert_eq!(
            (ia.value, ia.numerator, ia.denominator),
            (Some(50.0), 1, Some(2))
        );
        assert_eq!(ia.suggested, Status::Amber);

        let caf = &evidence[&ids[3]];
        assert_eq!(caf.dataset_id, None);
        assert_eq!(
            caf.note.as_deref(),
            Some("no dataset holds early help episodes")
        );
        assert_eq!(caf.suggested, Status::NotRated);

        let unknown = &evidence[&ids[4]];
        assert!(unknown
            .note
            .as_deref()
            .unwrap()
            .contains("not an indicator"));

        // The board paper carries the same evidence beside the chosen (not yet rated) status.
        let paper = board_paper(&store, &plan, d("2010-12-15")).await.unwrap();
        let views = &paper.areas[0].measures;
        assert_eq!(views[1].latest.as_deref(), Some("66.7%"));
        assert_eq!(views[1].n.as_deref(), Some("2 of 3"));
        assert_eq!(views[1].suggested.word, "Green");
        assert_eq!(views[1].chosen.word, "Not rated");
        assert!(!views[1].agrees);
        assert_eq!(
            views[3].note.as_deref(),
            Some("no dataset holds early help episodes")
        );

        store.close().await;
        db.finish().await;
    }
}
