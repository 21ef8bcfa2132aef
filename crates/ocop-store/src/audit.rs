//! Nhật ký — the append-only audit log of changes to official data: who, when,
//! what, before and after. Written in the same transaction as the change, so
//! there is never a change without its entry or an entry without its change.

use crate::Result;
use sqlx::AnyConnection;

/// One change, as it will be recorded.
pub struct AuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub(crate) async fn record(conn: &mut AnyConnection, at: &str, e: AuditEntry<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(at.to_owned())
    .bind(e.actor.to_owned())
    .bind(e.action.to_owned())
    .bind(e.entity.to_owned())
    .bind(e.entity_id)
    .bind(e.before.map(|v| v.to_string()))
    .bind(e.after.map(|v| v.to_string()))
    .execute(conn)
    .await?;
    Ok(())
}
