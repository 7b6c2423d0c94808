//! `assure comparator`: figures for other authorities the council adds itself, with their
//! source and date, shown beside ours on the performance pages.

use crate::cli::ComparatorCommand;
use anyhow::{bail, Result};
use assure_indicators::Unit;
use assure_store::{NewComparator, Store};
use std::io::Write;

pub async fn run(store: &Store, cmd: ComparatorCommand) -> Result<()> {
    match cmd {
        ComparatorCommand::Add {
            indicator,
            label,
            value,
            source,
            date,
            unit,
        } => {
            let id = add(
                store,
                &indicator,
                &label,
                value,
                &source,
                date,
                unit.as_deref(),
            )
            .await?;
            println!("Added comparator {id}: {label} for {indicator}.");
            Ok(())
        }
        ComparatorCommand::List { indicator, format } => {
            list(store, indicator.as_deref(), &format).await
        }
        ComparatorCommand::Delete { id } => {
            store.delete_comparator(id).await?;
            println!("Deleted comparator {id}.");
            Ok(())
        }
    }
}

/// Checks the indicator and the unit against the catalogue, then stores the comparator.
pub async fn add(
    store: &Store,
    indicator: &str,
    label: &str,
    value: f64,
    source: &str,
    date: chrono::NaiveDate,
    unit: Option<&str>,
) -> Result<i64> {
    let Some(def) = assure_indicators::definition(indicator) else {
        bail!("\"{indicator}\" is not an indicator id: see the ids in `assure kpi --format json`");
    };
    let unit = match (def.unit, unit) {
        (Unit::Percent, None | Some("percent")) => "percent",
        (Unit::Count, None | Some("count")) => "count",
        (Unit::Count, Some("rate_per_10k")) => "rate_per_10k",
        (Unit::Percent, Some(other)) => {
            bail!("{indicator} is a percentage, so its comparators are too (not {other})")
        }
        (Unit::Count, Some(other)) => {
            bail!("{indicator} is a count: give a count or a rate_per_10k (not {other})")
        }
    };
    Ok(store
        .add_comparator(&NewComparator {
            indicator,
            label,
            value,
            unit,
            source,
            as_of: date,
            created_at: chrono::Utc::now(),
        })
        .await?)
}

async fn list(store: &Store, indicator: Option<&str>, format: &str) -> Result<()> {
    let rows = store.list_comparators(indicator).await?;
    let mut out = std::io::stdout().lock();
    if format == "json" {
        let json: Vec<serde_json::Value> = rows
            .iter()
            .map(|c| {
                serde_json::json!({
                    "id": c.id,
                    "indicator": c.indicator,
                    "label": c.label,
                    "value": c.value,
                    "unit": c.unit,
                    "source": c.source,
                    "date": c.as_of.to_string(),
                    "version": c.version,
                    "created_at": c.created_at.to_rfc3339(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
        return Ok(());
    }
    if rows.is_empty() {
        writeln!(
            out,
            "No comparators yet: add one with `assure comparator add`."
        )?;
        return Ok(());
    }
    for c in &rows {
        let value = match c.unit.as_str() {
            "percent" => format!("{}%", c.value),
            "rate_per_10k" => format!("{} per 10,000", c.value),
            _ => c.value.to_string(),
        };
        writeln!(
            out,
            "{:>4}  {:<32} {:<24} {:>14}  {}  {}",
            c.id, c.indicator, c.label, value, c.as_of, c.source
        )?;
    }
    Ok(())
}
