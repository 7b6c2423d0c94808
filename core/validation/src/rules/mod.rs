//! The child-level rules, one module per group. Each module exposes `RULES`.

use crate::rule::ChildRule;

mod assessments;
mod characteristics;
mod cin_plans;
mod cp_plans;
mod cross;
mod episodes;
mod identifiers;
mod overlaps;
mod s47;

/// Every child-level rule, in rule-group order.
pub(crate) fn all() -> impl Iterator<Item = &'static ChildRule> {
    identifiers::RULES
        .iter()
        .chain(characteristics::RULES)
        .chain(episodes::RULES)
        .chain(assessments::RULES)
        .chain(s47::RULES)
        .chain(cp_plans::RULES)
        .chain(cin_plans::RULES)
        .chain(cross::RULES)
}

/// Names an episode in a message: "the episode referred on 2021-05-04" (or "an episode
/// with no referral date").
pub(crate) struct Ep<'a>(pub(crate) &'a assure_casedata::Episode);

impl std::fmt::Display for Ep<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.referral_date {
            Some(d) => write!(f, "the episode referred on {d}"),
            None => f.write_str("an episode with no referral date"),
        }
    }
}

/// Displays its contents with the first letter in capitals (for sentence starts).
pub(crate) struct Capital<T>(pub(crate) T);

impl<T: std::fmt::Display> std::fmt::Display for Capital<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Up<'a, 'b> {
            f: &'a mut std::fmt::Formatter<'b>,
            first: bool,
        }
        impl std::fmt::Write for Up<'_, '_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                if self.first && !s.is_empty() {
                    self.first = false;
                    let mut chars = s.chars();
                    let c = chars.next().unwrap_or_default();
                    for u in c.to_uppercase() {
                        self.f.write_char(u)?;
                    }
                    return self.f.write_str(chars.as_str());
                }
                self.f.write_str(s)
            }
        }
        use std::fmt::Write as _;
        write!(Up { f, first: true }, "{}", self.0)
    }
}
