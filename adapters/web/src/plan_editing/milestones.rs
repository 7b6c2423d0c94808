//! Milestones with due dates: added to an action (against the action's version) and edited.
//! Plan owners on any action; action leads on the actions they lead.

use super::actions::load_action;
use super::{
    date_field, one, page, require_update_action, required, restored, row, sentence, show_date,
    version_field, Conflict, Errors, Fields,
};
use crate::auth::CurrentUser;
use crate::{AppError, AppState};
use assure_plan::{Action, Milestone, Plan};
use assure_store::{MilestoneFields, StoreError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use minijinja::context;
use minijinja::value::Serde;
use std::collections::BTreeMap;

const MILESTONE_FIELDS: &[&str] = &["text", "due", "version"];

struct MilestonePage<'a> {
    plan: &'a Plan,
    action: &'a Action,
    milestone: Option<&'a Milestone>,
    form: BTreeMap<String, String>,
    errors: Errors,
    restored: bool,
}

fn render_milestone(
    state: &AppState,
    p: MilestonePage<'_>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let action_id = p.action.id.unwrap_or_default();
    let milestone_id = p.milestone.and_then(|m| m.id);
    let action_url = milestone_id.map_or_else(
        || format!("/actions/{action_id}/milestones"),
        |id| format!("/milestones/{id}/edit"),
    );
    page(
        state,
        "edit_milestone.html",
        context! {
            plan_id => p.plan.id, plan_title => p.plan.title.clone(),
            action_id, action_number => p.action.number_label(), action_text => p.action.text.clone(),
            milestone_id, action_url,
            form => Serde(&p.form), errors => Serde(&p.errors), error_title => !p.errors.is_empty(), restored => p.restored,
        },
        status,
    )
}

fn parse_milestone(fields: &Fields, errors: &mut Errors) -> (MilestoneFields, i64) {
    let text = required(fields, "text", "Enter the milestone", errors);
    let due = date_field(fields, "due", "due date", errors);
    let version = version_field(fields, "text", errors);
    (MilestoneFields { text, due }, version)
}

fn milestone_line(m: &MilestoneFields) -> String {
    match m.due {
        Some(d) => format!("{} (due {})", m.text, show_date(Some(d))),
        None => m.text.clone(),
    }
}

fn milestone_lines(action: &Action) -> Vec<String> {
    action
        .milestones
        .iter()
        .map(|m| {
            milestone_line(&MilestoneFields {
                text: m.text.clone(),
                due: m.due,
            })
        })
        .collect()
}

/// The page to add a milestone (also where a refused addition comes back to).
pub(crate) async fn view_new_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(action_id): Path<i64>,
) -> Result<Response, AppError> {
    let (plan, _, action) = load_action(&state, action_id).await?;
    require_update_action(&state, &user, &action).await?;
    let draft = restored(&state, &user, &format!("/actions/{action_id}/milestones")).await?;
    let form = draft.as_ref().map_or_else(
        || {
            [(
                "version".to_string(),
                action.version.unwrap_or(1).to_string(),
            )]
            .into_iter()
            .collect()
        },
        |f| f.values(MILESTONE_FIELDS),
    );
    let p = MilestonePage {
        plan: &plan,
        action: &action,
        milestone: None,
        form,
        errors: vec![],
        restored: draft.is_some(),
    };
    render_milestone(&state, p, StatusCode::OK)
}

pub(crate) async fn submit_new_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(action_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (plan, _, action) = load_action(&state, action_id).await?;
    require_update_action(&state, &user, &action).await?;
    let fields = Fields::new(pairs);
    let mut errors = Errors::new();
    let (milestone, version) = parse_milestone(&fields, &mut errors);
    if errors.is_empty() {
        match state
            .store
            .add_milestone(action_id, version, &milestone, &user.actor())
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/actions/{action_id}?updated=milestone-added"))
                        .into_response(),
                )
            }
            Err(StoreError::Conflict { current, .. }) => {
                let (_, _, now) = load_action(&state, action_id).await?;
                let mut yours = milestone_lines(&now);
                yours.push(milestone_line(&milestone));
                return Conflict {
                    what: "action",
                    current_version: current,
                    rows: vec![
                        row("Action", one(&now.text), one(&now.text)),
                        row(
                            "Status",
                            vec![now.status.to_string()],
                            vec![now.status.to_string()],
                        ),
                        row("Milestones", milestone_lines(&now), yours),
                    ],
                    action_url: format!("/actions/{action_id}/milestones"),
                    retry: fields.retry(current),
                    back_url: format!("/actions/{action_id}"),
                    state: &state,
                }
                .render();
            }
            Err(StoreError::Invalid(m)) => errors.push(("text", sentence(&m))),
            Err(e) => return Err(e.into()),
        }
    }
    let p = MilestonePage {
        plan: &plan,
        action: &action,
        milestone: None,
        form: fields.values(MILESTONE_FIELDS),
        errors,
        restored: false,
    };
    render_milestone(&state, p, StatusCode::BAD_REQUEST)
}

async fn load_milestone(
    state: &AppState,
    milestone_id: i64,
) -> Result<(Plan, Action, Milestone), AppError> {
    let action_id = state.store.action_of_milestone(milestone_id).await?;
    let (plan, _, action) = load_action(state, action_id).await?;
    let milestone = action
        .milestones
        .iter()
        .find(|m| m.id == Some(milestone_id))
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok((plan, action, milestone))
}

pub(crate) async fn view_edit_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(milestone_id): Path<i64>,
) -> Result<Response, AppError> {
    let (plan, action, milestone) = load_milestone(&state, milestone_id).await?;
    require_update_action(&state, &user, &action).await?;
    let draft = restored(&state, &user, &format!("/milestones/{milestone_id}/edit")).await?;
    let form = draft.as_ref().map_or_else(
        || {
            [
                ("text", milestone.text.clone()),
                ("due", show_date(milestone.due)),
                ("version", milestone.version.unwrap_or(1).to_string()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
        },
        |f| f.values(MILESTONE_FIELDS),
    );
    let p = MilestonePage {
        plan: &plan,
        action: &action,
        milestone: Some(&milestone),
        form,
        errors: vec![],
        restored: draft.is_some(),
    };
    render_milestone(&state, p, StatusCode::OK)
}

pub(crate) async fn submit_edit_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(milestone_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (plan, action, milestone) = load_milestone(&state, milestone_id).await?;
    require_update_action(&state, &user, &action).await?;
    let action_id = action.id.unwrap_or_default();
    let fields = Fields::new(pairs);
    let mut errors = Errors::new();
    let (edit, version) = parse_milestone(&fields, &mut errors);
    if errors.is_empty() {
        match state
            .store
            .update_milestone(milestone_id, version, &edit, &user.actor())
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/actions/{action_id}?updated=milestone"))
                        .into_response(),
                )
            }
            Err(StoreError::Conflict { current, .. }) => {
                let (_, _, now) = load_milestone(&state, milestone_id).await?;
                let done = |m: &Milestone| {
                    vec![if m.completed {
                        "Completed"
                    } else {
                        "Not completed"
                    }
                    .to_string()]
                };
                return Conflict {
                    what: "milestone",
                    current_version: current,
                    rows: vec![
                        row("Milestone", one(&now.text), one(&edit.text)),
                        row(
                            "Due date",
                            one(&show_date(now.due)),
                            one(&show_date(edit.due)),
                        ),
                        row("Progress", done(&now), done(&now)),
                    ],
                    action_url: format!("/milestones/{milestone_id}/edit"),
                    retry: fields.retry(current),
                    back_url: format!("/actions/{action_id}"),
                    state: &state,
                }
                .render();
            }
            Err(StoreError::Invalid(m)) => errors.push(("text", sentence(&m))),
            Err(e) => return Err(e.into()),
        }
    }
    let p = MilestonePage {
        plan: &plan,
        action: &action,
        milestone: Some(&milestone),
        form: fields.values(MILESTONE_FIELDS),
        errors,
        restored: false,
    };
    render_milestone(&state, p, StatusCode::BAD_REQUEST)
}
