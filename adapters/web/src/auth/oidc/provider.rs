//! Talking to the identity provider: discovery, its signing keys, and the code exchange.
//!
//! Every response is read with a size cap and a timeout, redirects are not followed, and
//! every endpoint must be HTTPS (plain HTTP only on loopback, for tests and local trials).

use super::id_token::KeySet;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::Url;
use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// Longest discovery, JWKS or token response read.
const MAX_RESPONSE_BYTES: usize = 256 * 1024;
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// A failure talking to the provider. The text goes to the log and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderError(pub String);

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProviderError {}

fn err(msg: impl Into<String>) -> ProviderError {
    ProviderError(msg.into())
}

/// Text from outside, made safe for one line of an audit record.
pub fn one_line(s: &str, max: usize) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max)
        .collect()
}

/// HTTP on loopback only; HTTPS anywhere.
pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub fn check_endpoint(raw: &str, what: &str) -> Result<Url, ProviderError> {
    let url = Url::parse(raw).map_err(|_| err(format!("the {what} is not a URL")))?;
    let ok = match url.scheme() {
        "https" => true,
        "http" => is_loopback(&url),
        _ => false,
    };
    if !ok || url.host().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(err(format!(
            "the {what} must be an https:// address (http:// only on this machine)"
        )));
    }
    if url.fragment().is_some() {
        return Err(err(format!("the {what} cannot have a #fragment")));
    }
    Ok(url)
}

/// How the client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_secret_basic`: HTTP Basic (the default when the provider does not say).
    Basic,
    /// `client_secret_post`: client id and secret in the form.
    Post,
}

/// The parts of the provider's discovery document Assure uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    pub jwks_uri: Url,
    pub client_auth: ClientAuth,
}

impl Discovery {
    /// Reads `/.well-known/openid-configuration`. Its `issuer` must be exactly the one
    /// configured (OpenID Connect Discovery 1.0, 4.3), which stops one provider's
    /// document standing in for another's.
    pub fn from_json(bytes: &[u8], issuer: &str) -> Result<Discovery, ProviderError> {
        let doc: Value =
            serde_json::from_slice(bytes).map_err(|_| err("the discovery document is not JSON"))?;
        let text = |name: &str| doc.get(name).and_then(Value::as_str);
        if text("issuer") != Some(issuer) {
            return Err(err(format!(
                "the discovery document names issuer {:?}, not the configured {issuer:?}",
                one_line(text("issuer").unwrap_or(""), 200)
            )));
        }
        let endpoint = |name: &str| {
            text(name)
                .ok_or_else(|| err(format!("the discovery document has no {name}")))
                .and_then(|u| check_endpoint(u, name))
        };
        let methods: Vec<&str> = doc
            .get("token_endpoint_auth_methods_supported")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let client_auth = if methods.is_empty() || methods.contains(&"client_secret_basic") {
            ClientAuth::Basic
        } else if methods.contains(&"client_secret_post") {
            ClientAuth::Post
        } else {
            return Err(err(
                "the provider supports neither client_secret_basic nor client_secret_post",
            ));
        };
        Ok(Discovery {
            authorization_endpoint: endpoint("authorization_endpoint")?,
            token_endpoint: endpoint("token_endpoint")?,
            jwks_uri: endpoint("jwks_uri")?,
            client_auth,
        })
    }
}

/// The URL of the discovery document for an issuer.
pub fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    )
}

/// An HTTP client for the provider: no redirects, timeouts, HTTPS only unless the issuer
/// is on loopback (which also bypasses any proxy from the environment).
pub fn client(issuer: &Url) -> Result<reqwest::Client, ProviderError> {
    let local = is_loopback(issuer);
    let mut b = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .user_agent(concat!("Assure/", env!("CARGO_PKG_VERSION")))
        .https_only(!local);
    if local {
        b = b.no_proxy();
    }
    b.build()
        .map_err(|e| err(format!("cannot start an HTTP client: {e}")))
}

async fn read(
    response: reqwest::Response,
    what: &str,
) -> Result<(reqwest::StatusCode, Vec<u8>), ProviderError> {
    let status = response.status();
    if response
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(err(format!("the {what} response is too large")));
    }
    let mut response = response;
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| err(format!("reading the {what} response failed: {e}")))?
    {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(err(format!("the {what} response is too large")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, body))
}

async fn get(http: &reqwest::Client, url: &str, what: &str) -> Result<Vec<u8>, ProviderError> {
    let response = http
        .get(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| err(format!("fetching the {what} failed: {e}")))?;
    let (status, body) = read(response, what).await?;
    if !status.is_success() {
        return Err(err(format!("fetching the {what} gave HTTP {status}")));
    }
    Ok(body)
}

pub async fn fetch_discovery(
    http: &reqwest::Client,
    issuer: &str,
) -> Result<Discovery, ProviderError> {
    let body = get(http, &discovery_url(issuer), "discovery document").await?;
    Discovery::from_json(&body, issuer)
}

pub async fn fetch_keys(http: &reqwest::Client, jwks_uri: &Url) -> Result<KeySet, ProviderError> {
    let body = get(http, jwks_uri.as_str(), "signing keys (JWKS)").await?;
    KeySet::from_json(&body).map_err(|e| err(e.to_string()))
}

/// RFC 6749 2.3.1: the client id and secret are form-encoded before Basic encoding.
fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What the code exchange needs.
pub struct Exchange<'a> {
    pub discovery: &'a Discovery,
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub redirect_uri: &'a str,
    pub code: &'a str,
    pub code_verifier: &'a str,
}

/// Trades the authorisation code (with the PKCE verifier) for an ID token.
pub async fn exchange_code(
    http: &reqwest::Client,
    x: &Exchange<'_>,
) -> Result<String, ProviderError> {
    let mut form: Vec<(&str, &str)> = vec![
        ("grant_type", "authorization_code"),
        ("code", x.code),
        ("redirect_uri", x.redirect_uri),
        ("code_verifier", x.code_verifier),
    ];
    let mut request = http
        .post(x.discovery.token_endpoint.clone())
        .header(reqwest::header::ACCEPT, "application/json");
    match x.discovery.client_auth {
        ClientAuth::Basic => {
            let credentials = STANDARD.encode(format!(
                "{}:{}",
                form_encode(x.client_id),
                form_encode(x.client_secret)
            ));
            request = request.header(
                reqwest::header::AUTHORIZATION,
                format!("Basic {credentials}"),
            );
        }
        ClientAuth::Post => {
            form.push(("client_id", x.client_id));
            form.push(("client_secret", x.client_secret));
        }
    }
    let body = serde_urlencoded::to_string(&form)
        .map_err(|e| err(format!("cannot encode the token request: {e}")))?;
    let response = request
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body)
        .send()
        .await
        .map_err(|e| err(format!("the token request failed: {e}")))?;
    let (status, body) = read(response, "token").await?;
    let doc: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if !status.is_success() {
        let code = doc.get("error").and_then(Value::as_str).unwrap_or("");
        return Err(err(format!(
            "the token endpoint refused the code: HTTP {status} {}",
            one_line(code, 60)
        )));
    }
    doc.get("id_token")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| err("the token response has no id_token"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_https_except_on_loopback() {
        assert!(check_endpoint("https://login.example.com/x", "e").is_ok());
        assert!(check_endpoint("http://127.0.0.1:9/x", "e").is_ok());
        assert!(check_endpoint("http://[::1]:9/x", "e").is_ok());
        assert!(check_endpoint("http://localhost/x", "e").is_ok());
        for bad in [
            "http://login.example.com/x",
            "ftp://login.example.com/",
            "https://user:pw@login.example.com/",
            "https://login.example.com/#f",
            "/relative",
        ] {
            assert!(check_endpoint(bad, "e").is_err(), "{bad}");
        }
    }

    #[test]
    fn discovery_must_name_the_configured_issuer() {
        let doc = |issuer: &str, methods: &[&str]| {
            serde_json::to_vec(&serde_json::json!({
                "issuer": issuer,
                "authorization_endpoint": "https://idp.example/authorize",
                "token_endpoint": "https://idp.example/token",
                "jwks_uri": "https://idp.example/keys",
                "token_endpoint_auth_methods_supported": methods,
            }))
            .unwrap()
        };
        let d = Discovery::from_json(&doc("https://idp.example", &[]), "https://idp.example");
        assert_eq!(d.unwrap().client_auth, ClientAuth::Basic);
        let d = Discovery::from_json(
            &doc("https://idp.example", &["client_secret_post"]),
            "https://idp.example",
        );
        assert_eq!(d.unwrap().client_auth, ClientAuth::Post);
        assert!(Discovery::from_json(
            &doc("https://idp.example", &["private_key_jwt"]),
            "https://idp.example"
        )
        .is_err());
        assert!(
            Discovery::from_json(&doc("https://evil.example", &[]), "https://idp.example").is_err()
        );
        assert!(
            Discovery::from_json(&doc("https://idp.example/", &[]), "https://idp.example").is_err()
        );
        assert_eq!(
            discovery_url("https://idp.example/tenant/v2.0/"),
            "https://idp.example/tenant/v2.0/.well-known/openid-configuration"
        );
    }

    #[test]
    fn basic_credentials_are_form_encoded_first() {
        assert_eq!(form_encode("a b:c/é"), "a+b%3Ac%2F%C3%A9");
    }
}
