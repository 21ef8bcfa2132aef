//! Hồ sơ — the dossier page is where every role does its part of a round.
//! The page shows only the forms and buttons this person may use in this
//! state; the service decides again on every post and says why it refuses.

use super::super::criteria::{PartView, parts_view};
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::cycle::{self, Actor, CycleError};
use ocop_domain::access::{Permission, Role};
use ocop_domain::criteria::ScoreSheet;
use ocop_domain::dossier::{DossierAction, DossierFacts, DossierState, transition};
use std::collections::BTreeMap;

pub fn actor(user: &CurrentUser) -> Actor {
    Actor {
        username: user.user.username.clone(),
        role: user.role,
        province_code: user.user.province_code.clone(),
        commune_code: user.user.commune_code.clone(),
        producer_id: user.user.producer_id,
        agency_code: user.user.agency_code.clone(),
    }
}

pub(super) fn cycle_error(e: CycleError) -> WebError {
    match e {
        CycleError::NotFound(_) => WebError::NotFound,
        CycleError::Forbidden(m) => WebError::Forbidden(m),
        CycleError::Store(s) => s.into(),
        CycleError::Rules(r) => r.into(),
        other => WebError::Unprocessable(other.to_string()),
    }
}

pub struct Line {
    pub href: String,
    pub product: String,
    pub round: String,
    pub commune: String,
    pub state: String,
}

#[derive(Template)]
#[template(path = "bo_dossiers.html")]
struct ListPage {
    css: &'static str,
    title: String,
    dossiers: Vec<Line>,
    may_open: bool,
}

/// The dossiers this person may see, as the list shows them.
pub(super) async fn visible_lines(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<Line>, WebError> {
    let a = actor(user);
    let sight = cycle::Sight::load(&state.store, &a)
        .await
        .map_err(cycle_error)?;
    let mut dossiers = Vec::new();
    for l in state
        .store
        .dossier_lines(&state.province.code, None)
        .await?
    {
        if sight.sees(&a, &l) {
            dossiers.push(Line {
                href: format!("/quan-tri/ho-so/{}", l.id),
                product: l.product_name,
                round: l.round_label,
                commune: l
                    .commune_name
                    .unwrap_or_else(|| super::super::UNKNOWN.into()),
                state: DossierState::parse(&l.state).map_or(l.state, |s| s.label_vi().to_owned()),
            });
        }
    }
    Ok(dossiers)
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::Dossiers)?;
    let dossiers = visible_lines(&state, &user).await?;
    let may_open = matches!(
        user.role,
        Role::Producer | Role::Commune | Role::Office | Role::Admin
    );
    Ok(Html(
        ListPage {
            css: crate::assets::css_href(),
            title: "Hồ sơ OCOP".into(),
            dossiers,
            may_open,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "bo_dossier_new.html")]
struct NewPage {
    css: &'static str,
    title: String,
    rounds: Vec<(i64, String)>,
    products: Vec<(String, String)>,
    round: String,
    product: String,
    kind: String,
    error: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewDossier {
    round: String,
    product: String,
    kind: String,
}

async fn new_page(
    state: &AppState,
    user: &CurrentUser,
    f: &NewDossier,
    error: Option<String>,
) -> Result<String, WebError> {
    let rounds = state
        .store
        .rounds(&state.province.code)
        .await?
        .into_iter()
        .map(|r| (r.id, r.label))
        .collect();
    // The products this person may file for: its own, its commune's, or all.
    let all = state
        .store
        .list_products(
            &state.province.code,
            &ocop_store::catalog::ProductFilter::default(),
        )
        .await?;
    let mut products = Vec::new();
    for p in all {
        let ok = match user.role {
            Role::Office | Role::Admin => true,
            Role::Producer => state
                .store
                .producer_facts(&state.province.code, &p.producer_slug)
                .await?
                .is_some_and(|f| Some(f.id) == user.user.producer_id),
            Role::Commune => state
                .store
                .producer_facts(&state.province.code, &p.producer_slug)
                .await?
                .is_some_and(|f| {
                    f.commune_code_2025.is_some() && f.commune_code_2025 == user.user.commune_code
                }),
            _ => false,
        };
        if ok {
            products.push((p.slug, format!("{} — {}", p.name, p.producer_name)));
        }
    }
    Ok(NewPage {
        css: crate::assets::css_href(),
        title: "Mở hồ sơ".into(),
        rounds,
        products,
        round: f.round.clone(),
        product: f.product.clone(),
        kind: if f.kind.is_empty() {
            "first".into()
        } else {
            f.kind.clone()
        },
        error,
    }
    .render()?)
}

/// The form, pre-chosen from the address when a reminder or the
/// certificate register links here (`?product=…&kind=reevaluation`): one
/// click opens the re-evaluation, pre-filled from the last dossier.
pub async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Query(start): axum::extract::Query<NewDossier>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::Dossiers)?;
    Ok(Html(new_page(&state, &user, &start, None).await?))
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<NewDossier>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    let round = f.round.trim().parse::<i64>().unwrap_or(0);
    match cycle::open_dossier(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        round,
        f.product.trim(),
        f.kind.trim(),
    )
    .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(CycleError::Store(e)) if e.is_unique_violation() => {
            let msg = "Sản phẩm này đã có hồ sơ trong đợt này.".to_owned();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(new_page(&state, &user, &f, Some(msg)).await?),
            )
                .into_response())
        }
        Err(e @ (CycleError::Invalid(_) | CycleError::NotFound(_) | CycleError::Forbidden(_))) => {
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(new_page(&state, &user, &f, Some(e.to_string())).await?),
            )
                .into_response())
        }
        Err(e) => Err(cycle_error(e)),
    }
}

#[derive(Template)]
#[template(path = "bo_dossier.html")]
struct DossierPage {
    css: &'static str,
    /// The score sheet's words (the back office is Vietnamese).
    w: super::super::criteria::SheetWords,
    title: String,
    id: i64,
    product: String,
    product_href: String,
    set_href: String,
    state: String,
    kind: String,
    self_result: Option<String>,
    council_result: Option<String>,
    national: bool,
    events: Vec<(String, String, String, String)>,
    actions: Vec<(&'static str, &'static str)>,
    self_form: Option<Vec<PartView>>,
    commune_form: Option<Vec<PartView>>,
    council_form: Option<Vec<PartView>>,
    may_close: bool,
    /// Who of the council has scored, for the office and the members.
    council: Option<CouncilView>,
    /// The national 5★ path, when the council found the product worthy.
    national_path: Option<super::national::NationalView>,
    /// A refusal of one field of the decision form.
    field_error: Option<(&'static str, String)>,
    may_recognise: bool,
    evidence: Vec<(String, String, String)>,
    may_attach: bool,
    /// Papers the self-assessment's claims need and the dossier lacks.
    missing_evidence: Vec<String>,
    /// Vault documents: (id, label with validity, still valid).
    vault_choices: Vec<(i64, String, bool)>,
    /// For a re-evaluation or upgrade being prepared: what to renew.
    renewal: Vec<String>,
    criteria_choices: Vec<(String, String)>,
    decision: (String, String, String),
    error: Option<String>,
    notice: Option<String>,
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "upgrade" => "Nâng hạng",
        "reevaluation" => "Đánh giá lại",
        _ => "Đánh giá lần đầu",
    }
}

pub(super) fn sheet_of(json: Option<&str>) -> ScoreSheet {
    json.and_then(|j| serde_json::from_str::<BTreeMap<String, String>>(j).ok())
        .map(ScoreSheet::from_ids)
        .unwrap_or_default()
}

/// Tiến độ chấm, as the dossier page says it.
pub struct CouncilView {
    /// "2/3 thành viên đã chấm".
    pub summary: String,
    /// Who has not scored yet, drafts said so.
    pub missing: Vec<String>,
    pub conflicted: Vec<String>,
    pub rule: String,
    pub source: String,
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

impl CouncilView {
    fn new(p: cycle::CouncilProgress) -> Self {
        Self {
            summary: format!(
                "{}/{} thành viên đã chấm",
                p.counted.len(),
                p.eligible.len()
            ),
            missing: p
                .missing
                .iter()
                .map(|u| {
                    if p.drafts.contains(u) {
                        format!("{u} (mới lưu nháp, chưa nộp)")
                    } else {
                        u.clone()
                    }
                })
                .collect(),
            conflicted: p.conflicted.clone(),
            rule: p.rule.combining_vi.to_owned(),
            source: p.rule.source.to_owned(),
        }
    }
}

struct Extra {
    error: Option<String>,
    notice: Option<String>,
    decision: (String, String, String),
    typed: Option<ScoreSheet>,
    /// The 5★ step form as typed, with its refusal.
    national: Option<(
        super::national::NationalForm,
        Option<(&'static str, String)>,
    )>,
    /// A refusal of one field of the decision form: (field, message).
    field_error: Option<(&'static str, String)>,
}

async fn page(
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
    let line = state
        .store
        .dossier_lines(&state.province.code, Some(d.round_id))
        .await?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or(WebError::NotFound)?;
    if !cycle::may_see(&state.store, &a, &line)
        .await
        .map_err(cycle_error)?
    {
        return Err(WebError::Forbidden(
            "Hồ sơ này nằm ngoài phạm vi được giao cho tài khoản.".into(),
        ));
    }
    let st = DossierState::parse(&d.state)
        .ok_or_else(|| WebError::Internal(format!("trạng thái lạ {}", d.state)))?;
    let set = ocop_app::rules::set(&state.store, &d.criteria_set)
        .await?
        .ok_or(WebError::NotFound)?
        .0;
    // Buttons: actions this role may take from this state (requirements are
    // checked when pressed, so the reason shows if one is missing).
    let procedure = state
        .store
        .round(d.round_id)
        .await?
        .and_then(|r| ocop_domain::ProcedureVersion::parse(&r.procedure))
        .unwrap_or_default();
    let permissive = DossierFacts {
        procedure,
        form_complete: true,
        evidence_complete: true,
        has_comments: true,
        commune_criteria_scored: true,
        sheets_submitted: 1,
        quorum: 1,
        certifiable: true,
    };
    let actions = [
        DossierAction::Submit,
        DossierAction::Return,
        DossierAction::Resubmit,
        DossierAction::PreAssess,
        DossierAction::Review,
        DossierAction::OpenCouncil,
        DossierAction::ReopenScoring,
        DossierAction::Withdraw,
    ]
    .into_iter()
    .filter(|act| transition(st, *act, user.role, &permissive).is_ok())
    .map(|act| (act.code(), act.label_vi()))
    .collect();
    let editable_self = matches!(st, DossierState::Draft | DossierState::Returned)
        && matches!(
            user.role,
            Role::Producer | Role::Commune | Role::Office | Role::Admin
        );
    let typed = extra.typed.clone();
    let self_sheet = typed
        .clone()
        .unwrap_or_else(|| sheet_of(d.self_assessment.as_deref()));
    let assigned = set.commune_criteria();
    let commune_form = (st == DossierState::Submitted && user.role == Role::Commune).then(|| {
        let mut view = parts_view(
            &set,
            &typed
                .clone()
                .unwrap_or_else(|| sheet_of(d.commune_assessment.as_deref())),
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
    let council =
        if matches!(st, DossierState::InCouncil | DossierState::Scored) && (office || member) {
            Some(CouncilView::new(
                cycle::progress(&state.store, id)
                    .await
                    .map_err(cycle_error)?,
            ))
        } else {
            None
        };
    let national_path = super::national::view(state, id, office, extra.national.clone()).await?;
    Ok(DossierPage {
        field_error: extra.field_error.clone(),
        national_path,
        council,
        w: super::super::criteria::SheetWords::VI,
        css: crate::assets::css_href(),
        title: format!("Hồ sơ #{id}: {}", d.product_name),
        id,
        product: d.product_name.clone(),
        product_href: format!("/san-pham/{}", d.product_slug),
        set_href: format!("/bo-tieu-chi/{}", d.criteria_set),
        state: st.label_vi().into(),
        kind: kind_label(&d.kind).into(),
        self_result: d
            .self_total
            .map(|t| format!("{t}/100 điểm, {} sao", d.self_stars.unwrap_or(0))),
        council_result: d.council_hundredths.map(|h| {
            format!(
                "{:.2}/100 điểm, {} sao",
                h as f64 / 100.0,
                d.council_stars.unwrap_or(0)
            )
        }),
        national: d.national_review,
        events: state
            .store
            .dossier_events(id)
            .await?
            .into_iter()
            .map(|(at, who, action, _, to, comment)| {
                let to = DossierState::parse(&to).map_or(to, |s| s.label_vi().to_owned());
                (
                    at,
                    who,
                    format!("{action} → {to}"),
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
        missing_evidence: if editable_self {
            cycle::missing_evidence(&state.store, &d, &set)
                .await
                .map_err(cycle_error)?
        } else {
            Vec::new()
        },
        vault_choices: if editable_self {
            vault_choices(state, d.producer_id).await?
        } else {
            Vec::new()
        },
        renewal: if editable_self && d.kind != "first" {
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
        error: extra.error,
        notice: extra.notice,
    }
    .render()?)
}

async fn vault_choices(
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
async fn renewal(state: &AppState, producer_id: i64) -> Result<Vec<String>, WebError> {
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

/// Refuses (403) a dossier outside the person's reach, before any action.
pub(super) async fn ensure_visible(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<(), WebError> {
    let line = state
        .store
        .dossier_lines(&state.province.code, None)
        .await?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or(WebError::NotFound)?;
    if cycle::may_see(&state.store, &actor(user), &line)
        .await
        .map_err(cycle_error)?
    {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "Hồ sơ này nằm ngoài phạm vi được giao cho tài khoản.".into(),
        ))
    }
}

fn none() -> Extra {
    Extra {
        error: None,
        notice: None,
        decision: Default::default(),
        typed: None,
        national: None,
        field_error: None,
    }
}

/// The dossier page again, with the 5★ step form as typed and why it was
/// refused next to the field.
pub(super) async fn refused_national(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    typed: super::national::NationalForm,
    error: (&'static str, String),
) -> Result<Response, WebError> {
    let extra = Extra {
        national: Some((typed, Some(error))),
        ..none()
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        Html(page(state, user, id, extra).await?),
    )
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::Dossiers)?;
    Ok(Html(page(&state, &user, id, none()).await?))
}

/// Re-renders the page with the service's refusal, keeping what was typed.
async fn refused(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    e: CycleError,
    typed: Option<ScoreSheet>,
    decision: (String, String, String),
) -> Result<Response, WebError> {
    match e {
        CycleError::Forbidden(m) => Err(WebError::Forbidden(m)),
        CycleError::NotFound(_) => Err(WebError::NotFound),
        // A step someone else took first is said on the page; a fault is a 500.
        CycleError::Store(s) if !matches!(s, ocop_store::StoreError::Conflict(_)) => Err(s.into()),
        other => {
            // A refusal tied to one field of the decision form is said there.
            let field_error = match &other {
                CycleError::Field { field, message } => Some((*field, message.clone())),
                _ => None,
            };
            let extra = Extra {
                error: field_error.is_none().then(|| other.to_string()),
                field_error,
                notice: None,
                decision,
                typed,
                national: None,
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(page(state, user, id, extra).await?),
            )
                .into_response())
        }
    }
}

/// Back to the dossier on success; otherwise the page with the refusal,
/// keeping what was chosen.
pub(super) async fn back_or_refused<T>(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    result: Result<T, CycleError>,
    typed: Option<ScoreSheet>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(state, user, id, e, typed, Default::default()).await,
    }
}

fn choices(fields: Vec<(String, String)>) -> BTreeMap<String, String> {
    fields
        .into_iter()
        .filter(|(k, v)| !v.is_empty() && !k.starts_with('_'))
        .collect()
}

pub async fn self_assessment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let c = choices(f);
    let result =
        cycle::save_self_assessment(&state.store, state.clock.as_ref(), &actor(&user), id, &c)
            .await;
    back_or_refused(&state, &user, id, result, Some(ScoreSheet::from_ids(c))).await
}

pub async fn commune_assessment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let c = choices(f);
    let result =
        cycle::save_commune_assessment(&state.store, state.clock.as_ref(), &actor(&user), id, &c)
            .await;
    back_or_refused(&state, &user, id, result, Some(ScoreSheet::from_ids(c))).await
}

/// The step form: `action`, a general `comment`, and rows of
/// `item_criterion` / `item_comment` for comments on particular criteria.
fn step_comment(fields: &[(String, String)]) -> Option<String> {
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let criteria = fields
        .iter()
        .filter(|(k, _)| k == "item_criterion")
        .map(|(_, v)| v.trim());
    let comments = fields
        .iter()
        .filter(|(k, _)| k == "item_comment")
        .map(|(_, v)| v.trim());
    let mut lines: Vec<String> = Vec::new();
    let general = value("comment");
    if !general.is_empty() {
        lines.push(general);
    }
    for (criterion, comment) in criteria.zip(comments).filter(|(_, c)| !c.is_empty()) {
        lines.push(if criterion.is_empty() {
            comment.to_owned()
        } else {
            format!("Tiêu chí {criterion}: {comment}")
        });
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

pub async fn act(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let code = fields
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let Some(action) = DossierAction::ALL.into_iter().find(|a| a.code() == code) else {
        return Err(WebError::BadRequest(format!("không có hành động «{code}»")));
    };
    let comment = step_comment(&fields);
    match cycle::act(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        action,
        comment.as_deref(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(&state, &user, id, e, None, Default::default()).await,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Conflict {
    reason: String,
}

pub async fn conflict(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<Conflict>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    match cycle::declare_conflict(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        &f.reason,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(&state, &user, id, e, None, Default::default()).await,
    }
}

pub async fn score(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let draft = f.iter().any(|(k, _)| k == "_draft");
    let c = choices(f);
    let result = if draft {
        cycle::save_sheet_draft(&state.store, state.clock.as_ref(), &actor(&user), id, &c)
            .await
            .map(|saved| match saved.missing.len() {
                0 => format!(
                    "Đã lưu nháp phiếu chấm: {} điểm. Phiếu đã đủ tiêu chí nhưng chỉ được tính khi bấm «Nộp phiếu chấm».",
                    saved.total
                ),
                n => format!(
                    "Đã lưu nháp phiếu chấm: {} điểm, còn {n} tiêu chí chưa chấm ({}). Phiếu nháp không được tính.",
                    saved.total,
                    saved.missing.join(", ")
                ),
            })
    } else {
        cycle::score_as_member(&state.store, state.clock.as_ref(), &actor(&user), id, &c)
            .await
            .map(|total| {
                format!("Đã nộp phiếu chấm: {total} điểm. Có thể sửa cho tới khi phiếu bị khóa.")
            })
    };
    match result {
        Ok(notice) => {
            let extra = Extra {
                notice: Some(notice),
                ..none()
            };
            Ok(Html(page(&state, &user, id, extra).await?).into_response())
        }
        Err(e) => {
            refused(
                &state,
                &user,
                id,
                e,
                Some(ScoreSheet::from_ids(c)),
                Default::default(),
            )
            .await
        }
    }
}

pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    match cycle::close_scoring(&state.store, state.clock.as_ref(), &actor(&user), id).await {
        Ok(c) => {
            let mut notice = format!(
                "Đã khóa phiếu: trung bình {:.2} điểm, {} sao.",
                c.average_hundredths as f64 / 100.0,
                c.stars
            );
            if !c.outliers.is_empty() {
                let names: Vec<String> = c
                    .outliers
                    .iter()
                    .map(|(u, t)| format!("{u} ({t} điểm)"))
                    .collect();
                notice.push_str(&format!(
                    " Lưu ý chủ tịch hội đồng: điểm lệch xa trung vị của {}.",
                    names.join(", ")
                ));
            }
            Ok(Html(
                page(
                    &state,
                    &user,
                    id,
                    Extra {
                        notice: Some(notice),
                        ..none()
                    },
                )
                .await?,
            )
            .into_response())
        }
        Err(e) => refused(&state, &user, id, e, None, Default::default()).await,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    number: String,
    issued_on: String,
    signer: String,
}

pub async fn recognise(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let typed = (f.number.clone(), f.issued_on.clone(), f.signer.clone());
    let Ok(date) = chrono::NaiveDate::parse_from_str(f.issued_on.trim(), "%Y-%m-%d") else {
        return refused(
            &state,
            &user,
            id,
            CycleError::Invalid("Ngày ký quyết định không hợp lệ.".into()),
            None,
            typed,
        )
        .await;
    };
    match cycle::recognise(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        &f.number,
        date,
        &f.signer,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(&state, &user, id, e, None, typed).await,
    }
}

/// Attaches evidence (multipart: `criterion` and `file`).
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    // Access first: the body is read only for someone allowed to send it.
    ensure_visible(&state, &user, id).await?;
    let upload = super::upload::read(&state, req).await?;
    let criterion = upload.text("criterion");
    let Some((name, bytes)) = upload.file else {
        return refused(
            &state,
            &user,
            id,
            CycleError::Invalid("Chọn tệp minh chứng.".into()),
            None,
            Default::default(),
        )
        .await;
    };
    match cycle::attach_evidence(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        criterion.trim(),
        &name,
        &bytes,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(&state, &user, id, e, None, Default::default()).await,
    }
}

/// Downloads evidence: always as an attachment of its checked type, never
/// shown inline, so a file can never run as a page of this site.
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let (name, content_type, data) = state
        .store
        .evidence_file(id, file)
        .await?
        .ok_or(WebError::NotFound)?;
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
            (
                axum::http::header::CACHE_CONTROL,
                "private, no-store".to_owned(),
            ),
        ],
        data,
    )
        .into_response())
}
