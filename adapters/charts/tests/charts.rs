//! The charts as a page would use them: well-formed, accessible, escaped, and saying the same
//! numbers in the SVG, in words and in the table.

use std::collections::{BTreeMap, BTreeSet};

use assure_charts::{
    median, Bar, BarChart, FunnelChart, Highlight, Line, Point, RunChart, SignalKind, Stage, Unit,
    MISSING,
};

// ---------------------------------------------------------------------------------------------
// A minimal XML well-formedness check: balanced tags, quoted attributes, no duplicate
// attributes, only the five predefined entities or character references, one root.

#[derive(Debug)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    /// Text directly inside the element, entities decoded.
    text: String,
}

fn check_entities(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let end = after
            .find(';')
            .ok_or_else(|| format!("unterminated entity in {s:?}"))?;
        let name = &after[..end];
        let decoded = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            n if n.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&n[2..], 16).map_err(|e| e.to_string())?)
                    .ok_or("bad char ref")?
            }
            n if n.starts_with('#') => {
                char::from_u32(n[1..].parse::<u32>().map_err(|e| e.to_string())?)
                    .ok_or("bad char ref")?
            }
            n => return Err(format!("unknown entity &{n};")),
        };
        out.push(decoded);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    if out
        .chars()
        .any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err("control character".into());
    }
    Ok(out)
}

/// Parses `xml`, returning every element in document order, or the first problem.
fn parse(xml: &str) -> Result<Vec<Element>, String> {
    let mut elements: Vec<Element> = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    let b = xml.as_bytes();
    while i < b.len() {
        if b[i] != b'<' {
            let end = xml[i..].find('<').map(|p| i + p).unwrap_or(b.len());
            let text = &xml[i..end];
            if text.contains('>') {
                return Err(format!("raw > in text {text:?}"));
            }
            let decoded = check_entities(text)?;
            match stack.last() {
                Some((_, idx)) => elements[*idx].text.push_str(&decoded),
                None if !text.trim().is_empty() => {
                    return Err(format!("text outside root: {text:?}"))
                }
                None => {}
            }
            i = end;
            continue;
        }
        let rest = &xml[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").ok_or("unterminated comment")? + 3;
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            return Err("unexpected declaration".into());
        }
        if let Some(close) = rest.strip_prefix("</") {
            let end = close.find('>').ok_or("unterminated end tag")?;
            let name = close[..end].trim();
            let (open, _) = stack
                .pop()
                .ok_or_else(|| format!("</{name}> with nothing open"))?;
            if open != name {
                return Err(format!("</{name}> closes <{open}>"));
            }
            i += 2 + end + 1;
            continue;
        }
        // Start tag.
        let mut j = i + 1;
        let name_end = xml[j..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .ok_or("bad tag")?
            + j;
        let name = xml[j..name_end].to_string();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-' || c == '_')
        {
            return Err(format!("bad element name {name:?}"));
        }
        j = name_end;
        let mut attrs = BTreeMap::new();
        let self_closing;
        loop {
            while j < b.len() && (b[j] as char).is_whitespace() {
                j += 1;
            }
            if xml[j..].starts_with("/>") {
                self_closing = true;
                j += 2;
                break;
            }
            if xml[j..].starts_with('>') {
                self_closing = false;
                j += 1;
                break;
            }
            let eq = xml[j..].find('=').ok_or("attribute without =")? + j;
            let attr = xml[j..eq].to_string();
            if attr.is_empty()
                || !attr
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-' || c == '_')
            {
                return Err(format!("bad attribute name {attr:?} in <{name}>"));
            }
            let quote = *b.get(eq + 1).ok_or("eof")?;
            if quote != b'"' && quote != b'\'' {
                return Err(format!("unquoted attribute {attr}"));
            }
            let close = xml[eq + 2..]
                .find(quote as char)
                .ok_or("unterminated attribute")?
                + eq
                + 2;
            let value = &xml[eq + 2..close];
            if value.contains('<') {
                return Err(format!("< in attribute {attr}"));
            }
            let value = check_entities(value)?;
            if attrs.insert(attr.clone(), value).is_some() {
                return Err(format!("duplicate attribute {attr} in <{name}>"));
            }
            j = close + 1;
        }
        if stack.is_empty() {
            roots += 1;
        }
        elements.push(Element {
            name: name.clone(),
            attrs,
            text: String::new(),
        });
        if !self_closing {
            stack.push((name, elements.len() - 1));
        }
        i = j;
    }
    if let Some((open, _)) = stack.last() {
        return Err(format!("<{open}> never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(elements)
}

/// Everything a chart must be, whatever it shows. Returns the parsed elements.
fn assert_accessible(svg: &str, id: &str) -> Vec<Element> {
    let elements = parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"));
    let root = &elements[0];
    assert_eq!(root.name, "svg");
    assert_eq!(root.attrs["role"], "img");
    assert_eq!(
        root.attrs["aria-labelledby"],
        format!("{id}-title {id}-desc")
    );
    assert_eq!(root.attrs["width"], "100%");
    assert!(root.attrs["viewBox"].starts_with("0 0 720 "));
    assert_eq!(root.attrs["font-family"], "Arial, sans-serif");
    let title = elements.iter().find(|e| e.name == "title").expect("title");
    assert_eq!(title.attrs["id"], format!("{id}-title"));
    assert!(!title.text.trim().is_empty());
    let desc = elements.iter().find(|e| e.name == "desc").expect("desc");
    assert_eq!(desc.attrs["id"], format!("{id}-desc"));
    assert!(!desc.text.trim().is_empty());
    // Ids unique; every url(#…) reference resolves.
    let ids: Vec<&String> = elements.iter().filter_map(|e| e.attrs.get("id")).collect();
    let unique: BTreeSet<&String> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids");
    for e in &elements {
        assert!(
            !matches!(
                e.name.as_str(),
                "script" | "foreignObject" | "style" | "image" | "a" | "iframe"
            ),
            "<{}> is not allowed",
            e.name
        );
        for (k, v) in &e.attrs {
            assert!(
                !k.starts_with("on") && k != "style" && k != "href" && k != "xlink:href",
                "{k} not allowed"
            );
            if let Some(r) = v.strip_prefix("url(#") {
                let target = r.trim_end_matches(')');
                assert!(
                    unique.contains(&target.to_string()),
                    "dangling reference {v}"
                );
                assert!(target.starts_with(id));
            }
        }
        if e.name == "text" {
            let size: f64 = e.attrs["font-size"].parse().unwrap();
            assert!(size >= 14.0, "text {:?} at {size}", e.text);
        }
    }
    elements
}

fn texts(elements: &[Element]) -> Vec<String> {
    elements
        .iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.clone())
        .collect()
}

fn desc(elements: &[Element]) -> String {
    elements
        .iter()
        .find(|e| e.name == "desc")
        .unwrap()
        .text
        .clone()
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

fn series(values: &[Option<f64>]) -> RunChart {
    let points = values
        .iter()
        .enumerate()
        .map(|(i, v)| Point::new(format!("M{i}"), *v, Some(100)))
        .collect();
    RunChart::new("run", "Test", Unit::Percent, points)
}

fn some(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().map(|v| Some(*v)).collect()
}

fn sample_run() -> RunChart {
    let labels = [
        "Apr 2024", "May 2024", "Jun 2024", "Jul 2024", "Aug 2024", "Sep 2024", "Oct 2024",
        "Nov 2024",
    ];
    let values = [
        Some(61.0),
        Some(62.5),
        None,
        Some(64.0),
        Some(66.2),
        Some(67.0),
        Some(68.1),
        Some(70.4),
    ];
    let ns = [
        Some(120),
        Some(25),
        None,
        Some(110),
        Some(101),
        Some(98),
        Some(12),
        Some(130),
    ];
    let points = labels
        .iter()
        .zip(values)
        .zip(ns)
        .map(|((l, v), n)| Point::new(*l, v, n))
        .collect();
    let mut chart = RunChart::new("assess", "Assessments in time", Unit::Percent, points);
    chart.description = "Assessments completed within 45 working days".into();
    chart.target = Some(65.0);
    chart.comparators = vec![Line::new("England", 63.3)];
    chart
}

fn s47() -> FunnelChart {
    FunnelChart::new(
        "s47",
        "S47 to CP plan",
        vec![
            Stage::new("S47 enquiries", 711),
            Stage::new("ICPCs", 406),
            Stage::new("CP plans", 352),
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Run charts.

#[test]
fn run_chart_is_well_formed_and_labelled() {
    let chart = sample_run();
    let svg = chart.render();
    let elements = assert_accessible(&svg, "assess");
    let t = texts(&elements);
    let median = chart.median().unwrap();
    assert_eq!(median, 66.2);
    assert!(t.iter().any(|s| s == "Median 66.2%"), "{t:?}");
    assert!(t.iter().any(|s| s == "Target 65.0%"));
    assert!(t.iter().any(|s| s == "England 63.3%"));
    // Axis tick values and x labels.
    let ticks: Vec<f64> = t
        .iter()
        .filter_map(|s| s.strip_suffix('%')?.parse().ok())
        .collect();
    assert!(ticks.len() >= 3, "{t:?}");
    assert!(t.iter().any(|s| s == "Apr") && t.iter().any(|s| s == "2024"));
    // Lines by dash pattern: every reference line dashed, each differently.
    let dashes: Vec<&String> = elements
        .iter()
        .filter(|e| e.name == "line" && e.attrs.get("x1") != e.attrs.get("x2"))
        .filter_map(|e| e.attrs.get("stroke-dasharray"))
        .collect();
    let distinct: BTreeSet<&&String> = dashes.iter().collect();
    assert_eq!(distinct.len(), 3, "{dashes:?}");
}

#[test]
fn missing_points_leave_a_gap_and_small_numbers_are_hollow() {
    let chart = sample_run();
    let elements = assert_accessible(&chart.render(), "assess");
    // Two polylines: Apr–May, then Jul–Nov.
    let lines: Vec<&Element> = elements.iter().filter(|e| e.name == "polyline").collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].attrs["points"].split(' ').count(), 2);
    assert_eq!(lines[1].attrs["points"].split(' ').count(), 5);
    // Hollow markers: May (n = 25) and Oct (n = 12), plus one in the legend.
    let hollow = elements
        .iter()
        .filter(|e| {
            matches!(e.name.as_str(), "circle" | "path")
                && e.attrs.get("fill").map(String::as_str) == Some("#ffffff")
        })
        .count();
    assert_eq!(hollow, 3);
    let d = desc(&elements);
    assert!(d.contains("fewer than 30 children"), "{d}");
    assert!(
        d.contains("May 2024 (n = 25)") && d.contains("Oct 2024 (n = 12)"),
        "{d}"
    );
    assert!(d.contains("No data for Jun 2024"), "{d}");
    assert!(d.starts_with("Assessments completed within 45 working days."));
}

#[test]
fn median_odd_even_and_with_gaps() {
    assert_eq!(median(&some(&[3.0, 1.0, 2.0])), Some(2.0));
    assert_eq!(median(&some(&[4.0, 1.0, 3.0, 2.0])), Some(2.5));
    assert_eq!(
        median(&[Some(5.0), None, Some(1.0), None, Some(3.0)]),
        Some(3.0)
    );
    assert_eq!(median(&[None, Some(10.0), Some(20.0), None]), Some(15.0));
    assert_eq!(median(&[Some(f64::NAN), Some(7.0)]), Some(7.0));
    assert_eq!(median(&[None, None]), None);
    assert_eq!(median(&[]), None);
    assert_eq!(
        series(&[Some(1.0), None, Some(9.0), Some(4.0)]).median(),
        Some(4.0)
    );
}

#[test]
fn shift_needs_six_and_points_on_the_median_neither_break_nor_count() {
    // Median 50: six below, then six above with two on the median inside the run.
    let chart = series(&some(&[
        40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 50.0, 55.0, 56.0, 57.0, 50.0, 58.0, 59.0, 60.0,
    ]));
    assert_eq!(chart.median(), Some(50.0));
    let shifts: Vec<_> = chart
        .signals()
        .into_iter()
        .filter(|s| s.kind.is_shift())
        .collect();
    assert_eq!(shifts.len(), 2, "{shifts:?}");
    assert_eq!(shifts[0].kind, SignalKind::ShiftBelow);
    assert_eq!(
        (shifts[0].first, shifts[0].last, shifts[0].length),
        (0, 5, 6)
    );
    assert_eq!(shifts[1].kind, SignalKind::ShiftAbove);
    assert_eq!(shifts[1].points, vec![7, 8, 9, 11, 12, 13]);
    assert_eq!(shifts[1].length, 6);
    assert_eq!(
        shifts[1].sentence(),
        "Shift: 6 points in a row above the median, from M7 to M13."
    );

    // Five on a side, even with a point on the median among them, is not a shift.
    let chart = series(&some(&[
        60.0, 50.0, 61.0, 62.0, 63.0, 64.0, 40.0, 39.0, 41.0, 38.0, 42.0, 50.0,
    ]));
    assert_eq!(chart.median(), Some(50.0));
    assert!(
        chart.signals().iter().all(|s| !s.kind.is_shift()),
        "{:?}",
        chart.signals()
    );

    // A crossing breaks the run.
    let chart = series(&some(&[
        60.0, 61.0, 62.0, 40.0, 63.0, 64.0, 65.0, 41.0, 42.0, 43.0,
    ]));
    assert!(chart.signals().iter().all(|s| !s.kind.is_shift()));

    // Missing periods are skipped: they neither break nor count.
    let mut values = some(&[
        10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0,
    ]);
    values.insert(3, None);
    let chart = series(&values);
    let shifts: Vec<_> = chart
        .signals()
        .into_iter()
        .filter(|s| s.kind.is_shift())
        .collect();
    assert_eq!(shifts.len(), 2);
    assert_eq!(
        (shifts[0].first, shifts[0].last, shifts[0].length),
        (0, 7, 7)
    );
}

#[test]
fn trend_needs_five_rising_or_falling_and_ties_do_not_count() {
    let trends = |v: &[f64]| -> Vec<(SignalKind, usize, usize, usize)> {
        series(&some(v))
            .signals()
            .into_iter()
            .filter(|s| !s.kind.is_shift())
            .map(|s| (s.kind, s.first, s.last, s.length))
            .collect()
    };
    assert_eq!(
        trends(&[1.0, 2.0, 3.0, 4.0, 5.0]),
        vec![(SignalKind::TrendUp, 0, 4, 5)]
    );
    assert_eq!(trends(&[1.0, 2.0, 3.0, 4.0]), vec![]);
    assert_eq!(
        trends(&[9.0, 7.0, 6.0, 4.0, 2.0]),
        vec![(SignalKind::TrendDown, 0, 4, 5)]
    );
    // A repeated value neither makes nor breaks a trend.
    assert_eq!(
        trends(&[1.0, 2.0, 2.0, 3.0, 4.0, 5.0]),
        vec![(SignalKind::TrendUp, 0, 5, 5)]
    );
    assert_eq!(trends(&[1.0, 2.0, 2.0, 3.0, 4.0]), vec![]);
    // A turning point ends one trend and starts the other.
    assert_eq!(
        trends(&[1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 3.0, 2.0, 1.0]),
        vec![
            (SignalKind::TrendUp, 0, 4, 5),
            (SignalKind::TrendDown, 4, 8, 5)
        ]
    );
    // A gap does not break a trend.
    let chart = series(&[Some(1.0), Some(2.0), None, Some(3.0), Some(4.0), Some(5.0)]);
    let s = chart.signals();
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].kind, s[0].first, s[0].last, s[0].length),
        (SignalKind::TrendUp, 0, 5, 5)
    );
    assert_eq!(s[0].points, vec![0, 1, 3, 4, 5]);
}

#[test]
fn signal_points_are_drawn_as_diamonds_and_said_in_words() {
    let chart = series(&some(&[1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 4.0]));
    let signals = chart.signals();
    assert_eq!(signals.len(), 1);
    let svg = chart.render();
    let elements = assert_accessible(&svg, "run");
    // Diamonds: one per signal point, plus one in the legend.
    let diamonds = elements
        .iter()
        .filter(|e| e.name == "path" && e.attrs["d"].ends_with('Z'))
        .count();
    assert_eq!(diamonds, signals[0].points.len() + 1);
    // A bracket names it.
    assert!(texts(&elements).iter().any(|t| t == "Trend: 5 rising"));
    let d = desc(&elements);
    assert!(
        d.contains("Trend: 5 points in a row each higher than the one before, from M0 to M5."),
        "{d}"
    );
    // The table notes it.
    let table = chart.table();
    assert_eq!(table.rows[0].last().unwrap(), "Trend: rising");
    assert_eq!(table.rows[6].last().unwrap(), "");
}

#[test]
fn run_chart_table_has_the_chart_numbers() {
    let chart = sample_run();
    let table = chart.table();
    let svg = chart.render();
    let t = texts(&assert_accessible(&svg, "assess"));
    assert_eq!(
        table.headers,
        vec!["Month", "Value", "Denominator (n)", "Notes"]
    );
    assert_eq!(table.rows.len(), chart.points.len());
    for (row, p) in table.rows.iter().zip(&chart.points) {
        assert_eq!(row[0], p.label);
        match p.value {
            Some(v) => {
                assert_eq!(row[1], format!("{v:.1}%"));
                let parsed: f64 = row[1].trim_end_matches('%').parse().unwrap();
                assert!((parsed - v).abs() <= 0.05);
            }
            None => assert_eq!(row[1], MISSING),
        }
    }
    assert_eq!(table.rows[2], vec!["Jun 2024", MISSING, MISSING, ""]);
    // The whole series rises: a trend, noted beside the small number.
    assert_eq!(table.rows[1][3], "Small number (n < 30); Trend: rising");
    // The reference lines as drawn are named in the caption, word for word.
    for label in ["Median 66.2%", "Target 65.0%", "England 63.3%"] {
        assert!(t.iter().any(|s| s == label));
        assert!(table.caption.contains(label), "{}", table.caption);
    }
    assert!(table.caption.contains("– means no data"));
    // Counts are whole numbers; a median between two counts keeps its half.
    let mut counts = RunChart::new(
        "c",
        "Counts",
        Unit::Count,
        (0..4)
            .map(|i| {
                Point::new(
                    format!("M{i}"),
                    Some([1200.0, 1201.0, 1500.0, 900.0][i]),
                    None,
                )
            })
            .collect(),
    );
    counts.comparators = vec![Line::new("Neighbours", 1100.0)];
    let table = counts.table();
    assert_eq!(table.headers, vec!["Month", "Value", "Notes"]);
    assert_eq!(table.rows[0][1], "1,200");
    assert!(
        table.caption.contains("Median 1,200.5"),
        "{}",
        table.caption
    );
    assert!(texts(&assert_accessible(&counts.render(), "c"))
        .iter()
        .any(|s| s == "Median 1,200.5"));
}

#[test]
fn many_points_keep_their_labels_apart() {
    let points: Vec<Point> = (0..48)
        .map(|i| {
            Point::new(
                format!("Month{i} {}", 2020 + i / 12),
                Some((i % 7) as f64),
                None,
            )
        })
        .collect();
    let chart = RunChart::new("long", "Four years", Unit::Count, points);
    let elements = assert_accessible(&chart.render(), "long");
    let heads = texts(&elements)
        .into_iter()
        .filter(|t| t.starts_with("Month"))
        .count();
    assert!((6..48).contains(&heads), "{heads} labels");
    // The latest period is always labelled.
    assert!(texts(&elements).iter().any(|t| t == "Month47"));
}

#[test]
fn empty_and_all_missing_series_say_no_data() {
    let empty = RunChart::new("e", "Empty", Unit::Percent, vec![]);
    let elements = assert_accessible(&empty.render(), "e");
    assert!(texts(&elements).iter().any(|t| t.contains("No data")));
    assert!(desc(&elements).contains("No data"));
    assert!(empty.signals().is_empty());
    assert!(empty.table().rows.is_empty());

    let missing = series(&[None, None, Some(f64::NAN)]);
    let elements = assert_accessible(&missing.render(), "run");
    assert!(texts(&elements)
        .iter()
        .any(|t| t == "No data to show: no values for M0 to M2."));
    assert!(desc(&elements).contains("No data"));
    assert_eq!(missing.median(), None);
    assert!(missing.signals().is_empty());
    assert!(missing.table().rows.iter().all(|r| r[1] == MISSING));

    // One point, and a flat series, draw without dividing by zero.
    for chart in [
        series(&[Some(50.0)]),
        series(&some(&[0.0, 0.0, 0.0])),
        series(&some(&[100.0, 100.0])),
    ] {
        let svg = chart.render();
        assert_accessible(&svg, "run");
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }
}

// ---------------------------------------------------------------------------------------------
// Escaping and ids.

const HOSTILE: &str = "<script>alert(\"x\")</script> & 'quoted' \"double\" ]]> \u{1}";

#[test]
fn hostile_text_is_escaped_everywhere() {
    let mut run = RunChart::new(
        HOSTILE,
        HOSTILE,
        Unit::Percent,
        vec![
            Point::new(HOSTILE, Some(10.0), Some(3)),
            Point::new("b", Some(20.0), None),
        ],
    );
    run.description = HOSTILE.into();
    run.comparators = vec![Line::new(HOSTILE, 15.0)];
    run.value_header = HOSTILE.into();
    let mut funnel = FunnelChart::new(
        HOSTILE,
        HOSTILE,
        vec![Stage::new(HOSTILE, 10), Stage::new(HOSTILE, 5)],
    );
    funnel.description = HOSTILE.into();
    let mut bar = BarChart::new(
        HOSTILE,
        HOSTILE,
        Unit::Count,
        vec![Bar::new(HOSTILE, Some(3.0)), Bar::new("x", None)],
    );
    bar.highlight = Some(Highlight {
        index: 0,
        note: HOSTILE.into(),
    });
    bar.reference = Some(Line::new(HOSTILE, 2.0));
    bar.value_header = HOSTILE.into();
    let svgs = [run.render(), funnel.render(), bar.render()];
    for svg in &svgs {
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("'quoted'"));
        assert!(!svg.contains('\u{1}'));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("&amp; &#39;quoted&#39; &quot;double&quot;"));
        // The id prefix is cleaned, not escaped: letters, digits, - and _ only.
        let elements = parse(svg).unwrap();
        let id = elements[0].attrs["aria-labelledby"]
            .split(' ')
            .next()
            .unwrap()
            .trim_end_matches("-title")
            .to_string();
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{id}"
        );
        assert_accessible(svg, &id);
        // The decoded title is the caller's text exactly (less the control character).
        let title = elements.iter().find(|e| e.name == "title").unwrap();
        assert_eq!(title.text, HOSTILE.replace('\u{1}', ""));
    }
    // Tables carry the raw text (the page escapes it); to_html escapes it.
    let html = bar.table().to_html();
    assert!(!html.contains("<script") && html.contains("&lt;script&gt;"));
}

#[test]
fn ids_differ_between_charts_on_one_page() {
    let a = sample_run();
    let mut b = sample_run();
    b.id = "assess-2".into();
    let ea = assert_accessible(&a.render(), "assess");
    let eb = assert_accessible(&b.render(), "assess-2");
    let ids = |e: &[Element]| -> BTreeSet<String> {
        e.iter()
            .filter_map(|e| e.attrs.get("id").cloned())
            .collect()
    };
    assert!(ids(&ea).is_disjoint(&ids(&eb)));
}

// ---------------------------------------------------------------------------------------------
// Funnel.

#[test]
fn funnel_percentages_and_drop_out() {
    let funnel = s47();
    let f = funnel.figures();
    assert_eq!(f[0].percent_of_previous, None);
    assert_eq!(format!("{:.1}", f[1].percent_of_previous.unwrap()), "57.1");
    assert_eq!(format!("{:.1}", f[2].percent_of_previous.unwrap()), "86.7");
    assert_eq!(format!("{:.1}", f[2].drop_out_percent.unwrap()), "13.3");
    assert_eq!(f[1].drop_out, Some(305));
    assert_eq!(f[2].drop_out, Some(54));
    assert_eq!(
        funnel.summary_line(),
        "S47 enquiries 711 → ICPCs 406 (57.1%; drop-out 42.9%) → CP plans 352 (86.7%; drop-out 13.3%)"
    );
    let elements = assert_accessible(&funnel.render(), "s47");
    let t = texts(&elements);
    assert!(t.contains(&"711".to_string()));
    assert!(
        t.contains(&"406 (57.1% of S47 enquiries)".to_string()),
        "{t:?}"
    );
    assert!(t.contains(&"352 (86.7% of ICPCs)".to_string()));
    assert!(t.contains(&"↓ Drop-out 305 of 711 (42.9%)".to_string()));
    assert!(t.contains(&"↓ Drop-out 54 of 406 (13.3%)".to_string()));
    let d = desc(&elements);
    assert!(d.contains(&funnel.summary_line()));
    assert!(
        d.contains("Overall, 352 of S47 enquiries reached CP plans (49.5%)."),
        "{d}"
    );
    // The hatched drop-out is a pattern defined in this chart.
    assert!(elements
        .iter()
        .any(|e| e.name == "pattern" && e.attrs["id"] == "s47-drop"));
}

#[test]
fn funnel_table_has_the_chart_numbers() {
    let funnel = s47();
    let table = funnel.table();
    assert_eq!(
        table.rows[0],
        vec!["S47 enquiries", "711", MISSING, MISSING, MISSING]
    );
    assert_eq!(table.rows[1], vec!["ICPCs", "406", "57.1%", "305", "42.9%"]);
    assert_eq!(
        table.rows[2],
        vec!["CP plans", "352", "86.7%", "54", "13.3%"]
    );
    let t = texts(&assert_accessible(&funnel.render(), "s47")).join(" | ");
    for row in &table.rows {
        for cell in row.iter().filter(|c| c.as_str() != MISSING) {
            assert!(t.contains(cell.as_str()), "{cell} not in chart: {t}");
        }
    }
}

#[test]
fn funnel_edge_cases() {
    let empty = FunnelChart::new("f", "Empty", vec![]);
    let e = assert_accessible(&empty.render(), "f");
    assert!(texts(&e).iter().any(|t| t.contains("No data")));
    let zeros = FunnelChart::new("z", "Zeros", vec![Stage::new("A", 0), Stage::new("B", 0)]);
    let e = assert_accessible(&zeros.render(), "z");
    assert!(texts(&e).iter().any(|t| t == "↓ Drop-out not applicable"));
    assert_eq!(zeros.table().rows[1], vec!["B", "0", MISSING, "0", MISSING]);
    let rise = FunnelChart::new("r", "Rise", vec![Stage::new("A", 10), Stage::new("B", 12)]);
    let e = assert_accessible(&rise.render(), "r");
    assert!(texts(&e).iter().any(|t| t == "↓ No drop-out: 2 more"));
    // A stage too small for its figures inside the bar still gets them written.
    let thin = FunnelChart::new(
        "t",
        "Thin",
        vec![Stage::new("A", 10_000), Stage::new("B", 3)],
    );
    let e = assert_accessible(&thin.render(), "t");
    assert!(texts(&e).iter().any(|t| t == "3 (0.0% of A)"));
}

// ---------------------------------------------------------------------------------------------
// Bars.

fn neighbours() -> BarChart {
    let mut chart = BarChart::new(
        "la",
        "Re-referrals by authority",
        Unit::Percent,
        vec![
            Bar::new("Eastshire", Some(18.24)),
            Bar::new("Northshire", Some(24.9)),
            Bar::new("Riverside", None),
            Bar::new("Hillcrest", Some(16.4)),
        ],
    );
    chart.highlight = Some(Highlight {
        index: 1,
        note: "our council".into(),
    });
    chart.reference = Some(Line::new("England", 22.4));
    chart.category_header = "Local authority".into();
    chart
}

#[test]
fn bar_chart_highlight_is_pattern_and_words() {
    let chart = neighbours();
    let elements = assert_accessible(&chart.render(), "la");
    let t = texts(&elements);
    assert!(t.contains(&"Northshire (our council)".to_string()));
    let bold_label = elements
        .iter()
        .find(|e| e.name == "text" && e.text == "Northshire (our council)")
        .unwrap();
    assert_eq!(
        bold_label.attrs.get("font-weight").map(String::as_str),
        Some("bold")
    );
    let patterned = elements
        .iter()
        .filter(|e| {
            e.name == "rect" && e.attrs.get("fill").map(String::as_str) == Some("url(#la-hl)")
        })
        .count();
    assert_eq!(patterned, 2, "the bar and its legend swatch");
    assert!(t.contains(&"England 22.4%".to_string()));
    assert!(t.contains(&"No data".to_string()));
    // The reference line is dashed.
    assert!(elements
        .iter()
        .any(|e| e.name == "line" && e.attrs.contains_key("stroke-dasharray")));
    // Tick values on the axis, starting at zero.
    assert!(t.contains(&"0%".to_string()));
}

#[test]
fn bar_chart_table_has_the_chart_numbers() {
    let chart = neighbours();
    let table = chart.table();
    assert_eq!(table.headers, vec!["Local authority", "Value"]);
    assert_eq!(
        table.rows,
        vec![
            vec!["Eastshire", "18.2%"],
            vec!["Northshire (our council)", "24.9%"],
            vec!["Riverside", MISSING],
            vec!["Hillcrest", "16.4%"],
        ]
    );
    assert!(table.caption.contains("England 22.4%") && table.caption.contains("– means no data"));
    let t = texts(&assert_accessible(&chart.render(), "la"));
    for row in table.rows.iter().filter(|r| r[1] != MISSING) {
        assert!(t.contains(&row[1]), "{} not drawn", row[1]);
    }
    let d = chart.summary();
    assert!(d.contains(
        "Eastshire 18.2%; Northshire (our council) 24.9%; Riverside no data; Hillcrest 16.4%."
    ));
    assert!(d.contains("Reference line: England 22.4%."));
}

#[test]
fn bar_chart_edge_cases() {
    let none = BarChart::new("b", "None", Unit::Count, vec![Bar::new("A", None)]);
    let e = assert_accessible(&none.render(), "b");
    assert!(texts(&e).iter().any(|t| t.contains("No data")));
    let empty = BarChart::new("b", "Empty", Unit::Count, vec![]);
    assert_accessible(&empty.render(), "b");
    let mut zeros = BarChart::new(
        "z",
        "Zeros",
        Unit::Count,
        vec![Bar::new("A", Some(0.0)), Bar::new("B", Some(-3.0))],
    );
    zeros.highlight = Some(Highlight {
        index: 9,
        note: "out of range".into(),
    });
    let svg = zeros.render();
    assert_accessible(&svg, "z");
    assert!(!svg.contains("NaN"));
    assert!(!svg.contains("out of range"));
}

#[test]
fn table_html_is_a_govuk_table() {
    let html = s47().table().to_html();
    assert!(html.starts_with("<table class=\"govuk-table\">"));
    assert!(html.contains("<th scope=\"row\" class=\"govuk-table__header\">ICPCs</th>"));
    assert!(html.contains("<td class=\"govuk-table__cell govuk-table__cell--numeric\">57.1%</td>"));
    parse(&html).unwrap();
}
