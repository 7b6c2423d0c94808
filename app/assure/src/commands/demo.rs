//! The demo: the 2010 Brighton and Hove plan, loaded into an empty database.

use anyhow::Result;
use assure_planfiles::{read_plan, PlanFormat};
use assure_store::{ImportNote, Store};
use std::net::SocketAddr;

/// The seed plan, transcribed in demo/brighton-hove-2010.toml (see demo/TRANSCRIPTION.md).
pub const SEED_PLAN: &str = include_str!("../../../../demo/brighton-hove-2010.toml");

pub async fn run(store: &Store, addr: SocketAddr, no_serve: bool) -> Result<()> {
    if store.is_empty().await? {
        let plan = read_plan(
            "demo/brighton-hove-2010.toml",
            SEED_PLAN.as_bytes(),
            PlanFormat::Toml,
        )?;
        let note = ImportNote {
            by: "Assure demo",
            source: "the 2010 Areas for Development Plan",
            at: chrono::Utc::now(),
        };
        let id = store.insert_plan(&plan, &note).await?;
        eprintln!("Loaded the demo plan \"{}\" as plan {id}.", plan.title);
    } else {
        eprintln!("The database already holds plans; the demo data was not loaded again.");
    }
    if no_serve {
        return Ok(());
    }
    super::serve(store.clone(), addr).await
}
