//! Points of sale and marketplace links, kept per producer and product.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use ocop_domain::market::PointOfSaleKind;
use sqlx::Row as _;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PointOfSale {
    pub id: i64,
    pub kind: PointOfSaleKind,
    pub name: String,
    pub address: String,
    pub commune_2025: Option<String>,
    pub phone: Option<String>,
    /// `lat, lon` as recorded, for the map.
    pub location: Option<String>,
}

pub struct NewPointOfSale<'a> {
    pub province: &'a str,
    pub producer_id: i64,
    pub kind: PointOfSaleKind,
    pub name: &'a str,
    pub address: &'a str,
    pub commune_code_2025: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub location: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredLink {
    pub id: i64,
    pub product_slug: String,
    pub product_name: String,
    pub marketplace: String,
    pub url: String,
}

impl Store {
    pub async fn add_point_of_sale(
        &self,
        p: &NewPointOfSale<'_>,
        actor: &str,
        now: &str,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO points_of_sale (province_code, producer_id, kind, name, address, commune_code_2025, phone, \
             latitude, longitude, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(p.province.to_owned())
        .bind(p.producer_id)
        .bind(p.kind.code())
        .bind(p.name.to_owned())
        .bind(p.address.to_owned())
        .bind(p.commune_code_2025.map(str::to_owned))
        .bind(p.phone.map(str::to_owned))
        .bind(p.location.map(|c| c.0.to_string()))
        .bind(p.location.map(|c| c.1.to_string()))
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        AuditEntry::of(actor, "create", "point_of_sale", id)
            .after(serde_json::json!({
                "producer_id": p.producer_id, "kind": p.kind.code(), "name": p.name,
                "address": p.address, "commune": p.commune_code_2025, "phone": p.phone,
            }))
            .commit(tx, now)
            .await?;
        Ok(id)
    }

    pub async fn points_of_sale_of(&self, producer_id: i64) -> Result<Vec<PointOfSale>> {
        let rows = sqlx::query(
            "SELECT s.id, s.kind, s.name, s.address, cu.full_name AS commune_2025, s.phone, \
             s.latitude, s.longitude \
             FROM points_of_sale s \
             LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = s.commune_code_2025 \
             WHERE s.producer_id = $1 ORDER BY s.id",
        )
        .bind(producer_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PointOfSale {
                    id: r.try_get("id")?,
                    kind: crate::codes::coded(
                        r.try_get("kind")?,
                        "loại nơi bán",
                        PointOfSaleKind::parse,
                    )?,
                    name: r.try_get("name")?,
                    address: r.try_get("address")?,
                    commune_2025: r.try_get("commune_2025")?,
                    phone: r.try_get("phone")?,
                    location: match (
                        r.try_get::<Option<String>, _>("latitude")?,
                        r.try_get::<Option<String>, _>("longitude")?,
                    ) {
                        (Some(a), Some(b)) => Some(format!("{a}, {b}")),
                        _ => None,
                    },
                })
            })
            .collect()
    }

    /// Removes a point of sale of this producer; false when there is none.
    pub async fn delete_point_of_sale(
        &self,
        producer_id: i64,
        id: i64,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let gone = sqlx::query("DELETE FROM points_of_sale WHERE id = $1 AND producer_id = $2")
            .bind(id)
            .bind(producer_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if gone {
            AuditEntry::of(actor, "delete", "point_of_sale", id)
                .before(serde_json::json!({ "producer_id": producer_id }))
                .write(&mut tx, now)
                .await?;
        }
        crate::snapshot::bump(&mut tx).await?;
        tx.commit().await?;
        Ok(gone)
    }

    /// The id of the producer's product with this slug.
    pub async fn product_of_producer(&self, producer_id: i64, slug: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM products WHERE producer_id = $1 AND slug = $2")
                .bind(producer_id)
                .bind(slug.to_owned())
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn add_marketplace_link(
        &self,
        product_id: i64,
        marketplace: &str,
        url: &str,
        actor: &str,
        now: &str,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO marketplace_links (product_id, marketplace, url, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(product_id)
        .bind(marketplace.to_owned())
        .bind(url.to_owned())
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        AuditEntry::of(actor, "create", "marketplace_link", id)
            .after(serde_json::json!({
                "product_id": product_id, "marketplace": marketplace, "url": url,
            }))
            .commit(tx, now)
            .await?;
        Ok(id)
    }

    async fn links_where(&self, clause: &str, id: i64) -> Result<Vec<StoredLink>> {
        let sql = format!(
            "SELECT l.id, p.slug, p.name, l.marketplace, l.url FROM marketplace_links l \
             JOIN products p ON p.id = l.product_id WHERE {clause} ORDER BY p.id, l.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredLink {
                    id: r.try_get("id")?,
                    product_slug: r.try_get("slug")?,
                    product_name: r.try_get("name")?,
                    marketplace: r.try_get("marketplace")?,
                    url: r.try_get("url")?,
                })
            })
            .collect()
    }

    pub async fn links_of_product(&self, product_id: i64) -> Result<Vec<StoredLink>> {
        self.links_where("p.id = $1", product_id).await
    }

    pub async fn links_of_producer(&self, producer_id: i64) -> Result<Vec<StoredLink>> {
        self.links_where("p.producer_id = $1", producer_id).await
    }

    pub async fn delete_marketplace_link(
        &self,
        producer_id: i64,
        id: i64,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let gone = sqlx::query(
            "DELETE FROM marketplace_links WHERE id = $1 AND product_id IN \
             (SELECT id FROM products WHERE producer_id = $2)",
        )
        .bind(id)
        .bind(producer_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if gone {
            AuditEntry::of(actor, "delete", "marketplace_link", id)
                .before(serde_json::json!({ "producer_id": producer_id }))
                .write(&mut tx, now)
                .await?;
        }
        crate::snapshot::bump(&mut tx).await?;
        tx.commit().await?;
        Ok(gone)
    }
}
