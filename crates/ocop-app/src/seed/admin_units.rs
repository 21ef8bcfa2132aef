//! The national unit lists (NSO codes) before and after 1 Jul 2025, and the
//! old → new commune mapping.

use super::SeedError;
use super::table::Table;
use ocop_domain::{UnitCode, UnitLevel};
use ocop_store::Value;
use ocop_store::datasets::LoadTx;

pub const NAME: &str = "admin-units-2025-v1";

const PRE2025: &str = include_str!("../../../../data/vn-admin-units-pre2025.csv");
const Y2025: &str = include_str!("../../../../data/vn-admin-units-2025.csv");
const MAPPING: &str = include_str!("../../../../data/vn-admin-units-2025-mapping.csv");

const UNIT_COLUMNS: &[&str] = &[
    "scheme",
    "code",
    "level",
    "name",
    "full_name",
    "name_en",
    "unit_type",
    "parent_code",
    "province_code",
    "name_folded",
];

pub async fn load(tx: &mut LoadTx) -> Result<i64, SeedError> {
    let pre = units(
        Table::parse("data/vn-admin-units-pre2025.csv", PRE2025)?,
        "pre2025",
    )?;
    let new = units(Table::parse("data/vn-admin-units-2025.csv", Y2025)?, "2025")?;
    let map = successions(Table::parse(
        "data/vn-admin-units-2025-mapping.csv",
        MAPPING,
    )?)?;
    let mut n = tx.insert("admin_units", UNIT_COLUMNS, &pre).await?;
    n += tx.insert("admin_units", UNIT_COLUMNS, &new).await?;
    n += tx
        .insert(
            "admin_unit_successions",
            &[
                "old_province_code",
                "old_district_code",
                "old_commune_code",
                "new_province_code",
                "new_commune_code",
                "split",
            ],
            &map,
        )
        .await?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

fn code(row: &super::table::Row<'_>, column: &str, level: UnitLevel) -> Result<String, SeedError> {
    let raw = row.text(column)?;
    UnitCode::parse(level, &raw)
        .map(|c| c.as_str().to_owned())
        .map_err(|e| row.error(column, e.to_string()))
}

fn units(table: Table, scheme: &'static str) -> Result<Vec<Vec<Value>>, SeedError> {
    table
        .rows()
        .map(|row| {
            let level_text = row.text("level")?;
            let level = UnitLevel::parse(&level_text)
                .ok_or_else(|| row.error("level", format!("cấp \"{level_text}\" không hợp lệ")))?;
            let code = code(&row, "code", level)?;
            let parent = match level {
                UnitLevel::Province => None,
                UnitLevel::District => Some(super::admin_units::code(
                    &row,
                    "parent_code",
                    UnitLevel::Province,
                )?),
                UnitLevel::Commune if scheme == "pre2025" => Some(super::admin_units::code(
                    &row,
                    "parent_code",
                    UnitLevel::District,
                )?),
                UnitLevel::Commune => Some(super::admin_units::code(
                    &row,
                    "parent_code",
                    UnitLevel::Province,
                )?),
            };
            // The 2025 list has no province column: a commune's parent is its province.
            let province = match (scheme, level) {
                (_, UnitLevel::Province) => code.clone(),
                ("2025", _) => parent.clone().unwrap_or_default(),
                _ => super::admin_units::code(&row, "province_code", UnitLevel::Province)?,
            };
            let name = row.text("name")?;
            let full_name = row.text("full_name")?;
            Ok(vec![
                Value::Text(scheme.into()),
                Value::Text(code),
                Value::Text(level.as_str().into()),
                Value::Text(name),
                Value::Text(full_name.clone()),
                Value::Text(row.text("name_en")?),
                Value::Text(row.text("unit_type")?),
                Value::OptText(parent),
                Value::Text(province),
                Value::Text(ocop_domain::text::fold(&full_name)),
            ])
        })
        .collect()
}

fn successions(table: Table) -> Result<Vec<Vec<Value>>, SeedError> {
    table
        .rows()
        .map(|row| {
            let old_commune = match row.opt("old_commune_code")? {
                // Island districts without communes map straight to a special zone.
                None => None,
                Some(_) => Some(code(&row, "old_commune_code", UnitLevel::Commune)?),
            };
            let split = match row.text("old_commune_split")?.as_str() {
                "true" => true,
                "false" => false,
                other => {
                    return Err(row.error(
                        "old_commune_split",
                        format!("\"{other}\" không phải true/false"),
                    ));
                }
            };
            Ok(vec![
                Value::Text(code(&row, "old_province_code", UnitLevel::Province)?),
                Value::Text(code(&row, "old_district_code", UnitLevel::District)?),
                Value::OptText(old_commune),
                Value::Text(code(&row, "new_province_code", UnitLevel::Province)?),
                Value::Text(code(&row, "new_commune_code", UnitLevel::Commune)?),
                Value::Bool(split),
            ])
        })
        .collect()
}
