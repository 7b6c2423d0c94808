//! Comparators the council adds itself: another authority's figure for one of our
//! indicators, quoted from a report or a benchmarking group, with its source and date.
//!
//! The published DfE figures (England, regions, local authorities, statistical neighbours)
//! are shipped as reference data and never stored here. The store does not know the
//! indicator catalogue: the caller checks the indicator id before adding.

use crate::{with_db, with_tx, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

/// Units a comparator may be in.
pub const COMPARATOR_UNITS: [&str; 3] = ["percent", "count", "rate_per_10k"];

/// A comparator to add.
#[derive(Debug, Clone)]
pub struct NewComparator<'a> {
    /// A catalogue indicator id, e.g. `icpc_dropout_pct`.
    pub indicator: &'a str,
    /// Who or what the figure is for, e.g. "Milton Keynes".
    pub label: &'a str,
    pub value: f64,
    /// `percent` (0–100), `count` or `rate_per_10k`.
    pub unit: &'a str,
    /// Where the figure comes from, e.g. "Areas for Development Plan 2010, area 2 action 1".
    pub source: &'a str,
    /// The date the figure is for (or was published).
    pub as_of: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// A stored comparator.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Comparator {
    pub id: i64,
    pub indicator: String,
    pub label: String,
    pub value: f64,
    pub unit: String,
    pub source: String,
    pub as_of: NaiveDate,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// Longest label or indicator id accepted, in characters.
const SHORT_MAX: usize = 200;
/// Longest source accepted, in characters.
const SOURCE_MAX: usize = 1000;

fn check(c: &NewComparator<'_>) -> Result<(), StoreError> {
    let text = |what: &str, s: &str, max: usize| -> Result<(), StoreError> {
        if s.trim().is_empty() {
            return Err(StoreError::Invalid(format!("a comparator needs a {what}")));
        }
        if s.chars().count() > max {
            return Err(StoreError::Invalid(format!(
                "the comparator's {what} is longer than {max} characters"
            )));
        }
        if s.chars().any(|ch| ch.is_control()) {
            return Err(StoreError::Invalid(format!(
                "the comparator's {what} contains control characters"
            )));
        }
        Ok(())
    };
    text("indicator", c.indicator, SHORT_MAX)?;
    text("label", c.label, SHORT_MAX)?;
    text("source", c.source, SOURCE_MAX)?;
    if !COMPARATOR_UNITS.contains(&c.unit) {
        return Err(StoreError::Invalid(format!(
            "a comparator's unit is one of {} (got \"{}\")",
            COMPARATOR_UNITS.join(", "),
            c.unit
        )));
    }
    if !c.value.is_finite() || c.value < 0.0 {
        return Err(StoreError::Invalid(
            "a comparator's value is a number of 0 or more".into(),
        ));
    }
    if c.unit == "percent" && c.value > 100.0 {
        return Err(StoreError::Invalid(
            "a percentage comparator is between 0 and 100".into(),
        ));
    }
    Ok(())
}

impl Store {
    /// Adds a comparator; returns its id.
    pub async fn add_comparator(&self, c: &NewComparator<'_>) -> Result<i64, StoreError> {
        check(c)?;
        Ok(with_tx!(self, tx => {
            sqlx::query_scalar(
                "INSERT INTO comparators (indicator, label, value, unit, source, as_of, version, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
            )
            .bind(c.indicator.trim())
            .bind(c.label.trim())
            .bind(c.value)
            .bind(c.unit)
            .bind(c.source.trim())
            .bind(c.as_of)
            .bind(c.created_at)
            .fetch_one(&mut *tx)
            .await?
        }))
    }

    /// Comparators, all or for one indicator, by indicator then value then id.
    pub async fn list_comparators(
        &self,
        indicator: Option<&str>,
    ) -> Result<Vec<Comparator>, StoreError> {
        Ok(with_db!(self, pool => {
            sqlx::query_as(
                "SELECT id, indicator, label, value, unit, source, as_of, version, created_at
                 FROM comparators WHERE ($1 IS NULL OR indicator = $1)
                 ORDER BY indicator, value, id",
            )
            .bind(indicator)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Deletes a comparator.
    pub async fn delete_comparator(&self, id: i64) -> Result<(), StoreError> {
        let n = with_tx!(self, tx => {
            sqlx::query("DELETE FROM comparators WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "comparator",
                id,
            });
        }
        Ok(())
    }
}
