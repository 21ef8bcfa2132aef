//! Writing producers, products and certificates during a load, shared by the
//! Đắk Nông and Lâm Đồng datasets. A producer is the same producer when its
//! name is (ignoring case and accents); a product is the same product when
//! its producer and name are, so a re-recognition adds a certificate to the
//! existing product instead of a duplicate.

use super::SeedError;
use ocop_domain::certificate::CertificateValidity;
use ocop_domain::text::{fold, slugify};
use ocop_store::Value;
use ocop_store::datasets::LoadTx;

/// The province every shipped OCOP record belongs to (today's Lâm Đồng).
pub const PROVINCE: &str = "68";

pub struct ProducerRow {
    pub name: String,
    /// Set when the source names no producer: the record then stands for
    /// this one product's unnamed producer, under its own slug.
    pub unnamed_for: Option<String>,
    pub kind: String,
    pub address: Option<String>,
    pub commune_scheme: Option<&'static str>,
    pub commune_code: Option<String>,
    pub commune_code_2025: Option<String>,
    pub former_province_code: Option<String>,
}

impl ProducerRow {
    pub fn slug(&self) -> String {
        match &self.unnamed_for {
            Some(product) => format!(
                "{}-{}",
                slugify(ocop_domain::producer::UNNAMED),
                slugify(product)
            ),
            None => slugify(&self.name),
        }
    }
}

pub async fn producer_id(tx: &mut LoadTx, p: ProducerRow, now: &str) -> Result<i64, SeedError> {
    let slug = p.slug();
    let same = [
        ("province_code", Value::Text(PROVINCE.into())),
        ("slug", Value::Text(slug.clone())),
    ];
    if let Some(id) = tx.find_id_by("producers", &same).await? {
        return Ok(id);
    }
    Ok(tx
        .insert_returning_id(
            "producers",
            &[
                "province_code",
                "slug",
                "name",
                "name_folded",
                "kind",
                "address",
                "commune_scheme",
                "commune_code",
                "commune_code_2025",
                "former_province_code",
                "name_stated",
                "created_at",
                "updated_at",
            ],
            vec![
                Value::Text(PROVINCE.into()),
                Value::Text(slug),
                Value::Text(p.name.clone()),
                Value::Text(fold(&p.name)),
                Value::Text(p.kind),
                Value::OptText(p.address),
                Value::OptText(p.commune_scheme.map(str::to_owned)),
                Value::OptText(p.commune_code),
                Value::OptText(p.commune_code_2025),
                Value::OptText(p.former_province_code),
                Value::Int(i64::from(p.unnamed_for.is_none())),
                Value::Text(now.into()),
                Value::Text(now.into()),
            ],
        )
        .await?)
}

pub struct ProductRow {
    pub name: String,
    pub producer_id: i64,
    pub producer_slug: String,
    pub group_code: Option<String>,
    pub group_label: Option<String>,
    pub district_code_pre2025: Option<String>,
    pub commune_code_pre2025: Option<String>,
    pub commune_code_2025: Option<String>,
    pub former_province_code: Option<String>,
    pub source_url: Option<String>,
    pub source_url_2: Option<String>,
    pub source_note: Option<String>,
    pub source_level: Option<String>,
    pub dataset: &'static str,
}

pub async fn product_id(tx: &mut LoadTx, p: ProductRow, now: &str) -> Result<i64, SeedError> {
    // Same producer and same name: the same product, recognised again.
    let same = [
        ("province_code", Value::Text(PROVINCE.into())),
        ("producer_id", Value::Int(p.producer_id)),
        ("name_folded", Value::Text(fold(&p.name))),
    ];
    if let Some(id) = tx.find_id_by("products", &same).await? {
        return Ok(id);
    }
    // Another producer's product of the same name gets a longer slug.
    let base = slugify(&p.name);
    let taken = [
        ("province_code", Value::Text(PROVINCE.into())),
        ("slug", Value::Text(base.clone())),
    ];
    let slug = match tx.find_id_by("products", &taken).await? {
        Some(_) => format!("{base}-{}", p.producer_slug),
        None => base,
    };
    Ok(tx
        .insert_returning_id(
            "products",
            &[
                "province_code",
                "slug",
                "name",
                "name_folded",
                "producer_id",
                "group_code",
                "group_label",
                "district_code_pre2025",
                "commune_code_pre2025",
                "commune_code_2025",
                "former_province_code",
                "source_url",
                "source_url_2",
                "source_note",
                "source_level",
                "dataset",
                "created_at",
                "updated_at",
            ],
            vec![
                Value::Text(PROVINCE.into()),
                Value::Text(slug),
                Value::Text(p.name.clone()),
                Value::Text(fold(&p.name)),
                Value::Int(p.producer_id),
                Value::OptText(p.group_code),
                Value::OptText(p.group_label),
                Value::OptText(p.district_code_pre2025),
                Value::OptText(p.commune_code_pre2025),
                Value::OptText(p.commune_code_2025),
                Value::OptText(p.former_province_code),
                Value::OptText(p.source_url),
                Value::OptText(p.source_url_2),
                Value::OptText(p.source_note),
                Value::OptText(p.source_level),
                Value::Text(p.dataset.into()),
                Value::Text(now.into()),
                Value::Text(now.into()),
            ],
        )
        .await?)
}

pub struct CertificateRow {
    pub product_id: i64,
    pub decision_id: Option<i64>,
    pub stars: i64,
    pub year: Option<i64>,
    /// Known only when the decision's date is.
    pub issued_on: Option<chrono::NaiveDate>,
    /// A rating its issuer could only put forward (`RecognitionLevel::only_nominates`).
    pub nominated: bool,
}

pub async fn insert_certificate(
    tx: &mut LoadTx,
    c: CertificateRow,
    now: &str,
) -> Result<i64, SeedError> {
    let validity = c.issued_on.map(CertificateValidity::from_issue);
    Ok(tx
        .insert_returning_id(
            "certificates",
            &[
                "province_code",
                "product_id",
                "decision_id",
                "stars",
                "year",
                "issued_on",
                "valid_until",
                "nominated",
                "created_at",
            ],
            vec![
                Value::Text(PROVINCE.into()),
                Value::Int(c.product_id),
                Value::OptInt(c.decision_id),
                Value::Int(c.stars),
                Value::OptInt(c.year),
                Value::OptText(validity.as_ref().map(|v| v.issued_on.to_string())),
                Value::OptText(validity.as_ref().map(|v| v.valid_until.to_string())),
                Value::Int(i64::from(c.nominated)),
                Value::Text(now.into()),
            ],
        )
        .await?)
}

/// The kind of a producer: from its name where the name says it ("HTX …",
/// "Công ty Cổ phần …", "Trang trại …"), else from the dataset's type column.
pub fn producer_kind(row: &super::table::Row<'_>, name: &str) -> Result<String, SeedError> {
    if let Some(kind) = ocop_domain::ProducerKind::from_name(name) {
        return Ok(kind.code().to_owned());
    }
    let typed = row.text("producer_type")?;
    ocop_domain::ProducerKind::parse(&typed)
        .map(|k| k.code().to_owned())
        .map_err(|e| row.error("producer_type", e.to_string()))
}

/// Stars as recorded: 3–5 (only certified products are listed).
pub fn stars(row: &super::table::Row<'_>) -> Result<i64, SeedError> {
    let n = row
        .opt_int("stars")?
        .ok_or_else(|| row.error("stars", "ô bắt buộc đang trống"))?;
    match ocop_domain::Stars::new(n) {
        Ok(s) if s.certifiable() => Ok(n),
        Ok(_) => Err(row.error("stars", format!("{n} sao không được cấp giấy chứng nhận"))),
        Err(e) => Err(row.error("stars", e.to_string())),
    }
}

/// The product group code (I–VI) and the label as the source wrote it.
pub fn group(row: &super::table::Row<'_>) -> Result<(Option<String>, Option<String>), SeedError> {
    let Some(label) = row.opt("group")? else {
        return Ok((None, None));
    };
    let group = ocop_domain::ProductGroup::from_label(&label).ok_or_else(|| {
        row.error(
            "group",
            format!("nhóm sản phẩm \"{label}\" không thuộc 6 nhóm OCOP"),
        )
    })?;
    Ok((Some(group.code().to_owned()), Some(label)))
}

/// A decision by its number (found or created), or one without a known number.
pub async fn decision_id(
    tx: &mut LoadTx,
    number: Option<&str>,
    issued_on: Option<chrono::NaiveDate>,
    authority: &str,
) -> Result<i64, SeedError> {
    if let Some(n) = number {
        let same = [
            ("province_code", Value::Text(PROVINCE.into())),
            ("number", Value::Text(n.into())),
        ];
        if let Some(id) = tx.find_id_by("decisions", &same).await? {
            return Ok(id);
        }
    }
    let level = match ocop_domain::RecognitionLevel::of_authority(authority) {
        Some(ocop_domain::RecognitionLevel::District) => "district",
        _ => "province",
    };
    Ok(tx
        .insert_returning_id(
            "decisions",
            &[
                "province_code",
                "number",
                "issued_on",
                "issuing_authority",
                "level",
            ],
            vec![
                Value::Text(PROVINCE.into()),
                Value::OptText(number.map(str::to_owned)),
                Value::OptText(issued_on.map(|d| d.to_string())),
                Value::Text(authority.into()),
                Value::Text(level.into()),
            ],
        )
        .await?)
}
