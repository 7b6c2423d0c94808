//! Page templates, compiled into the binary.

use minijinja::{context, Environment};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("overview.html", include_str!("../templates/overview.html")),
    ("area.html", include_str!("../templates/area.html")),
    ("action.html", include_str!("../templates/action.html")),
    ("error.html", include_str!("../templates/error.html")),
    (
        "accessibility.html",
        include_str!("../templates/accessibility.html"),
    ),
    (
        "performance_macros.html",
        include_str!("../templates/performance_macros.html"),
    ),
    (
        "performance.html",
        include_str!("../templates/performance.html"),
    ),
    (
        "performance_indicator.html",
        include_str!("../templates/performance_indicator.html"),
    ),
];

/// Sign-in, account and editing pages.
const ACCOUNT_TEMPLATES: &[(&str, &str)] = &[
    ("sign_in.html", include_str!("../templates/sign_in.html")),
    (
        "set_password.html",
        include_str!("../templates/set_password.html"),
    ),
    (
        "second_factor.html",
        include_str!("../templates/second_factor.html"),
    ),
    ("enrol.html", include_str!("../templates/enrol.html")),
    (
        "recovery_codes.html",
        include_str!("../templates/recovery_codes.html"),
    ),
    (
        "action_status.html",
        include_str!("../templates/action_status.html"),
    ),
    ("conflict.html", include_str!("../templates/conflict.html")),
    (
        "error_summary.html",
        include_str!("../templates/error_summary.html"),
    ),
    ("account.html", include_str!("../templates/account.html")),
    (
        "admin_users.html",
        include_str!("../templates/admin_users.html"),
    ),
    (
        "admin_audit.html",
        include_str!("../templates/admin_audit.html"),
    ),
    ("datasets.html", include_str!("../templates/datasets.html")),
    ("dataset.html", include_str!("../templates/dataset.html")),
    (
        "drill_down.html",
        include_str!("../templates/drill_down.html"),
    ),
    (
        "edit_macros.html",
        include_str!("../templates/edit_macros.html"),
    ),
    (
        "edit_plan.html",
        include_str!("../templates/edit_plan.html"),
    ),
    (
        "edit_area.html",
        include_str!("../templates/edit_area.html"),
    ),
    (
        "edit_action.html",
        include_str!("../templates/edit_action.html"),
    ),
    (
        "edit_milestone.html",
        include_str!("../templates/edit_milestone.html"),
    ),
    (
        "edit_conflict.html",
        include_str!("../templates/edit_conflict.html"),
    ),
];

pub fn environment() -> Environment<'static> {
    let mut env = assure_report::environment();
    env.add_function("viewer", crate::viewer::current);
    for (name, source) in TEMPLATES.iter().chain(ACCOUNT_TEMPLATES) {
        env.add_template(name, source).expect("templates compile");
    }
    env
}

pub fn render(
    env: &Environment<'static>,
    name: &str,
    ctx: minijinja::Value,
) -> Result<String, crate::AppError> {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| crate::AppError::Internal(format!("template {name}: {e:#}")))
}

/// The error page, rendered without request state so it can never fail itself.
pub fn error_page(title: &str, message: &str) -> String {
    static ENV: std::sync::OnceLock<Environment<'static>> = std::sync::OnceLock::new();
    ENV.get_or_init(environment)
        .get_template("error.html")
        .and_then(|t| t.render(context! { title, message, error_title => true }))
        .unwrap_or_else(|_| {
            format!(
                "<!DOCTYPE html><html lang=\"en\"><title>{title}</title><h1>{title}</h1></html>"
            )
        })
}
