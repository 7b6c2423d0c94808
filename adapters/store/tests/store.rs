//! The same store tests on SQLite and PostgreSQL.

use assure_plan::{Plan, Status};
use assure_planfiles::{read_plan, PlanFormat};
use assure_store::{testing, ActionEdit, DatabaseUrl, ImportNote, StatusEdit, StoreError};
use chrono::{DateTime, Utc};

const SEED: &str = include_str!("../../../demo/brighton-hove-2010.toml");

fn seed() -> Plan {
    read_plan("seed.toml", SEED.as_bytes(), PlanFormat::Toml).unwrap()
}

fn now() -> DateTime<Utc> {
    "2026-11-26T10:00:00Z".parse().unwrap()
}

fn note() -> ImportNote<'static> {
    ImportNote {
        by: "tester",
        source: "seed.toml",
        at: now(),
    }
}

#[tokio::test]
async fn a_stored_plan_loads_back_whole() {
    for db in testing::all().await {
        let store = db.open().await.unwrap();
        assert!(store.is_empty().await.unwrap());
        let id = store.insert_plan(&seed(), &note()).await.unwrap();
        let loaded = store.load_plan(id).await.unwrap();
        // The store adds ids, versions and one history entry per rated action.
        let mut expected = seed();
        for area in &mut expected.areas {
            for action in &mut area.actions {
                if action.status != Status::NotRated {
                    action.history.push(assure_plan::StatusChange {
                        at: now(),
                        by: "tester".into(),
                        from: Status::NotRated,
                        to: action.status,
                        reason: "Status as given in seed.toml".into(),
                    });
                }
            }
        }
        assert_eq!(loaded.without_ids(), expected, "{}", db.label);
        assert!(loaded
            .areas
            .iter()
            .all(|a| a.id.is_some() && a.version == Some(1)));
        let list = store.list_plans().await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].areas, list[0].actions), (8, 41), "{}", db.label);
        store.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn a_status_change_is_kept_in_history_and_bumps_the_version() {
    for db in testing::all().await {
        let store = db.open().await.unwrap();
        let id = store.insert_plan(&seed(), &note()).await.unwrap();
        let action = store.load_plan(id).await.unwrap().areas[0].actions[2].clone();
        assert_eq!(action.status, Status::Amber);
        let edit = StatusEdit {
            action_id: action.id.unwrap(),
            expected_version: 1,
            to: Status::Red,
            by: "RH",
            reason: "Recruitment paused",
            at: now(),
        };
        assert_eq!(store.change_status(&edit).await.unwrap(), 2);
        let after = store.load_plan(id).await.unwrap().areas[0].actions[2].clone();
        assert_eq!(after.status, Status::Red);
        assert_eq!(after.version, Some(2));
        let last = after.history.last().unwrap();
        assert_eq!(
            (last.from, last.to, last.reason.as_str(), last.by.as_str()),
            (Status::Amber, Status::Red, "Recruitment paused", "RH")
        );
        store.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn a_stale_version_is_refused_and_nothing_changes() {
    for db in testing::all().await {
        let store = db.open().await.unwrap();
        let id = store.insert_plan(&seed(), &note()).await.unwrap();
        let action_id = store.load_plan(id).await.unwrap().areas[0].actions[2]
            .id
            .unwrap();
        let first = StatusEdit {
            action_id,
            expected_version: 1,
            to: Status::Green,
            by: "RH",
            reason: "Agreed",
            at: now(),
        };
        store.change_status(&first).await.unwrap();
        // A second editor who also read version 1.
        let stale = StatusEdit {
            to: Status::Red,
            reason: "Paused",
            ..first.clone()
        };
        let err = store.change_status(&stale).await.unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Conflict {
                    expected: 1,
                    current: 2,
                    ..
                }
            ),
            "{}: {err}",
            db.label
        );
        let stale_eval = ActionEdit {
            by: "tester",
            action_id,
            expected_version: 1,
            date: now().date_naive(),
            text: "late",
        };
        assert!(matches!(
            store.add_evaluation(&stale_eval).await.unwrap_err(),
            StoreError::Conflict { .. }
        ));
        let after = store.load_plan(id).await.unwrap().areas[0].actions[2].clone();
        assert_eq!(after.status, Status::Green, "{}", db.label);
        assert_eq!(after.history.len(), 2, "{}", db.label);
        assert_eq!(after.evaluations.len(), 1, "{}", db.label);
        store.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn edits_to_missing_rows_and_edits_without_reasons_are_refused() {
    for db in testing::all().await {
        let store = db.open().await.unwrap();
        let id = store.insert_plan(&seed(), &note()).await.unwrap();
        let action_id = store.load_plan(id).await.unwrap().areas[0].actions[0]
            .id
            .unwrap();
        let missing = StatusEdit {
            action_id: 999_999,
            expected_version: 1,
            to: Status::Red,
            by: "RH",
            reason: "x",
            at: now(),
        };
        assert!(matches!(
            store.change_status(&missing).await.unwrap_err(),
            StoreError::NotFound { .. }
        ));
        let no_reason = StatusEdit {
            action_id,
            reason: "  ",
            ..missing
        };
        let err = store.change_status(&no_reason).await.unwrap_err();
        assert_eq!(err.to_string(), "a reason is required to change a status");
        assert_eq!(
            store.load_plan(id).await.unwrap().areas[0].actions[0].version,
            Some(1)
        );
        store.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn evaluations_and_milestones_are_versioned_edits() {
    for db in testing::all().await {
        let store = db.open().await.unwrap();
        let id = store.insert_plan(&seed(), &note()).await.unwrap();
        let action = store.load_plan(id).await.unwrap().areas[0].actions[0].clone();
        let edit = ActionEdit {
            by: "tester",
            action_id: action.id.unwrap(),
            expected_version: 1,
            date: "2010-12-01".parse().unwrap(),
            text: "Options agreed",
        };
        assert_eq!(store.add_evaluation(&edit).await.unwrap(), 2);
        let m = &action.milestones[0];
        assert_eq!(
            store
                .set_milestone_completed(m.id.unwrap(), 1, true, "tester")
                .await
                .unwrap(),
            2
        );
        let err = store
            .set_milestone_completed(m.id.unwrap(), 1, false, "tester")
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            StoreError::Conflict {
                what: "milestone",
                ..
            }
        ));
        let after = store.load_plan(id).await.unwrap().areas[0].actions[0].clone();
        assert_eq!(after.evaluations.last().unwrap().text, "Options agreed");
        assert_eq!(
            after.evaluations.last().unwrap().date,
            Some("2010-12-01".parse().unwrap())
        );
        assert!(after.milestones[0].completed);
        store.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn a_plan_with_an_unknown_lead_stores_nothing() {
    for db in testing::all().await {
        let store = db.open().await.unwrap();
        let mut bad = seed();
        bad.areas[6].actions[10].leads.push("Nobody".into());
        assert!(matches!(
            store.insert_plan(&bad, &note()).await.unwrap_err(),
            StoreError::Invalid(_)
        ));
        assert!(store.is_empty().await.unwrap(), "{}", db.label);
        store.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn status_history_cannot_be_rewritten() {
    for db in testing::all().await {
        let store = db.open().await.unwrap();
        store.insert_plan(&seed(), &note()).await.unwrap();
        let err = match store.db() {
            assure_store::Db::Sqlite(p) => sqlx::query("UPDATE status_changes SET reason = 'x'")
                .execute(p)
                .await
                .map(|_| ()),
            assure_store::Db::Postgres(p) => sqlx::query("UPDATE status_changes SET reason = 'x'")
                .execute(p)
                .await
                .map(|_| ()),
        }
        .unwrap_err();
        assert!(
            err.to_string().contains("append-only"),
            "{}: {err}",
            db.label
        );
        store.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn sqlite_runs_with_the_durability_settings_asserted() {
    let db = testing::sqlite();
    let store = db.open().await.unwrap();
    let assure_store::Db::Sqlite(pool) = store.db() else {
        unreachable!()
    };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(pool)
        .await
        .unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    store.assert_settings().await.unwrap();
}

#[tokio::test]
async fn the_two_schemas_do_not_drift() {
    let Some(pg) = testing::postgres().await else {
        eprintln!("PostgreSQL not configured: schema drift not compared");
        return;
    };
    let lite = testing::sqlite();
    let a = lite.open().await.unwrap().columns().await.unwrap();
    let b = pg.open().await.unwrap().columns().await.unwrap();
    assert!(a.len() > 40);
    let only_sqlite: Vec<_> = a.difference(&b).collect();
    let only_pg: Vec<_> = b.difference(&a).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "only in SQLite: {only_sqlite:?}; only in PostgreSQL: {only_pg:?}"
    );
    pg.finish().await;
}

#[test]
fn database_urls_are_parsed_and_checked() {
    assert_eq!(
        "sqlite:data/a.db".parse::<DatabaseUrl>().unwrap(),
        DatabaseUrl::Sqlite("data/a.db".into())
    );
    assert_eq!(
        "sqlite:///tmp/a.db".parse::<DatabaseUrl>().unwrap(),
        DatabaseUrl::Sqlite("/tmp/a.db".into())
    );
    assert!(matches!(
        "postgres://u:secret@h/db".parse::<DatabaseUrl>().unwrap(),
        DatabaseUrl::Postgres(_)
    ));
    assert_eq!(
        format!(
            "{:?}",
            "postgres://u:secret@h/db".parse::<DatabaseUrl>().unwrap()
        ),
        "postgres://[redacted]"
    );
    assert!("mysql://x".parse::<DatabaseUrl>().is_err());
    assert!("sqlite:".parse::<DatabaseUrl>().is_err());
}

mod datasets {
    use super::*;
    use assure_casedata::{ChildId, Episode};
    use assure_store::{DatasetFindings, DatasetIssue, NewDataset};

    fn meta(hash: &str) -> NewDataset {
        NewDataset {
            name: "CIN 2025".into(),
            source_format: "cin-xml".into(),
            file_name: "cin.xml".into(),
            file_sha256: hash.into(),
            imported_by: "analyst".into(),
            imported_at: now(),
        }
    }

    fn child(i: usize) -> assure_casedata::Child {
        let mut c = assure_casedata::Child::new(ChildId::parse(&format!("C{i:05}")).unwrap());
        c.episodes.push(Episode {
            referral_date: "2024-05-01".parse().ok(),
            referral_nfa: Some(i % 2 == 0),
            ..Episode::default()
        });
        c
    }

    fn issue(rule: &str, severity: &str) -> DatasetIssue {
        DatasetIssue {
            rule: rule.into(),
            severity: severity.into(),
            child_id: Some("C00001".into()),
            field: "CINclosureDate".into(),
            message: "m".into(),
            location: Some("line 3".into()),
        }
    }

    #[tokio::test]
    async fn a_dataset_is_stored_whole_and_read_back() {
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            let mut import = store.begin_dataset(&meta("abc")).await.unwrap();
            let children: Vec<_> = (0..1203).map(child).collect();
            for c in &children {
                import.add_child(c).await.unwrap();
            }
            // Enough issues to need several batches.
            for n in 0..700 {
                import
                    .add_issue(issue(
                        if n == 0 { "8565" } else { "8569Q" },
                        if n == 0 { "error" } else { "query" },
                    ))
                    .await
                    .unwrap();
            }
            let found = DatasetFindings {
                census_year: Some(2025),
                extract_date: None,
                counts_json: "{\"children\":1203}",
                errors: 1,
                queries: 699,
            };
            let id = import.finish(&found).await.unwrap();
            let summary = store.dataset(id).await.unwrap();
            assert_eq!(summary.census_year, Some(2025));
            assert_eq!(
                (summary.errors, summary.queries, summary.counts.as_str()),
                (1, 699, "{\"children\":1203}"),
                "{}",
                db.label
            );
            assert_eq!(
                store.dataset_children(id).await.unwrap(),
                children,
                "{}",
                db.label
            );
            assert_eq!(
                store
                    .dataset_issues(id, Some("8569Q"), None)
                    .await
                    .unwrap()
                    .len(),
                699
            );
            assert_eq!(
                store.dataset_issues(id, None, Some("error")).await.unwrap()[0].rule,
                "8565"
            );
            let err = store.begin_dataset(&meta("abc")).await.err().unwrap();
            assert!(
                err.to_string().contains("already imported as dataset"),
                "{err}"
            );
            store.delete_dataset(id, "tester").await.unwrap();
            assert!(store.list_datasets().await.unwrap().is_empty());
            assert!(matches!(
                store.delete_dataset(id, "tester").await.unwrap_err(),
                StoreError::NotFound { .. }
            ));
            store.close().await;
            db.finish().await;
        }
    }

    #[tokio::test]
    async fn an_abandoned_import_leaves_nothing() {
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            let mut import = store.begin_dataset(&meta("def")).await.unwrap();
            for i in 0..700 {
                import.add_child(&child(i)).await.unwrap();
            }
            drop(import);
            assert!(
                store.list_datasets().await.unwrap().is_empty(),
                "{}",
                db.label
            );
            let n: i64 = match store.db() {
                assure_store::Db::Sqlite(p) => {
                    sqlx::query_scalar("SELECT COUNT(*) FROM dataset_children")
                        .fetch_one(p)
                        .await
                        .unwrap()
                }
                assure_store::Db::Postgres(p) => {
                    sqlx::query_scalar("SELECT COUNT(*) FROM dataset_children")
                        .fetch_one(p)
                        .await
                        .unwrap()
                }
            };
            assert_eq!(n, 0, "{}", db.label);
            store.close().await;
            db.finish().await;
        }
    }
}

mod accounts_and_audit {
    use super::*;
    use assure_store::{AuditFilter, NewUser};

    fn user<'a>(email: &'a str) -> NewUser<'a> {
        NewUser {
            email,
            name: "Ellen Jones",
            role: "action-lead",
            person_key: Some("EJ"),
            password_hash: Some("$argon2id$placeholder"),
            setup_code_hash: None,
            setup_expires_at: None,
            by: "admin@example.org",
        }
    }

    #[tokio::test]
    async fn users_sessions_and_tokens() {
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            let id = store
                .create_user(&user("Ellen.Jones@Example.org"), now())
                .await
                .unwrap();
            let err = store
                .create_user(&user("ellen.jones@example.org"), now())
                .await
                .unwrap_err();
            assert!(
                err.to_string().contains("already exists"),
                "{}: {err}",
                db.label
            );
            let u = store
                .user_by_email(" ELLEN.JONES@example.org ")
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (u.id, u.role.as_str(), u.person_key.as_deref()),
                (id, "action-lead", Some("EJ"))
            );

            let sid = store
                .create_session("hash-1", id, now(), false)
                .await
                .unwrap();
            assert_eq!(store.session("hash-1").await.unwrap().unwrap().user_id, id);
            store.end_session(sid, now()).await.unwrap();
            assert!(store
                .session("hash-1")
                .await
                .unwrap()
                .unwrap()
                .ended_at
                .is_some());

            let tid = store
                .create_api_token(id, "laptop", "tok-hash", now())
                .await
                .unwrap();
            assert_eq!(
                store
                    .use_api_token("tok-hash", now())
                    .await
                    .unwrap()
                    .unwrap()
                    .user_id,
                id
            );
            store.revoke_api_token(tid, id, now()).await.unwrap();
            assert!(store
                .use_api_token("tok-hash", now())
                .await
                .unwrap()
                .is_none());

            assert!(store.use_totp_step(id, 100).await.unwrap());
            assert!(
                !store.use_totp_step(id, 100).await.unwrap(),
                "a TOTP step is usable once"
            );

            store
                .save_draft(id, "/actions/1/status", "{\"reason\":\"half\"}", now())
                .await
                .unwrap();
            assert_eq!(
                store
                    .take_draft(id, "/actions/1/status")
                    .await
                    .unwrap()
                    .as_deref(),
                Some("{\"reason\":\"half\"}")
            );
            assert!(store
                .take_draft(id, "/actions/1/status")
                .await
                .unwrap()
                .is_none());
            store.close().await;
            db.finish().await;
        }
    }

    #[tokio::test]
    async fn every_change_is_in_the_audit_trail_which_cannot_be_altered() {
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            let plan_id = store.insert_plan(&seed(), &note()).await.unwrap();
            let action_id = store.load_plan(plan_id).await.unwrap().areas[0].actions[2]
                .id
                .unwrap();
            let edit = StatusEdit {
                action_id,
                expected_version: 1,
                to: Status::Red,
                by: "Richard Hakin <rh@example.org>",
                reason: "Paused",
                at: now(),
            };
            store.change_status(&edit).await.unwrap();
            let events = store
                .audit_events(&AuditFilter {
                    object_type: Some("action".into()),
                    object_id: Some(action_id.to_string()),
                    ..AuditFilter::default()
                })
                .await
                .unwrap();
            assert_eq!(events.len(), 1, "{}", db.label);
            let e = &events[0];
            assert_eq!(e.action, "action.status");
            assert_eq!(e.before_value.as_deref(), Some("status=Amber; version=1"));
            assert!(e
                .after_value
                .as_deref()
                .unwrap()
                .starts_with("status=Red; version=2; reason=Paused"));
            let by_actor = store
                .audit_events(&AuditFilter {
                    actor: Some("hakin".into()),
                    ..AuditFilter::default()
                })
                .await
                .unwrap();
            assert_eq!(by_actor.len(), 1);
            assert!(!store
                .audit_events(&AuditFilter {
                    action: Some("plan.import".into()),
                    ..AuditFilter::default()
                })
                .await
                .unwrap()
                .is_empty());

            for sql in [
                "UPDATE audit_events SET actor = 'someone else'",
                "DELETE FROM audit_events",
            ] {
                let refused = match store.db() {
                    assure_store::Db::Sqlite(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
                    assure_store::Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
                };
                let err = refused.unwrap_err();
                assert!(
                    err.to_string().contains("append-only"),
                    "{}: {sql}: {err}",
                    db.label
                );
            }
            assert_eq!(
                store
                    .audit_events(&AuditFilter::default())
                    .await
                    .unwrap()
                    .len(),
                2
            );
            store.close().await;
            db.finish().await;
        }
    }
}

mod plan_edits {
    use super::*;
    use assure_plan::PersonKind;
    use assure_store::{
        ActionFields, AreaFields, AuditFilter, MilestoneFields, NewPerson, PlanFields, Store,
    };

    fn d(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    async fn last_event(store: &Store, action: &str) -> assure_store::AuditRecord {
        store
            .audit_events(&AuditFilter {
                action: Some(action.into()),
                ..AuditFilter::default()
            })
            .await
            .unwrap()
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {action} event"))
    }

    fn plan_fields() -> PlanFields {
        PlanFields {
            title: "Improvement plan 2026".into(),
            organisation: "A council's children's services".into(),
            origin: "Ofsted ILACS inspection".into(),
            origin_date: Some(d("2026-03-01")),
            reporting_date: None,
            introduction: Some("  ".into()),
        }
    }

    #[tokio::test]
    async fn a_plan_is_created_and_edited_with_versions_and_audit() {
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            let id = store.create_plan(&plan_fields(), "owner").await.unwrap();
            let plan = store.load_plan(id).await.unwrap();
            assert_eq!(plan.title, "Improvement plan 2026", "{}", db.label);
            assert_eq!(plan.version, Some(1));
            assert_eq!(plan.introduction, None, "blank becomes none");
            assert!(plan.areas.is_empty() && plan.people.is_empty());
            let created = last_event(&store, "plan.create").await;
            assert!(created
                .after_value
                .as_deref()
                .unwrap()
                .contains("title=Improvement plan 2026"));

            let blank = PlanFields {
                title: " ".into(),
                ..plan_fields()
            };
            let err = store.create_plan(&blank, "owner").await.unwrap_err();
            assert!(
                matches!(&err, StoreError::Invalid(m) if m.contains("title")),
                "{err}"
            );
            assert_eq!(store.list_plans().await.unwrap().len(), 1);

            let changed = PlanFields {
                title: "Improvement plan 2026-27".into(),
                reporting_date: Some(d("2026-06-30")),
                ..plan_fields()
            };
            assert_eq!(
                store.update_plan(id, 1, &changed, "owner").await.unwrap(),
                2
            );
            let err = store
                .update_plan(id, 1, &plan_fields(), "someone else")
                .await
                .unwrap_err();
            assert!(
                matches!(
                    err,
                    StoreError::Conflict {
                        what: "plan",
                        expected: 1,
                        current: 2,
                        ..
                    }
                ),
                "{err}"
            );
            let plan = store.load_plan(id).await.unwrap();
            assert_eq!(
                (plan.title.as_str(), plan.reporting_date, plan.version),
                ("Improvement plan 2026-27", Some(d("2026-06-30")), Some(2))
            );
            let e = last_event(&store, "plan.update").await;
            assert_eq!(
                e.before_value.as_deref(),
                Some("title=Improvement plan 2026; reporting_date=; version=1")
            );
            assert_eq!(
                e.after_value.as_deref(),
                Some("title=Improvement plan 2026-27; reporting_date=2026-06-30; version=2")
            );
            assert!(matches!(
                store
                    .update_plan(999_999, 1, &plan_fields(), "x")
                    .await
                    .unwrap_err(),
                StoreError::NotFound { what: "plan", .. }
            ));
            store.close().await;
            db.finish().await;
        }
    }

    #[tokio::test]
    async fn people_are_added_once_and_can_then_lead() {
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            let id = store.insert_plan(&seed(), &note()).await.unwrap();
            let person = NewPerson {
                name: "Sam Patel".into(),
                initials: Some("SP".into()),
                kind: PersonKind::Person,
                role: Some("Practice lead".into()),
            };
            let person_id = store.add_person(id, &person, "owner").await.unwrap();
            let plan = store.load_plan(id).await.unwrap();
            let added = plan.people.last().unwrap();
            assert_eq!(
                (added.id, added.name.as_str(), added.key()),
                (Some(person_id), "Sam Patel", "SP"),
                "{}",
                db.label
            );
            for (clash, why) in [
                (
                    NewPerson {
                        name: "sam patel".into(),
                        ..person.clone()
                    },
                    "already",
                ),
                (
                    NewPerson {
                        name: "Someone new".into(),
                        initials: Some("rh".into()),
                        ..person.clone()
                    },
                    "Richard Hakin",
                ),
                (
                    NewPerson {
                        name: " ".into(),
                        ..person.clone()
                    },
                    "name",
                ),
            ] {
                let err = store.add_person(id, &clash, "owner").await.unwrap_err();
                assert!(
                    matches!(&err, StoreError::Invalid(m) if m.contains(why)),
                    "{}: {err}",
                    db.label
                );
            }
            assert_eq!(
                store.load_plan(id).await.unwrap().people.len(),
                plan.people.len()
            );
            let e = last_event(&store, "person.create").await;
            assert!(e
                .after_value
                .as_deref()
                .unwrap()
                .contains("name=Sam Patel; initials=SP"));
            // The new person can lead an action.
            let action = plan.areas[0].actions[0].clone();
            let fields = ActionFields {
                number: action.number.clone(),
                text: action.text.clone(),
                due: action.due,
                leads: vec!["Sam Patel".into()],
            };
            store
                .update_action(action.id.unwrap(), 1, &fields, "owner")
                .await
                .unwrap();
            let after = store.load_plan(id).await.unwrap();
            assert_eq!(after.areas[0].actions[0].leads, ["SP"]);
            store.close().await;
            db.finish().await;
        }
    }

    #[tokio::test]
    async fn areas_are_added_with_unique_numbers_and_edited_whole() {
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            let id = store.insert_plan(&seed(), &note()).await.unwrap();
            let before = store.load_plan(id).await.unwrap();
            for (number, title, why) in [
                ("1", "Taken", "already used"),
                ("x9", "Bad number", "area number"),
                ("9", "  ", "title"),
            ] {
                let err = store
                    .add_area(id, number, title, "owner")
                    .await
                    .unwrap_err();
                assert!(
                    matches!(&err, StoreError::Invalid(m) if m.contains(why)),
                    "{}: {err}",
                    db.label
                );
            }
            let area_id = store
                .add_area(id, "9", "Supervision", "owner")
                .await
                .unwrap();
            let plan = store.load_plan(id).await.unwrap();
            assert_eq!(plan.areas.len(), before.areas.len() + 1);
            let area = plan.areas.last().unwrap();
            assert_eq!(
                (area.id, area.number.as_str(), area.version),
                (Some(area_id), "9", Some(1))
            );
            assert_eq!(store.plan_of_area(area_id).await.unwrap(), id);

            let fields = AreaFields {
                number: "9a".into(),
                title: "Supervision".into(),
                heading: Some("Regular, recorded supervision".into()),
                issue: "Supervision was irregular.".into(),
                sources: vec!["Ofsted".into()],
                aims: vec!["Monthly supervision".into(), "Recorded on file".into()],
                success_criteria: vec!["95% of staff supervised monthly".into()],
                owners: vec!["Richard Hakin".into()],
                leads: vec!["nh".into(), "zz".into()],
            };
            let err = store
                .update_area(area_id, 1, &fields, "owner")
                .await
                .unwrap_err();
            assert!(
                matches!(&err, StoreError::Invalid(m) if m.contains("\"zz\"")),
                "{err}"
            );
            let taken = AreaFields {
                number: "1".into(),
                ..fields.clone()
            };
            assert!(matches!(
                store
                    .update_area(area_id, 1, &taken, "owner")
                    .await
                    .unwrap_err(),
                StoreError::Invalid(_)
            ));
            let good = AreaFields {
                leads: vec!["nh".into()],
                ..fields.clone()
            };
            assert_eq!(
                store.update_area(area_id, 1, &good, "owner").await.unwrap(),
                2
            );
            let stale = AreaFields {
                title: "Lost".into(),
                ..good.clone()
            };
            assert!(matches!(
                store
                    .update_area(area_id, 1, &stale, "other")
                    .await
                    .unwrap_err(),
                StoreError::Conflict {
                    what: "area",
                    expected: 1,
                    current: 2,
                    ..
                }
            ));
            let plan = store.load_plan(id).await.unwrap();
            let area = plan.areas.iter().find(|a| a.id == Some(area_id)).unwrap();
            assert_eq!(area.number.as_str(), "9a", "{}", db.label);
            assert_eq!(area.title, "Supervision");
            assert_eq!(area.aims, ["Monthly supervision", "Recorded on file"]);
            assert_eq!(area.owners, ["RH"]);
            assert_eq!(area.leads, ["NH"]);
            assert_eq!(area.version, Some(2));
            let e = last_event(&store, "area.update").await;
            let b = e.before_value.unwrap();
            let a = e.after_value.unwrap();
            assert!(
                b.starts_with("number=9; heading=; issue=;") && b.ends_with("leads=; version=1"),
                "{b}"
            );
            assert!(
                a.contains("aims=Monthly supervision | Recorded on file")
                    && a.contains("owners=RH; leads=NH; version=2"),
                "{a}"
            );
            assert!(!a.contains("title="), "unchanged fields are left out: {a}");
            store.close().await;
            db.finish().await;
        }
    }

    #[tokio::test]
    async fn actions_are_added_not_rated_and_edited_with_leads() {
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            let id = store.insert_plan(&seed(), &note()).await.unwrap();
            let area = store.load_plan(id).await.unwrap().areas[1].clone();
            let fields = ActionFields {
                number: Some("9".into()),
                text: "Audit supervision files".into(),
                due: Some(d("2011-03-31")),
                leads: vec!["AW".into()],
            };
            let blank = ActionFields {
                text: " ".into(),
                ..fields.clone()
            };
            assert!(matches!(
                store
                    .add_action(area.id.unwrap(), &blank, "owner")
                    .await
                    .unwrap_err(),
                StoreError::Invalid(_)
            ));
            let unknown = ActionFields {
                leads: vec!["Nobody".into()],
                ..fields.clone()
            };
            let err = store
                .add_action(area.id.unwrap(), &unknown, "owner")
                .await
                .unwrap_err();
            assert!(
                matches!(&err, StoreError::Invalid(m) if m.contains("\"Nobody\"")),
                "{err}"
            );
            let action_id = store
                .add_action(area.id.unwrap(), &fields, "owner")
                .await
                .unwrap();
            let plan = store.load_plan(id).await.unwrap();
            assert_eq!(plan.areas[1].actions.len(), area.actions.len() + 1);
            let added = plan.areas[1].actions.last().unwrap();
            assert_eq!(added.id, Some(action_id), "{}", db.label);
            assert_eq!(added.status, Status::NotRated);
            assert_eq!(added.leads, ["AW"]);
            assert_eq!(added.due, Some(d("2011-03-31")));
            assert!(added.history.is_empty());
            assert_eq!(store.plan_of_action(action_id).await.unwrap(), id);

            let changed = ActionFields {
                number: None,
                text: "Audit supervision files quarterly".into(),
                due: None,
                leads: vec!["Andy Whippey".into(), "EJ".into()],
            };
            assert_eq!(
                store
                    .update_action(action_id, 1, &changed, "owner")
                    .await
                    .unwrap(),
                2
            );
            assert!(matches!(
                store
                    .update_action(action_id, 1, &fields, "other")
                    .await
                    .unwrap_err(),
                StoreError::Conflict {
                    what: "action",
                    current: 2,
                    ..
                }
            ));
            let plan = store.load_plan(id).await.unwrap();
            let after = plan.areas[1].actions.last().unwrap();
            assert_eq!(
                (after.number.clone(), after.text.as_str(), after.due),
                (None, "Audit supervision files quarterly", None)
            );
            assert_eq!(after.leads, ["AW", "EJ"]);
            let e = last_event(&store, "action.update").await;
            assert_eq!(
                e.before_value.as_deref(),
                Some("number=9; text=Audit supervision files; due=2011-03-31; leads=AW; version=1")
            );
            assert_eq!(
                e.after_value.as_deref(),
                Some("number=; text=Audit supervision files quarterly; due=; leads=AW, EJ; version=2")
            );
            assert!(last_event(&store, "action.create")
                .await
                .after_value
                .unwrap()
                .contains("text=Audit supervision files; due=2011-03-31; leads=AW"));
            store.close().await;
            db.finish().await;
        }
    }

    #[tokio::test]
    async fn milestones_are_added_against_the_action_version_and_edited() {
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            let id = store.insert_plan(&seed(), &note()).await.unwrap();
            let action = store.load_plan(id).await.unwrap().areas[0].actions[0].clone();
            let action_id = action.id.unwrap();
            let fields = MilestoneFields {
                text: "Draft the new allocation process".into(),
                due: Some(d("2011-01-31")),
            };
            assert!(matches!(
                store
                    .add_milestone(
                        action_id,
                        1,
                        &MilestoneFields {
                            text: "".into(),
                            due: None
                        },
                        "RH"
                    )
                    .await
                    .unwrap_err(),
                StoreError::Invalid(_)
            ));
            let (milestone_id, version) = store
                .add_milestone(action_id, 1, &fields, "RH")
                .await
                .unwrap();
            assert_eq!(version, 2, "{}", db.label);
            // Someone who saw version 1 of the action is told it moved on.
            assert!(matches!(
                store
                    .add_milestone(action_id, 1, &fields, "NH")
                    .await
                    .unwrap_err(),
                StoreError::Conflict {
                    what: "action",
                    expected: 1,
                    current: 2,
                    ..
                }
            ));
            let plan = store.load_plan(id).await.unwrap();
            let after = &plan.areas[0].actions[0];
            assert_eq!(after.milestones.len(), action.milestones.len() + 1);
            let m = after.milestones.last().unwrap();
            assert_eq!(
                (m.id, m.text.as_str(), m.due, m.completed, m.version),
                (
                    Some(milestone_id),
                    "Draft the new allocation process",
                    Some(d("2011-01-31")),
                    false,
                    Some(1)
                )
            );
            assert_eq!(
                store.action_of_milestone(milestone_id).await.unwrap(),
                action_id
            );

            let moved = MilestoneFields {
                text: "Draft the new allocation process".into(),
                due: Some(d("2011-02-28")),
            };
            assert_eq!(
                store
                    .update_milestone(milestone_id, 1, &moved, "RH")
                    .await
                    .unwrap(),
                2
            );
            assert!(matches!(
                store
                    .update_milestone(milestone_id, 1, &fields, "NH")
                    .await
                    .unwrap_err(),
                StoreError::Conflict {
                    what: "milestone",
                    current: 2,
                    ..
                }
            ));
            assert!(matches!(
                store
                    .update_milestone(999_999, 1, &fields, "NH")
                    .await
                    .unwrap_err(),
                StoreError::NotFound { .. }
            ));
            let plan = store.load_plan(id).await.unwrap();
            let m = plan.areas[0].actions[0].milestones.last().unwrap();
            assert_eq!((m.due, m.version), (Some(d("2011-02-28")), Some(2)));
            let e = last_event(&store, "milestone.update").await;
            assert_eq!(e.before_value.as_deref(), Some("due=2011-01-31; version=1"));
            assert_eq!(e.after_value.as_deref(), Some("due=2011-02-28; version=2"));
            let e = last_event(&store, "milestone.create").await;
            assert_eq!(e.before_value.as_deref(), Some("action_version=1"));
            assert!(e
                .after_value
                .unwrap()
                .contains("text=Draft the new allocation process; due=2011-01-31"));
            store.close().await;
            db.finish().await;
        }
    }
}
