//! Rounds, dossiers, council sheets and recognition, as stored. Every state
//! change is an optimistic `UPDATE … WHERE state = <expected>` written with
//! its history event and audit entry in one transaction: two officers acting
//! at once cannot both move a dossier, and nothing changes without its trace.

use crate::audit::{self, AuditEntry};
use crate::{Result, Store, StoreError};
use sqlx::Row as _;

/// The stage deadlines of a round (dates, `YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RoundDeadlines {
    pub registration_until: Option<String>,
    pub dossier_until: Option<String>,
    pub commune_until: Option<String>,
    pub advisory_until: Option<String>,
    pub council_until: Option<String>,
    pub decision_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoundRow {
    pub id: i64,
    pub province_code: String,
    pub year: i64,
    pub label: String,
    pub procedure: String,
    pub deadlines: RoundDeadlines,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DossierRow {
    pub id: i64,
    pub province_code: String,
    pub round_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub product_slug: String,
    pub producer_id: i64,
    pub commune_code_2025: Option<String>,
    pub kind: String,
    pub state: String,
    pub criteria_set: String,
    pub self_assessment: Option<String>,
    pub self_total: Option<i64>,
    pub self_stars: Option<i64>,
    pub commune_assessment: Option<String>,
    pub council_hundredths: Option<i64>,
    pub council_stars: Option<i64>,
    pub national_review: bool,
}

/// The decision that recognises a dossier's product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    /// Who records the decision.
    pub actor: String,
    pub decision_number: String,
    pub issued_on: String,
    pub signer: String,
    pub issuing_authority: String,
    pub level: String,
    pub stars: i64,
    pub valid_until: String,
    pub certificate_number: String,
}

/// Who acts, and when (an RFC 3339 time): every change records both.
#[derive(Debug, Clone, Copy)]
pub struct By<'a> {
    pub actor: &'a str,
    pub at: &'a str,
}

/// (id, self-assessment, its total, its stars, criteria set) of a product's last dossier.
type LastDossier = (i64, Option<String>, Option<i64>, Option<i64>, String);

fn conflict() -> StoreError {
    StoreError::Conflict(
        "hồ sơ vừa được người khác thay đổi trạng thái; tải lại trang và thử lại".into(),
    )
}

/// Inside a write: the dossier is still in the state the service checked,
/// or the write is refused as a conflict.
pub(crate) async fn ensure_state(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    dossier_id: i64,
    state: &str,
) -> Result<()> {
    let open: i64 =
        sqlx::query_scalar("SELECT count(*) FROM dossiers WHERE id = $1 AND state = $2")
            .bind(dossier_id)
            .bind(state.to_owned())
            .fetch_one(&mut **tx)
            .await?;
    if open == 0 { Err(conflict()) } else { Ok(()) }
}

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
    pub async fn create_round(
        &self,
        province: &str,
        year: i64,
        label: &str,
        procedure: &str,
        d: &RoundDeadlines,
        by: By<'_>,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO recognition_rounds (province_code, year, label, procedure, registration_until, dossier_until, \
             commune_until, advisory_until, council_until, decision_until, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(province.to_owned())
        .bind(year)
        .bind(label.to_owned())
        .bind(procedure.to_owned())
        .bind(d.registration_until.clone())
        .bind(d.dossier_until.clone())
        .bind(d.commune_until.clone())
        .bind(d.advisory_until.clone())
        .bind(d.council_until.clone())
        .bind(d.decision_until.clone())
        .bind(by.actor.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "year": year, "label": label, "procedure": procedure, "deadlines": d });
        audit::record(
            &mut tx,
            by.at,
            AuditEntry {
                actor: by.actor,
                action: "create",
                entity: "round",
                entity_id: id.to_string(),
                before: None,
                after: Some(after),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn round(&self, id: i64) -> Result<Option<RoundRow>> {
        let row = sqlx::query(
            "SELECT id, province_code, year, label, procedure, registration_until, dossier_until, commune_until, \
             advisory_until, council_until, decision_until FROM recognition_rounds WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(RoundRow {
                id: r.try_get("id")?,
                province_code: r.try_get("province_code")?,
                year: r.try_get("year")?,
                label: r.try_get("label")?,
                procedure: r.try_get("procedure")?,
                deadlines: RoundDeadlines {
                    registration_until: r.try_get("registration_until")?,
                    dossier_until: r.try_get("dossier_until")?,
                    commune_until: r.try_get("commune_until")?,
                    advisory_until: r.try_get("advisory_until")?,
                    council_until: r.try_get("council_until")?,
                    decision_until: r.try_get("decision_until")?,
                },
            })
        })
        .transpose()
    }

    pub async fn add_council_member(
        &self,
        round_id: i64,
        username: &str,
        chair: bool,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO council_members (round_id, username, is_chair) VALUES ($1, $2, $3)",
        )
        .bind(round_id)
        .bind(username.to_owned())
        .bind(i64::from(chair))
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "round": round_id, "member": username, "chair": chair });
        audit::record(
            &mut tx,
            now,
            AuditEntry {
                actor,
                action: "add_member",
                entity: "council",
                entity_id: round_id.to_string(),
                before: None,
                after: Some(after),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// (username, is chair) of a round's council.
    pub async fn council_members(&self, round_id: i64) -> Result<Vec<(String, bool)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT username, is_chair FROM council_members WHERE round_id = $1 ORDER BY username",
        )
        .bind(round_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(u, c)| (u, c != 0)).collect())
    }

    pub async fn create_dossier(
        &self,
        province: &str,
        round_id: i64,
        product_id: i64,
        kind: &str,
        criteria_set: &str,
        by: By<'_>,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dossiers (province_code, round_id, product_id, kind, state, criteria_set, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $7) RETURNING id",
        )
        .bind(province.to_owned())
        .bind(round_id)
        .bind(product_id)
        .bind(kind.to_owned())
        .bind(criteria_set.to_owned())
        .bind(by.actor.to_owned())
        .bind(by.at.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO dossier_events (dossier_id, at, actor, action, from_state, to_state) VALUES ($1, $2, $3, 'open', '', 'draft')")
            .bind(id)
            .bind(by.at.to_owned())
            .bind(by.actor.to_owned())
            .execute(&mut *tx)
            .await?;
        // An upgrade or re-evaluation starts from the product's last dossier:
        // its self-assessment (same criteria set) and its evidence.
        let mut prefilled_from: Option<i64> = None;
        if kind != "first" {
            let last: Option<LastDossier> = sqlx::query_as(
                "SELECT id, self_assessment, self_total, self_stars, criteria_set FROM dossiers \
                 WHERE product_id = $1 AND id <> $2 ORDER BY id DESC LIMIT 1",
            )
            .bind(product_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((last_id, assessment, total, stars, last_set)) = last {
                if last_set == criteria_set {
                    sqlx::query("UPDATE dossiers SET self_assessment = $2, self_total = $3, self_stars = $4 WHERE id = $1")
                        .bind(id)
                        .bind(assessment)
                        .bind(total)
                        .bind(stars)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query(
                    "INSERT INTO evidence (dossier_id, criterion_id, filename, content_type, size_bytes, sha256, data, uploaded_by, uploaded_at) \
                     SELECT $1, criterion_id, filename, content_type, size_bytes, sha256, data, uploaded_by, uploaded_at FROM evidence WHERE dossier_id = $2",
                )
                .bind(id)
                .bind(last_id)
                .execute(&mut *tx)
                .await?;
                prefilled_from = Some(last_id);
            }
        }
        let after = serde_json::json!({ "round": round_id, "product": product_id, "kind": kind, "criteria_set": criteria_set, "prefilled_from": prefilled_from });
        audit::record(
            &mut tx,
            by.at,
            AuditEntry {
                actor: by.actor,
                action: "create",
                entity: "dossier",
                entity_id: id.to_string(),
                before: None,
                after: Some(after),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn dossier(&self, id: i64) -> Result<Option<DossierRow>> {
        let row = sqlx::query(
            "SELECT d.id, d.province_code, d.round_id, d.product_id, p.name AS product_name, p.slug AS product_slug, \
             p.producer_id, p.commune_code_2025, d.kind, d.state, d.criteria_set, d.self_assessment, d.self_total, d.self_stars, \
             d.commune_assessment, d.council_hundredths, d.council_stars, d.national_review \
             FROM dossiers d JOIN products p ON p.id = d.product_id WHERE d.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(DossierRow {
                id: r.try_get("id")?,
                province_code: r.try_get("province_code")?,
                round_id: r.try_get("round_id")?,
                product_id: r.try_get("product_id")?,
                product_name: r.try_get("product_name")?,
                product_slug: r.try_get("product_slug")?,
                producer_id: r.try_get("producer_id")?,
                commune_code_2025: r.try_get("commune_code_2025")?,
                kind: r.try_get("kind")?,
                state: r.try_get("state")?,
                criteria_set: r.try_get("criteria_set")?,
                self_assessment: r.try_get("self_assessment")?,
                self_total: r.try_get("self_total")?,
                self_stars: r.try_get("self_stars")?,
                commune_assessment: r.try_get("commune_assessment")?,
                council_hundredths: r.try_get("council_hundredths")?,
                council_stars: r.try_get("council_stars")?,
                national_review: r.try_get::<i64, _>("national_review")? != 0,
            })
        })
        .transpose()
    }

    /// Saves an assessment (`self` by the producer or `commune` by the
    /// commune) while the dossier is in `state`; before and after are audited.
    pub async fn save_assessment(
        &self,
        id: i64,
        which: &str,
        state: &str,
        json: &str,
        total_stars: Option<(i64, i64)>,
        by: By<'_>,
    ) -> Result<()> {
        let (column, extra) = match which {
            "self" => ("self_assessment", ", self_total = $5, self_stars = $6"),
            "commune" => ("commune_assessment", ""),
            other => {
                return Err(StoreError::Invalid(format!(
                    "không có loại đánh giá \"{other}\""
                )));
            }
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
        if which == "self" {
            q = q
                .bind(total_stars.map(|t| t.0))
                .bind(total_stars.map(|t| t.1));
        }
        if q.execute(&mut *tx).await?.rows_affected() != 1 {
            return Err(conflict());
        }
        let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
        audit::record(
            &mut tx,
            by.at,
            AuditEntry {
                actor: by.actor,
                action: if which == "self" {
                    "self_assessment"
                } else {
                    "commune_assessment"
                },
                entity: "dossier",
                entity_id: id.to_string(),
                before: before.as_deref().and_then(parse),
                after: parse(json),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a dossier from `from` to `to`, recording the event and audit.
    pub async fn move_dossier(
        &self,
        id: i64,
        from: &str,
        to: &str,
        action: &str,
        comment: Option<&str>,
        by: By<'_>,
    ) -> Result<()> {
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
        tx.commit().await?;
        Ok(())
    }

    #[expect(clippy::too_many_arguments, reason = "one event is these eight facts")]
    async fn trace(
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
        audit::record(
            tx,
            now,
            AuditEntry {
                actor,
                action,
                entity: "dossier",
                entity_id: id.to_string(),
                before: Some(serde_json::json!({ "state": from })),
                after: Some(serde_json::json!({ "state": to, "comment": comment })),
            },
        )
        .await
    }

    /// The dossier's history, oldest first: (at, actor, action, from, to, comment).
    pub async fn dossier_events(
        &self,
        id: i64,
    ) -> Result<Vec<(String, String, String, String, String, Option<String>)>> {
        Ok(sqlx::query_as(
            "SELECT at, actor, action, from_state, to_state, comment FROM dossier_events WHERE dossier_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?)
    }

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
        audit::record(
            &mut tx,
            now,
            AuditEntry {
                actor: username,
                action: "declare_conflict",
                entity: "dossier",
                entity_id: dossier_id.to_string(),
                before: None,
                after: Some(serde_json::json!({ "reason": reason })),
            },
        )
        .await?;
        tx.commit().await?;
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
            return Err(StoreError::Invalid(
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
        audit::record(
            &mut tx,
            now,
            AuditEntry {
                actor: username,
                action: if submitted { "score" } else { "score_draft" },
                entity: "dossier",
                entity_id: dossier_id.to_string(),
                before: before.map(|(c, t)| serde_json::json!({ "total": t, "choices": serde_json::from_str::<serde_json::Value>(&c).ok() })),
                after: Some(serde_json::json!({ "total": total, "submitted": submitted, "choices": serde_json::from_str::<serde_json::Value>(choices).ok() })),
            },
        )
        .await?;
        tx.commit().await?;
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
    pub async fn reopen_sheets(&self, id: i64, reason: &str, by: By<'_>) -> Result<()> {
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

    /// Issues the decision and the certificate, and closes the dossier, at once.
    pub async fn recognise(&self, id: i64, r: &Recognition, actor: &str, now: &str) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let (province, product_id, round_id): (String, i64, i64) =
            sqlx::query_as("SELECT province_code, product_id, round_id FROM dossiers WHERE id = $1 AND state = 'scored'")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(conflict)?;
        let certificate_id =
            issue_certificate(&mut tx, &province, product_id, Some(round_id), r, now).await?;
        let moved = sqlx::query("UPDATE dossiers SET state = 'recognised', updated_at = $2 WHERE id = $1 AND state = 'scored'")
            .bind(id)
            .bind(now.to_owned())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if moved != 1 {
            return Err(conflict());
        }
        let comment = format!(
            "Quyết định {} ngày {}; giấy chứng nhận {} ({} sao) hiệu lực đến {}",
            r.decision_number, r.issued_on, r.certificate_number, r.stars, r.valid_until
        );
        self.trace(
            &mut tx,
            id,
            "scored",
            "recognised",
            "recognise",
            Some(&comment),
            actor,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(certificate_id)
    }
}

/// Issues a certificate by a decision (found by number or created), links it
/// to the certificate it supersedes, and audits it; inside the caller's
/// transaction, so the step and the certificate commit together.
pub(crate) async fn issue_certificate(
    tx: &mut sqlx::AnyConnection,
    province: &str,
    product_id: i64,
    round_id: Option<i64>,
    r: &Recognition,
    now: &str,
) -> Result<i64> {
    let province = province.to_owned();
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM decisions WHERE province_code = $1 AND number = $2")
            .bind(province.clone())
            .bind(r.decision_number.clone())
            .fetch_optional(&mut *tx)
            .await?;
    let decision_id = match existing {
            Some(d) => d,
            None => sqlx::query_scalar(
                "INSERT INTO decisions (province_code, number, issued_on, issuing_authority, level, round_id, signer) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(province.clone())
            .bind(r.decision_number.clone())
            .bind(r.issued_on.clone())
            .bind(r.issuing_authority.clone())
            .bind(r.level.clone())
            .bind(round_id)
            .bind(r.signer.clone())
            .fetch_one(&mut *tx)
            .await?,
        };
    let year: i64 = r
        .issued_on
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(0);
    let certificate_id: i64 = sqlx::query_scalar(
            "INSERT INTO certificates (province_code, product_id, decision_id, number, stars, year, issued_on, valid_until, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(province.clone())
        .bind(product_id)
        .bind(decision_id)
        .bind(r.certificate_number.clone())
        .bind(r.stars)
        .bind(year)
        .bind(r.issued_on.clone())
        .bind(r.valid_until.clone())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
    crate::succession::link_successions(tx, Some(product_id)).await?;
    audit::record(
        tx,
        now,
        AuditEntry {
            actor: &r.actor,
            action: "issue",
            entity: "certificate",
            entity_id: certificate_id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "number": r.certificate_number, "stars": r.stars, "decision": r.decision_number, "issued_on": r.issued_on, "valid_until": r.valid_until, "product": product_id, "issuing_authority": r.issuing_authority })),
        },
    )
    .await?;
    Ok(certificate_id)
}

/// A dossier in a list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DossierLine {
    pub id: i64,
    pub round_id: i64,
    pub round_label: String,
    pub product_name: String,
    pub producer_id: i64,
    pub commune_code_2025: Option<String>,
    pub commune_name: Option<String>,
    pub group_code: Option<String>,
    /// The set the dossier is scored on, which may name its own department.
    pub criteria_set: String,
    pub state: String,
    pub updated_at: String,
}

impl Store {
    pub async fn rounds(&self, province: &str) -> Result<Vec<RoundRow>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM recognition_rounds WHERE province_code = $1 ORDER BY year DESC, id DESC")
            .bind(province.to_owned())
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(r) = self.round(id).await? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Dossiers of a province, newest first; `round` narrows to one round.
    pub async fn dossier_lines(
        &self,
        province: &str,
        round: Option<i64>,
    ) -> Result<Vec<DossierLine>> {
        let rows = sqlx::query(
            "SELECT d.id, d.round_id, r.label AS round_label, p.name AS product_name, p.producer_id, p.commune_code_2025, \
             u.full_name AS commune_name, p.group_code, d.criteria_set, d.state, d.updated_at \
             FROM dossiers d JOIN products p ON p.id = d.product_id JOIN recognition_rounds r ON r.id = d.round_id \
             LEFT JOIN admin_units u ON u.scheme = '2025' AND u.code = p.commune_code_2025 \
             WHERE d.province_code = $1 AND ($2 = 0 OR d.round_id = $2) ORDER BY d.id DESC",
        )
        .bind(province.to_owned())
        .bind(round.unwrap_or(0))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DossierLine {
                    id: r.try_get("id")?,
                    round_id: r.try_get("round_id")?,
                    round_label: r.try_get("round_label")?,
                    product_name: r.try_get("product_name")?,
                    producer_id: r.try_get("producer_id")?,
                    commune_code_2025: r.try_get("commune_code_2025")?,
                    commune_name: r.try_get("commune_name")?,
                    group_code: r.try_get("group_code")?,
                    criteria_set: r.try_get("criteria_set")?,
                    state: r.try_get("state")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// Rounds whose council a member sits on.
    pub async fn rounds_of_member(&self, username: &str) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT round_id FROM council_members WHERE username = $1")
                .bind(username.to_owned())
                .fetch_all(self.pool())
                .await?,
        )
    }
}

/// An evidence file as listed (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EvidenceLine {
    pub id: i64,
    pub criterion_id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// A checked file to attach.
pub struct NewEvidence<'a> {
    pub criterion_id: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
}

impl Store {
    /// Attaches a file while the dossier is in `state` (draft or returned).
    pub async fn add_evidence(
        &self,
        dossier_id: i64,
        state: &str,
        e: &NewEvidence<'_>,
        by: By<'_>,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        ensure_state(&mut tx, dossier_id, state).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evidence (dossier_id, criterion_id, filename, content_type, size_bytes, sha256, data, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(dossier_id)
        .bind(e.criterion_id.to_owned())
        .bind(e.filename.to_owned())
        .bind(e.content_type.to_owned())
        .bind(i64::try_from(e.data.len()).unwrap_or(i64::MAX))
        .bind(e.sha256.to_owned())
        .bind(e.data.to_vec())
        .bind(by.actor.to_owned())
        .bind(by.at.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "criterion": e.criterion_id, "file": e.filename, "type": e.content_type, "bytes": e.data.len(), "sha256": e.sha256 });
        audit::record(
            &mut tx,
            by.at,
            AuditEntry {
                actor: by.actor,
                action: "attach_evidence",
                entity: "dossier",
                entity_id: dossier_id.to_string(),
                before: None,
                after: Some(after),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn evidence_lines(&self, dossier_id: i64) -> Result<Vec<EvidenceLine>> {
        let rows = sqlx::query(
            "SELECT id, criterion_id, filename, content_type, size_bytes, uploaded_by, uploaded_at FROM evidence WHERE dossier_id = $1 ORDER BY id",
        )
        .bind(dossier_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EvidenceLine {
                    id: r.try_get("id")?,
                    criterion_id: r.try_get("criterion_id")?,
                    filename: r.try_get("filename")?,
                    content_type: r.try_get("content_type")?,
                    size_bytes: r.try_get("size_bytes")?,
                    uploaded_by: r.try_get("uploaded_by")?,
                    uploaded_at: r.try_get("uploaded_at")?,
                })
            })
            .collect()
    }

    /// A file's name, type and bytes.
    pub async fn evidence_file(
        &self,
        dossier_id: i64,
        id: i64,
    ) -> Result<Option<(String, String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT filename, content_type, data FROM evidence WHERE dossier_id = $1 AND id = $2",
        )
        .bind(dossier_id)
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn count_evidence(&self, dossier_id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM evidence WHERE dossier_id = $1")
                .bind(dossier_id)
                .fetch_one(self.pool())
                .await?,
        )
    }
}
