//! Opening a database: URL parsing, SQLite durability settings (asserted, not assumed), migrations.

use crate::{with_db, Db, Store, StoreError};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed `--database-url`: `sqlite:PATH` or `postgres://…`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for DatabaseUrl {
    // A PostgreSQL URL may hold a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseUrl::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
            DatabaseUrl::Postgres(_) => f.write_str("postgres://[redacted]"),
        }
    }
}

impl FromStr for DatabaseUrl {
    type Err = StoreError;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or(path);
            if path.is_empty() || path == ":memory:" {
                return Err(StoreError::Setup(
                    "a SQLite URL needs a file path, e.g. sqlite:data/assure.db".into(),
                ));
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_string()))
        } else {
            Err(StoreError::Setup(format!(
                "database URL must start with sqlite: or postgres:// (got \"{}\")",
                url.split(':').next().unwrap_or("")
            )))
        }
    }
}

/// Opens (creating if needed) and migrates the database.
pub async fn open(url: &DatabaseUrl) -> Result<Store, StoreError> {
    let store = match url {
        DatabaseUrl::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Setup(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await?;
            Store {
                db: Db::Sqlite(pool),
            }
        }
        DatabaseUrl::Postgres(url) => {
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Store {
                db: Db::Postgres(pool),
            }
        }
    };
    store.assert_settings().await?;
    store.migrate().await?;
    Ok(store)
}

impl Store {
    pub async fn open(url: &DatabaseUrl) -> Result<Store, StoreError> {
        open(url).await
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Refuses to run on a SQLite connection without the durability settings we rely on.
    pub async fn assert_settings(&self) -> Result<(), StoreError> {
        let Db::Sqlite(pool) = &self.db else {
            return Ok(());
        };
        let mut conn = pool.acquire().await?;
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await?;
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await?;
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await?;
        let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&mut *conn)
            .await?;
        let checks = [
            (
                journal.eq_ignore_ascii_case("wal"),
                format!("journal_mode is {journal}, not wal"),
            ),
            (
                synchronous == 2,
                format!("synchronous is {synchronous}, not 2 (FULL)"),
            ),
            (foreign_keys == 1, "foreign_keys is off".to_string()),
            (
                busy >= 5000,
                format!("busy_timeout is {busy} ms, under 5000"),
            ),
        ];
        for (ok, problem) in checks {
            if !ok {
                return Err(StoreError::Setup(format!(
                    "SQLite setting refused: {problem}"
                )));
            }
        }
        Ok(())
    }

    /// Whether the database holds any plan yet (the demo seeds only an empty one).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let n: i64 = with_db!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM plans").fetch_one(pool).await?);
        Ok(n == 0)
    }
}
