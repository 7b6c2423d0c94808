//! Child-level datasets: written in one transaction while the file is read, so a file of a
//! million children is stored whole or not at all without being held in memory.

use crate::audit::{record_audit, AuditEvent};
use crate::{with_db, with_tx, Db, Store, StoreError};
use assure_casedata::Child;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Postgres, Sqlite, Transaction};

/// Rows per multi-row INSERT: well inside SQLite's limit of bound parameters.
const BATCH: usize = 500;

#[derive(Debug, Clone)]
pub struct NewDataset {
    pub name: String,
    /// `cin-xml`, `annex-a-xlsx` or `annex-a-csv`.
    pub source_format: String,
    pub file_name: String,
    pub file_sha256: String,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetIssue {
    pub rule: String,
    /// `error` or `query`.
    pub severity: String,
    pub child_id: Option<String>,
    pub field: String,
    pub message: String,
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DatasetSummary {
    pub id: i64,
    pub name: String,
    pub source_format: String,
    pub census_year: Option<i64>,
    pub extract_date: Option<NaiveDate>,
    pub file_name: String,
    pub file_sha256: String,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
    /// Counts by event type, as JSON (`{"children": 1000, "referrals": …}`).
    pub counts: String,
    pub errors: i64,
    pub queries: i64,
}

/// What reading the file found, stored when the import finishes.
#[derive(Debug, Clone)]
pub struct DatasetFindings<'a> {
    pub census_year: Option<i32>,
    pub extract_date: Option<NaiveDate>,
    /// Counts by event type, as JSON.
    pub counts_json: &'a str,
    pub errors: u64,
    pub queries: u64,
}

enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// An import in progress. Dropping it without `finish` rolls everything back.
pub struct DatasetImport {
    tx: Tx,
    dataset_id: i64,
    imported_by: String,
    file_name: String,
    pending: Vec<(String, String)>,
    pending_issues: Vec<DatasetIssue>,
    children: u64,
}

macro_rules! on_tx {
    ($tx:expr, $t:ident => $body:expr) => {
        match $tx {
            Tx::Sqlite($t) => $body,
            Tx::Postgres($t) => $body,
        }
    };
}

impl Store {
    /// Starts storing a dataset. A file already imported (same SHA-256) is refused, so a
    /// double upload cannot count children twice.
    pub async fn begin_dataset(&self, meta: &NewDataset) -> Result<DatasetImport, StoreError> {
        let existing: Option<(i64, String)> = with_db!(self, pool => {
            sqlx::query_as("SELECT id, name FROM datasets WHERE file_sha256 = $1")
                .bind(&meta.file_sha256)
                .fetch_optional(pool)
                .await?
        });
        if let Some((id, name)) = existing {
            return Err(StoreError::Invalid(format!(
                "this file was already imported as dataset {id} (\"{name}\"); delete that dataset first to import it again"
            )));
        }
        let mut tx = match &self.db {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        };
        let dataset_id: i64 = on_tx!(&mut tx, t => {
            sqlx::query_scalar(
                "INSERT INTO datasets (name, source_format, file_name, file_sha256,
                                       imported_by, imported_at, counts, errors, queries)
                 VALUES ($1, $2, $3, $4, $5, $6, '{}', 0, 0) RETURNING id",
            )
            .bind(&meta.name)
            .bind(&meta.source_format)
            .bind(&meta.file_name)
            .bind(&meta.file_sha256)
            .bind(&meta.imported_by)
            .bind(meta.imported_at)
            .fetch_one(&mut **t)
            .await?
        });
        Ok(DatasetImport {
            tx,
            dataset_id,
            imported_by: meta.imported_by.clone(),
            file_name: meta.file_name.clone(),
            pending: Vec::with_capacity(BATCH),
            pending_issues: Vec::new(),
            children: 0,
        })
    }

    pub async fn list_datasets(&self) -> Result<Vec<DatasetSummary>, StoreError> {
        Ok(with_db!(self, pool => {
            sqlx::query_as(
                "SELECT id, name, source_format, census_year, extract_date, file_name, file_sha256, imported_by,
                        imported_at, counts, errors, queries FROM datasets ORDER BY id",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    pub async fn dataset(&self, id: i64) -> Result<DatasetSummary, StoreError> {
        self.list_datasets()
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(StoreError::NotFound {
                what: "dataset",
                id,
            })
    }

    pub async fn delete_dataset(&self, id: i64, by: &str) -> Result<(), StoreError> {
        let n = with_tx!(self, tx => {
            let n = sqlx::query("DELETE FROM datasets WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                let event = AuditEvent { actor: by.to_string(), action: "dataset.delete".into(), object_type: "dataset".into(), object_id: Some(id.to_string()), ..AuditEvent::default() };
                record_audit!(&mut *tx, Utc::now(), event);
            }
            n
        });
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "dataset",
                id,
            });
        }
        Ok(())
    }

    /// Every child of a dataset, in import order.
    pub async fn dataset_children(&self, id: i64) -> Result<Vec<Child>, StoreError> {
        use futures_util::TryStreamExt;
        self.dataset(id).await?;
        // Rows are parsed as they arrive, so the JSON text of a million children is never
        // held all at once beside the children themselves.
        let parse = |json: &str| -> Result<Child, StoreError> {
            serde_json::from_str(json)
                .map_err(|e| StoreError::Invalid(format!("stored child is unreadable: {e}")))
        };
        let mut children = Vec::new();
        with_db!(self, pool => {
            let mut rows = sqlx::query_as::<_, (String,)>("SELECT events FROM dataset_children WHERE dataset_id = $1 ORDER BY id")
                .bind(id)
                .fetch(pool);
            while let Some((json,)) = rows.try_next().await? {
                children.push(parse(&json)?);
            }
        });
        Ok(children)
    }

    /// A dataset's validation issues, optionally filtered by rule and severity.
    pub async fn dataset_issues(
        &self,
        id: i64,
        rule: Option<&str>,
        severity: Option<&str>,
    ) -> Result<Vec<DatasetIssue>, StoreError> {
        let rows: Vec<(
            String,
            String,
            Option<String>,
            String,
            String,
            Option<String>,
        )> = with_db!(self, pool => {
            sqlx::query_as(
                "SELECT rule, severity, child_id, field, message, location FROM dataset_issues
                 WHERE dataset_id = $1 AND ($2 IS NULL OR rule = $2) AND ($3 IS NULL OR severity = $3) ORDER BY id",
            )
            .bind(id)
            .bind(rule)
            .bind(severity)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(rule, severity, child_id, field, message, location)| DatasetIssue {
                    rule,
                    severity,
                    child_id,
                    field,
                    message,
                    location,
                },
            )
            .collect())
    }
}

impl DatasetImport {
    pub fn id(&self) -> i64 {
        self.dataset_id
    }

    pub async fn add_child(&mut self, child: &Child) -> Result<(), StoreError> {
        let json = serde_json::to_string(child).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.pending
            .push((child.la_child_id.as_str().to_string(), json));
        self.children += 1;
        if self.pending.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut sql =
            String::from("INSERT INTO dataset_children (dataset_id, la_child_id, events) VALUES ");
        for i in 0..self.pending.len() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3));
        }
        let rows = std::mem::take(&mut self.pending);
        let id = self.dataset_id;
        on_tx!(&mut self.tx, t => {
            let mut q = sqlx::query(&sql);
            for (child, json) in &rows {
                q = q.bind(id).bind(child).bind(json);
            }
            q.execute(&mut **t).await?;
        });
        self.pending = rows;
        self.pending.clear();
        Ok(())
    }

    /// Stores what reading found (period, counts, issues) and commits. Returns the dataset's id.
    pub async fn finish(mut self, found: &DatasetFindings<'_>) -> Result<i64, StoreError> {
        self.flush().await?;
        self.flush_issues().await?;
        let (errors, queries) = (found.errors as i64, found.queries as i64);
        let id = self.dataset_id;
        on_tx!(&mut self.tx, t => {
            sqlx::query("UPDATE datasets SET counts = $1, errors = $2, queries = $3, census_year = $4, extract_date = $5 WHERE id = $6")
                .bind(found.counts_json)
                .bind(errors)
                .bind(queries)
                .bind(found.census_year.map(i64::from))
                .bind(found.extract_date)
                .bind(id)
                .execute(&mut **t)
                .await?;
        });
        let event = AuditEvent {
            actor: self.imported_by.clone(),
            action: "dataset.import".into(),
            object_type: "dataset".into(),
            object_id: Some(id.to_string()),
            after: Some(format!(
                "{} children from {}; {errors} errors, {queries} queries",
                self.children, self.file_name
            )),
            ..AuditEvent::default()
        };
        on_tx!(&mut self.tx, t => {
            record_audit!(&mut **t, Utc::now(), event);
        });
        match self.tx {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(id)
    }

    /// Adds a validation issue, written in batches inside the same transaction.
    pub async fn add_issue(&mut self, issue: DatasetIssue) -> Result<(), StoreError> {
        self.pending_issues.push(issue);
        if self.pending_issues.len() >= BATCH / 2 {
            self.flush_issues().await?;
        }
        Ok(())
    }

    async fn flush_issues(&mut self) -> Result<(), StoreError> {
        if self.pending_issues.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.pending_issues);
        let mut sql = String::from("INSERT INTO dataset_issues (dataset_id, rule, severity, child_id, field, message, location) VALUES ");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            let b = 7 * i;
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7
            ));
        }
        let id = self.dataset_id;
        on_tx!(&mut self.tx, t => {
            let mut q = sqlx::query(&sql);
            for issue in &chunk {
                q = q.bind(id).bind(&issue.rule).bind(&issue.severity).bind(&issue.child_id).bind(&issue.field).bind(&issue.message).bind(&issue.location);
            }
            q.execute(&mut **t).await?;
        });
        Ok(())
    }

    pub fn children_added(&self) -> u64 {
        self.children
    }
}
