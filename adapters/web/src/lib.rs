//! The web front end: server-rendered HTML following GOV.UK Design System patterns.
//!
//! Every page works without JavaScript. The app is a library: `router(state)` is what the
//! binary serves and what tests call in-process.

pub mod access;
mod account;
mod admin;
pub mod api;
pub mod auth;
mod csrf;
mod datasets;
mod editing;
mod error;
mod headers;
mod pages;
mod performance;
mod plan_editing;
pub mod routes;
mod static_files;
mod templates;
mod viewer;

pub use admin::audit_csv;
pub use error::AppError;

/// Page rendering without a server, for benchmarks.
pub mod render {
    pub use crate::pages::render_overview;
    pub use crate::templates::environment;
}

use assure_access::{SessionPolicy, Throttle, ThrottleConfig};
use assure_store::Store;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// What "today" is, for overdue: the system date in service, a fixed one in tests.
pub type Today = Arc<dyn Fn() -> NaiveDate + Send + Sync>;
/// The current time, for sessions and throttling: the system clock, or a test's.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub today: Today,
    pub clock: Clock,
    pub session_policy: SessionPolicy,
    /// Mark the session cookie `Secure` (set when Assure is served over TLS).
    pub secure_cookies: bool,
    pub throttle: Arc<Mutex<Throttle>>,
    /// Single sign-on with the council's identity provider, when configured.
    pub oidc: Option<Arc<auth::oidc::OidcConfig>>,
    templates: Arc<minijinja::Environment<'static>>,
}

impl AppState {
    pub fn new(store: Store, today: Today) -> AppState {
        AppState {
            store,
            today,
            clock: Arc::new(Utc::now),
            session_policy: SessionPolicy::default(),
            secure_cookies: false,
            throttle: Arc::new(Mutex::new(Throttle::new(ThrottleConfig::default()))),
            oidc: None,
            templates: Arc::new(templates::environment()),
        }
    }

    pub fn with_system_clock(store: Store) -> AppState {
        AppState::new(store, Arc::new(|| chrono::Local::now().date_naive()))
    }

    /// Behind a TLS front end: `Secure` session cookies and HSTS.
    pub fn with_tls(mut self, tls: bool) -> AppState {
        self.secure_cookies = tls;
        self
    }

    /// Session limits other than the defaults (30 minutes idle, 12 hours in all).
    pub fn with_session_policy(mut self, policy: SessionPolicy) -> AppState {
        self.session_policy = policy;
        self
    }

    pub fn with_clock(mut self, clock: Clock) -> AppState {
        self.clock = clock;
        self
    }

    pub fn with_oidc(mut self, oidc: Arc<auth::oidc::OidcConfig>) -> AppState {
        self.oidc = Some(oidc);
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }
}

pub fn router(state: AppState) -> Router {
    let tls = state.secure_cookies;
    // Group the table by path so each method carries its own guard.
    let mut by_path: BTreeMap<&'static str, axum::routing::MethodRouter<AppState>> =
        BTreeMap::new();
    for route in routes::table() {
        let guarded = route
            .handler
            .route_layer(from_fn_with_state(state.clone(), {
                let access = route.access;
                move |axum::extract::State(s): axum::extract::State<AppState>, req, next| {
                    access::guard(s, access, req, next)
                }
            }));
        let entry = by_path
            .remove(route.path)
            .map_or(guarded.clone(), |existing| existing.merge(guarded));
        by_path.insert(route.path, entry);
    }
    let mut app = Router::new();
    for (path, handler) in by_path {
        app = app.route(path, handler);
    }
    app.merge(static_files::routes())
        .fallback(error::not_found)
        .layer(from_fn(viewer::scope))
        .layer(from_fn_with_state(state.clone(), auth::session_layer))
        .layer(from_fn(csrf::protect))
        .with_state(state)
        .layer(from_fn(move |req, next| {
            headers::security_headers(tls, req, next)
        }))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
