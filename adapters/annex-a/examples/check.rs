//! Read an Annex A workbook, a CSV file or a directory of CSV files and print what was
//! read and every problem: `cargo run --example check -- <path>`.

use std::path::Path;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check <workbook.xlsx | list.csv | directory of CSV files>");
        std::process::exit(2);
    };
    match assure_annexa::read_path(Path::new(&path), &assure_annexa::ReadOptions::default()) {
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
        Ok(import) => {
            for l in &import.lists {
                println!(
                    "List {} ({}): header row {}, {} rows, {} imported",
                    l.list, l.sheet, l.header_row, l.rows, l.imported
                );
            }
            println!(
                "{} children; extract date {:?} ({:?})",
                import.children.len(),
                import.extract_date,
                import.extract_date_source
            );
            let counts = assure_casedata::EventCounts::from_children(&import.children);
            println!("{counts:?}");
            for p in &import.problems {
                println!("{p}");
            }
        }
    }
}
