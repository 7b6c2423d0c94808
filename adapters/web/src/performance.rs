//! Performance pages: indicator tiles, run charts, the S47 → ICPC → CP plan funnel,
//! breakdowns by team, comparators. (Being built: see the performance dashboard work.)

use crate::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
}
