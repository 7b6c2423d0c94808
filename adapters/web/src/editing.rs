//! Editing an action in the browser: status with a reason, dated evaluation entries,
//! milestones. Every form is POST → redirect → GET, carries the row version, and a stale
//! save shows a conflict page instead of overwriting someone else's change.

use crate::auth::CurrentUser;
use crate::{AppError, AppState};
use assure_access::{allows, Permission, Resource};
use assure_plan::{Action, Plan, Status};
use assure_store::{ActionEdit, StatusEdit, StoreError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use minijinja::context;
use serde::Deserialize;

/// The action, its plan, and whether this user may update it (leads and plan owners).
async fn load_for_update(
    state: &AppState,
    user: &CurrentUser,
    action_id: i64,
) -> Result<(Plan, Action), AppError> {
    let plan_id = state.store.plan_of_action(action_id).await?;
    let plan = state.store.load_plan(plan_id).await?;
    let action = plan
        .actions()
        .find(|(_, a)| a.id == Some(action_id))
        .map(|(_, a)| a.clone())
        .ok_or(AppError::NotFound)?;
    let resource = Resource::Action {
        leads: action.leads.clone(),
    };
    if !allows(&user.subject(), Permission::UpdateOwnAction, &resource).is_allowed() {
        let event = assure_store::AuditEvent {
            actor_user_id: Some(user.user.id),
            actor: user.actor(),
            action: "permission.denied".into(),
            object_type: "action".into(),
            object_id: Some(action_id.to_string()),
            detail: Some("not a lead of this action".into()),
            ..Default::default()
        };
        state.store.record(&event, state.now()).await?;
        return Err(AppError::Forbidden);
    }
    Ok((plan, action))
}

#[derive(Deserialize, Default, Clone, serde::Serialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    version: String,
}

pub async fn view_status_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(action_id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let (plan, action) = load_for_update(&state, &user, action_id).await?;
    let path = format!("/actions/{action_id}/status");
    // Input saved when the session expired mid-edit comes back here after signing in.
    let draft: Option<StatusForm> = state
        .store
        .take_draft(user.user.id, &path)
        .await?
        .and_then(|json| serde_json::from_str::<Vec<(String, String)>>(&json).ok())
        .and_then(|pairs| serde_urlencoded::to_string(&pairs).ok())
        .and_then(|q| serde_urlencoded::from_str(&q).ok());
    let restored = draft.is_some();
    let form = draft.unwrap_or(StatusForm {
        status: action.status.word().to_string(),
        reason: String::new(),
        version: action.version.unwrap_or(1).to_string(),
    });
    render_status_form(&state, &plan, &action, &form, &[], restored).map(Html)
}

fn render_status_form(
    state: &AppState,
    plan: &Plan,
    action: &Action,
    form: &StatusForm,
    errors: &[(&str, String)],
    restored: bool,
) -> Result<String, AppError> {
    let view = assure_report::paper::ActionView::new(action, (state.today)());
    let statuses: Vec<_> = Status::ALL.iter().map(|s| context! { word => s.word(), symbol => s.symbol(), meaning => s.meaning(), slug => s.slug() }).collect();
    crate::templates::render(
        &state.templates,
        "action_status.html",
        context! {
            plan_id => plan.id, plan_title => plan.title.clone(), action => minijinja::value::Serde(&view),
            form => minijinja::value::Serde(form), errors => minijinja::value::Serde(errors), error_title => !errors.is_empty(), statuses, restored,
        },
    )
}

pub async fn submit_status(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(action_id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let (plan, action) = load_for_update(&state, &user, action_id).await?;
    let mut errors: Vec<(&str, String)> = vec![];
    let to = form
        .status
        .parse::<Status>()
        .ok()
        .filter(|_| !form.status.trim().is_empty());
    match to {
        None => errors.push(("status", "Select the new status".into())),
        Some(s)
            if s == action.status && form.version == action.version.unwrap_or(1).to_string() =>
        {
            errors.push((
                "status",
                format!("The status is already {s}: select a different status"),
            ))
        }
        _ => {}
    }
    if form.reason.trim().is_empty() {
        errors.push(("reason", "Enter the reason for the change of status".into()));
    } else if form.reason.chars().count() > 2000 {
        errors.push((
            "reason",
            "The reason must be 2,000 characters or fewer".into(),
        ));
    }
    let version: Option<i64> = form.version.parse().ok();
    if version.is_none() {
        errors.push((
            "status",
            "The form was incomplete: start again from the action page".into(),
        ));
    }
    if !errors.is_empty() {
        let html = render_status_form(&state, &plan, &action, &form, &errors, false)?;
        return Ok((StatusCode::BAD_REQUEST, Html(html)).into_response());
    }
    let by = user.actor();
    let edit = StatusEdit {
        action_id,
        expected_version: version.unwrap_or(0),
        to: to.unwrap_or_default(),
        by: &by,
        reason: form.reason.trim(),
        at: state.now(),
    };
    match state.store.change_status(&edit).await {
        Ok(_) => Ok(Redirect::to(&format!("/actions/{action_id}?updated=status")).into_response()),
        Err(StoreError::Conflict { current, .. }) => {
            conflict(&state, &plan, &action, current, &form)
        }
        Err(StoreError::Invalid(message)) => {
            let html =
                render_status_form(&state, &plan, &action, &form, &[("status", message)], false)?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Someone else saved first: show what is there now beside what this user tried to save,
/// with a form to apply their change on top of the current version.
fn conflict(
    state: &AppState,
    plan: &Plan,
    action: &Action,
    current_version: i64,
    attempted: &StatusForm,
) -> Result<Response, AppError> {
    let view = assure_report::paper::ActionView::new(action, (state.today)());
    let mut retry = attempted.clone();
    retry.version = current_version.to_string();
    let html = crate::templates::render(
        &state.templates,
        "conflict.html",
        context! { plan_id => plan.id, action => minijinja::value::Serde(&view), attempted => minijinja::value::Serde(attempted), retry => minijinja::value::Serde(&retry), current_version },
    )?;
    Ok((StatusCode::CONFLICT, Html(html)).into_response())
}

#[derive(Deserialize)]
pub struct EvaluationForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    version: String,
}

pub async fn submit_evaluation(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(action_id): Path<i64>,
    Form(form): Form<EvaluationForm>,
) -> Result<Response, AppError> {
    let (_, action) = load_for_update(&state, &user, action_id).await?;
    let date = if form.date.trim().is_empty() {
        Some((state.today)())
    } else {
        parse_date(&form.date)
    };
    let (Some(date), Ok(version)) = (date, form.version.parse::<i64>()) else {
        return Err(AppError::BadRequest(
            "Enter the date as 31/12/2010 or 2010-12-31".into(),
        ));
    };
    if form.text.trim().is_empty() {
        return Err(AppError::BadRequest("Enter the evaluation text".into()));
    }
    let by = user.actor();
    match state.store.add_evaluation(&ActionEdit { action_id, by: &by, expected_version: version, date, text: form.text.trim() }).await {
        Ok(_) => Ok(Redirect::to(&format!("/actions/{action_id}?updated=evaluation")).into_response()),
        Err(StoreError::Conflict { current, .. }) => Err(AppError::Conflict(format!(
            "Action {} was changed by someone else while you wrote your evaluation (now version {current}). Your text: \"{}\". Go back to the action, check the latest version and add it again.",
            action.number_label(),
            form.text.trim()
        ))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct MilestoneForm {
    #[serde(default)]
    completed: String,
    #[serde(default)]
    version: String,
}

pub async fn submit_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(milestone_id): Path<i64>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let action_id = state.store.action_of_milestone(milestone_id).await?;
    load_for_update(&state, &user, action_id).await?;
    let version: i64 = form
        .version
        .parse()
        .map_err(|_| AppError::BadRequest("The form was incomplete".into()))?;
    let completed = form.completed == "yes";
    match state.store.set_milestone_completed(milestone_id, version, completed, &user.actor()).await {
        Ok(_) => Ok(Redirect::to(&format!("/actions/{action_id}?updated=milestone")).into_response()),
        Err(StoreError::Conflict { .. }) => Err(AppError::Conflict("The milestone was changed by someone else meanwhile. Go back to the action to see its current state.".into())),
        Err(e) => Err(e.into()),
    }
}

pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let t = text.trim();
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .ok()
}
