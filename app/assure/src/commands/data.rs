//! `assure data …`: validate, import, list, inspect and delete child-level datasets.

use crate::cli::{DataCommand, GenerateArgs};
use anyhow::{bail, Context, Result};
use assure_casedata::Child;
use assure_ingest::{ingest, Issue, Options, Outcome};
use assure_store::Store;
use std::io::{IsTerminal, Write};
use std::path::Path;

fn options(year: Option<i32>) -> Options {
    Options {
        year,
        today: chrono::Local::now().date_naive(),
    }
}

/// Validates a file and prints the report; exits 0 (no errors), 1 (errors) or 2 (unreadable).
/// Validates a file and prints the report; exits 0 (no errors), 1 (errors) or 2 (unreadable).
/// Issues are written as they are found, so memory does not grow with the file.
pub fn validate(file: &Path, format: &str, year: Option<i32>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if format == "json" {
        write!(out, "{{\n  \"issues\": [")?;
    }
    let mut first = true;
    let mut write_issue = |i: &Issue| -> Result<(), String> {
        let written = match format {
            "json" => {
                let sep = if first { "\n    " } else { ",\n    " };
                serde_json::to_string(i)
                    .map_err(|e| e.to_string())
                    .and_then(|j| write!(out, "{sep}{j}").map_err(|e| e.to_string()))
            }
            "csv" => {
                if first {
                    writeln!(out, "rule,severity,child_id,field,location,message")
                        .map_err(|e| e.to_string())?;
                }
                writeln!(out, "{}", csv_line(i)).map_err(|e| e.to_string())
            }
            _ => writeln!(out, "{}", text_line(i)).map_err(|e| e.to_string()),
        };
        first = false;
        written
    };
    let result = ingest(
        file,
        &options(year),
        &mut |_: &Child| Ok(()),
        &mut write_issue,
    );
    drop(write_issue);
    let outcome = match result {
        Ok(o) => o,
        Err(e) => {
            out.flush().ok();
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    match format {
        "json" => {
            let counts = serde_json::json!({
                "errors": outcome.errors,
                "queries": outcome.queries,
                "by_rule": outcome.counts_by_rule,
                "events": outcome.counts,
            });
            write!(
                out,
                "\n  ],\n  \"file\": {},\n  \"format\": {},\n  \"census_year\": {},\n  \"counts\": {}\n}}\n",
                serde_json::to_string(&outcome.file_name)?,
                serde_json::to_string(&outcome.format)?,
                serde_json::to_string(&outcome.census_year)?,
                serde_json::to_string_pretty(&counts)?.replace('\n', "\n  ")
            )?;
        }
        "csv" => {
            if outcome.errors + outcome.queries == 0 {
                writeln!(out, "rule,severity,child_id,field,location,message")?;
            }
        }
        _ => writeln!(out, "{}", summary_line(&outcome))?,
    }
    out.flush()?;
    drop(out);
    std::process::exit(if outcome.errors > 0 { 1 } else { 0 });
}

fn text_line(i: &Issue) -> String {
    let child = i.child_id.as_deref().unwrap_or("-");
    let at = i
        .location
        .as_deref()
        .map(|l| format!(" ({l})"))
        .unwrap_or_default();
    format!(
        "{:<6} {:<5} child {child}, {}{at}: {}",
        i.rule, i.severity, i.field, i.message
    )
}

fn summary_line(o: &Outcome) -> String {
    format!(
        "{}: {} ({}), {} children; {} errors, {} queries",
        o.file_name,
        o.format.slug(),
        o.census_year
            .map_or("census year unknown".to_string(), |y| format!(
                "census year ending 31 March {y}"
            )),
        o.counts.children,
        o.errors,
        o.queries
    )
}

/// One validation issue as a formula-safe CSV line.
fn csv_line(i: &Issue) -> String {
    let cells = [
        i.rule.as_str(),
        i.severity,
        i.child_id.as_deref().unwrap_or(""),
        i.field.as_str(),
        i.location.as_deref().unwrap_or(""),
        i.message.as_str(),
    ];
    assure_report::csv::line(&cells)
}

fn write_csv(out: &mut impl Write, issues: &[Issue]) -> Result<()> {
    writeln!(out, "rule,severity,child_id,field,location,message")?;
    for i in issues {
        writeln!(out, "{}", csv_line(i))?;
    }
    Ok(())
}

pub async fn run(store: &Store, cmd: DataCommand) -> Result<()> {
    match cmd {
        DataCommand::Validate { .. } | DataCommand::Generate(_) => {
            unreachable!("handled without a database")
        }
        DataCommand::Import {
            file,
            name,
            year,
            allow_errors,
            by,
        } => import(store, &file, name, year, allow_errors, by).await,
        DataCommand::List { format } => list(store, &format).await,
        DataCommand::Issues {
            id,
            rule,
            severity,
            format,
        } => {
            let issues = store
                .dataset_issues(id, rule.as_deref(), severity.as_deref())
                .await?;
            let as_ingest: Vec<Issue> = issues
                .into_iter()
                .map(|i| Issue {
                    rule: i.rule,
                    severity: if i.severity == "error" {
                        "error"
                    } else {
                        "query"
                    },
                    child_id: i.child_id,
                    field: i.field,
                    message: i.message,
                    location: i.location,
                })
                .collect();
            let mut out = std::io::stdout().lock();
            match format.as_str() {
                "json" => writeln!(out, "{}", serde_json::to_string_pretty(&as_ingest)?)?,
                "csv" => write_csv(&mut out, &as_ingest)?,
                _ => {
                    for i in &as_ingest {
                        writeln!(
                            out,
                            "{:<6} {:<5} child {}, {}: {}",
                            i.rule,
                            i.severity,
                            i.child_id.as_deref().unwrap_or("-"),
                            i.field,
                            i.message
                        )?;
                    }
                    writeln!(out, "{} issues", as_ingest.len())?;
                }
            }
            Ok(())
        }
        DataCommand::Delete { id } => {
            store.delete_dataset(id, &super::who(None)).await?;
            println!("Deleted dataset {id}.");
            Ok(())
        }
    }
}

pub async fn import(
    store: &Store,
    file: &Path,
    name: Option<String>,
    year: Option<i32>,
    allow_errors: bool,
    by: Option<String>,
) -> Result<()> {
    let request = assure_ingest::ImportRequest {
        name,
        year,
        allow_errors,
        by: super::who(by),
        original_name: None,
    };
    let show_progress = std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let progress = |n: u64| {
        if show_progress && n % 10_000 == 0 {
            eprint!(
                "\rImporting: {n} children ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    };
    match assure_ingest::import_into_store(store, file, &request, options(year), progress).await {
        Ok((id, outcome)) => {
            if show_progress {
                eprintln!();
            }
            println!(
                "Imported dataset {id}: {} children from {} ({}); {} errors, {} queries stored with it.",
                outcome.counts.children,
                outcome.file_name,
                outcome.format.slug(),
                outcome.errors,
                outcome.queries
            );
            Ok(())
        }
        Err(assure_ingest::ImportError::HasErrors { outcome, .. }) => {
            let mut err = std::io::stderr().lock();
            for i in outcome.first_errors.iter().take(20) {
                writeln!(
                    err,
                    "{} child {}, {}: {}",
                    i.rule,
                    i.child_id.as_deref().unwrap_or("-"),
                    i.field,
                    i.message
                )?;
            }
            bail!(
                "{} has {} validation errors (first {} shown; `assure data validate` lists them all); nothing was stored. Fix the file, or store it anyway with --allow-errors",
                outcome.file_name,
                outcome.errors,
                outcome.errors.min(20)
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn list(store: &Store, format: &str) -> Result<()> {
    let datasets = store.list_datasets().await?;
    if format == "json" {
        let list: Vec<_> = datasets
            .iter()
            .map(|d| {
                serde_json::json!({
                    "id": d.id,
                    "name": d.name,
                    "format": d.source_format,
                    "census_year": d.census_year,
                    "extract_date": d.extract_date,
                    "file_sha256": d.file_sha256,
                    "imported_by": d.imported_by,
                    "imported_at": d.imported_at,
                    "counts": serde_json::from_str::<serde_json::Value>(&d.counts).unwrap_or_default(),
                    "errors": d.errors,
                    "queries": d.queries,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else if datasets.is_empty() {
        println!("No datasets yet.");
    } else {
        for d in datasets {
            println!(
                "{:>4}  {}  ({}, {}; {} errors, {} queries)  {}",
                d.id,
                d.name,
                d.source_format,
                d.census_year.map_or("-".into(), |y| y.to_string()),
                d.errors,
                d.queries,
                d.counts
            );
        }
    }
    Ok(())
}

/// Writes synthetic data; streams, so a million children need little memory.
pub fn generate(args: &GenerateArgs) -> Result<()> {
    use assure_synthetic::{
        generate, write_annex_a_csv, write_annex_a_xlsx, write_cin_xml, AnnexAOptions,
        GeneratorConfig, Profile,
    };
    let profile: Profile = args.profile.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut config = GeneratorConfig::for_profile(profile);
    if let Some(n) = args.children {
        config.children = n;
    }
    if let Some(y) = args.year {
        config.year = y;
    }
    config.seed = args.seed;
    config.inject_errors = args.inject_errors;
    config.validate().map_err(|e| anyhow::anyhow!("{e}"))?;
    let children = generate(&config);
    let out = &args.output;
    match args.format.as_str() {
        "cin-xml" => {
            let file = std::fs::File::create(out)
                .with_context(|| format!("cannot write {}", out.display()))?;
            let summary = write_cin_xml(
                children,
                std::io::BufWriter::with_capacity(1 << 20, file),
                config.year,
            )?;
            eprintln!(
                "Wrote {}: {} children in the census year ending 31 March {} ({} simulated; the others had only contacts or early help), {} bytes.",
                out.display(),
                summary.written.children,
                config.year,
                summary.children_in,
                summary.bytes
            );
        }
        "annex-a-xlsx" => {
            let summary =
                write_annex_a_xlsx(children, out, &AnnexAOptions::for_census_year(config.year))
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!(
                "Wrote {}: rows in lists 1-7 {:?}.",
                out.display(),
                summary.rows
            );
        }
        _ => {
            let summary =
                write_annex_a_csv(children, out, &AnnexAOptions::for_census_year(config.year))?;
            eprintln!(
                "Wrote {}: rows in lists 1-7 {:?}.",
                out.display(),
                summary.rows
            );
        }
    }
    Ok(())
}
