//! The router in-process: pages, downloads and headers, over a real (scratch) store.

use assure_planfiles::{read_plan, PlanFormat};
use assure_store::{testing, ImportNote, Store};
use assure_web::{router, AppState};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

const SEED: &str = include_str!("../../../demo/brighton-hove-2010.toml");

/// The router with a signed-in viewer's cookie for plain page requests.
struct TestApp {
    router: axum::Router,
    cookie: String,
}

async fn app() -> (TestApp, Store, testing::ScratchDb) {
    let db = testing::sqlite();
    let store = db.open().await.unwrap();
    let plan = read_plan("seed.toml", SEED.as_bytes(), PlanFormat::Toml).unwrap();
    let note = ImportNote {
        by: "tester",
        source: "seed.toml",
        at: "2010-11-01T09:00:00Z".parse().unwrap(),
    };
    store.insert_plan(&plan, &note).await.unwrap();
    let today = Arc::new(|| "2010-12-15".parse().unwrap());
    let cookie = session_for(&store, "viewer", None).await;
    (
        TestApp {
            router: router(AppState::new(store.clone(), today)),
            cookie,
        },
        store,
        db,
    )
}

/// Signs in as a new account of `role` (linked to `person`) and returns its session cookie.
async fn session_for(store: &Store, role: &str, person: Option<&str>) -> String {
    let email = format!("{role}-{}@example.org", person.unwrap_or("x"));
    let id = match store.user_by_email(&email).await.unwrap() {
        Some(u) => u.id,
        None => {
            let new = assure_store::NewUser {
                email: &email,
                name: "Test User",
                role,
                person_key: person,
                password_hash: None,
                setup_code_hash: None,
                setup_expires_at: None,
                by: "test",
            };
            store.create_user(&new, chrono::Utc::now()).await.unwrap()
        }
    };
    let token = assure_auth::new_session_id();
    store
        .create_session(
            &assure_auth::token_hash(&token),
            id,
            chrono::Utc::now(),
            true,
        )
        .await
        .unwrap();
    format!("assure_session={token}")
}

async fn get(app: &TestApp, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    send(
        &app.router,
        Request::get(uri)
            .header("cookie", &app.cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

async fn send(
    router: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = router.clone().oneshot(request).await.unwrap();
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

fn text(body: &[u8]) -> String {
    String::from_utf8(body.to_vec()).unwrap()
}

#[tokio::test]
async fn the_home_page_goes_to_the_only_plan() {
    let (app, _, _db) = app().await;
    let (status, headers, _) = get(&app, "/").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], "/plans/1");
}

#[tokio::test]
async fn the_overview_is_table_1_with_counts_by_status_and_overdue() {
    let (app, store, _db) = app().await;
    let (status, _, body) = get(&app, "/plans/1").await;
    assert_eq!(status, StatusCode::OK);
    let html = text(&body);
    assert!(html.contains("Table 1: Summary of areas for development"));
    let plan = store.load_plan(1).await.unwrap();
    for area in &plan.areas {
        assert!(
            html.contains(&format!("/plans/1/areas/{}\"", area.id.unwrap())),
            "area {}",
            area.number
        );
    }
    // Area 1: two Green, one Amber. On 15 December 2010 all three are overdue: actions 1 and 2
    // are past their due dates (14 September, 11 October) and not Blue, and action 3's
    // milestone "Submitted October 2010" (due 31 October) is not completed.
    let row = html
        .split("Review the role of Social Work Resource Officers</a>")
        .nth(1)
        .unwrap();
    let cells: Vec<&str> = row
        .split("govuk-table__cell--numeric\">")
        .skip(1)
        .take(6)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(cells, ["0", "2", "1", "0", "0", "3"]);
    assert!(html.contains("assure-status--amber"));
}

#[tokio::test]
async fn an_area_page_has_its_header_table_and_actions_table() {
    let (app, store, _db) = app().await;
    let plan = store.load_plan(1).await.unwrap();
    let area = plan.area("2").unwrap();
    let (status, _, body) = get(&app, &format!("/plans/1/areas/{}", area.id.unwrap())).await;
    assert_eq!(status, StatusCode::OK);
    let html = text(&body);
    for header in [
        "Area of development",
        "Source",
        "Aim",
        "Measurable success",
        "Owner",
    ] {
        assert!(html.contains(&format!(">{header}</th>")), "{header}");
    }
    for col in [
        "No",
        "Action(s)",
        "Milestone(s)",
        "Evaluation against milestones",
        "Status",
        "Lead",
    ] {
        assert!(html.contains(&format!(">{col}</th>")), "{col}");
    }
    assert!(html.contains("Chandler IMR"));
    assert_eq!(html.matches("href=\"/actions/").count(), area.actions.len());
    assert!(html
        .contains("<span class=\"assure-status__symbol\" aria-hidden=\"true\">○</span> Not rated"));
}

#[tokio::test]
async fn an_action_page_shows_its_status_history() {
    let (app, store, _db) = app().await;
    let action_id = store.load_plan(1).await.unwrap().areas[0].actions[2]
        .id
        .unwrap();
    store
        .change_status(&assure_store::StatusEdit {
            action_id,
            expected_version: 1,
            to: assure_plan::Status::Red,
            by: "RH",
            reason: "Recruitment paused",
            at: "2010-12-01T10:00:00Z".parse().unwrap(),
        })
        .await
        .unwrap();
    let (status, _, body) = get(&app, &format!("/actions/{action_id}")).await;
    assert_eq!(status, StatusCode::OK);
    let html = text(&body);
    assert!(html.contains("<h2 class=\"govuk-heading-m\">Status history</h2>"));
    assert!(html.contains("Recruitment paused"));
    assert!(html.contains("1 December 2010 10:00 UTC"));
    assert!(html.contains("Head of Service and all AMs"));
}

#[tokio::test]
async fn missing_things_are_404_pages_with_security_headers() {
    let (app, _, _db) = app().await;
    for uri in [
        "/plans/99",
        "/actions/9999",
        "/plans/1/areas/9999",
        "/nowhere",
        "/plans/1/board-paper/odt",
    ] {
        let (status, headers, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(text(&body).contains("Page not found"), "{uri}");
        assert!(headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'"));
        assert_eq!(headers["x-content-type-options"], "nosniff");
    }
}

#[tokio::test]
async fn every_page_sends_the_security_headers_and_no_inline_script() {
    let (app, _, _db) = app().await;
    for uri in ["/plans", "/plans/1", "/accessibility", "/assure.css"] {
        let (status, headers, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri}: {csp}"
        );
        assert_eq!(
            headers["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
        assert_eq!(headers["x-frame-options"], "DENY");
        // Scripts only from our own files: no inline script anywhere.
        let html = text(&body);
        assert_eq!(
            html.matches("<script").count(),
            html.matches("<script src=\"/").count(),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn board_papers_download_from_the_plan_page() {
    let (app, _, _db) = app().await;
    let (_, _, overview) = get(&app, "/plans/1").await;
    for format in ["docx", "xlsx", "html"] {
        assert!(text(&overview).contains(&format!("/plans/1/board-paper/{format}")));
        let (status, headers, body) = get(&app, &format!("/plans/1/board-paper/{format}")).await;
        assert_eq!(status, StatusCode::OK, "{format}");
        if format == "html" {
            assert!(text(&body).contains("Table 1"));
            assert!(headers["content-security-policy"]
                .to_str()
                .unwrap()
                .starts_with("default-src 'none'"));
        } else {
            assert!(body.starts_with(b"PK"));
            assert_eq!(
                headers["content-disposition"],
                format!("attachment; filename=\"board-paper-plan-1-2010-12-15.{format}\"").as_str()
            );
        }
    }
    let (status, _, body) = get(&app, "/plans/1/export/json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&body).contains("\"history\""));
}
