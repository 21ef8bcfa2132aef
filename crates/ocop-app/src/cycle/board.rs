//! Bảng chấm của hội đồng — the council in the open: who has scored and who
//! has not, each member's total and star, why the council's star is what it
//! is (the marks that held it back), and per criterion the producer's, the
//! commune's and each member's answer side by side, with the criteria where
//! members disagree flagged.
//!
//! Members see the others' answers only once their own sheet counts (or they
//! stood aside for a conflict), so nobody scores by copying; the office sees
//! everything; nobody else sees the board at all.

use super::*;
use ocop_domain::criteria::{CouncilResult, Points};

/// Where a seated member's sheet stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetState {
    /// Đã nộp — submitted and complete: it counts.
    Counted,
    /// Mới lưu nháp — does not count yet.
    Draft,
    /// Chưa chấm.
    Missing,
    /// Khai xung đột lợi ích — does not score this dossier.
    Conflicted,
}

impl SheetState {
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Counted => "Đã nộp phiếu",
            Self::Draft => "Mới lưu nháp, chưa nộp",
            Self::Missing => "Chưa chấm",
            Self::Conflicted => "Khai xung đột lợi ích, không chấm",
        }
    }
}

/// One seated member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLine {
    pub username: String,
    /// The account's full name.
    pub name: String,
    pub chair: bool,
    pub state: SheetState,
    /// Total and star of a counted sheet.
    pub total: Option<Points>,
    pub stars: Option<u8>,
    /// More than [`OUTLIER_POINTS`] from the median of the counted totals.
    pub outlier: bool,
}

/// One criterion, answered by each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionLine {
    /// As issued (`1.đ`).
    pub id: String,
    pub title: String,
    pub max: Points,
    /// The producer's self-assessment.
    pub producer: Option<Points>,
    /// The commune's pre-assessment (its assigned criteria only).
    pub commune: Option<Points>,
    /// Each counted member's points, in the order of [`Board::members`]
    /// (`None` for a member whose sheet does not count).
    pub members: Vec<Option<Points>>,
    /// Members' answers differ by half the criterion's points or more.
    pub disputed: bool,
}

/// The board for one dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    pub members: Vec<MemberLine>,
    /// The result of the sheets that count so far (final once locked).
    pub result: Option<CouncilResult>,
    /// Per criterion answers; empty while the viewer may not see them yet.
    pub criteria: Vec<CriterionLine>,
    /// Why the answers are hidden, when they are.
    pub hidden_because: Option<&'static str>,
    /// Who has scored and who not yet: read once here, for the board and
    /// the page's progress line alike.
    pub progress: CouncilProgress,
}

fn points_of(c: &ocop_domain::criteria::Criterion, sheet: &ScoreSheet) -> Option<Points> {
    // "Không áp dụng" has no points to compare: shown as a dash.
    match sheet.choices.get(&c.id)? {
        ocop_domain::criteria::Choice::Option(chosen) => {
            c.options.iter().find(|o| &o.id == chosen).map(|o| o.points)
        }
        ocop_domain::criteria::Choice::NotApplicable => None,
    }
}

/// The council's board of dossier `id`, for a person whose reach the
/// caller has read once for its request (`Sight::load`).
pub async fn board(store: &Store, sight: &Sight<'_>, id: i64) -> Result<Board, CycleError> {
    let actor = sight.actor();
    let (d, state) = load(store, id).await?;
    if !sight.sees_council(d.round_id) {
        return Err(CycleError::BoardHidden);
    }
    let members = store.council_members(d.round_id).await?;
    let set = criteria(store, &d.criteria_set).await?;
    let progress =
        council_progress(store, &d, &set, round_procedure(store, d.round_id).await?).await?;
    let sheets = store.score_sheets(id).await?;
    let people = store.people().await?;
    let counted: Vec<(String, ScoreSheet)> = sheets
        .iter()
        .filter(|s| progress.counted.contains(&s.username))
        .map(|s| (s.username.clone(), ScoreSheet::from_ids(s.choices.clone())))
        .collect();
    let scored: Vec<(String, ocop_domain::criteria::ScoreResult)> = counted
        .iter()
        .filter_map(|(u, s)| score(&set, s).ok().map(|r| (u.clone(), r)))
        .collect();
    let mut totals: Vec<Points> = scored.iter().map(|(_, r)| r.total).collect();
    totals.sort_unstable();
    let median = totals.get(totals.len() / 2).copied().unwrap_or(0);
    let lines: Vec<MemberLine> = members
        .iter()
        .map(|(u, chair)| {
            let mine = scored.iter().find(|(m, _)| m == u).map(|(_, r)| r);
            let state = if progress.conflicted.contains(u) {
                SheetState::Conflicted
            } else if mine.is_some() {
                SheetState::Counted
            } else if progress.drafts.contains(u) {
                SheetState::Draft
            } else {
                SheetState::Missing
            };
            MemberLine {
                username: u.clone(),
                name: people.named_with_position(u),
                chair: *chair,
                state,
                total: mine.map(|r| r.total),
                stars: mine.map(|r| r.stars),
                outlier: mine.is_some_and(|r| {
                    (i64::from(r.total) - i64::from(median)).abs() > OUTLIER_POINTS
                }),
            }
        })
        .collect();
    let result = if counted.is_empty() {
        None
    } else {
        let sheets: Vec<ScoreSheet> = counted.iter().map(|(_, s)| s.clone()).collect();
        Some(council_result(&set, &sheets)?)
    };
    let own_counts =
        progress.counted.contains(&actor.username) || progress.conflicted.contains(&actor.username);
    let hidden_because = match actor.role {
        Role::Office | Role::Admin => None,
        _ if own_counts || !matches!(state, DossierState::InCouncil) => None,
        _ => Some(
            "Câu trả lời của các thành viên khác hiện ra sau khi phiếu của bạn đã được nộp, để không ai chấm theo người khác.",
        ),
    };
    let mut rows = Vec::new();
    if hidden_because.is_none() {
        let own = d.self_assessment.clone().unwrap_or_default();
        let commune = d.commune_assessment.clone().unwrap_or_default();
        let assigned = set.commune_criteria();
        for (_, _, c) in set.criteria() {
            let by_member: Vec<Option<Points>> = lines
                .iter()
                .map(|m| {
                    counted
                        .iter()
                        .find(|(u, _)| *u == m.username)
                        .and_then(|(_, s)| points_of(c, s))
                })
                .collect();
            let given: Vec<Points> = by_member.iter().flatten().copied().collect();
            let spread =
                given.iter().max().copied().unwrap_or(0) - given.iter().min().copied().unwrap_or(0);
            rows.push(CriterionLine {
                id: ocop_domain::criteria::shown_id(&c.id),
                title: c.title.clone(),
                max: c.max,
                producer: points_of(c, &own),
                commune: assigned
                    .contains(&c.id.as_str())
                    .then(|| points_of(c, &commune))
                    .flatten(),
                members: by_member,
                disputed: given.len() > 1 && c.max > 0 && 2 * spread >= c.max,
            });
        }
    }
    Ok(Board {
        members: lines,
        result,
        criteria: rows,
        hidden_because,
        progress,
    })
}
