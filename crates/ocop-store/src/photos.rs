//! Product photos and their published sizes.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use sqlx::Row as _;

/// A photo as pages list it: its id, text alternative and the widths it
/// is published in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PhotoInfo {
    pub id: i64,
    pub product_id: i64,
    pub alt: String,
    pub width: i64,
    pub height: i64,
    pub widths: Vec<i64>,
}

/// One size to store.
pub struct NewVariant<'a> {
    pub width: i64,
    pub height: i64,
    pub jpeg: &'a [u8],
}

/// A processed photo to store.
pub struct NewPhoto<'a> {
    pub product_id: i64,
    pub alt: &'a str,
    pub width: i64,
    pub height: i64,
    pub variants: &'a [NewVariant<'a>],
}

impl Store {
    /// Stores a photo with all its sizes, in one transaction.
    pub async fn add_photo(&self, p: &NewPhoto<'_>, actor: &str, now: &str) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO product_photos (product_id, alt, width, height, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(p.product_id)
        .bind(p.alt.to_owned())
        .bind(p.width)
        .bind(p.height)
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        for v in p.variants {
            sqlx::query(
                "INSERT INTO photo_variants (photo_id, width, height, jpeg) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(v.width)
            .bind(v.height)
            .bind(v.jpeg.to_vec())
            .execute(&mut *tx)
            .await?;
        }
        AuditEntry::of(actor, "create", "product_photo", id)
            .after(serde_json::json!({
                "product_id": p.product_id, "alt": p.alt, "width": p.width, "height": p.height,
            }))
            .commit(tx, now)
            .await?;
        Ok(id)
    }

    async fn photos_where(&self, clause: &str, id: i64) -> Result<Vec<PhotoInfo>> {
        let sql = format!(
            "SELECT f.id, f.product_id, f.alt, f.width, f.height, v.width AS vw FROM product_photos f \
             JOIN photo_variants v ON v.photo_id = f.id WHERE {clause} ORDER BY f.id, v.width"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(self.pool())
            .await?;
        let mut out: Vec<PhotoInfo> = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let vw: i64 = r.try_get("vw")?;
            match out.last_mut() {
                Some(p) if p.id == id => p.widths.push(vw),
                _ => out.push(PhotoInfo {
                    id,
                    product_id: r.try_get("product_id")?,
                    alt: r.try_get("alt")?,
                    width: r.try_get("width")?,
                    height: r.try_get("height")?,
                    widths: vec![vw],
                }),
            }
        }
        Ok(out)
    }

    pub async fn photos_of_product(&self, product_id: i64) -> Result<Vec<PhotoInfo>> {
        self.photos_where("f.product_id = $1", product_id).await
    }

    pub async fn photos_of_producer(&self, producer_id: i64) -> Result<Vec<PhotoInfo>> {
        self.photos_where(
            "f.product_id IN (SELECT id FROM products WHERE producer_id = $1)",
            producer_id,
        )
        .await
    }

    /// The JPEG of one size of a photo of this province.
    pub async fn photo_variant(
        &self,
        province: &str,
        photo_id: i64,
        width: i64,
    ) -> Result<Option<Vec<u8>>> {
        Ok(sqlx::query_scalar(
            "SELECT v.jpeg FROM photo_variants v JOIN product_photos f ON f.id = v.photo_id \
             JOIN products p ON p.id = f.product_id \
             WHERE v.photo_id = $1 AND v.width = $2 AND p.province_code = $3",
        )
        .bind(photo_id)
        .bind(width)
        .bind(province.to_owned())
        .fetch_optional(self.pool())
        .await?)
    }

    /// Removes a photo of this producer's products; false when there is none.
    pub async fn delete_photo(
        &self,
        producer_id: i64,
        photo_id: i64,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let owned: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM product_photos WHERE id = $1 AND product_id IN \
             (SELECT id FROM products WHERE producer_id = $2)",
        )
        .bind(photo_id)
        .bind(producer_id)
        .fetch_one(&mut *tx)
        .await?;
        if owned == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM photo_variants WHERE photo_id = $1")
            .bind(photo_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM product_photos WHERE id = $1")
            .bind(photo_id)
            .execute(&mut *tx)
            .await?;
        AuditEntry::of(actor, "delete", "product_photo", photo_id)
            .before(serde_json::json!({ "producer_id": producer_id }))
            .commit_public(tx, now)
            .await?;
        Ok(true)
    }
}

/// The first photo of a product, at its smallest size, for lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    pub product_id: i64,
    pub photo_id: i64,
    pub width: i64,
    pub alt: String,
}

impl Store {
    pub async fn thumbnails(&self, product_ids: &[i64]) -> Result<Vec<Thumbnail>> {
        if product_ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=product_ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT f.product_id, f.id, f.alt, min(v.width) AS w FROM product_photos f \
             JOIN photo_variants v ON v.photo_id = f.id WHERE f.product_id IN ({}) \
             GROUP BY f.product_id, f.id, f.alt ORDER BY f.product_id, f.id",
            marks.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in product_ids {
            q = q.bind(*id);
        }
        let mut out: Vec<Thumbnail> = Vec::new();
        for r in q.fetch_all(self.pool()).await? {
            let product_id: i64 = r.try_get("product_id")?;
            if out.last().is_some_and(|t| t.product_id == product_id) {
                continue;
            }
            out.push(Thumbnail {
                product_id,
                photo_id: r.try_get("id")?,
                width: r.try_get("w")?,
                alt: r.try_get("alt")?,
            });
        }
        Ok(out)
    }
}
