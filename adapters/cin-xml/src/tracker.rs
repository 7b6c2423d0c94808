//! A `BufRead` wrapper between the caller's input and quick-xml that
//! (1) counts newlines in consumed bytes, so line numbers cost O(n) in total, and
//! (2) caps how many bytes quick-xml may consume for a single token, so a hostile file that
//! is one giant text run or comment cannot make quick-xml buffer all of it.

use std::io::{self, BufRead, Read};

/// Largest slice handed to quick-xml in one `fill_buf`.
const CHUNK: usize = 64 * 1024;

pub(crate) struct Tracked<R> {
    inner: R,
    /// Newlines in all bytes consumed so far.
    pub(crate) newlines: u64,
    /// Bytes consumed since the last call to `start_token`.
    since_token: u64,
    token_limit: u64,
    /// Set when the token limit stopped the reader (the I/O error it caused is ours).
    pub(crate) token_limit_hit: bool,
}

impl<R: BufRead> Tracked<R> {
    pub(crate) fn new(inner: R, token_limit: u64) -> Self {
        Tracked {
            inner,
            newlines: 0,
            since_token: 0,
            token_limit,
            token_limit_hit: false,
        }
    }

    /// Called before asking quick-xml for the next event.
    #[inline]
    pub(crate) fn start_token(&mut self) {
        self.since_token = 0;
    }
}

impl<R: BufRead> Read for Tracked<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let avail = self.fill_buf()?;
            let n = avail.len().min(out.len());
            out[..n].copy_from_slice(&avail[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    #[inline]
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.since_token > self.token_limit {
            self.token_limit_hit = true;
            return Err(io::Error::other("token size limit exceeded"));
        }
        // Hand out at most CHUNK bytes at a time, so the token cap bounds quick-xml's buffer
        // even when the caller's reader is one huge slice.
        let buf = self.inner.fill_buf()?;
        Ok(&buf[..buf.len().min(CHUNK)])
    }

    #[inline]
    fn consume(&mut self, amt: usize) {
        // The consumed bytes are still at the front of the inner buffer: `fill_buf` on a
        // non-empty buffer returns it without doing I/O.
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.newlines += count_newlines(&buf[..n]);
        }
        self.inner.consume(amt);
        self.since_token += amt as u64;
    }
}

#[inline]
fn count_newlines(bytes: &[u8]) -> u64 {
    // Auto-vectorised by LLVM.
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_limits_tokens() {
        let data = b"a\nb\nc\n".repeat(10);
        let mut t = Tracked::new(&data[..], 1000);
        let mut out = Vec::new();
        t.read_to_end(&mut out).unwrap();
        assert_eq!(t.newlines, 30);

        let big = vec![b'x'; 10_000];
        let mut t = Tracked::new(io::BufReader::with_capacity(64, &big[..]), 100);
        t.start_token();
        let mut out = Vec::new();
        assert!(t.read_to_end(&mut out).is_err());
        assert!(t.token_limit_hit);
        assert!(out.len() < 300);
    }
}
