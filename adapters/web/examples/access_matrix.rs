//! Prints the role × route matrix from the route table, for review in a pull request:
//!   cargo run -p assure-web --example access_matrix > adapters/web/access-matrix.toml
//! A test fails while the committed file and the code disagree.

use assure_access::{Grant, Role};
use assure_web::access::Access;

fn main() {
    println!(
        "# Who may use each route: generated from the route table (see examples/access_matrix.rs),"
    );
    println!("# reviewed by people, and checked against the code and the running app by tests/access.rs.");
    println!(
        "# \"own\" permissions (an action lead and the actions they lead) show as allow here; the"
    );
    println!("# object-level check is tested separately.");
    for route in assure_web::routes::table() {
        println!();
        println!("[[route]]");
        println!("method = \"{}\"", route.method);
        println!("path = \"{}\"", route.path);
        println!("access = \"{}\"", route.access.describe());
        let anonymous = matches!(route.access, Access::Public);
        println!(
            "anonymous = \"{}\"",
            if anonymous { "allow" } else { "deny" }
        );
        for role in Role::ALL {
            let allowed = match route.access {
                Access::Public | Access::SignedIn => true,
                Access::Requires(p) => role.grant(p) != Grant::Deny,
            };
            println!("{role} = \"{}\"", if allowed { "allow" } else { "deny" });
        }
    }
}
