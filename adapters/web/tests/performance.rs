//! The performance pages in-process: a scratch SQLite store holding the seed plan and a
//! synthetic seed-2010 year, a signed-in analyst, and every figure checked against
//! `compute_all` / `compute_series`.

use assure_calendar::Period;
use assure_casedata::Child;
use assure_charts::{format_count, format_percent};
use assure_indicators::{compute_all, compute_series, IndicatorValue, Options, Unit};
use assure_planfiles::{read_plan, PlanFormat};
use assure_store::{
    testing, DatasetFindings, ImportNote, NewComparator, NewDataset, NewUser, Store,
};
use assure_synthetic::{generate, GeneratorConfig, Profile};
use assure_web::{router, AppState};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::Utc;
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

const SEED: &str = include_str!("../../../demo/brighton-hove-2010.toml");
const TOKEN: &str = "performance-test-session-token-0123456789";

struct Fixture {
    app: axum::Router,
    store: Store,
    children: Vec<Child>,
    period: Period,
    cookie: String,
    _db: testing::ScratchDb,
}

impl Fixture {
    /// The figures the pages should show: the census year, the seed plan's extra
    /// assessment limit (10 working days) included.
    fn values(&self) -> Vec<IndicatorValue> {
        compute_all(&self.children, self.period, &options())
    }

    async fn get(&self, uri: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        request(&self.app, uri, Some(&self.cookie)).await
    }

    /// The page, with the template engine's escaped slashes (`&#x2f;`) read back as `/`.
    async fn html(&self, uri: &str) -> String {
        let (status, _, body) = self.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        String::from_utf8(body).unwrap().replace("&#x2f;", "/")
    }
}

fn options() -> Options {
    Options {
        extra_assessment_limits: vec![10],
        ..Options::default()
    }
}

async fn request(
    app: &axum::Router,
    uri: &str,
    cookie: Option<&str>,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut req = Request::get(uri);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let response = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

/// A data analyst with a live session.
async fn sign_in(store: &Store) -> String {
    let now = Utc::now();
    let user = store
        .create_user(
            &NewUser {
                email: "analyst@example.org",
                name: "Test Analyst",
                role: "data-analyst",
                person_key: None,
                password_hash: None,
                setup_code_hash: None,
                setup_expires_at: None,
                by: "test",
            },
            now,
        )
        .await
        .unwrap();
    store
        .create_session(&assure_auth::token_hash(TOKEN), user, now, true)
        .await
        .unwrap();
    format!("assure_session={TOKEN}")
}

/// The seed plan, `children` synthetic seed-2010 children stored as a dataset, a session.
async fn fixture(children: u64) -> Fixture {
    let db = testing::sqlite();
    let store = db.open().await.unwrap();
    let plan = read_plan("seed.toml", SEED.as_bytes(), PlanFormat::Toml).unwrap();
    let note = ImportNote {
        by: "tester",
        source: "seed.toml",
        at: "2010-11-01T09:00:00Z".parse().unwrap(),
    };
    store.insert_plan(&plan, &note).await.unwrap();
    let config = GeneratorConfig {
        children,
        ..GeneratorConfig::for_profile(Profile::Seed2010)
    };
    let kids: Vec<Child> = generate(&config).collect();
    let mut import = store
        .begin_dataset(&NewDataset {
            name: "Synthetic seed-2010 year".into(),
            source_format: "cin-xml".into(),
            file_name: "synthetic.xml".into(),
            file_sha256: "0".repeat(64),
            imported_by: "tester".into(),
            imported_at: Utc::now(),
        })
        .await
        .unwrap();
    for c in &kids {
        import.add_child(c).await.unwrap();
    }
    import
        .finish(&DatasetFindings {
            census_year: Some(config.year),
            extract_date: None,
            counts_json: "{}",
            errors: 0,
            queries: 0,
        })
        .await
        .unwrap();
    let cookie = sign_in(&store).await;
    let today = Arc::new(|| "2010-12-15".parse().unwrap());
    Fixture {
        app: router(AppState::new(store.clone(), today)),
        store,
        children: kids,
        period: Period::census_year(config.year).unwrap(),
        cookie,
        _db: db,
    }
}

fn find<'a>(values: &'a [IndicatorValue], id: &str) -> &'a IndicatorValue {
    values.iter().find(|v| v.id == id).unwrap()
}

fn n_of(v: &IndicatorValue) -> String {
    format!(
        "n = {} of {}",
        format_count(v.numerator as f64),
        format_count(v.denominator.unwrap() as f64)
    )
}

/// A row of a `Table::to_html` table: the row header then the cells.
fn table_row(label: &str, cells: &[String]) -> String {
    let mut s = format!("<th scope=\"row\" class=\"govuk-table__header\">{label}</th>");
    for c in cells {
        s.push_str(&format!(
            "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{c}</td>"
        ));
    }
    s
}

async fn add_seed_comparators(store: &Store) {
    for (label, value) in [
        ("Milton Keynes", 1.4),
        ("Surrey", 7.0),
        ("East Sussex", 12.5),
        ("Southampton", 28.0),
    ] {
        store
            .add_comparator(&NewComparator {
                indicator: "icpc_dropout_pct",
                label,
                value,
                unit: "percent",
                source: "Areas for Development Plan 2010, area 2 action 2",
                as_of: "2010-11-01".parse().unwrap(),
                created_at: Utc::now(),
            })
            .await
            .unwrap();
    }
}

/// No inline style or script: the only scripts allowed are empty elements loading a file
/// of our own (the CSP's `script-src 'self'`), which the pages never need.
fn assert_no_inline_style_or_script(html: &str, what: &str) {
    assert!(!html.contains("style="), "{what} has a style attribute");
    assert!(!html.contains("<style"), "{what} has a style element");
    for script in html.split("<script").skip(1) {
        let (tag, rest) = script.split_once('>').unwrap();
        assert!(tag.contains(" src=\"/"), "{what} has an inline script");
        assert!(rest.starts_with("</script>"), "{what} has an inline script");
    }
    assert!(
        !html.contains("javascript:"),
        "{what} has a javascript: URL"
    );
    assert!(
        !html.contains(" onclick=") && !html.contains(" onload="),
        "{what}"
    );
}

/// Every chart is an image with a title and a description, and a table follows it before
/// the next chart.
fn assert_charts_have_tables(html: &str, what: &str) -> usize {
    let parts: Vec<&str> = html.split("<svg").skip(1).collect();
    for part in &parts {
        let tag = &part[..part.find('>').unwrap()];
        assert!(tag.contains("role=\"img\""), "{what}: {tag}");
        assert!(tag.contains("aria-labelledby="), "{what}: {tag}");
        let (inside, after) = part.split_once("</svg>").unwrap();
        assert!(
            inside.contains("<title") && inside.contains("<desc"),
            "{what}"
        );
        assert!(after.contains("<table class=\"govuk-table\">"), "{what}");
    }
    parts.len()
}

#[tokio::test]
async fn the_dashboard_shows_the_funnel_from_compute_all_with_its_drop_out() {
    let f = fixture(2500).await;
    let html = f.html("/performance").await;
    let values = f.values();
    let s47 = find(&values, "s47_started").numerator;
    let icpcs = find(&values, "icpcs").numerator;
    let to_plan = find(&values, "icpc_to_cpp_pct");
    let dropout = find(&values, "icpc_dropout_pct");
    assert!(
        s47 > 0 && icpcs > 0 && to_plan.numerator > 0,
        "the data has a funnel"
    );
    assert_eq!(to_plan.denominator, Some(icpcs));
    assert_eq!(dropout.numerator, icpcs - to_plan.numerator);
    // As the funnel works them out: the share of the stage before, and 100 minus it.
    let pct = |a: u64, b: u64| format_percent(a as f64 / b as f64 * 100.0);
    let drop = |a: u64, b: u64| format_percent(100.0 - a as f64 / b as f64 * 100.0);
    assert!(html.contains(&table_row(
        "Section 47 enquiries started",
        &[format_count(s47 as f64), "–".into(), "–".into(), "–".into()]
    )));
    assert!(html.contains(&table_row(
        "Initial child protection conferences",
        &[
            format_count(icpcs as f64),
            pct(icpcs, s47),
            format_count((s47 - icpcs) as f64),
            drop(icpcs, s47),
        ]
    )));
    assert!(html.contains(&table_row(
        "Child protection plans from a conference",
        &[
            format_count(to_plan.numerator as f64),
            pct(to_plan.numerator, icpcs),
            format_count(dropout.numerator as f64),
            drop(to_plan.numerator, icpcs),
        ]
    )));
    // The drop-out in words, with its n and interval, as compute_all has it.
    assert!(html.contains(&format!(
        "Drop-out: {} conferences did not lead to a plan, {} ({})",
        format_count(dropout.numerator as f64),
        format_percent(dropout.value.unwrap()),
        n_of(dropout)
    )));
    assert!(html.contains("id=\"funnel-title\""));
    // The funnel links to the plan's area 2, whose measures use these indicators.
    assert!(html.contains("Area 2: Review of thresholds for S47"));
    // No comparators yet: the page says how to add them.
    assert!(html.contains("No named comparators yet"));
}

#[tokio::test]
async fn every_percentage_tile_shows_its_n_interval_and_small_number_flag() {
    let f = fixture(2500).await;
    let html = f.html("/performance").await;
    let values = f.values();
    for v in &values {
        assert!(
            html.contains(&format!("/performance/indicators/{}?", v.id)),
            "{} has a tile",
            v.id
        );
        if v.unit == Unit::Percent {
            assert!(html.contains(&n_of(v)), "{}: {}", v.id, n_of(v));
            if let (Some(lo), Some(hi)) = (v.ci_low, v.ci_high) {
                assert!(html.contains(&format!(
                    "95% interval {} to {}",
                    format_percent(lo),
                    format_percent(hi)
                )));
            }
        }
    }
    // Every tile whose value is a percentage carries "n = … of …".
    for card in html.split("<div class=\"govuk-summary-card\">").skip(1) {
        let value = card
            .split("<p class=\"govuk-heading-l govuk-!-margin-bottom-1\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        if value.ends_with('%') {
            assert!(
                card.contains(" of "),
                "a percentage tile without its n: {value}"
            );
        }
    }
    // A denominator under 30 is tagged in words, not colour alone.
    let small = values
        .iter()
        .filter(|v| v.unit == Unit::Percent && v.denominator.is_some_and(|d| d < 30))
        .count();
    // The drop-out tile is shown twice: beside the funnel and among the tiles.
    let dropout_small = usize::from(find(&values, "icpc_dropout_pct").denominator < Some(30));
    assert_eq!(
        html.matches("govuk-tag govuk-tag--yellow\">Small number<")
            .count(),
        small + dropout_small + 1,
        "one per small tile, plus the explanation at the top"
    );
    // Counts carry a rate per 10,000 from the shipped ONS population (mid-2012 is the
    // nearest estimate shipped for a 2009-10 year, and the page says so).
    assert!(html.contains("per 10,000 children aged 0–17"));
    assert!(html.contains("ONS mid-2012 estimate"));
    assert!(html.contains("nearest, mid-2012, is used"));
}

#[tokio::test]
async fn comparators_named_by_the_council_sit_beside_the_funnel_and_published_ones_say_if_they_compare(
) {
    let f = fixture(1500).await;
    add_seed_comparators(&f.store).await;
    let html = f.html("/performance").await;
    for name in ["Milton Keynes", "Surrey", "East Sussex", "Southampton"] {
        assert!(html.contains(name), "{name}");
    }
    assert!(html.contains("1 November 2010"));
    assert!(html.contains("Areas for Development Plan 2010, area 2 action 2"));
    assert!(html.contains("id=\"dropout-comparators-title\""));
    let dropout = find(&f.values(), "icpc_dropout_pct").clone();
    // Our bar is first and highlighted in words.
    assert!(html.contains(&table_row(
        "Brighton and Hove (our data)",
        &[format_percent(dropout.value.unwrap())]
    )));
    // Published figures: England, the region, the council and its neighbours' median,
    // each saying whether the definition matches ours, with the release and its date.
    assert!(html.contains("South East"));
    assert!(html.contains("Brighton and Hove (published)"));
    assert!(html.contains("Statistical neighbours (median)"));
    assert!(html.contains("No: context only"));
    assert!(html.contains(">Yes<"));
    assert!(html.contains("30 October 2025"));
    assert!(html.contains("What the published figures measure"));
    // The indicator page draws them as lines on the run chart and lists them.
    let page = f.html("/performance/indicators/icpc_dropout_pct").await;
    assert!(page.contains("Southampton 28.0%"));
    assert!(page.contains("Comparable with ours: No: context only."));
    assert!(page.contains("Comparators added by the council"));
}

#[tokio::test]
async fn each_chart_is_an_image_with_a_table_of_the_same_numbers() {
    let f = fixture(2500).await;
    add_seed_comparators(&f.store).await;
    let html = f.html("/performance").await;
    assert_eq!(assert_charts_have_tables(&html, "/performance"), 2);
    assert_no_inline_style_or_script(&html, "/performance");

    let id = "assessments_within_45wd_pct";
    let page = f.html(&format!("/performance/indicators/{id}")).await;
    // Run chart, neighbours and teams (generated children carry their teams).
    assert_eq!(assert_charts_have_tables(&page, id), 3);
    assert!(page.contains(&format!("id=\"run-{id}-title\"")));
    assert!(page.contains(&format!("id=\"teams-{id}-title\"")));
    assert_no_inline_style_or_script(&page, id);
    // The run chart's table has each month's value, numerator and denominator.
    for p in compute_series(&f.children, f.period, &options()) {
        let v = find(&p.values, id);
        let month = p.period.start().format("%b %Y").to_string();
        let cells = [
            v.value.map(format_percent).unwrap_or_else(|| "–".into()),
            format_count(v.numerator as f64),
            format_count(v.denominator.unwrap() as f64),
        ];
        assert!(page.contains(&table_row(&month, &cells)), "{month}");
    }
    // Teams: each child in one team, so the teams' denominators add up to the whole.
    let teams = page
        .split(&format!("id=\"teams-{id}-title\""))
        .nth(1)
        .unwrap();
    let table = teams
        .split("<tbody")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    let dens: u64 = table
        .split("</tr>")
        .filter_map(|row| {
            let cells: Vec<&str> = row
                .split("govuk-table__cell--numeric\">")
                .skip(1)
                .map(|c| c.split('<').next().unwrap())
                .collect();
            cells
                .get(2)
                .map(|c| c.replace(',', "").parse::<u64>().unwrap())
        })
        .sum();
    assert_eq!(dens, find(&f.values(), id).denominator.unwrap());
}

#[tokio::test]
async fn every_indicator_has_a_page_and_downloads() {
    let f = fixture(1200).await;
    for v in f.values() {
        let page = f.html(&format!("/performance/indicators/{}", v.id)).await;
        assert!(page.contains("Month by month"), "{}", v.id);
        assert_no_inline_style_or_script(&page, &v.id);
        for file in ["series.csv", "comparators.csv", "teams.xlsx"] {
            let (status, _, _) = f
                .get(&format!("/performance/indicators/{}/{file}", v.id))
                .await;
            assert_eq!(status, StatusCode::OK, "{} {file}", v.id);
        }
    }
}

fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(text.ends_with("\r\n"), "RFC 4180 line ends");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

#[tokio::test]
async fn csv_downloads_suppress_counts_of_1_to_5_and_withhold_what_follows_from_them() {
    let f = fixture(1500).await;
    let (status, headers, body) = f.get("/performance/tiles.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"performance-tiles-dataset-1-2009-04-01-to-2010-03-31.csv\""
    );
    let rows = csv_rows(&body);
    assert_eq!(
        rows[0].join(","),
        "Indicator id,Indicator,Unit,Period start,Period end,Numerator,Denominator,Value,95% interval low,95% interval high,Rate per 10,000 children,Small number,Flags"
            .replace("Rate per 10,000 children", "\"Rate per 10,000 children\"")
    );
    let values = f.values();
    assert_eq!(rows.len(), values.len() + 1);

    // Month by month, small counts are everywhere: find an indicator with some.
    let series = compute_series(&f.children, f.period, &options());
    let mut suppressed = 0;
    for id in [
        "icpc_dropout_pct",
        "cpp_open_2y_pct",
        "cpp_ended_2y_pct",
        "cpp_repeat_pct",
    ] {
        let (status, headers, body) = f
            .get(&format!("/performance/indicators/{id}/series.csv"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with(&format!("attachment; filename=\"{id}-series-dataset-1-")));
        let rows = csv_rows(&body);
        assert_eq!(
            rows[0].join(","),
            "Month start,Month end,Numerator,Denominator,Value,95% interval low,95% interval high,Small number"
        );
        for (row, p) in rows[1..].iter().zip(&series) {
            let v = find(&p.values, id);
            let (num, den) = (v.numerator, v.denominator.unwrap());
            assert_eq!(row[0], p.period.start().to_string());
            let hidden = (1..=5).contains(&num) || (1..=5).contains(&den);
            let complement_hidden = id == "icpc_dropout_pct"
                && (1..=5).contains(&find(&p.values, "icpc_to_cpp_pct").numerator);
            if (1..=5).contains(&num) || complement_hidden {
                assert_eq!(row[2], "c", "{id} {}", row[0]);
            } else {
                assert_eq!(row[2], num.to_string(), "{id} {}", row[0]);
            }
            if (1..=5).contains(&den) {
                assert_eq!(row[3], "c");
            } else {
                assert_eq!(row[3], den.to_string());
            }
            if hidden || complement_hidden {
                suppressed += 1;
                assert_eq!(&row[4..7], ["c", "c", "c"], "{id} {}", row[0]);
            } else if den == 0 {
                assert_eq!(row[4], "z");
            } else {
                assert_eq!(
                    row[4],
                    format!("{}", v.value.unwrap()).trim_end_matches(".0")
                );
            }
        }
    }
    assert!(suppressed > 0, "some month had a count of 1 to 5");
    // The page says so.
    let html = f.html("/performance").await;
    assert!(html.contains("counts of 1 to 5 are shown as <strong>c</strong>"));
}

#[tokio::test]
async fn downloads_defuse_formulas_and_xlsx_is_a_workbook() {
    let f = fixture(800).await;
    f.store
        .add_comparator(&NewComparator {
            indicator: "icpc_dropout_pct",
            label: "=HYPERLINK(\"http://example.org\",\"x\")",
            value: 10.0,
            unit: "percent",
            source: "@SUM(A1)",
            as_of: "2010-11-01".parse().unwrap(),
            created_at: Utc::now(),
        })
        .await
        .unwrap();
    let (status, _, body) = f.get("/performance/comparators.csv").await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"http://example.org\"\",\"\"x\"\")\""));
    assert!(text.contains(",'@SUM(A1),"));
    assert!(!text.contains(",=HYPERLINK"));
    // The page escapes it.
    let html = f.html("/performance").await;
    assert!(html.contains("=HYPERLINK(&quot;http:"));

    for uri in [
        "/performance/tiles.xlsx",
        "/performance/funnel.xlsx",
        "/performance/comparators.xlsx",
        "/performance/indicators/referrals/series.xlsx",
    ] {
        let (status, headers, body) = f.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(body.starts_with(b"PK"), "{uri}");
        assert_eq!(
            headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert!(headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\""));
    }
}

#[tokio::test]
async fn choosing_a_period_and_bad_choices() {
    let f = fixture(800).await;
    // A period of one quarter.
    let html = f
        .html("/performance?dataset=1&period=2009-10-01..2009-12-31")
        .await;
    assert!(html.contains("1 October 2009 to 31 December 2009"));
    assert!(html.contains("value=\"2009-10-01..2009-12-31\""));
    let q = compute_all(
        &f.children,
        Period::parse("2009-10-01..2009-12-31").unwrap(),
        &options(),
    );
    assert!(html.contains(&n_of(find(&q, "icpc_dropout_pct"))));
    // Links keep the choice.
    assert!(html.contains("/performance/tiles.csv?dataset=1&amp;period=2009-10-01..2009-12-31"));

    // Nonsense is an error on the page, with the default period shown.
    let html = f.html("/performance?period=last+year&dataset=x").await;
    assert!(html.contains("<title>Error: Performance"));
    assert!(html.contains("There is a problem"));
    assert!(html.contains("href=\"#period\">Enter the period as its first and last days"));
    assert!(html.contains("href=\"#dataset\">Choose a dataset from the list"));
    assert!(html.contains("govuk-input--error"));
    assert!(html.contains("1 April 2009 to 31 March 2010"));
    let html = f.html("/performance?period=2000-01-01..2010-01-01").await;
    assert!(html.contains("The period must be 5 years or shorter"));

    // Downloads refuse a bad choice rather than guess.
    let (status, _, _) = f.get("/performance/tiles.csv?period=bad").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for uri in [
        "/performance/indicators/no_such_indicator",
        "/performance/indicators/no_such_indicator/series.csv",
        "/performance/indicators/referrals/series.pdf",
        "/performance/indicators/referrals/children.csv",
        "/performance/tiles.pdf",
        "/performance/children.csv",
    ] {
        let (status, _, _) = f.get(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn the_pages_need_a_signed_in_user_and_keep_the_security_headers() {
    let f = fixture(500).await;
    let (status, _, body) = request(&f.app, "/performance", None).await;
    assert_ne!(status, StatusCode::OK);
    assert!(!String::from_utf8(body).unwrap().contains("Section 47"));
    for uri in ["/performance", "/performance/indicators/icpcs"] {
        let (status, headers, body) = f.get(uri).await;
        assert_eq!(status, StatusCode::OK);
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(csp.contains("style-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        let html = String::from_utf8(body).unwrap().replace("&#x2f;", "/");
        assert_no_inline_style_or_script(&html, uri);
        // Aggregates only: no child identifier reaches the page.
        for c in f.children.iter().take(50) {
            assert!(!html.contains(c.la_child_id.as_str()), "{uri}");
        }
    }
}

#[tokio::test]
async fn with_no_dataset_the_page_says_how_to_import_one() {
    let db = testing::sqlite();
    let store = db.open().await.unwrap();
    let cookie = sign_in(&store).await;
    let app = router(AppState::new(
        store,
        Arc::new(|| "2010-12-15".parse().unwrap()),
    ));
    let (status, _, body) = request(&app, "/performance", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8(body)
        .unwrap()
        .contains("assure data import FILE"));
}

/// The plan's area 2 (S47 thresholds) is judged by the funnel: its page shows the funnel from
/// the data beside the named comparators; an area about something else does not.
#[tokio::test]
async fn area_2_shows_the_funnel_beside_the_named_comparators() {
    let f = fixture(1500).await;
    add_seed_comparators(&f.store).await;
    let plan = f.store.load_plan(1).await.unwrap();
    let area_2 = plan.area("2").unwrap().id.unwrap();
    let html = f.html(&format!("/plans/1/areas/{area_2}")).await;
    let values = f.values();
    let s47 = find(&values, "s47_started").numerator;
    let icpcs = find(&values, "icpcs").numerator;
    assert!(html.contains("Section 47 enquiries to child protection plans"));
    assert!(
        html.contains(&format!(
            "{s47} section 47 enquiries started and {icpcs} initial child protection conferences"
        )),
        "{html}"
    );
    for name in ["Milton Keynes", "Surrey", "East Sussex", "Southampton"] {
        assert!(html.contains(name), "{name}");
    }
    assert_charts_have_tables(&html, "area 2");
    let area_1 = plan.area("1").unwrap().id.unwrap();
    assert!(!f
        .html(&format!("/plans/1/areas/{area_1}"))
        .await
        .contains("Section 47 enquiries to child protection plans"));
}
