//! A plan's own fields, a new plan, and the plan's people.

use super::{date_field, one, row};
use super::{
    invalid_field, page, require_edit_plan, required, restored, sentence, show_date, version_field,
    Conflict, Errors, Fields,
};
use crate::auth::CurrentUser;
use crate::{AppError, AppState};
use assure_plan::{PersonKind, Plan};
use assure_store::{NewPerson, PlanFields, StoreError};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use minijinja::context;
use minijinja::value::Serde;
use std::collections::BTreeMap;

const PLAN_FIELDS: &[&str] = &[
    "title",
    "organisation",
    "origin",
    "origin_date",
    "reporting_date",
    "introduction",
    "version",
];
const PERSON_FIELDS: &[&str] = &[
    "person_name",
    "person_initials",
    "person_role",
    "person_kind",
];

#[derive(serde::Deserialize, Default)]
pub(crate) struct UpdatedQuery {
    updated: Option<String>,
}

fn plan_values(plan: &Plan) -> BTreeMap<String, String> {
    [
        ("title", plan.title.clone()),
        ("organisation", plan.organisation.clone()),
        ("origin", plan.origin.clone()),
        ("origin_date", show_date(plan.origin_date)),
        ("reporting_date", show_date(plan.reporting_date)),
        (
            "introduction",
            plan.introduction.clone().unwrap_or_default(),
        ),
        ("version", plan.version.unwrap_or(1).to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

struct PlanPage<'a> {
    plan: Option<&'a Plan>,
    form: BTreeMap<String, String>,
    person: BTreeMap<String, String>,
    errors: Errors,
    updated: Option<String>,
    restored: bool,
}

fn render(state: &AppState, p: PlanPage<'_>, status: StatusCode) -> Result<Response, AppError> {
    let people: Vec<_> = p
        .plan
        .map(|plan| {
            plan.people
                .iter()
                .map(|x| context! { name => x.name.clone(), initials => x.initials.clone(), kind => if x.kind == PersonKind::Group { "Group" } else { "Person" }, role => x.role.clone() })
                .collect()
        })
        .unwrap_or_default();
    let plan_id = p.plan.and_then(|x| x.id);
    let action_url = plan_id.map_or("/plans/new".to_string(), |id| format!("/plans/{id}/edit"));
    page(
        state,
        "edit_plan.html",
        context! {
            plan_id, plan_title => p.plan.map(|x| x.title.clone()), action_url, people,
            form => Serde(&p.form), person => Serde(&p.person), errors => Serde(&p.errors),
            error_title => !p.errors.is_empty(), updated => p.updated, restored => p.restored,
        },
        status,
    )
}

/// The plan's fields from a form, with errors for what is missing or malformed.
fn parse(fields: &Fields, errors: &mut Errors) -> PlanFields {
    let title = required(fields, "title", "Enter the plan's title", errors);
    let organisation = required(
        fields,
        "organisation",
        "Enter the organisation's name",
        errors,
    );
    let origin = fields.get("origin").trim().to_string();
    let origin_date = date_field(fields, "origin_date", "date of the inspection", errors);
    let reporting_date = date_field(fields, "reporting_date", "date reported", errors);
    let introduction =
        Some(fields.get("introduction").trim().to_string()).filter(|s| !s.is_empty());
    PlanFields {
        title,
        organisation,
        origin,
        origin_date,
        reporting_date,
        introduction,
    }
}

const PLAN_FIELD_WORDS: &[(&str, &str)] = &[("title", "title"), ("organisation", "organisation")];

pub(crate) async fn view_new_plan(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    require_edit_plan(&state, &user, "plan", 0).await?;
    let draft = restored(&state, &user, "/plans/new").await?;
    let p = PlanPage {
        plan: None,
        form: draft
            .as_ref()
            .map(|f| f.values(PLAN_FIELDS))
            .unwrap_or_default(),
        person: BTreeMap::new(),
        errors: vec![],
        updated: None,
        restored: draft.is_some(),
    };
    render(&state, p, StatusCode::OK)
}

pub(crate) async fn submit_new_plan(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_edit_plan(&state, &user, "plan", 0).await?;
    let fields = Fields::new(pairs);
    let mut errors = Errors::new();
    let plan_fields = parse(&fields, &mut errors);
    if errors.is_empty() {
        match state.store.create_plan(&plan_fields, &user.actor()).await {
            Ok(id) => {
                return Ok(
                    Redirect::to(&format!("/plans/{id}?updated=plan-created")).into_response()
                )
            }
            Err(StoreError::Invalid(m)) => {
                errors.push((invalid_field(&m, PLAN_FIELD_WORDS, "title"), sentence(&m)))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let p = PlanPage {
        plan: None,
        form: fields.values(PLAN_FIELDS),
        person: BTreeMap::new(),
        errors,
        updated: None,
        restored: false,
    };
    render(&state, p, StatusCode::BAD_REQUEST)
}

pub(crate) async fn view_edit_plan(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(plan_id): Path<i64>,
    Query(q): Query<UpdatedQuery>,
) -> Result<Response, AppError> {
    let plan = state.store.load_plan(plan_id).await?;
    require_edit_plan(&state, &user, "plan", plan_id).await?;
    let draft = restored(&state, &user, &format!("/plans/{plan_id}/edit")).await?;
    let p = PlanPage {
        plan: Some(&plan),
        form: draft
            .as_ref()
            .map_or_else(|| plan_values(&plan), |f| f.values(PLAN_FIELDS)),
        person: BTreeMap::new(),
        errors: vec![],
        updated: q.updated,
        restored: draft.is_some(),
    };
    render(&state, p, StatusCode::OK)
}

pub(crate) async fn submit_edit_plan(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(plan_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let plan = state.store.load_plan(plan_id).await?;
    require_edit_plan(&state, &user, "plan", plan_id).await?;
    let fields = Fields::new(pairs);
    let mut errors = Errors::new();
    let plan_fields = parse(&fields, &mut errors);
    let version = version_field(&fields, "title", &mut errors);
    if errors.is_empty() {
        match state
            .store
            .update_plan(plan_id, version, &plan_fields, &user.actor())
            .await
        {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/plans/{plan_id}?updated=plan")).into_response())
            }
            Err(StoreError::Conflict { current, .. }) => {
                let now = state.store.load_plan(plan_id).await?;
                return Conflict {
                    what: "plan",
                    current_version: current,
                    rows: vec![
                        row("Title", one(&now.title), one(&plan_fields.title)),
                        row(
                            "Organisation",
                            one(&now.organisation),
                            one(&plan_fields.organisation),
                        ),
                        row(
                            "What the plan responds to",
                            one(&now.origin),
                            one(&plan_fields.origin),
                        ),
                        row(
                            "Date of the inspection",
                            one(&show_date(now.origin_date)),
                            one(&show_date(plan_fields.origin_date)),
                        ),
                        row(
                            "Date reported to the board",
                            one(&show_date(now.reporting_date)),
                            one(&show_date(plan_fields.reporting_date)),
                        ),
                        row(
                            "Introduction",
                            one(now.introduction.as_deref().unwrap_or("")),
                            one(plan_fields.introduction.as_deref().unwrap_or("")),
                        ),
                    ],
                    action_url: format!("/plans/{plan_id}/edit"),
                    retry: fields.retry(current),
                    back_url: format!("/plans/{plan_id}"),
                    state: &state,
                }
                .render();
            }
            Err(StoreError::Invalid(m)) => {
                errors.push((invalid_field(&m, PLAN_FIELD_WORDS, "title"), sentence(&m)))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let p = PlanPage {
        plan: Some(&plan),
        form: fields.values(PLAN_FIELDS),
        person: BTreeMap::new(),
        errors,
        updated: None,
        restored: false,
    };
    render(&state, p, StatusCode::BAD_REQUEST)
}

/// Adds someone to the plan's people, so areas and actions can name them.
pub(crate) async fn submit_person(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(plan_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let plan = state.store.load_plan(plan_id).await?;
    require_edit_plan(&state, &user, "plan", plan_id).await?;
    let fields = Fields::new(pairs);
    let mut errors = Errors::new();
    let name = required(
        &fields,
        "person_name",
        "Enter the person's or group's name",
        &mut errors,
    );
    let initials = fields.get("person_initials").trim().to_string();
    if initials.chars().count() > 10 || initials.contains(' ') {
        errors.push((
            "person_initials",
            "Enter initials of up to 10 letters without spaces".into(),
        ));
    }
    let kind = match fields.get("person_kind") {
        "group" => PersonKind::Group,
        _ => PersonKind::Person,
    };
    if errors.is_empty() {
        let person = NewPerson {
            name,
            initials: Some(initials).filter(|i| !i.is_empty()),
            kind,
            role: Some(fields.get("person_role").trim().to_string()).filter(|r| !r.is_empty()),
        };
        match state
            .store
            .add_person(plan_id, &person, &user.actor())
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/plans/{plan_id}/edit?updated=person#people"))
                        .into_response(),
                )
            }
            Err(StoreError::Invalid(m)) => errors.push((
                invalid_field(&m, &[("initials", "person_initials")], "person_name"),
                sentence(&m),
            )),
            Err(e) => return Err(e.into()),
        }
    }
    let p = PlanPage {
        plan: Some(&plan),
        form: plan_values(&plan),
        person: fields.values(PERSON_FIELDS),
        errors,
        updated: None,
        restored: false,
    };
    render(&state, p, StatusCode::BAD_REQUEST)
}
