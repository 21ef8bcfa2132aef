//! Hồ sơ — the dossier a producer submits to a round, and the one state
//! machine it moves through. Every transition names who may take it and what
//! it requires; anything else is refused with a reason and changes nothing.
//!
//! The path follows the 2025 procedure (1489/QĐ-TTg): the commune receives
//! and pre-assesses, the province's advisory group reviews, the council
//! scores, the province issues the decision.

use crate::access::Role;
use serde::Serialize;
use std::fmt;

/// Trạng thái hồ sơ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DossierState {
    /// Đang soạn — the producer (or an officer on its behalf) is preparing it.
    Draft,
    /// Đã nộp — waiting for the commune.
    Submitted,
    /// Trả lại để bổ sung — returned with comments per item.
    Returned,
    /// Xã đã đánh giá sơ bộ.
    PreAssessed,
    /// Tổ tư vấn đã xem xét.
    Reviewed,
    /// Đang chấm tại hội đồng.
    InCouncil,
    /// Hội đồng đã chấm xong (sheets locked, result computed).
    Scored,
    /// Đã có quyết định công nhận.
    Recognised,
    /// Không đạt (below 3★ or refused).
    NotRecognised,
    /// Chủ thể rút hồ sơ.
    Withdrawn,
}

/// Hành động trên hồ sơ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DossierAction {
    Submit,
    Return,
    Resubmit,
    PreAssess,
    Review,
    OpenCouncil,
    CloseScoring,
    /// Mở lại phiếu chấm — before the decision, the office reopens the
    /// locked sheets with a reason, so members can correct them.
    ReopenScoring,
    Recognise,
    Reject,
    Withdraw,
}

/// What the platform knows when an action is asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct DossierFacts {
    /// The registration form and self-assessment are filled in.
    pub form_complete: bool,
    /// Every criterion that needs evidence has a file.
    pub evidence_complete: bool,
    /// The return carries at least one comment.
    pub has_comments: bool,
    /// The commune's criteria (local origin, labour, idea, identity) are scored.
    pub commune_criteria_scored: bool,
    /// Complete sheets submitted by seated members without a conflict.
    pub sheets_submitted: usize,
    /// Seated members without a conflict, who must all have scored.
    pub quorum: usize,
    /// The council's result is certifiable (3★ or more).
    pub certifiable: bool,
    /// The procedure the dossier's round follows: it names who acts at the
    /// stage before the province (district council or commune).
    pub procedure: crate::ProcedureVersion,
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionError {
    NotFromState {
        action: DossierAction,
        state: DossierState,
    },
    RoleNotAllowed {
        action: DossierAction,
        role: Role,
    },
    /// The step is the role's to take from this state, but the dossier does
    /// not meet what the step needs yet.
    Requirement(Requirement),
}

/// What a step needs that the dossier does not have yet (điều kiện của bước).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Submit: the self-assessment (phiếu tự đánh giá) is not saved.
    SelfAssessment,
    /// Submit: evidence (minh chứng) is missing for some criterion.
    Evidence,
    /// Return: a comment on what to add.
    ReturnComment,
    /// Pre-assess: the commune's own criteria are not all scored.
    CommuneCriteria,
    /// Close scoring: not every seated member has submitted a whole sheet.
    CouncilSheets,
    /// Reopen scoring: a reason, which the members are told.
    ReopenReason,
    /// Recognise: the result is below 3 stars.
    BelowThreeStars,
    /// Reject: the result reaches 3 stars.
    Certifiable,
}

impl Requirement {
    pub fn message_vi(self) -> &'static str {
        match self {
            Self::SelfAssessment => {
                "Chưa lưu phiếu tự đánh giá: chấm từng tiêu chí ở mục «Phiếu tự đánh giá» trên trang hồ sơ, bấm «Lưu phiếu tự đánh giá», rồi nộp."
            }
            Self::Evidence => {
                "Chưa đủ minh chứng: đính kèm tệp cho từng tiêu chí còn thiếu ở mục «Minh chứng» trên trang hồ sơ, rồi nộp."
            }
            Self::ReturnComment => {
                "Khi trả lại hồ sơ phải ghi ý kiến cho ít nhất một mục cần bổ sung."
            }
            Self::CommuneCriteria => {
                "Xã phải chấm đủ các tiêu chí được giao (nguồn gốc địa phương, lao động, ý tưởng, bản sắc)."
            }
            Self::CouncilSheets => {
                "Chưa đủ phiếu: mọi thành viên hội đồng được phân công (trừ người khai xung đột lợi ích) phải nộp phiếu chấm đủ mọi tiêu chí trước khi khóa."
            }
            Self::ReopenReason => {
                "Ghi lý do mở lại phiếu chấm; các thành viên hội đồng sẽ được báo."
            }
            Self::BelowThreeStars => "Kết quả dưới 3 sao không được công nhận.",
            Self::Certifiable => "Kết quả đạt từ 3 sao: hãy công nhận, hoặc trả lại với lý do.",
        }
    }
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFromState { action, state } => {
                write!(
                    f,
                    "Không thể «{}» khi hồ sơ đang ở trạng thái «{}».",
                    action.label_vi(),
                    state.label_vi()
                )
            }
            Self::RoleNotAllowed { action, role } => {
                write!(
                    f,
                    "Vai trò «{}» không được «{}» hồ sơ.",
                    role.label_vi(),
                    action.label_vi()
                )
            }
            Self::Requirement(r) => f.write_str(r.message_vi()),
        }
    }
}

impl std::error::Error for TransitionError {}

impl DossierState {
    pub const ALL: [Self; 10] = [
        Self::Draft,
        Self::Submitted,
        Self::Returned,
        Self::PreAssessed,
        Self::Reviewed,
        Self::InCouncil,
        Self::Scored,
        Self::Recognised,
        Self::NotRecognised,
        Self::Withdrawn,
    ];

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Draft => "Đang soạn",
            Self::Submitted => "Đã nộp",
            Self::Returned => "Trả lại để bổ sung",
            Self::PreAssessed => "Xã đã đánh giá sơ bộ",
            Self::Reviewed => "Tổ tư vấn đã xem xét",
            Self::InCouncil => "Đang chấm tại hội đồng",
            Self::Scored => "Hội đồng đã chấm",
            Self::Recognised => "Đã công nhận",
            Self::NotRecognised => "Không đạt",
            Self::Withdrawn => "Đã rút",
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::PreAssessed => "pre_assessed",
            Self::Reviewed => "reviewed",
            Self::InCouncil => "in_council",
            Self::Scored => "scored",
            Self::Recognised => "recognised",
            Self::NotRecognised => "not_recognised",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Recognised | Self::NotRecognised | Self::Withdrawn
        )
    }
}

impl DossierAction {
    pub const ALL: [Self; 11] = [
        Self::Submit,
        Self::Return,
        Self::Resubmit,
        Self::PreAssess,
        Self::Review,
        Self::OpenCouncil,
        Self::CloseScoring,
        Self::ReopenScoring,
        Self::Recognise,
        Self::Reject,
        Self::Withdraw,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Return => "return",
            Self::Resubmit => "resubmit",
            Self::PreAssess => "pre_assess",
            Self::Review => "review",
            Self::OpenCouncil => "open_council",
            Self::CloseScoring => "close_scoring",
            Self::ReopenScoring => "reopen_scoring",
            Self::Recognise => "recognise",
            Self::Reject => "reject",
            Self::Withdraw => "withdraw",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Submit => "nộp",
            Self::Return => "trả lại để bổ sung",
            Self::Resubmit => "nộp lại",
            Self::PreAssess => "đánh giá sơ bộ",
            Self::Review => "xem xét (tổ tư vấn)",
            Self::OpenCouncil => "đưa ra hội đồng",
            Self::CloseScoring => "khóa phiếu chấm",
            Self::ReopenScoring => "mở lại phiếu chấm",
            Self::Recognise => "công nhận",
            Self::Reject => "kết luận không đạt",
            Self::Withdraw => "rút",
        }
    }

    /// Who the transition table lets take this action (the stage before the
    /// province is the procedure's: see [`crate::worklist::waits_on`]).
    pub fn roles(self) -> &'static [Role] {
        self.rule().2
    }

    /// The one transition table: from-states, to-state and who may act.
    fn rule(self) -> (&'static [DossierState], DossierState, &'static [Role]) {
        use DossierState::*;
        use Role::*;
        match self {
            Self::Submit => (&[Draft], Submitted, &[Producer, Commune]),
            Self::Return => (&[Submitted, PreAssessed], Returned, &[Commune, Office]),
            Self::Resubmit => (&[Returned], Submitted, &[Producer, Commune]),
            Self::PreAssess => (&[Submitted], PreAssessed, &[Commune]),
            Self::Review => (&[PreAssessed], Reviewed, &[Advisory, Office]),
            Self::OpenCouncil => (&[Reviewed], InCouncil, &[Office]),
            Self::CloseScoring => (&[InCouncil], Scored, &[Office]),
            Self::ReopenScoring => (&[Scored], InCouncil, &[Office]),
            Self::Recognise => (&[Scored], Recognised, &[Office]),
            Self::Reject => (&[Scored], NotRecognised, &[Office]),
            Self::Withdraw => (
                &[Draft, Submitted, Returned, PreAssessed],
                Withdrawn,
                &[Producer],
            ),
        }
    }
}

/// Whether the table lets `role` take `action` from `state` under
/// `procedure` (the state and the role; not the dossier's requirements).
fn permitted(
    state: DossierState,
    action: DossierAction,
    role: Role,
    procedure: crate::ProcedureVersion,
) -> Result<DossierState, TransitionError> {
    let (from, to, roles) = action.rule();
    if !from.contains(&state) {
        return Err(TransitionError::NotFromState { action, state });
    }
    let allowed = match action {
        DossierAction::PreAssess => procedure.pre_assessment().role == role,
        _ => roles.contains(&role),
    };
    if !allowed && role != Role::Admin {
        return Err(TransitionError::RoleNotAllowed { action, role });
    }
    Ok(to)
}

/// Các bước được làm — the steps `role` may take from `state` under
/// `procedure`: the buttons a page offers. A requirement the dossier does
/// not meet yet is not a reason to hide a step; [`transition`] says it when
/// the step is pressed.
pub fn available_actions(
    state: DossierState,
    role: Role,
    procedure: crate::ProcedureVersion,
) -> Vec<DossierAction> {
    DossierAction::ALL
        .into_iter()
        .filter(|a| permitted(state, *a, role, procedure).is_ok())
        .collect()
}

/// Checks one action and returns the state it leads to.
pub fn transition(
    state: DossierState,
    action: DossierAction,
    role: Role,
    facts: &DossierFacts,
) -> Result<DossierState, TransitionError> {
    let to = permitted(state, action, role, facts.procedure)?;
    use DossierAction::*;
    let requirement = match action {
        Submit | Resubmit if !facts.form_complete => Some(Requirement::SelfAssessment),
        Submit | Resubmit if !facts.evidence_complete => Some(Requirement::Evidence),
        Return if !facts.has_comments => Some(Requirement::ReturnComment),
        PreAssess if !facts.commune_criteria_scored => Some(Requirement::CommuneCriteria),
        CloseScoring if facts.sheets_submitted < facts.quorum.max(1) => {
            Some(Requirement::CouncilSheets)
        }
        ReopenScoring if !facts.has_comments => Some(Requirement::ReopenReason),
        Recognise if !facts.certifiable => Some(Requirement::BelowThreeStars),
        Reject if facts.certifiable => Some(Requirement::Certifiable),
        _ => None,
    };
    match requirement {
        Some(why) => Err(TransitionError::Requirement(why)),
        None => Ok(to),
    }
}

mod kind;
pub use kind::DossierKind;

#[cfg(test)]
mod tests;
