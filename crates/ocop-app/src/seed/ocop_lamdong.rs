//! OCOP recognitions of 2024–2026 in today's Lâm Đồng (the former Đắk Nông,
//! Lâm Đồng and Bình Thuận areas): rows from signed decisions (source level A)
//! and from provincial-newspaper reports whose decision was not seen (B1).

use super::SeedError;
use super::records::{self, CertificateRow, ProducerRow, ProductRow};
use super::table::{Row, Table};
use chrono::NaiveDate;
use ocop_domain::certificate::CertificateValidity;
use ocop_store::Store;
use ocop_store::datasets::LoadTx;
use std::collections::HashMap;

pub const NAME: &str = "ocop-lamdong-2024-2026-v1";
const FILE: &str = "data/lamdong-ocop-2025-2026.csv";
const CSV: &str = include_str!("../../../../data/lamdong-ocop-2025-2026.csv");

fn date(row: &Row<'_>, column: &str) -> Result<Option<NaiveDate>, SeedError> {
    row.opt(column)?
        .map(|v| {
            NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                .map_err(|_| row.error(column, format!("\"{v}\" không phải ngày dạng YYYY-MM-DD")))
        })
        .transpose()
}

/// The pre-2025 province a row's product came from ("Đắk Nông" → 67);
/// `None` for products of the merged province.
async fn former_province(store: &Store, row: &Row<'_>) -> Result<Option<String>, SeedError> {
    let Some(name) = row.opt("former_province")? else {
        return Ok(None);
    };
    if name.contains("sau sắp xếp") {
        return Ok(None);
    }
    let wanted = ocop_domain::text::fold(&name);
    // The three provinces merged into Lâm Đồng on 1 Jul 2025.
    for code in ["67", "68", "60"] {
        if let Some(u) = store
            .admin_unit(ocop_domain::UnitScheme::Pre2025, code)
            .await?
            && ocop_domain::text::fold(&u.name) == wanted
        {
            return Ok(Some(u.code));
        }
    }
    Err(row.error(
        "former_province",
        format!("\"{name}\" không phải một tỉnh cũ đã hợp thành tỉnh Lâm Đồng"),
    ))
}

pub async fn load(tx: &mut LoadTx, store: &Store, now: &str) -> Result<i64, SeedError> {
    let table = Table::parse(FILE, CSV)?;
    // Decisions without a known number, one per issuing authority and year.
    let mut unnumbered: HashMap<(String, Option<i64>), i64> = HashMap::new();
    for row in table.rows() {
        let commune_2025 = match row.opt("commune_2025")? {
            Some(name) => Some(
                store
                    .find_2025_commune_by_name(records::PROVINCE, &name)
                    .await?
                    .ok_or_else(|| {
                        row.error(
                            "commune_2025",
                            format!("không tìm thấy \"{name}\" trong các xã, phường của tỉnh"),
                        )
                    })?
                    .code,
            ),
            None => None,
        };
        let former = former_province(store, &row).await?;
        let producer_name = row.text("producer")?;
        let kind = records::producer_kind(&row, &producer_name)?;
        let producer_slug = ocop_domain::text::slugify(&producer_name);
        let producer_id = records::producer_id(
            tx,
            ProducerRow {
                name: producer_name,
                kind,
                address: row.opt("address_in_source")?,
                commune_scheme: commune_2025.as_ref().map(|_| "2025"),
                commune_code: commune_2025.clone(),
                commune_code_2025: commune_2025.clone(),
                former_province_code: former.clone(),
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
                district_code_pre2025: None,
                commune_code_pre2025: None,
                commune_code_2025: commune_2025,
                former_province_code: former,
                source_url: Some(row.text("source_url")?),
                source_url_2: None,
                source_note: row.opt("note")?,
                source_level: row.opt("source_level")?,
                dataset: NAME,
            },
            now,
        )
        .await?;
        let issued_on = date(&row, "decision_date")?;
        if let (Some(issued), Some(stated)) = (issued_on, date(&row, "certificate_valid_until")?) {
            let computed = CertificateValidity::from_issue(issued).valid_until;
            if computed != stated {
                return Err(row.error(
                    "certificate_valid_until",
                    format!("hạn {stated} không khớp ngày quyết định + 36 tháng ({computed})"),
                ));
            }
        }
        let year = row.opt_int("year")?;
        let authority = row.text("issuing_authority")?;
        let number = row
            .opt("decision")?
            .map(|n| {
                ocop_domain::DecisionNumber::parse(&n)
                    .map_err(|e| row.error("decision", e.to_string()))
            })
            .transpose()?;
        let decision_id = match &number {
            Some(n) => records::decision_id(tx, Some(n.as_str()), issued_on, &authority).await?,
            None => match unnumbered.get(&(authority.clone(), year)) {
                Some(id) => *id,
                None => {
                    let id = records::decision_id(tx, None, None, &authority).await?;
                    unnumbered.insert((authority.clone(), year), id);
                    id
                }
            },
        };
        records::insert_certificate(
            tx,
            CertificateRow {
                product_id,
                decision_id: Some(decision_id),
                stars: records::stars(&row)?,
                year,
                issued_on,
            },
            now,
        )
        .await?;
    }
    Ok(i64::try_from(table.len()).unwrap_or(i64::MAX))
}
