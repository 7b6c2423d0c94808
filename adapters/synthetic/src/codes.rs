//! Code lists and the weights the generator draws them with.
//!
//! Weights follow the England breakdowns in data-standards §4 ("Other 2024 national
//! breakdowns"): referral source (C5), primary need (B3), initial category of abuse (D2),
//! reasons for closure (B6). Where §4 gives a group total (e.g. "health services 14.7")
//! it is split across the group's codes by a plausible share (stated inline).
//! Codes that did not exist in a census year are never drawn for it (data-standards §2.4):
//! referral source 5D and closure reason RC9 from 2023, factors 18B/18C/19B/19C from 2021
//! (18A/19A before), 24A from 2022.

/// Referral / contact source codes with weights (% of referrals, C5 2024).
pub(crate) fn referral_sources(year: i32) -> &'static [(&'static str, f64)] {
    // Individuals 8.0 split 1A 3.5 / 1B 0.8 / 1C 1.7 / 1D 2.0; health 14.7 split
    // 3A 3.0 / 3B 2.2 / 3C 1.0 / 3D 1.5 / 3E 3.5 / 3F 3.5; LA services 14.1 split
    // 5A 4.0 / 5B 3.0 / 5C 3.6 / 5D 3.5 (5D's share goes to 5B before 2023).
    const FROM_2023: &[(&str, f64)] = &[
        ("1A", 3.5),
        ("1B", 0.8),
        ("1C", 1.7),
        ("1D", 2.0),
        ("2A", 20.3),
        ("2B", 1.7),
        ("3A", 3.0),
        ("3B", 2.2),
        ("3C", 1.0),
        ("3D", 1.5),
        ("3E", 3.5),
        ("3F", 3.5),
        ("4", 1.2),
        ("5A", 4.0),
        ("5B", 3.0),
        ("5C", 3.6),
        ("5D", 3.5),
        ("6", 28.5),
        ("7", 4.4),
        ("8", 4.2),
        ("9", 1.6),
        ("10", 1.2),
    ];
    const BEFORE_2023: &[(&str, f64)] = &[
        ("1A", 3.5),
        ("1B", 0.8),
        ("1C", 1.7),
        ("1D", 2.0),
        ("2A", 20.3),
        ("2B", 1.7),
        ("3A", 3.0),
        ("3B", 2.2),
        ("3C", 1.0),
        ("3D", 1.5),
        ("3E", 3.5),
        ("3F", 3.5),
        ("4", 1.2),
        ("5A", 4.0),
        ("5B", 6.5),
        ("5C", 3.6),
        ("6", 28.5),
        ("7", 4.4),
        ("8", 4.2),
        ("9", 1.6),
        ("10", 1.2),
    ];
    if year >= 2023 {
        FROM_2023
    } else {
        BEFORE_2023
    }
}

/// Primary need at referral (B3, CIN at 31 March 2024).
pub(crate) const PRIMARY_NEED: &[(&str, f64)] = &[
    ("N1", 58.1),
    ("N5", 12.0),
    ("N4", 8.6),
    ("N2", 8.0),
    ("N8", 5.5),
    ("N0", 2.6),
    ("N3", 2.1),
    ("N6", 2.0),
    ("N9", 0.9),
    ("N7", 0.3),
];

/// Primary need for episodes that go down the child protection route.
pub(crate) const PRIMARY_NEED_CP: &[(&str, f64)] = &[
    ("N1", 90.0),
    ("N5", 4.0),
    ("N4", 3.0),
    ("N8", 2.0),
    ("N3", 1.0),
];

/// Initial category of abuse (D2, plans starting 2024).
pub(crate) const CATEGORY: &[(&str, f64)] = &[
    ("NEG", 49.8),
    ("EMO", 37.3),
    ("PHY", 7.7),
    ("SAB", 3.5),
    ("MUL", 1.7),
];

/// Closure reasons for episodes that close after services (B6 2024, RC2 "died" left out:
/// it needs a date of death, which the model does not hold, query 8585Q).
pub(crate) const CLOSURE_AFTER_SERVICES: &[(&str, f64)] =
    &[("RC7", 92.5), ("RC5", 3.8), ("RC6", 0.7), ("RC3", 0.2)];

/// Closure reasons for long-running (looked-after) episodes.
pub(crate) const CLOSURE_LONG_RUNNING: &[(&str, f64)] = &[
    ("RC7", 60.0),
    ("RC1", 12.0),
    ("RC4", 14.0),
    ("RC3", 4.0),
    ("RC5", 10.0),
];

/// Ethnicity (approximate CIN population mix; REFU/NOBT small).
pub(crate) const ETHNICITY: &[(&str, f64)] = &[
    ("WBRI", 62.0),
    ("WIRI", 0.4),
    ("WIRT", 0.3),
    ("WOTH", 6.0),
    ("WROM", 0.6),
    ("MWBC", 3.2),
    ("MWBA", 1.1),
    ("MWAS", 1.0),
    ("MOTH", 3.3),
    ("AIND", 1.4),
    ("APKN", 3.0),
    ("ABAN", 1.3),
    ("AOTH", 2.0),
    ("BCRB", 1.5),
    ("BAFR", 4.4),
    ("BOTH", 1.3),
    ("CHNE", 0.3),
    ("OOTH", 3.2),
    ("REFU", 0.9),
    ("NOBT", 2.8),
];

/// Disability codes other than NONE, with weights among disabled children.
pub(crate) const DISABILITY: &[(&str, f64)] = &[
    ("AUT", 24.0),
    ("LD", 20.0),
    ("BEH", 14.0),
    ("COMM", 12.0),
    ("MOB", 7.0),
    ("PC", 5.0),
    ("HAND", 3.0),
    ("INC", 3.0),
    ("HEAR", 3.0),
    ("VIS", 3.0),
    ("CON", 2.0),
    ("DDA", 4.0),
];

/// Factors identified at assessment for a child found to be in need.
pub(crate) fn factors(year: i32) -> &'static [(&'static str, f64)] {
    const FROM_2022: &[(&str, f64)] = &[
        ("3B", 20.0),
        ("4B", 18.0),
        ("3A", 8.0),
        ("4A", 7.0),
        ("16A", 9.0),
        ("17A", 9.0),
        ("2B", 7.0),
        ("1B", 5.0),
        ("18C", 3.0),
        ("18B", 1.0),
        ("19C", 2.0),
        ("19B", 1.0),
        ("5B", 2.0),
        ("6B", 2.0),
        ("10A", 2.0),
        ("11A", 1.0),
        ("14A", 2.0),
        ("15A", 2.0),
        ("24A", 2.0),
        ("20", 4.0),
        ("7A", 1.0),
        ("13A", 0.5),
        ("23A", 0.5),
    ];
    const FROM_2021: &[(&str, f64)] = &[
        ("3B", 20.0),
        ("4B", 18.0),
        ("3A", 8.0),
        ("4A", 7.0),
        ("16A", 9.0),
        ("17A", 9.0),
        ("2B", 7.0),
        ("1B", 5.0),
        ("18C", 3.0),
        ("18B", 1.0),
        ("19C", 2.0),
        ("19B", 1.0),
        ("5B", 2.0),
        ("6B", 2.0),
        ("10A", 2.0),
        ("11A", 1.0),
        ("14A", 2.0),
        ("15A", 2.0),
        ("20", 4.0),
        ("7A", 1.0),
        ("13A", 0.5),
        ("23A", 0.5),
    ];
    const BEFORE_2021: &[(&str, f64)] = &[
        ("3B", 20.0),
        ("4B", 18.0),
        ("3A", 8.0),
        ("4A", 7.0),
        ("16A", 9.0),
        ("17A", 9.0),
        ("2B", 7.0),
        ("1B", 5.0),
        ("18A", 4.0),
        ("19A", 3.0),
        ("5B", 2.0),
        ("6B", 2.0),
        ("10A", 2.0),
        ("11A", 1.0),
        ("14A", 2.0),
        ("15A", 2.0),
        ("20", 4.0),
        ("7A", 1.0),
        ("13A", 0.5),
        ("23A", 0.5),
    ];
    if year >= 2022 {
        FROM_2022
    } else if year >= 2021 {
        FROM_2021
    } else {
        BEFORE_2021
    }
}

/// Early help: reasons, organisations and end reasons (no national standard; SSD-style
/// free codes).
pub(crate) const EH_REASON: &[(&str, f64)] = &[
    ("Family support", 30.0),
    ("Parenting", 20.0),
    ("School attendance", 15.0),
    ("Domestic abuse", 12.0),
    ("Emotional wellbeing", 13.0),
    ("Behaviour", 10.0),
];

pub(crate) const EH_ORGANISATION: &[(&str, f64)] = &[
    ("Local authority early help", 45.0),
    ("School", 25.0),
    ("Health visiting", 12.0),
    ("Family hub", 12.0),
    ("Voluntary sector", 6.0),
];

pub(crate) const EH_END_REASON: &[(&str, f64)] = &[
    ("Outcomes met", 60.0),
    ("Disengaged", 15.0),
    ("Moved away", 8.0),
    ("No further action", 17.0),
];

/// Teams, by the work they hold. Names only; every worker is a staff ID.
pub(crate) const TEAMS: &[&str] = &[
    "Duty A",
    "Duty B",
    "Assessment 1",
    "Assessment 2",
    "Assessment 3",
    "CIN East",
    "CIN West",
    "CP North",
    "CP South",
    "Early Help Hub",
    "Family Support",
];

/// Which teams do which work (indices into [`TEAMS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    FrontDoor,
    Assessment,
    ChildInNeed,
    ChildProtection,
    EarlyHelp,
}

impl Unit {
    pub(crate) fn teams(self) -> std::ops::Range<usize> {
        match self {
            Unit::FrontDoor => 0..2,
            Unit::Assessment => 2..5,
            Unit::ChildInNeed => 5..7,
            Unit::ChildProtection => 7..9,
            Unit::EarlyHelp => 9..11,
        }
    }
}
