//! The Annex A data-quality checks (data-standards §5.5): one passing and one failing case
//! each. The passing case for most is the clean baseline (`assert_clean`).

mod common;

use assure_annexa::{rules, ExtractDateSource, Severity};
use common::*;

fn only<'a>(import: &'a assure_annexa::AnnexAImport, rule: &str) -> &'a assure_annexa::AnnexIssue {
    let found = with_rule(import, rule);
    assert_eq!(
        found.len(),
        1,
        "expected one {rule}, got {:#?}",
        import.problems
    );
    found[0]
}

#[test]
fn the_baseline_passes_every_check() {
    assert_clean(&read(&baseline()));
}

#[test]
fn mandatory_blank() {
    let import = read(&with(3, |l3| {
        l3.set(0, "Referral Source", C::Blank)
            .set(1, "Date of referral", C::Blank)
            .set(1, "Date of Birth", C::Blank); // may be blank
    }));
    let p = with_rule(&import, rules::MANDATORY_BLANK);
    assert_eq!(p.len(), 2, "{:#?}", import.problems);
    assert_eq!(
        p[0].message,
        "List 3 row 2, Referral Source: is blank but must be filled in"
    );
    assert_eq!(p[1].field, "Date of referral");
    assert!(p.iter().all(|p| p.severity == Severity::Error));
    // The referral with no date is kept, undated.
    let b2 = child(&import, "B2");
    assert_eq!(b2.episodes.len(), 1);
    assert_eq!(b2.episodes[0].referral_date, None);
    // A blank child ID drops the row.
    let import = read(&with(1, |l1| {
        l1.set(0, "Child Unique ID", C::Blank);
    }));
    let p = only(&import, rules::MANDATORY_BLANK);
    assert_eq!(
        p.message,
        "List 1 row 2, Child Unique ID: is blank; the row is not imported"
    );
    assert!(child(&import, "A1").contacts.is_empty());
}

#[test]
fn dates_not_in_the_future_nor_before_1990() {
    let import = read(&with(1, |l1| {
        l1.set(0, "Date of Contact", C::D(serial(2024, 6, 2))); // today + 1: accepted
        l1.set(1, "Date of Contact", C::D(serial(2024, 6, 3)));
    }));
    let p = only(&import, rules::DATE_RANGE);
    assert_eq!(
        p.message,
        "List 1 row 3, Date of Contact: \"03/06/2024\" is outside the accepted range 01/01/1990 to 02/06/2024 (it is in the future); the date is not used"
    );
    assert_eq!(child(&import, "B2").contacts[0].date, None);
    assert_eq!(
        child(&import, "A1").contacts[0].date,
        Some(date(2024, 6, 2))
    );

    let import = read(&with(1, |l1| {
        l1.set(0, "Date of Contact", C::N(17.5));
    }));
    let p = only(&import, rules::DATE_RANGE);
    assert!(
        p.message
            .contains("\"17.5\" reads as 17/01/1900, which is outside"),
        "{}",
        p.message
    );
}

#[test]
fn integers_are_whole_and_not_negative() {
    let import = read(&with(5, |l5| {
        l5.set(
            0,
            "Number of Section 47 Enquiries in the last 12 months",
            s("-1"),
        )
        .set(0, "Number of ICPCs in the last 12 months", C::N(2.5));
    }));
    let p = with_rule(&import, rules::INTEGER);
    assert_eq!(p.len(), 2);
    assert_eq!(
        p[0].message,
        "List 5 row 2, Number of Section 47 Enquiries in the last 12 months: \"-1\" is below zero; a whole number of 0 or more is expected"
    );
    assert!(
        p[1].message
            .ends_with("\"2.5\" is not a whole number of 0 or more"),
        "{}",
        p[1].message
    );

    let import = read(&with(7, |l7| {
        l7.set(0, "Number of Previous Child Protection Plans", s(" 3 "));
    }));
    assert_clean(&import);
    assert_eq!(
        child(&import, "A1").episodes[0].cp_plans[0].previous_plans,
        Some(3)
    );

    let import = read(&with(1, |l1| {
        l1.set(0, "Age of Child (Years)", s("Bob"));
    }));
    assert_eq!(
        only(&import, rules::INTEGER).message,
        "List 1 row 2, Age of Child (Years): \"Bob\" is not an age in years (a number of 0 or more)"
    );
}

#[test]
fn codes_must_be_in_the_list() {
    let import = read(&with(3, |l3| {
        l3.set(0, "Referral NFA?", s("Perhaps"));
    }));
    let p = only(&import, rules::CODE);
    assert_eq!(
        p.message,
        "List 3 row 2, Referral NFA?: \"Perhaps\" is not in the Annex A code list (expected a) Yes, b) No or c) Unknown)"
    );
    assert_eq!(child(&import, "A1").episodes[0].referral_nfa, None);

    let import = read(&with(3, |l3| {
        l3.set(0, "Referral NFA?", s("N"))
            .set(1, "Referral NFA?", s("c) Unknown"));
    }));
    assert_clean(&import);
    assert_eq!(child(&import, "B2").episodes[0].referral_nfa, None);
}

#[test]
fn age_agrees_with_date_of_birth() {
    let import = read(&with(1, |l1| {
        l1.set(0, "Age of Child (Years)", C::N(12.0));
    }));
    let p = only(&import, rules::AGE_DOB);
    assert_eq!(p.severity, Severity::Query);
    assert_eq!(
        p.message,
        "List 1 row 2, Age of Child (Years): 12 does not agree with the date of birth 10/03/2015 (age 9 on 10/05/2024, the latest date in the lists)"
    );

    // With an extract date in a title row, that date is the reference.
    let import = read(&with(1, |l1| {
        l1.set(0, "Age of Child (Years)", C::N(8.0));
        l1.titles(vec![vec![s("Data as at 31/05/2026")]]);
    }));
    // 31/05/2026 is after "today" (01/06/2024) so it is not plausible and is ignored.
    assert_eq!(import.extract_date, None);
    let import = read(&with(1, |l1| {
        l1.set(0, "Age of Child (Years)", C::N(7.0));
        l1.titles(vec![vec![s("Data as at 31/05/2024")]]);
    }));
    assert_eq!(import.extract_date, Some(date(2024, 5, 31)));
    let p = only(&import, rules::AGE_DOB);
    assert!(
        p.message
            .ends_with("(age 9 on 31/05/2024, the extract date)"),
        "{}",
        p.message
    );
}

#[test]
fn extract_date_inferred_from_decimal_ages() {
    // (31/05/2024 - date of birth) / 365.25 on three rows.
    let extract = date(2024, 5, 31);
    let age = |y, m, d| C::N((extract - date(y, m, d)).num_days() as f64 / 365.25);
    let mut l1 = list1();
    l1.set(0, "Age of Child (Years)", age(2015, 3, 10));
    l1.set(1, "Age of Child (Years)", age(2010, 7, 1));
    l1.repeat(0);
    l1.set(2, "Child Unique ID", s("D4"))
        .set(2, "Date of Birth", C::D(serial(2020, 2, 29)))
        .set(2, "Age of Child (Years)", age(2020, 2, 29));
    let import = read(&[l1.clone()]);
    assert_eq!(import.extract_date, Some(extract));
    assert_eq!(
        import.extract_date_source,
        Some(ExtractDateSource::AgesAndBirthDates { rows: 3 })
    );
    // Whole-number ages say nothing about the extract date.
    let import = read(&[list1()]);
    assert_eq!(import.extract_date, None);
}

#[test]
fn duplicate_rows_by_the_dedup_key() {
    let import = read(&with(1, |l1| {
        l1.repeat(0);
    }));
    let p = only(&import, rules::DUPLICATE);
    assert_eq!(
        p.message,
        "List 1 row 4, Date of Contact: the row repeats row 2 (same child and Date of Contact and Contact Source); it is not imported again"
    );
    assert_eq!(child(&import, "A1").contacts.len(), 1);
    assert_eq!(import.lists[0].rows, 3);
    assert_eq!(import.lists[0].imported, 2);

    // Same child and day, different source: two contacts.
    let import = read(&with(1, |l1| {
        l1.repeat(0);
        l1.set(2, "Contact Source", s("t) 9: Anonymous"));
    }));
    assert_clean(&import);
    assert_eq!(child(&import, "A1").contacts.len(), 2);
}

#[test]
fn child_details_agree_across_rows() {
    let import = read(&with(3, |l3| {
        l3.set(0, "Date of Birth", C::D(serial(2015, 3, 11)))
            .set(0, "Ethnicity", s("WIRI"));
    }));
    let p = with_rule(&import, rules::CHILD_CONFLICT);
    assert_eq!(p.len(), 2, "{:#?}", import.problems);
    assert!(p.iter().any(|p| p.message
        == "List 3 row 2, Ethnicity: \"WIRI\" differs from \"WBRI\" given for this child on List 1 row 2; the first value is kept"));
    let a1 = child(&import, "A1");
    assert_eq!(a1.birth_date, Some(date(2015, 3, 10)));
    assert_eq!(a1.ethnicity.as_deref(), Some("WBRI"));
    // Same value spelt differently is not a conflict.
    let import = read(&with(3, |l3| {
        l3.set(0, "Ethnicity", s("WBRI - White British"))
            .set(0, "Gender", s("M"));
    }));
    assert_clean(&import);
}

#[test]
fn end_dates_are_not_before_start_dates() {
    let import = read(&with(4, |l4| {
        l4.set(
            0,
            "Continuous Assessment Date of Authorisation",
            C::D(serial(2024, 1, 2)),
        );
    }));
    let p = only(&import, rules::DATE_ORDER);
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(
        p.message,
        "List 4 row 2, Continuous Assessment Date of Authorisation: 02/01/2024 is before the Continuous Assessment Start Date 12/01/2024"
    );
    // Same-day authorisation is fine.
    let import = read(&with(4, |l4| {
        l4.set(
            0,
            "Continuous Assessment Date of Authorisation",
            C::D(serial(2024, 1, 12)),
        );
    }));
    assert_clean(&import);
}

#[test]
fn icpc_leading_to_a_plan_has_that_plan_on_list_7() {
    let import = read(&with(7, |l7| {
        l7.set(
            0,
            "Child Protection Plan Start Date",
            C::D(serial(2024, 2, 21)),
        );
    }));
    let p = only(&import, rules::CROSS_ICPC_CPP);
    assert_eq!(p.severity, Severity::Query);
    assert_eq!(
        p.message,
        "List 5 row 2, Did the Initial Child Protection Conference Result in a Child Protection Plan: is Yes, but List 7 has no child protection plan for this child starting on the ICPC date 20/02/2024"
    );
    let import = read(&with(5, |l5| {
        l5.set(0, "Date of Initial Child Protection Conference", C::Blank);
    }));
    let p = only(&import, rules::CROSS_ICPC_CPP);
    assert!(
        p.message
            .ends_with("is Yes but no Date of Initial Child Protection Conference is given"),
        "{}",
        p.message
    );
    // Without List 7 the check is not made.
    let mut sheets = baseline();
    sheets.truncate(6);
    sheets[4].set(
        0,
        "Date of Initial Child Protection Conference",
        C::D(serial(2024, 2, 22)),
    );
    assert!(with_rule(&read(&sheets), rules::CROSS_ICPC_CPP).is_empty());
}

#[test]
fn previous_plan_count_agrees_with_list_7_history() {
    let two_plans = |previous: f64| {
        with(7, |l7| {
            l7.repeat(0);
            l7.set(
                0,
                "Child Protection Plan End Date",
                C::D(serial(2024, 2, 10)),
            )
            .set(
                0,
                "Child Protection Plan Start Date",
                C::D(serial(2023, 1, 5)),
            );
            l7.set(
                1,
                "Number of Previous Child Protection Plans",
                C::N(previous),
            );
        })
    };
    let import = read(&two_plans(0.0));
    let p = only(&import, rules::CROSS_PREVIOUS_PLANS);
    assert_eq!(
        p.message,
        "List 7 row 3, Number of Previous Child Protection Plans: is 0, but List 7 itself holds 1 earlier plan for this child"
    );
    let import = read(&two_plans(1.0));
    assert_clean(&import);
    assert_eq!(
        child(&import, "A1")
            .episodes
            .iter()
            .map(|e| e.cp_plans.len())
            .sum::<usize>(),
        2
    );
}

#[test]
fn no_assessment_after_an_nfa_referral() {
    let import = read(&with(3, |l3| {
        l3.set(0, "Referral NFA?", s("a) Yes"));
    }));
    let p = only(&import, rules::CROSS_NFA_ASSESSMENT);
    assert_eq!(
        p.message,
        "List 4 row 2, Continuous Assessment Start Date: this assessment follows the referral of 11/01/2024 (List 3 row 2), which is marked NFA (no further action)"
    );
}

#[test]
fn case_status_agrees_with_list_7_and_the_closure_date() {
    let import = read(&with(6, |l6| {
        l6.set(0, "Case Status", s("c) Child in need plan"));
    }));
    let p = only(&import, rules::CROSS_CASE_STATUS);
    assert!(
        p.message
            .contains("List 7 has an open child protection plan"),
        "{}",
        p.message
    );

    let import = read(&with(6, |l6| {
        l6.set(0, "Case Status", s("e) Closed episode"));
    }));
    assert_eq!(
        only(&import, rules::CROSS_CASE_STATUS).message,
        "List 6 row 2, Case Status: is \"e) Closed episode\" but no CIN Closure Date is given"
    );

    let import = read(&with(6, |l6| {
        l6.set(0, "CIN Closure Date", C::D(serial(2024, 5, 20)))
            .set(0, "Reason for Closure", s("RC7"));
    }));
    assert!(only(&import, rules::CROSS_CASE_STATUS)
        .message
        .contains("expected \"e) Closed episode\""));

    let mut sheets = baseline();
    sheets[6].set(
        0,
        "Child Protection Plan End Date",
        C::D(serial(2024, 5, 20)),
    );
    let import = read(&sheets);
    assert!(only(&import, rules::CROSS_CASE_STATUS)
        .message
        .contains("List 7 has no open child protection plan"));

    // Closed CP plan, closed episode: consistent.
    let mut sheets = baseline();
    sheets[6].set(
        0,
        "Child Protection Plan End Date",
        C::D(serial(2024, 5, 20)),
    );
    sheets[5]
        .set(0, "Case Status", s("Closed episode"))
        .set(0, "CIN Closure Date", C::D(serial(2024, 5, 20)))
        .set(
            0,
            "Reason for Closure",
            s("RC7 - Services ceased for any other reason, including child no longer in need"),
        );
    let import = read(&sheets);
    assert_clean(&import);
    let ep = &child(&import, "A1").episodes[0];
    assert_eq!(ep.closure_date, Some(date(2024, 5, 20)));
    assert_eq!(ep.closure_reason.as_deref(), Some("RC7"));
}

#[test]
fn text_with_control_or_invisible_characters_is_refused() {
    let import = read(&with(3, |l3| {
        l3.set(0, "Allocated Team", s("MASH\u{202E}evil"));
    }));
    let p = only(&import, rules::TEXT);
    assert!(
        p.message.contains("MASH\\u{202e}evil"),
        "escaped in the message: {}",
        p.message
    );
    // The bad team is not used; the episode takes List 6's team instead.
    assert_eq!(
        child(&import, "A1").episodes[0].team.as_deref(),
        Some("Safeguarding Team 2")
    );
    let import = read(&with(3, |l3| {
        l3.set(0, "Child Unique ID", s("A\u{200B}1"));
    }));
    assert_eq!(only(&import, rules::CHILD_ID).child_id, None);
}
