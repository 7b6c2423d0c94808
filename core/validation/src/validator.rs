//! Streaming validation of a whole return.

use assure_casedata::{Child, CinChildExtras, FieldProblem, NaiveDate};

use crate::issue::Tally;
use crate::rule::ChildRule;
use crate::{
    header_issues, problem_issue, problem_rule, rules, CensusContext, FileRules, Issue, Report,
};

/// Every child-level rule that applies to `ctx`'s collection year, run on one child.
/// (Whole-return rules such as duplicate IDs need a [`Validator`].)
pub fn validate_child(child: &Child, extras: &CinChildExtras, ctx: &CensusContext) -> Vec<Issue> {
    let mut out = Vec::new();
    for r in rules::all().filter(|r| r.info.applies_to(ctx.collection_year())) {
        r.check(child, extras, ctx, &mut out);
    }
    out
}

/// Every child-level rule in the registry, whatever the year (see
/// [`crate::RuleInfo::applies_to`]).
pub fn child_rules() -> impl Iterator<Item = &'static ChildRule> {
    rules::all()
}

/// Validates a return one child at a time.
///
/// ```
/// use assure_validation::{CensusContext, Validator};
/// use assure_casedata::{Child, ChildId, CinChildExtras};
///
/// let ctx = CensusContext::for_year(2025).unwrap();
/// let mut v = Validator::new(ctx);
/// let child = Child::new(ChildId::parse("A1").unwrap());
/// v.feed(Some(&child), &CinChildExtras::default(), &[]);
/// let report = v.finish();
/// assert!(report.counts_by_rule.contains_key("8590")); // no CIN episode
/// ```
///
/// Memory: the issues found so far (drain them with [`Validator::drain_issues`] to
/// stream), one entry per distinct child ID and UPN, and counters.
#[derive(Debug)]
pub struct Validator {
    ctx: CensusContext,
    active: Vec<&'static ChildRule>,
    file: FileRules,
    issues: Vec<Issue>,
    scratch: Vec<Issue>,
    /// (rule, element, count) of this child's reader problems under a DfE rule.
    covered: Vec<(&'static str, &'static str, u32)>,
    /// Positions in `scratch` of issues that restate an unparseable value.
    restated: Vec<usize>,
    tally: Tally,
    children: u64,
}

impl Validator {
    /// A validator for one return.
    pub fn new(ctx: CensusContext) -> Self {
        let year = ctx.collection_year();
        Validator {
            active: rules::all().filter(|r| r.info.applies_to(year)).collect(),
            ctx,
            file: FileRules::new(),
            issues: Vec::new(),
            scratch: Vec::new(),
            covered: Vec::new(),
            restated: Vec::new(),
            tally: Tally::default(),
            children: 0,
        }
    }

    /// The census being validated against.
    pub fn context(&self) -> &CensusContext {
        &self.ctx
    }

    /// Check the header (rule 100) and add the reader's file-level problems (header
    /// values, stray text outside children).
    pub fn feed_header(
        &mut self,
        year: Option<i32>,
        reference_date: Option<NaiveDate>,
        file_problems: &[FieldProblem],
    ) {
        let mut dfe_100 = false;
        for p in file_problems {
            let issue = problem_issue(p, &self.ctx);
            dfe_100 |= issue.rule == "100";
            self.push(issue);
        }
        if !dfe_100 || reference_date.is_some() {
            for i in header_issues(year, reference_date) {
                self.push(i);
            }
        }
    }

    /// Validate one child record: the child (when it has a usable ID), the CIN extras and
    /// the reader's problems for it.
    ///
    /// A value the reader could not parse is reported once: the reader problem becomes an
    /// issue under the DfE rule that covers it (an impossible `CINreferralDate` is 8600),
    /// and one of that rule's "missing" issues on the same element, which only restates
    /// it, is dropped for this child.
    pub fn feed(
        &mut self,
        child: Option<&Child>,
        extras: &CinChildExtras,
        problems: &[FieldProblem],
    ) {
        self.children += 1;
        self.covered.clear();
        for p in problems {
            let (rule, _) = problem_rule(p, self.ctx.collection_year());
            if rule != "format" && rule != "structure" {
                match self
                    .covered
                    .iter_mut()
                    .find(|(r, f, _)| *r == rule && *f == p.element)
                {
                    Some((_, _, n)) => *n += 1,
                    None => self.covered.push((rule, p.element, 1)),
                }
            }
            let issue = problem_issue(p, &self.ctx);
            self.push(issue);
        }
        let Some(child) = child else { return };
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut restated = std::mem::take(&mut self.restated);
        restated.clear();
        for r in &self.active {
            r.run(child, extras, &self.ctx, &mut scratch, Some(&mut restated));
        }
        self.file.feed(child, extras, &self.ctx, &mut scratch);
        for (at, issue) in scratch.drain(..).enumerate() {
            if !self.covered.is_empty() && restated.contains(&at) {
                if let Some((_, _, n)) = self
                    .covered
                    .iter_mut()
                    .find(|(r, f, n)| *n > 0 && *r == issue.rule && *f == issue.field)
                {
                    *n -= 1;
                    continue;
                }
            }
            self.push(issue);
        }
        self.scratch = scratch;
        self.restated = restated;
    }

    /// Validate one child that has no reader problems (e.g. from a non-XML source).
    pub fn feed_child(&mut self, child: &Child, extras: &CinChildExtras) {
        self.feed(Some(child), extras, &[]);
    }

    /// Take the issues found so far (counts are kept), for streaming them out.
    pub fn drain_issues(&mut self) -> std::vec::Drain<'_, Issue> {
        self.issues.drain(..)
    }

    /// Add whole-return issues and return the report.
    pub fn finish(mut self) -> Report {
        let mut tail = Vec::new();
        self.file.finish(&mut tail);
        for i in tail {
            self.push(i);
        }
        Report {
            issues: self.issues,
            counts_by_rule: self.tally.counts_by_rule,
            errors: self.tally.errors,
            queries: self.tally.queries,
            children: self.children,
        }
    }

    fn push(&mut self, issue: Issue) {
        self.tally.add(&issue);
        self.issues.push(issue);
    }
}
