//! The catalogue as the portal reads it: products, producers and their
//! certificates, always within one province.

use crate::{Result, Store};
use sqlx::Row as _;

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
    pub issued_on: Option<String>,
    pub valid_until: Option<String>,
    pub revoked_on: Option<String>,
    pub revoked_reason: Option<String>,
    pub suspended_on: Option<String>,
    pub suspended_reason: Option<String>,
    pub decision_number: Option<String>,
    pub decision_issued_on: Option<String>,
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
    pub issued_on: Option<String>,
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
        issued_on: r.try_get("issued_on")?,
        valid_until: r.try_get("valid_until")?,
        revoked_on: r.try_get("revoked_on")?,
        revoked_reason: r.try_get("revoked_reason")?,
        suspended_on: r.try_get("suspended_on")?,
        suspended_reason: r.try_get("suspended_reason")?,
        decision_number: r.try_get("decision_number")?,
        decision_issued_on: r.try_get("decision_issued_on")?,
        issuing_authority: r.try_get("issuing_authority")?,
        successor: match r.try_get::<Option<i64>, _>("successor_id")? {
            Some(id) => Some(SuccessorRecord {
                id,
                number: r.try_get("successor_number")?,
                issued_on: r.try_get("successor_issued_on")?,
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

impl Store {
    /// Products of a province, newest recognition first, narrowed by `filter`.
    pub async fn list_products(
        &self,
        province: &str,
        filter: &ProductFilter,
    ) -> Result<Vec<ProductSummary>> {
        let mut sql = format!("{} WHERE p.province_code = $1", summary_select());
        let mut binds: Vec<BindValue> = vec![BindValue::Text(province.to_owned())];
        // Pushes a value and returns its placeholder number.
        let next = |b: BindValue, binds: &mut Vec<BindValue>| {
            binds.push(b);
            binds.len()
        };
        if let Some(q) = filter
            .q
            .as_deref()
            .map(ocop_domain::text::fold)
            .filter(|q| !q.trim().is_empty())
        {
            let words: Vec<&str> = q.split_whitespace().collect();
            sql.push_str(&crate::search::words_clause(words.len(), binds.len() + 1));
            for word in words {
                binds.push(BindValue::Text(crate::search::like_pattern(word)));
            }
        }
        if let Some(g) = &filter.group {
            let n = next(BindValue::Text(g.clone()), &mut binds);
            sql.push_str(&format!(" AND p.group_code = ${n}"));
        }
        if let Some(s) = filter.stars {
            let n = next(BindValue::Int(s), &mut binds);
            sql.push_str(&format!(" AND nc.stars = ${n}"));
        }
        if let Some(y) = filter.year {
            let n = next(BindValue::Int(y), &mut binds);
            sql.push_str(&format!(" AND nc.year = ${n}"));
        }
        if let Some(place) = &filter.place {
            let n = next(BindValue::Text(place.clone()), &mut binds);
            sql.push_str(&format!(" AND {}", in_area(&format!("${n}"))));
        }
        sql.push_str(" ORDER BY coalesce(nc.year, 0) DESC, nc.stars DESC, p.name");
        // Dynamic only in the number of placeholders; values are all bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = match b {
                BindValue::Text(t) => query.bind(t),
                BindValue::Int(i) => query.bind(i),
            };
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(summary_from_row).collect()
    }

    pub async fn product_by_slug(
        &self,
        province: &str,
        slug: &str,
    ) -> Result<Option<ProductDetail>> {
        let summary_sql = format!(
            "{} WHERE p.province_code = $1 AND p.slug = $2",
            summary_select()
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(summary_sql))
            .bind(province.to_owned())
            .bind(slug.to_owned())
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let summary = summary_from_row(&row)?;
        let detail = sqlx::query(
            "SELECT p.producer_id, p.description, pu.full_name AS commune_pre2025, fp.full_name AS former_province, \
             p.source_url, p.source_url_2, p.source_note, p.source_level, \
             p.criteria_set, cs.name AS criteria_set_name, p.criteria_set_reason, p.place_basis \
             FROM products p \
             LEFT JOIN admin_units pu ON pu.scheme = 'pre2025' AND pu.code = p.commune_code_pre2025 \
             LEFT JOIN admin_units fp ON fp.scheme = 'pre2025' AND fp.code = p.former_province_code \
             LEFT JOIN criteria_sets cs ON cs.id = p.criteria_set \
             WHERE p.id = $1",
        )
        .bind(summary.id)
        .fetch_one(self.pool())
        .await?;
        let certificates = self.certificates_of(summary.id).await?;
        Ok(Some(ProductDetail {
            producer_id: detail.try_get("producer_id")?,
            description: detail.try_get("description")?,
            commune_pre2025: detail.try_get("commune_pre2025")?,
            former_province: detail.try_get("former_province")?,
            source_url: detail.try_get("source_url")?,
            source_url_2: detail.try_get("source_url_2")?,
            source_note: detail.try_get("source_note")?,
            source_level: detail.try_get("source_level")?,
            criteria_set: detail.try_get("criteria_set")?,
            criteria_set_name: detail.try_get("criteria_set_name")?,
            criteria_set_reason: detail.try_get("criteria_set_reason")?,
            place_basis: detail
                .try_get::<Option<String>, _>("place_basis")?
                .as_deref()
                .and_then(ocop_domain::reform_place::PlaceBasis::parse),
            summary,
            certificates,
        }))
    }

    async fn certificates_of(&self, product_id: i64) -> Result<Vec<CertificateRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CERTIFICATE_COLUMNS} FROM certificates c {CERTIFICATE_JOINS} \
             WHERE c.product_id = $1 ORDER BY {CERTIFICATE_ORDER}"
        )))
        .bind(product_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(certificate_from_row).collect()
    }

    pub async fn producer_by_slug(
        &self,
        province: &str,
        slug: &str,
    ) -> Result<Option<ProducerDetail>> {
        let Some(r) = sqlx::query(
            "SELECT pr.id, pr.slug, pr.name, pr.kind, pr.tax_code, pr.address, pr.publish_contact, pr.phone, pr.zalo, pr.website, \
             cu.full_name AS commune_2025, \
             fp.full_name AS former_province \
             FROM producers pr \
             LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = pr.commune_code_2025 \
             LEFT JOIN admin_units fp ON fp.scheme = 'pre2025' AND fp.code = pr.former_province_code \
             WHERE pr.province_code = $1 AND pr.slug = $2",
        )
        .bind(province.to_owned())
        .bind(slug.to_owned())
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let id: i64 = r.try_get("id")?;
        let sql = format!(
            "{} WHERE p.producer_id = $1 ORDER BY p.name",
            summary_select()
        );
        let products = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(summary_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(ProducerDetail {
            id,
            slug: r.try_get("slug")?,
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            tax_code: r.try_get("tax_code")?,
            address: r.try_get("address")?,
            publish_contact: r.try_get::<i64, _>("publish_contact")? != 0,
            contact: crate::registry::ProducerContact {
                phone: r.try_get("phone")?,
                zalo: r.try_get("zalo")?,
                website: r.try_get("website")?,
                publish: r.try_get::<i64, _>("publish_contact")? != 0,
            },
            commune_2025: r.try_get("commune_2025")?,
            former_province: r.try_get("former_province")?,
            products,
        }))
    }
}

impl Store {
    /// Up to `limit` other products to suggest beside one: the same
    /// producer's first, then the same group's, newest recognition first.
    pub async fn related_products(
        &self,
        product_id: i64,
        producer_id: i64,
        group: Option<&str>,
        limit: i64,
    ) -> Result<Vec<ProductSummary>> {
        let sql = format!(
            "{} WHERE p.id <> $1 AND p.moderation = 'approved' AND p.province_code = (SELECT province_code FROM products WHERE id = $1) \
             AND (p.producer_id = $2 OR p.group_code = $3) \
             ORDER BY CASE WHEN p.producer_id = $2 THEN 0 ELSE 1 END, coalesce(nc.year, 0) DESC, p.id LIMIT $4",
            summary_select()
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(product_id)
            .bind(producer_id)
            .bind(group.map(str::to_owned))
            .bind(limit)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(summary_from_row)
            .collect()
    }
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

/// What scope checks need to know about a producer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerFacts {
    pub id: i64,
    pub province_code: String,
    pub commune_code_2025: Option<String>,
    pub district_codes_pre2025: Vec<String>,
    /// (criteria set, group) of each product: what names its department.
    pub products: Vec<(Option<String>, Option<String>)>,
}

impl Store {
    pub async fn producer_facts(
        &self,
        province: &str,
        slug: &str,
    ) -> Result<Option<ProducerFacts>> {
        let Some((id, province_code, commune)): Option<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, province_code, commune_code_2025 FROM producers WHERE province_code = $1 AND slug = $2",
        )
        .bind(province.to_owned())
        .bind(slug.to_owned())
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let rows: Vec<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT district_code_pre2025, group_code, criteria_set FROM products WHERE producer_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mut districts: Vec<String> = rows.iter().filter_map(|p| p.0.clone()).collect();
        let products = rows
            .into_iter()
            .map(|(_, group, set)| (set, group))
            .collect();
        districts.sort();
        districts.dedup();
        Ok(Some(ProducerFacts {
            id,
            province_code,
            commune_code_2025: commune,
            district_codes_pre2025: districts,
            products,
        }))
    }
}

impl Store {
    pub async fn producer_slug(&self, id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT slug FROM producers WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }
}

impl Store {
    /// Every public page's slug with the day it last changed, for the
    /// sitemap: (products, producers). A product changes with its record
    /// and with each certificate added to it.
    pub async fn public_slugs(
        &self,
        province: &str,
    ) -> Result<(Vec<(String, String)>, Vec<(String, String)>)> {
        let products = sqlx::query_as(
            "SELECT p.slug, CASE WHEN (SELECT max(c.created_at) FROM certificates c WHERE c.product_id = p.id) > p.updated_at \
             THEN (SELECT max(c.created_at) FROM certificates c WHERE c.product_id = p.id) ELSE p.updated_at END AS changed \
             FROM products p WHERE p.province_code = $1 AND p.moderation = 'approved' ORDER BY p.id",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        let producers = sqlx::query_as(
            "SELECT slug, updated_at FROM producers WHERE province_code = $1 ORDER BY id",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        Ok((products, producers))
    }
}

impl Store {
    /// (GTIN as written, product slug) of every item of the province that
    /// carries a GTIN.
    pub async fn product_gtins(&self, province: &str) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT i.gtin, p.slug FROM product_items i JOIN products p ON p.id = i.product_id \
             WHERE p.province_code = $1 AND i.gtin IS NOT NULL ORDER BY i.id",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?)
    }
}
