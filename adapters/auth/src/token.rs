//! Session ids and API tokens: 32 random bytes, URL-safe base64, stored only as SHA-256.
//!
//! The plain value goes to the client once (a cookie, or an API token shown on creation); the
//! database keeps [`token_hash`] of it and looks the hash up. A stolen database therefore holds
//! no usable session or token. SHA-256 without salt is right here: the inputs are 256-bit
//! random values, not passwords.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::random;

/// Prefix of every API token, so a leaked token is recognisable (secret scanners, log
/// redaction) and cannot be confused with a session id.
pub const API_TOKEN_PREFIX: &str = "assure_";

/// A new session id: 43 URL-safe characters carrying 256 bits. Issue a new one at sign-in,
/// re-authentication and any change of role (SESS-01).
///
/// # Panics
/// If the operating system cannot supply random bytes.
pub fn new_session_id() -> String {
    URL_SAFE_NO_PAD.encode(random::bytes::<32>())
}

/// A new API token: `token` to show once, `hash` to store.
#[derive(Clone, PartialEq, Eq)]
pub struct NewApiToken {
    pub token: String,
    pub hash: String,
}

impl std::fmt::Debug for NewApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewApiToken")
            .field("token", &"[redacted]")
            .field("hash", &self.hash)
            .finish()
    }
}

/// # Panics
/// If the operating system cannot supply random bytes.
pub fn new_api_token() -> NewApiToken {
    let token = format!(
        "{API_TOKEN_PREFIX}{}",
        URL_SAFE_NO_PAD.encode(random::bytes::<32>())
    );
    let hash = token_hash(&token);
    NewApiToken { token, hash }
}

/// The stored form of a session id or API token: lower-case hex SHA-256 (64 characters).
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether a presented token matches a stored hash, compared in constant time.
pub fn verify_token(presented: &str, stored_hash: &str) -> bool {
    let computed = token_hash(presented);
    computed.len() == stored_hash.len()
        && bool::from(computed.as_bytes().ct_eq(stored_hash.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}
