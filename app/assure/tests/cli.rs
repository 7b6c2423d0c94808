//! The `assure` binary end to end, on SQLite and PostgreSQL.

use assure_store::{testing, DatabaseUrl};
use std::path::Path;
use std::process::{Command, Output};

const SEED: &str = include_str!("../../../demo/brighton-hove-2010.toml");

fn url_arg(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(p) => format!("sqlite:{}", p.display()),
        DatabaseUrl::Postgres(u) => u.clone(),
    }
}

fn assure(url: &DatabaseUrl, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_assure"))
        .arg("--database-url")
        .arg(url_arg(url))
        .args(args)
        .env_remove("ASSURE_DATABASE_URL")
        .output()
        .expect("the binary runs")
}

fn ok(url: &DatabaseUrl, args: &[&str]) -> String {
    let out = assure(url, args);
    assert!(
        out.status.success(),
        "assure {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(url: &DatabaseUrl, args: &[&str]) -> String {
    let out = assure(url, args);
    assert!(!out.status.success(), "assure {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

#[tokio::test]
async fn the_demo_plan_exports_with_every_area_and_action_as_the_seed_gives_it() {
    for db in testing::all().await {
        ok(&db.url, &["demo", "--no-serve"]);
        // Loading the demo twice does not duplicate it.
        ok(&db.url, &["demo", "--no-serve"]);
        let json: serde_json::Value =
            serde_json::from_str(&ok(&db.url, &["plan", "export", "--format", "json"])).unwrap();
        let areas = json["areas"].as_array().unwrap();
        let numbers: Vec<&str> = areas
            .iter()
            .map(|a| a["number"].as_str().unwrap())
            .collect();
        assert_eq!(
            numbers,
            ["1", "2", "3", "4", "5a", "5b", "6", "7"],
            "{}",
            db.label
        );
        let statuses: Vec<Vec<&str>> = areas
            .iter()
            .map(|a| {
                a["actions"].as_array().map_or(vec![], |xs| {
                    xs.iter().map(|x| x["status"].as_str().unwrap()).collect()
                })
            })
            .collect();
        // Read off the seed plan's Rag Rating column (blank = Not rated).
        assert_eq!(statuses[0], ["Green", "Green", "Amber"]);
        assert_eq!(
            statuses[1],
            [
                "Not rated",
                "Green",
                "Green",
                "Green",
                "Amber",
                "Green",
                "Green"
            ]
        );
        assert_eq!(statuses[2], ["Amber", "Green", "Green"]);
        assert_eq!(
            statuses[3],
            ["Green", "Amber", "Amber", "Amber", "Green", "Amber", "Amber", "Amber"]
        );
        assert_eq!(statuses[4], ["Amber", "Amber", "Green", "Amber", "Amber"]);
        assert_eq!(statuses[5], ["Amber", "Amber", "Amber", "Amber"]);
        assert_eq!(
            statuses[6],
            [
                "Green", "Green", "Amber", "Green", "Green", "Green", "Green", "Green", "Green",
                "Green", "Green"
            ]
        );
        assert!(statuses[7].is_empty());
        assert!(json["areas"][0]["actions"][0]["id"].is_i64());
        assert_eq!(json["areas"][0]["actions"][0]["history"][0]["to"], "Green");
        db.finish().await;
    }
}

#[tokio::test]
async fn a_malformed_plan_file_is_refused_precisely_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::all().await {
        ok(&db.url, &["demo", "--no-serve"]);
        let before = ok(&db.url, &["plan", "export", "--format", "json"]);

        let bad_toml = dir.path().join("bad.toml");
        std::fs::write(
            &bad_toml,
            SEED.replacen("status = \"Amber\"", "status = \"Ambre\"", 1),
        )
        .unwrap();
        let err = fails(&db.url, &["plan", "import", bad_toml.to_str().unwrap()]);
        assert!(err.contains("bad.toml: line "), "{err}");
        assert!(err.contains("areas[0].actions[2].status: status \"Ambre\" is not one of Blue, Green, Amber, Red, Not rated"), "{err}");

        let not_a_workbook = dir.path().join("plan.xlsx");
        std::fs::write(&not_a_workbook, b"<html>not a workbook</html>").unwrap();
        let err = fails(
            &db.url,
            &["plan", "import", not_a_workbook.to_str().unwrap()],
        );
        assert!(err.contains("plan.xlsx: is not an xlsx workbook"), "{err}");

        let list = ok(&db.url, &["plan", "list", "--format", "json"]);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&list)
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            ok(&db.url, &["plan", "export", "--format", "json"]),
            before,
            "{}",
            db.label
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn plans_round_trip_through_the_workbook_and_yaml_via_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::all().await {
        ok(&db.url, &["demo", "--no-serve"]);
        for format in ["xlsx", "yaml", "toml", "json"] {
            let file = dir.path().join(format!("plan-{}.{format}", db.label));
            ok(
                &db.url,
                &[
                    "plan",
                    "export",
                    "--plan",
                    "1",
                    "--format",
                    format,
                    "-o",
                    file.to_str().unwrap(),
                ],
            );
            let out = ok(&db.url, &["plan", "import", file.to_str().unwrap()]);
            assert!(out.contains("8 areas, 41 actions"), "{format}: {out}");
        }
        let list: serde_json::Value =
            serde_json::from_str(&ok(&db.url, &["plan", "list", "--format", "json"])).unwrap();
        assert_eq!(list.as_array().unwrap().len(), 5);
        let err = fails(&db.url, &["plan", "export", "--format", "json"]);
        assert!(
            err.contains("there are 5 plans: choose one with --plan ID"),
            "{err}"
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn status_changes_need_reasons_and_current_versions() {
    for db in testing::all().await {
        ok(&db.url, &["demo", "--no-serve"]);
        let json: serde_json::Value =
            serde_json::from_str(&ok(&db.url, &["plan", "export", "--format", "json"])).unwrap();
        let id = json["areas"][0]["actions"][2]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let out = ok(
            &db.url,
            &[
                "action",
                "status",
                &id,
                "--to",
                "Red",
                "--reason",
                "Recruitment paused",
                "--by",
                "RH",
                "--version",
                "1",
            ],
        );
        assert!(out.contains("is now Red (version 2)"), "{out}");
        let err = fails(
            &db.url,
            &[
                "action",
                "status",
                &id,
                "--to",
                "Green",
                "--reason",
                "Agreed",
                "--version",
                "1",
            ],
        );
        assert!(
            err.contains("was changed by someone else (you had version 1, it is now version 2)"),
            "{err}"
        );
        let err = fails(
            &db.url,
            &["action", "status", &id, "--to", "Green", "--reason", " "],
        );
        assert!(err.contains("a reason is required"), "{err}");
        ok(
            &db.url,
            &[
                "action",
                "evaluate",
                &id,
                "--text",
                "Posts advertised",
                "--date",
                "2010-12-01",
            ],
        );
        let json: serde_json::Value =
            serde_json::from_str(&ok(&db.url, &["plan", "export", "--format", "json"])).unwrap();
        let action = &json["areas"][0]["actions"][2];
        assert_eq!(action["status"], "Red");
        assert_eq!(action["version"], 3);
        assert_eq!(action["history"][1]["reason"], "Recruitment paused");
        assert_eq!(action["evaluations"][1]["date"], "2010-12-01");
        db.finish().await;
    }
}

#[tokio::test]
async fn the_word_board_paper_holds_every_area_and_action() {
    let dir = tempfile::tempdir().unwrap();
    let db = testing::sqlite();
    ok(&db.url, &["demo", "--no-serve"]);
    let out = dir.path().join("paper.docx");
    ok(
        &db.url,
        &[
            "report",
            "board",
            "--format",
            "docx",
            "-o",
            out.to_str().unwrap(),
            "--as-at",
            "2010-12-15",
        ],
    );
    let doc = docx_text(&out);
    let plan: serde_json::Value =
        serde_json::from_str(&ok(&db.url, &["plan", "export", "--format", "json"])).unwrap();
    for area in plan["areas"].as_array().unwrap() {
        assert!(doc.contains(&format!("Area {}: ", area["number"].as_str().unwrap())));
        for action in area["actions"].as_array().into_iter().flatten() {
            let text = action["text"]
                .as_str()
                .unwrap()
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            assert!(doc.contains(&text), "missing {text}");
        }
    }
}

fn docx_text(path: &Path) -> String {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip_reader(&bytes);
    let mut s = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn zip_reader(bytes: &[u8]) -> zip::ZipArchive<std::io::Cursor<&[u8]>> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap()
}

#[test]
fn a_bad_database_url_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(["--database-url", "mysql://x", "plan", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("database URL must start with sqlite: or postgres://"));
}

mod data {
    use super::*;

    const CLEAN_CHILD: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>846</LEA><SoftwareCode>Test</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>2025-04-02T10:00:00</DateTime></Source></Header>
<Children><Child><ChildIdentifiers><LAchildID>A1</LAchildID><UPNunknown>UN1</UPNunknown><PersonBirthDate>2015-06-01</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-06-03</CINreferralDate><ReferralSource>2A</ReferralSource><PrimaryNeedCode>N4</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>
<Assessments><AssessmentActualStartDate>2024-06-04</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-07-15</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>21</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
</CINdetails></Child></Children></Message>"#;

    fn write(dir: &Path, name: &str, text: &str) -> String {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    }

    fn status(out: &Output) -> i32 {
        out.status.code().unwrap()
    }

    #[test]
    fn validate_exits_0_1_or_2_and_reports_by_rule() {
        let dir = tempfile::tempdir().unwrap();
        let nowhere = DatabaseUrl::Sqlite(dir.path().join("never-created.db"));
        let clean = write(dir.path(), "clean.xml", CLEAN_CHILD);
        let out = assure(&nowhere, &["data", "validate", &clean, "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["counts"]["errors"], 0, "{report:#}");
        assert_eq!(status(&out), 0);

        // A closure before the referral breaks rule 8565's family: the report names the rule.
        let bad = write(dir.path(), "bad.xml", &CLEAN_CHILD.replace("<ReferralNFA>", "<CINclosureDate>2024-05-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>"));
        let out = assure(&nowhere, &["data", "validate", &bad, "--format", "json"]);
        assert_eq!(status(&out), 1);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rules: Vec<&str> = report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["rule"].as_str().unwrap())
            .collect();
        assert!(
            rules.iter().any(|r| ["8565", "8530"].contains(r)),
            "{rules:?}"
        );
        let first = &report["issues"][0];
        for key in ["rule", "severity", "child_id", "field", "message"] {
            assert!(first.get(key).is_some(), "{key} missing: {first}");
        }

        let doctype = write(
            dir.path(),
            "evil.xml",
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><Message/>",
        );
        let out = assure(&nowhere, &["data", "validate", &doctype]);
        assert_eq!(status(&out), 2);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("evil.xml"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !dir.path().join("never-created.db").exists(),
            "validate must not create a database"
        );
    }

    #[tokio::test]
    async fn import_list_and_delete_on_both_databases() {
        let dir = tempfile::tempdir().unwrap();
        let clean = write(dir.path(), "clean.xml", CLEAN_CHILD);
        let bad = write(
            dir.path(),
            "bad.xml",
            &CLEAN_CHILD.replace("<Sex>F</Sex>", "<Sex>Q</Sex>"),
        );
        let evil = write(
            dir.path(),
            "evil.xml",
            "<!DOCTYPE x [<!ENTITY a SYSTEM \"file:///etc/passwd\">]><Message>&a;</Message>",
        );
        for db in testing::all().await {
            let err = fails(&db.url, &["data", "import", &bad]);
            assert!(
                err.contains("validation errors") && err.contains("nothing was stored"),
                "{err}"
            );
            let err = fails(&db.url, &["data", "import", &evil]);
            assert!(err.contains("evil.xml"), "{err}");
            let list: serde_json::Value =
                serde_json::from_str(&ok(&db.url, &["data", "list", "--format", "json"])).unwrap();
            assert!(
                list.as_array().unwrap().is_empty(),
                "{}: refused files left data behind",
                db.label
            );

            let out = ok(
                &db.url,
                &["data", "import", &clean, "--name", "Test census"],
            );
            assert!(out.contains("Imported dataset"), "{out}");
            let list: serde_json::Value =
                serde_json::from_str(&ok(&db.url, &["data", "list", "--format", "json"])).unwrap();
            let d = &list[0];
            assert_eq!(
                (d["name"].as_str(), d["format"].as_str()),
                (Some("Test census"), Some("cin-xml"))
            );
            assert_eq!(d["counts"]["children"], 1);
            assert_eq!(d["counts"]["assessments"], 1);
            let err = fails(&db.url, &["data", "import", &clean]);
            assert!(err.contains("already imported"), "{err}");
            let id = d["id"].as_i64().unwrap().to_string();
            ok(&db.url, &["data", "delete", &id]);
            let list: serde_json::Value =
                serde_json::from_str(&ok(&db.url, &["data", "list", "--format", "json"])).unwrap();
            assert!(list.as_array().unwrap().is_empty());
            db.finish().await;
        }
    }

    fn indicator<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
        report["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    }

    #[tokio::test]
    async fn kpi_computes_from_a_file_or_a_stored_dataset() {
        let dir = tempfile::tempdir().unwrap();
        let clean = write(dir.path(), "clean.xml", CLEAN_CHILD);
        let nowhere = DatabaseUrl::Sqlite(dir.path().join("unused.db"));
        let from_file: serde_json::Value = serde_json::from_str(&ok(
            &nowhere,
            &["kpi", "--input", &clean, "--format", "json"],
        ))
        .unwrap();
        assert_eq!(from_file["period"]["start"], "2024-04-01");
        assert_eq!(from_file["period"]["end"], "2025-03-31");
        assert_eq!(indicator(&from_file, "referrals")["numerator"], 1);
        // Assessment 4 June → 15 July 2024 is 29 working days: within 45.
        let within = indicator(&from_file, "assessments_within_45wd_pct");
        assert_eq!(
            (
                within["numerator"].as_u64(),
                within["denominator"].as_u64(),
                within["value"].as_f64()
            ),
            (Some(1), Some(1), Some(100.0))
        );
        assert!(within["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "small_number"));
        // No S47s: the conversion rate has no value rather than 0.
        assert!(indicator(&from_file, "s47_to_icpc_pct")["value"].is_null());

        for db in testing::all().await {
            ok(&db.url, &["data", "import", &clean]);
            let stored: serde_json::Value =
                serde_json::from_str(&ok(&db.url, &["kpi", "--dataset", "1", "--format", "json"]))
                    .unwrap();
            assert_eq!(stored, from_file, "{}", db.label);
            let other: serde_json::Value = serde_json::from_str(&ok(
                &db.url,
                &[
                    "kpi",
                    "--dataset",
                    "1",
                    "--period",
                    "2024-07-01..2024-07-31",
                    "--format",
                    "json",
                ],
            ))
            .unwrap();
            assert_eq!(indicator(&other, "referrals")["numerator"], 0);
            assert_eq!(indicator(&other, "assessments_completed")["numerator"], 1);
            db.finish().await;
        }
    }

    #[tokio::test]
    async fn generated_files_validate_cleanly_and_import() {
        let dir = tempfile::tempdir().unwrap();
        let db = testing::sqlite();
        let x = dir.path().join("x.xml");
        let x = x.to_str().unwrap();
        ok(
            &db.url,
            &[
                "data",
                "generate",
                "--children",
                "1000",
                "--format",
                "cin-xml",
                "-o",
                x,
            ],
        );
        let out = assure(&db.url, &["data", "validate", x, "--format", "json"]);
        assert_eq!(status(&out), 0);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["counts"]["errors"], 0);

        let bad = dir.path().join("bad.xml");
        let bad = bad.to_str().unwrap();
        ok(
            &db.url,
            &[
                "data",
                "generate",
                "--children",
                "1000",
                "--format",
                "cin-xml",
                "-o",
                bad,
                "--inject-errors",
            ],
        );
        let out = assure(&db.url, &["data", "validate", bad, "--format", "json"]);
        assert_eq!(status(&out), 1);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            report["counts"]["by_rule"]["2885"].as_u64().unwrap() >= 1,
            "{:#}",
            report["counts"]
        );

        let xlsx = dir.path().join("annex-a.xlsx");
        let xlsx = xlsx.to_str().unwrap();
        ok(
            &db.url,
            &[
                "data",
                "generate",
                "--children",
                "300",
                "--format",
                "annex-a-xlsx",
                "-o",
                xlsx,
            ],
        );
        ok(&db.url, &["data", "import", xlsx]);
        ok(&db.url, &["data", "import", x]);
        let list: serde_json::Value =
            serde_json::from_str(&ok(&db.url, &["data", "list", "--format", "json"])).unwrap();
        let formats: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["format"].as_str().unwrap())
            .collect();
        assert_eq!(formats, ["annex-a-xlsx", "cin-xml"]);
        assert!(list[0]["counts"]["contacts"].as_u64().unwrap() > 0);
    }
}

mod measures {
    //! Measurable success judged by evidence: the demo's measures against its synthetic year.

    use super::{docx_text, fails, ok, testing};

    const S47_CRITERION: &str =
        "711 Sec 47 Events led to 406 ICPC: 57% of section 47 events led to ICPC";

    fn area2_s47(list: &serde_json::Value) -> serde_json::Value {
        list.as_array()
            .unwrap()
            .iter()
            .find(|m| m["area"] == "2" && m["indicator"] == "s47_to_icpc_pct")
            .expect("area 2's s47_to_icpc_pct measure")
            .clone()
    }

    fn last_change(url: &assure_store::DatabaseUrl) -> serde_json::Value {
        let plan: serde_json::Value =
            serde_json::from_str(&ok(url, &["plan", "export", "--format", "json"])).unwrap();
        let measure = &plan["areas"][1]["measures"][0];
        assert_eq!(measure["indicator"], "s47_to_icpc_pct");
        measure["history"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone()
    }

    #[tokio::test]
    async fn the_demo_measures_are_judged_on_the_synthetic_year_and_statuses_need_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let db = testing::sqlite();
        let url = &db.url;
        ok(url, &["demo", "--no-serve"]);

        let text = ok(url, &["measure", "list"]);
        let line = text
            .lines()
            .find(|l| l.contains("s47_to_icpc_pct"))
            .expect("the S47 measure is listed");
        assert!(line.contains('%') && line.contains(" of "), "{line}");
        assert!(
            text.contains("no dataset holds early help episodes"),
            "{text}"
        );

        let list: serde_json::Value =
            serde_json::from_str(&ok(url, &["measure", "list", "--format", "json"])).unwrap();
        let s47 = area2_s47(&list);
        let value = s47["value"].as_f64().unwrap();
        assert!((52.0..62.0).contains(&value), "{value}");
        assert!(s47["denominator"].as_u64().unwrap() > 300);
        assert_eq!(s47["chosen"], "Not rated");
        let suggested = s47["suggested"].as_str().unwrap().to_string();
        assert_ne!(suggested, "Not rated");
        let id = s47["id"].as_i64().unwrap().to_string();

        // Accepting records the evidence as the reason.
        let out = ok(url, &["measure", "status", &id, "--accept", "--by", "RH"]);
        assert!(out.contains(&format!("is now {suggested}")), "{out}");
        let change = last_change(url);
        assert_eq!(change["to"], suggested.as_str());
        let reason = change["reason"].as_str().unwrap();
        assert!(
            reason.starts_with("Accepted the status suggested by the evidence: "),
            "{reason}"
        );
        assert!(reason.contains("against a target of 57.0%"), "{reason}");
        assert!(reason.contains("Synthetic census 2009-10"), "{reason}");

        // Choosing otherwise needs a reason; so does any change.
        let err = fails(
            url,
            &["measure", "status", &id, "--to", "Red", "--by", "RH"],
        );
        assert!(
            err.contains(&format!(
                "choosing a status other than the suggested {suggested} needs a reason"
            )),
            "{err}"
        );
        let err = fails(url, &["measure", "status", &id, "--to", &suggested]);
        assert!(err.contains("needs a reason"), "{err}");
        fails(url, &["measure", "status", &id]);
        ok(
            url,
            &[
                "measure",
                "status",
                &id,
                "--to",
                "Red",
                "--reason",
                "Falling each month since July",
                "--by",
                "RH",
            ],
        );
        let change = last_change(url);
        assert_eq!(change["to"], "Red");
        assert_eq!(change["reason"], "Falling each month since July");
        // A stale version is refused.
        let err = fails(
            url,
            &[
                "measure",
                "status",
                &id,
                "--accept",
                "--version",
                "1",
                "--by",
                "RH",
            ],
        );
        assert!(err.contains("changed by someone else"), "{err}");

        let list: serde_json::Value =
            serde_json::from_str(&ok(url, &["measure", "list", "--format", "json"])).unwrap();
        assert_eq!(area2_s47(&list)["chosen"], "Red");

        // The board paper carries the measure with its suggested and chosen status.
        let out = dir.path().join("paper.docx");
        ok(
            url,
            &[
                "report",
                "board",
                "--format",
                "docx",
                "-o",
                out.to_str().unwrap(),
                "--as-at",
                "2010-12-15",
            ],
        );
        let doc = docx_text(&out);
        assert!(doc.contains(S47_CRITERION));
        assert!(doc.contains("Suggested"));
        assert!(doc.contains("■ Red"));
        assert!(doc.contains(&format!(
            "The lead chose Red where the evidence suggests {suggested}. Reason given: Falling each month since July"
        )));
        db.finish().await;
    }
}

mod comparators {
    use super::*;

    const SOURCE: &str = "Areas for Development Plan 2010, area 2 action 2";

    fn list(url: &DatabaseUrl) -> Vec<serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(&ok(
            url,
            &["comparator", "list", "--format", "json"],
        ))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
    }

    #[tokio::test]
    async fn comparators_are_added_listed_and_deleted_with_their_source_and_date() {
        for db in testing::all().await {
            let url = &db.url;
            let out = ok(
                url,
                &[
                    "comparator",
                    "add",
                    "--indicator",
                    "icpc_dropout_pct",
                    "--label",
                    "Milton Keynes",
                    "--value",
                    "1.4",
                    "--source",
                    SOURCE,
                    "--date",
                    "2010-11-01",
                ],
            );
            assert!(out.contains("Added comparator"), "{}", db.label);
            ok(
                url,
                &[
                    "comparator",
                    "add",
                    "--indicator",
                    "referrals",
                    "--label",
                    "Surrey",
                    "--value",
                    "512.3",
                    "--unit",
                    "rate_per_10k",
                    "--source",
                    "DfE CIN 2024",
                    "--date",
                    "2024-03-31",
                ],
            );
            let rows = list(url);
            assert_eq!(rows.len(), 2, "{}", db.label);
            let mk = rows.iter().find(|r| r["label"] == "Milton Keynes").unwrap();
            assert_eq!(mk["indicator"], "icpc_dropout_pct");
            assert_eq!(mk["value"], 1.4);
            assert_eq!(mk["unit"], "percent");
            assert_eq!(mk["source"], SOURCE);
            assert_eq!(mk["date"], "2010-11-01");
            let text = ok(url, &["comparator", "list", "--indicator", "referrals"]);
            assert!(text.contains("Surrey") && text.contains("512.3 per 10,000"));
            assert!(!text.contains("Milton Keynes"));

            // Refused: an unknown indicator, a percentage over 100, a unit that does not
            // fit the indicator, no source.
            let err = fails(
                url,
                &[
                    "comparator",
                    "add",
                    "--indicator",
                    "dropout",
                    "--label",
                    "X",
                    "--value",
                    "1",
                    "--source",
                    "s",
                    "--date",
                    "2010-11-01",
                ],
            );
            assert!(err.contains("\"dropout\" is not an indicator id"), "{err}");
            let err = fails(
                url,
                &[
                    "comparator",
                    "add",
                    "--indicator",
                    "icpc_dropout_pct",
                    "--label",
                    "X",
                    "--value",
                    "140",
                    "--source",
                    "s",
                    "--date",
                    "2010-11-01",
                ],
            );
            assert!(err.contains("between 0 and 100"), "{err}");
            let err = fails(
                url,
                &[
                    "comparator",
                    "add",
                    "--indicator",
                    "icpc_dropout_pct",
                    "--label",
                    "X",
                    "--value",
                    "14",
                    "--unit",
                    "count",
                    "--source",
                    "s",
                    "--date",
                    "2010-11-01",
                ],
            );
            assert!(err.contains("is a percentage"), "{err}");
            let err = fails(
                url,
                &[
                    "comparator",
                    "add",
                    "--indicator",
                    "icpc_dropout_pct",
                    "--label",
                    "X",
                    "--value",
                    "14",
                    "--source",
                    " ",
                    "--date",
                    "2010-11-01",
                ],
            );
            assert!(err.contains("needs a source"), "{err}");
            assert_eq!(list(url).len(), 2);

            let id = mk["id"].as_i64().unwrap().to_string();
            ok(url, &["comparator", "delete", &id]);
            let err = fails(url, &["comparator", "delete", &id]);
            assert!(
                err.contains(&format!("comparator {id} does not exist")),
                "{err}"
            );
            assert_eq!(list(url).len(), 1);
            db.finish().await;
        }
    }

    #[tokio::test]
    async fn the_demo_loads_the_seed_plans_named_comparators_once() {
        let db = testing::sqlite();
        ok(&db.url, &["demo", "--no-serve"]);
        ok(&db.url, &["demo", "--no-serve"]);
        let rows = list(&db.url);
        let named: Vec<(String, f64)> = rows
            .iter()
            .map(|r| {
                (
                    r["label"].as_str().unwrap().to_string(),
                    r["value"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(rows.len(), 4);
        for (label, value) in [
            ("Milton Keynes", 1.4),
            ("Surrey", 7.0),
            ("East Sussex", 12.5),
            ("Southampton", 28.0),
        ] {
            assert!(named.contains(&(label.to_string(), value)), "{label}");
        }
        assert!(rows
            .iter()
            .all(|r| r["indicator"] == "icpc_dropout_pct" && r["date"] == "2010-11-01"));
    }
}

#[tokio::test]
async fn the_audit_trail_exports_oldest_first_with_every_change() {
    for db in testing::all().await {
        ok(&db.url, &["demo", "--no-serve"]);
        let json: serde_json::Value =
            serde_json::from_str(&ok(&db.url, &["plan", "export", "--format", "json"])).unwrap();
        let id = json["areas"][0]["actions"][0]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        ok(
            &db.url,
            &[
                "action",
                "status",
                &id,
                "--to",
                "Amber",
                "--reason",
                "=HYPERLINK(\"http://x\",\"y\")",
                "--by",
                "RH",
                "--version",
                "1",
            ],
        );
        let csv = ok(&db.url, &["audit", "export"]);
        let mut lines = csv.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("id,at,actor,action,object_type,object_id,before,after,address,detail"),
            "{}",
            db.label
        );
        let ids: Vec<i64> = lines
            .filter(|l| !l.is_empty())
            .map(|l| l.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{}: {ids:?}", db.label);
        let last = csv.trim_end().lines().last().unwrap();
        assert!(
            last.contains(&format!(
                ",RH,action.status,action,{id},status=Green; version=1,"
            )) && last.contains("reason==HYPERLINK(\"\"http://x\"\",\"\"y\"\")"),
            "{}: {last}",
            db.label
        );
    }
}
