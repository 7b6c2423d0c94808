//! Single sign-on with the council's identity provider (Microsoft Entra ID is the usual one):
//! OpenID Connect, authorisation code flow with PKCE (S256), a confidential client
//! configured by issuer, client id and secret (AUTH-06).
//!
//! - `GET /sign-in/oidc` keeps a new `state`, `nonce` and PKCE verifier on the server (a
//!   bounded in-memory map, ten minutes to finish) and sends the browser to the provider.
//!   The browser also gets a short-lived HttpOnly cookie whose hash is kept with the flow,
//!   so a callback only completes in the browser that started it (no login CSRF).
//! - `GET /sign-in/oidc/callback` takes the flow out of the map (so a `state`, and with it
//!   its `nonce`, works once), exchanges the code with the verifier and checks the ID token
//!   (see `id_token`): RS256 only, signature by the provider's key, exact issuer, audience,
//!   expiry and nonce. The account is the one linked to (issuer, `sub`): never found by
//!   email. Unknown identities get a page saying the account is not set up, and an audit
//!   event. A new session id is issued; it counts as two-factor only if `amr` has "mfa",
//!   otherwise routes that need a second factor send the user to the local TOTP.
//!
//! Why hand-written rather than the `openidconnect` crate: the flow Assure needs is small
//! (one provider, one algorithm, no dynamic registration), and the crate would add its own
//! crypto stack (rsa, p256/p384, ed25519) and serde helpers to the build. Here the only new
//! crates are reqwest (on hyper, already in the tree) with rustls on `ring`, and `ring`
//! itself does the RS256 check, so TLS and ID-token verification share one crypto library
//! and no system OpenSSL is needed. Trust roots are the Mozilla set (webpki-roots); an
//! outbound proxy is taken from the usual HTTPS_PROXY/NO_PROXY variables.

mod id_token;
mod provider;

use super::pages::{audit, client_address, urlencode};
use super::{cookie_value, safe_next, session_cookie};
use crate::{AppError, AppState};
use axum::extract::{Query, State};
use axum::http::{header, Extensions, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, TimeDelta, Utc};
use id_token::{IdClaims, KeySet};
use provider::{one_line, Discovery, ProviderError};
use reqwest::Url;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const START_PATH: &str = "/sign-in/oidc";
pub const CALLBACK_PATH: &str = "/sign-in/oidc/callback";
/// Binds a sign-in in progress to the browser that started it.
const FLOW_COOKIE: &str = "assure_oidc";
/// How long a user has at the identity provider before the sign-in must be started again.
const FLOW_TTL: TimeDelta = TimeDelta::minutes(10);
/// Sign-ins in progress kept at once; past this the oldest is dropped.
const MAX_PENDING: usize = 10_000;
/// How long the discovery document and signing keys are reused.
const CACHE_TTL: Duration = Duration::from_secs(3600);
/// Least time between fetches of the signing keys for a token naming an unknown key.
const KEYS_REFETCH_AFTER: Duration = Duration::from_secs(60);
const SCOPE: &str = "openid profile email";

/// The client secret, which never appears in Debug output or logs.
#[derive(Clone)]
pub struct ClientSecret(String);

impl ClientSecret {
    pub fn new(secret: impl Into<String>) -> ClientSecret {
        ClientSecret(secret.into())
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A configuration that cannot work, said plainly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcConfigError(pub String);

impl fmt::Display for OidcConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "single sign-on is misconfigured: {}", self.0)
    }
}

impl std::error::Error for OidcConfigError {}

/// A sign-in in progress.
struct Flow {
    nonce: String,
    verifier: String,
    next: String,
    binding_hash: String,
    started: DateTime<Utc>,
}

#[derive(Default)]
struct Pending {
    flows: HashMap<String, Flow>,
}

impl Pending {
    fn insert(&mut self, state: String, flow: Flow, now: DateTime<Utc>) {
        self.flows.retain(|_, f| now - f.started < FLOW_TTL);
        while self.flows.len() >= MAX_PENDING {
            let Some(oldest) = self
                .flows
                .iter()
                .min_by_key(|(_, f)| f.started)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            self.flows.remove(&oldest);
        }
        self.flows.insert(state, flow);
    }

    /// Removes the flow whatever happens next: a state is good for one callback.
    fn take(&mut self, state: &str, now: DateTime<Utc>) -> Option<Flow> {
        self.flows
            .remove(state)
            .filter(|f| now - f.started < FLOW_TTL)
    }
}

#[derive(Default)]
struct Cache {
    discovery: Option<(Discovery, Instant)>,
    keys: Option<(KeySet, Instant)>,
}

/// The identity provider Assure trusts, and the sign-ins in progress with it.
pub struct OidcConfig {
    issuer: String,
    client_id: String,
    client_secret: ClientSecret,
    redirect_url: Url,
    http: reqwest::Client,
    cache: Mutex<Cache>,
    pending: Mutex<Pending>,
}

impl fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("redirect_url", &self.redirect_url.as_str())
            .finish_non_exhaustive()
    }
}

impl OidcConfig {
    /// `issuer` exactly as the provider writes it in its tokens (for Entra ID,
    /// `https://login.microsoftonline.com/<tenant id>/v2.0`); `redirect_url` the address of
    /// `/sign-in/oidc/callback` as registered with the provider.
    pub fn new(
        issuer: &str,
        client_id: &str,
        client_secret: ClientSecret,
        redirect_url: &str,
    ) -> Result<OidcConfig, OidcConfigError> {
        let bad = |e: ProviderError| OidcConfigError(e.0);
        let issuer_url = provider::check_endpoint(issuer, "issuer").map_err(bad)?;
        if issuer_url.query().is_some() {
            return Err(OidcConfigError("the issuer cannot have a ?query".into()));
        }
        if client_id.trim().is_empty() || client_id != client_id.trim() {
            return Err(OidcConfigError("the client id is empty".into()));
        }
        if client_secret.expose().is_empty() {
            return Err(OidcConfigError("the client secret is empty".into()));
        }
        let redirect = provider::check_endpoint(redirect_url, "redirect URL").map_err(bad)?;
        if !redirect.path().ends_with(CALLBACK_PATH) || redirect.query().is_some() {
            return Err(OidcConfigError(format!(
                "the redirect URL must be Assure's address followed by {CALLBACK_PATH}"
            )));
        }
        Ok(OidcConfig {
            issuer: issuer.to_string(),
            client_id: client_id.to_string(),
            client_secret,
            redirect_url: redirect,
            http: provider::client(&issuer_url).map_err(bad)?,
            cache: Mutex::default(),
            pending: Mutex::default(),
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn redirect_url(&self) -> &str {
        self.redirect_url.as_str()
    }

    async fn discovery(&self) -> Result<Discovery, ProviderError> {
        if let Some((d, at)) = &self.cache.lock().expect("oidc cache").discovery {
            if at.elapsed() < CACHE_TTL {
                return Ok(d.clone());
            }
        }
        let d = provider::fetch_discovery(&self.http, &self.issuer).await?;
        self.cache.lock().expect("oidc cache").discovery = Some((d.clone(), Instant::now()));
        Ok(d)
    }

    /// The signing keys, fetched again when a token names a key not seen yet (the provider
    /// rotated them), but not more than once a minute.
    async fn keys_for(
        &self,
        discovery: &Discovery,
        kid: Option<&str>,
    ) -> Result<KeySet, ProviderError> {
        let cached = self.cache.lock().expect("oidc cache").keys.clone();
        if let Some((keys, at)) = cached {
            let fresh = at.elapsed() < CACHE_TTL;
            if (fresh && keys.has_kid(kid)) || at.elapsed() < KEYS_REFETCH_AFTER {
                return Ok(keys);
            }
        }
        let keys = provider::fetch_keys(&self.http, &discovery.jwks_uri).await?;
        if keys.is_empty() {
            return Err(ProviderError(
                "the provider publishes no RS256 signing keys".into(),
            ));
        }
        self.cache.lock().expect("oidc cache").keys = Some((keys.clone(), Instant::now()));
        Ok(keys)
    }
}

fn flow_cookie(value: &str, secure: bool) -> String {
    format!(
        "{FLOW_COOKIE}={value}; HttpOnly; SameSite=Lax; Path={START_PATH}; Max-Age={}{}",
        FLOW_TTL.num_seconds(),
        if secure { "; Secure" } else { "" }
    )
}

fn clear_flow_cookie(secure: bool) -> String {
    format!(
        "{FLOW_COOKIE}=; HttpOnly; SameSite=Lax; Path={START_PATH}; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

fn set_cookie(response: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn unavailable() -> AppError {
    AppError::Unavailable(
        "Signing in with your organisation's account is not working at the moment. Try again \
         later, or sign in with your email address and password if you have one."
            .into(),
    )
}

#[derive(Deserialize, Default)]
pub struct StartQuery {
    next: Option<String>,
}

/// Starts a sign-in: to the provider, with state, nonce and a PKCE challenge.
pub async fn start(
    State(state): State<AppState>,
    Query(q): Query<StartQuery>,
) -> Result<Response, AppError> {
    let Some(oidc) = state.oidc.clone() else {
        return Err(AppError::NotFound);
    };
    let discovery = oidc.discovery().await.map_err(|e| {
        tracing::warn!(error = %e, "the identity provider could not be reached");
        unavailable()
    })?;
    let flow_state = assure_auth::new_session_id();
    let nonce = assure_auth::new_session_id();
    // 32 random bytes, base64url: 43 characters, as RFC 7636 4.1 asks.
    let verifier = assure_auth::new_session_id();
    let binding = assure_auth::new_session_id();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let mut url = discovery.authorization_endpoint.clone();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &oidc.client_id)
        .append_pair("redirect_uri", oidc.redirect_url.as_str())
        .append_pair("scope", SCOPE)
        .append_pair("state", &flow_state)
        .append_pair("nonce", &nonce)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    let now = state.now();
    oidc.pending.lock().expect("oidc flows").insert(
        flow_state,
        Flow {
            nonce,
            verifier,
            next: safe_next(q.next.as_deref()),
            binding_hash: assure_auth::token_hash(&binding),
            started: now,
        },
        now,
    );
    let mut response = Redirect::to(url.as_str()).into_response();
    set_cookie(&mut response, &flow_cookie(&binding, state.secure_cookies));
    Ok(response)
}

#[derive(Deserialize, Default)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    /// RFC 9207: when the provider names itself in the response, it must be ours.
    iss: Option<String>,
}

/// Why a callback did not sign anyone in (for the audit trail, not the user).
enum Refusal {
    /// The request or the token was wrong.
    Refused(String),
    /// The provider could not be reached or answered nonsense.
    Unavailable(String),
}

impl From<ProviderError> for Refusal {
    fn from(e: ProviderError) -> Self {
        Refusal::Unavailable(e.0)
    }
}

/// The provider sends the browser back here with a code.
pub async fn callback(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Result<Response, AppError> {
    let Some(oidc) = state.oidc.clone() else {
        return Err(AppError::NotFound);
    };
    let address = client_address(&extensions);
    let (claims, next) = match verify_callback(&state, &oidc, &headers, q).await {
        Ok(ok) => ok,
        Err(refusal) => return refuse(&state, address, refusal).await,
    };
    let user = state
        .store
        .user_by_oidc(&claims.issuer, &claims.subject)
        .await?;
    let identity = format!(
        "issuer={}; subject={}; email={}",
        one_line(&claims.issuer, 255),
        one_line(&claims.subject, 255),
        one_line(claims.email.as_deref().unwrap_or("-"), 255)
    );
    let Some(user) = user.filter(|u| !u.disabled) else {
        // Never by email: an identity nobody linked is nobody, whatever address it carries.
        audit(
            &state,
            None,
            &format!(
                "{} at {}",
                one_line(&claims.subject, 255),
                one_line(&claims.issuer, 255)
            ),
            "sign-in.oidc.unknown",
            address,
            Some(identity),
        )
        .await?;
        let html = crate::templates::error_page(
            "Your account is not set up in Assure",
            "You signed in to your organisation's account, but it is not linked to an active \
             account in Assure. Ask your administrator to set up your account.",
        );
        let mut response = (StatusCode::FORBIDDEN, Html(html)).into_response();
        set_cookie(&mut response, &clear_flow_cookie(state.secure_cookies));
        return Ok(response);
    };
    let now = state.now();
    // A new session id at every sign-in: a cookie planted before sign-in is never promoted.
    if let Some(old) = cookie_value(&headers, super::SESSION_COOKIE) {
        if let Ok(Some(s)) = state.store.session(&assure_auth::token_hash(&old)).await {
            state.store.end_session(s.id, now).await?;
        }
    }
    let mfa = claims.mfa();
    let token = assure_auth::new_session_id();
    state
        .store
        .create_session(&assure_auth::token_hash(&token), user.id, now, mfa)
        .await?;
    audit(
        &state,
        Some(user.id),
        &format!("{} <{}>", user.name, user.email),
        "sign-in.oidc",
        address,
        Some(format!(
            "{identity}; amr={}; second factor at the identity provider: {}",
            one_line(&claims.amr.join(","), 100),
            if mfa { "yes" } else { "no" }
        )),
    )
    .await?;
    let target = if !mfa && user.totp_secret.is_some() {
        format!("/sign-in/second-factor?next={}", urlencode(&next))
    } else {
        next
    };
    let mut response = Redirect::to(&target).into_response();
    set_cookie(&mut response, &session_cookie(&token, state.secure_cookies));
    set_cookie(&mut response, &clear_flow_cookie(state.secure_cookies));
    Ok(response)
}

async fn verify_callback(
    state: &AppState,
    oidc: &OidcConfig,
    headers: &HeaderMap,
    q: CallbackQuery,
) -> Result<(IdClaims, String), Refusal> {
    let now = state.now();
    let flow = q
        .state
        .as_deref()
        .and_then(|s| oidc.pending.lock().expect("oidc flows").take(s, now))
        .ok_or_else(|| {
            Refusal::Refused("unknown, already used or expired state (a replay?)".into())
        })?;
    let binding = cookie_value(headers, FLOW_COOKIE).unwrap_or_default();
    if binding.is_empty() || assure_auth::token_hash(&binding) != flow.binding_hash {
        return Err(Refusal::Refused(
            "the sign-in was not started in this browser".into(),
        ));
    }
    if let Some(error) = q.error {
        return Err(Refusal::Refused(format!(
            "the identity provider answered {}",
            one_line(&error, 60)
        )));
    }
    if q.iss.as_deref().is_some_and(|iss| iss != oidc.issuer) {
        return Err(Refusal::Refused("the response names another issuer".into()));
    }
    let code = q
        .code
        .filter(|c| !c.is_empty() && c.len() <= 4096)
        .ok_or_else(|| Refusal::Refused("no authorisation code".into()))?;
    let discovery = oidc.discovery().await?;
    let token = provider::exchange_code(
        &oidc.http,
        &provider::Exchange {
            discovery: &discovery,
            client_id: &oidc.client_id,
            client_secret: oidc.client_secret.expose(),
            redirect_uri: oidc.redirect_url.as_str(),
            code: &code,
            code_verifier: &flow.verifier,
        },
    )
    .await
    .map_err(|e| Refusal::Refused(e.0))?;
    let kid = id_token::key_id(&token).map_err(|e| Refusal::Refused(e.to_string()))?;
    let keys = oidc.keys_for(&discovery, kid.as_deref()).await?;
    let claims = id_token::verify(
        &token,
        &keys,
        &id_token::Expected {
            issuer: &oidc.issuer,
            client_id: &oidc.client_id,
            nonce: &flow.nonce,
            now: now.timestamp(),
        },
    )
    .map_err(|e| Refusal::Refused(e.to_string()))?;
    Ok((claims, flow.next))
}

async fn refuse(state: &AppState, address: IpAddr, refusal: Refusal) -> Result<Response, AppError> {
    let (reason, error) = match refusal {
        Refusal::Refused(r) => (
            r,
            AppError::BadRequest(
                "Signing in with your organisation's account did not work. Go back to the \
                 sign-in page and try again."
                    .into(),
            ),
        ),
        Refusal::Unavailable(r) => {
            tracing::warn!(error = %r, "single sign-on failed at the identity provider");
            (r, unavailable())
        }
    };
    audit(
        state,
        None,
        "single sign-on",
        "sign-in.oidc.failed",
        address,
        Some(one_line(&reason, 300)),
    )
    .await?;
    let mut response = error.into_response();
    set_cookie(&mut response, &clear_flow_cookie(state.secure_cookies));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(started: DateTime<Utc>) -> Flow {
        Flow {
            nonce: "n".into(),
            verifier: "v".into(),
            next: "/".into(),
            binding_hash: "h".into(),
            started,
        }
    }

    #[test]
    fn a_state_works_once_and_only_for_ten_minutes() {
        let now: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        let mut p = Pending::default();
        p.insert("a".into(), flow(now), now);
        p.insert("b".into(), flow(now), now);
        assert!(p.take("a", now + TimeDelta::minutes(9)).is_some());
        assert!(p.take("a", now + TimeDelta::minutes(9)).is_none(), "used");
        assert!(
            p.take("b", now + TimeDelta::minutes(10)).is_none(),
            "expired"
        );
        assert!(p.take("b", now).is_none(), "expired flows are dropped too");
    }

    #[test]
    fn sign_ins_in_progress_are_bounded() {
        let now: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        let mut p = Pending::default();
        for i in 0..MAX_PENDING + 5 {
            let at = now + TimeDelta::milliseconds(i as i64);
            p.insert(format!("s{i}"), flow(at), at);
        }
        assert_eq!(p.flows.len(), MAX_PENDING);
        assert!(!p.flows.contains_key("s0"), "the oldest went first");
        assert!(p.flows.contains_key(&format!("s{}", MAX_PENDING + 4)));
    }

    #[test]
    fn the_secret_is_never_printed_and_bad_settings_are_refused() {
        let ok = OidcConfig::new(
            "https://login.example.com/tenant/v2.0",
            "client",
            ClientSecret::new("hunter2-secret"),
            "https://assure.example.gov.uk/sign-in/oidc/callback",
        )
        .unwrap();
        let shown = format!("{ok:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("[redacted]"));
        let new = |issuer: &str, id: &str, secret: &str, redirect: &str| {
            OidcConfig::new(issuer, id, ClientSecret::new(secret), redirect)
        };
        let cb = "https://assure.example.gov.uk/sign-in/oidc/callback";
        assert!(new("http://login.example.com", "c", "s", cb).is_err());
        assert!(new("https://login.example.com?x=1", "c", "s", cb).is_err());
        assert!(new("https://login.example.com", "", "s", cb).is_err());
        assert!(new("https://login.example.com", "c", "", cb).is_err());
        assert!(new(
            "https://login.example.com",
            "c",
            "s",
            "https://a.example/elsewhere"
        )
        .is_err());
        assert!(new(
            "https://login.example.com",
            "c",
            "s",
            "http://a.example/sign-in/oidc/callback"
        )
        .is_err());
        assert!(new(
            "http://127.0.0.1:9",
            "c",
            "s",
            "http://127.0.0.1/sign-in/oidc/callback"
        )
        .is_ok());
    }
}
