//! Sign-in throttling (AUTH-04, Cyber Essentials 4.2.1): at most N failed attempts per account
//! and per source address in a rolling window, then refusal until the window has moved on.
//!
//! There is no permanent lock: a refusal always ends `window` after the failure that caused it.
//! Refused attempts are not failures (the password is not even checked), so hammering a locked
//! account does not extend the lock; someone who wants to keep an account locked has to keep
//! making real guesses, which the per-address limit and the audit trail make visible.
//!
//! The caller's sequence for one sign-in attempt:
//!
//! 1. [`Throttle::check`]: if refused, answer with the one generic failure (or 429 with
//!    `Retry-After`) *without* checking the password, and record nothing here.
//! 2. Check the password (and the second factor).
//! 3. [`Throttle::record_failure`] or [`Throttle::record_success`].
//!
//! The same type can throttle TOTP and recovery-code guesses (ASVS 6.6.3) with its own
//! instance. State lives in memory; it is per process, which is enough for one server.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

use chrono::{DateTime, TimeDelta, Utc};

/// One limit: `max_failures` within any `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max_failures: u32,
    pub window: TimeDelta,
}

impl Limit {
    /// 10 failures per 5 minutes: the Cyber Essentials ceiling.
    pub const DEFAULT: Limit = Limit {
        max_failures: 10,
        window: TimeDelta::minutes(5),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleConfig {
    pub per_account: Limit,
    /// Per source address: IPv4 exactly, IPv6 by /64 (one host usually has a whole /64).
    /// Staff behind one council NAT share an address: raise this, not the account limit, if
    /// offices trip it.
    pub per_address: Limit,
    /// Most accounts, and separately most addresses, tracked at once. When full, entries whose
    /// window has passed are dropped first, then the least recently failed.
    pub max_tracked: usize,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            per_account: Limit::DEFAULT,
            per_address: Limit::DEFAULT,
            max_tracked: 50_000,
        }
    }
}

/// Which limit refused an attempt, for the audit trail (never shown to the user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusedBy {
    Account,
    Address,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleDecision {
    Allowed,
    Refused {
        /// How long until one more attempt would be allowed.
        retry_after: TimeDelta,
        by: RefusedBy,
    },
}

impl ThrottleDecision {
    pub fn is_allowed(self) -> bool {
        self == ThrottleDecision::Allowed
    }

    /// Whole seconds for a `Retry-After` header, rounded up, at least 1 when refused.
    pub fn retry_after_secs(self) -> Option<u64> {
        match self {
            ThrottleDecision::Allowed => None,
            ThrottleDecision::Refused { retry_after, .. } => {
                let ms = retry_after.num_milliseconds().max(1) as u64;
                Some(ms.div_ceil(1000))
            }
        }
    }
}

/// Longest account key kept; longer keys are cut (at a character boundary), which can only
/// make two very long names share a counter.
const MAX_KEY_CHARS: usize = 256;

#[derive(Debug, Clone)]
pub struct Throttle {
    config: ThrottleConfig,
    accounts: Failures<String>,
    addresses: Failures<IpAddr>,
}

impl Throttle {
    pub fn new(config: ThrottleConfig) -> Throttle {
        Throttle {
            config,
            accounts: Failures::default(),
            addresses: Failures::default(),
        }
    }

    pub fn config(&self) -> &ThrottleConfig {
        &self.config
    }

    /// Whether an attempt may go ahead. Does not change any counter. `account` is what the
    /// user typed as their username: unknown accounts are throttled exactly like real ones, so
    /// the answer says nothing about which accounts exist.
    pub fn check(&self, now: DateTime<Utc>, account: &str, address: IpAddr) -> ThrottleDecision {
        let by_account =
            self.accounts
                .retry_after(&account_key(account), now, self.config.per_account);
        let by_address =
            self.addresses
                .retry_after(&address_key(address), now, self.config.per_address);
        match (by_account, by_address) {
            (None, None) => ThrottleDecision::Allowed,
            (Some(a), None) => ThrottleDecision::Refused {
                retry_after: a,
                by: RefusedBy::Account,
            },
            (None, Some(b)) => ThrottleDecision::Refused {
                retry_after: b,
                by: RefusedBy::Address,
            },
            (Some(a), Some(b)) => ThrottleDecision::Refused {
                retry_after: a.max(b),
                by: if a >= b {
                    RefusedBy::Account
                } else {
                    RefusedBy::Address
                },
            },
        }
    }

    /// A checked attempt failed (wrong password, unknown account, wrong second factor).
    pub fn record_failure(&mut self, now: DateTime<Utc>, account: &str, address: IpAddr) {
        let max = self.config.max_tracked;
        self.accounts
            .record(account_key(account), now, self.config.per_account, max);
        self.addresses
            .record(address_key(address), now, self.config.per_address, max);
    }

    /// A checked attempt succeeded: the account's failures are forgotten. The address's are
    /// kept, so signing in to one's own account between guesses at others does not reset the
    /// per-address limit.
    pub fn record_success(&mut self, _now: DateTime<Utc>, account: &str, _address: IpAddr) {
        self.accounts.forget(&account_key(account));
    }

    /// Drops every entry whose window has passed. `record_failure` does this itself when the
    /// table is full; call it from a periodic job to return memory sooner.
    pub fn prune(&mut self, now: DateTime<Utc>) {
        self.accounts.prune(now, self.config.per_account.window);
        self.addresses.prune(now, self.config.per_address.window);
    }

    /// Accounts and addresses currently tracked.
    pub fn tracked(&self) -> (usize, usize) {
        (self.accounts.map.len(), self.addresses.map.len())
    }
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle::new(ThrottleConfig::default())
    }
}

/// Account names are matched case-insensitively, spaces around them ignored, so "Alice" and
/// "alice " share one counter.
fn account_key(account: &str) -> String {
    account
        .trim()
        .chars()
        .take(MAX_KEY_CHARS)
        .flat_map(char::to_lowercase)
        .collect()
}

/// IPv4 as is (also when mapped into IPv6); IPv6 by its /64 network.
fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Recent failure times per key. Each key keeps at most `max_failures` times (newest last):
/// that is all the limit needs, so one key cannot grow without bound either.
#[derive(Debug, Clone)]
struct Failures<K> {
    map: HashMap<K, VecDeque<DateTime<Utc>>>,
}

impl<K> Default for Failures<K> {
    fn default() -> Self {
        Failures {
            map: HashMap::new(),
        }
    }
}

impl<K: std::hash::Hash + Eq + Clone> Failures<K> {
    fn retry_after(&self, key: &K, now: DateTime<Utc>, limit: Limit) -> Option<TimeDelta> {
        if limit.max_failures == 0 {
            // A limit of zero would lock everyone out for ever; treat it as "no attempts
            // counted" rather than a permanent lock. Config validation should refuse it.
            return None;
        }
        let times = self.map.get(key)?;
        let recent = times.iter().filter(|&&t| within(t, now, limit.window));
        if recent.count() < limit.max_failures as usize {
            return None;
        }
        // With `max` failures in the window, one more is allowed when the oldest of the last
        // `max` falls out of it.
        let oldest_counted = times[times.len() - limit.max_failures as usize];
        let until = oldest_counted + limit.window - now;
        Some(until.max(TimeDelta::milliseconds(1)))
    }

    fn record(&mut self, key: K, now: DateTime<Utc>, limit: Limit, max_tracked: usize) {
        if !self.map.contains_key(&key) && self.map.len() >= max_tracked.max(1) {
            self.prune(now, limit.window);
            if self.map.len() >= max_tracked.max(1) {
                self.evict_least_recent();
            }
        }
        let times = self.map.entry(key).or_default();
        // Times after `now` can only come from a clock that has since stepped back; drop them
        // so the list stays in order and new failures count at once.
        while times.back().is_some_and(|&last| last > now) {
            times.pop_back();
        }
        times.push_back(now);
        while times.len() > limit.max_failures.max(1) as usize {
            times.pop_front();
        }
    }

    fn forget(&mut self, key: &K) {
        self.map.remove(key);
    }

    fn prune(&mut self, now: DateTime<Utc>, window: TimeDelta) {
        self.map
            .retain(|_, times| times.back().is_some_and(|&t| within(t, now, window)));
    }

    fn evict_least_recent(&mut self) {
        let oldest = self
            .map
            .iter()
            .min_by_key(|(_, times)| times.back().copied())
            .map(|(k, _)| k.clone());
        if let Some(k) = oldest {
            self.map.remove(&k);
        }
    }
}

/// Whether a failure at `t` still counts at `now`: within the last `window`. A failure "in the
/// future" (recorded before the clock stepped back) does not count, so a clock correction can
/// never lock anyone out for longer than `window`.
fn within(t: DateTime<Utc>, now: DateTime<Utc>, window: TimeDelta) -> bool {
    let age = now - t;
    age >= TimeDelta::zero() && age < window
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap()
    }

    fn secs(s: i64) -> TimeDelta {
        TimeDelta::seconds(s)
    }

    const HOME: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10));
    const OTHER: IpAddr = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 7));

    /// A sign-in attempt as the web layer will make it: check, then verify, then record.
    /// Returns whether the user got in.
    fn attempt(
        th: &mut Throttle,
        now: DateTime<Utc>,
        user: &str,
        ip: IpAddr,
        right_password: bool,
    ) -> bool {
        if !th.check(now, user, ip).is_allowed() {
            return false;
        }
        if right_password {
            th.record_success(now, user, ip);
            true
        } else {
            th.record_failure(now, user, ip);
            false
        }
    }

    #[test]
    fn eleventh_attempt_in_five_minutes_is_refused_even_with_the_right_password() {
        let mut th = Throttle::default();
        // Ten wrong passwords, one every 20 seconds: 3 minutes in all.
        for i in 0..10 {
            assert!(th.check(t0() + secs(20 * i), "alice", HOME).is_allowed());
            assert!(!attempt(&mut th, t0() + secs(20 * i), "alice", HOME, false));
        }
        let now = t0() + secs(200);
        let d = th.check(now, "alice", HOME);
        assert_eq!(
            d,
            ThrottleDecision::Refused {
                // The first failure (t0) leaves the window at t0 + 5 min.
                retry_after: secs(100),
                by: RefusedBy::Account
            }
        );
        assert_eq!(d.retry_after_secs(), Some(100));
        assert!(!attempt(&mut th, now, "alice", HOME, true));
        // Also from another address: the account limit is per account.
        assert!(!attempt(&mut th, now, "alice", OTHER, true));
    }

    #[test]
    fn after_the_window_the_right_password_works() {
        let mut th = Throttle::default();
        for _ in 0..10 {
            attempt(&mut th, t0(), "alice", HOME, false);
        }
        assert!(!attempt(&mut th, t0() + secs(299), "alice", HOME, true));
        assert!(attempt(&mut th, t0() + secs(300), "alice", HOME, true));
        // Success forgets the account's failures.
        assert!(th.check(t0() + secs(301), "alice", HOME).is_allowed());
    }

    #[test]
    fn the_window_rolls() {
        let mut th = Throttle::default();
        // 9 failures at t0, 1 at t0 + 4 min: refused until the t0 ones pass.
        for _ in 0..9 {
            th.record_failure(t0(), "bob", HOME);
        }
        th.record_failure(t0() + secs(240), "bob", HOME);
        assert!(!th.check(t0() + secs(241), "bob", HOME).is_allowed());
        let at_5 = t0() + secs(300);
        assert!(th.check(at_5, "bob", HOME).is_allowed());
        // One new failure fills the window again (the t0+4 min one still counts).
        th.record_failure(at_5, "bob", HOME);
        assert!(th.check(at_5, "bob", HOME).is_allowed(), "2 in window");
    }

    #[test]
    fn refused_attempts_do_not_extend_the_lock() {
        let mut th = Throttle::default();
        for _ in 0..10 {
            attempt(&mut th, t0(), "carol", HOME, false);
        }
        // An attacker keeps hammering every second; none of it is checked or recorded.
        for s in 1..300 {
            assert!(!attempt(&mut th, t0() + secs(s), "carol", HOME, false));
        }
        assert!(attempt(&mut th, t0() + secs(300), "carol", HOME, true));
    }

    #[test]
    fn per_address_limit_across_accounts() {
        let mut th = Throttle::default();
        // One address guesses at ten different accounts, once each.
        for i in 0..10 {
            attempt(&mut th, t0() + secs(i), &format!("user{i}"), HOME, false);
        }
        let now = t0() + secs(30);
        assert_eq!(
            th.check(now, "user99", HOME),
            ThrottleDecision::Refused {
                retry_after: secs(270),
                by: RefusedBy::Address
            }
        );
        // Even a right password for an account with no failures is refused from there.
        assert!(!attempt(&mut th, now, "dave", HOME, true));
        // The same accounts from another address are fine.
        assert!(th.check(now, "user1", OTHER).is_allowed());
        assert!(th.check(t0() + secs(300), "user99", HOME).is_allowed());
    }

    #[test]
    fn success_does_not_reset_the_address() {
        let mut th = Throttle::default();
        for i in 0..9 {
            attempt(&mut th, t0(), &format!("victim{i}"), HOME, false);
        }
        // The attacker signs in to their own account in between...
        assert!(attempt(&mut th, t0(), "attacker", HOME, true));
        attempt(&mut th, t0(), "victim9", HOME, false);
        // ...but the address is still at ten failures.
        assert!(!th.check(t0() + secs(1), "victim10", HOME).is_allowed());
    }

    #[test]
    fn limits_are_separately_configurable() {
        let mut th = Throttle::new(ThrottleConfig {
            per_account: Limit {
                max_failures: 3,
                window: TimeDelta::minutes(1),
            },
            per_address: Limit {
                max_failures: 100,
                window: TimeDelta::minutes(15),
            },
            max_tracked: 1000,
        });
        for _ in 0..3 {
            th.record_failure(t0(), "erin", HOME);
        }
        assert_eq!(
            th.check(t0(), "erin", HOME),
            ThrottleDecision::Refused {
                retry_after: secs(60),
                by: RefusedBy::Account
            }
        );
        assert!(th.check(t0() + secs(60), "erin", HOME).is_allowed());
        // 97 more failures on other accounts: the address reaches 100 and waits 15 minutes.
        for i in 0..97 {
            th.record_failure(t0() + secs(61), &format!("x{i}"), HOME);
        }
        let d = th.check(t0() + secs(62), "someone", HOME);
        assert_eq!(
            d,
            ThrottleDecision::Refused {
                retry_after: secs(900 - 62),
                by: RefusedBy::Address
            }
        );
    }

    #[test]
    fn account_names_are_case_insensitive() {
        let mut th = Throttle::default();
        for i in 0..10 {
            let name = if i % 2 == 0 { "Alice" } else { " alice " };
            th.record_failure(t0(), name, if i % 2 == 0 { HOME } else { OTHER });
        }
        assert!(!th.check(t0(), "ALICE", HOME).is_allowed());
    }

    #[test]
    fn ipv6_is_limited_per_64() {
        let mut th = Throttle::default();
        for i in 0..10u16 {
            let ip = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 2, i, i, i, i));
            th.record_failure(t0(), &format!("u{i}"), ip);
        }
        let same_64 = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 9, 9, 9, 0xffff));
        let other_64 = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 3, 0, 0, 0, 1));
        assert!(!th.check(t0(), "new", same_64).is_allowed());
        assert!(th.check(t0(), "new", other_64).is_allowed());
        // IPv4-mapped IPv6 is the IPv4 address.
        for i in 0..10 {
            th.record_failure(t0(), &format!("v{i}"), HOME);
        }
        let mapped = IpAddr::V6(Ipv4Addr::new(192, 0, 2, 10).to_ipv6_mapped());
        assert!(!th.check(t0(), "new", mapped).is_allowed());
    }

    #[test]
    fn memory_is_bounded() {
        let mut th = Throttle::new(ThrottleConfig {
            max_tracked: 100,
            ..ThrottleConfig::default()
        });
        // A flood of distinct accounts from distinct addresses.
        for i in 0..1000u32 {
            let ip = IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i));
            th.record_failure(t0() + secs(i as i64 / 10), &format!("acct{i}"), ip);
        }
        let (accounts, addresses) = th.tracked();
        assert!(
            accounts <= 100 && addresses <= 100,
            "{accounts} {addresses}"
        );
        // One key never holds more than the limit's worth of times.
        for _ in 0..1000 {
            th.record_failure(t0() + secs(100), "same", HOME);
        }
        assert!(th.accounts.map[&account_key("same")].len() <= 10);
        // Pruning after the window empties the table.
        th.prune(t0() + secs(100) + TimeDelta::minutes(5));
        assert_eq!(th.tracked(), (0, 0));
    }

    #[test]
    fn full_table_drops_expired_entries_first() {
        let mut th = Throttle::new(ThrottleConfig {
            max_tracked: 2,
            ..ThrottleConfig::default()
        });
        for _ in 0..10 {
            th.record_failure(t0() + secs(200), "target", HOME);
        }
        th.record_failure(t0(), "old", OTHER);
        // Table full; "old" has expired by t0 + 6 min, "target" (at t0 + 200 s) has not.
        let later = t0() + secs(360);
        th.record_failure(later, "new", OTHER);
        assert!(!th.check(later, "target", OTHER).is_allowed());
        assert_eq!(th.tracked().0, 2);
    }

    #[test]
    fn long_keys_are_cut() {
        let mut th = Throttle::default();
        let long = "a".repeat(10_000);
        for _ in 0..10 {
            th.record_failure(t0(), &long, HOME);
        }
        assert!(th
            .accounts
            .map
            .keys()
            .all(|k| k.chars().count() <= MAX_KEY_CHARS));
        assert!(!th.check(t0(), &long, OTHER).is_allowed());
    }

    #[test]
    fn a_clock_step_back_cannot_lock_for_longer_than_the_window() {
        let mut th = Throttle::default();
        // Failures recorded with a clock an hour fast, then the clock is corrected.
        let fast = t0() + TimeDelta::hours(1);
        for _ in 0..10 {
            th.record_failure(fast, "frank", HOME);
        }
        assert!(th.check(t0(), "frank", HOME).is_allowed());
        // New failures after the correction count as usual.
        for _ in 0..10 {
            th.record_failure(t0(), "frank", HOME);
        }
        assert!(!th.check(t0() + secs(1), "frank", HOME).is_allowed());
        assert!(th.check(t0() + secs(300), "frank", HOME).is_allowed());
    }

    #[test]
    fn retry_after_rounds_up() {
        let d = ThrottleDecision::Refused {
            retry_after: TimeDelta::milliseconds(1500),
            by: RefusedBy::Account,
        };
        assert_eq!(d.retry_after_secs(), Some(2));
        let d = ThrottleDecision::Refused {
            retry_after: TimeDelta::milliseconds(1),
            by: RefusedBy::Account,
        };
        assert_eq!(d.retry_after_secs(), Some(1));
        assert_eq!(ThrottleDecision::Allowed.retry_after_secs(), None);
    }
}
