//! The plan workbook: one sheet per table, documented on its own Guide sheet and in
//! docs/plan-workbook.md. `write` produces it; `read` takes it back, round trip.

mod layout;
mod read;
mod write;

pub use layout::{Sheet, SHEETS};
pub use read::read;
pub use write::write;
