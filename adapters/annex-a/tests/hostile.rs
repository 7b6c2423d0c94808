//! Hostile and broken files: each refused with a clear message naming the file, before
//! (or while) reading, with memory bounded by the caps.

mod common;

use assure_annexa::{read_xlsx, AnnexErrorKind, ZipLimits};
use common::*;

fn small() -> Vec<u8> {
    xlsx(&[list1()])
}

/// Drop the `<dimension …/>` element from a sheet so only the streaming caps can catch it.
fn without_dimension(bytes: &[u8]) -> Vec<u8> {
    patch_zip(
        bytes,
        |name, data| {
            if name != "xl/worksheets/sheet1.xml" {
                return None;
            }
            let text = String::from_utf8(data.to_vec()).unwrap();
            let start = text.find("<dimension").unwrap();
            let end = start + text[start..].find("/>").unwrap() + 2;
            Some(format!("{}{}", &text[..start], &text[end..]).into_bytes())
        },
        &[],
    )
}

#[test]
fn annex_a_zip_limits_are_as_documented() {
    let l = ZipLimits::ANNEX_A;
    assert_eq!(l.max_entries, 1_000);
    assert_eq!(l.max_total_bytes, 200 * 1024 * 1024);
    assert_eq!(l.max_entry_bytes, 150 * 1024 * 1024);
    assert_eq!(l.max_rows, 1_048_576);
    assert_eq!(l.max_columns, 200);
    let defaults = assure_annexa::Limits::default();
    assert_eq!(defaults.zip.max_total_bytes, l.max_total_bytes);
    assert_eq!(defaults.max_cell_chars, 32_767);
}

#[test]
fn a_zip_bomb_is_refused_before_calamine_opens_it() {
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let bomb = patch_zip(&small(), |_, _| None, &[("xl/media/padding.bin", zeros)]);
    assert!(bomb.len() < 200 * 1024, "small on disk: {}", bomb.len());
    let mut options = opts();
    options.limits.zip = ZipLimits {
        max_entry_bytes: 4 * 1024 * 1024,
        ..ZipLimits::ANNEX_A
    };
    let err = read_xlsx(&bomb, "bomb.xlsx", &options).unwrap_err();
    assert!(matches!(err.kind, AnnexErrorKind::Refused(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "bomb.xlsx: the workbook was refused: it zip entry xl/media/padding.bin inflates past 4194304 bytes; the workbook is refused"
    );
    // Total inflated size is capped too.
    options.limits.zip = ZipLimits {
        max_total_bytes: 6 * 1024 * 1024,
        ..ZipLimits::ANNEX_A
    };
    let err = read_xlsx(&bomb, "bomb.xlsx", &options).unwrap_err();
    assert!(
        err.to_string()
            .contains("inflates past 6291456 bytes in all"),
        "{err}"
    );
    // Under the default caps the same file is fine.
    assert!(read_xlsx(&bomb, "bomb.xlsx", &opts()).is_ok());
}

#[test]
fn a_sheet_declaring_a_billion_rows_is_refused_before_reading() {
    let bytes = small();
    let text = {
        let mut a = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut a.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut s)
            .unwrap();
        s
    };
    let start = text.find("<dimension ref=\"").unwrap() + 16;
    let end = start + text[start..].find('"').unwrap();
    let declared = &text[start..end];
    let hostile = patch_entry(
        &bytes,
        "xl/worksheets/sheet1.xml",
        declared,
        "A1:G1000000000",
    );
    let err = read_xlsx(&hostile, "huge.xlsx", &opts()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("huge.xlsx: the workbook was refused"),
        "{err}"
    );
    assert!(
        err.to_string().contains("declares 1000000000 rows"),
        "{err}"
    );

    let wide = patch_entry(&bytes, "xl/worksheets/sheet1.xml", declared, "A1:XFD3");
    let err = read_xlsx(&wide, "wide.xlsx", &opts()).unwrap_err();
    assert!(err.to_string().contains("16384 columns"), "{err}");
}

#[test]
fn an_undeclared_far_away_cell_is_caught_while_streaming() {
    let far_row = patch_entry(
        &without_dimension(&small()),
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"2000000\"><c r=\"A2000000\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>",
    );
    let err = read_xlsx(&far_row, "far.xlsx", &opts()).unwrap_err();
    assert_eq!(
        err.kind,
        AnnexErrorKind::SheetTooLarge {
            sheet: "List 1".into(),
            row: 2_000_000,
            column: 1,
            max_rows: 1_048_576,
            max_columns: 200
        }
    );
    assert_eq!(
        err.to_string(),
        "far.xlsx: sheet \"List 1\" has a cell at row 2000000, column 1; at most 1048576 rows and 200 columns are accepted"
    );

    let far_col = patch_entry(
        &without_dimension(&small()),
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"9\"><c r=\"HZ9\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>",
    );
    let err = read_xlsx(&far_col, "far.xlsx", &opts()).unwrap_err();
    assert!(
        matches!(err.kind, AnnexErrorKind::SheetTooLarge { column: 234, .. }),
        "{err}"
    );
}

#[test]
fn repeated_cells_and_rows_out_of_order_are_refused() {
    let cells: String = (0..300)
        .map(|_| "<c r=\"A9\" t=\"inlineStr\"><is><t>x</t></is></c>")
        .collect();
    let repeated = patch_entry(
        &without_dimension(&small()),
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        &format!("<row r=\"9\">{cells}</row></sheetData>"),
    );
    let err = read_xlsx(&repeated, "r.xlsx", &opts()).unwrap_err();
    assert!(
        err.to_string()
            .contains("the row holds more than 200 cells"),
        "{err}"
    );

    let back = patch_entry(
        &small(),
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>again</t></is></c></row></sheetData>",
    );
    let err = read_xlsx(&back, "b.xlsx", &opts()).unwrap_err();
    assert!(
        err.to_string()
            .contains("rows are out of order (row 2 follows row 3)"),
        "{err}"
    );
}

#[test]
fn an_overlong_cell_is_refused() {
    let mut l1 = list1();
    l1.set(0, "Contact Source", s("MARKER"));
    let bytes = xlsx(&[l1]);
    let long = "y".repeat(40_000);
    let hostile = patch_entry(&bytes, "xl/sharedStrings.xml", "MARKER", &long);
    let err = read_xlsx(&hostile, "long.xlsx", &opts()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "long.xlsx: sheet \"List 1\" row 2 has a cell of more than 32767 characters (Excel's own limit is 32,767)"
    );
}

#[test]
fn files_that_are_not_workbooks() {
    let err = read_xlsx(b"%PDF-1.7\n1 0 obj\n", "report.xlsx", &opts()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "report.xlsx: the workbook was refused: it is not an xlsx workbook (it does not start as a zip archive does)"
    );
    let err = read_xlsx(b"Child Unique ID,Gender\n", "list1.xlsx", &opts()).unwrap_err();
    assert!(matches!(err.kind, AnnexErrorKind::Refused(_)));

    // A zip that is not a spreadsheet.
    let plain = patch_zip(&small(), |_, _| None, &[]);
    let not_xlsx = {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        w.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, b"hello").unwrap();
        w.finish().unwrap();
        out.into_inner()
    };
    assert!(read_xlsx(&plain, "ok.xlsx", &opts()).is_ok());
    let err = read_xlsx(&not_xlsx, "archive.xlsx", &opts()).unwrap_err();
    assert!(matches!(err.kind, AnnexErrorKind::Unreadable(_)), "{err}");
    assert!(
        err.to_string()
            .starts_with("archive.xlsx: is not a readable xlsx workbook"),
        "{err}"
    );

    // A truncated workbook.
    let bytes = small();
    let err = read_xlsx(&bytes[..bytes.len() / 2], "cut.xlsx", &opts()).unwrap_err();
    assert!(matches!(err.kind, AnnexErrorKind::Refused(_)), "{err}");
}

#[test]
fn hostile_values_are_escaped_in_messages() {
    let mut l1 = list1();
    l1.set(0, "Gender", s("a) Male\r\n[error AA-forged] fake line"));
    let import = read(&[l1]);
    let p = with_rule(&import, assure_annexa::rules::CODE);
    assert_eq!(p.len(), 1, "{:?}", import.problems);
    assert!(!p[0].message.contains('\n'), "{}", p[0].message);
    let long = "z".repeat(500);
    let mut l1 = list1();
    l1.set(0, "Ethnicity", s(&long));
    let import = read(&[l1]);
    let p = with_rule(&import, assure_annexa::rules::CODE);
    assert!(p[0].message.len() < 300, "{}", p[0].message);
}
