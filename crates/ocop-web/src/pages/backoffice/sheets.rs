//! Score sheets as PDFs: blank for any published set (public), and a
//! council member's submitted sheet for a dossier (the office, or the member).

use super::dossiers::ensure_visible;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use ocop_domain::access::{Permission, Role};

fn pdf_response(bytes: Vec<u8>, name: &str) -> Response {
    crate::download::file(
        crate::download::PDF,
        format!("inline; filename=\"{name}.pdf\""),
        bytes,
    )
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
    .map_err(WebError::fault)?
    .map_err(WebError::fault)
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
    let Some(bytes) = member_sheet_pdf(&state, &d, &q.member).await? else {
        return Err(WebError::Unprocessable(
            "Chưa có phiếu chấm đã nộp của thành viên này.".into(),
        ));
    };
    Ok(pdf_response(
        bytes,
        &format!("phieu-cham-ho-so-{id}-{}", q.member),
    ))
}

/// A member's submitted sheet on a dossier as PDF bytes, if there is one.
pub(super) async fn member_sheet_pdf(
    state: &AppState,
    d: &ocop_store::cycle::DossierRow,
    member: &str,
) -> Result<Option<Vec<u8>>, WebError> {
    let Some(ocop_store::cycle::SheetRow {
        username: member,
        choices,
        total,
        ..
    }) = state
        .store
        .score_sheets(d.id)
        .await?
        .into_iter()
        .find(|s| s.username == member && s.submitted)
    else {
        return Ok(None);
    };
    let set = ocop_app::rules::set(&state.store, &d.criteria_set)
        .await?
        .map(|(s, _)| s)
        .ok_or(WebError::NotFound)?;
    let sheet = ocop_domain::criteria::ScoreSheet::from_ids(choices);
    let stars = ocop_domain::criteria::score(&set, &sheet)
        .ok()
        .map(|r| r.stars)
        .filter(|s| {
            ocop_domain::Stars::new(i64::from(*s)).is_ok_and(ocop_domain::Stars::certifiable)
        });
    let bytes = render(
        set,
        Some((sheet, d.product_name.clone(), member, total, stars)),
    )
    .await?;
    Ok(Some(bytes))
}

/// `GET /quan-tri/dot/{id}/bien-ban.pdf` — the minutes of the round's
/// council: members, each scored dossier with the members' totals, average
/// and star.
pub async fn minutes(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let bytes = minutes_pdf(&state, id).await?;
    Ok(pdf_response(bytes, &format!("bien-ban-dot-{id}")))
}

/// The round's minutes as PDF bytes.
pub(super) async fn minutes_pdf(state: &AppState, id: i64) -> Result<Vec<u8>, WebError> {
    use chrono::Datelike as _;
    let round = state
        .store
        .round(id)
        .await?
        .filter(|r| r.province_code == state.province.code)
        .ok_or(WebError::NotFound)?;
    // Members as the minutes name them: full name and position.
    let people = state.store.people().await?;
    let members: Vec<(String, bool)> = state
        .store
        .council_members(id)
        .await?
        .into_iter()
        .map(|(u, chair)| (people.named_with_position(&u), chair))
        .collect();
    let mut dossiers = Vec::new();
    for l in state
        .store
        .dossier_lines(&state.province.code, Some(id))
        .await?
    {
        let Some(d) = state.store.dossier(l.id).await? else {
            continue;
        };
        let Some(hundredths) = d.council_hundredths else {
            continue;
        };
        let facts = state
            .store
            .product_by_slug(&state.province.code, &d.product_slug)
            .await?;
        dossiers.push(ocop_docs::pdf::ScoredDossier {
            product: d.product_name.clone(),
            producer: facts.map(|p| p.summary.producer_name).unwrap_or_default(),
            totals: state
                .store
                .score_sheets(l.id)
                .await?
                .into_iter()
                .filter(|s| s.submitted)
                .map(|s| (people.full_name(&s.username), s.total))
                .collect(),
            average: ocop_domain::text::hundredths_vi(hundredths),
            stars: d
                .council_stars
                .filter(|s| ocop_domain::Stars::new(*s).is_ok_and(ocop_domain::Stars::certifiable))
                .and_then(|s| u8::try_from(s).ok()),
        });
    }
    let province = state
        .store
        .admin_unit(ocop_domain::UnitScheme::Y2025, &state.province.code)
        .await?;
    let today = state.clock.today();
    let doc = ocop_docs::pdf::MinutesDoc {
        issuer: province
            .as_ref()
            .map_or_else(|| state.province.code.clone(), |u| u.full_name.clone()),
        place: province
            .as_ref()
            .map_or_else(|| state.province.code.clone(), |u| u.name.clone()),
        // "Đợt 2 năm 2026", not "Đợt 2 năm 2026 (năm 2026)".
        round: if round.label.contains(&round.year.to_string()) {
            round.label.clone()
        } else {
            format!("{} (năm {})", round.label, round.year)
        },
        date: (today.day(), today.month(), today.year()),
        members,
        dossiers,
    };
    crate::download::build(move || ocop_docs::pdf::minutes_pdf(&doc)).await
}
