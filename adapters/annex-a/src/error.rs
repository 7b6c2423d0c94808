use std::fmt;

/// A fatal problem: the file (or set of CSV files) cannot be imported at all. Nothing from it
/// should be kept. Per-row problems are [`crate::AnnexIssue`]s instead.
///
/// Displays as `annex_a.xlsx: <what went wrong>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct AnnexError {
    /// The file name the caller gave (an upload's original name, or a path).
    pub file: String,
    /// What went wrong.
    pub kind: AnnexErrorKind,
}

impl AnnexError {
    pub(crate) fn new(file: &str, kind: AnnexErrorKind) -> Self {
        AnnexError {
            file: crate::issue::clip(file),
            kind,
        }
    }
}

impl fmt::Display for AnnexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.kind)
    }
}

/// The kinds of fatal problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnexErrorKind {
    /// The zip pre-check refused the workbook (not a zip, a zip bomb, too many entries, a sheet
    /// declaring more rows or columns than allowed). The text comes from `assure-safezip`.
    #[error("the workbook was refused: it {0}")]
    Refused(String),
    /// The zip was acceptable but the spreadsheet library could not read it as a workbook.
    #[error("is not a readable xlsx workbook: {0}")]
    Unreadable(String),
    /// None of the sheets `List 1` … `List 7` is in the workbook.
    #[error("no Annex A list sheet was found (expected sheets named \"List 1\" … \"List 7\"; the workbook has {0})")]
    NoListSheets(String),
    /// A sheet holds a cell beyond the row or column cap (checked while streaming, because a
    /// sheet need not declare its dimension).
    #[error("sheet \"{sheet}\" has a cell at row {row}, column {column}; at most {max_rows} rows and {max_columns} columns are accepted")]
    SheetTooLarge {
        /// Sheet name.
        sheet: String,
        /// 1-based row.
        row: u64,
        /// 1-based column.
        column: u64,
        /// Row cap.
        max_rows: u64,
        /// Column cap.
        max_columns: u64,
    },
    /// Rows of a sheet are not in ascending order, or one row holds more cells than columns
    /// are allowed (repeated cell references). Excel never writes either.
    #[error("sheet \"{sheet}\" is malformed at row {row}: {detail}")]
    MalformedSheet {
        /// Sheet name (or CSV file name).
        sheet: String,
        /// 1-based row.
        row: u64,
        /// What is wrong.
        detail: String,
    },
    /// One cell holds more text than Excel allows in a cell.
    #[error("sheet \"{sheet}\" row {row} has a cell of more than {limit} characters (Excel's own limit is 32,767)")]
    CellTooLong {
        /// Sheet name (or CSV file name).
        sheet: String,
        /// 1-based row.
        row: u64,
        /// The cap.
        limit: usize,
    },
    /// The CSV file starts with a UTF-16 byte-order mark or looks like UTF-16.
    #[error("the file is UTF-16 text; only UTF-8 is accepted. In Excel choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\" and upload that file")]
    Utf16,
    /// The CSV file is not UTF-8 (typically Excel's plain "CSV (Comma delimited)", which is
    /// Windows-1252).
    #[error("the file is not UTF-8 text (line {line}: byte 0x{byte:02X}{guess}); it looks like Windows-1252, which Excel writes for plain \"CSV (Comma delimited)\". In Excel choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\" and upload that file")]
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: u64,
        /// The first byte that is not valid UTF-8.
        byte: u8,
        /// What the byte would be in Windows-1252, e.g. ` = "£" in Windows-1252`.
        guess: String,
    },
    /// The CSV file holds a NUL or another control character (other than tab, CR and LF).
    #[error("line {line} holds a control character ({code}); CSV files must be plain text")]
    ControlCharacter {
        /// 1-based line.
        line: u64,
        /// The character, as `U+0000`.
        code: String,
    },
    /// A CSV record has a different number of fields from the header row.
    #[error("row {row} has {found} fields but the header row has {expected}; every row must have the same number of fields")]
    RaggedRow {
        /// 1-based record (row) number.
        row: u64,
        /// Fields found.
        found: usize,
        /// Fields in the header row.
        expected: usize,
    },
    /// The CSV parser failed (e.g. an unterminated quote).
    #[error("is not a readable CSV file: {0}")]
    Csv(String),
    /// A CSV file could not be matched to an Annex A list by its name or its header row.
    #[error("cannot tell which Annex A list this file holds: name it list1.csv … list7.csv (or \"List 3.csv\", \"Annex A List 3 - Referrals.csv\" …), or give it the template header row{0}")]
    UnknownList(String),
    /// Two CSV files hold the same list.
    #[error("holds List {list}, which file \"{other}\" already holds; give each list once")]
    DuplicateList {
        /// List number.
        list: u8,
        /// The other file.
        other: String,
    },
    /// No CSV file was given (or the directory holds none).
    #[error("no CSV files were found")]
    NoCsvFiles,
    /// A file is larger than [`crate::Limits::max_csv_bytes`].
    #[error("the file is {size} bytes; at most {limit} bytes are accepted")]
    FileTooLarge {
        /// Size in bytes.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// Reading a file or directory failed.
    #[error("could not read: {0}")]
    Io(String),
}
