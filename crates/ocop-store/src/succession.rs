//! Thay thế giấy chứng nhận — keeps `certificates.superseded_by` in step with
//! the domain's order of issue ([`ocop_domain::certificate::order_successions`]),
//! inside the transaction that adds a certificate, so a product never has
//! two certificates that both stand.

use crate::{Result, StoreError};
use ocop_domain::certificate::{IssueDate, order_successions};
use sqlx::Row as _;

struct Link {
    id: i64,
    product_id: i64,
    issued: Option<IssueDate>,
    superseded_by: Option<i64>,
}

fn link_from_row(r: &sqlx::any::AnyRow) -> Result<Link> {
    let issued_on: Option<String> = r.try_get("issued_on")?;
    let issued_on = issued_on
        .map(|d| {
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|e| StoreError::Invalid(format!("ngày cấp giấy chứng nhận \"{d}\": {e}")))
        })
        .transpose()?;
    let year: Option<i64> = r.try_get("year")?;
    Ok(Link {
        id: r.try_get("id")?,
        product_id: r.try_get("product_id")?,
        issued: IssueDate::of(issued_on, year.and_then(|y| i32::try_from(y).ok())),
        superseded_by: r.try_get("superseded_by")?,
    })
}

/// Links the certificates of `product` (of every product when `None`) to
/// the ones that replaced them; returns how many links changed.
pub(crate) async fn link_successions(
    conn: &mut sqlx::AnyConnection,
    product: Option<i64>,
) -> Result<u64> {
    // A nomination never carried a star: it neither replaces nor is replaced.
    const SELECT: &str = "SELECT id, product_id, issued_on, year, superseded_by FROM certificates WHERE nominated = 0";
    let rows = match product {
        Some(p) => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "{SELECT} AND product_id = $1 ORDER BY id"
            )))
            .bind(p)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "{SELECT} ORDER BY product_id, id"
            )))
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let links = rows.iter().map(link_from_row).collect::<Result<Vec<_>>>()?;
    let mut changed = 0;
    for same in links.chunk_by(|a, b| a.product_id == b.product_id) {
        let keyed: Vec<(i64, Option<IssueDate>)> = same.iter().map(|l| (l.id, l.issued)).collect();
        for (id, next) in order_successions(&keyed) {
            if same.iter().any(|l| l.id == id && l.superseded_by != next) {
                sqlx::query("UPDATE certificates SET superseded_by = $2 WHERE id = $1")
                    .bind(id)
                    .bind(next)
                    .execute(&mut *conn)
                    .await?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}
