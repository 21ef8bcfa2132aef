//! `GET /thong-ke.xlsx` — the statistics page's tables as a workbook, one
//! sheet per breakdown, each with its "not known" row and total.

use crate::{AppState, WebError};
use axum::extract::State;
use axum::response::Response;
use ocop_docs::lists::{Cell, Sheet, workbook_xlsx};

pub async fn xlsx(State(state): State<AppState>) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await?;
    let today = state.clock.today();
    let tables = super::tables_vi(&snapshot, today);
    let subtitle = format!(
        "Số liệu ngày {} từ Cổng thông tin OCOP; {} sản phẩm (gồm sản phẩm chưa xếp hạng)",
        today.format("%d/%m/%Y"),
        snapshot.entries.len()
    );
    let titles: Vec<String> = tables
        .iter()
        .map(|t| format!("SẢN PHẨM {}", t.title.to_uppercase()))
        .collect();
    let data: Vec<Vec<Vec<Cell>>> = tables
        .iter()
        .map(|t| {
            t.rows
                .iter()
                .map(|r| vec![Cell::Text(r.label.clone()), Cell::Number(r.count)])
                .chain(std::iter::once(vec![
                    Cell::Text("Tổng".to_owned()),
                    Cell::Number(t.total),
                ]))
                .collect()
        })
        .collect();
    let columns: Vec<[(&str, f64); 2]> = tables
        .iter()
        .map(|t| [(t.heading.as_str(), 40.0), ("Số sản phẩm", 14.0)])
        .collect();
    let list: Vec<Sheet<'_>> = tables
        .iter()
        .enumerate()
        .map(|(i, _)| Sheet {
            name: tables[i].sheet,
            title: &titles[i],
            subtitle: &subtitle,
            columns: &columns[i],
            rows: &data[i],
        })
        .collect();
    let bytes = workbook_xlsx(&list).map_err(WebError::fault)?;
    Ok(crate::download::file(
        crate::download::XLSX,
        "attachment; filename=\"thong-ke-ocop.xlsx\"",
        bytes,
    ))
}
