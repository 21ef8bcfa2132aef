//! Commune boundaries for the map: replaced as a whole when the office
//! loads a file, read whole when a map is drawn.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use sqlx::Row as _;

/// Rings as `[[lon, lat], …]`, GeoJSON's order.
pub type Rings = Vec<Vec<[f64; 2]>>;

#[derive(Debug, Clone, PartialEq)]
pub struct StoredBoundary {
    pub code: String,
    /// The commune's full name from the 2025 list.
    pub name: String,
    pub rings: Rings,
}

/// What is loaded now, for the back-office page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundarySet {
    pub count: i64,
    pub source: String,
    pub loaded_by: String,
    pub loaded_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Store {
    /// Replaces the province's boundaries in one transaction, with an audit
    /// entry: a file that fails half-way leaves the old map as it was.
    pub async fn replace_boundaries(
        &self,
        province: &str,
        boundaries: &[(String, Rings)],
        source: &str,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let before = self.boundary_set(province).await?;
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM commune_boundaries WHERE province_code = $1")
            .bind(province.to_owned())
            .execute(&mut *tx)
            .await?;
        for (code, rings) in boundaries {
            sqlx::query(
                "INSERT INTO commune_boundaries (province_code, code, rings, source, loaded_by, loaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(province.to_owned())
            .bind(code.clone())
            .bind(serde_json::to_string(rings).unwrap_or_default())
            .bind(source.to_owned())
            .bind(actor.to_owned())
            .bind(now.to_owned())
            .execute(&mut *tx)
            .await?;
        }
        AuditEntry::of(actor, "map.boundaries", "province", province.to_owned())
            .before_maybe(
                before.map(|b| serde_json::json!({"communes": b.count, "source": b.source})),
            )
            .after(serde_json::json!({"communes": boundaries.len(), "source": source}))
            .commit_public(tx, now)
            .await?;
        Ok(())
    }

    pub async fn boundary_set(&self, province: &str) -> Result<Option<BoundarySet>> {
        let row = sqlx::query(
            "SELECT count(*) AS n, max(source) AS source, max(loaded_by) AS loaded_by, max(loaded_at) AS loaded_at \
             FROM commune_boundaries WHERE province_code = $1",
        )
        .bind(province.to_owned())
        .fetch_one(self.pool())
        .await?;
        let count: i64 = row.try_get("n")?;
        if count == 0 {
            return Ok(None);
        }
        Ok(Some(BoundarySet {
            count,
            source: row
                .try_get::<Option<String>, _>("source")?
                .unwrap_or_default(),
            loaded_by: row
                .try_get::<Option<String>, _>("loaded_by")?
                .unwrap_or_default(),
            loaded_at: crate::dates::maybe_stamp(row.try_get("loaded_at")?)?,
        }))
    }

    /// Every loaded boundary of the province with its commune's name.
    pub async fn boundaries(&self, province: &str) -> Result<Vec<StoredBoundary>> {
        let rows = sqlx::query(
            "SELECT b.code, coalesce(u.full_name, b.code) AS name, b.rings \
             FROM commune_boundaries b \
             LEFT JOIN admin_units u ON u.scheme = '2025' AND u.code = b.code \
             WHERE b.province_code = $1 ORDER BY b.code",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let rings: String = r.try_get("rings")?;
            // Written by this program; a row edited by hand into nonsense
            // drops off the map instead of breaking it.
            let Ok(rings) = serde_json::from_str::<Rings>(&rings) else {
                continue;
            };
            out.push(StoredBoundary {
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                rings,
            });
        }
        Ok(out)
    }
}
