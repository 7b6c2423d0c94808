//! Non-fatal field problems. The types moved to `assure-casedata` (so validation rules can
//! be pure); they are re-exported here unchanged.

pub use assure_casedata::{FieldProblem, ProblemKind};

/// Make a value safe to echo in a message: at most 100 characters, control characters
/// escaped (`\t`, `\n`, `\u{0}` ...) so a value cannot forge extra log lines.
pub(crate) fn clip(value: &str) -> String {
    const MAX: usize = 100;
    let mut out = String::with_capacity(value.len().min(MAX + 8));
    for (n, c) in value.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clip_escapes_and_cuts() {
        assert_eq!(clip("ab"), "ab");
        assert_eq!(clip("a\tb\nc\u{0}"), "a\\tb\\nc\\u{0}");
        assert_eq!(clip(&"x".repeat(150)), format!("{}…", "x".repeat(100)));
        assert_eq!(clip(&"é".repeat(100)), "é".repeat(100));
    }
}
