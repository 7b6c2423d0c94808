//! One error type for the web layer: a GOV.UK-style error page, never internals.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// Signed in, but not allowed (the refusal is in the audit trail).
    Forbidden,
    /// Someone else changed the thing first; the message says what to do.
    Conflict(String),
    BadRequest(String),
    Unavailable(String),
    Internal(String),
}

impl From<assure_store::StoreError> for AppError {
    fn from(e: assure_store::StoreError) -> Self {
        match e {
            assure_store::StoreError::NotFound { .. } => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<assure_report::ReportError> for AppError {
    fn from(e: assure_report::ReportError) -> Self {
        match e {
            assure_report::ReportError::NoChromium => AppError::Unavailable(e.to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, body) = match &self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "If you typed the web address, check it is correct.".to_string(),
            ),
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, "There is a problem", m.clone()),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "You cannot do this",
                "Your account's role does not allow this. Ask your administrator if you need it."
                    .to_string(),
            ),
            AppError::Conflict(m) => (
                StatusCode::CONFLICT,
                "Someone else changed this first",
                m.clone(),
            ),
            AppError::Unavailable(m) => {
                (StatusCode::SERVICE_UNAVAILABLE, "Not available", m.clone())
            }
            AppError::Internal(m) => {
                tracing::error!(error = %m, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Sorry, there is a problem with the service",
                    "Try again later.".to_string(),
                )
            }
        };
        (status, Html(crate::templates::error_page(title, &body))).into_response()
    }
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
