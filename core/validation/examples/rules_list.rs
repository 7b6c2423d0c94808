//! Print the rule catalogue as a Markdown table: `cargo run --example rules_list`.
fn main() {
    println!("| id | severity | scope | field | years | what it checks |");
    println!("|---|---|---|---|---|---|");
    for r in assure_validation::catalogue() {
        let years = match (r.from_year, r.until_year) {
            (None, None) => "all".to_owned(),
            (Some(f), None) => format!("{f} on"),
            (None, Some(u)) => format!("to {u}"),
            (Some(f), Some(u)) => format!("{f}-{u}"),
        };
        println!(
            "| {} | {:?} | {:?} | {} | {} | {} |",
            r.id, r.severity, r.scope, r.field, years, r.description
        );
    }
}
