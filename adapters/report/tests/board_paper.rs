//! Every format of the board paper carries every area and action of the seed plan.

use assure_plan::{Plan, Status, StatusChange};
use assure_planfiles::{read_plan, PlanFormat};
use assure_report::{render, render_paper, BoardPaper, MeasureEvidence, ReportError, ReportFormat};
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::collections::BTreeMap;
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

const S47_CRITERION: &str =
    "711 Sec 47 Events led to 406 ICPC: 57% of section 47 events led to ICPC";

/// The seed with ids on its measures, area 2's first measure chosen Red (with a reason)
/// against evidence suggesting Amber, and a paper built with that evidence.
fn paper_with_evidence() -> BoardPaper {
    let mut plan = seed();
    let mut next = 1;
    for area in &mut plan.areas {
        for m in &mut area.measures {
            m.id = Some(next);
            next += 1;
        }
    }
    let s47 = &mut plan.areas[1].measures[0];
    assert_eq!(s47.criterion, S47_CRITERION);
    s47.status = Status::Red;
    s47.history.push(StatusChange {
        at: "2010-12-01T10:00:00Z".parse().unwrap(),
        by: "RH".into(),
        from: Status::NotRated,
        to: Status::Red,
        reason: "Falling each month since July".into(),
    });
    let mut evidence = BTreeMap::new();
    evidence.insert(
        s47.id.unwrap(),
        MeasureEvidence {
            value: Some(56.9),
            numerator: 380,
            denominator: Some(668),
            unit_percent: true,
            indicator_name: "Section 47 enquiries leading to an ICPC".into(),
            source: Some("Synthetic census 2009-10, 1 April 2009 to 31 March 2010".into()),
            suggested: Status::Amber,
            note: None,
        },
    );
    BoardPaper::with_evidence(&plan, as_at(), &evidence)
}

#[test]
fn every_format_carries_the_measures_with_suggested_and_chosen_status() {
    let paper = paper_with_evidence();
    let view = &paper.area("2").unwrap().measures[0];
    assert_eq!(view.latest.as_deref(), Some("56.9%"));
    assert_eq!(view.n.as_deref(), Some("380 of 668"));
    assert_eq!(view.baseline.as_deref(), Some("57.1% on 31 July 2010"));
    assert_eq!((view.suggested.word, view.chosen.word), ("Amber", "Red"));
    // The status summary still counts actions only.
    assert_eq!(paper.counts, BoardPaper::new(&seed(), as_at()).counts);

    let html = String::from_utf8(render_paper(&paper, ReportFormat::Html).unwrap()).unwrap();
    let area2 = &html[html.find("id=\"area-2\"").unwrap()..html.find("id=\"area-3\"").unwrap()];
    assert!(area2.contains("2. Measurable success: evidence"));
    assert!(area2.contains("<th scope=\"col\">Suggested</th><th scope=\"col\">Chosen</th>"));
    assert!(area2.contains(&minijinja_escape(S47_CRITERION)));
    assert!(area2.contains("56.9% (380 of 668)"));
    assert!(area2.contains("<span aria-hidden=\"true\">▲</span> Amber</span></td>\n<td><span class=\"status status--red\"><span aria-hidden=\"true\">■</span> Red</span>"));
    assert!(area2.contains("The lead chose Red where the evidence suggests Amber. Reason given: Falling each month since July"));
    // Measures without evidence say so rather than showing a figure.
    let area5a = &html[html.find("id=\"area-5a\"").unwrap()..];
    assert!(area5a.contains("No data"));

    let docx = render_paper(&paper, ReportFormat::Docx).unwrap();
    let doc = zip_part(&docx, "word/document.xml");
    assert!(doc.contains(&xml_text(S47_CRITERION)));
    assert!(doc.contains("2. Measurable success: evidence"));
    assert!(doc.contains("Suggested"));
    assert!(doc.contains("56.9% (380 of 668)"));
    let row = &doc[doc.find(&xml_text(S47_CRITERION)).unwrap()..];
    let row = &row[..row.find("</w:tr>").unwrap()];
    assert!(row.contains("▲ Amber") && row.contains("■ Red"), "{row}");
    // The measures table's header row repeats like the others; still one Heading1 per area.
    assert_eq!(doc.matches("<w:pStyle w:val=\"Heading1\"/>").count(), 10);
    let measures_tables = doc.matches("Measurable success: evidence").count();
    assert_eq!(measures_tables, 5, "areas 2, 3, 4, 5a and 5b have measures");
    assert!(doc.matches("<w:tblHeader/>").count() >= 9 + measures_tables);

    let bytes = render_paper(&paper, ReportFormat::Xlsx).unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("Area 2").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "Suggested"))
        .expect("a measures header row");
    assert!(header.iter().any(|c| c == "Chosen"));
    let row = rows
        .iter()
        .find(|r| r.iter().any(|c| c == S47_CRITERION))
        .expect("the S47 measure's row");
    assert!(row.iter().any(|c| c.starts_with("56.9% (380 of 668)")));
    assert!(row.iter().any(|c| c == "▲ Amber"));
    assert!(row
        .iter()
        .any(|c| c.starts_with("■ Red\nThe lead chose Red")));
}
