//! Score sheets as PDFs: blank for any published set (public), and a
//! council member's submitted sheet for a dossier (the office, or the member).

use super::dossiers::ensure_visible;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use ocop_domain::access::{Permission, Role};

fn pdf_response(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn render(
    set: ocop_domain::criteria::CriteriaSet,
    filled: Option<(
        ocop_domain::criteria::ScoreSheet,
        String,
        String,
        i64,
        Option<u8>,
    )>,
) -> Result<Vec<u8>, WebError> {
    tokio::task::spawn_blocking(move || {
        let f =
            filled.as_ref().map(
                |(sheet, product, member, total, stars)| ocop_docs::pdf::Filled {
                    sheet,
                    product,
                    member,
                    total: *total,
                    stars: *stars,
                },
            );
        ocop_docs::pdf::score_sheet_pdf(&set, f.as_ref())
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::Internal(e.to_string()))
}

/// `GET /bo-tieu-chi/{id}/phieu-cham.pdf` — the blank sheet to print.
pub async fn blank(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let set = crate::api::criteria::published(&state, &id).await?;
    let bytes = render(set, None).await?;
    Ok(pdf_response(bytes, &format!("phieu-cham-{id}")))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct Member {
    #[serde(default, rename = "thanh-vien")]
    member: String,
}

/// `GET /quan-tri/ho-so/{id}/phieu-cham.pdf?thanh-vien=…` — a submitted sheet.
pub async fn filled(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<Member>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let own = user.role == Role::Council && user.user.username == q.member;
    if !(matches!(user.role, Role::Office | Role::Admin) || own) {
        return Err(WebError::Forbidden(
            "Phiếu chấm của hội đồng chỉ Văn phòng Điều phối và chính thành viên xem được.".into(),
        ));
    }
    let d = state.store.dossier(id).await?.ok_or(WebError::NotFound)?;
    let Some((member, choices, total)) = state
        .store
        .score_sheets(id)
        .await?
        .into_iter()
        .find(|(u, _, _)| *u == q.member)
    else {
        return Err(WebError::Unprocessable(
            "Chưa có phiếu chấm đã nộp của thành viên này.".into(),
        ));
    };
    let set = ocop_app::rules::set(&state.store, &d.criteria_set)
        .await?
        .map(|(s, _)| s)
        .ok_or(WebError::NotFound)?;
    let sheet = super::dossiers::sheet_of(Some(&choices));
    let stars = ocop_domain::criteria::score(&set, &sheet)
        .ok()
        .map(|r| r.stars)
        .filter(|s| *s >= 3);
    let bytes = render(
        set,
        Some((sheet, d.product_name.clone(), member.clone(), total, stars)),
    )
    .await?;
    Ok(pdf_response(
        bytes,
        &format!("phieu-cham-ho-so-{id}-{member}"),
    ))
}
