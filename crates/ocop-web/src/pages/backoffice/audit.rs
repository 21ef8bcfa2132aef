use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use ocop_domain::access::Permission;
use ocop_store::audit::AuditRow;

#[derive(Template)]
#[template(path = "bo_audit.html")]
struct AuditPage {
    css: &'static str,
    title: String,
    rows: Vec<AuditRow>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ViewAuditLog)?;
    let rows = state.store.audit_log(500).await?;
    Ok(Html(
        AuditPage {
            css: crate::assets::css_href(),
            title: "Nhật ký thay đổi dữ liệu".into(),
            rows,
        }
        .render()?,
    ))
}

/// The whole log as CSV (UTF-8 with BOM, so Excel shows Vietnamese correctly).
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    user.require(Permission::ViewAuditLog)?;
    let rows = state.store.audit_log(i64::MAX).await?;
    // The log names people and the addresses they signed in from.
    crate::download::audit_export(&state, &user, "audit_log", rows.len()).await?;
    let rows = rows.into_iter().map(|r| {
        [
            r.at,
            r.actor,
            r.action,
            r.entity,
            r.entity_id,
            r.before.unwrap_or_default(),
            r.after.unwrap_or_default(),
        ]
    });
    let out = ocop_docs::csv_out::table(
        &[
            "thoi_gian",
            "nguoi_thuc_hien",
            "hanh_dong",
            "doi_tuong",
            "ma_doi_tuong",
            "truoc",
            "sau",
        ],
        rows,
    )
    .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(crate::download::file(
        crate::download::CSV,
        "attachment; filename=\"nhat-ky.csv\"",
        out,
    ))
}
