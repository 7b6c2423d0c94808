//! Write a small sample: CIN XML to stdout-ish files and Annex A CSVs into a directory.
//!
//! `cargo run --example sample -- OUT_DIR [england|seed-2010] [children] [seed]`

use std::fs::File;
use std::path::PathBuf;

use assure_synthetic::{
    generate, write_annex_a_csv, write_annex_a_xlsx, write_cin_xml_with, AnnexAOptions, CinHeader,
    GeneratorConfig, Profile,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .ok_or("usage: sample OUT_DIR [profile] [children] [seed]")?,
    );
    let profile: Profile = args.get(1).map_or(Ok(Profile::England), |s| s.parse())?;
    let mut config = GeneratorConfig::for_profile(profile);
    if let Some(n) = args.get(2) {
        config.children = n.parse()?;
    }
    if let Some(s) = args.get(3) {
        config.seed = s.parse()?;
    }
    std::fs::create_dir_all(&dir)?;
    let header = CinHeader::new(config.year).with_lea(profile.lea());
    let xml = File::create(dir.join("cin.xml"))?;
    let s = write_cin_xml_with(generate(&config), xml, &header)?;
    println!(
        "cin.xml: {} children, {} bytes",
        s.written.children, s.bytes
    );
    let opts = AnnexAOptions::for_census_year(config.year);
    let a = write_annex_a_csv(generate(&config), &dir, &opts)?;
    println!("Annex A CSV rows per list: {:?}", a.rows);
    write_annex_a_xlsx(generate(&config), &dir.join("annex-a.xlsx"), &opts)?;
    println!("annex-a.xlsx written");
    Ok(())
}
