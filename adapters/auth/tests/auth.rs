//! assure-auth: passwords, TOTP, recovery codes, session ids and API tokens.
//!
//! Argon2 at policy strength costs tens of milliseconds (with the argon2 package built at
//! opt-level 3), so only a handful of policy-strength hashes are made here; tests that only
//! need *a* hash use tiny parameters.

use std::collections::HashSet;

use assure_auth::password::{MAX_PASSWORD_BYTES, OUTPUT_LEN, SALT_LEN};
use assure_auth::recovery::{ALPHABET, RECOVERY_CODE_COUNT};
use assure_auth::token::API_TOKEN_PREFIX;
use assure_auth::*;

/// Cheap parameters for tests that are not about strength.
const TINY: HashParams = HashParams {
    m_cost: 64,
    t_cost: 1,
    p_cost: 1,
};

// ---------------------------------------------------------------------------------------------
// Passwords

/// Splits `$argon2id$v=19$m=19456,t=2,p=1$salt$hash` into its fields.
fn phc_fields(phc: &str) -> Vec<&str> {
    phc.split('$').collect()
}

fn b64_len(bytes: usize) -> usize {
    (bytes * 4).div_ceil(3)
}

#[test]
fn policy_hash_is_argon2id_at_policy_strength_and_verifies_byte_exact() {
    // AUTH-01 and AUTH-02 in one policy-strength hash: format, salt, and a 64-character
    // password with emoji and spaces that must verify exactly as typed.
    let password: String = "correct horse 🐎 battery staple 🔋 tangerine kettle orbit ✨ ok"
        .chars()
        .cycle()
        .take(64)
        .collect();
    let password = password.as_str();
    assert_eq!(password.chars().count(), 64);
    assert!(password.contains(' ') && password.contains('🐎'));
    let phc = hash_password(password);

    let f = phc_fields(&phc);
    assert_eq!(f.len(), 6, "{phc}");
    assert_eq!(f[1], "argon2id");
    assert_eq!(f[2], "v=19");
    assert_eq!(f[3], "m=19456,t=2,p=1");
    assert_eq!(f[4].len(), b64_len(SALT_LEN), "16-byte salt");
    assert_eq!(f[5].len(), b64_len(OUTPUT_LEN), "32-byte hash");
    assert!(!is_below_policy(&phc));

    assert_eq!(
        verify_password(password, &phc),
        Verified {
            ok: true,
            needs_rehash: false
        }
    );
    // No case folding, trimming or truncation.
    let upper = password.replace("correct", "Correct");
    let truncated: String = password.chars().take(63).collect();
    for wrong in [
        upper.as_str(),
        truncated.as_str(),
        &format!("{password} "),
        &format!(" {password}"),
        "",
    ] {
        assert!(!verify_password(wrong, &phc).ok, "{wrong:?}");
    }
}

#[test]
fn same_password_hashes_differently_each_time() {
    let a = hash_password_with("same password", TINY).unwrap();
    let b = hash_password_with("same password", TINY).unwrap();
    assert_ne!(a, b);
    assert_ne!(phc_fields(&a)[4], phc_fields(&b)[4], "salts differ");
    assert!(verify_password("same password", &a).ok);
    assert!(verify_password("same password", &b).ok);
}

#[test]
fn a_hash_below_policy_verifies_and_asks_to_be_replaced() {
    // AUTH-01: a user seeded with an m=4096,t=1 hash signs in; the stored hash is upgraded.
    let weak = hash_password_with(
        "tangerine kettle",
        HashParams {
            m_cost: 4096,
            t_cost: 1,
            p_cost: 1,
        },
    )
    .unwrap();
    assert!(weak.starts_with("$argon2id$v=19$m=4096,t=1,p=1$"), "{weak}");
    assert!(is_below_policy(&weak));

    let v = verify_password("tangerine kettle", &weak);
    assert_eq!(
        v,
        Verified {
            ok: true,
            needs_rehash: true
        }
    );
    // A wrong password never asks for a rehash.
    assert_eq!(
        verify_password("tangerine kettl", &weak),
        Verified {
            ok: false,
            needs_rehash: false
        }
    );

    // The upgrade the web layer performs:
    let upgraded = hash_password("tangerine kettle");
    assert!(upgraded.contains("$m=19456,t=2,p=1$"));
    assert_eq!(
        verify_password("tangerine kettle", &upgraded),
        Verified {
            ok: true,
            needs_rehash: false
        }
    );
}

#[test]
fn policy_is_judged_from_the_stored_string() {
    // Salt and hash fields of the right lengths, without computing anything.
    let salt = "c29tZXNhbHRzb21lc2FsdA"; // 16 bytes
    let hash = "c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g"; // 32 bytes
    let phc = |head: &str| format!("{head}${salt}${hash}");
    // At or above policy.
    for ok in [
        "$argon2id$v=19$m=19456,t=2,p=1",
        "$argon2id$v=19$m=65536,t=3,p=1",
        "$argon2id$v=19$m=19456,t=10,p=1",
    ] {
        assert!(!is_below_policy(&phc(ok)), "{ok}");
    }
    // Below policy, or not our algorithm or version.
    for weak in [
        "$argon2id$v=19$m=4096,t=1,p=1",
        "$argon2id$v=19$m=19455,t=2,p=1",
        "$argon2id$v=19$m=65536,t=1,p=1",
        "$argon2id$v=19$m=19456,t=2,p=4",
        "$argon2i$v=19$m=19456,t=2,p=1",
        "$argon2d$v=19$m=19456,t=2,p=1",
        "$argon2id$v=16$m=19456,t=2,p=1",
    ] {
        assert!(is_below_policy(&phc(weak)), "{weak}");
    }
    // A short salt or output is below policy too.
    assert!(is_below_policy(&format!(
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ${hash}"
    )));
    assert!(is_below_policy(&format!(
        "$argon2id$v=19$m=19456,t=2,p=1${salt}$c29tZWhhc2g"
    )));
    assert!(is_below_policy("not a hash"));
    assert!(HashParams::POLICY.meets_policy());
}

#[test]
fn malformed_or_foreign_hashes_never_verify() {
    for phc in [
        "",
        "password",
        "$argon2id$",
        "$argon2id$v=19$m=19456,t=2,p=1$",
        // bcrypt and a plain SHA-256 are not accepted, whatever the password.
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
    ] {
        assert_eq!(
            verify_password("password", phc),
            Verified {
                ok: false,
                needs_rehash: false
            },
            "{phc:?}"
        );
    }
}

#[test]
fn oversized_passwords_are_refused_without_hashing() {
    let phc = hash_password_with("x", TINY).unwrap();
    let huge = "x".repeat(MAX_PASSWORD_BYTES + 1);
    assert!(!verify_password(&huge, &phc).ok);
}

#[test]
fn dummy_verification_always_fails() {
    // Unknown usernames go through the same work and the same answer (AUTH-08).
    for pw in ["", "password", "anything at all"] {
        assert_eq!(
            verify_dummy(pw),
            Verified {
                ok: false,
                needs_rehash: false
            }
        );
    }
}

#[test]
fn invalid_parameters_are_an_error_not_a_panic() {
    let e = hash_password_with(
        "x",
        HashParams {
            m_cost: 1,
            t_cost: 1,
            p_cost: 1,
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("could not hash"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// TOTP

const RFC_SHA1: &[u8] = b"12345678901234567890";
const RFC_SHA256: &[u8] = b"12345678901234567890123456789012";
const RFC_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

#[test]
fn rfc_6238_appendix_b_test_vectors() {
    let sha1 = TotpSecret::from_bytes(RFC_SHA1).unwrap();
    let sha256 = TotpSecret::from_bytes(RFC_SHA256).unwrap();
    let sha512 = TotpSecret::from_bytes(RFC_SHA512).unwrap();
    let t1 = Totp::new(TotpAlgorithm::Sha1, 8, 30).unwrap();
    let t256 = Totp::new(TotpAlgorithm::Sha256, 8, 30).unwrap();
    let t512 = Totp::new(TotpAlgorithm::Sha512, 8, 30).unwrap();
    let table: [(u64, &str, &str, &str); 6] = [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ];
    for (time, c1, c256, c512) in table {
        assert_eq!(t1.code_at(&sha1, time), c1, "SHA1 at {time}");
        assert_eq!(t256.code_at(&sha256, time), c256, "SHA256 at {time}");
        assert_eq!(t512.code_at(&sha512, time), c512, "SHA512 at {time}");
        // Each also verifies at that moment (fresh, no previous use).
        assert_eq!(t1.verify(&sha1, c1, time, None), Some(time / 30));
        // Six digits are the last six of eight.
        assert_eq!(Totp::default().code_at(&sha1, time), c1[2..]);
    }
    assert_eq!(
        sha1.verify("287082", 59, None),
        Some(1),
        "default settings: 6 digits"
    );
}

#[test]
fn rfc_4226_appendix_d_hotp_values() {
    let secret = TotpSecret::from_bytes(RFC_SHA1).unwrap();
    let expected = [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489",
    ];
    for (counter, code) in expected.iter().enumerate() {
        assert_eq!(
            Totp::default().code_for_step(&secret, counter as u64),
            *code
        );
    }
}

#[test]
fn verify_accepts_one_step_of_drift_either_way_and_no_more() {
    let secret = TotpSecret::generate();
    let t = Totp::default();
    let now = 1_700_000_015u64; // step 56_666_667, 5 s in
    let step = now / 30;
    for (offset, accepted) in [(-2i64, false), (-1, true), (0, true), (1, true), (2, false)] {
        let s = (step as i64 + offset) as u64;
        let code = t.code_for_step(&secret, s);
        assert_eq!(
            secret.verify(&code, now, None),
            accepted.then_some(s),
            "offset {offset}"
        );
    }
}

#[test]
fn a_code_cannot_be_used_twice() {
    // ASVS 6.5.1: replay within the same step, or of an older step, is refused.
    let secret = TotpSecret::generate();
    let t = Totp::default();
    let now = 1_700_000_000u64;
    let code = t.code_at(&secret, now);
    let used = secret.verify(&code, now, None).expect("first use");
    assert_eq!(used, now / 30);
    assert_eq!(
        secret.verify(&code, now, Some(used)),
        None,
        "same code again"
    );
    assert_eq!(
        secret.verify(&code, now + 10, Some(used)),
        None,
        "later in the step"
    );
    let previous = t.code_for_step(&secret, used - 1);
    assert_eq!(
        secret.verify(&previous, now, Some(used)),
        None,
        "older step"
    );
    // The next step's code is still good.
    let next = t.code_at(&secret, now + 30);
    assert_eq!(secret.verify(&next, now + 30, Some(used)), Some(used + 1));
}

#[test]
fn code_input_is_digits_of_the_right_length() {
    let secret = TotpSecret::from_bytes(RFC_SHA1).unwrap();
    // 59 s is step 1: code 287082 (6 digits).
    assert_eq!(secret.verify("287 082", 59, None), Some(1));
    assert_eq!(secret.verify("287-082", 59, None), Some(1));
    for bad in [
        "",
        "28708",
        "2870820",
        "28708a",
        "２８７０８２",
        "287082\n",
        "-287082-x",
    ] {
        assert_eq!(secret.verify(bad, 59, None), None, "{bad:?}");
    }
}

#[test]
fn verify_at_the_start_of_time_does_not_underflow() {
    let secret = TotpSecret::from_bytes(RFC_SHA1).unwrap();
    let t = Totp::default();
    let code = t.code_at(&secret, 0);
    assert_eq!(secret.verify(&code, 0, None), Some(0));
    assert_eq!(secret.verify(&code, 0, Some(0)), None);
}

#[test]
fn secrets_are_random_20_bytes_and_round_trip_base32() {
    let a = TotpSecret::generate();
    let b = TotpSecret::generate();
    assert_eq!(a.as_bytes().len(), 20);
    assert_ne!(a, b);
    let text = a.to_base32();
    assert_eq!(text.len(), 32, "20 bytes are 32 base32 characters");
    assert_eq!(TotpSecret::from_base32(&text).unwrap(), a);
    assert_eq!(TotpSecret::from_base32(&text.to_lowercase()).unwrap(), a);
    assert_eq!(
        TotpSecret::from_base32("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ").unwrap(),
        TotpSecret::from_bytes(RFC_SHA1).unwrap()
    );
    assert_eq!(
        TotpSecret::from_bytes(&[0u8; 10]),
        Err(TotpError::SecretLength(10))
    );
    assert!(matches!(
        TotpSecret::from_base32("not base32!"),
        Err(TotpError::Base32(_))
    ));
}

#[test]
fn otpauth_uri_for_authenticator_apps() {
    let secret = TotpSecret::from_bytes(RFC_SHA1).unwrap();
    assert_eq!(
        secret.otpauth_uri("Assure", "jane.smith@brighton-hove.gov.uk"),
        "otpauth://totp/Assure:jane.smith%40brighton-hove.gov.uk\
         ?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Assure\
         &algorithm=SHA1&digits=6&period=30"
    );
    let t = Totp::new(TotpAlgorithm::Sha256, 8, 60).unwrap();
    let uri = t.otpauth_uri(&secret, "Assure (Test & Dev)", "a b");
    assert!(
        uri.starts_with("otpauth://totp/Assure%20%28Test%20%26%20Dev%29:a%20b?"),
        "{uri}"
    );
    assert!(
        uri.ends_with("&algorithm=SHA256&digits=8&period=60"),
        "{uri}"
    );
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let secret = TotpSecret::from_bytes(RFC_SHA1).unwrap();
    let shown = format!("{secret:?}");
    assert!(!shown.contains("GEZD"), "{shown}");
    assert!(!shown.contains("49, 50"), "{shown}");
    assert!(shown.contains("redacted"));
}

// ---------------------------------------------------------------------------------------------
// Recovery codes

#[test]
fn ten_well_formed_distinct_codes_with_their_hashes() {
    let set = generate_recovery_codes();
    assert_eq!(set.codes.len(), RECOVERY_CODE_COUNT);
    assert_eq!(set.hashes.len(), RECOVERY_CODE_COUNT);
    let unique: HashSet<&String> = set.codes.iter().collect();
    assert_eq!(unique.len(), RECOVERY_CODE_COUNT);
    for (code, hash) in set.codes.iter().zip(&set.hashes) {
        let groups: Vec<&str> = code.split('-').collect();
        assert_eq!(groups.len(), 3, "{code}");
        assert!(groups.iter().all(|g| g.len() == 4), "{code}");
        assert!(
            code.bytes()
                .filter(|&b| b != b'-')
                .all(|b| ALPHABET.contains(&b)),
            "{code}"
        );
        assert_eq!(hash.len(), 64);
        assert!(hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(recovery_code_hash(code).as_deref(), Some(hash.as_str()));
        assert!(!hash.contains(&code.replace('-', "")));
    }
    let shown = format!("{set:?}");
    assert!(
        !set.codes.iter().any(|c| shown.contains(c.as_str())),
        "{shown}"
    );
}

#[test]
fn a_recovery_code_works_once() {
    let set = generate_recovery_codes();
    let mut stored = set.hashes.clone();
    let code = &set.codes[3];
    assert!(use_recovery_code(code, &mut stored));
    assert_eq!(stored.len(), RECOVERY_CODE_COUNT - 1);
    assert!(!stored.contains(&set.hashes[3]));
    assert!(!use_recovery_code(code, &mut stored), "second use");
    assert_eq!(stored.len(), RECOVERY_CODE_COUNT - 1);
    // The others still work, typed loosely.
    let loose = set.codes[7].to_uppercase().replace('-', " ");
    assert!(use_recovery_code(&loose, &mut stored));
    assert_eq!(stored.len(), RECOVERY_CODE_COUNT - 2);
}

#[test]
fn wrong_or_malformed_recovery_codes_change_nothing() {
    let set = generate_recovery_codes();
    let other = generate_recovery_codes();
    let mut stored = set.hashes.clone();
    for bad in [
        "",
        "abcd",
        "0000-0000-0000", // characters outside the alphabet
        "llll-iiii-oooo",
        &other.codes[0],
        &format!("{}x", set.codes[0]),
    ] {
        assert!(!use_recovery_code(bad, &mut stored), "{bad:?}");
        assert_eq!(stored, set.hashes);
    }
}

#[test]
fn recovery_code_characters_are_spread_over_the_alphabet() {
    let mut seen = HashSet::new();
    for _ in 0..30 {
        for code in generate_recovery_codes().codes {
            seen.extend(code.bytes().filter(|&b| b != b'-'));
        }
    }
    // 3,600 characters drawn: every one of the 31 should have appeared.
    assert_eq!(seen.len(), ALPHABET.len());
}

// ---------------------------------------------------------------------------------------------
// Session ids and API tokens

#[test]
fn session_ids_are_256_bit_url_safe_and_unique() {
    // SESS-01: collect 10k ids, assert unique and the right length.
    let ids: HashSet<String> = (0..10_000).map(|_| new_session_id()).collect();
    assert_eq!(ids.len(), 10_000);
    for id in ids.iter().take(100) {
        assert_eq!(id.len(), 43, "32 bytes in unpadded base64");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{id}"
        );
    }
}

#[test]
fn api_tokens_are_shown_once_and_stored_as_hashes() {
    let t = new_api_token();
    assert!(t.token.starts_with(API_TOKEN_PREFIX));
    assert_eq!(t.token.len(), API_TOKEN_PREFIX.len() + 43);
    assert_eq!(t.hash, token_hash(&t.token));
    assert_eq!(t.hash.len(), 64);
    assert!(!t.hash.contains(&t.token[API_TOKEN_PREFIX.len()..]));
    assert!(verify_token(&t.token, &t.hash));
    assert_ne!(new_api_token().token, t.token);
    let shown = format!("{t:?}");
    assert!(!shown.contains(&t.token), "{shown}");
}

#[test]
fn token_verification() {
    let t = new_api_token();
    let mut altered = t.token.clone();
    altered.pop();
    altered.push('A');
    if altered == t.token {
        altered.pop();
        altered.push('B');
    }
    assert!(!verify_token(&altered, &t.hash));
    assert!(!verify_token("", &t.hash));
    assert!(!verify_token(&t.token, ""));
    assert!(!verify_token(&t.token, &t.hash[..63]));
    assert!(!verify_token(&t.token, &t.hash.to_uppercase()));
}

#[test]
fn token_hash_is_sha256_hex() {
    assert_eq!(
        token_hash("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        token_hash(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

// ---------------------------------------------------------------------------------------------
// With assure-access: the sign-in sequence the web layer will run.

#[test]
fn sign_in_sequence_with_throttle_and_rehash() {
    use assure_access::{Throttle, ThrottleDecision};
    use chrono::{TimeDelta, TimeZone, Utc};
    use std::net::{IpAddr, Ipv4Addr};

    // Seeded with an old, weak hash (cheap to verify ten times).
    let mut stored = hash_password_with("tangerine kettle", TINY).unwrap();
    let mut throttle = Throttle::default();
    let ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
    let t0 = Utc.with_ymd_and_hms(2025, 6, 2, 9, 0, 0).unwrap();

    let mut sign_in = |now, password: &str| -> Result<(), ThrottleDecision> {
        let decision = throttle.check(now, "jane", ip);
        if !decision.is_allowed() {
            return Err(decision);
        }
        let v = verify_password(password, &stored);
        if v.ok {
            throttle.record_success(now, "jane", ip);
            if v.needs_rehash {
                stored = hash_password(password);
            }
            Ok(())
        } else {
            throttle.record_failure(now, "jane", ip);
            Err(ThrottleDecision::Allowed)
        }
    };

    for i in 0..10 {
        assert_eq!(
            sign_in(t0 + TimeDelta::seconds(i), "wrong guess"),
            Err(ThrottleDecision::Allowed)
        );
    }
    // The 11th attempt inside five minutes is refused even with the right password.
    let refused = sign_in(t0 + TimeDelta::seconds(60), "tangerine kettle").unwrap_err();
    assert_eq!(refused.retry_after_secs(), Some(240));
    // After the window, the right password works and the weak hash is replaced.
    assert_eq!(
        sign_in(t0 + TimeDelta::minutes(5), "tangerine kettle"),
        Ok(())
    );
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
    assert!(!is_below_policy(&stored));
}
