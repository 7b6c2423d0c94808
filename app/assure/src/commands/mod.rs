//! One module per command group; each opens the store the same way.

mod comparator;
mod data;
mod demo;
mod edit;
mod kpi;
mod measure;
mod plan;
mod report;
mod users;

use crate::cli::{Cli, Command, PlanChoice};
use anyhow::{bail, Context, Result};
use assure_store::{DatabaseUrl, Store};
use std::net::SocketAddr;

pub async fn run(cli: Cli) -> Result<()> {
    // Commands that only read a file never open (or create) a database.
    if let Command::Data(crate::cli::DataCommand::Validate { file, format, year }) = &cli.command {
        return data::validate(file, format, *year);
    }
    if let Command::Data(crate::cli::DataCommand::Generate(args)) = &cli.command {
        return data::generate(args);
    }
    if let Command::Kpi(args) = &cli.command {
        if args.source.input.is_some() {
            return kpi::run(None, args).await;
        }
    }
    let store = open_store(&cli).await?;
    match cli.command {
        Command::Demo { addr, no_serve } => demo::run(&store, addr, no_serve).await,
        Command::Serve { addr } => serve(store, addr).await,
        Command::Plan(cmd) => plan::run(&store, cmd).await,
        Command::Action(cmd) => edit::action(&store, cmd).await,
        Command::Milestone(cmd) => edit::milestone(&store, cmd).await,
        Command::Measure(cmd) => measure::run(&store, cmd).await,
        Command::Report(cmd) => report::run(&store, cmd).await,
        Command::Data(cmd) => data::run(&store, cmd).await,
        Command::Kpi(args) => kpi::run(Some(&store), &args).await,
        Command::User(cmd) => users::user(&store, cmd).await,
        Command::Token(cmd) => users::token(&store, cmd).await,
        Command::Audit(cmd) => users::audit(&store, cmd).await,
        Command::Comparator(cmd) => comparator::run(&store, cmd).await,
    }
}

async fn open_store(cli: &Cli) -> Result<Store> {
    let url: DatabaseUrl = match &cli.database_url {
        Some(url) => url.parse()?,
        None => DatabaseUrl::Sqlite(cli.data_dir.join("assure.db")),
    };
    Store::open(&url)
        .await
        .with_context(|| format!("cannot open the database {url:?}"))
}

/// The plan a command means: the one given, or the only one there is.
async fn choose_plan(store: &Store, choice: PlanChoice) -> Result<i64> {
    if let Some(id) = choice.id {
        return Ok(id);
    }
    let plans = store.list_plans().await?;
    match plans.as_slice() {
        [only] => Ok(only.id),
        [] => bail!("there are no plans yet: import one with `assure plan import FILE`"),
        many => bail!(
            "there are {} plans: choose one with --plan ID (see `assure plan list`)",
            many.len()
        ),
    }
}

pub(crate) fn who(by: Option<String>) -> String {
    by.or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "command line".to_string())
}

pub async fn serve(store: Store, addr: SocketAddr) -> Result<()> {
    let oidc = oidc_from_env()?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    eprintln!("Assure is serving on http://{local}/ (press Ctrl+C to stop)");
    let mut state =
        assure_web::AppState::with_system_clock(store).with_tls(env_flag("ASSURE_SECURE_COOKIES"));
    let mut policy = assure_access::SessionPolicy::default();
    if let Some(minutes) = env_number("ASSURE_SESSION_IDLE_MINUTES")? {
        policy.idle = chrono::TimeDelta::minutes(minutes);
    }
    if let Some(hours) = env_number("ASSURE_SESSION_MAX_HOURS")? {
        policy.absolute = chrono::TimeDelta::hours(hours);
    }
    policy
        .validate()
        .map_err(|e| anyhow::anyhow!("session settings: {e}"))?;
    state = state.with_session_policy(policy);
    if let Some(oidc) = oidc {
        eprintln!("Single sign-on with {}", oidc.issuer());
        state = state.with_oidc(std::sync::Arc::new(oidc));
    }
    assure_web::serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes"))
}

fn env_number(name: &str) -> Result<Option<i64>> {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .map(Some)
            .with_context(|| format!("{name} must be a whole number (got \"{v}\")")),
        Err(_) => Ok(None),
    }
}

/// Single sign-on from the environment: `ASSURE_OIDC_ISSUER`, `ASSURE_OIDC_CLIENT_ID`,
/// `ASSURE_OIDC_CLIENT_SECRET` and `ASSURE_OIDC_REDIRECT_URL` (Assure's address followed by
/// `/sign-in/oidc/callback`, as registered with the provider). None set: no single sign-on.
fn oidc_from_env() -> Result<Option<assure_web::auth::oidc::OidcConfig>> {
    use assure_web::auth::oidc::{ClientSecret, OidcConfig};
    const NAMES: [&str; 4] = [
        "ASSURE_OIDC_ISSUER",
        "ASSURE_OIDC_CLIENT_ID",
        "ASSURE_OIDC_CLIENT_SECRET",
        "ASSURE_OIDC_REDIRECT_URL",
    ];
    let values: Vec<Option<String>> = NAMES
        .iter()
        .map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
        .collect();
    if values.iter().all(Option::is_none) {
        return Ok(None);
    }
    let missing: Vec<&str> = NAMES
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        bail!(
            "single sign-on needs all of {}; missing {}",
            NAMES.join(", "),
            missing.join(", ")
        );
    }
    let [Some(issuer), Some(client_id), Some(secret), Some(redirect)] =
        <[Option<String>; 4]>::try_from(values).expect("four names")
    else {
        unreachable!("checked above")
    };
    Ok(Some(OidcConfig::new(
        issuer.trim(),
        client_id.trim(),
        ClientSecret::new(secret),
        redirect.trim(),
    )?))
}
