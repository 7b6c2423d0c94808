//! Random bytes from the operating system.

/// `N` bytes from the OS CSPRNG.
///
/// # Panics
/// If the operating system cannot supply random bytes. There is nothing safe to fall back to
/// (a predictable session id or salt would be worse than a failed request).
pub(crate) fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).expect("the operating system's random number generator failed");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes_differ_between_calls() {
        let a = super::bytes::<32>();
        let b = super::bytes::<32>();
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 32]);
    }
}
