//! Reads the plan workbook back. Every problem found is reported with its cell
//! (`Actions!E14: status "Ambre" is not one of …`), and nothing is returned unless
//! the whole workbook is sound.

use super::layout::{self, column_of, Sheet, PLAN_FIELDS};
use crate::{PlanFileError, Problem};
use assure_plan::validate::Locator;
use assure_plan::{
    Action, Area, AreaNumber, Baseline, Direction, Evaluation, Measure, Milestone, Person,
    PersonKind, Plan, Status, StatusChange,
};
use assure_safezip::{self as zip_guard, ZipLimits};
use calamine::{open_workbook_from_rs, Data, DataType, Range, Reader, Xlsx};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::io::Cursor;

/// Stop collecting after this many problems: the file is refused either way.
const MAX_PROBLEMS: usize = 50;

pub fn read(name: &str, bytes: &[u8]) -> Result<Plan, PlanFileError> {
    zip_guard::check(bytes, ZipLimits::PLAN).map_err(|m| PlanFileError::whole(name, m))?;
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| PlanFileError::whole(name, format!("is not a readable xlsx workbook: {e}")))?;
    let mut r = WorkbookReader {
        problems: vec![],
        rows: Rows::default(),
    };
    let mut grids = HashMap::new();
    for def in layout::SHEETS {
        match wb.worksheet_range(def.name) {
            Ok(range) => {
                if r.check_headers(def, &range) {
                    grids.insert(def.name, range);
                }
            }
            Err(_) => r.problem(
                def.name.to_string(),
                format!("the workbook has no \"{}\" sheet", def.name),
            ),
        }
    }
    if !r.problems.is_empty() {
        return Err(r.into_error(name));
    }
    let plan = r.build(&grids);
    if !r.problems.is_empty() {
        return Err(r.into_error(name));
    }
    let measure_rows = r.rows.measures.clone();
    let plan = assure_plan::check(plan).map_err(|report| {
        let problems = report
            .problems
            .into_iter()
            .map(|p| Problem {
                location: r.rows.cell_of(p.at, p.field),
                message: format!("{}: {}", p.field, p.message),
            })
            .collect();
        PlanFileError {
            file: name.to_string(),
            problems,
        }
    })?;
    let indicator_column = column_of(&layout::MEASURES, "Indicator");
    crate::check_indicators(&plan, |ai, mi| {
        format!(
            "Measures!{indicator_column}{}",
            measure_rows.get(&(ai, mi)).copied().unwrap_or(0)
        )
    })
    .map_err(|problems| PlanFileError {
        file: name.to_string(),
        problems,
    })?;
    Ok(plan)
}

/// Spreadsheet rows (1-based) of everything read, so whole-plan problems can name a cell.
#[derive(Default)]
struct Rows {
    people: Vec<u32>,
    areas: Vec<u32>,
    actions: Vec<Vec<u32>>,
    milestones: HashMap<(usize, usize), Vec<u32>>,
    evaluations: HashMap<(usize, usize), Vec<u32>>,
    history: HashMap<(usize, usize), Vec<u32>>,
    measures: HashMap<(usize, usize), u32>,
}

impl Rows {
    fn measures_row(&self, a: usize, m: usize) -> u32 {
        self.measures.get(&(a, m)).copied().unwrap_or(0)
    }

    fn cell_of(&self, at: Locator, field: &str) -> String {
        let (sheet, row, header) = match at {
            Locator::Plan => {
                let label = match field {
                    "title" => "Title",
                    "organisation" => "Organisation",
                    _ => "Origin",
                };
                let row = PLAN_FIELDS.iter().position(|f| *f == label).unwrap_or(0) as u32 + 2;
                return format!("Plan!B{row}");
            }
            Locator::Person(p) => (
                &layout::PEOPLE,
                self.people[p],
                if field == "initials" {
                    "Initials"
                } else {
                    "Name"
                },
            ),
            Locator::Area(a) => (
                &layout::AREAS,
                self.areas[a],
                match field {
                    "number" => "Area",
                    "owners" => "Owners",
                    "leads" => "Leads",
                    _ => "Title",
                },
            ),
            Locator::Action(a, x) => (
                &layout::ACTIONS,
                self.actions[a][x],
                match field {
                    "leads" => "Leads",
                    "status" => "Status",
                    _ => "Action",
                },
            ),
            Locator::Milestone(a, x, m) => (
                &layout::MILESTONES,
                self.milestones[&(a, x)][m],
                "Milestone",
            ),
            Locator::Evaluation(a, x, e) => (
                &layout::EVALUATIONS,
                self.evaluations[&(a, x)][e],
                "Evaluation",
            ),
            Locator::Measure(a, m) => (
                &layout::MEASURES,
                self.measures_row(a, m),
                match field {
                    "indicator" => "Indicator",
                    "tolerance" => "Tolerance",
                    "target" => "Target",
                    "status" | "history" => "Status",
                    _ => "Criterion",
                },
            ),
            Locator::History(a, x, h) => (
                &layout::HISTORY,
                self.history[&(a, x)][h],
                match field {
                    "by" => "By",
                    "from" => "From",
                    "to" => "To",
                    _ => "Reason",
                },
            ),
        };
        format!("{}!{}{}", sheet.name, column_of(sheet, header), row)
    }
}

struct WorkbookReader {
    problems: Vec<Problem>,
    rows: Rows,
}

/// One data row of a sheet, addressed by column header.
struct Row<'a> {
    sheet: &'static Sheet,
    range: &'a Range<Data>,
    /// 0-based absolute row index.
    index: u32,
}

impl Row<'_> {
    fn number(&self) -> u32 {
        self.index + 1
    }

    fn cell_name(&self, header: &str) -> String {
        format!(
            "{}!{}{}",
            self.sheet.name,
            column_of(self.sheet, header),
            self.number()
        )
    }

    fn data(&self, header: &str) -> &Data {
        let col = self
            .sheet
            .columns
            .iter()
            .position(|(h, _)| *h == header)
            .expect("known column") as u32;
        self.range
            .get_value((self.index, col))
            .unwrap_or(&Data::Empty)
    }

    fn is_blank(&self) -> bool {
        self.sheet
            .columns
            .iter()
            .all(|(h, _)| text_of(self.data(h)).is_empty())
    }
}

impl WorkbookReader {
    fn problem(&mut self, location: String, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem { location, message });
        }
    }

    fn into_error(self, name: &str) -> PlanFileError {
        PlanFileError {
            file: name.to_string(),
            problems: self.problems,
        }
    }

    fn check_headers(&mut self, def: &'static Sheet, range: &Range<Data>) -> bool {
        let mut ok = true;
        for (i, (header, _)) in def.columns.iter().enumerate() {
            let found = text_of(range.get_value((0, i as u32)).unwrap_or(&Data::Empty));
            if !found.eq_ignore_ascii_case(header) {
                ok = false;
                self.problem(
                    format!("{}!{}1", def.name, layout::column_letter(i)),
                    format!("the header should be \"{header}\" but is \"{found}\""),
                );
            }
        }
        ok
    }

    fn data_rows<'a>(def: &'static Sheet, range: &'a Range<Data>) -> impl Iterator<Item = Row<'a>> {
        let last = range.end().map_or(0, |(r, _)| r);
        (1..=last)
            .map(move |index| Row {
                sheet: def,
                range,
                index,
            })
            .filter(|r| !r.is_blank())
    }

    fn text(&mut self, row: &Row, header: &str) -> String {
        text_of(row.data(header))
    }

    fn required(&mut self, row: &Row, header: &str, what: &str) -> String {
        let t = self.text(row, header);
        if t.is_empty() {
            self.problem(row.cell_name(header), format!("{what} is required"));
        }
        t
    }

    fn date(&mut self, row: &Row, header: &str) -> Option<NaiveDate> {
        match date_of(row.data(header)) {
            Ok(d) => d,
            Err(raw) => {
                self.problem(
                    row.cell_name(header),
                    format!("\"{raw}\" is not a date (write dd/mm/yyyy)"),
                );
                None
            }
        }
    }

    fn number(&mut self, row: &Row, header: &str) -> Option<f64> {
        match row.data(header) {
            Data::Empty => None,
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            other => {
                let t = text_of(other);
                if t.is_empty() {
                    return None;
                }
                match t.parse::<f64>() {
                    Ok(v) if v.is_finite() => Some(v),
                    _ => {
                        self.problem(row.cell_name(header), format!("\"{t}\" is not a number"));
                        None
                    }
                }
            }
        }
    }

    fn status(&mut self, row: &Row, header: &str) -> Status {
        let raw = self.text(row, header);
        match raw.parse() {
            Ok(s) => s,
            Err(e) => {
                self.problem(row.cell_name(header), format!("{e}"));
                Status::NotRated
            }
        }
    }

    fn build(&mut self, grids: &HashMap<&str, Range<Data>>) -> Plan {
        let plan_grid = &grids[layout::PLAN.name];
        let mut plan_values: HashMap<&str, (Data, u32)> = HashMap::new();
        for row in Self::data_rows(&layout::PLAN, plan_grid) {
            let field = text_of(row.data("Field"));
            match PLAN_FIELDS.iter().find(|f| f.eq_ignore_ascii_case(&field)) {
                Some(f) => {
                    plan_values.insert(f, (row.data("Value").clone(), row.index));
                }
                None => self.problem(
                    row.cell_name("Field"),
                    format!("\"{field}\" is not one of {}", PLAN_FIELDS.join(", ")),
                ),
            }
        }
        let plan_text = |f: &str| {
            plan_values
                .get(f)
                .map(|(d, _)| text_of(d))
                .unwrap_or_default()
        };
        let title = plan_text("Title");
        let organisation = plan_text("Organisation");
        let origin = plan_text("Origin");
        let introduction = Some(plan_text("Introduction")).filter(|s| !s.is_empty());
        let plan_date = |r: &mut Self, f: &str| match plan_values.get(f) {
            None => None,
            Some((d, index)) => date_of(d).unwrap_or_else(|raw| {
                r.problem(
                    format!("Plan!B{}", index + 1),
                    format!("{f}: \"{raw}\" is not a date (write dd/mm/yyyy)"),
                );
                None
            }),
        };
        let origin_date = plan_date(self, "Origin date");
        let reporting_date = plan_date(self, "Reporting date");

        let mut people = vec![];
        for row in Self::data_rows(&layout::PEOPLE, &grids[layout::PEOPLE.name]) {
            let name = self.required(&row, "Name", "a name");
            let initials = Some(self.text(&row, "Initials")).filter(|s| !s.is_empty());
            let kind = match self.text(&row, "Kind").to_ascii_lowercase().as_str() {
                "" | "person" => PersonKind::Person,
                "group" => PersonKind::Group,
                other => {
                    self.problem(
                        row.cell_name("Kind"),
                        format!("kind \"{other}\" is not person or group"),
                    );
                    PersonKind::Person
                }
            };
            let role = Some(self.text(&row, "Role")).filter(|s| !s.is_empty());
            self.rows.people.push(row.number());
            people.push(Person {
                id: None,
                name,
                initials,
                kind,
                role,
            });
        }

        let mut areas: Vec<Area> = vec![];
        for row in Self::data_rows(&layout::AREAS, &grids[layout::AREAS.name]) {
            let raw_number = self.required(&row, "Area", "an area number");
            let number = match AreaNumber::parse(&raw_number) {
                Ok(n) => n,
                Err(e) => {
                    if !raw_number.is_empty() {
                        self.problem(row.cell_name("Area"), e);
                    }
                    continue;
                }
            };
            let title = self.required(&row, "Title", "a title");
            self.rows.areas.push(row.number());
            self.rows.actions.push(vec![]);
            areas.push(Area {
                id: None,
                version: None,
                number,
                title,
                heading: Some(self.text(&row, "Heading")).filter(|s| !s.is_empty()),
                issue: self.text(&row, "Issue"),
                sources: lines(&self.text(&row, "Sources")),
                aims: lines(&self.text(&row, "Aims")),
                success_criteria: lines(&self.text(&row, "Success criteria")),
                owners: lines(&self.text(&row, "Owners")),
                leads: lines(&self.text(&row, "Leads")),
                measures: vec![],
                actions: vec![],
            });
        }

        let mut refs: HashMap<String, (usize, usize)> = HashMap::new();
        for row in Self::data_rows(&layout::ACTIONS, &grids[layout::ACTIONS.name]) {
            let reference = self.required(&row, "Ref", "a reference");
            let area_number = self.required(&row, "Area", "the area number");
            let text = self.required(&row, "Action", "the action's text");
            let status = self.status(&row, "Status");
            let due = self.date(&row, "Due");
            let number = Some(self.text(&row, "No")).filter(|s| !s.is_empty());
            let leads = lines(&self.text(&row, "Leads"));
            let Some(ai) = areas.iter().position(|a| a.number.as_str() == area_number) else {
                if !area_number.is_empty() {
                    self.problem(
                        row.cell_name("Area"),
                        format!("area \"{area_number}\" is not on the Areas sheet"),
                    );
                }
                continue;
            };
            let xi = areas[ai].actions.len();
            if !reference.is_empty() && refs.insert(reference.clone(), (ai, xi)).is_some() {
                self.problem(
                    row.cell_name("Ref"),
                    format!("reference \"{reference}\" is used by two actions"),
                );
            }
            self.rows.actions[ai].push(row.number());
            areas[ai].actions.push(Action {
                id: None,
                version: None,
                number,
                text,
                status,
                leads,
                due,
                milestones: vec![],
                evaluations: vec![],
                history: vec![],
            });
        }

        for row in Self::data_rows(&layout::MILESTONES, &grids[layout::MILESTONES.name]) {
            let Some((ai, xi)) = self.action_ref(&row, &refs) else {
                continue;
            };
            let text = self.required(&row, "Milestone", "the milestone's text");
            let due = self.date(&row, "Due");
            let completed = match self.text(&row, "Completed").to_ascii_lowercase().as_str() {
                "" | "no" | "n" | "false" => false,
                "yes" | "y" | "true" => true,
                other => {
                    self.problem(
                        row.cell_name("Completed"),
                        format!("\"{other}\" is not Yes or No"),
                    );
                    false
                }
            };
            self.rows
                .milestones
                .entry((ai, xi))
                .or_default()
                .push(row.number());
            areas[ai].actions[xi].milestones.push(Milestone {
                id: None,
                version: None,
                text,
                due,
                completed,
            });
        }

        for row in Self::data_rows(&layout::EVALUATIONS, &grids[layout::EVALUATIONS.name]) {
            let Some((ai, xi)) = self.action_ref(&row, &refs) else {
                continue;
            };
            let date = self.date(&row, "Date");
            let text = self.required(&row, "Evaluation", "the evaluation's text");
            self.rows
                .evaluations
                .entry((ai, xi))
                .or_default()
                .push(row.number());
            areas[ai].actions[xi].evaluations.push(Evaluation {
                id: None,
                date,
                text,
            });
        }

        for row in Self::data_rows(&layout::HISTORY, &grids[layout::HISTORY.name]) {
            let Some((ai, xi)) = self.action_ref(&row, &refs) else {
                continue;
            };
            let when = self.text(&row, "When");
            let at = match when.parse::<DateTime<Utc>>() {
                Ok(at) => at,
                Err(_) => {
                    self.problem(
                        row.cell_name("When"),
                        format!("\"{when}\" is not a UTC time such as 2010-11-20T10:00:00Z"),
                    );
                    continue;
                }
            };
            let by = self.text(&row, "By");
            let from = self.status(&row, "From");
            let to = self.status(&row, "To");
            let reason = self.text(&row, "Reason");
            self.rows
                .history
                .entry((ai, xi))
                .or_default()
                .push(row.number());
            areas[ai].actions[xi].history.push(StatusChange {
                at,
                by,
                from,
                to,
                reason,
            });
        }

        let mut measure_refs: HashMap<String, (usize, usize)> = HashMap::new();
        for row in Self::data_rows(&layout::MEASURES, &grids[layout::MEASURES.name]) {
            let reference = self.required(&row, "Ref", "a reference");
            let area_number = self.required(&row, "Area", "the area number");
            let criterion = self.required(&row, "Criterion", "the success criterion");
            let indicator = self.required(&row, "Indicator", "an indicator id");
            let baseline_value = self.number(&row, "Baseline");
            let baseline_date = self.date(&row, "Baseline date");
            let target = self.number(&row, "Target");
            let tolerance = self.number(&row, "Tolerance").unwrap_or(0.0);
            let status = self.status(&row, "Status");
            let direction = match self.text(&row, "Direction").to_ascii_lowercase().as_str() {
                "higher is better" | "higher" => Direction::HigherIsBetter,
                "lower is better" | "lower" => Direction::LowerIsBetter,
                other => {
                    self.problem(
                        row.cell_name("Direction"),
                        format!("\"{other}\" is not \"higher is better\" or \"lower is better\""),
                    );
                    continue;
                }
            };
            let Some(target) = target else {
                self.problem(row.cell_name("Target"), "a target is required".to_string());
                continue;
            };
            let baseline = match (baseline_value, baseline_date) {
                (Some(value), Some(date)) => Some(Baseline { value, date }),
                (None, None) => None,
                _ => {
                    self.problem(
                        row.cell_name("Baseline date"),
                        "a baseline needs both a value and a date".to_string(),
                    );
                    None
                }
            };
            let Some(ai) = areas.iter().position(|a| a.number.as_str() == area_number) else {
                if !area_number.is_empty() {
                    self.problem(
                        row.cell_name("Area"),
                        format!("area \"{area_number}\" is not on the Areas sheet"),
                    );
                }
                continue;
            };
            let mi = areas[ai].measures.len();
            if !reference.is_empty() && measure_refs.insert(reference.clone(), (ai, mi)).is_some() {
                self.problem(
                    row.cell_name("Ref"),
                    format!("reference \"{reference}\" is used by two measures"),
                );
            }
            self.rows.measures.insert((ai, mi), row.number());
            areas[ai].measures.push(Measure {
                id: None,
                version: None,
                criterion,
                indicator,
                baseline,
                target,
                direction,
                tolerance,
                status,
                history: vec![],
            });
        }
        for row in Self::data_rows(
            &layout::MEASURE_HISTORY,
            &grids[layout::MEASURE_HISTORY.name],
        ) {
            let reference = self.required(&row, "Measure ref", "the measure's reference");
            let Some(&(ai, mi)) = measure_refs.get(&reference) else {
                if !reference.is_empty() {
                    self.problem(
                        row.cell_name("Measure ref"),
                        format!("\"{reference}\" is not a Ref on the Measures sheet"),
                    );
                }
                continue;
            };
            let when = self.text(&row, "When");
            let Ok(at) = when.parse::<DateTime<Utc>>() else {
                self.problem(
                    row.cell_name("When"),
                    format!("\"{when}\" is not a UTC time such as 2010-11-20T10:00:00Z"),
                );
                continue;
            };
            let by = self.text(&row, "By");
            let from = self.status(&row, "From");
            let to = self.status(&row, "To");
            let reason = self.text(&row, "Reason");
            areas[ai].measures[mi].history.push(StatusChange {
                at,
                by,
                from,
                to,
                reason,
            });
        }

        Plan {
            id: None,
            version: None,
            title,
            organisation,
            origin,
            origin_date,
            reporting_date,
            introduction,
            people,
            areas,
        }
    }

    fn action_ref(
        &mut self,
        row: &Row,
        refs: &HashMap<String, (usize, usize)>,
    ) -> Option<(usize, usize)> {
        let reference = self.required(row, "Action ref", "the action's reference");
        if reference.is_empty() {
            return None;
        }
        let found = refs.get(&reference).copied();
        if found.is_none() {
            self.problem(
                row.cell_name("Action ref"),
                format!("\"{reference}\" is not a Ref on the Actions sheet"),
            );
        }
        found
    }
}

/// A cell as trimmed text, with Windows line ends made plain and whole numbers without ".0".
fn text_of(data: &Data) -> String {
    let raw = match data {
        Data::Empty => return String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => {
            if *b {
                "Yes".into()
            } else {
                "No".into()
            }
        }
        Data::DateTime(_) | Data::DateTimeIso(_) => {
            data.as_date().map(|d| d.to_string()).unwrap_or_default()
        }
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    };
    raw.replace("\r\n", "\n").trim().to_string()
}

/// A date cell: a real date, an Excel serial number, or text as dd/mm/yyyy or yyyy-mm-dd.
fn date_of(data: &Data) -> Result<Option<NaiveDate>, String> {
    match data {
        Data::Empty => Ok(None),
        Data::DateTime(_) | Data::DateTimeIso(_) => {
            data.as_date().map(Some).ok_or_else(|| text_of(data))
        }
        Data::Float(_) | Data::Int(_) => {
            let serial = data.as_f64().unwrap_or(0.0);
            if (1.0..2_958_466.0).contains(&serial) {
                let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
                Ok(base.checked_add_days(chrono::Days::new(serial.floor() as u64)))
            } else {
                Err(text_of(data))
            }
        }
        _ => {
            let t = text_of(data);
            if t.is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(&t, "%d/%m/%Y"))
                .map(Some)
                .map_err(|_| t)
        }
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}
