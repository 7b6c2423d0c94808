//! Streaming CIN census XML writer.

use std::io::{self, Write};

use assure_casedata::{Child, EventCounts, NaiveDate, Sex};
use chrono::Datelike;

use crate::census::{census_view, FIRST_YEAR_WITH_SEX};

/// The `<Header>` of a CIN census file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CinHeader {
    /// Collection year (the census year ending 31 March `year`).
    pub year: i32,
    /// DfE three-digit LA number (`999` by default).
    pub lea: String,
    /// `SoftwareCode`.
    pub software_code: String,
    /// `Release`.
    pub release: String,
    /// `SerialNo` (3+ digits).
    pub serial_no: String,
    /// `DateTime`: fixed (1 April after the census year, 09:00) so output is reproducible.
    pub date_time: String,
}

impl CinHeader {
    /// A header for `year` with LA number 999.
    pub fn new(year: i32) -> CinHeader {
        CinHeader {
            year,
            lea: "999".into(),
            software_code: "Assure synthetic".into(),
            release: env!("CARGO_PKG_VERSION").into(),
            serial_no: "001".into(),
            date_time: format!("{year:04}-04-01T09:00:00"),
        }
    }

    /// The same header with another LA number.
    pub fn with_lea(mut self, lea: &str) -> CinHeader {
        self.lea = lea.to_owned();
        self
    }
}

/// What a writer wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// Children offered to the writer.
    pub children_in: u64,
    /// Events written (for the CIN census: children in the census and their events).
    pub written: EventCounts,
    /// Bytes written.
    pub bytes: u64,
}

/// Write a CIN census XML file for `year` (LA 999) from a stream of children.
///
/// Each child is cut down to its census record first ([`census_view`]); children not in
/// the census (no episode open in the year) are skipped. Nothing is collected: memory
/// does not grow with the number of children. `Sex` is written from 2025, `GenderCurrent`
/// before; elements follow the schema order (data-standards §2.2).
pub fn write_cin_xml<I, W>(children: I, out: W, year: i32) -> io::Result<WriteSummary>
where
    I: IntoIterator<Item = Child>,
    W: Write,
{
    write_cin_xml_with(children, out, &CinHeader::new(year))
}

/// [`write_cin_xml`] with a chosen header.
pub fn write_cin_xml_with<I, W>(children: I, out: W, header: &CinHeader) -> io::Result<WriteSummary>
where
    I: IntoIterator<Item = Child>,
    W: Write,
{
    let mut w = XmlOut {
        out: io::BufWriter::with_capacity(1 << 16, out),
        bytes: 0,
    };
    let year = header.year;
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>\n")?;
    w.raw("    <CollectionDetails>\n")?;
    w.leaf(6, "Collection", "CIN")?;
    w.leaf(6, "Year", &format!("{year:04}"))?;
    w.date(6, "ReferenceDate", reference_date(year))?;
    w.raw("    </CollectionDetails>\n    <Source>\n")?;
    w.leaf(6, "SourceLevel", "L")?;
    w.leaf(6, "LEA", &header.lea)?;
    w.leaf(6, "SoftwareCode", &header.software_code)?;
    w.leaf(6, "Release", &header.release)?;
    w.leaf(6, "SerialNo", &header.serial_no)?;
    w.leaf(6, "DateTime", &header.date_time)?;
    w.raw("    </Source>\n  </Header>\n  <Children>\n")?;
    let mut summary = WriteSummary::default();
    for child in children {
        summary.children_in += 1;
        if let Some(c) = census_view(&child, year) {
            w.child(&c, year)?;
            summary.written.add_child(&c);
        }
    }
    w.raw("  </Children>\n</Message>\n")?;
    w.out.flush()?;
    summary.bytes = w.bytes;
    Ok(summary)
}

fn reference_date(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 3, 31).expect("valid year")
}

struct XmlOut<W: Write> {
    out: io::BufWriter<W>,
    bytes: u64,
}

const PAD: &str = "                    ";

impl<W: Write> XmlOut<W> {
    fn raw(&mut self, s: &str) -> io::Result<()> {
        self.bytes += s.len() as u64;
        self.out.write_all(s.as_bytes())
    }

    fn open(&mut self, indent: usize, name: &str) -> io::Result<()> {
        self.raw(&PAD[..indent])?;
        self.raw("<")?;
        self.raw(name)?;
        self.raw(">\n")
    }

    fn close(&mut self, indent: usize, name: &str) -> io::Result<()> {
        self.raw(&PAD[..indent])?;
        self.raw("</")?;
        self.raw(name)?;
        self.raw(">\n")
    }

    fn leaf(&mut self, indent: usize, name: &str, text: &str) -> io::Result<()> {
        self.raw(&PAD[..indent])?;
        self.raw("<")?;
        self.raw(name)?;
        self.raw(">")?;
        self.escaped(text)?;
        self.raw("</")?;
        self.raw(name)?;
        self.raw(">\n")
    }

    fn escaped(&mut self, text: &str) -> io::Result<()> {
        let mut last = 0;
        for (i, b) in text.bytes().enumerate() {
            let rep = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&apos;",
                _ => continue,
            };
            self.raw(&text[last..i])?;
            self.raw(rep)?;
            last = i + 1;
        }
        self.raw(&text[last..])
    }

    fn date(&mut self, indent: usize, name: &str, d: NaiveDate) -> io::Result<()> {
        let mut buf = [0u8; 10];
        iso_date(d, &mut buf);
        self.leaf(indent, name, std::str::from_utf8(&buf).expect("ascii"))
    }

    fn opt_date(&mut self, indent: usize, name: &str, d: Option<NaiveDate>) -> io::Result<()> {
        match d {
            Some(d) => self.date(indent, name, d),
            None => Ok(()),
        }
    }

    fn opt_text(&mut self, indent: usize, name: &str, s: &Option<String>) -> io::Result<()> {
        match s {
            Some(s) => self.leaf(indent, name, s),
            None => Ok(()),
        }
    }

    fn yes_no(&mut self, indent: usize, name: &str, v: Option<bool>) -> io::Result<()> {
        match v {
            Some(v) => self.leaf(indent, name, if v { "true" } else { "false" }),
            None => Ok(()),
        }
    }

    fn child(&mut self, c: &Child, year: i32) -> io::Result<()> {
        self.open(4, "Child")?;
        self.open(6, "ChildIdentifiers")?;
        self.leaf(8, "LAchildID", c.la_child_id.as_str())?;
        self.opt_date(8, "PersonBirthDate", c.birth_date)?;
        self.opt_date(8, "ExpectedPersonBirthDate", c.expected_birth_date)?;
        if year >= FIRST_YEAR_WITH_SEX {
            let code = match c.sex {
                Sex::Male => "M",
                Sex::Female => "F",
                _ => "U",
            };
            self.leaf(8, "Sex", code)?;
        } else {
            let code = match c.sex {
                Sex::Male => "1",
                Sex::Female => "2",
                Sex::Indeterminate => "9",
                Sex::Unknown | Sex::NotRecorded => "0",
            };
            self.leaf(8, "GenderCurrent", code)?;
        }
        self.close(6, "ChildIdentifiers")?;
        self.open(6, "ChildCharacteristics")?;
        self.opt_text(8, "Ethnicity", &c.ethnicity)?;
        if !c.disabilities.is_empty() {
            self.open(8, "Disabilities")?;
            for d in &c.disabilities {
                self.leaf(10, "Disability", d)?;
            }
            self.close(8, "Disabilities")?;
        }
        self.close(6, "ChildCharacteristics")?;
        for ep in &c.episodes {
            self.episode(ep)?;
        }
        self.close(4, "Child")
    }

    fn episode(&mut self, ep: &assure_casedata::Episode) -> io::Result<()> {
        self.open(6, "CINdetails")?;
        self.opt_date(8, "CINreferralDate", ep.referral_date)?;
        self.opt_text(8, "ReferralSource", &ep.referral_source)?;
        self.opt_text(8, "PrimaryNeedCode", &ep.primary_need)?;
        self.opt_date(8, "CINclosureDate", ep.closure_date)?;
        self.opt_text(8, "ReasonForClosure", &ep.closure_reason)?;
        self.opt_date(8, "DateOfInitialCPC", ep.episode_icpc_date)?;
        for a in &ep.assessments {
            self.open(8, "Assessments")?;
            self.opt_date(10, "AssessmentActualStartDate", a.start)?;
            self.opt_date(10, "AssessmentAuthorisationDate", a.authorised)?;
            if !a.factors.is_empty() {
                self.open(10, "FactorsIdentifiedAtAssessment")?;
                for f in &a.factors {
                    self.leaf(12, "AssessmentFactors", f)?;
                }
                self.close(10, "FactorsIdentifiedAtAssessment")?;
            }
            self.close(8, "Assessments")?;
        }
        for p in &ep.cin_plans {
            self.open(8, "CINPlanDates")?;
            self.opt_date(10, "CINPlanStartDate", p.start)?;
            self.opt_date(10, "CINPlanEndDate", p.end)?;
            self.close(8, "CINPlanDates")?;
        }
        for s in &ep.s47s {
            self.open(8, "Section47")?;
            self.opt_date(10, "S47ActualStartDate", s.start)?;
            self.opt_date(10, "InitialCPCtarget", s.icpc_target)?;
            self.opt_date(10, "DateOfInitialCPC", s.icpc_date)?;
            self.yes_no(
                10,
                "ICPCnotRequired",
                Some(s.icpc_not_required.unwrap_or(false)),
            )?;
            self.close(8, "Section47")?;
        }
        self.yes_no(8, "ReferralNFA", ep.referral_nfa)?;
        for p in &ep.cp_plans {
            self.open(8, "ChildProtectionPlans")?;
            self.opt_date(10, "CPPstartDate", p.start)?;
            self.opt_date(10, "CPPendDate", p.end)?;
            self.opt_text(10, "InitialCategoryOfAbuse", &p.initial_category)?;
            self.opt_text(10, "LatestCategoryOfAbuse", &p.latest_category)?;
            let previous = p.previous_plans.unwrap_or(0).to_string();
            self.leaf(10, "NumberOfPreviousCPP", &previous)?;
            if !p.review_dates.is_empty() {
                self.open(10, "Reviews")?;
                for d in &p.review_dates {
                    self.date(12, "CPPreviewDate", *d)?;
                }
                self.close(10, "Reviews")?;
            }
            self.close(8, "ChildProtectionPlans")?;
        }
        self.close(6, "CINdetails")
    }
}

/// `YYYY-MM-DD` into `buf`.
pub(crate) fn iso_date(d: NaiveDate, buf: &mut [u8; 10]) {
    let y = d.year().clamp(0, 9999) as u32;
    let (m, day) = (d.month(), d.day());
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        10,
        m / 10,
        m % 10,
        10,
        day / 10,
        day % 10,
    ];
    for (slot, v) in buf.iter_mut().zip(digits) {
        *slot = if v == 10 { b'-' } else { b'0' + v as u8 };
    }
}
