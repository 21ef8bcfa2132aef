//! What an import needs to know of the province before writing, read once
//! at the start of its transaction: a list of thousands of rows then costs
//! its inserts, not five lookups per row (on PostgreSQL each lookup is a
//! round trip; the 10,000-row benchmark import took 11 s that way).

use crate::Result;
use sqlx::Row as _;
use std::collections::{HashMap, HashSet};

/// A product as an import compares it: its id, group and 2025 commune.
pub(super) struct KnownProduct {
    pub id: i64,
    pub group: Option<String>,
    pub commune: Option<String>,
}

/// The province's producers, products, decisions and certificates, kept up
/// to date as the import adds to them.
#[derive(Default)]
pub(super) struct Known {
    /// Producer slug → id.
    pub producers: HashMap<String, i64>,
    /// (producer id, folded product name) → the product (the oldest when
    /// two share a name, as a lookup ordered by id would find).
    pub products: HashMap<(i64, String), KnownProduct>,
    /// Product slugs taken in the province.
    pub slugs: HashSet<String>,
    /// Decision number → id.
    pub decisions: HashMap<String, i64>,
    /// Certificates by (product, decision number).
    pub by_decision: HashSet<(i64, String)>,
    /// Certificates by (product, year or 0, stars).
    pub by_year: HashSet<(i64, i64, i64)>,
    /// Products with at least one certificate (a first certificate has
    /// nothing to succeed).
    pub certified: HashSet<i64>,
}

impl Known {
    pub async fn load(conn: &mut sqlx::AnyConnection, province: &str) -> Result<Self> {
        let mut k = Self::default();
        for r in sqlx::query("SELECT id, slug FROM producers WHERE province_code = $1")
            .bind(province.to_owned())
            .fetch_all(&mut *conn)
            .await?
        {
            k.producers.insert(r.try_get("slug")?, r.try_get("id")?);
        }
        for r in sqlx::query(
            "SELECT p.id, p.producer_id, p.name_folded, p.group_code, p.commune_code_2025 FROM products p \
             JOIN producers pr ON pr.id = p.producer_id WHERE pr.province_code = $1 ORDER BY p.id",
        )
        .bind(province.to_owned())
        .fetch_all(&mut *conn)
        .await?
        {
            k.products
                .entry((r.try_get("producer_id")?, r.try_get("name_folded")?))
                .or_insert(KnownProduct {
                    id: r.try_get("id")?,
                    group: r.try_get("group_code")?,
                    commune: r.try_get("commune_code_2025")?,
                });
        }
        for r in sqlx::query("SELECT slug FROM products WHERE province_code = $1")
            .bind(province.to_owned())
            .fetch_all(&mut *conn)
            .await?
        {
            k.slugs.insert(r.try_get("slug")?);
        }
        for r in
            sqlx::query("SELECT id, number FROM decisions WHERE province_code = $1 ORDER BY id")
                .bind(province.to_owned())
                .fetch_all(&mut *conn)
                .await?
        {
            // A decision known only by its year has no number to match.
            if let Some(number) = r.try_get::<Option<String>, _>("number")? {
                k.decisions.entry(number).or_insert(r.try_get("id")?);
            }
        }
        for r in sqlx::query(
            "SELECT c.product_id, coalesce(c.year, 0) AS year, c.stars, d.number FROM certificates c \
             JOIN products p ON p.id = c.product_id JOIN producers pr ON pr.id = p.producer_id \
             LEFT JOIN decisions d ON d.id = c.decision_id WHERE pr.province_code = $1",
        )
        .bind(province.to_owned())
        .fetch_all(&mut *conn)
        .await?
        {
            let product: i64 = r.try_get("product_id")?;
            if let Some(number) = r.try_get::<Option<String>, _>("number")? {
                k.by_decision.insert((product, number));
            }
            k.by_year
                .insert((product, r.try_get("year")?, r.try_get("stars")?));
            k.certified.insert(product);
        }
        Ok(k)
    }
}
