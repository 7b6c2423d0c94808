//! The board paper as one self-contained HTML page that prints well.

use crate::{BoardPaper, ReportError};
use minijinja::{context, Environment};

const TEMPLATE: &str = include_str!("../templates/board.html");
const CSS: &str = include_str!("../templates/board.css");

/// Splits text on blank lines, for templates that print paragraphs.
fn paragraphs(text: String) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

/// A template environment with Assure's filters; the web pages add their templates to it.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.add_filter("paragraphs", paragraphs);
    env
}

pub fn render_html(paper: &BoardPaper) -> Result<String, ReportError> {
    let mut env = environment();
    env.add_template("board.html", TEMPLATE)
        .map_err(|e| ReportError::Render(e.to_string()))?;
    let template = env
        .get_template("board.html")
        .map_err(|e| ReportError::Render(e.to_string()))?;
    template
        .render(context! { paper => minijinja::value::Serde(paper), css => minijinja::Value::from_safe_string(CSS.to_string()) })
        .map_err(|e| ReportError::Render(e.to_string()))
}
