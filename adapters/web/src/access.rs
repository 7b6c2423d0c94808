//! Deny by default: every route declares what it needs, and this guard enforces it before
//! the handler runs. Object-level checks (an action lead and their own actions) are made in
//! the handlers, which know the object.

use crate::auth::{pages::client_address, CurrentUser, ExpiredSession};
use crate::{AppError, AppState};
use assure_access::{may_hold, Permission};
use assure_store::AuditEvent;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in page, stylesheet, accessibility statement).
    Public,
    /// Any signed-in user (sign out, keep-alive, own account).
    SignedIn,
    /// A permission from the role matrix.
    Requires(Permission),
}

impl Access {
    pub fn describe(self) -> String {
        match self {
            Access::Public => "public".into(),
            Access::SignedIn => "signed-in".into(),
            Access::Requires(p) => p.slug().into(),
        }
    }
}

pub async fn guard(state: AppState, access: Access, request: Request, next: Next) -> Response {
    match check(&state, access, request).await {
        Ok(request) => next.run(request).await,
        Err(response) => response,
    }
}

async fn check(state: &AppState, access: Access, request: Request) -> Result<Request, Response> {
    if access == Access::Public {
        return Ok(request);
    }
    let api = request.uri().path().starts_with("/api/");
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return Err(unauthenticated(state, request, api).await);
    };
    let Access::Requires(permission) = access else {
        return Ok(request);
    };
    let address = client_address(request.extensions());
    if !may_hold(user.role, permission) {
        let event = AuditEvent {
            actor_user_id: Some(user.user.id),
            actor: user.actor(),
            action: "permission.denied".into(),
            object_type: "route".into(),
            object_id: Some(format!("{} {}", request.method(), request.uri().path())),
            address: Some(address.to_string()),
            detail: Some(format!("role {} lacks {}", user.role, permission.slug())),
            ..AuditEvent::default()
        };
        let _ = state.store.record(&event, state.now()).await;
        return Err(forbidden(api));
    }
    if permission.needs_second_factor() && !user.second_factor && !user.via_token {
        let next = request.uri().path().to_string();
        let target = if user.user.totp_secret.is_some() {
            format!(
                "/sign-in/second-factor?next={}",
                crate::auth::pages::urlencode(&next)
            )
        } else {
            crate::auth::second_factor::enrol_path(&next)
        };
        return Err(if api {
            forbidden(api)
        } else {
            Redirect::to(&target).into_response()
        });
    }
    if permission.needs_recent_auth()
        && !state
            .session_policy
            .is_recent(user.authenticated_at, state.now())
    {
        let next = request.uri().path().to_string();
        return Err(Redirect::to(&format!(
            "/sign-in?next={}",
            crate::auth::pages::urlencode(&next)
        ))
        .into_response());
    }
    Ok(request)
}

fn forbidden(api: bool) -> Response {
    if api {
        (StatusCode::FORBIDDEN, axum::Json(serde_json::json!({"error": "forbidden", "message": "Your role does not allow this."}))).into_response()
    } else {
        let mut r = AppError::Forbidden.into_response();
        *r.status_mut() = StatusCode::FORBIDDEN;
        r
    }
}

/// Not signed in: the API answers 401; a page sends the user to sign in and back again.
/// If a form was posted on a session that had just expired, its input is kept as a draft
/// and offered again after signing in (WCAG 2.2.1, and no lost work).
async fn unauthenticated(state: &AppState, request: Request, api: bool) -> Response {
    if api {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            axum::Json(serde_json::json!({"error": "unauthenticated"})),
        )
            .into_response();
    }
    let path = request.uri().path().to_string();
    let expired = request.extensions().get::<ExpiredSession>().copied();
    if request.method() == Method::POST {
        if let Some(ExpiredSession { user_id }) = expired {
            let body = axum::body::to_bytes(request.into_body(), 256 * 1024)
                .await
                .unwrap_or_default();
            let fields: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&body).unwrap_or_default();
            let fields: Vec<(String, String)> = fields
                .into_iter()
                .filter(|(k, _)| k != "password")
                .collect();
            if let Ok(json) = serde_json::to_string(&fields) {
                let _ = state
                    .store
                    .save_draft(user_id, &path, &json, state.now())
                    .await;
            }
        }
        let _ = Body::empty();
    }
    let target = if expired.is_some() {
        format!(
            "/sign-in?expired=1&next={}",
            crate::auth::pages::urlencode(&path)
        )
    } else {
        format!("/sign-in?next={}", crate::auth::pages::urlencode(&path))
    };
    Redirect::to(&target).into_response()
}
