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
    load_demo_comparators(store).await?;
    load_demo_users(store).await?;
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

/// The comparators the seed plan names for the ICPC drop-out (area 2, action 1), added only
/// when there are no comparators yet.
async fn load_demo_comparators(store: &Store) -> Result<()> {
    if !store.list_comparators(None).await?.is_empty() {
        return Ok(());
    }
    let date = chrono::NaiveDate::from_ymd_opt(2010, 11, 1).expect("a real date");
    for (label, value) in [
        ("Milton Keynes", 1.4),
        ("Surrey", 7.0),
        ("East Sussex", 12.5),
        ("Southampton", 28.0),
    ] {
        super::comparator::add(
            store,
            "icpc_dropout_pct",
            label,
            value,
            "Areas for Development Plan 2010, area 2 action 2",
            date,
            None,
        )
        .await?;
    }
    eprintln!("Loaded the seed plan's four named comparators for the ICPC drop-out.");
    Ok(())
}

/// One account per role, with random passwords printed once. Demo only: a real
/// installation has no accounts until `assure user add` creates them.
async fn load_demo_users(store: &Store) -> Result<()> {
    if store.count_users().await? > 0 {
        eprintln!("The database already has accounts; their demo passwords were printed when they were created.");
        return Ok(());
    }
    let users = [
        (
            "admin@demo.assure.invalid",
            "Demo Administrator",
            "admin",
            None,
        ),
        (
            "nigel.hancock@demo.assure.invalid",
            "Nigel Hancock",
            "plan-owner",
            Some("NH"),
        ),
        (
            "richard.hakin@demo.assure.invalid",
            "Richard Hakin",
            "action-lead",
            Some("RH"),
        ),
        (
            "board.member@demo.assure.invalid",
            "Demo Board Member",
            "viewer",
            None,
        ),
        (
            "analyst@demo.assure.invalid",
            "Demo Performance Analyst",
            "data-analyst",
            None,
        ),
    ];
    let mut lines = vec![];
    for (email, name, role, person) in users {
        let password = format!("demo-{}", &assure_auth::new_session_id()[..16]);
        let hash = assure_auth::hash_password(&password);
        let new = assure_store::NewUser {
            email,
            name,
            role,
            person_key: person,
            password_hash: Some(&hash),
            setup_code_hash: None,
            setup_expires_at: None,
            by: "Assure demo",
        };
        store.create_user(&new, chrono::Utc::now()).await?;
        lines.push(format!("  {role:<13} {email:<36} {password}"));
    }
    println!("DEMO ONLY: sign-in details for the demo accounts (one per role). Not for real use.");
    for l in lines {
        println!("{l}");
    }
    Ok(())
}
