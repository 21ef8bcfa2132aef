//! `GET /thong-ke.xlsx` — the programme's statistics workbook: products by
//! year, stars, group, lead department, today's commune and pre-2025
//! district, and certificates by status on the platform's day.

use crate::{AppState, WebError};
use axum::extract::State;
use axum::response::Response;
use ocop_docs::lists::{Cell, Sheet, workbook_xlsx};
use std::collections::BTreeMap;

type Counts = BTreeMap<String, i64>;

fn rows(counts: &Counts) -> Vec<Vec<Cell>> {
    counts
        .iter()
        .map(|(k, n)| vec![Cell::Text(k.clone()), Cell::Number(*n)])
        .collect()
}

pub async fn xlsx(State(state): State<AppState>) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await?;
    let today = state.clock.today();
    let unknown = || "Chưa có thông tin".to_owned();
    let (mut year, mut stars, mut group, mut dept, mut commune, mut district, mut status) = (
        Counts::new(),
        Counts::new(),
        Counts::new(),
        Counts::new(),
        Counts::new(),
        Counts::new(),
        Counts::new(),
    );
    for e in &snapshot.entries {
        let s = &e.row.summary;
        *year
            .entry(s.year.map_or_else(unknown, |y| y.to_string()))
            .or_default() += 1;
        *stars
            .entry(
                s.stars
                    .map_or_else(|| "Chưa xếp hạng".to_owned(), |n| format!("{n} sao")),
            )
            .or_default() += 1;
        *group
            .entry(super::group_name(s.group_code.as_deref()))
            .or_default() += 1;
        // The department of the product's set where the province named one,
        // else of its group.
        let lead = snapshot
            .department_leads
            .lead_name(e.row.criteria_set.as_deref(), s.group_code.as_deref());
        *dept.entry(lead).or_default() += 1;
        *commune
            .entry(s.commune_2025.clone().unwrap_or_else(unknown))
            .or_default() += 1;
        if let Some(d) = &s.district_pre2025 {
            *district.entry(d.clone()).or_default() += 1;
        }
        if let Some(c) = snapshot.certificates_of(&s.slug).next() {
            let v = ocop_app::portal::certificate_view(c.certificate.clone(), today);
            *status.entry(v.status.label_vi().to_owned()).or_default() += 1;
        }
    }
    let subtitle = format!(
        "Số liệu ngày {} từ Cổng thông tin OCOP; {} sản phẩm (gồm sản phẩm chưa xếp hạng)",
        today.format("%d/%m/%Y"),
        snapshot.entries.len()
    );
    let sheets: [(&str, &str, &str, &Counts); 7] = [
        ("Theo nam", "SẢN PHẨM THEO NĂM CÔNG NHẬN", "Năm", &year),
        ("Theo hang sao", "SẢN PHẨM THEO HẠNG SAO", "Hạng", &stars),
        ("Theo nhom", "SẢN PHẨM THEO NHÓM", "Nhóm sản phẩm", &group),
        ("Theo so nganh", "SẢN PHẨM THEO SỞ PHỤ TRÁCH", "Sở", &dept),
        (
            "Theo xa phuong",
            "SẢN PHẨM THEO XÃ, PHƯỜNG (TỪ 01/7/2025)",
            "Xã, phường",
            &commune,
        ),
        (
            "Theo huyen cu",
            "SẢN PHẨM THEO HUYỆN (TRƯỚC 01/7/2025)",
            "Huyện",
            &district,
        ),
        (
            "Tinh trang GCN",
            "GIẤY CHỨNG NHẬN THEO TÌNH TRẠNG",
            "Tình trạng",
            &status,
        ),
    ];
    let data: Vec<Vec<Vec<Cell>>> = sheets.iter().map(|(_, _, _, c)| rows(c)).collect();
    let columns: Vec<[(&str, f64); 2]> = sheets
        .iter()
        .map(|(_, _, h, _)| [(*h, 40.0), ("Số sản phẩm", 14.0)])
        .collect();
    let list: Vec<Sheet<'_>> = sheets
        .iter()
        .zip(&data)
        .zip(&columns)
        .map(|(((name, title, _, _), rows), cols)| Sheet {
            name,
            title,
            subtitle: &subtitle,
            columns: cols,
            rows,
        })
        .collect();
    let bytes = workbook_xlsx(&list).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(crate::download::file(
        crate::download::XLSX,
        "attachment; filename=\"thong-ke-ocop.xlsx\"",
        bytes,
    ))
}
