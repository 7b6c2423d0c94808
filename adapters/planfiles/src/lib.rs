//! Plan files in and out.
//!
//! - TOML and YAML: the human-editable formats (no database ids).
//! - JSON: the complete machine format (ids, versions, status history).
//! - xlsx: a workbook template with one sheet per table, for people who live in Excel.
//!
//! Reading is all-or-nothing: a file either yields a whole, checked plan or an error
//! naming the file, where in it, the field and what is wrong.

mod error;
mod text;
pub mod workbook;

pub use error::{PlanFileError, Problem};

use assure_plan::Plan;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Toml,
    Yaml,
    Json,
    Xlsx,
}

impl PlanFormat {
    pub fn from_extension(path: &Path) -> Option<PlanFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::from_name(&ext)
    }

    pub fn from_name(name: &str) -> Option<PlanFormat> {
        match name {
            "toml" => Some(PlanFormat::Toml),
            "yaml" | "yml" => Some(PlanFormat::Yaml),
            "json" => Some(PlanFormat::Json),
            "xlsx" => Some(PlanFormat::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            PlanFormat::Toml => "toml",
            PlanFormat::Yaml => "yaml",
            PlanFormat::Json => "json",
            PlanFormat::Xlsx => "xlsx",
        }
    }
}

/// The largest plan file we accept. A plan is a few hundred rows; this bounds hostile input.
pub const MAX_PLAN_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Reads and checks a plan from a file, choosing the format by extension.
pub fn read_plan_file(path: &Path) -> Result<Plan, PlanFileError> {
    let name = path.display().to_string();
    let format = PlanFormat::from_extension(path).ok_or_else(|| {
        PlanFileError::whole(
            &name,
            "the file name must end in .toml, .yaml, .yml, .json or .xlsx",
        )
    })?;
    let size = std::fs::metadata(path)
        .map_err(|e| PlanFileError::whole(&name, format!("cannot be read: {e}")))?
        .len();
    if size > MAX_PLAN_FILE_BYTES {
        return Err(PlanFileError::whole(
            &name,
            format!("is {size} bytes; plan files are limited to {MAX_PLAN_FILE_BYTES} bytes"),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| PlanFileError::whole(&name, format!("cannot be read: {e}")))?;
    read_plan(&name, &bytes, format)
}

/// Reads and checks a plan held in memory; `name` is used in error messages.
pub fn read_plan(name: &str, bytes: &[u8], format: PlanFormat) -> Result<Plan, PlanFileError> {
    match format {
        PlanFormat::Xlsx => workbook::read(name, bytes),
        _ => {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                PlanFileError::whole(
                    name,
                    format!(
                        "is not UTF-8 text (first bad byte at offset {})",
                        e.valid_up_to()
                    ),
                )
            })?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let plan = text::parse(name, text, format)?;
            let plan =
                assure_plan::check(plan).map_err(|report| text::report_error(name, report))?;
            check_indicators(&plan, |ai, mi| {
                format!("areas[{ai}].measures[{mi}].indicator")
            })
            .map_err(|p| PlanFileError {
                file: name.to_string(),
                problems: p,
            })?;
            Ok(plan)
        }
    }
}

/// Every measure names an indicator the catalogue knows.
pub(crate) fn check_indicators(
    plan: &Plan,
    locate: impl Fn(usize, usize) -> String,
) -> Result<(), Vec<Problem>> {
    let problems: Vec<Problem> = plan
        .areas
        .iter()
        .enumerate()
        .flat_map(|(ai, a)| {
            a.measures
                .iter()
                .enumerate()
                .map(move |(mi, m)| (ai, mi, m))
        })
        .filter(|(_, _, m)| assure_indicators::definition(&m.indicator).is_none())
        .map(|(ai, mi, m)| Problem {
            location: locate(ai, mi),
            message: format!(
                "\"{}\" is not an indicator in the catalogue (see `assure kpi`)",
                m.indicator
            ),
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Writes a plan in the given format. TOML, YAML and xlsx leave out database ids.
pub fn write_plan(plan: &Plan, format: PlanFormat) -> Result<Vec<u8>, PlanFileError> {
    match format {
        PlanFormat::Json => {
            let mut out = serde_json::to_vec_pretty(plan).map_err(PlanFileError::writing)?;
            out.push(b'\n');
            Ok(out)
        }
        PlanFormat::Toml => toml::to_string_pretty(&plan.without_ids())
            .map(String::into_bytes)
            .map_err(PlanFileError::writing),
        PlanFormat::Yaml => serde_norway::to_string(&plan.without_ids())
            .map(String::into_bytes)
            .map_err(PlanFileError::writing),
        PlanFormat::Xlsx => workbook::write(plan),
    }
}
