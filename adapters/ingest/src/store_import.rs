//! Reading a file straight into the store: one transaction, children and issues streamed
//! from a blocking reader thread to the writer, nothing kept if the file proves unusable.

use crate::{detect, file_sha256, ingest, IngestError, Issue, Options, Outcome};
use assure_casedata::Child;
use assure_store::{DatasetFindings, DatasetIssue, NewDataset, Store, StoreError};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub name: Option<String>,
    pub year: Option<i32>,
    /// Store the data even if validation finds errors (they are stored with it).
    pub allow_errors: bool,
    pub by: String,
    /// The file name to record, when the path is a temporary upload.
    pub original_name: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Unreadable(#[from] IngestError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Validation found errors and the caller did not allow them: nothing was stored.
    #[error("{file} has {errors} validation errors; nothing was stored. Fix the file, or store it anyway allowing errors")]
    HasErrors {
        file: String,
        errors: u64,
        outcome: Box<Outcome>,
    },
}

/// What the reader thread sends the writer.
enum Item {
    Child(Box<Child>),
    Issue(DatasetIssue),
}

/// Validates and stores `path` as a dataset. Returns its id and what reading found.
pub async fn import_into_store(
    store: &Store,
    path: &Path,
    request: &ImportRequest,
    options: Options,
    mut progress: impl FnMut(u64),
) -> Result<(i64, Outcome), ImportError> {
    let sha256 = file_sha256(path)?;
    let file_name = request.original_name.clone().unwrap_or_else(|| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let format = detect(path)?;
    let meta = NewDataset {
        name: request
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| file_name.clone()),
        source_format: format.slug().to_string(),
        file_name,
        file_sha256: sha256,
        imported_by: request.by.clone(),
        imported_at: chrono::Utc::now(),
    };
    let mut import = store.begin_dataset(&meta).await?;
    // A bounded channel: the reader waits for the writer, so memory stays flat.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Item>(1024);
    let issues_tx = tx.clone();
    let owned = path.to_path_buf();
    let reader = tokio::task::spawn_blocking(move || {
        let stopped = |_| "the import was stopped".to_string();
        ingest(
            &owned,
            &options,
            &mut |child: &Child| {
                tx.blocking_send(Item::Child(Box::new(child.clone())))
                    .map_err(stopped)
            },
            &mut |i: &Issue| {
                issues_tx
                    .blocking_send(Item::Issue(stored(i)))
                    .map_err(stopped)
            },
        )
    });
    while let Some(item) = rx.recv().await {
        match item {
            Item::Child(child) => {
                import.add_child(&child).await?;
                progress(import.children_added());
            }
            Item::Issue(issue) => import.add_issue(issue).await?,
        }
    }
    let mut outcome = reader
        .await
        .map_err(|e| IngestError(format!("the reader stopped: {e}")))??;
    outcome.file_name = meta.file_name.clone();
    if outcome.errors > 0 && !request.allow_errors {
        drop(import);
        return Err(ImportError::HasErrors {
            file: outcome.file_name.clone(),
            errors: outcome.errors,
            outcome: Box::new(outcome),
        });
    }
    let counts_json =
        serde_json::to_string(&outcome.counts).map_err(|e| IngestError(e.to_string()))?;
    let id = import
        .finish(&DatasetFindings {
            census_year: outcome.census_year,
            extract_date: outcome.extract_date,
            counts_json: &counts_json,
            errors: outcome.errors,
            queries: outcome.queries,
        })
        .await?;
    Ok((id, outcome))
}

fn stored(i: &Issue) -> DatasetIssue {
    DatasetIssue {
        rule: i.rule.clone(),
        severity: i.severity.to_string(),
        child_id: i.child_id.clone(),
        field: i.field.clone(),
        message: i.message.clone(),
        location: i.location.clone(),
    }
}
