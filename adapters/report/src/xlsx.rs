//! The board paper as a workbook: a summary sheet, then one sheet per area.

use crate::paper::{AreaView, MeasureView};
use crate::{BoardPaper, ReportError};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

struct Formats {
    title: Format,
    header: Format,
    label: Format,
    text: Format,
    number: Format,
}

pub fn render(paper: &BoardPaper) -> Result<Vec<u8>, ReportError> {
    build(paper).map_err(|e| ReportError::Render(e.to_string()))
}

fn build(paper: &BoardPaper) -> Result<Vec<u8>, XlsxError> {
    let f = Formats {
        title: Format::new().set_bold().set_font_size(16),
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color("F3F2F1")
            .set_border(rust_xlsxwriter::FormatBorder::Thin)
            .set_align(FormatAlign::Top),
        label: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        // Text is quote-prefixed so nothing a user typed can become a formula in Excel.
        text: Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_quote_prefix(),
        number: Format::new().set_align(FormatAlign::Top),
    };
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(&paper.title)
            .set_author("Assure"),
    );
    summary(wb.add_worksheet(), paper, &f)?;
    for area in &paper.areas {
        area_sheet(wb.add_worksheet(), area, &f)?;
    }
    wb.save_to_buffer()
}

fn summary(ws: &mut Worksheet, paper: &BoardPaper, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Summary")?;
    ws.set_column_width(0, 8)?;
    ws.set_column_width(1, 60)?;
    ws.set_column_width(2, 30)?;
    for c in 3..10 {
        ws.set_column_width(c, 10)?;
    }
    ws.write_string_with_format(0, 0, &paper.title, &f.title)?;
    ws.write_string_with_format(1, 0, &paper.organisation, &f.text)?;
    ws.write_string_with_format(2, 0, format!("Position as at {}", paper.as_at), &f.label)?;
    let headers = [
        "No",
        "Summary of areas for development",
        "Lead responsibility",
        "Blue",
        "Green",
        "Amber",
        "Red",
        "Not rated",
        "Overdue",
        "Actions",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(4, c as u16, *h, &f.header)?;
    }
    let mut row = 5;
    for a in &paper.areas {
        ws.write_string_with_format(row, 0, &a.number, &f.text)?;
        ws.write_string_with_format(row, 1, &a.title, &f.text)?;
        ws.write_string_with_format(row, 2, &a.leads, &f.text)?;
        counts(ws, row, &a.counts, f)?;
        row += 1;
    }
    ws.write_string_with_format(row, 1, "All areas", &f.label)?;
    counts(ws, row, &paper.counts, f)?;
    ws.write_string_with_format(
        row + 2,
        0,
        "Overdue: past a due date (the action's or a milestone's) and not complete.",
        &f.text,
    )?;
    ws.set_freeze_panes(5, 0)?;
    Ok(())
}

fn counts(
    ws: &mut Worksheet,
    row: u32,
    c: &assure_plan::StatusCounts,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, n) in [
        c.blue,
        c.green,
        c.amber,
        c.red,
        c.not_rated,
        c.overdue,
        c.total,
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_number_with_format(row, 3 + i as u16, n as f64, &f.number)?;
    }
    Ok(())
}

fn area_sheet(ws: &mut Worksheet, a: &AreaView, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(format!("Area {}", a.number))?;
    // Columns 6 and 7 are used only by the measures table.
    let widths = [6.0, 45.0, 50.0, 45.0, 14.0, 14.0, 14.0, 30.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.write_string_with_format(0, 0, format!("Area {}: {}", a.number, a.title), &f.title)?;
    let header_rows = [
        ("Area of development", a.issue.clone()),
        ("Source", a.sources.join("\n")),
        ("Aim", a.aims.join("\n")),
        ("Measurable success", a.success_criteria.join("\n")),
        ("Owner", a.owners.clone()),
    ];
    let mut row = 2;
    for (label, value) in header_rows {
        ws.write_string_with_format(row, 0, label, &f.label)?;
        ws.merge_range(row, 1, row, 5, &value, &f.text)?;
        row += 1;
    }
    row += 1;
    let headers = [
        "No",
        "Action(s)",
        "Milestone(s)",
        "Evaluation against milestones",
        "Status",
        "Lead",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &f.header)?;
    }
    let table_top = row;
    for x in &a.actions {
        row += 1;
        let milestones: Vec<String> = x
            .milestones
            .iter()
            .map(|m| {
                let mut s = format!("• {}", m.text);
                if let Some(d) = &m.due {
                    s.push_str(&format!(" (due {d})"));
                }
                if m.completed {
                    s.push_str(" [Completed]");
                } else if m.overdue {
                    s.push_str(" [Overdue]");
                }
                s
            })
            .collect();
        let evaluations: Vec<String> = x
            .evaluations
            .iter()
            .map(|e| match &e.date {
                Some(d) => format!("{d}: {}", e.text),
                None => e.text.clone(),
            })
            .collect();
        let mut text = x.text.clone();
        if let Some(d) = &x.due {
            text.push_str(&format!("\nDue {d}"));
        }
        let mut status = format!("{} {}", x.status.symbol, x.status.word);
        if x.overdue {
            status.push_str("\nOverdue");
        }
        let cells = [
            x.number.clone(),
            text,
            milestones.join("\n"),
            evaluations.join("\n"),
            status,
            x.leads.clone(),
        ];
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string_with_format(row, c as u16, v, &f.text)?;
            }
        }
    }
    if !a.measures.is_empty() {
        row += 2;
        measures_table(ws, row, a, f)?;
    }
    ws.set_freeze_panes(table_top + 1, 0)?;
    // Repeat the actions table's header row on every printed page.
    ws.set_repeat_rows(table_top, table_top)?;
    ws.set_landscape();
    Ok(())
}

/// The area's measures below its actions, so the actions table's frozen and repeated
/// header row stays the one at the top.
fn measures_table(
    ws: &mut Worksheet,
    top: u32,
    a: &AreaView,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        top,
        0,
        format!("{}. Measurable success: evidence", a.number),
        &f.label,
    )?;
    let headers = [
        "Criterion",
        "Indicator",
        "Baseline",
        "Latest (n)",
        "Target",
        "Suggested",
        "Chosen",
    ];
    // Criterion spans the narrow number column and the next, like the action text.
    let header_row = top + 1;
    ws.merge_range(header_row, 0, header_row, 1, headers[0], &f.header)?;
    for (i, h) in headers.iter().enumerate().skip(1) {
        ws.write_string_with_format(header_row, 1 + i as u16, *h, &f.header)?;
    }
    for (i, m) in a.measures.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        let cells = measure_cells(m);
        ws.merge_range(row, 0, row, 1, &cells[0], &f.text)?;
        for (c, v) in cells.iter().enumerate().skip(1) {
            if !v.is_empty() {
                ws.write_string_with_format(row, 1 + c as u16, v, &f.text)?;
            }
        }
    }
    Ok(())
}

fn measure_cells(m: &MeasureView) -> [String; 7] {
    let mut latest = match (&m.latest, &m.n) {
        (Some(v), Some(n)) => format!("{v} ({n})"),
        (Some(v), None) => v.clone(),
        (None, _) => "No data".to_string(),
    };
    for extra in [&m.source, &m.note].into_iter().flatten() {
        latest.push('\n');
        latest.push_str(extra);
    }
    let mut chosen = format!("{} {}", m.chosen.symbol, m.chosen.word);
    if let Some(line) = &m.disagreement {
        chosen.push('\n');
        chosen.push_str(line);
    }
    [
        m.criterion.clone(),
        m.indicator_name.clone(),
        m.baseline
            .clone()
            .unwrap_or_else(|| "Not recorded".to_string()),
        latest,
        format!(
            "{}\n{}; Amber within {}",
            m.target, m.direction, m.tolerance
        ),
        format!("{} {}", m.suggested.symbol, m.suggested.word),
        chosen,
    ]
}
