//! Caps on a workbook's zip before any spreadsheet library sees it.
//!
//! An xlsx file is a zip: a few kilobytes can inflate to gigabytes, and a sheet can declare
//! a billion rows that a reader would allocate for. We inflate every entry ourselves
//! through a counting reader (declared sizes can lie) and read each sheet's declared
//! dimension, refusing the file before a cell is read.

use std::io::{Cursor, Read};

#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    pub max_rows: u64,
    pub max_columns: u64,
}

impl ZipLimits {
    /// Limits for an improvement plan workbook: a few hundred rows.
    pub const PLAN: ZipLimits = ZipLimits {
        max_entries: 200,
        max_entry_bytes: 50 * 1024 * 1024,
        max_total_bytes: 100 * 1024 * 1024,
        max_rows: 100_000,
        max_columns: 50,
    };

    /// Limits for a whole-LA Ofsted Annex A workbook (eleven list sheets, tens of thousands
    /// of rows each): 200 MB inflated in all, 150 MB in any one entry (a big list sheet or
    /// the shared-string table), 1,000 entries, Excel's own 1,048,576-row maximum and 200
    /// columns (the widest template list, List 8, has about 40).
    pub const ANNEX_A: ZipLimits = ZipLimits {
        max_entries: 1_000,
        max_entry_bytes: 150 * 1024 * 1024,
        max_total_bytes: 200 * 1024 * 1024,
        max_rows: 1_048_576,
        max_columns: 200,
    };
}

/// Checks the archive; the error says which limit was passed and where.
pub fn check(bytes: &[u8], limits: ZipLimits) -> Result<(), String> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err("is not an xlsx workbook (it does not start as a zip archive does)".into());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("is not a readable xlsx workbook: {e}"))?;
    if archive.len() > limits.max_entries {
        return Err(format!(
            "holds {} zip entries; at most {} are accepted",
            archive.len(),
            limits.max_entries
        ));
    }
    let mut total: u64 = 0;
    let mut buffer = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index(i)
            .map_err(|e| format!("zip entry {i} cannot be read: {e}"))?;
        let name = entry
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("#{i}"));
        buffer.clear();
        let read = entry
            .take(limits.max_entry_bytes + 1)
            .read_to_end(&mut buffer)
            .map_err(|e| format!("zip entry {name} cannot be inflated: {e}"))?
            as u64;
        if read > limits.max_entry_bytes {
            return Err(format!(
                "zip entry {name} inflates past {} bytes; the workbook is refused",
                limits.max_entry_bytes
            ));
        }
        total += read;
        if total > limits.max_total_bytes {
            return Err(format!(
                "inflates past {} bytes in all; the workbook is refused",
                limits.max_total_bytes
            ));
        }
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            check_dimension(&name, &buffer, limits)?;
        }
    }
    Ok(())
}

fn check_dimension(name: &str, sheet: &[u8], limits: ZipLimits) -> Result<(), String> {
    let head = &sheet[..sheet.len().min(64 * 1024)];
    let Some(start) = find(head, b"<dimension ref=\"") else {
        return Ok(());
    };
    let rest = &head[start + 16..];
    let Some(end) = rest.iter().position(|&b| b == b'"') else {
        return Ok(());
    };
    let reference = String::from_utf8_lossy(&rest[..end]);
    let last = reference.rsplit(':').next().unwrap_or("");
    let (cols, rows) = cell_position(last).ok_or_else(|| {
        format!("sheet {name} declares a dimension \"{reference}\" that is not a cell range")
    })?;
    if rows > limits.max_rows || cols > limits.max_columns {
        return Err(format!(
            "sheet {name} declares {rows} rows and {cols} columns ({reference}); at most {} rows and {} columns are accepted",
            limits.max_rows, limits.max_columns
        ));
    }
    Ok(())
}

/// "AB12" → (28, 12).
fn cell_position(cell: &str) -> Option<(u64, u64)> {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &cell[letters.len()..];
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
        return None;
    }
    let col = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0u64, |acc, b| acc * 26 + u64::from(b - b'A' + 1));
    Some((col, digits.parse().ok()?))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn cell_positions_are_read_from_references() {
        assert_eq!(cell_position("A1"), Some((1, 1)));
        assert_eq!(cell_position("XFD1048576"), Some((16384, 1048576)));
        assert_eq!(cell_position("1A"), None);
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_read() {
        let big = vec![b'a'; 2_000_000];
        let bytes = zip_of(&[("xl/sharedStrings.xml", &big)]);
        assert!(bytes.len() < 100_000, "the bomb must be small on disk");
        let limits = ZipLimits {
            max_entry_bytes: 1_000_000,
            ..ZipLimits::PLAN
        };
        let err = check(&bytes, limits).unwrap_err();
        assert!(err.contains("inflates past 1000000 bytes"), "{err}");
    }

    #[test]
    fn a_sheet_declaring_a_billion_rows_is_refused() {
        let sheet = br#"<worksheet><dimension ref="A1:C1000000000"/></worksheet>"#;
        let bytes = zip_of(&[("xl/worksheets/sheet1.xml", sheet)]);
        let err = check(&bytes, ZipLimits::PLAN).unwrap_err();
        assert!(err.contains("declares 1000000000 rows"), "{err}");
    }

    #[test]
    fn too_many_entries_and_non_zips_are_refused() {
        let many: Vec<(String, &[u8])> = (0..5).map(|i| (format!("f{i}"), &b"x"[..])).collect();
        let refs: Vec<(&str, &[u8])> = many.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let limits = ZipLimits {
            max_entries: 4,
            ..ZipLimits::PLAN
        };
        assert!(check(&zip_of(&refs), limits)
            .unwrap_err()
            .contains("5 zip entries"));
        assert!(check(b"%PDF-1.4", ZipLimits::PLAN)
            .unwrap_err()
            .contains("not an xlsx"));
    }
}
