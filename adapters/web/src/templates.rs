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
];

pub fn environment() -> Environment<'static> {
    let mut env = assure_report::environment();
    for (name, source) in TEMPLATES {
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
