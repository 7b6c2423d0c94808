//! Round trips of the seed plan through every format, and precise refusals of bad files.

use assure_plan::{Plan, Status};
use assure_planfiles::{read_plan, write_plan, PlanFormat};

const SEED: &str = include_str!("../../../demo/brighton-hove-2010.toml");

fn seed() -> Plan {
    read_plan("brighton-hove-2010.toml", SEED.as_bytes(), PlanFormat::Toml)
        .expect("the seed plan reads")
}

fn with_history(mut plan: Plan) -> Plan {
    let action = &mut plan.areas[0].actions[2];
    assure_plan::edit::change_status(
        action,
        Status::Red,
        "RH",
        "2010-12-01T09:30:00Z".parse().unwrap(),
        "Recruitment paused",
    )
    .unwrap();
    plan
}

#[test]
fn the_seed_holds_every_area_and_action() {
    let plan = seed();
    let numbers: Vec<&str> = plan.areas.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5a", "5b", "6", "7"]);
    let per_area: Vec<usize> = plan.areas.iter().map(|a| a.actions.len()).collect();
    assert_eq!(per_area, [3, 7, 3, 8, 5, 4, 11, 0]);
    assert_eq!(plan.area("1").unwrap().actions[2].status, Status::Amber);
    assert_eq!(plan.area("2").unwrap().actions[0].status, Status::NotRated);
    assert_eq!(
        plan.area("2").unwrap().sources,
        ["Ofsted Unannounced Inspection", "Chandler IMR"]
    );
    assert_eq!(plan.area("4").unwrap().owners, ["JD"]);
}

#[test]
fn every_format_round_trips_the_seed_unchanged() {
    let plan = with_history(seed());
    for format in [
        PlanFormat::Toml,
        PlanFormat::Yaml,
        PlanFormat::Json,
        PlanFormat::Xlsx,
    ] {
        let bytes = write_plan(&plan, format).unwrap();
        let back = read_plan(&format!("seed.{}", format.extension()), &bytes, format)
            .unwrap_or_else(|e| panic!("{format:?} did not read back: {e}"));
        assert_eq!(back, plan, "{format:?} changed the plan");
    }
}

#[test]
fn json_keeps_ids_and_versions_that_human_formats_leave_out() {
    let mut plan = seed();
    plan.id = Some(7);
    plan.areas[0].actions[0].id = Some(42);
    plan.areas[0].actions[0].version = Some(3);
    let json = String::from_utf8(write_plan(&plan, PlanFormat::Json).unwrap()).unwrap();
    assert!(json.contains("\"id\": 42"));
    assert!(json.contains("\"version\": 3"));
    let toml = String::from_utf8(write_plan(&plan, PlanFormat::Toml).unwrap()).unwrap();
    assert!(!toml.contains("id = 42"));
}

#[test]
fn a_misspelt_status_in_toml_names_the_line_and_field() {
    let bad = SEED.replacen("status = \"Amber\"", "status = \"Ambre\"", 1);
    let line = 1 + bad[..bad.find("\"Ambre\"").unwrap()].matches('\n').count();
    let err = read_plan("plan.toml", bad.as_bytes(), PlanFormat::Toml).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "plan.toml: line {line}, areas[0].actions[2].status: "
        )),
        "{text}"
    );
    assert!(
        text.contains("status \"Ambre\" is not one of Blue, Green, Amber, Red, Not rated"),
        "{text}"
    );
}

#[test]
fn an_unknown_lead_in_yaml_is_refused_with_its_path() {
    let plan = seed();
    let yaml = String::from_utf8(write_plan(&plan, PlanFormat::Yaml).unwrap()).unwrap();
    let bad = yaml.replacen("- RH", "- ZZ", 1);
    let err = read_plan("plan.yaml", bad.as_bytes(), PlanFormat::Yaml).unwrap_err();
    assert!(
        err.to_string()
            .contains("\"ZZ\" is not the name or initials of anyone"),
        "{err}"
    );
    assert!(err.to_string().starts_with("plan.yaml: areas[0]."), "{err}");
}

#[test]
fn json_syntax_errors_name_the_line() {
    let err = read_plan(
        "plan.json",
        b"{\n \"title\": \"x\",\n oops\n}",
        PlanFormat::Json,
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("plan.json: line 3"), "{err}");
}

#[test]
fn a_workbook_with_a_bad_status_names_the_cell() {
    let plan = seed();
    let bytes = write_plan(&plan, PlanFormat::Xlsx).unwrap();
    let bad = edit_workbook(&bytes, "Amber", "Ambre");
    let err = read_plan("plan.xlsx", &bad, PlanFormat::Xlsx).unwrap_err();
    let first = &err.problems[0];
    assert_eq!(first.location, "Actions!E4");
    assert_eq!(
        first.message,
        "status \"Ambre\" is not one of Blue, Green, Amber, Red, Not rated"
    );
    assert_eq!(
        err.to_string().lines().next().unwrap(),
        "plan.xlsx: Actions!E4: status \"Ambre\" is not one of Blue, Green, Amber, Red, Not rated"
    );
}

#[test]
fn a_workbook_with_an_unknown_lead_names_the_cell_and_field() {
    let plan = seed();
    let bytes = write_plan(&plan, PlanFormat::Xlsx).unwrap();
    // "CP" and "JD" together lead only area 4's actions 3 and 5 (the 16th and 18th actions).
    let bad = edit_workbook(&bytes, "CP\nJD", "CP\nNobody");
    let err = read_plan("plan.xlsx", &bad, PlanFormat::Xlsx).unwrap_err();
    assert_eq!(err.problems.len(), 2, "{err}");
    assert_eq!(err.problems[0].location, "Actions!F17");
    assert!(
        err.problems[0].message.starts_with("leads: \"Nobody\""),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused() {
    let err = read_plan("plan.xlsx", b"%PDF-1.7 not a workbook", PlanFormat::Xlsx).unwrap_err();
    assert!(err.to_string().contains("is not an xlsx workbook"), "{err}");
}

/// Replaces the shared string `from` with `to`: every cell holding it changes, as a
/// find-and-replace in Excel would.
fn edit_workbook(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            data = text
                .replacen(&format!(">{from}<"), &format!(">{to}<"), 1)
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The documented JSON Schema lists exactly the fields the JSON export writes.
#[test]
fn the_json_schema_matches_the_export() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../docs/plan.schema.json")).unwrap();
    let mut plan = with_history(seed());
    // Fill every optional field once so every key appears.
    plan.id = Some(1);
    plan.version = Some(1);
    plan.origin_date = Some("2010-09-01".parse().unwrap());
    plan.reporting_date = Some("2010-11-01".parse().unwrap());
    plan.people[0].id = Some(1);
    plan.people[0].role = Some("Head of Service".into());
    plan.people[0].kind = assure_plan::PersonKind::Group;
    let area = &mut plan.areas[0];
    area.id = Some(1);
    area.version = Some(1);
    let action = &mut area.actions[2];
    action.id = Some(1);
    action.version = Some(1);
    action.due = Some("2010-12-01".parse().unwrap());
    action.milestones[0].id = Some(1);
    action.milestones[0].version = Some(1);
    action.milestones[0].completed = true;
    action.evaluations[0].id = Some(1);
    action.evaluations[0].date = Some("2010-12-01".parse().unwrap());
    let json: serde_json::Value =
        serde_json::from_slice(&write_plan(&plan, PlanFormat::Json).unwrap()).unwrap();
    let keys = |v: &serde_json::Value| -> std::collections::BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    };
    let props = |def: &serde_json::Value| keys(&def["properties"]);
    let defs = &schema["$defs"];
    assert_eq!(keys(&json), props(&schema));
    assert_eq!(keys(&json["people"][0]), props(&defs["person"]));
    let area_2 = &json["areas"][1];
    assert_eq!(
        &keys(&json["areas"][0]) | &keys(area_2),
        props(&defs["area"])
    );
    let mut measure = area_2["measures"][0].clone();
    measure["id"] = 1.into();
    measure["version"] = 1.into();
    measure["history"] = serde_json::json!([]);
    assert_eq!(keys(&measure), props(&defs["measure"]));
    let a = &json["areas"][0]["actions"][2];
    assert_eq!(keys(a), props(&defs["action"]));
    assert_eq!(keys(&a["milestones"][0]), props(&defs["milestone"]));
    assert_eq!(keys(&a["evaluations"][0]), props(&defs["evaluation"]));
    assert_eq!(keys(&a["history"][0]), props(&defs["status_change"]));
}
