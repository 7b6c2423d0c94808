//! People and groups who own areas and lead actions.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PersonKind {
    #[default]
    Person,
    /// A lead that is a group rather than one person ("Head of Service and all AMs", "All").
    Group,
}

impl PersonKind {
    pub fn word(self) -> &'static str {
        match self {
            PersonKind::Person => "person",
            PersonKind::Group => "group",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initials: Option<String>,
    #[serde(default, skip_serializing_if = "is_person")]
    pub kind: PersonKind,
    /// Job title, e.g. "Head of Service".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

fn is_person(kind: &PersonKind) -> bool {
    *kind == PersonKind::Person
}

impl Person {
    /// The short reference used in plan files and lead columns: initials when known.
    pub fn key(&self) -> &str {
        self.initials.as_deref().unwrap_or(&self.name)
    }

    /// Whether a reference written in a plan file (name or initials, any case) means this person.
    pub fn answers_to(&self, reference: &str) -> bool {
        let reference = reference.trim();
        self.name.eq_ignore_ascii_case(reference)
            || self
                .initials
                .as_deref()
                .is_some_and(|i| i.eq_ignore_ascii_case(reference))
    }
}

/// Finds the person a reference names, by initials or name.
pub fn find<'a>(people: &'a [Person], reference: &str) -> Option<&'a Person> {
    people.iter().find(|p| p.answers_to(reference))
}
