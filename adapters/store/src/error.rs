#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: i64 },
    /// The row changed since the caller read it: nothing was written.
    #[error("{what} {id} was changed by someone else (you had version {expected}, it is now version {current}); nothing was saved")]
    Conflict {
        what: &'static str,
        id: i64,
        expected: i64,
        current: i64,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("database set-up: {0}")]
    Setup(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
