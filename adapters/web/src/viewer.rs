//! The signed-in user, available to templates for the header (name, sign-out button) and
//! the session-timeout warning, without threading it through every handler.

use crate::auth::CurrentUser;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
    pub role: String,
    pub idle_seconds: i64,
    pub via_token: bool,
}

tokio::task_local! {
    static VIEWER: Option<Viewer>;
}

pub async fn scope(request: Request, next: Next) -> Response {
    let viewer = request.extensions().get::<CurrentUser>().map(|u| Viewer {
        name: u.user.name.clone(),
        email: u.user.email.clone(),
        role: u.role.to_string(),
        idle_seconds: u.idle_seconds_left,
        via_token: u.via_token,
    });
    VIEWER.scope(viewer, next.run(request)).await
}

/// The template function `viewer()`.
pub fn current() -> minijinja::Value {
    VIEWER
        .try_with(|v| v.clone())
        .ok()
        .flatten()
        .map(|v| minijinja::Value::from(minijinja::value::Serde(v)))
        .unwrap_or(minijinja::Value::from(()))
}
