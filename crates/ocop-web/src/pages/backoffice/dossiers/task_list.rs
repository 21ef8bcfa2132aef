//! Chuẩn bị hồ sơ — the dossier as a task list for whoever prepares it:
//! the registration form, the self-assessment, the evidence per criterion,
//! then a last look and the submission, each with what is done and what is
//! missing, and where on the page (or which page) it is done.

use crate::{AppState, WebError};
use ocop_store::cycle::DossierRow;

/// One step of preparing a dossier.
pub struct Step {
    pub label: &'static str,
    pub done: bool,
    /// What is missing, or what was found.
    pub detail: String,
    /// Where it is done: a place on the page, or the producer's form.
    pub href: String,
}

/// The steps of a dossier being prepared (draft or returned); `missing`
/// is the evidence the self-assessment's claims still lack.
pub(super) async fn steps(
    state: &AppState,
    d: &DossierRow,
    missing: &[String],
) -> Result<Vec<Step>, WebError> {
    let evidence = state.store.count_evidence(d.id).await?;
    let registration = registration(state, d.producer_id).await?;
    let ready = d.self_assessment.is_some() && missing.is_empty();
    Ok(vec![
        registration,
        Step {
            label: "Phiếu tự đánh giá",
            done: d.self_assessment.is_some(),
            detail: d.self_total.map_or_else(
                || "Chưa lưu: chấm từng tiêu chí rồi bấm «Lưu phiếu tự đánh giá».".to_owned(),
                |t| format!("Đã lưu: {t}/100 điểm, {} sao.", d.self_stars.unwrap_or(0)),
            ),
            href: "#tu-danh-gia".into(),
        },
        Step {
            label: "Minh chứng cho từng tiêu chí",
            done: missing.is_empty(),
            detail: if missing.is_empty() {
                format!("Đủ: {evidence} tệp đã đính kèm.")
            } else {
                format!(
                    "Còn thiếu {} mục (danh sách ở mục Minh chứng).",
                    missing.len()
                )
            },
            href: "#minh-chung".into(),
        },
        Step {
            label: "Kiểm tra lại và nộp",
            done: false,
            detail: if ready {
                "Đã đủ: xem lại kết quả tự đánh giá ở trên rồi bấm «nộp» ở cuối trang.".to_owned()
            } else {
                "Nộp được khi phiếu tự đánh giá và minh chứng đã xong.".to_owned()
            },
            href: "#nop".into(),
        },
    ])
}

/// The registration form's step: the producer's facts the form prints,
/// complete or with what is missing named.
async fn registration(state: &AppState, producer_id: i64) -> Result<Step, WebError> {
    let slug = state
        .store
        .producer_slug(producer_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let href = format!("/quan-tri/chu-the/{slug}/phieu-dang-ky");
    let form = state
        .store
        .producer_form(&state.province.code, &slug)
        .await?
        .map(|(_, f)| f)
        .ok_or(WebError::NotFound)?;
    // What the record lacks for the form, or what its own checks refuse
    // (a cooperative without a tax code), said as the form says it.
    let gaps: Vec<String> = match ocop_app::registry::registration_review(&state.province, &form) {
        Ok(gaps) => gaps.into_iter().map(str::to_owned).collect(),
        Err(errors) => errors.iter().map(|e| e.message.clone()).collect(),
    };
    Ok(Step {
        label: "Phiếu đăng ký",
        done: gaps.is_empty(),
        detail: if gaps.is_empty() {
            format!(
                "Đủ: {}, người đại diện {}.",
                form.name, form.representative_name
            )
        } else {
            format!(
                "Còn thiếu: {}. Bổ sung ở phiếu đăng ký của chủ thể.",
                gaps.join(", ")
            )
        },
        href,
    })
}
