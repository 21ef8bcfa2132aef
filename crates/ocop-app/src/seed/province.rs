//! The served province's departments and which product groups each leads
//! (editable later; the defaults follow directive 4276/UBND-NNTNMT).

use super::SeedError;
use crate::Province;
use ocop_domain::agency::default_lead;
use ocop_domain::{Agency, ProductGroup};
use ocop_store::Value;
use ocop_store::datasets::LoadTx;

pub const NAME: &str = "province-agencies-v1";

pub async fn load(tx: &mut LoadTx, province: &Province) -> Result<i64, SeedError> {
    let code = || Value::Text(province.code.clone());
    let agencies: Vec<Vec<Value>> = Agency::ALL
        .iter()
        .map(|a| {
            vec![
                code(),
                Value::Text(a.code().into()),
                Value::Text(a.name_vi().into()),
            ]
        })
        .collect();
    let leads: Vec<Vec<Value>> = ProductGroup::ALL
        .iter()
        .map(|g| {
            vec![
                code(),
                Value::Text(g.code().into()),
                Value::Text(default_lead(*g).code().into()),
            ]
        })
        .collect();
    let mut n = tx
        .insert("agencies", &["province_code", "code", "name"], &agencies)
        .await?;
    n += tx
        .insert(
            "agency_product_groups",
            &["province_code", "group_code", "agency_code"],
            &leads,
        )
        .await?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The departments that lead a criteria set rather than its whole group
/// ([`ocop_domain::agency::DEFAULT_SET_LEADS`]), for the 148/2023 sets.
pub const SET_LEADS: &str = "agency-criteria-sets-4276";

pub async fn load_set_leads(tx: &mut LoadTx, province: &Province) -> Result<i64, SeedError> {
    let rows: Vec<Vec<Value>> = ocop_domain::agency::DEFAULT_SET_LEADS
        .iter()
        .map(|(set, agency)| {
            vec![
                Value::Text(province.code.clone()),
                Value::Text(format!("qd148-2023-{set:02}")),
                Value::Text(agency.code().into()),
            ]
        })
        .collect();
    let n = tx
        .insert(
            "agency_criteria_sets",
            &["province_code", "criteria_set", "agency_code"],
            &rows,
        )
        .await?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}
