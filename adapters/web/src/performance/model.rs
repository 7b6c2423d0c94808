//! What the pages and downloads show, worked out from a [`Selection`]: tiles, the funnel,
//! run charts, team breakdowns, comparisons and the tables behind them. Pure: no I/O.

use super::compare::{self, Comparison, Measure};
use super::export::{is_suppressed, Cell, Sheet};
use super::{council, la_code, FormError, PlanTarget, PopulationUsed, Selection, LA_CODE_VAR};
use assure_calendar::Period;
use assure_casedata::Child;
use assure_charts::{
    format_count, format_percent, Bar, BarChart, FunnelChart, Highlight, Line, Point, RunChart,
    Stage, Table,
};
use assure_indicators::{
    catalogue_for, compute_all, compute_series, IndicatorDef, IndicatorValue, Options, Polarity,
    SeriesPoint, Unit, FLAG_NO_DATA, FLAG_SMALL_NUMBER,
};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

// ---------------------------------------------------------------- words and numbers

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn period_text(p: Period) -> String {
    format!("{} to {}", long_date(p.start()), long_date(p.end()))
}

fn month_short(p: Period) -> String {
    p.start().format("%b %Y").to_string()
}

fn month_long(p: Period) -> String {
    p.start().format("%B %Y").to_string()
}

/// The value as shown: "57.1%", "711", or "No value".
fn value_text(v: &IndicatorValue) -> String {
    match (v.unit, v.value) {
        (Unit::Percent, Some(x)) => format_percent(x),
        (Unit::Count, Some(x)) => format_count(x),
        _ => "No value".to_string(),
    }
}

/// "n = 406 of 711" for a percentage.
fn n_text(v: &IndicatorValue) -> Option<String> {
    v.denominator.map(|d| {
        format!(
            "n = {} of {}",
            format_count(v.numerator as f64),
            format_count(d as f64)
        )
    })
}

fn interval_text(v: &IndicatorValue) -> Option<String> {
    match (v.ci_low, v.ci_high) {
        (Some(lo), Some(hi)) => Some(format!(
            "95% interval {} to {}",
            format_percent(lo),
            format_percent(hi)
        )),
        _ => None,
    }
}

/// The value with its n, for tables and sentences: "57.1% (n = 406 of 711)".
fn value_with_n(v: &IndicatorValue) -> String {
    match n_text(v) {
        Some(n) => format!("{} ({n})", value_text(v)),
        None => value_text(v),
    }
}

fn polarity_text(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherBetter => "Higher is better",
        Polarity::LowerBetter => "Lower is better",
        Polarity::Neither => "Neither higher nor lower is better: context",
    }
}

fn is_small(v: &IndicatorValue) -> bool {
    v.flags.iter().any(|f| f == FLAG_SMALL_NUMBER)
}

fn is_no_data(v: &IndicatorValue) -> bool {
    v.flags.iter().any(|f| f == FLAG_NO_DATA)
}

fn extra_label(name: &str) -> &str {
    match name {
        "pending" => "Pending (no outcome yet)",
        "negative_duration" => "With an end before the start (check the dates)",
        "child_seen_unknown" => "Child seen not recorded",
        "previous_plans_unknown" => "Number of previous plans not recorded",
        "target_days" => "Target (days)",
        "monthly_target" => "Monthly target",
        "target" => "Target for the period",
        other => other,
    }
}

/// The kinds of record an indicator needs that the dataset holds none of, in words.
fn missing_kinds(children: &[Child], def: &IndicatorDef) -> Vec<&'static str> {
    use assure_indicators::EventType as E;
    def.needs
        .iter()
        .filter(|kind| {
            !children.iter().any(|c| match kind {
                E::Contacts => !c.contacts.is_empty(),
                E::EarlyHelp => !c.early_help.is_empty(),
                E::Referrals => !c.episodes.is_empty(),
                E::Assessments => c.episodes.iter().any(|e| !e.assessments.is_empty()),
                E::S47 => c
                    .episodes
                    .iter()
                    .any(|e| !e.s47s.is_empty() || e.episode_icpc_date.is_some()),
                E::CpPlans => c.episodes.iter().any(|e| !e.cp_plans.is_empty()),
                E::CinPlans => c.episodes.iter().any(|e| !e.cin_plans.is_empty()),
            })
        })
        .map(|kind| match kind {
            E::Contacts => "contact",
            E::EarlyHelp => "early help",
            E::Referrals => "referral",
            E::Assessments => "assessment",
            E::S47 => "section 47",
            E::CpPlans => "child protection plan",
            E::CinPlans => "child in need plan",
        })
        .collect()
}

fn find<'a>(values: &'a [IndicatorValue], id: &str) -> Option<&'a IndicatorValue> {
    values.iter().find(|v| v.id == id)
}

/// The trend from the month before to the last month of the period, in words.
fn trend_text(def: &IndicatorDef, series: &[SeriesPoint]) -> String {
    let n = series.len();
    if n < 2 {
        return "No trend: the period is one month or less.".to_string();
    }
    let (prev, last) = (&series[n - 2], &series[n - 1]);
    let (Some(a), Some(b)) = (find(&prev.values, &def.id), find(&last.values, &def.id)) else {
        return "No trend.".to_string();
    };
    let (last_m, prev_m) = (month_long(last.period), month_long(prev.period));
    let Some(bv) = b.value else {
        return format!("No value for {last_m} (no cases in the denominator).");
    };
    let b_text = match n_text(b) {
        Some(n) => format!("{} ({n})", value_text(b)),
        None => value_text(b),
    };
    let Some(av) = a.value else {
        return format!("{last_m}: {b_text}; no value for {prev_m} to compare with.");
    };
    let small = if is_small(a) || is_small(b) {
        " Small numbers: read the change with care."
    } else {
        ""
    };
    let same = (av - bv).abs() < 1e-9;
    if same {
        return format!("{last_m}: {b_text}, the same as {prev_m}.{small}",);
    }
    let up = bv > av;
    let judgement = match (def.polarity, up) {
        (Polarity::HigherBetter, true) | (Polarity::LowerBetter, false) => ": better",
        (Polarity::HigherBetter, false) | (Polarity::LowerBetter, true) => ": worse",
        (Polarity::Neither, _) => "",
    };
    format!(
        "{last_m}: {b_text}, {} from {} in {prev_m}{judgement}.{small}",
        if up { "up" } else { "down" },
        value_text(a),
    )
}

// ---------------------------------------------------------------- page pieces

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tile {
    pub id: String,
    pub name: String,
    pub href: String,
    pub percent: bool,
    pub value_text: String,
    pub n_text: Option<String>,
    pub interval_text: Option<String>,
    pub rate_text: Option<String>,
    pub small: bool,
    pub no_data: bool,
    pub polarity_text: &'static str,
    pub trend_text: String,
    pub extras: Vec<String>,
    pub targets: Vec<Link>,
}

fn tile(sel: &Selection, def: &IndicatorDef, v: &IndicatorValue, series: &[SeriesPoint]) -> Tile {
    let mut extras: Vec<String> = v
        .extra
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "target_days" | "monthly_target" | "target"))
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{}: {}", extra_label(k), format_count(*n as f64)))
        .collect();
    if let Some(t) = v.extra.get("target") {
        extras.push(format!(
            "{}: {}",
            extra_label("target"),
            format_count(*t as f64)
        ));
    }
    if let Some(t) = v.extra.get("target_days") {
        extras.push(format!("Local target: {t} days"));
    }
    if v.skipped > 0 {
        extras.push(format!(
            "Left out for a missing date: {}",
            format_count(v.skipped as f64)
        ));
    }
    let missing = missing_kinds(&sel.children, def);
    let (trend, rate_text) = if missing.is_empty() {
        (
            trend_text(def, series),
            v.rate_per_10k
                .map(|r| format!("{r:.1} per 10,000 children aged 0–17")),
        )
    } else {
        (
            format!(
                "This dataset holds no {} records, so this figure says nothing yet.",
                missing.join(" or ")
            ),
            None,
        )
    };
    Tile {
        id: def.id.clone(),
        name: def.name.clone(),
        href: format!("/performance/indicators/{}?{}", def.id, sel.query()),
        percent: v.unit == Unit::Percent,
        value_text: value_text(v),
        n_text: n_text(v),
        interval_text: interval_text(v),
        rate_text,
        small: is_small(v) && v.unit == Unit::Percent,
        no_data: is_no_data(v) || !missing.is_empty(),
        polarity_text: polarity_text(def.polarity),
        trend_text: trend,
        extras,
        targets: targets_for(sel, &def.id, v.unit),
    }
}

fn targets_for(sel: &Selection, id: &str, unit: Unit) -> Vec<Link> {
    sel.targets
        .iter()
        .filter(|t| t.indicator == id)
        .map(|t| Link {
            text: format!(
                "Plan target {} (area {})",
                match unit {
                    Unit::Percent => format_percent(t.target),
                    Unit::Count => format_count(t.target),
                },
                t.area_number
            ),
            href: t.href.clone(),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct TileGroup {
    pub title: &'static str,
    pub rows: Vec<Vec<Tile>>,
}

fn group_of(id: &str) -> usize {
    if id.starts_with("referral") || id.starts_with("rereferral") {
        0
    } else if id.starts_with("assessment") {
        1
    } else if id.starts_with("s47") || id.starts_with("icpc") {
        2
    } else if id.starts_with("cpp") {
        3
    } else if id.starts_with("cin") {
        4
    } else {
        5
    }
}

const GROUPS: [&str; 6] = [
    "Referrals",
    "Assessments",
    "Section 47 enquiries and conferences",
    "Child protection plans",
    "Children in need",
    "Contacts and early help",
];

/// A chart, its table and, for run charts, the signals in words.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub svg: String,
    pub table: String,
    pub sentences: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetOption {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

/// What both pages show at the top: the council, the choice of dataset and period, errors.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub council: Option<String>,
    pub council_warning: Option<String>,
    pub error_title: bool,
    pub errors: Vec<FormError>,
    pub datasets: Vec<DatasetOption>,
    pub dataset_name: String,
    pub period_text: String,
    pub period_value: String,
    pub period_input: String,
    pub query: String,
    pub population: Option<PopulationUsed>,
    pub population_text: Option<String>,
}

fn header(sel: &Selection) -> Header {
    let la = council();
    Header {
        council: la.map(|la| la.name.clone()),
        council_warning: la.is_none().then(|| {
            format!(
                "{LA_CODE_VAR} is \"{}\", which is not a local authority Assure knows, so published comparators and rates per 10,000 are not shown. Set it to the council's ONS code, DfE number or name.",
                la_code()
            )
        }),
        error_title: !sel.errors.is_empty(),
        errors: sel.errors.clone(),
        datasets: sel
            .datasets
            .iter()
            .rev()
            .map(|d| DatasetOption {
                id: d.id,
                label: match d.census_year {
                    Some(y) => format!("{} (census year {}, imported {})", d.name, y, d.imported_at.format("%-d %B %Y")),
                    None => format!("{} (imported {})", d.name, d.imported_at.format("%-d %B %Y")),
                },
                selected: d.id == sel.dataset.id,
            })
            .collect(),
        dataset_name: sel.dataset.name.clone(),
        period_text: period_text(sel.period),
        period_value: sel.period.to_string(),
        period_input: sel.period_input.clone(),
        query: sel.query(),
        population: sel.population.clone(),
        population_text: sel.population.as_ref().zip(council()).map(|(p, la)| {
            format!(
                "Rates per 10,000 use the ONS mid-{} estimate of {} children aged 0–17 in {}.",
                p.mid_year,
                format_count(p.count as f64),
                la.name
            )
        }),
    }
}

fn compute(sel: &Selection) -> (Vec<IndicatorDef>, Vec<IndicatorValue>, Vec<SeriesPoint>) {
    let defs = catalogue_for(&sel.options);
    let values = compute_all(&sel.children, sel.period, &sel.options);
    let series = compute_series(&sel.children, sel.period, &sel.options);
    (defs, values, series)
}

// ---------------------------------------------------------------- the funnel

#[derive(Debug, Clone, Serialize)]
pub struct FunnelView {
    pub chart: ChartView,
    pub sentences: Vec<String>,
    pub dropout: Option<Tile>,
    pub dropout_chart: Option<ChartView>,
    pub plan_links: Vec<Link>,
}

struct FunnelCounts {
    s47: u64,
    icpcs: u64,
    plans: u64,
}

fn funnel_counts(values: &[IndicatorValue]) -> FunnelCounts {
    let num = |id: &str| find(values, id).map_or(0, |v| v.numerator);
    FunnelCounts {
        s47: num("s47_started"),
        icpcs: num("icpcs"),
        plans: num("icpc_to_cpp_pct"),
    }
}

fn funnel_chart(c: &FunnelCounts) -> FunnelChart {
    let mut chart = FunnelChart::new(
        "funnel",
        "Section 47 enquiries, conferences and child protection plans",
        vec![
            Stage::new("Section 47 enquiries started", c.s47),
            Stage::new("Initial child protection conferences", c.icpcs),
            Stage::new("Child protection plans from a conference", c.plans),
        ],
    );
    chart.description = "Counts in the period: enquiries started, conferences held, and conferences where the child's plan started that day".into();
    chart
}

fn funnel(
    sel: &Selection,
    defs: &[IndicatorDef],
    values: &[IndicatorValue],
    series: &[SeriesPoint],
) -> FunnelView {
    let c = funnel_counts(values);
    let chart = funnel_chart(&c);
    let mut sentences = Vec::new();
    sentences.push(format!(
        "{} section 47 enquiries started and {} initial child protection conferences (ICPCs) were held in the period: {} conferences for every 100 enquiries{}.",
        format_count(c.s47 as f64),
        format_count(c.icpcs as f64),
        assure_calendar::percentage(c.icpcs, c.s47).map_or("no".to_string(), |p| format!("{p:.1}")),
        if c.s47 > 0 { format!(" (n = {} of {})", format_count(c.icpcs as f64), format_count(c.s47 as f64)) } else { String::new() },
    ));
    if let Some(v) = find(values, "s47_to_icpc_pct") {
        sentences.push(format!(
            "These are counts in the same period, not the same children. Following the enquiries themselves: {} of those started in the period with a known outcome led to a conference ({}).",
            value_text(v),
            n_text(v).unwrap_or_default()
        ));
    }
    if let Some(v) = find(values, "icpc_to_cpp_pct") {
        sentences.push(format!(
            "{} conferences led to a child protection plan starting the same day: {}.",
            format_count(v.numerator as f64),
            value_with_n(v)
        ));
    }
    let dropout_value = find(values, "icpc_dropout_pct");
    let dropout_def = defs.iter().find(|d| d.id == "icpc_dropout_pct");
    let dropout = dropout_value
        .zip(dropout_def)
        .map(|(v, d)| tile(sel, d, v, series));
    if let Some(v) = dropout_value {
        sentences.push(format!(
            "Drop-out: {} conferences did not lead to a plan, {}{}.",
            format_count(v.numerator as f64),
            value_with_n(v),
            interval_text(v)
                .map(|i| format!("; {i}"))
                .unwrap_or_default()
        ));
    }
    let dropout_chart = dropout_value.zip(dropout_def).and_then(|(v, d)| {
        let users: Vec<_> = sel
            .comparators
            .iter()
            .filter(|c| c.indicator == d.id && c.unit == "percent")
            .collect();
        if users.is_empty() {
            return None;
        }
        let ours_label = match council() {
            Some(la) => la.name.clone(),
            None => "Our council".to_string(),
        };
        let mut bars = vec![Bar::new(ours_label, v.value)];
        let mut sources = vec![format!("{}, {}", sel.dataset.name, period_text(sel.period))];
        let mut ns = vec![format!(
            "{} of {}",
            format_count(v.numerator as f64),
            format_count(v.denominator.unwrap_or(0) as f64)
        )];
        for c in &users {
            bars.push(Bar::new(c.label.clone(), Some(c.value)));
            sources.push(format!("{}, {}", c.source, long_date(c.as_of)));
            ns.push(String::new());
        }
        let mut chart = BarChart::new(
            "dropout-comparators",
            "ICPCs not leading to a plan: our figure and named comparators",
            assure_charts::Unit::Percent,
            bars,
        );
        chart.description = "Percentage of initial child protection conferences that did not lead to a child protection plan".into();
        chart.highlight = Some(Highlight {
            index: 0,
            note: "our data".into(),
        });
        chart.category_header = "Authority".into();
        chart.value_header = "Drop-out".into();
        let mut table = chart.table();
        table.headers.push("Number of ICPCs".into());
        table.headers.push("Source and date".into());
        table.numeric.push(false);
        table.numeric.push(false);
        for ((row, n), s) in table.rows.iter_mut().zip(ns).zip(sources) {
            row.push(n);
            row.push(s);
        }
        Some(ChartView {
            svg: chart.render(),
            table: table.to_html(),
            sentences: vec![],
        })
    });
    let plan_links = sel
        .targets
        .iter()
        .filter(|t| {
            matches!(
                t.indicator.as_str(),
                "s47_to_icpc_pct" | "icpc_to_cpp_pct" | "icpc_dropout_pct"
            )
        })
        .fold(Vec::<Link>::new(), |mut acc, t| {
            if !acc.iter().any(|l| l.href == t.href) {
                acc.push(Link {
                    text: format!("Area {}: {}", t.area_number, t.area_title),
                    href: t.href.clone(),
                });
            }
            acc
        });
    FunnelView {
        chart: ChartView {
            svg: chart.render(),
            table: chart.table().to_html(),
            sentences: vec![],
        },
        sentences,
        dropout,
        dropout_chart,
        plan_links,
    }
}

// ---------------------------------------------------------------- comparisons

/// Indicators compared on the dashboard, before any the plan or the council's own
/// comparators add.
const KEY: [&str; 13] = [
    "referrals",
    "rereferrals_12m_pct",
    "assessments_within_45wd_pct",
    "s47_started",
    "s47_to_icpc_pct",
    "icpc_within_15wd_pct",
    "icpc_to_cpp_pct",
    "icpc_dropout_pct",
    "cpp_open_at_end",
    "cpp_repeat_pct",
    "cpp_open_2y_pct",
    "cpp_reviews_on_time_pct",
    "cin_at_end",
];

#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    pub name: String,
    pub href: String,
    pub ours: String,
    pub england: String,
    pub region: String,
    pub la: String,
    pub median: String,
    pub year: String,
    pub comparable: &'static str,
    pub rate: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub name: String,
    pub comparable: &'static str,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserRow {
    pub indicator: String,
    pub href: String,
    pub label: String,
    pub value: String,
    pub source: String,
    pub as_of: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReleaseRow {
    pub name: &'static str,
    pub date: String,
}

fn ours_text(cmp: &Comparison, v: &IndicatorValue) -> String {
    match cmp.measure {
        Some(Measure::Rate) => match cmp.ours {
            Some(r) => format!(
                "{r:.1} per 10,000 (count {})",
                format_count(v.numerator as f64)
            ),
            None => format!(
                "Count {} (no population for a rate)",
                format_count(v.numerator as f64)
            ),
        },
        _ => value_with_n(v),
    }
}

/// As [`ours_text`] without "per 10,000", for the dashboard table whose row says it.
fn ours_short(cmp: &Comparison, v: &IndicatorValue) -> String {
    match (cmp.measure, cmp.ours) {
        (Some(Measure::Rate), Some(r)) => {
            format!("{r:.1} (count {})", format_count(v.numerator as f64))
        }
        _ => ours_text(cmp, v),
    }
}

fn published_short(p: &Option<compare::Published>) -> String {
    p.as_ref()
        .map_or("Not available".to_string(), |p| p.short.clone())
}

fn key_ids(sel: &Selection, defs: &[IndicatorDef]) -> Vec<String> {
    let mut ids: Vec<String> = KEY.iter().map(|s| s.to_string()).collect();
    for extra in sel
        .targets
        .iter()
        .map(|t| t.indicator.clone())
        .chain(sel.comparators.iter().map(|c| c.indicator.clone()))
    {
        if !ids.contains(&extra) && defs.iter().any(|d| d.id == extra) {
            ids.push(extra);
        }
    }
    ids
}

fn comparisons(
    sel: &Selection,
    defs: &[IndicatorDef],
    values: &[IndicatorValue],
) -> Vec<(Comparison, IndicatorValue)> {
    key_ids(sel, defs)
        .iter()
        .filter_map(|id| {
            let def = defs.iter().find(|d| &d.id == id)?;
            let v = find(values, id)?;
            Some((
                compare::compare(def, v, sel.reporting_year(), council(), &sel.comparators),
                v.clone(),
            ))
        })
        .collect()
}

fn releases_of<'a>(cmps: impl Iterator<Item = &'a Comparison>) -> Vec<ReleaseRow> {
    let mut seen: Vec<&'static assure_reference::Release> = Vec::new();
    for c in cmps {
        for r in c.releases() {
            if !seen.iter().any(|s| s.key == r.key) {
                seen.push(r);
            }
        }
    }
    if council().is_some() {
        seen.push(&assure_reference::RELEASE_SN_2025);
    }
    seen.into_iter()
        .map(|r| ReleaseRow {
            name: r.name,
            date: compare::release_date(r),
        })
        .collect()
}

// ---------------------------------------------------------------- the dashboard

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    #[serde(flatten)]
    pub header: Header,
    pub funnel: FunnelView,
    pub groups: Vec<TileGroup>,
    pub comparisons: Vec<ComparisonRow>,
    pub region_name: Option<String>,
    pub la_name: Option<String>,
    pub year_note: Option<String>,
    pub notes: Vec<Note>,
    pub user_rows: Vec<UserRow>,
    pub releases: Vec<ReleaseRow>,
}

/// The S47 → ICPC → CP plan funnel alone, for the plan's area page.
pub fn funnel_only(sel: &Selection) -> FunnelView {
    let (defs, values, series) = compute(sel);
    funnel(sel, &defs, &values, &series)
}

pub fn dashboard(sel: &Selection) -> Dashboard {
    let (defs, values, series) = compute(sel);
    let mut groups: Vec<Vec<Tile>> = vec![Vec::new(); GROUPS.len()];
    for (def, v) in defs.iter().zip(&values) {
        groups[group_of(&def.id)].push(tile(sel, def, v, &series));
    }
    let groups = GROUPS
        .iter()
        .zip(groups)
        .filter(|(_, tiles)| !tiles.is_empty())
        .map(|(title, tiles)| TileGroup {
            title,
            rows: tiles.chunks(3).map(<[Tile]>::to_vec).collect(),
        })
        .collect();
    let cmps = comparisons(sel, &defs, &values);
    let query = sel.query();
    let comparisons_rows = cmps
        .iter()
        .filter(|(c, _)| c.comparable.is_some())
        .map(|(c, v)| ComparisonRow {
            name: c.name.clone(),
            href: format!("/performance/indicators/{}?{query}", c.id),
            ours: ours_short(c, v),
            england: published_short(&c.england),
            region: published_short(&c.region),
            la: published_short(&c.la),
            median: c.median_short(),
            year: c.year.map_or("–".to_string(), |y| y.to_string()),
            comparable: c.comparable_text(),
            rate: c.measure == Some(Measure::Rate),
        })
        .collect();
    let years: Vec<u16> = cmps.iter().filter_map(|(c, _)| c.year).collect();
    let reporting_year = sel.reporting_year();
    let year_note = years
        .iter()
        .any(|&y| i32::from(y) != reporting_year)
        .then(|| {
            format!(
                "Your data is for a period in the year ending 31 March {reporting_year}. Where DfE has not published that year, the latest published year before it is used, or the latest there is: the Year column says which."
            )
        });
    let notes = cmps
        .iter()
        .filter(|(c, _)| c.comparable.is_some())
        .map(|(c, _)| Note {
            name: c.name.clone(),
            comparable: c.comparable_text(),
            note: c.note.clone(),
        })
        .collect();
    let user_rows = sel
        .comparators
        .iter()
        .filter_map(|c| {
            let def = defs.iter().find(|d| d.id == c.indicator)?;
            Some(UserRow {
                indicator: def.name.clone(),
                href: format!("/performance/indicators/{}?{query}", def.id),
                label: c.label.clone(),
                value: match c.unit.as_str() {
                    "percent" => format_percent(c.value),
                    "rate_per_10k" => format!("{:.1} per 10,000", c.value),
                    _ => format_count(c.value),
                },
                source: c.source.clone(),
                as_of: long_date(c.as_of),
            })
        })
        .collect();
    Dashboard {
        header: header(sel),
        funnel: funnel(sel, &defs, &values, &series),
        groups,
        comparisons: comparisons_rows,
        region_name: council().map(|la| la.region_name.clone()),
        la_name: council().map(|la| la.name.clone()),
        year_note,
        notes,
        user_rows,
        releases: releases_of(cmps.iter().map(|(c, _)| c)),
    }
}

// ---------------------------------------------------------------- one indicator

#[derive(Debug, Clone, Serialize)]
pub struct CompareRowView {
    pub label: String,
    pub value: String,
    pub year: String,
    pub source: String,
    pub release: String,
    pub ours: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    pub comparable: &'static str,
    pub note: String,
    pub rows: Vec<CompareRowView>,
    /// The council's own comparators.
    pub user: Vec<CompareRowView>,
    pub chart: Option<ChartView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorPage {
    #[serde(flatten)]
    pub header: Header,
    pub id: String,
    pub name: String,
    pub definition: String,
    pub numerator: String,
    pub denominator: Option<String>,
    pub unit_text: &'static str,
    pub polarity_text: &'static str,
    pub tile: Tile,
    pub run: ChartView,
    pub run_note: String,
    pub comparison: ComparisonView,
    pub teams: Option<ChartView>,
    pub teams_note: String,
    pub targets: Vec<PlanTarget>,
}

fn run_chart(
    sel: &Selection,
    def: &IndicatorDef,
    series: &[SeriesPoint],
    cmp: &Comparison,
) -> RunChart {
    let unit = match def.unit {
        Unit::Percent => assure_charts::Unit::Percent,
        Unit::Count => assure_charts::Unit::Count,
    };
    let points = series
        .iter()
        .map(|p| {
            let v = find(&p.values, &def.id);
            Point::new(
                month_short(p.period),
                v.and_then(|v| v.value),
                v.and_then(|v| v.denominator),
            )
        })
        .collect();
    let mut chart = RunChart::new(
        format!("run-{}", def.id),
        format!("{}, month by month", def.name),
        unit,
        points,
    );
    chart.description = format!(
        "{} for each month from {}, with the median of the months",
        def.name,
        period_text(sel.period)
    );
    chart.value_header = match def.unit {
        Unit::Percent => "Percentage".into(),
        Unit::Count => def.name.clone(),
    };
    chart.target = sel
        .targets
        .iter()
        .find(|t| t.indicator == def.id)
        .map(|t| t.target);
    // Monthly percentages can sit against yearly published ones; monthly counts cannot.
    if cmp.measure == Some(Measure::Percent) && cmp.comparable == Some(true) {
        if let (Some(e), Some(y)) = (cmp.england.as_ref().and_then(|e| e.value), cmp.year) {
            chart.comparators.push(Line::new(format!("England {y}"), e));
        }
        if let (Some(m), Some(y)) = (cmp.median, cmp.year) {
            chart
                .comparators
                .push(Line::new(format!("Neighbours {y}"), m));
        }
    }
    if cmp.measure == Some(Measure::Percent) {
        for u in cmp.user.iter().filter(|u| u.unit == "percent") {
            chart.comparators.push(Line::new(u.label.clone(), u.value));
        }
    }
    chart
}

/// The run chart's table with the numerator added, so every percentage shows its n.
fn run_table(chart: &RunChart, def: &IndicatorDef, series: &[SeriesPoint]) -> Table {
    let mut table = chart.table();
    if def.unit == Unit::Percent {
        if let Some(at) = table
            .headers
            .iter()
            .position(|h| h.starts_with("Denominator"))
        {
            table.headers.insert(at, "Numerator".into());
            table.numeric.insert(at, true);
            for (row, p) in table.rows.iter_mut().zip(series) {
                let n = find(&p.values, &def.id).map_or(0, |v| v.numerator);
                row.insert(at, format_count(n as f64));
            }
        }
    }
    table
}

/// The team a child is counted in: the team on its most recent dated referral, early help
/// episode or contact. Each child is in one team, so counts by team add up to the whole.
fn team_of(child: &Child) -> Option<&str> {
    let dated = child
        .episodes
        .iter()
        .map(|e| (e.referral_date, &e.team))
        .chain(child.early_help.iter().map(|e| (e.start, &e.team)))
        .chain(child.contacts.iter().map(|c| (c.date, &c.team)));
    let mut best: Option<(NaiveDate, &str)> = None;
    for (date, team) in dated {
        if let (Some(d), Some(t)) = (date, team.as_deref().map(str::trim)) {
            if !t.is_empty() && best.is_none_or(|(bd, _)| d > bd) {
                best = Some((d, t));
            }
        }
    }
    best.map(|(_, t)| t)
}

const NO_TEAM: &str = "No team recorded";
/// More teams than this are not drawn (the table still lists them all).
const MAX_TEAM_BARS: usize = 30;

/// The indicator for each team, in name order ("No team recorded" last); `None` when the
/// data records no teams.
fn by_team(sel: &Selection, def: &IndicatorDef) -> Option<Vec<(String, IndicatorValue)>> {
    let mut groups: BTreeMap<String, Vec<Child>> = BTreeMap::new();
    let mut any = false;
    for c in &sel.children {
        let team = team_of(c);
        any |= team.is_some();
        groups
            .entry(team.unwrap_or(NO_TEAM).to_string())
            .or_default()
            .push(c.clone());
    }
    if !any {
        return None;
    }
    let options = Options {
        population: None,
        ..sel.options.clone()
    };
    let mut out: Vec<(String, IndicatorValue)> = groups
        .into_iter()
        .filter_map(|(team, children)| {
            let values = compute_all(&children, sel.period, &options);
            find(&values, &def.id).cloned().map(|v| (team, v))
        })
        .collect();
    out.sort_by_key(|(t, _)| (t == NO_TEAM, t.clone()));
    Some(out)
}

fn team_chart(def: &IndicatorDef, teams: &[(String, IndicatorValue)]) -> ChartView {
    let unit = match def.unit {
        Unit::Percent => assure_charts::Unit::Percent,
        Unit::Count => assure_charts::Unit::Count,
    };
    let bars: Vec<Bar> = teams
        .iter()
        .take(MAX_TEAM_BARS)
        .map(|(t, v)| Bar::new(t.clone(), v.value))
        .collect();
    let mut chart = BarChart::new(
        format!("teams-{}", def.id),
        format!("{} by team", def.name),
        unit,
        bars,
    );
    chart.description = "Each child is counted in the team of its most recent referral, early help episode or contact".into();
    chart.category_header = "Team".into();
    chart.value_header = match def.unit {
        Unit::Percent => "Percentage".into(),
        Unit::Count => def.name.clone(),
    };
    let mut table = chart.table();
    // Every team in the table, even those not drawn.
    table.rows = teams
        .iter()
        .map(|(t, v)| {
            vec![
                t.clone(),
                value_text(v).replace("No value", assure_charts::MISSING),
            ]
        })
        .collect();
    if def.unit == Unit::Percent {
        table.headers.extend([
            "Numerator".to_string(),
            "Denominator (n)".to_string(),
            "Notes".to_string(),
        ]);
        table.numeric.extend([true, true, false]);
        for (row, (_, v)) in table.rows.iter_mut().zip(teams) {
            row.push(format_count(v.numerator as f64));
            row.push(format_count(v.denominator.unwrap_or(0) as f64));
            row.push(if is_small(v) {
                "Small number (n < 30)".into()
            } else {
                String::new()
            });
        }
    }
    let mut sentences = Vec::new();
    if teams.len() > MAX_TEAM_BARS {
        sentences.push(format!(
            "The chart shows the first {MAX_TEAM_BARS} of {} teams; the table lists them all.",
            teams.len()
        ));
    }
    ChartView {
        svg: chart.render(),
        table: table.to_html(),
        sentences,
    }
}

fn comparison_view(sel: &Selection, cmp: &Comparison, v: &IndicatorValue) -> ComparisonView {
    let mut rows = vec![CompareRowView {
        label: match council() {
            Some(la) => format!("{} (this dataset)", la.name),
            None => "This dataset".into(),
        },
        value: ours_text(cmp, v),
        year: period_text(sel.period),
        source: sel.dataset.name.clone(),
        release: String::new(),
        ours: true,
    }];
    let row = |p: &compare::Published| CompareRowView {
        label: p.label.clone(),
        value: p.text.clone(),
        year: compare::year_text(p.year),
        source: p.source.clone(),
        release: compare::release_date(p.release),
        ours: false,
    };
    rows.extend(
        [&cmp.england, &cmp.region, &cmp.la]
            .into_iter()
            .flatten()
            .map(row),
    );
    if !cmp.neighbours.is_empty() {
        rows.push(CompareRowView {
            label: "Statistical neighbours: median".into(),
            value: cmp.median_text(),
            year: cmp.year.map(compare::year_text).unwrap_or_default(),
            source: format!(
                "Median of the neighbours with a value. Neighbours: {}, {}",
                assure_reference::RELEASE_SN_2025.name,
                compare::release_date(&assure_reference::RELEASE_SN_2025)
            ),
            release: cmp
                .england
                .as_ref()
                .map(|e| compare::release_date(e.release))
                .unwrap_or_default(),
            ours: false,
        });
    }
    let user = cmp
        .user
        .iter()
        .map(|u| CompareRowView {
            label: u.label.clone(),
            value: u.text.clone(),
            year: u.as_of.clone(),
            source: u.source.clone(),
            release: String::new(),
            ours: false,
        })
        .collect();
    let chart = cmp.measure.and_then(|m| {
        let year = cmp.year?;
        if cmp.neighbours.is_empty() {
            return None;
        }
        let la = cmp.la.as_ref();
        let la_name = council().map_or("Our council".to_string(), |l| l.name.clone());
        let mut bars = Vec::new();
        if let Some(la) = la {
            bars.push(Bar::new(la_name.clone(), la.value));
        }
        bars.extend(
            cmp.neighbours
                .iter()
                .map(|p| Bar::new(p.label.clone(), p.value)),
        );
        let mut chart = BarChart::new(
            format!("neighbours-{}", cmp.id),
            format!(
                "{}{}: {la_name} and its statistical neighbours, year ending 31 March {year}",
                cmp.name,
                if m == Measure::Rate {
                    " per 10,000 children"
                } else {
                    ""
                },
            ),
            m.chart_unit(),
            bars,
        );
        chart.description = match &cmp.england {
            Some(e) => format!("Published DfE figures: {}", e.source),
            None => "Published DfE figures".into(),
        };
        if la.is_some() {
            chart.highlight = Some(Highlight {
                index: 0,
                note: "our council, published".into(),
            });
        }
        chart.reference = cmp
            .england
            .as_ref()
            .and_then(|e| e.value)
            .map(|v| Line::new("England", v));
        chart.category_header = "Local authority".into();
        chart.value_header = match m {
            Measure::Percent => "Percentage".into(),
            Measure::Rate => "Rate per 10,000, rounded".into(),
        };
        let sentences = if m == Measure::Rate {
            vec!["The chart and its table round the rates to whole numbers; the table above gives them to one decimal place, as DfE publishes them.".to_string()]
        } else {
            vec![]
        };
        Some(ChartView {
            svg: chart.render(),
            table: chart.table().to_html(),
            sentences,
        })
    });
    ComparisonView {
        comparable: cmp.comparable_text(),
        note: cmp.note.clone(),
        rows,
        user,
        chart,
    }
}

pub fn indicator(sel: &Selection, def: &IndicatorDef) -> IndicatorPage {
    let values = compute_all(&sel.children, sel.period, &sel.options);
    let series = compute_series(&sel.children, sel.period, &sel.options);
    let v = find(&values, &def.id)
        .cloned()
        .expect("the catalogue for these options holds the indicator");
    let cmp = compare::compare(def, &v, sel.reporting_year(), council(), &sel.comparators);
    let chart = run_chart(sel, def, &series, &cmp);
    let run = ChartView {
        svg: chart.render(),
        table: run_table(&chart, def, &series).to_html(),
        sentences: chart.signals().iter().map(|s| s.sentence()).collect(),
    };
    let run_note = match def.unit {
        Unit::Percent => "Hollow markers are months with fewer than 30 in the denominator: small numbers. The comparator lines are yearly figures.".to_string(),
        Unit::Count => "Published comparators are yearly, so they are not drawn against monthly counts: see the table below.".to_string(),
    };
    let teams = by_team(sel, def).map(|t| team_chart(def, &t));
    IndicatorPage {
        header: header(sel),
        id: def.id.clone(),
        name: def.name.clone(),
        definition: def.definition.clone(),
        numerator: def.numerator.clone(),
        denominator: def.denominator.clone(),
        unit_text: match def.unit {
            Unit::Percent => "Percentage",
            Unit::Count => "Count",
        },
        polarity_text: polarity_text(def.polarity),
        tile: tile(sel, def, &v, &series),
        run,
        run_note,
        comparison: comparison_view(sel, &cmp, &v),
        teams,
        teams_note: "Each child is counted in one team: the team on its most recent referral, early help episode or contact.".into(),
        targets: sel.targets.iter().filter(|t| t.indicator == def.id).cloned().collect(),
    }
}

// ---------------------------------------------------------------- downloads

fn notes(sel: &Selection, what: &str) -> Vec<String> {
    let mut out = vec![
        format!("{what}."),
        format!("Dataset: {} (id {}).", sel.dataset.name, sel.dataset.id),
        format!("Period: {}.", period_text(sel.period)),
        "Counts of 1 to 5 are shown as c, and every figure worked out from them (percentage, interval, rate) is withheld as c, as DfE does. z means not applicable (no denominator).".to_string(),
        "Percentages are 100 × numerator ÷ denominator to one decimal place; the 95% interval is Wilson's.".to_string(),
    ];
    if let (Some(p), Some(la)) = (&sel.population, council()) {
        out.push(format!(
            "Rates per 10,000 use the ONS mid-{} estimate of children aged 0–17 in {} ({}).",
            p.mid_year,
            la.name,
            format_count(p.count as f64)
        ));
        if let Some(n) = &p.note {
            out.push(n.clone());
        }
    }
    out
}

/// Whether a value's counts are suppressed: its numerator or denominator is 1 to 5.
fn suppressed(v: &IndicatorValue) -> bool {
    is_suppressed(v.numerator) || v.denominator.is_some_and(is_suppressed)
}

/// Numerators that add up to a shown denominator: suppressing one alone would let it be
/// worked out from the other, so both go.
const COMPLEMENTS: [(&str, &str); 1] = [("icpc_to_cpp_pct", "icpc_dropout_pct")];

fn complement_suppressed(values: &[IndicatorValue], id: &str) -> bool {
    COMPLEMENTS.iter().any(|&(a, b)| {
        let other = if id == a {
            b
        } else if id == b {
            a
        } else {
            return false;
        };
        find(values, other).is_some_and(|o| is_suppressed(o.numerator))
    })
}

/// Numerator, denominator, value, interval: with suppression.
fn figure_cells(v: &IndicatorValue, extra_suppressed: bool) -> Vec<Cell> {
    let hide = suppressed(v) || extra_suppressed;
    let numerator = if extra_suppressed {
        Cell::Symbol(super::export::SUPPRESSED)
    } else {
        Cell::count(v.numerator)
    };
    match v.unit {
        Unit::Percent => vec![
            numerator,
            Cell::count(v.denominator.unwrap_or(0)),
            Cell::derived(v.value, hide),
            Cell::derived(v.ci_low, hide),
            Cell::derived(v.ci_high, hide),
        ],
        Unit::Count => vec![
            numerator,
            Cell::Empty,
            Cell::derived(v.value, hide),
            Cell::Empty,
            Cell::Empty,
        ],
    }
}

fn small_cell(v: &IndicatorValue) -> Cell {
    Cell::text(if v.unit == Unit::Percent && is_small(v) {
        "yes"
    } else {
        "no"
    })
}

pub fn tiles_sheet(sel: &Selection) -> Sheet {
    let defs = catalogue_for(&sel.options);
    let values = compute_all(&sel.children, sel.period, &sel.options);
    let rows = defs
        .iter()
        .zip(&values)
        .map(|(d, v)| {
            let extra = complement_suppressed(&values, &d.id);
            let mut row = vec![
                Cell::text(d.id.clone()),
                Cell::text(d.name.clone()),
                Cell::text(match d.unit {
                    Unit::Percent => "percent",
                    Unit::Count => "count",
                }),
                Cell::text(sel.period.start().to_string()),
                Cell::text(sel.period.end().to_string()),
            ];
            row.extend(figure_cells(v, extra));
            row.push(match v.rate_per_10k {
                Some(_) => Cell::derived(v.rate_per_10k, suppressed(v)),
                None => Cell::Empty,
            });
            row.push(small_cell(v));
            row.push(Cell::text(v.flags.join(" ")));
            row
        })
        .collect();
    Sheet {
        name: "Indicators".into(),
        title: format!("Indicators, {}", period_text(sel.period)),
        headers: [
            "Indicator id",
            "Indicator",
            "Unit",
            "Period start",
            "Period end",
            "Numerator",
            "Denominator",
            "Value",
            "95% interval low",
            "95% interval high",
            "Rate per 10,000 children",
            "Small number",
            "Flags",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: notes(sel, "Every indicator for the period"),
    }
}

pub fn funnel_sheet(sel: &Selection) -> Sheet {
    let values = compute_all(&sel.children, sel.period, &sel.options);
    let c = funnel_counts(&values);
    let chart = funnel_chart(&c);
    let counts = [c.s47, c.icpcs, c.plans];
    let rows = chart
        .figures()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let prev_hidden = i > 0 && is_suppressed(counts[i - 1]);
            let this_hidden = is_suppressed(f.count);
            let drop_hidden = f.drop_out.is_some_and(|d| d > 0 && is_suppressed(d as u64));
            let hide = this_hidden || prev_hidden || drop_hidden;
            let drop = match f.drop_out {
                None => Cell::Symbol(super::export::NOT_APPLICABLE),
                Some(_) if hide => Cell::Symbol(super::export::SUPPRESSED),
                Some(d) => Cell::Num(d as f64),
            };
            let pct = |p: Option<f64>| {
                if i == 0 {
                    Cell::Symbol(super::export::NOT_APPLICABLE)
                } else {
                    Cell::derived(p, hide)
                }
            };
            vec![
                Cell::text(f.label.clone()),
                Cell::count(f.count),
                pct(f.percent_of_previous),
                drop,
                pct(f.drop_out_percent),
            ]
        })
        .collect();
    Sheet {
        name: "Funnel".into(),
        title: "Section 47 enquiries, conferences and child protection plans".into(),
        headers: [
            "Stage",
            "Number",
            "Percentage of previous stage",
            "Drop-out from previous stage",
            "Drop-out percentage",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: notes(
            sel,
            "The S47 → ICPC → CP plan funnel: counts in the period at each stage",
        ),
    }
}

const COMPARATOR_HEADERS: [&str; 11] = [
    "Indicator id",
    "Indicator",
    "Comparator",
    "Kind",
    "Value",
    "Measure",
    "Year or date",
    "Source",
    "Release date",
    "Comparable with ours",
    "Note",
];

fn comparison_rows(
    sel: &Selection,
    cmp: &Comparison,
    v: &IndicatorValue,
    values: &[IndicatorValue],
    neighbours: bool,
) -> Vec<Vec<Cell>> {
    let measure = match cmp.measure {
        Some(Measure::Rate) => "rate per 10,000 children",
        Some(Measure::Percent) => "percent",
        None => match v.unit {
            Unit::Percent => "percent",
            Unit::Count => "count",
        },
    };
    let hide = suppressed(v) || complement_suppressed(values, &v.id);
    let ours_value = match cmp.measure {
        Some(_) => cmp.ours,
        None => v.value,
    };
    let mut rows = vec![vec![
        Cell::text(cmp.id.clone()),
        Cell::text(cmp.name.clone()),
        Cell::text(match council() {
            Some(la) => format!("{} (this dataset)", la.name),
            None => "This dataset".into(),
        }),
        Cell::text("ours"),
        Cell::derived(ours_value, hide),
        Cell::text(measure),
        Cell::text(period_text(sel.period)),
        Cell::text(sel.dataset.name.clone()),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]];
    let published = |p: &compare::Published, kind: &str| {
        vec![
            Cell::text(cmp.id.clone()),
            Cell::text(cmp.name.clone()),
            Cell::text(p.label.clone()),
            Cell::text(kind),
            match p.value {
                Some(x) => Cell::Num(x),
                None => Cell::text(p.text.clone()),
            },
            Cell::text(measure),
            Cell::Int(i64::from(p.year)),
            Cell::text(p.source.clone()),
            Cell::text(compare::release_date(p.release)),
            Cell::text(cmp.comparable_text()),
            Cell::text(cmp.note.clone()),
        ]
    };
    for (p, kind) in [
        (&cmp.england, "England"),
        (&cmp.region, "region"),
        (&cmp.la, "local authority (published)"),
    ] {
        if let Some(p) = p {
            rows.push(published(p, kind));
        }
    }
    if !cmp.neighbours.is_empty() {
        rows.push(vec![
            Cell::text(cmp.id.clone()),
            Cell::text(cmp.name.clone()),
            Cell::text("Statistical neighbours: median"),
            Cell::text("statistical neighbours median"),
            Cell::opt(cmp.median),
            Cell::text(measure),
            cmp.year.map_or(Cell::Empty, |y| Cell::Int(i64::from(y))),
            Cell::text(format!(
                "Median of {} of {} neighbours with a value",
                cmp.median_of,
                cmp.neighbours.len()
            )),
            Cell::text(compare::release_date(&assure_reference::RELEASE_SN_2025)),
            Cell::text(cmp.comparable_text()),
            Cell::text(cmp.note.clone()),
        ]);
        if neighbours {
            for p in &cmp.neighbours {
                rows.push(published(p, "statistical neighbour"));
            }
        }
    }
    for u in &cmp.user {
        rows.push(vec![
            Cell::text(cmp.id.clone()),
            Cell::text(cmp.name.clone()),
            Cell::text(u.label.clone()),
            Cell::text("added by the council"),
            Cell::Num(u.value),
            Cell::text(u.unit.replace('_', " ")),
            Cell::text(u.as_of.clone()),
            Cell::text(u.source.clone()),
            Cell::Empty,
            Cell::text("Not checked"),
            Cell::Empty,
        ]);
    }
    rows
}

pub fn comparators_sheet(sel: &Selection) -> Sheet {
    let defs = catalogue_for(&sel.options);
    let values = compute_all(&sel.children, sel.period, &sel.options);
    let rows = comparisons(sel, &defs, &values)
        .iter()
        .flat_map(|(c, v)| comparison_rows(sel, c, v, &values, false))
        .collect();
    let mut n = notes(
        sel,
        "Our figures beside the published DfE figures and the council's own comparators",
    );
    n.push("Published figures: DfE Children in need statistics and statistical-neighbour groups, Crown copyright, Open Government Licence v3.0.".into());
    Sheet {
        name: "Comparators".into(),
        title: "How we compare".into(),
        headers: COMPARATOR_HEADERS.map(String::from).to_vec(),
        rows,
        notes: n,
    }
}

pub fn indicator_comparators_sheet(sel: &Selection, def: &IndicatorDef) -> Sheet {
    let values = compute_all(&sel.children, sel.period, &sel.options);
    let v = find(&values, &def.id).cloned().expect("computed");
    let cmp = compare::compare(def, &v, sel.reporting_year(), council(), &sel.comparators);
    let mut n = notes(
        sel,
        &format!(
            "{}: our figure beside the published DfE figures and the council's own comparators",
            def.name
        ),
    );
    n.push("Published figures: DfE Children in need statistics and statistical-neighbour groups, Crown copyright, Open Government Licence v3.0.".into());
    Sheet {
        name: "Comparators".into(),
        title: format!("{}: how we compare", def.name),
        headers: COMPARATOR_HEADERS.map(String::from).to_vec(),
        rows: comparison_rows(sel, &cmp, &v, &values, true),
        notes: n,
    }
}

const FIGURE_HEADERS: [&str; 6] = [
    "Numerator",
    "Denominator",
    "Value",
    "95% interval low",
    "95% interval high",
    "Small number",
];

pub fn series_sheet(sel: &Selection, def: &IndicatorDef) -> Sheet {
    let series = compute_series(&sel.children, sel.period, &sel.options);
    let rows = series
        .iter()
        .filter_map(|p| {
            let v = find(&p.values, &def.id)?;
            let mut row = vec![
                Cell::text(p.period.start().to_string()),
                Cell::text(p.period.end().to_string()),
            ];
            row.extend(figure_cells(v, complement_suppressed(&p.values, &def.id)));
            row.push(small_cell(v));
            Some(row)
        })
        .collect();
    let mut headers = vec!["Month start".to_string(), "Month end".to_string()];
    headers.extend(FIGURE_HEADERS.map(String::from));
    Sheet {
        name: "By month".into(),
        title: format!("{}, month by month", def.name),
        headers,
        rows,
        notes: notes(
            sel,
            &format!("{}, for each calendar month of the period", def.name),
        ),
    }
}

pub fn teams_sheet(sel: &Selection, def: &IndicatorDef) -> Sheet {
    let rows = by_team(sel, def)
        .unwrap_or_default()
        .iter()
        .map(|(team, v)| {
            let mut row = vec![Cell::text(team.clone())];
            row.extend(figure_cells(v, false));
            row.push(small_cell(v));
            row
        })
        .collect();
    let mut headers = vec!["Team".to_string()];
    headers.extend(FIGURE_HEADERS.map(String::from));
    let mut n = notes(sel, &format!("{} by team", def.name));
    n.push("Each child is counted in one team: the team on its most recent referral, early help episode or contact.".into());
    Sheet {
        name: "By team".into(),
        title: format!("{} by team", def.name),
        headers,
        rows,
        notes: n,
    }
}
