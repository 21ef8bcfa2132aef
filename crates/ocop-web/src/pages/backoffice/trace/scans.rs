//! Lượt quét — the office's view of scans across the province and every
//! warning.

use super::*;

#[derive(Template)]
#[template(path = "bo_scans.html")]
pub(super) struct ScansPage {
    css: &'static str,
    title: String,
    report: ScanReport,
}

/// The office's view: scans across the province and every warning.
pub async fn scans(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ViewScans)?;
    let snapshot = state.snapshot().await?;
    let report = ocop_app::scan::report(
        &state.store,
        &state.scans,
        &snapshot,
        &state.province.code,
        None,
    )
    .await?;
    let page = ScansPage {
        css: crate::assets::css_href(),
        title: "Lượt quét mã QR và cảnh báo".into(),
        report,
    };
    Ok(Html(page.render()?))
}
