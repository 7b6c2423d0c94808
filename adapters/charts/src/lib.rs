//! Accessible SVG charts, rendered as strings, for the indicator dashboard and board papers.
//!
//! Three charts, each a plain struct with public fields:
//!
//! * [`RunChart`]: monthly points joined by a line, the median of the non-missing points drawn
//!   and labelled, optional target and comparator lines, hollow markers for small
//!   denominators (n < 30), gaps for missing months, and the standard run-chart signals
//!   ([`RunChart::signals`]: a shift of 6+ points on one side of the median, a trend of 5+
//!   points rising or falling) marked with a different shape and bracketed above the plot.
//! * [`FunnelChart`]: horizontal bars, one per stage (S47 enquiries → ICPCs → CP plans),
//!   each with its count, its percentage of the previous stage and the drop-out written out.
//! * [`BarChart`]: horizontal bars for a breakdown (teams, comparator authorities), one bar
//!   optionally highlighted by pattern *and* label text, an optional reference line.
//!
//! Every chart renders `<svg role="img" aria-labelledby="{id}-title {id}-desc">` with a
//! `<title>` and a `<desc>` that states the numbers in words, width="100%" and a `viewBox`
//! (it scales to its container and prints), Arial, no scripts, no `foreignObject`, no `style`
//! (presentation attributes only, so a strict Content-Security-Policy is fine). Every line is
//! told apart by dash pattern and a direct label, never by colour alone; every colour is a
//! GOV.UK palette colour with at least 3:1 contrast against white. All caller text is
//! XML-escaped.
//!
//! Every chart also gives [`Table`]: the same numbers, formatted the same way, for the HTML
//! table that sits beside the chart ([`Table::to_html`] renders a GOV.UK table if wanted).
//!
//! Percentages are on the 0–100 scale (`63.2` means 63.2%).
//!
//! The drawing is [`WIDTH`] units wide and text is at least 14 units, so text stays at or
//! above 12 CSS pixels whenever the chart is shown at 620 px or wider (the GOV.UK two-thirds
//! column is 640 px); narrower screens get the table.

mod bar;
mod funnel;
mod run;
mod svg;

pub use bar::{Bar, BarChart, Highlight};
pub use funnel::{FunnelChart, Stage, StageFigures};
pub use run::{median, Point, RunChart, Signal, SignalKind, SHIFT_MIN, SMALL_N, TREND_MIN};

/// Width of every chart's `viewBox`, in SVG user units.
pub const WIDTH: f64 = 720.0;

/// What a table cell shows when there is no value.
pub const MISSING: &str = "–";

/// How values are measured, and so how they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A percentage on the 0–100 scale, written with one decimal and `%` ("57.1%").
    Percent,
    /// A count, written as a whole number with thousands separators ("1,204").
    Count,
}

impl Unit {
    /// The value written out: `57.1%` or `1,204`.
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Percent => format_percent(value),
            Unit::Count => format_count(value),
        }
    }

    /// A statistic drawn from the values (a median, a comparator average): as
    /// [`Unit::format`], except that a count that is not whole keeps one decimal ("320.5"),
    /// so a median of counts is never shown rounded to a value it is not.
    pub fn format_stat(self, value: f64) -> String {
        match self {
            Unit::Count => {
                let tenths = format!("{:.1}", value.abs());
                match tenths.split_once('.') {
                    Some((whole, tenth)) if tenth != "0" => {
                        let sign = if value < 0.0 { "-" } else { "" };
                        format!(
                            "{sign}{}.{tenth}",
                            format_count(whole.parse::<f64>().unwrap_or(0.0))
                        )
                    }
                    _ => format_count(value),
                }
            }
            _ => self.format(value),
        }
    }

    /// As [`Unit::format`], with [`MISSING`] for no value (or a value that is not a number).
    pub fn format_opt(self, value: Option<f64>) -> String {
        match value {
            Some(v) if v.is_finite() => self.format(v),
            _ => MISSING.to_string(),
        }
    }
}

/// A horizontal reference line: a target, England, statistical neighbours.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub value: f64,
}

impl Line {
    pub fn new(label: impl Into<String>, value: f64) -> Self {
        Line {
            label: label.into(),
            value,
        }
    }
}

/// The chart's numbers as a table, for the caller to render as HTML beside the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Says what the table is and what [`MISSING`] means.
    pub caption: String,
    pub headers: Vec<String>,
    /// Already formatted; the first cell of each row names the row.
    pub rows: Vec<Vec<String>>,
    /// Which columns hold numbers (right-aligned in a GOV.UK table); same length as `headers`.
    pub numeric: Vec<bool>,
}

impl Table {
    /// A GOV.UK Design System table (`govuk-table`), every cell escaped, the first cell of
    /// each row a row header, numeric columns right-aligned.
    pub fn to_html(&self) -> String {
        let mut h = String::from("<table class=\"govuk-table\">\n");
        h.push_str(&format!(
            "  <caption class=\"govuk-table__caption govuk-table__caption--s\">{}</caption>\n",
            escape(&self.caption)
        ));
        h.push_str("  <thead class=\"govuk-table__head\">\n    <tr class=\"govuk-table__row\">");
        for (i, head) in self.headers.iter().enumerate() {
            let numeric = if self.numeric.get(i).copied().unwrap_or(false) {
                " govuk-table__header--numeric"
            } else {
                ""
            };
            h.push_str(&format!(
                "<th scope=\"col\" class=\"govuk-table__header{numeric}\">{}</th>",
                escape(head)
            ));
        }
        h.push_str("</tr>\n  </thead>\n  <tbody class=\"govuk-table__body\">\n");
        for row in &self.rows {
            h.push_str("    <tr class=\"govuk-table__row\">");
            for (i, cell) in row.iter().enumerate() {
                let numeric = self.numeric.get(i).copied().unwrap_or(false);
                if i == 0 {
                    h.push_str(&format!(
                        "<th scope=\"row\" class=\"govuk-table__header\">{}</th>",
                        escape(cell)
                    ));
                } else {
                    let class = if numeric {
                        "govuk-table__cell govuk-table__cell--numeric"
                    } else {
                        "govuk-table__cell"
                    };
                    h.push_str(&format!("<td class=\"{class}\">{}</td>", escape(cell)));
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("  </tbody>\n</table>\n");
        h
    }
}

/// GOV.UK Design System colours used by the charts. Each one that draws information has at
/// least 3:1 contrast against white (WCAG 2.2 1.4.11); text colours have at least 4.5:1.
pub mod palette {
    /// The series line and bars (5.2:1).
    pub const BLUE: &str = "#1d70b8";
    /// Dark blue: the stripes of a highlighted bar (11.6:1).
    pub const DARK_BLUE: &str = "#003078";
    /// Text, axes, the median line (19.4:1).
    pub const BLACK: &str = "#0b0c0c";
    /// Secondary text, comparator lines, drop-out hatching (7.0:1).
    pub const GREY: &str = "#505a5f";
    /// Target line (6.3:1).
    pub const GREEN: &str = "#00703c";
    /// A second comparator line (6.9:1).
    pub const PURPLE: &str = "#912b88";
    /// A third comparator line (4.5:1).
    pub const RED: &str = "#d4351c";
    /// Decorative gridlines only: carries no information on its own.
    pub const GRID: &str = "#b1b4b6";
    pub const WHITE: &str = "#ffffff";
}

/// XML-escapes text for element content and attribute values, and drops characters that
/// XML 1.0 does not allow at all (most control characters), so the SVG stays well-formed
/// whatever the caller's data holds.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `57.1%`: one decimal place, never `-0.0%`.
pub fn format_percent(value: f64) -> String {
    let s = format!("{value:.1}");
    if s == "-0.0" {
        "0.0%".to_string()
    } else {
        format!("{s}%")
    }
}

/// `1,204`: rounded to a whole number, with thousands separators.
pub fn format_count(value: f64) -> String {
    let rounded = value.round();
    let negative = rounded < 0.0;
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if negative {
        format!("-{out}")
    } else {
        out
    }
}

/// Makes a caller's id prefix safe for use in `id` and `aria-labelledby` (letters, digits,
/// `-` and `_`, starting with a letter).
pub(crate) fn clean_id(prefix: &str) -> String {
    let mut id: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert_str(0, "chart-");
    }
    id
}

/// A percentage `part / whole * 100`, or `None` when the whole is zero.
pub(crate) fn percent_of(part: f64, whole: f64) -> Option<f64> {
    if whole > 0.0 {
        Some(part / whole * 100.0)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_percent(57.104), "57.1%");
        assert_eq!(format_percent(86.699), "86.7%");
        assert_eq!(format_percent(-0.01), "0.0%");
        assert_eq!(format_count(711.0), "711");
        assert_eq!(format_count(1204.4), "1,204");
        assert_eq!(format_count(1_234_567.0), "1,234,567");
        assert_eq!(format_count(-1500.0), "-1,500");
        assert_eq!(Unit::Percent.format_opt(None), MISSING);
        assert_eq!(Unit::Count.format_stat(320.5), "320.5");
        assert_eq!(Unit::Count.format_stat(1320.25), "1,320.2");
        assert_eq!(Unit::Count.format_stat(320.0), "320");
        assert_eq!(Unit::Count.format_stat(319.97), "320");
        assert_eq!(Unit::Percent.format_stat(22.75), "22.8%");
        assert_eq!(Unit::Count.format_opt(Some(f64::NAN)), MISSING);
    }

    #[test]
    fn ids_are_cleaned() {
        assert_eq!(clean_id("cla-rate"), "cla-rate");
        assert_eq!(clean_id("1 bad\"id"), "chart-1-bad-id");
        assert_eq!(clean_id(""), "chart-");
    }

    #[test]
    fn escapes_everything_dangerous() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\u{0}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    fn luminance(hex: &str) -> f64 {
        let v = u32::from_str_radix(&hex[1..], 16).unwrap();
        let channel = |c: u32| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(v >> 16) + 0.7152 * channel((v >> 8) & 0xff) + 0.0722 * channel(v & 0xff)
    }

    #[test]
    fn palette_contrast_against_white() {
        use palette::*;
        for (colour, min) in [
            (BLUE, 4.5),
            (DARK_BLUE, 4.5),
            (BLACK, 4.5),
            (GREY, 4.5),
            (GREEN, 4.5),
            (PURPLE, 4.5),
            (RED, 4.5),
        ] {
            let ratio = 1.05 / (luminance(colour) + 0.05);
            assert!(ratio >= min, "{colour} has {ratio:.2}:1");
        }
    }
}
