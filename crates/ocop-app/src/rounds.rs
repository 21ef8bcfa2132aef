//! Đợt đánh giá — creating a round under a procedure that applies on its
//! dates, with deadlines in stage order ([`ocop_domain::check_round`]).

use crate::Clock;
use ocop_domain::ProcedureVersion;
use ocop_store::cycle::{By, RoundDeadlines};
use ocop_store::{Store, StoreError};

/// Why a round was not created.
#[derive(Debug, thiserror::Error)]
pub enum RoundError {
    /// Problems by form field, in the user's language.
    #[error("đợt đánh giá chưa hợp lệ: {}", .0.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join(" "))]
    Fields(Vec<(&'static str, String)>),
    #[error("Đã có đợt cùng tên.")]
    DuplicateLabel,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A round as the office types it.
#[derive(Debug, Clone, Default)]
pub struct NewRound {
    pub year: i32,
    pub label: String,
    pub procedure: String,
    pub deadlines: RoundDeadlines,
}

/// The procedures whose official text an administrator verified.
pub async fn verified_procedures(store: &Store) -> Result<Vec<ProcedureVersion>, StoreError> {
    Ok(store
        .procedure_texts()
        .await?
        .iter()
        .filter_map(|t| ProcedureVersion::parse(&t.code))
        .collect())
}

/// Creates the round, or says what is wrong with each field.
pub async fn create_round(
    store: &Store,
    clock: &dyn Clock,
    province: &str,
    actor: &str,
    r: &NewRound,
) -> Result<i64, RoundError> {
    let mut problems = Vec::new();
    if r.label.trim().is_empty() {
        problems.push(("label", "Đặt tên đợt, ví dụ «Đợt 2 năm 2026».".to_owned()));
    }
    let verified = verified_procedures(store).await?;
    match ProcedureVersion::parse(r.procedure.trim()) {
        None => problems.push(("procedure", "Chọn quy trình áp dụng.".to_owned())),
        Some(procedure) => {
            let d = &r.deadlines;
            let deadlines = [
                ("dossier_until", "Nộp hồ sơ", d.dossier_until),
                ("commune_until", "Đánh giá sơ bộ", d.commune_until),
                ("advisory_until", "Tổ tư vấn xem xét", d.advisory_until),
                ("council_until", "Hội đồng chấm", d.council_until),
                ("decision_until", "Quyết định công nhận", d.decision_until),
            ];
            let plan = ocop_domain::RoundPlan {
                year: r.year,
                created_on: clock.today(),
                deadlines: &deadlines,
            };
            problems.extend(ocop_domain::check_round(procedure, &plan, &verified));
        }
    }
    if !problems.is_empty() {
        return Err(RoundError::Fields(problems));
    }
    let stamp = clock.stamp();
    store
        .create_round(
            province,
            i64::from(r.year),
            r.label.trim(),
            r.procedure.trim(),
            &r.deadlines,
            By { actor, at: &stamp },
        )
        .await
        .map_err(|e| {
            if e.is_unique_violation() {
                RoundError::DuplicateLabel
            } else {
                e.into()
            }
        })
}
