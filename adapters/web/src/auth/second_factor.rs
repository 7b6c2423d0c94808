//! A second factor: TOTP enrolment (with recovery codes) and the sign-in step that checks it.

use super::pages::{audit, client_address, urlencode};
use super::{safe_next, session_cookie, CurrentUser};
use crate::{AppError, AppState};
use assure_auth::TotpSecret;
use axum::extract::{Query, State};
use axum::http::{header, Extensions, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use minijinja::context;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    secret: String,
    next: Option<String>,
}

fn unix(state: &AppState) -> u64 {
    state.now().timestamp().max(0) as u64
}

/// Enrolment page: a new secret to type into an authenticator app, then a code to prove it.
pub async fn view_enrol(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<NextQuery>,
) -> Result<Html<String>, AppError> {
    let secret = TotpSecret::generate();
    render_enrol(
        &state,
        &user,
        &secret.to_base32(),
        &safe_next(q.next.as_deref()),
        None,
    )
}

fn render_enrol(
    state: &AppState,
    user: &CurrentUser,
    secret: &str,
    next: &str,
    error: Option<&str>,
) -> Result<Html<String>, AppError> {
    let uri = TotpSecret::from_base32(secret)
        .map(|s| s.otpauth_uri("Assure", &user.user.email))
        .unwrap_or_default();
    let grouped: Vec<String> = secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    crate::templates::render(
        &state.templates,
        "enrol.html",
        context! { secret, grouped => grouped.join(" "), uri, next, error, error_title => error.is_some(), enrolled => user.user.totp_secret.is_some() },
    )
    .map(Html)
}

pub async fn submit_enrol(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<CodeForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let Ok(secret) = TotpSecret::from_base32(form.secret.trim()) else {
        return Err(AppError::BadRequest(
            "The set-up key was not recognised. Start again.".into(),
        ));
    };
    let Some(step) = secret.verify(form.code.trim(), unix(&state), None) else {
        let html = render_enrol(
            &state,
            &user,
            form.secret.trim(),
            &next,
            Some("Enter the 6-digit code your authenticator app shows now"),
        )?;
        return Ok((StatusCode::BAD_REQUEST, html).into_response());
    };
    let codes = assure_auth::generate_recovery_codes();
    let hashes =
        serde_json::to_string(&codes.hashes).map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .set_totp(
            user.user.id,
            Some(&secret.to_base32()),
            &hashes,
            Some(step as i64),
        )
        .await?;
    let response = promote(&state, &user).await?;
    let html = crate::templates::render(
        &state.templates,
        "recovery_codes.html",
        context! { codes => codes.codes, next },
    )?;
    Ok(with_cookie(
        Html(html).into_response(),
        response,
        state.secure_cookies,
    ))
}

pub async fn view_verify(
    State(state): State<AppState>,
    Query(q): Query<NextQuery>,
) -> Result<Html<String>, AppError> {
    crate::templates::render(
        &state.templates,
        "second_factor.html",
        context! { next => safe_next(q.next.as_deref()), error => None::<String> },
    )
    .map(Html)
}

pub async fn submit_verify(
    State(state): State<AppState>,
    extensions: Extensions,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<CodeForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let now = state.now();
    let address = client_address(&extensions);
    let key = format!("totp:{}", user.user.email);
    if !state
        .throttle
        .lock()
        .expect("throttle lock")
        .check(now, &key, address)
        .is_allowed()
    {
        audit(
            &state,
            Some(user.user.id),
            &user.actor(),
            "second-factor.throttled",
            address,
            None,
        )
        .await?;
        return fail(&state, &next, StatusCode::TOO_MANY_REQUESTS);
    }
    let code = form.code.trim();
    let mut ok = false;
    if let Some(secret) = user
        .user
        .totp_secret
        .as_deref()
        .and_then(|s| TotpSecret::from_base32(s).ok())
    {
        let last = user.user.totp_last_step.map(|s| s as u64);
        if let Some(step) = secret.verify(code, unix(&state), last) {
            ok = state.store.use_totp_step(user.user.id, step as i64).await?;
        }
    }
    if !ok {
        let mut hashes: Vec<String> =
            serde_json::from_str(&user.user.recovery_hashes).unwrap_or_default();
        if assure_auth::use_recovery_code(code, &mut hashes) {
            let json =
                serde_json::to_string(&hashes).map_err(|e| AppError::Internal(e.to_string()))?;
            state.store.set_recovery_hashes(user.user.id, &json).await?;
            audit(
                &state,
                Some(user.user.id),
                &user.actor(),
                "second-factor.recovery-code",
                address,
                Some(format!("{} codes left", hashes.len())),
            )
            .await?;
            ok = true;
        }
    }
    if !ok {
        state
            .throttle
            .lock()
            .expect("throttle lock")
            .record_failure(now, &key, address);
        audit(
            &state,
            Some(user.user.id),
            &user.actor(),
            "second-factor.failed",
            address,
            None,
        )
        .await?;
        return fail(&state, &next, StatusCode::BAD_REQUEST);
    }
    audit(
        &state,
        Some(user.user.id),
        &user.actor(),
        "second-factor",
        address,
        None,
    )
    .await?;
    let promoted = promote(&state, &user).await?;
    Ok(with_cookie(
        Redirect::to(&next).into_response(),
        promoted,
        state.secure_cookies,
    ))
}

fn fail(state: &AppState, next: &str, status: StatusCode) -> Result<Response, AppError> {
    let html = crate::templates::render(
        &state.templates,
        "second_factor.html",
        context! { next, error => "Enter the code from your authenticator app, or a recovery code", error_title => true },
    )?;
    Ok((status, Html(html)).into_response())
}

/// A privilege change: a new session id with the second factor recorded.
async fn promote(state: &AppState, user: &CurrentUser) -> Result<String, AppError> {
    let now = state.now();
    if let Some(id) = user.session_id {
        state.store.end_session(id, now).await?;
    }
    let token = assure_auth::new_session_id();
    state
        .store
        .create_session(&assure_auth::token_hash(&token), user.user.id, now, true)
        .await?;
    Ok(token)
}

fn with_cookie(mut response: Response, token: String, secure: bool) -> Response {
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&session_cookie(&token, secure)).expect("cookie"),
    );
    response
}

pub fn enrol_path(next: &str) -> String {
    format!("/account/second-factor?next={}", urlencode(next))
}
