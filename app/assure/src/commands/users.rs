//! Accounts, tokens and the audit trail from the command line.

use crate::cli::{AuditCommand, TokenCommand, UserCommand};
use anyhow::{bail, Context, Result};
use assure_access::PasswordPolicy;
use assure_store::{AuditFilter, NewUser, Store};
use std::io::{Read, Write};

/// How long a printed set-up code works.
const SETUP_CODE_DAYS: i64 = 7;

pub async fn user(store: &Store, cmd: UserCommand) -> Result<()> {
    match cmd {
        UserCommand::Add {
            email,
            name,
            role,
            person,
            password_stdin,
            oidc_issuer,
            oidc_subject,
        } => {
            if let Some(p) = &person {
                check_person(store, p).await?;
            }
            let sso = oidc_issuer.zip(oidc_subject);
            if let Some((issuer, subject)) = &sso {
                if !issuer.starts_with("https://") && !issuer.starts_with("http://") {
                    bail!("--oidc-issuer is the provider's issuer URL, exactly as in its tokens (https://…)");
                }
                if let Some(other) = store.user_by_oidc(issuer, subject).await? {
                    bail!(
                        "that identity ({subject} at {issuer}) is already linked to {}",
                        other.email
                    );
                }
            }
            let by = super::who(None);
            let id = if password_stdin {
                let mut password = String::new();
                std::io::stdin().read_to_string(&mut password)?;
                let password = password.trim_end_matches(['\n', '\r']);
                PasswordPolicy::default()
                    .check(password, &["assure", "children", "social"])
                    .map_err(|p| anyhow::anyhow!("{p}"))?;
                let hash = assure_auth::hash_password(password);
                let new = NewUser {
                    email: &email,
                    name: &name,
                    role: &role,
                    person_key: person.as_deref(),
                    password_hash: Some(&hash),
                    setup_code_hash: None,
                    setup_expires_at: None,
                    by: &by,
                };
                let id = store.create_user(&new, chrono::Utc::now()).await?;
                println!("Added account {id} for {email} ({role}).");
                id
            } else if sso.is_some() {
                // Single sign-on only: no password and no set-up code.
                let new = NewUser {
                    email: &email,
                    name: &name,
                    role: &role,
                    person_key: person.as_deref(),
                    password_hash: None,
                    setup_code_hash: None,
                    setup_expires_at: None,
                    by: &by,
                };
                let id = store.create_user(&new, chrono::Utc::now()).await?;
                println!("Added account {id} for {email} ({role}).");
                id
            } else {
                let code = assure_auth::new_session_id();
                let expires = chrono::Utc::now() + chrono::TimeDelta::days(SETUP_CODE_DAYS);
                let hash = assure_auth::token_hash(&code);
                let new = NewUser {
                    email: &email,
                    name: &name,
                    role: &role,
                    person_key: person.as_deref(),
                    password_hash: None,
                    setup_code_hash: Some(&hash),
                    setup_expires_at: Some(expires),
                    by: &by,
                };
                let id = store.create_user(&new, chrono::Utc::now()).await?;
                println!("Added account {id} for {email} ({role}).");
                println!(
                    "One-time set-up code (works once, until {}): {code}",
                    expires.format("%d %B %Y %H:%M UTC")
                );
                println!("They set their password at /set-password with this code.");
                id
            };
            if let Some((issuer, subject)) = &sso {
                store.link_oidc(id, issuer, subject, &by).await?;
                println!("Linked for single sign-on: subject {subject} at {issuer}.");
                println!("They sign in with \"Sign in with your organisation's account\".");
            }
        }
        UserCommand::List => {
            for u in store.list_users().await? {
                let sso = store.oidc_identity(u.id).await?.is_some();
                let state = if u.disabled {
                    "disabled"
                } else if u.password_hash.is_some() || sso {
                    "active"
                } else {
                    "waiting for first password"
                };
                println!(
                    "{:>4}  {}  {}  {}  person={}  second-factor={}  single-sign-on={}  {state}",
                    u.id,
                    u.email,
                    u.name,
                    u.role,
                    u.person_key.as_deref().unwrap_or("-"),
                    if u.totp_secret.is_some() { "on" } else { "off" },
                    if sso { "on" } else { "off" }
                );
            }
        }
    }
    Ok(())
}

/// The person must be someone in a plan, so "the actions they lead" means something.
async fn check_person(store: &Store, reference: &str) -> Result<()> {
    for summary in store.list_plans().await? {
        let plan = store.load_plan(summary.id).await?;
        if assure_plan::people::find(&plan.people, reference).is_some() {
            return Ok(());
        }
    }
    bail!("\"{reference}\" is not the name or initials of anyone in the plans' people (see `assure plan export --format toml`)")
}

pub async fn token(store: &Store, cmd: TokenCommand) -> Result<()> {
    let TokenCommand::Create { email, label } = cmd;
    let user = store
        .user_by_email(&email)
        .await?
        .with_context(|| format!("there is no account for {email}"))?;
    let token = assure_auth::new_api_token();
    store
        .create_api_token(user.id, &label, &token.hash, chrono::Utc::now())
        .await?;
    println!("{}", token.token);
    eprintln!("This token is shown once. Send it as: Authorization: Bearer TOKEN");
    Ok(())
}

pub async fn audit(store: &Store, cmd: AuditCommand) -> Result<()> {
    let AuditCommand::Export { format, output } = cmd;
    let events = store.audit_events(&AuditFilter::default()).await?;
    let text = if format == "json" {
        let rows: Vec<_> = events
            .iter()
            .rev()
            .map(|e| serde_json::json!({"id": e.id, "at": e.at, "actor": e.actor, "actor_user_id": e.actor_user_id, "action": e.action, "object_type": e.object_type, "object_id": e.object_id, "before": e.before_value, "after": e.after_value, "address": e.address, "detail": e.detail}))
            .collect();
        serde_json::to_string_pretty(&rows)? + "\n"
    } else {
        assure_web::audit_csv(events.iter().rev())
    };
    match output {
        Some(path) => std::fs::write(&path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
