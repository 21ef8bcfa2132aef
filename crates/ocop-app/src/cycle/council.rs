//! Hội đồng — members' sheets (complete or draft), who has scored, the
//! lock and the council's result.

use super::*;

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

pub(super) async fn council_progress(
    store: &Store,
    d: &DossierRow,
    set: &CriteriaSet,
    procedure: ocop_domain::ProcedureVersion,
) -> Result<CouncilProgress, CycleError> {
    let members = store.council_members(d.round_id).await?;
    let conflicted = store.conflicts(d.id).await?;
    let sheets = store.score_sheets(d.id).await?;
    let rule = procedure.council_rule();
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
    council_progress(store, &d, &set, round_procedure(store, d.round_id).await?).await
}

pub(super) async fn council_member(
    store: &Store,
    actor: &Actor,
    d: &DossierRow,
) -> Result<(), CycleError> {
    if !crate::scope::Sight::load(store, actor)
        .await?
        .scores_row_in_council(d)
    {
        return Err(CycleError::NotSeated);
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
        return Err(CycleError::Field {
            field: "reason",
            message: "Ghi rõ lý do xung đột lợi ích.".into(),
        });
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

pub(super) async fn save_member_sheet(
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
        return Err(CycleError::Conflicted);
    }
    if state != DossierState::InCouncil {
        return Err(CycleError::SheetsClosed);
    }
    let set = criteria(store, &d.criteria_set).await?;
    let (sheet, json) = parse_choices(&set, choices)?;
    let missing: Vec<String> = sheet
        .missing(&set)
        .iter()
        .map(|c| ocop_domain::criteria::shown_id(&c.id))
        .collect();
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
    let progress =
        council_progress(store, &d, &set, round_procedure(store, d.round_id).await?).await?;
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
