//! Creating and editing the plan in the browser: plans, their people, areas, actions and
//! milestones. Every form is a plain POST → redirect → GET: invalid input comes back with a
//! GOV.UK error summary and field errors (400) and changes nothing; each edit carries the row
//! version, and a stale save shows the current values beside the attempted ones (409) with a
//! form to save the change on top. The store writes each change and its audit event (before
//! and after) in one transaction.
//!
//! Plan owners edit everything (`EditPlan`); an action lead may add and edit milestones of
//! the actions they lead (`UpdateOwnAction` with the object check).

mod actions;
mod areas;
mod milestones;
mod plans;

pub(crate) use actions::{
    submit_edit_action, submit_new_action, view_edit_action, view_new_action,
};
pub(crate) use areas::{submit_edit_area, submit_new_area, view_edit_area, view_new_area};
pub(crate) use milestones::{
    submit_edit_milestone, submit_new_milestone, view_edit_milestone, view_new_milestone,
};
pub(crate) use plans::{
    submit_edit_plan, submit_new_plan, submit_person, view_edit_plan, view_new_plan,
};

use crate::auth::CurrentUser;
use crate::{AppError, AppState};
use assure_access::{allows, Permission, Resource};
use assure_plan::{Action, Plan};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;
use std::collections::BTreeMap;

/// A posted form: every name and value in order, repeated names (checkboxes) kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fields(Vec<(String, String)>);

impl Fields {
    pub(crate) fn new(pairs: Vec<(String, String)>) -> Fields {
        Fields(pairs)
    }

    /// The first value given for `name`, or "".
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every non-blank value given for `name`, trimmed.
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// The named fields as the form shows them again.
    fn values(&self, names: &[&str]) -> BTreeMap<String, String> {
        names
            .iter()
            .map(|n| (n.to_string(), self.get(n).to_string()))
            .collect()
    }

    /// What to post again on top of `version`: everything sent, with the new version.
    fn retry(&self, version: i64) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .0
            .iter()
            .filter(|(k, _)| k != "version")
            .cloned()
            .collect();
        out.push(("version".into(), version.to_string()));
        out
    }
}

/// Field errors in page order: (field id, message).
type Errors = Vec<(&'static str, String)>;

/// A required one-line text.
fn required(fields: &Fields, name: &'static str, message: &str, errors: &mut Errors) -> String {
    let v = fields.get(name).trim();
    if v.is_empty() {
        errors.push((name, message.to_string()));
    } else if v.chars().count() > 10_000 {
        errors.push((name, "This must be 10,000 characters or fewer".to_string()));
    }
    v.to_string()
}

/// An optional date, as 31/03/2011 or 2011-03-31.
fn date_field(
    fields: &Fields,
    name: &'static str,
    label: &str,
    errors: &mut Errors,
) -> Option<NaiveDate> {
    let text = fields.get(name).trim();
    if text.is_empty() {
        return None;
    }
    match crate::editing::parse_date(text) {
        Some(d) if (1900..=2200).contains(&d.year()) => Some(d),
        Some(_) => {
            errors.push((
                name,
                format!("Enter the year of the {label} in full, for example 31/03/2011"),
            ));
            None
        }
        None => {
            errors.push((
                name,
                format!("Enter the {label} as a real date, for example 31/03/2011"),
            ));
            None
        }
    }
}

/// A list typed one item per line; blank lines dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The row version the form carried; its absence means the form was not ours.
fn version_field(fields: &Fields, first_field: &'static str, errors: &mut Errors) -> i64 {
    match fields.get("version").trim().parse::<i64>() {
        Ok(v) => v,
        Err(_) => {
            errors.push((
                first_field,
                "The form was incomplete: open it again from its page and save".into(),
            ));
            0
        }
    }
}

/// How a form shows a date.
fn show_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// Which field a store refusal is about, from its message.
fn invalid_field(
    message: &str,
    candidates: &[(&str, &'static str)],
    default: &'static str,
) -> &'static str {
    candidates
        .iter()
        .find(|(word, _)| message.contains(word))
        .map_or(default, |(_, field)| field)
}

/// A store refusal as the sentence a page shows: capitalised, without a field prefix.
fn sentence(message: &str) -> String {
    let text = message
        .split_once(": ")
        .filter(|(head, _)| !head.contains(' ') || head.ends_with("criteria"))
        .map_or(message, |(_, rest)| rest);
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

async fn deny(
    state: &AppState,
    user: &CurrentUser,
    object_type: &str,
    object_id: i64,
    detail: &str,
) -> AppError {
    let event = assure_store::AuditEvent {
        actor_user_id: Some(user.user.id),
        actor: user.actor(),
        action: "permission.denied".into(),
        object_type: object_type.into(),
        object_id: Some(object_id.to_string()),
        detail: Some(detail.into()),
        ..Default::default()
    };
    match state.store.record(&event, state.now()).await {
        Ok(()) => AppError::Forbidden,
        Err(e) => e.into(),
    }
}

/// Plan owners only (the route guard has checked the role; this is the object check).
async fn require_edit_plan(
    state: &AppState,
    user: &CurrentUser,
    object_type: &str,
    object_id: i64,
) -> Result<(), AppError> {
    if allows(&user.subject(), Permission::EditPlan, &Resource::Plan).is_allowed() {
        Ok(())
    } else {
        Err(deny(state, user, object_type, object_id, "may not edit the plan").await)
    }
}

/// Milestones: plan owners on any action, action leads on the actions they lead.
async fn require_update_action(
    state: &AppState,
    user: &CurrentUser,
    action: &Action,
) -> Result<(), AppError> {
    let subject = user.subject();
    let resource = Resource::Action {
        leads: action.leads.clone(),
    };
    if allows(&subject, Permission::EditPlan, &Resource::Plan).is_allowed()
        || allows(&subject, Permission::UpdateOwnAction, &resource).is_allowed()
    {
        Ok(())
    } else {
        Err(deny(
            state,
            user,
            "action",
            action.id.unwrap_or_default(),
            "not a lead of this action",
        )
        .await)
    }
}

/// Whether this user may edit the plan itself, for showing links.
pub(crate) fn can_edit_plan(user: Option<&CurrentUser>) -> bool {
    user.is_some_and(|u| allows(&u.subject(), Permission::EditPlan, &Resource::Plan).is_allowed())
}

/// Input saved when the session ended mid-edit, offered again on the form's page.
async fn restored(
    state: &AppState,
    user: &CurrentUser,
    path: &str,
) -> Result<Option<Fields>, AppError> {
    Ok(state
        .store
        .take_draft(user.user.id, path)
        .await?
        .and_then(|json| serde_json::from_str::<Vec<(String, String)>>(&json).ok())
        .map(Fields))
}

fn page(
    state: &AppState,
    template: &str,
    ctx: minijinja::Value,
    status: StatusCode,
) -> Result<Response, AppError> {
    let html = crate::templates::render(&state.templates, template, ctx)?;
    Ok((status, Html(html)).into_response())
}

/// A checkbox option for one of the plan's people.
#[derive(Serialize)]
struct PersonOption {
    key: String,
    label: String,
}

fn people_options(plan: &Plan) -> Vec<PersonOption> {
    plan.people
        .iter()
        .map(|p| PersonOption {
            key: p.key().to_string(),
            label: match &p.initials {
                Some(i) if !p.name.contains(i.as_str()) => format!("{} ({i})", p.name),
                _ => p.name.clone(),
            },
        })
        .collect()
}

/// Ticked references as the plan's keys, so a restored or re-shown form ticks the right boxes.
fn keys_of(plan: &Plan, refs: &[String]) -> Vec<String> {
    refs.iter()
        .map(|r| {
            assure_plan::people::find(&plan.people, r).map_or(r.clone(), |p| p.key().to_string())
        })
        .collect()
}

/// One row of the conflict page: the value now and the value this user tried to save.
#[derive(Serialize)]
struct ConflictRow {
    label: &'static str,
    now: Vec<String>,
    yours: Vec<String>,
    differs: bool,
}

fn row(label: &'static str, now: Vec<String>, yours: Vec<String>) -> ConflictRow {
    let differs = now != yours;
    ConflictRow {
        label,
        now,
        yours,
        differs,
    }
}

fn one(text: &str) -> Vec<String> {
    if text.trim().is_empty() {
        vec![]
    } else {
        vec![text.trim().to_string()]
    }
}

/// The conflict page (409): what is there now beside the attempted change, and a form that
/// posts the change again on top of the current version.
struct Conflict<'a> {
    what: &'static str,
    current_version: i64,
    rows: Vec<ConflictRow>,
    action_url: String,
    retry: Vec<(String, String)>,
    back_url: String,
    state: &'a AppState,
}

impl Conflict<'_> {
    fn render(self) -> Result<Response, AppError> {
        page(
            self.state,
            "edit_conflict.html",
            context! {
                what => self.what,
                current_version => self.current_version,
                rows => Serde(&self.rows),
                action_url => self.action_url,
                retry => Serde(&self.retry),
                back_url => self.back_url,
            },
            StatusCode::CONFLICT,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_messages_read_as_sentences() {
        assert_eq!(
            sentence("leads: \"ZZ\" is not the name"),
            "\"ZZ\" is not the name"
        );
        assert_eq!(
            sentence("area number 1 is already used in this plan"),
            "Area number 1 is already used in this plan"
        );
    }

    #[test]
    fn lists_are_one_item_per_line() {
        assert_eq!(lines(" a \r\n\r\nb\n"), ["a", "b"]);
    }
}
