//! The board paper: the plan as the improvement board reads it.
//!
//! `paper::BoardPaper` is the one view of a plan (names resolved, dates in words, statuses
//! as word and symbol, overdue worked out for a given day); each format renders that view,
//! so HTML, Word, Excel and PDF cannot disagree. The web pages reuse the same view.

pub mod csv;
mod dates;
mod docx;
mod html;
pub mod paper;
mod pdf;
mod xlsx;

pub use dates::long_date;
pub use html::{environment, render_html};
pub use paper::{BoardPaper, MeasureEvidence};
pub use pdf::find_chromium;

use assure_plan::Plan;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Docx,
    Xlsx,
    Pdf,
}

impl ReportFormat {
    pub fn from_name(name: &str) -> Option<ReportFormat> {
        match name.to_ascii_lowercase().as_str() {
            "html" => Some(ReportFormat::Html),
            "docx" => Some(ReportFormat::Docx),
            "xlsx" => Some(ReportFormat::Xlsx),
            "pdf" => Some(ReportFormat::Pdf),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Docx => "docx",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Pdf => "pdf",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ReportFormat::Html => "text/html; charset=utf-8",
            ReportFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            ReportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ReportFormat::Pdf => "application/pdf",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not render the board paper: {0}")]
    Render(String),
    #[error("PDF needs Chromium (the Debian package `chromium`), which was not found; set ASSURE_CHROMIUM to its path, or choose html, docx or xlsx")]
    NoChromium,
    #[error("Chromium could not print the PDF: {0}")]
    Pdf(String),
}

/// Renders the board paper for `plan` as it stands on `as_at` (measures without evidence).
pub fn render(plan: &Plan, as_at: NaiveDate, format: ReportFormat) -> Result<Vec<u8>, ReportError> {
    render_paper(&BoardPaper::new(plan, as_at), format)
}

/// Renders a board paper already built, e.g. with [`BoardPaper::with_evidence`].
pub fn render_paper(paper: &BoardPaper, format: ReportFormat) -> Result<Vec<u8>, ReportError> {
    match format {
        ReportFormat::Html => render_html(paper).map(String::into_bytes),
        ReportFormat::Docx => docx::render(paper),
        ReportFormat::Xlsx => xlsx::render(paper),
        ReportFormat::Pdf => pdf::render(&render_html(paper)?),
    }
}
