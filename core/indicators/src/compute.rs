//! Counting: one pass over the children for any number of periods.

use std::collections::BTreeMap;

use assure_calendar::{is_small_number, percentage, rate_per_10k, wilson_95, Period};
use assure_casedata::Child;
use serde::{Deserialize, Serialize};

use crate::catalogue::{assessments_within_def, slot, Def, Unit, DEFS};
use crate::drill::{DrillRow, DrillStatus};
use crate::engine::{self, Ctx, Scratch, Sink};
use crate::Options;

/// Flag: the denominator is below 30 (read the count and interval, don't rank).
pub const FLAG_SMALL_NUMBER: &str = "small_number";
/// Flag: nothing to compute from: a percentage with a zero denominator, or a count of 0
/// where the input holds no events of a kind the indicator needs at all.
pub const FLAG_NO_DATA: &str = "no_data";

/// One indicator for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    /// Catalogue id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Numerator (for counts: the count).
    pub numerator: u64,
    /// Denominator; `None` for counts.
    pub denominator: Option<u64>,
    /// Percentage (`percentage(numerator, denominator)`), or the count as a number;
    /// `None` when the denominator is 0.
    pub value: Option<f64>,
    /// Count or percent.
    pub unit: Unit,
    /// 95% Wilson interval, percent, unrounded (percentages with a denominator > 0 only).
    pub ci_low: Option<f64>,
    /// Upper end of the interval.
    pub ci_high: Option<f64>,
    /// `small_number`, `no_data`.
    pub flags: Vec<String>,
    /// Records left out because a date the indicator needs is missing or outside the
    /// working-day calendar (see `DEFINITIONS.md`, "Skipped records").
    pub skipped: u64,
    /// Count ÷ population × 10,000 (counts only, when `Options::population` is given).
    pub rate_per_10k: Option<f64>,
    /// Extra figures named in the catalogue entry (`pending`, `negative_duration`,
    /// `child_seen_unknown`, `previous_plans_unknown`, `target_days`, `monthly_target`,
    /// `target`).
    pub extra: BTreeMap<String, u64>,
}

/// One period of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// The period the values are for.
    pub period: Period,
    /// Values in catalogue order.
    pub values: Vec<IndicatorValue>,
}

/// Raw tallies of one indicator.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Counter {
    pub num: u64,
    pub den: u64,
    pub skipped: u64,
    pub extra: u64,
}

struct CountSink<'a> {
    counters: &'a mut [Counter],
}

impl Sink for CountSink<'_> {
    #[inline(always)]
    fn record(&mut self, slot: usize, num: bool, den: bool, _row: impl FnOnce() -> DrillRow) {
        let c = &mut self.counters[slot];
        c.num += u64::from(num);
        c.den += u64::from(den);
    }

    #[inline(always)]
    fn skip(&mut self, slot: usize, _row: impl FnOnce() -> DrillRow) {
        self.counters[slot].skipped += 1;
    }

    #[inline(always)]
    fn extra(
        &mut self,
        slot: usize,
        _status: Option<DrillStatus>,
        _row: impl FnOnce() -> DrillRow,
    ) {
        self.counters[slot].extra += 1;
    }
}

/// Which event kinds occur anywhere in the input (bits of [`crate::EventType::bit`]).
fn presence(child: &Child) -> u8 {
    use crate::EventType as E;
    let mut p = 0u8;
    if !child.contacts.is_empty() {
        p |= E::Contacts.bit();
    }
    if !child.early_help.is_empty() {
        p |= E::EarlyHelp.bit();
    }
    for ep in &child.episodes {
        p |= E::Referrals.bit();
        if !ep.assessments.is_empty() {
            p |= E::Assessments.bit();
        }
        if !ep.s47s.is_empty() || ep.episode_icpc_date.is_some() {
            p |= E::S47.bit();
        }
        if !ep.cp_plans.is_empty() {
            p |= E::CpPlans.bit();
        }
        if !ep.cin_plans.is_empty() {
            p |= E::CinPlans.bit();
        }
    }
    p
}

/// Every indicator for `period`, in catalogue order ([`crate::catalogue_for`]).
///
/// One pass over the children.
pub fn compute_all(children: &[Child], period: Period, options: &Options) -> Vec<IndicatorValue> {
    compute_periods(children, &[period], options)
        .pop()
        .expect("one period in, one out")
}

/// Every indicator for each of `periods` (any periods, overlapping or not), in one pass
/// over the children. The result has one entry per period, in the same order.
pub fn compute_periods(
    children: &[Child],
    periods: &[Period],
    options: &Options,
) -> Vec<Vec<IndicatorValue>> {
    let extra_limits = options.assessment_limits();
    let limits: Vec<(usize, u32)> = extra_limits
        .iter()
        .enumerate()
        .map(|(i, &n)| (slot::FIXED + i, n))
        .collect();
    let width = slot::FIXED + limits.len();
    let ctxs: Vec<Ctx<'_>> = periods
        .iter()
        .map(|&p| Ctx::new(p, options, &limits))
        .collect();
    let mut counters = vec![Counter::default(); width * periods.len()];
    let mut scratch = Scratch::default();
    let mut present = 0u8;
    for child in children {
        present |= presence(child);
        scratch.prepare(child);
        for (cx, block) in ctxs.iter().zip(counters.chunks_exact_mut(width)) {
            let mut sink = CountSink { counters: block };
            engine::eval_child(child, &mut scratch, cx, &mut sink);
        }
    }
    periods
        .iter()
        .zip(counters.chunks_exact(width))
        .map(|(&p, block)| finish(block, &extra_limits, present, p, options))
        .collect()
}

/// Every indicator for each calendar month of `period` (each month clipped to the
/// period), in one pass.
pub fn compute_series(children: &[Child], period: Period, options: &Options) -> Vec<SeriesPoint> {
    let months: Vec<Period> = period.months().collect();
    zip_series(&months, compute_periods(children, &months, options))
}

/// Every indicator for the rolling 12 months ending on each month end of `period` (the
/// last point ends on the period end), in one pass: for each calendar month `m` of the
/// period, `Period::rolling_12_months(end of m clipped to the period)`.
pub fn compute_rolling_series(
    children: &[Child],
    period: Period,
    options: &Options,
) -> Vec<SeriesPoint> {
    let windows: Vec<Period> = period
        .months()
        .map(|m| Period::rolling_12_months(m.end()))
        .collect();
    zip_series(&windows, compute_periods(children, &windows, options))
}

fn zip_series(periods: &[Period], values: Vec<Vec<IndicatorValue>>) -> Vec<SeriesPoint> {
    periods
        .iter()
        .zip(values)
        .map(|(&period, values)| SeriesPoint { period, values })
        .collect()
}

/// Names in `Def::extras` that are filled from the options, not counted.
const CONFIG_EXTRAS: [&str; 3] = ["target_days", "monthly_target", "target"];

fn finish(
    block: &[Counter],
    extra_limits: &[u32],
    present: u8,
    period: Period,
    options: &Options,
) -> Vec<IndicatorValue> {
    let mut out = Vec::with_capacity(block.len());
    for (i, def) in DEFS.iter().enumerate() {
        let mut v = value_of(
            def.id.to_owned(),
            def.name.to_owned(),
            def,
            block[i],
            present,
            options,
        );
        match i {
            slot::EH_WITHIN_TARGET => {
                v.extra.insert(
                    "target_days".into(),
                    u64::from(options.early_help_target_days),
                );
            }
            slot::EH_STARTED => {
                let months = period.months().count() as u64;
                v.extra
                    .insert("monthly_target".into(), options.early_help_monthly_target);
                v.extra.insert(
                    "target".into(),
                    options.early_help_monthly_target.saturating_mul(months),
                );
            }
            _ => {}
        }
        out.push(v);
    }
    let within45 = &DEFS[slot::ASSESSMENTS_45WD];
    for (j, &n) in extra_limits.iter().enumerate() {
        let d = assessments_within_def(n);
        out.push(value_of(
            d.id,
            d.name,
            within45,
            block[slot::FIXED + j],
            present,
            options,
        ));
    }
    out
}

fn value_of(
    id: String,
    name: String,
    def: &Def,
    c: Counter,
    present: u8,
    options: &Options,
) -> IndicatorValue {
    let mut flags = Vec::new();
    let mut extra = BTreeMap::new();
    if let Some(name) = def.extras.iter().find(|n| !CONFIG_EXTRAS.contains(n)) {
        extra.insert((*name).to_owned(), c.extra);
    }
    let needs_present = def.needs.iter().all(|e| present & e.bit() != 0);
    match def.unit {
        Unit::Count => {
            if c.num == 0 && !needs_present {
                flags.push(FLAG_NO_DATA.to_owned());
            }
            IndicatorValue {
                id,
                name,
                numerator: c.num,
                denominator: None,
                value: Some(c.num as f64),
                unit: Unit::Count,
                ci_low: None,
                ci_high: None,
                flags,
                skipped: c.skipped,
                rate_per_10k: options.population.and_then(|p| rate_per_10k(c.num, p)),
                extra,
            }
        }
        Unit::Percent => {
            if is_small_number(c.den) {
                flags.push(FLAG_SMALL_NUMBER.to_owned());
            }
            if c.den == 0 {
                flags.push(FLAG_NO_DATA.to_owned());
            }
            let ci = wilson_95(c.num, c.den);
            IndicatorValue {
                id,
                name,
                numerator: c.num,
                denominator: Some(c.den),
                value: percentage(c.num, c.den),
                unit: Unit::Percent,
                ci_low: ci.map(|x| x.0),
                ci_high: ci.map(|x| x.1),
                flags,
                skipped: c.skipped,
                rate_per_10k: None,
                extra,
            }
        }
    }
}

/// One month of early help assessments started against the monthly target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyTarget {
    /// The month (clipped to the requested period).
    pub period: Period,
    /// Early help episodes starting in the month.
    pub actual: u64,
    /// The monthly target (`Options::early_help_monthly_target`).
    pub target: u64,
    /// `actual ≥ target`.
    pub met: bool,
}

/// `early_help_assessments_started` per calendar month of `period` against
/// `options.early_help_monthly_target` (one pass).
pub fn early_help_monthly(
    children: &[Child],
    period: Period,
    options: &Options,
) -> Vec<MonthlyTarget> {
    let target = options.early_help_monthly_target;
    compute_series(children, period, options)
        .into_iter()
        .map(|p| {
            let actual = p.values[slot::EH_STARTED].numerator;
            MonthlyTarget {
                period: p.period,
                actual,
                target,
                met: actual >= target,
            }
        })
        .collect()
}
