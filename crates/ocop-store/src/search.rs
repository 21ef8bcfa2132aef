//! The portal's search, storage side: every product whose product, producer
//! or place names (2025 and pre-2025) hold all the folded words, with the
//! facts the facets count. Ranking, filters, facets and paging are done by
//! the caller in Rust, so both engines give identical results.

use crate::catalog::{ProductSummary, escape_like, summary_from_row, summary_select};
use crate::{Result, Store};
use sqlx::Row as _;

/// A product that matches the words, with what filters and facets need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub name_folded: String,
    pub producer_name: String,
    pub group_code: Option<String>,
    pub stars: Option<i64>,
    pub year: Option<i64>,
    pub commune_code_2025: Option<String>,
    pub district_code_pre2025: Option<String>,
    pub commune_code_pre2025: Option<String>,
}

/// The SQL condition that every folded word appears in the product's name,
/// its producer's name or the names of its places, old or new; placeholders
/// from `$first`.
pub(crate) fn words_clause(words: usize, first: usize) -> String {
    (first..first + words)
        .map(|n| {
            format!(
                " AND (p.name_folded LIKE ${n} ESCAPE '\\' OR pr.name_folded LIKE ${n} ESCAPE '\\' \
                 OR EXISTS (SELECT 1 FROM admin_units u WHERE u.name_folded LIKE ${n} ESCAPE '\\' AND \
                 ((u.scheme = '2025' AND u.code = p.commune_code_2025) OR (u.scheme = 'pre2025' AND \
                 (u.code = p.district_code_pre2025 OR u.code = p.commune_code_pre2025)))))"
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
    pub async fn product_candidates(
        &self,
        province: &str,
        words: &[String],
    ) -> Result<Vec<Candidate>> {
        let sql = format!(
            "SELECT p.id, p.name, p.name_folded, pr.name AS producer_name, p.group_code, nc.stars, nc.year, \
             p.commune_code_2025, p.district_code_pre2025, p.commune_code_pre2025 \
             FROM products p JOIN producers pr ON pr.id = p.producer_id \
             LEFT JOIN certificates nc ON nc.id = {} \
             WHERE p.province_code = $1{}",
            crate::catalog::NEWEST_CERT,
            words_clause(words.len(), 2)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(province.to_owned());
        for w in words {
            query = query.bind(like_pattern(w));
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(Candidate {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    name_folded: r.try_get("name_folded")?,
                    producer_name: r.try_get("producer_name")?,
                    group_code: r.try_get("group_code")?,
                    stars: r.try_get("stars")?,
                    year: r.try_get("year")?,
                    commune_code_2025: r.try_get("commune_code_2025")?,
                    district_code_pre2025: r.try_get("district_code_pre2025")?,
                    commune_code_pre2025: r.try_get("commune_code_pre2025")?,
                })
            })
            .collect()
    }

    /// The list lines of these products, in the order of `ids`.
    pub async fn product_summaries(&self, ids: &[i64]) -> Result<Vec<ProductSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!("{} WHERE p.id IN ({})", summary_select(), marks.join(", "));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            query = query.bind(*id);
        }
        let mut found = query
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(summary_from_row)
            .collect::<Result<Vec<_>>>()?;
        found.sort_by_key(|s| ids.iter().position(|id| *id == s.id));
        Ok(found)
    }

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
        let mut sql = "SELECT u.scheme, u.code, u.full_name, \
             (SELECT count(*) FROM products p WHERE p.province_code = $1 AND \
              ((u.scheme = '2025' AND p.commune_code_2025 = u.code) OR (u.scheme = 'pre2025' AND \
              (p.district_code_pre2025 = u.code OR p.commune_code_pre2025 = u.code)))) AS products \
             FROM admin_units u WHERE 1 = 1"
            .to_owned();
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
