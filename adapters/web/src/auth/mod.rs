//! Who is asking: a server-side session (cookie) or a personal API token (bearer).
//!
//! The session middleware runs on every request and leaves a `CurrentUser` in the request
//! extensions when the request is authenticated; the access guard (`crate::access`) decides
//! what that user may do.

pub mod oidc;
pub mod pages;
pub mod second_factor;

use crate::AppState;
use assure_access::{Role, SessionState, Subject};
use assure_store::User;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Utc};
use std::str::FromStr;

pub const SESSION_COOKIE: &str = "assure_session";

/// The authenticated user of this request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub role: Role,
    pub session_id: Option<i64>,
    pub authenticated_at: DateTime<Utc>,
    pub second_factor: bool,
    pub via_token: bool,
    /// Seconds before the idle timeout, for the timeout warning.
    pub idle_seconds_left: i64,
}

/// Set when a request carried a session that has just expired (for keeping form drafts).
#[derive(Debug, Clone, Copy)]
pub struct ExpiredSession {
    pub user_id: i64,
}

impl CurrentUser {
    pub fn subject(&self) -> Subject {
        Subject {
            user_id: self.user.id,
            role: self.role,
            person_key: self.user.person_key.clone(),
        }
    }

    /// Who, in the words the history and the audit trail use.
    pub fn actor(&self) -> String {
        format!("{} <{}>", self.user.name, self.user.email)
    }
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

pub async fn session_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let now = state.now();
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let cookie = cookie_value(headers, SESSION_COOKIE);
    if let Some(token) = bearer {
        if let Ok(Some(row)) = state
            .store
            .use_api_token(&assure_auth::token_hash(&token), now)
            .await
        {
            if let Ok(Some(user)) = state.store.user_by_id(row.user_id).await {
                if let Some(current) = current(user, None, now, false, true, 0) {
                    request.extensions_mut().insert(current);
                }
            }
        }
    } else if let Some(token) = cookie {
        if let Ok(Some(session)) = state.store.session(&assure_auth::token_hash(&token)).await {
            if session.ended_at.is_none() {
                match state
                    .session_policy
                    .state(session.created_at, session.last_seen_at, now)
                {
                    SessionState::ExpiredIdle | SessionState::ExpiredAbsolute => {
                        let _ = state.store.end_session(session.id, now).await;
                        request.extensions_mut().insert(ExpiredSession {
                            user_id: session.user_id,
                        });
                    }
                    _ => {
                        if let Ok(Some(user)) = state.store.user_by_id(session.user_id).await {
                            // Keep-alive writes are skipped for requests within a minute of the last.
                            if (now - session.last_seen_at).num_seconds() >= 60 {
                                let _ = state.store.touch_session(session.id, now).await;
                            }
                            let left = state.session_policy.idle.num_seconds();
                            if let Some(c) = current(
                                user,
                                Some(session.id),
                                session.authenticated_at,
                                session.second_factor,
                                false,
                                left,
                            ) {
                                request.extensions_mut().insert(c);
                            }
                        }
                    }
                }
            }
        }
    }
    next.run(request).await
}

fn current(
    user: User,
    session_id: Option<i64>,
    authenticated_at: DateTime<Utc>,
    second_factor: bool,
    via_token: bool,
    idle_left: i64,
) -> Option<CurrentUser> {
    if user.disabled {
        return None;
    }
    let role = Role::from_str(&user.role).ok()?;
    Some(CurrentUser {
        user,
        role,
        session_id,
        authenticated_at,
        second_factor,
        via_token,
        idle_seconds_left: idle_left,
    })
}

/// A path to return to after signing in: only local paths, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.contains("://") =>
        {
            p.to_string()
        }
        _ => "/".to_string(),
    }
}
