//! TOML, YAML and JSON share one serde model; errors name the line and the field path.

use crate::{PlanFileError, PlanFormat, Problem};
use assure_plan::{Plan, ValidationReport};

pub(crate) fn parse(name: &str, text: &str, format: PlanFormat) -> Result<Plan, PlanFileError> {
    match format {
        PlanFormat::Toml => {
            let de = toml::Deserializer::parse(text).map_err(|e| {
                PlanFileError::at(name, toml_line(text, &e), e.message().to_string())
            })?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let location = join(&toml_line(text, &inner), &path);
                PlanFileError::at(name, location, inner.message().trim().to_string())
            })
        }
        PlanFormat::Yaml => {
            let de = serde_norway::Deserializer::from_str(text);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let line = inner
                    .location()
                    .map(|l| format!("line {}", l.line()))
                    .unwrap_or_default();
                PlanFileError::at(name, join(&line, &path), strip_position(&inner.to_string()))
            })
        }
        PlanFormat::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let line = format!("line {}", inner.line());
                PlanFileError::at(name, join(&line, &path), strip_position(&inner.to_string()))
            })
        }
        PlanFormat::Xlsx => unreachable!("workbooks are read by the workbook module"),
    }
}

/// Whole-plan problems for a text file, located by field path.
pub(crate) fn report_error(name: &str, report: ValidationReport) -> PlanFileError {
    PlanFileError {
        file: name.to_string(),
        problems: report
            .problems
            .into_iter()
            .map(|p| Problem {
                location: format!("{}.{}", p.at.path(), p.field),
                message: p.message,
            })
            .collect(),
    }
}

fn toml_line(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => format!(
            "line {}",
            1 + text[..span.start.min(text.len())].matches('\n').count()
        ),
        None => String::new(),
    }
}

fn join(line: &str, path: &str) -> String {
    match (line.is_empty(), path.is_empty() || path == ".") {
        (true, true) => String::new(),
        (true, false) => path.to_string(),
        (false, true) => line.to_string(),
        (false, false) => format!("{line}, {path}"),
    }
}

/// serde_json and YAML append " at line X column Y"; we report the line ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
