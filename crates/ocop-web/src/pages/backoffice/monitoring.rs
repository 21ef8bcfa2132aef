//! Giám sát — the monitoring plan (who needs a visit), each product's visits
//! and follow-up actions, and the after-recognition report with its export.

use super::dossiers::{actor, cycle_error};
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::cycle::CycleError;
use ocop_app::monitoring::InspectionForm;
use ocop_domain::access::Permission;
use ocop_domain::monitoring::{InspectionKind, InspectionResult, next_visit};
use ocop_store::monitoring::WatchRow;

type Errors = std::collections::BTreeMap<&'static str, String>;

/// One line of the plan, with why it is there.
pub(super) struct PlanLine {
    pub href: String,
    pub name: String,
    pub producer: String,
    pub commune: String,
    pub department: String,
    pub why: String,
}

/// The plan's sections: never visited, visit due, not produced or sold,
/// actions overdue, certificates lapsed, ending within six months.
pub(super) struct Plan {
    pub(super) sections: Vec<(&'static str, &'static str, Vec<PlanLine>)>,
    by_commune: Vec<(String, usize)>,
    by_department: Vec<(String, usize)>,
}

fn parse(d: &Option<String>) -> Option<chrono::NaiveDate> {
    d.as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

pub(super) async fn plan(state: &AppState) -> Result<Plan, WebError> {
    let today = state.clock.today();
    let rows = state
        .store
        .watch_list(&state.province.code, &today.to_string())
        .await?;
    let leads = state.store.group_leads(&state.province.code).await?;
    let certificates = state.store.all_certificates(&state.province.code).await?;
    let department = |g: &Option<String>| {
        leads
            .iter()
            .find(|l| Some(&l.group_code) == g.as_ref())
            .map_or_else(|| "Chưa phân công".to_owned(), |l| l.agency_name.clone())
    };
    let line = |r: &WatchRow, why: String| PlanLine {
        href: format!("/quan-tri/giam-sat/{}", r.slug),
        name: r.name.clone(),
        producer: r.producer.clone(),
        commune: r
            .commune_2025
            .clone()
            .unwrap_or_else(|| "Chưa có thông tin".to_owned()),
        department: department(&r.group_code),
        why,
    };
    let mut never = Vec::new();
    let mut due = Vec::new();
    let mut gone = Vec::new();
    let mut overdue = Vec::new();
    let mut lapsed = Vec::new();
    let mut ending = Vec::new();
    for r in &rows {
        // Status of the newest certificate decides whether to watch at all.
        let newest = certificates.iter().find(|c| c.product_slug == r.slug);
        let view = newest.map(|c| ocop_app::portal::certificate_view(c.certificate.clone(), today));
        let valid = view.as_ref().is_some_and(|v| v.status.may_be_valid());
        if let Some(v) = &view {
            match v.status.code() {
                "expired" => lapsed.push(line(
                    r,
                    format!(
                        "hết hiệu lực từ {}",
                        v.latest_valid_day
                            .map(|d| (d + chrono::Days::new(1)).format("%d/%m/%Y").to_string())
                            .unwrap_or_default()
                    ),
                )),
                "valid" | "valid_unconfirmed" => {
                    if let Some(d) = v.latest_valid_day
                        && d <= today
                            .checked_add_months(chrono::Months::new(6))
                            .unwrap_or(today)
                    {
                        ending.push(line(r, format!("hiệu lực đến {}", d.format("%d/%m/%Y"))));
                    }
                }
                _ => {}
            }
        }
        if !valid {
            continue;
        }
        if r.still_produced == Some(false) || r.still_sold == Some(false) {
            let what = match (r.still_produced, r.still_sold) {
                (Some(false), _) => "không còn sản xuất",
                _ => "không còn bán",
            };
            gone.push(line(
                r,
                format!(
                    "{what} (kiểm tra ngày {})",
                    r.last_visit
                        .as_deref()
                        .map(super::super::vn_date)
                        .unwrap_or_default()
                ),
            ));
        }
        if r.overdue_actions > 0 {
            overdue.push(line(
                r,
                format!("{} việc khắc phục quá hạn", r.overdue_actions),
            ));
        }
        match parse(&r.last_visit) {
            None => never.push(line(r, "chưa kiểm tra lần nào sau công nhận".to_owned())),
            Some(last) if next_visit(last) <= today => due.push(line(
                r,
                format!(
                    "lần trước {}, đến hạn {}",
                    last.format("%d/%m/%Y"),
                    next_visit(last).format("%d/%m/%Y")
                ),
            )),
            Some(_) => {}
        }
    }
    let mut by_commune: std::collections::BTreeMap<String, usize> = Default::default();
    let mut by_department: std::collections::BTreeMap<String, usize> = Default::default();
    for l in gone
        .iter()
        .chain(&lapsed)
        .chain(&ending)
        .chain(&never)
        .chain(&due)
    {
        *by_commune.entry(l.commune.clone()).or_default() += 1;
        *by_department.entry(l.department.clone()).or_default() += 1;
    }
    Ok(Plan {
        sections: vec![
            (
                "khong-san-xuat",
                "Đã công nhận nhưng không còn sản xuất hoặc không còn bán",
                gone,
            ),
            ("qua-han", "Việc khắc phục quá hạn", overdue),
            ("het-hieu-luc", "Giấy chứng nhận đã hết hiệu lực", lapsed),
            (
                "sap-het-han",
                "Giấy chứng nhận hết hiệu lực trong 6 tháng tới",
                ending,
            ),
            (
                "chua-kiem-tra",
                "Chưa kiểm tra lần nào sau công nhận",
                never,
            ),
            ("den-han", "Đến hạn kiểm tra định kỳ (12 tháng)", due),
        ],
        by_commune: by_commune.into_iter().collect(),
        by_department: by_department.into_iter().collect(),
    })
}

#[derive(Template)]
#[template(path = "bo_monitoring.html")]
struct PlanPage {
    css: &'static str,
    title: String,
    sections: Vec<(&'static str, &'static str, Vec<PlanLine>)>,
    by_commune: Vec<(String, usize)>,
    by_department: Vec<(String, usize)>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageRounds)?;
    let p = plan(&state).await?;
    Ok(Html(
        PlanPage {
            css: crate::assets::css_href(),
            title: "Giám sát sau công nhận".to_owned(),
            sections: p.sections,
            by_commune: p.by_commune,
            by_department: p.by_department,
        }
        .render()?,
    ))
}

/// The report as CSV (UTF-8 with BOM, so Excel reads the Vietnamese right).
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let p = plan(&state).await?;
    let rows = p.sections.iter().flat_map(|(_, title, lines)| {
        lines.iter().map(move |l| {
            [
                (*title).to_owned(),
                l.name.clone(),
                l.producer.clone(),
                l.commune.clone(),
                l.department.clone(),
                l.why.clone(),
            ]
        })
    });
    let out = ocop_docs::csv_out::table(
        &[
            "muc",
            "san_pham",
            "chu_the",
            "xa_phuong",
            "so_phu_trach",
            "ghi_chu",
        ],
        rows,
    )
    .map_err(WebError::fault)?;
    Ok(crate::download::file(
        crate::download::CSV,
        "attachment; filename=\"bao-cao-sau-cong-nhan.csv\"",
        out,
    ))
}

#[derive(Template)]
#[template(path = "bo_inspections.html")]
struct ProductPage {
    css: &'static str,
    title: String,
    slug: String,
    certificates: Vec<(String, &'static str, String)>,
    visits: Vec<ocop_store::monitoring::InspectionRow>,
    kinds: Vec<(&'static str, &'static str)>,
    results: Vec<(&'static str, &'static str)>,
    typed: InspectionForm,
    errors: Errors,
    today: String,
}

async fn product_page(
    state: &AppState,
    slug: &str,
    typed: InspectionForm,
    errors: Errors,
) -> Result<String, WebError> {
    let p = state
        .store
        .product_by_slug(&state.province.code, slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let today = state.clock.today();
    let page = ocop_app::portal::product_page(p, today);
    let mut visits = state.store.inspections_of(page.product.summary.id).await?;
    for v in &mut visits {
        v.kind = InspectionKind::parse(&v.kind)
            .map_or("", InspectionKind::label_vi)
            .to_owned();
        v.result = InspectionResult::parse(&v.result)
            .map_or("", InspectionResult::label_vi)
            .to_owned();
    }
    Ok(ProductPage {
        css: crate::assets::css_href(),
        title: format!("Giám sát: {}", page.product.summary.name),
        slug: page.product.summary.slug.clone(),
        certificates: page
            .certificates
            .iter()
            .map(|c| {
                (
                    format!(
                        "{} sao · {}",
                        c.record.stars,
                        c.record.decision_number.clone().unwrap_or_default()
                    ),
                    c.status.label_vi(),
                    c.latest_valid_day
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                )
            })
            .collect(),
        visits,
        kinds: [InspectionKind::Periodic, InspectionKind::AdHoc]
            .iter()
            .map(|k| (k.code(), k.label_vi()))
            .collect(),
        results: [
            InspectionResult::Pass,
            InspectionResult::Remedy,
            InspectionResult::Fail,
        ]
        .iter()
        .map(|k| (k.code(), k.label_vi()))
        .collect(),
        typed,
        errors,
        today: today.to_string(),
    }
    .render()?)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageRounds)?;
    let typed = InspectionForm {
        still_produced: "1".into(),
        still_sold: "1".into(),
        quality_ok: "1".into(),
        packaging_ok: "1".into(),
        ..Default::default()
    };
    Ok(Html(
        product_page(&state, &slug, typed, Errors::new()).await?,
    ))
}

pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let upload = super::upload::read(&state, req).await?;
    let f = InspectionForm {
        kind: upload.text("kind"),
        inspected_on: upload.text("inspected_on"),
        still_produced: upload.text("still_produced"),
        still_sold: upload.text("still_sold"),
        quality_ok: upload.text("quality_ok"),
        packaging_ok: upload.text("packaging_ok"),
        findings: upload.text("findings"),
        result: upload.text("result"),
        actions: upload.text("actions"),
    };
    let photo = upload.file.map(|(_, b)| b.to_vec());
    match ocop_app::monitoring::record_inspection(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        &f,
        photo,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/giam-sat/{slug}")).into_response()),
        Err(CycleError::Field { field, message }) => {
            let errors = [(field, message)].into_iter().collect();
            let html = product_page(&state, &slug, f, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(cycle_error(e)),
    }
}

pub async fn complete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    match ocop_app::monitoring::complete_action(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        id,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/giam-sat/{slug}")).into_response()),
        Err(CycleError::NotFound(_)) => {
            let errors = [("form", "Việc này không có hoặc đã hoàn thành.".to_owned())]
                .into_iter()
                .collect();
            let html = product_page(&state, &slug, InspectionForm::default(), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(cycle_error(e)),
    }
}

pub async fn photo(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let jpeg = state
        .store
        .inspection_photo(&state.province.code, id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        jpeg,
    )
        .into_response())
}
