//! The plan judged by evidence.
//!
//! A measure links a measurable success criterion to an indicator from the catalogue. This
//! crate finds the evidence for each measure: the most recent stored dataset that holds the
//! events the indicator needs, the indicator computed over that dataset's census year, and
//! the status the value suggests against the measure's target and tolerance.
//!
//! The pure parts (which dataset, which period, the evidence from a computed value) are
//! plain functions; [`evidence_for_plan`] reads the store and loads each dataset's children
//! at most once per call.

use assure_calendar::{census_year_of, Period};
use assure_casedata::{Child, NaiveDate};
use assure_indicators::{
    compute_all, definition, EventType, IndicatorDef, IndicatorValue, Options, Unit, FLAG_NO_DATA,
    FLAG_SMALL_NUMBER,
};
use assure_plan::{Measure, Plan, Status};
use assure_report::paper::{value_text, MeasureEvidence};
use assure_report::{long_date, BoardPaper};
use assure_store::{DatasetSummary, Store, StoreError};
use serde::Serialize;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

/// What the data says about one measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub measure_id: i64,
    /// The indicator's catalogue id.
    pub indicator: String,
    /// Its display name (the id when the catalogue does not know it).
    pub indicator_name: String,
    /// Count or percent (percent when the catalogue does not know the indicator and its id
    /// ends `_pct`).
    pub unit: Unit,
    /// The latest value; `None` when there is nothing to compute it from.
    pub value: Option<f64>,
    pub numerator: u64,
    /// `None` for counts.
    pub denominator: Option<u64>,
    /// 95% Wilson interval (percentages only).
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// `small_number`, `no_data`, as the indicator engine reports them.
    pub flags: Vec<String>,
    /// The period computed over (both ends included); `None` when no dataset could be used.
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub dataset_id: Option<i64>,
    pub dataset_name: Option<String>,
    /// Green at or beyond the target, Amber within tolerance, Red beyond; Not rated
    /// without a value.
    pub suggested: Status,
    /// Anything a reader needs to know, e.g. "no dataset holds early help episodes".
    pub note: Option<String>,
}

impl Evidence {
    pub fn is_percent(&self) -> bool {
        self.unit == Unit::Percent
    }

    /// "56.9%" or "1,200"; `None` without a value.
    pub fn value_text(&self) -> Option<String> {
        self.value.map(|v| value_text(v, self.is_percent()))
    }

    /// "380 of 668" for a percentage with a value.
    pub fn n_text(&self) -> Option<String> {
        self.value?;
        self.denominator.map(|d| {
            format!(
                "{} of {}",
                value_text(self.numerator as f64, false),
                value_text(d as f64, false)
            )
        })
    }

    /// The dataset and period in words, e.g. "Census 2009-10, 1 April 2009 to 31 March 2010".
    pub fn source_text(&self) -> Option<String> {
        let name = self.dataset_name.as_ref()?;
        Some(match self.period {
            Some((start, end)) => format!("{name}, {} to {}", long_date(start), long_date(end)),
            None => name.clone(),
        })
    }

    /// The plain input the board paper takes.
    pub fn for_paper(&self) -> MeasureEvidence {
        MeasureEvidence {
            value: self.value,
            numerator: self.numerator,
            denominator: self.denominator,
            unit_percent: self.is_percent(),
            indicator_name: self.indicator_name.clone(),
            source: self.source_text(),
            suggested: self.suggested,
            note: self.note.clone(),
        }
    }
}

/// The key of a dataset's `counts` JSON that counts events of this type.
pub fn count_key(event: EventType) -> &'static str {
    match event {
        EventType::Contacts => "contacts",
        EventType::EarlyHelp => "early_help",
        EventType::Referrals => "referrals",
        EventType::Assessments => "assessments",
        EventType::S47 => "s47",
        EventType::CpPlans => "cp_plans",
        EventType::CinPlans => "cin_plans",
    }
}

/// The events in words, for notes.
pub fn event_words(event: EventType) -> &'static str {
    match event {
        EventType::Contacts => "contacts",
        EventType::EarlyHelp => "early help episodes",
        EventType::Referrals => "referrals",
        EventType::Assessments => "assessments",
        EventType::S47 => "section 47 enquiries",
        EventType::CpPlans => "child protection plans",
        EventType::CinPlans => "child in need plans",
    }
}

/// A dataset's counts by event type (an unreadable `counts` reads as no events).
pub fn dataset_counts(dataset: &DatasetSummary) -> BTreeMap<String, u64> {
    serde_json::from_str(&dataset.counts).unwrap_or_default()
}

/// Whether the dataset holds at least one event of every type in `needs` (and, when
/// nothing in particular is needed, at least one child).
pub fn holds(dataset: &DatasetSummary, needs: &[EventType]) -> bool {
    let counts = dataset_counts(dataset);
    let has = |key: &str| counts.get(key).is_some_and(|&n| n > 0);
    if needs.is_empty() {
        return has("children");
    }
    needs.iter().all(|&e| has(count_key(e)))
}

/// The most recent dataset (highest id) that holds what the indicator needs.
pub fn choose_dataset<'a>(
    datasets: &'a [DatasetSummary],
    needs: &[EventType],
) -> Option<&'a DatasetSummary> {
    datasets
        .iter()
        .filter(|d| holds(d, needs))
        .max_by_key(|d| d.id)
}

/// "no dataset holds early help episodes", or "… section 47 enquiries and child
/// protection plans" when more than one kind is needed.
pub fn no_dataset_note(needs: &[EventType]) -> String {
    let words: Vec<&str> = needs.iter().map(|&e| event_words(e)).collect();
    let what = match words.as_slice() {
        [] => "any children".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!("no dataset holds {what}")
}

/// The latest date of any event a child has (targets, which lie in the future, excluded).
pub fn latest_event_date(children: &[Child]) -> Option<NaiveDate> {
    let mut latest: Option<NaiveDate> = None;
    let mut see = |d: Option<NaiveDate>| {
        if let Some(d) = d {
            latest = Some(latest.map_or(d, |l| l.max(d)));
        }
    };
    for c in children {
        c.contacts.iter().for_each(|x| see(x.date));
        for e in &c.early_help {
            see(e.start);
            see(e.end);
        }
        for ep in &c.episodes {
            see(ep.referral_date);
            see(ep.closure_date);
            see(ep.episode_icpc_date);
            for a in &ep.assessments {
                see(a.start);
                see(a.authorised);
                see(a.child_seen_date);
            }
            for p in &ep.cin_plans {
                see(p.start);
                see(p.end);
            }
            for s in &ep.s47s {
                see(s.start);
                see(s.icpc_date);
            }
            for p in &ep.cp_plans {
                see(p.start);
                see(p.end);
                p.review_dates.iter().for_each(|&d| see(Some(d)));
                p.visit_dates.iter().for_each(|&d| see(Some(d)));
            }
        }
    }
    latest
}

/// The period to compute over: the dataset's census year, or without one the census year
/// containing the latest event; `None` when neither is known.
pub fn period_for(census_year: Option<i64>, children: &[Child]) -> Option<Period> {
    let year = match census_year {
        Some(y) => i32::try_from(y).ok()?,
        None => census_year_of(latest_event_date(children)?),
    };
    Period::census_year(year).ok()
}

/// `Some(N)` for `assessments_within_{N}wd_pct`.
pub fn assessment_limit(indicator: &str) -> Option<u32> {
    let n = indicator
        .strip_prefix("assessments_within_")?
        .strip_suffix("wd_pct")?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

/// Options that compute every indicator these measures name (the parametrised
/// assessment-timeliness ones included).
pub fn options_for<'a>(measures: impl IntoIterator<Item = &'a Measure>) -> Options {
    let mut limits: Vec<u32> = measures
        .into_iter()
        .filter_map(|m| assessment_limit(&m.indicator))
        .collect();
    limits.sort_unstable();
    limits.dedup();
    Options {
        extra_assessment_limits: limits,
        ..Options::default()
    }
}

/// Where a computed value came from.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub dataset: &'a DatasetSummary,
    pub period: Period,
}

/// The evidence for a measure from its indicator's computed value.
pub fn evidence_from_value(
    measure: &Measure,
    def: &IndicatorDef,
    value: &IndicatorValue,
    source: Source<'_>,
) -> Evidence {
    let note = if value.flags.iter().any(|f| f == FLAG_NO_DATA) {
        Some(format!(
            "{} holds nothing to compute this indicator from in the period",
            source.dataset.name
        ))
    } else if value.value.is_none() {
        Some("no cases in the denominator in the period".to_string())
    } else if value.flags.iter().any(|f| f == FLAG_SMALL_NUMBER) {
        Some("small number (fewer than 30 cases): read the count and interval".to_string())
    } else {
        None
    };
    Evidence {
        measure_id: measure.id.unwrap_or_default(),
        indicator: measure.indicator.clone(),
        indicator_name: def.name.clone(),
        unit: def.unit,
        value: value.value,
        numerator: value.numerator,
        denominator: value.denominator,
        ci_low: value.ci_low,
        ci_high: value.ci_high,
        flags: value.flags.clone(),
        period: Some((source.period.start(), source.period.end())),
        dataset_id: Some(source.dataset.id),
        dataset_name: Some(source.dataset.name.clone()),
        suggested: measure.suggested(value.value),
        note,
    }
}

/// The evidence for a measure that has no value, saying why.
pub fn evidence_without_value(
    measure: &Measure,
    def: Option<&IndicatorDef>,
    dataset: Option<&DatasetSummary>,
    note: String,
) -> Evidence {
    Evidence {
        measure_id: measure.id.unwrap_or_default(),
        indicator: measure.indicator.clone(),
        indicator_name: def.map_or_else(|| measure.indicator.clone(), |d| d.name.clone()),
        unit: def.map_or(
            if measure.indicator.ends_with("_pct") {
                Unit::Percent
            } else {
                Unit::Count
            },
            |d| d.unit,
        ),
        value: None,
        numerator: 0,
        denominator: None,
        ci_low: None,
        ci_high: None,
        flags: vec![],
        period: None,
        dataset_id: dataset.map(|d| d.id),
        dataset_name: dataset.map(|d| d.name.clone()),
        suggested: Status::NotRated,
        note: Some(note),
    }
}

/// The evidence for every stored measure of the plan, keyed by measure id.
pub async fn evidence_for_plan(
    store: &Store,
    plan: &Plan,
) -> Result<BTreeMap<i64, Evidence>, StoreError> {
    let measures: Vec<&Measure> = plan.areas.iter().flat_map(|a| &a.measures).collect();
    evidence_for_measures(store, &measures).await
}

/// The evidence for these measures (those without an id are skipped), keyed by measure id.
/// Each dataset's children are loaded and computed over at most once.
pub async fn evidence_for_measures(
    store: &Store,
    measures: &[&Measure],
) -> Result<BTreeMap<i64, Evidence>, StoreError> {
    let mut out = BTreeMap::new();
    if measures.iter().all(|m| m.id.is_none()) {
        return Ok(out);
    }
    let datasets = store.list_datasets().await?;
    let options = options_for(measures.iter().copied());
    // Dataset id → the period and every indicator computed over it (None: no period).
    let mut computed: BTreeMap<i64, Option<(Period, Vec<IndicatorValue>)>> = BTreeMap::new();
    for &m in measures {
        let Some(id) = m.id else { continue };
        let Some(def) = definition(&m.indicator) else {
            let note = format!("{} is not an indicator in the catalogue", m.indicator);
            out.insert(id, evidence_without_value(m, None, None, note));
            continue;
        };
        let Some(dataset) = choose_dataset(&datasets, &def.needs) else {
            let note = no_dataset_note(&def.needs);
            out.insert(id, evidence_without_value(m, Some(&def), None, note));
            continue;
        };
        if let Entry::Vacant(slot) = computed.entry(dataset.id) {
            let children = store.dataset_children(dataset.id).await?;
            slot.insert(
                period_for(dataset.census_year, &children)
                    .map(|period| (period, compute_all(&children, period, &options))),
            );
        }
        let evidence = match &computed[&dataset.id] {
            Some((period, values)) => match values.iter().find(|v| v.id == def.id) {
                Some(value) => evidence_from_value(
                    m,
                    &def,
                    value,
                    Source {
                        dataset,
                        period: *period,
                    },
                ),
                None => evidence_without_value(
                    m,
                    Some(&def),
                    Some(dataset),
                    format!("{} was not computed", def.id),
                ),
            },
            None => evidence_without_value(
                m,
                Some(&def),
                Some(dataset),
                format!(
                    "{} has no census year and no dated events to choose a period from",
                    dataset.name
                ),
            ),
        };
        out.insert(id, evidence);
    }
    Ok(out)
}

/// The board paper for a plan with each measure's evidence beside its chosen status.
pub async fn board_paper(
    store: &Store,
    plan: &Plan,
    as_at: NaiveDate,
) -> Result<BoardPaper, StoreError> {
    let evidence = evidence_for_plan(store, plan).await?;
    Ok(BoardPaper::with_evidence(
        plan,
        as_at,
        &for_paper(&evidence),
    ))
}

/// The board paper's input from the evidence.
pub fn for_paper(evidence: &BTreeMap<i64, Evidence>) -> BTreeMap<i64, MeasureEvidence> {
    evidence
        .iter()
        .map(|(&id, e)| (id, e.for_paper()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_casedata::{ChildId, CpPlan, Episode, S47};
    use assure_plan::Direction;
    use chrono::{TimeZone, Utc};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dataset(id: i64, counts: &str, census_year: Option<i64>) -> DatasetSummary {
        DatasetSummary {
            id,
            name: format!("Dataset {id}"),
            source_format: "cin-xml".into(),
            census_year,
            extract_date: None,
            file_name: "x.xml".into(),
            file_sha256: format!("{id:064}"),
            imported_by: "tester".into(),
            imported_at: Utc.with_ymd_and_hms(2010, 8, 1, 9, 0, 0).unwrap(),
            counts: counts.into(),
            errors: 0,
            queries: 0,
        }
    }

    fn measure(indicator: &str, target: f64, direction: Direction, tolerance: f64) -> Measure {
        Measure {
            id: Some(1),
            version: Some(1),
            criterion: "criterion".into(),
            indicator: indicator.into(),
            baseline: None,
            target,
            direction,
            tolerance,
            status: Status::NotRated,
            history: vec![],
        }
    }

    #[test]
    fn the_most_recent_dataset_holding_every_needed_event_is_chosen() {
        let all = [
            dataset(1, r#"{"children":10,"s47":5,"cp_plans":3}"#, Some(2010)),
            dataset(2, r#"{"children":10,"s47":5,"cp_plans":0}"#, Some(2011)),
            dataset(3, r#"{"children":10,"early_help":4}"#, Some(2011)),
        ];
        let both = [EventType::S47, EventType::CpPlans];
        assert_eq!(choose_dataset(&all, &both).map(|d| d.id), Some(1));
        assert_eq!(
            choose_dataset(&all, &[EventType::S47]).map(|d| d.id),
            Some(2)
        );
        assert_eq!(
            choose_dataset(&all, &[EventType::EarlyHelp]).map(|d| d.id),
            Some(3)
        );
        assert_eq!(choose_dataset(&all, &[EventType::Contacts]), None);
        assert_eq!(choose_dataset(&all, &[]).map(|d| d.id), Some(3));
        assert!(!holds(&dataset(4, "not json", None), &[EventType::S47]));
    }

    #[test]
    fn notes_name_what_no_dataset_holds() {
        assert_eq!(
            no_dataset_note(&[EventType::EarlyHelp]),
            "no dataset holds early help episodes"
        );
        assert_eq!(
            no_dataset_note(&[EventType::S47, EventType::CpPlans]),
            "no dataset holds section 47 enquiries and child protection plans"
        );
    }

    #[test]
    fn the_period_is_the_census_year_or_the_one_holding_the_latest_event() {
        assert_eq!(
            period_for(Some(2010), &[]),
            Some(Period::census_year(2010).unwrap())
        );
        assert_eq!(period_for(None, &[]), None);
        let mut child = Child::new(ChildId::parse("C1").unwrap());
        child.episodes.push(Episode {
            referral_date: Some(d("2010-02-01")),
            s47s: vec![S47 {
                start: Some(d("2010-03-30")),
                // A target in the next year does not move the period.
                icpc_target: Some(d("2010-04-20")),
                ..S47::default()
            }],
            ..Episode::default()
        });
        assert_eq!(latest_event_date(&[child.clone()]), Some(d("2010-03-30")));
        assert_eq!(
            period_for(None, &[child.clone()]),
            Some(Period::census_year(2010).unwrap())
        );
        child.episodes[0].cp_plans.push(CpPlan {
            start: Some(d("2010-04-01")),
            ..CpPlan::default()
        });
        assert_eq!(
            period_for(None, &[child]),
            Some(Period::census_year(2011).unwrap())
        );
    }

    #[test]
    fn parametrised_assessment_limits_are_asked_for() {
        assert_eq!(assessment_limit("assessments_within_10wd_pct"), Some(10));
        assert_eq!(assessment_limit("assessments_within_wd_pct"), None);
        assert_eq!(assessment_limit("s47_to_icpc_pct"), None);
        let ms = [
            measure(
                "assessments_within_35wd_pct",
                1.0,
                Direction::HigherIsBetter,
                0.0,
            ),
            measure(
                "assessments_within_10wd_pct",
                1.0,
                Direction::HigherIsBetter,
                0.0,
            ),
            measure(
                "assessments_within_10wd_pct",
                1.0,
                Direction::HigherIsBetter,
                0.0,
            ),
            measure("icpcs", 1.0, Direction::HigherIsBetter, 0.0),
        ];
        assert_eq!(options_for(&ms).extra_assessment_limits, [10, 35]);
    }

    fn value(numerator: u64, denominator: u64, v: Option<f64>, flags: &[&str]) -> IndicatorValue {
        IndicatorValue {
            id: "s47_to_icpc_pct".into(),
            name: "Section 47 enquiries leading to an ICPC".into(),
            numerator,
            denominator: Some(denominator),
            value: v,
            unit: Unit::Percent,
            ci_low: Some(53.1),
            ci_high: Some(60.6),
            flags: flags.iter().map(|s| s.to_string()).collect(),
            skipped: 0,
            rate_per_10k: None,
            extra: BTreeMap::new(),
        }
    }

    #[test]
    fn evidence_carries_the_value_its_n_and_the_suggested_status() {
        let m = measure("s47_to_icpc_pct", 57.0, Direction::HigherIsBetter, 5.0);
        let def = definition("s47_to_icpc_pct").unwrap();
        let ds = dataset(4, r#"{"s47":668}"#, Some(2010));
        let source = Source {
            dataset: &ds,
            period: Period::census_year(2010).unwrap(),
        };
        let e = evidence_from_value(&m, &def, &value(380, 668, Some(56.9), &[]), source);
        assert_eq!(e.suggested, Status::Amber);
        assert_eq!(e.value_text().as_deref(), Some("56.9%"));
        assert_eq!(e.n_text().as_deref(), Some("380 of 668"));
        assert_eq!(
            e.source_text().as_deref(),
            Some("Dataset 4, 1 April 2009 to 31 March 2010")
        );
        assert_eq!(e.note, None);
        assert_eq!(e.for_paper().suggested, Status::Amber);

        let green = evidence_from_value(&m, &def, &value(400, 668, Some(59.9), &[]), source);
        assert_eq!(green.suggested, Status::Green);
        let red = evidence_from_value(&m, &def, &value(300, 668, Some(44.9), &[]), source);
        assert_eq!(red.suggested, Status::Red);
        let small = evidence_from_value(
            &m,
            &def,
            &value(5, 10, Some(50.0), &[FLAG_SMALL_NUMBER]),
            source,
        );
        assert!(small.note.unwrap().starts_with("small number"));
        let none = evidence_from_value(&m, &def, &value(0, 0, None, &[FLAG_NO_DATA]), source);
        assert_eq!(none.suggested, Status::NotRated);
        assert_eq!(none.n_text(), None);
        assert!(none.note.unwrap().contains("holds nothing"));
    }

    #[test]
    fn without_a_value_the_evidence_says_why_and_suggests_nothing() {
        let m = measure(
            "early_help_assessments_started",
            1200.0,
            Direction::HigherIsBetter,
            240.0,
        );
        let def = definition(&m.indicator).unwrap();
        let e = evidence_without_value(&m, Some(&def), None, no_dataset_note(&def.needs));
        assert_eq!(e.suggested, Status::NotRated);
        assert_eq!(e.unit, Unit::Count);
        assert_eq!(
            e.note.as_deref(),
            Some("no dataset holds early help episodes")
        );
        assert_eq!(e.source_text(), None);
    }
}
