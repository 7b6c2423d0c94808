//! The compiled GOV.UK Frontend stylesheet, built into the binary so the demo needs no
//! Node.js on the machine that runs it (frontend/build.sh rebuilds it).

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const ASSURE_CSS: &[u8] = include_bytes!("../static/assure.css");

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assure.css", get(stylesheet))
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
