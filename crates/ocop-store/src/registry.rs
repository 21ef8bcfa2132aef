//! Writing producers and products, each with its audit entry.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use ocop_domain::product::{ProductItem, ProductName};
use ocop_domain::text::{fold, slugify};
use ocop_domain::{Producer, ProductGroup, UnitCode};
use sqlx::Row as _;

/// The id and public slug of a new record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: i64,
    pub slug: String,
}

/// A product to record, every field already valid.
#[derive(Debug, Clone)]
pub struct NewProduct {
    pub province_code: UnitCode,
    pub producer_id: i64,
    pub name: ProductName,
    pub group: Option<ProductGroup>,
    pub description: Option<String>,
    pub commune_code: Option<UnitCode>,
    pub items: Vec<ProductItem>,
    /// The criteria set it will be evaluated with, e.g. `qd148-2023-13`.
    pub criteria_set: Option<String>,
    pub moderation: ocop_domain::product::Moderation,
}

/// A slug not yet used in `table` for the province: `base`, `base-2`, …
async fn free_slug(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    province: &str,
    base: &str,
) -> Result<String> {
    let sql = format!(
        "SELECT slug FROM {table} WHERE province_code = $1 AND (slug = $2 OR slug LIKE $3)"
    );
    let taken: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(province.to_owned())
        .bind(base.to_owned())
        .bind(format!("{base}-%"))
        .fetch_all(&mut *conn)
        .await?;
    let base = if base.is_empty() { "khong-ten" } else { base };
    Ok((1..)
        .map(|n| {
            if n == 1 {
                base.to_owned()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|s| !taken.contains(s))
        .unwrap_or_else(|| base.to_owned()))
}

impl Store {
    pub async fn create_producer(&self, p: &Producer, actor: &str, now: &str) -> Result<Created> {
        let mut tx = self.pool().begin().await?;
        let created = insert_producer(&mut tx, p, actor, now).await?;
        tx.commit().await?;
        Ok(created)
    }

    pub async fn create_product(&self, p: &NewProduct, actor: &str, now: &str) -> Result<Created> {
        let mut tx = self.pool().begin().await?;
        let province = p.province_code.as_str();
        let slug = free_slug(&mut tx, "products", province, &p.name.slug()).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO products (province_code, slug, name, name_folded, producer_id, group_code, group_label, \
             description, commune_code_2025, dataset, created_at, updated_at, criteria_set, moderation) \
             SELECT $1, $2, $3, $4, id, $6, $7, $8, $9, 'platform', $10, $10, $11, $12 FROM producers WHERE id = $5 AND province_code = $1 \
             RETURNING id",
        )
        .bind(province.to_owned())
        .bind(slug.clone())
        .bind(p.name.as_str().to_owned())
        .bind(fold(p.name.as_str()))
        .bind(p.producer_id)
        .bind(p.group.map(|g| g.code()))
        .bind(p.group.map(|g| g.name_vi()))
        .bind(p.description.clone())
        .bind(p.commune_code.as_ref().map(|c| c.as_str().to_owned()))
        .bind(now.to_owned())
        .bind(p.criteria_set.clone())
        .bind(p.moderation.code())
        .fetch_optional(&mut *tx)
        .await?
        // A producer of another province cannot own this province's product.
        .ok_or_else(|| crate::StoreError::NotFound(format!("chủ thể {} ở tỉnh {province}", p.producer_id)))?;
        for item in &p.items {
            sqlx::query("INSERT INTO product_items (product_id, label, gtin) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(item.label.clone())
                .bind(item.gtin.as_ref().map(|g| g.as_str().to_owned()))
                .execute(&mut *tx)
                .await?;
        }
        // Where it was before the reform, as far as its 2025 commune tells.
        crate::reform_places::derive(&mut tx, province, Some(id)).await?;
        let after = serde_json::json!({
            "name": p.name, "producer_id": p.producer_id, "group": p.group.map(|g| g.code()),
            "description": p.description, "commune_code": p.commune_code, "items": p.items, "criteria_set": p.criteria_set,
            "moderation": p.moderation.code(),
        });
        AuditEntry::of(actor, "create", "product", id)
            .after(after)
            .commit(tx, now)
            .await?;
        Ok(Created { id, slug })
    }
}

/// A producer's business contact, as it chose to record it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ProducerContact {
    pub phone: Option<String>,
    pub zalo: Option<String>,
    pub website: Option<String>,
    /// Shown on the portal (and, for a household, its ID number and address).
    pub publish: bool,
}

/// A product waiting for approval before it is public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingProduct {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub producer_name: String,
    pub commune_code_2025: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl Store {
    /// Products waiting for approval, oldest first; within `commune` when given.
    pub async fn pending_products(
        &self,
        province: &str,
        commune: Option<&str>,
    ) -> Result<Vec<PendingProduct>> {
        let rows = sqlx::query(
            "SELECT p.id, p.slug, p.name, pr.name AS producer_name, p.commune_code_2025, p.created_at \
             FROM products p JOIN producers pr ON pr.id = p.producer_id \
             WHERE p.province_code = $1 AND p.moderation = 'pending' AND ($2 = '' OR p.commune_code_2025 = $2) \
             ORDER BY p.created_at, p.id",
        )
        .bind(province.to_owned())
        .bind(commune.unwrap_or_default().to_owned())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PendingProduct {
                    id: r.try_get("id")?,
                    slug: r.try_get("slug")?,
                    name: r.try_get("name")?,
                    producer_name: r.try_get("producer_name")?,
                    commune_code_2025: r.try_get("commune_code_2025")?,
                    created_at: crate::dates::stamp(r.try_get("created_at")?)?,
                })
            })
            .collect()
    }

    /// Makes a pending product public (audited; the catalogue rebuilds).
    /// `Ok(false)` when it was not pending (approved already, or unknown).
    pub async fn approve_product(&self, id: i64, actor: &str, now: &str) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE products SET moderation = 'approved', updated_at = $2 WHERE id = $1 AND moderation = 'pending'",
        )
        .bind(id)
        .bind(now.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(false);
        }
        AuditEntry::of(actor, "approve", "product", id)
            .before(serde_json::json!({ "moderation": "pending" }))
            .after(serde_json::json!({ "moderation": "approved" }))
            .commit_public(tx, now)
            .await?;
        Ok(true)
    }

    /// A producer's business contact and its choice to publish it (with,
    /// for a household, its ID number and address) — its own decision about
    /// its data, audited with what was there before.
    pub async fn set_producer_contact(
        &self,
        producer_id: i64,
        c: &ProducerContact,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let before = sqlx::query(
            "SELECT phone, zalo, website, publish_contact FROM producers WHERE id = $1",
        )
        .bind(producer_id)
        .fetch_one(&mut *tx)
        .await?;
        let before = serde_json::json!({
            "phone": before.try_get::<Option<String>, _>("phone")?,
            "zalo": before.try_get::<Option<String>, _>("zalo")?,
            "website": before.try_get::<Option<String>, _>("website")?,
            "publish_contact": before.try_get::<i64, _>("publish_contact")? != 0,
        });
        sqlx::query(
            "UPDATE producers SET phone = $2, zalo = $3, website = $4, publish_contact = $5, updated_at = $6 WHERE id = $1",
        )
        .bind(producer_id)
        .bind(c.phone.clone())
        .bind(c.zalo.clone())
        .bind(c.website.clone())
        .bind(i64::from(c.publish))
        .bind(now.to_owned())
        .execute(&mut *tx)
        .await?;
        AuditEntry::of(actor, "producer.contact", "producer", producer_id)
            .before(before)
            .after(serde_json::json!({
                "phone": c.phone, "zalo": c.zalo, "website": c.website,
                "publish_contact": c.publish,
            }))
            .commit_public(tx, now)
            .await?;
        Ok(())
    }
}

/// Inserts a producer and its audit entry on an open transaction.
pub(crate) async fn insert_producer(
    tx: &mut sqlx::AnyConnection,
    p: &Producer,
    actor: &str,
    now: &str,
) -> Result<Created> {
    let province = p.province_code.as_str();
    let slug = free_slug(&mut *tx, "producers", province, &slugify(&p.name)).await?;
    let rep = p.representative.as_ref();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO producers (province_code, slug, name, name_folded, kind, tax_code, representative_name, \
         representative_gender, representative_ethnicity, address, commune_scheme, commune_code, commune_code_2025, \
         phone, email, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
    )
    .bind(province.to_owned())
    .bind(slug.clone())
    .bind(p.name.clone())
    .bind(fold(&p.name))
    .bind(p.kind.code())
    .bind(p.tax_code.as_ref().map(|t| t.as_str().to_owned()))
    .bind(rep.map(|r| r.name.clone()))
    .bind(rep.and_then(|r| r.gender).map(|g| g.code()))
    .bind(rep.and_then(|r| r.ethnicity.as_ref()).map(|e| e.as_str().to_owned()))
    .bind(p.address.clone())
    .bind(p.commune_code.as_ref().map(|_| "2025"))
    .bind(p.commune_code.as_ref().map(|c| c.as_str().to_owned()))
    .bind(p.commune_code.as_ref().map(|c| c.as_str().to_owned()))
    .bind(p.phone.clone())
    .bind(p.email.clone())
    .bind(now.to_owned())
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::to_value(p).map_err(|e| crate::StoreError::Invalid(e.to_string()))?;
    AuditEntry::of(actor, "create", "producer", id)
        .after(after)
        .write(&mut *tx, now)
        .await?;
    Ok(Created { id, slug })
}
