//! Công nhận — the decision and its certificate, written with the step.

use super::*;
use crate::audit::AuditEntry;

impl Store {
    /// Issues the decision and the certificate, and closes the dossier, at once.
    pub async fn recognise(
        &self,
        id: i64,
        r: &Recognition,
        actor: &str,
        now: &str,
        tell: Option<&crate::notifications::Tell>,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let (province, product_id, round_id): (String, i64, i64) =
            sqlx::query_as("SELECT province_code, product_id, round_id FROM dossiers WHERE id = $1 AND state = 'scored'")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(conflict)?;
        let on = Issued {
            province: &province,
            product_id,
            round_id: Some(round_id),
            dossier_id: id,
        };
        let certificate_id = issue_certificate(&mut tx, on, r, now).await?;
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
        crate::notifications::tell_in(&mut tx, tell, now).await?;
        tx.commit().await?;
        Ok(certificate_id)
    }
}

/// What a certificate is issued for: a product, on a dossier (of a round, or
/// of the national path, which has none).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Issued<'a> {
    pub province: &'a str,
    pub product_id: i64,
    pub round_id: Option<i64>,
    pub dossier_id: i64,
}

/// Issues a certificate by a decision (found by number or created), links it
/// to the certificate it supersedes, and audits it; inside the caller's
/// transaction, so the step and the certificate commit together.
pub(crate) async fn issue_certificate(
    tx: &mut sqlx::AnyConnection,
    on: Issued<'_>,
    r: &Recognition,
    now: &str,
) -> Result<i64> {
    let Issued {
        province,
        product_id,
        round_id,
        dossier_id,
    } = on;
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
                "INSERT INTO decisions (province_code, number, issued_on, issuing_authority, level, round_id, signer, signer_title) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(province.clone())
            .bind(r.decision_number.clone())
            .bind(r.issued_on.to_string())
            .bind(r.issuing_authority.clone())
            .bind(r.level.clone())
            .bind(round_id)
            .bind(r.signer.clone())
            .bind(r.signer_title.clone())
            .fetch_one(&mut *tx)
            .await?,
        };
    let year = i64::from(chrono::Datelike::year(&r.issued_on));
    let certificate_id: i64 = sqlx::query_scalar(
            "INSERT INTO certificates (province_code, product_id, decision_id, number, stars, year, issued_on, valid_until, created_at, dossier_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(province.clone())
        .bind(product_id)
        .bind(decision_id)
        .bind(r.certificate_number.clone())
        .bind(r.stars)
        .bind(year)
        .bind(r.issued_on.to_string())
        .bind(r.valid_until.to_string())
        .bind(now.to_owned())
        .bind(dossier_id)
        .fetch_one(&mut *tx)
        .await?;
    crate::succession::link_successions(tx, Some(product_id)).await?;
    AuditEntry::of(&r.actor, "issue", "certificate", certificate_id)
        .after(serde_json::json!({
            "number": r.certificate_number, "stars": r.stars, "decision": r.decision_number,
            "issued_on": r.issued_on, "valid_until": r.valid_until, "product": product_id,
            "issuing_authority": r.issuing_authority, "dossier": dossier_id,
        }))
        .write(tx, now)
        .await?;
    Ok(certificate_id)
}
