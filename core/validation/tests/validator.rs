//! Whole-return rules, reader problems, header rule 100 and the streaming validator.

mod common;

use assure_casedata::{ChildId, ChildIdError, CinChildExtras, FieldProblem, ProblemKind, Sex};
use assure_validation::{header_issues, problem_issue, CensusContext, Report, Severity, Validator};
use common::*;

fn run_children(year: i32, children: Vec<(assure_casedata::Child, CinChildExtras)>) -> Report {
    let mut v = Validator::new(ctx(year));
    for (c, x) in &children {
        v.feed(Some(c), x, &[]);
    }
    v.finish()
}

fn named(id: &str, line: u64) -> (assure_casedata::Child, CinChildExtras) {
    let (mut c, mut x) = base(2023);
    c.la_child_id = ChildId::parse(id).unwrap();
    c.source_line = Some(line);
    x.upn = Some(good_upn(line));
    (c, x)
}

#[test]
fn r8510_duplicate_child_id() {
    let r = run_children(2023, vec![named("A1", 10), named("A1", 50)]);
    assert_hit(&r.issues, "8510", Severity::Error, "LAchildID", Some("A1"));
    let hit = with_rule(&r.issues, "8510");
    assert_eq!(hit.len(), 1);
    assert_eq!(hit[0].line, Some(50));
    assert!(hit[0].message.contains("line 10"), "{}", hit[0].message);
    let r = run_children(2023, vec![named("A1", 10), named("A2", 50)]);
    assert!(with_rule(&r.issues, "8510").is_empty());
}

#[test]
fn r1520_duplicate_upn() {
    let (a, xa) = named("A1", 10);
    let (b, mut xb) = named("B2", 50);
    xb.upn = xa.upn.clone();
    let r = run_children(2023, vec![(a.clone(), xa.clone()), (b, xb)]);
    assert_hit(&r.issues, "1520", Severity::Error, "UPN", Some("B2"));
    assert!(with_rule(&r.issues, "1520")[0]
        .message
        .contains("child A1 (line 10)"));
    let r = run_children(2023, vec![(a, xa), named("B2", 50)]);
    assert!(with_rule(&r.issues, "1520").is_empty());
}

#[test]
fn r2883_more_plans_than_conferences() {
    let (mut c, x) = named("A1", 10);
    c.episodes[0].s47s[0].icpc_date = None;
    c.episodes[0].s47s[0].icpc_not_required = Some(true);
    let r = run_children(2023, vec![(c, x)]);
    assert_hit(&r.issues, "2883", Severity::Error, "CPPstartDate", None);
    assert!(r
        .issues
        .iter()
        .find(|i| i.rule == "2883")
        .unwrap()
        .message
        .contains("1 child protection plans start"));
    let r = run_children(2023, vec![named("A1", 10)]);
    assert!(with_rule(&r.issues, "2883").is_empty());
}

#[test]
fn r2886q_too_many_without_sex() {
    let (mut c, x) = named("A1", 10);
    c.sex = Sex::NotRecorded;
    let r = run_children(2023, vec![(c.clone(), x.clone())]);
    assert_hit(&r.issues, "2886Q", Severity::Query, "Sex", None);
    // 1 in 50 is exactly 2%: not more than 2%.
    let mut kids = vec![(c, x)];
    for n in 1..50 {
        kids.push(named(&format!("K{n}"), 100 + n));
    }
    let r = run_children(2023, kids);
    assert!(with_rule(&r.issues, "2886Q").is_empty());
}

#[test]
fn r2887q_and_2888q_disability_spread() {
    // Base children have only NONE: fewer than 8 codes, and nobody has two.
    let r = run_children(2023, vec![named("A1", 10)]);
    assert_hit(&r.issues, "2887Q", Severity::Query, "Disability", None);
    assert!(
        with_rule(&r.issues, "2888Q").is_empty(),
        "2888Q needs a disabled child"
    );
    let (mut c, x) = named("A1", 10);
    c.disabilities = vec!["MOB".into()];
    let r = run_children(2023, vec![(c, x)]);
    assert_hit(&r.issues, "2888Q", Severity::Query, "Disability", None);
    // Eight codes across two children, one with several: neither query.
    let (mut a, xa) = named("A1", 10);
    a.disabilities = ["MOB", "HAND", "PC", "INC"].map(String::from).to_vec();
    let (mut b, xb) = named("B2", 20);
    b.disabilities = ["COMM", "LD", "HEAR", "VIS"].map(String::from).to_vec();
    let r = run_children(2023, vec![(a, xa), (b, xb)]);
    assert!(with_rule(&r.issues, "2887Q").is_empty() && with_rule(&r.issues, "2888Q").is_empty());
}

fn problem(
    element: &'static str,
    kind: ProblemKind,
    value: &str,
    child: Option<&str>,
) -> FieldProblem {
    FieldProblem {
        element,
        path: format!("Message/Children/Child/{element}"),
        line: 42,
        value: value.into(),
        kind,
        la_child_id: child.map(|c| ChildId::parse(c).unwrap()),
    }
}

#[test]
fn r8500_child_without_id() {
    let mut v = Validator::new(ctx(2023));
    v.feed(
        None,
        &CinChildExtras::default(),
        &[problem("LAchildID", ProblemKind::MissingChildId, "", None)],
    );
    let r = v.finish();
    assert_hit(&r.issues, "8500", Severity::Error, "LAchildID", None);
    assert_eq!(r.issues[0].line, Some(42));
    assert_eq!(r.children, 1);
    // A child with an ID raises no 8500.
    let r = run_children(2023, vec![named("A1", 10)]);
    assert!(with_rule(&r.issues, "8500").is_empty());
}

#[test]
fn r1570_long_child_id_from_2025() {
    let p = problem(
        "LAchildID",
        ProblemKind::InvalidChildId(ChildIdError::TooLong { chars: 23 }),
        "child_fails_assessments",
        None,
    );
    let i = problem_issue(&p, &ctx(2025));
    assert_eq!(
        (i.rule.as_str(), i.severity, i.field.as_str()),
        ("1570", Severity::Error, "LAchildID")
    );
    assert!(
        i.message.contains("\"child_fails_assessments\""),
        "{}",
        i.message
    );
    // Before 2024-25 the same value is a plain format problem.
    assert_eq!(problem_issue(&p, &ctx(2024)).rule, "format");
}

#[test]
fn r8842q_review_without_date() {
    let p = problem("CPPreviewDate", ProblemKind::EmptyValue, "", Some("A1"));
    let i = problem_issue(&p, &ctx(2023));
    assert_eq!(
        (i.rule.as_str(), i.severity, i.field.as_str()),
        ("8842Q", Severity::Query, "CPPreviewDate")
    );
    assert_eq!(i.child_id.as_deref(), Some("A1"));
    let p = problem(
        "CPPreviewDate",
        ProblemKind::InvalidDate,
        "2021-02-30",
        Some("A1"),
    );
    assert_eq!(problem_issue(&p, &ctx(2023)).rule, "format");
}

#[test]
fn bad_value_reported_once_under_its_dfe_rule() {
    // An unparseable referral date: the reader leaves it None and reports it. Rule 8600
    // ("missing") would fire too; the validator keeps only the reader's, clearer, issue.
    let (mut c, x) = named("A1", 10);
    c.episodes[0].referral_date = None;
    let p = problem(
        "CINreferralDate",
        ProblemKind::InvalidDate,
        "2021-02-30",
        Some("A1"),
    );
    let mut v = Validator::new(ctx(2023));
    v.feed(Some(&c), &x, &[p]);
    let r = v.finish();
    let hits = with_rule(&r.issues, "8600");
    assert_eq!(hits.len(), 1, "{:#?}", r.issues);
    assert_eq!(
        hits[0].message,
        "8600: The CINreferralDate value \"2021-02-30\" is not a valid date (expected YYYY-MM-DD)."
    );
    assert_eq!(r.counts_by_rule["8600"], 1);
    // Same for an invalid Sex code in 2024-25 (rule 4180).
    let (c, mut x) = base(2025);
    x.sex = Some("X".into());
    let p = problem("Sex", ProblemKind::InvalidSex, "X", Some(ID));
    let mut v = Validator::new(ctx(2025));
    v.feed(Some(&c), &x, &[p]);
    let r = v.finish();
    assert_eq!(with_rule(&r.issues, "4180").len(), 1, "{:#?}", r.issues);
}

#[test]
fn only_the_restated_missing_issue_is_dropped() {
    let k = ctx(2023);
    let (mut c, x) = named("A1", 10);
    // Episode 1: referral after the reference date (a real 8600). Episode 2: referral
    // unparseable (None in the model, one reader problem). Episode 3: no referral date
    // element at all (a real "missing" 8600).
    c.episodes[0].referral_date = Some(plus(k.reference_date(), 5));
    let mut e2 = c.episodes[0].clone();
    e2.referral_date = None;
    let e3 = e2.clone();
    c.episodes.push(e2);
    c.episodes.push(e3);
    let p = problem(
        "CINreferralDate",
        ProblemKind::InvalidDate,
        "2021-13-01",
        Some("A1"),
    );
    let mut v = Validator::new(k);
    v.feed(Some(&c), &x, &[p]);
    let r = v.finish();
    let msgs: Vec<&str> = with_rule(&r.issues, "8600")
        .iter()
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(msgs, [
        "8600: The CINreferralDate value \"2021-13-01\" is not a valid date (expected YYYY-MM-DD).",
        "8600: The referral date 2023-04-05 is after the reference date 2023-03-31.",
        "8600: An episode has no referral date.",
    ]);
}

#[test]
fn structure_and_format_problems() {
    let k = ctx(2023);
    let i = problem_issue(
        &problem("Ethnicity", ProblemKind::Repeated, "", Some("A1")),
        &k,
    );
    assert_eq!(
        (i.rule.as_str(), i.severity),
        ("structure", Severity::Query)
    );
    let i = problem_issue(
        &problem(
            "ICPCnotRequired",
            ProblemKind::InvalidBoolean,
            "maybe",
            Some("A1"),
        ),
        &k,
    );
    assert_eq!((i.rule.as_str(), i.severity), ("format", Severity::Error));
    let i = problem_issue(
        &problem(
            "ReferralNFA",
            ProblemKind::InvalidBoolean,
            "maybe",
            Some("A1"),
        ),
        &k,
    );
    assert_eq!(i.rule, "8568");
    let i = problem_issue(
        &problem(
            "NumberOfPreviousCPP",
            ProblemKind::InvalidInteger,
            "-1",
            Some("A1"),
        ),
        &k,
    );
    assert_eq!(i.rule, "8730");
    // Hostile values are clipped and control characters escaped.
    let i = problem_issue(
        &problem(
            "CINclosureDate",
            ProblemKind::InvalidDate,
            &format!("a\nb{}", "x".repeat(200)),
            Some("A1"),
        ),
        &k,
    );
    assert!(
        !i.message.contains('\n') && i.message.len() < 160,
        "{}",
        i.message
    );
}

#[test]
fn r100_reference_date() {
    let d = |y, m, dd| assure_casedata::NaiveDate::from_ymd_opt(y, m, dd);
    assert!(header_issues(Some(2023), d(2023, 3, 31)).is_empty());
    let i = header_issues(Some(2023), d(2023, 3, 28));
    assert_eq!(i.len(), 1);
    assert_eq!(
        (
            i[0].rule.as_str(),
            i[0].severity,
            i[0].field.as_str(),
            i[0].child_id.as_deref()
        ),
        ("100", Severity::Error, "ReferenceDate", None)
    );
    assert_eq!(i[0].message, "100: The ReferenceDate 2023-03-28 is not 31 March 2023 (the collection year in the header).");
    assert_eq!(header_issues(Some(2023), None)[0].rule, "100");
    assert_eq!(header_issues(None, d(2023, 3, 31))[0].rule, "100");
}

#[test]
fn report_counts_and_json() {
    let (mut c, x) = named("A1", 10);
    c.ethnicity = None;
    c.episodes[0].referral_source = Some("ZZ".into());
    let mut v = Validator::new(ctx(2023));
    v.feed_header(
        Some(2023),
        assure_casedata::NaiveDate::from_ymd_opt(2023, 3, 30),
        &[],
    );
    v.feed(Some(&c), &x, &[]);
    let streamed: Vec<_> = v.drain_issues().collect();
    assert_eq!(streamed.len(), 3);
    let r = v.finish();
    // 2887Q comes at the end; the drained issues are not repeated but still counted.
    assert_eq!(r.issues.len(), 1);
    assert_eq!(r.counts_by_rule["100"], 1);
    assert_eq!(r.counts_by_rule["4220"], 1);
    assert_eq!(r.counts_by_rule["8866"], 1);
    assert_eq!(r.counts_by_rule["2887Q"], 1);
    assert_eq!((r.errors, r.queries), (3, 1));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["errors"], 3);
    assert_eq!(json["counts_by_rule"]["2887Q"], 1);
}

#[test]
fn context_from_header() {
    let c = CensusContext::from_header(Some(2025), None).unwrap();
    assert_eq!(c.reference_date().to_string(), "2025-03-31");
    assert_eq!(c.period_start().to_string(), "2024-04-01");
}
