//! CIN census code lists (data-standards §2.3). Matching is exact (the schema is
//! case-sensitive); the reader has already trimmed values.

/// `Ethnicity` (N00177).
pub(crate) fn is_ethnicity(c: &str) -> bool {
    matches!(
        c,
        "WBRI"
            | "WIRI"
            | "WIRT"
            | "WOTH"
            | "WROM"
            | "MWBC"
            | "MWBA"
            | "MWAS"
            | "MOTH"
            | "AIND"
            | "APKN"
            | "ABAN"
            | "AOTH"
            | "BCRB"
            | "BAFR"
            | "BOTH"
            | "CHNE"
            | "OOTH"
            | "REFU"
            | "NOBT"
    )
}

/// The disability codes other than `NONE`, in a fixed order (bit positions for 2887Q).
pub(crate) const DISABILITIES: [&str; 12] = [
    "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA",
];

/// Position of a disability code other than `NONE` in [`DISABILITIES`].
pub(crate) fn disability_index(c: &str) -> Option<usize> {
    DISABILITIES.iter().position(|d| *d == c)
}

/// `Disability` (N00099), including `NONE`.
pub(crate) fn is_disability(c: &str) -> bool {
    c == "NONE" || disability_index(c).is_some()
}

/// `ReferralSource` (N00152). `5D` (LA early help) from 2022-23.
pub(crate) fn is_referral_source(c: &str, year: i32) -> bool {
    match c {
        "1A" | "1B" | "1C" | "1D" | "2A" | "2B" | "3A" | "3B" | "3C" | "3D" | "3E" | "3F" | "4"
        | "5A" | "5B" | "5C" | "6" | "7" | "8" | "9" | "10" => true,
        "5D" => year >= 2023,
        _ => false,
    }
}

/// `PrimaryNeedCode` (N00101).
pub(crate) fn is_primary_need(c: &str) -> bool {
    matches!(
        c,
        "N0" | "N1" | "N2" | "N3" | "N4" | "N5" | "N6" | "N7" | "N8" | "N9"
    )
}

/// `ReasonForClosure` (N00103). `RC9` from 2022-23.
pub(crate) fn is_reason_for_closure(c: &str, year: i32) -> bool {
    match c {
        "RC1" | "RC2" | "RC3" | "RC4" | "RC5" | "RC6" | "RC7" | "RC8" => true,
        "RC9" => year >= 2023,
        _ => false,
    }
}

/// `InitialCategoryOfAbuse` / `LatestCategoryOfAbuse` (N00113, N00114).
pub(crate) fn is_category_of_abuse(c: &str) -> bool {
    matches!(c, "NEG" | "PHY" | "SAB" | "EMO" | "MUL")
}

/// `AssessmentFactors` (N00181), the list the DfE validator accepts (old 18A/19A included;
/// their use is queried separately from 2024-25).
pub(crate) fn is_assessment_factor(c: &str) -> bool {
    matches!(
        c,
        "1A" | "1B"
            | "1C"
            | "2A"
            | "2B"
            | "2C"
            | "3A"
            | "3B"
            | "3C"
            | "4A"
            | "4B"
            | "4C"
            | "5A"
            | "5B"
            | "5C"
            | "6A"
            | "6B"
            | "6C"
            | "7A"
            | "8B"
            | "8C"
            | "8D"
            | "8E"
            | "8F"
            | "9A"
            | "10A"
            | "11A"
            | "12A"
            | "13A"
            | "14A"
            | "15A"
            | "16A"
            | "17A"
            | "18A"
            | "18B"
            | "18C"
            | "19A"
            | "19B"
            | "19C"
            | "20"
            | "21"
            | "22A"
            | "23A"
            | "24A"
    )
}

/// A valid `UPNunknown` reason for a child of school age (query 8770Q): `UN1` ("not of
/// school age") is accepted only before 2024-25.
pub(crate) fn is_school_age_upn_reason(c: &str, year: i32) -> bool {
    let c = c.as_bytes();
    if c.len() != 3 || !c[..2].eq_ignore_ascii_case(b"UN") {
        return false;
    }
    match c[2] {
        b'2'..=b'7' => true,
        b'1' => year < 2025,
        _ => false,
    }
}

/// Characters 2-4 of a UPN: a post-April-1998 LA code or a recognised pseudo-LA code
/// (rule 1530). 942 and 943 were added in 2023-24.
pub(crate) fn is_upn_la_code(code: &str, year: i32) -> bool {
    let Ok(n) = code.parse::<u16>() else {
        return false;
    };
    if code.len() != 3 {
        return false;
    }
    matches!(
        n,
        1..=5
            | 201..=213
            | 301..=320
            | 330..=336
            | 340..=344
            | 350..=359
            | 370..=373
            | 380..=384
            | 390..=394
            | 420
            | 660..=681
            | 701..=708
            | 800..=803
            | 805..=808
            | 810..=813
            | 815
            | 816
            | 820..=823
            | 825
            | 826
            | 830
            | 831
            | 835..=841
            | 845
            | 846
            | 850..=852
            | 855..=857
            | 860
            | 861
            | 865..=896
            | 908
            | 909
            | 916
            | 919
            | 921
            | 925
            | 926
            | 928
            | 929
            | 931
            | 933
            | 935..=938
            | 940
            | 941
    ) || (year >= 2024 && matches!(n, 942 | 943))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn la_codes() {
        assert!(is_upn_la_code("001", 2023));
        assert!(is_upn_la_code("201", 2023));
        assert!(is_upn_la_code("896", 2023));
        assert!(!is_upn_la_code("897", 2023));
        assert!(!is_upn_la_code("421", 2023));
        assert!(!is_upn_la_code("817", 2023));
        assert!(!is_upn_la_code("942", 2023));
        assert!(is_upn_la_code("942", 2024));
        assert!(!is_upn_la_code("000", 2024));
        assert!(!is_upn_la_code("1", 2024));
    }

    #[test]
    fn year_dependent_codes() {
        assert!(!is_referral_source("5D", 2022) && is_referral_source("5D", 2023));
        assert!(!is_reason_for_closure("RC9", 2022) && is_reason_for_closure("RC9", 2023));
        assert!(is_school_age_upn_reason("UN1", 2024) && !is_school_age_upn_reason("UN1", 2025));
        assert!(is_school_age_upn_reason("un5", 2025) && !is_school_age_upn_reason("UN8", 2025));
    }
}
