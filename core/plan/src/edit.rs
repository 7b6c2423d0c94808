//! Edits to a plan that carry rules: a status change needs a reason and is kept in history.

use crate::plan::{Action, Evaluation, StatusChange};
use crate::status::Status;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("a reason is required to change a status")]
    ReasonRequired,
    #[error("the status is already {0}")]
    Unchanged(Status),
    #[error("the name of who made the change is required")]
    AuthorRequired,
    #[error("an evaluation entry needs some text")]
    EmptyEvaluation,
}

/// Builds the history entry for moving `action` to `to`. Pure: the caller stores it.
pub fn status_change(
    action: &Action,
    to: Status,
    by: &str,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<StatusChange, EditError> {
    status_change_from(action.status, to, by, at, reason)
}

/// The same rules when only the current status is at hand (as in a database transaction).
pub fn status_change_from(
    from: Status,
    to: Status,
    by: &str,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<StatusChange, EditError> {
    if by.trim().is_empty() {
        return Err(EditError::AuthorRequired);
    }
    if reason.trim().is_empty() {
        return Err(EditError::ReasonRequired);
    }
    if from == to {
        return Err(EditError::Unchanged(to));
    }
    Ok(StatusChange {
        at,
        by: by.trim().to_string(),
        from,
        to,
        reason: reason.trim().to_string(),
    })
}

/// Applies a status change to an action in memory, recording it in history.
pub fn change_status(
    action: &mut Action,
    to: Status,
    by: &str,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<(), EditError> {
    let change = status_change(action, to, by, at, reason)?;
    action.status = to;
    action.history.push(change);
    Ok(())
}

/// A new dated evaluation entry.
pub fn evaluation(date: NaiveDate, text: &str) -> Result<Evaluation, EditError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(EditError::EmptyEvaluation);
    }
    Ok(Evaluation {
        id: None,
        date: Some(date),
        text: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action() -> Action {
        Action {
            id: None,
            version: None,
            number: Some("3".into()),
            text: "Business case".into(),
            status: Status::Amber,
            leads: vec![],
            due: None,
            milestones: vec![],
            evaluations: vec![],
            history: vec![],
        }
    }

    fn now() -> DateTime<Utc> {
        "2010-11-20T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_status_change_is_recorded_with_who_when_from_to_and_why() {
        let mut a = action();
        change_status(&mut a, Status::Green, "RH", now(), "Posts agreed").unwrap();
        assert_eq!(a.status, Status::Green);
        assert_eq!(
            a.history,
            vec![StatusChange {
                at: now(),
                by: "RH".into(),
                from: Status::Amber,
                to: Status::Green,
                reason: "Posts agreed".into()
            }]
        );
    }

    #[test]
    fn a_status_change_without_a_reason_is_refused_and_changes_nothing() {
        let mut a = action();
        assert_eq!(
            change_status(&mut a, Status::Red, "RH", now(), "   "),
            Err(EditError::ReasonRequired)
        );
        assert_eq!(a.status, Status::Amber);
        assert!(a.history.is_empty());
    }

    #[test]
    fn a_change_to_the_same_status_or_without_an_author_is_refused() {
        let mut a = action();
        assert_eq!(
            change_status(&mut a, Status::Amber, "RH", now(), "x"),
            Err(EditError::Unchanged(Status::Amber))
        );
        assert_eq!(
            change_status(&mut a, Status::Red, " ", now(), "x"),
            Err(EditError::AuthorRequired)
        );
    }

    #[test]
    fn evaluations_need_text() {
        let d = NaiveDate::from_ymd_opt(2010, 11, 1).unwrap();
        assert_eq!(evaluation(d, "  "), Err(EditError::EmptyEvaluation));
        assert_eq!(evaluation(d, " Done ").unwrap().text, "Done");
    }
}
