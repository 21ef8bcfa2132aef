//! Administrative units and how pre-2025 units resolve to today's.

use crate::{Result, Store};
use ocop_domain::UnitScheme;
use sqlx::Row as _;

/// One unit of either code list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AdminUnit {
    pub scheme: String,
    pub code: String,
    pub level: String,
    pub name: String,
    pub full_name: String,
    pub parent_code: Option<String>,
    pub province_code: String,
}

/// A 2025 commune that (part of) an old unit became.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Successor {
    pub code: String,
    pub full_name: String,
    pub province_code: String,
    pub province_name: String,
    /// The old commune was divided between several new ones.
    pub split: bool,
}

const UNIT_COLUMNS: &str = "scheme, code, level, name, full_name, parent_code, province_code";

fn unit_from_row(r: &sqlx::any::AnyRow) -> Result<AdminUnit> {
    Ok(AdminUnit {
        scheme: r.try_get("scheme")?,
        code: r.try_get("code")?,
        level: r.try_get("level")?,
        name: r.try_get("name")?,
        full_name: r.try_get("full_name")?,
        parent_code: r.try_get("parent_code")?,
        province_code: r.try_get("province_code")?,
    })
}

impl Store {
    pub async fn admin_unit(&self, scheme: UnitScheme, code: &str) -> Result<Option<AdminUnit>> {
        let sql = "SELECT scheme, code, level, name, full_name, parent_code, province_code FROM admin_units WHERE scheme = $1 AND code = $2";
        let row = sqlx::query(sql)
            .bind(scheme.as_str())
            .bind(code.to_owned())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(unit_from_row).transpose()
    }

    /// Units of a scheme and level, e.g. all 2025 communes of province 68.
    pub async fn admin_units_in(
        &self,
        scheme: UnitScheme,
        level: &str,
        province_code: &str,
    ) -> Result<Vec<AdminUnit>> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM admin_units WHERE scheme = $1 AND level = $2 AND province_code = $3 ORDER BY code"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scheme.as_str())
            .bind(level.to_owned())
            .bind(province_code.to_owned())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// Counts units by scheme and level (for checks and the health of a load).
    pub async fn count_admin_units(&self, scheme: UnitScheme, level: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM admin_units WHERE scheme = $1 AND level = $2")
                .bind(scheme.as_str())
                .bind(level.to_owned())
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Today's communes that an old commune or an old district (by its
    /// pre-2025 code) became part of.
    pub async fn successors(&self, old_code: &str) -> Result<Vec<Successor>> {
        let sql = "SELECT DISTINCT s.new_commune_code, n.full_name, s.new_province_code, p.full_name AS province_name, CAST(s.split AS INTEGER) AS split \
                   FROM admin_unit_successions s \
                   JOIN admin_units n ON n.scheme = '2025' AND n.code = s.new_commune_code \
                   JOIN admin_units p ON p.scheme = '2025' AND p.code = s.new_province_code \
                   WHERE s.old_commune_code = $1 OR s.old_district_code = $1 OR s.old_province_code = $1 \
                   ORDER BY s.new_commune_code";
        let rows = sqlx::query(sql)
            .bind(old_code.to_owned())
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Successor {
                    code: r.try_get(0)?,
                    full_name: r.try_get(1)?,
                    province_code: r.try_get(2)?,
                    province_name: r.try_get(3)?,
                    split: r.try_get::<i64, _>(4)? != 0,
                })
            })
            .collect()
    }

    /// The 2025 commune of a province whose name matches, ignoring case and
    /// accents ("xã Ninh Gia" → Xã Ninh Gia).
    pub async fn find_2025_commune_by_name(
        &self,
        province_code: &str,
        name: &str,
    ) -> Result<Option<AdminUnit>> {
        let folded = ocop_domain::text::fold(&ocop_domain::text::nfc(name));
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM admin_units WHERE scheme = '2025' AND level = 'commune' AND province_code = $1 AND name_folded = $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province_code.to_owned())
            .bind(folded)
            .fetch_all(self.pool())
            .await?;
        // An ambiguous name resolves to nothing rather than to a guess.
        match rows.as_slice() {
            [one] => Ok(Some(unit_from_row(one)?)),
            _ => Ok(None),
        }
    }
}
