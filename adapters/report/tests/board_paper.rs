//! Every format of the board paper carries every area and action of the seed plan.

use assure_plan::Plan;
use assure_planfiles::{read_plan, PlanFormat};
use assure_report::{render, ReportError, ReportFormat};
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::io::{Cursor, Read};

const SEED: &str = include_str!("../../../demo/brighton-hove-2010.toml");

fn seed() -> Plan {
    read_plan("seed.toml", SEED.as_bytes(), PlanFormat::Toml).unwrap()
}

fn as_at() -> NaiveDate {
    "2010-12-15".parse().unwrap()
}

/// Text as it appears in an XML part, and as one line (cells may break lines).
fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut part = archive.by_name(name).unwrap();
    let mut text = String::new();
    part.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn html_paper_has_table_1_the_summary_and_every_action() {
    let plan = seed();
    let html = String::from_utf8(render(&plan, as_at(), ReportFormat::Html).unwrap()).unwrap();
    assert!(html.contains("<h2 id=\"table-1\">Table 1: Summary of areas for development</h2>"));
    assert!(html.contains("Position as at 15 December 2010"));
    for (area, action) in plan.actions() {
        let escaped = minijinja_escape(&action.text);
        assert!(
            html.contains(&escaped),
            "area {} action {:?} missing",
            area.number,
            action.number
        );
    }
    assert_eq!(html.matches("<section class=\"area\"").count(), 8);
    // Status is a word with a symbol, never colour alone.
    assert!(html.contains("<span aria-hidden=\"true\">▲</span> Amber</span>"));
    assert!(html.contains("break-before: page"));
    // Area 4 action 1's "by end of November" milestones are overdue on 15 December 2010.
    assert!(html.contains("Overdue"));
}

fn minijinja_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

#[test]
fn word_paper_has_real_headings_repeating_header_rows_and_every_action() {
    let plan = seed();
    let docx = render(&plan, as_at(), ReportFormat::Docx).unwrap();
    let doc = zip_part(&docx, "word/document.xml");
    let styles = zip_part(&docx, "word/styles.xml");
    assert!(styles.contains("w:styleId=\"Heading1\""));
    // One Heading1 per area plus Table 1 and the status summary.
    assert_eq!(doc.matches("<w:pStyle w:val=\"Heading1\"/>").count(), 10);
    assert!(doc.matches("<w:tblHeader/>").count() >= 9);
    assert_eq!(doc.matches("<w:pageBreakBefore/>").count(), 8);
    for (area, action) in plan.actions() {
        let first_line = action.text.lines().next().unwrap();
        assert!(
            doc.contains(&xml_text(first_line)),
            "area {} action {:?} missing",
            area.number,
            action.number
        );
    }
    assert!(doc.contains("▲ Amber"));
}

#[test]
fn excel_paper_has_a_summary_and_a_sheet_per_area_with_every_action() {
    let plan = seed();
    let bytes = render(&plan, as_at(), ReportFormat::Xlsx).unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    assert_eq!(
        names,
        [
            "Summary", "Area 1", "Area 2", "Area 3", "Area 4", "Area 5a", "Area 5b", "Area 6",
            "Area 7"
        ]
    );
    let summary = wb.worksheet_range("Summary").unwrap();
    assert_eq!(
        summary.get_value((5, 1)),
        Some(&Data::String(
            "Review the role of Social Work Resource Officers".into()
        ))
    );
    for area in &plan.areas {
        let sheet = wb
            .worksheet_range(&format!("Area {}", area.number))
            .unwrap();
        let texts: Vec<String> = sheet
            .cells()
            .filter_map(|(_, _, d)| match d {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        for action in &area.actions {
            assert!(
                texts.iter().any(|t| t.starts_with(&action.text)),
                "area {} action {:?}",
                area.number,
                action.number
            );
        }
    }
}

#[test]
fn pdf_is_printed_by_chromium_or_refused_clearly() {
    let plan = seed();
    match render(&plan, as_at(), ReportFormat::Pdf) {
        Ok(pdf) => {
            assert!(assure_report::find_chromium().is_some());
            assert!(pdf.starts_with(b"%PDF"));
            assert!(pdf.len() > 10_000);
        }
        Err(ReportError::NoChromium) => assert!(assure_report::find_chromium().is_none()),
        Err(e) => panic!("PDF failed: {e}"),
    }
}
