//! Single-use recovery codes for when the authenticator app is lost.
//!
//! Ten codes like `k7pm-3xqd-w9ta`, 12 characters from a 31-character alphabet without
//! look-alikes (no 0, 1, i, l, o): about 59 bits each. They are shown once; only their SHA-256
//! hashes are stored. A high-entropy random code needs no slow hash (unlike a password), but
//! code guesses must be throttled like TOTP guesses.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::random;

/// Codes in a set.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// The characters codes are made of.
pub const ALPHABET: &[u8; 31] = b"23456789abcdefghjkmnpqrstuvwxyz";
/// Characters in a code, without hyphens.
pub const CODE_CHARS: usize = 12;
const GROUP: usize = 4;
const DOMAIN: &[u8] = b"assure recovery code v1\0";

/// A new set: `codes` to show the user once, `hashes` to store (same order).
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
    pub hashes: Vec<String>,
}

impl std::fmt::Debug for RecoveryCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecoveryCodes")
            .field("codes", &format_args!("[redacted; {}]", self.codes.len()))
            .field("hashes", &self.hashes)
            .finish()
    }
}

/// Ten new codes. Generating a new set replaces the old one entirely.
///
/// # Panics
/// If the operating system cannot supply random bytes.
pub fn generate_recovery_codes() -> RecoveryCodes {
    let mut codes = Vec::with_capacity(RECOVERY_CODE_COUNT);
    while codes.len() < RECOVERY_CODE_COUNT {
        let code = one_code();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let hashes = codes
        .iter()
        .map(|c| recovery_code_hash(c).expect("generated codes are well formed"))
        .collect();
    RecoveryCodes { codes, hashes }
}

fn one_code() -> String {
    let mut chars = Vec::with_capacity(CODE_CHARS);
    // Rejection sampling keeps every character equally likely: 248 = 8 × 31.
    while chars.len() < CODE_CHARS {
        for b in random::bytes::<32>() {
            if b < 248 && chars.len() < CODE_CHARS {
                chars.push(ALPHABET[usize::from(b % 31)]);
            }
        }
    }
    let mut out = String::with_capacity(CODE_CHARS + CODE_CHARS / GROUP);
    for (i, group) in chars.chunks(GROUP).enumerate() {
        if i > 0 {
            out.push('-');
        }
        out.extend(group.iter().map(|&b| b as char));
    }
    out
}

/// The stored form of a code: lower-case hex SHA-256 of its canonical spelling. `None` if the
/// text cannot be a code. Case, spaces and hyphens are ignored, so `K7PM 3XQD W9TA` is the
/// same code as `k7pm-3xqd-w9ta`.
pub fn recovery_code_hash(code: &str) -> Option<String> {
    let canonical: Vec<u8> = code
        .bytes()
        .filter(|b| !matches!(b, b' ' | b'-'))
        .map(|b| b.to_ascii_lowercase())
        .collect();
    if canonical.len() != CODE_CHARS || !canonical.iter().all(|b| ALPHABET.contains(b)) {
        return None;
    }
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(&canonical);
    Some(crate::token::hex(&h.finalize()))
}

/// Checks a typed code against the stored hashes and, if it matches one, removes that hash so
/// the code cannot be used again. Returns whether it matched. Every stored hash is compared,
/// in constant time. Save `hashes` back in the same transaction as the sign-in.
pub fn use_recovery_code(code: &str, hashes: &mut Vec<String>) -> bool {
    let Some(typed) = recovery_code_hash(code) else {
        return false;
    };
    let mut found: Option<usize> = None;
    for (i, stored) in hashes.iter().enumerate() {
        let equal =
            stored.len() == typed.len() && bool::from(stored.as_bytes().ct_eq(typed.as_bytes()));
        if equal && found.is_none() {
            found = Some(i);
        }
    }
    match found {
        Some(i) => {
            hashes.remove(i);
            true
        }
        None => false,
    }
}
