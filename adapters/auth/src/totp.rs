//! Time-based one-time passwords: RFC 6238 over RFC 4226 (HOTP), implemented on `hmac`.
//!
//! Enrolment: [`TotpSecret::generate`], show [`TotpSecret::otpauth_uri`] as a QR code and
//! [`TotpSecret::to_base32`] as text for manual entry, and activate the second factor only
//! after the user has entered one valid code. Sign-in: [`TotpSecret::verify`] with the step of
//! the last accepted code, then store the returned step so no code is accepted twice
//! (ASVS 6.5.1). Throttle code guesses like passwords (ASVS 6.6.3).
//!
//! The secret must be stored so it can be read back (it cannot be hashed); keep it out of logs
//! (its `Debug` is redacted) and encrypt it at rest where the database allows.

use hmac::{Hmac, Mac};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::{base32, random};

/// Secret length generated for new enrolments: 160 bits, the HMAC-SHA1 block-size-friendly
/// length RFC 4226 recommends.
pub const SECRET_LEN: usize = 20;
/// Shortest secret accepted (RFC 4226: at least 128 bits).
pub const MIN_SECRET_LEN: usize = 16;
/// Longest secret accepted.
pub const MAX_SECRET_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TotpError {
    #[error("a TOTP secret must be {MIN_SECRET_LEN} to {MAX_SECRET_LEN} bytes, not {0}")]
    SecretLength(usize),
    #[error("a TOTP secret must be base32: {0}")]
    Base32(#[from] base32::DecodeError),
    #[error("TOTP codes have 6 to 8 digits, not {0}")]
    Digits(u32),
    #[error("the TOTP period must be 1 to 300 seconds, not {0}")]
    Period(u64),
}

/// The HMAC hash. Authenticator apps generally support only SHA-1 (RFC 6238's default, and
/// still sound for HMAC); the others are here for the RFC's test vectors and for apps that
/// honour `algorithm=` in the URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TotpAlgorithm {
    #[default]
    Sha1,
    Sha256,
    Sha512,
}

impl TotpAlgorithm {
    fn uri_name(self) -> &'static str {
        match self {
            TotpAlgorithm::Sha1 => "SHA1",
            TotpAlgorithm::Sha256 => "SHA256",
            TotpAlgorithm::Sha512 => "SHA512",
        }
    }
}

/// A shared TOTP secret. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TotpSecret([redacted; {} bytes])", self.0.len())
    }
}

impl TotpSecret {
    /// A new random 20-byte secret.
    ///
    /// # Panics
    /// If the operating system cannot supply random bytes.
    pub fn generate() -> TotpSecret {
        TotpSecret(random::bytes::<SECRET_LEN>().to_vec())
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<TotpSecret, TotpError> {
        if !(MIN_SECRET_LEN..=MAX_SECRET_LEN).contains(&bytes.len()) {
            return Err(TotpError::SecretLength(bytes.len()));
        }
        Ok(TotpSecret(bytes.to_vec()))
    }

    /// Reads a secret in base32 (any case, spaces allowed, padding optional).
    pub fn from_base32(text: &str) -> Result<TotpSecret, TotpError> {
        TotpSecret::from_bytes(&base32::decode(text)?)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Upper-case base32 without padding, for storing and for manual entry in an app.
    pub fn to_base32(&self) -> String {
        base32::encode(&self.0)
    }

    /// The `otpauth://` URI for a QR code, with the default settings (SHA-1, 6 digits, 30 s).
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        Totp::default().otpauth_uri(self, issuer, account)
    }

    /// Checks a 6-digit code with the default settings: see [`Totp::verify`].
    pub fn verify(&self, code: &str, now_unix: u64, last_used_step: Option<u64>) -> Option<u64> {
        Totp::default().verify(self, code, now_unix, last_used_step)
    }
}

/// TOTP settings: HMAC algorithm, number of digits, period, and how many steps either side of
/// now are accepted for clock drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totp {
    algorithm: TotpAlgorithm,
    digits: u32,
    period: u64,
    skew: u64,
}

impl Default for Totp {
    /// SHA-1, 6 digits, 30-second steps, one step of drift either way.
    fn default() -> Self {
        Totp {
            algorithm: TotpAlgorithm::Sha1,
            digits: 6,
            period: 30,
            skew: 1,
        }
    }
}

impl Totp {
    pub fn new(algorithm: TotpAlgorithm, digits: u32, period: u64) -> Result<Totp, TotpError> {
        if !(6..=8).contains(&digits) {
            return Err(TotpError::Digits(digits));
        }
        if !(1..=300).contains(&period) {
            return Err(TotpError::Period(period));
        }
        Ok(Totp {
            algorithm,
            digits,
            period,
            skew: 1,
        })
    }

    pub fn digits(&self) -> u32 {
        self.digits
    }

    pub fn period(&self) -> u64 {
        self.period
    }

    /// The time step containing `unix` (seconds since 1970).
    pub fn step(&self, unix: u64) -> u64 {
        unix / self.period
    }

    /// The code for a time step (RFC 4226 HOTP with the step as counter), zero-padded.
    pub fn code_for_step(&self, secret: &TotpSecret, step: u64) -> String {
        let counter = step.to_be_bytes();
        let mac = match self.algorithm {
            TotpAlgorithm::Sha1 => hmac_bytes::<Hmac<sha1::Sha1>>(secret.as_bytes(), &counter),
            TotpAlgorithm::Sha256 => hmac_bytes::<Hmac<sha2::Sha256>>(secret.as_bytes(), &counter),
            TotpAlgorithm::Sha512 => hmac_bytes::<Hmac<sha2::Sha512>>(secret.as_bytes(), &counter),
        };
        // Dynamic truncation (RFC 4226 section 5.3).
        let offset = usize::from(mac[mac.len() - 1] & 0x0f);
        let binary = u32::from_be_bytes([
            mac[offset] & 0x7f,
            mac[offset + 1],
            mac[offset + 2],
            mac[offset + 3],
        ]);
        let code = binary % 10u32.pow(self.digits);
        format!("{code:0width$}", width = self.digits as usize)
    }

    /// The code for the step containing `unix`.
    pub fn code_at(&self, secret: &TotpSecret, unix: u64) -> String {
        self.code_for_step(secret, self.step(unix))
    }

    /// Checks a code typed at `now_unix`. Accepts the current step and one either side; spaces
    /// and hyphens in the input are ignored ("123 456"). Refuses any step at or before
    /// `last_used_step`, so a code (or an older one) cannot be used twice. Returns the step
    /// that matched, to be stored as the new `last_used_step`.
    ///
    /// Every candidate is computed and compared in constant time; only the final yes or no
    /// depends on the secret.
    pub fn verify(
        &self,
        secret: &TotpSecret,
        code: &str,
        now_unix: u64,
        last_used_step: Option<u64>,
    ) -> Option<u64> {
        let typed: Vec<u8> = code.bytes().filter(|b| !matches!(b, b' ' | b'-')).collect();
        if typed.len() != self.digits as usize || !typed.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let now = self.step(now_unix);
        let first = now.saturating_sub(self.skew);
        let last = now.saturating_add(self.skew);
        let mut matched = Choice::from(0);
        let mut matched_step = 0u64;
        for step in first..=last {
            let fresh = last_used_step.is_none_or(|used| step > used);
            let expected = self.code_for_step(secret, step);
            let hit = expected.as_bytes().ct_eq(&typed) & Choice::from(u8::from(fresh));
            // Later steps overwrite earlier ones, so the newest matching step is returned.
            matched_step.conditional_assign(&step, hit);
            matched |= hit;
        }
        bool::from(matched).then_some(matched_step)
    }

    /// The `otpauth://totp/` URI (Key Uri Format) for a QR code.
    pub fn otpauth_uri(&self, secret: &TotpSecret, issuer: &str, account: &str) -> String {
        format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm={}&digits={}&period={}",
            percent_encode(issuer),
            percent_encode(account),
            secret.to_base32(),
            percent_encode(issuer),
            self.algorithm.uri_name(),
            self.digits,
            self.period,
        )
    }
}

fn hmac_bytes<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac =
        <M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding() {
        assert_eq!(percent_encode("Assure"), "Assure");
        assert_eq!(
            percent_encode("jane.smith@example.gov.uk"),
            "jane.smith%40example.gov.uk"
        );
        assert_eq!(percent_encode("a b:c/é"), "a%20b%3Ac%2F%C3%A9");
    }

    #[test]
    fn settings_are_validated() {
        assert_eq!(
            Totp::new(TotpAlgorithm::Sha1, 5, 30),
            Err(TotpError::Digits(5))
        );
        assert_eq!(
            Totp::new(TotpAlgorithm::Sha1, 9, 30),
            Err(TotpError::Digits(9))
        );
        assert_eq!(
            Totp::new(TotpAlgorithm::Sha1, 6, 0),
            Err(TotpError::Period(0))
        );
        assert!(Totp::new(TotpAlgorithm::Sha512, 8, 60).is_ok());
    }

    #[test]
    fn hmac_accepts_the_secret_lengths_we_allow() {
        for len in [MIN_SECRET_LEN, SECRET_LEN, MAX_SECRET_LEN] {
            let s = TotpSecret::from_bytes(&vec![7u8; len]).unwrap();
            for alg in [
                TotpAlgorithm::Sha1,
                TotpAlgorithm::Sha256,
                TotpAlgorithm::Sha512,
            ] {
                let t = Totp::new(alg, 8, 30).unwrap();
                assert_eq!(t.code_for_step(&s, 1).len(), 8);
            }
        }
    }
}
