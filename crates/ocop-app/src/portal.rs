//! What the public portal shows, computed from the store with the domain's
//! rules (certificate status on the platform's today).

use ocop_domain::certificate::{
    CertificateStatus, IssueDate, RecordFacts, Successor, ValidityBounds,
};
use ocop_store::catalog::{CertificateRecord, ProductDetail, ProductSummary};
use ocop_store::stats::RoundStatistic;
use ocop_store::{Store, StoreError};

/// The programme at a glance, for the home page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HomeFigures {
    pub province_name: String,
    pub products: i64,
    pub producers: i64,
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
    })
}

/// The recognition rounds as published and the departments that lead each
/// product group, for the statistics page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RoundsAndLeads {
    pub rounds: Vec<RoundStatistic>,
    pub group_leads: Vec<ocop_store::agencies::GroupLead>,
}

pub async fn rounds_and_leads(
    store: &Store,
    province: &crate::Province,
) -> Result<RoundsAndLeads, StoreError> {
    Ok(RoundsAndLeads {
        rounds: store.round_statistics(&province.code).await?,
        group_leads: store.group_leads(&province.code).await?,
    })
}

/// Trang chủ's showcases, from the catalogue in memory: the newest
/// recognitions and the 4–5★ products whose star may stand today, newest
/// first, `n` of each.
pub fn showcase(
    snapshot: &crate::catalogue::Snapshot,
    today: chrono::NaiveDate,
    n: usize,
) -> (Vec<&ProductSummary>, Vec<&ProductSummary>) {
    // (earliest possible last valid day, which orders by issue, product)
    // for every product whose star may stand.
    let mut standing: Vec<(chrono::NaiveDate, &ProductSummary)> = snapshot
        .entries
        .iter()
        .filter_map(|e| {
            let c = snapshot.certificates_of(&e.row.summary.slug).next()?;
            let view = certificate_view(c.certificate.clone(), today);
            let issued = view.bounds.map(|b| b.at_least_until)?;
            view.status
                .may_be_valid()
                .then_some((issued, &e.row.summary))
        })
        .collect();
    standing.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    let newest = standing.iter().take(n).map(|(_, p)| *p).collect();
    let top = standing
        .iter()
        .filter(|(_, p)| p.stars.is_some_and(|s| s >= 4))
        .take(n)
        .map(|(_, p)| *p)
        .collect();
    (newest, top)
}

/// A certificate with its status on `today`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CertificateView {
    pub record: CertificateRecord,
    pub status: CertificateStatus,
    /// The last day it is (or was) valid as the record bounds it: exact
    /// with an issue date, a range with only the year.
    pub bounds: Option<ValidityBounds>,
    /// The latest possible last day (`bounds.at_most_until`).
    pub latest_valid_day: Option<chrono::NaiveDate>,
}

impl CertificateView {
    /// "còn hiệu lực ít nhất đến 31/12/2027" / "valid at least until …", or
    /// "hiệu lực đến …" when the day is known; nothing for a certificate
    /// that no longer stands.
    pub fn validity_note(&self, english: bool) -> Option<String> {
        let b = self.bounds?;
        let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
        match (&self.status, b.is_exact(), english) {
            (CertificateStatus::Valid, true, false) => {
                Some(format!("hiệu lực đến {}", day(b.at_most_until)))
            }
            (CertificateStatus::Valid, true, true) => {
                Some(format!("valid until {}", day(b.at_most_until)))
            }
            (CertificateStatus::Valid, false, false) => Some(format!(
                "còn hiệu lực ít nhất đến {} (hồ sơ chỉ ghi năm công nhận)",
                day(b.at_least_until)
            )),
            (CertificateStatus::Valid, false, true) => Some(format!(
                "valid at least until {} (the record gives only the year of recognition)",
                day(b.at_least_until)
            )),
            (CertificateStatus::ValidUnconfirmed, _, false) => Some(format!(
                "chắc chắn hiệu lực đến {}; có thể đến {} — hồ sơ chỉ ghi năm công nhận",
                day(b.at_least_until),
                day(b.at_most_until)
            )),
            (CertificateStatus::ValidUnconfirmed, _, true) => Some(format!(
                "certainly valid until {}; possibly until {} — the record gives only the year of recognition",
                day(b.at_least_until),
                day(b.at_most_until)
            )),
            (CertificateStatus::Superseded { by, on }, _, false) => Some(format!(
                "thay thế từ {} bởi giấy chứng nhận {}",
                day(*on),
                by.as_deref().unwrap_or("mới")
            )),
            (CertificateStatus::Superseded { by, on }, _, true) => Some(format!(
                "replaced from {} by certificate {}",
                day(*on),
                by.as_deref().unwrap_or("(new)")
            )),
            _ => None,
        }
    }
}

/// The record's facts as the domain reads them: the issue date, or failing
/// it the decision's date, or failing both the year of recognition.
pub fn certificate_view(record: CertificateRecord, today: chrono::NaiveDate) -> CertificateView {
    let year = |y: Option<i64>| y.and_then(|y| i32::try_from(y).ok());
    let successor = record.successor.as_ref().and_then(|s| {
        IssueDate::of(s.issued_on, year(s.year)).map(|issued| Successor {
            number: s.number.as_deref(),
            issued,
        })
    });
    let facts = RecordFacts {
        issued_on: record.issued_on.or(record.decision_issued_on),
        year: year(record.year),
        revoked: record
            .revoked_reason
            .as_deref()
            .map(|r| (record.revoked_on, r)),
        suspended: record
            .suspended_reason
            .as_deref()
            .map(|r| (record.suspended_on, r)),
        successor,
        nominated: record.nominated,
    };
    let status = facts.status_on(today);
    let bounds = facts.bounds();
    CertificateView {
        status,
        bounds,
        latest_valid_day: bounds.map(|b| b.at_most_until),
        record,
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
