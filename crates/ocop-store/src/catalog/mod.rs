//! The catalogue as the portal reads it: products, producers and their
//! certificates, always within one province.

use crate::{Result, Store};
use sqlx::Row as _;

mod lookups;
mod products;

pub use lookups::*;

/// A product line in a list.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProductSummary {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub producer_name: String,
    pub producer_slug: String,
    pub group_code: Option<String>,
    pub group_label: Option<String>,
    /// Stars of the newest certificate.
    pub stars: Option<i64>,
    /// Year of the newest certificate.
    pub year: Option<i64>,
    pub commune_2025: Option<String>,
    pub district_pre2025: Option<String>,
    /// Approved for the public portal (a producer's own new product waits
    /// for the commune or the office).
    pub public: bool,
}

/// One certificate with its decision, as recorded.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CertificateRecord {
    pub id: i64,
    pub number: Option<String>,
    pub stars: i64,
    pub year: Option<i64>,
    pub issued_on: Option<chrono::NaiveDate>,
    pub valid_until: Option<chrono::NaiveDate>,
    pub revoked_on: Option<chrono::NaiveDate>,
    pub revoked_reason: Option<String>,
    pub suspended_on: Option<chrono::NaiveDate>,
    pub suspended_reason: Option<String>,
    pub decision_number: Option<String>,
    pub decision_issued_on: Option<chrono::NaiveDate>,
    pub issuing_authority: Option<String>,
    /// The certificate a later decision for the same product issued
    /// (`superseded_by`), as far as its record knows its date.
    pub successor: Option<SuccessorRecord>,
    /// A rating its issuer could only put forward, never a certificate
    /// ([`ocop_domain::certificate::CertificateStatus::Nominated`]).
    pub nominated: bool,
}

/// Giấy chứng nhận thay thế — the certificate that replaced another.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SuccessorRecord {
    pub id: i64,
    pub number: Option<String>,
    pub issued_on: Option<chrono::NaiveDate>,
    pub year: Option<i64>,
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProductDetail {
    pub summary: ProductSummary,
    pub producer_id: i64,
    pub description: Option<String>,
    pub commune_pre2025: Option<String>,
    pub former_province: Option<String>,
    pub source_url: Option<String>,
    pub source_url_2: Option<String>,
    pub source_note: Option<String>,
    pub source_level: Option<String>,
    /// The criteria set the product is evaluated with, and why.
    pub criteria_set: Option<String>,
    pub criteria_set_name: Option<String>,
    pub criteria_set_reason: Option<String>,
    /// How the pre-2025 place was found ([`ocop_domain::reform_place::PlaceBasis`]);
    /// `None` when the source stated it or nothing is known.
    pub place_basis: Option<ocop_domain::reform_place::PlaceBasis>,
    pub certificates: Vec<CertificateRecord>,
}

/// Everything the producer page shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProducerDetail {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub tax_code: Option<String>,
    pub address: Option<String>,
    /// The producer chose to publish its contact (and, for a household, its
    /// ID number and address).
    pub publish_contact: bool,
    /// Its business contact as recorded (shown only when published).
    pub contact: crate::registry::ProducerContact,
    pub commune_2025: Option<String>,
    pub former_province: Option<String>,
    pub products: Vec<ProductSummary>,
}

/// What the product list is narrowed by. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    /// Words of a product, producer or place name, in any accents.
    pub q: Option<String>,
    pub group: Option<String>,
    pub stars: Option<i64>,
    pub year: Option<i64>,
    /// A 2025 commune code, or a pre-2025 district or commune code.
    pub place: Option<String>,
}

/// The columns [`certificate_from_row`] reads, from `certificates c` with
/// [`CERTIFICATE_JOINS`].
pub(crate) const CERTIFICATE_COLUMNS: &str = "c.id AS certificate_id, c.number, c.stars, c.year, c.issued_on, c.valid_until, \
     c.revoked_on, c.revoked_reason, c.suspended_on, c.suspended_reason, \
     d.number AS decision_number, d.issued_on AS decision_issued_on, d.issuing_authority, \
     sc.id AS successor_id, sc.number AS successor_number, sc.issued_on AS successor_issued_on, \
     sc.year AS successor_year, c.nominated";

/// The decision behind `certificates c` and the certificate that replaced it.
pub(crate) const CERTIFICATE_JOINS: &str = "LEFT JOIN decisions d ON d.id = c.decision_id \
     LEFT JOIN certificates sc ON sc.id = c.superseded_by";

/// Newest first: the standing certificate (replaced by none) before those it
/// replaced, then by date.
pub(crate) const CERTIFICATE_ORDER: &str = "c.nominated, CASE WHEN c.superseded_by IS NULL THEN 0 ELSE 1 END, \
     coalesce(c.issued_on, '') DESC, coalesce(c.year, 0) DESC, c.id DESC";

pub(crate) fn certificate_from_row(r: &sqlx::any::AnyRow) -> Result<CertificateRecord> {
    Ok(CertificateRecord {
        id: r.try_get("certificate_id")?,
        number: r.try_get("number")?,
        stars: r.try_get("stars")?,
        year: r.try_get("year")?,
        issued_on: crate::dates::maybe(r.try_get("issued_on")?)?,
        valid_until: crate::dates::maybe(r.try_get("valid_until")?)?,
        revoked_on: crate::dates::maybe(r.try_get("revoked_on")?)?,
        revoked_reason: r.try_get("revoked_reason")?,
        suspended_on: crate::dates::maybe(r.try_get("suspended_on")?)?,
        suspended_reason: r.try_get("suspended_reason")?,
        decision_number: r.try_get("decision_number")?,
        decision_issued_on: crate::dates::maybe(r.try_get("decision_issued_on")?)?,
        issuing_authority: r.try_get("issuing_authority")?,
        successor: match r.try_get::<Option<i64>, _>("successor_id")? {
            Some(id) => Some(SuccessorRecord {
                id,
                number: r.try_get("successor_number")?,
                issued_on: crate::dates::maybe(r.try_get("successor_issued_on")?)?,
                year: r.try_get("successor_year")?,
            }),
            None => None,
        },
        nominated: r.try_get::<i64, _>("nominated")? != 0,
    })
}

/// The certificate a product's star stands on: the one no later decision
/// replaced (a nomination carries no star).
pub(crate) const NEWEST_CERT: &str = "(SELECT c.id FROM certificates c WHERE c.product_id = p.id \
     AND c.superseded_by IS NULL AND c.nominated = 0 ORDER BY c.id DESC LIMIT 1)";

pub(crate) fn summary_select() -> String {
    format!(
        "SELECT p.id, p.slug, p.name, pr.name AS producer_name, pr.slug AS producer_slug, p.group_code, p.group_label, \
         nc.stars, nc.year, cu.full_name AS commune_2025, du.full_name AS district_pre2025, \
         CAST(CASE WHEN p.moderation = 'approved' THEN 1 ELSE 0 END AS INTEGER) AS public \
         FROM products p \
         JOIN producers pr ON pr.id = p.producer_id \
         LEFT JOIN certificates nc ON nc.id = {NEWEST_CERT} \
         LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = p.commune_code_2025 \
         LEFT JOIN admin_units du ON du.scheme = 'pre2025' AND du.code = p.district_code_pre2025"
    )
}

pub(crate) fn summary_from_row(r: &sqlx::any::AnyRow) -> Result<ProductSummary> {
    Ok(ProductSummary {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
        producer_name: r.try_get("producer_name")?,
        producer_slug: r.try_get("producer_slug")?,
        group_code: r.try_get("group_code")?,
        group_label: r.try_get("group_label")?,
        stars: r.try_get("stars")?,
        year: r.try_get("year")?,
        commune_2025: r.try_get("commune_2025")?,
        district_pre2025: r.try_get("district_pre2025")?,
        public: r.try_get::<i64, _>("public")? != 0,
    })
}

/// A place that products of the province are recorded in: a 2025 commune or
/// a pre-2025 district (for records made before the reform).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlaceInUse {
    pub scheme: String,
    pub code: String,
    pub full_name: String,
}

impl Store {
    pub async fn places_in_use(&self, province: &str) -> Result<Vec<PlaceInUse>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT u.scheme, u.code, u.full_name FROM admin_units u WHERE              (u.scheme = '2025' AND u.code IN (SELECT commune_code_2025 FROM products WHERE province_code = $1)) OR              (u.scheme = 'pre2025' AND u.code IN (SELECT district_code_pre2025 FROM products WHERE province_code = $1))              ORDER BY u.scheme, u.full_name",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(scheme, code, full_name)| PlaceInUse {
                scheme,
                code,
                full_name,
            })
            .collect())
    }
}

enum BindValue {
    Text(String),
    Int(i64),
}

/// The SQL condition that product `p` lies in the area of the unit whose
/// code is `code` (a placeholder or a column), old or new: the succession
/// table read both ways, as `ocop_domain::reform_place::area_codes` does in
/// memory.
pub(crate) fn in_area(code: &str) -> String {
    format!(
        "(p.commune_code_2025 = {code} OR p.district_code_pre2025 = {code} OR p.commune_code_pre2025 = {code} \
         OR p.commune_code_2025 IN (SELECT s.new_commune_code FROM admin_unit_successions s \
           WHERE s.old_commune_code = {code} OR s.old_district_code = {code}) \
         OR p.commune_code_pre2025 IN (SELECT s.old_commune_code FROM admin_unit_successions s \
           WHERE s.new_commune_code = {code}))"
    )
}

/// Escapes LIKE wildcards so typed `%` and `_` match themselves.
pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
