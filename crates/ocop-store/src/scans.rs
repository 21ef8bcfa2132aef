//! Scan counts: how often a product's and a batch's codes were scanned, per
//! day and per province the scanner chose to name. Nothing about the person.

use crate::{Result, Store};
use sqlx::Row as _;

/// One counter to add to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScanKey {
    pub product_id: i64,
    /// 0 for a product-level code (a GTIN without a lot).
    pub batch_id: i64,
    /// The day in Vietnam.
    pub day: chrono::NaiveDate,
    /// Empty for a scan (a page view); a province code for a scanner's
    /// answer to "where did you buy it?", counted apart from the scans.
    pub province_code: String,
}

/// A batch's scans with what the warnings need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchScanRow {
    pub batch_id: i64,
    pub product_id: i64,
    pub total: i64,
    pub after_expiry: i64,
    pub quantity: Option<i64>,
    /// Scans per day, to set against the certificate's status on that day.
    pub by_day: Vec<(chrono::NaiveDate, i64)>,
}

impl Store {
    /// Adds the counts in one transaction (sorted, so two instances flushing
    /// at once take row locks in the same order).
    pub async fn add_scans(&self, counts: &[(ScanKey, i64)]) -> Result<()> {
        if counts.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool().begin().await?;
        // Many rows per statement: a busy minute adds thousands of counters.
        for chunk in counts.chunks(500) {
            let mut sql = String::from(
                "INSERT INTO scan_counts (product_id, batch_id, day, province_code, scans) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 5;
                sql.push_str(&format!(
                    "{}(${}, ${}, ${}, ${}, ${})",
                    if i == 0 { "" } else { ", " },
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                ));
            }
            sql.push_str(
                " ON CONFLICT (product_id, batch_id, day, province_code) \
                 DO UPDATE SET scans = scan_counts.scans + excluded.scans",
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (k, n) in chunk {
                q = q
                    .bind(k.product_id)
                    .bind(k.batch_id)
                    .bind(k.day.to_string())
                    .bind(k.province_code.clone())
                    .bind(*n);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Scans per day for a province's products (or one producer's), newest first.
    pub async fn scans_by_day(
        &self,
        province: &str,
        producer_id: Option<i64>,
        days: i64,
    ) -> Result<Vec<(chrono::NaiveDate, i64)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT s.day, CAST(sum(s.scans) AS BIGINT) FROM scan_counts s JOIN products p ON p.id = s.product_id \
             WHERE p.province_code = $1 AND ($2 = 0 OR p.producer_id = $2) AND s.province_code = '' \
             GROUP BY s.day ORDER BY s.day DESC LIMIT $3",
        )
        .bind(province.to_owned())
        .bind(producer_id.unwrap_or(0))
        .bind(days)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(day, n)| Ok((crate::dates::date(day)?, n)))
            .collect()
    }

    /// Scans per product (name), most scanned first.
    pub async fn scans_by_product(
        &self,
        province: &str,
        producer_id: Option<i64>,
    ) -> Result<Vec<(String, String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT p.name, p.slug, CAST(sum(s.scans) AS BIGINT) AS n FROM scan_counts s JOIN products p ON p.id = s.product_id \
             WHERE p.province_code = $1 AND ($2 = 0 OR p.producer_id = $2) AND s.province_code = '' \
             GROUP BY p.name, p.slug ORDER BY n DESC, p.name LIMIT 100",
        )
        .bind(province.to_owned())
        .bind(producer_id.unwrap_or(0))
        .fetch_all(self.pool())
        .await?)
    }

    /// Answers to "where did you buy it?" per province.
    pub async fn scans_by_province(
        &self,
        province: &str,
        producer_id: Option<i64>,
    ) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT coalesce(u.full_name, s.province_code) AS place, CAST(sum(s.scans) AS BIGINT) AS n FROM scan_counts s \
             JOIN products p ON p.id = s.product_id \
             LEFT JOIN admin_units u ON u.scheme = '2025' AND u.code = s.province_code \
             WHERE p.province_code = $1 AND ($2 = 0 OR p.producer_id = $2) AND s.province_code <> '' \
             GROUP BY coalesce(u.full_name, s.province_code) ORDER BY n DESC",
        )
        .bind(province.to_owned())
        .bind(producer_id.unwrap_or(0))
        .fetch_all(self.pool())
        .await?)
    }

    /// Every scanned batch with the facts its warnings need.
    pub async fn batch_scans(
        &self,
        province: &str,
        producer_id: Option<i64>,
    ) -> Result<Vec<BatchScanRow>> {
        let rows = sqlx::query(
            "SELECT b.id AS batch_id, b.product_id, b.quantity, b.expires_on, s.day, CAST(sum(s.scans) AS BIGINT) AS n \
             FROM scan_counts s JOIN batches b ON b.id = s.batch_id \
             WHERE b.province_code = $1 AND ($2 = 0 OR b.producer_id = $2) AND s.province_code = '' \
             GROUP BY b.id, b.product_id, b.quantity, b.expires_on, s.day ORDER BY b.id, s.day",
        )
        .bind(province.to_owned())
        .bind(producer_id.unwrap_or(0))
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<BatchScanRow> = Vec::new();
        for r in &rows {
            let batch_id: i64 = r.try_get("batch_id")?;
            let day = crate::dates::date(r.try_get("day")?)?;
            let n: i64 = r.try_get("n")?;
            let expires = crate::dates::maybe(r.try_get("expires_on")?)?;
            if out.last().is_none_or(|b| b.batch_id != batch_id) {
                out.push(BatchScanRow {
                    batch_id,
                    product_id: r.try_get("product_id")?,
                    total: 0,
                    after_expiry: 0,
                    quantity: r.try_get("quantity")?,
                    by_day: Vec::new(),
                });
            }
            if let Some(b) = out.last_mut() {
                b.total += n;
                if expires.is_some_and(|e| day > e) {
                    b.after_expiry += n;
                }
                b.by_day.push((day, n));
            }
        }
        Ok(out)
    }
}
