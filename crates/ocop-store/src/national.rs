//! Đề nghị đánh giá 5 sao — a dossier's national path as stored: each step
//! an optimistic update from the state it expects, with its audit entry; the
//! ministry's 5★ certificate issued in the same transaction as its decision.

use crate::audit::AuditEntry;
use crate::cycle::{Recognition, issue_certificate};
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use sqlx::Row as _;

/// A dossier's referral to the ministry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Referral {
    pub dossier_id: i64,
    /// Decoded once here; a state the domain does not know is an error.
    pub state: ocop_domain::national::NationalState,
    pub council_hundredths: i64,
    pub proposed_at: chrono::DateTime<chrono::Utc>,
    pub sent_on: Option<NaiveDate>,
    pub sent_reference: Option<String>,
    pub ministry_hundredths: Option<i64>,
    pub ministry_scored_on: Option<NaiveDate>,
    pub decision_number: Option<String>,
    pub decision_on: Option<NaiveDate>,
    pub certificate_id: Option<i64>,
    pub note: Option<String>,
}

/// What a step writes besides the new state.
#[derive(Debug, Clone, Default)]
pub struct StepFields {
    pub sent_on: Option<NaiveDate>,
    pub sent_reference: Option<String>,
    pub ministry_hundredths: Option<i64>,
    pub ministry_scored_on: Option<NaiveDate>,
    pub decision_number: Option<String>,
    pub decision_on: Option<NaiveDate>,
    pub note: Option<String>,
}

fn referral_from_row(r: &sqlx::any::AnyRow) -> Result<Referral> {
    Ok(Referral {
        dossier_id: r.try_get("dossier_id")?,
        state: crate::codes::coded(
            r.try_get("state")?,
            "trạng thái đề nghị 5 sao",
            ocop_domain::national::NationalState::parse,
        )?,
        council_hundredths: r.try_get("council_hundredths")?,
        proposed_at: crate::dates::stamp(r.try_get("proposed_at")?)?,
        sent_on: crate::dates::maybe(r.try_get("sent_on")?)?,
        sent_reference: r.try_get("sent_reference")?,
        ministry_hundredths: r.try_get("ministry_hundredths")?,
        ministry_scored_on: crate::dates::maybe(r.try_get("ministry_scored_on")?)?,
        decision_number: r.try_get("decision_number")?,
        decision_on: crate::dates::maybe(r.try_get("decision_on")?)?,
        certificate_id: r.try_get("certificate_id")?,
        note: r.try_get("note")?,
    })
}

const COLUMNS: &str = "dossier_id, state, council_hundredths, proposed_at, sent_on, sent_reference, \
     ministry_hundredths, ministry_scored_on, decision_number, decision_on, certificate_id, note";

fn moved_on() -> StoreError {
    StoreError::Conflict("đề nghị đã được người khác chuyển sang bước khác; tải lại trang".into())
}

impl Store {
    pub async fn referral(&self, dossier_id: i64) -> Result<Option<Referral>> {
        let sql = format!("SELECT {COLUMNS} FROM national_referrals WHERE dossier_id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(dossier_id)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(referral_from_row)
            .transpose()
    }

    /// Moves a referral from `from` to `to` with the step's fields, audited.
    pub async fn advance_referral(
        &self,
        dossier_id: i64,
        from: &str,
        to: &str,
        f: &StepFields,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        self.advance_in(&mut tx, dossier_id, from, to, f, actor, now)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The ministry recognises 5★: the referral closes and the ministry's
    /// certificate is issued (superseding the province's) in one transaction.
    pub async fn ministry_recognise(
        &self,
        dossier_id: i64,
        f: &StepFields,
        r: &Recognition,
        now: &str,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let (province, product_id): (String, i64) =
            sqlx::query_as("SELECT province_code, product_id FROM dossiers WHERE id = $1")
                .bind(dossier_id)
                .fetch_one(&mut *tx)
                .await?;
        self.advance_in(
            &mut tx,
            dossier_id,
            "ministry_scored",
            "recognised",
            f,
            &r.actor,
            now,
        )
        .await?;
        let on = crate::cycle::Issued {
            province: &province,
            product_id,
            round_id: None,
            dossier_id,
        };
        let certificate = issue_certificate(&mut tx, on, r, now).await?;
        sqlx::query("UPDATE national_referrals SET certificate_id = $2 WHERE dossier_id = $1")
            .bind(dossier_id)
            .bind(certificate)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(certificate)
    }

    #[allow(clippy::too_many_arguments)]
    async fn advance_in(
        &self,
        tx: &mut sqlx::AnyConnection,
        dossier_id: i64,
        from: &str,
        to: &str,
        f: &StepFields,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let moved = sqlx::query(
            "UPDATE national_referrals SET state = $3, \
             sent_on = coalesce($4, sent_on), sent_reference = coalesce($5, sent_reference), \
             ministry_hundredths = coalesce($6, ministry_hundredths), ministry_scored_on = coalesce($7, ministry_scored_on), \
             decision_number = coalesce($8, decision_number), decision_on = coalesce($9, decision_on), \
             note = coalesce($10, note), updated_at = $11 \
             WHERE dossier_id = $1 AND state = $2",
        )
        .bind(dossier_id)
        .bind(from.to_owned())
        .bind(to.to_owned())
        .bind(f.sent_on.map(|d| d.to_string()))
        .bind(f.sent_reference.clone())
        .bind(f.ministry_hundredths)
        .bind(f.ministry_scored_on.map(|d| d.to_string()))
        .bind(f.decision_number.clone())
        .bind(f.decision_on.map(|d| d.to_string()))
        .bind(f.note.clone())
        .bind(now.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(moved_on());
        }
        AuditEntry::of(actor, "national.advance", "dossier", dossier_id)
            .before(serde_json::json!({ "national": from }))
            .after(serde_json::json!({
                "national": to, "sent_on": f.sent_on, "sent_reference": f.sent_reference,
                "ministry_hundredths": f.ministry_hundredths,
                "ministry_scored_on": f.ministry_scored_on, "decision_number": f.decision_number,
                "decision_on": f.decision_on, "note": f.note,
            }))
            .write(tx, now)
            .await
    }
}
