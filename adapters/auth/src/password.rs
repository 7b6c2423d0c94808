//! Password hashes (AUTH-01): Argon2id PHC strings.
//!
//! `$argon2id$v=19$m=19456,t=2,p=1$<16-byte salt>$<32-byte hash>`. Verification uses the
//! parameters stored in the string, so old hashes keep working; [`Verified::needs_rehash`]
//! says when a correct password should be hashed again at the current policy (do it in the
//! same request, after a successful sign-in, while the plain password is in hand).

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use std::sync::OnceLock;

use crate::random;

/// Salt length in bytes.
pub const SALT_LEN: usize = 16;
/// Hash output length in bytes.
pub const OUTPUT_LEN: usize = 32;
/// Longest password, in bytes, that verification will hash. Policy allows 256 characters
/// (at most 1,024 bytes); anything much longer is refused without hashing.
pub const MAX_PASSWORD_BYTES: usize = 4096;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    /// Memory in KiB.
    pub m_cost: u32,
    /// Iterations.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

impl HashParams {
    /// The floor from ASVS 5.0 Appendix C and the OWASP Password Storage Cheat Sheet:
    /// 19 MiB, 2 iterations, 1 lane. New hashes use exactly this.
    pub const POLICY: HashParams = HashParams {
        m_cost: 19_456,
        t_cost: 2,
        p_cost: 1,
    };

    /// Whether these parameters meet the policy: at least the policy's memory and iterations,
    /// with one lane.
    pub fn meets_policy(self) -> bool {
        self.m_cost >= Self::POLICY.m_cost
            && self.t_cost >= Self::POLICY.t_cost
            && self.p_cost == Self::POLICY.p_cost
    }
}

/// Hashing failed: parameters Argon2 refuses (too little memory for the lanes, say) or a
/// password longer than Argon2 accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not hash the password: {0}")]
pub struct HashError(String);

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The password matches.
    pub ok: bool,
    /// The password matched, and the stored hash is below policy (weaker parameters, another
    /// algorithm or version, short salt or output): store [`hash_password`] of it now.
    /// Always false when `ok` is false.
    pub needs_rehash: bool,
}

/// Hashes a new password at policy strength with a fresh 16-byte salt.
///
/// # Panics
/// Only if the operating system cannot supply random bytes, or for a password over 4 GiB.
pub fn hash_password(password: &str) -> String {
    hash_password_with(password, HashParams::POLICY)
        .expect("the policy parameters are valid for any password the web layer accepts")
}

/// Hashes with explicit parameters. For raising the policy later, and for tests that need a
/// hash made at old, weaker settings.
pub fn hash_password_with(password: &str, params: HashParams) -> Result<String, HashError> {
    let params = Params::new(
        params.m_cost,
        params.t_cost,
        params.p_cost,
        Some(OUTPUT_LEN),
    )
    .map_err(|e| HashError(e.to_string()))?;
    let salt = random::bytes::<SALT_LEN>();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Checks a password against a stored PHC string. A malformed or unsupported string, or a
/// password over [`MAX_PASSWORD_BYTES`], is simply "no match": the caller shows the one
/// generic sign-in failure either way, and should log a malformed stored hash separately.
///
/// The password is compared exactly as typed: no trimming, no case folding, no normalisation.
pub fn verify_password(password: &str, phc: &str) -> Verified {
    const NO: Verified = Verified {
        ok: false,
        needs_rehash: false,
    };
    if password.len() > MAX_PASSWORD_BYTES {
        return NO;
    }
    let Ok(parsed) = PasswordHash::new(phc) else {
        return NO;
    };
    // Only Argon2 variants are verified; Argon2::default() takes algorithm, version and
    // parameters from the stored string itself.
    if !parsed.algorithm.as_str().starts_with("argon2") {
        return NO;
    }
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    Verified {
        ok,
        needs_rehash: ok && below_policy(&parsed),
    }
}

/// Whether a stored PHC string is below the current policy (or unreadable). For reporting how
/// many accounts still carry old hashes; sign-in uses [`Verified::needs_rehash`].
pub fn is_below_policy(phc: &str) -> bool {
    PasswordHash::new(phc).map_or(true, |parsed| below_policy(&parsed))
}

fn below_policy(parsed: &PasswordHash) -> bool {
    if parsed.algorithm.as_str() != "argon2id" || parsed.version != Some(0x13) {
        return true;
    }
    let Ok(params) = Params::try_from(parsed) else {
        return true;
    };
    let stored = HashParams {
        m_cost: params.m_cost(),
        t_cost: params.t_cost(),
        p_cost: params.p_cost(),
    };
    let salt_len = parsed.salt.as_ref().map_or(0, |s| s.len());
    let output_len = parsed.hash.as_ref().map_or(0, |h| h.len());
    !stored.meets_policy() || salt_len < SALT_LEN || output_len < OUTPUT_LEN
}

/// Spends the same work as a real verification and always fails. Call it when the username
/// is unknown, so the time taken does not reveal which accounts exist (AUTH-08).
pub fn verify_dummy(password: &str) -> Verified {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| {
        let unguessable = crate::base32::encode(&random::bytes::<20>());
        hash_password(&unguessable)
    });
    let _ = verify_password(password, phc);
    Verified {
        ok: false,
        needs_rehash: false,
    }
}
