//! Hội đồng — members' conflicts and sheets, the lock with the council's
//! result, and reopening before the decision.

use super::*;
use crate::audit::AuditEntry;

/// Phiếu chấm — one council member's sheet on a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub username: String,
    /// Criterion id → option id (or `na`).
    pub choices: std::collections::BTreeMap<String, String>,
    pub total: i64,
    /// Submitted (counts) or a draft (does not).
    pub submitted: bool,
}

/// A sheet as a member saves it.
#[derive(Debug, Clone, Copy)]
pub struct SheetWrite<'a> {
    pub choices: &'a str,
    pub total: i64,
    pub submitted: bool,
}

impl Store {
    pub async fn declare_conflict(
        &self,
        dossier_id: i64,
        username: &str,
        reason: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("INSERT INTO council_conflicts (dossier_id, username, reason, declared_at) VALUES ($1, $2, $3, $4)")
            .bind(dossier_id)
            .bind(username.to_owned())
            .bind(reason.to_owned())
            .bind(now.to_owned())
            .execute(&mut *tx)
            .await?;
        AuditEntry::of(username, "declare_conflict", "dossier", dossier_id)
            .after(serde_json::json!({ "reason": reason }))
            .commit(tx, now)
            .await?;
        Ok(())
    }

    pub async fn conflicts(&self, dossier_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT username FROM council_conflicts WHERE dossier_id = $1 ORDER BY username",
        )
        .bind(dossier_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// A member's sheet, while the dossier is in council; a changed sheet
    /// keeps its previous version in the audit log.
    pub async fn submit_sheet(
        &self,
        dossier_id: i64,
        username: &str,
        sheet: SheetWrite<'_>,
        now: &str,
    ) -> Result<()> {
        let SheetWrite {
            choices,
            total,
            submitted,
        } = sheet;
        let mut tx = self.pool().begin().await?;
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM dossiers WHERE id = $1 AND state = 'in_council'",
        )
        .bind(dossier_id)
        .fetch_one(&mut *tx)
        .await?;
        if open == 0 {
            // The dossier left the council's session since the sheet was
            // opened: the state moved on, nothing is written.
            return Err(StoreError::Conflict(
                "phiếu chấm đã khóa: hồ sơ không còn ở phiên chấm của hội đồng".into(),
            ));
        }
        let before: Option<(String, i64)> = sqlx::query_as(
            "SELECT choices, total FROM score_sheets WHERE dossier_id = $1 AND username = $2",
        )
        .bind(dossier_id)
        .bind(username.to_owned())
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO score_sheets (dossier_id, username, choices, total, submitted_at, submitted) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (dossier_id, username) DO UPDATE SET choices = excluded.choices, total = excluded.total, \
             submitted_at = excluded.submitted_at, submitted = excluded.submitted",
        )
        .bind(dossier_id)
        .bind(username.to_owned())
        .bind(choices.to_owned())
        .bind(total)
        .bind(now.to_owned())
        .bind(i64::from(submitted))
        .execute(&mut *tx)
        .await?;
        let choices_of = crate::audit::json_or_text;
        let action = if submitted { "score" } else { "score_draft" };
        AuditEntry::of(username, action, "dossier", dossier_id)
            .before_maybe(
                before.map(|(c, t)| serde_json::json!({ "total": t, "choices": choices_of(&c) })),
            )
            .after(serde_json::json!({
                "total": total, "submitted": submitted, "choices": choices_of(choices),
            }))
            .commit(tx, now)
            .await?;
        Ok(())
    }

    /// Every member's sheet, submitted or draft, by username.
    pub async fn score_sheets(&self, dossier_id: i64) -> Result<Vec<SheetRow>> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT username, choices, total, submitted FROM score_sheets WHERE dossier_id = $1 ORDER BY username",
        )
        .bind(dossier_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(username, choices, total, submitted)| {
                let choices = serde_json::from_str(&choices).map_err(|e| {
                    StoreError::Invalid(format!("phiếu chấm của {username} hỏng: {e}"))
                })?;
                Ok(SheetRow {
                    username,
                    choices,
                    total,
                    submitted: submitted != 0,
                })
            })
            .collect()
    }

    /// Mở lại phiếu chấm: the locked sheets open again before the decision;
    /// the council's result is cleared, with the reason in the history.
    pub async fn reopen_sheets(
        &self,
        id: i64,
        reason: &str,
        by: By<'_>,
        tell: Option<&crate::notifications::Tell>,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let moved = sqlx::query(
            "UPDATE dossiers SET state = 'in_council', council_hundredths = NULL, council_stars = NULL, \
             national_review = 0, updated_at = $2 WHERE id = $1 AND state = 'scored'",
        )
        .bind(id)
        .bind(by.at.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(conflict());
        }
        // A proposal not yet sent falls with the result it rested on.
        sqlx::query("DELETE FROM national_referrals WHERE dossier_id = $1 AND state = 'proposed'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        self.trace(
            &mut tx,
            id,
            "scored",
            "in_council",
            "reopen_scoring",
            Some(reason),
            by.actor,
            by.at,
        )
        .await?;
        crate::notifications::tell_in(&mut tx, tell, by.at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Locks the sheets with the council's result.
    pub async fn close_scoring(
        &self,
        id: i64,
        hundredths: i64,
        stars: i64,
        national: bool,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let moved = sqlx::query(
            "UPDATE dossiers SET state = 'scored', council_hundredths = $2, council_stars = $3, national_review = $4, updated_at = $5 \
             WHERE id = $1 AND state = 'in_council'",
        )
        .bind(id)
        .bind(hundredths)
        .bind(stars)
        .bind(i64::from(national))
        .bind(now.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(conflict());
        }
        if national {
            // Đề nghị Bộ đánh giá 5 sao: written with the lock, replaced when
            // the sheets are locked again after a reopening.
            sqlx::query(
                "INSERT INTO national_referrals (dossier_id, province_code, state, council_hundredths, proposed_at, updated_at) \
                 SELECT id, province_code, 'proposed', $2, $3, $3 FROM dossiers WHERE id = $1 \
                 ON CONFLICT (dossier_id) DO UPDATE SET state = 'proposed', council_hundredths = excluded.council_hundredths, \
                 proposed_at = excluded.proposed_at, updated_at = excluded.updated_at",
            )
            .bind(id)
            .bind(hundredths)
            .bind(now.to_owned())
            .execute(&mut *tx)
            .await?;
        }
        let comment = format!(
            "{:.2} điểm, {stars} sao{}",
            hundredths as f64 / 100.0,
            if national {
                "; đề nghị đánh giá 5 sao cấp quốc gia"
            } else {
                ""
            }
        );
        self.trace(
            &mut tx,
            id,
            "in_council",
            "scored",
            "close_scoring",
            Some(&comment),
            actor,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
