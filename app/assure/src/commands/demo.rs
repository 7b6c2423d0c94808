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
    if store.list_datasets().await?.is_empty() {
        load_demo_dataset(store).await?;
    }
    if no_serve {
        return Ok(());
    }
    super::serve(store.clone(), addr).await
}

/// A synthetic year shaped like the seed's funnel (about 711 S47 enquiries, 406 ICPCs and
/// 352 CP plans), so the performance pages have data. No real child is in it.
async fn load_demo_dataset(store: &Store) -> Result<()> {
    use assure_synthetic::{generate, write_cin_xml, GeneratorConfig, Profile};
    let dir = std::env::temp_dir().join(format!("assure-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("synthetic-seed-2010-cin.xml");
    let config = GeneratorConfig::for_profile(Profile::Seed2010);
    let file = std::fs::File::create(&path)?;
    write_cin_xml(
        generate(&config),
        std::io::BufWriter::new(file),
        config.year,
    )?;
    let result = super::data::import(
        store,
        &path,
        Some("Synthetic census 2009-10 (demo data, seed-2010 profile)".to_string()),
        None,
        false,
        Some("Assure demo".to_string()),
    )
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}
