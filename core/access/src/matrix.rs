//! The authorisation matrix as data: `permissions.toml`, embedded at compile time.
//!
//! Decisions are made by [`Role::grant`] (a match the compiler checks for completeness); this
//! module reads the file so tests (here, and the web crate's route-matrix tests) can prove the
//! code and the published matrix agree, and generate one case per cell.
//!
//! The file uses a small, fixed subset of TOML, read by a strict parser of its own so the core
//! needs no TOML library: a `[matrix]` table whose lines are
//! `permission-slug = { role-slug = "grant", ... }`, plus comments and blank lines. Anything
//! else, an unknown name, a repeated cell or a missing cell is an error.

use std::collections::BTreeMap;

use crate::role::{Grant, Permission, Role};

/// The matrix file, as shipped.
pub const MATRIX_TOML: &str = include_str!("../permissions.toml");

/// A problem in a matrix file. `line` is 1-based; 0 for a problem with the file as a whole
/// (a missing cell).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("permissions matrix line {line}: {message}")]
pub struct MatrixError {
    pub line: usize,
    pub message: String,
}

/// Every role × permission cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    cells: BTreeMap<(Permission, Role), Grant>,
}

impl Matrix {
    /// The matrix the code enforces.
    pub fn from_code() -> Matrix {
        let mut cells = BTreeMap::new();
        for p in Permission::ALL {
            for r in Role::ALL {
                cells.insert((p, r), r.grant(p));
            }
        }
        Matrix { cells }
    }

    /// The shipped `permissions.toml`, parsed. It is checked by this crate's tests, so a failure
    /// here cannot reach a release.
    pub fn shipped() -> Matrix {
        Matrix::parse(MATRIX_TOML).expect("permissions.toml is checked by the crate's tests")
    }

    pub fn grant(&self, role: Role, permission: Permission) -> Grant {
        // Deny by default, though a parsed matrix is always complete.
        self.cells
            .get(&(permission, role))
            .copied()
            .unwrap_or(Grant::Deny)
    }

    /// Every cell, permission-major.
    pub fn cells(&self) -> impl Iterator<Item = (Permission, Role, Grant)> + '_ {
        self.cells.iter().map(|(&(p, r), &g)| (p, r, g))
    }

    /// Cells where `self` and `other` differ, as (permission, role, self's grant, other's).
    pub fn differences(&self, other: &Matrix) -> Vec<(Permission, Role, Grant, Grant)> {
        let mut out = Vec::new();
        for p in Permission::ALL {
            for r in Role::ALL {
                let (a, b) = (self.grant(r, p), other.grant(r, p));
                if a != b {
                    out.push((p, r, a, b));
                }
            }
        }
        out
    }

    /// Parses the matrix file format described in the module documentation.
    pub fn parse(text: &str) -> Result<Matrix, MatrixError> {
        let mut cells = BTreeMap::new();
        let mut in_matrix = false;
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let err = |message: String| MatrixError {
                line: line_no,
                message,
            };
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with('[') {
                if line != "[matrix]" {
                    return Err(err(format!("expected [matrix], found {line}")));
                }
                if in_matrix {
                    return Err(err("[matrix] appears twice".into()));
                }
                in_matrix = true;
                continue;
            }
            if !in_matrix {
                return Err(err("a row before the [matrix] header".into()));
            }
            let (name, rest) = line
                .split_once('=')
                .ok_or_else(|| err("expected `permission = { role = \"grant\", ... }`".into()))?;
            let permission: Permission = name
                .trim()
                .parse()
                .map_err(|e: crate::UnknownName| err(e.to_string()))?;
            let rest = rest.trim();
            let body = rest
                .strip_prefix('{')
                .and_then(|r| r.strip_suffix('}'))
                .ok_or_else(|| err("expected an inline table { ... }".into()))?;
            if cells.keys().any(|(p, _)| *p == permission) {
                return Err(err(format!("permission {permission} appears twice")));
            }
            for item in body.split(',') {
                let item = item.trim();
                if item.is_empty() {
                    return Err(err("empty entry in the inline table".into()));
                }
                let (role, grant) = item
                    .split_once('=')
                    .ok_or_else(|| err(format!("expected `role = \"grant\"`, found {item}")))?;
                let role: Role = role
                    .trim()
                    .parse()
                    .map_err(|e: crate::UnknownName| err(e.to_string()))?;
                let grant = grant
                    .trim()
                    .strip_prefix('"')
                    .and_then(|g| g.strip_suffix('"'))
                    .ok_or_else(|| err(format!("the grant for {role} must be quoted")))?;
                let grant: Grant = grant
                    .parse()
                    .map_err(|e: crate::UnknownName| err(e.to_string()))?;
                if cells.insert((permission, role), grant).is_some() {
                    return Err(err(format!("{permission} × {role} appears twice")));
                }
            }
        }
        for p in Permission::ALL {
            for r in Role::ALL {
                if !cells.contains_key(&(p, r)) {
                    return Err(MatrixError {
                        line: 0,
                        message: format!("no cell for {p} × {r}"),
                    });
                }
            }
        }
        Ok(Matrix { cells })
    }
}

/// Drops a `#` comment that is not inside a quoted string.
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_parses_and_is_complete() {
        let m = Matrix::parse(MATRIX_TOML).unwrap();
        assert_eq!(m.cells().count(), Role::ALL.len() * Permission::ALL.len());
    }

    #[test]
    fn code_and_matrix_file_agree_on_every_cell() {
        let file = Matrix::shipped();
        let code = Matrix::from_code();
        for p in Permission::ALL {
            for r in Role::ALL {
                assert_eq!(
                    file.grant(r, p),
                    r.grant(p),
                    "permissions.toml and Role::grant disagree on {p} × {r}"
                );
            }
        }
        assert!(file.differences(&code).is_empty());
        assert_eq!(file, code);
    }

    #[test]
    fn matrix_rows_follow_permission_order() {
        // Keeps the file readable: rows in the order of Permission::ALL, columns in Role::ALL.
        let rows: Vec<&str> = MATRIX_TOML
            .lines()
            .map(|l| strip_comment(l).trim())
            .filter(|l| l.contains('{'))
            .collect();
        assert_eq!(rows.len(), Permission::ALL.len());
        for (row, p) in rows.iter().zip(Permission::ALL) {
            assert!(row.starts_with(p.slug()), "{row} should be {p}");
            let mut at = 0;
            for r in Role::ALL {
                let needle = format!(" {} = ", r.slug());
                let found = row[at..].find(&needle).expect("role column in order");
                at += found + needle.len();
            }
        }
    }

    #[test]
    fn a_changed_cell_is_reported() {
        let tampered = MATRIX_TOML.replacen(
            "edit-plan               = { admin = \"deny\"",
            "edit-plan               = { admin = \"allow\"",
            1,
        );
        assert_ne!(tampered, MATRIX_TOML);
        let m = Matrix::parse(&tampered).unwrap();
        assert_eq!(
            m.differences(&Matrix::from_code()),
            vec![(Permission::EditPlan, Role::Admin, Grant::Allow, Grant::Deny)]
        );
    }

    fn parse_err(text: &str) -> MatrixError {
        Matrix::parse(text).unwrap_err()
    }

    #[test]
    fn malformed_files_are_refused() {
        let full = MATRIX_TOML;
        // A missing row.
        let missing = full
            .lines()
            .filter(|l| !l.starts_with("manage-settings"))
            .collect::<Vec<_>>()
            .join("\n");
        let e = parse_err(&missing);
        assert_eq!(e.line, 0);
        assert!(e.message.contains("manage-settings"), "{e}");

        // A missing column.
        let e = parse_err(&full.replacen("viewer = \"deny\",", "", 1));
        assert_eq!(e.line, 0);

        // A repeated row.
        let repeated = format!("{full}\nview-plan = {{ admin = \"allow\" }}\n");
        assert!(parse_err(&repeated).message.contains("twice"));

        // Unknown names and grants.
        assert!(parse_err(&full.replacen("view-plan ", "view-all ", 1))
            .message
            .contains("unknown permission"));
        assert!(
            parse_err(&full.replacen("viewer = \"allow\"", "board = \"allow\"", 1))
                .message
                .contains("unknown role")
        );
        assert!(
            parse_err(&full.replacen("admin = \"allow\"", "admin = \"yes\"", 1))
                .message
                .contains("unknown grant")
        );
        assert!(
            parse_err(&full.replacen("admin = \"allow\"", "admin = allow", 1))
                .message
                .contains("quoted")
        );
        assert!(parse_err(&full.replacen("[matrix]", "[roles]", 1))
            .message
            .contains("[matrix]"));
        assert!(parse_err("view-plan = { admin = \"allow\" }")
            .message
            .contains("before the [matrix]"));
        let e = parse_err(&full.replacen(
            "view-plan               = {",
            "view-plan               = {,",
            1,
        ));
        assert!(e.message.contains("empty entry"), "{e}");
        assert!(e.line > 1);
    }

    #[test]
    fn comments_and_blank_lines_are_ignored() {
        let mut text = String::from("# heading\n\n[matrix] # the table\n");
        for p in Permission::ALL {
            let cols: Vec<String> = Role::ALL
                .iter()
                .map(|r| format!("{r} = \"{}\"", r.grant(p)))
                .collect();
            text.push_str(&format!("{p} = {{ {} }} # row\n\n", cols.join(", ")));
        }
        assert_eq!(Matrix::parse(&text).unwrap(), Matrix::from_code());
    }
}
