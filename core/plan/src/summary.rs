//! Counts of actions by status, and overdue, for Table 1 and the board paper's summary.

use crate::plan::{Action, Area, Plan};
use crate::status::Status;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub blue: usize,
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    pub not_rated: usize,
    /// Actions that are overdue or have an overdue milestone (see `Action::is_overdue`).
    pub overdue: usize,
    pub total: usize,
}

impl StatusCounts {
    pub fn of_actions<'a>(actions: impl IntoIterator<Item = &'a Action>, today: NaiveDate) -> Self {
        let mut c = StatusCounts::default();
        for a in actions {
            c.add(a.status);
            if a.is_overdue(today) {
                c.overdue += 1;
            }
        }
        c
    }

    pub fn of_area(area: &Area, today: NaiveDate) -> Self {
        Self::of_actions(&area.actions, today)
    }

    pub fn of_plan(plan: &Plan, today: NaiveDate) -> Self {
        Self::of_actions(plan.actions().map(|(_, a)| a), today)
    }

    fn add(&mut self, status: Status) {
        self.total += 1;
        match status {
            Status::Blue => self.blue += 1,
            Status::Green => self.green += 1,
            Status::Amber => self.amber += 1,
            Status::Red => self.red += 1,
            Status::NotRated => self.not_rated += 1,
        }
    }

    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Blue => self.blue,
            Status::Green => self.green,
            Status::Amber => self.amber,
            Status::Red => self.red,
            Status::NotRated => self.not_rated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Milestone;

    fn action(status: Status, due: Option<&str>) -> Action {
        Action {
            id: None,
            version: None,
            number: None,
            text: "x".into(),
            status,
            leads: vec![],
            due: due.map(|d| d.parse().unwrap()),
            milestones: vec![],
            evaluations: vec![],
            history: vec![],
        }
    }

    #[test]
    fn counts_each_status_and_overdue() {
        let today: NaiveDate = "2011-01-02".parse().unwrap();
        let mut late_milestone = action(Status::Green, None);
        late_milestone.milestones.push(Milestone {
            id: None,
            version: None,
            text: "m".into(),
            due: Some("2010-12-01".parse().unwrap()),
            completed: false,
        });
        let actions = [
            action(Status::Blue, Some("2010-01-01")),
            action(Status::Green, None),
            late_milestone,
            action(Status::Amber, Some("2011-01-01")),
            action(Status::Red, Some("2011-02-01")),
            action(Status::NotRated, None),
        ];
        let c = StatusCounts::of_actions(&actions, today);
        assert_eq!(
            c,
            StatusCounts {
                blue: 1,
                green: 2,
                amber: 1,
                red: 1,
                not_rated: 1,
                overdue: 2,
                total: 6
            }
        );
        assert_eq!(c.count(Status::Green), 2);
    }
}
