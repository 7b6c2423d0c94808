//! `assure measure`: measurable success judged by evidence. Listing shows each measure's
//! latest value beside the suggested and chosen status; a status is accepted from the
//! evidence or chosen with a reason, kept in the measure's history.

use crate::cli::{MeasureCommand, PlanChoice};
use anyhow::{bail, Context, Result};
use assure_evidence::{evidence_for_measures, evidence_for_plan, Evidence};
use assure_plan::{Measure, Plan, Status};
use assure_report::paper::value_text;
use assure_store::{MeasureStatusEdit, Store};
use std::io::Write;

pub async fn run(store: &Store, cmd: MeasureCommand) -> Result<()> {
    match cmd {
        MeasureCommand::List { plan, format } => list(store, plan, &format).await,
        MeasureCommand::Status {
            measure_id,
            accept,
            to,
            reason,
            by,
            expected_version,
        } => {
            let to = to.map(|t| t.parse::<Status>()).transpose()?;
            let choice = if accept {
                Choice::Accept
            } else {
                Choice::To(to)
            };
            status(store, measure_id, choice, reason, by, expected_version).await
        }
    }
}

enum Choice {
    Accept,
    To(Option<Status>),
}

async fn list(store: &Store, choice: PlanChoice, format: &str) -> Result<()> {
    let id = super::choose_plan(store, choice).await?;
    let plan = store.load_plan(id).await?;
    let evidence = evidence_for_plan(store, &plan).await?;
    let mut out = std::io::stdout().lock();
    if format == "json" {
        let rows: Vec<serde_json::Value> = plan
            .areas
            .iter()
            .flat_map(|a| a.measures.iter().map(move |m| (a, m)))
            .map(|(a, m)| {
                let e = m.id.and_then(|id| evidence.get(&id));
                serde_json::json!({
                    "id": m.id,
                    "version": m.version,
                    "area": a.number.as_str(),
                    "criterion": m.criterion,
                    "indicator": m.indicator,
                    "indicator_name": e.map(|e| e.indicator_name.clone()),
                    "value": e.and_then(|e| e.value),
                    "numerator": e.map(|e| e.numerator),
                    "denominator": e.and_then(|e| e.denominator),
                    "target": m.target,
                    "direction": m.direction,
                    "tolerance": m.tolerance,
                    "suggested": e.map_or(Status::NotRated, |e| e.suggested),
                    "chosen": m.status,
                    "dataset_id": e.and_then(|e| e.dataset_id),
                    "source": e.and_then(Evidence::source_text),
                    "note": e.and_then(|e| e.note.clone()),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "Plan {id}: {}", plan.title)?;
    writeln!(
        out,
        "{:>7}  {:<4}  {:<32}  {:<22}  {:<8}  {:<12}  {:<12}  Version",
        "Measure", "Area", "Indicator", "Latest (n)", "Target", "Suggested", "Chosen"
    )?;
    for area in &plan.areas {
        for m in &area.measures {
            let e = m.id.and_then(|id| evidence.get(&id));
            let percent = e.map_or(m.indicator.ends_with("_pct"), Evidence::is_percent);
            let latest = match e.and_then(|e| e.value_text().map(|v| (v, e.n_text()))) {
                Some((v, Some(n))) => format!("{v} ({n})"),
                Some((v, None)) => v,
                None => "no data".to_string(),
            };
            let suggested = e.map_or(Status::NotRated, |e| e.suggested);
            writeln!(
                out,
                "{:>7}  {:<4}  {:<32}  {:<22}  {:<8}  {:<12}  {:<12}  {}",
                m.id.map(|i| i.to_string()).unwrap_or_default(),
                area.number.as_str(),
                m.indicator,
                latest,
                value_text(m.target, percent),
                format!("{} {}", suggested.symbol(), suggested.word()),
                format!("{} {}", m.status.symbol(), m.status.word()),
                m.version.map(|v| v.to_string()).unwrap_or_default(),
            )?;
            if let Some(source) = e.and_then(Evidence::source_text) {
                writeln!(out, "{:>9}from {source}", "")?;
            }
            if let Some(note) = e.and_then(|e| e.note.as_deref()) {
                writeln!(out, "{:>9}{note}", "")?;
            }
        }
    }
    Ok(())
}

async fn status(
    store: &Store,
    measure_id: i64,
    choice: Choice,
    reason: Option<String>,
    by: Option<String>,
    expected_version: Option<i64>,
) -> Result<()> {
    let (_plan, measure) = find_measure(store, measure_id).await?;
    let evidence = evidence_for_measures(store, &[&measure])
        .await?
        .remove(&measure_id)
        .context("no evidence could be worked out for this measure")?;
    let suggested = evidence.suggested;
    let reason = reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let (to, reason) = match choice {
        Choice::Accept => {
            if suggested == Status::NotRated {
                bail!(
                    "there is no suggested status to accept for measure {measure_id}: {}",
                    evidence
                        .note
                        .as_deref()
                        .unwrap_or("the evidence has no value")
                );
            }
            (suggested, accepted_reason(&measure, &evidence, reason))
        }
        Choice::To(to) => {
            let Some(to) = to else {
                bail!("give --accept, or --to STATUS with --reason");
            };
            match reason {
                Some(r) => (to, r),
                None if to != suggested => bail!(
                    "choosing a status other than the suggested {suggested} needs a reason (--reason)"
                ),
                None => bail!(
                    "a status change needs a reason: give --reason, or use --accept to take the suggested {suggested}"
                ),
            }
        }
    };
    let expected_version = match expected_version.or(measure.version) {
        Some(v) => v,
        None => bail!("measure {measure_id} has no version"),
    };
    let by = super::who(by);
    let version = store
        .change_measure_status(&MeasureStatusEdit {
            measure_id,
            expected_version,
            to,
            by: &by,
            reason: &reason,
            at: chrono::Utc::now(),
        })
        .await?;
    println!(
        "Measure {measure_id} is now {to} (version {version}); the evidence suggests {suggested}."
    );
    Ok(())
}

/// "Accepted the status suggested by the evidence: 56.9% against a target of 57.0% (dataset,
/// period)", followed by anything the lead added.
fn accepted_reason(measure: &Measure, evidence: &Evidence, extra: Option<String>) -> String {
    let value = evidence
        .value_text()
        .unwrap_or_else(|| "no value".to_string());
    let target = value_text(measure.target, evidence.is_percent());
    let mut text = format!(
        "Accepted the status suggested by the evidence: {value} against a target of {target}"
    );
    if let Some(source) = evidence.source_text() {
        text.push_str(&format!(" ({source})"));
    }
    if let Some(extra) = extra {
        text.push_str(". ");
        text.push_str(&extra);
    }
    text
}

/// The plan holding the measure, and the measure.
async fn find_measure(store: &Store, measure_id: i64) -> Result<(Plan, Measure)> {
    for summary in store.list_plans().await? {
        let plan = store.load_plan(summary.id).await?;
        let found = plan
            .areas
            .iter()
            .flat_map(|a| &a.measures)
            .find(|m| m.id == Some(measure_id))
            .cloned();
        if let Some(m) = found {
            return Ok((plan, m));
        }
    }
    bail!("measure {measure_id} does not exist (see `assure measure list`)")
}
