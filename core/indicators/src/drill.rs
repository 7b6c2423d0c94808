//! Drill-down: the records behind an indicator's numerator and denominator.
//!
//! Drill-down runs the very same per-child code as [`crate::compute_all`] (see
//! `engine.rs`): the computation reports each record it counts to a sink, and the
//! drill-down sink keeps a row for the records of one indicator where the counting sink
//! only adds them up. So the rows always reconcile with the figures: the rows with
//! `in_numerator` number exactly `numerator`, those with `in_denominator` exactly
//! `denominator`, and those with status `skipped` exactly `skipped`.
//!
//! Pure data: child-level rows are sensitive, and the caller enforces who may see them
//! (rows carry the event's team and worker so the caller can filter).

use assure_calendar::Period;
use assure_casedata::{Child, ChildId, NaiveDate};
use serde::Serialize;

use crate::catalogue::{parse_within_id, slot, DEFS};
use crate::engine::{self, Ctx, Scratch, Sink};
use crate::{IndicatorError, Options};

/// Which kind of record a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A referral / CIN episode.
    Referral,
    /// An assessment.
    Assessment,
    /// A Section 47 enquiry.
    S47,
    /// An ICPC following a S47 (S47-level `DateOfInitialCPC`).
    Icpc,
    /// A transfer-in ICPC (episode-level `DateOfInitialCPC`, no S47).
    TransferInIcpc,
    /// A child protection plan.
    CpPlan,
    /// A child in need plan.
    CinPlan,
    /// A contact.
    Contact,
    /// An early help episode.
    EarlyHelp,
    /// A child (child-level indicators: `cin_at_end`, `cpp_reviews_on_time_pct`).
    Child,
}

/// Where a row stands in the indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DrillStatus {
    /// Counted in the numerator (and in the denominator, for a percentage).
    Numerator,
    /// In the denominator but not the numerator.
    Denominator,
    /// Not counted yet: outcome unknown (S47s with no ICPC and no "not required").
    Pending,
    /// Not counted: a needed yes/no answer is missing (child seen).
    Unknown,
    /// Not counted: a needed date is missing or outside the working-day calendar.
    Skipped,
}

/// One record behind an indicator.
///
/// Which dates fill `start`, `end` and `reference_date` depends on the indicator and is
/// listed in `DEFINITIONS.md` ("Drill-down"). In short: `start` is the event's own start
/// (referral date, assessment start, strategy discussion, plan start, contact date),
/// `end` its closing date (closure, authorisation, ICPC, plan end), and `reference_date`
/// the other date the test used (the previous referral, the period end, the matching plan
/// start, the review deadline, the early help episode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillRow {
    /// The child.
    pub child_id: ChildId,
    /// What the row is about.
    pub event: EventKind,
    /// Where it stands.
    pub status: DrillStatus,
    /// Counted in the numerator.
    pub in_numerator: bool,
    /// Counted in the denominator (always false for counts).
    pub in_denominator: bool,
    /// The event's start or anchor date.
    pub start: Option<NaiveDate>,
    /// The event's end or outcome date.
    pub end: Option<NaiveDate>,
    /// The other date the test used, if any.
    pub reference_date: Option<NaiveDate>,
    /// Working days `start → end` (or `start → period end` for open items), when used.
    pub working_days: Option<i64>,
    /// Calendar days, when used (plan and early help durations, re-referral gap).
    pub days: Option<i64>,
    /// Whole calendar months, when used (plan durations).
    pub months: Option<u32>,
    /// Recorded number of previous CP plans (`cpp_repeat_pct`).
    pub previous_plans: Option<u32>,
    /// Why the row stands where it does, when that is not obvious.
    pub note: Option<&'static str>,
    /// Team of the event.
    pub team: Option<String>,
    /// Worker (staff ID) of the event.
    pub worker: Option<String>,
}

impl DrillRow {
    /// A row with only the child and kind set (the engine fills in the rest).
    pub(crate) fn new(
        child: &Child,
        event: EventKind,
        team: &Option<String>,
        worker: &Option<String>,
    ) -> DrillRow {
        DrillRow {
            child_id: child.la_child_id.clone(),
            event,
            status: DrillStatus::Numerator,
            in_numerator: false,
            in_denominator: false,
            start: None,
            end: None,
            reference_date: None,
            working_days: None,
            days: None,
            months: None,
            previous_plans: None,
            note: None,
            team: team.clone(),
            worker: worker.clone(),
        }
    }
}

/// Sink that keeps the rows of one slot.
struct RowSink {
    slot: usize,
    rows: Vec<DrillRow>,
}

impl Sink for RowSink {
    #[inline]
    fn record(&mut self, slot: usize, num: bool, den: bool, row: impl FnOnce() -> DrillRow) {
        if slot == self.slot {
            let mut r = row();
            r.in_numerator = num;
            r.in_denominator = den;
            r.status = if num {
                DrillStatus::Numerator
            } else {
                DrillStatus::Denominator
            };
            self.rows.push(r);
        }
    }

    #[inline]
    fn skip(&mut self, slot: usize, row: impl FnOnce() -> DrillRow) {
        if slot == self.slot {
            let mut r = row();
            r.in_numerator = false;
            r.in_denominator = false;
            r.status = DrillStatus::Skipped;
            self.rows.push(r);
        }
    }

    #[inline]
    fn extra(&mut self, slot: usize, status: Option<DrillStatus>, row: impl FnOnce() -> DrillRow) {
        if slot == self.slot {
            if let Some(status) = status {
                let mut r = row();
                r.in_numerator = false;
                r.in_denominator = false;
                r.status = status;
                self.rows.push(r);
            }
        }
    }
}

/// The records behind indicator `id` for `period`, with default [`Options`].
///
/// Rows come in input order (child by child, event by event). Includes the records in
/// the numerator and denominator and, with their own status, pending, unknown and skipped
/// records. Errors for an unknown id.
pub fn drill_down(
    children: &[Child],
    period: Period,
    id: &str,
) -> Result<Vec<DrillRow>, IndicatorError> {
    drill_down_with(children, period, id, &Options::default())
}

/// [`drill_down`] with explicit options (needed for the early help target and for
/// `assessments_within_{N}wd_pct` with any `N`, which need not be listed in
/// `options.extra_assessment_limits`).
pub fn drill_down_with(
    children: &[Child],
    period: Period,
    id: &str,
    options: &Options,
) -> Result<Vec<DrillRow>, IndicatorError> {
    let (target, limits): (usize, Vec<(usize, u32)>) =
        if let Some(pos) = DEFS.iter().position(|d| d.id == id) {
            (pos, Vec::new())
        } else if let Some(n) = parse_within_id(id) {
            if n == 45 {
                (slot::ASSESSMENTS_45WD, Vec::new())
            } else {
                (slot::FIXED, vec![(slot::FIXED, n)])
            }
        } else {
            return Err(IndicatorError::UnknownIndicator { id: id.to_owned() });
        };
    let cx = Ctx::new(period, options, &limits);
    let mut sink = RowSink {
        slot: target,
        rows: Vec::new(),
    };
    let mut scratch = Scratch::default();
    for child in children {
        scratch.prepare(child);
        engine::eval_child(child, &mut scratch, &cx, &mut sink);
    }
    Ok(sink.rows)
}
