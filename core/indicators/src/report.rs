//! The JSON shape the CLI prints.

use assure_calendar::Period;
use serde::{Deserialize, Serialize};

use crate::{IndicatorValue, Unit};

/// `{"period": {"start", "end"}, "indicators": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The reporting period (serialises as `{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}`).
    pub period: Period,
    /// One row per indicator, in catalogue order.
    pub indicators: Vec<ReportIndicator>,
}

/// One indicator in a [`Report`]: exactly the published fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportIndicator {
    /// Catalogue id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Numerator (the count, for counts).
    pub numerator: u64,
    /// Denominator (`null` for counts).
    pub denominator: Option<u64>,
    /// Value (`null` when the denominator is 0).
    pub value: Option<f64>,
    /// `count` or `percent`.
    pub unit: Unit,
    /// Lower end of the 95% Wilson interval, percent.
    pub ci_low: Option<f64>,
    /// Upper end of the 95% Wilson interval, percent.
    pub ci_high: Option<f64>,
    /// `small_number`, `no_data`.
    pub flags: Vec<String>,
}

impl From<&IndicatorValue> for ReportIndicator {
    fn from(v: &IndicatorValue) -> Self {
        ReportIndicator {
            id: v.id.clone(),
            name: v.name.clone(),
            numerator: v.numerator,
            denominator: v.denominator,
            value: v.value,
            unit: v.unit,
            ci_low: v.ci_low,
            ci_high: v.ci_high,
            flags: v.flags.clone(),
        }
    }
}

impl Report {
    /// A report from computed values.
    pub fn new(period: Period, values: &[IndicatorValue]) -> Report {
        Report {
            period,
            indicators: values.iter().map(ReportIndicator::from).collect(),
        }
    }
}
