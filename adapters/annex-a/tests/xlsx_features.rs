//! Reader features on hand-made workbooks: each with a passing and a failing case.

mod common;

use assure_annexa::{rules, AnnexErrorKind, ExtractDateSource, Severity};
use assure_casedata::Sex;
use common::*;

#[test]
fn baseline_reads_cleanly_into_the_model() {
    let import = read(&baseline());
    assert_clean(&import);
    assert_eq!(import.children.len(), 2);
    assert_eq!(import.lists.len(), 7);
    for l in &import.lists {
        assert_eq!(l.header_row, 1, "{l:?}");
        assert_eq!(l.rows, l.imported);
    }

    let a1 = child(&import, "A1");
    assert_eq!(a1.sex, Sex::Male);
    assert_eq!(a1.ethnicity.as_deref(), Some("WBRI"));
    assert_eq!(a1.birth_date, Some(date(2015, 3, 10)));
    assert_eq!(a1.disabilities, vec!["NONE".to_string()]);
    assert_eq!(a1.contacts.len(), 1);
    assert_eq!(a1.contacts[0].date, Some(date(2024, 1, 10)));
    assert_eq!(a1.contacts[0].source.as_deref(), Some("6"));
    // One episode: the List 3 referral, merged with the List 6 CIN episode of the same date.
    assert_eq!(a1.episodes.len(), 1);
    let ep = &a1.episodes[0];
    assert_eq!(ep.referral_date, Some(date(2024, 1, 11)));
    assert_eq!(ep.referral_source.as_deref(), Some("6"));
    assert_eq!(ep.referral_nfa, Some(false));
    assert_eq!(ep.primary_need.as_deref(), Some("N1"));
    assert_eq!(ep.closure_date, None);
    assert_eq!(ep.team.as_deref(), Some("MASH"));
    assert_eq!(ep.worker, None, "Annex A workers are names: never stored");
    assert!(ep.cin_plans.is_empty(), "status is CP plan, not CIN plan");
    assert_eq!(ep.assessments.len(), 1);
    assert_eq!(ep.assessments[0].start, Some(date(2024, 1, 12)));
    assert_eq!(ep.assessments[0].authorised, Some(date(2024, 2, 20)));
    assert_eq!(ep.assessments[0].child_seen, Some(true));
    assert_eq!(ep.assessments[0].team.as_deref(), Some("Assessment Team 1"));
    assert_eq!(ep.s47s.len(), 1);
    assert_eq!(ep.s47s[0].start, Some(date(2024, 2, 1)));
    assert_eq!(ep.s47s[0].icpc_date, Some(date(2024, 2, 20)));
    assert_eq!(ep.s47s[0].icpc_not_required, Some(false));
    assert_eq!(ep.cp_plans.len(), 1);
    let cp = &ep.cp_plans[0];
    assert_eq!(cp.start, Some(date(2024, 2, 20)));
    assert_eq!(cp.end, None);
    assert_eq!(cp.initial_category.as_deref(), Some("NEG"));
    assert_eq!(cp.latest_category.as_deref(), Some("NEG"));
    assert_eq!(cp.previous_plans, Some(0));
    assert_eq!(cp.review_dates, vec![date(2024, 5, 10)]);
    assert_eq!(cp.visit_dates, vec![date(2024, 5, 1)]);
    assert_eq!(cp.worker, None, "Annex A workers are names: never stored");

    let b2 = child(&import, "B2");
    assert_eq!(b2.sex, Sex::Female);
    assert_eq!(b2.ethnicity.as_deref(), Some("APKN"));
    assert!(
        b2.disabilities.is_empty(),
        "B2 is on no list with a disability column"
    );
    assert_eq!(b2.early_help.len(), 1);
    assert_eq!(b2.early_help[0].start, Some(date(2024, 3, 5)));
    assert_eq!(b2.early_help[0].end, Some(date(2024, 4, 30)));
    assert_eq!(
        b2.early_help[0].organisation.as_deref(),
        Some("Early Help Hub")
    );
    assert_eq!(b2.episodes.len(), 1);
    assert_eq!(b2.episodes[0].referral_nfa, Some(true));
    assert_eq!(b2.episodes[0].referral_source.as_deref(), Some("2A"));
}

#[test]
fn sheet_names_match_loosely_and_a_workbook_without_lists_is_refused() {
    let mut sheets = baseline();
    sheets[0].name = " list_1 ".into();
    sheets[2].name = "LIST 3 - Referrals".into();
    let import = read(&sheets);
    assert_clean(&import);
    assert_eq!(import.lists[2].sheet, "LIST 3 - Referrals");

    let other = vec![
        Sheet::new("Sheet1", vec![vec![s("hello")]]),
        Sheet::new("List 8", vec![vec![s("x")]]),
    ];
    let err = assure_annexa::read_xlsx(&xlsx(&other), "other.xlsx", &opts()).unwrap_err();
    assert!(matches!(err.kind, AnnexErrorKind::NoListSheets(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.starts_with("other.xlsx: no Annex A list sheet"),
        "{text}"
    );
    assert!(text.contains("\"Sheet1\""), "{text}");
}

#[test]
fn missing_lists_and_duplicate_sheets_are_reported() {
    let sheets = vec![list1(), list3()];
    let import = read(&sheets);
    let missing = with_rule(&import, rules::LIST_MISSING);
    assert_eq!(missing.len(), 5, "{:?}", import.problems);
    assert!(missing.iter().all(|p| p.severity == Severity::Query));
    assert!(
        missing[0]
            .message
            .starts_with("List 2 (Early help): the workbook has no sheet named \"List 2\""),
        "{}",
        missing[0].message
    );

    let mut copy = list1();
    copy.name = "List 1 (old)".into();
    let mut sheets = baseline();
    sheets.push(copy);
    let import = read(&sheets);
    let dup = with_rule(&import, rules::SHEET_DUPLICATE);
    assert_eq!(dup.len(), 1);
    assert!(
        dup[0].message.contains("only \"List 1\" is read"),
        "{}",
        dup[0].message
    );
    assert_eq!(child(&import, "A1").contacts.len(), 1);
}

#[test]
fn header_found_below_title_rows_but_not_beyond_row_twenty() {
    let sheets = with(3, |l3| {
        l3.titles(vec![
            vec![s("Ofsted Annex A - List 3: Referrals")],
            vec![],
            vec![s("Extract date:"), C::D(serial(2024, 5, 31))],
            vec![s("All referrals in the six months before the inspection")],
        ]);
    });
    let import = read(&sheets);
    assert_clean(&import);
    assert_eq!(
        import.lists[2].header_row, 5,
        "1-based sheet row under four title rows"
    );
    assert_eq!(import.extract_date, Some(date(2024, 5, 31)));
    assert_eq!(
        import.extract_date_source,
        Some(ExtractDateSource::TitleRow {
            sheet: "List 3".into(),
            row: 3
        })
    );
    assert_eq!(
        child(&import, "B2").episodes[0].referral_date,
        Some(date(2024, 3, 20))
    );

    let sheets = with(3, |l3| {
        let titles = (0..25).map(|i| vec![s(&format!("note {i}"))]).collect();
        l3.titles(titles);
    });
    let import = read(&sheets);
    let p = with_rule(&import, rules::HEADER_ROW);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].severity, Severity::Error);
    assert!(
        p[0].message
            .starts_with("List 3: no header row was found in the first 20 rows"),
        "{}",
        p[0].message
    );
    assert!(import.lists.iter().all(|l| l.list != 3));
    assert!(child(&import, "B2").episodes.is_empty());
}

#[test]
fn header_variants_are_matched_and_misspellings_reported() {
    let sheets = with(4, |l4| {
        l4.rename("Child Unique ID", "Child ID")
            .rename("Age of Child (Years)", "Age")
            .rename("Date of Birth", "DOB")
            .rename(
                "Continuous Assessment Start Date",
                "  continuous ASSESSMENT start-date ",
            )
            .rename(
                "Was the child assessed as requiring LA children's social care support?",
                "Was the child assessed as requiring LA children\u{2019}s social care support",
            )
            .rename(
                "Child Seen During Continuous Assessment",
                "Child seen during assessment (Y/N)",
            )
            .rename("Allocated Worker", "Sum of Allocated Worker");
    });
    let import = read(&sheets);
    assert_clean(&import);
    let a = &child(&import, "A1").episodes[0].assessments[0];
    assert_eq!(a.start, Some(date(2024, 1, 12)));
    assert_eq!(a.child_seen, Some(true));
    assert_eq!(a.worker, None, "Annex A workers are names: never stored");

    let sheets = with(3, |l3| {
        l3.rename("Referral Source", "Refferal Sauce");
        l3.rename("Age of Child (Years)", "Years old");
    });
    let import = read(&sheets);
    let missing = with_rule(&import, rules::HEADER_MISSING);
    assert_eq!(missing.len(), 2, "{:?}", import.problems);
    assert_eq!(missing[0].field, "Age of Child (Years)");
    assert_eq!(missing[0].severity, Severity::Query, "Age may be blank");
    assert_eq!(missing[1].field, "Referral Source");
    assert_eq!(missing[1].severity, Severity::Error, "mandatory");
    assert_eq!(
        missing[1].message,
        "List 3 row 1: the column \"Referral Source\" was not found in the header row (it is mandatory)"
    );
    let extra = with_rule(&import, rules::EXTRA_COLUMN);
    assert_eq!(extra.len(), 2);
    assert_eq!(child(&import, "A1").episodes[0].referral_source, None);
}

#[test]
fn a_repeated_header_is_reported_and_the_first_column_read() {
    let sheets = with(1, |l1| {
        l1.add_col("gender", &[s("b) Female"), s("a) Male")]);
    });
    let import = read(&sheets);
    let dup = with_rule(&import, rules::HEADER_DUPLICATE);
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].field, "gender");
    assert_eq!(child(&import, "A1").sex, Sex::Male);
}

#[test]
fn names_and_other_extra_columns_are_dropped() {
    let sheets = with(3, |l3| {
        l3.add_col("Child Name", &[s("Jane Quimby"), s("Tom Arbuthnot")]);
        l3.add_col("Address", &[s("1 High Street"), s("2 Low Road")]);
    });
    let import = read(&sheets);
    let extra = with_rule(&import, rules::EXTRA_COLUMN);
    assert_eq!(extra.len(), 2);
    assert_eq!(extra[0].severity, Severity::Query);
    assert!(extra[0].message.contains("nothing from it is stored"));
    let dump = format!("{:?}", import.children);
    assert!(
        !dump.contains("Quimby") && !dump.contains("High Street"),
        "{dump}"
    );
    // Names are not echoed in any message either (only headers are).
    assert!(import
        .problems
        .iter()
        .all(|p| !p.message.contains("Quimby")));
}

#[test]
fn dates_as_text_serials_plain_numbers_and_iso() {
    let sheets = with(1, |l1| {
        l1.set(0, "Date of Contact", s("10/01/2024"));
        l1.set(1, "Date of Contact", C::N(serial(2024, 3, 1)));
        l1.set(0, "Date of Birth", s("2015-03-10"));
        l1.set(1, "Date of Birth", s(" 1/7/2010 00:00:00 "));
    });
    let import = read(&sheets);
    assert_clean(&import);
    assert_eq!(
        child(&import, "A1").contacts[0].date,
        Some(date(2024, 1, 10))
    );
    assert_eq!(
        child(&import, "B2").contacts[0].date,
        Some(date(2024, 3, 1))
    );
    assert_eq!(child(&import, "B2").birth_date, Some(date(2010, 7, 1)));
}

#[test]
fn malformed_dates_are_reported_with_sheet_row_and_field() {
    let sheets = with(3, |l3| {
        l3.set(0, "Date of referral", s("31/02/2024"));
        l3.set(1, "Date of referral", s("20/03/24"));
    });
    let import = read(&sheets);
    let p = with_rule(&import, rules::DATE);
    assert_eq!(p.len(), 2);
    assert_eq!(
        p[0].message,
        "List 3 row 2, Date of referral: \"31/02/2024\" is not a date (dd/mm/yyyy)"
    );
    assert_eq!(p[0].sheet, "List 3");
    assert_eq!(p[0].row, 2);
    assert_eq!(p[0].field, "Date of referral");
    assert_eq!(p[0].child_id.as_deref(), Some("A1"));
    assert_eq!(p[0].severity, Severity::Error);
    assert!(p[1].message.contains("two-digit year"), "{}", p[1].message);
    // The referral is still there, with no date (model convention).
    assert_eq!(child(&import, "B2").episodes[0].referral_date, None);
    assert_eq!(child(&import, "B2").episodes[0].referral_nfa, Some(true));
}

#[test]
fn workbook_in_the_1904_date_system() {
    // Same serials shifted by 1,462 days, in a workbook flagged date1904.
    let mut sheets = vec![list1()];
    sheets[0].set(0, "Date of Contact", C::D(serial(2024, 1, 10) - 1462.0));
    sheets[0].set(0, "Date of Birth", C::N(serial(2015, 3, 10) - 1462.0));
    sheets[0].set(1, "Date of Contact", s("01/03/2024"));
    sheets[0].set(1, "Date of Birth", C::D(serial(2010, 7, 1) - 1462.0));
    let bytes = xlsx(&sheets);
    let bytes = patch_entry(
        &bytes,
        "xl/workbook.xml",
        "<workbookPr",
        "<workbookPr date1904=\"1\"",
    );
    let import = assure_annexa::read_xlsx(&bytes, "mac.xlsx", &opts()).unwrap();
    assert!(
        with_rule(&import, rules::DATE).is_empty(),
        "{:?}",
        import.problems
    );
    assert_eq!(
        child(&import, "A1").contacts[0].date,
        Some(date(2024, 1, 10))
    );
    assert_eq!(child(&import, "A1").birth_date, Some(date(2015, 3, 10)));
    assert_eq!(
        child(&import, "B2").contacts[0].date,
        Some(date(2024, 3, 1))
    );
    assert_eq!(child(&import, "B2").birth_date, Some(date(2010, 7, 1)));

    // Without the flag, the same serials are four years early.
    let plain = assure_annexa::read_xlsx(&xlsx(&sheets), "pc.xlsx", &opts()).unwrap();
    assert_eq!(child(&plain, "A1").contacts[0].date, Some(date(2020, 1, 9)));
}

#[test]
fn coded_values_with_and_without_prefixes() {
    let sheets = with(7, |l7| {
        l7.set(0, "Gender", s("Male"))
            .set(0, "Ethnicity", s("wbri"))
            .set(0, "Initial Category of Abuse", s("Neglect"))
            .set(0, "Latest Category of Abuse", s("c) Sexual abuse"))
            .set(0, "Was the Child Seen Alone?", s("Y"))
            .set(0, "Does the Child have a Disability", C::B(false))
            .set(
                0,
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                s("No"),
            );
    });
    let sheets = {
        let mut s2 = sheets;
        s2[0].set(0, "Gender", C::N(1.0));
        s2[0].set(0, "Contact Source", C::N(6.0));
        s2[2].set(0, "Referral Source", s("Police"));
        s2
    };
    let import = read(&sheets);
    assert_clean(&import);
    let a1 = child(&import, "A1");
    assert_eq!(a1.sex, Sex::Male);
    assert_eq!(a1.contacts[0].source.as_deref(), Some("6"));
    assert_eq!(a1.episodes[0].referral_source.as_deref(), Some("6"));
    assert_eq!(
        a1.episodes[0].cp_plans[0].latest_category.as_deref(),
        Some("SAB")
    );
}

#[test]
fn unknown_codes_are_reported_and_kept_as_text() {
    let sheets = with(1, |l1| {
        l1.set(0, "Gender", s("Martian"))
            .set(0, "Ethnicity", s("XXXX"))
            .set(0, "Contact Source", s("q) 66: Pigeon"));
    });
    let import = read(&sheets);
    let p = with_rule(&import, rules::CODE);
    assert_eq!(p.len(), 3, "{:?}", import.problems);
    assert_eq!(
        p[0].message,
        "List 1 row 2, Gender: \"Martian\" is not in the Annex A code list (expected a) Male, b) Female, c) Not stated/recorded or d) Neither)"
    );
    let a1 = child(&import, "A1");
    assert_eq!(a1.contacts[0].source.as_deref(), Some("q) 66: Pigeon"));
    // Gender is taken from List 3 (valid there); ethnicity from the first row that gives
    // one, which is the unknown List 1 value kept as text.
    assert_eq!(a1.sex, Sex::Male);
    assert_eq!(a1.ethnicity.as_deref(), Some("XXXX"));
}

#[test]
fn whitespace_is_normalised_everywhere() {
    let sheets = with(3, |l3| {
        l3.set(0, "Allocated Team", s("  Locality\u{a0}4 \t Duty  Team "))
            .set(0, "Child Unique ID", s(" A1\u{a0}"))
            .set(0, "Referral Source", s(" q)\u{a0}6:  Police "));
        l3.rename("Date of referral", "Date\u{a0}of  Referral ");
    });
    let import = read(&sheets);
    assert_clean(&import);
    let ep = &child(&import, "A1").episodes[0];
    assert_eq!(ep.team.as_deref(), Some("Locality 4 Duty Team"));
    assert_eq!(ep.referral_source.as_deref(), Some("6"));
    assert_eq!(ep.referral_date, Some(date(2024, 1, 11)));
}

#[test]
fn numeric_child_ids_and_unusable_ids() {
    let sheets = with(1, |l1| {
        l1.set(0, "Child Unique ID", C::N(9212044.0));
        l1.set(1, "Child Unique ID", s("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    });
    let import = read(&sheets);
    assert!(import
        .children
        .iter()
        .any(|c| c.la_child_id.as_str() == "9212044"));
    let p = with_rule(&import, rules::CHILD_ID);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].message.contains("the row is not imported"),
        "{}",
        p[0].message
    );
    assert_eq!(import.lists[0].rows, 2);
    assert_eq!(import.lists[0].imported, 1);
    // B2 is still on other lists, but has no contact.
    assert!(child(&import, "B2").contacts.is_empty());
}

#[test]
fn an_unborn_child_keeps_an_expected_date_of_birth() {
    let sheets = with(1, |l1| {
        l1.set(1, "Date of Birth", C::D(serial(2024, 9, 1)));
        l1.set(1, "Age of Child (Years)", C::Blank);
        l1.set(1, "Gender", s("c) Not stated/recorded"));
    });
    let mut sheets = sheets;
    sheets.truncate(1);
    let import = read(&sheets);
    assert!(
        with_rule(&import, rules::DATE_RANGE).is_empty(),
        "{:?}",
        import.problems
    );
    let b2 = child(&import, "B2");
    assert_eq!(b2.birth_date, None);
    assert_eq!(b2.expected_birth_date, Some(date(2024, 9, 1)));
    assert_eq!(b2.sex, Sex::NotRecorded);
}

#[test]
fn events_link_to_the_latest_referral_before_them_or_an_unlinked_episode() {
    let sheets = with(3, |l3| {
        // A second, later referral for A1: the assessment (12/01) still belongs to the first.
        l3.repeat(0);
        l3.set(2, "Date of referral", C::D(serial(2024, 4, 2)));
    });
    let mut sheets = sheets;
    // An orphan CP plan for a child with no referral and no CIN row.
    let mut l7 = sheets[6].clone();
    l7.repeat(0);
    l7.set(1, "Child Unique ID", s("C3"));
    l7.set(
        1,
        "Child Protection Plan Start Date",
        C::D(serial(2023, 6, 1)),
    );
    sheets[6] = l7;
    let import = read(&sheets);
    assert_clean(&import);
    let a1 = child(&import, "A1");
    assert_eq!(a1.episodes.len(), 2);
    assert_eq!(a1.episodes[0].referral_date, Some(date(2024, 1, 11)));
    assert_eq!(a1.episodes[0].assessments.len(), 1);
    assert_eq!(a1.episodes[1].referral_date, Some(date(2024, 4, 2)));
    assert!(a1.episodes[1].assessments.is_empty());
    let c3 = child(&import, "C3");
    assert_eq!(c3.episodes.len(), 1);
    assert_eq!(c3.episodes[0].referral_date, None, "unlinked episode");
    assert_eq!(c3.episodes[0].cp_plans[0].start, Some(date(2023, 6, 1)));
}

#[test]
fn list_6_adds_an_episode_and_a_cin_plan_when_no_referral_matches() {
    let sheets = with(6, |l6| {
        l6.set(0, "CIN Start Date", C::D(serial(2023, 11, 1)))
            .set(0, "Case Status", s("c) Child in need plan"))
            .set(0, "Reason for Closure", C::Blank);
    });
    let mut sheets = sheets;
    sheets.truncate(6); // no List 7, so the CP-plan cross-check is off
    let import = read(&sheets);
    let a1 = child(&import, "A1");
    assert_eq!(a1.episodes.len(), 2);
    let cin = &a1.episodes[0];
    assert_eq!(cin.referral_date, Some(date(2023, 11, 1)));
    assert_eq!(cin.primary_need.as_deref(), Some("N1"));
    assert_eq!(cin.cin_plans.len(), 1);
    assert_eq!(cin.cin_plans[0].start, None);
    assert_eq!(
        cin.cin_plans[0].worker, None,
        "Annex A workers are names: never stored"
    );
    assert_eq!(a1.episodes[1].referral_date, Some(date(2024, 1, 11)));
}

#[test]
fn problems_are_capped() {
    let sheets = with(1, |l1| {
        for n in 0..2 {
            l1.set(n, "Gender", s("??"))
                .set(n, "Ethnicity", s("??"))
                .set(n, "Contact Source", s("??"));
        }
    });
    let all = read(&sheets).problems.len();
    assert!(all > 6, "{all}");
    let mut options = opts();
    options.limits.max_issues = 4;
    let import = assure_annexa::read_xlsx(&xlsx(&sheets), "t.xlsx", &options).unwrap();
    assert_eq!(import.problems.len(), 5);
    let last = import.problems.last().unwrap();
    assert_eq!(last.rule, rules::TOO_MANY);
    let expected = format!("{} further problems were found but not listed", all - 4);
    assert!(last.message.starts_with(&expected), "{}", last.message);
    assert!(import.has_errors());
}

#[test]
fn messy_hand_made_workbook() {
    // 1904 epoch, title rows, odd headers in odd order, unprefixed and numeric codes,
    // plain-number and text dates, a name column, non-breaking spaces.
    let e = 1462.0; // 1900 → 1904 serial shift
    let contacts = Sheet::new(
        "LIST 1 - Contacts",
        vec![
            vec![s("London Borough of Somewhere")],
            vec![s("Annex A extract date: 31/05/2024")],
            vec![],
            vec![
                s("Child Name"),
                s("Contact Date"),
                s("Child ID"),
                s("Sex"),
                s("Ethnic Origin"),
                s("DOB"),
                s("Age"),
                s("Source of Contact"),
            ],
            vec![
                s("Jane Quimby"),
                C::N(serial(2024, 1, 10) - e),
                s("A1"),
                s("Male"),
                s("WBRI"),
                C::D(serial(2015, 3, 10) - e),
                C::N(9.0),
                s("Police"),
            ],
            vec![
                s("Tom\u{a0}Arbuthnot"),
                s("01/03/2024"),
                C::N(2.0e6),
                s("2"),
                s("Pakistani"),
                s("1/7/2010"),
                s("13"),
                s("2A"),
            ],
        ],
    );
    let referrals = Sheet::new(
        "list3",
        vec![
            vec![s("Annex A - List 3")],
            vec![
                s("Child Unique ID"),
                s("Gender"),
                s("Ethnicity"),
                s("Date of Birth"),
                s("Age of Child (Years)"),
                s("Date of Referral"),
                s("Referral Source"),
                s("Referral NFA"),
                s("Referrals in last 12 months"),
                s("Team"),
                s("Worker"),
            ],
            vec![
                s("A1"),
                s("M"),
                s("a) WBRI"),
                C::D(serial(2015, 3, 10) - e),
                C::N(9.0),
                C::D(serial(2024, 1, 11) - e),
                s("6"),
                s("No"),
                C::N(0.0),
                s("MASH\u{a0}Team"),
                s("W001"),
            ],
        ],
    );
    let bytes = xlsx(&[contacts, referrals]);
    let bytes = patch_entry(
        &bytes,
        "xl/workbook.xml",
        "<workbookPr",
        "<workbookPr date1904=\"1\"",
    );
    let import = assure_annexa::read_xlsx(&bytes, "messy.xlsx", &opts()).unwrap();
    let rules_seen: Vec<String> = rules_of(&import)
        .into_iter()
        .filter(|r| r != rules::LIST_MISSING)
        .collect();
    assert_eq!(
        rules_seen,
        vec![rules::EXTRA_COLUMN.to_string()],
        "{:#?}",
        import.problems
    );
    assert_eq!(import.extract_date, Some(date(2024, 5, 31)));
    assert_eq!(import.lists[0].header_row, 4);
    assert_eq!(import.lists[1].header_row, 2);

    let a1 = child(&import, "A1");
    assert_eq!(a1.sex, Sex::Male);
    assert_eq!(a1.birth_date, Some(date(2015, 3, 10)));
    assert_eq!(a1.contacts[0].date, Some(date(2024, 1, 10)));
    assert_eq!(a1.contacts[0].source.as_deref(), Some("6"));
    assert_eq!(a1.episodes[0].referral_date, Some(date(2024, 1, 11)));
    assert_eq!(a1.episodes[0].team.as_deref(), Some("MASH Team"));
    let other = child(&import, "2000000");
    assert_eq!(other.sex, Sex::Female);
    assert_eq!(other.ethnicity.as_deref(), Some("APKN"));
    assert_eq!(other.birth_date, Some(date(2010, 7, 1)));
    assert_eq!(other.contacts[0].date, Some(date(2024, 3, 1)));
    assert_eq!(other.contacts[0].source.as_deref(), Some("2A"));
    assert!(!format!("{:?}", import.children).contains("Quimby"));
}
