//! Editing from the command line, with the same version checks as every other edit.

use crate::cli::{ActionCommand, MilestoneCommand};
use anyhow::{bail, Result};
use assure_plan::Status;
use assure_store::{ActionEdit, StatusEdit, Store};

pub async fn action(store: &Store, cmd: ActionCommand) -> Result<()> {
    match cmd {
        ActionCommand::Status {
            action_id,
            to,
            reason,
            by,
            expected_version,
        } => {
            let to: Status = to.parse()?;
            let expected_version = match expected_version {
                Some(v) => v,
                None => current_version(store, action_id).await?,
            };
            let by = super::who(by);
            let edit = StatusEdit {
                action_id,
                expected_version,
                to,
                by: &by,
                reason: &reason,
                at: chrono::Utc::now(),
            };
            let version = store.change_status(&edit).await?;
            println!("Action {action_id} is now {to} (version {version}).");
        }
        ActionCommand::Evaluate {
            action_id,
            text,
            date,
            expected_version,
        } => {
            let expected_version = match expected_version {
                Some(v) => v,
                None => current_version(store, action_id).await?,
            };
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            let version = store
                .add_evaluation(&ActionEdit {
                    by: &super::who(None),
                    action_id,
                    expected_version,
                    date,
                    text: &text,
                })
                .await?;
            println!("Evaluation added to action {action_id} (version {version}).");
        }
    }
    Ok(())
}

pub async fn milestone(store: &Store, cmd: MilestoneCommand) -> Result<()> {
    let MilestoneCommand::Complete {
        milestone_id,
        undo,
        expected_version,
    } = cmd;
    let expected_version = match expected_version {
        Some(v) => v,
        None => store.milestone_version(milestone_id).await?,
    };
    let version = store
        .set_milestone_completed(milestone_id, expected_version, !undo, &super::who(None))
        .await?;
    println!(
        "Milestone {milestone_id} is {} (version {version}).",
        if undo { "not completed" } else { "completed" }
    );
    Ok(())
}

async fn current_version(store: &Store, action_id: i64) -> Result<i64> {
    let plan_id = store.plan_of_action(action_id).await?;
    let plan = store.load_plan(plan_id).await?;
    let version = plan
        .actions()
        .find(|(_, a)| a.id == Some(action_id))
        .and_then(|(_, a)| a.version);
    match version {
        Some(v) => Ok(v),
        None => bail!("action {action_id} does not exist"),
    }
}
