//! CSV cells for anything a person may open in a spreadsheet: RFC 4180 quoting, and text that
//! a spreadsheet would run as a formula (starting `= + - @`, tab, CR or NUL) gets a leading `'`.
//! Every CSV export in Assure goes through here.

/// Text safe to open in a spreadsheet: a leading formula character gets a `'`.
pub fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// RFC 4180 quoting, when the field needs it.
pub fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A text cell: defused, then quoted.
pub fn cell(text: &str) -> String {
    quote(&defuse(text))
}

/// One CSV line of text cells (without the line ending).
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    cells
        .iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_fields_quoted() {
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@cmd"), "'@cmd");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=1,2"), "\"'=1,2\"");
        assert_eq!(line(&["x", "y z"]), "x,y z");
    }
}
