//! Rules that need the whole return: duplicate IDs and UPNs, and return-level counts.

use std::collections::HashMap;

use assure_casedata::{Child, ChildId, CinChildExtras, Sex};

use crate::codes;
use crate::rule::{RuleInfo, Scope};
use crate::{CensusContext, Issue, Severity::*};

/// The whole-return rules, for listing. 8510 and 1520 are reported against the child
/// found second (naming the first); the others once, for the whole return.
pub const FILE_RULES: &[RuleInfo] = &[
    RuleInfo::new(
        "8510",
        Error,
        "LAchildID",
        "Duplicate LA child ID",
        Scope::File,
    ),
    RuleInfo::new(
        "1520",
        Error,
        "UPN",
        "Same UPN on more than one child",
        Scope::File,
    ),
    RuleInfo::new(
        "2883",
        Error,
        "CPPstartDate",
        "More CP plans start in the census year than ICPCs are held in it",
        Scope::File,
    ),
    RuleInfo::new(
        "2886Q",
        Query,
        "Sex",
        "More than 2% of children (not unborn) with no sex / gender recorded",
        Scope::File,
    ),
    RuleInfo::new(
        "2887Q",
        Query,
        "Disability",
        "Fewer than 8 different disability codes used in the return",
        Scope::File,
    ),
    RuleInfo::new(
        "2888Q",
        Query,
        "Disability",
        "No child has more than one disability recorded",
        Scope::File,
    ),
];

/// Streaming accumulator for the whole-return rules. Feed every child once, in file
/// order, then call [`FileRules::finish`]. Memory: one entry per distinct child ID and
/// per distinct UPN fingerprint; everything else is counters.
#[derive(Debug, Default)]
pub struct FileRules {
    /// Child ID → line of its first record.
    ids: HashMap<ChildId, Option<u64>>,
    /// UPN fingerprint → first child with it.
    upns: HashMap<u64, (ChildId, Option<u64>)>,
    children: u64,
    no_sex_not_unborn: u64,
    disability_codes: u16,
    disabled_children: u64,
    multi_disability_children: u64,
    cpp_starts_in_period: u64,
    icpcs_in_period: u64,
}

fn file_issue(info: &RuleInfo, child: Option<&Child>, message: String) -> Issue {
    Issue {
        rule: info.id.to_owned(),
        severity: info.severity,
        child_id: child.map(|c| c.la_child_id.as_str().to_owned()),
        field: info.field.to_owned(),
        message,
        line: child.and_then(|c| c.source_line),
    }
}

fn at_line(line: Option<u64>) -> String {
    line.map(|l| format!(" (line {l})")).unwrap_or_default()
}

impl FileRules {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one child. Duplicate-ID (8510) and duplicate-UPN (1520) issues are appended to
    /// `out` straight away, against this child.
    pub fn feed(
        &mut self,
        child: &Child,
        extras: &CinChildExtras,
        ctx: &CensusContext,
        out: &mut Vec<Issue>,
    ) {
        self.children += 1;

        // 8510: duplicate LA child ID.
        if let Some(first) = self.ids.get(child.la_child_id.as_str()) {
            out.push(file_issue(
                &FILE_RULES[0],
                Some(child),
                format!(
                    "8510: The LA child ID {} is used by more than one child record; it first appears earlier in the file{}.",
                    child.la_child_id,
                    at_line(*first)
                ),
            ));
        } else {
            self.ids
                .insert(child.la_child_id.clone(), child.source_line);
        }

        // 1520: duplicate UPN (by keyed fingerprint; the UPN itself is never seen).
        if let Some(upn) = &extras.upn {
            match self.upns.get(&upn.fingerprint) {
                Some((first, line)) if *first != child.la_child_id => out.push(file_issue(
                    &FILE_RULES[1],
                    Some(child),
                    format!(
                        "1520: This child's UPN is the same as the UPN of child {first}{}.",
                        at_line(*line)
                    ),
                )),
                Some(_) => {}
                None => {
                    self.upns.insert(
                        upn.fingerprint,
                        (child.la_child_id.clone(), child.source_line),
                    );
                }
            }
        }

        // 2886Q counts.
        if matches!(child.sex, Sex::NotRecorded | Sex::Unknown)
            && child.expected_birth_date.is_none()
        {
            self.no_sex_not_unborn += 1;
        }

        // 2887Q / 2888Q counts.
        let mut n = 0;
        for d in &child.disabilities {
            if let Some(i) = codes::disability_index(d) {
                self.disability_codes |= 1 << i;
            }
            if d != "NONE" {
                n += 1;
            }
        }
        if n > 0 {
            self.disabled_children += 1;
        }
        if n > 1 {
            self.multi_disability_children += 1;
        }

        // 2883 counts.
        for e in &child.episodes {
            self.cpp_starts_in_period += e
                .cp_plans
                .iter()
                .filter(|p| p.start.is_some_and(|s| ctx.in_period(s)))
                .count() as u64;
            self.icpcs_in_period += e
                .s47s
                .iter()
                .filter_map(|s| s.icpc_date)
                .chain(e.episode_icpc_date)
                .filter(|d| ctx.in_period(*d))
                .count() as u64;
        }
    }

    /// The return-level issues (2883, 2886Q, 2887Q, 2888Q), appended to `out`.
    pub fn finish(&self, out: &mut Vec<Issue>) {
        if self.cpp_starts_in_period > self.icpcs_in_period {
            out.push(file_issue(
                &FILE_RULES[2],
                None,
                format!(
                    "2883: {} child protection plans start in the census year but only {} initial child protection conferences are recorded in it.",
                    self.cpp_starts_in_period, self.icpcs_in_period
                ),
            ));
        }
        if self.children > 0 && self.no_sex_not_unborn * 50 > self.children {
            out.push(file_issue(
                &FILE_RULES[3],
                None,
                format!(
                    "2886Q: {} of {} children ({:.1}%) have no sex or gender recorded and are not unborn; more than 2% should be checked.",
                    self.no_sex_not_unborn,
                    self.children,
                    self.no_sex_not_unborn as f64 * 100.0 / self.children as f64
                ),
            ));
        }
        if self.children > 0 {
            let used = self.disability_codes.count_ones();
            if used < 8 {
                out.push(file_issue(
                    &FILE_RULES[4],
                    None,
                    format!(
                        "2887Q: Only {used} different disability codes (other than NONE) are used in the return; at least 8 are expected."
                    ),
                ));
            }
        }
        if self.disabled_children > 0 && self.multi_disability_children == 0 {
            out.push(file_issue(
                &FILE_RULES[5],
                None,
                format!(
                    "2888Q: None of the {} children with a disability has more than one disability recorded; record all of a child's disabilities.",
                    self.disabled_children
                ),
            ));
        }
    }
}
