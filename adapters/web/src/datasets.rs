//! Datasets in the browser: upload and import, the validation report with filters, counts
//! by event type, and (for roles allowed child-level data) the children behind a figure.
//! Child identifiers are shown only to those roles, and every such view is recorded.

use crate::auth::CurrentUser;
use crate::{AppError, AppState};
use assure_access::{allows, Permission, Resource};
use assure_store::AuditEvent;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use minijinja::context;
use serde::Deserialize;
use std::io::Write;

/// The largest upload accepted (a whole-authority annual CIN census fits well within it).
pub const MAX_UPLOAD_BYTES: usize = 250 * 1024 * 1024;

fn may(user: &CurrentUser, p: Permission) -> bool {
    allows(&user.subject(), p, &Resource::None).is_allowed()
}

pub async fn view_datasets(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Html<String>, AppError> {
    render_list(&state, &user, &[], None).await.map(Html)
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    errors: &[(&str, String)],
    report: Option<minijinja::Value>,
) -> Result<String, AppError> {
    let datasets: Vec<_> = state
        .store
        .list_datasets()
        .await?
        .into_iter()
        .rev()
        .map(|d| {
            let counts: serde_json::Value = serde_json::from_str(&d.counts).unwrap_or_default();
            context! {
                id => d.id, name => d.name, format => d.source_format, census_year => d.census_year,
                imported_by => d.imported_by, imported_at => d.imported_at.format("%d/%m/%Y %H:%M").to_string(),
                errors => d.errors, queries => d.queries, children => counts["children"].as_u64().unwrap_or(0),
            }
        })
        .collect();
    crate::templates::render(
        &state.templates,
        "datasets.html",
        context! { datasets, can_import => may(user, Permission::ImportDatasets), errors => minijinja::value::Serde(errors), error_title => !errors.is_empty(), report },
    )
}

/// Accepts an upload (multipart form), imports it all-or-nothing, and shows the outcome.
pub async fn upload(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let dir = std::env::temp_dir().join(format!("assure-upload-{}", assure_auth::new_session_id()));
    std::fs::create_dir_all(&dir).map_err(|e| AppError::Internal(e.to_string()))?;
    let result = receive_and_import(&state, &user, &mut multipart, &dir).await;
    // Uploads are deleted as soon as they are read (IMP-08): nothing is kept on disk.
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/datasets/{id}?imported=1")).into_response()),
        Err(Upload::Problem(field, message)) => {
            let html = render_list(&state, &user, &[(field, message)], None).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
        Err(Upload::Refused(outcome)) => {
            let errors: Vec<_> = outcome.first_errors.iter().map(|i| context! { rule => i.rule.clone(), field => i.field.clone(), message => i.message.clone() }).collect();
            let report =
                context! { file => outcome.file_name.clone(), errors, total => outcome.errors };
            let html = render_list(
                &state,
                &user,
                &[(
                    "file",
                    format!(
                        "{} has {} validation errors, so nothing was stored",
                        outcome.file_name, outcome.errors
                    ),
                )],
                Some(report),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(Upload::Failed(e)) => Err(e),
    }
}

enum Upload {
    Problem(&'static str, String),
    Refused(Box<assure_ingest::Outcome>),
    Failed(AppError),
}

async fn receive_and_import(
    state: &AppState,
    user: &CurrentUser,
    multipart: &mut Multipart,
    dir: &std::path::Path,
) -> Result<i64, Upload> {
    let mut name = None;
    let mut allow_errors = false;
    let mut file: Option<(std::path::PathBuf, String)> = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| Upload::Problem("file", format!("The upload could not be read: {e}")))?
    {
        match field.name().unwrap_or("") {
            "name" => name = Some(field.text().await.unwrap_or_default()),
            "allow_errors" => allow_errors = field.text().await.unwrap_or_default() == "yes",
            "file" => {
                let original = field
                    .file_name()
                    .unwrap_or("upload")
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
                    .take(100)
                    .collect::<String>();
                // Kept in a fresh private folder outside anything served, under the original
                // name reduced to safe characters, so error messages name the user's file.
                let safe = if original.trim_matches('.').is_empty() {
                    "upload".to_string()
                } else {
                    original.clone()
                };
                let path = dir.join(&safe);
                let mut out = std::fs::File::create(&path)
                    .map_err(|e| Upload::Failed(AppError::Internal(e.to_string())))?;
                let mut size = 0usize;
                while let Some(chunk) = field.chunk().await.map_err(|e| {
                    Upload::Problem("file", format!("The upload was interrupted: {e}"))
                })? {
                    size += chunk.len();
                    if size > MAX_UPLOAD_BYTES {
                        return Err(Upload::Problem(
                            "file",
                            format!(
                                "The file is larger than {} MB",
                                MAX_UPLOAD_BYTES / 1024 / 1024
                            ),
                        ));
                    }
                    out.write_all(&chunk)
                        .map_err(|e| Upload::Failed(AppError::Internal(e.to_string())))?;
                }
                if size == 0 {
                    return Err(Upload::Problem("file", "Choose a file to upload".into()));
                }
                file = Some((
                    path,
                    if original.is_empty() {
                        "upload".into()
                    } else {
                        original
                    },
                ));
            }
            _ => {}
        }
    }
    let Some((path, original)) = file else {
        return Err(Upload::Problem("file", "Choose a file to upload".into()));
    };
    let request = assure_ingest::ImportRequest {
        name,
        year: None,
        allow_errors,
        by: user.actor(),
        original_name: Some(original),
    };
    let options = assure_ingest::Options {
        year: None,
        today: (state.today)(),
    };
    match assure_ingest::import_into_store(&state.store, &path, &request, options, |_| {}).await {
        Ok((id, _)) => Ok(id),
        Err(assure_ingest::ImportError::HasErrors { outcome, .. }) => Err(Upload::Refused(outcome)),
        Err(assure_ingest::ImportError::Unreadable(e)) => {
            Err(Upload::Problem("file", e.to_string()))
        }
        Err(assure_ingest::ImportError::Store(assure_store::StoreError::Invalid(m))) => {
            Err(Upload::Problem("file", m))
        }
        Err(assure_ingest::ImportError::Store(e)) => Err(Upload::Failed(e.into())),
    }
}

#[derive(Deserialize, Default)]
pub struct IssueFilter {
    rule: Option<String>,
    severity: Option<String>,
    imported: Option<String>,
}

pub async fn view_dataset(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Query(f): Query<IssueFilter>,
) -> Result<Html<String>, AppError> {
    let dataset = state.store.dataset(id).await?;
    let counts: serde_json::Value = serde_json::from_str(&dataset.counts).unwrap_or_default();
    let rule = f.rule.clone().filter(|r| !r.trim().is_empty());
    let severity = f.severity.clone().filter(|s| s == "error" || s == "query");
    let all = state.store.dataset_issues(id, None, None).await?;
    let mut by_rule: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for i in &all {
        *by_rule
            .entry((i.rule.clone(), i.severity.clone()))
            .or_default() += 1;
    }
    let shown: Vec<_> = all
        .iter()
        .filter(|i| {
            rule.as_ref().is_none_or(|r| &i.rule == r)
                && severity.as_ref().is_none_or(|s| &i.severity == s)
        })
        .take(1000)
        .collect();
    let child_level = may(&user, Permission::ViewChildLevelData);
    if child_level && shown.iter().any(|i| i.child_id.is_some()) {
        let event = AuditEvent {
            actor_user_id: Some(user.user.id),
            actor: user.actor(),
            action: "child-data.view".into(),
            object_type: "dataset".into(),
            object_id: Some(id.to_string()),
            detail: Some(format!(
                "validation issues: {} rows with child ids",
                shown.iter().filter(|i| i.child_id.is_some()).count()
            )),
            ..AuditEvent::default()
        };
        state.store.record(&event, state.now()).await?;
    }
    let issues: Vec<_> = shown
        .iter()
        .map(|i| context! { rule => i.rule.clone(), severity => i.severity.clone(), child_id => if child_level { i.child_id.clone() } else { None }, field => i.field.clone(), message => i.message.clone(), location => i.location.clone() })
        .collect();
    let rules: Vec<_> = by_rule
        .into_iter()
        .map(|((r, s), n)| context! { rule => r, severity => s, count => n })
        .collect();
    let count_rows: Vec<_> = [
        "children",
        "contacts",
        "early_help",
        "referrals",
        "assessments",
        "s47",
        "icpcs",
        "cp_plans",
        "cin_plans",
    ]
    .iter()
    .map(|k| context! { label => k.replace('_', " "), count => counts[*k].as_u64().unwrap_or(0) })
    .collect();
    crate::templates::render(
        &state.templates,
        "dataset.html",
        context! {
            dataset => context! { id => dataset.id, name => dataset.name, format => dataset.source_format, census_year => dataset.census_year, file_name => dataset.file_name, sha256 => dataset.file_sha256, imported_by => dataset.imported_by, imported_at => dataset.imported_at.format("%d/%m/%Y %H:%M").to_string(), errors => dataset.errors, queries => dataset.queries },
            counts => count_rows, rules, issues, total => all.len(), shown => shown.len(), child_level,
            filter => context! { rule => rule, severity => severity }, imported => f.imported.is_some(),
            can_delete => may(&user, Permission::DeleteDatasets),
        },
    )
    .map(Html)
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.store.delete_dataset(id, &user.actor()).await?;
    Ok(Redirect::to("/datasets").into_response())
}

#[derive(Deserialize, Default)]
pub struct DrillQuery {
    dataset: Option<i64>,
}

/// The children and events behind one indicator: child-level data, so permission-gated and
/// every view recorded with its row count.
pub async fn view_children(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(indicator): Path<String>,
    Query(q): Query<DrillQuery>,
) -> Result<Html<String>, AppError> {
    let def = assure_indicators::definition(&indicator).ok_or(AppError::NotFound)?;
    let datasets = state.store.list_datasets().await?;
    let dataset = match q.dataset {
        Some(id) => datasets.into_iter().find(|d| d.id == id),
        None => datasets.into_iter().last(),
    }
    .ok_or(AppError::NotFound)?;
    let children = state.store.dataset_children(dataset.id).await?;
    let period = match dataset.census_year {
        Some(y) => assure_calendar::Period::census_year(y as i32)
            .map_err(|e| AppError::Internal(e.to_string()))?,
        None => assure_indicators::census_period_for((state.today)()),
    };
    let mut options = assure_indicators::Options::default();
    if let Some(n) = indicator
        .strip_prefix("assessments_within_")
        .and_then(|r| r.strip_suffix("wd_pct"))
        .and_then(|n| n.parse().ok())
    {
        options.extra_assessment_limits.push(n);
    }
    let rows = assure_indicators::drill_down_with(&children, period, &indicator, &options)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let event = AuditEvent {
        actor_user_id: Some(user.user.id),
        actor: user.actor(),
        action: "child-data.view".into(),
        object_type: "dataset".into(),
        object_id: Some(dataset.id.to_string()),
        detail: Some(format!("drill-down {indicator}: rows={}", rows.len())),
        ..AuditEvent::default()
    };
    state.store.record(&event, state.now()).await?;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d/%m/%Y").to_string());
    let view: Vec<_> = rows
        .iter()
        .take(2000)
        .map(|r| context! {
            child => r.child_id.as_str().to_string(), event => format!("{:?}", r.event), status => format!("{:?}", r.status),
            numerator => r.in_numerator, denominator => r.in_denominator, start => date(r.start), end => date(r.end), reference => date(r.reference_date),
            working_days => r.working_days, days => r.days, note => r.note.clone(),
        })
        .collect();
    crate::templates::render(
        &state.templates,
        "drill_down.html",
        context! { name => def.name, definition => def.definition, indicator, dataset_name => dataset.name, dataset_id => dataset.id, period => format!("{} to {}", period.start().format("%d/%m/%Y"), period.end().format("%d/%m/%Y")), rows => view, total => rows.len() },
    )
    .map(Html)
}
