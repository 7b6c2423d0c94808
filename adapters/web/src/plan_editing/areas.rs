//! Adding an area to a plan and editing its header (number, titles, issue, sources, aims,
//! measurable success, owners and leads).

use super::{
    invalid_field, keys_of, lines, one, page, people_options, require_edit_plan, required,
    restored, row, sentence, version_field, Conflict, Errors, Fields,
};
use crate::auth::CurrentUser;
use crate::{AppError, AppState};
use assure_plan::{Area, AreaNumber, Plan};
use assure_store::{AreaFields, StoreError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use minijinja::context;
use minijinja::value::Serde;
use std::collections::BTreeMap;

const NEW_FIELDS: &[&str] = &["number", "title"];
const EDIT_FIELDS: &[&str] = &[
    "number",
    "title",
    "heading",
    "issue",
    "sources",
    "aims",
    "success_criteria",
    "version",
];
const AREA_FIELD_WORDS: &[(&str, &str)] = &[
    ("owners", "owners"),
    ("leads", "leads"),
    ("success criteria", "success_criteria"),
    ("sources", "sources"),
    ("aims", "aims"),
    ("number", "number"),
    ("title", "title"),
];

/// The number after the highest in the plan, as a suggestion for a new area.
fn next_number(plan: &Plan) -> String {
    let highest = plan
        .areas
        .iter()
        .map(|a| a.number.sort_key().0)
        .filter(|n| *n != u32::MAX)
        .max()
        .unwrap_or(0);
    (highest + 1).to_string()
}

fn area_values(area: &Area) -> BTreeMap<String, String> {
    [
        ("number", area.number.to_string()),
        ("title", area.title.clone()),
        ("heading", area.heading.clone().unwrap_or_default()),
        ("issue", area.issue.clone()),
        ("sources", area.sources.join("\n")),
        ("aims", area.aims.join("\n")),
        ("success_criteria", area.success_criteria.join("\n")),
        ("version", area.version.unwrap_or(1).to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The area number from a form: well formed and not used by another area of the plan.
fn number_field(plan: &Plan, fields: &Fields, except: Option<i64>, errors: &mut Errors) -> String {
    let text = fields.get("number").trim();
    if text.is_empty() {
        errors.push(("number", "Enter the area's number".into()));
        return String::new();
    }
    match AreaNumber::parse(text) {
        Ok(n) => {
            if plan.areas.iter().any(|a| a.number == n && a.id != except) {
                errors.push((
                    "number",
                    format!("Area {n} is already in this plan: choose another number"),
                ));
            }
            n.to_string()
        }
        Err(_) => {
            errors.push((
                "number",
                "Enter the number as digits with an optional small letter, such as 8 or 5a".into(),
            ));
            text.to_string()
        }
    }
}

/// Ticked people must be the plan's.
fn people_field(
    plan: &Plan,
    fields: &Fields,
    name: &'static str,
    errors: &mut Errors,
) -> Vec<String> {
    let refs = fields.all(name);
    if let Some(unknown) = refs
        .iter()
        .find(|r| assure_plan::people::find(&plan.people, r).is_none())
    {
        errors.push((
            name,
            format!("\"{unknown}\" is not one of the plan's people: add them to the plan first"),
        ));
    }
    refs
}

struct AreaPage<'a> {
    plan: &'a Plan,
    area: Option<&'a Area>,
    form: BTreeMap<String, String>,
    owners: Vec<String>,
    leads: Vec<String>,
    errors: Errors,
    restored: bool,
}

fn render(state: &AppState, p: AreaPage<'_>, status: StatusCode) -> Result<Response, AppError> {
    let plan_id = p.plan.id.unwrap_or_default();
    let area_id = p.area.and_then(|a| a.id);
    let (action_url, cancel_url) = match area_id {
        Some(id) => (
            format!("/areas/{id}/edit"),
            format!("/plans/{plan_id}/areas/{id}"),
        ),
        None => (
            format!("/plans/{plan_id}/areas/new"),
            format!("/plans/{plan_id}"),
        ),
    };
    page(
        state,
        "edit_area.html",
        context! {
            plan_id, plan_title => p.plan.title.clone(), area_id,
            current_number => p.area.map(|a| a.number.to_string()),
            action_url, cancel_url,
            form => Serde(&p.form), people => Serde(people_options(p.plan)),
            owners => keys_of(p.plan, &p.owners), leads => keys_of(p.plan, &p.leads),
            errors => Serde(&p.errors), error_title => !p.errors.is_empty(), restored => p.restored,
        },
        status,
    )
}

pub(crate) async fn view_new_area(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(plan_id): Path<i64>,
) -> Result<Response, AppError> {
    let plan = state.store.load_plan(plan_id).await?;
    require_edit_plan(&state, &user, "plan", plan_id).await?;
    let draft = restored(&state, &user, &format!("/plans/{plan_id}/areas/new")).await?;
    let form = draft.as_ref().map_or_else(
        || {
            [("number".to_string(), next_number(&plan))]
                .into_iter()
                .collect()
        },
        |f| f.values(NEW_FIELDS),
    );
    let p = AreaPage {
        plan: &plan,
        area: None,
        form,
        owners: vec![],
        leads: vec![],
        errors: vec![],
        restored: draft.is_some(),
    };
    render(&state, p, StatusCode::OK)
}

pub(crate) async fn submit_new_area(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(plan_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let plan = state.store.load_plan(plan_id).await?;
    require_edit_plan(&state, &user, "plan", plan_id).await?;
    let fields = Fields::new(pairs);
    let mut errors = Errors::new();
    let number = number_field(&plan, &fields, None, &mut errors);
    let title = required(&fields, "title", "Enter the area's title", &mut errors);
    if errors.is_empty() {
        match state
            .store
            .add_area(plan_id, &number, &title, &user.actor())
            .await
        {
            Ok(id) => {
                return Ok(
                    Redirect::to(&format!("/plans/{plan_id}/areas/{id}?updated=area-added"))
                        .into_response(),
                )
            }
            Err(StoreError::Invalid(m)) => {
                errors.push((invalid_field(&m, AREA_FIELD_WORDS, "number"), sentence(&m)))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let p = AreaPage {
        plan: &plan,
        area: None,
        form: fields.values(NEW_FIELDS),
        owners: vec![],
        leads: vec![],
        errors,
        restored: false,
    };
    render(&state, p, StatusCode::BAD_REQUEST)
}

pub(super) async fn load(state: &AppState, area_id: i64) -> Result<(Plan, Area), AppError> {
    let plan_id = state.store.plan_of_area(area_id).await?;
    let plan = state.store.load_plan(plan_id).await?;
    let area = plan
        .areas
        .iter()
        .find(|a| a.id == Some(area_id))
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok((plan, area))
}

pub(crate) async fn view_edit_area(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(area_id): Path<i64>,
) -> Result<Response, AppError> {
    let (plan, area) = load(&state, area_id).await?;
    require_edit_plan(&state, &user, "area", area_id).await?;
    let draft = restored(&state, &user, &format!("/areas/{area_id}/edit")).await?;
    let p = match &draft {
        Some(f) => AreaPage {
            plan: &plan,
            area: Some(&area),
            form: f.values(EDIT_FIELDS),
            owners: f.all("owners"),
            leads: f.all("leads"),
            errors: vec![],
            restored: true,
        },
        None => AreaPage {
            plan: &plan,
            area: Some(&area),
            form: area_values(&area),
            owners: area.owners.clone(),
            leads: area.leads.clone(),
            errors: vec![],
            restored: false,
        },
    };
    render(&state, p, StatusCode::OK)
}

pub(crate) async fn submit_edit_area(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(area_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (plan, area) = load(&state, area_id).await?;
    require_edit_plan(&state, &user, "area", area_id).await?;
    let plan_id = plan.id.unwrap_or_default();
    let fields = Fields::new(pairs);
    let mut errors = Errors::new();
    let number = number_field(&plan, &fields, Some(area_id), &mut errors);
    let title = required(&fields, "title", "Enter the area's title", &mut errors);
    let area_fields = AreaFields {
        number,
        title,
        heading: Some(fields.get("heading").trim().to_string()).filter(|h| !h.is_empty()),
        issue: fields.get("issue").trim().to_string(),
        sources: lines(fields.get("sources")),
        aims: lines(fields.get("aims")),
        success_criteria: lines(fields.get("success_criteria")),
        owners: people_field(&plan, &fields, "owners", &mut errors),
        leads: people_field(&plan, &fields, "leads", &mut errors),
    };
    let version = version_field(&fields, "number", &mut errors);
    if errors.is_empty() {
        match state
            .store
            .update_area(area_id, version, &area_fields, &user.actor())
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/plans/{plan_id}/areas/{area_id}?updated=area"))
                        .into_response(),
                )
            }
            Err(StoreError::Conflict { current, .. }) => {
                let (_, now) = load(&state, area_id).await?;
                let mine = &area_fields;
                return Conflict {
                    what: "area",
                    current_version: current,
                    rows: vec![
                        row("Number", one(now.number.as_str()), one(&mine.number)),
                        row("Title", one(&now.title), one(&mine.title)),
                        row(
                            "Heading",
                            one(now.heading.as_deref().unwrap_or("")),
                            one(mine.heading.as_deref().unwrap_or("")),
                        ),
                        row("Area of development", one(&now.issue), one(&mine.issue)),
                        row("Sources", now.sources.clone(), mine.sources.clone()),
                        row("Aims", now.aims.clone(), mine.aims.clone()),
                        row(
                            "Measurable success",
                            now.success_criteria.clone(),
                            mine.success_criteria.clone(),
                        ),
                        row("Owners", now.owners.clone(), keys_of(&plan, &mine.owners)),
                        row(
                            "Lead responsibility",
                            now.leads.clone(),
                            keys_of(&plan, &mine.leads),
                        ),
                    ],
                    action_url: format!("/areas/{area_id}/edit"),
                    retry: fields.retry(current),
                    back_url: format!("/plans/{plan_id}/areas/{area_id}"),
                    state: &state,
                }
                .render();
            }
            Err(StoreError::Invalid(m)) => {
                errors.push((invalid_field(&m, AREA_FIELD_WORDS, "number"), sentence(&m)))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let p = AreaPage {
        plan: &plan,
        area: Some(&area),
        form: fields.values(EDIT_FIELDS),
        owners: fields.all("owners"),
        leads: fields.all("leads"),
        errors,
        restored: false,
    };
    render(&state, p, StatusCode::BAD_REQUEST)
}
