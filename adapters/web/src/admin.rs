//! Administration: accounts, and the audit trail (browse, filter, export as CSV).

use crate::auth::CurrentUser;
use crate::{AppError, AppState};
use assure_access::Role;
use assure_store::{AuditFilter, NewUser};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Form};
use minijinja::context;
use serde::Deserialize;
use std::str::FromStr;

pub async fn view_users(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    render_users(&state, &[], None, None).await
}

async fn render_users(
    state: &AppState,
    errors: &[(&str, String)],
    created: Option<(String, String)>,
    form: Option<&UserForm>,
) -> Result<Html<String>, AppError> {
    let users: Vec<_> = state
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|u| context! { email => u.email, name => u.name, role => u.role, person => u.person_key, second_factor => u.totp_secret.is_some(), active => u.password_hash.is_some(), disabled => u.disabled })
        .collect();
    let roles: Vec<_> = Role::ALL
        .iter()
        .map(|r| context! { slug => r.to_string(), label => r.label() })
        .collect();
    crate::templates::render(
        &state.templates,
        "admin_users.html",
        context! { users, errors => minijinja::value::Serde(errors), error_title => !errors.is_empty(), created, roles, form => form.map(|f| context! { email => f.email.clone(), name => f.name.clone(), role => f.role.clone(), person => f.person.clone() }) },
    )
    .map(Html)
}

#[derive(Deserialize, Clone)]
pub struct UserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    person: String,
}

/// Adds an account and shows its one-time set-up code once.
pub async fn create_user(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    let mut errors: Vec<(&str, String)> = vec![];
    if !form.email.contains('@') || form.email.trim().len() < 3 {
        errors.push((
            "email",
            "Enter an email address in the correct format, like name@example.org".into(),
        ));
    }
    if form.name.trim().is_empty() {
        errors.push(("name", "Enter the person's name".into()));
    }
    if Role::from_str(&form.role).is_err() {
        errors.push(("role", "Select a role".into()));
    }
    if errors.is_empty() {
        let code = assure_auth::new_session_id();
        let person = Some(form.person.trim()).filter(|p| !p.is_empty());
        let new = NewUser {
            email: &form.email,
            name: &form.name,
            role: &form.role,
            person_key: person,
            password_hash: None,
            setup_code_hash: Some(&assure_auth::token_hash(&code)),
            setup_expires_at: Some(state.now() + chrono::TimeDelta::days(7)),
            by: &admin.actor(),
        };
        match state.store.create_user(&new, state.now()).await {
            Ok(_) => {
                return Ok(render_users(
                    &state,
                    &[],
                    Some((form.email.trim().to_lowercase(), code)),
                    None,
                )
                .await?
                .into_response())
            }
            Err(assure_store::StoreError::Invalid(m)) => errors.push(("email", m)),
            Err(e) => return Err(e.into()),
        }
    }
    Ok((
        StatusCode::BAD_REQUEST,
        render_users(&state, &errors, None, Some(&form)).await?,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    object_type: Option<String>,
    object_id: Option<String>,
}

impl AuditQuery {
    fn filter(&self, limit: Option<i64>) -> AuditFilter {
        let some = |s: &Option<String>| {
            s.as_ref()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        AuditFilter {
            actor: some(&self.actor),
            action: some(&self.action),
            object_type: some(&self.object_type),
            object_id: some(&self.object_id),
            from: None,
            to: None,
            limit,
        }
    }
}

pub async fn view_audit(
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    let events: Vec<_> = state
        .store
        .audit_events(&q.filter(Some(500)))
        .await?
        .into_iter()
        .map(|e| context! { at => e.at.format("%d/%m/%Y %H:%M:%S").to_string(), actor => e.actor, action => e.action, object => format!("{} {}", e.object_type, e.object_id.unwrap_or_default()), before => e.before_value, after => e.after_value, address => e.address, detail => e.detail })
        .collect();
    crate::templates::render(
        &state.templates,
        "admin_audit.html",
        context! { events, q => context! { actor => q.actor, action => q.action, object_type => q.object_type, object_id => q.object_id } },
    )
    .map(Html)
}

/// The trail as CSV (formula-safe). Exporting it is itself recorded.
pub async fn export_audit(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let events = state.store.audit_events(&q.filter(None)).await?;
    let out = audit_csv(&events);
    let event = assure_store::AuditEvent {
        actor_user_id: Some(admin.user.id),
        actor: admin.actor(),
        action: "audit.export".into(),
        object_type: "audit_events".into(),
        detail: Some(format!("rows={}", events.len())),
        ..Default::default()
    };
    state.store.record(&event, state.now()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-trail.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        out,
    )
        .into_response())
}

/// The audit trail as CSV, one row per event in the order given; every text cell formula-safe.
/// The web export and `assure audit export` both write this.
pub fn audit_csv<'a>(events: impl IntoIterator<Item = &'a assure_store::AuditRecord>) -> String {
    let mut out =
        String::from("id,at,actor,action,object_type,object_id,before,after,address,detail\r\n");
    for e in events {
        let cells = [
            e.id.to_string(),
            e.at.to_rfc3339(),
            e.actor.clone(),
            e.action.clone(),
            e.object_type.clone(),
            e.object_id.clone().unwrap_or_default(),
            e.before_value.clone().unwrap_or_default(),
            e.after_value.clone().unwrap_or_default(),
            e.address.clone().unwrap_or_default(),
            e.detail.clone().unwrap_or_default(),
        ];
        out.push_str(&assure_report::csv::line(&cells));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::audit_csv;
    use assure_store::AuditRecord;

    #[test]
    fn audit_csv_keeps_order_and_defuses_cells_a_spreadsheet_would_run() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z")
            .unwrap()
            .into();
        let record = |id, actor: &str, detail: Option<&str>| AuditRecord {
            id,
            at,
            actor_user_id: None,
            actor: actor.into(),
            action: "plan.edit".into(),
            object_type: "plan".into(),
            object_id: Some("1".into()),
            before_value: None,
            after_value: Some("a, b".into()),
            address: None,
            detail: detail.map(Into::into),
        };
        let csv = audit_csv(&[
            record(2, "=cmd|' /C calc'!A0", None),
            record(1, "NH", Some("@SUM(1)")),
        ]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "id,at,actor,action,object_type,object_id,before,after,address,detail"
        );
        assert_eq!(
            lines[1],
            "2,2026-11-26T10:00:00+00:00,'=cmd|' /C calc'!A0,plan.edit,plan,1,,\"a, b\",,"
        );
        assert_eq!(
            lines[2],
            "1,2026-11-26T10:00:00+00:00,NH,plan.edit,plan,1,,\"a, b\",,'@SUM(1)"
        );
        assert_eq!(lines[3], "");
    }
}
