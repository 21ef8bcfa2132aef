//! The programme's published recognition rounds and plain counts (figures by breakdown are
//! tallied from the catalogue in memory: `ocop-web`'s statistics page).

use crate::{Result, Store};
use sqlx::Row as _;

/// One recorded round or period of the programme (historical statistics as
/// published, including rounds whose product lists are not known).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RoundStatistic {
    pub former_province: String,
    pub period: String,
    pub decision: Option<String>,
    pub decision_date: Option<String>,
    pub products_recognised: Option<i64>,
    pub four_star: Option<i64>,
    pub three_star: Option<i64>,
    pub cumulative_total: Option<i64>,
    pub cumulative_four_star: Option<i64>,
    pub cumulative_three_star: Option<i64>,
    pub source_url: Option<String>,
    pub note: Option<String>,
}

impl Store {
    pub async fn round_statistics(&self, province: &str) -> Result<Vec<RoundStatistic>> {
        let rows = sqlx::query(
            "SELECT s.former_province_code, s.period, s.decision, s.decision_date, s.products_recognised, s.four_star, \
             s.three_star, s.cumulative_total, s.cumulative_four_star, s.cumulative_three_star, s.source_url, s.note, \
             coalesce(u.full_name, s.former_province_code) AS former_province \
             FROM programme_statistics s \
             LEFT JOIN admin_units u ON u.scheme = 'pre2025' AND u.code = s.former_province_code \
             WHERE s.province_code = $1 ORDER BY s.former_province_code, s.seq",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RoundStatistic {
                    former_province: r.try_get("former_province")?,
                    period: r.try_get("period")?,
                    decision: r.try_get("decision")?,
                    decision_date: r.try_get("decision_date")?,
                    products_recognised: r.try_get("products_recognised")?,
                    four_star: r.try_get("four_star")?,
                    three_star: r.try_get("three_star")?,
                    cumulative_total: r.try_get("cumulative_total")?,
                    cumulative_four_star: r.try_get("cumulative_four_star")?,
                    cumulative_three_star: r.try_get("cumulative_three_star")?,
                    source_url: r.try_get("source_url")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    pub async fn count_products(&self, province: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM products WHERE province_code = $1")
                .bind(province.to_owned())
                .fetch_one(self.pool())
                .await?,
        )
    }

    pub async fn count_products_without_criteria_set(&self, province: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT count(*) FROM products WHERE province_code = $1 AND criteria_set IS NULL",
        )
        .bind(province.to_owned())
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn count_producers(&self, province: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM producers WHERE province_code = $1")
                .bind(province.to_owned())
                .fetch_one(self.pool())
                .await?,
        )
    }
}
