//! Who may do what in Assure, and the timing rules around signing in.
//!
//! Nothing in this crate touches a file, a socket, a clock or a database: callers pass "now"
//! in, so every rule is testable with fixed times. The adapters (`assure-auth` for hashing and
//! TOTP, the web crate for routes and sessions) build on these pieces.
//!
//! * [`Role`], [`Permission`], [`Grant`] and [`allows`]: role-based access with an object-level
//!   check for action leads. Deny by default. The table lives in code ([`Role::grant`]) and is
//!   published as `permissions.toml` ([`MATRIX_TOML`]); a test proves the two agree cell by cell.
//! * [`PasswordPolicy`]: length rules, a common-password block list and context words.
//! * [`Throttle`]: at most N failed sign-ins per account and per address in a rolling window.
//! * [`SessionPolicy`]: idle and absolute timeouts, with a warning before the idle timeout.

#![forbid(unsafe_code)]

pub mod access;
pub mod matrix;
pub mod password;
pub mod role;
pub mod session;
pub mod throttle;

pub use access::{allows, may_hold, Decision, DenyReason, Resource, Subject};
pub use matrix::{Matrix, MatrixError, MATRIX_TOML};
pub use password::{common_passwords, is_common_password, PasswordPolicy, PasswordProblem};
pub use role::{Grant, Permission, PermissionKind, Role, UnknownName};
pub use session::{PolicyProblem, SessionPolicy, SessionState};
pub use throttle::{Limit, RefusedBy, Throttle, ThrottleConfig, ThrottleDecision};
