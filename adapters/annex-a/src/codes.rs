//! Annex A code lists (data-standards §1.5) and the spellings accepted for each: with or
//! without the template's letter prefix (`a) Male` / `Male`), bare codes (`1`, `M`, `WBRI`,
//! `6`, `N1`, `RC8`), and the code's description alone where that is unambiguous.

use assure_casedata::Sex;

use crate::values::{squash, strip_letter_prefix};

/// A yes/no/unknown answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YesNo {
    Yes,
    No,
    Unknown,
}

impl YesNo {
    pub fn as_bool(self) -> Option<bool> {
        match self {
            YesNo::Yes => Some(true),
            YesNo::No => Some(false),
            YesNo::Unknown => None,
        }
    }
}

/// List 6 case status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseStatus {
    LookedAfter,
    ChildProtection,
    ChildInNeedPlan,
    OpenAssessment,
    Closed,
}

pub(crate) fn yes_no(text: &str) -> Option<YesNo> {
    let (letter, rest) = strip_letter_prefix(text);
    let s = squash(rest);
    let by_text = match s.as_str() {
        "yes" | "y" | "true" | "1" => Some(YesNo::Yes),
        "no" | "n" | "false" | "0" => Some(YesNo::No),
        "unknown" | "notknown" | "u" => Some(YesNo::Unknown),
        "" => match letter {
            Some('a') => Some(YesNo::Yes),
            Some('b') => Some(YesNo::No),
            Some('c') => Some(YesNo::Unknown),
            _ => None,
        },
        _ => None,
    };
    by_text
}

pub(crate) fn sex(text: &str) -> Option<Sex> {
    let (letter, rest) = strip_letter_prefix(text);
    let s = squash(rest);
    let found = match s.as_str() {
        "male" | "m" | "1" | "boy" => Some(Sex::Male),
        "female" | "f" | "2" | "girl" => Some(Sex::Female),
        "neither" | "indeterminate" | "9" | "i" => Some(Sex::Indeterminate),
        "unknown" | "u" => Some(Sex::Unknown),
        "0" | "unborn" | "withheld" | "notspecified" => Some(Sex::NotRecorded),
        "" => match letter {
            Some('a') => Some(Sex::Male),
            Some('b') => Some(Sex::Female),
            Some('c') => Some(Sex::NotRecorded),
            Some('d') => Some(Sex::Indeterminate),
            _ => None,
        },
        other if other.starts_with("notstated") || other.starts_with("notrecorded") => {
            Some(Sex::NotRecorded)
        }
        _ => None,
    };
    found
}

const ETHNICITY: &[(&str, &[&str])] = &[
    ("WBRI", &["whitebritish", "whiteenglish"]),
    ("WIRI", &["whiteirish", "irish"]),
    (
        "WIRT",
        &["travellerofirishheritage", "whitetravellerofirishheritage"],
    ),
    (
        "WOTH",
        &["anyotherwhitebackground", "whiteother", "otherwhite"],
    ),
    ("WROM", &["gypsyroma", "whitegypsyroma", "gypsyorroma"]),
    (
        "MWBC",
        &["whiteandblackcaribbean", "mixedwhiteandblackcaribbean"],
    ),
    (
        "MWBA",
        &["whiteandblackafrican", "mixedwhiteandblackafrican"],
    ),
    ("MWAS", &["whiteandasian", "mixedwhiteandasian"]),
    (
        "MOTH",
        &["anyothermixedbackground", "mixedother", "othermixed"],
    ),
    ("AIND", &["indian", "asianindian"]),
    ("APKN", &["pakistani", "asianpakistani"]),
    ("ABAN", &["bangladeshi", "asianbangladeshi"]),
    (
        "AOTH",
        &["anyotherasianbackground", "asianother", "otherasian"],
    ),
    ("BCRB", &["caribbean", "blackcaribbean"]),
    ("BAFR", &["african", "blackafrican"]),
    (
        "BOTH",
        &["anyotherblackbackground", "blackother", "otherblack"],
    ),
    ("CHNE", &["chinese"]),
    ("OOTH", &["anyotherethnicgroup", "otherethnicgroup"]),
    ("REFU", &["refused", "informationrefused"]),
    (
        "NOBT",
        &["informationnotyetobtained", "notobtained", "notyetobtained"],
    ),
];

/// Ethnicity: the four-letter code (`a) WBRI`, `WBRI`, `WBRI - White British`,
/// `White British`).
pub(crate) fn ethnicity(text: &str) -> Option<&'static str> {
    let (_, rest) = strip_letter_prefix(text);
    let token: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    if let Some((code, _)) = ETHNICITY.iter().find(|(c, _)| *c == token) {
        return Some(code);
    }
    let s = squash(rest);
    ETHNICITY
        .iter()
        .find(|(_, names)| names.contains(&s.as_str()))
        .map(|(c, _)| *c)
}

const SOURCE_CODES: &[&str] = &[
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C",
    "5D", "6", "7", "8", "9", "10",
];

/// Contact / referral source: `q) 6: Police`, `6: Police`, `6`, `1A`, `Police`.
pub(crate) fn source(text: &str) -> Option<&'static str> {
    let (_, rest) = strip_letter_prefix(text);
    let token: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    if let Some(code) = SOURCE_CODES.iter().find(|c| **c == token) {
        return Some(code);
    }
    // A whole number stored as a decimal in a numeric cell ("6.0") never reaches here: the
    // caller formats numbers without a decimal point.
    match squash(rest).as_str() {
        "schools" | "school" => Some("2A"),
        "educationservices" => Some("2B"),
        "housing" => Some("4"),
        "police" => Some("6"),
        "otherlegalagency" => Some("7"),
        "other" => Some("8"),
        "anonymous" => Some("9"),
        "unknown" => Some("10"),
        _ => None,
    }
}

const NEEDS: &[(&str, &str)] = &[
    ("N1", "abuseorneglect"),
    ("N2", "childsdisability"),
    ("N3", "parentaldisabilityorillness"),
    ("N4", "familyinacutestress"),
    ("N5", "familydysfunction"),
    ("N6", "sociallyunacceptablebehaviour"),
    ("N7", "lowincome"),
    ("N8", "absentparenting"),
    ("N9", "casesotherthanchildreninneed"),
    ("N0", "notstated"),
];

/// Primary need: `N1 - Abuse or neglect`, `N1`, `Abuse or neglect`.
pub(crate) fn need(text: &str) -> Option<&'static str> {
    coded(text, NEEDS)
}

const CLOSURES: &[(&str, &str)] = &[
    ("RC1", "adopted"),
    ("RC2", "died"),
    ("RC3", "childarrangementsorder"),
    ("RC4", "specialguardianshiporder"),
    ("RC5", "transferredtoservicesofanotherlocalauthority"),
    ("RC6", "transferredtoadultsocialcareservices"),
    (
        "RC7",
        "servicesceasedforanyotherreasonincludingchildnolongerinneed",
    ),
    ("RC8", "caseclosedafterassessmentnofurtheraction"),
    ("RC9", "caseclosedafterassessmentreferredtoearlyhelp"),
];

/// Reason for closure: `RC8 - Case closed after assessment, no further action`, `RC8`.
pub(crate) fn closure(text: &str) -> Option<&'static str> {
    coded(text, CLOSURES)
}

fn coded(text: &str, table: &[(&'static str, &str)]) -> Option<&'static str> {
    let (_, rest) = strip_letter_prefix(text);
    let token: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    if let Some((code, _)) = table.iter().find(|(c, _)| *c == token) {
        return Some(code);
    }
    let s = squash(rest);
    table.iter().find(|(_, d)| *d == s).map(|(c, _)| *c)
}

/// Case status (List 6).
pub(crate) fn case_status(text: &str) -> Option<CaseStatus> {
    let (letter, rest) = strip_letter_prefix(text);
    match squash(rest).as_str() {
        "lookedafterchild" | "lookedafter" | "childlookedafter" | "cla" | "lac" => {
            Some(CaseStatus::LookedAfter)
        }
        "childprotectionplan" | "cpplan" | "cpp" | "childprotection" => {
            Some(CaseStatus::ChildProtection)
        }
        "childinneedplan" | "cinplan" | "childinneed" | "cin" => Some(CaseStatus::ChildInNeedPlan),
        "openassessment" | "assessment" => Some(CaseStatus::OpenAssessment),
        "closedepisode" | "closed" => Some(CaseStatus::Closed),
        "" => match letter {
            Some('a') => Some(CaseStatus::LookedAfter),
            Some('b') => Some(CaseStatus::ChildProtection),
            Some('c') => Some(CaseStatus::ChildInNeedPlan),
            Some('d') => Some(CaseStatus::OpenAssessment),
            Some('e') => Some(CaseStatus::Closed),
            _ => None,
        },
        _ => None,
    }
}

/// Category of abuse, as the CIN census code (`NEG`, `PHY`, `SAB`, `EMO`, `MUL`).
pub(crate) fn category(text: &str) -> Option<&'static str> {
    let (letter, rest) = strip_letter_prefix(text);
    match squash(rest).as_str() {
        "neglect" | "neg" => Some("NEG"),
        "physicalabuse" | "physical" | "phy" => Some("PHY"),
        "sexualabuse" | "sexual" | "sab" => Some("SAB"),
        "emotionalabuse" | "emotional" | "emo" => Some("EMO"),
        "multiplenotrecommended" | "multiple" | "mul" | "mixed" => Some("MUL"),
        "" => match letter {
            Some('a') => Some("NEG"),
            Some('b') => Some("PHY"),
            Some('c') => Some("SAB"),
            Some('d') => Some("EMO"),
            Some('e') => Some("MUL"),
            _ => None,
        },
        _ => None,
    }
}

/// What a code column expects, for messages.
pub(crate) fn expected(kind: crate::schema::Kind) -> &'static str {
    use crate::schema::Kind;
    match kind {
        Kind::Sex => "a) Male, b) Female, c) Not stated/recorded or d) Neither",
        Kind::Ethnicity => "a four-letter ethnicity code such as a) WBRI, s) REFU or t) NOBT",
        Kind::YesNo => "a) Yes, b) No or c) Unknown",
        Kind::Source => "a source code 1A … 10, e.g. q) 6: Police",
        Kind::Need => "a primary need code N0 … N9, e.g. N1 - Abuse or neglect",
        Kind::Closure => "a reason for closure RC1 … RC9",
        Kind::CaseStatus => {
            "a) Looked after child, b) Child Protection plan, c) Child in need plan, d) Open assessment or e) Closed episode"
        }
        Kind::Category => {
            "a) Neglect, b) Physical abuse, c) Sexual abuse, d) Emotional abuse or e) Multiple/not recommended"
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_and_bare_codes() {
        assert_eq!(sex("a) Male"), Some(Sex::Male));
        assert_eq!(sex("Female"), Some(Sex::Female));
        assert_eq!(sex("1"), Some(Sex::Male));
        assert_eq!(sex("c) Not stated/recorded"), Some(Sex::NotRecorded));
        assert_eq!(sex("d) Neither"), Some(Sex::Indeterminate));
        assert_eq!(sex("I made this up"), None);
        assert_eq!(ethnicity("a) WBRI"), Some("WBRI"));
        assert_eq!(ethnicity("wbri"), Some("WBRI"));
        assert_eq!(ethnicity("WBRI - White British (101)"), Some("WBRI"));
        assert_eq!(ethnicity("White British"), Some("WBRI"));
        assert_eq!(ethnicity("s) NOBT"), Some("NOBT"));
        assert_eq!(ethnicity("XXXX"), None);
        assert_eq!(source("q) 6: Police"), Some("6"));
        assert_eq!(source("p1) 5D: LA services"), Some("5D"));
        assert_eq!(source("1a"), Some("1A"));
        assert_eq!(source("10"), Some("10"));
        assert_eq!(source("Police"), Some("6"));
        assert_eq!(source("Individual"), None);
        assert_eq!(source("11"), None);
        assert_eq!(need("N1 - Abuse or Neglect"), Some("N1"));
        assert_eq!(need("abuse or neglect"), Some("N1"));
        assert_eq!(need("PSRMEM - Support with memory and cognition"), None);
        assert_eq!(
            closure("RC8 - Case closed after assessment, no further action"),
            Some("RC8")
        );
        assert_eq!(closure("RC10"), None);
        assert_eq!(yes_no("a) Yes"), Some(YesNo::Yes));
        assert_eq!(yes_no("N"), Some(YesNo::No));
        assert_eq!(yes_no("c) Unknown"), Some(YesNo::Unknown));
        assert_eq!(yes_no("maybe"), None);
        assert_eq!(
            case_status("c) Child in need plan"),
            Some(CaseStatus::ChildInNeedPlan)
        );
        assert_eq!(case_status("Closed episode"), Some(CaseStatus::Closed));
        assert_eq!(category("Physical abuse"), Some("PHY"));
        assert_eq!(category("e) Multiple/not recommended"), Some("MUL"));
        assert_eq!(category("Financial"), None);
    }
}
