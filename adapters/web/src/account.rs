//! Your account: second factor and personal API tokens.

use crate::auth::CurrentUser;
use crate::{AppError, AppState};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use minijinja::context;
use serde::Deserialize;

pub async fn view_account(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Html<String>, AppError> {
    let tokens: Vec<_> = state
        .store
        .api_tokens(user.user.id)
        .await?
        .into_iter()
        .map(|t| context! { id => t.id, label => t.label, created => t.created_at.format("%d/%m/%Y %H:%M").to_string(), last_used => t.last_used_at.map(|d| d.format("%d/%m/%Y %H:%M").to_string()), revoked => t.revoked_at.is_some() })
        .collect();
    render(&state, &user, tokens, None)
}

fn render(
    state: &AppState,
    user: &CurrentUser,
    tokens: Vec<minijinja::Value>,
    new_token: Option<String>,
) -> Result<Html<String>, AppError> {
    crate::templates::render(
        &state.templates,
        "account.html",
        context! { name => user.user.name.clone(), email => user.user.email.clone(), role => user.role.to_string(), person => user.user.person_key.clone(), second_factor => user.user.totp_secret.is_some(), tokens, new_token },
    )
    .map(Html)
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    label: String,
}

/// Creates a personal API token and shows it once; only its hash is kept.
pub async fn create_token(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let label = if form.label.trim().is_empty() {
        "API token".to_string()
    } else {
        form.label.trim().chars().take(100).collect()
    };
    let token = assure_auth::new_api_token();
    state
        .store
        .create_api_token(user.user.id, &label, &token.hash, state.now())
        .await?;
    let tokens = vec![];
    Ok(render(&state, &user, tokens, Some(token.token.clone()))?.into_response())
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(token_id): Path<i64>,
) -> Result<Response, AppError> {
    state
        .store
        .revoke_api_token(token_id, user.user.id, state.now())
        .await?;
    Ok(Redirect::to("/account").into_response())
}
