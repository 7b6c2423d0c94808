//! The Annex A lists 1-7: their columns, which are mandatory, and the header spellings
//! accepted for each (data-standards §1.3 and §1.7).

/// Every column this reader understands, across lists 1-7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum F {
    ChildId,
    Gender,
    Ethnicity,
    Dob,
    Age,
    Disability,
    Team,
    Worker,
    ContactDate,
    ContactSource,
    EhStart,
    EhEnd,
    EhOrg,
    RefDate,
    RefSource,
    RefNfa,
    RefCount12,
    AsmtStart,
    AsmtSeen,
    AsmtAuth,
    AsmtSupport,
    S47Start,
    IcpcUnnecessary,
    IcpcDate,
    IcpcCpp,
    S47Count12,
    IcpcCount12,
    CinStart,
    PrimaryNeed,
    LastSeen,
    CinClosure,
    ClosureReason,
    CaseStatus,
    CppStart,
    CatInitial,
    CatLatest,
    LastVisit,
    SeenAlone,
    LatestReview,
    CppEnd,
    Epo,
    PrevPlans,
}

/// How a column's values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Id,
    Sex,
    Ethnicity,
    Date,
    /// Age in years: a number of 0 or more (the samples hold decimals such as 6.138).
    Age,
    YesNo,
    Integer,
    Text,
    Source,
    Need,
    Closure,
    CaseStatus,
    Category,
}

/// One column of one list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub f: F,
    /// The template header.
    pub header: &'static str,
    /// Blank not allowed (liia-tools `canbeblank: false`).
    pub mandatory: bool,
    /// Part of the template (a missing header is reported). Team and worker are accepted
    /// on Lists 1 and 2 but are not in their template.
    pub expected: bool,
}

impl Col {
    pub fn kind(&self) -> Kind {
        kind_of(self.f)
    }
}

pub(crate) fn kind_of(f: F) -> Kind {
    use F::*;
    match f {
        ChildId => Kind::Id,
        Gender => Kind::Sex,
        Ethnicity => Kind::Ethnicity,
        Dob | ContactDate | EhStart | EhEnd | RefDate | AsmtStart | AsmtAuth | S47Start
        | IcpcDate | CinStart | LastSeen | CinClosure | CppStart | LastVisit | LatestReview
        | CppEnd => Kind::Date,
        Age => Kind::Age,
        Disability | RefNfa | AsmtSeen | AsmtSupport | IcpcUnnecessary | IcpcCpp | SeenAlone
        | Epo => Kind::YesNo,
        RefCount12 | S47Count12 | IcpcCount12 | PrevPlans => Kind::Integer,
        Team | Worker | EhOrg => Kind::Text,
        ContactSource | RefSource => Kind::Source,
        PrimaryNeed => Kind::Need,
        ClosureReason => Kind::Closure,
        CaseStatus => Kind::CaseStatus,
        CatInitial | CatLatest => Kind::Category,
    }
}

const fn req(f: F, header: &'static str) -> Col {
    Col {
        f,
        header,
        mandatory: true,
        expected: true,
    }
}

const fn opt(f: F, header: &'static str) -> Col {
    Col {
        f,
        header,
        mandatory: false,
        expected: true,
    }
}

const fn extra(f: F, header: &'static str) -> Col {
    Col {
        f,
        header,
        mandatory: false,
        expected: false,
    }
}

const ID: Col = req(F::ChildId, "Child Unique ID");
const GENDER: Col = req(F::Gender, "Gender");
const ETHNICITY: Col = req(F::Ethnicity, "Ethnicity");
const DOB: Col = opt(F::Dob, "Date of Birth");
const AGE: Col = opt(F::Age, "Age of Child (Years)");
const DISABILITY: Col = req(F::Disability, "Does the Child have a Disability");
const TEAM: Col = req(F::Team, "Allocated Team");
const WORKER: Col = req(F::Worker, "Allocated Worker");
const TEAM_EXTRA: Col = extra(F::Team, "Allocated Team");
const WORKER_EXTRA: Col = extra(F::Worker, "Allocated Worker");

const LIST1: &[Col] = &[
    ID,
    GENDER,
    ETHNICITY,
    DOB,
    AGE,
    req(F::ContactDate, "Date of Contact"),
    req(F::ContactSource, "Contact Source"),
    TEAM_EXTRA,
    WORKER_EXTRA,
];

const LIST2: &[Col] = &[
    ID,
    GENDER,
    ETHNICITY,
    DOB,
    AGE,
    req(F::EhStart, "Assessment start date"),
    opt(F::EhEnd, "Assessment completion date"),
    req(F::EhOrg, "Organisation completing assessment"),
    TEAM_EXTRA,
    WORKER_EXTRA,
];

const LIST3: &[Col] = &[
    ID,
    GENDER,
    ETHNICITY,
    DOB,
    AGE,
    req(F::RefDate, "Date of referral"),
    req(F::RefSource, "Referral Source"),
    req(F::RefNfa, "Referral NFA?"),
    req(F::RefCount12, "Number of Referrals in Last 12 Months"),
    TEAM,
    WORKER,
];

const LIST4: &[Col] = &[
    ID,
    GENDER,
    ETHNICITY,
    DOB,
    AGE,
    DISABILITY,
    req(F::AsmtStart, "Continuous Assessment Start Date"),
    req(F::AsmtSeen, "Child Seen During Continuous Assessment"),
    opt(F::AsmtAuth, "Continuous Assessment Date of Authorisation"),
    opt(
        F::AsmtSupport,
        "Was the child assessed as requiring LA children's social care support?",
    ),
    TEAM,
    WORKER,
];

const LIST5: &[Col] = &[
    ID,
    GENDER,
    ETHNICITY,
    DOB,
    AGE,
    DISABILITY,
    req(
        F::S47Start,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
    ),
    opt(
        F::IcpcUnnecessary,
        "Was an Initial Child Protection Conference deemed unnecessary?",
    ),
    opt(F::IcpcDate, "Date of Initial Child Protection Conference"),
    opt(
        F::IcpcCpp,
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    ),
    req(
        F::S47Count12,
        "Number of Section 47 Enquiries in the last 12 months",
    ),
    req(F::IcpcCount12, "Number of ICPCs in the last 12 months"),
    TEAM,
    WORKER,
];

const LIST6: &[Col] = &[
    ID,
    GENDER,
    ETHNICITY,
    DOB,
    AGE,
    DISABILITY,
    opt(F::CinStart, "CIN Start Date"),
    req(F::PrimaryNeed, "Primary Need Code"),
    opt(F::LastSeen, "Date Child Was Last Seen"),
    opt(F::CinClosure, "CIN Closure Date"),
    opt(F::ClosureReason, "Reason for Closure"),
    req(F::CaseStatus, "Case Status"),
    TEAM,
    WORKER,
];

const LIST7: &[Col] = &[
    ID,
    GENDER,
    ETHNICITY,
    DOB,
    AGE,
    DISABILITY,
    req(F::CppStart, "Child Protection Plan Start Date"),
    req(F::CatInitial, "Initial Category of Abuse"),
    req(F::CatLatest, "Latest Category of Abuse"),
    opt(F::LastVisit, "Date of the Last Statutory Visit"),
    opt(F::SeenAlone, "Was the Child Seen Alone?"),
    opt(F::LatestReview, "Date of latest review conference"),
    opt(F::CppEnd, "Child Protection Plan End Date"),
    req(
        F::Epo,
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    ),
    req(F::PrevPlans, "Number of Previous Child Protection Plans"),
    TEAM,
    WORKER,
];

/// The columns of list `n` (1-7).
pub(crate) fn columns(list: u8) -> &'static [Col] {
    match list {
        1 => LIST1,
        2 => LIST2,
        3 => LIST3,
        4 => LIST4,
        5 => LIST5,
        6 => LIST6,
        7 => LIST7,
        _ => &[],
    }
}

/// The template name of list `n`.
pub(crate) fn list_name(list: u8) -> &'static str {
    match list {
        1 => "Contacts",
        2 => "Early help",
        3 => "Referrals",
        4 => "Assessments",
        5 => "Section 47 enquiries and ICPCs",
        6 => "Children in need",
        7 => "Child protection",
        8 => "Children in care",
        9 => "Care leavers",
        10 => "Adoption",
        11 => "Adopters",
        _ => "",
    }
}

/// True for columns shared by every list (used to tell lists apart by their header row).
pub(crate) fn is_common(f: F) -> bool {
    matches!(
        f,
        F::ChildId
            | F::Gender
            | F::Ethnicity
            | F::Dob
            | F::Age
            | F::Disability
            | F::Team
            | F::Worker
    )
}

/// Normalised header spellings accepted for a column (exact match after [`normalise_header`]).
fn aliases(f: F) -> &'static [&'static str] {
    use F::*;
    match f {
        ChildId => &[
            "childuniqueid",
            "childid",
            "uniqueid",
            "uniquechildid",
            "lachildid",
            "childidentifier",
            "childuniqueidentifier",
            "childuniquereference",
            "id",
            "childref",
            "childreference",
            "personid",
            "clientid",
        ],
        Gender => &[
            "gender",
            "sex",
            "gendersex",
            "sexgender",
            "childgender",
            "childsex",
        ],
        Ethnicity => &[
            "ethnicity",
            "ethnicorigin",
            "ethnicgroup",
            "childethnicity",
            "ethnicitycode",
        ],
        Dob => &["dateofbirth", "dob", "birthdate", "childdateofbirth"],
        Age => &[
            "ageofchildyears",
            "age",
            "ageyears",
            "ageofchild",
            "ageinyears",
            "childage",
            "childsage",
        ],
        Disability => &[
            "doesthechildhaveadisability",
            "disability",
            "disabled",
            "childhasadisability",
            "hasdisability",
        ],
        Team => &["allocatedteam", "team", "allocatedteamname", "teamname"],
        Worker => &[
            "allocatedworker",
            "worker",
            "allocatedsocialworker",
            "socialworker",
            "allocatedworkername",
            "workername",
            "leadworker",
            "keyworker",
        ],
        ContactDate => &["dateofcontact", "contactdate"],
        ContactSource => &["contactsource", "sourceofcontact"],
        EhStart => &[
            "assessmentstartdate",
            "earlyhelpassessmentstartdate",
            "ehassessmentstartdate",
            "startdate",
        ],
        EhEnd => &[
            "assessmentcompletiondate",
            "earlyhelpassessmentcompletiondate",
            "ehassessmentcompletiondate",
            "assessmentenddate",
            "completiondate",
            "enddate",
        ],
        EhOrg => &[
            "organisationcompletingassessment",
            "organizationcompletingassessment",
            "organisation",
            "organization",
        ],
        RefDate => &["dateofreferral", "referraldate"],
        RefSource => &["referralsource", "sourceofreferral"],
        RefNfa => &["referralnfa", "nfa", "referralnofurtheraction"],
        RefCount12 => &[
            "numberofreferralsinlast12months",
            "numberofreferralsinthelast12months",
            "referralsinlast12months",
        ],
        AsmtStart => &[
            "continuousassessmentstartdate",
            "assessmentstartdate",
            "singleassessmentstartdate",
        ],
        AsmtSeen => &[
            "childseenduringcontinuousassessment",
            "childseenduringassessment",
            "childseen",
        ],
        AsmtAuth => &[
            "continuousassessmentdateofauthorisation",
            "continuousassessmentdateofauthorization",
            "dateofauthorisation",
            "assessmentauthorisationdate",
            "authorisationdate",
        ],
        AsmtSupport => &["wasthechildassessedasrequiringlachildrenssocialcaresupport"],
        S47Start => &[
            "strategydiscussioninitiatingsection47enquirystartdate",
            "strategydiscussiondate",
            "section47startdate",
            "s47startdate",
        ],
        IcpcUnnecessary => &[
            "wasaninitialchildprotectionconferencedeemedunnecessary",
            "icpcdeemedunnecessary",
            "icpcnotrequired",
        ],
        IcpcDate => &[
            "dateofinitialchildprotectionconference",
            "icpcdate",
            "dateoficpc",
            "initialchildprotectionconferencedate",
        ],
        IcpcCpp => &[
            "didtheinitialchildprotectionconferenceresultinachildprotectionplan",
            "icpcresultincpp",
            "icpcoutcome",
        ],
        S47Count12 => &[
            "numberofsection47enquiriesinthelast12months",
            "numberofsection47enquiriesinlast12months",
            "numberofs47enquiriesinthelast12months",
        ],
        IcpcCount12 => &[
            "numberoficpcsinthelast12months",
            "numberoficpcsinlast12months",
        ],
        CinStart => &["cinstartdate", "startdate", "cinepisodestartdate"],
        PrimaryNeed => &[
            "primaryneedcode",
            "primaryneed",
            "categoryofneed",
            "needcode",
        ],
        LastSeen => &["datechildwaslastseen", "lastseendate", "datelastseen"],
        CinClosure => &["cinclosuredate", "closuredate", "dateofclosure"],
        ClosureReason => &["reasonforclosure", "closurereason", "cinclosurereason"],
        CaseStatus => &["casestatus", "status"],
        CppStart => &[
            "childprotectionplanstartdate",
            "cppstartdate",
            "cpstartdate",
            "planstartdate",
        ],
        CatInitial => &["initialcategoryofabuse", "initialcategory"],
        CatLatest => &["latestcategoryofabuse", "latestcategory"],
        LastVisit => &[
            "dateofthelaststatutoryvisit",
            "dateoflaststatutoryvisit",
            "laststatutoryvisitdate",
            "lastvisitdate",
        ],
        SeenAlone => &["wasthechildseenalone", "seenalone", "childseenalone"],
        LatestReview => &[
            "dateoflatestreviewconference",
            "dateoflatestreview",
            "latestreviewdate",
            "reviewconferencedate",
        ],
        CppEnd => &[
            "childprotectionplanenddate",
            "cppenddate",
            "cpenddate",
            "planenddate",
        ],
        Epo => &[
            "subjecttoemergencyprotectionorderorprotectedunderpolicepowersinlastsixmonthsyn",
            "subjecttoemergencyprotectionorderorprotectedunderpolicepowersinlastsixmonths",
            "epo",
        ],
        PrevPlans => &[
            "numberofpreviouschildprotectionplans",
            "numberofpreviouscpplans",
            "previouscpplans",
            "previousplans",
        ],
    }
}

/// Looser matches, tried only for header cells no exact spelling claimed: the header
/// matches when it contains every fragment of one pattern (like the liia-tools regexes,
/// e.g. `.*was the child assessed.*social care support.*`).
fn patterns(f: F) -> &'static [&'static [&'static str]] {
    use F::*;
    match f {
        ChildId | Gender | Ethnicity | Age => &[],
        Dob => &[&["dateofbirth"], &["birth", "date"]],
        Disability => &[&["disab"]],
        Team => &[&["team"]],
        Worker => &[&["worker"]],
        ContactDate => &[&["contact", "date"]],
        ContactSource => &[&["contact", "source"]],
        EhStart => &[&["assessment", "start"], &["start", "date"]],
        EhEnd => &[&["complet"], &["assessment", "end"]],
        EhOrg => &[&["organisation"], &["organization"]],
        RefDate => &[&["referral", "date"]],
        RefSource => &[&["referral", "source"]],
        RefNfa => &[&["nfa"], &["nofurtheraction"]],
        RefCount12 => &[&["referrals", "12"]],
        AsmtStart => &[&["assessment", "start"]],
        AsmtSeen => &[&["seen"]],
        AsmtAuth => &[&["authoris"], &["authoriz"]],
        AsmtSupport => &[&["assessed", "support"], &["requir", "support"]],
        S47Start => &[&["strategy"], &["section47", "start"], &["s47", "start"]],
        IcpcUnnecessary => &[&["unnecessary"], &["notrequired"]],
        IcpcDate => &[
            &["date", "initialchildprotectionconference"],
            &["date", "icpc"],
        ],
        IcpcCpp => &[&["result"]],
        S47Count12 => &[&["section47", "12"], &["s47", "12"]],
        IcpcCount12 => &[&["icpc", "12"], &["conferences", "12"]],
        CinStart => &[&["cin", "start"], &["start", "date"]],
        PrimaryNeed => &[&["primaryneed"], &["categoryofneed"]],
        LastSeen => &[&["lastseen"]],
        CinClosure => &[&["closure", "date"]],
        ClosureReason => &[&["reason"]],
        CaseStatus => &[&["status"]],
        CppStart => &[&["plan", "start"], &["cpp", "start"]],
        CatInitial => &[&["initial", "categ"]],
        CatLatest => &[&["latest", "categ"]],
        LastVisit => &[&["visit"]],
        SeenAlone => &[&["seenalone"]],
        LatestReview => &[&["review"]],
        CppEnd => &[&["plan", "end"], &["cpp", "end"]],
        Epo => &[&["emergencyprotection"], &["policepowers"]],
        PrevPlans => &[&["previous"]],
    }
}

/// Header text reduced to lower-case ASCII letters and digits: case, spaces, quotes
/// (straight or curly), brackets and other punctuation are ignored. A pivot-table prefix
/// (`Sum of …`, `Count of …`) is removed.
pub(crate) fn normalise_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        for l in c.to_lowercase() {
            if l.is_ascii_alphanumeric() {
                out.push(l);
            }
        }
    }
    for prefix in ["sumof", "countof"] {
        if out.len() > prefix.len() + 2 && out.starts_with(prefix) {
            out.drain(..prefix.len());
            break;
        }
    }
    out
}

/// Exact (alias) match of a normalised header for a column.
pub(crate) fn matches_exact(f: F, norm: &str) -> bool {
    aliases(f).contains(&norm)
}

/// Pattern match of a normalised header for a column.
pub(crate) fn matches_pattern(f: F, norm: &str) -> bool {
    patterns(f)
        .iter()
        .any(|frags| frags.iter().all(|frag| norm.contains(frag)))
}

/// The list number a sheet or file name names: `List 3`, `list_3`, `LIST3 - Referrals`,
/// `Annex A List 3.csv`. `None` if the name has no `list` followed by a number, or more
/// than one.
pub(crate) fn list_number_in_name(name: &str) -> Option<u8> {
    let norm: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut found = None;
    let mut rest = norm.as_str();
    while let Some(pos) = rest.find("list") {
        let after = &rest[pos + 4..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            let n: u8 = digits.parse().ok().filter(|n| (1..=11).contains(n))?;
            if found.is_some_and(|f| f != n) {
                return None;
            }
            found = Some(n);
        }
        rest = after;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise() {
        assert_eq!(normalise_header("Age of Child (Years)"), "ageofchildyears");
        assert_eq!(
            normalise_header(
                "Was the child assessed as requiring LA children\u{2019}s social care support?"
            ),
            normalise_header(
                "Was the child assessed as requiring LA children's social care support?"
            )
        );
        assert_eq!(normalise_header("  Referral\u{a0}NFA? "), "referralnfa");
        assert_eq!(
            normalise_header("Sum of Number of Previous Child Protection Plans"),
            "numberofpreviouschildprotectionplans"
        );
    }

    #[test]
    fn aliases_are_unique_within_each_list() {
        for list in 1..=7 {
            let cols = columns(list);
            for (i, a) in cols.iter().enumerate() {
                assert!(
                    matches_exact(a.f, &normalise_header(a.header)),
                    "template header {:?} must be an alias",
                    a.header
                );
                for b in &cols[i + 1..] {
                    for alias in aliases(a.f) {
                        assert!(
                            !matches_exact(b.f, alias),
                            "{alias} claimed by {:?} and {:?} in list {list}",
                            a.f,
                            b.f
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn template_headers_do_not_match_other_columns_patterns_first() {
        // Every template header is claimed by its own column when exact matching runs first;
        // check that the *patterns* of earlier columns would not steal a template header if
        // it were slightly misspelt (e.g. "Date of ICPC" vs the ICPC count column).
        for list in 1..=7 {
            for col in columns(list) {
                let norm = normalise_header(col.header);
                for other in columns(list) {
                    if other.f != col.f && matches_pattern(other.f, &norm) {
                        // allowed only where exact matching decides
                        assert!(matches_exact(col.f, &norm));
                    }
                }
            }
        }
    }

    #[test]
    fn list_numbers_in_names() {
        assert_eq!(list_number_in_name("List 1"), Some(1));
        assert_eq!(list_number_in_name(" list_10 "), Some(10));
        assert_eq!(list_number_in_name("LIST 3 - Referrals"), Some(3));
        assert_eq!(list_number_in_name("Annex A List 7.csv"), Some(7));
        assert_eq!(list_number_in_name("list1.csv"), Some(1));
        assert_eq!(list_number_in_name("Contacts"), None);
        assert_eq!(list_number_in_name("List 99"), None);
        assert_eq!(list_number_in_name("list 1 and list 2"), None);
    }
}
