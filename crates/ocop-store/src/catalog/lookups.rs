//! Short lookups by key: what a scope check knows of a producer, a
//! producer's slug, the sitemap's slugs and dates, the products' GTINs.

use super::*;

/// What scope checks need to know about a producer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerFacts {
    pub id: i64,
    pub province_code: String,
    pub commune_code_2025: Option<String>,
    pub district_codes_pre2025: Vec<String>,
    /// (criteria set, group) of each product: what names its department.
    pub products: Vec<(Option<String>, Option<String>)>,
}

impl Store {
    pub async fn producer_facts(
        &self,
        province: &str,
        slug: &str,
    ) -> Result<Option<ProducerFacts>> {
        let Some((id, province_code, commune)): Option<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, province_code, commune_code_2025 FROM producers WHERE province_code = $1 AND slug = $2",
        )
        .bind(province.to_owned())
        .bind(slug.to_owned())
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let rows: Vec<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT district_code_pre2025, group_code, criteria_set FROM products WHERE producer_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mut districts: Vec<String> = rows.iter().filter_map(|p| p.0.clone()).collect();
        let products = rows
            .into_iter()
            .map(|(_, group, set)| (set, group))
            .collect();
        districts.sort();
        districts.dedup();
        Ok(Some(ProducerFacts {
            id,
            province_code,
            commune_code_2025: commune,
            district_codes_pre2025: districts,
            products,
        }))
    }
}

impl Store {
    pub async fn producer_slug(&self, id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT slug FROM producers WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }
}

impl Store {
    /// Every public page's slug with the day it last changed, for the
    /// sitemap: (products, producers). A product changes with its record
    /// and with each certificate added to it.
    pub async fn public_slugs(
        &self,
        province: &str,
    ) -> Result<(Vec<(String, String)>, Vec<(String, String)>)> {
        let products = sqlx::query_as(
            "SELECT p.slug, CASE WHEN (SELECT max(c.created_at) FROM certificates c WHERE c.product_id = p.id) > p.updated_at \
             THEN (SELECT max(c.created_at) FROM certificates c WHERE c.product_id = p.id) ELSE p.updated_at END AS changed \
             FROM products p WHERE p.province_code = $1 AND p.moderation = 'approved' ORDER BY p.id",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        let producers = sqlx::query_as(
            "SELECT slug, updated_at FROM producers WHERE province_code = $1 ORDER BY id",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        Ok((products, producers))
    }
}

impl Store {
    /// (GTIN as written, product slug) of every item of the province that
    /// carries a GTIN.
    pub async fn product_gtins(&self, province: &str) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT i.gtin, p.slug FROM product_items i JOIN products p ON p.id = i.product_id \
             WHERE p.province_code = $1 AND i.gtin IS NOT NULL ORDER BY i.id",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?)
    }
}
