//! The small amount of SVG writing the charts share: the root element, text, wrapping,
//! text measurement (approximate Arial widths), axis ticks and the "no data" chart.

use std::fmt::Write;

use crate::{escape, palette, Unit, WIDTH};

/// Smallest text size used (SVG units); see the crate docs for what it means in pixels.
pub const SMALL: f64 = 14.0;
/// Body text: labels, values.
pub const BODY: f64 = 16.0;
/// The visible chart title.
pub const TITLE: f64 = 19.0;

/// A number for an SVG attribute: at most one decimal, no trailing `.0`.
pub fn num(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let s = format!("{:.1}", x);
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// Approximate width of `text` in Arial at `size`; good enough to lay out labels.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.25,
            'f' | 't' | 'r' | 'I' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' => 0.34,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.86,
            'A'..='Z' => 0.68,
            '0'..='9' => 0.56,
            '→' | '↓' | '–' | '—' => 1.0,
            _ => 0.56,
        })
        .sum();
    em * size * if bold { 1.08 } else { 1.0 }
}

/// Splits `text` into lines no wider than `max_width` (a word longer than that is broken).
pub fn wrap(text: &str, size: f64, bold: bool, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size, bold) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if text_width(word, size, bold) <= max_width {
            line = word.to_string();
        } else {
            for c in word.chars() {
                let mut next = line.clone();
                next.push(c);
                if !line.is_empty() && text_width(&next, size, bold) > max_width {
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                } else {
                    line = next;
                }
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Text style for [`Svg::text`].
#[derive(Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
    pub fill: &'static str,
    pub anchor: Anchor,
}

impl Font {
    pub fn new(size: f64) -> Self {
        Font {
            size,
            bold: false,
            fill: palette::BLACK,
            anchor: Anchor::Start,
        }
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn fill(mut self, fill: &'static str) -> Self {
        self.fill = fill;
        self
    }
    pub fn anchor(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }
}

/// The body of an SVG being drawn; [`Svg::finish`] wraps it in the accessible root element.
#[derive(Default)]
pub struct Svg {
    pub defs: String,
    pub body: String,
}

impl Svg {
    pub fn raw(&mut self, s: &str) {
        self.body.push_str(s);
        self.body.push('\n');
    }

    /// One line of text; `y` is the baseline.
    pub fn text(&mut self, x: f64, y: f64, text: &str, font: Font) {
        let weight = if font.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let anchor = if font.anchor == Anchor::Start {
            String::new()
        } else {
            format!(" text-anchor=\"{}\"", font.anchor.attr())
        };
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\"{weight}{anchor}>{}</text>",
            num(x),
            num(y),
            num(font.size),
            font.fill,
            escape(text)
        );
    }

    /// Several lines of text, the first baseline at `y`, `leading` apart.
    pub fn lines(&mut self, x: f64, y: f64, lines: &[String], leading: f64, font: Font) {
        for (i, line) in lines.iter().enumerate() {
            self.text(x, y + i as f64 * leading, line, font);
        }
    }

    /// A straight line from `(x1, y1)` to `(x2, y2)`, optionally dashed.
    pub fn line(
        &mut self,
        (x1, y1): (f64, f64),
        (x2, y2): (f64, f64),
        stroke: &str,
        width: f64,
        dash: Option<&str>,
    ) {
        let dash = dash
            .map(|d| format!(" stroke-dasharray=\"{d}\""))
            .unwrap_or_default();
        let _ = writeln!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"{dash}/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width)
        );
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{extra}/>",
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
    }

    /// The visible title, wrapped; returns the y below it.
    pub fn title(&mut self, title: &str, x: f64, y: f64) -> f64 {
        let lines = wrap(title, TITLE, true, WIDTH - 2.0 * x);
        let leading = TITLE * 1.3;
        self.lines(x, y + TITLE, &lines, leading, Font::new(TITLE).bold());
        y + TITLE + (lines.len() as f64 - 1.0) * leading + 8.0
    }

    /// The finished document: `<svg role="img" aria-labelledby="{id}-title {id}-desc">`.
    pub fn finish(self, id: &str, title: &str, desc: &str, height: f64) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
             viewBox=\"0 0 {} {}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" \
             font-family=\"Arial, sans-serif\" class=\"assure-chart\">",
            num(WIDTH),
            num(height.ceil())
        );
        let _ = writeln!(s, "<title id=\"{id}-title\">{}</title>", escape(title));
        let _ = writeln!(s, "<desc id=\"{id}-desc\">{}</desc>", escape(desc));
        if !self.defs.is_empty() {
            let _ = writeln!(s, "<defs>\n{}</defs>", self.defs);
        }
        let _ = writeln!(
            s,
            "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>",
            palette::WHITE
        );
        s.push_str(&self.body);
        s.push_str("</svg>\n");
        s
    }
}

/// The chart drawn when there is nothing to plot: the title and a bordered box that says so.
pub fn no_data(id: &str, title: &str, show_title: bool, desc: &str, message: &str) -> String {
    let mut svg = Svg::default();
    let mut y = 8.0;
    if show_title {
        y = svg.title(title, 16.0, y);
    }
    let top = y + 8.0;
    let height = 120.0;
    svg.rect(
        16.0,
        top,
        WIDTH - 32.0,
        height,
        palette::WHITE,
        &format!(
            " stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"",
            palette::GREY
        ),
    );
    let lines = wrap(message, BODY, true, WIDTH - 80.0);
    let leading = BODY * 1.35;
    let first = top + height / 2.0 - (lines.len() as f64 - 1.0) * leading / 2.0 + BODY * 0.35;
    svg.lines(
        WIDTH / 2.0,
        first,
        &lines,
        leading,
        Font::new(BODY).bold().anchor(Anchor::Middle),
    );
    svg.finish(id, title, desc, top + height + 16.0)
}

/// Axis ticks: a "nice" step (1, 2, 2.5 or 5 × a power of ten) and the tick values covering
/// `min..=max`. Percentages stay within 0–100 when the data do; counts step by whole numbers.
pub fn ticks(min: f64, max: f64, unit: Unit, target_count: usize) -> Vec<f64> {
    let (mut lo, mut hi) = (min, max);
    if (hi - lo).abs() < 1e-9 {
        let pad = if lo.abs() > 1.0 { lo.abs() * 0.1 } else { 1.0 };
        lo -= pad;
        hi += pad;
    }
    let rough = (hi - lo) / target_count.max(1) as f64;
    let mag = 10f64.powf(rough.log10().floor());
    let norm = rough / mag;
    let mut step = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    } * mag;
    if unit == Unit::Count {
        step = step.max(1.0).round().max(1.0);
    }
    let mut start = (lo / step).floor() * step;
    let mut end = (hi / step).ceil() * step;
    if min >= 0.0 && start < 0.0 {
        start = 0.0;
    }
    if unit == Unit::Percent && max <= 100.0 && end > 100.0 {
        end = 100.0;
    }
    let mut out = Vec::new();
    let mut v = start;
    while v <= end + step * 1e-6 && out.len() < 50 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    if out.len() < 2 {
        out.push(start + step);
    }
    out
}

/// A tick value: whole numbers where the step allows, one decimal otherwise.
pub fn tick_label(value: f64, step: f64, unit: Unit) -> String {
    let decimals = if step.fract().abs() > 1e-9 { 1 } else { 0 };
    match unit {
        Unit::Percent => format!("{value:.decimals$}%"),
        Unit::Count => crate::format_count(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks() {
        assert_eq!(
            ticks(52.0, 71.0, Unit::Percent, 5),
            vec![50.0, 55.0, 60.0, 65.0, 70.0, 75.0]
        );
        assert_eq!(ticks(0.0, 3.0, Unit::Count, 5), vec![0.0, 1.0, 2.0, 3.0]);
        let t = ticks(90.0, 100.0, Unit::Percent, 5);
        assert_eq!(*t.last().unwrap(), 100.0);
        let t = ticks(5.0, 5.0, Unit::Count, 5);
        assert!(t.first().unwrap() <= &5.0 && t.last().unwrap() >= &5.0);
    }

    #[test]
    fn numbers_for_attributes() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn wraps_words() {
        let lines = wrap("Statistical neighbours average", 14.0, false, 120.0);
        assert!(lines.len() >= 2);
        assert!(lines.iter().all(|l| text_width(l, 14.0, false) <= 120.0));
    }
}
