//! One sheet (or CSV file): find its header row, map its columns, and turn each data row
//! into a typed record for the [`Collector`].

use assure_casedata::{ChildId, NaiveDate};
use chrono::Duration;

use crate::build::{Collector, Prov, RowData, RowVals, Val};
use crate::codes::{self, YesNo};
use crate::error::AnnexErrorKind;
use crate::issue::{clip, rules, Severity};
use crate::schema::{self, is_common, normalise_header, Col, Kind, F};
use crate::values::{
    is_invisible, normalise_space, number_text, parse_date_text, serial_to_date, DateError, RawCell,
};

/// The cells of one row: (0-based column, value), non-empty cells only.
pub(crate) type Cells = Vec<(u32, RawCell)>;

/// A header row matched against one list.
#[derive(Debug, Clone)]
struct HeaderMatch {
    list: u8,
    /// (column definition, 0-based column, header text as in the file)
    cols: Vec<(Col, u32, String)>,
    duplicates: Vec<(u32, String, &'static str)>,
    extras: Vec<(u32, String)>,
    /// Matched list-specific columns (not ID, gender, ethnicity, birth, age, disability,
    /// team, worker): tells lists apart.
    specific: usize,
}

impl HeaderMatch {
    fn total(&self) -> usize {
        self.cols.len()
    }
    fn has(&self, f: F) -> bool {
        self.cols.iter().any(|(c, _, _)| c.f == f)
    }
    fn acceptable(&self) -> bool {
        self.has(F::ChildId) && self.total() >= 3 && self.specific >= 1
    }
}

fn match_header(list: u8, cells: &Cells, is_1904: bool) -> HeaderMatch {
    let defs = schema::columns(list);
    let texts: Vec<(u32, String, String)> = cells
        .iter()
        .filter_map(|(col, cell)| {
            let text = match cell {
                RawCell::Text(s) => normalise_space(s),
                RawCell::Empty => return None,
                other => other.display(is_1904),
            };
            if text.is_empty() {
                return None;
            }
            let norm = normalise_header(&text);
            Some((*col, text, norm))
        })
        .collect();
    let mut taken: Vec<Option<usize>> = vec![None; texts.len()];
    let mut used = vec![false; defs.len()];
    let mut duplicates = Vec::new();
    // Pass 1: exact spellings.
    for (ti, (col, text, norm)) in texts.iter().enumerate() {
        if let Some(di) = defs.iter().position(|d| schema::matches_exact(d.f, norm)) {
            if used[di] {
                duplicates.push((*col, text.clone(), defs[di].header));
                taken[ti] = Some(usize::MAX);
            } else {
                used[di] = true;
                taken[ti] = Some(di);
            }
        }
    }
    // Pass 2: looser patterns for what is left.
    for (ti, (_, _, norm)) in texts.iter().enumerate() {
        if taken[ti].is_some() {
            continue;
        }
        if let Some(di) =
            (0..defs.len()).find(|&di| !used[di] && schema::matches_pattern(defs[di].f, norm))
        {
            used[di] = true;
            taken[ti] = Some(di);
        }
    }
    let mut cols = Vec::new();
    let mut extras = Vec::new();
    for (ti, (col, text, _)) in texts.into_iter().enumerate() {
        match taken[ti] {
            Some(di) if di != usize::MAX => cols.push((defs[di], col, text)),
            Some(_) => {}
            None => extras.push((col, text)),
        }
    }
    let specific = cols.iter().filter(|(c, _, _)| !is_common(c.f)).count();
    HeaderMatch {
        list,
        cols,
        duplicates,
        extras,
        specific,
    }
}

#[derive(Debug)]
struct Layout {
    list: u8,
    header_row: u32,
    /// Number of fields in the header record (CSV width check).
    width: usize,
    cols: Vec<(Col, u32, String)>,
    data_rows: u32,
    imported: u32,
}

enum State {
    Scanning(Vec<(u32, Cells, usize)>),
    Reading(Layout),
    /// No header row in the first rows: the rest of the sheet is ignored.
    Skipped,
}

/// Reads one sheet or CSV file row by row.
pub(crate) struct SheetReader {
    sheet: u16,
    name: String,
    candidates: Vec<u8>,
    is_1904: bool,
    /// CSV: every row from the header on must have the header's number of fields.
    strict_width: bool,
    state: State,
}

impl SheetReader {
    pub fn new(
        c: &mut Collector,
        name: &str,
        candidates: Vec<u8>,
        is_1904: bool,
        strict_width: bool,
    ) -> Self {
        let sheet = c.add_sheet(name);
        SheetReader {
            sheet,
            name: name.to_string(),
            candidates,
            is_1904,
            strict_width,
            state: State::Scanning(Vec::new()),
        }
    }

    /// Feed one row (1-based row number; non-empty cells; for CSV the record's field count).
    pub fn push_row(
        &mut self,
        row: u32,
        cells: Cells,
        fields: usize,
        c: &mut Collector,
    ) -> Result<(), AnnexErrorKind> {
        if cells.iter().all(|(_, v)| v.is_blank()) {
            if let State::Reading(layout) = &self.state {
                self.check_width(layout, row, fields)?;
            }
            return Ok(());
        }
        match &mut self.state {
            State::Skipped => Ok(()),
            State::Scanning(buf) => {
                buf.push((row, cells, fields));
                if buf.len() >= c.limits.header_scan_rows {
                    self.decide(c)?;
                }
                Ok(())
            }
            State::Reading(_) => {
                let State::Reading(mut layout) =
                    std::mem::replace(&mut self.state, State::Scanning(Vec::new()))
                else {
                    unreachable!()
                };
                let result = self.data_row(&mut layout, row, &cells, fields, c);
                self.state = State::Reading(layout);
                result
            }
        }
    }

    /// End of the sheet. Returns the list read, if a header row was found.
    pub fn finish(mut self, c: &mut Collector) -> Result<Option<u8>, AnnexErrorKind> {
        if let State::Scanning(_) = self.state {
            self.decide(c)?;
        }
        match self.state {
            State::Reading(layout) => {
                c.list_read(
                    layout.list,
                    self.sheet,
                    layout.header_row,
                    layout.data_rows,
                    layout.imported,
                );
                Ok(Some(layout.list))
            }
            State::Scanning(_) | State::Skipped => Ok(None),
        }
    }

    fn check_width(&self, layout: &Layout, row: u32, fields: usize) -> Result<(), AnnexErrorKind> {
        if self.strict_width && fields != layout.width {
            return Err(AnnexErrorKind::RaggedRow {
                row: u64::from(row),
                found: fields,
                expected: layout.width,
            });
        }
        Ok(())
    }

    /// Choose the header row (and, for an untagged CSV file, the list) from the buffered
    /// rows, then read the buffered rows below it.
    fn decide(&mut self, c: &mut Collector) -> Result<(), AnnexErrorKind> {
        let State::Scanning(buf) = std::mem::replace(&mut self.state, State::Scanning(Vec::new()))
        else {
            return Ok(());
        };
        let mut best: Option<(usize, HeaderMatch)> = None;
        let mut tie = false;
        for (i, (_, cells, _)) in buf.iter().enumerate() {
            for &list in &self.candidates {
                let m = match_header(list, cells, self.is_1904);
                if !m.acceptable() {
                    continue;
                }
                let key = (m.specific, m.total());
                match &best {
                    Some((_, b)) if (b.specific, b.total()) > key => {}
                    Some((_, b)) if (b.specific, b.total()) == key => {
                        if b.list != m.list {
                            tie = true;
                        }
                    }
                    _ => {
                        tie = false;
                        best = Some((i, m));
                    }
                }
            }
        }
        let Some((index, m)) = best else {
            if self.candidates.len() > 1 {
                return Err(AnnexErrorKind::UnknownList(String::new()));
            }
            let list = self.candidates[0];
            c.issue(
                rules::HEADER_ROW,
                Severity::Error,
                None,
                "",
                self.sheet,
                0,
                format!(
                    "{}: no header row was found in the first {} rows (expected List {} headers such as \"Child Unique ID\" and \"{}\"); the list was not read",
                    self.name,
                    c.limits.header_scan_rows,
                    list,
                    schema::columns(list)[5].header
                ),
            );
            self.state = State::Skipped;
            return Ok(());
        };
        if tie && self.candidates.len() > 1 {
            return Err(AnnexErrorKind::UnknownList(
                " (its header row matches more than one list)".into(),
            ));
        }
        let (header_row, _, width) = &buf[index];
        let header_row = *header_row;
        let width = *width;
        // Title rows above the header may carry the extract date.
        if let Some(d) = find_extract_date(&buf[..index], self.is_1904, c.today) {
            c.title_date(d.0, self.sheet, d.1);
        }
        self.report_header(&m, header_row, c);
        let mut layout = Layout {
            list: m.list,
            header_row,
            width,
            cols: m.cols,
            data_rows: 0,
            imported: 0,
        };
        c.set_headers(self.sheet, &layout.cols);
        let rest: Vec<_> = buf.into_iter().skip(index + 1).collect();
        for (row, cells, fields) in rest {
            self.data_row(&mut layout, row, &cells, fields, c)?;
        }
        self.state = State::Reading(layout);
        Ok(())
    }

    fn report_header(&self, m: &HeaderMatch, row: u32, c: &mut Collector) {
        for col in schema::columns(m.list) {
            if col.expected && !m.has(col.f) {
                let sev = if col.mandatory {
                    Severity::Error
                } else {
                    Severity::Query
                };
                c.issue(
                    rules::HEADER_MISSING,
                    sev,
                    None,
                    col.header,
                    self.sheet,
                    row,
                    format!(
                        "{} row {row}: the column \"{}\" was not found in the header row{}",
                        self.name,
                        col.header,
                        if col.mandatory {
                            " (it is mandatory)"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
        for (_, text, header) in &m.duplicates {
            c.issue(
                rules::HEADER_DUPLICATE,
                Severity::Query,
                None,
                text,
                self.sheet,
                row,
                format!(
                    "{} row {row}, {}: a second column for \"{header}\"; only the first is read",
                    self.name,
                    clip(text)
                ),
            );
        }
        for (_, text) in &m.extras {
            c.issue(
                rules::EXTRA_COLUMN,
                Severity::Query,
                None,
                text,
                self.sheet,
                row,
                format!(
                    "{} row {row}, {}: not a List {} column; it was ignored and nothing from it is stored",
                    self.name,
                    clip(text),
                    m.list
                ),
            );
        }
    }

    fn data_row(
        &self,
        layout: &mut Layout,
        row: u32,
        cells: &Cells,
        fields: usize,
        c: &mut Collector,
    ) -> Result<(), AnnexErrorKind> {
        self.check_width(layout, row, fields)?;
        let cell_of = |col: u32| -> &RawCell {
            cells
                .iter()
                .find(|(c, _)| *c == col)
                .map(|(_, v)| v)
                .unwrap_or(&RawCell::Empty)
        };
        if layout
            .cols
            .iter()
            .all(|(_, col, _)| cell_of(*col).is_blank())
        {
            return Ok(());
        }
        layout.data_rows += 1;
        let mut ctx = RowCtx {
            c,
            sheet: self.sheet,
            name: &self.name,
            row,
            child: None,
            is_1904: self.is_1904,
        };
        // The child ID first: without it the row cannot be keyed.
        let Some((id_idx, id_header)) = layout
            .cols
            .iter()
            .find(|(c, _, _)| c.f == F::ChildId)
            .map(|(_, i, h)| (*i, h.as_str()))
        else {
            return Ok(());
        };
        let id_cell = cell_of(id_idx);
        let id = if let Some(err) = id_cell.error_text() {
            ctx.report(
                rules::CELL_ERROR,
                Severity::Error,
                id_header,
                format!("holds the spreadsheet error {err}; the row is not imported"),
            );
            return Ok(());
        } else if id_cell.is_blank() {
            ctx.report(
                rules::MANDATORY_BLANK,
                Severity::Error,
                id_header,
                "is blank; the row is not imported".into(),
            );
            return Ok(());
        } else {
            let raw = id_cell.display(self.is_1904);
            match ChildId::parse(&raw) {
                Ok(id) => id,
                Err(e) => {
                    ctx.report(
                        rules::CHILD_ID,
                        Severity::Error,
                        id_header,
                        format!(
                            "\"{}\" cannot be used: {e}; the row is not imported",
                            clip(&raw)
                        ),
                    );
                    return Ok(());
                }
            }
        };
        ctx.child = Some(id.as_str().to_string());
        let mut vals = RowVals::default();
        for (col, idx, header) in &layout.cols {
            if col.f == F::ChildId {
                continue;
            }
            if let Some(v) = ctx.value(col, header, cell_of(*idx)) {
                vals.set(col.f, v);
            }
        }
        let data = RowData {
            list: layout.list,
            id,
            prov: Prov {
                sheet: self.sheet,
                row,
            },
            vals,
        };
        if c.add_row(data) {
            layout.imported += 1;
        }
        Ok(())
    }
}

struct RowCtx<'a> {
    c: &'a mut Collector,
    sheet: u16,
    name: &'a str,
    row: u32,
    child: Option<String>,
    is_1904: bool,
}

impl RowCtx<'_> {
    fn report(&mut self, rule: &'static str, sev: Severity, header: &str, detail: String) {
        let message = format!("{} row {}, {}: {detail}", self.name, self.row, clip(header));
        self.c.issue(
            rule,
            sev,
            self.child.clone(),
            header,
            self.sheet,
            self.row,
            message,
        );
    }

    /// Parse one cell for its column; report and return `None` when it cannot be used.
    fn value(&mut self, col: &Col, header: &str, cell: &RawCell) -> Option<Val> {
        if let Some(err) = cell.error_text() {
            let sev = if col.mandatory {
                Severity::Error
            } else {
                Severity::Query
            };
            self.report(
                rules::CELL_ERROR,
                sev,
                header,
                format!("holds the spreadsheet error {err} instead of a value"),
            );
            return None;
        }
        if cell.is_blank() {
            if col.mandatory {
                self.report(
                    rules::MANDATORY_BLANK,
                    Severity::Error,
                    header,
                    "is blank but must be filled in".into(),
                );
            }
            return None;
        }
        let kind = col.kind();
        let shown = cell.display(self.is_1904);
        match kind {
            Kind::Id => None,
            Kind::Date => self.date(col, header, cell, &shown).map(Val::Date),
            Kind::Age => {
                let n = match cell {
                    RawCell::Number(n) | RawCell::Serial(n) => Some(*n),
                    RawCell::Text(s) => s.trim().parse::<f64>().ok(),
                    _ => None,
                };
                match n {
                    Some(n) if n.is_finite() && (0.0..130.0).contains(&n) => Some(Val::Age(n)),
                    _ => {
                        self.report(
                            rules::INTEGER,
                            Severity::Error,
                            header,
                            format!(
                                "\"{}\" is not an age in years (a number of 0 or more)",
                                clip(&shown)
                            ),
                        );
                        None
                    }
                }
            }
            Kind::Integer => {
                let n = match cell {
                    RawCell::Number(n) | RawCell::Serial(n) => Some(*n),
                    RawCell::Text(s) => s.trim().parse::<f64>().ok(),
                    _ => None,
                };
                match n {
                    Some(n)
                        if n.is_finite()
                            && n.fract() == 0.0
                            && (0.0..=4_294_967_295.0).contains(&n) =>
                    {
                        Some(Val::Int(n as u32))
                    }
                    Some(n) if n.is_finite() && n < 0.0 => {
                        self.report(
                            rules::INTEGER,
                            Severity::Error,
                            header,
                            format!(
                                "\"{}\" is below zero; a whole number of 0 or more is expected",
                                clip(&shown)
                            ),
                        );
                        None
                    }
                    _ => {
                        self.report(
                            rules::INTEGER,
                            Severity::Error,
                            header,
                            format!("\"{}\" is not a whole number of 0 or more", clip(&shown)),
                        );
                        None
                    }
                }
            }
            Kind::YesNo => {
                let found = match cell {
                    RawCell::Bool(b) => Some(if *b { YesNo::Yes } else { YesNo::No }),
                    _ => codes::yes_no(&shown),
                };
                match found {
                    Some(v) => Some(Val::YesNo(v)),
                    None => {
                        self.code_error(header, &shown, kind);
                        None
                    }
                }
            }
            Kind::Sex => match codes::sex(&shown) {
                Some(s) => Some(Val::Sex(s)),
                None => {
                    self.code_error(header, &shown, kind);
                    None
                }
            },
            Kind::CaseStatus => match codes::case_status(&shown) {
                Some(s) => Some(Val::Status(s)),
                None => {
                    self.code_error(header, &shown, kind);
                    None
                }
            },
            Kind::Ethnicity | Kind::Source | Kind::Need | Kind::Closure | Kind::Category => {
                let found = match kind {
                    Kind::Ethnicity => codes::ethnicity(&shown),
                    Kind::Source => codes::source(&shown),
                    Kind::Need => codes::need(&shown),
                    Kind::Closure => codes::closure(&shown),
                    _ => codes::category(&shown),
                };
                match found {
                    Some(code) => Some(Val::Code(code.to_string())),
                    None => {
                        self.code_error(header, &shown, kind);
                        if has_bad_chars(&shown) {
                            None
                        } else {
                            // Kept as source text for the validator (model convention).
                            Some(Val::Code(shown))
                        }
                    }
                }
            }
            Kind::Text => {
                if has_bad_chars(&shown) {
                    self.report(
                        rules::TEXT,
                        Severity::Error,
                        header,
                        format!(
                            "\"{}\" holds control or invisible formatting characters; the value is not used",
                            clip(&shown)
                        ),
                    );
                    None
                } else {
                    Some(Val::Text(shown))
                }
            }
        }
    }

    fn code_error(&mut self, header: &str, shown: &str, kind: Kind) {
        self.report(
            rules::CODE,
            Severity::Error,
            header,
            format!(
                "\"{}\" is not in the Annex A code list (expected {})",
                clip(shown),
                codes::expected(kind)
            ),
        );
    }

    fn date(&mut self, col: &Col, header: &str, cell: &RawCell, shown: &str) -> Option<NaiveDate> {
        let parsed = match cell {
            RawCell::Serial(n) | RawCell::Number(n) => {
                serial_to_date(*n, self.is_1904).ok_or(DateError::NotADate)
            }
            RawCell::Text(s) | RawCell::IsoDate(s) => parse_date_text(s, self.is_1904),
            _ => Err(DateError::NotADate),
        };
        let date = match parsed {
            Ok(d) => d,
            Err(DateError::TwoDigitYear) => {
                self.report(
                    rules::DATE,
                    Severity::Error,
                    header,
                    format!(
                        "\"{}\" has a two-digit year; write dates as dd/mm/yyyy",
                        clip(shown)
                    ),
                );
                return None;
            }
            Err(DateError::NotADate) => {
                let what = if matches!(cell, RawCell::Number(_)) {
                    "is not a date (dd/mm/yyyy or an Excel date)"
                } else {
                    "is not a date (dd/mm/yyyy)"
                };
                self.report(
                    rules::DATE,
                    Severity::Error,
                    header,
                    format!("\"{}\" {what}", clip(shown)),
                );
                return None;
            }
        };
        let low = NaiveDate::from_ymd_opt(1990, 1, 1).expect("valid date");
        let ahead = if col.f == F::Dob { 280 } else { 1 };
        let high = self.c.today + Duration::days(ahead);
        if date < low || date > high {
            let reads = match cell {
                RawCell::Number(n) => format!(
                    "\"{}\" reads as {}, which",
                    number_text(*n),
                    date.format("%d/%m/%Y")
                ),
                _ => format!("\"{}\"", clip(shown)),
            };
            self.report(
                rules::DATE_RANGE,
                Severity::Error,
                header,
                format!(
                    "{reads} is outside the accepted range {} to {}{}; the date is not used",
                    low.format("%d/%m/%Y"),
                    high.format("%d/%m/%Y"),
                    match (date > high, col.f == F::Dob) {
                        (true, true) => " (an expected date of birth may be up to 280 days ahead)",
                        (true, false) => " (it is in the future)",
                        _ => "",
                    }
                ),
            );
            return None;
        }
        Some(date)
    }
}

fn has_bad_chars(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || is_invisible(c))
}

/// Title rows above the header: a cell mentioning the extract (or "as at", inspection,
/// snapshot, reporting) date, with the date in the same cell or a cell to its right.
fn find_extract_date(
    rows: &[(u32, Cells, usize)],
    is_1904: bool,
    today: NaiveDate,
) -> Option<(NaiveDate, u32)> {
    const KEYWORDS: [&str; 10] = [
        "extract",
        "as at",
        "inspection",
        "snapshot",
        "reporting date",
        "report date",
        "run date",
        "date of report",
        "census date",
        "reference date",
    ];
    let low = NaiveDate::from_ymd_opt(1990, 1, 1)?;
    let high = today + Duration::days(1);
    let plausible = |d: NaiveDate| (low..=high).contains(&d).then_some(d);
    for (row, cells, _) in rows {
        for (i, (_, cell)) in cells.iter().enumerate() {
            let RawCell::Text(text) = cell else { continue };
            let lower = text.to_lowercase();
            if !KEYWORDS.iter().any(|k| lower.contains(k)) {
                continue;
            }
            // A date inside the same text ("Extract date: 31/03/2024").
            for token in text
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')')
            {
                let token = token.trim_matches(|c: char| c == ':' || c == '.');
                if token.contains(['/', '-']) {
                    if let Some(d) = parse_date_text(token, is_1904).ok().and_then(plausible) {
                        return Some((d, *row));
                    }
                }
            }
            // Or in a cell to the right.
            for (_, next) in &cells[i + 1..] {
                let d = match next {
                    RawCell::Serial(n) | RawCell::Number(n) => serial_to_date(*n, is_1904),
                    RawCell::Text(s) | RawCell::IsoDate(s) => parse_date_text(s, is_1904).ok(),
                    _ => None,
                };
                if let Some(d) = d.and_then(plausible) {
                    return Some((d, *row));
                }
            }
        }
    }
    None
}
