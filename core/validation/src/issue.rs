//! What validation produces: issues, their severity, and the report.

use std::collections::BTreeMap;

use serde::Serialize;

/// How serious an issue is. DfE "errors" must be fixed before submission; "queries" must
/// be fixed or explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed (`"error"` in JSON).
    Error,
    /// Fix or explain (`"query"` in JSON).
    Query,
}

/// One finding against one child (or against the whole return when `child_id` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// DfE rule number as published (`"8565"`, `"8569Q"`), or a local id for reader
    /// problems no DfE rule covers (`"format"`, `"structure"`).
    pub rule: String,
    /// Error or query.
    pub severity: Severity,
    /// The LA child ID, when the issue is about one child that has a usable ID.
    pub child_id: Option<String>,
    /// The element the issue is about, e.g. `CINclosureDate`.
    pub field: String,
    /// Plain English, starting with the rule id and naming the dates or values involved.
    pub message: String,
    /// Source line: the element's line for reader problems, otherwise the child's
    /// `<Child>` line. `None` for return-level issues.
    pub line: Option<u64>,
}

/// The result of validating a whole return.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every issue, in the order found (children in file order; return-level issues last).
    pub issues: Vec<Issue>,
    /// Number of issues per rule id.
    pub counts_by_rule: BTreeMap<String, u64>,
    /// Number of issues with [`Severity::Error`].
    pub errors: u64,
    /// Number of issues with [`Severity::Query`].
    pub queries: u64,
    /// Child records fed to the validator (with or without a usable ID).
    pub children: u64,
}

/// Running totals kept while streaming, so counts survive draining the issue list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    pub(crate) counts_by_rule: BTreeMap<String, u64>,
    pub(crate) errors: u64,
    pub(crate) queries: u64,
}

impl Tally {
    pub(crate) fn add(&mut self, issue: &Issue) {
        match self.counts_by_rule.get_mut(issue.rule.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.counts_by_rule.insert(issue.rule.clone(), 1);
            }
        }
        match issue.severity {
            Severity::Error => self.errors += 1,
            Severity::Query => self.queries += 1,
        }
    }
}
