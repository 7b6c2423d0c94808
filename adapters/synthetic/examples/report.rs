//! Print a profile's achieved rates against its targets, and check every child.
//!
//! `cargo run --release --example report -- [england|seed-2010] [children] [seed] [year]`

use std::collections::BTreeMap;

use assure_synthetic::{census_view, checks, generate, FunnelStats, GeneratorConfig, Profile};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let profile: Profile = args
        .first()
        .map_or(Ok(Profile::England), |s| s.parse())
        .unwrap();
    let mut config = GeneratorConfig::for_profile(profile);
    if let Some(n) = args.get(1) {
        config.children = n.parse().unwrap();
    }
    if let Some(s) = args.get(2) {
        config.seed = s.parse().unwrap();
    }
    if let Some(y) = args.get(3) {
        config.year = y.parse().unwrap();
    }
    let mut stats = FunnelStats::new(config.year);
    let mut problems: BTreeMap<&'static str, (u64, String)> = BTreeMap::new();
    let mut in_census = 0u64;
    for child in generate(&config) {
        stats.add(&child);
        for v in checks::pathway(&child, config.reference_date()) {
            let e = problems
                .entry(v.rule)
                .or_insert((0, format!("{} {}", child.la_child_id, v.detail)));
            e.0 += 1;
        }
        if let Some(c) = census_view(&child, config.year) {
            in_census += 1;
            for v in checks::census_rules(&c, config.year) {
                let e = problems
                    .entry(v.rule)
                    .or_insert((0, format!("{} {}", child.la_child_id, v.detail)));
                e.0 += 1;
            }
        }
    }
    println!(
        "{} children ({} in the census), profile {}, year {}, seed {}\n",
        config.children, in_census, profile, config.year, config.seed
    );
    println!(
        "{}",
        stats.report(&profile.targets(), profile.population(config.children))
    );
    if problems.is_empty() {
        println!("No rule or invariant broken.");
    }
    for (rule, (n, example)) in problems {
        println!("{rule}: {n} (e.g. {example})");
    }
}
