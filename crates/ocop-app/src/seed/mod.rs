//! Loading the data the platform ships with: the national administrative
//! units before and after the 2025 reform with the old → new mapping, the
//! province's departments, and the real OCOP records of today's Lâm Đồng and
//! the former Đắk Nông (with each record's source as provenance).
//!
//! Each dataset is loaded in one transaction with its marker (see
//! `ocop_store::datasets`), so an interrupted load leaves nothing half-written
//! and the next start completes it. Nothing is invented: an empty cell stays
//! unknown.

mod admin_units;
mod criteria;
mod ocop_daknong;
mod ocop_lamdong;
mod province;
mod records;
mod statistics;
mod table;

pub use table::SeedError;

use crate::{Clock, Province};
use ocop_store::Store;

/// A dataset shipped with the platform, by its stable name.
pub const DATASETS: &[&str] = &[
    admin_units::NAME,
    province::NAME,
    ocop_daknong::NAME,
    ocop_lamdong::NAME,
    statistics::NAME,
    criteria::VERSIONS,
    criteria::PRODUCT_SETS,
    SUCCESSIONS,
    GROUPS_BY_SET,
    province::SET_LEADS,
];

/// Puts every product in its criteria set's group (`LoadTx::groups_follow_sets`).
const GROUPS_BY_SET: &str = "product-groups-by-criteria-set";

/// Links the certificates of databases loaded before successions were
/// recorded (every load links its own in `LoadTx::finish`).
const SUCCESSIONS: &str = "certificate-successions";

/// What one start loaded.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// (dataset, rows) for each dataset loaded now.
    pub loaded: Vec<(String, i64)>,
}

/// Loads every dataset the database does not have yet, in dependency order.
pub async fn load_missing(
    store: &Store,
    clock: &dyn Clock,
    province: &Province,
) -> Result<LoadReport, SeedError> {
    let mut report = LoadReport::default();
    let now = clock.stamp();
    let done = store.loaded_datasets().await?;
    for name in DATASETS {
        // Versions are imported through their own atomic, repeatable steps
        // before the marker's transaction opens.
        if *name == criteria::VERSIONS && !done.iter().any(|d| d == name) {
            criteria::load_versions(store, &now).await?;
        }
        let Some(mut tx) = store.begin_load(name).await? else {
            continue;
        };
        tracing::info!(dataset = name, "loading dataset");
        let rows = match *name {
            admin_units::NAME => admin_units::load(&mut tx).await?,
            province::NAME => province::load(&mut tx, province).await?,
            ocop_daknong::NAME => ocop_daknong::load(&mut tx, store, &now).await?,
            ocop_lamdong::NAME => ocop_lamdong::load(&mut tx, store, &now).await?,
            statistics::NAME => statistics::load(&mut tx).await?,
            criteria::VERSIONS => {
                i64::try_from(store.criteria_versions().await?.len()).unwrap_or(i64::MAX)
            }
            criteria::PRODUCT_SETS => criteria::load_product_sets(&mut tx, store).await?,
            GROUPS_BY_SET => tx.groups_follow_sets(&now).await?,
            province::SET_LEADS => province::load_set_leads(&mut tx, province).await?,
            _ => 0,
        };
        tx.finish(rows, &now).await?;
        tracing::info!(dataset = name, rows, "dataset loaded");
        report.loaded.push(((*name).to_owned(), rows));
    }
    Ok(report)
}
