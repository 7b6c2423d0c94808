//! Sheet names and columns, shared by the reader and the writer so they cannot disagree.

pub struct Sheet {
    pub name: &'static str,
    pub purpose: &'static str,
    pub columns: &'static [(&'static str, &'static str)],
}

pub const PLAN: Sheet = Sheet {
    name: "Plan",
    purpose: "The plan itself: one row per field, value in column B.",
    columns: &[
        ("Field", "The field's name, as listed"),
        ("Value", "Its value"),
    ],
};

/// Rows of the Plan sheet, in order.
pub const PLAN_FIELDS: [&str; 6] = [
    "Title",
    "Organisation",
    "Origin",
    "Origin date",
    "Reporting date",
    "Introduction",
];

pub const PEOPLE: Sheet = Sheet {
    name: "People",
    purpose: "Everyone (or every group) who owns an area or leads an action.",
    columns: &[
        (
            "Name",
            "Full name, or the group's name (\"Head of Service and all AMs\")",
        ),
        (
            "Initials",
            "Optional; used to refer to the person elsewhere (\"RH\")",
        ),
        ("Kind", "person or group (blank means person)"),
        ("Role", "Optional job title"),
    ],
};

pub const AREAS: Sheet = Sheet {
    name: "Areas",
    purpose: "One row per area for development.",
    columns: &[
        (
            "Area",
            "Area number: digits with an optional letter (1, 5a)",
        ),
        ("Title", "Short title, as in the plan's summary table"),
        (
            "Heading",
            "Optional heading above the actions table, if different",
        ),
        ("Issue", "The area of development: what was found"),
        ("Sources", "One source per line (Alt+Enter between lines)"),
        ("Aims", "One aim per line"),
        (
            "Success criteria",
            "Measurable success: one criterion per line",
        ),
        (
            "Owners",
            "Names or initials from the People sheet, one per line",
        ),
        (
            "Leads",
            "Lead responsibility (summary table): names or initials, one per line",
        ),
    ],
};

pub const ACTIONS: Sheet = Sheet {
    name: "Actions",
    purpose: "One row per action, in the order they are printed within each area.",
    columns: &[
        (
            "Ref",
            "A reference unique in this workbook (A1, A2 …) used by the sheets below",
        ),
        ("Area", "The area number the action belongs to"),
        (
            "No",
            "The action's number as printed; blank for a row that continues the action above",
        ),
        ("Action", "What will be done"),
        ("Status", "Blue, Green, Amber, Red or Not rated"),
        (
            "Leads",
            "Names or initials from the People sheet, one per line",
        ),
        ("Due", "Optional due date (dd/mm/yyyy)"),
    ],
};

pub const MILESTONES: Sheet = Sheet {
    name: "Milestones",
    purpose: "One row per milestone, in order within each action.",
    columns: &[
        ("Action ref", "The Ref of the action on the Actions sheet"),
        ("Milestone", "The milestone"),
        ("Due", "Optional due date (dd/mm/yyyy)"),
        ("Completed", "Yes or No (blank means No)"),
    ],
};

pub const EVALUATIONS: Sheet = Sheet {
    name: "Evaluations",
    purpose: "Evaluation against milestones: one row per entry, oldest first.",
    columns: &[
        ("Action ref", "The Ref of the action on the Actions sheet"),
        ("Date", "Optional date of the entry (dd/mm/yyyy)"),
        ("Evaluation", "The evaluation text"),
    ],
};

pub const HISTORY: Sheet = Sheet {
    name: "History",
    purpose: "Status history: every change of status, oldest first. Normally written by Assure.",
    columns: &[
        ("Action ref", "The Ref of the action on the Actions sheet"),
        ("When", "Date and time in UTC, as 2010-11-20T10:00:00Z"),
        ("By", "Who made the change"),
        ("From", "Status before"),
        ("To", "Status after"),
        ("Reason", "Why (required)"),
    ],
};

pub const MEASURES: Sheet = Sheet {
    name: "Measures",
    purpose: "Measurable success criteria linked to indicators, judged by evidence.",
    columns: &[
        (
            "Ref",
            "A reference unique in this workbook (M1, M2 …) used by the Measure history sheet",
        ),
        ("Area", "The area number the measure belongs to"),
        (
            "Criterion",
            "The measurable success criterion, in the plan's words",
        ),
        (
            "Indicator",
            "An indicator id from the catalogue (assure kpi lists them), e.g. s47_to_icpc_pct",
        ),
        ("Baseline", "Optional baseline value"),
        (
            "Baseline date",
            "The baseline's date (dd/mm/yyyy), required with a baseline",
        ),
        ("Target", "The target value"),
        ("Direction", "higher is better, or lower is better"),
        (
            "Tolerance",
            "How far short of the target is still Amber rather than Red",
        ),
        (
            "Status",
            "The chosen status: Blue, Green, Amber, Red or Not rated",
        ),
    ],
};

pub const MEASURE_HISTORY: Sheet = Sheet {
    name: "Measure history",
    purpose: "Every change of a measure's chosen status, oldest first. Normally written by Assure.",
    columns: &[
        (
            "Measure ref",
            "The Ref of the measure on the Measures sheet",
        ),
        ("When", "Date and time in UTC, as 2010-11-20T10:00:00Z"),
        ("By", "Who made the change"),
        ("From", "Status before"),
        ("To", "Status after"),
        ("Reason", "Why (required)"),
    ],
};

pub const SHEETS: [&Sheet; 9] = [
    &PLAN,
    &PEOPLE,
    &AREAS,
    &ACTIONS,
    &MILESTONES,
    &EVALUATIONS,
    &HISTORY,
    &MEASURES,
    &MEASURE_HISTORY,
];

/// Spreadsheet column letters for a 0-based index (0 → A, 26 → AA).
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// The column letter of a named column in a sheet.
pub fn column_of(sheet: &Sheet, header: &str) -> String {
    let i = sheet
        .columns
        .iter()
        .position(|(h, _)| *h == header)
        .expect("column names are constants");
    column_letter(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_order() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(4), "E");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_of(&ACTIONS, "Status"), "E");
    }
}
