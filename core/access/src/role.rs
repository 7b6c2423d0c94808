//! Roles, permissions and the grant table that joins them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A name that is not one of the known role or permission slugs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {name:?}")]
pub struct UnknownName {
    /// "role" or "permission".
    pub kind: &'static str,
    pub name: String,
}

/// What a user account is for. One role per account: a person who needs two (say, an admin who
/// also owns the plan) has two accounts, so everyday work never runs with admin rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Manages user accounts and settings, reads the audit trail. Can read the plan (to link
    /// accounts to the people in it) but cannot edit it or see any data set.
    Admin,
    /// Edits a plan and all its areas, actions and milestones; assigns owners and leads.
    PlanOwner,
    /// Updates evaluation, status and milestones of the actions they lead; reads the rest.
    ActionLead,
    /// Read only: board members and others who follow the plan and the indicators.
    Viewer,
    /// Imports child-level data sets and works with them; reads the plan.
    DataAnalyst,
}

impl Role {
    /// Every role, in the order the matrix file lists them.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::PlanOwner,
        Role::ActionLead,
        Role::Viewer,
        Role::DataAnalyst,
    ];

    /// The stable machine name, as stored in the database and written in `permissions.toml`.
    pub fn slug(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PlanOwner => "plan-owner",
            Role::ActionLead => "action-lead",
            Role::Viewer => "viewer",
            Role::DataAnalyst => "data-analyst",
        }
    }

    /// The name shown to people ("Plan owner").
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::PlanOwner => "Plan owner",
            Role::ActionLead => "Action lead",
            Role::Viewer => "Viewer",
            Role::DataAnalyst => "Data analyst",
        }
    }

    /// What this role holds of `permission`, before any object-level check.
    ///
    /// This match is the authorisation table. It is exhaustive with no wildcard arm, so a new
    /// permission does not compile until every role has been given a grant for it, and the
    /// matrix test then fails until `permissions.toml` says the same.
    pub fn grant(self, permission: Permission) -> Grant {
        use Grant::{Allow, Deny, Own};
        use Permission as P;
        // Columns: admin, plan owner, action lead, viewer, data analyst.
        let row: [Grant; 5] = match permission {
            P::ViewPlan => [Allow, Allow, Allow, Allow, Allow],
            P::EditPlan => [Deny, Allow, Deny, Deny, Deny],
            P::UpdateOwnAction => [Deny, Allow, Own, Deny, Deny],
            // The datasets page is for data analysts and administrators (aggregates only).
            P::ViewDatasets => [Allow, Allow, Allow, Allow, Allow],
            P::ImportDatasets => [Allow, Deny, Deny, Deny, Allow],
            P::DeleteDatasets => [Allow, Deny, Deny, Deny, Allow],
            P::ViewChildLevelData => [Deny, Deny, Deny, Deny, Allow],
            P::ExportChildLevelData => [Deny, Deny, Deny, Deny, Allow],
            P::ManageUsers => [Allow, Deny, Deny, Deny, Deny],
            P::ManageSettings => [Allow, Deny, Deny, Deny, Deny],
            P::ViewAuditTrail => [Allow, Deny, Deny, Deny, Deny],
            P::ExportAuditTrail => [Allow, Deny, Deny, Deny, Deny],
            P::ManageOwnApiTokens => [Allow, Allow, Allow, Allow, Allow],
            P::ManageOwnAccount => [Allow, Allow, Allow, Allow, Allow],
        };
        let column = match self {
            Role::Admin => 0,
            Role::PlanOwner => 1,
            Role::ActionLead => 2,
            Role::Viewer => 3,
            Role::DataAnalyst => 4,
        };
        row[column]
    }

    /// Every permission this role holds in any form (`Allow` or `Own`), e.g. to decide which
    /// links to show. Whether a particular object may be touched is still [`crate::allows`].
    pub fn permissions(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .into_iter()
            .filter(move |p| self.grant(*p) != Grant::Deny)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for Role {
    type Err = UnknownName;

    /// Parses a slug exactly (`plan-owner`): stored values are machine names, never typed in.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.slug() == s)
            .ok_or_else(|| UnknownName {
                kind: "role",
                name: s.to_string(),
            })
    }
}

/// How far a role holds a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grant {
    /// For any object.
    Allow,
    /// Only for actions whose leads include the user's linked person.
    Own,
    /// Not at all. The default for anything not granted.
    Deny,
}

impl Grant {
    pub fn slug(self) -> &'static str {
        match self {
            Grant::Allow => "allow",
            Grant::Own => "own",
            Grant::Deny => "deny",
        }
    }
}

impl FromStr for Grant {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Grant::Allow, Grant::Own, Grant::Deny]
            .into_iter()
            .find(|g| g.slug() == s)
            .ok_or_else(|| UnknownName {
                kind: "grant",
                name: s.to_string(),
            })
    }
}

impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// What a route needs. Every route declares exactly one; signing in, signing out and static
/// assets are the only things reachable without one (the web crate's allow-anonymous list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    /// Read plans, areas, actions, milestones, people, status history and the board paper in
    /// every format (HTML, Word, Excel, PDF).
    ViewPlan,
    /// Create, edit and delete plans, areas, actions and milestones; assign owners and leads;
    /// import and replace a plan file.
    EditPlan,
    /// Update the status, evaluation and milestones of an action. Object-level: an action lead
    /// holds it only for actions they lead; a plan owner for every action.
    UpdateOwnAction,
    /// Read aggregate indicators computed from imported data (counts, rates, trends), never
    /// child-level rows.
    ViewDatasets,
    /// Upload child-level data (xlsx, csv, CIN census XML).
    ImportDatasets,
    /// Remove an imported data set (a wrong upload, or retention).
    DeleteDatasets,
    /// See child-level rows (pseudonymised child IDs and their dates). Every view is audited.
    ViewChildLevelData,
    /// Download child-level rows. Every export is audited with its row count.
    ExportChildLevelData,
    /// Create, disable and re-enable accounts; set roles; link accounts to person records; reset
    /// a second factor; end anyone's sessions.
    ManageUsers,
    /// Council name, session timeouts, retention periods and other settings.
    ManageSettings,
    /// Search the audit trail (sign-ins, views, exports, changes).
    ViewAuditTrail,
    /// Download the audit trail.
    ExportAuditTrail,
    /// Create, list and revoke API tokens for one's own account. A token can do no more than
    /// its owner.
    ManageOwnApiTokens,
    /// One's own account: change password, enrol or replace the second factor, new recovery
    /// codes, see and end one's own sessions.
    ManageOwnAccount,
}

/// Whether a permission reads, writes shared data, or only touches the user's own account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PermissionKind {
    Read,
    Write,
    /// The user's own account and tokens: every role needs these, even read-only ones.
    SelfService,
}

impl Permission {
    /// Every permission, in the order the matrix file lists them.
    pub const ALL: [Permission; 14] = [
        Permission::ViewPlan,
        Permission::EditPlan,
        Permission::UpdateOwnAction,
        Permission::ViewDatasets,
        Permission::ImportDatasets,
        Permission::DeleteDatasets,
        Permission::ViewChildLevelData,
        Permission::ExportChildLevelData,
        Permission::ManageUsers,
        Permission::ManageSettings,
        Permission::ViewAuditTrail,
        Permission::ExportAuditTrail,
        Permission::ManageOwnApiTokens,
        Permission::ManageOwnAccount,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Permission::ViewPlan => "view-plan",
            Permission::EditPlan => "edit-plan",
            Permission::UpdateOwnAction => "update-own-action",
            Permission::ViewDatasets => "view-datasets",
            Permission::ImportDatasets => "import-datasets",
            Permission::DeleteDatasets => "delete-datasets",
            Permission::ViewChildLevelData => "view-child-level-data",
            Permission::ExportChildLevelData => "export-child-level-data",
            Permission::ManageUsers => "manage-users",
            Permission::ManageSettings => "manage-settings",
            Permission::ViewAuditTrail => "view-audit-trail",
            Permission::ExportAuditTrail => "export-audit-trail",
            Permission::ManageOwnApiTokens => "manage-own-api-tokens",
            Permission::ManageOwnAccount => "manage-own-account",
        }
    }

    pub fn kind(self) -> PermissionKind {
        use Permission as P;
        match self {
            P::ViewPlan
            | P::ViewDatasets
            | P::ViewChildLevelData
            | P::ExportChildLevelData
            | P::ViewAuditTrail
            | P::ExportAuditTrail => PermissionKind::Read,
            P::EditPlan
            | P::UpdateOwnAction
            | P::ImportDatasets
            | P::DeleteDatasets
            | P::ManageUsers
            | P::ManageSettings => PermissionKind::Write,
            P::ManageOwnApiTokens | P::ManageOwnAccount => PermissionKind::SelfService,
        }
    }

    /// Whether the session must have passed a second factor (TOTP, or SSO that proved MFA)
    /// before this permission counts (AUTH-05: everything that reaches child-level data, and
    /// everything that administers accounts or reads the audit trail, which names children).
    pub fn needs_second_factor(self) -> bool {
        use Permission as P;
        matches!(
            self,
            P::ImportDatasets
                | P::DeleteDatasets
                | P::ViewChildLevelData
                | P::ExportChildLevelData
                | P::ManageUsers
                | P::ManageSettings
                | P::ViewAuditTrail
                | P::ExportAuditTrail
        )
    }

    /// Whether every use needs a recent sign-in (SESS-05): bulk export of child-level data,
    /// deleting data, exporting the audit trail. Routes under a broader permission that are
    /// sensitive on their own (changing a role, resetting a second factor) declare recent
    /// authentication per route as well.
    pub fn needs_recent_auth(self) -> bool {
        matches!(
            self,
            Permission::ExportChildLevelData
                | Permission::DeleteDatasets
                | Permission::ExportAuditTrail
        )
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for Permission {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Permission::ALL
            .into_iter()
            .find(|p| p.slug() == s)
            .ok_or_else(|| UnknownName {
                kind: "permission",
                name: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_slugs_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.slug().parse::<Role>(), Ok(role));
            assert_eq!(role.to_string(), role.slug());
        }
        assert_eq!("plan-owner".parse::<Role>(), Ok(Role::PlanOwner));
        assert_eq!("data-analyst".parse::<Role>(), Ok(Role::DataAnalyst));
    }

    #[test]
    fn role_parsing_is_exact() {
        for bad in [
            "",
            "Admin",
            "ADMIN",
            " admin",
            "plan_owner",
            "planowner",
            "root",
        ] {
            let err = bad.parse::<Role>().unwrap_err();
            assert_eq!(err.kind, "role");
            assert_eq!(err.name, bad);
        }
    }

    #[test]
    fn permission_slugs_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for p in Permission::ALL {
            assert_eq!(p.slug().parse::<Permission>(), Ok(p));
            assert_eq!(p.to_string(), p.slug());
            assert!(seen.insert(p.slug()), "duplicate slug {}", p.slug());
        }
        assert!("view-everything".parse::<Permission>().is_err());
    }

    #[test]
    fn serde_uses_the_slugs() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.slug()));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), role);
        }
        for p in Permission::ALL {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.slug()));
            assert_eq!(serde_json::from_str::<Permission>(&json).unwrap(), p);
        }
        for g in [Grant::Allow, Grant::Own, Grant::Deny] {
            assert_eq!(serde_json::to_string(&g).unwrap(), format!("\"{g}\""));
            assert_eq!(g.slug().parse::<Grant>(), Ok(g));
        }
    }

    #[test]
    fn self_service_is_granted_to_every_role() {
        for role in Role::ALL {
            for p in Permission::ALL {
                if p.kind() == PermissionKind::SelfService {
                    assert_eq!(role.grant(p), Grant::Allow, "{role} {p}");
                }
            }
        }
    }

    #[test]
    fn child_level_permissions_need_a_second_factor() {
        for p in [
            Permission::ViewChildLevelData,
            Permission::ExportChildLevelData,
            Permission::ImportDatasets,
        ] {
            assert!(p.needs_second_factor(), "{p}");
        }
        assert!(!Permission::ViewPlan.needs_second_factor());
        assert!(Permission::ExportChildLevelData.needs_recent_auth());
        assert!(!Permission::ViewChildLevelData.needs_recent_auth());
    }

    #[test]
    fn own_grants_are_only_on_object_level_permissions() {
        // `Own` means "actions you lead"; it makes no sense on any other permission.
        for role in Role::ALL {
            for p in Permission::ALL {
                if role.grant(p) == Grant::Own {
                    assert_eq!(p, Permission::UpdateOwnAction, "{role} {p}");
                }
            }
        }
    }

    #[test]
    fn permissions_lists_allow_and_own() {
        let lead: Vec<_> = Role::ActionLead.permissions().collect();
        assert!(lead.contains(&Permission::UpdateOwnAction));
        assert!(!lead.contains(&Permission::EditPlan));
        let viewer: Vec<_> = Role::Viewer.permissions().collect();
        assert_eq!(
            viewer,
            vec![
                Permission::ViewPlan,
                Permission::ViewDatasets,
                Permission::ManageOwnApiTokens,
                Permission::ManageOwnAccount
            ]
        );
    }
}
