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
use std::collections::HashMap;

/// A product as search reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRow {
    pub summary: ProductSummary,
    pub name_folded: String,
    pub producer_folded: String,
    /// Folded names of every place of its area, old and new
    /// ([`ocop_domain::reform_place::area_codes`]).
    pub places_folded: String,
    /// Codes of every place of its area: a filter by any of them finds it.
    pub area_codes: Vec<String>,
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
             cu.full_name AS commune_2025, du.full_name AS district_pre2025, CAST(1 AS INTEGER) AS public \
             FROM products p JOIN producers pr ON pr.id = p.producer_id \
             LEFT JOIN certificates nc ON nc.id = {NEWEST_CERT} \
             LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = p.commune_code_2025 \
             LEFT JOIN admin_units du ON du.scheme = 'pre2025' AND du.code = p.district_code_pre2025 \
             WHERE p.province_code = $1 AND p.moderation = 'approved' ORDER BY p.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province.to_owned())
            .fetch_all(self.pool())
            .await?;
        let areas = Areas::load(self, province).await?;
        rows.iter()
            .map(|r| {
                let commune_2025: Option<String> = r.try_get("commune_code_2025")?;
                let district: Option<String> = r.try_get("district_code_pre2025")?;
                let commune: Option<String> = r.try_get("commune_code_pre2025")?;
                let area_codes = areas.of(&commune_2025, &district, &commune);
                let places_folded = area_codes
                    .iter()
                    .filter_map(|c| areas.names.get(c).map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" | ");
                Ok(SearchRow {
                    // Only approved products are read here: `public` is 1.
                    summary: crate::catalog::summary_from_row(r)?,
                    name_folded: r.try_get("name_folded")?,
                    producer_folded: r.try_get("producer_folded")?,
                    places_folded,
                    area_codes,
                    commune_code_2025: commune_2025,
                    district_code_pre2025: district,
                    commune_code_pre2025: commune,
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

/// The succession table of one province read both ways, with the folded
/// names of every unit in it.
struct Areas {
    predecessors: HashMap<String, Vec<(String, Option<String>)>>,
    successors: HashMap<String, Vec<String>>,
    names: HashMap<String, String>,
}

impl Areas {
    async fn load(store: &Store, province: &str) -> Result<Self> {
        let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT new_commune_code, old_district_code, old_commune_code FROM admin_unit_successions \
             WHERE new_province_code = $1",
        )
        .bind(province.to_owned())
        .fetch_all(store.pool())
        .await?;
        let mut predecessors: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
        let mut successors: HashMap<String, Vec<String>> = HashMap::new();
        for (new, district, commune) in rows {
            if let Some(c) = &commune {
                successors.entry(c.clone()).or_default().push(new.clone());
            }
            predecessors
                .entry(new)
                .or_default()
                .push((district, commune));
        }
        // Codes are unique across the two schemes' levels (2 digits, 3, 5),
        // except communes: a 2025 commune may reuse an old commune's code,
        // and then both names are its area's names.
        let units: Vec<(String, String)> = sqlx::query_as(
            "SELECT code, name_folded FROM admin_units WHERE level <> 'province' AND \
             ((scheme = '2025' AND province_code = $1) OR (scheme = 'pre2025' AND province_code IN \
             (SELECT DISTINCT old_province_code FROM admin_unit_successions WHERE new_province_code = $1))) \
             ORDER BY scheme, code",
        )
        .bind(province.to_owned())
        .fetch_all(store.pool())
        .await?;
        let mut names: HashMap<String, String> = HashMap::new();
        for (code, name) in units {
            names
                .entry(code)
                .and_modify(|n| {
                    n.push_str(" | ");
                    n.push_str(&name);
                })
                .or_insert(name);
        }
        Ok(Self {
            predecessors,
            successors,
            names,
        })
    }

    fn of(
        &self,
        commune_2025: &Option<String>,
        district: &Option<String>,
        commune: &Option<String>,
    ) -> Vec<String> {
        let none_p = Vec::new();
        let none_s = Vec::new();
        ocop_domain::reform_place::area_codes(
            [
                commune_2025.as_deref(),
                district.as_deref(),
                commune.as_deref(),
            ],
            commune_2025
                .as_ref()
                .and_then(|c| self.predecessors.get(c))
                .unwrap_or(&none_p),
            commune
                .as_ref()
                .and_then(|c| self.successors.get(c))
                .unwrap_or(&none_s),
        )
    }
}
