//! OCOP recognitions in today's Lâm Đồng (the former Đắk Nông, Lâm Đồng and
//! Bình Thuận areas), in two files of the same columns: 2024–2026 from signed
//! decisions (source level A) and provincial-newspaper reports whose
//! decision was not seen (B1), and further 2019–2024 recognitions from news
//! and government pages (all B1). A row may lack its year, decision, issuer
//! or producer: what is missing stays missing, and a rating its issuer could
//! only put forward is kept as a nomination.

use super::SeedError;
use super::records::{self, CertificateRow, ProducerRow, ProductRow};
use super::table::{Row, Table};
use chrono::NaiveDate;
use ocop_domain::RecognitionLevel;
use ocop_domain::certificate::{CertificateValidity, IssueDate};
use ocop_store::Store;
use ocop_store::datasets::LoadTx;
use std::collections::HashMap;

/// One shipped file of this layout.
pub struct Source {
    pub name: &'static str,
    file: &'static str,
    csv: &'static str,
}

pub const RECENT: Source = Source {
    name: "ocop-lamdong-2024-2026-v1",
    file: "data/lamdong-ocop-2025-2026.csv",
    csv: include_str!("../../../../data/lamdong-ocop-2025-2026.csv"),
};

pub const MORE: Source = Source {
    name: "ocop-lamdong-2019-2024-more-v1",
    file: "data/lamdong-ocop-more.csv",
    csv: include_str!("../../../../data/lamdong-ocop-more.csv"),
};

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

/// Whether the row's rating was beyond its issuer under every procedure
/// that may have governed its date.
fn only_nominated(
    row: &Row<'_>,
    authority: Option<&str>,
    issued_on: Option<NaiveDate>,
    year: Option<i64>,
) -> Result<bool, SeedError> {
    let stars = ocop_domain::Stars::new(records::stars(row)?)
        .map_err(|e| row.error("stars", e.to_string()))?;
    let issued = IssueDate::of(issued_on, year.and_then(|y| i32::try_from(y).ok()));
    Ok(
        match (authority.and_then(RecognitionLevel::of_authority), issued) {
            (Some(level), Some(on)) => level.only_nominates(stars, on.earliest(), on.latest()),
            _ => false,
        },
    )
}

pub async fn load(
    tx: &mut LoadTx,
    store: &Store,
    source: &Source,
    now: &str,
) -> Result<i64, SeedError> {
    let table = Table::parse(source.file, source.csv)?;
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
        let product_name = row.text("product")?;
        let (producer_name, kind, unnamed_for) = match row.opt("producer")? {
            Some(name) => {
                let kind = records::producer_kind(&row, &name)?;
                (name, kind, None)
            }
            None => (
                ocop_domain::producer::UNNAMED.to_owned(),
                ocop_domain::ProducerKind::Unstated.code().to_owned(),
                Some(product_name.clone()),
            ),
        };
        let producer = ProducerRow {
            name: producer_name,
            unnamed_for,
            kind,
            address: row.opt("address_in_source")?,
            commune_scheme: commune_2025.as_ref().map(|_| "2025"),
            commune_code: commune_2025.clone(),
            commune_code_2025: commune_2025.clone(),
            former_province_code: former.clone(),
        };
        let producer_slug = producer.slug();
        let producer_id = records::producer_id(tx, producer, now).await?;
        let (group_code, group_label) = records::group(&row)?;
        let product_id = records::product_id(
            tx,
            ProductRow {
                name: product_name,
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
                dataset: source.name,
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
        let authority = row.opt("issuing_authority")?;
        let number = row
            .opt("decision")?
            .map(|n| {
                ocop_domain::DecisionNumber::parse(&n)
                    .map_err(|e| row.error("decision", e.to_string()))
            })
            .transpose()?;
        let nominated = only_nominated(&row, authority.as_deref(), issued_on, year)?;
        let decision_id = match (&number, &authority) {
            (Some(n), Some(a)) => {
                Some(records::decision_id(tx, Some(n.as_str()), issued_on, a).await?)
            }
            (Some(_), None) => {
                return Err(row.error(
                    "issuing_authority",
                    "số quyết định có nhưng không ghi cơ quan ban hành",
                ));
            }
            (None, Some(a)) => Some(match unnumbered.get(&(a.clone(), year)) {
                Some(id) => *id,
                None => {
                    let id = records::decision_id(tx, None, None, a).await?;
                    unnumbered.insert((a.clone(), year), id);
                    id
                }
            }),
            // Neither number nor issuer: no decision is known.
            (None, None) => None,
        };
        records::insert_certificate(
            tx,
            CertificateRow {
                product_id,
                decision_id,
                stars: records::stars(&row)?,
                year,
                issued_on,
                nominated,
            },
            now,
        )
        .await?;
    }
    Ok(i64::try_from(table.len()).unwrap_or(i64::MAX))
}
