//! Throw-away databases for tests, on every backend this machine offers.
//!
//! SQLite always; PostgreSQL when `ASSURE_TEST_POSTGRES_URL` names a server (CI sets it).
//! With `ASSURE_TEST_REQUIRE_POSTGRES=1` a missing PostgreSQL is a failure, not a skip,
//! so CI cannot pass by quietly testing one backend.

use crate::{DatabaseUrl, Store, StoreError};
use sqlx::Connection;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct ScratchDb {
    pub label: &'static str,
    pub url: DatabaseUrl,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl ScratchDb {
    pub async fn open(&self) -> Result<Store, StoreError> {
        Store::open(&self.url).await
    }

    /// Drops the PostgreSQL database (SQLite's folder goes when this is dropped).
    pub async fn finish(self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            if let Ok(mut conn) = sqlx::PgConnection::connect(admin_url).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        }
    }
}

pub fn sqlite() -> ScratchDb {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("assure.db");
    ScratchDb {
        label: "sqlite",
        url: DatabaseUrl::Sqlite(path),
        cleanup: Cleanup::Dir(dir),
    }
}

pub async fn postgres() -> Option<ScratchDb> {
    let required = std::env::var("ASSURE_TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
    let Ok(admin_url) = std::env::var("ASSURE_TEST_POSTGRES_URL") else {
        assert!(
            !required,
            "ASSURE_TEST_REQUIRE_POSTGRES=1 but ASSURE_TEST_POSTGRES_URL is not set"
        );
        return None;
    };
    let name = format!(
        "assure_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let mut conn = sqlx::PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at ASSURE_TEST_POSTGRES_URL: {e}"));
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .ok();
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut conn)
        .await
        .expect("create a scratch database");
    let base = admin_url.split('?').next().unwrap_or(&admin_url);
    let server = base.rsplit_once('/').map_or(base, |(server, _)| server);
    Some(ScratchDb {
        label: "postgres",
        url: DatabaseUrl::Postgres(format!("{server}/{name}")),
        cleanup: Cleanup::Postgres { admin_url, name },
    })
}

/// SQLite, and PostgreSQL when available.
pub async fn all() -> Vec<ScratchDb> {
    let mut dbs = vec![sqlite()];
    dbs.extend(postgres().await);
    dbs
}
