//! Trang hồ sơ — the dossier page's view model: state, sheets, evidence,
//! council progress, the 5★ path and which forms the person may use.

use super::council_view::{BoardView, CouncilView};
use super::*;

#[derive(Template)]
#[template(path = "bo_dossier.html")]
struct DossierPage {
    css: &'static str,
    /// The score sheet's words (the back office is Vietnamese).
    w: crate::pages::criteria::SheetWords,
    title: String,
    id: i64,
    product: String,
    product_href: String,
    set_href: String,
    /// The set by its issued name ("Bộ 13: Cà phê, ca cao").
    set_name: String,
    state: String,
    kind: String,
    self_result: Option<String>,
    council_result: Option<String>,
    national: bool,
    /// The certificate issued on this dossier: (number, its record in the
    /// register when the person keeps it, its PDF).
    certificate: Option<(String, Option<String>, Option<String>)>,
    events: Vec<(String, String, String, String)>,
    actions: Vec<(&'static str, &'static str)>,
    self_form: Option<Vec<PartView>>,
    commune_form: Option<Vec<PartView>>,
    council_form: Option<Vec<PartView>>,
    may_close: bool,
    /// Who of the council has scored, for the office and the members.
    council: Option<CouncilView>,
    /// The council's board: members, result and why, answers side by side.
    board: Option<BoardView>,
    /// The national 5★ path, when the council found the product worthy.
    national_path: Option<crate::pages::backoffice::national::NationalView>,
    /// A refusal of one field of the decision form.
    field_error: Option<(&'static str, String)>,
    may_recognise: bool,
    evidence: Vec<(String, String, String)>,
    may_attach: bool,
    /// The dossier as a task list, for those who prepare it (draft, returned).
    steps: Vec<super::task_list::Step>,
    /// Why the self-assessment's star is what it is (the marks that capped it).
    self_reasons: Vec<String>,
    /// Who the dossier waits on now, and by when.
    waiting: Option<String>,
    /// Reviewers write comments; the producer does not.
    may_comment: bool,
    /// Papers the self-assessment's claims need and the dossier lacks.
    missing_evidence: Vec<String>,
    /// Vault documents: (id, label with validity, still valid).
    vault_choices: Vec<(i64, String, bool)>,
    /// For a re-evaluation or upgrade being prepared: what to renew.
    renewal: Vec<String>,
    criteria_choices: Vec<(String, String)>,
    decision: DecisionForm,
    /// The conflict-of-interest reason as typed, when it was refused.
    conflict_reason: String,
    error: Option<String>,
    notice: Option<String>,
}

impl DossierPage {
    /// The refusal of one decision-form field, shown next to it.
    fn field_error_for(&self, field: &str) -> Option<&str> {
        self.field_error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

pub(super) async fn page(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    extra: Extra,
) -> Result<String, WebError> {
    let a = actor(user);
    let d = state
        .store
        .dossier(id)
        .await?
        .filter(|d| d.province_code == state.province.code)
        .ok_or(WebError::NotFound)?;
    let sight = ocop_app::scope::Sight::load(&state.store, &a).await?;
    let line = state
        .store
        .dossier_line(&state.province.code, id)
        .await?
        .ok_or(WebError::NotFound)?;
    if !sight.sees(&line) {
        return Err(ocop_app::scope::ReachError::DossierOutOfReach.into());
    }
    let st = d.state;
    let set = ocop_app::rules::set(&state.store, &d.criteria_set)
        .await?
        .ok_or(WebError::NotFound)?
        .0;
    // Buttons: actions this role may take from this state (requirements are
    // checked when pressed, so the reason shows if one is missing).
    // The round, read once: its procedure decides the buttons, its dates the
    // "next step" line.
    let round = state.store.round(d.round_id).await?;
    let procedure = round.as_ref().map(|r| r.procedure).unwrap_or_default();
    // The steps with their own forms (lock, decision, rejection) are not
    // among these buttons.
    let actions: Vec<(&'static str, &'static str)> =
        ocop_domain::dossier::available_actions(st, user.role, procedure)
            .into_iter()
            .filter(|a| {
                !matches!(
                    a,
                    DossierAction::CloseScoring | DossierAction::Recognise | DossierAction::Reject
                )
            })
            .map(|act| (act.code(), act.label_vi()))
            .collect();
    let editable_self = matches!(st, DossierState::Draft | DossierState::Returned)
        && matches!(
            user.role,
            Role::Producer | Role::Commune | Role::Office | Role::Admin
        );
    let typed = extra.typed.clone();
    // The steps that carry a reason: returning a dossier, reopening sheets.
    let may_comment = actions.iter().any(|(code, _)| {
        *code == DossierAction::Return.code() || *code == DossierAction::ReopenScoring.code()
    });
    // Who the dossier waits on, from the state machine and the round's dates.
    let waiting = {
        let roles = ocop_domain::worklist::waits_on(st, procedure);
        let deadline = round
            .as_ref()
            .and_then(|r| cycle::stage_deadline(st, &r.deadlines))
            .map(crate::pages::vn_day);
        st.next_action().filter(|_| !roles.is_empty()).map(|a| {
            let who = roles
                .iter()
                .map(|r| r.label_vi())
                .collect::<Vec<_>>()
                .join(" hoặc ");
            let mut line = format!("Bước tiếp theo: {who} — {}", a.label_vi());
            if let Some(d) = deadline {
                line.push_str(&format!(", hạn {d}"));
            }
            line.push('.');
            line
        })
    };
    let self_sheet = typed
        .clone()
        .unwrap_or_else(|| d.self_assessment.clone().unwrap_or_default());
    // The advisor's explanation of a capped star, as the public calculator gives it.
    let self_reasons: Vec<String> = d
        .self_assessment
        .as_ref()
        .and_then(|sheet| ocop_domain::criteria::score(&set, sheet).ok())
        .map(|r| r.held_back_by.into_iter().map(|h| h.message).collect())
        .unwrap_or_default();
    let assigned = set.commune_criteria();
    let commune_form = (st == DossierState::Submitted && user.role == Role::Commune).then(|| {
        let mut view = parts_view(
            &set,
            &typed
                .clone()
                .unwrap_or_else(|| d.commune_assessment.clone().unwrap_or_default()),
        );
        for p in &mut view {
            for s in &mut p.sections {
                s.criteria.retain(|c| assigned.contains(&c.id.as_str()));
            }
            p.sections.retain(|s| !s.criteria.is_empty());
        }
        view
    });
    let members = state.store.council_members(d.round_id).await?;
    let member =
        user.role == Role::Council && members.iter().any(|(u, _)| *u == user.user.username);
    let my_sheet = state
        .store
        .score_sheets(id)
        .await?
        .into_iter()
        .find(|s| s.username == user.user.username)
        .map(|s| ScoreSheet::from_ids(s.choices));
    let council_form = (st == DossierState::InCouncil && member)
        .then(|| parts_view(&set, &typed.clone().or(my_sheet).unwrap_or_default()));
    let office = matches!(user.role, Role::Office | Role::Admin);
    // The board and the progress line come from one reading of the sheets.
    let people = state.store.people().await?;
    let (council, board) = if matches!(st, DossierState::InCouncil | DossierState::Scored)
        && sight.sees_council(d.round_id)
    {
        let board = cycle::board(&state.store, &sight, id)
            .await
            .map_err(WebError::service)?;
        (
            Some(CouncilView::new(board.progress.clone(), &people)),
            Some(BoardView::new(board)),
        )
    } else {
        (None, None)
    };
    let national_path =
        crate::pages::backoffice::national::view(state, id, office, extra.national.clone()).await?;
    let missing = if editable_self {
        cycle::missing_evidence(&state.store, &d, &set)
            .await
            .map_err(WebError::service)?
    } else {
        Vec::new()
    };
    let keeps_register = user.role.can(Permission::ManageRounds);
    // History names people as "Full name — role".
    let names = crate::pages::backoffice::named_with_roles(&people);
    let certificate = state
        .store
        .certificate_of_dossier(id)
        .await?
        .map(|(cid, number)| {
            (
                number,
                keeps_register.then(|| format!("/quan-tri/giay-chung-nhan?tt=tat-ca#gcn-{cid}")),
                keeps_register.then(|| format!("/quan-tri/giay-chung-nhan/{cid}/pdf")),
            )
        });
    Ok(DossierPage {
        field_error: extra.field_error.clone(),
        national_path,
        council,
        board,
        w: crate::pages::criteria::SheetWords::VI,
        css: crate::assets::css_href(),
        title: format!("Hồ sơ #{id}: {}", d.product_name),
        id,
        product: d.product_name.clone(),
        product_href: format!("/san-pham/{}", d.product_slug),
        set_href: format!("/bo-tieu-chi/{}", d.criteria_set),
        set_name: format!("Bộ {}: {}", set.meta.number, set.meta.name),
        certificate,
        state: st.label_vi().into(),
        kind: d.kind.label_vi().into(),
        self_result: d
            .self_total
            .map(|t| format!("{t}/100 điểm, {} sao", d.self_stars.unwrap_or(0))),
        council_result: d.council_hundredths.map(|h| {
            format!(
                "{}/100 điểm, {} sao",
                ocop_domain::text::hundredths_vi(h),
                d.council_stars.unwrap_or(0)
            )
        }),
        national: d.national_review,
        events: state
            .store
            .dossier_events(id)
            .await?
            .into_iter()
            .map(|e| {
                let (at, who, action, comment) = (e.at, e.actor, e.action, e.comment);
                let to = e.to.label_vi();
                // The step in words ("Đưa ra hội đồng"), not its code.
                let verb = DossierAction::ALL
                    .iter()
                    .find(|a| a.code() == action)
                    .map_or_else(
                        || ocop_domain::audit_words::action_vi(&action).into_owned(),
                        |a| a.label_vi().to_owned(),
                    );
                let mut chars = verb.chars();
                let verb = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default();
                (
                    crate::pages::vn_time(at),
                    names.get(&who).cloned().unwrap_or(who),
                    format!("{verb} → {to}"),
                    comment.unwrap_or_default(),
                )
            })
            .collect(),
        actions,
        self_form: editable_self.then(|| parts_view(&set, &self_sheet)),
        commune_form,
        council_form,
        evidence: state
            .store
            .evidence_lines(id)
            .await?
            .into_iter()
            .map(|e| {
                (
                    format!("/quan-tri/ho-so/{id}/minh-chung/{}", e.id),
                    e.filename,
                    format!(
                        "tiêu chí {} · {} KB",
                        e.criterion_id,
                        (e.size_bytes + 1023) / 1024
                    ),
                )
            })
            .collect(),
        may_attach: editable_self,
        steps: if editable_self {
            super::task_list::steps(state, &d, &missing).await?
        } else {
            Vec::new()
        },
        self_reasons,
        waiting,
        may_comment,
        missing_evidence: missing,
        vault_choices: if editable_self {
            vault_choices(state, d.producer_id).await?
        } else {
            Vec::new()
        },
        renewal: if editable_self && d.kind.continues_an_earlier_dossier() {
            renewal(state, d.producer_id).await?
        } else {
            Vec::new()
        },
        criteria_choices: set
            .criteria()
            .map(|(_, _, c)| (c.id.clone(), format!("{} — {}", c.id, c.title)))
            .collect(),
        may_close: office && st == DossierState::InCouncil,
        may_recognise: office && st == DossierState::Scored,
        decision: extra.decision,
        conflict_reason: extra.conflict_reason,
        error: extra.error,
        notice: extra.notice,
    }
    .render()?)
}

pub(super) async fn vault_choices(
    state: &AppState,
    producer_id: i64,
) -> Result<Vec<(i64, String, bool)>, WebError> {
    let today = state.clock.today();
    Ok(state
        .store
        .documents_of(producer_id)
        .await?
        .into_iter()
        .map(|doc| {
            let validity = doc.validity(today);
            let usable = validity != ocop_domain::evidence::DocumentValidity::Expired;
            (
                doc.id,
                format!("{} ({})", doc.title, validity.label_vi()),
                usable,
            )
        })
        .collect())
}

/// A re-evaluation starts from the last dossier; what it must ask for is
/// what has run out since: the producer's kept documents that expired or end
/// soon.
pub(super) async fn renewal(state: &AppState, producer_id: i64) -> Result<Vec<String>, WebError> {
    use ocop_domain::evidence::DocumentValidity;
    let today = state.clock.today();
    Ok(state
        .store
        .documents_of(producer_id)
        .await?
        .into_iter()
        .filter_map(|doc| {
            let v = doc.validity(today);
            matches!(
                v,
                DocumentValidity::Expired | DocumentValidity::EndingSoon { .. }
            )
            .then(|| format!("{} — {}", doc.title, v.label_vi()))
        })
        .collect())
}
