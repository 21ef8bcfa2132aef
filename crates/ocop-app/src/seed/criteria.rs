//! The criteria versions shipped with the platform, and which set each demo
//! product is evaluated with (the project's assignment, with its reason).
//!
//! Versions go in through the same import and publish steps an administrator
//! uses; each step is atomic and skipped when already done, so an interrupted
//! start completes on the next one.

use super::SeedError;
use super::table::Table;
use crate::rules::{self, Manifest, Structure};
use ocop_store::Store;
use ocop_store::datasets::LoadTx;

pub const VERSIONS: &str = "criteria-versions-v1";
pub const PRODUCT_SETS: &str = "product-criteria-sets-v1";
const PRODUCT_SETS_CSV: &str = include_str!("../../../../data/product-criteria-sets.csv");
/// The sets of the products in `data/lamdong-ocop-more.csv`, loaded after them.
pub const PRODUCT_SETS_MORE: &str = "product-criteria-sets-more-v1";
const PRODUCT_SETS_MORE_CSV: &str = include_str!("../../../../data/product-criteria-sets-more.csv");

fn rules_error(e: rules::RulesError) -> SeedError {
    match e {
        rules::RulesError::Store(s) => SeedError::Store(s),
        other => SeedError::Data {
            file: "rules/criteria",
            line: 0,
            column: String::new(),
            reason: other.to_string(),
        },
    }
}

/// Imports and publishes 148/2023 and the structure-only versions.
pub async fn load_versions(store: &Store, now: &str) -> Result<i64, SeedError> {
    let (manifest, _) = rules::qd148().map_err(|e| rules_error(e.into()))?;
    if store.criteria_version(&manifest.version).await?.is_none() {
        rules::import(store, &manifest, shipped_file, "system", now)
            .await
            .map_err(rules_error)?;
    }
    publish_if_draft(store, &manifest, now).await?;
    let structures: Vec<Structure> =
        serde_json::from_str(rules::STRUCTURES).map_err(|e| SeedError::Data {
            file: "rules/criteria/structures.json",
            line: u64::try_from(e.line()).unwrap_or(0),
            column: String::new(),
            reason: e.to_string(),
        })?;
    for s in &structures {
        if store.criteria_version(&s.version).await?.is_none() {
            rules::import_structure(store, s, now)
                .await
                .map_err(rules_error)?;
        }
    }
    Ok(i64::try_from(manifest.sets.len() + structures.len()).unwrap_or(i64::MAX))
}

fn shipped_file(name: &str) -> Option<String> {
    rules::QD148_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_owned())
}

async fn publish_if_draft(store: &Store, m: &Manifest, now: &str) -> Result<(), SeedError> {
    if store
        .criteria_version(&m.version)
        .await?
        .is_some_and(|v| v.status == ocop_domain::criteria::VersionStatus::Draft)
    {
        store
            .publish_criteria_version(&m.version, m.effective_from, "system", now)
            .await?;
    }
    Ok(())
}

/// Links every shipped product to its set; each row must match one product.
pub async fn load_product_sets(
    tx: &mut LoadTx,
    store: &Store,
    dataset: &str,
) -> Result<i64, SeedError> {
    let table = if dataset == PRODUCT_SETS_MORE {
        Table::parse("data/product-criteria-sets-more.csv", PRODUCT_SETS_MORE_CSV)?
    } else {
        Table::parse("data/product-criteria-sets.csv", PRODUCT_SETS_CSV)?
    };
    for row in table.rows() {
        let set = row.text("criteria_set")?;
        if store.criteria_set_document(&set).await?.is_none() {
            return Err(row.error("criteria_set", format!("không có bộ tiêu chí \"{set}\"")));
        }
        let n = tx
            .assign_criteria_set(
                super::records::PROVINCE,
                &row.text("product")?,
                &row.text("producer")?,
                &set,
                &row.text("reason")?,
            )
            .await?;
        if n == 0 {
            return Err(row.error(
                "product",
                "không có sản phẩm nào của chủ thể này mang tên này",
            ));
        }
    }
    Ok(i64::try_from(table.len()).unwrap_or(i64::MAX))
}
