//! Credentials for local accounts: the parts that need cryptography.
//!
//! * [`password`]: Argon2id PHC strings at m=19456 KiB, t=2, p=1 or stronger; verification
//!   that also says when a stored hash is below policy and should be replaced.
//! * [`totp`]: RFC 6238 time-based one-time passwords (the authenticator-app second factor),
//!   with replay protection by step.
//! * [`recovery`]: ten single-use recovery codes, stored only as hashes.
//! * [`token`]: session ids and API tokens, 256 bits from the OS, stored only as SHA-256.
//!
//! Every secret comes from the operating system's CSPRNG (`getrandom`); every comparison of a
//! secret is constant-time (`subtle`). Generating functions panic only if the operating
//! system cannot supply random bytes, where no safe answer exists.
//!
//! Policy (who may sign in, password rules, throttling, session timing) is in `assure-access`;
//! this crate only does the cryptography. Nothing here touches a database, a clock or a socket.

#![forbid(unsafe_code)]

pub mod base32;
pub mod password;
mod random;
pub mod recovery;
pub mod token;
pub mod totp;

pub use password::{
    hash_password, hash_password_with, is_below_policy, verify_dummy, verify_password, HashError,
    HashParams, Verified,
};
pub use recovery::{generate_recovery_codes, recovery_code_hash, use_recovery_code, RecoveryCodes};
pub use token::{new_api_token, new_session_id, token_hash, verify_token, NewApiToken};
pub use totp::{Totp, TotpAlgorithm, TotpError, TotpSecret};
