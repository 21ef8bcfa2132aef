//! Hạn của từng bước — which stage deadline a dossier waits on, and lateness.

use super::*;

/// The deadline of the stage a dossier in `state` waits on, if the round set one.
pub fn stage_deadline(
    state: DossierState,
    d: &ocop_store::cycle::RoundDeadlines,
) -> Option<chrono::NaiveDate> {
    match state {
        DossierState::Draft | DossierState::Returned => d.dossier_until,
        DossierState::Submitted => d.commune_until,
        DossierState::PreAssessed => d.advisory_until,
        DossierState::Reviewed | DossierState::InCouncil => d.council_until,
        DossierState::Scored => d.decision_until,
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
    ocop_domain::worklist::Lateness::of(stage_deadline(state, d), today).is_late()
}
