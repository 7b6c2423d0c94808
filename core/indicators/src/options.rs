//! Caller-supplied settings.

use serde::{Deserialize, Serialize};

/// Settings for a computation. `Options::default()` gives the published definitions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Children aged 0–17 in the area (ONS mid-year estimate), supplied by the caller. When
    /// set, every count indicator also carries `rate_per_10k`.
    pub population: Option<u64>,
    /// Extra assessment-timeliness limits in working days: each `N` adds an
    /// `assessments_within_{N}wd_pct` indicator (e.g. 10 and 35 for the old initial and
    /// core assessment timescales). 45 is always computed (`assessments_within_45wd_pct`);
    /// repeats and 45 itself are ignored.
    pub extra_assessment_limits: Vec<u32>,
    /// Local target for the duration of an early help episode, in calendar days
    /// (`early_help_completed_within_target_pct`). Default 90.
    pub early_help_target_days: u32,
    /// Monthly target for early help assessments started
    /// (`early_help_assessments_started`). Default 100.
    pub early_help_monthly_target: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            population: None,
            extra_assessment_limits: Vec::new(),
            early_help_target_days: 90,
            early_help_monthly_target: 100,
        }
    }
}

impl Options {
    /// The extra limits actually computed, in the order given, without 45 and repeats.
    pub fn assessment_limits(&self) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::with_capacity(self.extra_assessment_limits.len());
        for &n in &self.extra_assessment_limits {
            if n != 45 && !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }
}
