//! Places for the portal's map: producers and points of sale with recorded
//! coordinates, and the community-tourism services (group VI) at their
//! producer's place.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use sqlx::Row as _;

/// What a mark on the map stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    Producer,
    PointOfSale,
    Tourism,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MapPlace {
    pub kind: PlaceKind,
    pub name: String,
    /// The public page it links to (`/chu-the/…` or `/san-pham/…`).
    pub href: String,
    /// The producer, for a point of sale or a tourism service.
    pub producer: String,
    pub commune_code_2025: Option<String>,
    pub commune: Option<String>,
    pub lat: f64,
    pub lon: f64,
}

/// Both halves kept as typed; `None` when either is missing or unreadable
/// (hand-written SQL), so a bad row drops off the map instead of failing it.
fn point(lat: Option<String>, lon: Option<String>) -> Option<(f64, f64)> {
    Some((lat?.parse().ok()?, lon?.parse().ok()?))
}

const PLACES: &str = "\
SELECT 'producer' AS kind, p.name, p.slug, '' AS producer, p.commune_code_2025, cu.full_name AS commune, \
       p.latitude, p.longitude \
  FROM producers p LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = p.commune_code_2025 \
 WHERE p.province_code = $1 AND p.latitude IS NOT NULL \
UNION ALL \
SELECT 'point_of_sale', s.name, p.slug, p.name, s.commune_code_2025, cu.full_name, s.latitude, s.longitude \
  FROM points_of_sale s JOIN producers p ON p.id = s.producer_id \
  LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = s.commune_code_2025 \
 WHERE s.province_code = $1 AND s.latitude IS NOT NULL \
UNION ALL \
SELECT 'tourism', pr.name, pr.slug, p.name, p.commune_code_2025, cu.full_name, p.latitude, p.longitude \
  FROM products pr JOIN producers p ON p.id = pr.producer_id \
  LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = p.commune_code_2025 \
 WHERE pr.province_code = $1 AND pr.group_code = 'VI' AND p.latitude IS NOT NULL";

impl Store {
    /// Every place of the province that has coordinates, by commune then name.
    pub async fn map_places(&self, province: &str) -> Result<Vec<MapPlace>> {
        let rows = sqlx::query(PLACES)
            .bind(province.to_owned())
            .fetch_all(self.pool())
            .await?;
        let mut places = Vec::with_capacity(rows.len());
        for r in &rows {
            let Some((lat, lon)) = point(r.try_get("latitude")?, r.try_get("longitude")?) else {
                continue;
            };
            let kind: String = r.try_get("kind")?;
            let slug: String = r.try_get("slug")?;
            let (kind, href) = match kind.as_str() {
                "producer" => (PlaceKind::Producer, format!("/chu-the/{slug}")),
                "point_of_sale" => (PlaceKind::PointOfSale, format!("/chu-the/{slug}")),
                _ => (PlaceKind::Tourism, format!("/san-pham/{slug}")),
            };
            places.push(MapPlace {
                kind,
                name: r.try_get("name")?,
                href,
                producer: r.try_get("producer")?,
                commune_code_2025: r.try_get("commune_code_2025")?,
                commune: r.try_get("commune")?,
                lat,
                lon,
            });
        }
        places.sort_by(|a, b| (&a.commune, &a.name).cmp(&(&b.commune, &b.name)));
        Ok(places)
    }

    /// Producers of the province with no coordinates yet (what the map lacks).
    pub async fn producers_without_location(&self, province: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT count(*) FROM producers WHERE province_code = $1 AND latitude IS NULL",
        )
        .bind(province.to_owned())
        .fetch_one(self.pool())
        .await?)
    }

    /// The producer's recorded coordinates, as typed.
    pub async fn producer_location(&self, producer_id: i64) -> Result<Option<(f64, f64)>> {
        let row = sqlx::query("SELECT latitude, longitude FROM producers WHERE id = $1")
            .bind(producer_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(r) => point(r.try_get("latitude")?, r.try_get("longitude")?),
            None => None,
        })
    }

    /// Records (or clears) where a producer is, with an audit entry.
    pub async fn set_producer_location(
        &self,
        producer_id: i64,
        location: Option<(f64, f64)>,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let before = self.producer_location(producer_id).await?;
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "UPDATE producers SET latitude = $1, longitude = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(location.map(|c| c.0.to_string()))
        .bind(location.map(|c| c.1.to_string()))
        .bind(now.to_owned())
        .bind(producer_id)
        .execute(&mut *tx)
        .await?;
        let json =
            |c: Option<(f64, f64)>| c.map(|(lat, lon)| serde_json::json!({"lat": lat, "lon": lon}));
        AuditEntry::of(actor, "producer.location", "producer", producer_id)
            .before_maybe(json(before))
            .after_maybe(json(location))
            .commit_public(tx, now)
            .await?;
        Ok(())
    }
}
