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
            let issues = [
                issue("8565", "error"),
                issue("8569Q", "query"),
                issue("8569Q", "query"),
            ];
            let found = DatasetFindings {
                census_year: Some(2025),
                extract_date: None,
                counts_json: "{\"children\":1203}",
                issues: &issues,
            };
            let id = import.finish(&found).await.unwrap();
            let summary = store.dataset(id).await.unwrap();
            assert_eq!(summary.census_year, Some(2025));
            assert_eq!(
                (summary.errors, summary.queries, summary.counts.as_str()),
                (1, 2, "{\"children\":1203}"),
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
                2
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
