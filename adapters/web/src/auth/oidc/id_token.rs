//! ID-token checks (OpenID Connect Core 1.0, 3.1.3.7): pure, no I/O and no clock.
//!
//! Only RS256 is accepted: the header's `alg` must be exactly "RS256", so `none`, the HMAC
//! algorithms (which would let a client secret sign tokens) and anything else are refused
//! before a key is even looked up. The signature is checked with the provider's JWKS key
//! named by `kid`, and only then are the claims read: `iss` must equal the configured issuer
//! exactly, `aud` must contain the client id (and `azp`, when there are several audiences or
//! it is present, must be the client id), `exp`/`iat`/`nbf` are checked with a small leeway
//! and `nonce` must equal the one this sign-in started with.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::signature::{RsaPublicKeyComponents, RSA_PKCS1_2048_8192_SHA256};
use serde_json::Value;
use std::fmt;

/// The only signing algorithm accepted.
pub const ALGORITHM: &str = "RS256";
/// Clock difference tolerated between Assure and the identity provider, in seconds.
pub const LEEWAY_SECS: i64 = 60;
/// Longest ID token read (Entra ID tokens are 1–3 KB; groups overage keeps them small).
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// Why an ID token was refused. The text goes to the audit trail, never to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdTokenError {
    Malformed(&'static str),
    Algorithm(String),
    UnknownKey,
    Signature,
    Issuer,
    Audience,
    Expired,
    NotYetValid,
    Nonce,
    Subject,
}

impl fmt::Display for IdTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdTokenError::Malformed(what) => write!(f, "malformed ID token: {what}"),
            IdTokenError::Algorithm(alg) => {
                write!(f, "ID token algorithm {alg:?} refused (only RS256)")
            }
            IdTokenError::UnknownKey => f.write_str("ID token signed with an unknown key"),
            IdTokenError::Signature => f.write_str("ID token signature does not verify"),
            IdTokenError::Issuer => f.write_str("ID token issuer is not the configured issuer"),
            IdTokenError::Audience => f.write_str("ID token audience is not this client"),
            IdTokenError::Expired => f.write_str("ID token has expired"),
            IdTokenError::NotYetValid => f.write_str("ID token is not valid yet"),
            IdTokenError::Nonce => f.write_str("ID token nonce does not match this sign-in"),
            IdTokenError::Subject => f.write_str("ID token has no usable subject"),
        }
    }
}

impl std::error::Error for IdTokenError {}

/// One RSA signing key from the provider's JWKS.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RsaKey {
    kid: Option<String>,
    n: Vec<u8>,
    e: Vec<u8>,
}

/// The provider's signing keys usable for RS256 (other key types are ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet {
    keys: Vec<RsaKey>,
}

fn strip_leading_zeros(mut b: Vec<u8>) -> Vec<u8> {
    let zeros = b.iter().take_while(|x| **x == 0).count();
    b.drain(..zeros);
    b
}

impl KeySet {
    /// Reads a JWKS document (RFC 7517), keeping RSA keys meant for signatures.
    pub fn from_json(bytes: &[u8]) -> Result<KeySet, IdTokenError> {
        let doc: Value = serde_json::from_slice(bytes)
            .map_err(|_| IdTokenError::Malformed("JWKS is not JSON"))?;
        let keys = doc
            .get("keys")
            .and_then(Value::as_array)
            .ok_or(IdTokenError::Malformed("JWKS has no keys"))?;
        let mut out = vec![];
        for k in keys {
            let s = |name: &str| k.get(name).and_then(Value::as_str);
            if s("kty") != Some("RSA") {
                continue;
            }
            if s("use").is_some_and(|u| u != "sig") || s("alg").is_some_and(|a| a != ALGORITHM) {
                continue;
            }
            let (Some(n), Some(e)) = (s("n"), s("e")) else {
                continue;
            };
            let (Ok(n), Ok(e)) = (URL_SAFE_NO_PAD.decode(n), URL_SAFE_NO_PAD.decode(e)) else {
                continue;
            };
            out.push(RsaKey {
                kid: s("kid").map(str::to_string),
                n: strip_leading_zeros(n),
                e: strip_leading_zeros(e),
            });
        }
        Ok(KeySet { keys: out })
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn has_kid(&self, kid: Option<&str>) -> bool {
        self.find(kid).is_some()
    }

    fn find(&self, kid: Option<&str>) -> Option<&RsaKey> {
        match kid {
            Some(kid) => self.keys.iter().find(|k| k.kid.as_deref() == Some(kid)),
            // No kid: only unambiguous with exactly one key.
            None if self.keys.len() == 1 => self.keys.first(),
            None => None,
        }
    }
}

/// What this sign-in expects of the token.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    /// Now, in seconds since the Unix epoch (from the app's clock).
    pub now: i64,
}

/// The claims Assure uses, from a token that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdClaims {
    pub issuer: String,
    pub subject: String,
    /// Authentication methods (RFC 8176), e.g. ["pwd", "mfa"].
    pub amr: Vec<String>,
    pub acr: Option<String>,
    /// Informational only: never used to find an account.
    pub email: Option<String>,
}

impl IdClaims {
    /// The identity provider says it used more than one factor.
    pub fn mfa(&self) -> bool {
        self.amr.iter().any(|m| m == "mfa")
    }
}

struct Parts<'t> {
    signing_input: &'t str,
    header: Value,
    payload: &'t str,
    signature: Vec<u8>,
}

fn split(token: &str) -> Result<Parts<'_>, IdTokenError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(IdTokenError::Malformed("too long"));
    }
    let mut it = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(IdTokenError::Malformed(
            "not three parts (an encrypted token?)",
        ));
    };
    let header = URL_SAFE_NO_PAD
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .filter(Value::is_object)
        .ok_or(IdTokenError::Malformed("header"))?;
    let signature = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| IdTokenError::Malformed("signature encoding"))?;
    Ok(Parts {
        signing_input: &token[..h.len() + 1 + p.len()],
        header,
        payload: p,
        signature,
    })
}

/// The `kid` in a token's header, to decide whether the key set needs fetching again.
pub fn key_id(token: &str) -> Result<Option<String>, IdTokenError> {
    Ok(split(token)?
        .header
        .get("kid")
        .and_then(Value::as_str)
        .map(str::to_string))
}

fn numeric_date(claims: &Value, name: &'static str) -> Result<Option<i64>, IdTokenError> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .or_else(|| {
                v.as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.floor() as i64)
            })
            .map(Some)
            .ok_or(IdTokenError::Malformed(name)),
    }
}

/// Checks an ID token and returns its claims.
pub fn verify(token: &str, keys: &KeySet, expected: &Expected) -> Result<IdClaims, IdTokenError> {
    let parts = split(token)?;
    let alg = parts
        .header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or("");
    if alg != ALGORITHM {
        return Err(IdTokenError::Algorithm(alg.chars().take(20).collect()));
    }
    // No JWS extensions are understood, so any critical one must be refused (RFC 7515 4.1.11).
    if parts.header.get("crit").is_some() {
        return Err(IdTokenError::Malformed("critical header extensions"));
    }
    let kid = parts.header.get("kid").and_then(Value::as_str);
    let key = keys.find(kid).ok_or(IdTokenError::UnknownKey)?;
    RsaPublicKeyComponents {
        n: &key.n[..],
        e: &key.e[..],
    }
    .verify(
        &RSA_PKCS1_2048_8192_SHA256,
        parts.signing_input.as_bytes(),
        &parts.signature,
    )
    .map_err(|_| IdTokenError::Signature)?;

    // Signed by the provider: now the claims can be read.
    let claims: Value = URL_SAFE_NO_PAD
        .decode(parts.payload)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .filter(Value::is_object)
        .ok_or(IdTokenError::Malformed("claims"))?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    if text("iss") != Some(expected.issuer) {
        return Err(IdTokenError::Issuer);
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !audiences.contains(&expected.client_id) {
        return Err(IdTokenError::Audience);
    }
    match text("azp") {
        Some(azp) if azp != expected.client_id => return Err(IdTokenError::Audience),
        None if audiences.len() > 1 => return Err(IdTokenError::Audience),
        _ => {}
    }
    let exp = numeric_date(&claims, "exp")?.ok_or(IdTokenError::Malformed("no exp"))?;
    let iat = numeric_date(&claims, "iat")?.ok_or(IdTokenError::Malformed("no iat"))?;
    if expected.now >= exp.saturating_add(LEEWAY_SECS) {
        return Err(IdTokenError::Expired);
    }
    if iat > expected.now.saturating_add(LEEWAY_SECS) {
        return Err(IdTokenError::NotYetValid);
    }
    if let Some(nbf) = numeric_date(&claims, "nbf")? {
        if nbf > expected.now.saturating_add(LEEWAY_SECS) {
            return Err(IdTokenError::NotYetValid);
        }
    }
    if expected.nonce.is_empty() || text("nonce") != Some(expected.nonce) {
        return Err(IdTokenError::Nonce);
    }
    let subject = text("sub").unwrap_or("");
    if subject.is_empty() || subject.len() > 255 || subject.chars().any(char::is_control) {
        return Err(IdTokenError::Subject);
    }
    let amr = claims
        .get("amr")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(IdClaims {
        issuer: expected.issuer.to_string(),
        subject: subject.to_string(),
        amr,
        acr: text("acr").map(str::to_string),
        email: text("email").map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(v: &Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    }

    #[test]
    fn unsigned_and_hmac_tokens_are_refused_before_any_key_is_used() {
        let keys = KeySet::default();
        let expected = Expected {
            issuer: "https://idp",
            client_id: "c",
            nonce: "n",
            now: 0,
        };
        let claims = b64(
            &serde_json::json!({"iss": "https://idp", "aud": "c", "sub": "s", "nonce": "n", "exp": 100, "iat": 0}),
        );
        for alg in ["none", "None", "HS256", "RS512", "ES256", ""] {
            let token = format!("{}.{claims}.", b64(&serde_json::json!({ "alg": alg })));
            assert_eq!(
                verify(&token, &keys, &expected),
                Err(IdTokenError::Algorithm(alg.to_string())),
                "{alg}"
            );
        }
        let token = format!("{}.{claims}.", b64(&serde_json::json!({"typ": "JWT"})));
        assert!(matches!(
            verify(&token, &keys, &expected),
            Err(IdTokenError::Algorithm(_))
        ));
        for bad in ["", "a.b", "a.b.c.d.e", "!!.x.y"] {
            assert!(matches!(
                verify(bad, &keys, &expected),
                Err(IdTokenError::Malformed(_))
            ));
        }
        let token = format!("{}.{claims}.", b64(&serde_json::json!({"alg": "RS256"})));
        assert_eq!(
            verify(&token, &keys, &expected),
            Err(IdTokenError::UnknownKey)
        );
    }

    #[test]
    fn only_rsa_signing_keys_are_kept() {
        let doc = serde_json::json!({"keys": [
            {"kty": "RSA", "kid": "a", "use": "sig", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "kid": "b", "use": "enc", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "kid": "c", "alg": "RS512", "n": "AQAB", "e": "AQAB"},
            {"kty": "EC", "kid": "d", "crv": "P-256", "x": "AQAB", "y": "AQAB"},
            {"kty": "oct", "kid": "e", "k": "c2VjcmV0"},
        ]});
        let keys = KeySet::from_json(&serde_json::to_vec(&doc).unwrap()).unwrap();
        assert!(keys.has_kid(Some("a")));
        assert!(
            keys.has_kid(None),
            "one key: a token without kid may use it"
        );
        for kid in ["b", "c", "d", "e"] {
            assert!(!keys.has_kid(Some(kid)), "{kid}");
        }
        assert!(KeySet::from_json(b"not json").is_err());
    }
}
