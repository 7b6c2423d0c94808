//! Event counts over a set of children.

use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::Child;

/// How many events of each kind a set of children holds (for import summaries and
/// reconciliation with the source).
///
/// * `referrals` counts episodes (one per referral / `CINdetails`).
/// * `icpcs` counts *dated* ICPCs: S47s with an ICPC date plus episodes with an
///   episode-level (transfer-in) ICPC date. A target date alone is not an ICPC.
///
/// Counts can be built in one go ([`EventCounts::from_children`]) or incrementally while
/// streaming ([`EventCounts::add_child`], `+=`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventCounts {
    /// Children.
    pub children: u64,
    /// Contacts.
    pub contacts: u64,
    /// Early help episodes.
    pub early_help: u64,
    /// Referrals (episodes).
    pub referrals: u64,
    /// Assessments.
    pub assessments: u64,
    /// Section 47 enquiries.
    pub s47: u64,
    /// Dated ICPCs (S47-level plus episode-level).
    pub icpcs: u64,
    /// Child protection plans.
    pub cp_plans: u64,
    /// Child in need plans.
    pub cin_plans: u64,
}

impl EventCounts {
    /// Counts over a slice of children.
    pub fn from_children(children: &[Child]) -> Self {
        let mut counts = EventCounts::default();
        for child in children {
            counts.add_child(child);
        }
        counts
    }

    /// Add one child and its events.
    pub fn add_child(&mut self, child: &Child) {
        self.children += 1;
        self.contacts += child.contacts.len() as u64;
        self.early_help += child.early_help.len() as u64;
        self.referrals += child.episodes.len() as u64;
        for ep in &child.episodes {
            self.assessments += ep.assessments.len() as u64;
            self.s47 += ep.s47s.len() as u64;
            self.icpcs += ep.icpc_count() as u64;
            self.cp_plans += ep.cp_plans.len() as u64;
            self.cin_plans += ep.cin_plans.len() as u64;
        }
    }
}

impl AddAssign for EventCounts {
    fn add_assign(&mut self, o: Self) {
        self.children += o.children;
        self.contacts += o.contacts;
        self.early_help += o.early_help;
        self.referrals += o.referrals;
        self.assessments += o.assessments;
        self.s47 += o.s47;
        self.icpcs += o.icpcs;
        self.cp_plans += o.cp_plans;
        self.cin_plans += o.cin_plans;
    }
}

impl Add for EventCounts {
    type Output = EventCounts;
    fn add(mut self, o: Self) -> Self {
        self += o;
        self
    }
}

impl<'a> FromIterator<&'a Child> for EventCounts {
    fn from_iter<I: IntoIterator<Item = &'a Child>>(iter: I) -> Self {
        let mut counts = EventCounts::default();
        for c in iter {
            counts.add_child(c);
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::{Assessment, ChildId, CinPlan, Contact, CpPlan, EarlyHelpEpisode, Episode, S47};

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn sample() -> Vec<Child> {
        let mut a = Child::new(ChildId::parse("A1").unwrap());
        a.contacts = vec![Contact::default(), Contact::default()];
        a.early_help = vec![EarlyHelpEpisode::default()];
        a.episodes = vec![
            Episode {
                referral_date: d(2024, 4, 2),
                assessments: vec![Assessment::default(), Assessment::default()],
                s47s: vec![
                    S47 {
                        start: d(2024, 4, 3),
                        icpc_target: d(2024, 4, 24),
                        icpc_date: d(2024, 4, 22),
                        ..S47::default()
                    },
                    // Target only, no conference held: not an ICPC.
                    S47 {
                        start: d(2024, 6, 3),
                        icpc_target: d(2024, 6, 24),
                        icpc_not_required: Some(true),
                        ..S47::default()
                    },
                ],
                cp_plans: vec![CpPlan {
                    start: d(2024, 4, 22),
                    ..CpPlan::default()
                }],
                ..Episode::default()
            },
            // Transfer-in: episode-level ICPC, no S47.
            Episode {
                referral_date: d(2025, 1, 6),
                episode_icpc_date: d(2025, 1, 20),
                cin_plans: vec![CinPlan::default()],
                ..Episode::default()
            },
        ];
        let b = Child::new(ChildId::parse("B2").unwrap());
        vec![a, b]
    }

    #[test]
    fn counts_from_slice() {
        let c = EventCounts::from_children(&sample());
        assert_eq!(
            c,
            EventCounts {
                children: 2,
                contacts: 2,
                early_help: 1,
                referrals: 2,
                assessments: 2,
                s47: 2,
                icpcs: 2,
                cp_plans: 1,
                cin_plans: 1,
            }
        );
    }

    #[test]
    fn incremental_equals_batch() {
        let kids = sample();
        let mut inc = EventCounts::default();
        for k in &kids {
            inc += EventCounts::from_children(std::slice::from_ref(k));
        }
        assert_eq!(inc, EventCounts::from_children(&kids));
        assert_eq!(inc, kids.iter().collect::<EventCounts>());
        assert_eq!(EventCounts::from_children(&[]), EventCounts::default());
    }
}
