//! Run charts: points over time, the median, target and comparator lines, and signals.

use crate::svg::{self, num, text_width, wrap, Anchor, Font, Svg, SMALL};
use crate::{clean_id, palette, Line, Table, Unit, MISSING, WIDTH};

/// Points with a denominator below this are drawn hollow and called small numbers.
pub const SMALL_N: u64 = 30;
/// A shift is at least this many points in a row on one side of the median.
pub const SHIFT_MIN: usize = 6;
/// A trend is at least this many points in a row each higher (or each lower) than the last.
pub const TREND_MIN: usize = 5;

/// One period of a run chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The period, e.g. "Apr 2024". A label with a space is drawn on two lines ("Apr" over
    /// "2024"), the second line only when it changes.
    pub label: String,
    /// `None` (or a value that is not a finite number) is a missing period: a gap.
    pub value: Option<f64>,
    /// The denominator (children in the cohort), when the value is a rate.
    pub n: Option<u64>,
}

impl Point {
    pub fn new(label: impl Into<String>, value: Option<f64>, n: Option<u64>) -> Self {
        Point {
            label: label.into(),
            value,
            n,
        }
    }

    /// The value, if it is a finite number.
    pub fn value(&self) -> Option<f64> {
        self.value.filter(|v| v.is_finite())
    }

    /// True when the value rests on fewer than [`SMALL_N`] children.
    pub fn is_small(&self) -> bool {
        self.value().is_some() && self.n.is_some_and(|n| n < SMALL_N)
    }
}

/// Which run-chart rule a signal broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalKind {
    /// [`SHIFT_MIN`]+ points in a row above the median.
    ShiftAbove,
    /// [`SHIFT_MIN`]+ points in a row below the median.
    ShiftBelow,
    /// [`TREND_MIN`]+ points in a row, each higher than the last.
    TrendUp,
    /// [`TREND_MIN`]+ points in a row, each lower than the last.
    TrendDown,
}

impl SignalKind {
    pub fn is_shift(self) -> bool {
        matches!(self, SignalKind::ShiftAbove | SignalKind::ShiftBelow)
    }

    fn short(self) -> &'static str {
        match self {
            SignalKind::ShiftAbove => "Shift above median",
            SignalKind::ShiftBelow => "Shift below median",
            SignalKind::TrendUp => "Trend: rising",
            SignalKind::TrendDown => "Trend: falling",
        }
    }
}

/// A non-random pattern in a run chart, as data, so the page can say it in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    pub kind: SignalKind,
    /// Index (into `points`) of the first and last point of the run.
    pub first: usize,
    pub last: usize,
    /// Indices of the points that make up the signal (marked on the chart). For a shift,
    /// points on the median inside the run are not among them; for a trend, repeated equal
    /// values are.
    pub points: Vec<usize>,
    /// The length that the rule counts: points on one side of the median for a shift,
    /// distinct rising (or falling) values for a trend.
    pub length: usize,
    /// Labels of the first and last point.
    pub from: String,
    pub to: String,
}

impl Signal {
    /// The signal in a sentence, e.g. "Shift: 7 points in a row above the median, from
    /// Apr 2024 to Oct 2024."
    pub fn sentence(&self) -> String {
        let what = match self.kind {
            SignalKind::ShiftAbove => "Shift: {n} points in a row above the median",
            SignalKind::ShiftBelow => "Shift: {n} points in a row below the median",
            SignalKind::TrendUp => "Trend: {n} points in a row each higher than the one before",
            SignalKind::TrendDown => "Trend: {n} points in a row each lower than the one before",
        }
        .replace("{n}", &self.length.to_string());
        format!("{what}, from {} to {}.", self.from, self.to)
    }

    /// The label written on the bracket above the run.
    fn bracket_label(&self) -> String {
        match self.kind {
            SignalKind::ShiftAbove => format!("Shift: {} above median", self.length),
            SignalKind::ShiftBelow => format!("Shift: {} below median", self.length),
            SignalKind::TrendUp => format!("Trend: {} rising", self.length),
            SignalKind::TrendDown => format!("Trend: {} falling", self.length),
        }
    }
}

/// Median of the values that are present and finite; `None` when there are none.
pub fn median(values: &[Option<f64>]) -> Option<f64> {
    let mut v: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    })
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// A run chart: periods in order, joined by a line, with the median drawn and labelled.
#[derive(Debug, Clone, PartialEq)]
pub struct RunChart {
    /// Prefix for the element ids in the SVG (`{id}-title`, `{id}-desc`); unique on the page.
    pub id: String,
    pub title: String,
    /// What the chart shows, in a sentence or two; the SVG's `<desc>` adds the numbers.
    pub description: String,
    pub unit: Unit,
    pub points: Vec<Point>,
    pub target: Option<f64>,
    /// Comparator lines (England, statistical neighbours…), each directly labelled.
    pub comparators: Vec<Line>,
    /// Table header for the period column ("Month").
    pub period_header: String,
    /// Table header for the value column, also the legend text and y-axis title.
    pub value_header: String,
    /// Draw the title inside the SVG too (it is always in `<title>`).
    pub show_title: bool,
}

impl RunChart {
    /// A chart with no target or comparators, "Month" and "Value" headers, title shown.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        unit: Unit,
        points: Vec<Point>,
    ) -> Self {
        RunChart {
            id: id.into(),
            title: title.into(),
            description: String::new(),
            unit,
            points,
            target: None,
            comparators: Vec::new(),
            period_header: "Month".to_string(),
            value_header: "Value".to_string(),
            show_title: true,
        }
    }

    fn values(&self) -> Vec<Option<f64>> {
        self.points.iter().map(Point::value).collect()
    }

    /// Median of the non-missing points.
    pub fn median(&self) -> Option<f64> {
        median(&self.values())
    }

    /// Shifts and trends, in order of their first point.
    ///
    /// * Shift: [`SHIFT_MIN`] or more points in a row on the same side of the median. Points
    ///   exactly on the median neither break the run nor count towards it.
    /// * Trend: [`TREND_MIN`] or more points in a row each higher (or each lower) than the
    ///   one before. A point equal to the one before neither breaks the run nor counts.
    ///
    /// Missing periods are skipped: they neither break a run nor count towards it.
    pub fn signals(&self) -> Vec<Signal> {
        let present: Vec<(usize, f64)> = self
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.value().map(|v| (i, v)))
            .collect();
        let Some(med) = self.median() else {
            return Vec::new();
        };
        let mut out = Vec::new();

        // Shifts.
        let mut run: Vec<usize> = Vec::new();
        let mut side = 0i8;
        let flush = |run: &mut Vec<usize>, side: i8, out: &mut Vec<Signal>| {
            if run.len() >= SHIFT_MIN {
                let kind = if side > 0 {
                    SignalKind::ShiftAbove
                } else {
                    SignalKind::ShiftBelow
                };
                out.push(self.signal(kind, run.clone(), run.len()));
            }
            run.clear();
        };
        for &(i, v) in &present {
            if same(v, med) {
                continue;
            }
            let s = if v > med { 1 } else { -1 };
            if s != side {
                flush(&mut run, side, &mut out);
                side = s;
            }
            run.push(i);
        }
        flush(&mut run, side, &mut out);

        // Trends, one pass for each direction so a turning point can end one and start the other.
        for up in [true, false] {
            let mut run: Vec<usize> = Vec::new();
            let mut distinct = 0usize;
            let mut last = f64::NAN;
            for &(i, v) in &present {
                if run.is_empty() {
                    run.push(i);
                    distinct = 1;
                    last = v;
                } else if same(v, last) {
                    run.push(i);
                } else if (up && v > last) || (!up && v < last) {
                    run.push(i);
                    distinct += 1;
                    last = v;
                } else {
                    if distinct >= TREND_MIN {
                        let kind = if up {
                            SignalKind::TrendUp
                        } else {
                            SignalKind::TrendDown
                        };
                        out.push(self.signal(kind, std::mem::take(&mut run), distinct));
                    }
                    // A new run starts at the point that broke the old one.
                    run.clear();
                    run.push(i);
                    distinct = 1;
                    last = v;
                }
            }
            if distinct >= TREND_MIN {
                let kind = if up {
                    SignalKind::TrendUp
                } else {
                    SignalKind::TrendDown
                };
                out.push(self.signal(kind, run, distinct));
            }
        }
        out.sort_by_key(|s| (s.first, s.last));
        out
    }

    fn signal(&self, kind: SignalKind, points: Vec<usize>, length: usize) -> Signal {
        let first = points[0];
        let last = *points.last().unwrap_or(&first);
        Signal {
            kind,
            first,
            last,
            points,
            length,
            from: self.points[first].label.clone(),
            to: self.points[last].label.clone(),
        }
    }

    fn ref_lines(&self, med: Option<f64>) -> Vec<RefLine> {
        let mut lines = Vec::new();
        if let Some(m) = med {
            lines.push(RefLine {
                text: format!("Median {}", self.unit.format_stat(m)),
                value: m,
                colour: palette::BLACK,
                dash: "16 6",
                width: 2.0,
                round: false,
            });
        }
        if let Some(t) = self.target.filter(|t| t.is_finite()) {
            lines.push(RefLine {
                text: format!("Target {}", self.unit.format_stat(t)),
                value: t,
                colour: palette::GREEN,
                dash: "6 4",
                width: 3.0,
                round: false,
            });
        }
        const STYLES: [(&str, &str, bool); 3] = [
            (palette::GREY, "14 4 3 4", false),
            (palette::PURPLE, "0.1 6", true),
            (palette::RED, "18 4 3 4 3 4", false),
        ];
        for (i, c) in self
            .comparators
            .iter()
            .filter(|c| c.value.is_finite())
            .enumerate()
        {
            let (colour, dash, round) = STYLES[i % STYLES.len()];
            lines.push(RefLine {
                text: format!("{} {}", c.label, self.unit.format_stat(c.value)),
                value: c.value,
                colour,
                dash,
                width: if round { 3.5 } else { 2.5 },
                round,
            });
        }
        lines
    }

    /// The `<desc>`: the caller's description, then the numbers in words.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.description.trim().is_empty() {
            let d = self.description.trim();
            parts.push(if d.ends_with('.') {
                d.to_string()
            } else {
                format!("{d}.")
            });
        }
        let present: Vec<&Point> = self.points.iter().filter(|p| p.value().is_some()).collect();
        if present.is_empty() {
            parts.push(if self.points.is_empty() {
                "No data: there are no periods to show.".to_string()
            } else {
                format!(
                    "No data: none of the {} periods from {} to {} has a value.",
                    self.points.len(),
                    self.points[0].label,
                    self.points[self.points.len() - 1].label
                )
            });
            return parts.join(" ");
        }
        parts.push(format!(
            "Run chart of {} periods from {} to {}.",
            self.points.len(),
            self.points[0].label,
            self.points[self.points.len() - 1].label
        ));
        let med = self.median();
        let lines: Vec<String> = self.ref_lines(med).into_iter().map(|l| l.text).collect();
        parts.push(format!("{}.", lines.join("; ")));
        if let Some(last) = present.last() {
            parts.push(format!(
                "Latest value {} ({}).",
                self.unit.format_opt(last.value()),
                last.label
            ));
        }
        let missing: Vec<&str> = self
            .points
            .iter()
            .filter(|p| p.value().is_none())
            .map(|p| p.label.as_str())
            .collect();
        if !missing.is_empty() {
            parts.push(format!(
                "No data for {} (a gap in the line).",
                missing.join(", ")
            ));
        }
        let small: Vec<String> = self
            .points
            .iter()
            .filter(|p| p.is_small())
            .map(|p| format!("{} (n = {})", p.label, p.n.unwrap_or(0)))
            .collect();
        if !small.is_empty() {
            parts.push(format!(
                "Small numbers: based on fewer than {SMALL_N} children, drawn as hollow markers, treat with caution: {}.",
                small.join(", ")
            ));
        }
        let signals = self.signals();
        if signals.is_empty() {
            parts.push("No shifts or trends: the variation looks random.".to_string());
        } else {
            parts.push("Signals, marked with diamonds:".to_string());
            parts.extend(signals.iter().map(Signal::sentence));
        }
        parts.join(" ")
    }

    /// The same numbers as the chart, for the table beside it.
    pub fn table(&self) -> Table {
        let has_n = self.points.iter().any(|p| p.n.is_some());
        let signals = self.signals();
        let med = self.median();
        let mut caption = format!(
            "{}: values by {}.",
            self.title,
            self.period_header.to_lowercase()
        );
        let lines: Vec<String> = self.ref_lines(med).into_iter().map(|l| l.text).collect();
        if !lines.is_empty() {
            caption.push_str(&format!(" {}.", lines.join("; ")));
        }
        caption.push_str(&format!(" {MISSING} means no data for that period."));
        if self.points.iter().any(Point::is_small) {
            caption.push_str(&format!(
                " Small number means fewer than {SMALL_N} children: treat with caution."
            ));
        }
        let mut headers = vec![self.period_header.clone(), self.value_header.clone()];
        let mut numeric = vec![false, true];
        if has_n {
            headers.push("Denominator (n)".to_string());
            numeric.push(true);
        }
        headers.push("Notes".to_string());
        numeric.push(false);
        let rows = self
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut row = vec![p.label.clone(), self.unit.format_opt(p.value())];
                if has_n {
                    row.push(
                        p.n.map(|n| crate::format_count(n as f64))
                            .unwrap_or_else(|| MISSING.to_string()),
                    );
                }
                let mut notes: Vec<String> = Vec::new();
                if p.is_small() {
                    notes.push(format!("Small number (n < {SMALL_N})"));
                }
                for s in signals.iter().filter(|s| s.points.contains(&i)) {
                    notes.push(s.kind.short().to_string());
                }
                row.push(notes.join("; "));
                row
            })
            .collect();
        Table {
            caption,
            headers,
            rows,
            numeric,
        }
    }

    /// The chart as an SVG document (a string; embed it inline or serve it as image/svg+xml).
    pub fn render(&self) -> String {
        let id = clean_id(&self.id);
        let desc = self.summary();
        let values = self.values();
        let Some(med) = median(&values) else {
            let message = if self.points.is_empty() {
                "No data to show yet.".to_string()
            } else {
                format!(
                    "No data to show: no values for {} to {}.",
                    self.points[0].label,
                    self.points[self.points.len() - 1].label
                )
            };
            return svg::no_data(&id, &self.title, self.show_title, &desc, &message);
        };
        let signals = self.signals();
        let refs = self.ref_lines(Some(med));
        let n = self.points.len();

        // Vertical scale.
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for v in values.iter().flatten().chain(refs.iter().map(|r| &r.value)) {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
        // A little room above and below so no point sits on the axis.
        let pad = (hi - lo) * 0.05;
        let lo_padded = if lo >= 0.0 {
            (lo - pad).max(0.0)
        } else {
            lo - pad
        };
        let hi_padded = if self.unit == Unit::Percent && hi <= 100.0 {
            (hi + pad).min(100.0)
        } else {
            hi + pad
        };
        let ticks = svg::ticks(lo_padded, hi_padded, self.unit, 5);
        let step = ticks[1] - ticks[0];
        let (y_min, y_max) = (ticks[0], ticks[ticks.len() - 1]);
        let tick_labels: Vec<String> = ticks
            .iter()
            .map(|t| svg::tick_label(*t, step, self.unit))
            .collect();

        // Horizontal layout: tick labels left, direct line labels right.
        let tick_w = tick_labels
            .iter()
            .map(|t| text_width(t, SMALL, false))
            .fold(0.0, f64::max);
        let plot_left = 16.0 + tick_w + 10.0;
        const LABEL_MAX: f64 = 190.0;
        let wrapped: Vec<Vec<String>> = refs
            .iter()
            .map(|r| wrap(&r.text, SMALL, true, LABEL_MAX))
            .collect();
        let label_w = wrapped
            .iter()
            .flatten()
            .map(|l| text_width(l, SMALL, true))
            .fold(0.0, f64::max);
        let plot_right = WIDTH - 12.0 - label_w - 16.0;
        let plot_w = plot_right - plot_left;
        let band = plot_w / n as f64;
        let x_at = |i: usize| plot_left + band * (i as f64 + 0.5);

        // Signal brackets: rows above the plot, so no two overlap.
        let mut brackets: Vec<(f64, f64, f64, String, usize)> = Vec::new(); // x1, x2, text x, text, row
        let mut row_ends: Vec<f64> = Vec::new();
        for s in &signals {
            let text = s.bracket_label();
            let (x1, x2) = (x_at(s.first) - 7.0, x_at(s.last) + 7.0);
            let tw = text_width(&text, SMALL, false);
            let cx = ((x1 + x2) / 2.0).clamp(plot_left + tw / 2.0, WIDTH - 12.0 - tw / 2.0);
            let (start, end) = (x1.min(cx - tw / 2.0), x2.max(cx + tw / 2.0));
            let row = match row_ends.iter().position(|&e| e + 12.0 < start) {
                Some(r) => {
                    row_ends[r] = end;
                    r
                }
                None => {
                    row_ends.push(end);
                    row_ends.len() - 1
                }
            };
            brackets.push((x1, x2, cx, text, row));
        }

        // Vertical layout.
        let mut s = Svg::default();
        let mut y = 8.0;
        if self.show_title {
            y = s.title(&self.title, 16.0, y);
        }
        y += 6.0;
        let axis_title = format!(
            "{} ({})",
            self.value_header,
            if self.unit == Unit::Percent {
                "%"
            } else {
                "count"
            }
        );
        s.text(
            16.0,
            y + SMALL,
            &axis_title,
            Font::new(SMALL).fill(palette::GREY),
        );
        y += SMALL + 10.0;
        const ROW: f64 = 30.0;
        let brackets_top = y;
        y += ROW * row_ends.len() as f64;
        let plot_top = y + 12.0;
        let plot_h = 260.0;
        let plot_bottom = plot_top + plot_h;
        let y_at = |v: f64| plot_bottom - (v - y_min) / (y_max - y_min) * plot_h;

        // Gridlines and y ticks.
        for (t, label) in ticks.iter().zip(&tick_labels) {
            let ty = y_at(*t);
            s.line((plot_left, ty), (plot_right, ty), palette::GRID, 1.0, None);
            s.text(
                plot_left - 8.0,
                ty + SMALL * 0.35,
                label,
                Font::new(SMALL).anchor(Anchor::End),
            );
        }
        // Axes.
        s.line(
            (plot_left, plot_top),
            (plot_left, plot_bottom),
            palette::BLACK,
            1.5,
            None,
        );
        s.line(
            (plot_left, plot_bottom),
            (plot_right, plot_bottom),
            palette::BLACK,
            1.5,
            None,
        );

        // X labels: month over year, the year only when it changes; thinned to fit.
        let split: Vec<(String, String)> = self
            .points
            .iter()
            .map(|p| match p.label.trim().rsplit_once(' ') {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (p.label.trim().to_string(), String::new()),
            })
            .collect();
        let widest = split
            .iter()
            .map(|(a, b)| text_width(a, SMALL, false).max(text_width(b, SMALL, false)))
            .fold(0.0, f64::max);
        let every = ((widest + 10.0) / band).ceil().max(1.0) as usize;
        let mut last_tail = String::new();
        for (i, (head, tail)) in split.iter().enumerate() {
            let x = x_at(i);
            s.line(
                (x, plot_bottom),
                (x, plot_bottom + 5.0),
                palette::BLACK,
                1.0,
                None,
            );
            if (n - 1 - i) % every != 0 {
                continue;
            }
            let font = Font::new(SMALL).anchor(Anchor::Middle);
            s.text(x, plot_bottom + 22.0, head, font);
            if !tail.is_empty() && *tail != last_tail {
                s.text(x, plot_bottom + 40.0, tail, font);
                last_tail = tail.clone();
            }
        }

        // Reference lines, drawn before the data so the points sit on top.
        for r in refs.iter().rev() {
            let ry = y_at(r.value);
            let cap = if r.round {
                " stroke-linecap=\"round\""
            } else {
                ""
            };
            s.raw(&format!(
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{}\"{cap}/>",
                num(plot_left),
                num(ry),
                num(plot_right),
                num(ry),
                r.colour,
                num(r.width),
                r.dash
            ));
        }

        // Direct labels for the lines, nudged apart where they would overlap.
        let leading = SMALL * 1.2;
        let mut order: Vec<usize> = (0..refs.len()).collect();
        order.sort_by(|&a, &b| y_at(refs[a].value).total_cmp(&y_at(refs[b].value)));
        let heights: Vec<f64> = wrapped.iter().map(|w| w.len() as f64 * leading).collect();
        let mut tops: Vec<f64> = vec![0.0; refs.len()];
        let mut next_free = f64::NEG_INFINITY;
        for &k in &order {
            let want = y_at(refs[k].value) - heights[k] / 2.0;
            tops[k] = want.max(next_free);
            next_free = tops[k] + heights[k] + 3.0;
        }
        let mut limit = plot_bottom + 30.0;
        for &k in order.iter().rev() {
            if tops[k] + heights[k] > limit {
                tops[k] = limit - heights[k];
            }
            limit = tops[k] - 3.0;
        }
        for (k, r) in refs.iter().enumerate() {
            let ry = y_at(r.value);
            let mid = tops[k] + heights[k] / 2.0;
            let lx = plot_right + 14.0;
            if (mid - ry).abs() > 2.0 {
                s.line((plot_right, ry), (lx - 3.0, mid), r.colour, 1.5, None);
            } else {
                s.line((plot_right, ry), (lx - 3.0, ry), r.colour, r.width, None);
            }
            let baseline = tops[k] + leading * 0.8;
            s.lines(
                lx,
                baseline,
                &wrapped[k],
                leading,
                Font::new(SMALL).bold().fill(r.colour),
            );
        }

        // The data: a polyline per run of present values (a missing period is a gap).
        let mut segment: Vec<String> = Vec::new();
        let mut segments: Vec<Vec<String>> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => segment.push(format!("{},{}", num(x_at(i)), num(y_at(*v)))),
                None => segments.push(std::mem::take(&mut segment)),
            }
        }
        segments.push(segment);
        for seg in segments.iter().filter(|seg| seg.len() > 1) {
            s.raw(&format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\" stroke-linejoin=\"round\"/>",
                seg.join(" "),
                palette::BLUE
            ));
        }
        let in_signal = |i: usize| signals.iter().any(|sg| sg.points.contains(&i));
        for (i, p) in self.points.iter().enumerate() {
            let Some(v) = p.value() else { continue };
            marker(&mut s, x_at(i), y_at(v), in_signal(i), p.is_small());
        }

        // Signal brackets.
        for (x1, x2, cx, text, row) in &brackets {
            let by = brackets_top + ROW * (*row as f64) + 22.0;
            s.raw(&format!(
                "<path d=\"M{} {}V{}H{}V{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                num(*x1),
                num(by + 7.0),
                num(by),
                num(*x2),
                num(by + 7.0),
                palette::BLACK
            ));
            s.rect(
                cx - text_width(text, SMALL, false) / 2.0 - 4.0,
                by - SMALL - 4.0,
                text_width(text, SMALL, false) + 8.0,
                SMALL + 4.0,
                palette::WHITE,
                "",
            );
            s.text(*cx, by - 5.0, text, Font::new(SMALL).anchor(Anchor::Middle));
        }

        // Legend for the markers (the lines are labelled where they end).
        let mut items: Vec<(Marker, String)> = vec![(Marker::Normal, self.value_header.clone())];
        if self.points.iter().any(Point::is_small) {
            items.push((
                Marker::Small,
                format!("Fewer than {SMALL_N} children (n < {SMALL_N})"),
            ));
        }
        if !signals.is_empty() {
            items.push((Marker::Signal, "Part of a shift or trend".to_string()));
        }
        if values.iter().any(Option::is_none) {
            items.push((Marker::Gap, "Gap: no data for that period".to_string()));
        }
        let legend_top = plot_bottom + 56.0;
        let mut lx = 16.0;
        let mut ly = legend_top;
        for (kind, text) in &items {
            let w = 48.0 + text_width(text, SMALL, false) + 24.0;
            if lx + w > WIDTH - 12.0 && lx > 16.0 {
                lx = 16.0;
                ly += 26.0;
            }
            let cy = ly + 9.0;
            if *kind == Marker::Normal {
                s.line((lx, cy), (lx + 34.0, cy), palette::BLUE, 3.0, None);
            }
            match kind {
                Marker::Gap => {
                    // A line ending at a point, an empty period, a point starting a line.
                    s.line((lx - 4.0, cy), (lx + 4.0, cy), palette::BLUE, 3.0, None);
                    marker(&mut s, lx + 4.0, cy, false, false);
                    marker(&mut s, lx + 30.0, cy, false, false);
                    s.line((lx + 30.0, cy), (lx + 38.0, cy), palette::BLUE, 3.0, None);
                }
                Marker::Normal => marker(&mut s, lx + 17.0, cy, false, false),
                Marker::Small => marker(&mut s, lx + 17.0, cy, false, true),
                Marker::Signal => marker(&mut s, lx + 17.0, cy, true, false),
            }
            s.text(lx + 46.0, cy + SMALL * 0.35, text, Font::new(SMALL));
            lx += w;
        }
        let height = ly + 30.0;
        s.finish(&id, &self.title, &desc, height)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Gap,
    Normal,
    Small,
    Signal,
}

struct RefLine {
    text: String,
    value: f64,
    colour: &'static str,
    dash: &'static str,
    width: f64,
    round: bool,
}

/// A data point: a filled circle; hollow for a small number; a diamond (larger, outlined
/// in black) when part of a signal, hollow again for a small number.
fn marker(s: &mut Svg, x: f64, y: f64, signal: bool, small: bool) {
    let (fill, stroke, width) = if small {
        (palette::WHITE, palette::BLUE, 2.5)
    } else if signal {
        (palette::BLUE, palette::BLACK, 1.5)
    } else {
        (palette::BLUE, palette::BLUE, 1.0)
    };
    if signal {
        let r = 8.0;
        let stroke = if small { palette::BLACK } else { stroke };
        s.raw(&format!(
            "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            num(x),
            num(y - r),
            num(x + r),
            num(y),
            num(x),
            num(y + r),
            num(x - r),
            num(y),
            num(width)
        ));
    } else {
        s.raw(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"5.5\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            num(x),
            num(y),
            num(width)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: &[Option<f64>]) -> RunChart {
        let points = values
            .iter()
            .enumerate()
            .map(|(i, v)| Point::new(format!("P{i}"), *v, None))
            .collect();
        RunChart::new("t", "Test", Unit::Count, points)
    }

    #[test]
    fn ties_at_the_start_of_a_trend_belong_to_it() {
        let c = chart(&[
            Some(9.0),
            Some(3.0),
            Some(3.0),
            Some(4.0),
            Some(5.0),
            Some(6.0),
            Some(7.0),
        ]);
        let trends: Vec<_> = c
            .signals()
            .into_iter()
            .filter(|s| !s.kind.is_shift())
            .collect();
        let up = trends
            .iter()
            .find(|s| s.kind == SignalKind::TrendUp)
            .unwrap();
        assert_eq!(up.points, vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(up.length, 5);
    }
}
