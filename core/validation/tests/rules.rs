//! One failing and one passing (near-miss) case for every child-level rule, built by
//! breaking a base child that passes everything. Each failing case must raise the rule
//! with the right severity, field and child ID; each passing case must not raise it.

mod common;

use std::collections::BTreeSet;

use assure_casedata::{Assessment, Child, CinChildExtras, CinPlan, CpPlan, Episode, S47};
use assure_validation::{child_rules, validate_child, CensusContext, Severity, Severity::*};
use chrono::Weekday;
use common::*;

type Edit = fn(&mut Child, &mut CinChildExtras, &CensusContext);

struct Case {
    rule: &'static str,
    year: i32,
    severity: Severity,
    field: &'static str,
    fail: Edit,
    pass: Edit,
}

const fn case(
    rule: &'static str,
    year: i32,
    severity: Severity,
    field: &'static str,
    fail: Edit,
    pass: Edit,
) -> Case {
    Case {
        rule,
        year,
        severity,
        field,
        fail,
        pass,
    }
}

fn ep(c: &mut Child) -> &mut Episode {
    &mut c.episodes[0]
}
fn asm(c: &mut Child) -> &mut Assessment {
    &mut c.episodes[0].assessments[0]
}
fn s47(c: &mut Child) -> &mut S47 {
    &mut c.episodes[0].s47s[0]
}
fn cpp(c: &mut Child) -> &mut CpPlan {
    &mut c.episodes[0].cp_plans[0]
}
fn cinp(c: &mut Child) -> &mut CinPlan {
    &mut c.episodes[0].cin_plans[0]
}
fn referral(c: &Child) -> assure_casedata::NaiveDate {
    c.episodes[0].referral_date.unwrap()
}
fn icpc(c: &Child) -> assure_casedata::NaiveDate {
    c.episodes[0].s47s[0].icpc_date.unwrap()
}
fn close(c: &mut Child, date: assure_casedata::NaiveDate, reason: &str) {
    ep(c).closure_date = Some(date);
    ep(c).closure_reason = Some(reason.into());
}

const CASES: &[Case] = &[
    // ---- identifiers
    case(
        "1510",
        2023,
        Error,
        "UPN",
        |_, x, _| x.upn.as_mut().unwrap().check_letter_ok = Some(false),
        |_, x, _| x.upn.as_mut().unwrap().check_letter_ok = None,
    ),
    case(
        "1530",
        2023,
        Error,
        "UPN",
        |_, x, _| x.upn.as_mut().unwrap().la_code = Some("999".into()),
        |_, x, _| x.upn.as_mut().unwrap().la_code = Some("001".into()),
    ),
    case(
        "1530",
        2023,
        Error,
        "UPN",
        |_, x, _| x.upn.as_mut().unwrap().la_code = Some("942".into()),
        |_, x, _| x.upn.as_mut().unwrap().la_code = Some("941".into()),
    ),
    case(
        "1540",
        2023,
        Error,
        "UPN",
        |_, x, _| x.upn.as_mut().unwrap().chars_5_to_12_numeric = false,
        |_, x, _| {
            let u = x.upn.as_mut().unwrap();
            u.chars = 4;
            u.chars_5_to_12_numeric = false;
        },
    ),
    case(
        "1550",
        2023,
        Error,
        "UPN",
        |_, x, _| x.upn.as_mut().unwrap().char_13_valid = false,
        |_, x, _| {
            let u = x.upn.as_mut().unwrap();
            u.chars = 12;
            u.char_13_valid = false;
        },
    ),
    case(
        "1560Q",
        2023,
        Query,
        "FormerUPN",
        |_, x, _| {
            let mut f = good_upn(2);
            f.chars = 9;
            f.check_letter_ok = None;
            x.former_upn = Some(f);
        },
        |_, x, _| x.former_upn = Some(good_upn(2)),
    ),
    case(
        "1580",
        2025,
        Error,
        "LAchildID",
        |c, _, _| c.la_child_id = "AB-12".parse().unwrap(),
        |c, _, _| c.la_child_id = "AB12".parse().unwrap(),
    ),
    case(
        "8770Q",
        2023,
        Query,
        "UPN",
        |_, x, _| x.upn = None,
        |_, x, _| {
            x.upn = None;
            x.upn_unknown = Some("UN1".into());
        },
    ),
    case(
        "8770Q",
        2025,
        Query,
        "UPN",
        |_, x, _| {
            x.upn = None;
            x.upn_unknown = Some("UN1".into());
        },
        |_, x, _| {
            x.upn = None;
            x.upn_unknown = Some("UN3".into());
        },
    ),
    case(
        "8772",
        2023,
        Error,
        "UPNunknown",
        |_, x, _| x.upn_unknown = Some("UN7".into()),
        |c, x, _| {
            x.upn_unknown = Some("UN7".into());
            ep(c).referral_nfa = Some(true);
        },
    ),
    // ---- characteristics
    case(
        "4180",
        2023,
        Error,
        "GenderCurrent",
        |_, x, _| x.gender_current = None,
        |_, x, _| x.gender_current = Some("9".into()),
    ),
    case(
        "4180",
        2025,
        Error,
        "Sex",
        |_, x, _| x.sex = Some("1".into()),
        |_, x, _| x.sex = Some("U".into()),
    ),
    case(
        "4220",
        2023,
        Error,
        "Ethnicity",
        |c, _, _| c.ethnicity = Some("XXXX".into()),
        |c, _, _| c.ethnicity = Some("NOBT".into()),
    ),
    case(
        "8520",
        2023,
        Error,
        "PersonBirthDate",
        |c, _, k| c.birth_date = Some(plus(k.reference_date(), 1)),
        |c, _, k| c.birth_date = Some(k.reference_date()),
    ),
    case(
        "8525Q",
        2023,
        Query,
        "PersonBirthDate",
        |c, _, _| c.expected_birth_date = c.birth_date,
        |c, _, k| {
            c.birth_date = None;
            c.expected_birth_date = Some(plus(k.reference_date(), 60));
        },
    ),
    case(
        "8530Q",
        2023,
        Query,
        "ExpectedPersonBirthDate",
        |c, _, k| {
            c.birth_date = None;
            c.expected_birth_date = Some(plus(k.reference_date(), -30));
        },
        |c, _, k| {
            c.birth_date = None;
            c.expected_birth_date = Some(plus(k.reference_date(), -29));
        },
    ),
    case(
        "8535Q",
        2023,
        Query,
        "PersonDeathDate",
        |c, x, _| x.person_death_date = Some(plus(c.birth_date.unwrap(), -1)),
        |c, x, _| x.person_death_date = c.birth_date,
    ),
    case(
        "8540",
        2023,
        Error,
        "Disability",
        |c, _, _| c.disabilities.clear(),
        |c, _, _| {
            c.disabilities.clear();
            ep(c).referral_nfa = Some(true);
        },
    ),
    case(
        "8540",
        2023,
        Error,
        "Disability",
        |c, _, _| c.disabilities = vec!["XYZ".into()],
        |c, _, _| c.disabilities = vec!["DDA".into()],
    ),
    case(
        "8545Q",
        2023,
        Query,
        "PersonDeathDate",
        |_, x, k| x.person_death_date = Some(plus(k.period_start(), -1)),
        |_, x, k| x.person_death_date = Some(k.period_start()),
    ),
    case(
        "8750",
        2023,
        Error,
        "GenderCurrent",
        |c, _, k| {
            c.birth_date = None;
            c.expected_birth_date = Some(plus(k.reference_date(), 30));
        },
        |c, x, k| {
            c.birth_date = None;
            c.expected_birth_date = Some(plus(k.reference_date(), 30));
            x.gender_current = Some("0".into());
        },
    ),
    case(
        "8750",
        2025,
        Error,
        "Sex",
        |c, x, k| {
            c.birth_date = None;
            c.expected_birth_date = Some(plus(k.reference_date(), 30));
            x.sex = Some("F".into());
        },
        |c, x, k| {
            c.birth_date = None;
            c.expected_birth_date = Some(plus(k.reference_date(), 30));
            x.sex = Some("U".into());
        },
    ),
    case(
        "8775Q",
        2023,
        Query,
        "PersonBirthDate",
        |c, _, k| c.birth_date = Some(assure_calendar::add_years(k.reference_date(), -26)),
        |c, _, k| {
            let b = assure_calendar::add_years(k.reference_date(), -26);
            c.birth_date = Some(b);
            close(c, assure_calendar::add_years(b, 25), "RC7");
        },
    ),
    case(
        "8790",
        2023,
        Error,
        "Disability",
        |c, _, _| c.disabilities = vec!["NONE".into(), "MOB".into()],
        |c, _, _| c.disabilities = vec!["MOB".into(), "HAND".into()],
    ),
    case(
        "8794",
        2023,
        Error,
        "Disability",
        |c, _, _| c.disabilities = vec!["MOB".into(), "MOB".into()],
        |c, _, _| c.disabilities = vec!["MOB".into(), "HAND".into()],
    ),
    // ---- episodes
    case(
        "2990",
        2023,
        Error,
        "ReasonForClosure",
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC8");
        },
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC9");
        },
    ),
    case(
        "8555Q",
        2023,
        Query,
        "CINreferralDate",
        |c, x, _| x.person_death_date = Some(plus(referral(c), -1)),
        |c, x, _| x.person_death_date = Some(referral(c)),
    ),
    case(
        "8565",
        2023,
        Error,
        "CINclosureDate",
        |c, _, _| {
            let r = referral(c);
            close(c, plus(r, 1), "RC7");
        },
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC7");
        },
    ),
    case(
        "8568",
        2023,
        Error,
        "ReferralNFA",
        |c, _, _| ep(c).referral_nfa = None,
        |c, _, _| ep(c).referral_nfa = Some(true),
    ),
    case(
        "8569Q",
        2023,
        Query,
        "ReferralNFA",
        |c, _, k| {
            ep(c).referral_date = Some(plus(k.start_minus_1_working_day(), -1));
            ep(c).referral_nfa = Some(true);
        },
        |c, _, k| {
            ep(c).referral_date = Some(k.start_minus_1_working_day());
            ep(c).referral_nfa = Some(true);
        },
    ),
    case(
        "8585Q",
        2023,
        Query,
        "ReasonForClosure",
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC2");
        },
        |c, x, _| {
            let i = icpc(c);
            close(c, i, "RC2");
            x.person_death_date = Some(i);
        },
    ),
    case(
        "8590",
        2023,
        Error,
        "LAchildID",
        |c, _, _| c.episodes.clear(),
        |_, _, _| {},
    ),
    case(
        "8600",
        2023,
        Error,
        "CINreferralDate",
        |c, _, _| ep(c).referral_date = None,
        |c, _, k| ep(c).referral_date = Some(k.reference_date()),
    ),
    case(
        "8606",
        2023,
        Error,
        "CINreferralDate",
        |c, _, _| {
            let b = c.birth_date.unwrap();
            ep(c).referral_date = Some(plus(b, -281));
        },
        |c, _, _| {
            let b = c.birth_date.unwrap();
            ep(c).referral_date = Some(plus(b, -280));
        },
    ),
    case(
        "8610",
        2023,
        Error,
        "PrimaryNeedCode",
        |c, _, _| ep(c).primary_need = None,
        |c, _, _| {
            ep(c).primary_need = None;
            ep(c).referral_nfa = Some(true);
        },
    ),
    case(
        "8620",
        2023,
        Error,
        "CINclosureDate",
        |c, _, k| close(c, plus(k.reference_date(), 1), "RC7"),
        |c, _, k| close(c, k.reference_date(), "RC7"),
    ),
    case(
        "8630",
        2023,
        Error,
        "CINclosureDate",
        |c, _, _| {
            let r = referral(c);
            close(c, plus(r, -1), "RC7");
        },
        |c, _, _| {
            let r = referral(c);
            close(c, r, "RC7");
        },
    ),
    case(
        "8640",
        2023,
        Error,
        "ReasonForClosure",
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC10");
        },
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC9");
        },
    ),
    case(
        "8640",
        2022,
        Error,
        "ReasonForClosure",
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC9");
        },
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC8");
        },
    ),
    case(
        "8650",
        2023,
        Error,
        "PrimaryNeedCode",
        |c, _, _| ep(c).primary_need = Some("N10".into()),
        |c, _, _| ep(c).primary_need = Some("N0".into()),
    ),
    case(
        "8805",
        2023,
        Error,
        "ReasonForClosure",
        |c, _, _| {
            let i = icpc(c);
            ep(c).closure_date = Some(i);
        },
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC7");
        },
    ),
    case(
        "8810",
        2023,
        Error,
        "CINclosureDate",
        |c, _, _| ep(c).closure_reason = Some("RC7".into()),
        |_, _, _| {},
    ),
    case(
        "8815",
        2023,
        Error,
        "CINclosureDate",
        |c, _, _| {
            let mut e = c.episodes[0].clone();
            e.referral_date = Some(plus(referral(c), 1));
            c.episodes.push(e);
        },
        |c, _, _| {
            let mut e = c.episodes[0].clone();
            e.referral_date = Some(plus(referral(c), 1));
            e.referral_nfa = Some(true);
            c.episodes.push(e);
        },
    ),
    case(
        "8816",
        2023,
        Error,
        "CINreferralDate",
        |c, _, _| {
            let r = referral(c);
            c.episodes.push(Episode {
                referral_date: Some(plus(r, -30)),
                referral_nfa: Some(false),
                ..Episode::default()
            });
        },
        |c, _, _| {
            let r = referral(c);
            c.episodes.push(Episode {
                referral_date: Some(plus(r, -60)),
                closure_date: Some(plus(r, -30)),
                closure_reason: Some("RC7".into()),
                referral_nfa: Some(false),
                ..Episode::default()
            });
        },
    ),
    case(
        "8820",
        2023,
        Error,
        "CINreferralDate",
        |c, _, _| {
            let r = referral(c);
            c.episodes.push(Episode {
                referral_date: Some(plus(r, -60)),
                closure_date: Some(plus(r, 1)),
                referral_nfa: Some(false),
                ..Episode::default()
            });
        },
        |c, _, _| {
            let r = referral(c);
            c.episodes.push(Episode {
                referral_date: Some(plus(r, -60)),
                closure_date: Some(r),
                referral_nfa: Some(false),
                ..Episode::default()
            });
        },
    ),
    case(
        "8825Q",
        2023,
        Query,
        "ReasonForClosure",
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC9");
            ep(c).assessments.clear();
        },
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC9");
        },
    ),
    case(
        "8831",
        2023,
        Error,
        "ReferralNFA",
        |c, _, _| ep(c).referral_nfa = Some(true),
        |c, _, _| {
            ep(c).referral_nfa = Some(true);
            ep(c).assessments.clear();
            ep(c).s47s.clear();
        },
    ),
    case(
        "8832",
        2023,
        Error,
        "ReferralNFA",
        |c, _, _| ep(c).referral_nfa = Some(true),
        |c, _, _| {
            ep(c).referral_nfa = Some(true);
            ep(c).cp_plans.clear();
        },
    ),
    case(
        "8866",
        2023,
        Error,
        "ReferralSource",
        |c, _, _| ep(c).referral_source = None,
        |c, _, _| ep(c).referral_source = Some("5D".into()),
    ),
    case(
        "8866",
        2022,
        Error,
        "ReferralSource",
        |c, _, _| ep(c).referral_source = Some("5D".into()),
        |c, _, _| ep(c).referral_source = Some("5C".into()),
    ),
    // ---- assessments
    case(
        "1103",
        2023,
        Error,
        "AssessmentActualStartDate",
        |c, _, _| {
            let r = referral(c);
            asm(c).start = Some(plus(r, -1));
        },
        |c, _, _| {
            let r = referral(c);
            asm(c).start = Some(r);
        },
    ),
    case(
        "8608",
        2023,
        Error,
        "AssessmentActualStartDate",
        |c, _, _| {
            let a = asm(c).authorised.unwrap();
            asm(c).start = Some(plus(a, 1));
        },
        |c, _, _| {
            let a = asm(c).authorised.unwrap();
            asm(c).start = Some(a);
        },
    ),
    case(
        "8614",
        2023,
        Error,
        "AssessmentFactors",
        |c, _, _| asm(c).authorised = None,
        |c, _, _| {
            asm(c).authorised = None;
            asm(c).factors.clear();
        },
    ),
    case(
        "8670Q",
        2023,
        Query,
        "AssessmentActualStartDate",
        |c, _, k| {
            let a = asm(c);
            a.authorised = None;
            a.factors.clear();
            a.start = Some(plus(k.ref_minus_45_working_days(), -1));
        },
        |c, _, k| {
            let a = asm(c);
            a.authorised = None;
            a.factors.clear();
            a.start = Some(k.ref_minus_45_working_days());
        },
    ),
    case(
        "8696",
        2023,
        Error,
        "AssessmentAuthorisationDate",
        |c, _, k| asm(c).authorised = Some(plus(k.reference_date(), 1)),
        |c, _, k| asm(c).authorised = Some(k.reference_date()),
    ),
    case(
        "8736",
        2023,
        Error,
        "AssessmentActualStartDate",
        |c, _, k| {
            let a = asm(c);
            a.authorised = None;
            a.factors.clear();
            a.start = Some(plus(k.period_start(), -1));
        },
        |c, _, k| {
            let a = asm(c);
            a.authorised = None;
            a.factors.clear();
            a.start = Some(k.period_start());
        },
    ),
    case(
        "8863Q",
        2023,
        Query,
        "AssessmentActualStartDate",
        |c, _, _| {
            let mut a = asm(c).clone();
            a.start = Some(plus(a.start.unwrap(), 2));
            ep(c).assessments.push(a);
        },
        |c, _, _| {
            let mut a = asm(c).clone();
            let au = a.authorised.unwrap();
            a.start = Some(plus(au, 1));
            a.authorised = Some(plus(au, 10));
            ep(c).assessments.push(a);
        },
    ),
    case(
        "8867",
        2023,
        Error,
        "AssessmentAuthorisationDate",
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC7");
            asm(c).authorised = None;
            asm(c).factors.clear();
        },
        |c, _, _| {
            let i = icpc(c);
            close(c, i, "RC7");
        },
    ),
    case(
        "8869",
        2023,
        Error,
        "AssessmentFactors",
        |c, _, _| asm(c).factors = vec!["21".into(), "3A".into()],
        |c, _, _| asm(c).factors = vec!["21".into()],
    ),
    case(
        "8873Q",
        2023,
        Query,
        "ReasonForClosure",
        |c, _, _| asm(c).factors = vec!["21".into()],
        |c, _, _| {
            asm(c).factors = vec!["21".into()];
            let i = icpc(c);
            close(c, i, "RC8");
        },
    ),
    case(
        "8896",
        2023,
        Error,
        "AssessmentAuthorisationDate",
        |c, _, _| {
            let mut a = asm(c).clone();
            a.authorised = None;
            a.factors.clear();
            asm(c).authorised = None;
            asm(c).factors.clear();
            ep(c).assessments.push(a);
        },
        |c, _, _| {
            let mut a = asm(c).clone();
            a.authorised = None;
            a.factors.clear();
            ep(c).assessments.push(a);
        },
    ),
    case(
        "8897Q",
        2023,
        Query,
        "AssessmentFactors",
        |c, _, _| asm(c).factors.clear(),
        |c, _, k| {
            asm(c).factors.clear();
            asm(c).authorised = Some(plus(k.period_start(), -1));
        },
    ),
    case(
        "8897Q",
        2023,
        Query,
        "AssessmentFactors",
        |c, _, _| asm(c).factors = vec!["99".into()],
        |c, _, _| asm(c).factors = vec!["24A".into()],
    ),
    case(
        "8898",
        2023,
        Error,
        "AssessmentFactors",
        |c, _, _| asm(c).factors = vec!["3A".into(), "3A".into()],
        |c, _, _| asm(c).factors = vec!["3A".into(), "3B".into()],
    ),
    case(
        "8945Q",
        2025,
        Query,
        "AssessmentFactors",
        |c, _, _| asm(c).factors = vec!["18A".into()],
        |c, _, _| asm(c).factors = vec!["18B".into()],
    ),
    case(
        "8950Q",
        2025,
        Query,
        "AssessmentFactors",
        |c, _, _| asm(c).factors = vec!["19A".into()],
        |c, _, _| asm(c).factors = vec!["19C".into()],
    ),
    // ---- S47 / ICPC
    case(
        "1104",
        2023,
        Error,
        "DateOfInitialCPC",
        |c, _, _| {
            let r = referral(c);
            s47(c).icpc_date = Some(plus(r, -1));
        },
        |c, _, _| {
            let r = referral(c);
            s47(c).icpc_date = Some(r);
        },
    ),
    case(
        "1104",
        2023,
        Error,
        "DateOfInitialCPC",
        |c, _, _| {
            let r = referral(c);
            ep(c).s47s.clear();
            ep(c).episode_icpc_date = Some(plus(r, -1));
        },
        |c, _, _| {
            let r = referral(c);
            ep(c).s47s.clear();
            ep(c).episode_icpc_date = Some(r);
        },
    ),
    case(
        "2884",
        2023,
        Error,
        "DateOfInitialCPC",
        |c, _, _| {
            let i = icpc(c);
            ep(c).episode_icpc_date = Some(i);
        },
        |c, _, _| {
            let i = icpc(c);
            ep(c).episode_icpc_date = Some(i);
            ep(c).s47s.clear();
        },
    ),
    case(
        "2889",
        2023,
        Error,
        "S47ActualStartDate",
        |c, _, _| {
            let r = referral(c);
            s47(c).start = Some(plus(r, -1));
        },
        |c, _, _| {
            let r = referral(c);
            s47(c).start = Some(r);
        },
    ),
    case(
        "8615",
        2023,
        Error,
        "S47ActualStartDate",
        |c, _, _| {
            let i = icpc(c);
            s47(c).start = Some(plus(i, 1));
        },
        |c, _, _| {
            let i = icpc(c);
            s47(c).start = Some(i);
        },
    ),
    case(
        "8615",
        2023,
        Error,
        "S47ActualStartDate",
        |c, _, _| s47(c).start = None,
        |c, _, _| {
            s47(c).start = None;
            s47(c).icpc_date = None;
        },
    ),
    case(
        "8675Q",
        2023,
        Query,
        "S47ActualStartDate",
        |c, _, k| {
            let s = s47(c);
            s.icpc_date = None;
            s.start = Some(plus(k.ref_minus_15_working_days(), -1));
        },
        |c, _, k| {
            let s = s47(c);
            s.icpc_date = None;
            s.start = Some(k.ref_minus_15_working_days());
        },
    ),
    case(
        "8715",
        2023,
        Error,
        "DateOfInitialCPC",
        |c, _, k| s47(c).icpc_date = Some(on_or_after(plus(k.reference_date(), 1), Weekday::Mon)),
        |c, _, k| s47(c).icpc_date = Some(k.reference_date()),
    ),
    case(
        "8740",
        2023,
        Error,
        "S47ActualStartDate",
        |c, _, k| {
            let s = s47(c);
            s.icpc_date = None;
            s.start = Some(plus(k.period_start(), -1));
        },
        |c, _, k| {
            let s = s47(c);
            s.icpc_date = None;
            s.start = Some(k.period_start());
        },
    ),
    case(
        "8839",
        2023,
        Error,
        "DateOfInitialCPC",
        |c, _, _| {
            s47(c).icpc_date = None;
            let s = s47(c).clone();
            ep(c).s47s.push(s);
        },
        |c, _, _| {
            s47(c).icpc_date = None;
            let mut s = s47(c).clone();
            s.icpc_not_required = Some(true);
            ep(c).s47s.push(s);
        },
    ),
    case(
        "8868",
        2023,
        Error,
        "ICPCnotRequired",
        |c, _, _| {
            let i = icpc(c);
            close(c, plus(i, 1), "RC7");
            s47(c).icpc_date = None;
        },
        |c, _, _| {
            let i = icpc(c);
            close(c, plus(i, 1), "RC7");
            s47(c).icpc_date = None;
            s47(c).icpc_not_required = Some(true);
        },
    ),
    case(
        "8870Q",
        2023,
        Query,
        "InitialCPCtarget",
        |c, _, _| {
            let i = icpc(c);
            s47(c).icpc_target = Some(on_or_after(i, Weekday::Sat));
        },
        |c, _, _| {
            let i = icpc(c);
            s47(c).icpc_target = Some(on_or_after(i, Weekday::Mon));
        },
    ),
    case(
        "8875",
        2023,
        Error,
        "DateOfInitialCPC",
        |c, _, _| {
            let i = icpc(c);
            s47(c).icpc_date = Some(on_or_after(i, Weekday::Sun));
        },
        |c, _, _| {
            let i = icpc(c);
            s47(c).icpc_date = Some(on_or_after(i, Weekday::Mon));
        },
    ),
    case(
        "8890",
        2023,
        Error,
        "S47ActualStartDate",
        |c, _, _| {
            let mut s = s47(c).clone();
            s.start = Some(plus(s.start.unwrap(), 1));
            ep(c).s47s.push(s);
        },
        |c, _, _| {
            let mut s = s47(c).clone();
            let i = s.icpc_date.unwrap();
            s.start = Some(plus(i, 1));
            s.icpc_date = None;
            s.icpc_not_required = Some(true);
            ep(c).s47s.push(s);
        },
    ),
    // ---- CP plans
    case(
        "1105",
        2023,
        Error,
        "CPPstartDate",
        |c, _, _| {
            let r = referral(c);
            cpp(c).start = Some(plus(r, -1));
        },
        |c, _, _| {
            let r = referral(c);
            cpp(c).start = Some(r);
        },
    ),
    case(
        "2885",
        2023,
        Error,
        "CPPstartDate",
        |c, _, _| {
            let i = icpc(c);
            cpp(c).start = Some(plus(i, 3));
        },
        |c, _, k| cpp(c).start = Some(plus(k.period_start(), -1)),
    ),
    case(
        "8720",
        2023,
        Error,
        "CPPstartDate",
        |c, _, _| cpp(c).start = None,
        |c, _, k| cpp(c).start = Some(k.reference_date()),
    ),
    case(
        "8730",
        2023,
        Error,
        "NumberOfPreviousCPP",
        |c, _, _| cpp(c).previous_plans = None,
        |c, _, _| cpp(c).previous_plans = Some(3),
    ),
    case(
        "8840",
        2023,
        Error,
        "CPPendDate",
        |c, _, _| cpp(c).end = cpp(c).start,
        |c, _, _| {
            let s = cpp(c).start.unwrap();
            cpp(c).end = Some(plus(s, 1));
        },
    ),
    case(
        "8841",
        2023,
        Error,
        "CPPreviewDate",
        |c, _, _| {
            let s = cpp(c).start.unwrap();
            cpp(c).review_dates = vec![s];
        },
        |c, _, _| {
            let s = cpp(c).start.unwrap();
            cpp(c).review_dates = vec![plus(s, 1)];
        },
    ),
    case(
        "8905",
        2023,
        Error,
        "InitialCategoryOfAbuse",
        |c, _, _| cpp(c).initial_category = Some("XYZ".into()),
        |c, _, _| cpp(c).initial_category = Some("MUL".into()),
    ),
    case(
        "8910",
        2023,
        Error,
        "LatestCategoryOfAbuse",
        |c, _, _| cpp(c).latest_category = None,
        |c, _, _| cpp(c).latest_category = Some("EMO".into()),
    ),
    case(
        "8915",
        2023,
        Error,
        "CPPstartDate",
        |c, x, _| x.person_death_date = Some(plus(cpp(c).start.unwrap(), -1)),
        |c, x, _| x.person_death_date = cpp(c).start,
    ),
    case(
        "8920",
        2023,
        Error,
        "CPPendDate",
        |c, x, _| {
            let s = cpp(c).start.unwrap();
            x.person_death_date = Some(plus(s, 10));
            cpp(c).end = Some(plus(s, 11));
        },
        |c, x, _| {
            let s = cpp(c).start.unwrap();
            x.person_death_date = Some(plus(s, 10));
            cpp(c).end = Some(plus(s, 10));
        },
    ),
    case(
        "8925",
        2023,
        Error,
        "CPPendDate",
        |c, _, _| {
            let s = cpp(c).start.unwrap();
            cpp(c).end = Some(plus(s, -1));
        },
        |c, _, _| {
            let s = cpp(c).start.unwrap();
            cpp(c).end = Some(plus(s, 1));
        },
    ),
    case(
        "8930",
        2023,
        Error,
        "CPPendDate",
        |c, _, k| cpp(c).end = Some(plus(k.reference_date(), 1)),
        |c, _, k| cpp(c).end = Some(k.reference_date()),
    ),
    case(
        "8935",
        2023,
        Error,
        "CPPendDate",
        |c, _, _| {
            let mut p = cpp(c).clone();
            p.start = Some(plus(p.start.unwrap(), 10));
            ep(c).cp_plans.push(p);
        },
        |c, _, _| {
            let mut p = cpp(c).clone();
            p.start = Some(plus(p.start.unwrap(), 10));
            p.end = Some(plus(p.start.unwrap(), 10));
            ep(c).cp_plans.push(p);
        },
    ),
    case(
        "8940",
        2023,
        Error,
        "CPPstartDate",
        |c, _, _| {
            let mut p = cpp(c).clone();
            p.start = Some(plus(p.start.unwrap(), 10));
            p.end = Some(plus(p.start.unwrap(), 5));
            ep(c).cp_plans.push(p);
        },
        |c, _, _| {
            let s = cpp(c).start.unwrap();
            cpp(c).end = Some(plus(s, 5));
            let mut p = cpp(c).clone();
            p.start = Some(plus(s, 6));
            p.end = None;
            ep(c).cp_plans.push(p);
        },
    ),
    // ---- CIN plans
    case(
        "4000",
        2023,
        Error,
        "ReferralNFA",
        |c, _, _| ep(c).referral_nfa = Some(true),
        |c, _, _| {
            ep(c).referral_nfa = Some(true);
            ep(c).cin_plans.clear();
        },
    ),
    case(
        "4004",
        2023,
        Error,
        "CINPlanEndDate",
        |c, _, _| {
            cinp(c).end = None;
            let p = cinp(c).clone();
            ep(c).cin_plans.push(p);
        },
        |c, _, _| {
            let mut p = cinp(c).clone();
            p.end = None;
            ep(c).cin_plans.push(p);
        },
    ),
    case(
        "4008",
        2023,
        Error,
        "CINPlanStartDate",
        |c, x, _| x.person_death_date = Some(plus(cinp(c).start.unwrap(), -1)),
        |c, x, _| x.person_death_date = cinp(c).start,
    ),
    case(
        "4009Q",
        2023,
        Query,
        "CINPlanEndDate",
        |c, x, _| x.person_death_date = Some(plus(cinp(c).end.unwrap(), -1)),
        |c, x, _| x.person_death_date = cinp(c).end,
    ),
    case(
        "4010",
        2023,
        Error,
        "CINPlanStartDate",
        |c, _, _| cinp(c).start = None,
        |c, _, k| {
            cinp(c).start = Some(k.reference_date());
            cinp(c).end = None;
        },
    ),
    case(
        "4011",
        2023,
        Error,
        "CINPlanEndDate",
        |c, _, _| {
            let s = cinp(c).start.unwrap();
            cinp(c).end = Some(plus(s, -1));
        },
        |c, _, _| {
            let s = cinp(c).start.unwrap();
            cinp(c).end = Some(plus(s, 1));
        },
    ),
    case(
        "4012Q",
        2023,
        Query,
        "CINPlanEndDate",
        |c, _, _| cinp(c).end = cinp(c).start,
        |c, _, _| {
            let s = cinp(c).start.unwrap();
            cinp(c).end = Some(plus(s, 1));
        },
    ),
    case(
        "4013",
        2023,
        Error,
        "CINPlanEndDate",
        |c, _, k| {
            ep(c).cp_plans.clear();
            cinp(c).end = Some(plus(k.reference_date(), 1));
        },
        |c, _, k| {
            ep(c).cp_plans.clear();
            cinp(c).end = Some(k.reference_date());
        },
    ),
    case(
        "4014",
        2023,
        Error,
        "CINPlanStartDate",
        |c, _, _| {
            let mut p = cinp(c).clone();
            p.start = Some(plus(p.start.unwrap(), 1));
            ep(c).cin_plans.push(p);
        },
        |c, _, _| {
            let mut p = cinp(c).clone();
            let e = p.end.unwrap();
            p.start = Some(plus(e, 1));
            p.end = Some(plus(e, 2));
            ep(c).cin_plans.push(p);
        },
    ),
    case(
        "4015",
        2023,
        Error,
        "CINPlanStartDate",
        |c, _, _| {
            let r = referral(c);
            cinp(c).start = Some(plus(r, -1));
        },
        |c, _, _| {
            let r = referral(c);
            cinp(c).start = Some(r);
        },
    ),
    // ---- across modules
    case(
        "2991Q",
        2023,
        Query,
        "Section47",
        |c, _, _| ep(c).assessments.clear(),
        |c, _, _| {
            ep(c).assessments.clear();
            ep(c).s47s.clear();
        },
    ),
    case(
        "4001",
        2023,
        Error,
        "CINPlanEndDate",
        |c, _, _| cinp(c).end = None,
        |c, _, _| {
            let s = cpp(c).start.unwrap();
            cpp(c).end = Some(plus(s, 30));
            cinp(c).end = None;
        },
    ),
    case(
        "4003",
        2023,
        Error,
        "CPPreviewDate",
        |c, _, _| {
            let r = cpp(c).review_dates[0];
            cinp(c).end = Some(plus(r, 1));
        },
        |c, _, _| {
            let r = cpp(c).review_dates[0];
            cinp(c).end = Some(r);
        },
    ),
    case(
        "4016",
        2023,
        Error,
        "CINPlanStartDate",
        |c, _, _| {
            let i = icpc(c);
            cinp(c).start = Some(plus(i, 1));
            cinp(c).end = Some(plus(i, 2));
        },
        |c, _, _| {
            let i = icpc(c);
            cpp(c).end = Some(plus(i, 1));
            cinp(c).start = Some(plus(i, 1));
            cinp(c).end = Some(plus(i, 2));
        },
    ),
    case(
        "4017",
        2023,
        Error,
        "CPPstartDate",
        |c, _, _| {
            let i = icpc(c);
            cinp(c).end = Some(plus(i, 1));
        },
        |c, _, _| {
            let i = icpc(c);
            cinp(c).end = Some(i);
        },
    ),
];

fn run(year: i32, edit: Edit) -> Vec<assure_validation::Issue> {
    run_with_id(year, edit).0
}

fn run_with_id(year: i32, edit: Edit) -> (Vec<assure_validation::Issue>, String) {
    let k = ctx(year);
    let (mut c, mut x) = base(year);
    edit(&mut c, &mut x, &k);
    (validate_child(&c, &x, &k), c.la_child_id.to_string())
}

#[test]
fn base_child_passes_every_rule() {
    for year in [2022, 2023, 2024, 2025, 2026] {
        let k = ctx(year);
        let (c, x) = base(year);
        let issues = validate_child(&c, &x, &k);
        assert!(issues.is_empty(), "{year}: {issues:#?}");
    }
}

#[test]
fn every_rule_fails_and_passes() {
    for (n, case) in CASES.iter().enumerate() {
        let (fail, id) = run_with_id(case.year, case.fail);
        assert_hit(&fail, case.rule, case.severity, case.field, Some(&id));
        for i in with_rule(&fail, case.rule) {
            assert_eq!(i.line, Some(10), "case {n} {}", case.rule);
        }
        let pass = run(case.year, case.pass);
        assert!(
            with_rule(&pass, case.rule).is_empty(),
            "case {n}: rule {} fired on the passing case: {pass:#?}",
            case.rule
        );
    }
}

#[test]
fn every_child_rule_has_a_case() {
    let mut n = 0;
    for r in child_rules() {
        n += 1;
        // A case for this rule, on its element, in a year the rule applies to.
        assert!(
            CASES
                .iter()
                .any(|c| c.rule == r.id() && c.field == r.info.field && r.info.applies_to(c.year)),
            "no test case for rule {} ({}, years {:?}..{:?})",
            r.id(),
            r.info.field,
            r.info.from_year,
            r.info.until_year
        );
    }
    let ids: BTreeSet<&str> = child_rules().map(|r| r.id()).collect();
    assert!(
        n >= ids.len() && ids.len() > 90,
        "{n} rules, {} ids",
        ids.len()
    );
}

#[test]
fn year_limited_rules_are_off_outside_their_years() {
    // 1580 and 8945Q only from 2024-25: the same breakage in 2023-24 raises nothing.
    let k = ctx(2024);
    let (mut c, x) = base(2024);
    c.la_child_id = "AB-12".parse().unwrap();
    c.episodes[0].assessments[0].factors = vec!["18A".into()];
    let issues = validate_child(&c, &x, &k);
    assert!(with_rule(&issues, "1580").is_empty() && with_rule(&issues, "8945Q").is_empty());
    // 4180 checks GenderCurrent to 2023-24 and Sex from 2024-25.
    let (c, mut x) = base(2025);
    x.gender_current = Some("1".into());
    x.sex = None;
    let issues = validate_child(&c, &x, &ctx(2025));
    assert_hit(&issues, "4180", Severity::Error, "Sex", Some(ID));
}

#[test]
fn messages_name_the_dates() {
    let issues = run(2023, |c, _, _| {
        let r = referral(c);
        close(c, plus(r, 1), "RC7");
    });
    let m = &with_rule(&issues, "8565")[0].message;
    assert_eq!(
        m,
        "8565: The closure date 2022-05-04 is before the assessment authorisation date 2022-05-20 in this episode."
    );
}

#[test]
fn issue_json_shape() {
    let issues = run(2023, |c, _, _| ep(c).referral_source = None);
    let v = serde_json::to_value(with_rule(&issues, "8866")[0]).unwrap();
    assert_eq!(v["rule"], "8866");
    assert_eq!(v["severity"], "error");
    assert_eq!(v["child_id"], "C1");
    assert_eq!(v["field"], "ReferralSource");
    assert!(v["message"].as_str().unwrap().starts_with("8866: "));
    // A query serialises as "query", and line and a null child_id come through as well.
    let issues = run(2023, |c, _, _| {
        c.episodes[0].assessments[0].factors.clear();
    });
    let v = serde_json::to_value(with_rule(&issues, "8897Q")[0]).unwrap();
    assert_eq!(v["severity"], "query");
    assert_eq!(v["line"], 10);
}
