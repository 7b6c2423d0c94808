//! Annex A template labels (the SSD Annex A script's spellings, data-standards §1.5).

use assure_casedata::{NaiveDate, Sex};
use chrono::Datelike;

use super::Cell;

pub(super) fn gender(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "a) Male",
        Sex::Female => "b) Female",
        Sex::Indeterminate => "d) Neither",
        Sex::Unknown | Sex::NotRecorded => "c) Not stated/recorded",
    }
}

const ETHNICITY_ORDER: [&str; 20] = [
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];

pub(super) fn ethnicity(code: Option<&str>) -> String {
    match code.and_then(|c| ETHNICITY_ORDER.iter().position(|e| *e == c)) {
        Some(i) => format!("{}) {}", (b'a' + i as u8) as char, ETHNICITY_ORDER[i]),
        None => "u) UNKNOWN".into(),
    }
}

pub(super) fn source(code: Option<&str>) -> &'static str {
    match code.unwrap_or("") {
        "1A" => "a) 1A: Individual",
        "1B" => "b) 1B: Individual",
        "1C" => "c) 1C: Individual",
        "1D" => "d) 1D: Individual",
        "2A" => "e) 2A: Schools",
        "2B" => "f) 2B: Education services",
        "3A" => "g) 3A: Health services",
        "3B" => "h) 3B: Health services",
        "3C" => "i) 3C: Health services",
        "3D" => "j) 3D: Health services",
        "3E" => "k) 3E: Health services",
        "3F" => "l) 3F: Health services",
        "4" => "m) 4: Housing",
        "5A" => "n) 5A: LA services",
        "5B" => "o) 5B: LA services",
        "5C" => "p) 5C: LA services",
        "5D" => "p1) 5D: LA services",
        "6" => "q) 6: Police",
        "7" => "r) 7: Other legal agency",
        "8" => "s) 8: Other",
        "9" => "t) 9: Anonymous",
        _ => "u) 10: Unknown",
    }
}

pub(super) fn primary_need(code: Option<&str>) -> Cell {
    Cell::Label(match code {
        Some("N1") => "N1 - Abuse or neglect",
        Some("N2") => "N2 - Child's disability",
        Some("N3") => "N3 - Parental disability or illness",
        Some("N4") => "N4 - Family in acute stress",
        Some("N5") => "N5 - Family dysfunction",
        Some("N6") => "N6 - Socially unacceptable behaviour",
        Some("N7") => "N7 - Low income",
        Some("N8") => "N8 - Absent parenting",
        Some("N9") => "N9 - Cases other than children in need",
        _ => "N0 - Not stated",
    })
}

pub(super) fn closure_reason(code: Option<&str>) -> Cell {
    Cell::Label(match code {
        Some("RC1") => "RC1 - Adopted",
        Some("RC2") => "RC2 - Died",
        Some("RC3") => "RC3 - Child arrangements order",
        Some("RC4") => "RC4 - Special guardianship order",
        Some("RC5") => "RC5 - Transferred to services of another local authority",
        Some("RC6") => "RC6 - Transferred to adult social care services",
        Some("RC7") => {
            "RC7 - Services ceased for any other reason, including child no longer in need"
        }
        Some("RC8") => "RC8 - Case closed after assessment, no further action",
        Some("RC9") => "RC9 - Case closed after assessment, referred to early help",
        _ => return Cell::Blank,
    })
}

pub(super) fn category(code: Option<&str>) -> Cell {
    Cell::Label(match code {
        Some("NEG") => "a) Neglect",
        Some("PHY") => "b) Physical abuse",
        Some("SAB") => "c) Sexual abuse",
        Some("EMO") => "d) Emotional abuse",
        Some("MUL") => "e) Multiple/not recommended",
        _ => return Cell::Blank,
    })
}

/// Whole years from `birth` to `on`.
pub(super) fn age(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if birth > on {
        return None;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// A deterministic yes/no for "seen alone" (not in the model): about 85% yes.
pub(super) fn seen_alone(id: &str, date: NaiveDate) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes().chain(date.num_days_from_ce().to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h % 100 < 85
}
