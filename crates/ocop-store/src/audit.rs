//! Nhật ký — the append-only audit log of changes to official data: who, when,
//! what, before and after. Written in the same transaction as the change, so
//! there is never a change without its entry or an entry without its change.

use crate::Result;
use sqlx::AnyConnection;

/// Which entries to list; an empty field does not filter. `from` and
/// `until` are stored times (RFC 3339, UTC), `until` exclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub from: String,
    pub until: String,
}

/// One change, as it will be recorded: who did what to which object, with its
/// values before and after (none before when something is added, none after
/// when it is removed).
pub struct AuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Stored JSON (a sheet's choices, an assessment) as an entry's value: one
/// that does not read is kept as the text it was, never dropped.
pub(crate) fn json_or_text(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|_| serde_json::Value::String(s.to_owned()))
}

impl<'a> AuditEntry<'a> {
    /// `actor` did `action` to `entity` #`id`; add what it was and became.
    pub fn of(actor: &'a str, action: &'a str, entity: &'a str, id: impl ToString) -> Self {
        AuditEntry {
            actor,
            action,
            entity,
            entity_id: id.to_string(),
            before: None,
            after: None,
        }
    }

    /// What the object was before the change.
    pub fn before(self, v: serde_json::Value) -> Self {
        self.before_maybe(Some(v))
    }

    /// What the object is after the change.
    pub fn after(self, v: serde_json::Value) -> Self {
        self.after_maybe(Some(v))
    }

    /// What it was, where there was anything.
    pub fn before_maybe(mut self, v: Option<serde_json::Value>) -> Self {
        self.before = v;
        self
    }

    /// What it became, where anything is left.
    pub fn after_maybe(mut self, v: Option<serde_json::Value>) -> Self {
        self.after = v;
        self
    }

    /// Writes the entry on `conn` — the change's own transaction, so the
    /// entry and the change land or fail together.
    pub(crate) async fn write(self, conn: &mut AnyConnection, at: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(at.to_owned())
        .bind(self.actor.to_owned())
        .bind(self.action.to_owned())
        .bind(self.entity.to_owned())
        .bind(self.entity_id)
        .bind(self.before.map(|v| v.to_string()))
        .bind(self.after.map(|v| v.to_string()))
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Writes the entry as the change's last statement and commits: the
    /// change and its entry land together or not at all.
    pub(crate) async fn commit(
        self,
        mut tx: sqlx::Transaction<'_, sqlx::Any>,
        at: &str,
    ) -> Result<()> {
        self.write(&mut tx, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// As [`Self::commit`], for a change the public pages show: their data
    /// signature moves in the same transaction, so no kept page outlives it.
    pub(crate) async fn commit_public(
        self,
        mut tx: sqlx::Transaction<'_, sqlx::Any>,
        at: &str,
    ) -> Result<()> {
        crate::snapshot::bump(&mut tx).await?;
        self.commit(tx, at).await
    }
}

/// One recorded change, as the administrator's log shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl crate::Store {
    /// The newest `limit` entries, newest first.
    pub async fn audit_log(&self, limit: i64) -> crate::Result<Vec<AuditRow>> {
        self.audit_search(&AuditFilter::default(), limit).await
    }

    /// The entries matching `f`, newest first.
    pub async fn audit_search(&self, f: &AuditFilter, limit: i64) -> crate::Result<Vec<AuditRow>> {
        use sqlx::Row as _;
        let rows = sqlx::query(
            "SELECT at, actor, action, entity, entity_id, before_json, after_json FROM audit_log \
             WHERE ($2 = '' OR actor = $2) AND ($3 = '' OR action = $3) AND ($4 = '' OR entity = $4) \
             AND ($5 = '' OR entity_id = $5) AND ($6 = '' OR at >= $6) AND ($7 = '' OR at < $7) \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .bind(f.actor.clone())
        .bind(f.action.clone())
        .bind(f.entity.clone())
        .bind(f.entity_id.clone())
        .bind(f.from.clone())
        .bind(f.until.clone())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditRow {
                    at: crate::dates::stamp(r.try_get("at")?)?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    before: r.try_get("before_json")?,
                    after: r.try_get("after_json")?,
                })
            })
            .collect()
    }
}

impl crate::Store {
    /// Records an event that changes no official row by itself (a sign-in, a
    /// failed one, an export of personal data), in its own transaction.
    pub async fn audit_event(&self, at: &str, e: AuditEntry<'_>) -> crate::Result<()> {
        let mut conn = self.pool().acquire().await?;
        e.write(&mut conn, at).await
    }
}

impl crate::Store {
    /// The people, actions and object kinds the log holds, for filter lists.
    pub async fn audit_facets(&self) -> crate::Result<(Vec<String>, Vec<String>, Vec<String>)> {
        let distinct = |column: &'static str| {
            let sql = format!("SELECT DISTINCT {column} FROM audit_log ORDER BY {column}");
            async move {
                sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
                    .fetch_all(self.pool())
                    .await
            }
        };
        Ok((
            distinct("actor").await?,
            distinct("action").await?,
            distinct("entity").await?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::json_or_text;

    #[test]
    fn stored_json_that_does_not_read_is_kept_as_text() {
        assert_eq!(json_or_text(r#"{"a": 1}"#), serde_json::json!({ "a": 1 }));
        assert_eq!(json_or_text("{\"a\": "), serde_json::json!("{\"a\": "));
    }
}
