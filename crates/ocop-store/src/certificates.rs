//! Certificates as the public star check reads them: by number, by product
//! name, and those whose status changed lately (the marketplace feed).

use crate::audit::AuditEntry;
use crate::catalog::{
    CERTIFICATE_COLUMNS, CERTIFICATE_JOINS, CertificateRecord, certificate_from_row,
};
use crate::{Result, Store};
use sqlx::Row as _;

/// A certificate with the product it was issued for.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CertifiedProduct {
    pub product_slug: String,
    pub product_name: String,
    pub producer_name: String,
    pub producer_slug: String,
    pub certificate: CertificateRecord,
}

const FROM: &str = "FROM certificates c \
     JOIN products p ON p.id = c.product_id \
     JOIN producers pr ON pr.id = p.producer_id";

fn certified_from_row(r: &sqlx::any::AnyRow) -> Result<CertifiedProduct> {
    Ok(CertifiedProduct {
        product_slug: r.try_get("product_slug")?,
        product_name: r.try_get("product_name")?,
        producer_name: r.try_get("producer_name")?,
        producer_slug: r.try_get("producer_slug")?,
        certificate: certificate_from_row(r)?,
    })
}

fn select() -> String {
    format!(
        "SELECT p.slug AS product_slug, p.name AS product_name, pr.name AS producer_name, \
         pr.slug AS producer_slug, {CERTIFICATE_COLUMNS} {FROM} {CERTIFICATE_JOINS}"
    )
}

impl Store {
    /// Certificates that may have been revoked, suspended or replaced by a
    /// later decision, or whose dates ran out, from `since` on: those issued on or after `issued_from` (the
    /// validity period before `since`), or known only by a year from
    /// `since_year - 3`. The caller decides the status with the domain's
    /// rules; this only narrows the candidates.
    pub async fn certificates_changed_since(
        &self,
        province: &str,
        since: &str,
        issued_from: &str,
        since_year: i64,
    ) -> Result<Vec<CertifiedProduct>> {
        let sql = format!(
            "{} WHERE c.province_code = $1 AND (c.revoked_on >= $2 OR c.suspended_on >= $2 \
             OR c.issued_on >= $4 OR (c.issued_on IS NULL AND c.year + 3 >= $3) \
             OR sc.issued_on >= $2 OR (sc.issued_on IS NULL AND sc.year >= $3) \
             OR (c.revoked_reason IS NOT NULL AND c.revoked_on IS NULL)) \
             ORDER BY c.id",
            select()
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province.to_owned())
            .bind(since.to_owned())
            .bind(since_year)
            .bind(issued_from.to_owned())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(certified_from_row).collect()
    }
}

/// A change to a certificate's standing, decided by the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingChange<'a> {
    /// Thu hồi: final; the star may never be used again.
    Revoke { on: &'a str, reason: &'a str },
    /// Tạm đình chỉ: until lifted.
    Suspend { on: &'a str, reason: &'a str },
    /// Ends a suspension.
    Lift,
}

/// What a change needs besides itself: the decision behind it and who
/// recorded it when.
#[derive(Debug, Clone, Copy)]
pub struct ChangeRecord<'a> {
    pub decision: Option<&'a str>,
    pub actor: &'a str,
    pub now: &'a str,
}

/// Why a standing change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingRefusal {
    NotFound,
    AlreadyRevoked,
    NotSuspended,
}

/// id, revoked_on, revoked_reason, suspended_on, suspended_reason, status_decision.
type StandingRow = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl Store {
    /// The id of the certificate printed with `number` (capitals).
    pub async fn certificate_id_by_number(
        &self,
        province: &str,
        number: &str,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM certificates WHERE province_code = $1 AND number = $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(province.to_owned())
        .bind(number.trim().to_ascii_uppercase())
        .fetch_optional(self.pool())
        .await?)
    }

    /// The certificate issued on a dossier: (id, number), when it has one.
    pub async fn certificate_of_dossier(&self, dossier_id: i64) -> Result<Option<(i64, String)>> {
        let row: Option<(i64, Option<String>)> = sqlx::query_as(
            "SELECT id, number FROM certificates WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(dossier_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(id, n)| (id, n.unwrap_or_default())))
    }

    /// The dossier each certificate of the province was issued on.
    pub async fn certificate_dossiers(
        &self,
        province: &str,
    ) -> Result<std::collections::HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT id, dossier_id FROM certificates WHERE province_code = $1 AND dossier_id IS NOT NULL",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Records a revocation, suspension or lifting on a certificate of the
    /// province, with its audit entry (before and after) in one transaction.
    pub async fn change_certificate_standing(
        &self,
        province: &str,
        certificate_id: i64,
        change: StandingChange<'_>,
        rec: ChangeRecord<'_>,
    ) -> Result<std::result::Result<(), StandingRefusal>> {
        let mut tx = self.pool().begin().await?;
        let row: Option<StandingRow> = sqlx::query_as(
            "SELECT id, revoked_on, revoked_reason, suspended_on, suspended_reason, status_decision \
             FROM certificates WHERE province_code = $1 AND id = $2",
        )
        .bind(province.to_owned())
        .bind(certificate_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, revoked_on, revoked_reason, suspended_on, suspended_reason, decision)) = row
        else {
            return Ok(Err(StandingRefusal::NotFound));
        };
        if revoked_reason.is_some() {
            return Ok(Err(StandingRefusal::AlreadyRevoked));
        }
        let before = serde_json::json!({
            "revoked_on": revoked_on, "revoked_reason": revoked_reason,
            "suspended_on": suspended_on, "suspended_reason": suspended_reason,
            "status_decision": decision,
        });
        let (sql, action, a, b): (&str, &str, Option<&str>, Option<&str>) = match change {
            StandingChange::Revoke { on, reason } => (
                "UPDATE certificates SET revoked_on = $2, revoked_reason = $3, status_decision = $4 WHERE id = $1",
                "certificate.revoke",
                Some(on),
                Some(reason),
            ),
            StandingChange::Suspend { on, reason } => (
                "UPDATE certificates SET suspended_on = $2, suspended_reason = $3, status_decision = $4 WHERE id = $1",
                "certificate.suspend",
                Some(on),
                Some(reason),
            ),
            StandingChange::Lift => {
                if suspended_reason.is_none() {
                    return Ok(Err(StandingRefusal::NotSuspended));
                }
                (
                    "UPDATE certificates SET suspended_on = $2, suspended_reason = $3, status_decision = $4 WHERE id = $1",
                    "certificate.lift_suspension",
                    None,
                    None,
                )
            }
        };
        sqlx::query(sql)
            .bind(id)
            .bind(a.map(str::to_owned))
            .bind(b.map(str::to_owned))
            .bind(rec.decision.map(str::to_owned))
            .execute(&mut *tx)
            .await?;
        let after = match change {
            StandingChange::Revoke { on, reason } => {
                serde_json::json!({"revoked_on": on, "revoked_reason": reason, "status_decision": rec.decision})
            }
            StandingChange::Suspend { on, reason } => {
                serde_json::json!({"suspended_on": on, "suspended_reason": reason, "status_decision": rec.decision})
            }
            StandingChange::Lift => {
                serde_json::json!({"suspended_on": null, "suspended_reason": null, "status_decision": rec.decision})
            }
        };
        crate::snapshot::bump(&mut tx).await?;
        AuditEntry::of(rec.actor, action, "certificate", certificate_id)
            .before(before)
            .after(after)
            .commit(tx, rec.now)
            .await?;
        Ok(Ok(()))
    }
}

/// What a printed certificate needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificatePrint {
    pub number: Option<String>,
    pub stars: i64,
    pub issued_on: Option<chrono::NaiveDate>,
    pub product: String,
    pub producer: String,
    pub producer_address: Option<String>,
    pub decision_number: Option<String>,
    pub decision_issued_on: Option<chrono::NaiveDate>,
    pub issuing_authority: Option<String>,
    pub signer: Option<String>,
    pub signer_title: Option<String>,
}

impl Store {
    pub async fn certificate_print(
        &self,
        province: &str,
        id: i64,
    ) -> Result<Option<CertificatePrint>> {
        let row = sqlx::query(
            "SELECT c.number, c.stars, c.issued_on, p.name AS product, pr.name AS producer, pr.address, \
             d.number AS decision_number, d.issued_on AS decision_issued_on, d.issuing_authority, d.signer, d.signer_title \
             FROM certificates c JOIN products p ON p.id = c.product_id JOIN producers pr ON pr.id = p.producer_id \
             LEFT JOIN decisions d ON d.id = c.decision_id WHERE c.province_code = $1 AND c.id = $2",
        )
        .bind(province.to_owned())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(CertificatePrint {
                number: r.try_get("number")?,
                stars: r.try_get("stars")?,
                issued_on: crate::dates::maybe(r.try_get("issued_on")?)?,
                product: r.try_get("product")?,
                producer: r.try_get("producer")?,
                producer_address: r.try_get("address")?,
                decision_number: r.try_get("decision_number")?,
                decision_issued_on: crate::dates::maybe(r.try_get("decision_issued_on")?)?,
                issuing_authority: r.try_get("issuing_authority")?,
                signer: r.try_get("signer")?,
                signer_title: r.try_get("signer_title")?,
            })
        })
        .transpose()
    }
}
