//! CSV files: which list a file holds, encodings, strict rows, and the same model as xlsx.

mod common;

use assure_annexa::{read_csv, read_csv_dir, rules, AnnexErrorKind, CsvFile, Severity};
use common::*;

fn csv_files(names: &[&str], sheets: &[Sheet]) -> Vec<(String, Vec<u8>)> {
    names
        .iter()
        .zip(sheets)
        .map(|(n, s)| (n.to_string(), s.csv().into_bytes()))
        .collect()
}

fn read_all(
    files: &[(String, Vec<u8>)],
) -> Result<assure_annexa::AnnexAImport, assure_annexa::AnnexError> {
    let refs: Vec<CsvFile<'_>> = files
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect();
    read_csv(&refs, &opts())
}

const NAMES: [&str; 7] = [
    "list1.csv",
    "List 2.csv",
    "Annex_A_List_3 - Referrals.csv",
    "LIST4.CSV",
    "list-5.csv",
    "annex a list 6.csv",
    "List 7 (CP).csv",
];

#[test]
fn csv_files_give_the_same_children_as_the_workbook() {
    let files = csv_files(&NAMES, &baseline());
    let from_csv = read_all(&files).unwrap();
    assert_clean(&from_csv);
    let from_xlsx = read(&baseline());
    assert_eq!(from_csv.children, from_xlsx.children);
    assert_eq!(from_csv.lists[2].sheet, "Annex_A_List_3 - Referrals.csv");
}

#[test]
fn list_recognised_by_header_row_when_the_name_does_not_say() {
    let names = [
        "a.csv", "b.csv", "c.csv", "d.csv", "e.csv", "f.csv", "g.csv",
    ];
    let mut sheets = baseline();
    sheets.reverse();
    let files = csv_files(&names, &sheets);
    let import = read_all(&files).unwrap();
    assert_clean(&import);
    let lists: Vec<(u8, &str)> = import
        .lists
        .iter()
        .map(|l| (l.list, l.sheet.as_str()))
        .collect();
    assert_eq!(lists[0], (7, "a.csv"));
    assert_eq!(lists[6], (1, "g.csv"));

    // A file that is no Annex A list at all.
    let files = vec![("notes.csv".to_string(), b"Name,Phone\nAnn,123\n".to_vec())];
    let err = read_all(&files).unwrap_err();
    assert!(matches!(err.kind, AnnexErrorKind::UnknownList(_)), "{err}");
    assert!(
        err.to_string()
            .starts_with("notes.csv: cannot tell which Annex A list"),
        "{err}"
    );
}

#[test]
fn two_files_for_one_list_are_refused_and_later_lists_skipped() {
    let files = csv_files(&["list1.csv", "List 1 copy.csv"], &[list1(), list1()]);
    let err = read_all(&files).unwrap_err();
    assert_eq!(err.file, "List 1 copy.csv");
    assert!(
        matches!(err.kind, AnnexErrorKind::DuplicateList { list: 1, .. }),
        "{err}"
    );

    let mut files = csv_files(&NAMES, &baseline());
    files.push(("list8.csv".into(), b"whatever\n".to_vec()));
    let import = read_all(&files).unwrap();
    let p = with_rule(&import, rules::LIST_NOT_READ);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].severity, Severity::Query);

    let files = csv_files(&["list1.csv"], &[list1()]);
    let import = read_all(&files).unwrap();
    assert_eq!(with_rule(&import, rules::LIST_MISSING).len(), 6);
}

#[test]
fn a_utf8_bom_is_fine() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(list1().csv().into_bytes());
    let files = vec![("list1.csv".to_string(), bytes)];
    let import = read_all(&files).unwrap();
    assert_eq!(child(&import, "A1").contacts.len(), 1);
    assert!(with_rule(&import, rules::HEADER_MISSING).is_empty());
}

#[test]
fn windows_1252_is_refused_with_guidance() {
    let mut l3 = list3();
    l3.set(0, "Allocated Team", s("Team £"));
    let text = l3.csv().replace('£', "\u{0}");
    let bytes: Vec<u8> = text
        .bytes()
        .map(|b| if b == 0 { 0xA3 } else { b })
        .collect();
    let err = read_all(&[("list3.csv".to_string(), bytes)]).unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(
            err.kind,
            AnnexErrorKind::NotUtf8 {
                line: 2,
                byte: 0xA3,
                ..
            }
        ),
        "{msg}"
    );
    assert!(msg.starts_with("list3.csv: the file is not UTF-8 text (line 2: byte 0xA3, which is \"£\" in Windows-1252)"), "{msg}");
    assert!(msg.contains("CSV UTF-8 (Comma delimited)"), "{msg}");
}

#[test]
fn utf16_is_refused() {
    let text = list1().csv();
    let mut le = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        le.extend(u.to_le_bytes());
    }
    let err = read_all(&[("list1.csv".to_string(), le)]).unwrap_err();
    assert_eq!(err.kind, AnnexErrorKind::Utf16);
    assert!(err.to_string().contains("CSV UTF-8"));
    let mut be_no_bom = Vec::new();
    for u in text.encode_utf16() {
        be_no_bom.extend(u.to_be_bytes());
    }
    let err = read_all(&[("list1.csv".to_string(), be_no_bom)]).unwrap_err();
    assert_eq!(err.kind, AnnexErrorKind::Utf16);
}

#[test]
fn nul_and_control_characters_are_refused() {
    let text = list1().csv().replacen("Police", "Pol\u{0}ice", 1);
    let err = read_all(&[("list1.csv".to_string(), text.into_bytes())]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "list1.csv: line 2 holds a control character (U+0000); CSV files must be plain text"
    );
    let text = list1().csv().replacen("Police", "Pol\u{1b}[2Jice", 1);
    assert!(matches!(
        read_all(&[("list1.csv".to_string(), text.into_bytes())])
            .unwrap_err()
            .kind,
        AnnexErrorKind::ControlCharacter { .. }
    ));
    // Tabs inside a field are whitespace, not control characters.
    let text = list1().csv().replacen("Police", "Po\tlice", 1);
    assert!(read_all(&[("list1.csv".to_string(), text.into_bytes())]).is_ok());
}

#[test]
fn rows_must_match_the_header_width_but_title_rows_need_not() {
    let mut l1 = list1();
    l1.titles(vec![
        vec![s("Annex A List 1"), s("Extract date 31/05/2024")],
        vec![],
    ]);
    let ok = read_all(&[("list1.csv".to_string(), l1.csv().into_bytes())]).unwrap();
    assert!(
        ok.problems.iter().all(|p| p.rule == rules::LIST_MISSING),
        "{:?}",
        ok.problems
    );
    assert_eq!(ok.lists[0].header_row, 3);
    assert_eq!(ok.extract_date, Some(date(2024, 5, 31)));

    let mut text = list1().csv();
    text.push_str("C3,a) Male,a) WBRI,01/01/2016,8,01/02/2024,q) 6: Police,extra\r\n");
    let err = read_all(&[("list1.csv".to_string(), text.into_bytes())]).unwrap_err();
    assert_eq!(
        err.kind,
        AnnexErrorKind::RaggedRow {
            row: 4,
            found: 8,
            expected: 7
        }
    );
    assert!(err
        .to_string()
        .starts_with("list1.csv: row 4 has 8 fields but the header row has 7"));
}

#[test]
fn spreadsheet_errors_written_as_text_count_as_blank() {
    let mut l3 = list3();
    l3.set(0, "Allocated Team", s("#N/A"))
        .set(0, "Age of Child (Years)", s("#N/A"));
    let import = read_all(&[("list3.csv".to_string(), l3.csv().into_bytes())]).unwrap();
    let p = with_rule(&import, rules::CELL_ERROR);
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].field, "Age of Child (Years)");
    assert_eq!(p[0].severity, Severity::Query);
    assert_eq!(
        p[1].severity,
        Severity::Error,
        "team is mandatory on List 3"
    );
    assert_eq!(
        p[1].message,
        "list3.csv row 2, Allocated Team: holds the spreadsheet error #N/A instead of a value"
    );
    assert_eq!(child(&import, "A1").episodes[0].team, None);
}

#[test]
fn malformed_csv_dates_are_reported() {
    let mut l1 = list1();
    l1.set(0, "Date of Contact", s("2024/01/10"));
    l1.set(1, "Date of Contact", s("01/13/2024"));
    let import = read_all(&[("list1.csv".to_string(), l1.csv().into_bytes())]).unwrap();
    let p = with_rule(&import, rules::DATE);
    assert_eq!(p.len(), 2);
    assert_eq!(
        p[1].message,
        "list1.csv row 3, Date of Contact: \"01/13/2024\" is not a date (dd/mm/yyyy)"
    );
}

#[test]
fn a_directory_of_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in csv_files(&NAMES, &baseline()) {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::write(dir.path().join("readme.txt"), b"not a csv").unwrap();
    let import = read_csv_dir(dir.path(), &opts()).unwrap();
    assert_clean(&import);
    assert_eq!(import.children, read(&baseline()).children);
    let via_path = assure_annexa::read_path(dir.path(), &opts()).unwrap();
    assert_eq!(via_path.children, import.children);

    let empty = tempfile::tempdir().unwrap();
    let err = read_csv_dir(empty.path(), &opts()).unwrap_err();
    assert_eq!(err.kind, AnnexErrorKind::NoCsvFiles);
}

#[test]
fn oversized_csv_files_and_cells_are_refused() {
    let mut options = opts();
    options.limits.max_csv_bytes = 100;
    let bytes = list1().csv().into_bytes();
    let err = read_csv(
        &[CsvFile {
            name: "list1.csv",
            bytes: &bytes,
        }],
        &options,
    )
    .unwrap_err();
    assert!(
        matches!(err.kind, AnnexErrorKind::FileTooLarge { .. }),
        "{err}"
    );

    let mut l1 = list1();
    l1.set(0, "Contact Source", s(&"x".repeat(40_000)));
    let err = read_all(&[("list1.csv".to_string(), l1.csv().into_bytes())]).unwrap_err();
    assert!(
        matches!(err.kind, AnnexErrorKind::CellTooLong { row: 2, .. }),
        "{err}"
    );
}
