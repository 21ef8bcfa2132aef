//! Search on the storage side: the word condition the back office's product
//! list uses, and the producers and places the portal's one box offers.
//! (Products themselves are searched in memory: see `ocop_app::catalogue`.)

use crate::catalog::escape_like;
use crate::{Result, Store};
use sqlx::Row as _;

/// The SQL condition that every folded word appears in the product's name,
/// its producer's name or the names of its area's places, old or new (the
/// succession table both ways, as `ocop_domain::reform_place::area_codes`); placeholders
/// from `$first`.
pub(crate) fn words_clause(words: usize, first: usize) -> String {
    // Each test starts from the product's own codes, so every lookup is by
    // key: a scan of the national unit list per product and word would not be.
    (first..first + words)
        .map(|n| {
            let like = format!("u.name_folded LIKE ${n} ESCAPE '\\'");
            format!(
                " AND (p.name_folded LIKE ${n} ESCAPE '\\' OR pr.name_folded LIKE ${n} ESCAPE '\\' \
                 OR EXISTS (SELECT 1 FROM admin_units u WHERE u.scheme = '2025' AND u.code = p.commune_code_2025 AND {like}) \
                 OR EXISTS (SELECT 1 FROM admin_units u WHERE u.scheme = 'pre2025' AND u.code = p.district_code_pre2025 AND {like}) \
                 OR EXISTS (SELECT 1 FROM admin_units u WHERE u.scheme = 'pre2025' AND u.code = p.commune_code_pre2025 AND {like}) \
                 OR EXISTS (SELECT 1 FROM admin_unit_successions s JOIN admin_units u ON u.scheme = 'pre2025' \
                   AND (u.code = s.old_district_code OR u.code = s.old_commune_code) \
                   WHERE s.new_commune_code = p.commune_code_2025 AND {like}) \
                 OR EXISTS (SELECT 1 FROM admin_unit_successions s JOIN admin_units u ON u.scheme = '2025' \
                   AND u.code = s.new_commune_code WHERE s.old_commune_code = p.commune_code_pre2025 AND {like}))"
            )
        })
        .collect()
}

pub(crate) fn like_pattern(word: &str) -> String {
    format!("%{}%", escape_like(word))
}

/// A producer whose name holds the words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProducerHit {
    pub slug: String,
    pub name: String,
    pub commune_2025: Option<String>,
    pub products: i64,
}

/// A place (2025 commune, or pre-2025 district or commune) whose name holds
/// the words and where the province has products.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlaceHit {
    pub scheme: String,
    pub code: String,
    pub full_name: String,
    pub products: i64,
}

impl Store {
    pub async fn producers_matching(
        &self,
        province: &str,
        words: &[String],
        limit: i64,
    ) -> Result<Vec<ProducerHit>> {
        let mut sql = "SELECT pr.slug, pr.name, cu.full_name AS commune_2025, \
             (SELECT count(*) FROM products p WHERE p.producer_id = pr.id) AS products \
             FROM producers pr \
             LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = pr.commune_code_2025 \
             WHERE pr.province_code = $1"
            .to_owned();
        for n in 0..words.len() {
            sql.push_str(&format!(" AND pr.name_folded LIKE ${} ESCAPE '\\'", n + 2));
        }
        sql.push_str(&format!(
            " ORDER BY pr.name_folded{}, pr.id LIMIT ${}",
            self.backend().byte_order(),
            words.len() + 2
        ));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(province.to_owned());
        for w in words {
            query = query.bind(like_pattern(w));
        }
        let rows = query.bind(limit).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(ProducerHit {
                    slug: r.try_get("slug")?,
                    name: r.try_get("name")?,
                    commune_2025: r.try_get("commune_2025")?,
                    products: r.try_get("products")?,
                })
            })
            .collect()
    }

    pub async fn places_matching(
        &self,
        province: &str,
        words: &[String],
        limit: i64,
    ) -> Result<Vec<PlaceHit>> {
        let mut sql = format!(
            "SELECT u.scheme, u.code, u.full_name, \
             (SELECT count(*) FROM products p WHERE p.province_code = $1 AND {}) AS products \
             FROM admin_units u WHERE u.level <> 'province' AND (u.province_code = $1 OR u.province_code IN \
             (SELECT DISTINCT old_province_code FROM admin_unit_successions WHERE new_province_code = $1))",
            crate::catalog::in_area("u.code")
        );
        for n in 0..words.len() {
            sql.push_str(&format!(" AND u.name_folded LIKE ${} ESCAPE '\\'", n + 2));
        }
        let sql = format!(
            "SELECT * FROM ({sql}) t WHERE t.products > 0 ORDER BY t.products DESC, t.full_name{}, t.code LIMIT ${}",
            self.backend().byte_order(),
            words.len() + 2
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(province.to_owned());
        for w in words {
            query = query.bind(like_pattern(w));
        }
        let rows = query.bind(limit).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(PlaceHit {
                    scheme: r.try_get("scheme")?,
                    code: r.try_get("code")?,
                    full_name: r.try_get("full_name")?,
                    products: r.try_get("products")?,
                })
            })
            .collect()
    }
}
