//! SHA-256 of a file as it is read, so the dataset records exactly what was imported.

use sha2::{Digest, Sha256};
use std::io::{BufRead, Read};

pub struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
        }
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// A buffered hashing reader whose digest can be taken at the end.
pub struct Hashed<R: Read> {
    pub reader: std::io::BufReader<HashingReader<R>>,
}

impl<R: Read> Hashed<R> {
    pub fn new(inner: R) -> Self {
        Hashed {
            reader: std::io::BufReader::with_capacity(256 * 1024, HashingReader::new(inner)),
        }
    }
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.reader.read(buf)
    }
}

impl<R: Read> BufRead for Hashed<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.reader.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.reader.consume(amt)
    }
}

/// Finishes hashing: reads any unread rest of the input so the digest covers the whole file.
pub fn finish<R: Read>(mut h: Hashed<R>) -> std::io::Result<String> {
    std::io::copy(&mut h, &mut std::io::sink())?;
    let inner = h.reader.into_inner();
    Ok(hex(&inner.hasher.finalize()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}
