//! The xlsx workbook: zip caps first, then calamine's streaming cell reader, sheet by sheet.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use crate::build::Collector;
use crate::error::{AnnexError, AnnexErrorKind};
use crate::issue::{clip, rules, Severity};
use crate::schema::list_number_in_name;
use crate::sheet::{Cells, SheetReader};
use crate::values::RawCell;
use crate::{AnnexAImport, ReadOptions};

pub(crate) fn read(
    bytes: &[u8],
    file: &str,
    options: &ReadOptions,
) -> Result<AnnexAImport, AnnexError> {
    let fail = |kind| AnnexError::new(file, kind);
    let limits = options.limits;
    // IMP-02/IMP-03: every entry inflated through a counting reader, declared sheet
    // dimensions checked, before calamine sees a byte.
    assure_safezip::check(bytes, limits.zip).map_err(|m| fail(AnnexErrorKind::Refused(m)))?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| fail(AnnexErrorKind::Unreadable(clip(&e.to_string()))))?;
    let is_1904 = workbook.has_1904_epoch();
    let names = workbook.sheet_names();

    let mut collector = Collector::new(options.today, limits);
    let mut by_list: BTreeMap<u8, String> = BTreeMap::new();
    let mut duplicates: Vec<(u8, String, String)> = Vec::new();
    for name in &names {
        if let Some(n) = list_number_in_name(name).filter(|n| *n <= 7) {
            match by_list.get(&n) {
                Some(first) => duplicates.push((n, name.clone(), first.clone())),
                None => {
                    by_list.insert(n, name.clone());
                }
            }
        }
    }
    if by_list.is_empty() {
        let shown: Vec<String> = names
            .iter()
            .take(20)
            .map(|n| format!("\"{}\"", clip(n)))
            .collect();
        let listing = if shown.is_empty() {
            "no sheets".to_string()
        } else {
            format!("sheets {}", shown.join(", "))
        };
        return Err(fail(AnnexErrorKind::NoListSheets(listing)));
    }
    for list in 1..=7u8 {
        let Some(name) = by_list.get(&list).cloned() else {
            collector.list_missing(
                list,
                &format!("the workbook has no sheet named \"List {list}\""),
            );
            continue;
        };
        let mut reader = SheetReader::new(&mut collector, &name, vec![list], is_1904, false);
        for (n, dup, first) in duplicates.iter().filter(|(n, _, _)| *n == list) {
            let sheet = collector.add_sheet(dup);
            collector.issue(
                rules::SHEET_DUPLICATE,
                Severity::Query,
                None,
                "",
                sheet,
                0,
                format!(
                    "{}: another sheet for List {n}; only \"{}\" is read",
                    clip(dup),
                    clip(first)
                ),
            );
        }
        stream_sheet(&mut workbook, &name, &mut reader, &mut collector, options).map_err(fail)?;
        reader.finish(&mut collector).map_err(fail)?;
    }
    Ok(collector.finish())
}

fn stream_sheet(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    reader: &mut SheetReader,
    collector: &mut Collector,
    options: &ReadOptions,
) -> Result<(), AnnexErrorKind> {
    let limits = options.limits;
    let unreadable = |e: calamine::XlsxError| {
        AnnexErrorKind::Unreadable(format!(
            "sheet \"{}\": {}",
            clip(name),
            clip(&e.to_string())
        ))
    };
    let mut cells_reader = workbook.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut current: Option<u32> = None;
    let mut cells: Cells = Vec::new();
    while let Some(cell) = cells_reader.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        if u64::from(row) >= u64::from(limits.max_rows) || col >= limits.max_columns {
            return Err(AnnexErrorKind::SheetTooLarge {
                sheet: clip(name),
                row: u64::from(row) + 1,
                column: u64::from(col) + 1,
                max_rows: u64::from(limits.max_rows),
                max_columns: u64::from(limits.max_columns),
            });
        }
        if current != Some(row) {
            if let Some(prev) = current {
                if row < prev {
                    return Err(AnnexErrorKind::MalformedSheet {
                        sheet: clip(name),
                        row: u64::from(row) + 1,
                        detail: format!(
                            "rows are out of order (row {} follows row {})",
                            row + 1,
                            prev + 1
                        ),
                    });
                }
                reader.push_row(prev + 1, std::mem::take(&mut cells), 0, collector)?;
            }
            current = Some(row);
        }
        let value = raw_cell(cell.get_value(), name, row, limits.max_cell_chars)?;
        if value != RawCell::Empty {
            if cells.len() >= limits.max_columns as usize {
                return Err(AnnexErrorKind::MalformedSheet {
                    sheet: clip(name),
                    row: u64::from(row) + 1,
                    detail: format!("the row holds more than {} cells", limits.max_columns),
                });
            }
            cells.push((col, value));
        }
    }
    if let Some(prev) = current {
        reader.push_row(prev + 1, cells, 0, collector)?;
    }
    Ok(())
}

fn raw_cell(
    value: &DataRef<'_>,
    sheet: &str,
    row: u32,
    max_chars: usize,
) -> Result<RawCell, AnnexErrorKind> {
    let text = |s: &str| -> Result<RawCell, AnnexErrorKind> {
        if s.len() > max_chars && s.chars().count() > max_chars {
            return Err(AnnexErrorKind::CellTooLong {
                sheet: clip(sheet),
                row: u64::from(row) + 1,
                limit: max_chars,
            });
        }
        Ok(RawCell::Text(s.to_string()))
    };
    Ok(match value {
        DataRef::Empty => RawCell::Empty,
        DataRef::String(s) => text(s)?,
        DataRef::SharedString(s) => text(s)?,
        DataRef::Int(i) => RawCell::Number(*i as f64),
        DataRef::Float(f) => RawCell::Number(*f),
        DataRef::Bool(b) => RawCell::Bool(*b),
        DataRef::DateTime(dt) => RawCell::Serial(dt.as_f64()),
        DataRef::DateTimeIso(s) => RawCell::IsoDate(s.chars().take(64).collect()),
        DataRef::DurationIso(s) => RawCell::Text(s.chars().take(64).collect()),
        DataRef::Error(e) => RawCell::Error(e.to_string()),
    })
}
