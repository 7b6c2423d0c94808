//! The rule registry: what each rule is, and the small machinery rules use to report.

use std::fmt::{self, Write as _};

use assure_casedata::{Child, CinChildExtras};

use crate::{CensusContext, Issue, Severity};

/// Where a rule gets its data from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One child at a time ([`ChildRule`]).
    Child,
    /// The whole return: duplicates and return-level counts ([`crate::FileRules`]).
    File,
    /// The file header (rule 100, [`crate::header_issues`]).
    Header,
    /// Raised from the reader's field problems, because the model cannot hold the bad
    /// value (a child with no usable ID, an empty review date ...). See
    /// [`crate::problem_issue`].
    Reader,
}

/// The description of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RuleInfo {
    /// DfE rule number as published (`"8565"`, `"8569Q"`).
    pub id: &'static str,
    /// Error or query.
    pub severity: Severity,
    /// The element issues are reported against (`"CINclosureDate"`).
    pub field: &'static str,
    /// What the rule checks, in one line.
    pub description: &'static str,
    /// First collection year (year ending 31 March) the rule applies to, if limited.
    pub from_year: Option<i32>,
    /// Last collection year the rule applies to, if limited.
    pub until_year: Option<i32>,
    /// Where the rule's data comes from.
    pub scope: Scope,
}

impl RuleInfo {
    /// Whether the rule applies to a census ending in `collection_year`.
    pub fn applies_to(&self, collection_year: i32) -> bool {
        self.from_year.is_none_or(|y| collection_year >= y)
            && self.until_year.is_none_or(|y| collection_year <= y)
    }

    pub(crate) const fn new(
        id: &'static str,
        severity: Severity,
        field: &'static str,
        description: &'static str,
        scope: Scope,
    ) -> Self {
        RuleInfo {
            id,
            severity,
            field,
            description,
            from_year: None,
            until_year: None,
            scope,
        }
    }
}

/// A check on one child; issues go to the [`Out`].
pub(crate) type CheckFn = fn(&Child, &CinChildExtras, &CensusContext, &mut Out<'_>);

/// A rule evaluated on one child at a time.
pub struct ChildRule {
    /// What the rule is.
    pub info: RuleInfo,
    check: CheckFn,
}

impl ChildRule {
    pub(crate) const fn new(
        id: &'static str,
        severity: Severity,
        field: &'static str,
        description: &'static str,
        check: CheckFn,
    ) -> Self {
        ChildRule {
            info: RuleInfo::new(id, severity, field, description, Scope::Child),
            check,
        }
    }

    /// Limit the rule to collection years `from ..= until` (either end open).
    pub(crate) const fn years(mut self, from: Option<i32>, until: Option<i32>) -> Self {
        self.info.from_year = from;
        self.info.until_year = until;
        self
    }

    /// The rule id.
    pub fn id(&self) -> &'static str {
        self.info.id
    }

    /// Error or query.
    pub fn severity(&self) -> Severity {
        self.info.severity
    }

    /// One-line description.
    pub fn description(&self) -> &'static str {
        self.info.description
    }

    /// Check one child, appending any issues to `out`. Does not look at the rule's year
    /// range: [`crate::Validator`] and [`crate::validate_child`] only call rules that apply.
    /// Allocates nothing unless an issue is raised.
    pub fn check(
        &self,
        child: &Child,
        extras: &CinChildExtras,
        ctx: &CensusContext,
        out: &mut Vec<Issue>,
    ) {
        self.run(child, extras, ctx, out, None);
    }

    /// As [`ChildRule::check`], also noting in `restated` the positions (in `out`) of
    /// issues that only restate a value the reader could not parse (see [`Out::restated`]).
    pub(crate) fn run(
        &self,
        child: &Child,
        extras: &CinChildExtras,
        ctx: &CensusContext,
        out: &mut Vec<Issue>,
        restated: Option<&mut Vec<usize>>,
    ) {
        let mut o = Out {
            info: &self.info,
            child,
            issues: out,
            restated,
        };
        (self.check)(child, extras, ctx, &mut o);
    }
}

impl fmt::Debug for ChildRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChildRule")
            .field("info", &self.info)
            .finish()
    }
}

/// Where a rule reports. Builds the [`Issue`] (and its strings) only when called.
pub(crate) struct Out<'a> {
    info: &'a RuleInfo,
    child: &'a Child,
    issues: &'a mut Vec<Issue>,
    restated: Option<&'a mut Vec<usize>>,
}

impl Out<'_> {
    /// Report an issue on `field`; the message is prefixed with the rule id.
    pub(crate) fn emit(&mut self, field: &str, message: fmt::Arguments<'_>) {
        let mut text = String::with_capacity(112);
        let _ = write!(text, "{}: ", self.info.id);
        let _ = text.write_fmt(message);
        self.issues.push(Issue {
            rule: self.info.id.to_owned(),
            severity: self.info.severity,
            child_id: Some(self.child.la_child_id.as_str().to_owned()),
            field: field.to_owned(),
            message: text,
            line: self.child.source_line,
        });
    }

    /// As [`Out::emit`], for an issue that a reader problem on the same element would
    /// already report when the value was present but unparseable (a "missing" referral
    /// date that was really `2021-02-30`). The [`crate::Validator`] drops one such issue
    /// per matching reader problem, so the bad value is reported once.
    pub(crate) fn restated(&mut self, field: &str, message: fmt::Arguments<'_>) {
        let at = self.issues.len();
        self.emit(field, message);
        if let Some(r) = self.restated.as_deref_mut() {
            r.push(at);
        }
    }
}

/// `emit!(out, "Field", "format {}", args)`.
macro_rules! emit {
    ($out:expr, $field:expr, $($arg:tt)+) => {
        $out.emit($field, format_args!($($arg)+))
    };
}
pub(crate) use emit;

/// `restated!(out, "Field", "format {}", args)`: see [`Out::restated`].
macro_rules! restated {
    ($out:expr, $field:expr, $($arg:tt)+) => {
        $out.restated($field, format_args!($($arg)+))
    };
}
pub(crate) use restated;

/// A code or free value echoed in a message: at most 30 characters, control characters
/// escaped, so a hostile value cannot flood or forge report lines.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for (n, c) in self.0.chars().enumerate() {
            if n == 30 {
                f.write_char('…')?;
                break;
            }
            if c.is_control() {
                for e in c.escape_default() {
                    f.write_char(e)?;
                }
            } else {
                f.write_char(c)?;
            }
        }
        f.write_char('"')
    }
}
