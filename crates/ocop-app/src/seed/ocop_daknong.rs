//! Đắk Nông's OCOP products (2020 – c.2023) found in public sources. Partial:
//! the decision annexes with the full lists were not available, and nothing
//! is padded. Codes are the official pre-2025 ones plus today's commune.

use super::SeedError;
use super::records::{self, CertificateRow, ProducerRow, ProductRow};
use super::table::Table;
use ocop_domain::UnitScheme;
use ocop_store::Store;
use ocop_store::datasets::LoadTx;

pub const NAME: &str = "ocop-daknong-2020-2023-v1";
const FILE: &str = "data/daknong-ocop-products.csv";
const CSV: &str = include_str!("../../../../data/daknong-ocop-products.csv");
const FORMER_PROVINCE: &str = "67";

pub async fn load(tx: &mut LoadTx, store: &Store, now: &str) -> Result<i64, SeedError> {
    let table = Table::parse(FILE, CSV)?;
    for row in table.rows() {
        let district = row.opt("district_code")?;
        let commune = row.opt("commune_code")?;
        let commune_2025 = row.opt("commune_code_2025")?;
        for (column, scheme, code) in [
            ("district_code", UnitScheme::Pre2025, &district),
            ("commune_code", UnitScheme::Pre2025, &commune),
            ("commune_code_2025", UnitScheme::Y2025, &commune_2025),
        ] {
            if let Some(c) = code
                && store.admin_unit(scheme, c).await?.is_none()
            {
                return Err(row.error(
                    column,
                    format!("mã {c} không có trong danh mục đơn vị hành chính"),
                ));
            }
        }
        let producer_name = row.text("producer")?;
        let kind = records::producer_kind(&row, &producer_name)?;
        let producer_slug = ocop_domain::text::slugify(&producer_name);
        let producer_id = records::producer_id(
            tx,
            ProducerRow {
                name: producer_name,
                unnamed_for: None,
                kind,
                address: None,
                commune_scheme: commune.as_ref().map(|_| UnitScheme::Pre2025.as_str()),
                commune_code: commune.clone(),
                commune_code_2025: commune_2025.clone(),
                former_province_code: Some(FORMER_PROVINCE.into()),
            },
            now,
        )
        .await?;
        let (group_code, group_label) = records::group(&row)?;
        let product_id = records::product_id(
            tx,
            ProductRow {
                name: row.text("product")?,
                producer_id,
                producer_slug,
                group_code,
                group_label,
                district_code_pre2025: district,
                commune_code_pre2025: commune,
                commune_code_2025: commune_2025,
                former_province_code: Some(FORMER_PROVINCE.into()),
                source_url: Some(row.text("source_url")?),
                source_url_2: row.opt("source_url_2")?,
                source_note: row.opt("note")?,
                source_level: None,
                dataset: NAME,
            },
            now,
        )
        .await?;
        let decision = match row.opt("decision")? {
            Some(number) => {
                let parsed = ocop_domain::DecisionNumber::parse(&number)
                    .map_err(|e| row.error("decision", e.to_string()))?;
                Some(
                    records::decision_id(tx, Some(parsed.as_str()), None, "UBND tỉnh Đắk Nông")
                        .await?,
                )
            }
            None => None,
        };
        records::insert_certificate(
            tx,
            CertificateRow {
                product_id,
                decision_id: decision,
                stars: records::stars(&row)?,
                year: row.opt_int("year")?,
                issued_on: None,
                nominated: false,
            },
            now,
        )
        .await?;
    }
    Ok(i64::try_from(table.len()).unwrap_or(i64::MAX))
}
