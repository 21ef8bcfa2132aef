//! Chu trình OCOP — one round, from a producer's dossier to a published
//! certificate. The domain's state machine decides which step is possible
//! for which role; this service adds the person's scope (whose product,
//! which commune, which council) and the council arithmetic.

use crate::Clock;
use ocop_domain::access::Role;
use ocop_domain::certificate::CertificateValidity;
use ocop_domain::criteria::{CriteriaSet, ScoreError, ScoreSheet, council_result, score};
use ocop_domain::dossier::{
    DossierAction, DossierFacts, DossierState, TransitionError, transition,
};
use ocop_store::cycle::{By, DossierRow, Recognition};
use ocop_store::{Store, StoreError};
use std::collections::BTreeMap;
use thiserror::Error;

mod board;
mod council;
mod evidence;
mod recognition;
mod schedule;

pub use crate::scope::Sight;
pub use board::*;
pub use council::*;
pub use evidence::*;
pub use recognition::*;
pub use schedule::*;

/// The person acting, with the reach of their role.
#[derive(Debug, Clone)]
pub struct Actor {
    pub username: String,
    pub role: Role,
    pub province_code: String,
    pub commune_code: Option<String>,
    /// A district officer's district, for records before 1 July 2025.
    pub district_code: Option<String>,
    pub producer_id: Option<i64>,
    /// A department officer's agency (sở), whose product groups bound its reach.
    pub agency_code: Option<String>,
}

impl Actor {
    fn by<'a>(&'a self, at: &'a str) -> By<'a> {
        By {
            actor: &self.username,
            at,
        }
    }
}

#[derive(Debug, Error)]
pub enum CycleError {
    #[error("{0}")]
    Transition(#[from] TransitionError),
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// Only the office records the steps of the national (5★) path.
    #[error("Chỉ Văn phòng Điều phối ghi các bước đánh giá 5 sao cấp quốc gia.")]
    NationalOfficeOnly,
    /// The council's board is for the office and the round's council.
    #[error("Chỉ Văn phòng Điều phối và thành viên hội đồng của đợt xem được bảng chấm.")]
    BoardHidden,
    /// Only a member seated in the round scores.
    #[error("Chỉ thành viên hội đồng của đợt này được chấm.")]
    NotSeated,
    /// A member who declared a conflict of interest does not score.
    #[error("Bạn đã khai xung đột lợi ích với hồ sơ này nên không chấm.")]
    Conflicted,
    /// The commune's criteria are scored by the product's commune officer.
    #[error("Chỉ cán bộ xã nơi có sản phẩm chấm các tiêu chí của xã.")]
    CommuneOnly,
    /// Sheets open only while the dossier is in council.
    #[error("Phiếu chấm chỉ mở khi hồ sơ đang ở phiên chấm của hội đồng.")]
    SheetsClosed,
    #[error("loại hồ sơ phải là đánh giá lần đầu, nâng hạng hoặc đánh giá lại")]
    UnknownKind,
    #[error("sản phẩm chưa được xếp bộ tiêu chí")]
    NoCriteriaSet,
    /// The self-assessment is edited only while drafting or returned.
    #[error("Chỉ sửa phiếu tự đánh giá khi hồ sơ «Đang soạn» hoặc «Trả lại để bổ sung»; hiện «{}».", .0.label_vi())]
    SelfAssessmentClosed(DossierState),
    /// Evidence is attached only while drafting or returned.
    #[error("Chỉ đính kèm minh chứng khi hồ sơ «Đang soạn» hoặc «Trả lại để bổ sung».")]
    EvidenceClosed,
    #[error("Xã chấm sơ bộ khi hồ sơ đã nộp.")]
    CommuneScoresAfterSubmission,
    #[error("Tiêu chí {criterion} không thuộc phần xã đánh giá sơ bộ (bộ {set}: {}).", assigned.join(", "))]
    NotCommuneCriterion {
        criterion: String,
        set: String,
        assigned: Vec<String>,
    },
    /// Closing the sheets and recognising have their own forms.
    #[error("Bước này có màn hình riêng (khóa phiếu, ban hành quyết định).")]
    OwnScreen,
    #[error("Bộ tiêu chí không có tiêu chí «{0}».")]
    UnknownCriterion(String),
    /// An evidence file refused from its bytes (type, size, name).
    #[error("{0}")]
    File(#[from] ocop_domain::evidence::UploadError),
    #[error("Chọn tệp minh chứng.")]
    NoFile,
    #[error("Chọn một tài liệu trong kho của chủ thể.")]
    NotInVault,
    #[error("Tài liệu «{title}» đã hết hạn ngày {until}; hãy cập nhật bản còn hạn vào kho.")]
    DocumentExpired { title: String, until: String },
    #[error("{0}")]
    DecisionNumber(#[from] ocop_domain::decision::DecisionNumberError),
    #[error("Ngày ký quyết định không hợp lệ.")]
    DecisionDate,
    /// A step of the national path that its state does not allow.
    #[error("{0}")]
    National(#[from] ocop_domain::national::NationalError),
    /// A value the platform made could not be written down (a fault).
    #[error("không ghi được phiếu: {0}")]
    Encode(#[source] serde_json::Error),
    /// The council's result is not a star level (a fault).
    #[error("{0}")]
    Stars(#[from] ocop_domain::stars::StarsError),
    /// Refused because of one form field, so the page can say it next to it.
    #[error("{message}")]
    Field {
        field: &'static str,
        message: String,
    },
    /// Claims the self-assessment makes without the paper that proves them.
    #[error(
        "Chưa đủ minh chứng: {}. Đính kèm tệp (hoặc chọn giấy tờ còn hiệu lực trong kho) cho từng tiêu chí rồi nộp.",
        missing.join("; ")
    )]
    MissingEvidence { missing: Vec<String> },
    /// A sheet submitted with criteria unanswered; it may be kept as a draft.
    #[error(
        "Phiếu chưa chấm đủ: còn {} tiêu chí chưa chấm ({}). Chấm đủ rồi nộp, hoặc lưu nháp — phiếu nháp không được tính.",
        missing.len(),
        missing.join(", ")
    )]
    IncompleteSheet { missing: Vec<String> },
    #[error("{0}")]
    Score(#[from] ScoreError),
    /// Over a sender's or the province's budget for a public form.
    #[error("{0}")]
    TooMany(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Rules(#[from] crate::rules::RulesError),
    /// Outside the person's reach, or no such record.
    #[error(transparent)]
    Reach(#[from] crate::scope::ReachError),
}

impl crate::error::Classify for CycleError {
    fn kind(&self) -> crate::error::Kind {
        use crate::error::Kind;
        match self {
            Self::NotFound(_) => Kind::NotFound,
            Self::NationalOfficeOnly
            | Self::BoardHidden
            | Self::NotSeated
            | Self::Conflicted
            | Self::CommuneOnly => Kind::Forbidden,
            Self::TooMany(_) => Kind::TooMany,
            Self::Store(e) => e.kind(),
            Self::Reach(e) => e.kind(),
            Self::Rules(_) | Self::Encode(_) | Self::Stars(_) => Kind::Fault,
            Self::Transition(_)
            | Self::Field { .. }
            | Self::MissingEvidence { .. }
            | Self::IncompleteSheet { .. }
            | Self::Score(_)
            | Self::SheetsClosed
            | Self::UnknownKind
            | Self::NoCriteriaSet
            | Self::SelfAssessmentClosed(_)
            | Self::EvidenceClosed
            | Self::CommuneScoresAfterSubmission
            | Self::NotCommuneCriterion { .. }
            | Self::OwnScreen
            | Self::UnknownCriterion(_)
            | Self::File(_)
            | Self::NoFile
            | Self::NotInVault
            | Self::DocumentExpired { .. }
            | Self::DecisionNumber(_)
            | Self::DecisionDate
            | Self::National(_) => Kind::Invalid,
        }
    }
}

/// A member whose total sits this far from the council's median is flagged.
pub const OUTLIER_POINTS: i64 = 10;

async fn load(store: &Store, id: i64) -> Result<(DossierRow, DossierState), CycleError> {
    let d = store
        .dossier(id)
        .await?
        .ok_or(CycleError::NotFound("hồ sơ"))?;
    let state = d.state;
    Ok((d, state))
}

async fn criteria(store: &Store, id: &str) -> Result<CriteriaSet, CycleError> {
    Ok(crate::rules::set(store, id)
        .await?
        .ok_or(CycleError::NotFound("bộ tiêu chí"))?
        .0)
}

fn parse_choices(
    set: &CriteriaSet,
    choices: &BTreeMap<String, String>,
) -> Result<(ScoreSheet, String), CycleError> {
    let sheet = ScoreSheet::from_ids(choices.clone());
    score(set, &sheet)?;
    let json = serde_json::to_string(choices).map_err(CycleError::Encode)?;
    Ok((sheet, json))
}

/// Opens a dossier for a product in a round (first evaluation, upgrade or
/// re-evaluation), evaluated with the product's criteria set.
pub async fn open_dossier(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    round_id: i64,
    product_slug: &str,
    kind: &str,
) -> Result<i64, CycleError> {
    if !matches!(kind, "first" | "upgrade" | "reevaluation") {
        return Err(CycleError::UnknownKind);
    }
    let round = store
        .round(round_id)
        .await?
        .ok_or(CycleError::NotFound("đợt đánh giá"))?;
    let product = store
        .product_by_slug(&actor.province_code, product_slug)
        .await?
        .ok_or(CycleError::NotFound("sản phẩm"))?;
    let facts = store
        .producer_facts(&actor.province_code, &product.summary.producer_slug)
        .await?
        .ok_or(CycleError::NotFound("chủ thể"))?;
    let allowed = crate::scope::Sight::load(store, actor)
        .await?
        .acts_for(&facts);
    if !allowed || round.province_code != actor.province_code {
        return Err(crate::scope::ReachError::DossierOutOfReach.into());
    }
    let set = product.criteria_set.ok_or(CycleError::NoCriteriaSet)?;
    Ok(store
        .create_dossier(
            &actor.province_code,
            round_id,
            product.summary.id,
            kind,
            &set,
            actor.by(&clock.stamp()),
        )
        .await?)
}

/// The producer's self-assessment (form 02), kept with the dossier and
/// comparable later with the council's result.
pub async fn save_self_assessment(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    choices: &BTreeMap<String, String>,
) -> Result<(), CycleError> {
    let (d, state) = load(store, id).await?;
    if !crate::scope::reaches_dossier(store, actor, d.id).await?
        || !matches!(
            actor.role,
            Role::Producer | Role::Commune | Role::Office | Role::Admin
        )
    {
        return Err(crate::scope::ReachError::DossierOutOfReach.into());
    }
    if !matches!(state, DossierState::Draft | DossierState::Returned) {
        return Err(CycleError::SelfAssessmentClosed(state));
    }
    let set = criteria(store, &d.criteria_set).await?;
    let (sheet, json) = parse_choices(&set, choices)?;
    let r = score(&set, &sheet)?;
    store
        .save_assessment(
            id,
            ocop_store::cycle::Assessment::Own {
                total: i64::from(r.total),
                stars: i64::from(r.stars),
            },
            state.code(),
            &json,
            actor.by(&clock.stamp()),
        )
        .await?;
    Ok(())
}

/// The commune's scores for its own criteria.
pub async fn save_commune_assessment(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    choices: &BTreeMap<String, String>,
) -> Result<(), CycleError> {
    let (d, state) = load(store, id).await?;
    if actor.role != Role::Commune || !crate::scope::reaches_dossier(store, actor, d.id).await? {
        return Err(CycleError::CommuneOnly);
    }
    if state != DossierState::Submitted {
        return Err(CycleError::CommuneScoresAfterSubmission);
    }
    let set = criteria(store, &d.criteria_set).await?;
    let assigned = set.commune_criteria();
    if let Some(extra) = choices.keys().find(|k| !assigned.contains(&k.as_str())) {
        return Err(CycleError::NotCommuneCriterion {
            criterion: extra.clone(),
            set: set.meta.number.to_string(),
            assigned: assigned.iter().map(|a| (*a).to_owned()).collect(),
        });
    }
    let (_, json) = parse_choices(&set, choices)?;
    store
        .save_assessment(
            id,
            ocop_store::cycle::Assessment::Commune,
            state.code(),
            &json,
            actor.by(&clock.stamp()),
        )
        .await?;
    Ok(())
}

async fn facts_for(store: &Store, d: &DossierRow) -> Result<DossierFacts, CycleError> {
    let set = criteria(store, &d.criteria_set).await?;
    let commune_done = d.commune_assessment.as_ref().is_some_and(|m| {
        set.commune_criteria()
            .iter()
            .all(|c| m.choices.contains_key(*c))
    });
    // The round is read once: its procedure names the council's rule too.
    let procedure = round_procedure(store, d.round_id).await?;
    let progress = council_progress(store, d, &set, procedure).await?;
    Ok(DossierFacts {
        procedure,
        form_complete: d.self_assessment.is_some(),
        evidence_complete: missing_evidence(store, d, &set).await?.is_empty(),
        has_comments: false,
        commune_criteria_scored: commune_done,
        sheets_submitted: progress.counted.len(),
        quorum: progress.needed,
        certifiable: d
            .council_stars
            .and_then(|s| ocop_domain::Stars::new(s).ok())
            .is_some_and(ocop_domain::Stars::certifiable),
    })
}

/// The procedure a round follows, as stored.
async fn round_procedure(
    store: &Store,
    round_id: i64,
) -> Result<ocop_domain::ProcedureVersion, CycleError> {
    let round = store
        .round(round_id)
        .await?
        .ok_or(CycleError::NotFound("đợt đánh giá"))?;
    Ok(round.procedure)
}

/// Takes a step that needs no extra data: submit, return (with a comment),
/// resubmit, pre-assess, review, open the council, reject, withdraw.
pub async fn act(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    action: DossierAction,
    comment: Option<&str>,
) -> Result<DossierState, CycleError> {
    if matches!(
        action,
        DossierAction::CloseScoring | DossierAction::Recognise
    ) {
        return Err(CycleError::OwnScreen);
    }
    let (d, state) = load(store, id).await?;
    if !crate::scope::reaches_dossier(store, actor, d.id).await? {
        return Err(crate::scope::ReachError::DossierOutOfReach.into());
    }
    let mut facts = facts_for(store, &d).await?;
    facts.has_comments = comment.is_some_and(|c| !c.trim().is_empty());
    if matches!(action, DossierAction::Submit | DossierAction::Resubmit)
        && facts.form_complete
        && !facts.evidence_complete
    {
        // The state and the role first; then what is missing, by name.
        let proven = DossierFacts {
            evidence_complete: true,
            ..facts
        };
        transition(state, action, actor.role, &proven)?;
        let set = criteria(store, &d.criteria_set).await?;
        return Err(CycleError::MissingEvidence {
            missing: missing_evidence(store, &d, &set).await?,
        });
    }
    let to = transition(state, action, actor.role, &facts)?;
    let stamp = clock.stamp();
    let tell = crate::notify::step_notice(store, &d, action, &actor.username, comment).await?;
    match (action, comment) {
        (DossierAction::ReopenScoring, Some(reason)) => {
            store
                .reopen_sheets(id, reason.trim(), actor.by(&stamp), tell.as_ref())
                .await?;
        }
        _ => {
            store
                .move_dossier(
                    id,
                    ocop_store::cycle::Move {
                        from: state.code(),
                        to: to.code(),
                        action: action.code(),
                        comment: comment.map(str::trim),
                    },
                    actor.by(&stamp),
                    tell.as_ref(),
                )
                .await?;
        }
    }
    Ok(to)
}
