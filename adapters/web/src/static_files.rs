//! The compiled GOV.UK Frontend stylesheet, built into the binary so the demo needs no
//! Node.js on the machine that runs it (frontend/build.sh rebuilds it).

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const ASSURE_CSS: &[u8] = include_bytes!("../static/assure.css");
const SESSION_TIMEOUT_JS: &[u8] = include_bytes!("../static/session-timeout.js");

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/assure.css", get(stylesheet))
        .route("/session-timeout.js", get(session_script))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        ASSURE_CSS,
    )
}

async fn session_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SESSION_TIMEOUT_JS,
    )
}
