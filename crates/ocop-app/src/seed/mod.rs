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
    ocop_lamdong::RECENT.name,
    statistics::NAME,
    criteria::VERSIONS,
    criteria::PRODUCT_SETS,
    SUCCESSIONS,
    GROUPS_BY_SET,
    province::SET_LEADS,
    // Added later: after everything above, so a database that already holds
    // the rest loads them in the same order as an empty one.
    ocop_lamdong::MORE.name,
    criteria::PRODUCT_SETS_MORE,
    GROUPS_BY_SET_MORE,
    OLD_PLACES,
];

/// Works out every product's and producer's pre-2025 district and commune
/// (`ocop_domain::reform_place`); last, so it reads every record above.
/// v2: districts merged before 2025 (Cát Tiên, Đạ Tẻh) read as the one they joined.
const OLD_PLACES: &str = "places-before-reform-v2";

/// Puts every product in its criteria set's group (`LoadTx::groups_follow_sets`).
const GROUPS_BY_SET: &str = "product-groups-by-criteria-set";
/// The same, for the products loaded after it.
const GROUPS_BY_SET_MORE: &str = "product-groups-by-criteria-set-more";

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
            n if n == ocop_lamdong::RECENT.name => {
                ocop_lamdong::load(&mut tx, store, &ocop_lamdong::RECENT, &now).await?
            }
            n if n == ocop_lamdong::MORE.name => {
                ocop_lamdong::load(&mut tx, store, &ocop_lamdong::MORE, &now).await?
            }
            statistics::NAME => statistics::load(&mut tx).await?,
            criteria::VERSIONS => {
                i64::try_from(store.criteria_versions().await?.len()).unwrap_or(i64::MAX)
            }
            criteria::PRODUCT_SETS | criteria::PRODUCT_SETS_MORE => {
                criteria::load_product_sets(&mut tx, store, name).await?
            }
            GROUPS_BY_SET | GROUPS_BY_SET_MORE => tx.groups_follow_sets(&now).await?,
            OLD_PLACES => tx.derive_old_places(&province.code, &now).await?,
            province::SET_LEADS => province::load_set_leads(&mut tx, province).await?,
            _ => 0,
        };
        tx.finish(rows, &now).await?;
        tracing::info!(dataset = name, rows, "dataset loaded");
        report.loaded.push(((*name).to_owned(), rows));
    }
    Ok(report)
}
