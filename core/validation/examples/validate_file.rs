//! Validate CIN census XML files and print a summary (or every issue with `-v`):
//! `cargo run --release --example validate_file -- [-v] file.xml ...`.
//! Prints rule counts and timings; with `-v`, the issues (child IDs and dates only).
use std::{fs::File, io::BufReader, time::Instant};

use assure_cinxml::{CinReader, Limits};
use assure_validation::{CensusContext, Validator};

fn main() {
    let mut verbose = false;
    for path in std::env::args().skip(1) {
        if path == "-v" {
            verbose = true;
            continue;
        }
        let started = Instant::now();
        let file = BufReader::with_capacity(1 << 16, File::open(&path).expect("open"));
        let mut reader = CinReader::new(file, &path, Limits::default()).expect("header");
        let h = reader.header().clone();
        let ctx = CensusContext::from_header(h.year, h.reference_date).expect("period");
        let mut v = Validator::new(ctx);
        v.feed_header(h.year, h.reference_date, reader.file_problems());
        for rec in &mut reader {
            let rec = rec.expect("read");
            v.feed(rec.child.as_ref(), &rec.extras, &rec.problems);
        }
        let bytes = reader.bytes_read();
        let report = v.finish();
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{path}: {} children, {} errors, {} queries; {:.1} MB in {:.3} s = {:.0} MB/s",
            report.children,
            report.errors,
            report.queries,
            bytes as f64 / 1e6,
            secs,
            bytes as f64 / 1e6 / secs
        );
        for (rule, n) in &report.counts_by_rule {
            print!("{rule}:{n} ");
        }
        println!();
        if verbose {
            for i in &report.issues {
                println!("  {:?} {:?} {} {}", i.child_id, i.line, i.field, i.message);
            }
        }
    }
}
