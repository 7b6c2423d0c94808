//! The funnel: S47 enquiries → ICPCs → CP plans, with the drop-out between stages.

use std::fmt::Write;

use crate::svg::{self, text_width, Font, Svg, BODY, SMALL};
use crate::{clean_id, format_count, format_percent, palette, percent_of, Table, MISSING, WIDTH};

/// One stage of a funnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub label: String,
    pub count: u64,
}

impl Stage {
    pub fn new(label: impl Into<String>, count: u64) -> Self {
        Stage {
            label: label.into(),
            count,
        }
    }
}

/// A stage's numbers, worked out once so the chart, the words and the table agree.
#[derive(Debug, Clone, PartialEq)]
pub struct StageFigures {
    pub label: String,
    pub count: u64,
    /// This stage as a percentage of the previous one (`None` for the first stage, or when
    /// the previous stage is zero).
    pub percent_of_previous: Option<f64>,
    /// How many fewer than the previous stage (negative if more); `None` for the first stage.
    pub drop_out: Option<i64>,
    /// `100 − percent_of_previous`.
    pub drop_out_percent: Option<f64>,
}

/// Horizontal bars, one per stage, widest first.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelChart {
    /// Prefix for the element ids in the SVG; unique on the page.
    pub id: String,
    pub title: String,
    pub description: String,
    pub stages: Vec<Stage>,
    /// Draw the title inside the SVG too (it is always in `<title>`).
    pub show_title: bool,
}

impl FunnelChart {
    pub fn new(id: impl Into<String>, title: impl Into<String>, stages: Vec<Stage>) -> Self {
        FunnelChart {
            id: id.into(),
            title: title.into(),
            description: String::new(),
            stages,
            show_title: true,
        }
    }

    /// Each stage with its percentage of the previous stage and the drop-out.
    pub fn figures(&self) -> Vec<StageFigures> {
        self.stages
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let prev = (i > 0).then(|| self.stages[i - 1].count);
                let pct = prev.and_then(|p| percent_of(s.count as f64, p as f64));
                StageFigures {
                    label: s.label.clone(),
                    count: s.count,
                    percent_of_previous: pct,
                    drop_out: prev.map(|p| p as i64 - s.count as i64),
                    drop_out_percent: pct.map(|p| 100.0 - p),
                }
            })
            .collect()
    }

    /// The funnel in one line: "S47 enquiries 711 → ICPCs 406 (57.1%; drop-out 42.9%) →
    /// CP plans 352 (86.7%; drop-out 13.3%)".
    pub fn summary_line(&self) -> String {
        self.figures()
            .iter()
            .map(|f| match (f.percent_of_previous, f.drop_out_percent) {
                (Some(p), Some(d)) => format!(
                    "{} {} ({}; drop-out {})",
                    f.label,
                    format_count(f.count as f64),
                    format_percent(p),
                    format_percent(d)
                ),
                _ => format!("{} {}", f.label, format_count(f.count as f64)),
            })
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// The `<desc>`: the caller's description, then the numbers in words.
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
        if self.stages.is_empty() {
            parts.push("No data: there are no stages to show.".to_string());
            return parts.join(" ");
        }
        parts.push(format!("{}.", self.summary_line()));
        if self.stages.len() > 2 {
            let (first, last) = (&self.stages[0], &self.stages[self.stages.len() - 1]);
            if let Some(p) = percent_of(last.count as f64, first.count as f64) {
                parts.push(format!(
                    "Overall, {} of {} reached {} ({}).",
                    format_count(last.count as f64),
                    first.label,
                    last.label,
                    format_percent(p)
                ));
            }
        }
        parts.join(" ")
    }

    /// The same numbers as the chart, for the table beside it.
    pub fn table(&self) -> Table {
        let rows = self
            .figures()
            .into_iter()
            .map(|f| {
                vec![
                    f.label,
                    format_count(f.count as f64),
                    f.percent_of_previous
                        .map(format_percent)
                        .unwrap_or_else(|| MISSING.to_string()),
                    f.drop_out
                        .map(|d| format_count(d as f64))
                        .unwrap_or_else(|| MISSING.to_string()),
                    f.drop_out_percent
                        .map(format_percent)
                        .unwrap_or_else(|| MISSING.to_string()),
                ]
            })
            .collect();
        Table {
            caption: format!(
                "{}: number at each stage and the drop-out from the stage before. {MISSING} means not \
                 applicable (the first stage, or a stage after one of zero).",
                self.title
            ),
            headers: vec![
                "Stage".to_string(),
                "Number".to_string(),
                "Percentage of previous stage".to_string(),
                "Drop-out from previous stage".to_string(),
                "Drop-out percentage".to_string(),
            ],
            rows,
            numeric: vec![false, true, true, true, true],
        }
    }

    /// The chart as an SVG document.
    pub fn render(&self) -> String {
        let id = clean_id(&self.id);
        let desc = self.summary();
        if self.stages.is_empty() {
            return svg::no_data(
                &id,
                &self.title,
                self.show_title,
                &desc,
                "No data to show yet.",
            );
        }
        let figures = self.figures();
        let mut s = Svg::default();
        let _ = writeln!(
            s.defs,
            "<pattern id=\"{id}-drop\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" \
             patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"{white}\"/>\
             <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"{grey}\" stroke-width=\"2.5\"/></pattern>",
            white = palette::WHITE,
            grey = palette::GREY
        );
        let (left, right) = (16.0, WIDTH - 16.0);
        let full = right - left;
        let max = self
            .stages
            .iter()
            .map(|s| s.count)
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let width_of = |c: u64| {
            if c == 0 {
                0.0
            } else {
                (c as f64 / max * full).max(2.0)
            }
        };
        let mut y = 8.0;
        if self.show_title {
            y = s.title(&self.title, 16.0, y);
        }
        y += 4.0;
        const BAR: f64 = 36.0;
        for (i, f) in figures.iter().enumerate() {
            if i > 0 {
                let text = match (f.drop_out, f.drop_out_percent) {
                    (Some(d), Some(p)) if d >= 0 => format!(
                        "↓ Drop-out {} of {} ({})",
                        format_count(d as f64),
                        format_count(figures[i - 1].count as f64),
                        format_percent(p)
                    ),
                    (Some(d), _) if d < 0 => {
                        format!("↓ No drop-out: {} more", format_count(-d as f64))
                    }
                    _ => "↓ Drop-out not applicable".to_string(),
                };
                y += 8.0;
                s.text(
                    left,
                    y + SMALL,
                    &text,
                    Font::new(SMALL).bold().fill(palette::GREY),
                );
                y += SMALL + 6.0;
            }
            // Label.
            y += 8.0;
            s.text(left, y + BODY, &f.label, Font::new(BODY).bold());
            y += BODY + 8.0;
            // Bar, and the ghost of the previous stage hatched behind it.
            let w = width_of(f.count);
            let ghost = if i > 0 {
                width_of(figures[i - 1].count)
            } else {
                0.0
            };
            if ghost > w {
                s.rect(
                    left + w,
                    y + 1.0,
                    ghost - w - 1.0,
                    BAR - 2.0,
                    &format!("url(#{id}-drop)"),
                    &format!(
                        " stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"",
                        palette::GREY
                    ),
                );
            }
            s.rect(left, y, w, BAR, palette::BLUE, "");
            // Figures on the bar: inside if they fit, else after the bar (and its ghost).
            let text = match f.percent_of_previous {
                Some(p) => format!(
                    "{} ({} of {})",
                    format_count(f.count as f64),
                    format_percent(p),
                    figures[i - 1].label
                ),
                None => format_count(f.count as f64),
            };
            let base = y + BAR / 2.0 + BODY * 0.35;
            let tw = text_width(&text, BODY, true);
            if tw + 20.0 <= w {
                s.text(
                    left + 10.0,
                    base,
                    &text,
                    Font::new(BODY).bold().fill(palette::WHITE),
                );
            } else {
                let after = left + w.max(ghost) + 8.0;
                if after + tw <= WIDTH - 8.0 {
                    s.text(after, base, &text, Font::new(BODY).bold());
                } else {
                    // No room either side: write it just under the bar.
                    s.text(left, y + BAR + BODY + 4.0, &text, Font::new(BODY).bold());
                    y += BODY + 10.0;
                }
            }
            y += BAR;
        }
        // Legend for the hatching.
        if self.stages.len() > 1 {
            y += 22.0;
            s.rect(
                left,
                y,
                34.0,
                18.0,
                &format!("url(#{id}-drop)"),
                &format!(
                    " stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"",
                    palette::GREY
                ),
            );
            s.text(
                left + 44.0,
                y + 9.0 + SMALL * 0.35,
                "Drop-out: not carried forward from the stage before",
                Font::new(SMALL),
            );
            y += 18.0;
        }
        s.finish(&id, &self.title, &desc, y + 14.0)
    }
}
