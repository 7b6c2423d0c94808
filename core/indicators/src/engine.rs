//! The per-child rules: the one place where every indicator's definition is code.
//!
//! [`eval_child`] looks at one child for one period and reports every record that
//! belongs to an indicator to a [`Sink`]: `record` (in the numerator and/or the
//! denominator), `skip` (a needed date is missing or outside the working-day calendar) and
//! `extra` (the indicator's extra figure: pending, unknown, negative duration). The
//! counting sink (`compute.rs`) adds these up; the drill-down sink (`drill.rs`) keeps rows.
//! Row closures are only called by the drill-down sink, so counting never builds a row.
//!
//! Cost: one walk over the child's events per period, with a few date comparisons per
//! event. Period-independent lookups (the child's referral dates, CP plan start dates) are
//! prepared once per child in [`Scratch`] and reused across periods.

use assure_calendar::{checked_add_months, working_days, Period};
use assure_casedata::{Child, NaiveDate};

use crate::catalogue::slot;
use crate::drill::{DrillRow, DrillStatus, EventKind};
use crate::Options;

/// Receives what [`eval_child`] finds.
pub(crate) trait Sink {
    /// A record in indicator `slot`: `num` = in the numerator, `den` = in the denominator
    /// (counts call this with `num = true, den = false`).
    fn record(&mut self, slot: usize, num: bool, den: bool, row: impl FnOnce() -> DrillRow);
    /// A record that could have belonged to `slot` but lacks a date the indicator needs.
    fn skip(&mut self, slot: usize, row: impl FnOnce() -> DrillRow);
    /// Adds one to `slot`'s extra figure. With a status, the record is not otherwise
    /// counted and drill-down shows it with that status (pending, unknown); without one
    /// (negative duration) the record was already reported through `record`.
    fn extra(&mut self, slot: usize, status: Option<DrillStatus>, row: impl FnOnce() -> DrillRow);
}

/// One period's constants.
pub(crate) struct Ctx<'a> {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Period end − 24 months (`None` only at the edge of the representable range).
    end_m24: Option<NaiveDate>,
    /// Period end − 18 months.
    end_m18: Option<NaiveDate>,
    eh_target_days: i64,
    /// Parametrised assessment limits: (slot, working days).
    limits: &'a [(usize, u32)],
}

impl<'a> Ctx<'a> {
    pub fn new(period: Period, options: &Options, limits: &'a [(usize, u32)]) -> Ctx<'a> {
        let end = period.end();
        Ctx {
            start: period.start(),
            end,
            end_m24: checked_add_months(end, -24),
            end_m18: checked_add_months(end, -18),
            eh_target_days: i64::from(options.early_help_target_days),
            limits,
        }
    }

    #[inline]
    fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    #[inline]
    fn contains_opt(&self, d: Option<NaiveDate>) -> Option<NaiveDate> {
        d.filter(|&d| self.contains(d))
    }

    /// "Not ended by the period end": no end date, or an end date after the end.
    #[inline]
    fn open_at_end(&self, end: Option<NaiveDate>) -> bool {
        end.is_none_or(|x| x > self.end)
    }
}

/// Per-child lookups that do not depend on the period, plus reusable buffers.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The child's dated referrals, ascending.
    referral_dates: Vec<NaiveDate>,
    /// The child's dated CP plan starts, ascending.
    cp_starts: Vec<NaiveDate>,
    /// Buffer for one plan's review dates.
    reviews: Vec<NaiveDate>,
}

impl Scratch {
    pub fn prepare(&mut self, child: &Child) {
        self.referral_dates.clear();
        self.cp_starts.clear();
        for ep in &child.episodes {
            if let Some(d) = ep.referral_date {
                self.referral_dates.push(d);
            }
            for p in &ep.cp_plans {
                if let Some(d) = p.start {
                    self.cp_starts.push(d);
                }
            }
        }
        if self.referral_dates.len() > 1 {
            self.referral_dates.sort_unstable();
        }
        if self.cp_starts.len() > 1 {
            self.cp_starts.sort_unstable();
        }
    }

    /// The latest referral of the child dated in `[d − 12 months, d)`.
    #[inline]
    fn previous_referral_within_12m(&self, d: NaiveDate) -> Option<NaiveDate> {
        let i = self.referral_dates.partition_point(|&x| x < d);
        let prev = *self.referral_dates.get(i.checked_sub(1)?)?;
        match checked_add_months(d, -12) {
            Some(lo) if prev < lo => None,
            _ => Some(prev),
        }
    }

    #[inline]
    fn has_cp_start_on(&self, d: NaiveDate) -> bool {
        self.cp_starts.binary_search(&d).is_ok()
    }
}

/// Calendar days from `a` to `b` (negative when `b < a`).
#[inline]
pub(crate) fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    b.signed_duration_since(a).num_days()
}

/// Whole calendar months from `start` to `end`: the largest `m` with
/// `start + m months ≤ end` (months clamped to month end); `None` if `end < start`.
pub(crate) fn whole_months(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    if end < start {
        return None;
    }
    // A month is at most 31 days, so `start + days/31 months` is never after `end`.
    let mut m = (days_between(start, end) / 31) as i32;
    while checked_add_months(start, m + 1).is_some_and(|next| next <= end) {
        m += 1;
    }
    Some(m as u32)
}

/// Review timeliness of one plan open at `end` with `start + 3 months = due3 ≤ end`.
struct ReviewVerdict {
    on_time: bool,
    /// Deadline of the next review still to come at the period end.
    pending_deadline: Option<NaiveDate>,
    last_review: Option<NaiveDate>,
    reason: Option<&'static str>,
}

fn review_verdict(
    review_dates: &[NaiveDate],
    start: NaiveDate,
    due3: NaiveDate,
    end: NaiveDate,
    buf: &mut Vec<NaiveDate>,
) -> ReviewVerdict {
    buf.clear();
    buf.extend(
        review_dates
            .iter()
            .copied()
            .filter(|&r| r > start && r <= end),
    );
    buf.sort_unstable();
    let mut deadline = Some(due3);
    let mut reason = None;
    for (i, &r) in buf.iter().enumerate() {
        if reason.is_none() && deadline.is_some_and(|dl| r > dl) {
            reason = Some(if i == 0 {
                "first review after start + 3 months"
            } else {
                "review more than 6 months after the previous one"
            });
        }
        deadline = checked_add_months(r, 6);
    }
    if reason.is_none() && deadline.is_some_and(|dl| dl < end) {
        reason = Some("next review overdue at the period end");
    }
    ReviewVerdict {
        on_time: reason.is_none(),
        pending_deadline: deadline,
        last_review: buf.last().copied(),
        reason,
    }
}

/// Evaluate one child for one period.
#[inline]
pub(crate) fn eval_child<S: Sink>(child: &Child, sc: &mut Scratch, cx: &Ctx<'_>, sink: &mut S) {
    use EventKind as K;

    // ---- Contacts ------------------------------------------------------------------
    for c in &child.contacts {
        match c.date {
            None => sink.skip(slot::CONTACTS, || {
                DrillRow::new(child, K::Contact, &c.team, &c.worker)
            }),
            Some(d) if cx.contains(d) => sink.record(slot::CONTACTS, true, false, || DrillRow {
                start: Some(d),
                ..DrillRow::new(child, K::Contact, &c.team, &c.worker)
            }),
            Some(_) => {}
        }
    }

    // ---- Early help ----------------------------------------------------------------
    for eh in &child.early_help {
        let row = || DrillRow {
            start: eh.start,
            end: eh.end,
            ..DrillRow::new(child, K::EarlyHelp, &eh.team, &eh.worker)
        };
        match eh.start {
            None => sink.skip(slot::EH_STARTED, row),
            Some(d) if cx.contains(d) => sink.record(slot::EH_STARTED, true, false, row),
            Some(_) => {}
        }
        if let Some(end) = cx.contains_opt(eh.end) {
            match eh.start {
                None => sink.skip(slot::EH_WITHIN_TARGET, row),
                Some(st) => {
                    let days = days_between(st, end);
                    let row = || DrillRow {
                        days: Some(days),
                        ..row()
                    };
                    sink.record(slot::EH_WITHIN_TARGET, days <= cx.eh_target_days, true, row);
                    if days < 0 {
                        sink.extra(slot::EH_WITHIN_TARGET, None, row);
                    }
                }
            }
        }
    }

    // ---- Episodes ------------------------------------------------------------------
    let mut cin_open_episode = None;
    for ep in &child.episodes {
        let ep_row = || DrillRow {
            start: ep.referral_date,
            end: ep.closure_date,
            ..DrillRow::new(child, K::Referral, &ep.team, &ep.worker)
        };
        let not_nfa = ep.referral_nfa != Some(true);
        match ep.referral_date {
            None => {
                sink.skip(slot::REFERRALS, ep_row);
                sink.skip(slot::REREFERRALS, ep_row);
                sink.skip(slot::REFERRAL_NFA, ep_row);
                sink.skip(slot::PRIOR_EH, ep_row);
                if not_nfa && cx.open_at_end(ep.closure_date) {
                    sink.skip(slot::CIN_AT_END, ep_row);
                }
            }
            Some(d) => {
                if cx.contains(d) {
                    sink.record(slot::REFERRALS, true, false, ep_row);
                    let prev = sc.previous_referral_within_12m(d);
                    sink.record(slot::REREFERRALS, prev.is_some(), true, || DrillRow {
                        reference_date: prev,
                        days: prev.map(|p| days_between(p, d)),
                        ..ep_row()
                    });
                    sink.record(slot::REFERRAL_NFA, !not_nfa, true, ep_row);
                    let eh = prior_early_help(child, d);
                    sink.record(slot::PRIOR_EH, eh.is_some(), true, || DrillRow {
                        reference_date: eh,
                        note: eh.map(|_| "reference_date = start of the early help episode"),
                        ..ep_row()
                    });
                }
                if not_nfa
                    && d <= cx.end
                    && cx.open_at_end(ep.closure_date)
                    && cin_open_episode.is_none()
                {
                    cin_open_episode = Some(ep);
                }
            }
        }

        // Transfer-in ICPC (episode level).
        if let Some(ic) = cx.contains_opt(ep.episode_icpc_date) {
            let row = || DrillRow {
                start: ep.referral_date,
                end: Some(ic),
                ..DrillRow::new(child, K::TransferInIcpc, &ep.team, &ep.worker)
            };
            icpc_outcome(sc, ic, row, sink);
        }

        // Assessments.
        for a in &ep.assessments {
            let row = || DrillRow {
                start: a.start,
                end: a.authorised,
                ..DrillRow::new(child, K::Assessment, &a.team, &a.worker)
            };
            if let Some(au) = cx.contains_opt(a.authorised) {
                sink.record(slot::ASSESSMENTS_COMPLETED, true, false, row);
                match a.start.map(|st| working_days(st, au)) {
                    Some(Ok(wd)) => {
                        let row = || DrillRow {
                            working_days: Some(wd),
                            ..row()
                        };
                        sink.record(slot::ASSESSMENTS_45WD, wd <= 45, true, row);
                        if wd < 0 {
                            sink.extra(slot::ASSESSMENTS_45WD, None, row);
                        }
                        for &(s, n) in cx.limits {
                            sink.record(s, wd <= i64::from(n), true, row);
                            if wd < 0 {
                                sink.extra(s, None, row);
                            }
                        }
                    }
                    _ => {
                        sink.skip(slot::ASSESSMENTS_45WD, row);
                        for &(s, _) in cx.limits {
                            sink.skip(s, row);
                        }
                    }
                }
                match a.child_seen {
                    Some(seen) => sink.record(slot::CHILD_SEEN, seen, true, row),
                    None => sink.extra(slot::CHILD_SEEN, Some(DrillStatus::Unknown), row),
                }
            }
            if cx.open_at_end(a.authorised) {
                match a.start {
                    None => sink.skip(slot::ASSESSMENTS_OPEN_45WD, row),
                    Some(st) if st <= cx.end => match working_days(st, cx.end) {
                        Ok(wd) if wd > 45 => {
                            sink.record(slot::ASSESSMENTS_OPEN_45WD, true, false, || DrillRow {
                                reference_date: Some(cx.end),
                                working_days: Some(wd),
                                ..row()
                            })
                        }
                        Ok(_) => {}
                        Err(_) => sink.skip(slot::ASSESSMENTS_OPEN_45WD, row),
                    },
                    Some(_) => {}
                }
            }
        }

        // Section 47 enquiries and their ICPCs.
        for s in &ep.s47s {
            let row = || DrillRow {
                start: s.start,
                end: s.icpc_date,
                ..DrillRow::new(child, K::S47, &s.team, &s.worker)
            };
            match s.start {
                None => {
                    sink.skip(slot::S47_STARTED, row);
                    sink.skip(slot::S47_TO_ICPC, row);
                }
                Some(st) if cx.contains(st) => {
                    sink.record(slot::S47_STARTED, true, false, row);
                    if s.icpc_date.is_some() {
                        sink.record(slot::S47_TO_ICPC, true, true, row);
                    } else if s.icpc_not_required == Some(true) {
                        sink.record(slot::S47_TO_ICPC, false, true, || DrillRow {
                            note: Some("ICPC not required"),
                            ..row()
                        });
                    } else {
                        sink.extra(slot::S47_TO_ICPC, Some(DrillStatus::Pending), row);
                    }
                }
                Some(_) => {}
            }
            if let Some(ic) = cx.contains_opt(s.icpc_date) {
                let icpc_row = || DrillRow {
                    event: K::Icpc,
                    ..row()
                };
                icpc_outcome(sc, ic, icpc_row, sink);
                match s.start.map(|st| working_days(st, ic)) {
                    Some(Ok(wd)) => {
                        let row = || DrillRow {
                            working_days: Some(wd),
                            ..icpc_row()
                        };
                        sink.record(slot::ICPC_15WD, wd <= 15, true, row);
                        if wd < 0 {
                            sink.extra(slot::ICPC_15WD, None, row);
                        }
                    }
                    _ => sink.skip(slot::ICPC_15WD, icpc_row),
                }
            }
        }

        // Child protection plans (plan-level indicators).
        for p in &ep.cp_plans {
            let row = || DrillRow {
                start: p.start,
                end: p.end,
                ..DrillRow::new(child, K::CpPlan, &p.team, &p.worker)
            };
            let open = cx.open_at_end(p.end);
            let Some(st) = p.start else {
                sink.skip(slot::CPP_STARTED, row);
                sink.skip(slot::CPP_REPEAT, row);
                if open {
                    sink.skip(slot::CPP_OPEN_AT_END, row);
                    sink.skip(slot::CPP_OPEN_2Y_PCT, row);
                    sink.skip(slot::CPP_OPEN_18M, row);
                    sink.skip(slot::CPP_OPEN_2Y, row);
                }
                if cx.contains_opt(p.end).is_some() {
                    sink.skip(slot::CPP_ENDED_2Y, row);
                }
                continue;
            };
            if cx.contains(st) {
                sink.record(slot::CPP_STARTED, true, false, row);
                let repeat_row = || DrillRow {
                    previous_plans: p.previous_plans,
                    ..row()
                };
                sink.record(
                    slot::CPP_REPEAT,
                    p.previous_plans.is_some_and(|n| n > 0),
                    true,
                    repeat_row,
                );
                if p.previous_plans.is_none() {
                    sink.extra(slot::CPP_REPEAT, None, repeat_row);
                }
            }
            if open && st <= cx.end {
                let open_row = || DrillRow {
                    reference_date: Some(cx.end),
                    days: Some(days_between(st, cx.end)),
                    months: whole_months(st, cx.end),
                    ..row()
                };
                let two_years = cx.end_m24.is_some_and(|c| st <= c);
                sink.record(slot::CPP_OPEN_AT_END, true, false, open_row);
                sink.record(slot::CPP_OPEN_2Y_PCT, two_years, true, open_row);
                if cx.end_m18.is_some_and(|c| st <= c) {
                    sink.record(slot::CPP_OPEN_18M, true, false, open_row);
                }
                if two_years {
                    sink.record(slot::CPP_OPEN_2Y, true, false, open_row);
                }
            }
            if let Some(en) = cx.contains_opt(p.end) {
                let lasted = checked_add_months(st, 24).is_some_and(|c| en >= c);
                sink.record(slot::CPP_ENDED_2Y, lasted, true, || DrillRow {
                    days: Some(days_between(st, en)),
                    months: whole_months(st, en),
                    ..row()
                });
            }
        }

        // Child in need plans.
        for p in &ep.cin_plans {
            if !cx.open_at_end(p.end) {
                continue;
            }
            let row = || DrillRow {
                start: p.start,
                end: p.end,
                ..DrillRow::new(child, K::CinPlan, &p.team, &p.worker)
            };
            match p.start {
                None => sink.skip(slot::CIN_PLANS_AT_END, row),
                Some(st) if st <= cx.end => sink.record(slot::CIN_PLANS_AT_END, true, false, row),
                Some(_) => {}
            }
        }
    }

    // ---- Child-level indicators ----------------------------------------------------
    if let Some(ep) = cin_open_episode {
        sink.record(slot::CIN_AT_END, true, false, || DrillRow {
            start: ep.referral_date,
            end: ep.closure_date,
            reference_date: Some(cx.end),
            note: Some("start/end = referral and closure of the first open episode"),
            ..DrillRow::new(child, K::Child, &ep.team, &ep.worker)
        });
    }
    cp_reviews(child, sc, cx, sink);
}

/// An early help episode "open on the referral date `d`" (start ≤ d and no end or
/// end ≥ d) or "ended in the 6 months before it" (end in `[d − 6 months, d)`); returns the
/// first such episode's start (or its end when it has no start, for the drill-down).
#[inline]
fn prior_early_help(child: &Child, d: NaiveDate) -> Option<NaiveDate> {
    if child.early_help.is_empty() {
        return None;
    }
    let lo = checked_add_months(d, -6);
    child.early_help.iter().find_map(|eh| {
        let open_on = eh.start.is_some_and(|s| s <= d) && eh.end.is_none_or(|e| e >= d);
        let ended_before = eh.end.is_some_and(|e| e < d && lo.is_none_or(|lo| e >= lo));
        (open_on || ended_before).then(|| eh.start.or(eh.end).unwrap_or(d))
    })
}

/// Reports one ICPC (either kind) dated `ic` to `icpcs`, `icpc_to_cpp_pct` and
/// `icpc_dropout_pct`.
#[inline]
fn icpc_outcome<S: Sink>(sc: &Scratch, ic: NaiveDate, row: impl Fn() -> DrillRow, sink: &mut S) {
    sink.record(slot::ICPCS, true, false, &row);
    let plan = sc.has_cp_start_on(ic);
    let row = || DrillRow {
        reference_date: plan.then_some(ic),
        note: Some(if plan {
            "a CP plan starts on the ICPC date"
        } else {
            "no CP plan starts on the ICPC date"
        }),
        ..row()
    };
    sink.record(slot::ICPC_TO_CPP, plan, true, row);
    sink.record(slot::ICPC_DROPOUT, !plan, true, row);
}

/// `cpp_reviews_on_time_pct`: one record per child with at least one plan open at the end
/// whose start + 3 months ≤ end.
#[inline]
fn cp_reviews<S: Sink>(child: &Child, sc: &mut Scratch, cx: &Ctx<'_>, sink: &mut S) {
    let mut eligible = false;
    let mut all_on_time = true;
    // The plan shown in the drill-down row: the first late plan, else the first eligible.
    let mut shown: Option<(&assure_casedata::CpPlan, NaiveDate, ReviewVerdict)> = None;
    for ep in &child.episodes {
        for p in &ep.cp_plans {
            if !cx.open_at_end(p.end) {
                continue;
            }
            let Some(st) = p.start else {
                sink.skip(slot::CPP_REVIEWS, || DrillRow {
                    end: p.end,
                    ..DrillRow::new(child, EventKind::CpPlan, &p.team, &p.worker)
                });
                continue;
            };
            if st > cx.end {
                continue;
            }
            let Some(due3) = checked_add_months(st, 3).filter(|&d| d <= cx.end) else {
                continue;
            };
            eligible = true;
            let v = review_verdict(&p.review_dates, st, due3, cx.end, &mut sc.reviews);
            let late = !v.on_time;
            if late {
                all_on_time = false;
            }
            if shown.is_none() || (late && shown.as_ref().is_some_and(|s| s.2.on_time)) {
                shown = Some((p, st, v));
            }
        }
    }
    if eligible {
        sink.record(slot::CPP_REVIEWS, all_on_time, true, || {
            let (p, st, v) = shown.expect("an eligible plan was seen");
            DrillRow {
                start: Some(st),
                end: v.last_review,
                reference_date: v.pending_deadline,
                note: Some(
                    v.reason
                        .unwrap_or("on time (end = last review, reference_date = next review due)"),
                ),
                ..DrillRow::new(child, EventKind::Child, &p.team, &p.worker)
            }
        });
    }
}
