//! Collects typed rows from every list, then links them into children and their episodes
//! and runs the checks that need more than one row.

use std::collections::{BTreeMap, HashMap};

use assure_casedata::{
    Assessment, Child, ChildId, CinPlan, Contact, CpPlan, EarlyHelpEpisode, Episode, NaiveDate,
    Sex, S47,
};
use chrono::Duration;

use crate::codes::{CaseStatus, YesNo};
use crate::issue::{clip, rules, AnnexIssue, Severity};
use crate::schema::{self, F};
use crate::values::years_between;
use crate::{AnnexAImport, ExtractDateSource, Limits, ListRead, DISABILITY_YES};

/// Where a row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Prov {
    pub sheet: u16,
    pub row: u32,
}

/// A parsed cell value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Date(NaiveDate),
    Int(u32),
    Age(f64),
    YesNo(YesNo),
    Code(String),
    Text(String),
    Sex(Sex),
    Status(CaseStatus),
}

/// The usable values of one row, by column.
#[derive(Debug, Default)]
pub(crate) struct RowVals(Vec<(F, Val)>);

impl RowVals {
    pub fn set(&mut self, f: F, v: Val) {
        self.0.push((f, v));
    }
    fn get(&self, f: F) -> Option<&Val> {
        self.0.iter().find(|(g, _)| *g == f).map(|(_, v)| v)
    }
    fn date(&self, f: F) -> Option<NaiveDate> {
        match self.get(f) {
            Some(Val::Date(d)) => Some(*d),
            _ => None,
        }
    }
    fn string(&self, f: F) -> Option<String> {
        match self.get(f) {
            Some(Val::Code(s) | Val::Text(s)) => Some(s.clone()),
            _ => None,
        }
    }
    fn yes_no(&self, f: F) -> Option<YesNo> {
        match self.get(f) {
            Some(Val::YesNo(v)) => Some(*v),
            _ => None,
        }
    }
    fn int(&self, f: F) -> Option<u32> {
        match self.get(f) {
            Some(Val::Int(n)) => Some(*n),
            _ => None,
        }
    }
}

/// One data row ready to be collected.
pub(crate) struct RowData {
    pub list: u8,
    pub id: ChildId,
    pub prov: Prov,
    pub vals: RowVals,
}

/// A collected row: only what the model (or a cross-list check) needs.
struct Rec<T> {
    id: ChildId,
    prov: Prov,
    team: Option<String>,
    worker: Option<String>,
    d: T,
}

struct ContactRow {
    date: Option<NaiveDate>,
    source: Option<String>,
}
struct EhRow {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    org: Option<String>,
}
struct RefRow {
    date: Option<NaiveDate>,
    source: Option<String>,
    nfa: Option<bool>,
}
struct AsmtRow {
    start: Option<NaiveDate>,
    seen: Option<bool>,
    auth: Option<NaiveDate>,
}
struct S47Row {
    start: Option<NaiveDate>,
    unnecessary: Option<bool>,
    icpc: Option<NaiveDate>,
    cpp: Option<YesNo>,
}
struct CinRow {
    start: Option<NaiveDate>,
    need: Option<String>,
    closure: Option<NaiveDate>,
    reason: Option<String>,
    status: Option<CaseStatus>,
}
struct CppRow {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    initial: Option<String>,
    latest: Option<String>,
    visit: Option<NaiveDate>,
    review: Option<NaiveDate>,
    previous: Option<u32>,
}

#[derive(Default)]
struct ChildAcc {
    first: Option<Prov>,
    sex: Option<(Sex, Prov)>,
    ethnicity: Option<(String, Prov)>,
    dob: Option<(NaiveDate, Prov)>,
    disability: Option<(YesNo, Prov)>,
}

struct AgeObs {
    id: String,
    prov: Prov,
    dob: NaiveDate,
    age: f64,
}

#[derive(Default)]
struct EpMeta {
    unlinked: bool,
    from_list6: bool,
    nfa: Option<(bool, Prov)>,
}

/// Everything read so far.
pub(crate) struct Collector {
    pub today: NaiveDate,
    pub limits: Limits,
    sheets: Vec<String>,
    headers: Vec<HashMap<F, String>>,
    issues: Vec<(u16, AnnexIssue)>,
    dropped: u64,
    children: BTreeMap<ChildId, ChildAcc>,
    contacts: Vec<Rec<ContactRow>>,
    early_help: Vec<Rec<EhRow>>,
    referrals: Vec<Rec<RefRow>>,
    assessments: Vec<Rec<AsmtRow>>,
    s47s: Vec<Rec<S47Row>>,
    cin: Vec<Rec<CinRow>>,
    cpps: Vec<Rec<CppRow>>,
    dedup: HashMap<String, u32>,
    ages: Vec<AgeObs>,
    title: Option<(NaiveDate, u16, u32)>,
    lists: Vec<ListRead>,
    read: [bool; 12],
    latest_event: Option<NaiveDate>,
}

impl Collector {
    pub fn new(today: NaiveDate, limits: Limits) -> Self {
        Collector {
            today,
            limits,
            sheets: Vec::new(),
            headers: Vec::new(),
            issues: Vec::new(),
            dropped: 0,
            children: BTreeMap::new(),
            contacts: Vec::new(),
            early_help: Vec::new(),
            referrals: Vec::new(),
            assessments: Vec::new(),
            s47s: Vec::new(),
            cin: Vec::new(),
            cpps: Vec::new(),
            dedup: HashMap::new(),
            ages: Vec::new(),
            title: None,
            lists: Vec::new(),
            read: [false; 12],
            latest_event: None,
        }
    }

    /// Register a sheet (or file) name; returns its index.
    pub fn add_sheet(&mut self, name: &str) -> u16 {
        self.sheets.push(name.to_string());
        self.headers.push(HashMap::new());
        (self.sheets.len() - 1) as u16
    }

    pub fn set_headers(&mut self, sheet: u16, cols: &[(schema::Col, u32, String)]) {
        let map = &mut self.headers[usize::from(sheet)];
        for (col, _, text) in cols {
            map.insert(col.f, text.clone());
        }
    }

    fn header(&self, sheet: u16, f: F, list: u8) -> String {
        self.headers[usize::from(sheet)]
            .get(&f)
            .cloned()
            .unwrap_or_else(|| {
                schema::columns(list)
                    .iter()
                    .find(|c| c.f == f)
                    .map(|c| c.header.to_string())
                    .unwrap_or_default()
            })
    }

    fn sheet_name(&self, sheet: u16) -> &str {
        &self.sheets[usize::from(sheet)]
    }

    pub fn list_read(&mut self, list: u8, sheet: u16, header_row: u32, rows: u32, imported: u32) {
        self.read[usize::from(list)] = true;
        self.lists.push(ListRead {
            list,
            sheet: self.sheets[usize::from(sheet)].clone(),
            header_row,
            rows,
            imported,
        });
    }

    pub fn title_date(&mut self, date: NaiveDate, sheet: u16, row: u32) {
        if self.title.is_none() {
            self.title = Some((date, sheet, row));
        }
    }

    /// Record an issue (up to [`Limits::max_issues`]; the rest are counted).
    #[allow(clippy::too_many_arguments)]
    pub fn issue(
        &mut self,
        rule: &'static str,
        severity: Severity,
        child_id: Option<String>,
        field: &str,
        sheet: u16,
        row: u32,
        message: String,
    ) {
        if self.issues.len() >= self.limits.max_issues {
            self.dropped += 1;
            return;
        }
        let issue = AnnexIssue {
            rule: rule.to_string(),
            severity,
            child_id,
            field: field.to_string(),
            message,
            sheet: self.sheets[usize::from(sheet)].clone(),
            row,
        };
        self.issues.push((sheet, issue));
    }

    /// Report a row-level problem in the standard "<sheet> row <n>, <field>: ..." form.
    fn row_issue(
        &mut self,
        rule: &'static str,
        severity: Severity,
        id: &ChildId,
        prov: Prov,
        field: &str,
        detail: String,
    ) {
        let message = format!(
            "{} row {}, {}: {detail}",
            self.sheet_name(prov.sheet),
            prov.row,
            clip(field)
        );
        self.issue(
            rule,
            severity,
            Some(id.as_str().to_string()),
            field,
            prov.sheet,
            prov.row,
            message,
        );
    }

    /// Collect one row. Returns false when it was not imported (a duplicate).
    pub fn add_row(&mut self, data: RowData) -> bool {
        let RowData {
            list,
            id,
            prov,
            vals,
        } = data;
        // Duplicate rows by the liia-tools de-duplication key.
        let key_fields: &[F] = match list {
            1 => &[F::ContactDate, F::ContactSource],
            2 => &[F::EhStart],
            3 => &[F::RefDate, F::RefSource],
            4 => &[F::AsmtStart],
            5 => &[F::S47Start],
            6 => &[F::CinStart],
            7 => &[F::CppStart],
            _ => &[],
        };
        if !key_fields.is_empty() && vals.date(key_fields[0]).is_some() {
            let mut key = format!("{list}\u{1f}{}", id.as_str());
            for f in key_fields {
                key.push('\u{1f}');
                match vals.get(*f) {
                    Some(Val::Date(d)) => key.push_str(&d.to_string()),
                    Some(Val::Code(s)) => key.push_str(s),
                    _ => {}
                }
            }
            if let Some(first) = self.dedup.get(&key).copied() {
                let field = self.header(prov.sheet, key_fields[0], list);
                let names: Vec<String> = key_fields
                    .iter()
                    .map(|f| self.header(prov.sheet, *f, list))
                    .collect();
                self.row_issue(
                    rules::DUPLICATE,
                    Severity::Query,
                    &id,
                    prov,
                    &field,
                    format!(
                        "the row repeats row {first} (same child and {}); it is not imported again",
                        names.join(" and ")
                    ),
                );
                return false;
            }
            self.dedup.insert(key, prov.row);
        }

        self.child_attrs(list, &id, prov, &vals);
        for (f, v) in &vals.0 {
            if let (false, Val::Date(d)) = (*f == F::Dob, v) {
                if self.latest_event.is_none_or(|l| *d > l) {
                    self.latest_event = Some(*d);
                }
            }
        }
        self.date_order(list, &id, prov, &vals);

        let team = vals.string(F::Team);
        // Annex A's "Allocated worker" column usually holds a person's name. Assure stores
        // no names (data minimisation), so the column is read for header matching only.
        let worker: Option<String> = {
            let _ = vals.string(F::Worker);
            None
        };
        macro_rules! rec {
            ($d:expr) => {
                Rec {
                    id,
                    prov,
                    team,
                    worker,
                    d: $d,
                }
            };
        }
        match list {
            1 => self.contacts.push(rec!(ContactRow {
                date: vals.date(F::ContactDate),
                source: vals.string(F::ContactSource),
            })),
            2 => self.early_help.push(rec!(EhRow {
                start: vals.date(F::EhStart),
                end: vals.date(F::EhEnd),
                org: vals.string(F::EhOrg),
            })),
            3 => self.referrals.push(rec!(RefRow {
                date: vals.date(F::RefDate),
                source: vals.string(F::RefSource),
                nfa: vals.yes_no(F::RefNfa).and_then(YesNo::as_bool),
            })),
            4 => self.assessments.push(rec!(AsmtRow {
                start: vals.date(F::AsmtStart),
                seen: vals.yes_no(F::AsmtSeen).and_then(YesNo::as_bool),
                auth: vals.date(F::AsmtAuth),
            })),
            5 => self.s47s.push(rec!(S47Row {
                start: vals.date(F::S47Start),
                unnecessary: vals.yes_no(F::IcpcUnnecessary).and_then(YesNo::as_bool),
                icpc: vals.date(F::IcpcDate),
                cpp: vals.yes_no(F::IcpcCpp),
            })),
            6 => self.cin.push(rec!(CinRow {
                start: vals.date(F::CinStart),
                need: vals.string(F::PrimaryNeed),
                closure: vals.date(F::CinClosure),
                reason: vals.string(F::ClosureReason),
                status: match vals.get(F::CaseStatus) {
                    Some(Val::Status(s)) => Some(*s),
                    _ => None,
                },
            })),
            7 => self.cpps.push(rec!(CppRow {
                start: vals.date(F::CppStart),
                end: vals.date(F::CppEnd),
                initial: vals.string(F::CatInitial),
                latest: vals.string(F::CatLatest),
                visit: vals.date(F::LastVisit),
                review: vals.date(F::LatestReview),
                previous: vals.int(F::PrevPlans),
            })),
            _ => return false,
        }
        true
    }

    fn child_attrs(&mut self, list: u8, id: &ChildId, prov: Prov, vals: &RowVals) {
        let acc = self.children.entry(id.clone()).or_default();
        if acc.first.is_none() {
            acc.first = Some(prov);
        }
        let mut conflicts: Vec<(F, String, String, Prov)> = Vec::new();
        if let Some(Val::Sex(s)) = vals.get(F::Gender) {
            match acc.sex {
                None => acc.sex = Some((*s, prov)),
                Some((old, p)) if old != *s => {
                    conflicts.push((F::Gender, sex_label(*s), sex_label(old), p))
                }
                _ => {}
            }
        }
        if let Some(Val::Code(e)) = vals.get(F::Ethnicity) {
            match &acc.ethnicity {
                None => acc.ethnicity = Some((e.clone(), prov)),
                Some((old, p)) if old != e => {
                    conflicts.push((F::Ethnicity, e.clone(), old.clone(), *p))
                }
                _ => {}
            }
        }
        if let Some(d) = vals.date(F::Dob) {
            match acc.dob {
                None => acc.dob = Some((d, prov)),
                Some((old, p)) if old != d => conflicts.push((
                    F::Dob,
                    d.format("%d/%m/%Y").to_string(),
                    old.format("%d/%m/%Y").to_string(),
                    p,
                )),
                _ => {}
            }
        }
        if let Some(v) = vals.yes_no(F::Disability) {
            match acc.disability {
                None => acc.disability = Some((v, prov)),
                Some((old, p)) if old != v => {
                    conflicts.push((F::Disability, yes_no_label(v), yes_no_label(old), p))
                }
                _ => {}
            }
        }
        if let (Some(dob), Some(Val::Age(age))) = (vals.date(F::Dob), vals.get(F::Age)) {
            self.ages.push(AgeObs {
                id: id.as_str().to_string(),
                prov,
                dob,
                age: *age,
            });
        }
        for (f, new, old, p) in conflicts {
            let field = self.header(prov.sheet, f, list);
            let at = format!("{} row {}", self.sheet_name(p.sheet), p.row);
            self.row_issue(
                rules::CHILD_CONFLICT,
                Severity::Query,
                id,
                prov,
                &field,
                format!(
                    "\"{}\" differs from \"{}\" given for this child on {at}; the first value is kept",
                    clip(&new),
                    clip(&old)
                ),
            );
        }
    }

    fn date_order(&mut self, list: u8, id: &ChildId, prov: Prov, vals: &RowVals) {
        let pairs: &[(F, F)] = match list {
            2 => &[(F::EhStart, F::EhEnd)],
            4 => &[(F::AsmtStart, F::AsmtAuth)],
            5 => &[(F::S47Start, F::IcpcDate)],
            6 => &[(F::CinStart, F::CinClosure)],
            7 => &[(F::CppStart, F::CppEnd), (F::CppStart, F::LatestReview)],
            _ => &[],
        };
        for (start_f, end_f) in pairs {
            if let (Some(start), Some(end)) = (vals.date(*start_f), vals.date(*end_f)) {
                if end < start {
                    let end_h = self.header(prov.sheet, *end_f, list);
                    let start_h = self.header(prov.sheet, *start_f, list);
                    self.row_issue(
                        rules::DATE_ORDER,
                        Severity::Error,
                        id,
                        prov,
                        &end_h,
                        format!(
                            "{} is before the {} {}",
                            end.format("%d/%m/%Y"),
                            clip(&start_h),
                            start.format("%d/%m/%Y")
                        ),
                    );
                }
            }
        }
    }

    /// Report a list that is not in the upload.
    pub fn list_missing(&mut self, list: u8, what: &str) {
        let sheet = self.add_sheet(&format!("List {list}"));
        self.issue(
            rules::LIST_MISSING,
            Severity::Query,
            None,
            "",
            sheet,
            0,
            format!(
                "List {list} ({}): {what}; the list was not read",
                schema::list_name(list)
            ),
        );
    }

    /// Link everything into children and run the whole-file checks.
    pub fn finish(mut self) -> AnnexAImport {
        let (extract_date, extract_date_source) = self.extract_date();
        self.age_checks(extract_date);

        let mut children: BTreeMap<ChildId, Child> = BTreeMap::new();
        for (id, acc) in &self.children {
            let mut child = Child::new(id.clone());
            child.source_line = acc.first.map(|p| u64::from(p.row));
            if let Some((s, _)) = acc.sex {
                child.sex = s;
            }
            child.ethnicity = acc.ethnicity.as_ref().map(|(e, _)| e.clone());
            if let Some((d, _)) = acc.dob {
                if d > self.today {
                    child.expected_birth_date = Some(d);
                } else {
                    child.birth_date = Some(d);
                }
            }
            match acc.disability {
                Some((YesNo::Yes, _)) => child.disabilities.push(DISABILITY_YES.to_string()),
                Some((YesNo::No, _)) => child.disabilities.push("NONE".to_string()),
                _ => {}
            }
            children.insert(id.clone(), child);
        }
        let contacts = std::mem::take(&mut self.contacts);
        for r in contacts {
            if let Some(child) = children.get_mut(&r.id) {
                child.contacts.push(Contact {
                    date: r.d.date,
                    source: r.d.source,
                    team: r.team,
                    worker: r.worker,
                });
            }
        }
        let early_help = std::mem::take(&mut self.early_help);
        for r in early_help {
            if let Some(child) = children.get_mut(&r.id) {
                child.early_help.push(EarlyHelpEpisode {
                    start: r.d.start,
                    end: r.d.end,
                    organisation: r.d.org,
                    team: r.team,
                    worker: r.worker,
                    ..EarlyHelpEpisode::default()
                });
            }
        }

        // Episodes: referrals (List 3), then CIN episodes (List 6) matched to a referral on
        // the CIN start date or added, then everything else attached to the latest episode
        // starting on or before it.
        let mut eps: HashMap<ChildId, Vec<(Episode, EpMeta)>> = HashMap::new();
        for r in std::mem::take(&mut self.referrals) {
            eps.entry(r.id).or_default().push((
                Episode {
                    referral_date: r.d.date,
                    referral_source: r.d.source,
                    referral_nfa: r.d.nfa,
                    team: r.team,
                    worker: r.worker,
                    ..Episode::default()
                },
                EpMeta {
                    nfa: r.d.nfa.map(|n| (n, r.prov)),
                    ..EpMeta::default()
                },
            ));
        }
        let cin = std::mem::take(&mut self.cin);
        for r in &cin {
            let list = eps.entry(r.id.clone()).or_default();
            let found = r.d.start.and_then(|s| {
                list.iter()
                    .position(|(e, m)| e.referral_date == Some(s) && !m.from_list6)
            });
            let i = match found {
                Some(i) => i,
                None => {
                    list.push((
                        Episode {
                            referral_date: r.d.start,
                            ..Episode::default()
                        },
                        EpMeta::default(),
                    ));
                    list.len() - 1
                }
            };
            let (ep, meta) = &mut list[i];
            meta.from_list6 = true;
            ep.primary_need = r.d.need.clone();
            ep.closure_date = r.d.closure;
            ep.closure_reason = r.d.reason.clone();
            if ep.team.is_none() {
                ep.team = r.team.clone();
            }
            if ep.worker.is_none() {
                ep.worker = r.worker.clone();
            }
            if r.d.status == Some(CaseStatus::ChildInNeedPlan) {
                ep.cin_plans.push(CinPlan {
                    start: None,
                    end: None,
                    team: r.team.clone(),
                    worker: r.worker.clone(),
                });
            }
        }
        for list in eps.values_mut() {
            list.sort_by_key(|(e, _)| (e.referral_date.is_none(), e.referral_date));
        }
        let mut nfa_queries = Vec::new();
        for r in std::mem::take(&mut self.assessments) {
            let list = eps.entry(r.id.clone()).or_default();
            let i = attach(list, r.d.start);
            if let (Some((true, p)), Some(date)) = (list[i].1.nfa, list[i].0.referral_date) {
                nfa_queries.push((r.id.clone(), r.prov, p, date));
            }
            list[i].0.assessments.push(Assessment {
                start: r.d.start,
                authorised: r.d.auth,
                child_seen: r.d.seen,
                team: r.team,
                worker: r.worker,
                ..Assessment::default()
            });
        }
        let s47s = std::mem::take(&mut self.s47s);
        for r in &s47s {
            let list = eps.entry(r.id.clone()).or_default();
            let i = attach(list, r.d.start);
            list[i].0.s47s.push(S47 {
                start: r.d.start,
                icpc_date: r.d.icpc,
                icpc_not_required: r.d.unnecessary,
                team: r.team.clone(),
                worker: r.worker.clone(),
                ..S47::default()
            });
        }
        let cpps = std::mem::take(&mut self.cpps);
        for r in &cpps {
            let list = eps.entry(r.id.clone()).or_default();
            let i = attach(list, r.d.start);
            list[i].0.cp_plans.push(CpPlan {
                start: r.d.start,
                end: r.d.end,
                initial_category: r.d.initial.clone(),
                latest_category: r.d.latest.clone(),
                previous_plans: r.d.previous,
                review_dates: r.d.review.into_iter().collect(),
                visit_dates: r.d.visit.into_iter().collect(),
                team: r.team.clone(),
                worker: r.worker.clone(),
            });
        }
        for (id, list) in eps {
            if let Some(child) = children.get_mut(&id) {
                child.episodes = list.into_iter().map(|(e, _)| e).collect();
            }
        }

        self.cross_nfa(nfa_queries);
        self.cross_icpc_cpp(&s47s, &cpps);
        self.cross_previous_plans(&cpps);
        self.cross_case_status(&cin, &cpps);

        let mut issues = std::mem::take(&mut self.issues);
        issues.sort_by_key(|(sheet, i)| (*sheet, i.row));
        let mut problems: Vec<AnnexIssue> = issues.into_iter().map(|(_, i)| i).collect();
        if self.dropped > 0 {
            problems.push(AnnexIssue {
                rule: rules::TOO_MANY.to_string(),
                severity: Severity::Error,
                child_id: None,
                field: String::new(),
                message: format!(
                    "{} further problems were found but not listed (at most {} are listed); fix the problems above and upload the file again",
                    self.dropped, self.limits.max_issues
                ),
                sheet: String::new(),
                row: 0,
            });
        }
        AnnexAImport {
            children: children.into_values().collect(),
            extract_date,
            extract_date_source,
            problems,
            lists: self.lists,
        }
    }

    fn extract_date(&self) -> (Option<NaiveDate>, Option<ExtractDateSource>) {
        if let Some((d, sheet, row)) = &self.title {
            return (
                Some(*d),
                Some(ExtractDateSource::TitleRow {
                    sheet: self.sheets[usize::from(*sheet)].clone(),
                    row: *row,
                }),
            );
        }
        // Decimal ages are usually (extract date - birth date) / 365.25: when most rows agree
        // on the same day, that day is the extract date.
        let mut counts: HashMap<NaiveDate, u32> = HashMap::new();
        let mut n = 0u32;
        for a in &self.ages {
            if a.age.fract() == 0.0 {
                continue;
            }
            n += 1;
            let days = (a.age * 365.25).round() as i64;
            if let Some(d) = a.dob.checked_add_signed(Duration::days(days)) {
                *counts.entry(d).or_default() += 1;
            }
        }
        let best = counts
            .into_iter()
            .max_by_key(|(d, c)| (*c, std::cmp::Reverse(*d)));
        match best {
            Some((d, c)) if c >= 3 && c * 10 >= n * 8 && d <= self.today => (
                Some(d),
                Some(ExtractDateSource::AgesAndBirthDates { rows: c }),
            ),
            _ => (None, None),
        }
    }

    fn age_checks(&mut self, extract_date: Option<NaiveDate>) {
        let (reference, what) = match (extract_date, self.latest_event) {
            (Some(d), _) => (d, "the extract date"),
            (None, Some(d)) => (d.min(self.today), "the latest date in the lists"),
            (None, None) => return,
        };
        let ages = std::mem::take(&mut self.ages);
        for a in &ages {
            let years = years_between(a.dob, reference);
            let stated = a.age.floor() as i32;
            if (years - stated).abs() > 1 {
                let field = self.header(a.prov.sheet, F::Age, 1);
                let id = ChildId::parse(&a.id).expect("parsed before");
                self.row_issue(
                    rules::AGE_DOB,
                    Severity::Query,
                    &id,
                    a.prov,
                    &field,
                    format!(
                        "{} does not agree with the date of birth {} (age {years} on {}, {what})",
                        crate::values::number_text(a.age),
                        a.dob.format("%d/%m/%Y"),
                        reference.format("%d/%m/%Y")
                    ),
                );
            }
        }
    }

    fn cross_nfa(&mut self, queries: Vec<(ChildId, Prov, Prov, NaiveDate)>) {
        for (id, prov, ref_prov, date) in queries {
            let field = self.header(prov.sheet, F::AsmtStart, 4);
            let at = format!("{} row {}", self.sheet_name(ref_prov.sheet), ref_prov.row);
            self.row_issue(
                rules::CROSS_NFA_ASSESSMENT,
                Severity::Query,
                &id,
                prov,
                &field,
                format!(
                    "this assessment follows the referral of {} ({at}), which is marked NFA (no further action)",
                    date.format("%d/%m/%Y")
                ),
            );
        }
    }

    fn cross_icpc_cpp(&mut self, s47s: &[Rec<S47Row>], cpps: &[Rec<CppRow>]) {
        if !self.read[7] {
            return;
        }
        let mut starts: HashMap<&ChildId, Vec<NaiveDate>> = HashMap::new();
        for r in cpps {
            if let Some(s) = r.d.start {
                starts.entry(&r.id).or_default().push(s);
            }
        }
        for r in s47s {
            if r.d.cpp != Some(YesNo::Yes) {
                continue;
            }
            let field = self.header(r.prov.sheet, F::IcpcCpp, 5);
            let detail = match r.d.icpc {
                None => format!(
                    "is Yes but no {} is given",
                    self.header(r.prov.sheet, F::IcpcDate, 5)
                ),
                Some(d) if !starts.get(&r.id).is_some_and(|v| v.contains(&d)) => format!(
                    "is Yes, but List 7 has no child protection plan for this child starting on the ICPC date {}",
                    d.format("%d/%m/%Y")
                ),
                Some(_) => continue,
            };
            self.row_issue(
                rules::CROSS_ICPC_CPP,
                Severity::Query,
                &r.id,
                r.prov,
                &field,
                detail,
            );
        }
    }

    fn cross_previous_plans(&mut self, cpps: &[Rec<CppRow>]) {
        let mut starts: HashMap<&ChildId, Vec<NaiveDate>> = HashMap::new();
        for r in cpps {
            if let Some(s) = r.d.start {
                starts.entry(&r.id).or_default().push(s);
            }
        }
        for r in cpps {
            let (Some(start), Some(previous)) = (r.d.start, r.d.previous) else {
                continue;
            };
            let earlier = starts
                .get(&r.id)
                .map_or(0, |v| v.iter().filter(|s| **s < start).count());
            if (previous as usize) < earlier {
                let field = self.header(r.prov.sheet, F::PrevPlans, 7);
                self.row_issue(
                    rules::CROSS_PREVIOUS_PLANS,
                    Severity::Query,
                    &r.id,
                    r.prov,
                    &field,
                    format!(
                        "is {previous}, but List 7 itself holds {earlier} earlier plan{} for this child",
                        if earlier == 1 { "" } else { "s" }
                    ),
                );
            }
        }
    }

    fn cross_case_status(&mut self, cin: &[Rec<CinRow>], cpps: &[Rec<CppRow>]) {
        let mut open_cp: HashMap<&ChildId, bool> = HashMap::new();
        for r in cpps {
            let open = r.d.end.is_none() && r.d.start.is_some();
            let e = open_cp.entry(&r.id).or_default();
            *e = *e || open;
        }
        let l7 = self.read[7];
        for r in cin {
            let Some(status) = r.d.status else { continue };
            let field = self.header(r.prov.sheet, F::CaseStatus, 6);
            let closure_h = self.header(r.prov.sheet, F::CinClosure, 6);
            let has_open_cp = open_cp.get(&r.id).copied().unwrap_or(false);
            let detail = if status == CaseStatus::Closed && r.d.closure.is_none() {
                format!(
                    "is \"{}\" but no {closure_h} is given",
                    status_label(status)
                )
            } else if status != CaseStatus::Closed && r.d.closure.is_some() {
                format!(
                    "is \"{}\" but the {closure_h} is {}; expected \"e) Closed episode\"",
                    status_label(status),
                    r.d.closure
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default()
                )
            } else if l7 && status == CaseStatus::ChildProtection && !has_open_cp {
                format!(
                    "is \"{}\" but List 7 has no open child protection plan for this child",
                    status_label(status)
                )
            } else if l7
                && has_open_cp
                && matches!(
                    status,
                    CaseStatus::ChildInNeedPlan | CaseStatus::OpenAssessment
                )
            {
                format!(
                    "is \"{}\" but List 7 has an open child protection plan for this child; expected \"b) Child Protection plan\" (or \"a) Looked after child\")",
                    status_label(status)
                )
            } else {
                continue;
            };
            self.row_issue(
                rules::CROSS_CASE_STATUS,
                Severity::Query,
                &r.id,
                r.prov,
                &field,
                detail,
            );
        }
    }
}

/// Index of the episode an event belongs to: the latest episode whose referral date is on
/// or before the event's date; otherwise the child's one "unlinked" episode (no referral
/// date), created when first needed.
fn attach(list: &mut Vec<(Episode, EpMeta)>, date: Option<NaiveDate>) -> usize {
    if let Some(d) = date {
        if let Some(i) = list
            .iter()
            .rposition(|(e, _)| e.referral_date.is_some_and(|r| r <= d))
        {
            return i;
        }
    }
    if let Some(i) = list.iter().position(|(_, m)| m.unlinked) {
        return i;
    }
    list.push((
        Episode::default(),
        EpMeta {
            unlinked: true,
            ..EpMeta::default()
        },
    ));
    list.len() - 1
}

fn sex_label(s: Sex) -> String {
    match s {
        Sex::Male => "Male",
        Sex::Female => "Female",
        Sex::Unknown => "Unknown",
        Sex::Indeterminate => "Neither",
        Sex::NotRecorded => "Not stated/recorded",
    }
    .to_string()
}

fn yes_no_label(v: YesNo) -> String {
    match v {
        YesNo::Yes => "Yes",
        YesNo::No => "No",
        YesNo::Unknown => "Unknown",
    }
    .to_string()
}

fn status_label(s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::LookedAfter => "a) Looked after child",
        CaseStatus::ChildProtection => "b) Child Protection plan",
        CaseStatus::ChildInNeedPlan => "c) Child in need plan",
        CaseStatus::OpenAssessment => "d) Open assessment",
        CaseStatus::Closed => "e) Closed episode",
    }
}
