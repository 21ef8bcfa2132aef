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

/// The person acting, with the reach of their role.
#[derive(Debug, Clone)]
pub struct Actor {
    pub username: String,
    pub role: Role,
    pub province_code: String,
    pub commune_code: Option<String>,
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
    #[error("{0}")]
    Forbidden(String),
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    #[error("{0}")]
    Invalid(String),
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
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Rules(#[from] crate::rules::RulesError),
}

/// A member whose total sits this far from the council's median is flagged.
pub const OUTLIER_POINTS: i64 = 10;

async fn load(store: &Store, id: i64) -> Result<(DossierRow, DossierState), CycleError> {
    let d = store
        .dossier(id)
        .await?
        .ok_or(CycleError::NotFound("hồ sơ"))?;
    let state = DossierState::parse(&d.state)
        .ok_or_else(|| CycleError::Invalid(format!("trạng thái hồ sơ lạ: {}", d.state)))?;
    Ok((d, state))
}

async fn criteria(store: &Store, id: &str) -> Result<CriteriaSet, CycleError> {
    Ok(crate::rules::set(store, id)
        .await?
        .ok_or(CycleError::NotFound("bộ tiêu chí"))?
        .0)
}

/// Is the product within the actor's reach (own producer, own commune, or the office)?
fn reaches(actor: &Actor, d: &DossierRow) -> bool {
    if actor.province_code != d.province_code {
        return false;
    }
    match actor.role {
        Role::Admin | Role::Office => true,
        Role::Producer => actor.producer_id == Some(d.producer_id),
        Role::Commune => actor.commune_code.is_some() && actor.commune_code == d.commune_code_2025,
        Role::Department | Role::Council | Role::Advisory => true,
    }
}

/// [`reaches`], and for an adviser: seated in the dossier's round.
async fn in_reach(store: &Store, actor: &Actor, d: &DossierRow) -> Result<bool, CycleError> {
    Ok(reaches(actor, d)
        && (actor.role != Role::Advisory
            || store
                .rounds_of_adviser(&actor.username)
                .await?
                .contains(&d.round_id)))
}

fn out_of_reach() -> CycleError {
    CycleError::Forbidden("Hồ sơ này nằm ngoài phạm vi được giao cho tài khoản.".into())
}

fn parse_choices(
    set: &CriteriaSet,
    choices: &BTreeMap<String, String>,
) -> Result<(ScoreSheet, String), CycleError> {
    let sheet = ScoreSheet::from_ids(choices.clone());
    score(set, &sheet)?;
    let json = serde_json::to_string(choices).map_err(|e| CycleError::Invalid(e.to_string()))?;
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
        return Err(CycleError::Invalid(
            "loại hồ sơ phải là đánh giá lần đầu, nâng hạng hoặc đánh giá lại".into(),
        ));
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
    let allowed = match actor.role {
        Role::Admin | Role::Office => true,
        Role::Producer => actor.producer_id == Some(facts.id),
        Role::Commune => {
            actor.commune_code.is_some() && actor.commune_code == facts.commune_code_2025
        }
        _ => false,
    };
    if !allowed || round.province_code != actor.province_code {
        return Err(out_of_reach());
    }
    let set = product
        .criteria_set
        .ok_or_else(|| CycleError::Invalid("sản phẩm chưa được xếp bộ tiêu chí".into()))?;
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
    if !in_reach(store, actor, &d).await?
        || !matches!(
            actor.role,
            Role::Producer | Role::Commune | Role::Office | Role::Admin
        )
    {
        return Err(out_of_reach());
    }
    if !matches!(state, DossierState::Draft | DossierState::Returned) {
        return Err(CycleError::Invalid(format!(
            "Chỉ sửa phiếu tự đánh giá khi hồ sơ «Đang soạn» hoặc «Trả lại để bổ sung»; hiện «{}».",
            state.label_vi()
        )));
    }
    let set = criteria(store, &d.criteria_set).await?;
    let (sheet, json) = parse_choices(&set, choices)?;
    let r = score(&set, &sheet)?;
    store
        .save_assessment(
            id,
            "self",
            state.code(),
            &json,
            Some((i64::from(r.total), i64::from(r.stars))),
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
    if actor.role != Role::Commune || !in_reach(store, actor, &d).await? {
        return Err(CycleError::Forbidden(
            "Chỉ cán bộ xã nơi có sản phẩm chấm các tiêu chí của xã.".into(),
        ));
    }
    if state != DossierState::Submitted {
        return Err(CycleError::Invalid(
            "Xã chấm sơ bộ khi hồ sơ đã nộp.".into(),
        ));
    }
    let set = criteria(store, &d.criteria_set).await?;
    let assigned = set.commune_criteria();
    if let Some(extra) = choices.keys().find(|k| !assigned.contains(&k.as_str())) {
        return Err(CycleError::Invalid(format!(
            "Tiêu chí {extra} không thuộc phần xã đánh giá sơ bộ (bộ {}: {}).",
            set.meta.number,
            assigned.join(", ")
        )));
    }
    let (_, json) = parse_choices(&set, choices)?;
    store
        .save_assessment(
            id,
            "commune",
            state.code(),
            &json,
            None,
            actor.by(&clock.stamp()),
        )
        .await?;
    Ok(())
}

async fn facts_for(store: &Store, d: &DossierRow) -> Result<DossierFacts, CycleError> {
    let set = criteria(store, &d.criteria_set).await?;
    let commune_done = d
        .commune_assessment
        .as_deref()
        .and_then(|j| serde_json::from_str::<BTreeMap<String, String>>(j).ok())
        .is_some_and(|m| set.commune_criteria().iter().all(|c| m.contains_key(*c)));
    let progress = council_progress(store, d, &set).await?;
    let procedure = round_procedure(store, d.round_id).await?;
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

/// "3.e — Giấy chứng nhận đăng ký nhãn hiệu …" for every claim of the
/// self-assessment that needs a paper the dossier does not have; with no
/// self-assessment, at least one file of any kind.
pub async fn missing_evidence(
    store: &Store,
    d: &DossierRow,
    set: &CriteriaSet,
) -> Result<Vec<String>, CycleError> {
    let files = store.evidence_lines(d.id).await?;
    let attached: Vec<&str> = files.iter().map(|e| e.criterion_id.as_str()).collect();
    let claims = d
        .self_assessment
        .as_deref()
        .map(serde_json::from_str::<BTreeMap<String, String>>)
        .transpose()
        .map_err(|e| CycleError::Invalid(format!("phiếu tự đánh giá hỏng: {e}")))?
        .map(ScoreSheet::from_ids)
        .unwrap_or_default();
    let mut missing: Vec<String> = set
        .missing_evidence(&claims, &attached)
        .into_iter()
        .map(|r| format!("{} — {}", r.criterion, r.proof))
        .collect();
    if missing.is_empty() && attached.is_empty() {
        missing.push("ít nhất một tệp minh chứng".to_owned());
    }
    Ok(missing)
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
    ocop_domain::ProcedureVersion::parse(&round.procedure)
        .ok_or_else(|| CycleError::Invalid(format!("đợt ghi quy trình lạ: {}", round.procedure)))
}

/// Tiến độ chấm — who of the council has a sheet that counts, who has only
/// a draft, who has nothing yet, and how many the procedure needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilProgress {
    /// Seated members who declared no conflict: all must score.
    pub eligible: Vec<String>,
    /// Eligible members with a submitted, complete sheet.
    pub counted: Vec<String>,
    /// Eligible members whose sheet is only a draft.
    pub drafts: Vec<String>,
    /// Eligible members with no sheet that counts (drafts included).
    pub missing: Vec<String>,
    pub conflicted: Vec<String>,
    /// Complete sheets needed to lock, by the procedure's council rule.
    pub needed: usize,
    pub rule: ocop_domain::CouncilRule,
}

impl CouncilProgress {
    pub fn may_lock(&self) -> bool {
        self.counted.len() >= self.needed.max(1)
    }
}

async fn council_progress(
    store: &Store,
    d: &DossierRow,
    set: &CriteriaSet,
) -> Result<CouncilProgress, CycleError> {
    let members = store.council_members(d.round_id).await?;
    let conflicted = store.conflicts(d.id).await?;
    let sheets = store.score_sheets(d.id).await?;
    let rule = round_procedure(store, d.round_id).await?.council_rule();
    let eligible: Vec<String> = members
        .into_iter()
        .map(|(u, _)| u)
        .filter(|u| !conflicted.contains(u))
        .collect();
    let counts = |u: &String| {
        sheets.iter().any(|s| {
            &s.username == u
                && s.submitted
                && ScoreSheet::from_ids(s.choices.clone()).is_complete(set)
        })
    };
    let counted: Vec<String> = eligible.iter().filter(|u| counts(u)).cloned().collect();
    let drafts = eligible
        .iter()
        .filter(|u| !counts(u) && sheets.iter().any(|s| &s.username == *u))
        .cloned()
        .collect();
    let missing = eligible.iter().filter(|u| !counts(u)).cloned().collect();
    Ok(CouncilProgress {
        needed: rule.needed(eligible.len()),
        eligible,
        counted,
        drafts,
        missing,
        conflicted,
        rule,
    })
}

/// The council's progress on a dossier, for the pages.
pub async fn progress(store: &Store, id: i64) -> Result<CouncilProgress, CycleError> {
    let (d, _) = load(store, id).await?;
    let set = criteria(store, &d.criteria_set).await?;
    council_progress(store, &d, &set).await
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
        return Err(CycleError::Invalid(
            "Bước này có màn hình riêng (khóa phiếu, ban hành quyết định).".into(),
        ));
    }
    let (d, state) = load(store, id).await?;
    if !in_reach(store, actor, &d).await? {
        return Err(out_of_reach());
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
    match (action, comment) {
        (DossierAction::ReopenScoring, Some(reason)) => {
            store
                .reopen_sheets(id, reason.trim(), actor.by(&stamp))
                .await?;
        }
        _ => {
            store
                .move_dossier(
                    id,
                    state.code(),
                    to.code(),
                    action.code(),
                    comment.map(str::trim),
                    actor.by(&stamp),
                )
                .await?;
        }
    }
    crate::notify::after_step(store, clock, &d, action, comment).await;
    Ok(to)
}

async fn council_member(store: &Store, actor: &Actor, d: &DossierRow) -> Result<(), CycleError> {
    let members = store.council_members(d.round_id).await?;
    if actor.role != Role::Council || !members.iter().any(|(u, _)| *u == actor.username) {
        return Err(CycleError::Forbidden(
            "Chỉ thành viên hội đồng của đợt này được chấm.".into(),
        ));
    }
    Ok(())
}

pub async fn declare_conflict(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    reason: &str,
) -> Result<(), CycleError> {
    let (d, _) = load(store, id).await?;
    council_member(store, actor, &d).await?;
    if reason.trim().is_empty() {
        return Err(CycleError::Invalid("Ghi rõ lý do xung đột lợi ích.".into()));
    }
    Ok(store
        .declare_conflict(id, &actor.username, reason.trim(), &clock.stamp())
        .await?)
}

/// A council member submits a sheet, on the set's sheet: it counts only
/// when every criterion is answered (or "không áp dụng" where allowed).
pub async fn score_as_member(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    choices: &BTreeMap<String, String>,
) -> Result<u32, CycleError> {
    save_member_sheet(store, clock, actor, id, choices, true)
        .await
        .map(|saved| saved.total)
}

/// A council member keeps a sheet as a draft, complete or not; it does not
/// count until submitted.
pub async fn save_sheet_draft(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    choices: &BTreeMap<String, String>,
) -> Result<SavedSheet, CycleError> {
    save_member_sheet(store, clock, actor, id, choices, false).await
}

/// A sheet as saved: its total and the criteria still unanswered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSheet {
    pub total: u32,
    pub missing: Vec<String>,
}

async fn save_member_sheet(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    choices: &BTreeMap<String, String>,
    submit: bool,
) -> Result<SavedSheet, CycleError> {
    let (d, state) = load(store, id).await?;
    council_member(store, actor, &d).await?;
    if store.conflicts(id).await?.contains(&actor.username) {
        return Err(CycleError::Forbidden(
            "Bạn đã khai xung đột lợi ích với hồ sơ này nên không chấm.".into(),
        ));
    }
    if state != DossierState::InCouncil {
        return Err(CycleError::Invalid(
            "Phiếu chấm chỉ mở khi hồ sơ đang ở phiên chấm của hội đồng.".into(),
        ));
    }
    let set = criteria(store, &d.criteria_set).await?;
    let (sheet, json) = parse_choices(&set, choices)?;
    let missing: Vec<String> = sheet.missing(&set).iter().map(|c| c.id.clone()).collect();
    if submit && !missing.is_empty() {
        return Err(CycleError::IncompleteSheet { missing });
    }
    let total = score(&set, &sheet)?.total;
    let write = ocop_store::cycle::SheetWrite {
        choices: &json,
        total: i64::from(total),
        submitted: submit,
    };
    store
        .submit_sheet(id, &actor.username, write, &clock.stamp())
        .await?;
    Ok(SavedSheet { total, missing })
}

/// The council's result as the chair sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub average_hundredths: u64,
    pub stars: u8,
    /// Members whose total is more than [`OUTLIER_POINTS`] from the median.
    pub outliers: Vec<(String, i64)>,
    /// 90 points or more: proposed to the ministry for the national 5★ evaluation.
    pub national_review: bool,
}

/// Locks the sheets and computes the result.
pub async fn close_scoring(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
) -> Result<Closing, CycleError> {
    let (d, state) = load(store, id).await?;
    let facts = facts_for(store, &d).await?;
    transition(state, DossierAction::CloseScoring, actor.role, &facts)?;
    let set = criteria(store, &d.criteria_set).await?;
    let progress = council_progress(store, &d, &set).await?;
    // Only the sheets that count: submitted, complete, by eligible members.
    let sheets: Vec<ocop_store::cycle::SheetRow> = store
        .score_sheets(id)
        .await?
        .into_iter()
        .filter(|s| progress.counted.contains(&s.username))
        .collect();
    let parsed: Vec<ScoreSheet> = sheets
        .iter()
        .map(|s| ScoreSheet::from_ids(s.choices.clone()))
        .collect();
    let result = council_result(&set, &parsed)?;
    let mut totals: Vec<i64> = sheets.iter().map(|s| s.total).collect();
    totals.sort_unstable();
    let median = totals.get(totals.len() / 2).copied().unwrap_or(0);
    let outliers = sheets
        .iter()
        .filter(|s| (s.total - median).abs() > OUTLIER_POINTS)
        .map(|s| (s.username.clone(), s.total))
        .collect();
    // 90 points and every 5★ mark met: proposed to the ministry.
    let national = ocop_domain::national::eligible(result.average_hundredths, result.stars);
    let hundredths = i64::try_from(result.average_hundredths).unwrap_or(i64::MAX);
    store
        .close_scoring(
            id,
            hundredths,
            i64::from(result.stars),
            national,
            &actor.username,
            &clock.stamp(),
        )
        .await?;
    Ok(Closing {
        average_hundredths: result.average_hundredths,
        stars: result.stars,
        outliers,
        national_review: national,
    })
}

/// Issues the recognition decision: a certificate valid 36 months is created
/// and the product's page shows it at once.
pub async fn recognise(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    decision_number: &str,
    issued_on: chrono::NaiveDate,
    signer: &str,
) -> Result<i64, CycleError> {
    let (d, state) = load(store, id).await?;
    let facts = facts_for(store, &d).await?;
    transition(state, DossierAction::Recognise, actor.role, &facts)?;
    let number = ocop_domain::DecisionNumber::parse(decision_number)
        .map_err(|e| CycleError::Invalid(e.to_string()))?;
    if signer.trim().is_empty() {
        return Err(CycleError::Invalid("Ghi người ký quyết định.".into()));
    }
    // The province (or, under 148/2023, the district for 3★) recognises at
    // most 4★; a 5★ result is only proposed to the ministry.
    let stars = d.council_stars.unwrap_or(0).min(4);
    check_decision_date(store, clock, id, issued_on).await?;
    let procedure = facts.procedure;
    let verified = crate::rounds::verified_procedures(store).await?;
    let level = ocop_domain::Stars::new(stars)
        .map_err(|e| CycleError::Invalid(e.to_string()))
        .and_then(|s| {
            procedure
                .issuer_on(s, issued_on, &verified)
                .map_err(|e| CycleError::Field {
                    field: "issued_on",
                    message: e.to_string(),
                })
        })?;
    let product = store
        .product_by_slug(&d.province_code, &d.product_slug)
        .await?
        .ok_or(CycleError::NotFound("sản phẩm"))?;
    let authority = match level {
        ocop_domain::RecognitionLevel::District => {
            format!(
                "UBND {}",
                product
                    .summary
                    .district_pre2025
                    .clone()
                    .unwrap_or_else(|| "cấp huyện".into())
            )
        }
        ocop_domain::RecognitionLevel::Ministry => MINISTRY.to_owned(),
        ocop_domain::RecognitionLevel::Province => {
            let province = store
                .admin_unit(ocop_domain::UnitScheme::Y2025, &d.province_code)
                .await?
                .map_or_else(|| d.province_code.clone(), |u| u.full_name);
            format!("UBND {province}")
        }
    };
    let validity = CertificateValidity::from_issue(issued_on);
    let r = Recognition {
        actor: actor.username.clone(),
        decision_number: number.as_str().to_owned(),
        issued_on: issued_on.to_string(),
        signer: signer.trim().to_owned(),
        issuing_authority: authority,
        level: level.code().into(),
        // The province recognises 3★ and 4★; a 5★ result is proposed nationally.
        stars,
        valid_until: validity.valid_until.to_string(),
        certificate_number: format!(
            "OCOP-{}-{}-{:05}",
            d.province_code,
            issued_on.format("%Y"),
            id
        ),
    };
    let certificate = store
        .recognise(id, &r, &actor.username, &clock.stamp())
        .await?;
    crate::notify::after_step(store, clock, &d, DossierAction::Recognise, None).await;
    Ok(certificate)
}

/// Bộ Nông nghiệp và Môi trường, which recognises 5★ (from 1 Mar 2025).
pub const MINISTRY: &str = "Bộ Nông nghiệp và Môi trường";

/// The day in Vietnam (UTC+7) of a stored UTC stamp.
fn vietnam_day(stamp: &str) -> Option<chrono::NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .ok()
        .map(|t| (t.naive_utc() + chrono::Duration::hours(7)).date())
}

/// A decision cannot be dated in the future, nor before the council locked
/// the sheets it rests on.
async fn check_decision_date(
    store: &Store,
    clock: &dyn Clock,
    id: i64,
    on: chrono::NaiveDate,
) -> Result<(), CycleError> {
    let field = |message: String| CycleError::Field {
        field: "issued_on",
        message,
    };
    if on > clock.today() {
        return Err(field(format!(
            "Ngày ký {} ở tương lai: chỉ ghi quyết định đã ký.",
            on.format("%d/%m/%Y")
        )));
    }
    let locked = store
        .dossier_events(id)
        .await?
        .into_iter()
        .filter(|e| e.2 == "close_scoring")
        .filter_map(|e| vietnam_day(&e.0))
        .next_back();
    if let Some(locked) = locked.filter(|l| on < *l) {
        return Err(field(format!(
            "Ngày ký {} trước ngày hội đồng khóa phiếu chấm ({}).",
            on.format("%d/%m/%Y"),
            locked.format("%d/%m/%Y")
        )));
    }
    Ok(())
}

/// The deadline of the stage a dossier in `state` waits on, if the round set one.
pub fn stage_deadline(state: DossierState, d: &ocop_store::cycle::RoundDeadlines) -> Option<&str> {
    match state {
        DossierState::Draft | DossierState::Returned => d.dossier_until.as_deref(),
        DossierState::Submitted => d.commune_until.as_deref(),
        DossierState::PreAssessed => d.advisory_until.as_deref(),
        DossierState::Reviewed | DossierState::InCouncil => d.council_until.as_deref(),
        DossierState::Scored => d.decision_until.as_deref(),
        DossierState::Recognised | DossierState::NotRecognised | DossierState::Withdrawn => None,
    }
}

/// Late: the stage's deadline has passed on `today` (Vietnam's date).
pub fn is_late(
    state: DossierState,
    d: &ocop_store::cycle::RoundDeadlines,
    today: chrono::NaiveDate,
) -> bool {
    stage_deadline(state, d)
        .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .is_some_and(|deadline| today > deadline)
}

/// What an actor may see of the dossiers, loaded once per request so that a
/// list does not query the store for every line.
pub struct Sight {
    /// Rounds the actor sits in (council member or adviser).
    rounds: Vec<i64>,
    /// Product groups the actor's agency leads (department officer).
    groups: Vec<String>,
}

impl Sight {
    pub async fn load(store: &Store, actor: &Actor) -> Result<Self, CycleError> {
        let rounds = match actor.role {
            Role::Council => store.rounds_of_member(&actor.username).await?,
            Role::Advisory => store.rounds_of_adviser(&actor.username).await?,
            _ => Vec::new(),
        };
        let groups = match (actor.role, &actor.agency_code) {
            (Role::Department, Some(agency)) => store
                .group_leads(&actor.province_code)
                .await?
                .into_iter()
                .filter(|l| &l.agency_code == agency)
                .map(|l| l.group_code)
                .collect(),
            _ => Vec::new(),
        };
        Ok(Self { rounds, groups })
    }

    /// Whether the actor may see this dossier at all (listing and its page).
    pub fn sees(&self, actor: &Actor, line: &ocop_store::cycle::DossierLine) -> bool {
        match actor.role {
            Role::Admin | Role::Office => true,
            Role::Council | Role::Advisory => self.rounds.contains(&line.round_id),
            // A sector department follows the product groups its agency leads.
            Role::Department => line
                .group_code
                .as_ref()
                .is_some_and(|g| self.groups.contains(g)),
            Role::Producer => actor.producer_id == Some(line.producer_id),
            Role::Commune => {
                actor.commune_code.is_some() && actor.commune_code == line.commune_code_2025
            }
        }
    }
}

/// [`Sight::sees`] for a single dossier.
pub async fn may_see(
    store: &Store,
    actor: &Actor,
    line: &ocop_store::cycle::DossierLine,
) -> Result<bool, CycleError> {
    Ok(Sight::load(store, actor).await?.sees(actor, line))
}

/// A dossier that may take evidence for `criterion` from this actor: within
/// reach, open for editing, and the criterion in its set. Every way of adding
/// evidence (a file, a vault document) passes here.
pub(crate) async fn open_for_evidence(
    store: &Store,
    actor: &Actor,
    id: i64,
    criterion: &str,
) -> Result<(DossierRow, DossierState), CycleError> {
    let (d, state) = load(store, id).await?;
    if !in_reach(store, actor, &d).await?
        || !matches!(
            actor.role,
            Role::Producer | Role::Commune | Role::Office | Role::Admin
        )
    {
        return Err(out_of_reach());
    }
    if !matches!(state, DossierState::Draft | DossierState::Returned) {
        return Err(CycleError::Invalid(
            "Chỉ đính kèm minh chứng khi hồ sơ «Đang soạn» hoặc «Trả lại để bổ sung».".into(),
        ));
    }
    let set = criteria(store, &d.criteria_set).await?;
    if set.criterion(criterion).is_none() {
        return Err(CycleError::Invalid(format!(
            "Bộ tiêu chí không có tiêu chí «{criterion}»."
        )));
    }
    Ok((d, state))
}

/// An uploaded file that passed the byte checks, with its safe name and hash.
pub(crate) struct CheckedFile {
    pub name: String,
    pub content_type: &'static str,
    pub sha256: String,
}

/// Checks an upload from its bytes (shared by evidence and the vault).
pub(crate) fn checked_file(
    filename: &str,
    bytes: &[u8],
) -> Result<CheckedFile, ocop_domain::evidence::UploadError> {
    use sha2::Digest as _;
    let name = ocop_domain::evidence::safe_name(filename);
    let kind = ocop_domain::evidence::check(&name, bytes)?;
    let sha256 = sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(CheckedFile {
        name,
        content_type: kind.content_type(),
        sha256,
    })
}

/// Attaches a file of evidence to a criterion. Checked from its bytes before
/// anything is written; a refused file leaves nothing behind.
pub async fn attach_evidence(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    criterion: &str,
    filename: &str,
    bytes: &[u8],
) -> Result<i64, CycleError> {
    let (_, state) = open_for_evidence(store, actor, id, criterion).await?;
    let file = checked_file(filename, bytes).map_err(|e| CycleError::Invalid(e.to_string()))?;
    let stamp = clock.stamp();
    let e = ocop_store::cycle::NewEvidence {
        criterion_id: criterion,
        filename: &file.name,
        content_type: file.content_type,
        sha256: &file.sha256,
        data: bytes,
    };
    Ok(store
        .add_evidence(id, state.code(), &e, actor.by(&stamp))
        .await?)
}
