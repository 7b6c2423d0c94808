//! Benchmarks for the seed plan: loading it (file and database), rendering the overview,
//! and writing each board-paper format. Run: cargo bench -p assure-web
//! Target: each board-paper format under 300 ms for the seed plan.

use assure_planfiles::{read_plan, PlanFormat};
use assure_report::{render, BoardPaper, ReportFormat};
use assure_store::{ImportNote, Store};
use criterion::{criterion_group, criterion_main, Criterion};

const SEED: &str = include_str!("../../../demo/brighton-hove-2010.toml");

fn benches(c: &mut Criterion) {
    let as_at = "2010-12-15".parse().unwrap();
    c.bench_function("load seed plan from TOML", |b| {
        b.iter(|| read_plan("seed.toml", SEED.as_bytes(), PlanFormat::Toml).unwrap())
    });

    let plan = read_plan("seed.toml", SEED.as_bytes(), PlanFormat::Toml).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = runtime.block_on(async {
        let store = Store::open(&assure_store::DatabaseUrl::Sqlite(
            dir.path().join("bench.db"),
        ))
        .await
        .unwrap();
        let note = ImportNote {
            by: "bench",
            source: "seed.toml",
            at: chrono::Utc::now(),
        };
        store.insert_plan(&plan, &note).await.unwrap();
        store
    });
    c.bench_function("load seed plan from SQLite", |b| {
        b.iter(|| runtime.block_on(store.load_plan(1)).unwrap())
    });

    let stored = runtime.block_on(store.load_plan(1)).unwrap();
    let env = assure_web::render::environment();
    c.bench_function("render overview page", |b| {
        b.iter(|| {
            assure_web::render::render_overview(&env, &BoardPaper::new(&stored, as_at)).unwrap()
        })
    });
    let mut group = c.benchmark_group("board paper");
    group.sample_size(20);
    for format in [ReportFormat::Html, ReportFormat::Docx, ReportFormat::Xlsx] {
        group.bench_function(format.extension(), |b| {
            b.iter(|| render(&stored, as_at, format).unwrap())
        });
    }
    if assure_report::find_chromium().is_some() {
        group.sample_size(10);
        group.bench_function("pdf", |b| {
            b.iter(|| render(&stored, as_at, ReportFormat::Pdf).unwrap())
        });
    }
    group.finish();
}

criterion_group!(plan_pages, benches);
criterion_main!(plan_pages);
