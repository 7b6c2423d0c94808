//! The one question every route asks: may this user do this to this thing?

use serde::{Deserialize, Serialize};

use crate::role::{Grant, Permission, Role};

/// The signed-in user, as far as authorisation cares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub user_id: i64,
    pub role: Role,
    /// The key (initials, or name where there are none) of the person record this account is
    /// linked to: the same string that appears in the owners and leads of the plan. `None` for
    /// an account not linked to anyone, which therefore leads nothing.
    pub person_key: Option<String>,
}

/// What a permission is being exercised on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Resource {
    /// Nothing in particular: a list page, a settings page, an import form.
    None,
    /// A plan, or one of its areas as a whole.
    Plan,
    /// One action, with the person keys of its leads.
    Action { leads: Vec<String> },
}

/// The answer, with the reason for a refusal so the audit trail can record it (AUD-02).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", content = "reason", rename_all = "kebab-case")]
pub enum Decision {
    Allow,
    Deny(DenyReason),
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DenyReason {
    /// The role does not hold the permission at all.
    RoleLacksPermission,
    /// The role holds it only for actions the user leads, and the resource is not an action.
    NotAnAction,
    /// The role holds it only for actions the user leads, and the account has no linked person.
    NoLinkedPerson,
    /// The role holds it only for actions the user leads, and this action's leads do not
    /// include the user's person.
    NotALead,
}

/// Decides whether `subject` may use `permission` on `resource`. Deny by default: only a grant
/// in the table allows anything, and an `Own` grant allows only an action whose leads include
/// the subject's person key.
///
/// Person keys are compared as the plan compares references: surrounding spaces ignored, ASCII
/// case ignored. Empty keys match nothing, so an account linked to a blank person leads nothing.
pub fn allows(subject: &Subject, permission: Permission, resource: &Resource) -> Decision {
    match subject.role.grant(permission) {
        Grant::Allow => Decision::Allow,
        Grant::Deny => Decision::Deny(DenyReason::RoleLacksPermission),
        Grant::Own => {
            let Resource::Action { leads } = resource else {
                return Decision::Deny(DenyReason::NotAnAction);
            };
            let key = match subject.person_key.as_deref().map(str::trim) {
                Some(key) if !key.is_empty() => key,
                _ => return Decision::Deny(DenyReason::NoLinkedPerson),
            };
            if leads
                .iter()
                .any(|lead| lead.trim().eq_ignore_ascii_case(key))
            {
                Decision::Allow
            } else {
                Decision::Deny(DenyReason::NotALead)
            }
        }
    }
}

/// Whether the role can hold `permission` for at least some resource: for a route-level guard
/// ahead of loading the object, and for deciding which links to show. The object-level check
/// with [`allows`] must still follow.
pub fn may_hold(role: Role, permission: Permission) -> bool {
    role.grant(permission) != Grant::Deny
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::role::PermissionKind;

    fn subject(role: Role, key: Option<&str>) -> Subject {
        Subject {
            user_id: 7,
            role,
            person_key: key.map(str::to_string),
        }
    }

    fn action(leads: &[&str]) -> Resource {
        Resource::Action {
            leads: leads.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn all_resources() -> Vec<Resource> {
        vec![
            Resource::None,
            Resource::Plan,
            action(&[]),
            action(&["JS"]),
            action(&["JS", "AB"]),
            action(&["AB"]),
        ]
    }

    #[test]
    fn action_lead_updates_only_actions_they_lead() {
        let lead = subject(Role::ActionLead, Some("JS"));
        let p = Permission::UpdateOwnAction;
        assert_eq!(allows(&lead, p, &action(&["JS"])), Decision::Allow);
        assert_eq!(allows(&lead, p, &action(&["AB", "JS"])), Decision::Allow);
        assert_eq!(
            allows(&lead, p, &action(&["AB"])),
            Decision::Deny(DenyReason::NotALead)
        );
        assert_eq!(
            allows(&lead, p, &action(&[])),
            Decision::Deny(DenyReason::NotALead)
        );
        assert_eq!(
            allows(&lead, p, &Resource::Plan),
            Decision::Deny(DenyReason::NotAnAction)
        );
        assert_eq!(
            allows(&lead, p, &Resource::None),
            Decision::Deny(DenyReason::NotAnAction)
        );
        // Leading an action does not make them a plan editor.
        assert_eq!(
            allows(&lead, Permission::EditPlan, &action(&["JS"])),
            Decision::Deny(DenyReason::RoleLacksPermission)
        );
    }

    #[test]
    fn lead_keys_compare_like_plan_references() {
        let lead = subject(Role::ActionLead, Some("js"));
        let p = Permission::UpdateOwnAction;
        assert!(allows(&lead, p, &action(&[" JS "])).is_allowed());
        // A key is matched whole, never as a prefix or substring.
        assert!(!allows(&lead, p, &action(&["JSM"])).is_allowed());
        assert!(!allows(&lead, p, &action(&["J"])).is_allowed());
        assert!(!allows(&lead, p, &action(&["JS, AB"])).is_allowed());
    }

    #[test]
    fn action_lead_without_linked_person_leads_nothing() {
        let p = Permission::UpdateOwnAction;
        for key in [None, Some(""), Some("   ")] {
            let lead = subject(Role::ActionLead, key);
            assert_eq!(
                allows(&lead, p, &action(&["JS"])),
                Decision::Deny(DenyReason::NoLinkedPerson)
            );
            // Blank leads must not match a blank key.
            assert!(!allows(&lead, p, &action(&["", " "])).is_allowed());
        }
    }

    #[test]
    fn plan_owner_may_edit_any_action() {
        let owner = subject(Role::PlanOwner, None);
        for r in all_resources() {
            assert!(allows(&owner, Permission::UpdateOwnAction, &r).is_allowed());
            assert!(allows(&owner, Permission::EditPlan, &r).is_allowed());
        }
    }

    #[test]
    fn viewer_is_denied_every_write_permission() {
        let viewer = subject(Role::Viewer, Some("JS"));
        for p in Permission::ALL {
            for r in all_resources() {
                let d = allows(&viewer, p, &r);
                match p.kind() {
                    PermissionKind::Write => assert_eq!(
                        d,
                        Decision::Deny(DenyReason::RoleLacksPermission),
                        "{p} {r:?}"
                    ),
                    PermissionKind::Read => assert_eq!(
                        d.is_allowed(),
                        matches!(p, Permission::ViewPlan | Permission::ViewDatasets),
                        "{p}"
                    ),
                    PermissionKind::SelfService => assert!(d.is_allowed(), "{p}"),
                }
            }
        }
    }

    #[test]
    fn only_data_analysts_reach_child_level_data() {
        for role in Role::ALL {
            let s = subject(role, Some("JS"));
            for p in [
                Permission::ViewChildLevelData,
                Permission::ExportChildLevelData,
            ] {
                for r in all_resources() {
                    assert_eq!(
                        allows(&s, p, &r).is_allowed(),
                        role == Role::DataAnalyst,
                        "{role} {p}"
                    );
                }
            }
            // Loading and removing datasets: data analysts and administrators.
            for p in [Permission::ImportDatasets, Permission::DeleteDatasets] {
                assert_eq!(
                    allows(&s, p, &Resource::None).is_allowed(),
                    matches!(role, Role::DataAnalyst | Role::Admin),
                    "{role} {p}"
                );
            }
        }
    }

    #[test]
    fn only_admins_manage_users_settings_and_audit() {
        for role in Role::ALL {
            let s = subject(role, None);
            for p in [
                Permission::ManageUsers,
                Permission::ManageSettings,
                Permission::ViewAuditTrail,
                Permission::ExportAuditTrail,
            ] {
                assert_eq!(
                    allows(&s, p, &Resource::None).is_allowed(),
                    role == Role::Admin,
                    "{role} {p}"
                );
            }
        }
    }

    #[test]
    fn admin_cannot_edit_the_plan_or_see_child_level_data() {
        let admin = subject(Role::Admin, Some("JS"));
        for p in [
            Permission::EditPlan,
            Permission::UpdateOwnAction,
            Permission::ViewChildLevelData,
        ] {
            assert!(!allows(&admin, p, &action(&["JS"])).is_allowed(), "{p}");
        }
        assert!(allows(&admin, Permission::ViewPlan, &Resource::Plan).is_allowed());
    }

    #[test]
    fn everyone_reads_the_plan() {
        for role in Role::ALL {
            let s = subject(role, None);
            for r in all_resources() {
                assert!(allows(&s, Permission::ViewPlan, &r).is_allowed(), "{role}");
            }
        }
    }

    #[test]
    fn allows_agrees_with_the_grant_table_for_every_cell() {
        // Exhaustive over roles × permissions × resources × link states.
        for role in Role::ALL {
            for p in Permission::ALL {
                for key in [None, Some("JS"), Some("AB")] {
                    let s = subject(role, key);
                    for r in all_resources() {
                        let d = allows(&s, p, &r);
                        let expected = match role.grant(p) {
                            Grant::Allow => true,
                            Grant::Deny => false,
                            Grant::Own => match (&r, key) {
                                (Resource::Action { leads }, Some(k)) => {
                                    leads.iter().any(|l| l == k)
                                }
                                _ => false,
                            },
                        };
                        assert_eq!(d.is_allowed(), expected, "{role} {p} {key:?} {r:?}");
                        assert_eq!(may_hold(role, p), role.grant(p) != Grant::Deny);
                    }
                }
            }
        }
    }

    #[test]
    fn decisions_serialise_for_the_audit_trail() {
        let d = Decision::Deny(DenyReason::NotALead);
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"decision":"deny","reason":"not-a-lead"}"#
        );
        assert_eq!(
            serde_json::to_string(&Decision::Allow).unwrap(),
            r#"{"decision":"allow"}"#
        );
    }
}
