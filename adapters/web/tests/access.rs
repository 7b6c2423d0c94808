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

mod oidc {
    //! Single sign-on (AUTH-06) against a mock identity provider on loopback: discovery,
    //! JWKS and a token endpoint that checks the client and the PKCE verifier, and hands out
    //! whatever ID token each case signs. The RSA keys are fixed test keys (PKCS#8 PEM,
    //! made with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`).
    use super::*;
    use assure_web::auth::oidc::{ClientSecret, OidcConfig};
    use axum::http::HeaderMap;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use base64::Engine;
    use ring::signature::{RsaKeyPair, RsaPublicKeyComponents, RSA_PKCS1_SHA256};
    use serde_json::{json, Value};
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;

    const CLIENT_ID: &str = "assure-test-client";
    const CLIENT_SECRET: &str = "test client secret/with:odd=characters";
    const REDIRECT: &str = "https://assure.test/sign-in/oidc/callback";
    const KEY_A: &str = include_str!("fixtures/oidc-test-key-a.pem");
    const KEY_B: &str = include_str!("fixtures/oidc-test-key-b.pem");

    fn key_pair(pem: &str) -> RsaKeyPair {
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        RsaKeyPair::from_pkcs8(&STANDARD.decode(b64).unwrap()).unwrap()
    }

    fn b64json(v: &Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    }

    /// An RS256 JWS over `header` and `claims` with `key`.
    fn sign(header: &Value, claims: &Value, key: &RsaKeyPair) -> String {
        let input = format!("{}.{}", b64json(header), b64json(claims));
        let mut sig = vec![0; key.public().modulus_len()];
        key.sign(
            &RSA_PKCS1_SHA256,
            &ring::rand::SystemRandom::new(),
            input.as_bytes(),
            &mut sig,
        )
        .unwrap();
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }

    /// What the mock token endpoint hands out: code → (ID token, PKCE challenge).
    type Codes = Arc<Mutex<HashMap<String, (String, String)>>>;

    #[derive(Clone)]
    struct IdpState {
        issuer: String,
        jwks: Value,
        /// client_secret_post or client_secret_basic.
        auth_method: &'static str,
        codes: Codes,
    }

    struct Idp {
        issuer: String,
        kid: &'static str,
        key: RsaKeyPair,
        codes: Codes,
    }

    async fn discovery(
        axum::extract::State(s): axum::extract::State<IdpState>,
    ) -> axum::Json<Value> {
        let base = s.issuer.trim_end_matches("/tenant/v2.0").to_string();
        axum::Json(json!({
            "issuer": s.issuer,
            "authorization_endpoint": format!("{base}/authorize"),
            "token_endpoint": format!("{base}/token"),
            "jwks_uri": format!("{base}/keys"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": [s.auth_method],
        }))
    }

    async fn keys(axum::extract::State(s): axum::extract::State<IdpState>) -> axum::Json<Value> {
        axum::Json(s.jwks)
    }

    /// Checks the client, the redirect URI and the PKCE verifier like a real provider.
    /// Codes are deliberately reusable here, so replays are stopped by Assure itself.
    async fn token(
        axum::extract::State(s): axum::extract::State<IdpState>,
        headers: HeaderMap,
        axum::Form(form): axum::Form<HashMap<String, String>>,
    ) -> (StatusCode, axum::Json<Value>) {
        let refuse = |e: &str| (StatusCode::BAD_REQUEST, axum::Json(json!({ "error": e })));
        let client_ok = if s.auth_method == "client_secret_basic" {
            let expected = STANDARD.encode(format!(
                "{CLIENT_ID}:{}",
                serde_urlencoded::to_string([("x", CLIENT_SECRET)]).unwrap()[2..].to_string()
            ));
            headers
                .get(header::AUTHORIZATION)
                .is_some_and(|v| v.to_str().unwrap() == format!("Basic {expected}"))
                && !form.contains_key("client_secret")
        } else {
            form.get("client_id").map(String::as_str) == Some(CLIENT_ID)
                && form.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET)
        };
        if !client_ok {
            return refuse("invalid_client");
        }
        if form.get("grant_type").map(String::as_str) != Some("authorization_code")
            || form.get("redirect_uri").map(String::as_str) != Some(REDIRECT)
        {
            return refuse("invalid_request");
        }
        let issued = form
            .get("code")
            .and_then(|c| s.codes.lock().unwrap().get(c).cloned());
        let Some((id_token, challenge)) = issued else {
            return refuse("invalid_grant");
        };
        let verifier = form.get("code_verifier").cloned().unwrap_or_default();
        if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != challenge {
            return refuse("invalid_grant");
        }
        (
            StatusCode::OK,
            axum::Json(json!({
                "access_token": "not-used",
                "token_type": "Bearer",
                "expires_in": 3600,
                "id_token": id_token,
            })),
        )
    }

    impl Idp {
        async fn start(key_pem: &str, kid: &'static str, auth_method: &'static str) -> Idp {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let issuer = format!("http://{}/tenant/v2.0", listener.local_addr().unwrap());
            let key = key_pair(key_pem);
            let public = RsaPublicKeyComponents::<Vec<u8>>::from(key.public());
            let jwks = json!({"keys": [
                {"kty": "EC", "kid": "ec-key", "crv": "P-256", "x": "AAAA", "y": "AAAA"},
                {
                    "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
                    "n": URL_SAFE_NO_PAD.encode(&public.n),
                    "e": URL_SAFE_NO_PAD.encode(&public.e),
                },
            ]});
            let codes = Codes::default();
            let state = IdpState {
                issuer: issuer.clone(),
                jwks,
                auth_method,
                codes: codes.clone(),
            };
            let app = axum::Router::new()
                .route(
                    "/tenant/v2.0/.well-known/openid-configuration",
                    axum::routing::get(discovery),
                )
                .route("/keys", axum::routing::get(keys))
                .route("/token", axum::routing::post(token))
                .with_state(state);
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            Idp {
                issuer,
                kid,
                key,
                codes,
            }
        }

        fn header(&self) -> Value {
            json!({"alg": "RS256", "typ": "JWT", "kid": self.kid})
        }

        fn sign(&self, claims: &Value) -> String {
            sign(&self.header(), claims, &self.key)
        }
    }

    /// Assure with single sign-on to `issuer`.
    async fn app_with(issuer: &str) -> App {
        let mut app = App::new().await;
        let c = app.clock.clone();
        let oidc = OidcConfig::new(
            issuer,
            CLIENT_ID,
            ClientSecret::new(CLIENT_SECRET),
            REDIRECT,
        )
        .unwrap();
        let state = AppState::new(
            app.store.clone(),
            Arc::new(|| "2010-12-15".parse().unwrap()),
        )
        .with_clock(Arc::new(move || *c.lock().unwrap()))
        .with_oidc(Arc::new(oidc));
        app.router = router(state);
        app
    }

    /// A user linked to `subject` at `issuer`.
    async fn linked(app: &App, email: &str, role: &str, issuer: &str, subject: &str) -> i64 {
        app.user(email, role, None, "a long test password").await;
        let user = app.store.user_by_email(email).await.unwrap().unwrap();
        app.store
            .link_oidc(user.id, issuer, subject, "test")
            .await
            .unwrap();
        user.id
    }

    /// A sign-in started in a browser: what the provider was asked for, and the cookie.
    struct Started {
        location: String,
        params: HashMap<String, String>,
        cookie: String,
        set_cookie: String,
    }

    impl Started {
        fn state(&self) -> &str {
            &self.params["state"]
        }

        fn nonce(&self) -> &str {
            &self.params["nonce"]
        }
    }

    async fn begin(app: &App, next: &str) -> Started {
        let (status, headers, body) = app.get(&format!("/sign-in/oidc?next={next}"), None).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let location = headers[header::LOCATION].to_str().unwrap().to_string();
        let params = serde_urlencoded::from_str(location.split_once('?').unwrap().1).unwrap();
        let set_cookie = headers[header::SET_COOKIE].to_str().unwrap().to_string();
        let cookie = set_cookie.split(';').next().unwrap().to_string();
        Started {
            location,
            params,
            cookie,
            set_cookie,
        }
    }

    fn now(app: &App) -> i64 {
        app.clock.lock().unwrap().timestamp()
    }

    /// The claims a good token for `subject` carries.
    fn claims(app: &App, idp: &Idp, subject: &str, nonce: &str) -> Value {
        let now = now(app);
        json!({
            "iss": idp.issuer,
            "aud": CLIENT_ID,
            "sub": subject,
            "nonce": nonce,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "email": "rh@example.org",
            "amr": ["pwd", "mfa"],
        })
    }

    /// The provider sends the browser back with `code`, for which it will issue `id_token`.
    async fn finish(
        app: &App,
        idp: &Idp,
        started: &Started,
        code: &str,
        id_token: String,
        cookie: Option<&str>,
    ) -> (StatusCode, HeaderMap, String) {
        idp.codes.lock().unwrap().insert(
            code.to_string(),
            (id_token, started.params["code_challenge"].clone()),
        );
        let uri = format!(
            "/sign-in/oidc/callback?code={code}&state={}",
            started.state()
        );
        app.get(&uri, Some(cookie.unwrap_or(&started.cookie))).await
    }

    fn session_cookie(headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
            .find(|c| c.starts_with("assure_session=") && c.len() > "assure_session=".len())
    }

    async fn events(app: &App, action: &str) -> Vec<assure_store::AuditRecord> {
        app.store
            .audit_events(&Default::default())
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == action)
            .collect()
    }

    #[tokio::test]
    async fn without_configuration_there_is_no_organisation_sign_in() {
        let app = App::new().await;
        let (_, _, body) = app.get("/sign-in", None).await;
        assert!(!body.contains("organisation's account"), "{body}");
        assert_eq!(
            app.get("/sign-in/oidc", None).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/sign-in/oidc/callback?code=x&state=y", None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
    }

    #[tokio::test]
    async fn a_linked_account_signs_in_with_pkce_and_gets_a_new_session() {
        let idp = Idp::start(KEY_A, "key-a", "client_secret_post").await;
        let app = app_with(&idp.issuer).await;
        linked(
            &app,
            "ad@example.org",
            "admin",
            &idp.issuer,
            "admin-subject",
        )
        .await;

        let (status, _, body) = app.get("/sign-in?next=/admin/users", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("href=\"/sign-in/oidc?next=&#x2f;admin&#x2f;users\"")
                && body.contains("Sign in with your organisation's account"),
            "{body}"
        );

        // A password session from before: signing in again must not keep its id.
        let old = app.sign_in("ad@example.org", "a long test password").await;
        let started = begin(&app, "/admin/users").await;
        assert!(
            started
                .location
                .starts_with(&idp.issuer.replace("/tenant/v2.0", "/authorize?")),
            "{}",
            started.location
        );
        let p = &started.params;
        assert_eq!(p["response_type"], "code");
        assert_eq!(p["client_id"], CLIENT_ID);
        assert_eq!(p["redirect_uri"], REDIRECT);
        assert!(p["scope"].split(' ').any(|s| s == "openid"));
        assert_eq!(p["code_challenge_method"], "S256");
        assert_eq!(p["code_challenge"].len(), 43);
        assert!(p["state"].len() >= 43 && p["nonce"].len() >= 43);
        assert_ne!(p["state"], p["nonce"]);
        for attribute in [
            "HttpOnly",
            "SameSite=Lax",
            "Path=/sign-in/oidc",
            "Max-Age=600",
        ] {
            assert!(
                started.set_cookie.contains(attribute),
                "{}",
                started.set_cookie
            );
        }

        let token = idp.sign(&claims(&app, &idp, "admin-subject", started.nonce()));
        let both = format!("{old}; {}", started.cookie);
        let (status, headers, body) =
            finish(&app, &idp, &started, "code-1", token, Some(&both)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(headers[header::LOCATION], "/admin/users");
        let cookie = session_cookie(&headers).expect("a session cookie");
        assert_ne!(cookie, old);
        assert!(headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("assure_oidc=;")));
        // The provider did multi-factor authentication, so the second factor is done.
        assert_eq!(
            app.get("/admin/users", Some(&cookie)).await.0,
            StatusCode::OK
        );
        assert_eq!(
            app.get("/plans/1", Some(&old)).await.0,
            StatusCode::SEE_OTHER,
            "the earlier session ended"
        );
        let signed_in = events(&app, "sign-in.oidc").await;
        assert_eq!(signed_in.len(), 1);
        assert!(signed_in[0].actor.contains("ad@example.org"));
        let detail = signed_in[0].detail.clone().unwrap();
        assert!(
            detail.contains("subject=admin-subject")
                && detail.contains("second factor at the identity provider: yes"),
            "{detail}"
        );
        assert!(events(&app, "sign-in.oidc.failed").await.is_empty());
    }

    #[tokio::test]
    async fn tokens_with_the_wrong_audience_issuer_expiry_algorithm_or_key_are_refused() {
        let idp = Idp::start(KEY_A, "key-a", "client_secret_post").await;
        let app = app_with(&idp.issuer).await;
        linked(
            &app,
            "rh@example.org",
            "action-lead",
            &idp.issuer,
            "rh-subject",
        )
        .await;
        let other_key = key_pair(KEY_B);
        let now = now(&app);
        type Case<'a> = Box<dyn Fn(&Idp, &str) -> String + 'a>;
        let good = |idp: &Idp, nonce: &str| claims(&app, idp, "rh-subject", nonce);
        let with = |idp: &Idp, nonce: &str, key: &str, value: Value| {
            let mut c = good(idp, nonce);
            c[key] = value;
            c
        };
        let cases: Vec<(&str, &str, Case<'_>)> = vec![
            (
                "wrong aud",
                "audience",
                Box::new(|idp, n| idp.sign(&with(idp, n, "aud", json!("someone-else")))),
            ),
            (
                "aud list without this client",
                "audience",
                Box::new(|idp, n| idp.sign(&with(idp, n, "aud", json!(["a", "b"])))),
            ),
            (
                "another client's azp",
                "audience",
                Box::new(|idp, n| idp.sign(&with(idp, n, "azp", json!("someone-else")))),
            ),
            (
                "wrong iss",
                "issuer",
                Box::new(|idp, n| {
                    idp.sign(&with(
                        idp,
                        n,
                        "iss",
                        json!("https://login.evil.example/tenant/v2.0"),
                    ))
                }),
            ),
            (
                "expired",
                "expired",
                Box::new(move |idp, n| {
                    let mut c = with(idp, n, "exp", json!(now - 120));
                    c["iat"] = json!(now - 3720);
                    c["nbf"] = json!(now - 3720);
                    idp.sign(&c)
                }),
            ),
            (
                "issued in the future",
                "not valid yet",
                Box::new(move |idp, n| idp.sign(&with(idp, n, "iat", json!(now + 600)))),
            ),
            (
                "alg none",
                "algorithm",
                Box::new(|idp, n| {
                    format!(
                        "{}.{}.",
                        b64json(&json!({"alg": "none", "typ": "JWT"})),
                        b64json(&good(idp, n))
                    )
                }),
            ),
            (
                "HS256 signed with the client secret",
                "algorithm",
                Box::new(|idp, n| {
                    let input = format!(
                        "{}.{}",
                        b64json(&json!({"alg": "HS256", "typ": "JWT", "kid": idp.kid})),
                        b64json(&good(idp, n))
                    );
                    let key =
                        ring::hmac::Key::new(ring::hmac::HMAC_SHA256, CLIENT_SECRET.as_bytes());
                    let tag = ring::hmac::sign(&key, input.as_bytes());
                    format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
                }),
            ),
            (
                "signed by another key under this kid",
                "signature",
                Box::new(|idp, n| sign(&idp.header(), &good(idp, n), &other_key)),
            ),
            (
                "claims changed after signing",
                "signature",
                Box::new(|idp, n| {
                    let signed = idp.sign(&good(idp, n));
                    let parts: Vec<&str> = signed.split('.').collect();
                    let forged = b64json(&with(idp, n, "sub", json!("admin-subject")));
                    format!("{}.{forged}.{}", parts[0], parts[2])
                }),
            ),
            (
                "unknown kid",
                "unknown key",
                Box::new(|idp, n| {
                    sign(
                        &json!({"alg": "RS256", "kid": "not-published"}),
                        &good(idp, n),
                        &idp.key,
                    )
                }),
            ),
            (
                "wrong nonce",
                "nonce",
                Box::new(|idp, n| idp.sign(&with(idp, n, "nonce", json!(format!("{n}x"))))),
            ),
            (
                "no nonce",
                "nonce",
                Box::new(|idp, n| idp.sign(&with(idp, n, "nonce", Value::Null))),
            ),
        ];
        for (i, (name, reason, make)) in cases.iter().enumerate() {
            let started = begin(&app, "/plans/1").await;
            let token = make(&idp, started.nonce());
            let (status, headers, body) =
                finish(&app, &idp, &started, &format!("code-{i}"), token, None).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
            assert!(session_cookie(&headers).is_none(), "{name}");
            assert!(
                body.contains("Signing in with your organisation&#x27;s account did not work"),
                "{name}: {body}"
            );
            let failed = events(&app, "sign-in.oidc.failed").await;
            assert_eq!(failed.len(), i + 1, "{name}");
            let detail = failed[0].detail.clone().unwrap_or_default();
            assert!(detail.to_lowercase().contains(reason), "{name}: {detail}");
        }
        assert!(events(&app, "sign-in.oidc").await.is_empty());
        // The same flow with a good token works, so the refusals were the tokens' fault.
        let started = begin(&app, "/plans/1").await;
        let token = idp.sign(&good(&idp, started.nonce()));
        let (status, headers, _) = finish(&app, &idp, &started, "good", token, None).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(session_cookie(&headers).is_some());
    }

    #[tokio::test]
    async fn a_callback_state_or_nonce_works_once_in_the_browser_that_started_it() {
        let idp = Idp::start(KEY_A, "key-a", "client_secret_post").await;
        let app = app_with(&idp.issuer).await;
        linked(
            &app,
            "rh@example.org",
            "action-lead",
            &idp.issuer,
            "rh-subject",
        )
        .await;

        let first = begin(&app, "/plans/1").await;
        let token = idp.sign(&claims(&app, &idp, "rh-subject", first.nonce()));
        let (status, headers, _) = finish(&app, &idp, &first, "code-1", token.clone(), None).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(session_cookie(&headers).is_some());

        // The same callback again (the provider would still accept the code here).
        let (status, headers, _) = finish(&app, &idp, &first, "code-1", token.clone(), None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(session_cookie(&headers).is_none());

        // A new sign-in, but the provider's answer is the old token with the old nonce.
        let second = begin(&app, "/plans/1").await;
        let (status, headers, _) = finish(&app, &idp, &second, "code-2", token, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(session_cookie(&headers).is_none());

        // A callback in a browser that did not start the sign-in (login CSRF), and then the
        // same state in the right browser: the failed attempt used the state up.
        let third = begin(&app, "/plans/1").await;
        let token = idp.sign(&claims(&app, &idp, "rh-subject", third.nonce()));
        let (status, _, _) = finish(
            &app,
            &idp,
            &third,
            "code-3",
            token.clone(),
            Some("assure_oidc=someone-elses"),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _, _) = finish(&app, &idp, &third, "code-3", token, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        // Ten minutes at the provider is the most a sign-in can take.
        let slow = begin(&app, "/plans/1").await;
        app.advance(TimeDelta::minutes(11));
        let token = idp.sign(&claims(&app, &idp, "rh-subject", slow.nonce()));
        let (status, _, _) = finish(&app, &idp, &slow, "code-4", token, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        let reasons: Vec<String> = events(&app, "sign-in.oidc.failed")
            .await
            .into_iter()
            .rev()
            .map(|e| e.detail.unwrap_or_default())
            .collect();
        assert_eq!(reasons.len(), 5, "{reasons:?}");
        assert!(reasons[0].contains("already used"), "{reasons:?}");
        assert!(reasons[1].contains("nonce"), "{reasons:?}");
        assert!(
            reasons[2].contains("not started in this browser"),
            "{reasons:?}"
        );
        assert!(reasons[3].contains("already used"), "{reasons:?}");
        assert!(reasons[4].contains("expired"), "{reasons:?}");
        assert_eq!(events(&app, "sign-in.oidc").await.len(), 1);
    }

    #[tokio::test]
    async fn the_same_email_from_a_second_identity_provider_does_not_sign_in() {
        let first = Idp::start(KEY_A, "key-a", "client_secret_post").await;
        let second = Idp::start(KEY_B, "key-b", "client_secret_basic").await;
        // The account is linked at the first provider; Assure now trusts the second.
        let app = app_with(&second.issuer).await;
        linked(
            &app,
            "rh@example.org",
            "action-lead",
            &first.issuer,
            "rh-subject",
        )
        .await;
        let started = begin(&app, "/plans/1").await;
        let mut c = claims(&app, &second, "rh-subject", started.nonce());
        c["email"] = json!("rh@example.org");
        c["email_verified"] = json!(true);
        c["preferred_username"] = json!("rh@example.org");
        let (status, headers, body) =
            finish(&app, &second, &started, "code-1", second.sign(&c), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(
            body.contains("Your account is not set up in Assure"),
            "{body}"
        );
        assert!(body.contains("Ask your administrator"), "{body}");
        assert!(session_cookie(&headers).is_none());
        let unknown = events(&app, "sign-in.oidc.unknown").await;
        assert_eq!(unknown.len(), 1);
        let detail = unknown[0].detail.clone().unwrap();
        assert!(detail.contains(&second.issuer), "{detail}");
        assert_eq!(unknown[0].actor_user_id, None);

        // At the first provider too, another person with the same email is nobody.
        let app = app_with(&first.issuer).await;
        linked(
            &app,
            "rh@example.org",
            "action-lead",
            &first.issuer,
            "rh-subject",
        )
        .await;
        let started = begin(&app, "/plans/1").await;
        let c = claims(&app, &first, "another-subject", started.nonce());
        let (status, headers, _) =
            finish(&app, &first, &started, "code-2", first.sign(&c), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(session_cookie(&headers).is_none());
        assert!(events(&app, "sign-in.oidc").await.is_empty());
    }

    #[tokio::test]
    async fn without_mfa_in_amr_the_local_second_factor_is_still_required() {
        let idp = Idp::start(KEY_A, "key-a", "client_secret_basic").await;
        let app = app_with(&idp.issuer).await;
        linked(
            &app,
            "ad@example.org",
            "admin",
            &idp.issuer,
            "admin-subject",
        )
        .await;
        for (i, amr) in [json!(["pwd"]), Value::Null].into_iter().enumerate() {
            let started = begin(&app, "/admin/users").await;
            let mut c = claims(&app, &idp, "admin-subject", started.nonce());
            c["amr"] = amr;
            let (status, headers, body) = finish(
                &app,
                &idp,
                &started,
                &format!("code-{i}"),
                idp.sign(&c),
                None,
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
            let cookie = session_cookie(&headers).unwrap();
            assert_eq!(app.get("/plans/1", Some(&cookie)).await.0, StatusCode::OK);
            let (status, headers, _) = app.get("/admin/users", Some(&cookie)).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert_eq!(
                headers[header::LOCATION],
                "/account/second-factor?next=/admin/users"
            );
        }
        let detail = events(&app, "sign-in.oidc").await[0]
            .detail
            .clone()
            .unwrap();
        assert!(
            detail.contains("second factor at the identity provider: no"),
            "{detail}"
        );

        // With a TOTP already enrolled, the sign-in goes straight on to ask for it.
        let user = app
            .store
            .user_by_email("ad@example.org")
            .await
            .unwrap()
            .unwrap();
        let secret = assure_auth::TotpSecret::generate().to_base32();
        app.store
            .set_totp(user.id, Some(&secret), "[]", None)
            .await
            .unwrap();
        let started = begin(&app, "/admin/users").await;
        let mut c = claims(&app, &idp, "admin-subject", started.nonce());
        c["amr"] = json!(["pwd"]);
        let (status, headers, _) =
            finish(&app, &idp, &started, "code-totp", idp.sign(&c), None).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers[header::LOCATION],
            "/sign-in/second-factor?next=/admin/users"
        );
    }

    #[tokio::test]
    async fn an_unreachable_identity_provider_is_a_clear_error() {
        // Bind and drop a listener for a port nothing answers on.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let app = app_with(&format!("http://127.0.0.1:{port}/tenant/v2.0")).await;
        let (status, _, body) = app.get("/sign-in/oidc?next=/", None).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("not working at the moment"), "{body}");
    }
}

mod plan_editing {
    use super::*;

    async fn signed_in(app: &App, email: &str, role: &str, person: Option<&str>) -> String {
        app.user(email, role, person, "a long test password").await;
        app.sign_in(email, "a long test password").await
    }

    fn location(headers: &axum::http::HeaderMap) -> String {
        headers[header::LOCATION].to_str().unwrap().to_string()
    }

    async fn events(app: &App, action: &str) -> Vec<assure_store::AuditRecord> {
        app.store
            .audit_events(&assure_store::AuditFilter {
                action: Some(action.into()),
                ..Default::default()
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_plan_owner_creates_a_plan_and_fills_it_in() {
        let app = App::new().await;
        let nh = signed_in(&app, "nh@example.org", "plan-owner", Some("NH")).await;
        let (status, _, page) = app.get("/plans/new", Some(&nh)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Start a new plan"), "{page}");

        // A plan.
        let (status, _, page) = app
            .post(
                "/plans/new",
                Some(&nh),
                &[("title", " "), ("organisation", "A council")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            page.contains("govuk-error-summary") && page.contains("href=\"#title\""),
            "{page}"
        );
        assert_eq!(app.store.list_plans().await.unwrap().len(), 1);
        let (status, headers, _) = app
            .post(
                "/plans/new",
                Some(&nh),
                &[
                    ("title", "Improvement plan 2027"),
                    ("organisation", "A council's children's services"),
                    ("origin", "ILACS inspection"),
                    ("origin_date", "14/01/2027"),
                    ("reporting_date", ""),
                    ("introduction", ""),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let to = location(&headers);
        assert!(to.ends_with("?updated=plan-created"), "{to}");
        let plan_id: i64 = to
            .trim_start_matches("/plans/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let (status, _, page) = app.get(&to, Some(&nh)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("The plan has been created")
                && page.contains(&format!("/plans/{plan_id}/areas/new")),
            "{page}"
        );
        let (status, headers, _) = app
            .post(
                &format!("/plans/{plan_id}/edit"),
                Some(&nh),
                &[
                    ("title", "Improvement plan 2027-28"),
                    ("organisation", "A council's children's services"),
                    ("origin", "ILACS inspection"),
                    ("origin_date", "2027-01-14"),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), format!("/plans/{plan_id}?updated=plan"));

        // Its people.
        let people = format!("/plans/{plan_id}/people");
        let (status, headers, _) = app
            .post(
                &people,
                Some(&nh),
                &[
                    ("person_name", "Sam Patel"),
                    ("person_initials", "SP"),
                    ("person_kind", "person"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(&headers),
            format!("/plans/{plan_id}/edit?updated=person#people")
        );
        let (status, _, page) = app
            .post(&people, Some(&nh), &[("person_name", "sam patel")])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            page.contains("href=\"#person_name\"") && page.contains("already"),
            "{page}"
        );
        app.post(
            &people,
            Some(&nh),
            &[("person_name", "Kim Lee"), ("person_initials", "KL")],
        )
        .await;

        // An area.
        let (status, _, page) = app
            .get(&format!("/plans/{plan_id}/areas/new"), Some(&nh))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("name=\"number\" type=\"text\" value=\"1\""),
            "{page}"
        );
        let (status, _, page) = app
            .post(
                &format!("/plans/{plan_id}/areas/new"),
                Some(&nh),
                &[("number", "A1"), ("title", "Supervision")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("href=\"#number\""), "{page}");
        let (status, headers, _) = app
            .post(
                &format!("/plans/{plan_id}/areas/new"),
                Some(&nh),
                &[("number", "1"), ("title", "Supervision")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let to = location(&headers);
        let area_id: i64 = to
            .split("/areas/")
            .nth(1)
            .unwrap()
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let (_, _, page) = app.get(&to, Some(&nh)).await;
        assert!(
            page.contains("The area has been added")
                && page.contains(&format!("/areas/{area_id}/edit")),
            "{page}"
        );
        let (status, _, page) = app
            .post(
                &format!("/plans/{plan_id}/areas/new"),
                Some(&nh),
                &[("number", "1"), ("title", "Again")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("already in this plan"), "{page}");

        let edit = format!("/areas/{area_id}/edit");
        let (status, _, page) = app.get(&edit, Some(&nh)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("value=\"SP\"") && page.contains("Sam Patel (SP)"));
        let (status, headers, _) = app
            .post(
                &edit,
                Some(&nh),
                &[
                    ("number", "1"),
                    ("title", "Supervision"),
                    ("heading", ""),
                    ("issue", "Supervision was irregular."),
                    ("sources", "ILACS letter\r\n"),
                    ("aims", "Monthly supervision\r\n\r\nRecorded on file"),
                    ("success_criteria", "95% supervised monthly"),
                    ("owners", "SP"),
                    ("leads", "SP"),
                    ("leads", "KL"),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(&headers),
            format!("/plans/{plan_id}/areas/{area_id}?updated=area")
        );

        // An action, with leads, edited.
        let (status, headers, _) = app
            .post(
                &format!("/areas/{area_id}/actions/new"),
                Some(&nh),
                &[
                    ("number", "1"),
                    ("text", "Audit supervision files"),
                    ("due", "31/03/2027"),
                    ("leads", "SP"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let to = location(&headers);
        assert!(to.ends_with("?updated=action-added"), "{to}");
        let action_id: i64 = to
            .trim_start_matches("/actions/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let (status, _, page) = app.get(&to, Some(&nh)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("The action has been added") && page.contains("Sam Patel"),
            "{page}"
        );
        let (status, _, page) = app
            .get(&format!("/actions/{action_id}/edit"), Some(&nh))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("31&#x2f;03&#x2f;2027"), "{page}");
        let (status, headers, _) = app
            .post(
                &format!("/actions/{action_id}/edit"),
                Some(&nh),
                &[
                    ("number", "1"),
                    ("text", "Audit supervision files quarterly"),
                    ("due", "2027-04-30"),
                    ("leads", "SP"),
                    ("leads", "Kim Lee"),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(&headers),
            format!("/actions/{action_id}?updated=action")
        );

        // A milestone with a due date, added and then edited.
        let (status, _, page) = app
            .get(&format!("/actions/{action_id}/milestones"), Some(&nh))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("name=\"version\" value=\"2\""), "{page}");
        let (status, headers, _) = app
            .post(
                &format!("/actions/{action_id}/milestones"),
                Some(&nh),
                &[
                    ("text", "First audit done"),
                    ("due", "28/02/2027"),
                    ("version", "2"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(&headers),
            format!("/actions/{action_id}?updated=milestone-added")
        );
        let (_, _, page) = app.get(&location(&headers), Some(&nh)).await;
        assert!(
            page.contains("The milestone has been added") && page.contains("First audit done"),
            "{page}"
        );
        let plan = app.store.load_plan(plan_id).await.unwrap();
        let milestone_id = plan.areas[0].actions[0].milestones[0].id.unwrap();
        assert!(page.contains(&format!("/milestones/{milestone_id}/edit")));
        let (status, _, page) = app
            .get(&format!("/milestones/{milestone_id}/edit"), Some(&nh))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("28&#x2f;02&#x2f;2027"), "{page}");
        let (status, headers, _) = app
            .post(
                &format!("/milestones/{milestone_id}/edit"),
                Some(&nh),
                &[
                    ("text", "First audit done"),
                    ("due", "15/03/2027"),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(&headers),
            format!("/actions/{action_id}?updated=milestone")
        );

        // Everything is stored.
        let plan = app.store.load_plan(plan_id).await.unwrap();
        assert_eq!(plan.title, "Improvement plan 2027-28");
        assert_eq!(plan.origin_date, Some("2027-01-14".parse().unwrap()));
        assert_eq!(
            plan.people.iter().map(|p| p.key()).collect::<Vec<_>>(),
            ["SP", "KL"]
        );
        let area = &plan.areas[0];
        assert_eq!(area.aims, ["Monthly supervision", "Recorded on file"]);
        assert_eq!(area.sources, ["ILACS letter"]);
        assert_eq!(
            (area.owners.clone(), area.leads.clone()),
            (
                vec!["SP".to_string()],
                vec!["SP".to_string(), "KL".to_string()]
            )
        );
        let action = &area.actions[0];
        assert_eq!(action.text, "Audit supervision files quarterly");
        assert_eq!(action.due, Some("2027-04-30".parse().unwrap()));
        assert_eq!(action.leads, ["SP", "KL"]);
        assert_eq!(action.version, Some(3));
        let m = &action.milestones[0];
        assert_eq!(
            (m.text.as_str(), m.due, m.version),
            (
                "First audit done",
                Some("2027-03-15".parse().unwrap()),
                Some(2)
            )
        );

        // And every change is in the audit trail, with before and after.
        for (kind, before) in [
            ("plan.create", None),
            (
                "plan.update",
                Some("title=Improvement plan 2027; version=1"),
            ),
            ("person.create", None),
            ("area.create", None),
            ("area.update", None),
            ("action.create", None),
            (
                "action.update",
                Some("text=Audit supervision files; due=2027-03-31; leads=SP; version=1"),
            ),
            ("milestone.create", Some("action_version=2")),
            ("milestone.update", Some("due=2027-02-28; version=1")),
        ] {
            let e = &events(&app, kind).await[0];
            assert!(e.actor.contains("nh@example.org"), "{kind}: {e:?}");
            assert!(e.after_value.is_some(), "{kind}: {e:?}");
            if let Some(before) = before {
                assert_eq!(e.before_value.as_deref(), Some(before), "{kind}");
            }
        }
        let e = &events(&app, "area.update").await[0];
        assert!(
            e.before_value
                .as_deref()
                .unwrap()
                .contains("owners=; leads=; version=1")
                && e.after_value
                    .as_deref()
                    .unwrap()
                    .contains("owners=SP; leads=SP, KL; version=2"),
            "{e:?}"
        );
        assert_eq!(
            events(&app, "milestone.update").await[0]
                .after_value
                .as_deref(),
            Some("due=2027-03-15; version=2")
        );
    }

    #[tokio::test]
    async fn invalid_input_shows_the_error_summary_and_changes_nothing() {
        let app = App::new().await;
        let nh = signed_in(&app, "nh@example.org", "plan-owner", Some("NH")).await;
        let before = app.store.load_plan(1).await.unwrap();
        let area = &before.areas[1];
        let area_id = area.id.unwrap();
        let (status, _, page) = app
            .post(
                &format!("/areas/{area_id}/edit"),
                Some(&nh),
                &[
                    ("number", "1"),
                    ("title", ""),
                    ("owners", "ZZ"),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        for expected in [
            "govuk-error-summary",
            "href=\"#number\"",
            "href=\"#title\"",
            "href=\"#owners\"",
            "Area 1 is already in this plan",
            "Enter the area&#x27;s title",
            "govuk-form-group--error",
        ] {
            assert!(page.contains(expected), "{expected}: {page}");
        }
        let (action_id, _) = app.action_id("1", 0).await;
        let (status, _, page) = app
            .post(
                &format!("/actions/{action_id}/edit"),
                Some(&nh),
                &[
                    ("number", "1"),
                    ("text", " "),
                    ("due", "31/13/2010"),
                    ("leads", "ZZ"),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        for expected in [
            "href=\"#text\"",
            "href=\"#due\"",
            "href=\"#leads\"",
            "Enter the due date as a real date",
            "value=\"31&#x2f;13&#x2f;2010\"",
        ] {
            assert!(page.contains(expected), "{expected}: {page}");
        }
        let (status, _, page) = app
            .post(
                &format!("/actions/{action_id}/milestones"),
                Some(&nh),
                &[("text", ""), ("due", "soon"), ("version", "1")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            page.contains("Enter the milestone") && page.contains("href=\"#due\""),
            "{page}"
        );
        let (status, _, page) = app
            .post(&format!("/areas/{area_id}/actions/new"), Some(&nh), &[])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("Enter the action"), "{page}");
        let (status, _, page) = app
            .post("/plans/1/edit", Some(&nh), &[("title", "No version")])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("The form was incomplete"), "{page}");
        assert_eq!(app.store.load_plan(1).await.unwrap(), before);
        assert!(events(&app, "area.update").await.is_empty());
    }

    #[tokio::test]
    async fn a_stale_version_shows_the_conflict_page_and_changes_nothing() {
        let app = App::new().await;
        let nh = signed_in(&app, "nh@example.org", "plan-owner", Some("NH")).await;
        let (action_id, version) = app.action_id("1", 0).await;
        let v = version.to_string();
        let form = |text: &'static str, version: &str| {
            vec![
                ("number", "1".to_string()),
                ("text", text.to_string()),
                ("due", "14/09/2010".to_string()),
                ("leads", "RH".to_string()),
                ("version", version.to_string()),
            ]
        };
        let post = |f: Vec<(&'static str, String)>| {
            let app = &app;
            let nh = nh.clone();
            async move {
                let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post(&format!("/actions/{action_id}/edit"), Some(&nh), &pairs)
                    .await
            }
        };
        assert_eq!(
            post(form("Options paper, first draft", &v)).await.0,
            StatusCode::SEE_OTHER
        );
        let saved = app.store.load_plan(1).await.unwrap();
        let (status, _, page) = post(form("Options paper, final", &v)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let current = (version + 1).to_string();
        for expected in [
            "Someone else changed this action",
            "Options paper, first draft",
            "Options paper, final",
            "Save my change on top",
            &format!("name=\"version\" value=\"{current}\""),
            "name=\"text\" value=\"Options paper, final\"",
        ] {
            assert!(page.contains(expected), "{expected}: {page}");
        }
        assert_eq!(
            app.store.load_plan(1).await.unwrap(),
            saved,
            "nothing changed"
        );
        assert_eq!(
            post(form("Options paper, final", &current)).await.0,
            StatusCode::SEE_OTHER,
            "saved on top"
        );
        let plan = app.store.load_plan(1).await.unwrap();
        assert_eq!(plan.areas[0].actions[0].text, "Options paper, final");

        // The same for an area, the plan, a milestone, and adding a milestone.
        let area_id = plan.areas[0].id.unwrap();
        let area_form = [("number", "1"), ("title", "Changed"), ("version", "1")];
        assert_eq!(
            app.post(&format!("/areas/{area_id}/edit"), Some(&nh), &area_form)
                .await
                .0,
            StatusCode::SEE_OTHER
        );
        let (status, _, page) = app
            .post(
                &format!("/areas/{area_id}/edit"),
                Some(&nh),
                &[
                    ("number", "1"),
                    ("title", "Changed again"),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            page.contains("Someone else changed this area") && page.contains("Changed again"),
            "{page}"
        );
        let plan_form = |title: &'static str| {
            [
                ("title", title),
                ("organisation", "Brighton and Hove"),
                ("version", "1"),
            ]
        };
        assert_eq!(
            app.post("/plans/1/edit", Some(&nh), &plan_form("Renamed"))
                .await
                .0,
            StatusCode::SEE_OTHER
        );
        let (status, _, page) = app
            .post("/plans/1/edit", Some(&nh), &plan_form("Renamed again"))
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("Renamed again"), "{page}");
        let milestone_id = plan.areas[0].actions[0].milestones[0].id.unwrap();
        let ms = |text: &'static str| [("text", text), ("due", ""), ("version", "1")];
        assert_eq!(
            app.post(
                &format!("/milestones/{milestone_id}/edit"),
                Some(&nh),
                &ms("Reworded")
            )
            .await
            .0,
            StatusCode::SEE_OTHER
        );
        let (status, _, page) = app
            .post(
                &format!("/milestones/{milestone_id}/edit"),
                Some(&nh),
                &ms("Reworded again"),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            page.contains("Someone else changed this milestone"),
            "{page}"
        );
        let (status, _, page) = app
            .post(
                &format!("/actions/{action_id}/milestones"),
                Some(&nh),
                &[("text", "New step"), ("version", &v)],
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("New step"), "{page}");
        let after = app.store.load_plan(1).await.unwrap();
        assert_eq!(after.title, "Renamed");
        assert_eq!(after.areas[0].title, "Changed");
        assert_eq!(after.areas[0].actions[0].milestones[0].text, "Reworded");
        assert_eq!(
            after.areas[0].actions[0].milestones.len(),
            plan.areas[0].actions[0].milestones.len()
        );
    }

    #[tokio::test]
    async fn a_viewer_cannot_post_any_plan_edit() {
        let app = App::new().await;
        let viewer = signed_in(&app, "board@example.org", "viewer", None).await;
        let before = app.store.load_plan(1).await.unwrap();
        let area_id = before.areas[0].id.unwrap();
        let (action_id, _) = app.action_id("1", 0).await;
        let milestone_id = before.areas[0].actions[0].milestones[0].id.unwrap();
        let form = [
            ("title", "x"),
            ("organisation", "x"),
            ("number", "99"),
            ("text", "x"),
            ("person_name", "x"),
            ("version", "1"),
        ];
        for uri in [
            "/plans/new".to_string(),
            "/plans/1/edit".to_string(),
            "/plans/1/people".to_string(),
            "/plans/1/areas/new".to_string(),
            format!("/areas/{area_id}/edit"),
            format!("/areas/{area_id}/actions/new"),
            format!("/actions/{action_id}/edit"),
            format!("/actions/{action_id}/milestones"),
            format!("/milestones/{milestone_id}/edit"),
        ] {
            let (status, _, _) = app.post(&uri, Some(&viewer), &form).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{uri}");
        }
        assert_eq!(app.store.load_plan(1).await.unwrap(), before);
        assert_eq!(app.store.list_plans().await.unwrap().len(), 1);
        // The viewer sees no editing links.
        let (_, _, page) = app.get("/plans/1", Some(&viewer)).await;
        assert!(!page.contains("/plans/1/edit") && !page.contains("/areas/new"));
    }

    #[tokio::test]
    async fn an_action_lead_adds_milestones_to_their_own_actions_only() {
        let app = App::new().await;
        let rh = signed_in(&app, "rh@example.org", "action-lead", Some("RH")).await;
        let (own, own_version) = app.action_id("1", 0).await; // led by RH
        let (other, other_version) = app.action_id("3", 0).await; // led by AW
        let (_, _, page) = app.get(&format!("/actions/{own}"), Some(&rh)).await;
        assert!(page.contains(&format!("/actions/{own}/milestones")));
        assert!(
            !page.contains(&format!("/actions/{own}/edit")),
            "leads do not edit the action"
        );
        let (status, headers, _) = app
            .post(
                &format!("/actions/{own}/milestones"),
                Some(&rh),
                &[
                    ("text", "Options paper to senior managers"),
                    ("due", "30/11/2010"),
                    ("version", &own_version.to_string()),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(&headers),
            format!("/actions/{own}?updated=milestone-added")
        );
        let (status, _, _) = app
            .post(
                &format!("/actions/{other}/milestones"),
                Some(&rh),
                &[
                    ("text", "Not mine"),
                    ("version", &other_version.to_string()),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.get(&format!("/actions/{other}/milestones"), Some(&rh))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let plan = app.store.load_plan(1).await.unwrap();
        let other_milestone = plan.area("3").unwrap().actions[0].milestones[0].id.unwrap();
        let own_milestone = plan.area("1").unwrap().actions[0].milestones[0].id.unwrap();
        assert_eq!(
            app.post(
                &format!("/milestones/{other_milestone}/edit"),
                Some(&rh),
                &[("text", "Not mine"), ("version", "1")]
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.post(
                &format!("/milestones/{own_milestone}/edit"),
                Some(&rh),
                &[("text", "Mine, reworded"), ("version", "1")]
            )
            .await
            .0,
            StatusCode::SEE_OTHER
        );
        // Editing the action itself is for plan owners.
        assert_eq!(
            app.post(
                &format!("/actions/{own}/edit"),
                Some(&rh),
                &[("text", "x"), ("version", "2")]
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
        let after = app.store.load_plan(1).await.unwrap();
        assert_eq!(
            after.area("3").unwrap().actions[0],
            plan.area("3").unwrap().actions[0]
        );
        let mine = &after.area("1").unwrap().actions[0];
        assert_eq!(
            mine.milestones.last().unwrap().text,
            "Options paper to senior managers"
        );
        assert_eq!(mine.milestones[0].text, "Mine, reworded");
        let denied = events(&app, "permission.denied").await;
        assert!(
            denied
                .iter()
                .any(|e| e.object_type == "action" && e.object_id == Some(other.to_string())),
            "{denied:?}"
        );
    }
}

mod history_and_tls {
    use super::*;

    #[tokio::test]
    async fn an_action_page_shows_its_own_change_history() {
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
        let v = version.to_string();
        app.post(
            &format!("/actions/{action_id}/status"),
            Some(&cookie),
            &[("status", "Red"), ("reason", "Stalled"), ("version", &v)],
        )
        .await;
        let (_, _, page) = app
            .get(&format!("/actions/{action_id}"), Some(&cookie))
            .await;
        let history = page.split("Change history").nth(1).unwrap();
        assert!(
            history.contains("action.status")
                && history.contains("status=Green")
                && history.contains("status=Red"),
            "{history}"
        );
    }

    #[tokio::test]
    async fn behind_tls_cookies_are_secure_and_hsts_is_sent() {
        let db = testing::sqlite();
        let store = db.open().await.unwrap();
        let hash = assure_auth::hash_password("correct horse battery");
        let new = assure_store::NewUser {
            email: "v@example.org",
            name: "V",
            role: "viewer",
            person_key: None,
            password_hash: Some(&hash),
            setup_code_hash: None,
            setup_expires_at: None,
            by: "test",
        };
        store.create_user(&new, Utc::now()).await.unwrap();
        let tls = router(
            AppState::new(store.clone(), Arc::new(|| "2010-12-15".parse().unwrap())).with_tls(true),
        );
        let r = Request::post("/sign-in")
            .header(header::HOST, HOST)
            .header("sec-fetch-site", "same-origin")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(
                "email=v%40example.org&password=correct+horse+battery",
            ))
            .unwrap();
        let response = tls.clone().oneshot(r).await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert!(response.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("; Secure"));
        assert_eq!(
            response.headers()[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000; includeSubDomains"
        );
        let plain = App::new().await;
        let (_, headers, _) = plain.get("/sign-in", None).await;
        assert!(
            !headers.contains_key(header::STRICT_TRANSPORT_SECURITY),
            "no HSTS over plain HTTP"
        );
    }
}
