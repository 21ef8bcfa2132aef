//! Địa bàn trước sắp xếp — stores each product's and producer's pre-2025
//! district and commune as the domain reads them from the record
//! ([`ocop_domain::reform_place::place_before_reform`]), with the basis.
//! Codes the source stated (no basis recorded yet) are kept as stated;
//! derived codes are worked out again, so a better reading replaces them.

use crate::Result;
use crate::audit::AuditEntry;
use crate::datasets::LoadTx;
use ocop_domain::reform_place::{OldPlace, OldUnit, OldUnits, PlaceFacts, place_before_reform};
use sqlx::Row as _;
use std::collections::HashMap;

/// The old units of every province merged into `province`, by old province,
/// and the pieces each 2025 commune was formed from.
struct Reference {
    by_province: HashMap<String, OldUnits>,
    all: OldUnits,
    predecessors: HashMap<String, Vec<(String, Option<String>)>>,
}

impl Reference {
    async fn load(conn: &mut sqlx::AnyConnection, province: &str) -> Result<Self> {
        let rows = sqlx::query(
            "SELECT code, level, name, parent_code, province_code FROM admin_units \
             WHERE scheme = 'pre2025' AND level IN ('district', 'commune') AND province_code IN \
             (SELECT DISTINCT old_province_code FROM admin_unit_successions WHERE new_province_code = $1) \
             ORDER BY code",
        )
        .bind(province.to_owned())
        .fetch_all(&mut *conn)
        .await?;
        let mut by_province: HashMap<String, OldUnits> = HashMap::new();
        let mut all = OldUnits::default();
        for r in &rows {
            let level: String = r.try_get("level")?;
            let name: String = r.try_get("name")?;
            let unit = OldUnit {
                code: r.try_get("code")?,
                name_folded: ocop_domain::text::fold(&name),
                district: if level == "commune" {
                    r.try_get("parent_code")?
                } else {
                    None
                },
            };
            let old_province: String = r.try_get("province_code")?;
            let into = by_province.entry(old_province).or_default();
            if level == "district" {
                into.districts.push(unit.clone());
                all.districts.push(unit);
            } else {
                into.communes.push(unit.clone());
                all.communes.push(unit);
            }
        }
        // A district merged away before 2025 is read as the one it joined.
        for m in ocop_domain::admin_unit::DISTRICT_MERGERS {
            let Some(into) = by_province.get_mut(m.province_code) else {
                continue;
            };
            if into.districts.iter().any(|d| d.code == m.into_code) {
                let unit = OldUnit {
                    code: m.into_code.to_owned(),
                    name_folded: ocop_domain::text::fold(m.former),
                    district: None,
                };
                into.districts.push(unit.clone());
                all.districts.push(unit);
            }
        }
        let mut predecessors: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
        let rows = sqlx::query(
            "SELECT new_commune_code, old_district_code, old_commune_code FROM admin_unit_successions \
             WHERE new_province_code = $1 ORDER BY new_commune_code, old_district_code, old_commune_code",
        )
        .bind(province.to_owned())
        .fetch_all(&mut *conn)
        .await?;
        for r in &rows {
            predecessors
                .entry(r.try_get("new_commune_code")?)
                .or_default()
                .push((
                    r.try_get("old_district_code")?,
                    r.try_get("old_commune_code")?,
                ));
        }
        Ok(Self {
            by_province,
            all,
            predecessors,
        })
    }

    fn units(&self, former_province: Option<&str>) -> &OldUnits {
        former_province
            .and_then(|p| self.by_province.get(p))
            .unwrap_or(&self.all)
    }
}

/// One record as the reading needs it.
struct Record {
    id: i64,
    former_province: Option<String>,
    /// Stored codes and how they were found (`None`: as the source stated).
    district: Option<String>,
    commune: Option<String>,
    basis: Option<String>,
    commune_2025: Option<String>,
    address: Option<String>,
    authority: Option<String>,
}

impl Record {
    fn read(&self, reference: &Reference) -> OldPlace {
        let stated = self.basis.is_none();
        let none = Vec::new();
        let facts = PlaceFacts {
            stated_district: self.district.as_deref().filter(|_| stated),
            stated_commune: self.commune.as_deref().filter(|_| stated),
            address: self.address.as_deref(),
            authority: self.authority.as_deref(),
            predecessors: self
                .commune_2025
                .as_ref()
                .and_then(|c| reference.predecessors.get(c))
                .unwrap_or(&none),
        };
        place_before_reform(&facts, reference.units(self.former_province.as_deref()))
    }

    fn changed(&self, found: &OldPlace) -> bool {
        self.district != found.district
            || self.commune != found.commune
            || self.basis.as_deref() != found.basis.map(|b| b.code())
    }
}

fn record_from_row(r: &sqlx::any::AnyRow) -> Result<Record> {
    Ok(Record {
        id: r.try_get("id")?,
        former_province: r.try_get("former_province_code")?,
        district: r.try_get("district_code_pre2025")?,
        commune: r.try_get("commune_code_pre2025")?,
        basis: r.try_get("place_basis")?,
        commune_2025: r.try_get("commune_code_2025")?,
        address: r.try_get("address")?,
        authority: r.try_get("authority")?,
    })
}

/// A district's decision first: it names the district.
const AUTHORITY_OF_PRODUCT: &str = "(SELECT d.issuing_authority FROM certificates c \
     JOIN decisions d ON d.id = c.decision_id WHERE c.product_id = p.id \
     ORDER BY CASE WHEN d.level = 'district' THEN 0 ELSE 1 END, c.id LIMIT 1)";

/// Works out and stores the old places of a province's products and
/// producers (`product`: only that product and its producer); returns the
/// changes as `(table, id, before, after)` for the audit log.
pub(crate) async fn derive(
    conn: &mut sqlx::AnyConnection,
    province: &str,
    product: Option<i64>,
) -> Result<Vec<serde_json::Value>> {
    let reference = Reference::load(conn, province).await?;
    let only = if product.is_some() {
        " AND p.id = $2"
    } else {
        ""
    };
    let sql = format!(
        "SELECT p.id, p.former_province_code, p.district_code_pre2025, p.commune_code_pre2025, p.place_basis, \
         p.commune_code_2025, pr.address, {AUTHORITY_OF_PRODUCT} AS authority \
         FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE p.province_code = $1{only} ORDER BY p.id"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(province.to_owned());
    if let Some(id) = product {
        q = q.bind(id);
    }
    let products = q
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(record_from_row)
        .collect::<Result<Vec<_>>>()?;
    let mut changes = Vec::new();
    for p in &products {
        let found = p.read(&reference);
        if p.changed(&found) {
            write(conn, "products", p, &found).await?;
            changes.push(change("product", p, &found));
        }
    }
    // A producer's own address and commune, then its products' decisions.
    let sql = format!(
        "SELECT pr.id, pr.former_province_code, pr.district_code_pre2025, \
         CASE WHEN pr.place_basis IS NULL AND pr.commune_scheme = 'pre2025' THEN pr.commune_code ELSE pr.commune_code_pre2025 END \
           AS commune_code_pre2025, \
         pr.place_basis, pr.commune_code_2025, pr.address, \
         (SELECT {AUTHORITY_OF_PRODUCT} FROM products p WHERE p.producer_id = pr.id ORDER BY p.id LIMIT 1) AS authority \
         FROM producers pr WHERE pr.province_code = $1{} ORDER BY pr.id",
        if product.is_some() {
            " AND pr.id = (SELECT producer_id FROM products WHERE id = $2)"
        } else {
            ""
        }
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(province.to_owned());
    if let Some(id) = product {
        q = q.bind(id);
    }
    let producers = q
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(record_from_row)
        .collect::<Result<Vec<_>>>()?;
    for p in &producers {
        let found = p.read(&reference);
        // The stored commune of a producer may be its pre-2025 one: stored
        // apart, so a producer never loses what its record said.
        if p.changed(&found) {
            write(conn, "producers", p, &found).await?;
            changes.push(change("producer", p, &found));
        }
    }
    Ok(changes)
}

async fn write(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    r: &Record,
    found: &OldPlace,
) -> Result<()> {
    let sql = format!(
        "UPDATE {table} SET district_code_pre2025 = $2, commune_code_pre2025 = $3, place_basis = $4 WHERE id = $1"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(r.id)
        .bind(found.district.clone())
        .bind(found.commune.clone())
        // The source's own codes keep no basis mark: read as stated next time.
        .bind(
            found
                .basis
                .filter(|b| *b != ocop_domain::reform_place::PlaceBasis::Source)
                .map(|b| b.code().to_owned()),
        )
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn change(entity: &str, r: &Record, found: &OldPlace) -> serde_json::Value {
    serde_json::json!({
        entity: r.id,
        "before": { "district": r.district, "commune": r.commune, "basis": r.basis },
        "after": { "district": found.district, "commune": found.commune, "basis": found.basis.map(|b| b.code()) },
    })
}

impl LoadTx {
    /// Old places for every product and producer of `province`, audited as
    /// one platform change.
    pub async fn derive_old_places(&mut self, province: &str, now: &str) -> Result<i64> {
        let changes = derive(&mut self.tx, province, None).await?;
        let n = i64::try_from(changes.len()).unwrap_or(i64::MAX);
        if !changes.is_empty() {
            AuditEntry::of("platform", "place.before_reform", "product", "*")
                .after(serde_json::json!({ "changes": changes }))
                .write(&mut self.tx, now)
                .await?;
        }
        Ok(n)
    }
}
