//! Stream 1,000,000 synthetic children to CIN census XML and report size and speed.
//!
//! `cargo run --release --example big -- [children] [OUT.xml]`
//!
//! Without an output path the XML goes to a byte counter (nothing is kept), so the run
//! measures generation plus serialisation. Peak memory (Linux `VmHWM`) is printed to show
//! that it does not grow with the number of children.

use std::io::{self, Write};
use std::time::Instant;

use assure_synthetic::{generate, write_cin_xml, GeneratorConfig};

/// Counts bytes and throws them away.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let children: u64 = args
        .first()
        .map_or(1_000_000, |s| s.parse().expect("a number"));
    let config = GeneratorConfig {
        children,
        ..GeneratorConfig::default()
    };
    let started = Instant::now();
    let summary = match args.get(1) {
        Some(path) => write_cin_xml(generate(&config), std::fs::File::create(path)?, config.year)?,
        None => write_cin_xml(generate(&config), Counter(0), config.year)?,
    };
    let seconds = started.elapsed().as_secs_f64();
    let mb = summary.bytes as f64 / 1_000_000.0;
    println!(
        "{} children generated, {} in the {} census ({} episodes, {} CP plans)",
        summary.children_in,
        summary.written.children,
        config.year,
        summary.written.referrals,
        summary.written.cp_plans
    );
    println!(
        "{mb:.1} MB of XML in {seconds:.2} s: {:.0} children/s, {:.1} MB/s",
        summary.children_in as f64 / seconds,
        mb / seconds
    );
    if let Some(peak) = peak_rss_mb() {
        println!("peak resident memory {peak:.1} MB");
    }
    Ok(())
}
