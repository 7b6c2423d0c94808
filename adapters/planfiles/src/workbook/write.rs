//! Writes a plan as the documented workbook.

use super::layout::{self, Sheet, PLAN_FIELDS};
use crate::PlanFileError;
use assure_plan::{Plan, Status};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

struct Formats {
    header: Format,
    text: Format,
    date: Format,
}

pub fn write(plan: &Plan) -> Result<Vec<u8>, PlanFileError> {
    build(plan).map_err(PlanFileError::writing)
}

fn build(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        // The quote prefix keeps Excel from turning an edited "=…" into a formula.
        text: Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_quote_prefix(),
        date: Format::new()
            .set_num_format("dd/mm/yyyy")
            .set_align(FormatAlign::Top),
    };
    let mut wb = Workbook::new();
    guide_sheet(wb.add_worksheet(), &formats)?;

    let ws = sheet(&mut wb, &layout::PLAN, &formats)?;
    let values: [Cell; 6] = [
        Cell::Text(&plan.title),
        Cell::Text(&plan.organisation),
        Cell::Text(&plan.origin),
        Cell::Date(plan.origin_date),
        Cell::Date(plan.reporting_date),
        Cell::Text(plan.introduction.as_deref().unwrap_or("")),
    ];
    for (i, (field, value)) in PLAN_FIELDS.iter().zip(values).enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, 0, *field, &formats.header)?;
        put(ws, row, 1, value, &formats)?;
    }

    let ws = sheet(&mut wb, &layout::PEOPLE, &formats)?;
    for (i, p) in plan.people.iter().enumerate() {
        let row = i as u32 + 1;
        put_row(
            ws,
            row,
            &[
                Cell::Text(&p.name),
                Cell::Text(p.initials.as_deref().unwrap_or("")),
                Cell::Text(p.kind.word()),
                Cell::Text(p.role.as_deref().unwrap_or("")),
            ],
            &formats,
        )?;
    }

    let ws = sheet(&mut wb, &layout::AREAS, &formats)?;
    for (i, a) in plan.areas.iter().enumerate() {
        put_row(
            ws,
            i as u32 + 1,
            &[
                Cell::Text(a.number.as_str()),
                Cell::Text(&a.title),
                Cell::Text(a.heading.as_deref().unwrap_or("")),
                Cell::Text(&a.issue),
                Cell::Owned(a.sources.join("\n")),
                Cell::Owned(a.aims.join("\n")),
                Cell::Owned(a.success_criteria.join("\n")),
                Cell::Owned(a.owners.join("\n")),
                Cell::Owned(a.leads.join("\n")),
            ],
            &formats,
        )?;
    }

    let (mut actions, mut milestones, mut evaluations, mut history) =
        (vec![], vec![], vec![], vec![]);
    for (n, (area, action)) in plan.actions().enumerate() {
        let r = format!("A{}", n + 1);
        actions.push(vec![
            Cell::Owned(r.clone()),
            Cell::Text(area.number.as_str()),
            Cell::Text(action.number_label()),
            Cell::Text(&action.text),
            Cell::Text(action.status.word()),
            Cell::Owned(action.leads.join("\n")),
            Cell::Date(action.due),
        ]);
        for m in &action.milestones {
            milestones.push(vec![
                Cell::Owned(r.clone()),
                Cell::Text(&m.text),
                Cell::Date(m.due),
                Cell::Text(if m.completed { "Yes" } else { "No" }),
            ]);
        }
        for e in &action.evaluations {
            evaluations.push(vec![
                Cell::Owned(r.clone()),
                Cell::Date(e.date),
                Cell::Text(&e.text),
            ]);
        }
        for h in &action.history {
            history.push(vec![
                Cell::Owned(r.clone()),
                Cell::Owned(h.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                Cell::Text(&h.by),
                Cell::Text(h.from.word()),
                Cell::Text(h.to.word()),
                Cell::Text(&h.reason),
            ]);
        }
    }
    let ws = sheet(&mut wb, &layout::ACTIONS, &formats)?;
    for (i, row) in actions.into_iter().enumerate() {
        put_row(ws, i as u32 + 1, &row, &formats)?;
    }
    let words: Vec<&str> = Status::ALL.iter().map(|s| s.word()).collect();
    let status_list = DataValidation::new()
        .allow_list_strings(&words)?
        .set_error_message("Choose Blue, Green, Amber, Red or Not rated")?;
    ws.add_data_validation(1, 4, 10_000, 4, &status_list)?;
    let (mut measures, mut measure_history) = (vec![], vec![]);
    for (n, (area, m)) in plan
        .areas
        .iter()
        .flat_map(|a| a.measures.iter().map(move |m| (a, m)))
        .enumerate()
    {
        let r = format!("M{}", n + 1);
        measures.push(vec![
            Cell::Owned(r.clone()),
            Cell::Text(area.number.as_str()),
            Cell::Text(&m.criterion),
            Cell::Text(&m.indicator),
            Cell::Number(m.baseline.map(|b| b.value)),
            Cell::Date(m.baseline.map(|b| b.date)),
            Cell::Number(Some(m.target)),
            Cell::Text(m.direction.words()),
            Cell::Number(Some(m.tolerance)),
            Cell::Text(m.status.word()),
        ]);
        for h in &m.history {
            measure_history.push(vec![
                Cell::Owned(r.clone()),
                Cell::Owned(h.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                Cell::Text(&h.by),
                Cell::Text(h.from.word()),
                Cell::Text(h.to.word()),
                Cell::Text(&h.reason),
            ]);
        }
    }
    for (def, rows) in [
        (&layout::MILESTONES, milestones),
        (&layout::EVALUATIONS, evaluations),
        (&layout::HISTORY, history),
        (&layout::MEASURES, measures),
        (&layout::MEASURE_HISTORY, measure_history),
    ] {
        let ws = sheet(&mut wb, def, &formats)?;
        for (i, row) in rows.into_iter().enumerate() {
            put_row(ws, i as u32 + 1, &row, &formats)?;
        }
    }
    wb.save_to_buffer()
}

enum Cell<'a> {
    Text(&'a str),
    Owned(String),
    Date(Option<NaiveDate>),
    Number(Option<f64>),
}

fn sheet<'w>(
    wb: &'w mut Workbook,
    def: &Sheet,
    f: &Formats,
) -> Result<&'w mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(def.name)?;
    for (i, (header, _)) in def.columns.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *header, &f.header)?;
        let wide = matches!(
            *header,
            "Action"
                | "Milestone"
                | "Evaluation"
                | "Issue"
                | "Aims"
                | "Success criteria"
                | "Value"
                | "Reason"
        );
        ws.set_column_width(i as u16, if wide { 60 } else { 16 })?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

fn put_row(ws: &mut Worksheet, row: u32, cells: &[Cell], f: &Formats) -> Result<(), XlsxError> {
    for (col, cell) in cells.iter().enumerate() {
        put(ws, row, col as u16, cell_ref(cell), f)?;
    }
    Ok(())
}

fn cell_ref<'a>(cell: &'a Cell) -> Cell<'a> {
    match cell {
        Cell::Text(t) => Cell::Text(t),
        Cell::Owned(s) => Cell::Text(s),
        Cell::Date(d) => Cell::Date(*d),
        Cell::Number(n) => Cell::Number(*n),
    }
}

fn put(ws: &mut Worksheet, row: u32, col: u16, cell: Cell, f: &Formats) -> Result<(), XlsxError> {
    match cell {
        Cell::Text("") => {}
        Cell::Text(t) => {
            ws.write_string_with_format(row, col, t, &f.text)?;
        }
        Cell::Owned(s) if s.is_empty() => {}
        Cell::Owned(s) => {
            ws.write_string_with_format(row, col, &s, &f.text)?;
        }
        Cell::Number(None) | Cell::Date(None) => {}
        Cell::Number(Some(n)) => {
            ws.write_number(row, col, n)?;
        }
        Cell::Date(Some(d)) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_date_with_format(row, col, &dt, &f.date)?;
        }
    }
    Ok(())
}

fn guide_sheet(ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Guide")?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 90)?;
    ws.write_string_with_format(0, 0, "Assure plan workbook", &f.header)?;
    ws.write_string_with_format(
        1,
        0,
        "Edit the sheets below and import with: assure plan import FILE.xlsx. Keep the header rows. \
         A file with any error is refused whole, with the sheet, cell and field named.",
        &f.text,
    )?;
    ws.write_string_with_format(3, 0, "Sheet", &f.header)?;
    ws.write_string_with_format(3, 1, "Column", &f.header)?;
    ws.write_string_with_format(3, 2, "What it holds", &f.header)?;
    let mut row = 4;
    for def in layout::SHEETS {
        ws.write_string_with_format(row, 0, def.name, &f.header)?;
        ws.write_string_with_format(row, 2, def.purpose, &f.text)?;
        row += 1;
        for (header, meaning) in def.columns {
            ws.write_string_with_format(row, 1, *header, &f.text)?;
            ws.write_string_with_format(row, 2, *meaning, &f.text)?;
            row += 1;
        }
    }
    Ok(())
}
