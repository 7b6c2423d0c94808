//! Storage for Assure on SQLite (the embedded default) and PostgreSQL (production).
//!
//! One code path: every query is written once, in SQL both engines accept, and expanded
//! for each pool by the `with_db!`/`with_tx!` macros. Migrations live per backend in
//! `migrations/`, and a test compares the resulting schemas so they cannot drift.
//! Dates are bound as `chrono` values and never computed in SQL.

mod accounts;
mod audit;
mod comparators;
mod connect;
mod datasets;
mod edits;
mod error;
mod oidc_accounts;
mod plan_edits;
mod plans_read;
mod plans_write;
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;

pub use accounts::{ApiTokenRow, NewUser, SessionRow, User};
pub use audit::{AuditEvent, AuditFilter, AuditRecord};
pub use comparators::{Comparator, NewComparator, COMPARATOR_UNITS};
pub use connect::{Backend, DatabaseUrl};
pub use datasets::{DatasetFindings, DatasetImport, DatasetIssue, DatasetSummary, NewDataset};
pub use edits::{ActionEdit, MeasureStatusEdit, StatusEdit};
pub use error::StoreError;
pub use plan_edits::{ActionFields, AreaFields, MilestoneFields, NewPerson, PlanFields};
pub use plans_read::PlanSummary;
pub use plans_write::ImportNote;

use sqlx::{PgPool, SqlitePool};

/// The two backends behind one store.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
}

/// Runs `$body` with `$pool` bound to whichever pool the store holds.
macro_rules! with_db {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside one write transaction and commits it. SQLite takes the write lock
/// up front (`BEGIN IMMEDIATE`), because a deferred transaction that reads and then
/// writes can fail with SQLITE_BUSY that the busy timeout cannot retry.
macro_rules! with_tx {
    ($store:expr, $tx:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

pub(crate) use with_db;
pub(crate) use with_tx;

impl Store {
    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub async fn close(&self) {
        with_db!(self, pool => pool.close().await)
    }
}
