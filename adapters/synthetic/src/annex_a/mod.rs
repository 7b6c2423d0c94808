//! Ofsted ILACS Annex A lists 1–7 from children: rows, CSV files and an xlsx workbook.
//!
//! **Which rows** (data-standards §1.1, following the D2I SSD Annex A script): the
//! extract date `as_at` defaults to the census reference date (31 March), and the window
//! is the 6 months before it, both ends included ([`Period::annex_a_window`]).
//!
//! | List | Rows |
//! |---|---|
//! | 1 Contacts | contacts dated in the window |
//! | 2 Early help | episodes open at any point in the window (start ≤ as_at, end blank or ≥ window start) |
//! | 3 Referrals | referrals dated in the window, one row each |
//! | 4 Assessments | assessments open at any point in the window |
//! | 5 S47 / ICPC | enquiries that started in the window, held their ICPC in it, or are still awaiting a decision |
//! | 6 Children in need | one row per child: the latest non-NFA episode with an assessment or plan that was open at any point in the window |
//! | 7 Child protection | one row per child: the latest plan open at `as_at` or ended in the window |
//!
//! Derived columns: "Number of Referrals in Last 12 Months" counts the child's referrals
//! dated in [referral − 12 months, referral) (data-standards §1.6); the S47 and ICPC
//! counts likewise look back 12 months from the enquiry start, excluding it. Ages are
//! whole years at `as_at` (blank for an unborn child). "Date Child Was Last Seen" is the
//! latest CP visit or assessment "seen" date in the episode. "Was the Child Seen Alone?"
//! is not modelled, so it is drawn deterministically from the child ID and visit date
//! (about 85% yes). The EPO column is always `b) No` (legal statuses are not modelled).
//! Allocated team and worker on lists 6–7 are the current allocation (the latest
//! assessment, S47 or plan), as D2I/Blackpool recommend.

mod labels;
mod write;

use assure_calendar::{add_months, Period};
use assure_casedata::{Child, Episode, NaiveDate};

use self::labels::{
    age, category, closure_reason, ethnicity, gender, primary_need, seen_alone, source,
};

pub use write::{write_annex_a_csv, write_annex_a_xlsx, AnnexASummary, XlsxError};

/// Sheet / file names, list 1 first.
pub const LIST_NAMES: [&str; 7] = [
    "List 1", "List 2", "List 3", "List 4", "List 5", "List 6", "List 7",
];

const COMMON: [&str; 5] = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
];

/// Column headers of list `n` (1–7), exactly as data-standards §1.3.
pub fn headers(n: usize) -> Vec<&'static str> {
    let rest: &[&str] = match n {
        1 => &["Date of Contact", "Contact Source"],
        2 => &[
            "Assessment start date",
            "Assessment completion date",
            "Organisation completing assessment",
        ],
        3 => &[
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            "Allocated Team",
            "Allocated Worker",
        ],
        4 => &[
            "Does the Child have a Disability",
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            "Allocated Team",
            "Allocated Worker",
        ],
        5 => &[
            "Does the Child have a Disability",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
            "Allocated Team",
            "Allocated Worker",
        ],
        6 => &[
            "Does the Child have a Disability",
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
            "Allocated Team",
            "Allocated Worker",
        ],
        7 => &[
            "Does the Child have a Disability",
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            "Number of Previous Child Protection Plans",
            "Allocated Team",
            "Allocated Worker",
        ],
        _ => panic!("Annex A list {n} is not one of 1–7"),
    };
    COMMON.iter().chain(rest).copied().collect()
}

/// Which rows to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnnexAOptions {
    /// The extract (inspection) date.
    pub as_at: NaiveDate,
}

impl AnnexAOptions {
    /// Extract date = the census reference date, 31 March `year`.
    pub fn for_census_year(year: i32) -> AnnexAOptions {
        AnnexAOptions {
            as_at: NaiveDate::from_ymd_opt(year, 3, 31).expect("valid year"),
        }
    }

    /// The 6-month reporting window.
    pub fn window(&self) -> Period {
        Period::annex_a_window(self.as_at)
    }
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A fixed label.
    Label(&'static str),
    /// A date (CSV: `dd/mm/yyyy`; xlsx: a date cell formatted `dd/mm/yyyy`).
    Date(NaiveDate),
    /// A whole number.
    Int(u32),
    /// Nothing.
    Blank,
}

impl Cell {
    fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Blank, Cell::Date)
    }
    fn text(s: &Option<String>) -> Cell {
        s.as_ref().map_or(Cell::Blank, |s| Cell::Text(s.clone()))
    }
    fn yes_no(v: bool) -> Cell {
        Cell::Label(if v { "a) Yes" } else { "b) No" })
    }
}

/// Every Annex A row (lists 1–7) of one child, passed to `sink(list, cells)`.
pub fn child_rows(child: &Child, opts: &AnnexAOptions, sink: &mut impl FnMut(usize, &[Cell])) {
    let window = opts.window();
    let (ws, as_at) = (window.start(), window.end());
    let common = [
        Cell::Text(child.la_child_id.as_str().to_owned()),
        Cell::Label(gender(child.sex)),
        Cell::Text(ethnicity(child.ethnicity.as_deref())),
        Cell::date(child.birth_date.filter(|b| *b <= as_at)),
        child
            .birth_date
            .and_then(|b| age(b, as_at))
            .map_or(Cell::Blank, Cell::Int),
    ];
    let disabled = Cell::yes_no(child.disabilities.iter().any(|d| d != "NONE"));
    let mut row: Vec<Cell> = Vec::with_capacity(17);
    let mut emit = |list: usize, rest: &mut dyn FnMut(&mut Vec<Cell>)| {
        row.clear();
        row.extend_from_slice(&common);
        rest(&mut row);
        sink(list, &row);
    };

    // List 1: contacts.
    for c in child
        .contacts
        .iter()
        .filter(|c| c.date.is_some_and(|d| window.contains(d)))
    {
        emit(1, &mut |r| {
            r.push(Cell::date(c.date));
            r.push(Cell::Label(source(c.source.as_deref())));
        });
    }
    // List 2: early help open in the window.
    for e in &child.early_help {
        let open = e.start.is_some_and(|s| s <= as_at) && e.end.is_none_or(|x| x >= ws);
        if open {
            emit(2, &mut |r| {
                r.push(Cell::date(e.start));
                r.push(Cell::date(e.end));
                r.push(Cell::text(&e.organisation));
            });
        }
    }
    let referrals: Vec<NaiveDate> = child
        .episodes
        .iter()
        .filter_map(|e| e.referral_date)
        .collect();
    let s47_starts: Vec<NaiveDate> = child
        .episodes
        .iter()
        .flat_map(|e| e.s47s.iter().filter_map(|s| s.start))
        .collect();
    let icpc_dates: Vec<NaiveDate> = child
        .episodes
        .iter()
        .flat_map(|e| {
            e.s47s
                .iter()
                .filter_map(|s| s.icpc_date)
                .chain(e.episode_icpc_date)
        })
        .collect();
    let count_before = |dates: &[NaiveDate], at: NaiveDate| -> u32 {
        let since = add_months(at, -12);
        dates.iter().filter(|d| **d >= since && **d < at).count() as u32
    };

    for ep in &child.episodes {
        // List 3: referrals in the window.
        if let Some(r) = ep.referral_date.filter(|r| window.contains(*r)) {
            emit(3, &mut |row| {
                row.push(Cell::Date(r));
                row.push(Cell::Label(source(ep.referral_source.as_deref())));
                row.push(Cell::yes_no(ep.referral_nfa == Some(true)));
                row.push(Cell::Int(count_before(&referrals, r)));
                row.push(Cell::text(&ep.team));
                row.push(Cell::text(&ep.worker));
            });
        }
        // List 4: assessments open in the window.
        let closed_not_in_need = matches!(ep.closure_reason.as_deref(), Some("RC8" | "RC9"));
        for a in &ep.assessments {
            let open = a.start.is_some_and(|s| s <= as_at) && a.authorised.is_none_or(|x| x >= ws);
            if open {
                emit(4, &mut |row| {
                    row.push(disabled.clone());
                    row.push(Cell::date(a.start));
                    row.push(Cell::yes_no(a.child_seen == Some(true)));
                    row.push(Cell::date(a.authorised));
                    row.push(if a.authorised.is_some() {
                        Cell::yes_no(!closed_not_in_need)
                    } else {
                        Cell::Blank
                    });
                    row.push(Cell::text(&a.team));
                    row.push(Cell::text(&a.worker));
                });
            }
        }
        // List 5: S47 enquiries.
        for s in &ep.s47s {
            let Some(start) = s.start.filter(|d| *d <= as_at) else {
                continue;
            };
            let pending = s.icpc_date.is_none() && s.icpc_not_required != Some(true);
            let touches = start >= ws || s.icpc_date.is_some_and(|d| d >= ws) || pending;
            if !touches {
                continue;
            }
            emit(5, &mut |row| {
                row.push(disabled.clone());
                row.push(Cell::Date(start));
                row.push(match (s.icpc_date, s.icpc_not_required) {
                    (Some(_), _) => Cell::yes_no(false),
                    (None, Some(true)) => Cell::yes_no(true),
                    _ => Cell::Blank,
                });
                row.push(Cell::date(s.icpc_date));
                row.push(match s.icpc_date {
                    Some(d) => Cell::yes_no(ep.cp_plans.iter().any(|p| p.start == Some(d))),
                    None => Cell::Blank,
                });
                row.push(Cell::Int(count_before(&s47_starts, start)));
                row.push(Cell::Int(count_before(&icpc_dates, start)));
                row.push(Cell::text(&s.team));
                row.push(Cell::text(&s.worker));
            });
        }
    }

    // List 6: the latest qualifying episode.
    let cin = child.episodes.iter().rev().find(|ep| {
        let worked = !ep.assessments.is_empty()
            || !ep.s47s.is_empty()
            || !ep.cin_plans.is_empty()
            || !ep.cp_plans.is_empty();
        ep.referral_nfa != Some(true)
            && worked
            && ep.referral_date.is_some_and(|r| r <= as_at)
            && ep.closure_date.is_none_or(|c| c >= ws)
    });
    if let Some(ep) = cin {
        emit(6, &mut |row| list6(ep, as_at, &disabled, row));
    }

    // List 7: the latest plan open at as_at or ended in the window.
    let plan = child
        .episodes
        .iter()
        .flat_map(|e| e.cp_plans.iter())
        .filter(|p| p.start.is_some_and(|s| s <= as_at) && p.end.is_none_or(|e| e >= ws))
        .max_by_key(|p| p.start);
    if let Some(p) = plan {
        let last_visit = p.visit_dates.iter().filter(|d| **d <= as_at).max().copied();
        emit(7, &mut |row| {
            row.push(disabled.clone());
            row.push(Cell::date(p.start));
            row.push(category(p.initial_category.as_deref()));
            row.push(category(p.latest_category.as_deref()));
            row.push(Cell::date(last_visit));
            row.push(match last_visit {
                Some(d) => Cell::yes_no(seen_alone(child.la_child_id.as_str(), d)),
                None => Cell::Blank,
            });
            row.push(Cell::date(
                p.review_dates
                    .iter()
                    .filter(|d| **d <= as_at)
                    .max()
                    .copied(),
            ));
            row.push(Cell::date(p.end));
            row.push(Cell::yes_no(false));
            row.push(Cell::Int(p.previous_plans.unwrap_or(0)));
            row.push(Cell::text(&p.team));
            row.push(Cell::text(&p.worker));
        });
    }
}

fn list6(ep: &Episode, as_at: NaiveDate, disabled: &Cell, row: &mut Vec<Cell>) {
    let open_at = |start: Option<NaiveDate>, end: Option<NaiveDate>| {
        start.is_some_and(|s| s <= as_at) && end.is_none_or(|e| e > as_at)
    };
    let status = if ep.closure_date.is_some_and(|c| c <= as_at) {
        "e) Closed episode"
    } else if ep.cp_plans.iter().any(|p| open_at(p.start, p.end)) {
        "b) Child Protection plan"
    } else if ep.cin_plans.iter().any(|p| open_at(p.start, p.end)) {
        "c) Child in need plan"
    } else if ep
        .assessments
        .iter()
        .any(|a| open_at(a.start, a.authorised))
    {
        "d) Open assessment"
    } else {
        "c) Child in need plan"
    };
    let seen = ep
        .cp_plans
        .iter()
        .flat_map(|p| p.visit_dates.iter().copied())
        .chain(ep.assessments.iter().filter_map(|a| a.child_seen_date))
        .filter(|d| *d <= as_at)
        .max();
    // Current allocation: whoever holds the latest piece of work.
    let mut holder: (Option<NaiveDate>, &Option<String>, &Option<String>) =
        (ep.referral_date, &ep.team, &ep.worker);
    for a in &ep.assessments {
        if a.start >= holder.0 {
            holder = (a.start, &a.team, &a.worker);
        }
    }
    for s in &ep.s47s {
        if s.start >= holder.0 {
            holder = (s.start, &s.team, &s.worker);
        }
    }
    for p in &ep.cin_plans {
        if p.start >= holder.0 && p.start.is_some_and(|d| d <= as_at) {
            holder = (p.start, &p.team, &p.worker);
        }
    }
    for p in &ep.cp_plans {
        if p.start >= holder.0 && p.start.is_some_and(|d| d <= as_at) {
            holder = (p.start, &p.team, &p.worker);
        }
    }
    row.push(disabled.clone());
    row.push(Cell::date(ep.referral_date));
    row.push(primary_need(ep.primary_need.as_deref()));
    row.push(Cell::date(seen));
    row.push(Cell::date(ep.closure_date));
    row.push(closure_reason(ep.closure_reason.as_deref()));
    row.push(Cell::Label(status));
    row.push(Cell::text(holder.1));
    row.push(Cell::text(holder.2));
}
