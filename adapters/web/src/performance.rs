//! Performance pages: indicator tiles, run charts, the S47 → ICPC → CP plan funnel,
//! breakdowns by team, comparators, and downloads of every table.
//!
//! Aggregates only: nothing here shows a child. Every percentage carries its numerator and
//! denominator and a 95% Wilson interval; a denominator under 30 is tagged "small number".
//! Downloads suppress counts of 1 to 5 as DfE does (see [`export`]).
//!
//! The council is `ASSURE_LA_CODE` (any key `assure_reference::find_la` accepts: ONS code,
//! DfE number or name), read once; the default is Brighton and Hove (`E06000043`), the demo's
//! council. Its region and statistical neighbours follow from the shipped reference data.

mod compare;
mod export;
mod model;

use crate::{AppError, AppState};
use assure_calendar::Period;
use assure_casedata::Child;
use assure_indicators::{IndicatorDef, Options};
use assure_reference::LocalAuthority;
use assure_store::{Comparator, DatasetSummary};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::OnceLock;

/// The environment variable naming the council.
pub const LA_CODE_VAR: &str = "ASSURE_LA_CODE";
/// Brighton and Hove, the demo's council.
pub const DEFAULT_LA_CODE: &str = "E06000043";
/// The longest period a page computes (monthly series cost one pass per month).
const MAX_PERIOD_DAYS: i64 = 366 * 5;

/// The council's code as configured (`ASSURE_LA_CODE`), read once.
fn la_code() -> &'static str {
    static CODE: OnceLock<String> = OnceLock::new();
    CODE.get_or_init(|| {
        std::env::var(LA_CODE_VAR)
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| DEFAULT_LA_CODE.to_string())
    })
}

/// The council, if `ASSURE_LA_CODE` names one the reference data knows.
fn council() -> Option<&'static LocalAuthority> {
    static LA: OnceLock<Option<&'static LocalAuthority>> = OnceLock::new();
    *LA.get_or_init(|| {
        let la = assure_reference::find_la(la_code());
        if la.is_none() {
            tracing::warn!(
                code = la_code(),
                "{LA_CODE_VAR} names no local authority Assure knows: published comparators and rates are not shown"
            );
        }
        la
    })
}

/// A field error for the GET form, shown in the error summary and beside the field.
#[derive(Debug, Clone, Serialize)]
struct FormError {
    field: &'static str,
    message: String,
}

/// The query string: `?dataset=ID&period=START..END`, both optional. Read as pairs so a
/// repeated or malformed parameter is a message on the page, never a bare 400.
type RawChoice = Query<Vec<(String, String)>>;

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// A plan measure that uses an indicator: its target, for the tiles and run charts.
#[derive(Debug, Clone, Serialize)]
struct PlanTarget {
    indicator: String,
    target: f64,
    criterion: String,
    area_number: String,
    area_title: String,
    href: String,
}

/// The population the rates per 10,000 use, and which ONS mid-year it is.
#[derive(Debug, Clone, Serialize)]
struct PopulationUsed {
    count: u64,
    mid_year: u16,
    /// Said on the page when the mid-year is not the one DfE would use.
    note: Option<String>,
}

/// Everything a page or download computes from: the dataset, the period, the children.
struct Selection {
    datasets: Vec<DatasetSummary>,
    dataset: DatasetSummary,
    period: Period,
    /// What the user typed, to show back in the form.
    period_input: String,
    errors: Vec<FormError>,
    children: Vec<Child>,
    options: Options,
    population: Option<PopulationUsed>,
    targets: Vec<PlanTarget>,
    comparators: Vec<Comparator>,
}

impl Selection {
    /// `dataset=…&period=…` for links that keep the choice.
    fn query(&self) -> String {
        format!("dataset={}&period={}", self.dataset.id, self.period)
    }

    /// The census (reporting) year the period ends in.
    fn reporting_year(&self) -> i32 {
        assure_calendar::census_year_of(self.period.end())
    }
}

/// Works out the dataset and period from the query. `Ok(None)`: there are no datasets.
/// With `strict`, a bad choice is an error (downloads); otherwise it is shown on the page
/// and the default is used.
async fn select(
    state: &AppState,
    pairs: &[(String, String)],
    strict: bool,
    extra_limits: &[u32],
) -> Result<Option<Selection>, AppError> {
    let datasets = state.store.list_datasets().await?;
    let Some(latest) = datasets.last().cloned() else {
        return Ok(None);
    };
    let mut errors = Vec::new();
    let dataset = match param(pairs, "dataset") {
        None => latest,
        Some(text) => match text
            .parse::<i64>()
            .ok()
            .and_then(|id| datasets.iter().find(|d| d.id == id))
        {
            Some(d) => d.clone(),
            None => {
                errors.push(FormError {
                    field: "dataset",
                    message: "Choose a dataset from the list".into(),
                });
                latest
            }
        },
    };
    let default_period = default_period(&dataset, (state.today)());
    let period_input = param(pairs, "period").unwrap_or("").to_string();
    let period = if period_input.is_empty() {
        default_period
    } else {
        match Period::parse(&period_input) {
            Ok(p) if p.num_days() > MAX_PERIOD_DAYS => {
                errors.push(FormError {
                    field: "period",
                    message: "The period must be 5 years or shorter".into(),
                });
                default_period
            }
            Ok(p) => p,
            Err(_) => {
                errors.push(FormError {
                    field: "period",
                    message:
                        "Enter the period as its first and last days, like 2009-04-01..2010-03-31"
                            .into(),
                });
                default_period
            }
        }
    };
    if strict && !errors.is_empty() {
        let message = errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join(". ");
        return Err(AppError::BadRequest(format!("{message}.")));
    }
    let children = state.store.dataset_children(dataset.id).await?;
    let targets = plan_targets(state).await?;
    let comparators = state.store.list_comparators(None).await?;
    let mut limits: Vec<u32> = targets
        .iter()
        .filter_map(|t| within_limit(&t.indicator))
        .chain(extra_limits.iter().copied())
        .collect();
    limits.sort_unstable();
    limits.dedup();
    let reporting_year = assure_calendar::census_year_of(period.end());
    let population = population_for(reporting_year);
    let options = Options {
        population: population.as_ref().map(|p| p.count),
        extra_assessment_limits: limits,
        ..Options::default()
    };
    Ok(Some(Selection {
        datasets,
        dataset,
        period,
        period_input,
        errors,
        children,
        options,
        population,
        targets,
        comparators,
    }))
}

/// The dataset's census year, else the census year of its extract date, else today's.
fn default_period(dataset: &DatasetSummary, today: NaiveDate) -> Period {
    dataset
        .census_year
        .and_then(|y| i32::try_from(y).ok())
        .and_then(|y| Period::census_year(y).ok())
        .unwrap_or_else(|| {
            assure_indicators::census_period_for(dataset.extract_date.unwrap_or(today))
        })
}

/// `N` of `assessments_within_{N}wd_pct` (45 is always computed).
fn within_limit(id: &str) -> Option<u32> {
    let n: u32 = id
        .strip_prefix("assessments_within_")?
        .strip_suffix("wd_pct")?
        .parse()
        .ok()?;
    (n != 45 && assure_indicators::definition(id).is_some()).then_some(n)
}

/// The council's 0–17 population for a reporting year: DfE uses the mid-year before it. When
/// the shipped estimates do not cover that mid-year, the nearest one is used and the page
/// says so.
fn population_for(reporting_year: i32) -> Option<PopulationUsed> {
    let la = council()?;
    let wanted = u16::try_from(reporting_year - 1).ok()?;
    if let Some(count) = assure_reference::population_0_17(&la.code, wanted) {
        return Some(PopulationUsed {
            count,
            mid_year: wanted,
            note: None,
        });
    }
    let years = assure_reference::table_years(assure_reference::TableId::Population2025);
    let nearest = years
        .iter()
        .copied()
        .filter(|&y| assure_reference::population_0_17(&la.code, y).is_some())
        .min_by_key(|&y| (i32::from(y) - i32::from(wanted)).abs())?;
    let count = assure_reference::population_0_17(&la.code, nearest)?;
    Some(PopulationUsed {
        count,
        mid_year: nearest,
        note: Some(format!(
            "The shipped ONS estimates do not include mid-{wanted}, the year DfE would use for this period, so the nearest, mid-{nearest}, is used."
        )),
    })
}

/// Targets of plan measures linked to indicators, from every plan.
async fn plan_targets(state: &AppState) -> Result<Vec<PlanTarget>, AppError> {
    let mut out = Vec::new();
    for summary in state.store.list_plans().await? {
        let plan = state.store.load_plan(summary.id).await?;
        for area in &plan.areas {
            for m in &area.measures {
                out.push(PlanTarget {
                    indicator: m.indicator.clone(),
                    target: m.target,
                    criterion: m.criterion.clone(),
                    area_number: area.number.as_str().to_string(),
                    area_title: area.title.clone(),
                    href: area
                        .id
                        .map(|a| format!("/plans/{}/areas/{a}", summary.id))
                        .unwrap_or_else(|| format!("/plans/{}", summary.id)),
                });
            }
        }
    }
    Ok(out)
}

/// The indicator the path names, or 404.
fn indicator_def(id: &str) -> Result<IndicatorDef, AppError> {
    assure_indicators::definition(id).ok_or(AppError::NotFound)
}

/// The page shown when there is no dataset yet.
#[derive(Serialize)]
struct NoData {
    council: Option<String>,
    no_data: bool,
}

/// Indicators that belong to the S47 → ICPC → CP plan funnel.
pub(crate) const FUNNEL_INDICATORS: [&str; 5] = [
    "s47_started",
    "s47_to_icpc_pct",
    "icpcs",
    "icpc_to_cpp_pct",
    "icpc_dropout_pct",
];

/// The funnel (with the named comparators) from the latest dataset, for an area page whose
/// measures are about it; None when there is no data.
pub(crate) async fn funnel_for_area(
    state: &AppState,
) -> Result<Option<model::FunnelView>, AppError> {
    let Some(sel) = select(state, &[], false, &[]).await? else {
        return Ok(None);
    };
    let view = tokio::task::spawn_blocking(move || model::funnel_only(&sel))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Some(view))
}

pub(crate) async fn view_dashboard(
    State(state): State<AppState>,
    Query(pairs): RawChoice,
) -> Result<Html<String>, AppError> {
    let Some(sel) = select(&state, &pairs, false, &[]).await? else {
        let ctx = NoData {
            council: council().map(|la| la.name.clone()),
            no_data: true,
        };
        return crate::templates::render(
            &state.templates,
            "performance.html",
            minijinja::Value::from(minijinja::value::Serde(&ctx)),
        )
        .map(Html);
    };
    let page = tokio::task::spawn_blocking(move || model::dashboard(&sel))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    crate::templates::render(
        &state.templates,
        "performance.html",
        minijinja::Value::from(minijinja::value::Serde(&page)),
    )
    .map(Html)
}

pub(crate) async fn view_indicator(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(pairs): RawChoice,
) -> Result<Html<String>, AppError> {
    let def = indicator_def(&id)?;
    let extra: Vec<u32> = within_limit(&id).into_iter().collect();
    let Some(sel) = select(&state, &pairs, false, &extra).await? else {
        return Err(AppError::NotFound);
    };
    let page = tokio::task::spawn_blocking(move || model::indicator(&sel, &def))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    crate::templates::render(
        &state.templates,
        "performance_indicator.html",
        minijinja::Value::from(minijinja::value::Serde(&page)),
    )
    .map(Html)
}

/// `tiles.csv` → (`tiles`, `csv`); anything else is not a download.
fn split_file(file: &str) -> Result<(&str, export::Format), AppError> {
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let format = export::Format::from_extension(ext).ok_or(AppError::NotFound)?;
    Ok((name, format))
}

pub(crate) async fn download_dashboard_table(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(pairs): RawChoice,
) -> Result<Response, AppError> {
    let (name, format) = split_file(&file)?;
    if !["tiles", "funnel", "comparators"].contains(&name) {
        return Err(AppError::NotFound);
    }
    let name = name.to_string();
    let sel = select(&state, &pairs, true, &[])
        .await?
        .ok_or(AppError::NotFound)?;
    let file_name = format!(
        "performance-{name}-dataset-{}-{}-to-{}.{}",
        sel.dataset.id,
        sel.period.start(),
        sel.period.end(),
        format.extension()
    );
    let sheet = tokio::task::spawn_blocking(move || match name.as_str() {
        "tiles" => model::tiles_sheet(&sel),
        "funnel" => model::funnel_sheet(&sel),
        _ => model::comparators_sheet(&sel),
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    download(&sheet, format, &file_name)
}

pub(crate) async fn download_indicator_table(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    Query(pairs): RawChoice,
) -> Result<Response, AppError> {
    let def = indicator_def(&id)?;
    let (name, format) = split_file(&file)?;
    if !["series", "teams", "comparators"].contains(&name) {
        return Err(AppError::NotFound);
    }
    let name = name.to_string();
    let extra: Vec<u32> = within_limit(&id).into_iter().collect();
    let sel = select(&state, &pairs, true, &extra)
        .await?
        .ok_or(AppError::NotFound)?;
    let file_name = format!(
        "{}-{name}-dataset-{}-{}-to-{}.{}",
        def.id,
        sel.dataset.id,
        sel.period.start(),
        sel.period.end(),
        format.extension()
    );
    let sheet = tokio::task::spawn_blocking(move || match name.as_str() {
        "series" => model::series_sheet(&sel, &def),
        "teams" => model::teams_sheet(&sel, &def),
        _ => model::indicator_comparators_sheet(&sel, &def),
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    download(&sheet, format, &file_name)
}

fn download(
    sheet: &export::Sheet,
    format: export::Format,
    file_name: &str,
) -> Result<Response, AppError> {
    let bytes = match format {
        export::Format::Csv => export::csv(sheet),
        export::Format::Xlsx => export::xlsx(sheet).map_err(AppError::Internal)?,
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                header::HeaderValue::from_static(format.content_type()),
            ),
            (
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            ),
            (header::CONTENT_DISPOSITION, attachment(file_name)),
        ],
        bytes,
    )
        .into_response())
}

/// A download header with a server-chosen file name of safe characters only.
fn attachment(name: &str) -> header::HeaderValue {
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .collect();
    header::HeaderValue::from_str(&format!("attachment; filename=\"{safe}\""))
        .expect("ASCII header")
}
