//! Đánh giá 5 sao cấp quốc gia on the dossier page: where the referral
//! stands, the office's form for the next step, and the package for the
//! ministry (dossier summary, members' sheets, the council's minutes,
//! evidence) as one ZIP file.

use super::dossiers::{actor, ensure_visible};
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_app::cycle::CycleError;
use ocop_app::national::Record;
use ocop_domain::access::Permission;
use ocop_domain::national::NationalState;

/// The step form, as typed (kept when refused).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NationalForm {
    pub step: String,
    pub on: String,
    pub reference: String,
    pub points: String,
    /// `cong-nhan` or `khong-cong-nhan`.
    pub outcome: String,
    pub number: String,
    pub certificate_number: String,
    pub note: String,
}

/// The referral on the dossier page.
pub struct NationalView {
    pub state: &'static str,
    pub state_label: &'static str,
    /// What is recorded so far, as lines.
    pub facts: Vec<String>,
    /// The next step's form, for the office.
    pub next_step: Option<&'static str>,
    pub typed: NationalForm,
    pub error: Option<(&'static str, String)>,
    pub package_href: String,
}

impl NationalView {
    pub fn is_send(&self) -> bool {
        self.next_step == Some("gui")
    }

    pub fn is_result(&self) -> bool {
        self.next_step == Some("ket-qua")
    }

    pub fn css(&self) -> &'static str {
        match self.state {
            "recognised" => "status-valid",
            "refused" => "status-expired",
            _ => "status-warn",
        }
    }

    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn points(h: i64) -> String {
    ocop_domain::text::hundredths_vi(h)
}

/// The view for a dossier's referral, if it has one.
pub(super) async fn view(
    state: &AppState,
    id: i64,
    office: bool,
    typed: Option<(NationalForm, Option<(&'static str, String)>)>,
) -> Result<Option<NationalView>, WebError> {
    let Some(r) = state.store.referral(id).await? else {
        return Ok(None);
    };
    let s = r.state;
    let mut facts = vec![format!(
        "Hội đồng cấp tỉnh: {} điểm, đạt mọi tiêu chí bắt buộc 5 sao. Trong khi chờ Bộ, tỉnh công nhận tối đa 4 sao.",
        points(r.council_hundredths)
    )];
    if let (Some(on), Some(reference)) = (&r.sent_on, &r.sent_reference) {
        facts.push(format!(
            "Đã gửi Bộ ngày {} (công văn {reference}).",
            super::super::vn_day(*on)
        ));
    }
    if let (Some(h), Some(on)) = (r.ministry_hundredths, &r.ministry_scored_on) {
        facts.push(format!(
            "Hội đồng cấp Trung ương chấm {} điểm ngày {}.",
            points(h),
            super::super::vn_day(*on)
        ));
    }
    if let (Some(n), Some(on)) = (&r.decision_number, &r.decision_on) {
        facts.push(format!(
            "Quyết định {n} ngày {}{}.",
            super::super::vn_day(*on),
            r.note
                .as_deref()
                .map(|x| format!(" — {x}"))
                .unwrap_or_default()
        ));
    }
    let next_step = office
        .then_some(match s {
            NationalState::Proposed => Some("gui"),
            NationalState::Sent => Some("ket-qua"),
            NationalState::MinistryScored => Some("quyet-dinh"),
            NationalState::Recognised | NationalState::Refused => None,
        })
        .flatten();
    let (typed, error) = typed.unwrap_or_default();
    Ok(Some(NationalView {
        state: s.code(),
        state_label: s.label_vi(),
        facts,
        next_step,
        typed,
        error,
        package_href: format!("/quan-tri/ho-so/{id}/ho-so-5-sao.zip"),
    }))
}

fn day(field: &'static str, typed: &str) -> Result<chrono::NaiveDate, CycleError> {
    chrono::NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d").map_err(|_| CycleError::Field {
        field,
        message: "Chọn ngày (dd/mm/yyyy).".into(),
    })
}

/// `POST /quan-tri/ho-so/{id}/5-sao` — the office records the next step.
pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<NationalForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    ensure_visible(&state, &user, id).await?;
    let step = match f.step.as_str() {
        "gui" => day("on", &f.on).map(|on| Record::Send {
            on,
            reference: f.reference.clone(),
        }),
        "ket-qua" => day("on", &f.on).map(|on| Record::MinistryResult {
            on,
            points: f.points.clone(),
        }),
        "quyet-dinh" => match f.outcome.as_str() {
            "cong-nhan" | "khong-cong-nhan" => day("on", &f.on).map(|on| Record::Decision {
                recognised: f.outcome == "cong-nhan",
                number: f.number.clone(),
                on,
                certificate_number: f.certificate_number.clone(),
                note: f.note.clone(),
            }),
            _ => Err(CycleError::Field {
                field: "outcome",
                message: "Chọn Bộ công nhận hay không công nhận.".into(),
            }),
        },
        other => return Err(WebError::BadRequest(format!("không có bước «{other}»"))),
    };
    let result = match step {
        Ok(step) => {
            ocop_app::national::record(&state.store, state.clock.as_ref(), &actor(&user), id, step)
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}#sao-quoc-gia")).into_response()),
        Err(CycleError::Field { field, message }) => {
            super::dossiers::refused_national(&state, &user, id, f, (field, message)).await
        }
        Err(e @ CycleError::National(_)) => {
            super::dossiers::refused_national(&state, &user, id, f, ("step", e.to_string())).await
        }
        Err(e) => Err(WebError::service(e)),
    }
}

/// `GET /quan-tri/ho-so/{id}/ho-so-5-sao.zip` — what goes to the ministry:
/// a summary, every counted member's sheet, the round's minutes and the
/// dossier's evidence, as PDF files in one archive.
pub async fn package(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    ensure_visible(&state, &user, id).await?;
    let referral = state.store.referral(id).await?.ok_or_else(|| {
        WebError::Unprocessable("Hồ sơ này không được đề nghị Bộ đánh giá 5 sao.".into())
    })?;
    let d = state.store.dossier(id).await?.ok_or(WebError::NotFound)?;
    let progress = ocop_app::cycle::progress(&state.store, id)
        .await
        .map_err(WebError::service)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut summary = format!(
        "HỒ SƠ ĐỀ NGHỊ ĐÁNH GIÁ SẢN PHẨM OCOP 5 SAO\n\nSản phẩm: {}\nHồ sơ số: {id}\nBộ tiêu chí: {}\nĐiểm hội đồng cấp tỉnh: {}\nThành viên đã chấm: {}\n",
        d.product_name,
        d.criteria_set,
        points(referral.council_hundredths),
        progress.counted.join(", ")
    );
    for member in &progress.counted {
        if let Some(pdf) = super::sheets::member_sheet_pdf(&state, &d, member).await? {
            files.push((format!("phieu-cham-{member}.pdf"), pdf));
        }
    }
    files.push((
        format!("bien-ban-hoi-dong-dot-{}.pdf", d.round_id),
        super::sheets::minutes_pdf(&state, d.round_id).await?,
    ));
    for e in state.store.evidence_lines(id).await? {
        if let Some((filename, _, bytes)) = state.store.evidence_file(id, e.id).await? {
            summary.push_str(&format!(
                "Minh chứng tiêu chí {}: {filename}\n",
                e.criterion_id
            ));
            let safe = filename.replace(['/', '\\'], "-");
            files.push((format!("minh-chung/{}-{safe}", e.id), bytes));
        }
    }
    files.insert(0, ("ho-so.txt".to_owned(), summary.into_bytes()));
    let bytes = crate::download::build(move || {
        ocop_docs::package::zip_files(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
    })
    .await?;
    Ok(crate::download::file(
        crate::download::ZIP,
        format!("attachment; filename=\"ho-so-5-sao-{id}.zip\""),
        bytes,
    ))
}
