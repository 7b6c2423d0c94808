//! Sign-in, sessions, permissions on every route, CSRF, editing with conflicts, the API.

use assure_planfiles::{read_plan, PlanFormat};
use assure_store::{testing, ImportNote, Store};
use assure_web::access::Access;
use assure_web::{router, AppState};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{DateTime, TimeDelta, Utc};
use http_body_util::BodyExt;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

const SEED: &str = include_str!("../../../demo/brighton-hove-2010.toml");
const HOST: &str = "assure.test";

struct App {
    router: axum::Router,
    store: Store,
    clock: Arc<Mutex<DateTime<Utc>>>,
    _db: testing::ScratchDb,
}

impl App {
    async fn new() -> App {
        let db = testing::sqlite();
        let store = db.open().await.unwrap();
        let plan = read_plan("seed.toml", SEED.as_bytes(), PlanFormat::Toml).unwrap();
        let note = ImportNote {
            by: "tester",
            source: "seed.toml",
            at: "2010-11-01T09:00:00Z".parse().unwrap(),
        };
        store.insert_plan(&plan, &note).await.unwrap();
        let clock = Arc::new(Mutex::new(
            "2026-11-26T09:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        ));
        let c = clock.clone();
        let state = AppState::new(store.clone(), Arc::new(|| "2010-12-15".parse().unwrap()))
            .with_clock(Arc::new(move || *c.lock().unwrap()));
        App {
            router: router(state),
            store,
            clock,
            _db: db,
        }
    }

    fn advance(&self, d: TimeDelta) {
        *self.clock.lock().unwrap() += d;
    }

    async fn user(&self, email: &str, role: &str, person: Option<&str>, password: &str) {
        let hash = assure_auth::hash_password(password);
        let new = assure_store::NewUser {
            email,
            name: email.split('@').next().unwrap(),
            role,
            person_key: person,
            password_hash: Some(&hash),
            setup_code_hash: None,
            setup_expires_at: None,
            by: "test",
        };
        self.store.create_user(&new, Utc::now()).await.unwrap();
    }

    async fn send(&self, r: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
        let response = self.router.clone().oneshot(r).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    async fn get(
        &self,
        uri: &str,
        cookie: Option<&str>,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let mut r = Request::get(uri).header(header::HOST, HOST);
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::empty()).unwrap()).await
    }

    /// A form POST as a browser on our own page sends it.
    async fn post(
        &self,
        uri: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let mut r = Request::post(uri)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header("sec-fetch-site", "same-origin")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(
            r.body(Body::from(serde_urlencoded::to_string(form).unwrap()))
                .unwrap(),
        )
        .await
    }

    async fn sign_in(&self, email: &str, password: &str) -> String {
        let (status, headers, body) = self
            .post(
                "/sign-in",
                None,
                &[("email", email), ("password", password), ("next", "/")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let cookie = headers[header::SET_COOKIE].to_str().unwrap();
        cookie.split(';').next().unwrap().to_string()
    }

    async fn action_id(&self, area: &str, index: usize) -> (i64, i64) {
        let plan = self.store.load_plan(1).await.unwrap();
        let a = &plan.area(area).unwrap().actions[index];
        (a.id.unwrap(), a.version.unwrap())
    }
}

mod signing_in {
    use super::*;

    #[tokio::test]
    async fn pages_need_a_session_and_sign_in_sets_a_safe_cookie() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let (status, headers, _) = app.get("/plans/1", None).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers[header::LOCATION], "/sign-in?next=/plans/1");
        let (status, headers, body) = app
            .post(
                "/sign-in",
                None,
                &[
                    ("email", "RH@example.org"),
                    ("password", "correct horse battery"),
                    ("next", "/plans/1"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(headers[header::LOCATION], "/plans/1");
        let set = headers[header::SET_COOKIE].to_str().unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
            "{set}"
        );
        let cookie = set.split(';').next().unwrap();
        assert_eq!(app.get("/plans/1", Some(cookie)).await.0, StatusCode::OK);
        // The sign-in is in the audit trail.
        let events = app.store.audit_events(&Default::default()).await.unwrap();
        assert!(events
            .iter()
            .any(|e| e.action == "sign-in" && e.actor.contains("rh@example.org")));
    }

    #[tokio::test]
    async fn unknown_users_and_wrong_passwords_get_the_same_answer() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let wrong = app
            .post(
                "/sign-in",
                None,
                &[("email", "rh@example.org"), ("password", "nope nope nope")],
            )
            .await;
        let unknown = app
            .post(
                "/sign-in",
                None,
                &[("email", "who@example.org"), ("password", "nope nope nope")],
            )
            .await;
        assert_eq!(wrong.0, StatusCode::BAD_REQUEST);
        assert_eq!(
            (wrong.0, wrong.2.replace("rh@example.org", "X")),
            (unknown.0, unknown.2.replace("who@example.org", "X"))
        );
        assert!(wrong
            .2
            .contains("Enter a correct email address and password"));
        let failures = app
            .store
            .audit_events(&assure_store::AuditFilter {
                action: Some("sign-in.failed".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(failures.len(), 2);
    }

    #[tokio::test]
    async fn the_eleventh_wrong_password_in_five_minutes_is_refused_even_when_right() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        for _ in 0..10 {
            assert_eq!(
                app.post(
                    "/sign-in",
                    None,
                    &[
                        ("email", "rh@example.org"),
                        ("password", "wrong wrong wrong")
                    ]
                )
                .await
                .0,
                StatusCode::BAD_REQUEST
            );
        }
        let (status, headers, _) = app
            .post(
                "/sign-in",
                None,
                &[
                    ("email", "rh@example.org"),
                    ("password", "correct horse battery"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(headers.contains_key(header::RETRY_AFTER));
        app.advance(TimeDelta::minutes(5) + TimeDelta::seconds(1));
        app.sign_in("rh@example.org", "correct horse battery").await;
    }

    #[tokio::test]
    async fn a_cookie_from_before_sign_in_is_not_promoted() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let planted = "assure_session=planted-by-an-attacker";
        let (_, headers, _) = app.post_with_cookie_sign_in(planted).await;
        let fresh = headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        assert_ne!(fresh, planted);
        assert_eq!(
            app.get("/plans/1", Some(planted)).await.0,
            StatusCode::SEE_OTHER
        );
    }

    #[tokio::test]
    async fn sessions_end_after_30_idle_minutes_and_12_hours_in_all() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let cookie = app.sign_in("rh@example.org", "correct horse battery").await;
        app.advance(TimeDelta::minutes(29));
        assert_eq!(app.get("/plans/1", Some(&cookie)).await.0, StatusCode::OK);
        app.advance(TimeDelta::minutes(31));
        let (status, headers, _) = app.get("/plans/1", Some(&cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(headers[header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/sign-in?expired=1"));

        let cookie = app.sign_in("rh@example.org", "correct horse battery").await;
        for _ in 0..24 {
            app.advance(TimeDelta::minutes(29));
            app.get("/plans/1", Some(&cookie)).await;
        }
        assert_eq!(
            app.get("/plans/1", Some(&cookie)).await.0,
            StatusCode::OK,
            "active for 11.6 hours"
        );
        app.advance(TimeDelta::minutes(25));
        assert_eq!(
            app.get("/plans/1", Some(&cookie)).await.0,
            StatusCode::SEE_OTHER,
            "past 12 hours in all"
        );
    }

    #[tokio::test]
    async fn signing_out_ends_the_session_on_the_server() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let cookie = app.sign_in("rh@example.org", "correct horse battery").await;
        let (status, headers, _) = app.post("/sign-out", Some(&cookie), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(headers.contains_key("clear-site-data"));
        assert_eq!(
            app.get("/plans/1", Some(&cookie)).await.0,
            StatusCode::SEE_OTHER
        );
    }

    impl App {
        async fn post_with_cookie_sign_in(
            &self,
            cookie: &str,
        ) -> (StatusCode, axum::http::HeaderMap, String) {
            self.post(
                "/sign-in",
                Some(cookie),
                &[
                    ("email", "rh@example.org"),
                    ("password", "correct horse battery"),
                ],
            )
            .await
        }
    }
}

mod forgery {
    use super::*;

    #[tokio::test]
    async fn state_changes_from_other_sites_or_without_origin_are_refused() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let cookie = app.sign_in("rh@example.org", "correct horse battery").await;
        let (action_id, version) = app.action_id("1", 0).await;
        let form = format!("status=Red&reason=forged&version={version}");
        let cases: [(&str, Option<&str>, Option<&str>); 4] = [
            ("no origin headers", None, None),
            (
                "cross-site",
                Some("cross-site"),
                Some("https://evil.example"),
            ),
            ("foreign origin", None, Some("https://evil.example")),
            ("null origin without fetch metadata", None, Some("null")),
        ];
        for (what, site, origin) in cases {
            let mut r = Request::post(format!("/actions/{action_id}/status"))
                .header(header::HOST, HOST)
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            if let Some(s) = site {
                r = r.header("sec-fetch-site", s);
            }
            if let Some(o) = origin {
                r = r.header(header::ORIGIN, o);
            }
            let (status, _, _) = app.send(r.body(Body::from(form.clone())).unwrap()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
        }
        let (_, after) = app.action_id("1", 0).await;
        assert_eq!(after, version, "nothing changed");
    }

    #[tokio::test]
    async fn a_get_on_a_changing_path_is_not_a_change() {
        let app = App::new().await;
        let (action_id, _) = app.action_id("1", 0).await;
        let (status, _, _) = app
            .get(&format!("/milestones/{action_id}/complete"), None)
            .await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    }
}

mod editing {
    use super::*;

    #[tokio::test]
    async fn an_action_lead_changes_their_action_with_a_reason_and_it_shows_in_history() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let cookie = app.sign_in("rh@example.org", "correct horse battery").await;
        let (action_id, version) = app.action_id("1", 0).await; // led by RH
        let (status, _, body) = app
            .post(
                &format!("/actions/{action_id}/status"),
                Some(&cookie),
                &[
                    ("status", "Amber"),
                    ("reason", ""),
                    ("version", &version.to_string()),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body.contains("govuk-error-summary") && body.contains("Enter the reason"),
            "{body}"
        );
        let (status, headers, _) = app
            .post(
                &format!("/actions/{action_id}/status"),
                Some(&cookie),
                &[
                    ("status", "Amber"),
                    ("reason", "Options paper late"),
                    ("version", &version.to_string()),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers[header::LOCATION],
            format!("/actions/{action_id}?updated=status").as_str()
        );
        let (_, _, page) = app
            .get(
                &format!("/actions/{action_id}?updated=status"),
                Some(&cookie),
            )
            .await;
        assert!(page.contains("The status has been changed"), "{page}");
        let history = page.split("Status history").nth(1).unwrap_or_default();
        assert!(
            history.contains("Options paper late") && history.contains("rh &lt;rh@example.org&gt;"),
            "{history}"
        );
        let events = app
            .store
            .audit_events(&assure_store::AuditFilter {
                action: Some("action.status".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            events[0].before_value.as_deref(),
            Some(format!("status=Green; version={version}").as_str())
        );
    }

    #[tokio::test]
    async fn an_action_lead_cannot_change_someone_elses_action() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let cookie = app.sign_in("rh@example.org", "correct horse battery").await;
        let (action_id, version) = app.action_id("3", 0).await; // led by AW
        let (status, _, _) = app
            .post(
                &format!("/actions/{action_id}/status"),
                Some(&cookie),
                &[
                    ("status", "Red"),
                    ("reason", "x"),
                    ("version", &version.to_string()),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(app.action_id("3", 0).await.1, version);
    }

    #[tokio::test]
    async fn two_people_editing_meet_a_conflict_page_and_neither_change_is_lost() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        app.user(
            "nh@example.org",
            "plan-owner",
            Some("NH"),
            "another long passphrase",
        )
        .await;
        let rh = app.sign_in("rh@example.org", "correct horse battery").await;
        let nh = app
            .sign_in("nh@example.org", "another long passphrase")
            .await;
        let (action_id, version) = app.action_id("1", 0).await;
        let v = version.to_string();
        assert_eq!(
            app.post(
                &format!("/actions/{action_id}/status"),
                Some(&nh),
                &[("status", "Blue"), ("reason", "Done"), ("version", &v)]
            )
            .await
            .0,
            StatusCode::SEE_OTHER
        );
        let (status, _, body) = app
            .post(
                &format!("/actions/{action_id}/status"),
                Some(&rh),
                &[("status", "Red"), ("reason", "Stalled"), ("version", &v)],
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            body.contains("Someone else changed this action")
                && body.contains("Stalled")
                && body.contains("Done"),
            "{body}"
        );
        let retry_version = (version + 1).to_string();
        assert!(body.contains(&format!("name=\"version\" value=\"{retry_version}\"")));
        assert_eq!(
            app.post(
                &format!("/actions/{action_id}/status"),
                Some(&rh),
                &[
                    ("status", "Red"),
                    ("reason", "Stalled"),
                    ("version", &retry_version)
                ]
            )
            .await
            .0,
            StatusCode::SEE_OTHER
        );
        let plan = app.store.load_plan(1).await.unwrap();
        let history = &plan.area("1").unwrap().actions[0].history;
        let reasons: Vec<&str> = history.iter().map(|h| h.reason.as_str()).collect();
        assert!(reasons.ends_with(&["Done", "Stalled"]), "{reasons:?}");
    }

    #[tokio::test]
    async fn input_posted_after_the_session_ended_is_kept_and_offered_after_signing_in() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let cookie = app.sign_in("rh@example.org", "correct horse battery").await;
        let (action_id, version) = app.action_id("1", 0).await;
        app.advance(TimeDelta::minutes(45));
        let (status, headers, _) = app
            .post(
                &format!("/actions/{action_id}/status"),
                Some(&cookie),
                &[
                    ("status", "Red"),
                    ("reason", "Typed before lunch"),
                    ("version", &version.to_string()),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(headers[header::LOCATION]
            .to_str()
            .unwrap()
            .contains(&format!("next=/actions/{action_id}/status")));
        let cookie = app.sign_in("rh@example.org", "correct horse battery").await;
        let (status, _, body) = app
            .get(&format!("/actions/{action_id}/status"), Some(&cookie))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("Typed before lunch") && body.contains("We kept what you entered"),
            "{body}"
        );
    }
}

mod api {
    use super::*;

    async fn token_for(app: &App, email: &str) -> String {
        let user = app.store.user_by_email(email).await.unwrap().unwrap();
        let t = assure_auth::new_api_token();
        app.store
            .create_api_token(user.id, "test", &t.hash, Utc::now())
            .await
            .unwrap();
        t.token
    }

    async fn call(
        app: &App,
        method: Method,
        uri: &str,
        token: &str,
        if_match: Option<&str>,
        body: &str,
    ) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
        let mut r = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(m) = if_match {
            r = r.header(header::IF_MATCH, m);
        }
        let (s, h, b) = app
            .send(r.body(Body::from(body.to_string())).unwrap())
            .await;
        (
            s,
            h,
            serde_json::from_str(&b).unwrap_or(serde_json::Value::Null),
        )
    }

    #[tokio::test]
    async fn etags_and_if_match_protect_every_write() {
        let app = App::new().await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        let token = token_for(&app, "rh@example.org").await;
        let (action_id, version) = app.action_id("1", 0).await;
        let uri = format!("/api/v1/actions/{action_id}");
        let (status, headers, json) = call(&app, Method::GET, &uri, &token, None, "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::ETAG], format!("\"v{version}\"").as_str());
        assert_eq!(json["status"], "Green");
        let body = r#"{"status": "Amber", "reason": "Waiting on HR"}"#;
        assert_eq!(
            call(&app, Method::PATCH, &uri, &token, None, body).await.0,
            StatusCode::PRECONDITION_REQUIRED
        );
        assert_eq!(
            call(&app, Method::PATCH, &uri, &token, Some("\"v99\""), body)
                .await
                .0,
            StatusCode::PRECONDITION_FAILED
        );
        let (status, headers, json) = call(
            &app,
            Method::PATCH,
            &uri,
            &token,
            Some(&format!("\"v{version}\"")),
            body,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(json["status"], "Amber");
        assert_eq!(
            headers[header::ETAG],
            format!("\"v{}\"", version + 1).as_str()
        );
        assert_eq!(
            call(
                &app,
                Method::PATCH,
                &uri,
                &token,
                Some(&format!("\"v{version}\"")),
                body
            )
            .await
            .0,
            StatusCode::PRECONDITION_FAILED
        );
        assert_eq!(
            call(&app, Method::GET, "/api/v1/plans", "not-a-token", None, "")
                .await
                .0,
            StatusCode::UNAUTHORIZED
        );
    }

    #[tokio::test]
    async fn a_viewer_token_cannot_write_and_leads_need_a_plan_owner() {
        let app = App::new().await;
        app.user("board@example.org", "viewer", None, "board member pass")
            .await;
        app.user(
            "rh@example.org",
            "action-lead",
            Some("RH"),
            "correct horse battery",
        )
        .await;
        app.user(
            "nh@example.org",
            "plan-owner",
            Some("NH"),
            "another long passphrase",
        )
        .await;
        let (action_id, version) = app.action_id("1", 0).await;
        let uri = format!("/api/v1/actions/{action_id}");
        let etag = format!("\"v{version}\"");
        let viewer = token_for(&app, "board@example.org").await;
        assert_eq!(
            call(
                &app,
                Method::PATCH,
                &uri,
                &viewer,
                Some(&etag),
                r#"{"status":"Red","reason":"x"}"#
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
        let lead = token_for(&app, "rh@example.org").await;
        assert_eq!(
            call(
                &app,
                Method::PATCH,
                &uri,
                &lead,
                Some(&etag),
                r#"{"leads":["AW"]}"#
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
        let owner = token_for(&app, "nh@example.org").await;
        let (status, _, json) = call(
            &app,
            Method::PATCH,
            &uri,
            &owner,
            Some(&etag),
            r#"{"leads":["RH","Ellen Jones"]}"#,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(json["leads"], serde_json::json!(["RH", "EJ"]));
    }

    #[tokio::test]
    async fn the_openapi_document_describes_the_api() {
        let app = App::new().await;
        let (status, _, body) = app.get("/api/openapi.json", None).await;
        assert_eq!(status, StatusCode::OK);
        let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        for path in [
            "/api/v1/plans",
            "/api/v1/plans/{plan_id}",
            "/api/v1/actions/{action_id}",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path}");
        }
        assert!(
            doc["paths"]["/api/v1/actions/{action_id}"]["patch"]["responses"]
                .get("428")
                .is_some()
        );
    }
}

mod routes {
    use super::*;
    use assure_access::{Grant, Role};

    /// The machine-readable matrix: route → what each role may do there.
    const MATRIX: &str = include_str!("../access-matrix.toml");

    fn expected(access: Access, role: Option<Role>) -> bool {
        match (access, role) {
            (Access::Public, _) => true,
            (_, None) => false,
            (Access::SignedIn, Some(_)) => true,
            (Access::Requires(p), Some(r)) => r.grant(p) != Grant::Deny,
        }
    }

    fn matrix_rows() -> Vec<(String, String, std::collections::BTreeMap<String, bool>)> {
        let doc: toml::Value = toml::from_str(MATRIX).unwrap();
        doc["route"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let allowed: std::collections::BTreeMap<String, bool> = [
                    "anonymous",
                    "admin",
                    "plan-owner",
                    "action-lead",
                    "viewer",
                    "data-analyst",
                ]
                .iter()
                .map(|k| (k.to_string(), r[*k].as_str().unwrap() == "allow"))
                .collect();
                (
                    r["method"].as_str().unwrap().to_string(),
                    r["path"].as_str().unwrap().to_string(),
                    allowed,
                )
            })
            .collect()
    }

    #[test]
    fn every_route_is_in_the_matrix_and_the_matrix_matches_the_code() {
        let table = assure_web::routes::table();
        let rows = matrix_rows();
        assert_eq!(
            table.len(),
            rows.len(),
            "the matrix and the route table list different numbers of routes"
        );
        for route in &table {
            let row = rows
                .iter()
                .find(|(m, p, _)| *m == route.method.as_str() && p == route.path);
            let (_, _, allowed) = row.unwrap_or_else(|| {
                panic!(
                    "{} {} is not in access-matrix.toml",
                    route.method, route.path
                )
            });
            assert_eq!(
                allowed["anonymous"],
                expected(route.access, None),
                "{} {} anonymous",
                route.method,
                route.path
            );
            for role in Role::ALL {
                assert_eq!(
                    allowed[&role.to_string()],
                    expected(route.access, Some(role)),
                    "{} {} {role}",
                    route.method,
                    route.path
                );
            }
        }
    }

    #[tokio::test]
    async fn every_route_answers_every_role_as_the_matrix_says() {
        let app = App::new().await;
        let mut cookies = vec![("anonymous".to_string(), None)];
        for role in Role::ALL {
            let email = format!("{role}@example.org");
            let person = if role == Role::ActionLead {
                Some("RH")
            } else if role == Role::PlanOwner {
                Some("NH")
            } else {
                None
            };
            app.user(&email, &role.to_string(), person, "a long test password")
                .await;
            let user = app.store.user_by_email(&email).await.unwrap().unwrap();
            // A session with the second factor done, as after a full sign-in.
            let token = assure_auth::new_session_id();
            app.store
                .create_session(
                    &assure_auth::token_hash(&token),
                    user.id,
                    *app.clock.lock().unwrap(),
                    true,
                )
                .await
                .unwrap();
            cookies.push((role.to_string(), Some(format!("assure_session={token}"))));
        }
        let (action_id, _) = app.action_id("1", 0).await; // led by RH
        let plan = app.store.load_plan(1).await.unwrap();
        let area_id = plan.areas[0].id.unwrap().to_string();
        let milestone_id = plan.areas[0].actions[0].milestones[0]
            .id
            .unwrap()
            .to_string();
        // Signing out ends the session, so it goes last.
        let mut rows = matrix_rows();
        rows.sort_by_key(|(_, path, _)| path == "/sign-out");
        for (method, path, allowed) in rows {
            let uri = path
                .replace("{plan_id}", "1")
                .replace("{area_id}", &area_id)
                .replace("{action_id}", &action_id.to_string())
                .replace("{milestone_id}", &milestone_id)
                .replace("{token_id}", "999999")
                .replace("{format}", "html")
                .replace("{file}", "tiles.csv")
                .replace("{id}", "referrals");
            for (who, cookie) in &cookies {
                let mut r = Request::builder()
                    .method(method.as_str())
                    .uri(&uri)
                    .header(header::HOST, HOST)
                    .header(header::ORIGIN, format!("http://{HOST}"))
                    .header("sec-fetch-site", "same-origin");
                if let Some(c) = cookie {
                    r = r.header(header::COOKIE, c);
                }
                let body = if method == "PATCH" {
                    Body::from("{}")
                } else {
                    Body::empty()
                };
                let (status, headers, _) = app
                    .send(
                        r.header(
                            header::CONTENT_TYPE,
                            if method == "PATCH" {
                                "application/json"
                            } else {
                                "application/x-www-form-urlencoded"
                            },
                        )
                        .body(body)
                        .unwrap(),
                    )
                    .await;
                // Refused: 401/403, or sent to sign in first (signing out also ends on the
                // sign-in page, but without asking to come back).
                let to_sign_in = status == StatusCode::SEE_OTHER
                    && headers
                        .get(header::LOCATION)
                        .is_some_and(|l| l.to_str().unwrap().starts_with("/sign-in?"));
                let refused = status == StatusCode::FORBIDDEN
                    || status == StatusCode::UNAUTHORIZED
                    || to_sign_in;
                if allowed[who] {
                    assert!(!refused, "{method} {uri} as {who} was refused ({status})");
                } else {
                    assert!(refused, "{method} {uri} as {who} was allowed ({status})");
                }
            }
        }
    }
}

mod datasets {
    use super::*;

    const CHILD: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>846</LEA><SoftwareCode>Test</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>2025-04-02T10:00:00</DateTime></Source></Header>
<Children><Child><ChildIdentifiers><LAchildID>CHILD42</LAchildID><UPNunknown>UN1</UPNunknown><PersonBirthDate>2015-06-01</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-06-03</CINreferralDate><ReferralSource>2A</ReferralSource><PrimaryNeedCode>N4</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>
<Assessments><AssessmentActualStartDate>2024-06-04</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-07-15</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>21</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
</CINdetails></Child></Children></Message>"#;

    async fn session(app: &App, role: &str) -> String {
        let email = format!("{role}@example.org");
        app.user(&email, role, None, "a long test password").await;
        let user = app.store.user_by_email(&email).await.unwrap().unwrap();
        let token = assure_auth::new_session_id();
        app.store
            .create_session(
                &assure_auth::token_hash(&token),
                user.id,
                *app.clock.lock().unwrap(),
                true,
            )
            .await
            .unwrap();
        format!("assure_session={token}")
    }

    async fn upload(
        app: &App,
        cookie: &str,
        name: &str,
        content: &str,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let boundary = "XyZBoundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nTest census\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/xml\r\n\r\n{content}\r\n--{boundary}--\r\n"
        );
        let r = Request::post("/datasets")
            .header(header::HOST, HOST)
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        app.send(r).await
    }

    #[tokio::test]
    async fn an_analyst_uploads_a_census_and_child_ids_are_shown_only_to_child_level_roles() {
        let app = App::new().await;
        let analyst = session(&app, "data-analyst").await;
        let (status, headers, body) = upload(&app, &analyst, "census.xml", CHILD).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let location = headers[header::LOCATION].to_str().unwrap().to_string();
        assert!(location.starts_with("/datasets/"));
        let (_, _, page) = app.get(&location, Some(&analyst)).await;
        assert!(
            page.contains("Counts by event type") && page.contains("Validation report"),
            "{page}"
        );

        // A duplicate upload is refused with a field error, and nothing more is stored.
        let (status, _, body) = upload(&app, &analyst, "census.xml", CHILD).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("already imported"), "{body}");
        assert_eq!(app.store.list_datasets().await.unwrap().len(), 1);

        // A DOCTYPE is refused, naming the file.
        let (status, _, body) = upload(
            &app,
            &analyst,
            "evil.xml",
            "<!DOCTYPE x [<!ENTITY a \"b\">]><Message/>",
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("evil.xml"), "{body}");

        // The drill-down shows the child to the analyst and records the view.
        let (status, _, page) = app
            .get(
                "/performance/indicators/assessments_completed/children",
                Some(&analyst),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("CHILD42"));
        let views = app
            .store
            .audit_events(&assure_store::AuditFilter {
                action: Some("child-data.view".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(
            views
                .iter()
                .any(|e| e.detail.as_deref().unwrap_or("").contains("rows=1")),
            "{views:?}"
        );

        // A plan owner sees the datasets' figures but not the children.
        let owner = session(&app, "plan-owner").await;
        assert_eq!(app.get(&location, Some(&owner)).await.0, StatusCode::OK);
        assert_eq!(
            app.get(
                "/performance/indicators/assessments_completed/children",
                Some(&owner)
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
        let viewer = session(&app, "viewer").await;
        assert_eq!(
            upload(
                &app,
                &viewer,
                "census2.xml",
                &CHILD.replace("CHILD42", "CHILD43")
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
    }
}
