//! Adding and editing actions: number, text, due date and leads.

use super::{
    date_field, invalid_field, keys_of, one, page, people_options, require_edit_plan, required,
    restored, row, sentence, show_date, version_field, Conflict, Errors, Fields,
};
use crate::auth::CurrentUser;
use crate::{AppError, AppState};
use assure_plan::{Action, Area, Plan};
use assure_store::{ActionFields, StoreError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use minijinja::context;
use minijinja::value::Serde;
use std::collections::BTreeMap;

const ACTION_FIELDS: &[&str] = &["number", "text", "due", "version"];

pub(super) async fn load_action(
    state: &AppState,
    action_id: i64,
) -> Result<(Plan, Area, Action), AppError> {
    let plan_id = state.store.plan_of_action(action_id).await?;
    let plan = state.store.load_plan(plan_id).await?;
    let (area, action) = plan
        .actions()
        .find(|(_, x)| x.id == Some(action_id))
        .map(|(a, x)| (a.clone(), x.clone()))
        .ok_or(AppError::NotFound)?;
    Ok((plan, area, action))
}

/// The number after the highest in the area, as a suggestion for a new action.
fn next_number(area: &Area) -> String {
    let highest = area
        .actions
        .iter()
        .filter_map(|x| x.number.as_deref()?.trim().parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    (highest + 1).to_string()
}

fn action_values(action: &Action) -> BTreeMap<String, String> {
    [
        ("number", action.number.clone().unwrap_or_default()),
        ("text", action.text.clone()),
        ("due", show_date(action.due)),
        ("version", action.version.unwrap_or(1).to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

struct ActionPage<'a> {
    plan: &'a Plan,
    area: &'a Area,
    action: Option<&'a Action>,
    form: BTreeMap<String, String>,
    leads: Vec<String>,
    errors: Errors,
    restored: bool,
}

fn render_action(
    state: &AppState,
    p: ActionPage<'_>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let area_id = p.area.id.unwrap_or_default();
    let action_id = p.action.and_then(|x| x.id);
    let (action_url, cancel_url) = match action_id {
        Some(id) => (format!("/actions/{id}/edit"), format!("/actions/{id}")),
        None => (
            format!("/areas/{area_id}/actions/new"),
            format!("/plans/{}/areas/{area_id}", p.plan.id.unwrap_or_default()),
        ),
    };
    page(
        state,
        "edit_action.html",
        context! {
            plan_id => p.plan.id, plan_title => p.plan.title.clone(),
            area_id, area_number => p.area.number.to_string(), area_title => p.area.title.clone(),
            action_id, action_url, cancel_url,
            form => Serde(&p.form), people => Serde(people_options(p.plan)), leads => keys_of(p.plan, &p.leads),
            errors => Serde(&p.errors), error_title => !p.errors.is_empty(), restored => p.restored,
        },
        status,
    )
}

fn parse_action(plan: &Plan, fields: &Fields, errors: &mut Errors) -> ActionFields {
    let number = fields.get("number").trim().to_string();
    if number.chars().count() > 10 {
        errors.push(("number", "The number must be 10 characters or fewer".into()));
    }
    let text = required(fields, "text", "Enter the action", errors);
    let due = date_field(fields, "due", "due date", errors);
    let leads = fields.all("leads");
    if let Some(unknown) = leads
        .iter()
        .find(|r| assure_plan::people::find(&plan.people, r).is_none())
    {
        errors.push((
            "leads",
            format!("\"{unknown}\" is not one of the plan's people: add them to the plan first"),
        ));
    }
    ActionFields {
        number: Some(number).filter(|n| !n.is_empty()),
        text,
        due,
        leads,
    }
}

const ACTION_FIELD_WORDS: &[(&str, &str)] = &[("leads", "leads"), ("text", "text")];

pub(crate) async fn view_new_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(area_id): Path<i64>,
) -> Result<Response, AppError> {
    let (plan, area) = super::areas::load(&state, area_id).await?;
    require_edit_plan(&state, &user, "area", area_id).await?;
    let draft = restored(&state, &user, &format!("/areas/{area_id}/actions/new")).await?;
    let p = ActionPage {
        plan: &plan,
        area: &area,
        action: None,
        form: draft.as_ref().map_or_else(
            || {
                [("number".to_string(), next_number(&area))]
                    .into_iter()
                    .collect()
            },
            |f| f.values(ACTION_FIELDS),
        ),
        leads: draft.as_ref().map(|f| f.all("leads")).unwrap_or_default(),
        errors: vec![],
        restored: draft.is_some(),
    };
    render_action(&state, p, StatusCode::OK)
}

pub(crate) async fn submit_new_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(area_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (plan, area) = super::areas::load(&state, area_id).await?;
    require_edit_plan(&state, &user, "area", area_id).await?;
    let fields = Fields::new(pairs);
    let mut errors = Errors::new();
    let action_fields = parse_action(&plan, &fields, &mut errors);
    if errors.is_empty() {
        match state
            .store
            .add_action(area_id, &action_fields, &user.actor())
            .await
        {
            Ok(id) => {
                return Ok(
                    Redirect::to(&format!("/actions/{id}?updated=action-added")).into_response()
                )
            }
            Err(StoreError::Invalid(m)) => {
                errors.push((invalid_field(&m, ACTION_FIELD_WORDS, "text"), sentence(&m)))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let p = ActionPage {
        plan: &plan,
        area: &area,
        action: None,
        form: fields.values(ACTION_FIELDS),
        leads: fields.all("leads"),
        errors,
        restored: false,
    };
    render_action(&state, p, StatusCode::BAD_REQUEST)
}

pub(crate) async fn view_edit_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(action_id): Path<i64>,
) -> Result<Response, AppError> {
    let (plan, area, action) = load_action(&state, action_id).await?;
    require_edit_plan(&state, &user, "action", action_id).await?;
    let draft = restored(&state, &user, &format!("/actions/{action_id}/edit")).await?;
    let p = ActionPage {
        plan: &plan,
        area: &area,
        action: Some(&action),
        form: draft
            .as_ref()
            .map_or_else(|| action_values(&action), |f| f.values(ACTION_FIELDS)),
        leads: draft
            .as_ref()
            .map_or_else(|| action.leads.clone(), |f| f.all("leads")),
        errors: vec![],
        restored: draft.is_some(),
    };
    render_action(&state, p, StatusCode::OK)
}

pub(crate) async fn submit_edit_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(action_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (plan, area, action) = load_action(&state, action_id).await?;
    require_edit_plan(&state, &user, "action", action_id).await?;
    let fields = Fields::new(pairs);
    let mut errors = Errors::new();
    let action_fields = parse_action(&plan, &fields, &mut errors);
    let version = version_field(&fields, "text", &mut errors);
    if errors.is_empty() {
        match state
            .store
            .update_action(action_id, version, &action_fields, &user.actor())
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/actions/{action_id}?updated=action")).into_response(),
                )
            }
            Err(StoreError::Conflict { current, .. }) => {
                let (_, _, now) = load_action(&state, action_id).await?;
                let mine = &action_fields;
                return Conflict {
                    what: "action",
                    current_version: current,
                    rows: vec![
                        row(
                            "Number",
                            one(now.number_label()),
                            one(mine.number.as_deref().unwrap_or("")),
                        ),
                        row("Action", one(&now.text), one(&mine.text)),
                        row(
                            "Due date",
                            one(&show_date(now.due)),
                            one(&show_date(mine.due)),
                        ),
                        row("Lead", now.leads.clone(), keys_of(&plan, &mine.leads)),
                        row(
                            "Status",
                            vec![now.status.to_string()],
                            vec![now.status.to_string()],
                        ),
                    ],
                    action_url: format!("/actions/{action_id}/edit"),
                    retry: fields.retry(current),
                    back_url: format!("/actions/{action_id}"),
                    state: &state,
                }
                .render();
            }
            Err(StoreError::Invalid(m)) => {
                errors.push((invalid_field(&m, ACTION_FIELD_WORDS, "text"), sentence(&m)))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let p = ActionPage {
        plan: &plan,
        area: &area,
        action: Some(&action),
        form: fields.values(ACTION_FIELDS),
        leads: fields.all("leads"),
        errors,
        restored: false,
    };
    render_action(&state, p, StatusCode::BAD_REQUEST)
}
