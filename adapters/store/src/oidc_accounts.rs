//! Accounts linked to the council's identity provider (OpenID Connect single sign-on).
//!
//! A user is found by the pair (issuer, subject) and nothing else: never by email, which
//! another identity provider could assert for anyone (AUTH-06). The pair is unique in the
//! schema (`UNIQUE (oidc_issuer, oidc_subject)` on `users`), so one identity signs into at
//! most one account.

use crate::audit::{record_audit, AuditEvent};
use crate::{with_db, with_tx, Store, StoreError, User};
use chrono::{DateTime, Utc};

/// Longest issuer URL or subject accepted (Entra ID subjects are 43 characters; OIDC allows
/// up to 255 ASCII characters for `sub`).
const MAX_LEN: usize = 255;

const USER_COLUMNS: &str = "id, email, name, role, person_key, password_hash, totp_secret, totp_last_step, recovery_hashes, disabled, version, created_at";

fn check(issuer: &str, subject: &str) -> Result<(), StoreError> {
    if issuer.trim().is_empty() || subject.trim().is_empty() {
        return Err(StoreError::Invalid(
            "an identity provider link needs both an issuer and a subject".into(),
        ));
    }
    if issuer.len() > MAX_LEN || subject.len() > MAX_LEN {
        return Err(StoreError::Invalid(format!(
            "an issuer or subject is at most {MAX_LEN} characters"
        )));
    }
    if issuer.chars().chain(subject.chars()).any(char::is_control) {
        return Err(StoreError::Invalid(
            "an issuer or subject cannot contain control characters".into(),
        ));
    }
    Ok(())
}

impl Store {
    /// The account linked to this identity at this identity provider, if any. Both values are
    /// compared exactly (no case folding, no trimming): they are opaque identifiers.
    pub async fn user_by_oidc(
        &self,
        issuer: &str,
        subject: &str,
    ) -> Result<Option<User>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2"
        );
        Ok(with_db!(self, pool => {
            sqlx::query_as(&sql).bind(issuer).bind(subject).fetch_optional(pool).await?
        }))
    }

    /// The identity provider link of an account: (issuer, subject), if it has one.
    pub async fn oidc_identity(
        &self,
        user_id: i64,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row: Option<(Option<String>, Option<String>)> = with_db!(self, pool => {
            sqlx::query_as("SELECT oidc_issuer, oidc_subject FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        });
        let Some(row) = row else {
            return Err(StoreError::NotFound {
                what: "user",
                id: user_id,
            });
        };
        Ok(match row {
            (Some(issuer), Some(subject)) => Some((issuer, subject)),
            _ => None,
        })
    }

    /// Links an account to an identity at an identity provider (replacing any earlier link of
    /// that account), with an audit event. Refused if that identity already belongs to another
    /// account.
    pub async fn link_oidc(
        &self,
        user_id: i64,
        issuer: &str,
        subject: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        self.link_oidc_at(user_id, issuer, subject, by, Utc::now())
            .await
    }

    /// As [`Store::link_oidc`], at a given time (tests and callers with a clock).
    pub async fn link_oidc_at(
        &self,
        user_id: i64,
        issuer: &str,
        subject: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        check(issuer, subject)?;
        with_tx!(self, tx => {
            let before: Option<(Option<String>, Option<String>)> =
                sqlx::query_as("SELECT oidc_issuer, oidc_subject FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(before) = before else {
                return Err(StoreError::NotFound { what: "user", id: user_id });
            };
            let taken: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2 AND id <> $3",
            )
            .bind(issuer)
            .bind(subject)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(other) = taken {
                return Err(StoreError::Invalid(format!(
                    "that identity ({subject} at {issuer}) is already linked to account {other}"
                )));
            }
            sqlx::query("UPDATE users SET oidc_issuer = $1, oidc_subject = $2, version = version + 1 WHERE id = $3")
                .bind(issuer)
                .bind(subject)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            let event = AuditEvent {
                actor: by.to_string(),
                action: "user.oidc.link".into(),
                object_type: "user".into(),
                object_id: Some(user_id.to_string()),
                before: match before {
                    (Some(i), Some(s)) => Some(format!("issuer={i}; subject={s}")),
                    _ => None,
                },
                after: Some(format!("issuer={issuer}; subject={subject}")),
                ..AuditEvent::default()
            };
            record_audit!(&mut *tx, at, event);
        });
        Ok(())
    }

    /// Removes an account's identity provider link (it can then sign in only locally).
    pub async fn unlink_oidc(&self, user_id: i64, by: &str) -> Result<(), StoreError> {
        let now = Utc::now();
        with_tx!(self, tx => {
            let n = sqlx::query("UPDATE users SET oidc_issuer = NULL, oidc_subject = NULL, version = version + 1 WHERE id = $1 AND oidc_subject IS NOT NULL")
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n > 0 {
                let event = AuditEvent {
                    actor: by.to_string(),
                    action: "user.oidc.unlink".into(),
                    object_type: "user".into(),
                    object_id: Some(user_id.to_string()),
                    ..AuditEvent::default()
                };
                record_audit!(&mut *tx, now, event);
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{testing, AuditFilter, NewUser, StoreError};
    use chrono::Utc;

    async fn user(store: &crate::Store, email: &str) -> i64 {
        let new = NewUser {
            email,
            name: "Someone",
            role: "viewer",
            person_key: None,
            password_hash: None,
            setup_code_hash: None,
            setup_expires_at: None,
            by: "test",
        };
        store.create_user(&new, Utc::now()).await.unwrap()
    }

    #[tokio::test]
    async fn users_are_found_by_issuer_and_subject_only() {
        // SQLite always; PostgreSQL too when ASSURE_TEST_POSTGRES_URL names one.
        for db in testing::all().await {
            let store = db.open().await.unwrap();
            check_links(&store).await;
            store.close().await;
            db.finish().await;
        }
    }

    async fn check_links(store: &crate::Store) {
        let a = user(store, "a@example.org").await;
        let b = user(store, "b@example.org").await;
        assert_eq!(
            store
                .user_by_oidc("https://idp.one", "sub-a")
                .await
                .unwrap(),
            None
        );
        store
            .link_oidc(a, "https://idp.one", "sub-a", "admin")
            .await
            .unwrap();
        let found = store
            .user_by_oidc("https://idp.one", "sub-a")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, a);
        // Another issuer with the same subject, or a case variant, is someone else.
        assert_eq!(
            store
                .user_by_oidc("https://idp.two", "sub-a")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .user_by_oidc("https://idp.one", "SUB-A")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .user_by_oidc("https://idp.one/", "sub-a")
                .await
                .unwrap(),
            None
        );
        // One identity, one account.
        let err = store
            .link_oidc(b, "https://idp.one", "sub-a", "admin")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        // The same subject at another issuer is a different identity.
        store
            .link_oidc(b, "https://idp.two", "sub-a", "admin")
            .await
            .unwrap();
        assert_eq!(
            store.oidc_identity(b).await.unwrap(),
            Some(("https://idp.two".to_string(), "sub-a".to_string()))
        );
        // Relinking an account replaces its link; unlinking removes it.
        store
            .link_oidc(a, "https://idp.one", "sub-a2", "admin")
            .await
            .unwrap();
        assert_eq!(
            store
                .user_by_oidc("https://idp.one", "sub-a")
                .await
                .unwrap(),
            None
        );
        store.unlink_oidc(a, "admin").await.unwrap();
        assert_eq!(store.oidc_identity(a).await.unwrap(), None);
        assert!(store
            .link_oidc(999, "https://idp.one", "x", "admin")
            .await
            .is_err());
        assert!(store.link_oidc(a, "", "x", "admin").await.is_err());
        assert!(store
            .link_oidc(a, "https://idp.one", "x\ny", "admin")
            .await
            .is_err());
        let links = store
            .audit_events(&AuditFilter {
                action: Some("user.oidc.link".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(links.len(), 3);
    }
}
