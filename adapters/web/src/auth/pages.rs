//! Signing in and out, setting a first password, and keeping a session alive.

use super::{clear_session_cookie, safe_next, session_cookie, CurrentUser};
use crate::{AppError, AppState};
use assure_access::{PasswordPolicy, ThrottleDecision};
use assure_store::AuditEvent;
use axum::extract::{Query, State};
use axum::http::{header, Extensions, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use minijinja::context;
use serde::Deserialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// One message for every failed sign-in, so nothing tells which accounts exist.
pub const SIGN_IN_FAILED: &str = "Enter a correct email address and password";

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub fn client_address(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
}

pub async fn view_sign_in(
    State(state): State<AppState>,
    Query(q): Query<NextQuery>,
) -> Result<Html<String>, AppError> {
    render_sign_in(&state, "", &safe_next(q.next.as_deref()), None, false)
}

fn render_sign_in(
    state: &AppState,
    email: &str,
    next: &str,
    error: Option<&str>,
    expired: bool,
) -> Result<Html<String>, AppError> {
    crate::templates::render(
        &state.templates,
        "sign_in.html",
        context! { email, next, error, error_title => error.is_some(), expired, oidc => state.oidc.is_some() },
    )
    .map(Html)
}

pub async fn submit_sign_in(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let now = state.now();
    let address = client_address(&extensions);
    let email = form.email.trim().to_lowercase();
    let next = safe_next(form.next.as_deref());
    let decision = state
        .throttle
        .lock()
        .expect("throttle lock")
        .check(now, &email, address);
    if let ThrottleDecision::Refused { .. } = decision {
        audit(&state, None, &email, "sign-in.throttled", address, None).await?;
        let mut response = (
            StatusCode::TOO_MANY_REQUESTS,
            render_sign_in(&state, &email, &next, Some(SIGN_IN_FAILED), false)?,
        )
            .into_response();
        if let Some(secs) = decision.retry_after_secs() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        return Ok(response);
    }
    let user = state.store.user_by_email(&email).await?;
    let verified = match user
        .as_ref()
        .and_then(|u| u.password_hash.as_deref().map(|h| (u, h)))
    {
        Some((u, hash)) if !u.disabled => assure_auth::verify_password(&form.password, hash),
        _ => assure_auth::verify_dummy(&form.password),
    };
    let Some(user) = user.filter(|u| verified.ok && !u.disabled) else {
        state
            .throttle
            .lock()
            .expect("throttle lock")
            .record_failure(now, &email, address);
        audit(&state, None, &email, "sign-in.failed", address, None).await?;
        return Ok((
            StatusCode::BAD_REQUEST,
            render_sign_in(&state, &email, &next, Some(SIGN_IN_FAILED), false)?,
        )
            .into_response());
    };
    state
        .throttle
        .lock()
        .expect("throttle lock")
        .record_success(now, &email, address);
    if verified.needs_rehash {
        let hash = assure_auth::hash_password(&form.password);
        state
            .store
            .set_password_hash(user.id, &hash, &email, "re-hashed at the current policy")
            .await?;
    }
    // A new session id at every sign-in: a cookie planted before sign-in is never promoted.
    if let Some(old) = super::cookie_value(&headers, super::SESSION_COOKIE) {
        if let Ok(Some(s)) = state.store.session(&assure_auth::token_hash(&old)).await {
            state.store.end_session(s.id, now).await?;
        }
    }
    let token = assure_auth::new_session_id();
    state
        .store
        .create_session(&assure_auth::token_hash(&token), user.id, now, false)
        .await?;
    audit(
        &state,
        Some(user.id),
        &format!("{} <{}>", user.name, user.email),
        "sign-in",
        address,
        None,
    )
    .await?;
    let target = if user.totp_secret.is_some() {
        format!("/sign-in/second-factor?next={}", urlencode(&next))
    } else {
        next
    };
    let mut response = Redirect::to(&target).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&session_cookie(&token, state.secure_cookies)).expect("cookie"),
    );
    Ok(response)
}

pub async fn sign_out(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    if let Some(id) = user.session_id {
        state.store.end_session(id, state.now()).await?;
    }
    audit(
        &state,
        Some(user.user.id),
        &user.actor(),
        "sign-out",
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        None,
    )
    .await?;
    let mut response = Redirect::to("/sign-in").into_response();
    let h = response.headers_mut();
    h.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&clear_session_cookie(state.secure_cookies)).expect("cookie"),
    );
    h.insert(
        "clear-site-data",
        HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
    );
    Ok(response)
}

/// "Stay signed in": any authenticated request refreshes the session; this one says so.
pub async fn keep_alive(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    if let Some(id) = user.session_id {
        state.store.touch_session(id, state.now()).await?;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
pub struct SetPasswordForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn view_set_password(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    crate::templates::render(
        &state.templates,
        "set_password.html",
        context! { errors => Vec::<(String, String)>::new() },
    )
    .map(Html)
}

pub async fn submit_set_password(
    State(state): State<AppState>,
    Form(form): Form<SetPasswordForm>,
) -> Result<Response, AppError> {
    let now = state.now();
    let mut errors: Vec<(&str, String)> = vec![];
    let user = state
        .store
        .user_by_setup_code(&assure_auth::token_hash(form.code.trim()), now)
        .await?;
    if user.is_none() {
        errors.push(("code", "Enter the set-up code you were given; it may have expired (ask your administrator for a new one)".into()));
    }
    let context_words = ["assure", "children", "social", "council"];
    if let Err(problem) = PasswordPolicy::default().check(&form.password, &context_words) {
        errors.push(("password", problem.to_string()));
    } else if form.password != form.confirm {
        errors.push(("confirm", "Enter the same password twice".into()));
    }
    match (user, errors.is_empty()) {
        (Some(user), true) => {
            let hash = assure_auth::hash_password(&form.password);
            state
                .store
                .set_password_hash(
                    user.id,
                    &hash,
                    &format!("{} <{}>", user.name, user.email),
                    "first password set with a one-time code",
                )
                .await?;
            Ok(Redirect::to("/sign-in").into_response())
        }
        _ => {
            let html = crate::templates::render(
                &state.templates,
                "set_password.html",
                context! { errors => minijinja::value::Serde(&errors), error_title => true },
            )?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

pub async fn audit(
    state: &AppState,
    user_id: Option<i64>,
    actor: &str,
    action: &str,
    address: IpAddr,
    detail: Option<String>,
) -> Result<(), AppError> {
    let event = AuditEvent {
        actor_user_id: user_id,
        actor: actor.to_string(),
        action: action.to_string(),
        object_type: "session".into(),
        address: Some(address.to_string()),
        detail,
        ..AuditEvent::default()
    };
    state.store.record(&event, state.now()).await?;
    Ok(())
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
