//! Rounds, dossiers, council sheets and recognition, as stored. Every state
//! change is an optimistic `UPDATE … WHERE state = <expected>` written with
//! its history event and audit entry in one transaction: two officers acting
//! at once cannot both move a dossier, and nothing changes without its trace.

use crate::audit::{self, AuditEntry};
use crate::{Result, Store, StoreError};
use sqlx::Row as _;

mod council;
mod evidence;
mod lists;
mod recognition;

pub use council::*;
pub use evidence::*;
pub use lists::*;
pub(crate) use recognition::{Issued, issue_certificate};

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
    /// Phiếu tự đánh giá, decoded once here: a stored sheet that does not
    /// read is an error ([`StoreError::Invalid`]), never an empty sheet.
    pub self_assessment: Option<ocop_domain::criteria::ScoreSheet>,
    pub self_total: Option<i64>,
    pub self_stars: Option<i64>,
    /// The commune's sheet (its assigned criteria only), decoded likewise.
    pub commune_assessment: Option<ocop_domain::criteria::ScoreSheet>,
    pub council_hundredths: Option<i64>,
    pub council_stars: Option<i64>,
    pub national_review: bool,
}

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

/// The decision that recognises a dossier's product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    /// Who records the decision.
    pub actor: String,
    pub decision_number: String,
    pub issued_on: String,
    pub signer: String,
    /// The signature block above the name ("TM. Ủy ban nhân dân / KT. Chủ
    /// tịch / Phó Chủ tịch"); kept by the decision, so a later dossier
    /// recognised under the same number prints the same block.
    pub signer_title: String,
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
                self_assessment: stored_sheet(r.try_get("self_assessment")?, "tự đánh giá")?,
                self_total: r.try_get("self_total")?,
                self_stars: r.try_get("self_stars")?,
                commune_assessment: stored_sheet(
                    r.try_get("commune_assessment")?,
                    "đánh giá của xã",
                )?,
                council_hundredths: r.try_get("council_hundredths")?,
                council_stars: r.try_get("council_stars")?,
                national_review: r.try_get::<i64, _>("national_review")? != 0,
            })
        })
        .transpose()
    }

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
        let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
        audit::record(
            &mut tx,
            by.at,
            AuditEntry {
                actor: by.actor,
                action,
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
}

/// A sheet as stored (criterion id → option id, JSON), read once.
fn stored_sheet(
    json: Option<String>,
    which: &str,
) -> Result<Option<ocop_domain::criteria::ScoreSheet>> {
    json.map(|j| {
        serde_json::from_str::<std::collections::BTreeMap<String, String>>(&j)
            .map(ocop_domain::criteria::ScoreSheet::from_ids)
            .map_err(|e| {
                StoreError::Invalid(format!("phiếu {which} lưu trong hồ sơ không đọc được: {e}"))
            })
    })
    .transpose()
}
