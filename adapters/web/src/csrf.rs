//! Cross-site request forgery: a state-changing request authenticated by cookie must come
//! from our own pages. Browsers say where a request came from in `Sec-Fetch-Site` (and
//! `Origin`); anything cross-site, or with neither header, is refused. Requests carrying a
//! bearer token have no ambient credentials and are not at risk.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn protect(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || has_bearer(&request)
    {
        return next.run(request).await;
    }
    match verdict(&request) {
        Ok(()) => next.run(request).await,
        Err(why) => {
            tracing::warn!(reason = why, path = %request.uri().path(), "cross-site request refused");
            let mut r = crate::AppError::Forbidden.into_response();
            *r.status_mut() = StatusCode::FORBIDDEN;
            r
        }
    }
}

fn has_bearer(request: &Request) -> bool {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "))
}

fn verdict(request: &Request) -> Result<(), &'static str> {
    let h = request.headers();
    // Fetch Metadata first: browsers that send it say exactly where the request came from.
    // (With a no-referrer policy a same-origin form may carry `Origin: null`, so the origin
    // is only the fallback for browsers that do not send Sec-Fetch-Site.)
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return if matches!(site, "same-origin" | "none") {
            Ok(())
        } else {
            Err("Sec-Fetch-Site is not same-origin")
        };
    }
    match h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => {
            let host = h
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let without_scheme = origin.split_once("://").map_or("", |(_, rest)| rest);
            if !host.is_empty() && without_scheme.eq_ignore_ascii_case(host) {
                Ok(())
            } else {
                Err("Origin does not match the host")
            }
        }
        None => Err("neither Sec-Fetch-Site nor Origin was sent"),
    }
}
