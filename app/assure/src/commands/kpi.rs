//! `assure kpi`: the indicator catalogue over a dataset or a file.

use crate::cli::KpiArgs;
use anyhow::{bail, Context, Result};
use assure_calendar::Period;
use assure_casedata::Child;
use assure_indicators::{compute_all, Options, Report};
use assure_store::Store;
use std::io::Write;

pub async fn run(store: Option<&Store>, args: &KpiArgs) -> Result<()> {
    let (children, census_year) = match (&args.source.input, args.source.dataset, store) {
        (Some(path), _, _) => {
            let mut children: Vec<Child> = Vec::new();
            let opts = assure_ingest::Options {
                year: args.year,
                today: chrono::Local::now().date_naive(),
            };
            let outcome = assure_ingest::ingest(
                path,
                &opts,
                &mut |c: &Child| {
                    children.push(c.clone());
                    Ok(())
                },
                &mut |_| Ok(()),
            )?;
            if outcome.errors > 0 {
                eprintln!(
                    "warning: {} has {} validation errors and {} queries; the figures are computed from the data as it is (see `assure data validate`)",
                    outcome.file_name, outcome.errors, outcome.queries
                );
            }
            (children, outcome.census_year)
        }
        (None, Some(id), Some(store)) => {
            let dataset = store.dataset(id).await?;
            (
                store.dataset_children(id).await?,
                dataset.census_year.map(|y| y as i32),
            )
        }
        _ => bail!("give --dataset ID or --input FILE"),
    };
    let period = match &args.period {
        Some(text) => Period::parse(text)
            .with_context(|| format!("--period {text}: write it as YYYY-MM-DD..YYYY-MM-DD"))?,
        None => match census_year {
            Some(y) => Period::census_year(y)?,
            None => assure_indicators::census_period_for(chrono::Local::now().date_naive()),
        },
    };
    let options = Options {
        population: args.population,
        extra_assessment_limits: args.assessment_limits.clone(),
        ..Options::default()
    };
    let values = compute_all(&children, period, &options);
    let report = Report::new(period, &values);
    let mut out = std::io::stdout().lock();
    match args.format.as_str() {
        "json" => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        "csv" => {
            writeln!(
                out,
                "id,name,numerator,denominator,value,unit,ci_low,ci_high,flags"
            )?;
            for i in &report.indicators {
                let cells = [
                    i.id.clone(),
                    i.name.clone(),
                    i.numerator.to_string(),
                    opt(i.denominator),
                    opt(i.value),
                    serde_plain(&i.unit),
                    opt(i.ci_low),
                    opt(i.ci_high),
                    i.flags.join(" "),
                ];
                writeln!(out, "{}", assure_report::csv::line(&cells))?;
            }
        }
        _ => {
            writeln!(out, "Period {} to {}", period.start(), period.end())?;
            for i in &report.indicators {
                let value = match (i.value, i.denominator) {
                    (Some(v), Some(d)) => format!(
                        "{v:.1}%  ({} of {d}; 95% CI {}–{}%)",
                        i.numerator,
                        one_decimal(i.ci_low),
                        one_decimal(i.ci_high)
                    ),
                    (None, Some(_)) => "no value (no cases in the denominator)".to_string(),
                    (_, None) => i.numerator.to_string(),
                };
                let flags = if i.flags.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", i.flags.join(", "))
                };
                writeln!(out, "{:<45} {value}{flags}", i.name)?;
            }
        }
    }
    Ok(())
}

fn one_decimal(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_default()
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
