//! The read-only pages: plan list, plan overview (Table 1), area, action, downloads.

use crate::{AppError, AppState};
use assure_planfiles::PlanFormat;
use assure_report::paper::{ActionView, AreaView};
use assure_report::{BoardPaper, ReportFormat};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Serde;

/// One plan: go straight to it. Otherwise list them.
pub(crate) async fn view_home(State(state): State<AppState>) -> Result<Response, AppError> {
    let plans = state.store.list_plans().await?;
    if plans.len() == 1 {
        return Ok(Redirect::to(&format!("/plans/{}", plans[0].id)).into_response());
    }
    view_plans(State(state))
        .await
        .map(IntoResponse::into_response)
}

pub(crate) async fn view_plans(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let plans: Vec<_> = state
        .store
        .list_plans()
        .await?
        .into_iter()
        .map(|p| context! { id => p.id, title => p.title, organisation => p.organisation, areas => p.areas, actions => p.actions })
        .collect();
    crate::templates::render(&state.templates, "home.html", context! { plans }).map(Html)
}

async fn paper(state: &AppState, plan_id: i64) -> Result<BoardPaper, AppError> {
    let plan = state.store.load_plan(plan_id).await?;
    Ok(BoardPaper::new(&plan, (state.today)()))
}

pub(crate) async fn view_overview(
    State(state): State<AppState>,
    Path(plan_id): Path<i64>,
    user: Option<axum::Extension<crate::auth::CurrentUser>>,
    axum::extract::Query(q): axum::extract::Query<UpdatedQuery>,
) -> Result<Html<String>, AppError> {
    let paper = paper(&state, plan_id).await?;
    let can_edit = crate::plan_editing::can_edit_plan(user.as_deref());
    crate::templates::render(
        &state.templates,
        "overview.html",
        context! { paper => Serde(&paper), can_edit, updated => q.updated },
    )
    .map(Html)
}

/// The plan overview page (Table 1 with counts); public for the benchmark.
pub fn render_overview(
    env: &minijinja::Environment<'static>,
    paper: &BoardPaper,
) -> Result<String, AppError> {
    crate::templates::render(env, "overview.html", context! { paper => Serde(paper) })
}

pub(crate) async fn view_area(
    State(state): State<AppState>,
    Path((plan_id, area_id)): Path<(i64, i64)>,
    user: Option<axum::Extension<crate::auth::CurrentUser>>,
    axum::extract::Query(q): axum::extract::Query<UpdatedQuery>,
) -> Result<Html<String>, AppError> {
    let plan = state.store.load_plan(plan_id).await?;
    // Only this area's measures need their evidence worked out.
    let measures: Vec<&assure_plan::Measure> = plan
        .areas
        .iter()
        .filter(|a| a.id == Some(area_id))
        .flat_map(|a| &a.measures)
        .collect();
    let evidence = assure_evidence::evidence_for_measures(&state.store, &measures).await?;
    let paper = BoardPaper::with_evidence(
        &plan,
        (state.today)(),
        &assure_evidence::for_paper(&evidence),
    );
    let area = paper
        .areas
        .iter()
        .find(|a| a.id == Some(area_id))
        .ok_or(AppError::NotFound)?;
    // An area judged by the S47 → ICPC → plan pathway shows the funnel and its comparators.
    let about_funnel = measures
        .iter()
        .any(|m| crate::performance::FUNNEL_INDICATORS.contains(&m.indicator.as_str()));
    let funnel = if about_funnel {
        crate::performance::funnel_for_area(&state).await?
    } else {
        None
    };
    crate::templates::render(
        &state.templates,
        "area.html",
        context! {
            paper => Serde(&paper), area => Serde(area),
            can_edit => crate::plan_editing::can_edit_plan(user.as_deref()), updated => q.updated,
            funnel => funnel.as_ref().map(Serde),
        },
    )
    .map(Html)
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct UpdatedQuery {
    updated: Option<String>,
}

pub(crate) async fn view_action(
    State(state): State<AppState>,
    Path(action_id): Path<i64>,
    user: Option<axum::Extension<crate::auth::CurrentUser>>,
    axum::extract::Query(q): axum::extract::Query<UpdatedQuery>,
) -> Result<Html<String>, AppError> {
    let plan_id = state.store.plan_of_action(action_id).await?;
    let plan = state.store.load_plan(plan_id).await?;
    let paper = BoardPaper::new(&plan, (state.today)());
    let (area, action): (&AreaView, &ActionView) = paper
        .areas
        .iter()
        .find_map(|a| {
            a.actions
                .iter()
                .find(|x| x.id == Some(action_id))
                .map(|x| (a, x))
        })
        .ok_or(AppError::NotFound)?;
    // The action page names leads in full; the table keeps the seed's initials.
    let leads = plan
        .actions()
        .find(|(_, x)| x.id == Some(action_id))
        .map(|(_, x)| {
            x.leads
                .iter()
                .map(|r| {
                    assure_plan::people::find(&plan.people, r).map_or(r.clone(), |p| p.name.clone())
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let model = plan
        .actions()
        .find(|(_, x)| x.id == Some(action_id))
        .map(|(_, x)| x.clone());
    let can_update = match (&user, &model) {
        (Some(u), Some(a)) => assure_access::allows(
            &u.subject(),
            assure_access::Permission::UpdateOwnAction,
            &assure_access::Resource::Action {
                leads: a.leads.clone(),
            },
        )
        .is_allowed(),
        _ => false,
    };
    // The action's own change history from the audit trail: everything done to it and to
    // its milestones, newest first.
    let mut changes = state
        .store
        .audit_events(&assure_store::AuditFilter {
            object_type: Some("action".into()),
            object_id: Some(action_id.to_string()),
            ..Default::default()
        })
        .await?;
    for m in model.iter().flat_map(|a| a.milestones.iter()) {
        if let Some(id) = m.id {
            changes.extend(
                state
                    .store
                    .audit_events(&assure_store::AuditFilter {
                        object_type: Some("milestone".into()),
                        object_id: Some(id.to_string()),
                        ..Default::default()
                    })
                    .await?,
            );
        }
    }
    changes.sort_by(|a, b| b.id.cmp(&a.id));
    let changes: Vec<_> = changes
        .into_iter()
        .map(|e| context! { at => e.at.format("%d/%m/%Y %H:%M").to_string(), actor => e.actor, action => e.action, before => e.before_value, after => e.after_value })
        .collect();
    let milestone_forms: Vec<_> = model
        .iter()
        .flat_map(|a| a.milestones.iter())
        .map(|m| context! { id => m.id, version => m.version, completed => m.completed })
        .collect();
    crate::templates::render(
        &state.templates,
        "action.html",
        context! {
            paper => Serde(&paper), area => Serde(area), action => Serde(action), leads,
            can_update => can_update, milestone_forms, changes, updated => q.updated, today => (state.today)().format("%d/%m/%Y").to_string(),
            can_edit => crate::plan_editing::can_edit_plan(user.as_deref()),
        },
    )
    .map(Html)
}

pub(crate) async fn view_accessibility(
    State(state): State<AppState>,
) -> Result<Html<String>, AppError> {
    crate::templates::render(&state.templates, "accessibility.html", context! {}).map(Html)
}

pub(crate) async fn download_board_paper(
    State(state): State<AppState>,
    Path((plan_id, format)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let format = ReportFormat::from_name(&format).ok_or(AppError::NotFound)?;
    let plan = state.store.load_plan(plan_id).await?;
    let today = (state.today)();
    // Each measure's evidence sits beside its chosen status.
    let paper = assure_evidence::board_paper(&state.store, &plan, today).await?;
    let bytes = tokio::task::spawn_blocking(move || assure_report::render_paper(&paper, format))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    let mut response = (
        [
            (header::CONTENT_TYPE, format.content_type()),
            (header::CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response();
    let headers = response.headers_mut();
    if format == ReportFormat::Html {
        // The paper is one self-contained page: its own inline styles, and no script at all.
        headers.insert(header::CONTENT_SECURITY_POLICY, header::HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"));
    } else {
        headers.insert(
            header::CONTENT_DISPOSITION,
            attachment(&format!(
                "board-paper-plan-{plan_id}-{today}.{}",
                format.extension()
            )),
        );
    }
    Ok(response)
}

pub(crate) async fn download_plan(
    State(state): State<AppState>,
    Path((plan_id, format)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let format = PlanFormat::from_name(&format).ok_or(AppError::NotFound)?;
    let plan = state.store.load_plan(plan_id).await?;
    let bytes = assure_planfiles::write_plan(&plan, format)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let content_type = match format {
        PlanFormat::Json => "application/json",
        PlanFormat::Toml => "application/toml; charset=utf-8",
        PlanFormat::Yaml => "application/yaml; charset=utf-8",
        PlanFormat::Xlsx => ReportFormat::Xlsx.content_type(),
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                header::HeaderValue::from_static(content_type),
            ),
            (
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            ),
            (
                header::CONTENT_DISPOSITION,
                attachment(&format!("plan-{plan_id}.{}", format.extension())),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A download header with a server-chosen file name of safe characters only.
pub(crate) fn attachment(name: &str) -> header::HeaderValue {
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .collect();
    header::HeaderValue::from_str(&format!("attachment; filename=\"{safe}\""))
        .expect("ASCII header")
}
