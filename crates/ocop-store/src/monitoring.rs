//! Inspections with their follow-up actions, and producers' sales figures.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use chrono::NaiveDate;
use ocop_domain::monitoring::{InspectionKind, InspectionResult};
use sqlx::Row as _;

pub struct NewInspection<'a> {
    pub product_id: i64,
    pub kind: InspectionKind,
    pub inspected_on: NaiveDate,
    pub still_produced: bool,
    pub still_sold: bool,
    pub quality_ok: bool,
    pub packaging_ok: bool,
    pub findings: &'a str,
    pub result: InspectionResult,
    /// (what, due on)
    pub actions: &'a [(String, NaiveDate)],
    pub photo_jpeg: Option<&'a [u8]>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InspectionRow {
    pub id: i64,
    pub kind: InspectionKind,
    pub inspected_on: NaiveDate,
    pub still_produced: bool,
    pub still_sold: bool,
    pub quality_ok: bool,
    pub packaging_ok: bool,
    pub findings: String,
    pub result: InspectionResult,
    pub inspector: String,
    pub actions: Vec<ActionRow>,
    pub photo_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActionRow {
    pub id: i64,
    pub action: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

/// A recognised product with its last visit, for the monitoring plan.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WatchRow {
    pub product_id: i64,
    pub slug: String,
    pub name: String,
    pub producer: String,
    pub commune_2025: Option<String>,
    pub group_code: Option<String>,
    pub recognised_on: Option<NaiveDate>,
    pub recognised_year: Option<i64>,
    /// The last visit's date, written by the platform (decoded once here).
    pub last_visit: Option<chrono::NaiveDate>,
    pub last_result: Option<String>,
    pub still_produced: Option<bool>,
    pub still_sold: Option<bool>,
    pub open_actions: i64,
    pub overdue_actions: i64,
    /// The date the earliest open follow-up action is due.
    pub first_action_due: Option<chrono::NaiveDate>,
}

/// One month's sales of a product through one channel.
#[derive(Debug, Clone, Copy)]
pub struct SalesFigure<'a> {
    pub product_id: i64,
    pub month: &'a str,
    pub channel: &'a str,
    pub quantity: i64,
    pub revenue_vnd: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SalesRow {
    pub product_slug: String,
    pub product_name: String,
    pub month: String,
    pub channel: String,
    pub quantity: i64,
    pub revenue_vnd: i64,
}

fn flag(r: &sqlx::any::AnyRow, c: &str) -> Result<bool> {
    let v: i64 = r.try_get(c)?;
    Ok(v == 1)
}

impl Store {
    /// Records a visit with its actions, audited, in one transaction.
    pub async fn add_inspection(
        &self,
        i: &NewInspection<'_>,
        actor: &str,
        now: &str,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO inspections (product_id, kind, inspected_on, still_produced, still_sold, quality_ok, \
             packaging_ok, findings, result, inspector, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(i.product_id)
        .bind(i.kind.code())
        .bind(i.inspected_on.to_string())
        .bind(i64::from(i.still_produced))
        .bind(i64::from(i.still_sold))
        .bind(i64::from(i.quality_ok))
        .bind(i64::from(i.packaging_ok))
        .bind(i.findings.to_owned())
        .bind(i.result.code())
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        if let Some(jpeg) = i.photo_jpeg {
            sqlx::query("INSERT INTO inspection_photos (inspection_id, jpeg) VALUES ($1, $2)")
                .bind(id)
                .bind(jpeg.to_vec())
                .execute(&mut *tx)
                .await?;
        }
        for (what, due) in i.actions {
            sqlx::query("INSERT INTO inspection_actions (inspection_id, action, due_on) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(what.clone())
                .bind(due.to_string())
                .execute(&mut *tx)
                .await?;
        }
        AuditEntry::of(actor, "inspection.add", "product", i.product_id)
            .after(serde_json::json!({
                "inspection": id, "on": i.inspected_on, "kind": i.kind, "result": i.result,
                "still_produced": i.still_produced, "still_sold": i.still_sold,
                "quality_ok": i.quality_ok, "packaging_ok": i.packaging_ok,
                "actions": i.actions.len(),
            }))
            .commit(tx, now)
            .await?;
        Ok(id)
    }

    pub async fn inspections_of(&self, product_id: i64) -> Result<Vec<InspectionRow>> {
        let rows = sqlx::query(
            "SELECT id, kind, inspected_on, still_produced, still_sold, quality_ok, packaging_ok, findings, result, inspector \
             FROM inspections WHERE product_id = $1 ORDER BY inspected_on DESC, id DESC",
        )
        .bind(product_id)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let actions: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
                "SELECT id, action, due_on, done_on FROM inspection_actions WHERE inspection_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(self.pool())
            .await?;
            let photo_ids: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM inspection_photos WHERE inspection_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(self.pool())
            .await?;
            out.push(InspectionRow {
                photo_ids,
                id,
                kind: crate::codes::coded(
                    r.try_get("kind")?,
                    "loại kiểm tra",
                    InspectionKind::parse,
                )?,
                inspected_on: crate::dates::date(r.try_get("inspected_on")?)?,
                still_produced: flag(r, "still_produced")?,
                still_sold: flag(r, "still_sold")?,
                quality_ok: flag(r, "quality_ok")?,
                packaging_ok: flag(r, "packaging_ok")?,
                findings: r.try_get("findings")?,
                result: crate::codes::coded(
                    r.try_get("result")?,
                    "kết luận kiểm tra",
                    InspectionResult::parse,
                )?,
                inspector: r.try_get("inspector")?,
                actions: actions
                    .into_iter()
                    .map(|(id, action, due_on, done_on)| {
                        Ok(ActionRow {
                            id,
                            action,
                            due_on: crate::dates::date(due_on)?,
                            done_on: crate::dates::maybe(done_on)?,
                        })
                    })
                    .collect::<Result<_>>()?,
            });
        }
        Ok(out)
    }

    /// A visit photo of this province.
    pub async fn inspection_photo(&self, province: &str, photo_id: i64) -> Result<Option<Vec<u8>>> {
        Ok(sqlx::query_scalar(
            "SELECT f.jpeg FROM inspection_photos f JOIN inspections i ON i.id = f.inspection_id \
             JOIN products p ON p.id = i.product_id WHERE f.id = $1 AND p.province_code = $2",
        )
        .bind(photo_id)
        .bind(province.to_owned())
        .fetch_optional(self.pool())
        .await?)
    }

    /// Marks a follow-up action done; false when it is not this product's
    /// or already done.
    pub async fn complete_action(
        &self,
        product_id: i64,
        action_id: i64,
        on: &str,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE inspection_actions SET done_on = $3 WHERE id = $1 AND done_on IS NULL AND inspection_id IN \
             (SELECT id FROM inspections WHERE product_id = $2)",
        )
        .bind(action_id)
        .bind(product_id)
        .bind(on.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            AuditEntry::of(actor, "inspection.action_done", "product", product_id)
                .before(serde_json::json!({"action": action_id, "done_on": null}))
                .after(serde_json::json!({"action": action_id, "done_on": on}))
                .write(&mut tx, now)
                .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Every certified product of the province with its last visit and
    /// follow-up actions (open and overdue on `today`).
    pub async fn watch_list(&self, province: &str, today: &str) -> Result<Vec<WatchRow>> {
        let rows = sqlx::query(
            "SELECT p.id, p.slug, p.name, pr.name AS producer, cu.full_name AS commune_2025, p.group_code, \
             (SELECT max(c.issued_on) FROM certificates c WHERE c.product_id = p.id AND c.nominated = 0) AS recognised_on, \
             (SELECT max(c.year) FROM certificates c WHERE c.product_id = p.id AND c.nominated = 0) AS recognised_year, \
             li.inspected_on AS last_visit, li.result AS last_result, li.still_produced, li.still_sold, \
             (SELECT count(*) FROM inspection_actions a JOIN inspections i ON i.id = a.inspection_id \
              WHERE i.product_id = p.id AND a.done_on IS NULL) AS open_actions, \
             (SELECT count(*) FROM inspection_actions a JOIN inspections i ON i.id = a.inspection_id \
              WHERE i.product_id = p.id AND a.done_on IS NULL AND a.due_on < $2) AS overdue_actions, \
             (SELECT min(a.due_on) FROM inspection_actions a JOIN inspections i ON i.id = a.inspection_id \
              WHERE i.product_id = p.id AND a.done_on IS NULL) AS first_action_due \
             FROM products p JOIN producers pr ON pr.id = p.producer_id \
             LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = p.commune_code_2025 \
             LEFT JOIN inspections li ON li.id = (SELECT i.id FROM inspections i WHERE i.product_id = p.id \
               ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1) \
             WHERE p.province_code = $1 AND EXISTS (SELECT 1 FROM certificates c WHERE c.product_id = p.id AND c.nominated = 0) \
             ORDER BY p.id",
        )
        .bind(province.to_owned())
        .bind(today.to_owned())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let produced: Option<i64> = r.try_get("still_produced")?;
                let sold: Option<i64> = r.try_get("still_sold")?;
                Ok(WatchRow {
                    product_id: r.try_get("id")?,
                    slug: r.try_get("slug")?,
                    name: r.try_get("name")?,
                    producer: r.try_get("producer")?,
                    commune_2025: r.try_get("commune_2025")?,
                    group_code: r.try_get("group_code")?,
                    recognised_on: crate::dates::maybe(r.try_get("recognised_on")?)?,
                    recognised_year: r.try_get("recognised_year")?,
                    last_visit: crate::dates::maybe(r.try_get("last_visit")?)?,
                    last_result: r.try_get("last_result")?,
                    still_produced: produced.map(|v| v == 1),
                    still_sold: sold.map(|v| v == 1),
                    open_actions: r.try_get("open_actions")?,
                    overdue_actions: r.try_get("overdue_actions")?,
                    first_action_due: crate::dates::maybe(r.try_get("first_action_due")?)?,
                })
            })
            .collect()
    }

    /// Records (or corrects) a month's figures for one product and channel.
    pub async fn put_sales(&self, f: &SalesFigure<'_>, actor: &str, now: &str) -> Result<()> {
        let SalesFigure {
            product_id,
            month,
            channel,
            quantity,
            revenue_vnd,
        } = *f;
        sqlx::query(
            "INSERT INTO sales_reports (product_id, month, channel, quantity, revenue_vnd, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (product_id, month, channel) DO UPDATE SET \
             quantity = excluded.quantity, revenue_vnd = excluded.revenue_vnd, created_by = excluded.created_by, \
             created_at = excluded.created_at",
        )
        .bind(product_id)
        .bind(month.to_owned())
        .bind(channel.to_owned())
        .bind(quantity)
        .bind(revenue_vnd)
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn sales_of_producer(&self, producer_id: i64) -> Result<Vec<SalesRow>> {
        let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
            "SELECT p.slug, p.name, s.month, s.channel, s.quantity, s.revenue_vnd FROM sales_reports s \
             JOIN products p ON p.id = s.product_id WHERE p.producer_id = $1 ORDER BY s.month DESC, p.id, s.channel",
        )
        .bind(producer_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(product_slug, product_name, month, channel, quantity, revenue_vnd)| SalesRow {
                    product_slug,
                    product_name,
                    month,
                    channel,
                    quantity,
                    revenue_vnd,
                },
            )
            .collect())
    }
}
