//! Timing: the whole catalogue over 1,000,000 synthetic children.
//!
//! `cargo run --release --example speed [children]`
//!
//! Children are generated in memory by a small deterministic generator (xorshift), with
//! roughly the mix of a large authority's extract: contacts, early help, 1–3 referrals each,
//! assessments, some S47s and ICPCs, CP plans with reviews, CIN plans, over 2021–2025.

use std::hint::black_box;
use std::time::Instant;

use assure_calendar::Period;
use assure_casedata::{
    Assessment, Child, ChildId, CinPlan, Contact, CpPlan, EarlyHelpEpisode, Episode, NaiveDate, S47,
};
use assure_indicators::{compute_all, compute_rolling_series, compute_series, drill_down, Options};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn build(n: usize) -> Vec<Child> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let base = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
    // Pre-computed day table: base + i days, for i in 0..2000.
    let days: Vec<NaiveDate> = base.iter_days().take(2000).collect();
    let d = |i: u64| days[(i as usize).min(days.len() - 1)];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut c = Child::new(ChildId::parse(&format!("C{i}")).unwrap());
        for _ in 0..rng.below(4) {
            c.contacts.push(Contact {
                date: Some(d(rng.below(1600))),
                ..Contact::default()
            });
        }
        if rng.chance(30) {
            let s = rng.below(1500);
            c.early_help.push(EarlyHelpEpisode {
                start: Some(d(s)),
                end: rng.chance(70).then(|| d(s + 20 + rng.below(200))),
                ..EarlyHelpEpisode::default()
            });
        }
        let episodes = 1 + rng.below(3);
        let mut t = rng.below(900);
        for _ in 0..episodes {
            let r = t;
            let nfa = rng.chance(7);
            let closed = rng.chance(75);
            let mut ep = Episode {
                referral_date: Some(d(r)),
                referral_nfa: Some(nfa),
                closure_date: closed.then(|| d(r + rng.below(300))),
                ..Episode::default()
            };
            if !nfa {
                let a = r + rng.below(5);
                ep.assessments.push(Assessment {
                    start: Some(d(a)),
                    authorised: rng.chance(90).then(|| d(a + rng.below(90))),
                    child_seen: if rng.chance(80) {
                        Some(rng.chance(95))
                    } else {
                        None
                    },
                    ..Assessment::default()
                });
                if rng.chance(20) {
                    let s = r + rng.below(20);
                    let icpc = rng.chance(40);
                    let icpc_day = s + 5 + rng.below(25);
                    ep.s47s.push(S47 {
                        start: Some(d(s)),
                        icpc_date: icpc.then(|| d(icpc_day)),
                        icpc_not_required: Some(!icpc && rng.chance(80)),
                        ..S47::default()
                    });
                    if icpc && rng.chance(85) {
                        let len = 60 + rng.below(900);
                        let reviews = (0..rng.below(5))
                            .map(|k| d(icpc_day + 80 + k * 170 + rng.below(30)))
                            .collect();
                        ep.cp_plans.push(CpPlan {
                            start: Some(d(icpc_day)),
                            end: rng.chance(60).then(|| d(icpc_day + len)),
                            previous_plans: Some(rng.below(3) as u32),
                            review_dates: reviews,
                            ..CpPlan::default()
                        });
                    }
                }
                if rng.chance(5) {
                    ep.episode_icpc_date = Some(d(r + 10));
                }
                if rng.chance(30) {
                    let s = r + 20 + rng.below(40);
                    ep.cin_plans.push(CinPlan {
                        start: Some(d(s)),
                        end: rng.chance(60).then(|| d(s + rng.below(400))),
                        ..CinPlan::default()
                    });
                }
            }
            c.episodes.push(ep);
            t += 100 + rng.below(400);
        }
        out.push(c);
    }
    out
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let t = Instant::now();
    let children = build(n);
    println!("built {n} children in {:.2?}", t.elapsed());

    let year = Period::census_year(2024).unwrap();
    let options = Options {
        population: Some(12_183_016),
        extra_assessment_limits: vec![10, 35],
        ..Options::default()
    };

    // Baseline: walking every child and counting its events (no dates read).
    let t = Instant::now();
    let counts = black_box(assure_casedata::EventCounts::from_children(&children));
    println!(
        "baseline EventCounts walk: {:.0} ms ({} referrals, {} assessments)",
        t.elapsed().as_secs_f64() * 1e3,
        counts.referrals,
        counts.assessments
    );

    // Warm-up (bank-holiday table, page faults), then best of 3.
    black_box(compute_all(&children, year, &options));
    let mut best = f64::MAX;
    let mut values = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        values = black_box(compute_all(&children, year, &options));
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "compute_all (census year 2024, {} indicators): {:.0} ms",
        values.len(),
        best * 1e3
    );

    let t = Instant::now();
    let series = black_box(compute_series(&children, year, &options));
    println!(
        "compute_series (12 calendar months): {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let rolling = black_box(compute_rolling_series(&children, year, &options));
    println!(
        "compute_rolling_series (12 rolling windows): {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let rows = black_box(drill_down(&children, year, "assessments_within_45wd_pct").unwrap());
    println!(
        "drill_down assessments_within_45wd_pct: {} rows in {:.0} ms",
        rows.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(series.len(), 12);
    assert_eq!(rolling.len(), 12);
    for v in &values {
        println!(
            "  {:<42} {:>9} / {:>9} = {:?}",
            v.id,
            v.numerator,
            v.denominator.map_or("-".into(), |d| d.to_string()),
            v.value
        );
    }
}
