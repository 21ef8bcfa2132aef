//! Phiếu đăng ký — a producer's registration facts as the dossier's
//! registration form prints them, read for correction and written back,
//! audited with the values before and after.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use ocop_domain::{Producer, ProducerForm};
use sqlx::Row as _;

impl Store {
    /// The producer's record as the form shows it: (id, form).
    pub async fn producer_form(
        &self,
        province: &str,
        slug: &str,
    ) -> Result<Option<(i64, ProducerForm)>> {
        let mut conn = self.pool().acquire().await?;
        form_in(&mut conn, province, slug).await
    }

    /// Replaces the registration facts of producer `id` (its slug stays, so
    /// links keep working), audited, in one transaction with the catalogue's
    /// version (the public pages show the new facts at once).
    pub async fn update_producer(
        &self,
        province: &str,
        slug: &str,
        p: &Producer,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        // Read in the write's transaction, so the audit's "before" is what
        // the update replaced.
        let Some((id, before)) = form_in(&mut tx, province, slug).await? else {
            return Ok(false);
        };
        let rep = p.representative.as_ref();
        sqlx::query(
            "UPDATE producers SET name = $2, name_folded = $3, kind = $4, tax_code = $5, \
             representative_name = $6, representative_gender = $7, representative_ethnicity = $8, \
             address = $9, phone = $10, email = $11, updated_at = $12 WHERE id = $1",
        )
        .bind(id)
        .bind(p.name.clone())
        .bind(ocop_domain::text::fold(&p.name))
        .bind(p.kind.code())
        .bind(p.tax_code.as_ref().map(|t| t.as_str().to_owned()))
        .bind(rep.map(|r| r.name.clone()))
        .bind(rep.and_then(|r| r.gender).map(|g| g.code()))
        .bind(
            rep.and_then(|r| r.ethnicity.as_ref())
                .map(|e| e.as_str().to_owned()),
        )
        .bind(p.address.clone())
        .bind(p.phone.clone())
        .bind(p.email.clone())
        .bind(now.to_owned())
        .execute(&mut *tx)
        .await?;
        // A record imported with its pre-2025 commune keeps it unless the
        // commune itself is changed.
        let commune = p.commune_code.as_ref().map(|c| c.as_str().to_owned());
        if commune.as_deref().unwrap_or_default() != before.commune_code {
            sqlx::query(
                "UPDATE producers SET commune_scheme = $2, commune_code = $3, commune_code_2025 = $3 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(commune.as_ref().map(|_| "2025"))
            .bind(commune)
            .execute(&mut *tx)
            .await?;
        }
        let value = |v: serde_json::Result<serde_json::Value>| {
            v.map_err(|e| crate::StoreError::Invalid(e.to_string()))
        };
        AuditEntry::of(actor, "update", "producer", id)
            .before(value(serde_json::to_value(&before))?)
            .after(value(serde_json::to_value(p))?)
            .commit_public(tx, now)
            .await?;
        Ok(true)
    }
}

/// The producer's record as the form shows it, read on `conn` (a pool
/// connection, or the transaction that is about to change it).
async fn form_in(
    conn: &mut sqlx::AnyConnection,
    province: &str,
    slug: &str,
) -> Result<Option<(i64, ProducerForm)>> {
    let row = sqlx::query(
        "SELECT id, name, kind, tax_code, representative_name, representative_gender, \
             representative_ethnicity, address, commune_code_2025, phone, email \
             FROM producers WHERE province_code = $1 AND slug = $2",
    )
    .bind(province.to_owned())
    .bind(slug.to_owned())
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        let text = |c: &str| -> Result<String> {
            Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default())
        };
        Ok((
            r.try_get("id")?,
            ProducerForm {
                name: text("name")?,
                kind: text("kind")?,
                tax_code: text("tax_code")?,
                representative_name: text("representative_name")?,
                representative_gender: text("representative_gender")?,
                representative_ethnicity: text("representative_ethnicity")?,
                address: text("address")?,
                commune_code: text("commune_code_2025")?,
                phone: text("phone")?,
                email: text("email")?,
            },
        ))
    })
    .transpose()
}
