//! Giấy chứng nhận — the office's certificate register: the expiry calendar
//! (1, 3 and 6 months ahead), lapsed, suspended and revoked certificates,
//! and the form that suspends, lifts or revokes one by a decision.

use super::dossiers::actor;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::record_error::RecordError;
use ocop_app::standing::StandingForm;
use ocop_domain::access::Permission;

type Errors = std::collections::BTreeMap<&'static str, String>;

#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    tt: String,
}

/// The register's views, as (code, label).
const VIEWS: [(&str, &str); 8] = [
    ("1", "Hết hạn trong 1 tháng"),
    ("3", "Hết hạn trong 3 tháng"),
    ("6", "Hết hạn trong 6 tháng"),
    ("chua-xac-nhan", "Chưa xác nhận hiệu lực (chỉ có năm)"),
    ("het-han", "Đã hết hạn"),
    ("dinh-chi", "Đang đình chỉ"),
    ("thu-hoi", "Đã thu hồi"),
    ("tat-ca", "Tất cả"),
];

pub struct Row {
    pub id: i64,
    pub slug: String,
    pub product: String,
    pub product_href: String,
    pub producer: String,
    pub stars: i64,
    pub number: String,
    pub decision: String,
    pub valid_until: String,
    pub status_code: &'static str,
    pub status: &'static str,
    /// The bound behind the status ("còn hiệu lực ít nhất đến …").
    pub note: Option<String>,
    pub days_left: Option<i64>,
    /// The dossier it was issued on (none for records loaded from sources).
    pub dossier: Option<i64>,
}

#[derive(Template)]
#[template(path = "bo_certificates.html")]
struct Register {
    css: &'static str,
    title: String,
    view: String,
    views: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<Row>,
    /// Why the view shown is not the one asked for.
    notice: Option<&'static str>,
    /// Kept documents ending within six months: (producer, title, date, days left, record link).
    documents: Vec<(String, String, String, i64, String)>,
    /// The certificate whose form was refused, its input and errors.
    failed: Option<i64>,
    typed: StandingForm,
    errors: Errors,
}

/// The register's rows for a view (the refused certificate always shown).
async fn register_rows(
    state: &AppState,
    view: &str,
    failed: Option<i64>,
) -> Result<(&'static str, Vec<Row>), WebError> {
    let today = state.clock.today();
    let view: &'static str = VIEWS
        .iter()
        .find(|(c, _)| *c == view)
        .map_or("6", |(c, _)| c);
    let all = state.store.all_certificates(&state.province.code).await?;
    let dossiers = state
        .store
        .certificate_dossiers(&state.province.code)
        .await?;
    let mut rows = Vec::new();
    let mut last_product = String::new();
    for c in all {
        // The newest certificate of each product is the one its star stands on.
        if c.product_slug == last_product {
            continue;
        }
        last_product.clone_from(&c.product_slug);
        let v = ocop_app::portal::certificate_view(c.certificate.clone(), today);
        let days_left = v.latest_valid_day.map(|d| (d - today).num_days());
        let keep = match view {
            "1" | "3" | "6" => {
                let months: u32 = view.parse().unwrap_or(6);
                let horizon = today
                    .checked_add_months(chrono::Months::new(months))
                    .unwrap_or(today);
                v.status.is_valid() && v.latest_valid_day.is_some_and(|d| d <= horizon)
            }
            "chua-xac-nhan" => v.status.code() == "valid_unconfirmed",
            "het-han" => v.status.code() == "expired",
            "dinh-chi" => v.status.code() == "suspended",
            "thu-hoi" => v.status.code() == "revoked",
            _ => true,
        };
        // The certificate whose form was refused is shown whatever the view,
        // so its error and what was typed are on screen.
        if !keep && failed != Some(v.record.id) {
            continue;
        }
        rows.push(Row {
            id: v.record.id,
            slug: c.product_slug.clone(),
            product: c.product_name,
            product_href: format!("/san-pham/{}", c.product_slug),
            producer: c.producer_name,
            stars: v.record.stars,
            number: v.record.number.clone().unwrap_or_default(),
            decision: v.record.decision_number.clone().unwrap_or_default(),
            valid_until: v
                .latest_valid_day
                .map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string()),
            status_code: v.status.code(),
            status: v.status.label_vi(),
            note: v.validity_note(false),
            days_left,
            dossier: dossiers.get(&v.record.id).copied(),
        });
    }
    rows.sort_by_key(|r| (r.days_left.unwrap_or(i64::MAX), r.id));
    Ok((view, rows))
}

async fn page(
    state: &AppState,
    asked: &str,
    failed: Option<i64>,
    typed: StandingForm,
    errors: Errors,
) -> Result<String, WebError> {
    let today = state.clock.today();
    let (mut view, mut rows) = register_rows(state, asked, failed).await?;
    // Opened without a choice: the expiry calendar, or everything when
    // nothing ends within six months, so the register never opens empty.
    let mut notice = None;
    if view == "6" && rows.is_empty() && !VIEWS.iter().any(|(c, _)| *c == asked) {
        (view, rows) = register_rows(state, "tat-ca", failed).await?;
        notice = Some("Không có giấy chứng nhận nào hết hạn trong 6 tháng tới; đang hiện tất cả.");
    }

    let horizon = today
        .checked_add_months(chrono::Months::new(6))
        .unwrap_or(today);
    let documents = state
        .store
        .documents_ending_between(&state.province.code, today, horizon)
        .await?
        .into_iter()
        .map(|d| {
            let until = d.valid_until;
            (
                d.producer_slug.clone(),
                d.title,
                until.format("%d/%m/%Y").to_string(),
                (until - today).num_days(),
                format!("/quan-tri/chu-the/{}#kho", d.producer_slug),
            )
        })
        .collect();
    Ok(Register {
        css: crate::assets::css_href(),
        title: "Giấy chứng nhận OCOP".to_owned(),
        view: view.to_owned(),
        views: VIEWS.iter().map(|(c, l)| (*c, *l, *c == view)).collect(),
        rows,
        notice,
        documents,
        failed,
        typed,
        errors,
    }
    .render()?)
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageRounds)?;
    Ok(Html(
        page(&state, &q.tt, None, StandingForm::default(), Errors::new()).await?,
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ChangeForm {
    #[serde(flatten)]
    form: StandingForm,
    #[serde(default)]
    tt: String,
}

pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<ChangeForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    match ocop_app::standing::change(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        &f.form,
    )
    .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/quan-tri/giay-chung-nhan?tt={}#gcn-{id}", f.tt))
                .into_response(),
        ),
        Err(RecordError::Field { field, message }) => {
            let errors = [(field, message)].into_iter().collect();
            let html = page(&state, &f.tt, Some(id), f.form, errors).await?;
            Ok(crate::pages::backoffice::refused_page(html))
        }
        Err(e) => Err(WebError::service(e)),
    }
}

/// The certificate as a PDF to print and sign, with its verification QR.
pub async fn pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let c = state
        .store
        .certificate_print(&state.province.code, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (Some(number), Some(issued)) = (c.number.clone(), c.issued_on) else {
        return Err(WebError::Unprocessable(
            "Giấy chứng nhận này được ghi từ danh sách đã công bố, thiếu số hoặc ngày cấp nên không in lại được bản chính."
                .into(),
        ));
    };
    // The issuer the certificate's decision names, never the deployment's
    // province by default.
    let authority = match c.issuing_authority.clone() {
        Some(a) => a,
        None => {
            let province = state
                .store
                .admin_unit(ocop_domain::UnitScheme::Y2025, &state.province.code)
                .await?;
            format!(
                "UBND {}",
                province.map_or_else(|| state.province.code.clone(), |u| u.full_name)
            )
        }
    };
    let heading = ocop_domain::procedure::issuer_heading(&authority);
    use chrono::Datelike as _;
    let doc = ocop_docs::pdf::CertificateDoc {
        issuer_lines: heading.lines,
        place: heading.place,
        number: number.clone(),
        product: c.product,
        producer: c.producer,
        producer_address: c.producer_address,
        stars: u8::try_from(c.stars).unwrap_or(0),
        decision_number: c.decision_number.unwrap_or_default(),
        decision_date: c
            .decision_issued_on
            .map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string()),
        issued: (issued.day(), issued.month(), issued.year()),
        valid_until: ocop_domain::CertificateValidity::from_issue(issued)
            .valid_until
            .format("%d/%m/%Y")
            .to_string(),
        // The block entered once with the decision, as the decision prints it.
        signer_title: c.signer_title.clone().unwrap_or(heading.signer_title),
        signer_name: c.signer.unwrap_or_default(),
        // The signed status page; the star check by number if the
        // certificate is not in the catalogue yet.
        verify_url: match crate::pages::verify::status_url(&state, &number).await? {
            Some(url) => url,
            None => state.absolute(&format!(
                "/kiem-tra-sao?{}",
                serde_urlencoded::to_string([("q", number.as_str())]).unwrap_or_default()
            )),
        },
    };
    let bytes = crate::download::build(move || ocop_docs::pdf::certificate_pdf(&doc)).await?;
    Ok(crate::download::file(
        crate::download::PDF,
        format!("attachment; filename=\"giay-chung-nhan-{number}.pdf\""),
        bytes,
    ))
}

/// `GET /quan-tri/giay-chung-nhan.xlsx?tt=…` — the register's view as Excel.
pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    use ocop_docs::lists::{Cell, Sheet, workbook_xlsx};
    user.require(Permission::ManageRounds)?;
    let (view, rows) = register_rows(&state, &q.tt, None).await?;
    let label = VIEWS
        .iter()
        .find(|(c, _)| *c == view)
        .map_or("", |(_, l)| l);
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            vec![
                r.product.clone().into(),
                r.producer.clone().into(),
                Cell::Number(r.stars),
                r.number.clone().into(),
                r.decision.clone().into(),
                r.valid_until.clone().into(),
                r.status.into(),
                r.days_left.into(),
            ]
        })
        .collect();
    let subtitle = format!(
        "{label}; trích xuất ngày {}; {} giấy chứng nhận",
        state.clock.today().format("%d/%m/%Y"),
        rows.len()
    );
    let bytes = workbook_xlsx(&[Sheet {
        name: "Giay chung nhan",
        title: "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
        subtitle: &subtitle,
        columns: &[
            ("Sản phẩm", 36.0),
            ("Chủ thể", 32.0),
            ("Hạng sao", 8.0),
            ("Số GCN", 20.0),
            ("Quyết định", 18.0),
            ("Hiệu lực đến", 12.0),
            ("Tình trạng", 18.0),
            ("Còn (ngày)", 10.0),
        ],
        rows: &cells,
    }])
    .map_err(WebError::fault)?;
    Ok(crate::download::file(
        crate::download::XLSX,
        format!("attachment; filename=\"giay-chung-nhan-{view}.xlsx\""),
        bytes,
    ))
}
