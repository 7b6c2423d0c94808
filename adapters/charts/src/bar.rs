//! Horizontal bars for a breakdown: by team, by comparator authority.

use std::fmt::Write;

use crate::svg::{self, text_width, wrap, Anchor, Font, Svg, BODY, SMALL};
use crate::{clean_id, palette, Line, Table, Unit, MISSING, WIDTH};

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None` (or not a finite number): no bar, "No data" written instead.
    pub value: Option<f64>,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: Option<f64>) -> Self {
        Bar {
            label: label.into(),
            value,
        }
    }

    fn value(&self) -> Option<f64> {
        self.value.filter(|v| v.is_finite())
    }
}

/// The bar to pick out, e.g. our council among its statistical neighbours. It is drawn with
/// stripes and a black outline, and its label is bold with the note added: "Northshire
/// (our council)". Never colour alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// Index into `bars`.
    pub index: usize,
    /// Added to the label in brackets, e.g. "our council".
    pub note: String,
}

/// Horizontal bars, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Prefix for the element ids in the SVG; unique on the page.
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: Unit,
    pub bars: Vec<Bar>,
    pub highlight: Option<Highlight>,
    /// A vertical reference line (England, the target), dashed and labelled.
    pub reference: Option<Line>,
    /// Table header for the label column ("Local authority", "Team").
    pub category_header: String,
    /// Table header for the value column, also the axis title.
    pub value_header: String,
    /// Draw the title inside the SVG too (it is always in `<title>`).
    pub show_title: bool,
}

impl BarChart {
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        unit: Unit,
        bars: Vec<Bar>,
    ) -> Self {
        BarChart {
            id: id.into(),
            title: title.into(),
            description: String::new(),
            unit,
            bars,
            highlight: None,
            reference: None,
            category_header: "Name".to_string(),
            value_header: "Value".to_string(),
            show_title: true,
        }
    }

    /// A bar's label as shown and tabled: the highlighted one carries its note.
    pub fn label(&self, index: usize) -> String {
        let label = self.bars[index].label.clone();
        match &self.highlight {
            Some(h) if h.index == index => {
                let note = if h.note.trim().is_empty() {
                    "highlighted"
                } else {
                    h.note.trim()
                };
                format!("{label} ({note})")
            }
            _ => label,
        }
    }

    fn highlighted(&self, index: usize) -> bool {
        self.highlight.as_ref().is_some_and(|h| h.index == index)
    }

    fn reference(&self) -> Option<&Line> {
        self.reference.as_ref().filter(|r| r.value.is_finite())
    }

    /// The `<desc>`: the caller's description, then every bar in words.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let d = self.description.trim();
        if !d.is_empty() {
            parts.push(if d.ends_with('.') {
                d.to_string()
            } else {
                format!("{d}.")
            });
        }
        if self.bars.iter().all(|b| b.value().is_none()) {
            parts.push("No data: there are no values to show.".to_string());
            return parts.join(" ");
        }
        let items: Vec<String> = (0..self.bars.len())
            .map(|i| {
                let v = self.bars[i]
                    .value()
                    .map(|v| self.unit.format(v))
                    .unwrap_or_else(|| "no data".to_string());
                format!("{} {v}", self.label(i))
            })
            .collect();
        parts.push(format!("{}.", items.join("; ")));
        if let Some(r) = self.reference() {
            parts.push(format!(
                "Reference line: {} {}.",
                r.label,
                self.unit.format_stat(r.value)
            ));
        }
        parts.join(" ")
    }

    /// The same numbers as the chart, for the table beside it.
    pub fn table(&self) -> Table {
        let mut caption = format!("{}.", self.title.trim_end_matches('.'));
        if let Some(r) = self.reference() {
            caption.push_str(&format!(" {} {}.", r.label, self.unit.format_stat(r.value)));
        }
        caption.push_str(&format!(" {MISSING} means no data."));
        Table {
            caption,
            headers: vec![self.category_header.clone(), self.value_header.clone()],
            rows: (0..self.bars.len())
                .map(|i| vec![self.label(i), self.unit.format_opt(self.bars[i].value())])
                .collect(),
            numeric: vec![false, true],
        }
    }

    /// The chart as an SVG document.
    pub fn render(&self) -> String {
        let id = clean_id(&self.id);
        let desc = self.summary();
        if self.bars.iter().all(|b| b.value().is_none()) {
            return svg::no_data(
                &id,
                &self.title,
                self.show_title,
                &desc,
                "No data to show yet.",
            );
        }
        let reference = self.reference();
        let mut s = Svg::default();
        let _ = writeln!(
            s.defs,
            "<pattern id=\"{id}-hl\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" \
             patternTransform=\"rotate(45)\"><rect width=\"10\" height=\"10\" fill=\"{blue}\"/>\
             <rect width=\"5\" height=\"10\" fill=\"{dark}\"/></pattern>",
            blue = palette::BLUE,
            dark = palette::DARK_BLUE
        );

        // Scale: bars start at zero.
        let values: Vec<f64> = self
            .bars
            .iter()
            .filter_map(Bar::value)
            .chain(reference.map(|r| r.value))
            .collect();
        let lo = values.iter().copied().fold(0.0, f64::min);
        let hi = values.iter().copied().fold(0.0, f64::max);
        let ticks = svg::ticks(lo, if hi > lo { hi } else { lo + 1.0 }, self.unit, 5);
        let step = ticks[1] - ticks[0];
        let (x_min, x_max) = (ticks[0], ticks[ticks.len() - 1]);

        // Columns: labels, bars, room for the value after the longest bar.
        let labels: Vec<String> = (0..self.bars.len()).map(|i| self.label(i)).collect();
        let label_max = WIDTH * 0.36;
        let wrapped: Vec<Vec<String>> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| wrap(l, BODY, self.highlighted(i), label_max))
            .collect();
        let label_w = wrapped
            .iter()
            .enumerate()
            .flat_map(|(i, w)| {
                w.iter()
                    .map(move |l| text_width(l, BODY, self.highlighted(i)))
            })
            .fold(0.0, f64::max);
        let value_texts: Vec<String> = self
            .bars
            .iter()
            .map(|b| {
                b.value()
                    .map(|v| self.unit.format(v))
                    .unwrap_or_else(|| "No data".to_string())
            })
            .collect();
        let value_w = value_texts
            .iter()
            .map(|t| text_width(t, BODY, true))
            .fold(0.0, f64::max);
        let plot_left = 16.0 + label_w + 14.0;
        let plot_right = WIDTH - 16.0 - value_w - 10.0;
        let x_at = |v: f64| plot_left + (v - x_min) / (x_max - x_min) * (plot_right - plot_left);

        let mut y = 8.0;
        if self.show_title {
            y = s.title(&self.title, 16.0, y);
        }
        y += 6.0;
        // Reference label above the plot, at the line.
        if let Some(r) = reference {
            let text = format!("{} {}", r.label, self.unit.format_stat(r.value));
            let tw = text_width(&text, SMALL, true);
            let cx = x_at(r.value).clamp(16.0 + tw / 2.0, WIDTH - 16.0 - tw / 2.0);
            s.text(
                cx,
                y + SMALL,
                &text,
                Font::new(SMALL).bold().anchor(Anchor::Middle),
            );
            y += SMALL + 8.0;
        }
        let plot_top = y;
        const BAR: f64 = 26.0;
        let leading = BODY * 1.2;
        let rows: Vec<f64> = wrapped
            .iter()
            .map(|w| (w.len() as f64 * leading).max(BAR) + 12.0)
            .collect();
        let plot_bottom = plot_top + rows.iter().sum::<f64>();

        // Gridlines and axis ticks.
        for t in &ticks {
            let x = x_at(*t);
            s.line((x, plot_top), (x, plot_bottom), palette::GRID, 1.0, None);
            s.text(
                x,
                plot_bottom + 20.0,
                &svg::tick_label(*t, step, self.unit),
                Font::new(SMALL).anchor(Anchor::Middle),
            );
        }
        s.line(
            (plot_left, plot_bottom),
            (plot_right, plot_bottom),
            palette::BLACK,
            1.5,
            None,
        );

        // Bars.
        let zero = x_at(0.0);
        let mut value_positions: Vec<(f64, f64, usize)> = Vec::new();
        let mut row_top = plot_top;
        for (i, bar) in self.bars.iter().enumerate() {
            let hl = self.highlighted(i);
            let mid = row_top + rows[i] / 2.0;
            let lines = &wrapped[i];
            let first = mid - (lines.len() as f64 - 1.0) * leading / 2.0 + BODY * 0.35;
            let mut font = Font::new(BODY).anchor(Anchor::End);
            if hl {
                font = font.bold();
            }
            s.lines(plot_left - 14.0, first, lines, leading, font);
            match bar.value() {
                Some(v) => {
                    let (x1, x2) = (zero.min(x_at(v)), zero.max(x_at(v)));
                    if hl {
                        s.rect(
                            x1,
                            mid - BAR / 2.0,
                            x2 - x1,
                            BAR,
                            &format!("url(#{id}-hl)"),
                            &format!(" stroke=\"{}\" stroke-width=\"2\"", palette::BLACK),
                        );
                    } else {
                        s.rect(x1, mid - BAR / 2.0, x2 - x1, BAR, palette::BLUE, "");
                    }
                    let tx = if v < 0.0 { x1 - 6.0 } else { x2 + 6.0 };
                    value_positions.push((tx, mid, i));
                }
                None => value_positions.push((zero + 6.0, mid, i)),
            }
            row_top += rows[i];
        }
        s.line(
            (zero, plot_top),
            (zero, plot_bottom),
            palette::BLACK,
            1.5,
            None,
        );

        // Reference line over the bars.
        if let Some(r) = reference {
            let x = x_at(r.value);
            s.line(
                (x, plot_top - 4.0),
                (x, plot_bottom),
                palette::BLACK,
                2.5,
                Some("8 4"),
            );
        }

        // Values at the bar ends, on a white backing so the reference line cannot cross them.
        for (tx, mid, i) in value_positions {
            let text = &value_texts[i];
            let missing = self.bars[i].value().is_none();
            let negative = self.bars[i].value().is_some_and(|v| v < 0.0);
            let tw = text_width(text, BODY, true);
            // Step a value label clear of the reference line rather than write over it.
            let tx = match reference.map(|r| x_at(r.value)) {
                Some(rx) if !negative && tx < rx + 6.0 && tx + tw > rx - 6.0 => rx + 6.0,
                Some(rx) if negative && tx > rx - 6.0 && tx - tw < rx + 6.0 => rx - 6.0,
                _ => tx,
            };
            let bx = if negative { tx - tw } else { tx };
            s.rect(
                bx - 2.0,
                mid - BODY * 0.7,
                tw + 4.0,
                BODY * 1.3,
                palette::WHITE,
                "",
            );
            let mut font =
                Font::new(BODY).anchor(if negative { Anchor::End } else { Anchor::Start });
            font = if missing {
                font.fill(palette::GREY)
            } else {
                font.bold()
            };
            s.text(tx, mid + BODY * 0.35, text, font);
        }

        // Axis title.
        let mut y = plot_bottom + 44.0;
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
            (plot_left + plot_right) / 2.0,
            y,
            &axis_title,
            Font::new(SMALL).fill(palette::GREY).anchor(Anchor::Middle),
        );

        // Legend: the highlight and the reference line, each by shape and words.
        let mut lx = 16.0;
        if self
            .highlight
            .as_ref()
            .is_some_and(|h| h.index < self.bars.len())
            || reference.is_some()
        {
            y += 16.0;
        }
        if let Some(h) = self
            .highlight
            .as_ref()
            .filter(|h| h.index < self.bars.len())
        {
            s.rect(
                lx,
                y,
                34.0,
                18.0,
                &format!("url(#{id}-hl)"),
                &format!(" stroke=\"{}\" stroke-width=\"2\"", palette::BLACK),
            );
            let text = self.label(h.index);
            s.text(
                lx + 44.0,
                y + 9.0 + SMALL * 0.35,
                &text,
                Font::new(SMALL).bold(),
            );
            lx += 44.0 + text_width(&text, SMALL, true) + 28.0;
        }
        if let Some(r) = reference {
            let text = format!("{} {}", r.label, self.unit.format_stat(r.value));
            if lx + 44.0 + text_width(&text, SMALL, false) > WIDTH - 12.0 {
                lx = 16.0;
                y += 26.0;
            }
            s.line(
                (lx, y + 9.0),
                (lx + 34.0, y + 9.0),
                palette::BLACK,
                2.5,
                Some("8 4"),
            );
            s.text(lx + 44.0, y + 9.0 + SMALL * 0.35, &text, Font::new(SMALL));
        }
        s.finish(&id, &self.title, &desc, y + 30.0)
    }
}
