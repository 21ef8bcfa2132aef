//! Quyết định công nhận — recognition decisions with their annex (phụ lục):
//! the products they recognise, with stars and certificates.

use crate::{Result, Store};
use sqlx::Row as _;

/// One line of a decision's annex.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnnexLine {
    pub product_name: String,
    pub product_slug: String,
    pub producer_name: String,
    pub stars: i64,
    pub certificate_number: Option<String>,
    pub valid_until: Option<chrono::NaiveDate>,
    pub revoked_on: Option<chrono::NaiveDate>,
    /// A rating the issuer could only put forward, not a recognition.
    pub nominated: bool,
    pub year: Option<i64>,
}

/// A decision and its annex, in the order the products were recognised.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DecisionAnnex {
    pub number: Option<String>,
    pub issued_on: Option<chrono::NaiveDate>,
    pub issuing_authority: String,
    pub level: String,
    pub signer: Option<String>,
    /// The signature block entered with the decision, when it was.
    pub signer_title: Option<String>,
    pub lines: Vec<AnnexLine>,
}

impl DecisionAnnex {
    /// The year its records give (the newest), for a decision known only
    /// by its issuer.
    pub fn year(&self) -> Option<i64> {
        self.lines.iter().filter_map(|l| l.year).max()
    }
}

impl Store {
    /// The province's decisions, newest first, each with its annex.
    pub async fn decisions_with_annex(&self, province: &str) -> Result<Vec<DecisionAnnex>> {
        let rows = sqlx::query(
            "SELECT d.id, d.number, d.issued_on, d.issuing_authority, d.level, d.signer, d.signer_title, \
             p.name AS product_name, p.slug AS product_slug, pr.name AS producer_name, \
             c.stars, c.number AS certificate_number, c.valid_until, c.revoked_on, c.nominated, c.year \
             FROM decisions d \
             JOIN certificates c ON c.decision_id = d.id \
             JOIN products p ON p.id = c.product_id \
             JOIN producers pr ON pr.id = p.producer_id \
             WHERE d.province_code = $1 \
             ORDER BY coalesce(d.issued_on, '') DESC, d.id DESC, c.stars DESC, p.name, c.id",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<(i64, DecisionAnnex)> = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let line = AnnexLine {
                product_name: r.try_get("product_name")?,
                product_slug: r.try_get("product_slug")?,
                producer_name: r.try_get("producer_name")?,
                stars: r.try_get("stars")?,
                certificate_number: r.try_get("certificate_number")?,
                valid_until: crate::dates::maybe(r.try_get("valid_until")?)?,
                revoked_on: crate::dates::maybe(r.try_get("revoked_on")?)?,
                nominated: r.try_get::<i64, _>("nominated")? != 0,
                year: r.try_get("year")?,
            };
            match out.last_mut() {
                Some((last, d)) if *last == id => d.lines.push(line),
                _ => out.push((
                    id,
                    DecisionAnnex {
                        number: r.try_get("number")?,
                        issued_on: crate::dates::maybe(r.try_get("issued_on")?)?,
                        issuing_authority: r.try_get("issuing_authority")?,
                        level: r.try_get("level")?,
                        signer: r.try_get("signer")?,
                        signer_title: r.try_get("signer_title")?,
                        lines: vec![line],
                    },
                )),
            }
        }
        Ok(out.into_iter().map(|(_, d)| d).collect())
    }
}
