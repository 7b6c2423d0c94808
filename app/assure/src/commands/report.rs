use crate::cli::ReportCommand;
use anyhow::{Context, Result};
use assure_report::ReportFormat;
use assure_store::Store;

pub async fn run(store: &Store, cmd: ReportCommand) -> Result<()> {
    let ReportCommand::Board {
        plan,
        format,
        output,
        as_at,
    } = cmd;
    let id = super::choose_plan(store, plan).await?;
    let format = ReportFormat::from_name(&format).context("unknown format")?;
    let plan = store.load_plan(id).await?;
    let as_at = as_at.unwrap_or_else(|| chrono::Local::now().date_naive());
    // Each measure's evidence sits beside its chosen status.
    let paper = assure_evidence::board_paper(store, &plan, as_at).await?;
    let bytes =
        tokio::task::spawn_blocking(move || assure_report::render_paper(&paper, format)).await??;
    std::fs::write(&output, bytes).with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!("Wrote the board paper to {}", output.display());
    Ok(())
}
