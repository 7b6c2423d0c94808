//! The pure simulation: a deterministic stream of children walking the pathway.
//!
//! No I/O. Children are produced one at a time ([`generate`] returns an iterator), so
//! memory stays flat however many are asked for. The same [`GeneratorConfig`] always
//! yields the same children, on any platform.
//!
//! Every child is recorded **as at the census reference date** (31 March of
//! [`GeneratorConfig::year`]): events after it have not happened yet, and whatever is under
//! way then is open (no closure / end / authorisation date; an S47 awaiting its conference
//! is pending). Histories reach back up to five years before the census year, so cases
//! open at its start, re-referrals and repeat plans look as they would in a live system.

mod child;
mod dates;
mod episode;
mod truth;

use std::fmt;
use std::ops::RangeInclusive;

use assure_calendar::Period;
use assure_casedata::{Child, NaiveDate};

use crate::codes::{Unit, TEAMS};
use crate::inject::{InjectedError, Injector};
use crate::profile::{Params, Profile};
use crate::rng::{Quota, Rng};

/// Census years the generator supports: the five years of history and the working-day
/// arithmetic must stay inside the bank-holiday table (2000–2030).
pub const SUPPORTED_YEARS: RangeInclusive<i32> = 2007..=2030;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratorConfig {
    /// How many children to generate (each one has at least one event in the census
    /// year: a contact, an early help episode, or a referral / open episode).
    pub children: u64,
    /// Census year: the year ending 31 March `year` (default 2025).
    pub year: i32,
    /// Seed: the same seed gives the same children, byte for byte.
    pub seed: u64,
    /// Which council the data imitates.
    pub profile: Profile,
    /// Plant a documented set of rule violations in about 1% of children (see
    /// [`InjectedError`]).
    pub inject_errors: bool,
}

impl Default for GeneratorConfig {
    fn default() -> Self {
        GeneratorConfig {
            children: Profile::England.default_children(),
            year: 2025,
            seed: 1,
            profile: Profile::England,
            inject_errors: false,
        }
    }
}

impl GeneratorConfig {
    /// The profile's defaults: its number of children and census year, seed 1, no errors.
    pub fn for_profile(profile: Profile) -> Self {
        GeneratorConfig {
            children: profile.default_children(),
            year: profile.default_year(),
            seed: 1,
            profile,
            inject_errors: false,
        }
    }

    /// Check the configuration.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !SUPPORTED_YEARS.contains(&self.year) {
            return Err(ConfigError::YearOutOfRange { year: self.year });
        }
        Ok(())
    }

    /// The census year as a period (1 April `year − 1` to 31 March `year`).
    pub fn census_period(&self) -> Period {
        Period::census_year(self.year).expect("supported years are representable")
    }

    /// The census reference date, which is also the extract date of every child.
    pub fn reference_date(&self) -> NaiveDate {
        self.census_period().end()
    }
}

/// A configuration the generator cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The census year is outside [`SUPPORTED_YEARS`].
    YearOutOfRange {
        /// The year asked for.
        year: i32,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::YearOutOfRange { year } => write!(
                f,
                "census year {year} is not supported (supported: {} to {})",
                SUPPORTED_YEARS.start(),
                SUPPORTED_YEARS.end()
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Fixed inputs of one run.
pub(crate) struct Ctx {
    pub profile: Profile,
    pub params: &'static Params,
    pub seed: u64,
    pub year: i32,
    pub period: Period,
    pub workers_per_team: u32,
}

/// Funnel decisions kept on target for in-year events (see [`Quota`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Quotas {
    pub nfa: Quota,
    pub s47: Quota,
    pub icpc: Quota,
    pub cpp: Quota,
    pub transfer_in: Quota,
}

/// The state while one child is simulated.
pub(crate) struct Sim<'a> {
    pub ctx: &'a Ctx,
    pub rng: Rng,
    pub quotas: &'a mut Quotas,
    pub timeline: truth::Timeline,
    /// CP plans the child has had so far (including before the simulated history).
    pub cpp_count: u32,
    /// Expected date of birth, for a child referred before birth.
    pub expected_birth: Option<NaiveDate>,
}

impl Sim<'_> {
    /// A team of the given unit and one of its workers (a staff ID, never a name).
    pub(crate) fn staff(&mut self, unit: Unit) -> (String, String) {
        let teams = unit.teams();
        let team = self.rng.range(teams.start as i64, teams.end as i64 - 1) as usize;
        let k = self.rng.range(0, i64::from(self.ctx.workers_per_team) - 1) as u32;
        let number = team as u32 * self.ctx.workers_per_team + k + 1;
        (TEAMS[team].to_owned(), format!("W{number:04}"))
    }
}

/// The stream of generated children (see [`generate`]).
pub struct Generator {
    ctx: Ctx,
    quotas: Quotas,
    next: u64,
    total: u64,
    injector: Option<Injector>,
}

impl Generator {
    fn new(config: &GeneratorConfig) -> Generator {
        let ctx = Ctx {
            profile: config.profile,
            params: config.profile.params(),
            seed: config.seed,
            year: config.year,
            period: config.census_period(),
            workers_per_team: (config.children / 400).clamp(4, 2000) as u32,
        };
        Generator {
            injector: config.inject_errors.then(|| Injector::new(ctx.period)),
            ctx,
            quotas: Quotas::default(),
            next: 0,
            total: config.children,
        }
    }

    /// The errors planted so far (child ID and error), in generation order. Empty unless
    /// [`GeneratorConfig::inject_errors`] is set. Grows by about one entry per hundred
    /// children.
    pub fn injected(&self) -> &[(String, InjectedError)] {
        self.injector.as_ref().map_or(&[], |i| i.log())
    }
}

impl Iterator for Generator {
    type Item = Child;

    fn next(&mut self) -> Option<Child> {
        if self.next >= self.total {
            return None;
        }
        let index = self.next;
        self.next += 1;
        let mut child = child::generate_child(&self.ctx, &mut self.quotas, index);
        if let Some(injector) = &mut self.injector {
            injector.visit(&mut child, index);
        }
        Some(child)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.total - self.next) as usize;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Generator {}
impl std::iter::FusedIterator for Generator {}

/// Generate children one at a time.
///
/// # Panics
/// If the configuration is invalid (see [`GeneratorConfig::validate`]); use
/// [`try_generate`] to get the error instead.
pub fn generate(config: &GeneratorConfig) -> Generator {
    try_generate(config).unwrap_or_else(|e| panic!("{e}"))
}

/// Generate children one at a time, or say why the configuration cannot be used.
pub fn try_generate(config: &GeneratorConfig) -> Result<Generator, ConfigError> {
    config.validate()?;
    Ok(Generator::new(config))
}
