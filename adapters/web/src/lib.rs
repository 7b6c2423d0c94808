//! The web front end: server-rendered HTML following GOV.UK Design System patterns.
//!
//! Every page works without JavaScript. The app is a library: `router(state)` is what the
//! binary serves and what tests call in-process.

mod error;
mod headers;
mod pages;
mod performance;
mod static_files;
mod templates;

pub use error::AppError;

/// Page rendering without a server, for benchmarks.
pub mod render {
    pub use crate::pages::render_overview;
    pub use crate::templates::environment;
}

use assure_store::Store;
use axum::Router;
use chrono::NaiveDate;
use std::sync::Arc;

/// What "today" is, for overdue: the system date in service, a fixed one in tests.
pub type Today = Arc<dyn Fn() -> NaiveDate + Send + Sync>;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub today: Today,
    templates: Arc<minijinja::Environment<'static>>,
}

impl AppState {
    pub fn new(store: Store, today: Today) -> AppState {
        AppState {
            store,
            today,
            templates: Arc::new(templates::environment()),
        }
    }

    pub fn with_system_clock(store: Store) -> AppState {
        AppState::new(store, Arc::new(|| chrono::Local::now().date_naive()))
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(performance::routes())
        .merge(static_files::routes())
        .fallback(error::not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn(headers::security_headers))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024 * 1024))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
