//! What the portal keeps in memory, read in one go: every product with the
//! names search needs, every certificate with its product, and a signature
//! that changes whenever any of it may have changed.

use crate::catalog::{
    CERTIFICATE_COLUMNS, CERTIFICATE_JOINS, CERTIFICATE_ORDER, NEWEST_CERT, ProductSummary,
    certificate_from_row,
};
use crate::certificates::CertifiedProduct;
use crate::{Result, Store};
use sqlx::Row as _;

/// A product as search reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRow {
    pub summary: ProductSummary,
    pub name_folded: String,
    pub producer_folded: String,
    /// Folded names of its places: 2025 commune, pre-2025 district and commune.
    pub places_folded: String,
    pub commune_code_2025: Option<String>,
    pub district_code_pre2025: Option<String>,
    pub commune_code_pre2025: Option<String>,
    /// The set it is scored on, which may name its own department.
    pub criteria_set: Option<String>,
}

/// Records a change that adds no row, so every instance sees a new signature.
pub(crate) async fn bump(conn: &mut sqlx::AnyConnection) -> Result<()> {
    sqlx::query("UPDATE catalogue_state SET version = version + 1 WHERE id = 1")
        .execute(conn)
        .await?;
    Ok(())
}

impl Store {
    /// Changes whenever a product, producer, certificate, point of sale,
    /// marketplace link or photo is added, or anything is changed or removed
    /// (those bump the counter). Index lookups only: cheap to ask often.
    pub async fn catalogue_signature(&self) -> Result<String> {
        let row = sqlx::query(
            "SELECT (SELECT version FROM catalogue_state WHERE id = 1) AS v, \
             (SELECT coalesce(max(id), 0) FROM products) AS a, \
             (SELECT coalesce(max(id), 0) FROM producers) AS b, \
             (SELECT coalesce(max(id), 0) FROM certificates) AS c, \
             (SELECT coalesce(max(id), 0) FROM points_of_sale) AS d, \
             (SELECT coalesce(max(id), 0) FROM marketplace_links) AS e, \
             (SELECT coalesce(max(id), 0) FROM product_photos) AS f",
        )
        .fetch_one(self.pool())
        .await?;
        let mut parts = Vec::new();
        for c in ["v", "a", "b", "c", "d", "e", "f"] {
            let n: i64 = row.try_get(c)?;
            parts.push(n.to_string());
        }
        Ok(parts.join("."))
    }

    pub async fn search_rows(&self, province: &str) -> Result<Vec<SearchRow>> {
        let sql = format!(
            "SELECT p.id, p.slug, p.name, p.name_folded, pr.name AS producer_name, pr.slug AS producer_slug, \
             pr.name_folded AS producer_folded, p.group_code, p.group_label, nc.stars, nc.year, \
             p.commune_code_2025, p.district_code_pre2025, p.commune_code_pre2025, p.criteria_set, \
             cu.full_name AS commune_2025, du.full_name AS district_pre2025, \
             cu.name_folded AS cu_f, du.name_folded AS du_f, pu.name_folded AS pu_f \
             FROM products p JOIN producers pr ON pr.id = p.producer_id \
             LEFT JOIN certificates nc ON nc.id = {NEWEST_CERT} \
             LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = p.commune_code_2025 \
             LEFT JOIN admin_units du ON du.scheme = 'pre2025' AND du.code = p.district_code_pre2025 \
             LEFT JOIN admin_units pu ON pu.scheme = 'pre2025' AND pu.code = p.commune_code_pre2025 \
             WHERE p.province_code = $1 AND p.moderation = 'approved' ORDER BY p.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province.to_owned())
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                let places: Vec<Option<String>> =
                    vec![r.try_get("cu_f")?, r.try_get("du_f")?, r.try_get("pu_f")?];
                Ok(SearchRow {
                    summary: ProductSummary {
                        id: r.try_get("id")?,
                        slug: r.try_get("slug")?,
                        name: r.try_get("name")?,
                        producer_name: r.try_get("producer_name")?,
                        producer_slug: r.try_get("producer_slug")?,
                        group_code: r.try_get("group_code")?,
                        group_label: r.try_get("group_label")?,
                        stars: r.try_get("stars")?,
                        year: r.try_get("year")?,
                        commune_2025: r.try_get("commune_2025")?,
                        district_pre2025: r.try_get("district_pre2025")?,
                        public: true,
                    },
                    name_folded: r.try_get("name_folded")?,
                    producer_folded: r.try_get("producer_folded")?,
                    places_folded: places.into_iter().flatten().collect::<Vec<_>>().join(" | "),
                    commune_code_2025: r.try_get("commune_code_2025")?,
                    district_code_pre2025: r.try_get("district_code_pre2025")?,
                    commune_code_pre2025: r.try_get("commune_code_pre2025")?,
                    criteria_set: r.try_get("criteria_set")?,
                })
            })
            .collect()
    }

    /// Every certificate of the province with its product.
    pub async fn all_certificates(&self, province: &str) -> Result<Vec<CertifiedProduct>> {
        let sql = format!(
            "SELECT p.slug AS product_slug, p.name AS product_name, pr.name AS producer_name, \
             pr.slug AS producer_slug, {CERTIFICATE_COLUMNS} FROM certificates c \
             JOIN products p ON p.id = c.product_id JOIN producers pr ON pr.id = p.producer_id \
             {CERTIFICATE_JOINS} WHERE c.province_code = $1 ORDER BY p.id, {CERTIFICATE_ORDER}"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province.to_owned())
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(CertifiedProduct {
                    product_slug: r.try_get("product_slug")?,
                    product_name: r.try_get("product_name")?,
                    producer_name: r.try_get("producer_name")?,
                    producer_slug: r.try_get("producer_slug")?,
                    certificate: certificate_from_row(r)?,
                })
            })
            .collect()
    }
}
