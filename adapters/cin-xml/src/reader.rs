//! The streaming reader.

use std::hash::RandomState;
use std::io::BufRead;

use assure_casedata::{
    Assessment, Child, ChildId, CinPlan, CpPlan, Episode, EventCounts, NaiveDate, Sex, S47,
};
use quick_xml::events::Event;

use crate::error::{CinError, CinErrorKind};
use crate::problem::{clip, FieldProblem, ProblemKind};
use crate::record::{ChildRecord, CinChildExtras, Header, SkippedElement};
use crate::tracker::Tracked;
use crate::values::{parse_count, parse_date, parse_yes_no, upn_facts, UpnFacts};
use crate::Limits;

macro_rules! elements {
    ($($v:ident),* $(,)?) => {
        /// Element names the reader knows. Matching is on the local name (any namespace
        /// prefix is ignored) and is case-sensitive, as XML is.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        enum El { $($v,)* Unknown }

        impl El {
            #[inline]
            fn from_name(n: &str) -> El {
                match n { $(stringify!($v) => El::$v,)* _ => El::Unknown }
            }
            fn name(self) -> &'static str {
                match self { $(El::$v => stringify!($v),)* El::Unknown => "(unknown)" }
            }
        }
    };
}

elements!(
    Message,
    Header,
    CollectionDetails,
    Collection,
    Year,
    ReferenceDate,
    Source,
    SourceLevel,
    LEA,
    SoftwareCode,
    Release,
    SerialNo,
    DateTime,
    Children,
    Child,
    ChildIdentifiers,
    LAchildID,
    UPN,
    FormerUPN,
    UPNunknown,
    PersonBirthDate,
    ExpectedPersonBirthDate,
    GenderCurrent,
    Sex,
    PersonDeathDate,
    ChildCharacteristics,
    Ethnicity,
    Disabilities,
    Disability,
    CINdetails,
    CINreferralDate,
    ReferralSource,
    PrimaryNeedCode,
    CINclosureDate,
    ReasonForClosure,
    DateOfInitialCPC,
    ReferralNFA,
    Assessments,
    AssessmentActualStartDate,
    AssessmentInternalReviewDate,
    AssessmentAuthorisationDate,
    FactorsIdentifiedAtAssessment,
    AssessmentFactors,
    CINPlanDates,
    CINPlanStartDate,
    CINPlanEndDate,
    Section47,
    S47ActualStartDate,
    InitialCPCtarget,
    ICPCnotRequired,
    ChildProtectionPlans,
    CPPstartDate,
    CPPendDate,
    InitialCategoryOfAbuse,
    LatestCategoryOfAbuse,
    NumberOfPreviousCPP,
    Reviews,
    CPPreviews,
    CPPreviewDate,
);

/// Our own small event, free of borrows of the read buffer.
enum Ev {
    Start(El),
    End,
    /// Text, CDATA or an entity reference; its content was appended to `self.text`.
    Text,
    /// End of input with no element open.
    Eof,
}

/// What came out of quick-xml, before limits are applied (no borrows).
enum Raw {
    Start(El),
    End,
    Text,
    Ignore,
    Eof,
    Fatal(CinErrorKind),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    InMessage,
    InChildren,
    AfterMessage,
    Done,
}

/// `Message/Children/Child/...` as one string, pushed and popped without allocating.
#[derive(Default)]
struct PathStack {
    s: String,
    marks: Vec<usize>,
}

impl PathStack {
    #[inline]
    fn push(&mut self, name: &str) {
        self.marks.push(self.s.len());
        if !self.s.is_empty() {
            self.s.push('/');
        }
        self.s.push_str(name);
    }
    #[inline]
    fn pop(&mut self) {
        if let Some(m) = self.marks.pop() {
            self.s.truncate(m);
        }
    }
    fn last(&self) -> &str {
        match self.marks.last() {
            Some(&m) if m > 0 => &self.s[m + 1..],
            _ => &self.s,
        }
    }
}

const MAX_FILE_PROBLEMS: usize = 1000;
const MAX_SKIPPED_KINDS: usize = 64;

/// Streaming reader of a DfE Children in Need census XML file (schemas 2017 to 2026).
///
/// * [`CinReader::new`] reads up to `<Children>` and parses the header.
/// * Iterating yields one [`ChildRecord`] per `<Child>`; memory does not grow with the file.
/// * Bad values (dates, yes/no, codes that must map) become [`FieldProblem`]s in the record;
///   structural problems and hostile input end the iteration with a [`CinError`], after
///   which the iterator yields nothing more.
///
/// ```no_run
/// use std::{fs::File, io::BufReader};
/// use assure_cinxml::{CinReader, Limits};
///
/// let file = BufReader::new(File::open("census.xml")?);
/// let mut reader = CinReader::new(file, "census.xml", Limits::default())?;
/// println!("LA {:?}", reader.header().lea);
/// for record in &mut reader {
///     let record = record?;
///     for p in &record.problems {
///         eprintln!("{}", p.describe("census.xml"));
///     }
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct CinReader<R: BufRead> {
    xml: quick_xml::Reader<Tracked<R>>,
    buf: Vec<u8>,
    /// Text of the current simple element (or stray text in a container).
    text: String,
    path: PathStack,
    pending_pop: bool,
    /// An `Empty` event was turned into a start; the matching end comes next.
    pending_end: bool,
    depth: usize,
    elements: u64,
    limits: Limits,
    file_name: String,
    state: State,
    header: Header,
    /// Line of the `<` of the most recent start tag.
    start_line: u64,
    /// Line where the text now in `self.text` starts.
    text_line: u64,
    in_child: bool,
    child_start: u64,
    child_problems: Vec<FieldProblem>,
    file_problems: Vec<FieldProblem>,
    file_problems_dropped: u64,
    skipped: Vec<SkippedElement>,
    declared_encoding: Option<String>,
    upn_keys: RandomState,
    counts: EventCounts,
    unidentified: u64,
}

impl<R: BufRead> CinReader<R> {
    /// Start reading. Reads the prolog and the header (everything before `<Children>`).
    ///
    /// # Errors
    ///
    /// A [`CinError`] if the input is not XML with a `<Message>` root, contains a DOCTYPE,
    /// is UTF-16, or breaks a limit before `<Children>`.
    pub fn new(mut input: R, file_name: &str, limits: Limits) -> Result<Self, CinError> {
        let utf16 = match input.fill_buf() {
            Ok(head) => {
                head.starts_with(&[0xFF, 0xFE])
                    || head.starts_with(&[0xFE, 0xFF])
                    || head.starts_with(&[0x00, b'<'])
                    || head.starts_with(&[b'<', 0x00])
            }
            Err(_) => false, // reported by the first real read
        };
        let mut xml = quick_xml::Reader::from_reader(Tracked::new(input, limits.max_token_bytes));
        {
            let cfg = xml.config_mut();
            cfg.expand_empty_elements = true; // <X/> arrives as Start + End
            cfg.check_end_names = true;
            cfg.allow_unmatched_ends = false;
            cfg.allow_dangling_amp = false;
            cfg.trim_text(false); // we trim whole values ourselves (entity refs split text)
        }
        let mut r = CinReader {
            xml,
            buf: Vec::with_capacity(4096),
            text: String::with_capacity(256),
            path: PathStack::default(),
            pending_pop: false,
            pending_end: false,
            depth: 0,
            elements: 0,
            limits,
            file_name: file_name.to_owned(),
            state: State::InMessage,
            header: Header::default(),
            start_line: 1,
            text_line: 1,
            in_child: false,
            child_start: 0,
            child_problems: Vec::new(),
            file_problems: Vec::new(),
            file_problems_dropped: 0,
            skipped: Vec::new(),
            declared_encoding: None,
            upn_keys: RandomState::new(),
            counts: EventCounts::default(),
            unidentified: 0,
        };
        if utf16 {
            return Err(r.fatal(CinErrorKind::Utf16));
        }
        // Prolog: find the root element.
        loop {
            match r.next_ev()? {
                Ev::Start(El::Message) => break,
                Ev::Start(_) => {
                    let name = r.path.last().to_owned();
                    return Err(r.fatal(CinErrorKind::WrongRoot(name)));
                }
                Ev::Text => {
                    if !r.text.trim().is_empty() {
                        return Err(r.fatal(CinErrorKind::NotWellFormed(
                            "text before the root element".into(),
                        )));
                    }
                    r.text.clear();
                }
                // quick-xml rejects unmatched end tags, so this cannot happen; stay total.
                Ev::End => {
                    return Err(r.fatal(CinErrorKind::NotWellFormed(
                        "end tag before the root element".into(),
                    )))
                }
                Ev::Eof => return Err(r.fatal(CinErrorKind::MissingMessage)),
            }
        }
        // Header and anything else before <Children>.
        while r.state == State::InMessage {
            r.step_message()?;
        }
        Ok(r)
    }

    /// The header. Complete after [`CinReader::new`] when, as the schema requires, it comes
    /// before `<Children>`; a header placed after the children is filled in when the
    /// iterator reaches it.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Field problems outside any child (header values, stray text), in file order. At most
    /// 1,000 are kept; see [`CinReader::file_problems_dropped`].
    pub fn file_problems(&self) -> &[FieldProblem] {
        &self.file_problems
    }

    /// How many file-level problems were not kept because of the cap.
    pub fn file_problems_dropped(&self) -> u64 {
        self.file_problems_dropped
    }

    /// Elements the reader skipped because it does not model them (by path, at most 64
    /// distinct paths), e.g. `PreProceedingsandFGDM`.
    pub fn skipped_elements(&self) -> &[SkippedElement] {
        &self.skipped
    }

    /// Counts of the children yielded so far (children with a usable ID only).
    pub fn counts(&self) -> EventCounts {
        self.counts
    }

    /// Children yielded without a usable `LAchildID` so far.
    pub fn unidentified_children(&self) -> u64 {
        self.unidentified
    }

    /// Bytes of input consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.xml.buffer_position()
    }

    /// Elements seen so far.
    pub fn elements_read(&self) -> u64 {
        self.elements
    }

    /// The file name given to [`CinReader::new`].
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    // ----------------------------------------------------------------------------------
    // Low level: events, limits, locations.

    #[inline]
    fn line(&self) -> u64 {
        self.xml.get_ref().newlines + 1
    }

    fn fatal(&self, kind: CinErrorKind) -> CinError {
        self.fatal_at(kind, self.line())
    }

    fn fatal_at(&self, kind: CinErrorKind, line: u64) -> CinError {
        CinError {
            file: self.file_name.clone(),
            line,
            path: self.path.s.clone(),
            kind,
        }
    }

    fn xml_error(&self, e: quick_xml::Error) -> CinError {
        use quick_xml::Error as E;
        let kind = match e {
            E::Io(_) if self.xml.get_ref().token_limit_hit => CinErrorKind::TokenTooLong {
                limit: self.limits.max_token_bytes,
            },
            E::Io(io) => CinErrorKind::Io(io.to_string()),
            E::Encoding(_) => CinErrorKind::NotUtf8 {
                declared: self.declared_encoding.clone(),
            },
            E::Syntax(s) => {
                let msg = s.to_string();
                // Syntax errors at end of input mean the file stops mid-markup.
                if msg.contains("before end of input") || msg.contains("unclosed") {
                    CinErrorKind::UnexpectedEof
                } else {
                    CinErrorKind::NotWellFormed(msg)
                }
            }
            other => CinErrorKind::NotWellFormed(other.to_string()),
        };
        self.fatal(kind)
    }

    /// Next event, with every limit applied. Text content is appended to `self.text`.
    fn next_ev(&mut self) -> Result<Ev, CinError> {
        if self.pending_pop {
            // The previous event was an end tag: its element's text (if it was a simple
            // element) has been used by now, so what follows starts afresh.
            self.path.pop();
            self.pending_pop = false;
            self.text.clear();
        }
        if self.pending_end {
            self.pending_end = false;
            self.depth = self.depth.saturating_sub(1);
            self.pending_pop = true;
            return Ok(Ev::End);
        }
        loop {
            self.buf.clear();
            self.xml.get_mut().start_token();
            let line_before = self.line();
            if self.text.is_empty() {
                self.text_line = line_before;
            }
            let raw = match self.xml.read_event_into(&mut self.buf) {
                Err(e) => return Err(self.xml_error(e)),
                Ok(Event::Start(e)) => {
                    let local = e.local_name();
                    let name: &str = local.as_ref();
                    let el = El::from_name(name);
                    self.path.push(name);
                    Raw::Start(el)
                }
                Ok(Event::End(_)) => Raw::End,
                Ok(Event::Text(t)) => {
                    self.text.push_str(&t);
                    Raw::Text
                }
                Ok(Event::CData(c)) => {
                    self.text.push_str(&c);
                    Raw::Text
                }
                Ok(Event::GeneralRef(r)) => match r.resolve_char_ref() {
                    Ok(Some(c)) => {
                        self.text.push(c);
                        Raw::Text
                    }
                    Ok(None) => {
                        let c = match &*r {
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "amp" => Some('&'),
                            "apos" => Some('\''),
                            "quot" => Some('"'),
                            _ => None,
                        };
                        match c {
                            Some(c) => {
                                self.text.push(c);
                                Raw::Text
                            }
                            None => Raw::Fatal(CinErrorKind::UnknownEntity(clip(&r))),
                        }
                    }
                    Err(_) => Raw::Fatal(CinErrorKind::InvalidCharRef(clip(&r))),
                },
                Ok(Event::DocType(_)) => Raw::Fatal(CinErrorKind::DocType),
                Ok(Event::Decl(d)) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        self.declared_encoding = Some(clip(&enc));
                    }
                    Raw::Ignore
                }
                Ok(Event::Comment(_)) | Ok(Event::PI(_)) => Raw::Ignore,
                // Not produced with expand_empty_elements; handled as start + end anyway.
                Ok(Event::Empty(e)) => {
                    let local = e.local_name();
                    let name: &str = local.as_ref();
                    self.path.push(name);
                    self.pending_end = true;
                    Raw::Start(El::from_name(name))
                }
                Ok(Event::Eof) => Raw::Eof,
            };
            if self.in_child
                && self.xml.buffer_position() - self.child_start > self.limits.max_child_bytes
            {
                return Err(self.fatal(CinErrorKind::ChildTooLarge {
                    limit: self.limits.max_child_bytes,
                }));
            }
            match raw {
                Raw::Start(el) => {
                    self.depth += 1;
                    if self.depth > self.limits.max_depth {
                        return Err(self.fatal(CinErrorKind::DepthLimit {
                            limit: self.limits.max_depth,
                        }));
                    }
                    self.elements += 1;
                    if self.elements > self.limits.max_elements {
                        return Err(self.fatal(CinErrorKind::ElementLimit {
                            limit: self.limits.max_elements,
                        }));
                    }
                    self.start_line = line_before;
                    return Ok(Ev::Start(el));
                }
                Raw::End => {
                    self.depth = self.depth.saturating_sub(1);
                    self.pending_pop = true;
                    return Ok(Ev::End);
                }
                Raw::Text => {
                    if self.text.len() > self.limits.max_text_bytes {
                        return Err(self.fatal(CinErrorKind::TextTooLong {
                            limit: self.limits.max_text_bytes,
                        }));
                    }
                    return Ok(Ev::Text);
                }
                Raw::Ignore => continue,
                Raw::Eof => {
                    if self.depth > 0 {
                        return Err(self.fatal(CinErrorKind::UnexpectedEof));
                    }
                    return Ok(Ev::Eof);
                }
                // Report hostile tokens (DOCTYPE, entity references) where they start.
                Raw::Fatal(kind) => return Err(self.fatal_at(kind, line_before)),
            }
        }
    }

    fn problem(&mut self, element: El, line: u64, kind: ProblemKind, value: &str) {
        let path = self.path.s.clone();
        self.problem_at(element, path, line, kind, value);
    }

    fn problem_at(&mut self, element: El, path: String, line: u64, kind: ProblemKind, value: &str) {
        let p = FieldProblem {
            element: element.name(),
            path,
            line,
            value: clip(value),
            kind,
            la_child_id: None,
        };
        if self.in_child {
            self.child_problems.push(p);
        } else if self.file_problems.len() < MAX_FILE_PROBLEMS {
            self.file_problems.push(p);
        } else {
            self.file_problems_dropped += 1;
        }
    }

    /// Skip the element whose start tag was just read, including everything inside it
    /// (limits still apply).
    fn skip_current(&mut self) -> Result<(), CinError> {
        self.note_skipped();
        let target = self.depth - 1;
        let keep = self.text.len();
        loop {
            match self.next_ev()? {
                Ev::End if self.depth == target => return Ok(()),
                Ev::Text => self.text.truncate(keep),
                Ev::Start(_) | Ev::End => {}
                Ev::Eof => return Err(self.fatal(CinErrorKind::UnexpectedEof)),
            }
        }
    }

    fn note_skipped(&mut self) {
        let path = self.path.s.as_str();
        if let Some(s) = self.skipped.iter_mut().find(|s| s.path == path) {
            s.count += 1;
        } else if self.skipped.len() < MAX_SKIPPED_KINDS {
            self.skipped.push(SkippedElement {
                path: path.to_owned(),
                count: 1,
            });
        }
    }

    /// Handle text found directly inside a container element. The text is free text of
    /// unknown content (it could be a name), so only its length is reported.
    fn container_text(&mut self, container: El) {
        let chars = self.text.trim().chars().count();
        if chars > 0 {
            let line = self.text_line;
            self.problem(container, line, ProblemKind::UnexpectedText { chars }, "");
        }
        self.text.clear();
    }

    /// Read the children of the container whose start tag was just read, until its end
    /// tag. `f` handles a child element and returns `false` for elements it does not know,
    /// which are skipped.
    #[inline]
    fn each_child<F>(&mut self, container: El, mut f: F) -> Result<(), CinError>
    where
        F: FnMut(&mut Self, El) -> Result<bool, CinError>,
    {
        loop {
            match self.next_ev()? {
                Ev::Start(el) => {
                    if !f(self, el)? {
                        self.skip_current()?;
                    }
                }
                Ev::Text => self.container_text(container),
                Ev::End => return Ok(()),
                Ev::Eof => return Err(self.fatal(CinErrorKind::UnexpectedEof)),
            }
        }
    }

    /// Read the text of the simple element whose start tag was just read, up to its end
    /// tag. Leaves the raw text in `self.text`; returns the start tag's line.
    fn read_leaf(&mut self, el: El) -> Result<u64, CinError> {
        let line = self.start_line;
        self.text.clear();
        loop {
            match self.next_ev()? {
                Ev::Text => {}
                Ev::End => return Ok(line),
                Ev::Start(_) => {
                    let nested = self.path.last().to_owned();
                    self.problem(el, line, ProblemKind::UnexpectedElement, &nested);
                    self.skip_current()?;
                }
                Ev::Eof => return Err(self.fatal(CinErrorKind::UnexpectedEof)),
            }
        }
    }

    /// Trimmed text of a simple element; `None` when empty.
    fn leaf_string(&mut self, el: El) -> Result<(Option<String>, u64), CinError> {
        let line = self.read_leaf(el)?;
        let v = self.text.trim();
        Ok(((!v.is_empty()).then(|| v.to_owned()), line))
    }

    fn leaf_date(&mut self, el: El) -> Result<Option<NaiveDate>, CinError> {
        let line = self.read_leaf(el)?;
        let v = self.text.trim();
        if v.is_empty() {
            return Ok(None);
        }
        match parse_date(v) {
            Some(d) => Ok(Some(d)),
            None => {
                let v = v.to_owned();
                self.problem(el, line, ProblemKind::InvalidDate, &v);
                Ok(None)
            }
        }
    }

    fn repeated(&mut self, el: El) {
        let line = self.start_line;
        self.problem(el, line, ProblemKind::Repeated, "");
    }

    fn string_into(&mut self, el: El, slot: &mut Option<String>) -> Result<(), CinError> {
        let (v, _) = self.leaf_string(el)?;
        if v.is_some() {
            if slot.is_some() {
                self.repeated(el);
            } else {
                *slot = v;
            }
        }
        Ok(())
    }

    fn raw_into(&mut self, el: El, slot: &mut Option<(String, u64)>) -> Result<(), CinError> {
        let (v, line) = self.leaf_string(el)?;
        if let Some(v) = v {
            if slot.is_some() {
                self.repeated(el);
            } else {
                *slot = Some((v, line));
            }
        }
        Ok(())
    }

    fn date_into(&mut self, el: El, slot: &mut Option<NaiveDate>) -> Result<(), CinError> {
        let v = self.leaf_date(el)?;
        if v.is_some() {
            if slot.is_some() {
                self.repeated(el);
            } else {
                *slot = v;
            }
        }
        Ok(())
    }

    fn bool_into(&mut self, el: El, slot: &mut Option<bool>) -> Result<(), CinError> {
        let line = self.read_leaf(el)?;
        let v = self.text.trim();
        if v.is_empty() {
            return Ok(());
        }
        match parse_yes_no(v) {
            Some(b) => {
                if slot.is_some() {
                    self.repeated(el);
                } else {
                    *slot = Some(b);
                }
            }
            None => {
                let v = v.to_owned();
                self.problem(el, line, ProblemKind::InvalidBoolean, &v);
            }
        }
        Ok(())
    }

    fn count_into(&mut self, el: El, slot: &mut Option<u32>) -> Result<(), CinError> {
        let line = self.read_leaf(el)?;
        let v = self.text.trim();
        if v.is_empty() {
            return Ok(());
        }
        match parse_count(v) {
            Some(n) => {
                if slot.is_some() {
                    self.repeated(el);
                } else {
                    *slot = Some(n);
                }
            }
            None => {
                let v = v.to_owned();
                self.problem(el, line, ProblemKind::InvalidInteger, &v);
            }
        }
        Ok(())
    }

    fn push_string(&mut self, el: El, list: &mut Vec<String>) -> Result<(), CinError> {
        if let (Some(v), _) = self.leaf_string(el)? {
            list.push(v);
        }
        Ok(())
    }

    fn upn_into(&mut self, el: El, slot: &mut Option<UpnFacts>) -> Result<(), CinError> {
        self.read_leaf(el)?;
        let v = self.text.trim();
        if v.is_empty() {
            return Ok(());
        }
        let facts = upn_facts(v, &self.upn_keys);
        // The UPN text itself is dropped here.
        self.text.clear();
        if slot.is_some() {
            self.repeated(el);
        } else {
            *slot = Some(facts);
        }
        Ok(())
    }

    // ----------------------------------------------------------------------------------
    // Document structure.

    /// One step inside `<Message>` (before or after `<Children>`).
    fn step_message(&mut self) -> Result<(), CinError> {
        match self.next_ev()? {
            Ev::Start(El::Header) => self.read_header(),
            Ev::Start(El::Children) => {
                self.state = State::InChildren;
                Ok(())
            }
            Ev::Start(_) => self.skip_current(),
            Ev::Text => {
                self.container_text(El::Message);
                Ok(())
            }
            Ev::End => {
                self.state = State::AfterMessage;
                Ok(())
            }
            Ev::Eof => Err(self.fatal(CinErrorKind::UnexpectedEof)),
        }
    }

    /// Advance to the next child record, or `None` at the end of the document.
    fn advance(&mut self) -> Result<Option<ChildRecord>, CinError> {
        loop {
            match self.state {
                State::InChildren => match self.next_ev()? {
                    Ev::Start(El::Child) => return self.read_child().map(Some),
                    Ev::Start(_) => self.skip_current()?,
                    Ev::Text => self.container_text(El::Children),
                    Ev::End => self.state = State::InMessage,
                    Ev::Eof => return Err(self.fatal(CinErrorKind::UnexpectedEof)),
                },
                State::InMessage => self.step_message()?,
                State::AfterMessage => match self.next_ev()? {
                    Ev::Eof => {
                        self.state = State::Done;
                        return Ok(None);
                    }
                    Ev::Text if self.text.trim().is_empty() => self.text.clear(),
                    _ => return Err(self.fatal(CinErrorKind::ContentAfterRoot)),
                },
                State::Done => return Ok(None),
            }
        }
    }

    fn read_header(&mut self) -> Result<(), CinError> {
        let mut h = std::mem::take(&mut self.header);
        self.each_child(El::Header, |r, el| {
            match el {
                El::CollectionDetails => r.each_child(el, |r, el| {
                    match el {
                        El::Collection => r.string_into(el, &mut h.collection)?,
                        El::Year => {
                            let (v, line) = r.leaf_string(el)?;
                            if let Some(v) = v {
                                match v.parse::<i32>() {
                                    Ok(y)
                                        if v.len() == 4
                                            && v.bytes().all(|b| b.is_ascii_digit()) =>
                                    {
                                        h.year = Some(y)
                                    }
                                    _ => r.problem(el, line, ProblemKind::InvalidYear, &v),
                                }
                            }
                        }
                        El::ReferenceDate => r.date_into(el, &mut h.reference_date)?,
                        _ => return Ok(false),
                    }
                    Ok(true)
                })?,
                El::Source => r.each_child(el, |r, el| {
                    match el {
                        El::SourceLevel => r.string_into(el, &mut h.source_level)?,
                        El::LEA => r.string_into(el, &mut h.lea)?,
                        El::SoftwareCode => r.string_into(el, &mut h.software_code)?,
                        El::Release => r.string_into(el, &mut h.release)?,
                        El::SerialNo => r.string_into(el, &mut h.serial_no)?,
                        El::DateTime => r.string_into(el, &mut h.date_time)?,
                        _ => return Ok(false),
                    }
                    Ok(true)
                })?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        self.header = h;
        Ok(())
    }

    fn read_child(&mut self) -> Result<ChildRecord, CinError> {
        let line = self.start_line;
        self.in_child = true;
        self.child_start = self.xml.buffer_position();
        self.child_problems.clear();

        let mut id: Option<(String, u64)> = None;
        let mut gender: Option<(String, u64)> = None;
        let mut sex: Option<(String, u64)> = None;
        let mut birth = None;
        let mut expected = None;
        let mut ethnicity = None;
        let mut disabilities = Vec::new();
        let mut episodes: Vec<Episode> = Vec::new();
        let mut extras = CinChildExtras::default();

        self.each_child(El::Child, |r, el| {
            match el {
                El::ChildIdentifiers => r.each_child(el, |r, el| {
                    match el {
                        El::LAchildID => r.raw_into(el, &mut id)?,
                        El::UPN => r.upn_into(el, &mut extras.upn)?,
                        El::FormerUPN => r.upn_into(el, &mut extras.former_upn)?,
                        El::UPNunknown => r.string_into(el, &mut extras.upn_unknown)?,
                        El::PersonBirthDate => r.date_into(el, &mut birth)?,
                        El::ExpectedPersonBirthDate => r.date_into(el, &mut expected)?,
                        El::GenderCurrent => r.raw_into(el, &mut gender)?,
                        El::Sex => r.raw_into(el, &mut sex)?,
                        El::PersonDeathDate => r.date_into(el, &mut extras.person_death_date)?,
                        _ => return Ok(false),
                    }
                    Ok(true)
                })?,
                El::ChildCharacteristics => r.each_child(el, |r, el| {
                    match el {
                        El::Ethnicity => r.string_into(el, &mut ethnicity)?,
                        El::Disabilities => r.each_child(el, |r, el| {
                            if el != El::Disability {
                                return Ok(false);
                            }
                            r.push_string(el, &mut disabilities)?;
                            Ok(true)
                        })?,
                        // Tolerated without the <Disabilities> wrapper.
                        El::Disability => r.push_string(el, &mut disabilities)?,
                        _ => return Ok(false),
                    }
                    Ok(true)
                })?,
                El::CINdetails => {
                    if episodes.len() >= r.limits.max_episodes_per_child {
                        return Err(r.fatal(CinErrorKind::TooManyEpisodes {
                            limit: r.limits.max_episodes_per_child,
                        }));
                    }
                    let ep = r.read_episode()?;
                    episodes.push(ep);
                }
                _ => return Ok(false),
            }
            Ok(true)
        })?;

        // These checks run after </Child>, so give each problem its element's own path.
        let ident_path = |el: El| format!("{}/ChildIdentifiers/{}", self.path.s, el.name());
        let gender_path = ident_path(El::GenderCurrent);
        let sex_path = ident_path(El::Sex);
        let id_path = ident_path(El::LAchildID);

        // Sex: Sex (2024-25 on) wins over GenderCurrent when both are present and valid.
        let mut child_sex = Sex::NotRecorded;
        if let Some((raw, l)) = &gender {
            match Sex::from_cin_gender_current(raw) {
                Some(s) => child_sex = s,
                None => self.problem_at(
                    El::GenderCurrent,
                    gender_path,
                    *l,
                    ProblemKind::InvalidGenderCurrent,
                    raw,
                ),
            }
        }
        if let Some((raw, l)) = &sex {
            match Sex::from_cin_sex(raw) {
                Some(s) => child_sex = s,
                None => self.problem_at(El::Sex, sex_path, *l, ProblemKind::InvalidSex, raw),
            }
        }
        extras.gender_current = gender.map(|(g, _)| g);
        extras.sex = sex.map(|(s, _)| s);

        let child_id = match &id {
            Some((raw, l)) => match ChildId::parse(raw) {
                Ok(cid) => Some(cid),
                Err(e) => {
                    self.problem_at(
                        El::LAchildID,
                        id_path,
                        *l,
                        ProblemKind::InvalidChildId(e),
                        raw,
                    );
                    None
                }
            },
            None => {
                self.problem(El::LAchildID, line, ProblemKind::MissingChildId, "");
                None
            }
        };

        self.in_child = false;
        let mut problems = std::mem::take(&mut self.child_problems);
        // Checks made after </Child> were appended last; restore file order.
        problems.sort_by_key(|p| p.line);
        let child = child_id.map(|cid| {
            for p in &mut problems {
                p.la_child_id = Some(cid.clone());
            }
            Child {
                la_child_id: cid,
                birth_date: birth,
                expected_birth_date: expected,
                sex: child_sex,
                ethnicity,
                disabilities,
                contacts: Vec::new(),
                early_help: Vec::new(),
                episodes,
                source_line: Some(line),
            }
        });
        match &child {
            Some(c) => self.counts.add_child(c),
            None => self.unidentified += 1,
        }
        Ok(ChildRecord {
            child,
            extras,
            problems,
            line,
        })
    }

    fn read_episode(&mut self) -> Result<Episode, CinError> {
        let mut ep = Episode::default();
        self.each_child(El::CINdetails, |r, el| {
            match el {
                El::CINreferralDate => r.date_into(el, &mut ep.referral_date)?,
                El::ReferralSource => r.string_into(el, &mut ep.referral_source)?,
                El::PrimaryNeedCode => r.string_into(el, &mut ep.primary_need)?,
                El::CINclosureDate => r.date_into(el, &mut ep.closure_date)?,
                El::ReasonForClosure => r.string_into(el, &mut ep.closure_reason)?,
                El::DateOfInitialCPC => r.date_into(el, &mut ep.episode_icpc_date)?,
                El::ReferralNFA => r.bool_into(el, &mut ep.referral_nfa)?,
                El::Assessments => {
                    let a = r.read_assessment()?;
                    ep.assessments.push(a);
                }
                El::CINPlanDates => {
                    let mut p = CinPlan::default();
                    r.each_child(el, |r, el| {
                        match el {
                            El::CINPlanStartDate => r.date_into(el, &mut p.start)?,
                            El::CINPlanEndDate => r.date_into(el, &mut p.end)?,
                            _ => return Ok(false),
                        }
                        Ok(true)
                    })?;
                    ep.cin_plans.push(p);
                }
                El::Section47 => {
                    let mut s = S47::default();
                    r.each_child(el, |r, el| {
                        match el {
                            El::S47ActualStartDate => r.date_into(el, &mut s.start)?,
                            El::InitialCPCtarget => r.date_into(el, &mut s.icpc_target)?,
                            El::DateOfInitialCPC => r.date_into(el, &mut s.icpc_date)?,
                            El::ICPCnotRequired => r.bool_into(el, &mut s.icpc_not_required)?,
                            _ => return Ok(false),
                        }
                        Ok(true)
                    })?;
                    ep.s47s.push(s);
                }
                El::ChildProtectionPlans => {
                    let p = r.read_cp_plan()?;
                    ep.cp_plans.push(p);
                }
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(ep)
    }

    fn read_assessment(&mut self) -> Result<Assessment, CinError> {
        let mut a = Assessment::default();
        self.each_child(El::Assessments, |r, el| {
            match el {
                El::AssessmentActualStartDate => r.date_into(el, &mut a.start)?,
                El::AssessmentAuthorisationDate => r.date_into(el, &mut a.authorised)?,
                // Collected by DfE but used by no indicator or rule here.
                El::AssessmentInternalReviewDate => {
                    r.read_leaf(el)?;
                }
                El::FactorsIdentifiedAtAssessment => r.each_child(el, |r, el| {
                    if el != El::AssessmentFactors {
                        return Ok(false);
                    }
                    r.push_string(el, &mut a.factors)?;
                    Ok(true)
                })?,
                // Tolerated without the wrapper.
                El::AssessmentFactors => r.push_string(el, &mut a.factors)?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(a)
    }

    fn read_cp_plan(&mut self) -> Result<CpPlan, CinError> {
        let mut p = CpPlan::default();
        self.each_child(El::ChildProtectionPlans, |r, el| {
            match el {
                El::CPPstartDate => r.date_into(el, &mut p.start)?,
                El::CPPendDate => r.date_into(el, &mut p.end)?,
                El::InitialCategoryOfAbuse => r.string_into(el, &mut p.initial_category)?,
                El::LatestCategoryOfAbuse => r.string_into(el, &mut p.latest_category)?,
                El::NumberOfPreviousCPP => r.count_into(el, &mut p.previous_plans)?,
                El::Reviews | El::CPPreviews => {
                    if el == El::CPPreviews {
                        let line = r.start_line;
                        r.problem(el, line, ProblemKind::NonStandardElement("Reviews"), "");
                    }
                    r.each_child(el, |r, el| {
                        if el != El::CPPreviewDate {
                            return Ok(false);
                        }
                        r.review_date(&mut p.review_dates)?;
                        Ok(true)
                    })?
                }
                // Tolerated without the wrapper.
                El::CPPreviewDate => r.review_date(&mut p.review_dates)?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(p)
    }

    fn review_date(&mut self, list: &mut Vec<NaiveDate>) -> Result<(), CinError> {
        let el = El::CPPreviewDate;
        let line = self.start_line;
        match self.leaf_date(el)? {
            Some(d) => list.push(d),
            None if self.text.trim().is_empty() => {
                self.problem(el, line, ProblemKind::EmptyValue, "");
            }
            None => {} // not a date: already reported by leaf_date
        }
        Ok(())
    }
}

impl<R: BufRead> Iterator for CinReader<R> {
    type Item = Result<ChildRecord, CinError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.state == State::Done {
            return None;
        }
        match self.advance() {
            Ok(Some(rec)) => Some(Ok(rec)),
            Ok(None) => {
                self.state = State::Done;
                None
            }
            Err(e) => {
                self.state = State::Done;
                Some(Err(e))
            }
        }
    }
}

impl<R: BufRead> std::iter::FusedIterator for CinReader<R> {}
