use crate::cli::PlanCommand;
use anyhow::{Context, Result};
use assure_planfiles::{read_plan_file, write_plan, PlanFormat};
use assure_store::{ImportNote, Store};
use std::io::Write;

pub async fn run(store: &Store, cmd: PlanCommand) -> Result<()> {
    match cmd {
        PlanCommand::Import { file, by } => {
            let plan = read_plan_file(&file)?;
            let by = super::who(by);
            let source = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let note = ImportNote {
                by: &by,
                source: &source,
                at: chrono::Utc::now(),
            };
            let id = store.insert_plan(&plan, &note).await?;
            println!(
                "Imported plan {id}: {} ({} areas, {} actions)",
                plan.title,
                plan.areas.len(),
                plan.actions().count()
            );
        }
        PlanCommand::List { format } => {
            let plans = store.list_plans().await?;
            if format == "json" {
                let list: Vec<_> = plans
                    .iter()
                    .map(|p| serde_json::json!({"id": p.id, "title": p.title, "organisation": p.organisation, "version": p.version, "areas": p.areas, "actions": p.actions}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else if plans.is_empty() {
                println!("No plans yet.");
            } else {
                for p in plans {
                    println!(
                        "{:>4}  {}  ({}; {} areas, {} actions)",
                        p.id, p.title, p.organisation, p.areas, p.actions
                    );
                }
            }
        }
        PlanCommand::Export {
            plan,
            format,
            output,
        } => {
            let id = super::choose_plan(store, plan).await?;
            let format = PlanFormat::from_name(&format).context("unknown format")?;
            let bytes = write_plan(&store.load_plan(id).await?, format)?;
            match output {
                Some(path) => std::fs::write(&path, bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => std::io::stdout().lock().write_all(&bytes)?,
            }
        }
    }
    Ok(())
}
