//! Việc cần làm — what is waiting for a person: which step of a dossier is
//! theirs to take, and how late it is. Derived from the dossier's state
//! machine (the action that moves it on and who may take it), so a queue
//! never offers a step the transition table would refuse.

use crate::ProcedureVersion;
use crate::access::Role;
use crate::dossier::{DossierAction, DossierState};
use chrono::NaiveDate;
use serde::Serialize;

/// One kind of work in someone's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Task {
    /// Hoàn thiện và nộp hồ sơ.
    Submit,
    /// Bổ sung hồ sơ bị trả lại và nộp lại.
    Resubmit,
    /// Đánh giá sơ bộ (commune, or the district council before 2025).
    PreAssess,
    /// Tổ tư vấn xem xét.
    Review,
    /// Đưa hồ sơ ra hội đồng.
    OpenCouncil,
    /// Chấm phiếu của mình (a seated council member).
    Score,
    /// Khóa phiếu chấm khi mọi thành viên đã chấm.
    CloseScoring,
    /// Ra quyết định công nhận hoặc kết luận không đạt.
    Decide,
    /// Duyệt đơn đăng ký tài khoản chủ thể.
    Registration,
    /// Duyệt sản phẩm chủ thể tự thêm.
    ProductApproval,
    /// Xử lý phản ánh dùng sai sao OCOP.
    Misuse,
    /// Kiểm tra định kỳ một sản phẩm đã công nhận (due, or overdue, or with
    /// follow-up actions past their date).
    Visit,
}

impl Task {
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Submit => "Hoàn thiện và nộp hồ sơ",
            Self::Resubmit => "Bổ sung hồ sơ bị trả lại và nộp lại",
            Self::PreAssess => "Đánh giá sơ bộ hồ sơ",
            Self::Review => "Xem xét hồ sơ (tổ tư vấn)",
            Self::OpenCouncil => "Đưa hồ sơ ra hội đồng",
            Self::Score => "Chấm phiếu đánh giá của mình",
            Self::CloseScoring => "Khóa phiếu chấm của hội đồng",
            Self::Decide => "Ra quyết định công nhận hoặc kết luận không đạt",
            Self::Registration => "Duyệt đơn đăng ký tài khoản chủ thể",
            Self::ProductApproval => "Duyệt sản phẩm chủ thể tự thêm",
            Self::Misuse => "Xử lý phản ánh hàng giả, dùng sai sao OCOP",
            Self::Visit => "Kiểm tra định kỳ sản phẩm đã công nhận",
        }
    }

    /// The dossier action this task takes, when it is one.
    pub fn action(self) -> Option<DossierAction> {
        match self {
            Self::Submit => Some(DossierAction::Submit),
            Self::Resubmit => Some(DossierAction::Resubmit),
            Self::PreAssess => Some(DossierAction::PreAssess),
            Self::Review => Some(DossierAction::Review),
            Self::OpenCouncil => Some(DossierAction::OpenCouncil),
            Self::CloseScoring => Some(DossierAction::CloseScoring),
            Self::Decide => Some(DossierAction::Recognise),
            Self::Score
            | Self::Registration
            | Self::ProductApproval
            | Self::Misuse
            | Self::Visit => None,
        }
    }
}

impl DossierState {
    /// The step that moves a dossier in this state on (none when final).
    pub fn next_action(self) -> Option<DossierAction> {
        match self {
            Self::Draft => Some(DossierAction::Submit),
            Self::Returned => Some(DossierAction::Resubmit),
            Self::Submitted => Some(DossierAction::PreAssess),
            Self::PreAssessed => Some(DossierAction::Review),
            Self::Reviewed => Some(DossierAction::OpenCouncil),
            Self::InCouncil => Some(DossierAction::CloseScoring),
            Self::Scored => Some(DossierAction::Recognise),
            Self::Recognised | Self::NotRecognised | Self::Withdrawn => None,
        }
    }
}

/// Who a dossier in `state` is waiting for under `procedure`: the roles the
/// transition table lets take its next step. A producer's own submission is
/// the producer's work (a commune officer may send it on its behalf, but it
/// waits on the producer).
pub fn waits_on(state: DossierState, procedure: ProcedureVersion) -> Vec<Role> {
    match state.next_action() {
        None => Vec::new(),
        Some(DossierAction::Submit | DossierAction::Resubmit) => vec![Role::Producer],
        Some(DossierAction::PreAssess) => vec![procedure.pre_assessment().role],
        Some(a) => a.roles().to_vec(),
    }
}

/// What a council member's own sheet for a dossier in council says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seat {
    /// Seated in the dossier's round.
    pub seated: bool,
    /// Declared a conflict of interest for this dossier.
    pub conflicted: bool,
    /// Has sent a complete sheet.
    pub submitted: bool,
}

/// The task a person in `role` has on a dossier they can see, if any.
pub fn dossier_task(
    state: DossierState,
    procedure: ProcedureVersion,
    role: Role,
    seat: Seat,
) -> Option<Task> {
    if role == Role::Council {
        return (state == DossierState::InCouncil
            && seat.seated
            && !seat.conflicted
            && !seat.submitted)
            .then_some(Task::Score);
    }
    if !waits_on(state, procedure).contains(&role) {
        return None;
    }
    Some(match state {
        DossierState::Draft => Task::Submit,
        DossierState::Returned => Task::Resubmit,
        DossierState::Submitted => Task::PreAssess,
        DossierState::PreAssessed => Task::Review,
        DossierState::Reviewed => Task::OpenCouncil,
        DossierState::InCouncil => Task::CloseScoring,
        DossierState::Scored => Task::Decide,
        DossierState::Recognised | DossierState::NotRecognised | DossierState::Withdrawn => {
            return None;
        }
    })
}

/// How a task stands against its deadline on `today` (Vietnam's date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Lateness {
    /// Quá hạn — this many days past the deadline.
    Late(i64),
    /// Đến hạn hôm nay.
    DueToday,
    /// Còn this many days.
    DaysLeft(i64),
    /// Không đặt hạn.
    NoDeadline,
}

impl Lateness {
    /// The one lateness rule: late from the day after the deadline.
    pub fn of(deadline: Option<NaiveDate>, today: NaiveDate) -> Self {
        match deadline.map(|d| (today - d).num_days()) {
            None => Self::NoDeadline,
            Some(0) => Self::DueToday,
            Some(n) if n > 0 => Self::Late(n),
            Some(n) => Self::DaysLeft(-n),
        }
    }

    pub fn is_late(self) -> bool {
        matches!(self, Self::Late(_))
    }

    pub fn label_vi(self) -> String {
        match self {
            Self::Late(n) => format!("Quá hạn {n} ngày"),
            Self::DueToday => "Đến hạn hôm nay".to_owned(),
            Self::DaysLeft(n) => format!("Còn {n} ngày"),
            Self::NoDeadline => "Chưa đặt hạn".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DossierState as S;
    use ProcedureVersion as P;

    #[test]
    fn each_step_waits_on_whom_the_transition_table_lets_take_it() {
        let none = Seat::default();
        let task = |s, role| dossier_task(s, P::Qd1489Of2025, role, none);
        assert_eq!(task(S::Draft, Role::Producer), Some(Task::Submit));
        assert_eq!(task(S::Draft, Role::Commune), None);
        assert_eq!(task(S::Returned, Role::Producer), Some(Task::Resubmit));
        assert_eq!(task(S::Submitted, Role::Commune), Some(Task::PreAssess));
        assert_eq!(task(S::Submitted, Role::Office), None);
        assert_eq!(task(S::PreAssessed, Role::Advisory), Some(Task::Review));
        assert_eq!(task(S::Reviewed, Role::Office), Some(Task::OpenCouncil));
        assert_eq!(task(S::InCouncil, Role::Office), Some(Task::CloseScoring));
        assert_eq!(task(S::Scored, Role::Office), Some(Task::Decide));
        assert_eq!(task(S::Recognised, Role::Office), None);
        assert_eq!(task(S::Scored, Role::Producer), None);
        // Before 2025 the district council's result is recorded by the office.
        assert_eq!(
            dossier_task(S::Submitted, P::Qd148Of2023, Role::Office, none),
            Some(Task::PreAssess)
        );
        assert_eq!(
            dossier_task(S::Submitted, P::Qd148Of2023, Role::Commune, none),
            None
        );
        // Every dossier task is a step the table allows that role to take.
        for s in S::ALL {
            for role in [Role::Producer, Role::Commune, Role::Advisory, Role::Office] {
                for p in [P::Qd148Of2023, P::Qd1489Of2025] {
                    if let Some(a) = dossier_task(s, p, role, none).and_then(Task::action) {
                        assert!(
                            crate::dossier::available_actions(s, role, p).contains(&a),
                            "{s:?} {role:?} {a:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_member_scores_only_a_dossier_in_council_of_their_round_without_a_conflict() {
        let seat = |seated, conflicted, submitted| Seat {
            seated,
            conflicted,
            submitted,
        };
        let t = |s, st| dossier_task(s, P::Qd1489Of2025, Role::Council, st);
        assert_eq!(t(S::InCouncil, seat(true, false, false)), Some(Task::Score));
        assert_eq!(t(S::InCouncil, seat(true, false, true)), None);
        assert_eq!(t(S::InCouncil, seat(true, true, false)), None);
        assert_eq!(t(S::InCouncil, seat(false, false, false)), None);
        assert_eq!(t(S::Scored, seat(true, false, false)), None);
    }

    #[test]
    fn lateness_counts_from_the_day_after_the_deadline() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let today = d("2026-12-06").unwrap_or_default();
        assert_eq!(Lateness::of(d("2026-12-01"), today), Lateness::Late(5));
        assert_eq!(Lateness::of(d("2026-12-06"), today), Lateness::DueToday);
        assert_eq!(Lateness::of(d("2026-12-10"), today), Lateness::DaysLeft(4));
        assert_eq!(Lateness::of(None, today), Lateness::NoDeadline);
        assert_eq!(Lateness::Late(5).label_vi(), "Quá hạn 5 ngày");
        assert!(!Lateness::DueToday.is_late());
        // Sorted, what is late comes before what is not.
        let mut v = [
            Lateness::NoDeadline,
            Lateness::DaysLeft(2),
            Lateness::Late(1),
            Lateness::DueToday,
        ];
        v.sort();
        assert_eq!(v[0], Lateness::Late(1));
        assert_eq!(v[1], Lateness::DueToday);
    }
}
