use std::fmt;

/// One thing wrong with a plan file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file: `line 14`, `Actions!E14`, `areas[2].actions[0].leads`; empty for the whole file.
    pub location: String,
    pub message: String,
}

/// A plan file that could not be read; nothing from it has been used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PlanFileError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl PlanFileError {
    pub fn whole(file: &str, message: impl Into<String>) -> Self {
        PlanFileError {
            file: file.to_string(),
            problems: vec![Problem {
                location: String::new(),
                message: message.into(),
            }],
        }
    }

    pub fn at(file: &str, location: impl Into<String>, message: impl Into<String>) -> Self {
        PlanFileError {
            file: file.to_string(),
            problems: vec![Problem {
                location: location.into(),
                message: message.into(),
            }],
        }
    }

    pub(crate) fn writing(e: impl fmt::Display) -> Self {
        PlanFileError::whole("(export)", format!("could not be written: {e}"))
    }
}

impl fmt::Display for PlanFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if p.location.is_empty() {
                write!(f, "{}: {}", self.file, p.message)?;
            } else {
                write!(f, "{}: {}: {}", self.file, p.location, p.message)?;
            }
        }
        Ok(())
    }
}
