//! One test per reader feature, over hand-written fixtures in `tests/fixtures/`.

mod common;

use assure_casedata::{EventCounts, NaiveDate, Sex};
use assure_cinxml::{Limits, ProblemKind};
use common::*;

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

#[test]
fn gender_current_file_full_pathway() {
    let all = read_clean("gender_current_2022.xml");
    let h = &all.header;
    assert_eq!(h.collection.as_deref(), Some("CIN"));
    assert_eq!(h.year, Some(2022));
    assert_eq!(h.reference_date, d(2022, 3, 31));
    assert_eq!(h.lea.as_deref(), Some("999"));
    assert_eq!(h.source_level.as_deref(), Some("L"));
    assert_eq!(h.serial_no.as_deref(), Some("001"));
    assert_eq!(h.date_time.as_deref(), Some("2022-05-01T09:00:00"));

    assert_eq!(all.records.len(), 2);
    let r = &all.records[0];
    assert_eq!(r.line, 19);
    let c = r.child.as_ref().unwrap();
    assert_eq!(c.la_child_id.as_str(), "FIX001");
    assert_eq!(c.source_line, Some(19));
    assert_eq!(c.birth_date, d(2014, 6, 2));
    assert_eq!(c.sex, Sex::Female);
    assert_eq!(r.extras.gender_current.as_deref(), Some("2"));
    assert_eq!(r.extras.sex, None);
    assert_eq!(c.ethnicity.as_deref(), Some("WBRI"));
    assert_eq!(c.disabilities, vec!["COMM", "LD"]);

    // UPN: facts only, never the UPN itself.
    let upn = r.extras.upn.as_ref().unwrap();
    assert_eq!(upn.check_letter_ok, Some(true));
    assert_eq!(upn.la_code.as_deref(), Some("950"));
    assert!(upn.is_well_formed());
    assert!(!format!("{r:?}").contains("A950000178301"));

    assert_eq!(c.episodes.len(), 1);
    let ep = &c.episodes[0];
    assert_eq!(ep.referral_date, d(2021, 4, 6));
    assert_eq!(ep.referral_source.as_deref(), Some("2A"));
    assert_eq!(ep.primary_need.as_deref(), Some("N1"));
    assert_eq!(ep.closure_date, d(2022, 2, 28));
    assert_eq!(ep.closure_reason.as_deref(), Some("RC7"));
    assert_eq!(ep.referral_nfa, Some(false));
    assert_eq!(ep.episode_icpc_date, None);

    let a = &ep.assessments[0];
    assert_eq!(a.start, d(2021, 4, 7));
    assert_eq!(a.authorised, d(2021, 5, 28));
    assert_eq!(a.factors, vec!["3A", "18B", "19C"]);
    assert_eq!(a.child_seen, None);

    assert_eq!(ep.cin_plans.len(), 1);
    assert_eq!(ep.cin_plans[0].start, d(2021, 6, 1));
    assert_eq!(ep.cin_plans[0].end, d(2021, 7, 15));

    let s = &ep.s47s[0];
    assert_eq!(s.start, d(2021, 7, 12));
    assert_eq!(s.icpc_target, d(2021, 8, 2));
    assert_eq!(s.icpc_date, d(2021, 7, 30));
    assert_eq!(s.icpc_not_required, Some(false));

    let p = &ep.cp_plans[0];
    assert_eq!(p.start, d(2021, 7, 30));
    assert_eq!(p.end, d(2022, 1, 28));
    assert_eq!(p.initial_category.as_deref(), Some("PHY"));
    assert_eq!(p.latest_category.as_deref(), Some("MUL"));
    assert_eq!(p.previous_plans, Some(1));
    assert_eq!(
        p.review_dates,
        vec![d(2021, 10, 22).unwrap(), d(2022, 1, 21).unwrap()]
    );

    let r2 = &all.records[1];
    let c2 = r2.child.as_ref().unwrap();
    assert_eq!(c2.sex, Sex::Male);
    assert_eq!(c2.disabilities, vec!["NONE"]);
    assert_eq!(r2.extras.upn, None);
    assert_eq!(r2.extras.upn_unknown.as_deref(), Some("UN1"));
    assert_eq!(c2.episodes[0].referral_nfa, Some(true));

    let counts: EventCounts = all
        .records
        .iter()
        .filter_map(|r| r.child.as_ref())
        .collect();
    assert_eq!(
        counts,
        EventCounts {
            children: 2,
            referrals: 2,
            assessments: 1,
            s47: 1,
            icpcs: 1,
            cp_plans: 1,
            cin_plans: 1,
            ..EventCounts::default()
        }
    );
}

#[test]
fn sex_file_2025_codes() {
    let all = read_clean("sex_2025.xml");
    assert_eq!(all.header.year, Some(2025));
    let sexes: Vec<_> = all
        .records
        .iter()
        .map(|r| (r.child.as_ref().unwrap().sex, r.extras.sex.clone().unwrap()))
        .collect();
    assert_eq!(
        sexes,
        vec![
            (Sex::Male, "M".to_string()),
            (Sex::Female, "F".to_string()),
            (Sex::Unknown, "U".to_string())
        ]
    );
    assert!(all
        .records
        .iter()
        .all(|r| r.extras.gender_current.is_none()));
    let ep = &all.records[0].child.as_ref().unwrap().episodes[0];
    assert_eq!(ep.referral_source.as_deref(), Some("5D"));
    assert_eq!(ep.closure_reason.as_deref(), Some("RC9"));
    // Old factors are kept as text for the validator (queries 8945Q/8950Q).
    assert_eq!(ep.assessments[0].factors, vec!["18A", "19A", "24A"]);
}

#[test]
fn yes_no_in_all_spellings() {
    let all = read_fixture("yes_no_spellings.xml").unwrap();
    assert!(all.fatal.is_none());
    let r = &all.records[0];
    let c = r.child.as_ref().unwrap();
    let nfa: Vec<_> = c.episodes.iter().map(|e| e.referral_nfa).collect();
    assert_eq!(
        nfa,
        vec![
            Some(true),
            Some(false),
            Some(true),
            Some(false),
            Some(true),
            Some(false),
            Some(true),
            Some(false),
            None, // "yes": a problem, not a value
            None, // empty: absent
        ]
    );
    let s47: Vec<_> = c.episodes[7]
        .s47s
        .iter()
        .map(|s| s.icpc_not_required)
        .collect();
    assert_eq!(s47, vec![Some(true), Some(false)]);
    assert_eq!(r.problems.len(), 1);
    let p = &r.problems[0];
    assert_eq!(p.kind, ProblemKind::InvalidBoolean);
    assert_eq!(p.element, "ReferralNFA");
    assert_eq!(p.value, "yes");
    assert_eq!(p.line, 18);
    assert_eq!(p.la_child_id.as_ref().unwrap().as_str(), "YN1");
}

#[test]
fn elements_in_any_order_and_trimmed() {
    let all = read_clean("out_of_order.xml");
    // The header comes after <Children> here, so it is filled in by the end.
    assert_eq!(all.header.lea.as_deref(), Some("888"));
    assert_eq!(all.header.reference_date, d(2024, 3, 31));
    assert_eq!(all.header.year, Some(2024));
    let c = all.records[0].child.as_ref().unwrap();
    assert_eq!(c.la_child_id.as_str(), "OOO1");
    assert_eq!(c.sex, Sex::Indeterminate);
    assert_eq!(c.birth_date, d(2018, 2, 28));
    assert_eq!(c.ethnicity.as_deref(), Some("WIRI"));
    assert_eq!(c.disabilities, vec!["VIS"]);
    let ep = &c.episodes[0];
    assert_eq!(ep.referral_date, d(2023, 5, 1));
    assert_eq!(ep.referral_source.as_deref(), Some("3B"));
    assert_eq!(ep.referral_nfa, Some(false));
    assert_eq!(ep.assessments[0].start, d(2023, 5, 2));
    assert_eq!(ep.assessments[0].factors, vec!["16A"]);
    assert_eq!(ep.s47s[0].start, d(2023, 5, 19));
    assert_eq!(ep.s47s[0].icpc_date, d(2023, 6, 9));
    let p = &ep.cp_plans[0];
    assert_eq!(p.start, d(2023, 6, 9));
    assert_eq!(p.previous_plans, Some(0));
    assert_eq!(p.initial_category.as_deref(), Some("EMO"));
    assert_eq!(p.review_dates, vec![d(2023, 9, 1).unwrap()]);
}

#[test]
fn unknown_blocks_skipped_and_upns_not_stored() {
    let all = read_clean("unknown_blocks.xml");
    let r = &all.records[0];
    let c = r.child.as_ref().unwrap();
    assert_eq!(c.la_child_id.as_str(), "UNK1");
    assert_eq!(c.sex, Sex::Female);
    assert_eq!(c.episodes.len(), 1);
    assert_eq!(c.episodes[0].referral_nfa, Some(false));
    assert_eq!(r.extras.person_death_date, d(2025, 8, 1));
    assert_eq!(r.extras.upn_unknown.as_deref(), Some("UN5"));
    let upn = r.extras.upn.as_ref().unwrap();
    assert_eq!(upn.check_letter_ok, Some(true));
    let former = r.extras.former_upn.as_ref().unwrap();
    assert_eq!(former.check_letter_ok, Some(false));
    assert_ne!(upn.fingerprint, former.fingerprint);
    let debug = format!("{r:?}");
    assert!(!debug.contains("H801200001001") && !debug.contains("Z801200001001"));
    assert_eq!(
        all.skipped,
        vec![
            ("Message/Header/Source/Extension".to_string(), 1),
            ("Message/Children/Child/LocalExtension".to_string(), 1),
            (
                "Message/Children/Child/CINdetails/PreProceedingsandFGDM".to_string(),
                2
            ),
        ]
    );
}

#[test]
fn unborn_child_with_expected_birth_date() {
    let all = read_clean("unborn.xml");
    let a = all.records[0].child.as_ref().unwrap();
    assert_eq!(a.birth_date, None);
    assert_eq!(a.expected_birth_date, d(2024, 6, 15));
    assert_eq!(a.sex, Sex::NotRecorded);
    assert_eq!(all.records[0].extras.gender_current.as_deref(), Some("0"));
    assert_eq!(all.records[0].extras.upn_unknown.as_deref(), Some("UN6"));
    let b = all.records[1].child.as_ref().unwrap();
    assert_eq!(b.expected_birth_date, d(2024, 5, 1));
    assert_eq!(b.sex, Sex::Unknown);
    assert_eq!(b.ethnicity, None);
}

#[test]
fn episode_level_icpc_transfer_in() {
    let all = read_clean("episode_icpc.xml");
    let c = all.records[0].child.as_ref().unwrap();
    let ep = &c.episodes[0];
    assert_eq!(ep.episode_icpc_date, d(2022, 9, 19));
    assert!(ep.s47s.is_empty());
    assert_eq!(ep.cp_plans[0].start, d(2022, 9, 19));
    assert_eq!(ep.cp_plans[0].previous_plans, Some(2));
    assert_eq!(ep.icpc_count(), 1);
    let counts = EventCounts::from_children(std::slice::from_ref(c));
    assert_eq!((counts.icpcs, counts.s47), (1, 0));
}

#[test]
fn multiple_episodes_kept_in_order() {
    let all = read_clean("multiple_episodes.xml");
    let c = all.records[0].child.as_ref().unwrap();
    let refs: Vec<_> = c.episodes.iter().map(|e| e.referral_date).collect();
    assert_eq!(refs, vec![d(2022, 11, 14), d(2023, 6, 5), d(2023, 10, 2)]);
    assert_eq!(c.episodes[0].closure_reason.as_deref(), Some("RC8"));
    assert_eq!(c.episodes[0].assessments[0].factors, vec!["21"]);
    assert_eq!(c.episodes[1].referral_nfa, Some(true));
    assert!(c.episodes[1].assessments.is_empty());
    let ep3 = &c.episodes[2];
    assert_eq!(ep3.assessments.len(), 2);
    assert_eq!(ep3.assessments[1].start, d(2024, 2, 5));
    assert_eq!(ep3.assessments[1].authorised, None);
    assert_eq!(ep3.cin_plans[0].start, d(2023, 11, 24));
    assert_eq!(ep3.cin_plans[0].end, None);
    assert_eq!(ep3.closure_date, None);
}

#[test]
fn malformed_values_are_field_problems_not_fatal() {
    let all = read_fixture("malformed_values.xml").unwrap();
    assert!(all.fatal.is_none());

    // Header problems are file-level.
    let fp: Vec<_> = all
        .file_problems
        .iter()
        .map(|p| (p.element, p.kind.clone(), p.value.as_str()))
        .collect();
    assert_eq!(
        fp,
        vec![
            ("Year", ProblemKind::InvalidYear, "20x4"),
            ("ReferenceDate", ProblemKind::InvalidDate, "2024-02-30"),
        ]
    );
    assert_eq!(all.header.year, None);
    assert_eq!(all.header.reference_date, None);

    assert_eq!(all.records.len(), 3);
    let r = &all.records[0];
    let c = r.child.as_ref().unwrap();
    let probs: Vec<_> = r
        .problems
        .iter()
        .map(|p| (p.line, p.element, p.kind.clone(), p.value.as_str()))
        .collect();
    assert_eq!(
        probs,
        vec![
            (7, "PersonBirthDate", ProblemKind::InvalidDate, "2015-13-01"),
            (8, "GenderCurrent", ProblemKind::InvalidGenderCurrent, "M"),
            (
                11,
                "CINreferralDate",
                ProblemKind::InvalidDate,
                "2021-02-30"
            ),
            (13, "ReferralNFA", ProblemKind::InvalidBoolean, "maybe"),
            (15, "CPPstartDate", ProblemKind::InvalidDate, "31/03/2023"),
            (16, "NumberOfPreviousCPP", ProblemKind::InvalidInteger, "-1"),
            (
                17,
                "CPPreviews",
                ProblemKind::NonStandardElement("Reviews"),
                ""
            ),
            (19, "CPPreviewDate", ProblemKind::EmptyValue, ""),
            (20, "CPPreviewDate", ProblemKind::InvalidDate, "2023-06-31"),
            (26, "CINreferralDate", ProblemKind::Repeated, ""),
            (29, "ReasonForClosure", ProblemKind::UnexpectedElement, "b"),
        ]
    );
    // The brief's example: a bad date names element, path, line and child, and the field
    // is None.
    let bad = &r.problems[2];
    assert_eq!(
        bad.path,
        "Message/Children/Child/CINdetails/CINreferralDate"
    );
    assert_eq!(
        bad.describe("census.xml"),
        "census.xml line 11, Message/Children/Child/CINdetails/CINreferralDate (child BAD1): \
         not a valid date (expected YYYY-MM-DD) (value \"2021-02-30\")"
    );
    assert!(r
        .problems
        .iter()
        .all(|p| p.la_child_id.as_ref().unwrap().as_str() == "BAD1"));

    assert_eq!(c.birth_date, None);
    assert_eq!(c.sex, Sex::NotRecorded);
    assert_eq!(r.extras.gender_current.as_deref(), Some("M"));
    let ep = &c.episodes[0];
    assert_eq!(ep.referral_date, None);
    assert_eq!(ep.referral_source.as_deref(), Some("1A"));
    assert_eq!(ep.referral_nfa, None);
    assert_eq!(ep.cp_plans[0].start, None);
    assert_eq!(ep.cp_plans[0].previous_plans, None);
    assert_eq!(ep.cp_plans[0].review_dates, vec![d(2023, 6, 1).unwrap()]);
    let ep2 = &c.episodes[1];
    assert_eq!(ep2.referral_date, d(2023, 7, 3)); // first of the two kept
    assert_eq!(ep2.referral_source.as_deref(), Some("Police & courts")); // &amp; expanded
    assert_eq!(ep2.primary_need.as_deref(), Some("N1")); // CDATA read

    // Child with no LAchildID: read, reported, not returned as a Child.
    let r2 = &all.records[1];
    assert!(r2.child.is_none());
    assert_eq!(r2.problems.len(), 1);
    assert_eq!(r2.problems[0].kind, ProblemKind::MissingChildId);
    assert_eq!(r2.problems[0].line, 32);

    // Tab characters (as character references) make the ID unusable.
    let r3 = &all.records[2];
    assert!(r3.child.is_none());
    assert!(matches!(
        r3.problems[0].kind,
        ProblemKind::InvalidChildId(assure_casedata::ChildIdError::ControlCharacter {
            position: 3
        })
    ));
    assert_eq!(
        r3.problems[0].path,
        "Message/Children/Child/ChildIdentifiers/LAchildID"
    );
    // Control characters are escaped when echoed, so a value cannot forge log lines.
    assert_eq!(r3.problems[0].value, "ID\\tWITH\\tTABS");
}

#[test]
fn utf8_bom_and_crlf_accepted() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Message>\r\n<Children>\r\n<Child>\r\n\
          <ChildIdentifiers><LAchildID>B1</LAchildID><PersonBirthDate>2020-02-30</PersonBirthDate></ChildIdentifiers>\r\n\
          </Child>\r\n</Children>\r\n</Message>\r\n",
    );
    let all = read_bytes("bom.xml", &bytes, Limits::default()).unwrap();
    assert!(all.fatal.is_none());
    assert_eq!(all.records.len(), 1);
    assert_eq!(all.records[0].line, 4);
    assert_eq!(all.records[0].problems[0].line, 5);
}

#[test]
fn namespaced_elements_matched_by_local_name() {
    let xml = br#"<c:Message xmlns:c="urn:dfe:cin"><c:Children><c:Child>
        <c:ChildIdentifiers><c:LAchildID>NS1</c:LAchildID><c:Sex>F</c:Sex></c:ChildIdentifiers>
        </c:Child></c:Children></c:Message>"#;
    let all = read_bytes("ns.xml", xml, Limits::default()).unwrap();
    let c = all.records[0].child.as_ref().unwrap();
    assert_eq!((c.la_child_id.as_str(), c.sex), ("NS1", Sex::Female));
}

#[test]
fn stray_text_in_container_is_a_problem() {
    let xml = b"<Message><Children><Child><ChildIdentifiers><LAchildID>X1</LAchildID>oops\n\
        <Sex>M</Sex></ChildIdentifiers></Child></Children></Message>";
    let all = read_bytes("stray.xml", xml, Limits::default()).unwrap();
    let p = &all.records[0].problems[0];
    assert_eq!(p.kind, ProblemKind::UnexpectedText { chars: 4 });
    assert_eq!(p.value, "");
    assert_eq!(p.line, 1);
    assert_eq!(all.records[0].child.as_ref().unwrap().sex, Sex::Male);
}

#[test]
fn sex_wins_over_gender_current_when_both_present() {
    let xml = b"<Message><Children><Child><ChildIdentifiers><LAchildID>X1</LAchildID>\
        <GenderCurrent>1</GenderCurrent><Sex>F</Sex></ChildIdentifiers></Child></Children></Message>";
    let all = read_bytes("both.xml", xml, Limits::default()).unwrap();
    let r = &all.records[0];
    assert_eq!(r.child.as_ref().unwrap().sex, Sex::Female);
    assert_eq!(r.extras.gender_current.as_deref(), Some("1"));
    assert_eq!(r.extras.sex.as_deref(), Some("F"));
}

#[test]
fn empty_children_and_missing_header() {
    let all = read_bytes(
        "empty.xml",
        b"<Message><Children/></Message>",
        Limits::default(),
    )
    .unwrap();
    assert!(all.records.is_empty() && all.fatal.is_none());
    assert_eq!(all.header, Default::default());
}

#[test]
fn reader_counts_and_positions() {
    let file = std::fs::File::open(fixture("multiple_episodes.xml")).unwrap();
    let len = file.metadata().unwrap().len();
    let mut reader =
        assure_cinxml::CinReader::new(std::io::BufReader::new(file), "m.xml", Limits::default())
            .unwrap();
    assert_eq!(reader.file_name(), "m.xml");
    let n = reader.by_ref().filter(|r| r.is_ok()).count();
    assert_eq!(n, 1);
    assert_eq!(reader.counts().referrals, 3);
    assert_eq!(reader.counts().assessments, 3);
    assert_eq!(reader.unidentified_children(), 0);
    assert_eq!(reader.bytes_read(), len);
    assert!(reader.elements_read() > 30);
}
