//! Các bước của hồ sơ — a dossier's steps: the sheets saved while it is
//! prepared or pre-assessed, each move with its event (and notices), and
//! its history.

use super::*;
use crate::audit::AuditEntry;

/// One step of a dossier: from which state to which, by which action,
/// with the comment given.
#[derive(Debug, Clone, Copy)]
pub struct Move<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub action: &'a str,
    pub comment: Option<&'a str>,
}

/// Whose assessment a sheet is (phiếu tự đánh giá, phiếu đánh giá của xã).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assessment {
    /// The producer's own, with the total and star it scores.
    Own { total: i64, stars: i64 },
    /// The commune's, on its assigned criteria.
    Commune,
}

impl Store {
    /// Saves an assessment (the producer's own or the commune's) while the
    /// dossier is in `state`; before and after are audited.
    pub async fn save_assessment(
        &self,
        id: i64,
        which: Assessment,
        state: &str,
        json: &str,
        by: By<'_>,
    ) -> Result<()> {
        let (column, extra, action) = match which {
            Assessment::Own { .. } => (
                "self_assessment",
                ", self_total = $5, self_stars = $6",
                "self_assessment",
            ),
            Assessment::Commune => ("commune_assessment", "", "commune_assessment"),
        };
        let mut tx = self.pool().begin().await?;
        let before: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT {column} FROM dossiers WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .flatten();
        let sql = format!(
            "UPDATE dossiers SET {column} = $2, updated_at = $3 {extra} WHERE id = $1 AND state = $4"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(json.to_owned())
            .bind(by.at.to_owned())
            .bind(state.to_owned());
        if let Assessment::Own { total, stars } = which {
            q = q.bind(total).bind(stars);
        }
        if q.execute(&mut *tx).await?.rows_affected() != 1 {
            return Err(conflict());
        }
        let parse = crate::audit::json_or_text;
        AuditEntry::of(by.actor, action, "dossier", id)
            .before_maybe(before.as_deref().map(parse))
            .after(parse(json))
            .commit(tx, by.at)
            .await?;
        Ok(())
    }

    /// Moves a dossier from `from` to `to`, recording the event and audit.
    /// Moves a dossier one step (`from` must still be its state), with the
    /// step's event and the notices of those it concerns, in one
    /// transaction.
    pub async fn move_dossier(
        &self,
        id: i64,
        step: Move<'_>,
        by: By<'_>,
        tell: Option<&crate::notifications::Tell>,
    ) -> Result<()> {
        let Move {
            from,
            to,
            action,
            comment,
        } = step;
        let mut tx = self.pool().begin().await?;
        let moved = sqlx::query(
            "UPDATE dossiers SET state = $3, updated_at = $4 WHERE id = $1 AND state = $2",
        )
        .bind(id)
        .bind(from.to_owned())
        .bind(to.to_owned())
        .bind(by.at.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(conflict());
        }
        self.trace(&mut tx, id, from, to, action, comment, by.actor, by.at)
            .await?;
        crate::notifications::tell_in(&mut tx, tell, by.at).await?;
        tx.commit().await?;
        Ok(())
    }

    #[expect(clippy::too_many_arguments, reason = "one event is these eight facts")]
    pub(super) async fn trace(
        &self,
        tx: &mut sqlx::AnyConnection,
        id: i64,
        from: &str,
        to: &str,
        action: &str,
        comment: Option<&str>,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        sqlx::query("INSERT INTO dossier_events (dossier_id, at, actor, action, from_state, to_state, comment) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(id)
            .bind(now.to_owned())
            .bind(actor.to_owned())
            .bind(action.to_owned())
            .bind(from.to_owned())
            .bind(to.to_owned())
            .bind(comment.map(str::to_owned))
            .execute(&mut *tx)
            .await?;
        AuditEntry::of(actor, action, "dossier", id)
            .before(serde_json::json!({ "state": from }))
            .after(serde_json::json!({ "state": to, "comment": comment }))
            .write(tx, now)
            .await
    }

    /// The dossier's history, oldest first.
    pub async fn dossier_events(&self, id: i64) -> Result<Vec<DossierEvent>> {
        let rows: Vec<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT at, actor, action, from_state, to_state, comment FROM dossier_events WHERE dossier_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(at, actor, action, from, to, comment)| {
                Ok(DossierEvent {
                    at: crate::dates::stamp(at)?,
                    actor,
                    action,
                    // Opening has no state before it.
                    from: match from.as_str() {
                        "" => None,
                        _ => Some(super::dossier_state(from)?),
                    },
                    to: super::dossier_state(to)?,
                    comment,
                })
            })
            .collect()
    }
}

/// One step in a dossier's history (lịch sử hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierEvent {
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    /// The step's code: a `DossierAction`'s, or `open`.
    pub action: String,
    pub from: Option<ocop_domain::dossier::DossierState>,
    pub to: ocop_domain::dossier::DossierState,
    pub comment: Option<String>,
}
