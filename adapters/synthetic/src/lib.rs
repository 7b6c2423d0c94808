//! `assure-synthetic`: deterministic synthetic children's social care data.
//!
//! * [`generate`] streams [`Child`](assure_casedata::Child) records (pure, no I/O): children
//!   walk contact → referral → NFA, or referral → assessment → CIN plan / S47 → ICPC → CP
//!   plan (reviews, visits) → end, with re-referrals, repeat plans, early help, unborn
//!   children and cases open at the start of the year, at the rates of a [`Profile`].
//! * [`write_cin_xml`] writes a DfE CIN census XML file, [`annex_a`] the Ofsted Annex A
//!   lists 1–7 as CSV files or an xlsx workbook; all stream child by child.
//! * [`census_view`] is what one child looks like in a year's census; [`checks`] are the
//!   DfE rules and pathway invariants the generator was designed against; [`FunnelStats`]
//!   measures a run against its profile's [`Targets`].
//!
//! No names, addresses, UPNs or free text are generated; workers are staff IDs (`W0001`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod annex_a;
mod census;
pub mod checks;
mod cin_xml;
mod codes;
mod inject;
mod profile;
mod rng;
mod simulate;
mod stats;

pub use annex_a::{write_annex_a_csv, write_annex_a_xlsx, AnnexAOptions};
pub use census::{census_view, FIRST_YEAR_WITH_CIN_PLANS, FIRST_YEAR_WITH_SEX};
pub use cin_xml::{write_cin_xml, write_cin_xml_with, CinHeader, WriteSummary};
pub use inject::{InjectedError, INJECTION_INTERVAL};
pub use profile::{Profile, Targets, UnknownProfile};
pub use simulate::{
    generate, try_generate, ConfigError, Generator, GeneratorConfig, SUPPORTED_YEARS,
};
pub use stats::FunnelStats;
