//! Xuất Excel — the list exactly as filtered on the page, all of it, as
//! a workbook.

use super::*;

/// `GET /san-pham.xlsx?…`: the list exactly as filtered on the page, all of
/// it, as an Excel workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<axum::response::Response, WebError> {
    use ocop_docs::lists::{Cell, Sheet, workbook_xlsx};
    let (mut search, _) = query.parse(Lang::Vi, u32::MAX);
    search.page = 1;
    let results = ocop_app::search::products(&*state.snapshot().await?, &search);
    let rows: Vec<Vec<Cell>> = results
        .items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                Cell::Number(i64::try_from(i + 1).unwrap_or(0)),
                p.name.clone().into(),
                p.producer_name.clone().into(),
                super::super::group_name(p.group_code.as_deref()).into(),
                p.stars.into(),
                p.year.into(),
                p.commune_2025.clone().into(),
                p.district_pre2025.clone().into(),
                state.absolute(&format!("/san-pham/{}", p.slug)).into(),
            ]
        })
        .collect();
    let filters = serde_urlencoded::to_string(&ListQuery {
        page: String::new(),
        ..query
    })
    .unwrap_or_default();
    let subtitle = format!(
        "Trích xuất ngày {} từ Cổng thông tin OCOP{}; {} sản phẩm",
        state.clock.today().format("%d/%m/%Y"),
        if filters.is_empty() {
            String::new()
        } else {
            format!(", bộ lọc: {filters}")
        },
        results.total
    );
    let bytes = workbook_xlsx(&[Sheet {
        name: "San pham OCOP",
        title: "DANH SÁCH SẢN PHẨM OCOP",
        subtitle: &subtitle,
        columns: &[
            ("STT", 6.0),
            ("Tên sản phẩm", 40.0),
            ("Chủ thể", 36.0),
            ("Nhóm sản phẩm", 22.0),
            ("Hạng sao", 9.0),
            ("Năm công nhận", 10.0),
            ("Xã, phường (từ 01/7/2025)", 24.0),
            ("Huyện (trước 01/7/2025)", 22.0),
            ("Trang sản phẩm", 40.0),
        ],
        rows: &rows,
    }])
    .map_err(WebError::fault)?;
    Ok(crate::download::file(
        crate::download::XLSX,
        "attachment; filename=\"san-pham-ocop.xlsx\"",
        bytes,
    ))
}
