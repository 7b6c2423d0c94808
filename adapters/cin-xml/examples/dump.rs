//! Print a summary of a CIN census XML file: `cargo run --example dump -- file.xml`.
//! Prints counts, problems and skipped elements; never prints child data beyond IDs.
use std::{fs::File, io::BufReader};

use assure_cinxml::{CinReader, Limits};

fn main() {
    for path in std::env::args().skip(1) {
        let name = std::path::Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = match File::open(&path) {
            Ok(f) => BufReader::new(f),
            Err(e) => {
                println!("{name}: cannot open: {e}");
                continue;
            }
        };
        let mut reader = match CinReader::new(file, &name, Limits::default()) {
            Ok(r) => r,
            Err(e) => {
                println!("FATAL {e}");
                continue;
            }
        };
        println!("{name}: header {:?}", reader.header());
        let mut problems = 0;
        let mut fatal = None;
        for rec in &mut reader {
            match rec {
                Ok(rec) => {
                    for p in &rec.problems {
                        problems += 1;
                        println!("  problem: {}", p.describe(&name));
                    }
                }
                Err(e) => fatal = Some(e),
            }
        }
        for p in reader.file_problems() {
            println!("  file problem: {}", p.describe(&name));
        }
        println!(
            "  counts {:?}; unidentified {}; problems {problems}; skipped {:?}",
            reader.counts(),
            reader.unidentified_children(),
            reader.skipped_elements()
        );
        if let Some(e) = fatal {
            println!("  FATAL {e}");
        }
    }
}
