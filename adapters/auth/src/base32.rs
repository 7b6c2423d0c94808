//! RFC 4648 base32 (the upper-case alphabet authenticator apps expect for TOTP secrets).

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Encodes without `=` padding, as `otpauth://` URIs carry secrets.
pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    let mut buffer: u16 = 0;
    let mut bits = 0u32;
    for &byte in data {
        buffer = (buffer << 8) | u16::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[usize::from((buffer >> bits) & 31)] as char);
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(ALPHABET[usize::from((buffer << (5 - bits)) & 31)] as char);
    }
    out
}

/// Why a string is not base32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside A–Z, 2–7 (either case), spaces and trailing `=`.
    InvalidCharacter,
    /// A length no encoder produces, or unused bits that are not zero.
    NotCanonical,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DecodeError::InvalidCharacter => "not a base32 character",
            DecodeError::NotCanonical => "not a canonical base32 length",
        })
    }
}

impl std::error::Error for DecodeError {}

/// Decodes, accepting lower case, spaces (as people copy secrets in groups) and trailing `=`.
/// Rejects impossible lengths and non-zero unused bits, so each secret has one spelling.
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let trimmed = text.trim_end_matches(['=', ' ']);
    let mut out = Vec::with_capacity(trimmed.len() * 5 / 8);
    let mut buffer: u16 = 0;
    let mut bits = 0u32;
    let mut symbols = 0usize;
    for c in trimmed.chars() {
        if c == ' ' {
            continue;
        }
        let value = match c.to_ascii_uppercase() {
            u @ 'A'..='Z' => u as u16 - 'A' as u16,
            d @ '2'..='7' => d as u16 - '2' as u16 + 26,
            _ => return Err(DecodeError::InvalidCharacter),
        };
        symbols += 1;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // 8 symbols carry 5 bytes; a final group of 1, 3 or 6 symbols cannot come from an encoder.
    if matches!(symbols % 8, 1 | 3 | 6) || buffer != 0 {
        return Err(DecodeError::NotCanonical);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_test_vectors() {
        let cases: [(&str, &str); 7] = [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
        // With the padding the RFC prints.
        assert_eq!(decode("MZXW6YTBOI======").unwrap(), b"foobar");
        assert_eq!(decode("MY======").unwrap(), b"f");
    }

    #[test]
    fn rfc_6238_secret() {
        assert_eq!(
            encode(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }

    #[test]
    fn decoding_is_forgiving_about_case_and_spaces_only() {
        assert_eq!(decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert_eq!(decode("MZXW6YTBO1"), Err(DecodeError::InvalidCharacter));
        assert_eq!(decode("MZXW6YTBO!"), Err(DecodeError::InvalidCharacter));
        // 7 symbols is a possible length, but "T" leaves non-zero unused bits ("Q" would not).
        assert_eq!(decode("MZXW6YT"), Err(DecodeError::NotCanonical));
        assert_eq!(decode("M"), Err(DecodeError::NotCanonical));
        // "MZ" decodes "f" only if the unused bits are zero.
        assert_eq!(decode("MZ"), Err(DecodeError::NotCanonical));
    }

    #[test]
    fn round_trips_every_length() {
        for len in 0..64 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode(&encode(&data)).unwrap(), data, "{len}");
        }
    }
}
