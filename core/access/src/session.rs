//! Session timing (SESS-02, SESS-03, SESS-05): idle and absolute timeouts, the warning before
//! the idle timeout, and how recent a sign-in must be for sensitive actions.
//!
//! Sessions themselves live in the database (web integration); this is only the arithmetic,
//! with every time passed in.

use chrono::{DateTime, TimeDelta, Utc};

/// Timeouts. The defaults are the ceilings in the requirements: 30 minutes idle, 12 hours in
/// all, a warning 2 minutes before the idle timeout, sensitive actions within 15 minutes of
/// signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long has ended.
    pub idle: TimeDelta,
    /// A session this old has ended, however active.
    pub absolute: TimeDelta,
    /// Warn this long before the idle timeout (WCAG 2.2.1 wants at least 20 seconds to act).
    pub warn_before: TimeDelta,
    /// Sensitive actions need a sign-in (password, or second factor) at most this long ago.
    pub recent_auth: TimeDelta,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: TimeDelta::minutes(30),
            absolute: TimeDelta::hours(12),
            warn_before: TimeDelta::minutes(2),
            recent_auth: TimeDelta::minutes(15),
        }
    }
}

/// Where a session stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Active,
    /// Less than `warn_before` left before the idle timeout: offer "Stay signed in".
    WarnIdle {
        remaining: TimeDelta,
    },
    /// Less than `warn_before` left before the absolute timeout, which cannot be extended:
    /// tell the user to save their work (drafts are kept across signing in again).
    WarnAbsolute {
        remaining: TimeDelta,
    },
    ExpiredIdle,
    ExpiredAbsolute,
}

impl SessionState {
    /// Whether a request on this session may proceed (active or warning).
    pub fn is_live(self) -> bool {
        !matches!(
            self,
            SessionState::ExpiredIdle | SessionState::ExpiredAbsolute
        )
    }
}

/// A policy outside what the security requirements allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyProblem {
    #[error("the idle timeout must be between 1 minute and 30 minutes")]
    Idle,
    #[error("the absolute session lifetime must be between the idle timeout and 12 hours")]
    Absolute,
    #[error("the warning must come at least 20 seconds before the idle timeout, and after the session starts")]
    Warning,
    #[error("the recent sign-in window must be between 1 minute and 15 minutes")]
    RecentAuth,
}

impl SessionPolicy {
    /// Checks the policy against the requirements (idle ≤ 30 min, absolute ≤ 12 h, at least
    /// 20 s of warning, sensitive actions within 15 min). For configuration loading.
    pub fn validate(&self) -> Result<(), PolicyProblem> {
        if self.idle < TimeDelta::minutes(1) || self.idle > TimeDelta::minutes(30) {
            return Err(PolicyProblem::Idle);
        }
        if self.absolute < self.idle || self.absolute > TimeDelta::hours(12) {
            return Err(PolicyProblem::Absolute);
        }
        if self.warn_before < TimeDelta::seconds(20) || self.warn_before >= self.idle {
            return Err(PolicyProblem::Warning);
        }
        if self.recent_auth < TimeDelta::minutes(1) || self.recent_auth > TimeDelta::minutes(15) {
            return Err(PolicyProblem::RecentAuth);
        }
        Ok(())
    }

    /// The state of a session created at `created` and last used at `last_seen`, at `now`.
    ///
    /// Expiry is inclusive: at exactly `idle` after the last request the session has ended.
    /// The absolute limit wins over the idle one. Times that run backwards (a clock stepped
    /// back) count as no time passing, never as extra time.
    pub fn state(
        &self,
        created: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> SessionState {
        let age = non_negative(now - created);
        let idle_for = non_negative(now - last_seen.max(created));
        if age >= self.absolute {
            return SessionState::ExpiredAbsolute;
        }
        if idle_for >= self.idle {
            return SessionState::ExpiredIdle;
        }
        let absolute_left = self.absolute - age;
        let idle_left = self.idle - idle_for;
        if absolute_left <= self.warn_before && absolute_left <= idle_left {
            return SessionState::WarnAbsolute {
                remaining: absolute_left,
            };
        }
        if idle_left <= self.warn_before {
            return SessionState::WarnIdle {
                remaining: idle_left,
            };
        }
        SessionState::Active
    }

    /// When the session ends if nothing more happens: the earlier of the idle and absolute
    /// deadlines. For the page's countdown and the cookie's lifetime.
    pub fn expires_at(&self, created: DateTime<Utc>, last_seen: DateTime<Utc>) -> DateTime<Utc> {
        (last_seen.max(created) + self.idle).min(created + self.absolute)
    }

    /// Whether a sign-in at `authenticated_at` is recent enough at `now` for a sensitive
    /// action (bulk export, role change, second-factor reset, deleting data).
    pub fn is_recent(&self, authenticated_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        let since = now - authenticated_at;
        since >= TimeDelta::zero() && since < self.recent_auth
    }
}

fn non_negative(d: TimeDelta) -> TimeDelta {
    d.max(TimeDelta::zero())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 3, 8, 30, 0).unwrap()
    }

    fn min(m: i64) -> TimeDelta {
        TimeDelta::minutes(m)
    }

    #[test]
    fn defaults_are_the_requirement_ceilings_and_valid() {
        let p = SessionPolicy::default();
        assert_eq!(p.idle, min(30));
        assert_eq!(p.absolute, TimeDelta::hours(12));
        assert_eq!(p.warn_before, min(2));
        assert_eq!(p.recent_auth, min(15));
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn idle_timeline() {
        let p = SessionPolicy::default();
        let s = |m: i64, sec: i64| {
            p.state(
                t0(),
                t0() + min(10),
                t0() + min(10) + min(m) + TimeDelta::seconds(sec),
            )
        };
        assert_eq!(s(0, 0), SessionState::Active);
        assert_eq!(s(27, 59), SessionState::Active);
        assert_eq!(s(28, 0), SessionState::WarnIdle { remaining: min(2) });
        assert_eq!(
            s(29, 40),
            SessionState::WarnIdle {
                remaining: TimeDelta::seconds(20)
            }
        );
        assert_eq!(s(30, 0), SessionState::ExpiredIdle);
        // SESS-02: a request after 31 minutes idle must sign in again.
        assert_eq!(s(31, 0), SessionState::ExpiredIdle);
        assert!(!s(31, 0).is_live());
        assert!(s(29, 0).is_live());
    }

    #[test]
    fn absolute_timeout_ends_even_an_active_session() {
        let p = SessionPolicy::default();
        let twelve = TimeDelta::hours(12);
        // Active the whole time: last request a second ago.
        let at = |d: TimeDelta| p.state(t0(), t0() + d - TimeDelta::seconds(1), t0() + d);
        assert_eq!(at(twelve - min(3)), SessionState::Active);
        assert_eq!(
            at(twelve - min(1)),
            SessionState::WarnAbsolute { remaining: min(1) }
        );
        assert_eq!(at(twelve), SessionState::ExpiredAbsolute);
        // SESS-02: at 12 h + 1 min the user must sign in again.
        assert_eq!(at(twelve + min(1)), SessionState::ExpiredAbsolute);
    }

    #[test]
    fn absolute_wins_when_both_have_passed() {
        let p = SessionPolicy::default();
        assert_eq!(
            p.state(t0(), t0(), t0() + TimeDelta::hours(13)),
            SessionState::ExpiredAbsolute
        );
    }

    #[test]
    fn the_sooner_deadline_decides_the_warning() {
        let p = SessionPolicy::default();
        // 11 h 59 m in, last request 29 m ago: idle ends in 1 m, absolute in 1 m too.
        let now = t0() + TimeDelta::hours(12) - min(1);
        assert_eq!(
            p.state(t0(), now - min(29), now),
            SessionState::WarnAbsolute { remaining: min(1) }
        );
        // Idle ends in 30 s, absolute in 1 m: the idle warning (it can be extended).
        let last = now - min(29) - TimeDelta::seconds(30);
        assert_eq!(
            p.state(t0(), last, now),
            SessionState::WarnIdle {
                remaining: TimeDelta::seconds(30)
            }
        );
    }

    #[test]
    fn clock_running_backwards_is_no_time_passing() {
        let p = SessionPolicy::default();
        assert_eq!(p.state(t0(), t0(), t0() - min(5)), SessionState::Active);
        // last_seen before created is treated as created.
        assert_eq!(
            p.state(t0(), t0() - TimeDelta::hours(2), t0() + min(1)),
            SessionState::Active
        );
    }

    #[test]
    fn expires_at_is_the_earlier_deadline() {
        let p = SessionPolicy::default();
        assert_eq!(p.expires_at(t0(), t0() + min(5)), t0() + min(35));
        let late = t0() + TimeDelta::hours(11) + min(50);
        assert_eq!(p.expires_at(t0(), late), t0() + TimeDelta::hours(12));
    }

    #[test]
    fn recent_authentication() {
        let p = SessionPolicy::default();
        assert!(p.is_recent(t0(), t0() + min(14)));
        // SESS-05: a 20-minute-old sign-in is not recent enough to export.
        assert!(!p.is_recent(t0(), t0() + min(20)));
        assert!(!p.is_recent(t0(), t0() + min(15)));
        assert!(!p.is_recent(t0() + min(1), t0()), "from the future");
    }

    #[test]
    fn validation_refuses_policies_outside_the_requirements() {
        let ok = SessionPolicy::default();
        let bad = [
            (
                SessionPolicy {
                    idle: min(31),
                    ..ok
                },
                PolicyProblem::Idle,
            ),
            (
                SessionPolicy {
                    idle: TimeDelta::zero(),
                    ..ok
                },
                PolicyProblem::Idle,
            ),
            (
                SessionPolicy {
                    absolute: TimeDelta::hours(12) + TimeDelta::seconds(1),
                    ..ok
                },
                PolicyProblem::Absolute,
            ),
            (
                SessionPolicy {
                    absolute: min(10),
                    ..ok
                },
                PolicyProblem::Absolute,
            ),
            (
                SessionPolicy {
                    warn_before: TimeDelta::seconds(19),
                    ..ok
                },
                PolicyProblem::Warning,
            ),
            (
                SessionPolicy {
                    warn_before: min(30),
                    ..ok
                },
                PolicyProblem::Warning,
            ),
            (
                SessionPolicy {
                    recent_auth: min(16),
                    ..ok
                },
                PolicyProblem::RecentAuth,
            ),
        ];
        for (policy, problem) in bad {
            assert_eq!(policy.validate(), Err(problem), "{policy:?}");
        }
        let strict = SessionPolicy {
            idle: min(5),
            absolute: TimeDelta::hours(8),
            warn_before: min(1),
            recent_auth: min(5),
        };
        assert_eq!(strict.validate(), Ok(()));
    }
}
