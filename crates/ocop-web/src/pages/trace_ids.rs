//! Địa chỉ định danh truy xuất — the identifiers the EPCIS export uses, each
//! a page a reader can open: the `ocop:` vocabulary (`/ns/ocop`), growing
//! areas (`/ma-vung/{code}`) and the places events name (`/dia-diem/{place}`).

use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::text::slugify;

#[derive(Template)]
#[template(path = "trace_id.html")]
struct IdPage {
    c: Chrome,
    title: String,
    search_q: String,
    intro: String,
    facts: Vec<(String, String)>,
}

fn page(
    state: &AppState,
    lang: Lang,
    path: &str,
    title: String,
    intro: String,
    facts: Vec<(String, String)>,
) -> Result<Html<String>, WebError> {
    Ok(Html(
        IdPage {
            c: Chrome::new(state, lang, path),
            title,
            search_q: String::new(),
            intro,
            facts,
        }
        .render()?,
    ))
}

/// The terms the export adds to EPCIS 2.0 (its `@context` maps `ocop:` here).
pub async fn vocabulary(
    State(state): State<AppState>,
    lang: Lang,
) -> Result<Html<String>, WebError> {
    let terms = [
        (
            "ocop:step",
            "Công đoạn theo nhật ký của chủ thể (gieo trồng, thu hoạch, chế biến, đóng gói, vận chuyển…), bên cạnh bizStep của GS1.",
            "The producer's step (planting, harvest, processing, packing, shipping…), beside GS1's bizStep.",
        ),
        (
            "ocop:place",
            "Nơi diễn ra sự kiện, như chủ thể ghi.",
            "Where the event took place, as the producer wrote it.",
        ),
        ("ocop:note", "Ghi chú của chủ thể.", "The producer's note."),
        (
            "ocop:corrects",
            "Mã sự kiện mà sự kiện này đính chính (nhật ký chỉ ghi thêm, không sửa).",
            "The event this one corrects (the log is append-only).",
        ),
    ];
    page(
        &state,
        lang,
        "/ns/ocop",
        lang.s(
            "Từ vựng truy xuất OCOP (ocop:)",
            "OCOP traceability vocabulary (ocop:)",
        )
        .to_owned(),
        lang.s(
            "Các thuộc tính mà tệp EPCIS 2.0 của cổng thêm vào chuẩn GS1.",
            "The properties the portal's EPCIS 2.0 files add to the GS1 standard.",
        )
        .to_owned(),
        terms
            .iter()
            .map(|(t, vi, en)| ((*t).to_owned(), lang.s(vi, en).to_owned()))
            .collect(),
    )
}

/// A growing area by its code, as registered (mã vùng trồng is public).
pub async fn area(
    State(state): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let a = state
        .store
        .areas_of_province(&state.province.code)
        .await?
        .into_iter()
        .find(|a| slugify(&a.code) == slug)
        .ok_or(WebError::NotFound)?;
    let unknown = lang.s("Chưa ghi", "Not recorded").to_owned();
    page(
        &state,
        lang,
        &format!("/ma-vung/{slug}"),
        format!("{} {}", lang.s("Mã vùng", "Area code"), a.code),
        String::new(),
        vec![
            (
                lang.s("Loại", "Kind").to_owned(),
                lang.s(a.kind.label_vi(), a.kind.label_en()).to_owned(),
            ),
            (
                lang.s("Cây trồng, vật nuôi", "Crop or livestock")
                    .to_owned(),
                a.crop,
            ),
            (
                lang.s("Xã, phường", "Commune").to_owned(),
                a.commune_2025.unwrap_or_else(|| unknown.clone()),
            ),
            (
                lang.s("Cơ quan cấp mã", "Issued by").to_owned(),
                a.authority,
            ),
            (
                lang.s("Ngày cấp", "Issued on").to_owned(),
                a.issued_on.map_or(unknown, super::vn_day),
            ),
            (
                lang.s("Tình trạng", "Status").to_owned(),
                lang.s(a.status.label_vi(), a.status.label_en()).to_owned(),
            ),
        ],
    )
}

/// A place named by traceability events.
pub async fn place(
    State(state): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let name = state
        .store
        .event_places(&state.province.code)
        .await?
        .into_iter()
        .find(|p| slugify(p) == slug)
        .ok_or(WebError::NotFound)?;
    page(
        &state,
        lang,
        &format!("/dia-diem/{slug}"),
        name.clone(),
        lang.s(
            "Địa điểm được ghi trong nhật ký truy xuất nguồn gốc của sản phẩm OCOP.",
            "A place named in the traceability log of OCOP products.",
        )
        .to_owned(),
        vec![(lang.s("Tên địa điểm", "Place").to_owned(), name)],
    )
}
