//! What the public portal shows, computed from the store with the domain's
//! rules (certificate status on the platform's today).

use ocop_domain::certificate::{CertificateStatus, RecordFacts};
use ocop_store::catalog::{CertificateRecord, ProductDetail};
use ocop_store::stats::{Breakdown, Count, RoundStatistic};
use ocop_store::{Store, StoreError};

/// The programme at a glance, for the home page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HomeFigures {
    pub province_name: String,
    pub products: i64,
    pub producers: i64,
    pub by_stars: Vec<Count>,
    pub by_year: Vec<Count>,
    pub by_group: Vec<Count>,
    pub by_commune: Vec<Count>,
    pub by_district: Vec<Count>,
    pub rounds: Vec<RoundStatistic>,
    pub group_leads: Vec<ocop_store::agencies::GroupLead>,
}

pub async fn home(store: &Store, province: &crate::Province) -> Result<HomeFigures, StoreError> {
    let name = store
        .admin_unit(ocop_domain::UnitScheme::Y2025, &province.code)
        .await?
        .map_or_else(|| province.code.clone(), |u| u.full_name);
    Ok(HomeFigures {
        province_name: name,
        products: store.count_products(&province.code).await?,
        producers: store.count_producers(&province.code).await?,
        by_stars: store
            .product_breakdown(&province.code, Breakdown::Stars)
            .await?,
        by_year: store
            .product_breakdown(&province.code, Breakdown::Year)
            .await?,
        by_group: store
            .product_breakdown(&province.code, Breakdown::Group)
            .await?,
        by_commune: store
            .product_breakdown(&province.code, Breakdown::Commune2025)
            .await?,
        by_district: store
            .product_breakdown(&province.code, Breakdown::DistrictPre2025)
            .await?,
        rounds: store.round_statistics(&province.code).await?,
        group_leads: store.group_leads(&province.code).await?,
    })
}

/// A certificate with its status on `today`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CertificateView {
    pub record: CertificateRecord,
    pub status: CertificateStatus,
    /// The last day it is (or was) valid, when the record lets us know.
    pub latest_valid_day: Option<chrono::NaiveDate>,
}

pub fn certificate_view(record: CertificateRecord, today: chrono::NaiveDate) -> CertificateView {
    let date = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let facts = RecordFacts {
        issued_on: date(&record.issued_on),
        year: record.year.and_then(|y| i32::try_from(y).ok()),
        revoked: record
            .revoked_reason
            .as_deref()
            .map(|r| (date(&record.revoked_on), r)),
        suspended: record
            .suspended_reason
            .as_deref()
            .map(|r| (date(&record.suspended_on), r)),
    };
    let status = facts.status_on(today);
    let latest_valid_day = facts.latest_valid_day();
    CertificateView {
        record,
        status,
        latest_valid_day,
    }
}

/// The product page's content.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProductPage {
    pub product: ProductDetail,
    pub certificates: Vec<CertificateView>,
}

pub fn product_page(product: ProductDetail, today: chrono::NaiveDate) -> ProductPage {
    let certificates = product
        .certificates
        .iter()
        .cloned()
        .map(|c| certificate_view(c, today))
        .collect();
    ProductPage {
        product,
        certificates,
    }
}
