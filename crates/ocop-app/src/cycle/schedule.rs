//! Hạn của từng bước — which stage deadline a dossier waits on, and lateness.

use super::*;

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

/// Late: the stage's deadline has passed on `today` (Vietnam's date), by the
/// one lateness rule ([`ocop_domain::worklist::Lateness`]).
pub fn is_late(
    state: DossierState,
    d: &ocop_store::cycle::RoundDeadlines,
    today: chrono::NaiveDate,
) -> bool {
    let deadline = stage_deadline(state, d)
        .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    ocop_domain::worklist::Lateness::of(deadline, today).is_late()
}
