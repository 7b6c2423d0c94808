//! Every route, with what it needs. The router is built from this table only, so a route
//! cannot exist without a declared access rule; tests walk the table against the
//! machine-readable matrix in `access-matrix.toml`.

use crate::access::Access::{self, Public, Requires, SignedIn};
use crate::{account, admin, api, auth, datasets, editing, pages, performance, AppState};
use assure_access::Permission as P;
use axum::http::Method;
use axum::routing::{get, patch, post, MethodRouter};

pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub handler: MethodRouter<AppState>,
}

fn r(method: Method, path: &'static str, access: Access, handler: MethodRouter<AppState>) -> Route {
    Route {
        method,
        path,
        access,
        handler,
    }
}

pub fn table() -> Vec<Route> {
    use Method as M;
    vec![
        // Signing in and the public pages.
        r(M::GET, "/sign-in", Public, get(auth::pages::view_sign_in)),
        r(
            M::POST,
            "/sign-in",
            Public,
            post(auth::pages::submit_sign_in),
        ),
        r(
            M::GET,
            "/set-password",
            Public,
            get(auth::pages::view_set_password),
        ),
        r(
            M::POST,
            "/set-password",
            Public,
            post(auth::pages::submit_set_password),
        ),
        r(
            M::GET,
            "/accessibility",
            Public,
            get(pages::view_accessibility),
        ),
        r(M::GET, "/health", Public, get(|| async { "ok" })),
        r(M::GET, "/api/openapi.json", Public, get(api::openapi)),
        // Any signed-in user.
        r(M::POST, "/sign-out", SignedIn, post(auth::pages::sign_out)),
        r(
            M::POST,
            "/session/keep-alive",
            SignedIn,
            post(auth::pages::keep_alive),
        ),
        r(
            M::GET,
            "/sign-in/second-factor",
            SignedIn,
            get(auth::second_factor::view_verify),
        ),
        r(
            M::POST,
            "/sign-in/second-factor",
            SignedIn,
            post(auth::second_factor::submit_verify),
        ),
        r(
            M::GET,
            "/account/second-factor",
            Requires(P::ManageOwnAccount),
            get(auth::second_factor::view_enrol),
        ),
        r(
            M::POST,
            "/account/second-factor",
            Requires(P::ManageOwnAccount),
            post(auth::second_factor::submit_enrol),
        ),
        r(
            M::GET,
            "/account",
            Requires(P::ManageOwnAccount),
            get(account::view_account),
        ),
        r(
            M::POST,
            "/account/tokens",
            Requires(P::ManageOwnApiTokens),
            post(account::create_token),
        ),
        r(
            M::POST,
            "/account/tokens/{token_id}/revoke",
            Requires(P::ManageOwnApiTokens),
            post(account::revoke_token),
        ),
        // The plan.
        r(M::GET, "/", Requires(P::ViewPlan), get(pages::view_home)),
        r(
            M::GET,
            "/plans",
            Requires(P::ViewPlan),
            get(pages::view_plans),
        ),
        r(
            M::GET,
            "/plans/{plan_id}",
            Requires(P::ViewPlan),
            get(pages::view_overview),
        ),
        r(
            M::GET,
            "/plans/{plan_id}/areas/{area_id}",
            Requires(P::ViewPlan),
            get(pages::view_area),
        ),
        r(
            M::GET,
            "/actions/{action_id}",
            Requires(P::ViewPlan),
            get(pages::view_action),
        ),
        r(
            M::GET,
            "/plans/{plan_id}/board-paper/{format}",
            Requires(P::ViewPlan),
            get(pages::download_board_paper),
        ),
        r(
            M::GET,
            "/plans/{plan_id}/export/{format}",
            Requires(P::ViewPlan),
            get(pages::download_plan),
        ),
        // Updating an action: its leads, and plan owners.
        r(
            M::GET,
            "/actions/{action_id}/status",
            Requires(P::UpdateOwnAction),
            get(editing::view_status_form),
        ),
        r(
            M::POST,
            "/actions/{action_id}/status",
            Requires(P::UpdateOwnAction),
            post(editing::submit_status),
        ),
        r(
            M::POST,
            "/actions/{action_id}/evaluations",
            Requires(P::UpdateOwnAction),
            post(editing::submit_evaluation),
        ),
        r(
            M::POST,
            "/milestones/{milestone_id}/complete",
            Requires(P::UpdateOwnAction),
            post(editing::submit_milestone),
        ),
        // Administration.
        r(
            M::GET,
            "/admin/users",
            Requires(P::ManageUsers),
            get(admin::view_users),
        ),
        r(
            M::POST,
            "/admin/users",
            Requires(P::ManageUsers),
            post(admin::create_user),
        ),
        r(
            M::GET,
            "/admin/audit",
            Requires(P::ViewAuditTrail),
            get(admin::view_audit),
        ),
        r(
            M::GET,
            "/admin/audit.csv",
            Requires(P::ExportAuditTrail),
            get(admin::export_audit),
        ),
        // The JSON API.
        r(
            M::GET,
            "/api/v1/plans",
            Requires(P::ViewPlan),
            get(api::list_plans),
        ),
        r(
            M::GET,
            "/api/v1/plans/{plan_id}",
            Requires(P::ViewPlan),
            get(api::get_plan),
        ),
        r(
            M::GET,
            "/api/v1/actions/{action_id}",
            Requires(P::ViewPlan),
            get(api::get_action),
        ),
        r(
            M::PATCH,
            "/api/v1/actions/{action_id}",
            Requires(P::UpdateOwnAction),
            patch(api::patch_action),
        ),
        // Datasets: the validation report is aggregate; child ids only for child-level roles.
        r(
            M::GET,
            "/datasets",
            Requires(P::ViewDatasets),
            get(datasets::view_datasets),
        ),
        r(
            M::POST,
            "/datasets",
            Requires(P::ImportDatasets),
            post(datasets::upload),
        ),
        r(
            M::GET,
            "/datasets/{dataset_id}",
            Requires(P::ViewDatasets),
            get(datasets::view_dataset),
        ),
        r(
            M::POST,
            "/datasets/{dataset_id}/delete",
            Requires(P::DeleteDatasets),
            post(datasets::delete),
        ),
        r(
            M::GET,
            "/performance/indicators/{id}/children",
            Requires(P::ViewChildLevelData),
            get(datasets::view_children),
        ),
        // Performance: aggregates only, for everyone allowed the datasets' figures.
        r(
            M::GET,
            "/performance",
            Requires(P::ViewDatasets),
            get(performance::view_dashboard),
        ),
        r(
            M::GET,
            "/performance/{file}",
            Requires(P::ViewDatasets),
            get(performance::download_dashboard_table),
        ),
        r(
            M::GET,
            "/performance/indicators/{id}",
            Requires(P::ViewDatasets),
            get(performance::view_indicator),
        ),
        r(
            M::GET,
            "/performance/indicators/{id}/{file}",
            Requires(P::ViewDatasets),
            get(performance::download_indicator_table),
        ),
    ]
}
