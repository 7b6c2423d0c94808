//! The JSON API under /api/v1: read the plan, update an action's status or leads.
//! Writes use optimistic concurrency: `ETag: "v<version>"`, `If-Match` required (428
//! without it, 412 when stale).

use crate::auth::CurrentUser;
use crate::AppState;
use assure_access::{allows, Permission, Resource};
use assure_plan::{Action, Status};
use assure_store::{StatusEdit, StoreError};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::json;

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"error": code, "message": message}))).into_response()
}

fn store_error(e: StoreError) -> Response {
    match e {
        StoreError::NotFound { .. } => error(StatusCode::NOT_FOUND, "not_found", "No such object."),
        StoreError::Conflict { current, .. } => error(StatusCode::PRECONDITION_FAILED, "stale", &format!("The action has changed (now version {current}); fetch it again and reapply your change.")),
        StoreError::Invalid(m) => error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", &m),
        other => {
            tracing::error!(error = %other, "API request failed");
            error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong.")
        }
    }
}

pub async fn list_plans(State(state): State<AppState>) -> Response {
    match state.store.list_plans().await {
        Ok(plans) => Json(plans.into_iter().map(|p| json!({"id": p.id, "title": p.title, "organisation": p.organisation, "version": p.version, "areas": p.areas, "actions": p.actions})).collect::<Vec<_>>()).into_response(),
        Err(e) => store_error(e),
    }
}

pub async fn get_plan(State(state): State<AppState>, Path(plan_id): Path<i64>) -> Response {
    match state.store.load_plan(plan_id).await {
        Ok(plan) => Json(plan).into_response(),
        Err(e) => store_error(e),
    }
}

async fn find_action(state: &AppState, action_id: i64) -> Result<Action, StoreError> {
    let plan_id = state.store.plan_of_action(action_id).await?;
    let plan = state.store.load_plan(plan_id).await?;
    let action = plan
        .actions()
        .find(|(_, a)| a.id == Some(action_id))
        .map(|(_, a)| a.clone());
    action.ok_or(StoreError::NotFound {
        what: "action",
        id: action_id,
    })
}

fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

pub async fn get_action(State(state): State<AppState>, Path(action_id): Path<i64>) -> Response {
    match find_action(&state, action_id).await {
        Ok(action) => (
            [(header::ETAG, etag(action.version.unwrap_or(1)))],
            Json(action),
        )
            .into_response(),
        Err(e) => store_error(e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPatch {
    status: Option<String>,
    reason: Option<String>,
    leads: Option<Vec<String>>,
}

pub async fn patch_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(action_id): Path<i64>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(if_match) = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) else {
        return error(
            StatusCode::PRECONDITION_REQUIRED,
            "if_match_required",
            "Send If-Match with the action's ETag.",
        );
    };
    let Some(expected) = if_match
        .trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .strip_prefix('v')
        .and_then(|v| v.parse::<i64>().ok())
    else {
        return error(
            StatusCode::PRECONDITION_FAILED,
            "stale",
            "If-Match does not name a version of this action.",
        );
    };
    let patch: ActionPatch = match serde_json::from_slice(&body) {
        Ok(p) => p,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad_json",
                &format!("The body is not a valid action change: {e}"),
            )
        }
    };
    let action = match find_action(&state, action_id).await {
        Ok(a) => a,
        Err(e) => return store_error(e),
    };
    // Check the version before anything else, so a stale request changes nothing.
    if action.version != Some(expected) {
        return error(
            StatusCode::PRECONDITION_FAILED,
            "stale",
            &format!(
                "The action is at version {}; fetch it again.",
                action.version.unwrap_or(1)
            ),
        );
    }
    let subject = user.subject();
    let by = user.actor();
    let mut version = expected;
    if let Some(leads) = &patch.leads {
        if !allows(&subject, Permission::EditPlan, &Resource::Plan).is_allowed() {
            return error(
                StatusCode::FORBIDDEN,
                "forbidden",
                "Only a plan owner can change an action's leads.",
            );
        }
        match state
            .store
            .set_action_leads(action_id, version, leads, &by)
            .await
        {
            Ok(v) => version = v,
            Err(e) => return store_error(e),
        }
    }
    if let Some(status) = &patch.status {
        if !allows(
            &subject,
            Permission::UpdateOwnAction,
            &Resource::Action {
                leads: action.leads.clone(),
            },
        )
        .is_allowed()
        {
            return error(
                StatusCode::FORBIDDEN,
                "forbidden",
                "You can change the status only of actions you lead.",
            );
        }
        let Ok(to) = status.parse::<Status>() else {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                &format!("status \"{status}\" is not one of Blue, Green, Amber, Red, Not rated"),
            );
        };
        let reason = patch.reason.clone().unwrap_or_default();
        let edit = StatusEdit {
            action_id,
            expected_version: version,
            to,
            by: &by,
            reason: &reason,
            at: state.now(),
        };
        match state.store.change_status(&edit).await {
            Ok(v) => version = v,
            Err(e) => return store_error(e),
        }
    }
    if patch.status.is_none() && patch.leads.is_none() {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "Send a status (with a reason) or leads.",
        );
    }
    match find_action(&state, action_id).await {
        Ok(a) => ([(header::ETAG, etag(version))], Json(a)).into_response(),
        Err(e) => store_error(e),
    }
}

/// The OpenAPI 3.1 description of this API.
pub async fn openapi() -> Response {
    Json(openapi_document()).into_response()
}

pub fn openapi_document() -> serde_json::Value {
    let action_id =
        json!({"name": "action_id", "in": "path", "required": true, "schema": {"type": "integer"}});
    let plan_id =
        json!({"name": "plan_id", "in": "path", "required": true, "schema": {"type": "integer"}});
    let err = json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Assure API", "version": "1", "description": "Improvement plans: read plans and actions; change an action's status (with a reason) or leads. Authenticate with a session or a personal API token (Authorization: Bearer). Writes need If-Match."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/api/v1/plans": {"get": {"summary": "List plans", "operationId": "listPlans", "responses": {"200": {"description": "Plans", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/PlanSummary"}}}}}, "401": err.clone()}}},
            "/api/v1/plans/{plan_id}": {"get": {"summary": "A plan with its areas and actions, with ids", "operationId": "getPlan", "parameters": [plan_id], "responses": {"200": {"description": "The plan in Assure's complete JSON format (docs/plan.schema.json)", "content": {"application/json": {"schema": {"type": "object"}}}}, "401": err.clone(), "404": err.clone()}}},
            "/api/v1/actions/{action_id}": {
                "get": {"summary": "An action", "operationId": "getAction", "parameters": [action_id.clone()], "responses": {"200": {"description": "The action", "headers": {"ETag": {"schema": {"type": "string"}, "description": "\"v<version>\""}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Action"}}}}, "401": err.clone(), "404": err.clone()}},
                "patch": {"summary": "Change an action's status (with a reason) or its leads", "operationId": "patchAction", "parameters": [action_id, {"name": "If-Match", "in": "header", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionPatch"}}}},
                    "responses": {"200": {"description": "The changed action", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Action"}}}}, "400": err.clone(), "401": err.clone(), "403": err.clone(), "404": err.clone(), "412": err.clone(), "422": err.clone(), "428": err}}
            }
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}, "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE}},
            "schemas": {
                "Error": {"type": "object", "required": ["error", "message"], "properties": {"error": {"type": "string"}, "message": {"type": "string"}}},
                "PlanSummary": {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "organisation": {"type": "string"}, "version": {"type": "integer"}, "areas": {"type": "integer"}, "actions": {"type": "integer"}}},
                "Status": {"enum": ["Blue", "Green", "Amber", "Red", "Not rated"]},
                "Action": {"type": "object", "required": ["text", "status"], "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}, "number": {"type": "string"}, "text": {"type": "string"}, "status": {"$ref": "#/components/schemas/Status"}, "leads": {"type": "array", "items": {"type": "string"}}, "due": {"type": "string", "format": "date"}, "milestones": {"type": "array"}, "evaluations": {"type": "array"}, "history": {"type": "array"}}},
                "ActionPatch": {"type": "object", "additionalProperties": false, "properties": {"status": {"$ref": "#/components/schemas/Status"}, "reason": {"type": "string", "minLength": 1}, "leads": {"type": "array", "items": {"type": "string"}}}}
            }
        }
    })
}
