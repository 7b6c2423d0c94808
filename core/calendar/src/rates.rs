//! Percentages, rates per 10,000, confidence intervals and small-number
//! rules, computed the way DfE publishes them.
//!
//! Why integer rounding: DfE shows percentages and rates to one decimal
//! place, rounding halves up. Doing `(100.0 * n / d * 10.0).round() / 10.0`
//! in floating point mis-rounds some exact halves (e.g. a true 0.05 that is
//! stored as 0.04999…), so ours do the division and the half-up rounding in
//! exact integer arithmetic and only convert the final tenths to `f64`.

/// Denominators below this are "small numbers" (see [`is_small_number`]).
pub const SMALL_NUMBER_THRESHOLD: u64 = 30;

/// z for a two-sided 95% interval, as conventionally rounded.
pub const Z_95: f64 = 1.96;

/// `round_half_up(scale * num / den)` in exact integer arithmetic, as tenths.
fn tenths_half_up(num: u64, den: u64, scale_tenths: u128) -> Option<f64> {
    if den == 0 {
        return None;
    }
    let n = u128::from(num) * scale_tenths;
    let d = u128::from(den);
    // floor(n/d + 1/2) = floor((2n + d) / 2d)
    let tenths = (2 * n + d) / (2 * d);
    Some(tenths as f64 / 10.0)
}

/// `100 × num / den`, rounded half-up to one decimal place; `None` when
/// `den` is 0. A numerator above the denominator gives more than 100 (not
/// an error: some ratios legitimately exceed 100%).
///
/// `percentage(1, 2000)` is `Some(0.1)` (0.05 rounds up), `percentage(2, 3)`
/// is `Some(66.7)`.
pub fn percentage(num: u64, den: u64) -> Option<f64> {
    tenths_half_up(num, den, 1_000)
}

/// `count ÷ population × 10,000`, rounded half-up to one decimal place;
/// `None` when `population` is 0.
///
/// data-standards §3.2: population is the ONS mid-year estimate of children
/// aged 0–17. `rate_per_10k(621_880, 11_998_646)` is `Some(518.3)`.
pub fn rate_per_10k(count: u64, population: u64) -> Option<f64> {
    tenths_half_up(count, population, 100_000)
}

/// Wilson score interval for the proportion `num / den`, in percent,
/// clamped to `[0, 100]` and **not rounded** (round for display only).
///
/// `None` when `den` is 0, `num > den`, or `z` is negative or not finite.
/// Use [`Z_95`] (1.96) for the usual 95% interval, or [`wilson_95`].
/// Why Wilson: unlike the normal approximation it stays inside 0–100% and
/// behaves for the small denominators councils often have.
pub fn wilson_interval(num: u64, den: u64, z: f64) -> Option<(f64, f64)> {
    if den == 0 || num > den || !z.is_finite() || z < 0.0 {
        return None;
    }
    let n = den as f64;
    let p = num as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    let lower = ((centre - half) * 100.0).clamp(0.0, 100.0);
    let upper = ((centre + half) * 100.0).clamp(0.0, 100.0);
    Some((lower, upper))
}

/// 95% Wilson interval: `wilson_interval(num, den, 1.96)`.
pub fn wilson_95(num: u64, den: u64) -> Option<(f64, f64)> {
    wilson_interval(num, den, Z_95)
}

/// Whether a denominator is too small for a percentage to be read on its
/// own (fewer than 30). Show the count and the interval instead of ranking.
pub fn is_small_number(den: u64) -> bool {
    den < SMALL_NUMBER_THRESHOLD
}

/// DfE small-number suppression of a published count: `None` (shown as
/// `c`) for 1 to 5, the count otherwise. Zero is not suppressed.
pub fn suppress(count: u64) -> Option<u64> {
    if (1..=5).contains(&count) {
        None
    } else {
        Some(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn percentage_rounds_half_up_exactly() {
        assert_eq!(percentage(1, 2000), Some(0.1)); // 0.05 → 0.1
        assert_eq!(percentage(1, 2001), Some(0.0)); // 0.04998 → 0.0
        assert_eq!(percentage(1, 8), Some(12.5));
        assert_eq!(percentage(1, 3), Some(33.3));
        assert_eq!(percentage(2, 3), Some(66.7));
        assert_eq!(percentage(1, 16), Some(6.3)); // 6.25 → 6.3
        assert_eq!(percentage(3, 16), Some(18.8)); // 18.75 → 18.8
        assert_eq!(percentage(0, 7), Some(0.0));
        assert_eq!(percentage(7, 7), Some(100.0));
        assert_eq!(percentage(406, 711), Some(57.1));
        assert_eq!(percentage(3, 2), Some(150.0));
        assert_eq!(percentage(5, 0), None);
        assert_eq!(percentage(0, 0), None);
        assert_eq!(percentage(u64::MAX, u64::MAX), Some(100.0));
    }

    #[test]
    fn rate_per_10k_matches_dfe() {
        // data-standards §3.2: referrals 2024 release.
        assert_eq!(rate_per_10k(621_880, 11_998_646), Some(518.3));
        assert_eq!(rate_per_10k(1, 20_000), Some(0.5));
        assert_eq!(rate_per_10k(1, 200_000), Some(0.1)); // 0.05 → 0.1
        assert_eq!(rate_per_10k(0, 100), Some(0.0));
        assert_eq!(rate_per_10k(10, 0), None);
    }

    #[test]
    fn wilson_known_values() {
        let (l, u) = wilson_95(0, 10).unwrap();
        assert_eq!(l, 0.0);
        assert!(close(u, 27.754, 0.001), "{u}");
        let (l, u) = wilson_95(5, 10).unwrap();
        assert!(
            close(l, 23.659, 0.001) && close(u, 76.341, 0.001),
            "{l} {u}"
        );
        // 406/711: p = 0.571027, z² = 3.8416, 1 + z²/n = 1.005403;
        // centre = (0.571027 + 0.0027015) / 1.005403 = 0.570646;
        // half = 1.96 × √(0.00034451 + 0.0000019) / 1.005403 = 0.036284;
        // → 53.44 % to 60.69 %.
        let (l, u) = wilson_95(406, 711).unwrap();
        assert!(
            close(l, 53.436, 0.001) && close(u, 60.693, 0.001),
            "{l} {u}"
        );
        let (l, u) = wilson_95(10, 10).unwrap();
        assert!(close(l, 72.246, 0.001), "{l}");
        assert_eq!(u, 100.0);
    }

    #[test]
    fn wilson_rejects_bad_input() {
        assert_eq!(wilson_95(0, 0), None);
        assert_eq!(wilson_95(11, 10), None);
        assert_eq!(wilson_interval(1, 10, f64::NAN), None);
        assert_eq!(wilson_interval(1, 10, -1.0), None);
        let (l, u) = wilson_interval(1, 4, 0.0).unwrap();
        assert!(close(l, 25.0, 1e-9) && close(u, 25.0, 1e-9));
    }

    #[test]
    fn small_numbers_and_suppression() {
        assert!(is_small_number(0));
        assert!(is_small_number(29));
        assert!(!is_small_number(30));
        assert_eq!(suppress(0), Some(0));
        for c in 1..=5 {
            assert_eq!(suppress(c), None);
        }
        assert_eq!(suppress(6), Some(6));
    }
}
