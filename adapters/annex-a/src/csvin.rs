//! CSV files, one per list.
//!
//! **Which list a file holds** is taken from its name when the name contains `list`
//! followed by a number (`list1.csv`, `List 3.csv`, `Annex_A_List_5 - S47.csv`;
//! case, spaces and punctuation ignored). Otherwise the header row decides: the file is
//! read as the list whose own columns (not the common ID/gender/ethnicity/birth/age/
//! disability/team/worker block) its header row matches best. Files named for Lists 8-11
//! are skipped with a query.
//!
//! **Encoding:** UTF-8 only (a UTF-8 byte-order mark is fine). UTF-16 and Windows-1252
//! (Excel's plain "CSV (Comma delimited)") are detected and refused with "save as CSV
//! UTF-8" guidance; NUL and other control characters (other than tab, CR, LF) are refused.
//! Nothing is ever silently replaced.
//!
//! **Shape:** comma-separated, `"` quoting. Rows above the header (titles) may have any
//! number of fields; from the header row on, every row must have exactly the header's
//! number of fields. Row numbers in messages are line numbers (the row Excel shows when it
//! opens the file, unless a quoted field spans lines).

use std::collections::BTreeMap;
use std::path::Path;

use crate::build::Collector;
use crate::error::{AnnexError, AnnexErrorKind};
use crate::issue::{clip, rules, Severity};
use crate::schema::{list_name, list_number_in_name};
use crate::sheet::{Cells, SheetReader};
use crate::values::RawCell;
use crate::{AnnexAImport, ReadOptions};

/// One CSV file handed to [`crate::read_csv`]: its name (used to tell which list it holds
/// and in messages) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct CsvFile<'a> {
    /// File name, e.g. `list3.csv` or `Annex A - List 3 Referrals.csv`.
    pub name: &'a str,
    /// The file's bytes.
    pub bytes: &'a [u8],
}

pub(crate) fn read(
    files: &[CsvFile<'_>],
    options: &ReadOptions,
) -> Result<AnnexAImport, AnnexError> {
    if files.is_empty() {
        return Err(AnnexError::new("(no files)", AnnexErrorKind::NoCsvFiles));
    }
    let mut collector = Collector::new(options.today, options.limits);
    let mut held: BTreeMap<u8, String> = BTreeMap::new();
    let mut attempted: Vec<u8> = Vec::new();
    for file in files {
        let fail = |kind| AnnexError::new(file.name, kind);
        let size = file.bytes.len() as u64;
        if size > options.limits.max_csv_bytes {
            return Err(fail(AnnexErrorKind::FileTooLarge {
                size,
                limit: options.limits.max_csv_bytes,
            }));
        }
        let text = decode(file.bytes).map_err(fail)?;
        let candidates = match list_number_in_name(file.name) {
            Some(n) if n > 7 => {
                let sheet = collector.add_sheet(file.name);
                collector.issue(
                    rules::LIST_NOT_READ,
                    Severity::Query,
                    None,
                    "",
                    sheet,
                    0,
                    format!(
                        "{}: List {n} ({}) is not imported (only Lists 1-7 are); the file was skipped",
                        clip(file.name),
                        list_name(n)
                    ),
                );
                continue;
            }
            Some(n) => {
                if let Some(other) = held.get(&n) {
                    return Err(fail(AnnexErrorKind::DuplicateList {
                        list: n,
                        other: other.clone(),
                    }));
                }
                attempted.push(n);
                vec![n]
            }
            None => (1..=7).collect(),
        };
        let tagged = candidates.len() == 1;
        let list = read_one(text, file.name, candidates, &mut collector, options).map_err(fail)?;
        if let Some(list) = list {
            if let Some(other) = held.insert(list, file.name.to_string()) {
                if !tagged {
                    return Err(fail(AnnexErrorKind::DuplicateList { list, other }));
                }
            }
        }
    }
    for list in 1..=7u8 {
        if !held.contains_key(&list) && !attempted.contains(&list) {
            collector.list_missing(list, "no CSV file for it was given");
        }
    }
    Ok(collector.finish())
}

fn read_one(
    text: &str,
    name: &str,
    candidates: Vec<u8>,
    collector: &mut Collector,
    options: &ReadOptions,
) -> Result<Option<u8>, AnnexErrorKind> {
    let limits = options.limits;
    let mut reader = SheetReader::new(collector, name, candidates, false, true);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // The csv crate's own line numbers drift with CRLF endings and blank lines, so count
    // line feeds up to each record's first byte.
    let bytes = text.as_bytes();
    let (mut counted_to, mut line) = (0usize, 1u64);
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(AnnexErrorKind::Csv(clip(&e.to_string()))),
        }
        let mut start = record
            .position()
            .map_or(counted_to, |p| {
                usize::try_from(p.byte()).unwrap_or(usize::MAX)
            })
            .clamp(counted_to, bytes.len());
        while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
            start += 1;
        }
        line += bytes[counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        counted_to = start;
        let row = u32::try_from(line).unwrap_or(u32::MAX);
        if line > u64::from(limits.max_rows) {
            return Err(AnnexErrorKind::SheetTooLarge {
                sheet: clip(name),
                row: line,
                column: record.len() as u64,
                max_rows: u64::from(limits.max_rows),
                max_columns: u64::from(limits.max_columns),
            });
        }
        if record.len() > limits.max_columns as usize {
            return Err(AnnexErrorKind::SheetTooLarge {
                sheet: clip(name),
                row: line,
                column: record.len() as u64,
                max_rows: u64::from(limits.max_rows),
                max_columns: u64::from(limits.max_columns),
            });
        }
        let mut cells: Cells = Vec::new();
        for (i, field) in record.iter().enumerate() {
            if field.len() > limits.max_cell_chars && field.chars().count() > limits.max_cell_chars
            {
                return Err(AnnexErrorKind::CellTooLong {
                    sheet: clip(name),
                    row: line,
                    limit: limits.max_cell_chars,
                });
            }
            if !field.is_empty() {
                cells.push((i as u32, RawCell::Text(field.to_string())));
            }
        }
        reader.push_row(row, cells, record.len(), collector)?;
    }
    reader.finish(collector)
}

/// Check the bytes are UTF-8 text without control characters; strip a UTF-8 BOM.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, AnnexErrorKind> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(AnnexErrorKind::Utf16);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    // UTF-16 without a byte-order mark: ASCII text with every other byte zero.
    let head = &body[..body.len().min(64)];
    if head.len() >= 4 {
        let even_zero = head.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_zero = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let half = head.len() / 2;
        if even_zero * 4 >= half * 3 || odd_zero * 4 >= half * 3 {
            return Err(AnnexErrorKind::Utf16);
        }
    }
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(e) => {
            let pos = e.valid_up_to();
            let byte = body[pos];
            let line = body[..pos].iter().filter(|b| **b == b'\n').count() as u64 + 1;
            let guess = match windows_1252(byte) {
                Some(c) => format!(", which is \"{c}\" in Windows-1252"),
                None => String::new(),
            };
            return Err(AnnexErrorKind::NotUtf8 { line, byte, guess });
        }
    };
    let mut line = 1u64;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            continue;
        }
        if (c.is_control() && c != '\t' && c != '\r') || c == '\u{7F}' {
            return Err(AnnexErrorKind::ControlCharacter {
                line,
                code: format!("U+{:04X}", c as u32),
            });
        }
    }
    Ok(text)
}

/// The Windows-1252 character for a byte that is not valid UTF-8 on its own.
fn windows_1252(byte: u8) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => Some(HIGH[usize::from(byte - 0x80)]).filter(|c| *c != '\0'),
        0xA0..=0xFF => char::from_u32(u32::from(byte)),
        _ => None,
    }
}

/// Read every `*.csv` file (any case) directly inside `dir`, in name order.
pub(crate) fn read_dir(dir: &Path, options: &ReadOptions) -> Result<AnnexAImport, AnnexError> {
    let shown = dir.display().to_string();
    let io = |e: std::io::Error| AnnexError::new(&shown, AnnexErrorKind::Io(e.to_string()));
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv && path.is_file() {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        return Err(AnnexError::new(&shown, AnnexErrorKind::NoCsvFiles));
    }
    paths.sort();
    let mut contents = Vec::with_capacity(paths.len());
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(path)
            .map_err(|e| AnnexError::new(&name, AnnexErrorKind::Io(e.to_string())))?
            .len();
        if size > options.limits.max_csv_bytes {
            return Err(AnnexError::new(
                &name,
                AnnexErrorKind::FileTooLarge {
                    size,
                    limit: options.limits.max_csv_bytes,
                },
            ));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| AnnexError::new(&name, AnnexErrorKind::Io(e.to_string())))?;
        contents.push((name, bytes));
    }
    let files: Vec<CsvFile<'_>> = contents
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect();
    read(&files, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode(b"a,b\n"), Ok("a,b\n"));
        assert_eq!(decode(b"\xEF\xBB\xBFa,b\n"), Ok("a,b\n"));
        assert_eq!(decode(b"\xFF\xFEa\0,\0b\0"), Err(AnnexErrorKind::Utf16));
        assert_eq!(
            decode(b"C\0h\0i\0l\0d\0,\0I\0D\0"),
            Err(AnnexErrorKind::Utf16)
        );
        match decode(b"id,team\n1,\xA3 team\n") {
            Err(AnnexErrorKind::NotUtf8 { line, byte, guess }) => {
                assert_eq!((line, byte), (2, 0xA3));
                assert!(guess.contains('£'), "{guess}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            decode(b"a,b\nc\0,d\n"),
            Err(AnnexErrorKind::ControlCharacter {
                line: 2,
                code: "U+0000".into()
            })
        );
        assert!(decode(b"a\tb\r\n").is_ok());
        assert!(decode("a,\u{1b}[31m\n".as_bytes()).is_err());
    }
}
