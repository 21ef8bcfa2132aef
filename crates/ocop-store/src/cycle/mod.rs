//! Rounds, dossiers, council sheets and recognition, as stored. Every state
//! change is an optimistic `UPDATE … WHERE state = <expected>` written with
//! its history event and audit entry in one transaction: two officers acting
//! at once cannot both move a dossier, and nothing changes without its trace.

use crate::audit::AuditEntry;
use crate::{Result, Store, StoreError};
use sqlx::Row as _;

mod council;
mod evidence;
mod lists;
mod recognition;
mod rounds;
mod steps;

pub use council::*;
pub use evidence::*;
pub use lists::*;
pub(crate) use recognition::{Issued, issue_certificate};
pub use rounds::*;
pub use steps::*;

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
    /// The product's district before the 2025 reform, and its group: what
    /// a person's reach over the dossier is decided by.
    pub district_code_pre2025: Option<String>,
    pub group_code: Option<String>,
    pub kind: ocop_domain::dossier::DossierKind,
    pub state: ocop_domain::dossier::DossierState,
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

/// The decision that recognises a dossier's product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    /// Who records the decision.
    pub actor: String,
    pub decision_number: String,
    pub issued_on: chrono::NaiveDate,
    pub signer: String,
    /// The signature block above the name ("TM. Ủy ban nhân dân / KT. Chủ
    /// tịch / Phó Chủ tịch"); kept by the decision, so a later dossier
    /// recognised under the same number prints the same block.
    pub signer_title: String,
    pub issuing_authority: String,
    pub level: String,
    pub stars: i64,
    pub valid_until: chrono::NaiveDate,
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
    pub async fn create_dossier(
        &self,
        province: &str,
        round_id: i64,
        product_id: i64,
        kind: ocop_domain::dossier::DossierKind,
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
        .bind(kind.code())
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
        if kind.continues_an_earlier_dossier() {
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
        let after = serde_json::json!({ "round": round_id, "product": product_id, "kind": kind.code(), "criteria_set": criteria_set, "prefilled_from": prefilled_from });
        AuditEntry::of(by.actor, "create", "dossier", id)
            .after(after)
            .commit(tx, by.at)
            .await?;
        Ok(id)
    }

    pub async fn dossier(&self, id: i64) -> Result<Option<DossierRow>> {
        let row = sqlx::query(
            "SELECT d.id, d.province_code, d.round_id, d.product_id, p.name AS product_name, p.slug AS product_slug, \
             p.producer_id, p.commune_code_2025, p.district_code_pre2025, p.group_code, d.kind, d.state, d.criteria_set, d.self_assessment, d.self_total, d.self_stars, \
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
                district_code_pre2025: r.try_get("district_code_pre2025")?,
                group_code: r.try_get("group_code")?,
                kind: dossier_kind(r.try_get("kind")?)?,
                state: dossier_state(r.try_get("state")?)?,
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

fn dossier_kind(code: String) -> Result<ocop_domain::dossier::DossierKind> {
    crate::codes::coded(code, "loại hồ sơ", ocop_domain::dossier::DossierKind::parse)
}

/// A stored dossier state, read once here (see [`crate::codes`]).
pub(crate) fn dossier_state(code: String) -> Result<ocop_domain::dossier::DossierState> {
    crate::codes::coded(
        code,
        "trạng thái hồ sơ",
        ocop_domain::dossier::DossierState::parse,
    )
}
