/// Resource caps applied while reading (security requirement IMP-04). Exceeding any of them
/// is a fatal [`crate::CinError`].
///
/// Together they bound memory: quick-xml never buffers more than about `max_token_bytes`
/// (plus one read chunk) for a single tag or text run, and one child's record is bounded by
/// `max_child_bytes` of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting allowed. A valid CIN file nests 7 levels
    /// (`Message/Children/Child/CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate`).
    /// Default 32.
    pub max_depth: usize,
    /// Most elements in the whole file. Default 50,000,000.
    pub max_elements: u64,
    /// Longest text content of one element, in bytes after entity expansion. Default 10,000.
    pub max_text_bytes: usize,
    /// Longest single XML token (a tag, a text run, a comment, a DOCTYPE ...) in input
    /// bytes. This is checked while quick-xml is still reading the token, so a file that is
    /// one enormous text node or comment cannot make the reader buffer it. Default 65,536.
    pub max_token_bytes: u64,
    /// Most `CINdetails` episodes in one child. Default 10,000.
    pub max_episodes_per_child: usize,
    /// Most input bytes inside one `<Child>` element. Default 16 MiB.
    pub max_child_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 32,
            max_elements: 50_000_000,
            max_text_bytes: 10_000,
            max_token_bytes: 65_536,
            max_episodes_per_child: 10_000,
            max_child_bytes: 16 * 1024 * 1024,
        }
    }
}
