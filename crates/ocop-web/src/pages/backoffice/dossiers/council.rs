//! Hội đồng — conflicts of interest, members' sheets (draft or submitted)
//! and the lock.

use super::*;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Conflict {
    reason: String,
    /// The box that confirms the member stands aside (the page asks for it;
    /// a declaration cannot be taken back).
    #[serde(default)]
    xac_nhan: String,
}

pub async fn conflict(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<Conflict>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    // Only a member can stand aside (the service refuses anyone else); a
    // member must tick the box.
    if user.role == ocop_domain::access::Role::Council && f.xac_nhan.is_empty() {
        let e = cycle::CycleError::Field {
            field: "xac_nhan",
            message: "Đánh dấu ô xác nhận: khai xung đột lợi ích thì không chấm hồ sơ này và không rút lại được.".into(),
        };
        return refused_keeping(&state, &user, id, e, kept(f.reason)).await;
    }
    match cycle::declare_conflict(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        &f.reason,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused_keeping(&state, &user, id, e, kept(f.reason)).await,
    }
}

/// The declaration's reason, kept for the page that refuses it.
fn kept(reason: String) -> Extra {
    Extra {
        conflict_reason: reason,
        ..none()
    }
}

pub async fn score(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let draft = f.iter().any(|(k, _)| k == "_draft");
    let c = choices(f);
    let result = if draft {
        cycle::save_sheet_draft(&state.store, state.clock.as_ref(), &actor(&user), id, &c)
            .await
            .map(|saved| match saved.missing.len() {
                0 => format!(
                    "Đã lưu nháp phiếu chấm: {} điểm. Phiếu đã đủ tiêu chí nhưng chỉ được tính khi bấm «Nộp phiếu chấm».",
                    saved.total
                ),
                n => format!(
                    "Đã lưu nháp phiếu chấm: {} điểm, còn {n} tiêu chí chưa chấm ({}). Phiếu nháp không được tính.",
                    saved.total,
                    saved.missing.join(", ")
                ),
            })
    } else {
        cycle::score_as_member(&state.store, state.clock.as_ref(), &actor(&user), id, &c)
            .await
            .map(|total| {
                format!("Đã nộp phiếu chấm: {total} điểm. Có thể sửa cho tới khi phiếu bị khóa.")
            })
    };
    match result {
        Ok(notice) => {
            let extra = Extra {
                notice: Some(notice),
                ..none()
            };
            Ok(Html(page(&state, &user, id, extra).await?).into_response())
        }
        Err(e) => {
            refused(
                &state,
                &user,
                id,
                e,
                Some(ScoreSheet::from_ids(c)),
                Default::default(),
            )
            .await
        }
    }
}

pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    match cycle::close_scoring(&state.store, state.clock.as_ref(), &actor(&user), id).await {
        Ok(c) => {
            let mut notice = format!(
                "Đã khóa phiếu: trung bình {} điểm, {} sao.",
                ocop_domain::text::hundredths_vi(c.average_hundredths),
                c.stars
            );
            if !c.outliers.is_empty() {
                let names: Vec<String> = c
                    .outliers
                    .iter()
                    .map(|(u, t)| format!("{u} ({t} điểm)"))
                    .collect();
                notice.push_str(&format!(
                    " Lưu ý chủ tịch hội đồng: điểm lệch xa trung vị của {}.",
                    names.join(", ")
                ));
            }
            Ok(Html(
                page(
                    &state,
                    &user,
                    id,
                    Extra {
                        notice: Some(notice),
                        ..none()
                    },
                )
                .await?,
            )
            .into_response())
        }
        Err(e) => refused(&state, &user, id, e, None, Default::default()).await,
    }
}
