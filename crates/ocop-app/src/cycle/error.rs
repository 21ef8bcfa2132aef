//! Lỗi của chu trình — why a step of the OCOP cycle was refused, one
//! variant per reason, each with its kind.

use super::*;

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
    /// A decision dated after today: only a signed decision is recorded.
    #[error("Ngày ký {} ở tương lai: chỉ ghi quyết định đã ký.", on.format("%d/%m/%Y"))]
    DecisionInFuture { on: chrono::NaiveDate },
    /// A decision dated before the council locked the sheets it rests on.
    #[error(
        "Ngày ký {} trước ngày hội đồng khóa phiếu chấm ({}).",
        on.format("%d/%m/%Y"),
        locked.format("%d/%m/%Y")
    )]
    DecisionBeforeSheetsLocked {
        on: chrono::NaiveDate,
        locked: chrono::NaiveDate,
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

impl CycleError {
    /// The form field a refusal belongs to, so a page can say it there.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Field { field, .. } => Some(field),
            Self::DecisionInFuture { .. } | Self::DecisionBeforeSheetsLocked { .. } => {
                Some("issued_on")
            }
            _ => None,
        }
    }
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
            | Self::DecisionInFuture { .. }
            | Self::DecisionBeforeSheetsLocked { .. }
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
