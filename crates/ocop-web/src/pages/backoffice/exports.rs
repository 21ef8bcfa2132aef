//! The back office's remaining lists as Excel: the dossiers a person sees,
//! the misuse cases (with the chosen status filter), the monitoring plan.

use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use axum::extract::{Query, State};
use axum::response::Response;
use ocop_docs::lists::{Cell, Sheet, workbook_xlsx};
use ocop_domain::access::Permission;

fn xlsx_response(bytes: Vec<u8>, name: &str) -> Response {
    crate::download::file(
        crate::download::XLSX,
        format!("attachment; filename=\"{name}.xlsx\""),
        bytes,
    )
}

fn made_on(state: &AppState, rows: usize, what: &str) -> String {
    format!(
        "Trích xuất ngày {}; {rows} {what}",
        state.clock.today().format("%d/%m/%Y")
    )
}

/// `GET /quan-tri/ho-so.xlsx`
pub async fn dossiers(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    let lines = super::dossiers::visible_lines(&state, &user).await?;
    let rows: Vec<Vec<Cell>> = lines
        .iter()
        .map(|l| {
            vec![
                l.product.clone().into(),
                l.round.clone().into(),
                l.commune.clone().into(),
                l.state.clone().into(),
            ]
        })
        .collect();
    let subtitle = made_on(&state, rows.len(), "hồ sơ");
    let bytes = workbook_xlsx(&[Sheet {
        name: "Ho so",
        title: "HỒ SƠ OCOP",
        subtitle: &subtitle,
        columns: &[
            ("Sản phẩm", 40.0),
            ("Đợt", 24.0),
            ("Xã, phường", 24.0),
            ("Trạng thái", 24.0),
        ],
        rows: &rows,
    }])
    .map_err(WebError::fault)?;
    Ok(xlsx_response(bytes, "ho-so-ocop"))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct StatusFilter {
    #[serde(default)]
    tt: String,
}

/// `GET /quan-tri/phan-anh.xlsx?tt=…`
pub async fn misuse(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<StatusFilter>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let filter = ocop_domain::misuse::MisuseStatus::parse(&q.tt);
    let cases = state
        .store
        .misuse_reports(&state.province.code, filter)
        .await?;
    let rows: Vec<Vec<Cell>> = cases
        .iter()
        .map(|r| {
            vec![
                Cell::Number(r.id),
                crate::pages::vn_time(r.created_at).into(),
                r.product_text.clone().into(),
                r.seller.clone().into(),
                r.place.clone().into(),
                r.link.clone().into(),
                r.description.clone().into(),
                r.status.label_vi().to_owned().into(),
                r.outcome.clone().into(),
            ]
        })
        .collect();
    let subtitle = made_on(&state, rows.len(), "phản ánh");
    let bytes = workbook_xlsx(&[Sheet {
        name: "Phan anh",
        title: "PHẢN ÁNH HÀNG GIẢ, DÙNG SAI SAO OCOP",
        subtitle: &subtitle,
        columns: &[
            ("Số", 6.0),
            ("Ngày nhận", 20.0),
            ("Sản phẩm", 30.0),
            ("Nơi bán", 20.0),
            ("Địa điểm", 24.0),
            ("Liên kết", 30.0),
            ("Mô tả", 40.0),
            ("Tình trạng", 16.0),
            ("Kết quả", 30.0),
        ],
        rows: &rows,
    }])
    .map_err(WebError::fault)?;
    // Sellers named by the public can be private persons.
    crate::download::audit_export(&state, &user, "misuse_reports", rows.len()).await?;
    Ok(xlsx_response(bytes, "phan-anh-ocop"))
}

/// `GET /quan-tri/giam-sat.xlsx` — the monitoring plan, one sheet per section.
pub async fn monitoring(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let plan = super::monitoring::plan(&state).await?;
    let data: Vec<Vec<Vec<Cell>>> = plan
        .sections
        .iter()
        .map(|(_, _, lines)| {
            lines
                .iter()
                .map(|l| {
                    vec![
                        l.name.clone().into(),
                        l.producer.clone().into(),
                        l.commune.clone().into(),
                        l.department.clone().into(),
                        l.why.clone().into(),
                    ]
                })
                .collect()
        })
        .collect();
    let subtitles: Vec<String> = data
        .iter()
        .map(|rows| made_on(&state, rows.len(), "sản phẩm"))
        .collect();
    let columns = [
        ("Sản phẩm", 36.0),
        ("Chủ thể", 30.0),
        ("Xã, phường", 22.0),
        ("Sở phụ trách", 26.0),
        ("Ghi chú", 36.0),
    ];
    let names = [
        "Khong con SX",
        "Qua han khac phuc",
        "Het hieu luc",
        "Sap het han",
        "Chua kiem tra",
        "Den han kiem tra",
    ];
    let sheets: Vec<Sheet<'_>> = plan
        .sections
        .iter()
        .zip(&data)
        .zip(&subtitles)
        .zip(names)
        .map(|((((_, title, _), rows), subtitle), name)| Sheet {
            name,
            title,
            subtitle,
            columns: &columns,
            rows,
        })
        .collect();
    let bytes = workbook_xlsx(&sheets).map_err(WebError::fault)?;
    Ok(xlsx_response(bytes, "giam-sat-sau-cong-nhan"))
}
