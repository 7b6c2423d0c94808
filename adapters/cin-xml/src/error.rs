use std::fmt;

/// A fatal problem: the file cannot be read any further (not well-formed, hostile,
/// truncated, over a limit, or not a CIN census document). After the reader yields one of
/// these it yields nothing more.
///
/// Displays as `census.xml line 42, Message/Children/Child/CINdetails: <what went wrong>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CinError {
    /// File name given to [`crate::CinReader::new`].
    pub file: String,
    /// 1-based line number of the read position when the problem was found.
    pub line: u64,
    /// Element path of the innermost open element, e.g.
    /// `Message/Children/Child/CINdetails/CINreferralDate`; empty before the root element.
    pub path: String,
    /// What went wrong.
    pub kind: CinErrorKind,
}

impl fmt::Display for CinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        write!(
            f,
            "{} line {}, {}: {}",
            self.file, self.line, path, self.kind
        )
    }
}

/// The kinds of fatal problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CinErrorKind {
    /// A `<!DOCTYPE ...>` declaration. Refused outright: the CIN schema needs none, and DTDs
    /// carry entity-expansion ("billion laughs") and external-entity attacks.
    #[error("the file contains a DOCTYPE declaration, which is not allowed in a CIN census file (DTDs are refused for security reasons)")]
    DocType,
    /// A reference to an entity other than the five predefined ones.
    #[error("unknown entity reference '&{0};' (only &lt; &gt; &amp; &apos; &quot; and numeric character references are allowed)")]
    UnknownEntity(String),
    /// A malformed numeric character reference.
    #[error("invalid character reference '&{0};'")]
    InvalidCharRef(String),
    /// The XML is not well-formed (quick-xml's description).
    #[error("the XML is not well-formed: {0}")]
    NotWellFormed(String),
    /// The file ended inside an element.
    #[error("the file ends before the XML document is complete (is it truncated?)")]
    UnexpectedEof,
    /// Empty file, or no root element.
    #[error("no <Message> root element found; this is not a CIN census XML file")]
    MissingMessage,
    /// The root element is not `Message`.
    #[error("the root element is <{0}>, but a CIN census file must start with <Message>")]
    WrongRoot(String),
    /// Elements or text after the end of `</Message>`.
    #[error("there is content after the closing </Message> tag")]
    ContentAfterRoot,
    /// Bytes that are not UTF-8.
    #[error("the file is not valid UTF-8{}; save it as UTF-8 and upload it again", declared_note(.declared))]
    NotUtf8 {
        /// Encoding named in the XML declaration, if any.
        declared: Option<String>,
    },
    /// UTF-16 input (detected from the byte-order mark or the first bytes).
    #[error("the file is UTF-16 encoded; save it as UTF-8 and upload it again")]
    Utf16,
    /// Reading the input failed.
    #[error("could not read the file: {0}")]
    Io(String),
    /// Nesting deeper than [`crate::Limits::max_depth`].
    #[error("elements are nested more than {limit} levels deep")]
    DepthLimit {
        /// The limit.
        limit: usize,
    },
    /// More elements than [`crate::Limits::max_elements`].
    #[error("the file has more than {limit} elements")]
    ElementLimit {
        /// The limit.
        limit: u64,
    },
    /// Element text longer than [`crate::Limits::max_text_bytes`].
    #[error("the element's text is longer than {limit} bytes")]
    TextTooLong {
        /// The limit.
        limit: usize,
    },
    /// One tag, text run or comment longer than [`crate::Limits::max_token_bytes`].
    #[error("a single tag, text or comment is longer than {limit} bytes")]
    TokenTooLong {
        /// The limit.
        limit: u64,
    },
    /// More episodes in one child than [`crate::Limits::max_episodes_per_child`].
    #[error("the child has more than {limit} CINdetails episodes")]
    TooManyEpisodes {
        /// The limit.
        limit: usize,
    },
    /// One child's XML is larger than [`crate::Limits::max_child_bytes`].
    #[error("the <Child> element is larger than {limit} bytes")]
    ChildTooLarge {
        /// The limit.
        limit: u64,
    },
}

fn declared_note(declared: &Option<String>) -> String {
    match declared {
        Some(enc) => format!(" (it declares encoding \"{enc}\")"),
        None => String::new(),
    }
}
