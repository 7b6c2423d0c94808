//! Errors.

/// What can go wrong when asking for an indicator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndicatorError {
    /// The id is not in the catalogue (nor of the form `assessments_within_{N}wd_pct`).
    #[error("unknown indicator {id:?}")]
    UnknownIndicator {
        /// The id as given.
        id: String,
    },
}
