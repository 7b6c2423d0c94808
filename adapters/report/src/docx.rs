//! The board paper as a Word document, written directly as WordprocessingML.
//!
//! We write the XML ourselves rather than through a docx library because the paper needs
//! repeating table header rows (`w:tblHeader`) and real heading styles, which is all a
//! screen reader and a long printed table need, and a small writer keeps that exact.

use crate::paper::{ActionView, AreaView, MeasureView, StatusView};
use crate::{BoardPaper, ReportError};
use std::io::{Cursor, Write};

pub fn render(paper: &BoardPaper) -> Result<Vec<u8>, ReportError> {
    let mut doc = Body::default();
    doc.paragraph("Title", false, &[Run::plain(&paper.title)]);
    doc.paragraph("Normal", false, &[Run::plain(&paper.organisation)]);
    doc.paragraph("Normal", false, &[Run::plain(&paper.origin)]);
    doc.paragraph(
        "Normal",
        false,
        &[Run::bold(&format!("Position as at {}", paper.as_at))],
    );
    if let Some(intro) = &paper.introduction {
        for para in intro.split("\n\n") {
            doc.paragraph("Normal", false, &[Run::plain(para)]);
        }
    }

    doc.paragraph(
        "Heading1",
        false,
        &[Run::plain("Table 1: Summary of areas for development")],
    );
    let rows = paper
        .areas
        .iter()
        .map(|a| vec![cell(&a.number), cell(&a.title), cell(&a.leads)])
        .collect();
    doc.table(
        &[
            (1, "No"),
            (6, "Summary of areas for development"),
            (3, "Lead responsibility"),
        ],
        rows,
    );

    doc.paragraph("Heading1", false, &[Run::plain("Status summary")]);
    doc.paragraph(
        "Normal",
        false,
        &[Run::plain(
            "Overdue means past a due date (the action's or a milestone's) and not complete.",
        )],
    );
    let mut rows: Vec<Vec<Cell>> = paper
        .areas
        .iter()
        .map(|a| counts_row(&format!("{}. {}", a.number, a.title), &a.counts))
        .collect();
    rows.push(counts_row("All areas", &paper.counts));
    let mut header = vec![(5, "Area")];
    header.extend(paper.legend.iter().map(|s| (1, s.word)));
    header.extend([(1, "Overdue"), (1, "Actions")]);
    doc.table(&header, rows);

    for area in &paper.areas {
        area_section(&mut doc, area);
    }

    package(&paper.title, &doc.xml).map_err(|e| ReportError::Render(e.to_string()))
}

fn area_section(doc: &mut Body, a: &AreaView) {
    doc.paragraph(
        "Heading1",
        true,
        &[Run::plain(&format!("Area {}: {}", a.number, a.title))],
    );
    let list = |items: &[String]| -> Cell {
        if items.is_empty() {
            vec![vec![Run::plain("Not recorded")]]
        } else {
            items
                .iter()
                .map(|i| vec![Run::plain(&format!("• {i}"))])
                .collect()
        }
    };
    let rows = vec![
        vec![
            cell_bold("Area of development"),
            a.issue.split("\n\n").map(|p| vec![Run::plain(p)]).collect(),
        ],
        vec![cell_bold("Source"), list(&a.sources)],
        vec![cell_bold("Aim"), list(&a.aims)],
        vec![cell_bold("Measurable success"), list(&a.success_criteria)],
        vec![
            cell_bold("Owner"),
            cell(if a.owners.is_empty() {
                "Not recorded"
            } else {
                &a.owners
            }),
        ],
    ];
    doc.table(&[(2, ""), (8, "")], rows);
    if !a.measures.is_empty() {
        doc.paragraph(
            "Heading2",
            false,
            &[Run::plain(&format!(
                "{}. Measurable success: evidence",
                a.number
            ))],
        );
        let rows = a.measures.iter().map(measure_row).collect();
        doc.table(
            &[
                (5, "Criterion"),
                (3, "Indicator"),
                (2, "Baseline"),
                (3, "Latest (n)"),
                (2, "Target"),
                (2, "Suggested"),
                (3, "Chosen"),
            ],
            rows,
        );
    }
    doc.paragraph(
        "Heading2",
        false,
        &[Run::plain(&format!("{}. {}: actions", a.number, a.heading))],
    );
    if a.actions.is_empty() {
        doc.paragraph(
            "Normal",
            false,
            &[Run::plain("No actions recorded for this area.")],
        );
        return;
    }
    let rows = a.actions.iter().map(action_row).collect();
    doc.table(
        &[
            (1, "No"),
            (5, "Action(s)"),
            (6, "Milestone(s)"),
            (5, "Evaluation against milestones"),
            (2, "Status"),
            (2, "Lead"),
        ],
        rows,
    );
}

fn action_row(x: &ActionView) -> Vec<Cell> {
    let mut text = vec![vec![Run::plain(&x.text)]];
    if let Some(due) = &x.due {
        text.push(vec![Run::plain(&format!("Due {due}"))]);
    }
    let milestones = x
        .milestones
        .iter()
        .map(|m| {
            let mut runs = vec![Run::plain(&format!("• {}", m.text))];
            if let Some(due) = &m.due {
                runs.push(Run::plain(&format!(" (due {due})")));
            }
            if m.completed {
                runs.push(Run::bold(" Completed"));
            } else if m.overdue {
                runs.push(Run::bold(" Overdue"));
            }
            runs
        })
        .collect();
    let evaluations = x
        .evaluations
        .iter()
        .map(|e| match &e.date {
            Some(d) => vec![Run::bold(&format!("{d}: ")), Run::plain(&e.text)],
            None => vec![Run::plain(&e.text)],
        })
        .collect();
    let mut status = vec![status_runs(&x.status)];
    if x.overdue {
        status.push(vec![Run::bold("Overdue")]);
    }
    vec![
        cell(&x.number),
        text,
        milestones,
        evaluations,
        status,
        cell(&x.leads),
    ]
}

fn measure_row(m: &MeasureView) -> Vec<Cell> {
    let mut latest = vec![vec![Run::plain(&match (&m.latest, &m.n) {
        (Some(v), Some(n)) => format!("{v} ({n})"),
        (Some(v), None) => v.clone(),
        (None, _) => "No data".to_string(),
    })]];
    for extra in [&m.source, &m.note].into_iter().flatten() {
        latest.push(vec![Run::plain(extra)]);
    }
    let target = vec![
        vec![Run::plain(&m.target)],
        vec![Run::plain(&format!(
            "{}; Amber within {}",
            m.direction, m.tolerance
        ))],
    ];
    let mut chosen = vec![status_runs(&m.chosen)];
    if let Some(line) = &m.disagreement {
        chosen.push(vec![Run::plain(line)]);
    }
    vec![
        cell(&m.criterion),
        cell(&m.indicator_name),
        cell(m.baseline.as_deref().unwrap_or("Not recorded")),
        latest,
        target,
        vec![status_runs(&m.suggested)],
        chosen,
    ]
}

fn status_runs(s: &StatusView) -> Vec<Run> {
    vec![Run::bold(&format!("{} {}", s.symbol, s.word))]
}

fn counts_row(label: &str, c: &assure_plan::StatusCounts) -> Vec<Cell> {
    let mut row = vec![cell_bold(label)];
    for n in [
        c.blue,
        c.green,
        c.amber,
        c.red,
        c.not_rated,
        c.overdue,
        c.total,
    ] {
        row.push(cell(&n.to_string()));
    }
    row
}

struct Run {
    text: String,
    bold: bool,
}

impl Run {
    fn plain(text: &str) -> Run {
        Run {
            text: text.to_string(),
            bold: false,
        }
    }
    fn bold(text: &str) -> Run {
        Run {
            text: text.to_string(),
            bold: true,
        }
    }
}

/// A table cell: paragraphs of runs.
type Cell = Vec<Vec<Run>>;

fn cell(text: &str) -> Cell {
    vec![vec![Run::plain(text)]]
}

fn cell_bold(text: &str) -> Cell {
    vec![vec![Run::bold(text)]]
}

#[derive(Default)]
struct Body {
    xml: String,
}

impl Body {
    fn paragraph(&mut self, style: &str, page_break_before: bool, runs: &[Run]) {
        self.xml.push_str("<w:p><w:pPr>");
        self.xml.push_str(&format!("<w:pStyle w:val=\"{style}\"/>"));
        if page_break_before {
            self.xml.push_str("<w:pageBreakBefore/>");
        }
        self.xml.push_str("</w:pPr>");
        for r in runs {
            push_run(&mut self.xml, r);
        }
        self.xml.push_str("</w:p>");
    }

    /// A table whose first row (when any header text is given) repeats on every page.
    /// Widths are relative shares of the page width.
    fn table(&mut self, columns: &[(u32, &str)], rows: Vec<Vec<Cell>>) {
        const PAGE: u32 = 14_000;
        let total: u32 = columns.iter().map(|(w, _)| w).sum();
        let widths: Vec<u32> = columns.iter().map(|(w, _)| PAGE * w / total).collect();
        self.xml.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
        for w in &widths {
            self.xml.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
        }
        self.xml.push_str("</w:tblGrid>");
        if columns.iter().any(|(_, h)| !h.is_empty()) {
            self.xml
                .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
            for ((_, h), w) in columns.iter().zip(&widths) {
                self.cell(*w, &[vec![Run::bold(h)]], Some("F3F2F1"));
            }
            self.xml.push_str("</w:tr>");
        }
        for row in rows {
            self.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for (c, w) in row.iter().zip(&widths) {
                self.cell(*w, c, None);
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl><w:p/>");
    }

    fn cell(&mut self, width: u32, paragraphs: &[Vec<Run>], fill: Option<&str>) {
        self.xml.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
        ));
        if let Some(fill) = fill {
            self.xml.push_str(&format!(
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
            ));
        }
        self.xml.push_str("</w:tcPr>");
        if paragraphs.is_empty() {
            self.xml.push_str("<w:p/>");
        }
        for p in paragraphs {
            self.xml
                .push_str("<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>");
            for r in p {
                push_run(&mut self.xml, r);
            }
            self.xml.push_str("</w:p>");
        }
        self.xml.push_str("</w:tc>");
    }
}

fn push_run(xml: &mut String, r: &Run) {
    xml.push_str("<w:r>");
    if r.bold {
        xml.push_str("<w:rPr><w:b/></w:rPr>");
    }
    let mut lines = r.text.split('\n').peekable();
    while let Some(line) = lines.next() {
        xml.push_str("<w:t xml:space=\"preserve\">");
        xml.push_str(&escape(line));
        xml.push_str("</w:t>");
        if lines.peek().is_some() {
            xml.push_str("<w:br/>");
        }
    }
    xml.push_str("</w:r>");
}

/// XML-escapes text and drops characters XML 1.0 cannot carry.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn package(title: &str, body: &str) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
        ("word/styles.xml", STYLES.replace("{W}", W_NS)),
        ("docProps/core.xml", CORE.replace("{TITLE}", &escape(title))),
        (
            "word/document.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W_NS}\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1000\" w:right=\"1000\" w:bottom=\"1000\" w:left=\"1000\" w:header=\"500\" w:footer=\"500\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
            ),
        ),
    ];
    for (name, data) in parts {
        zip.start_file(name, opts)?;
        zip.write_all(data.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{TITLE}</dc:title><dc:creator>Assure</dc:creator><dc:language>en-GB</dc:language></cp:coreProperties>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:eastAsia="Arial"/><w:sz w:val="20"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="40"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:left w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:right w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="505A5F"/></w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;
