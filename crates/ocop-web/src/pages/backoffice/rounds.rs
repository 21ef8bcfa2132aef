//! Đợt đánh giá — rounds, their stages and deadlines, and what is late.

use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::Permission;
use ocop_store::cycle::RoundDeadlines;

pub struct RoundLine {
    pub href: String,
    pub label: String,
    pub year: i64,
    pub procedure: String,
    pub dossiers: usize,
    pub late: usize,
}

pub struct DossierView {
    pub href: String,
    pub product: String,
    pub commune: String,
    pub state: String,
    pub late: Option<String>,
}

#[derive(Template)]
#[template(path = "bo_rounds.html")]
struct RoundsPage {
    css: &'static str,
    title: String,
    rounds: Vec<RoundLine>,
    may_create: bool,
    form: NewRound,
    errors: Vec<(&'static str, String)>,
}

impl RoundsPage {
    /// The refusal for one field, shown next to it.
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e.as_str())
    }
}

#[derive(Template)]
#[template(path = "bo_round.html")]
struct RoundPage {
    css: &'static str,
    title: String,
    id: i64,
    deadlines: Vec<(&'static str, String)>,
    /// Seated members by full name, the chair marked.
    members: Vec<(String, bool)>,
    advisers: Vec<String>,
    /// Accounts that may be seated and are not yet: (group, [(username, "Full name (username)")]).
    eligible: Vec<(&'static str, Vec<(String, String)>)>,
    /// The office and those seated in the round see who sits on it.
    sees_council: bool,
    dossiers: Vec<DossierView>,
    late_by_commune: Vec<(String, usize)>,
    late_by_department: Vec<(String, usize)>,
    may_manage: bool,
    error: Option<String>,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct NewRound {
    pub year: String,
    pub label: String,
    pub procedure: String,
    pub dossier_until: String,
    pub commune_until: String,
    pub advisory_until: String,
    pub council_until: String,
    pub decision_until: String,
}

fn may_manage(user: &CurrentUser) -> bool {
    user.role.can(Permission::ManageRounds)
}

fn vn(date: &Option<chrono::NaiveDate>) -> String {
    date.map_or_else(|| "—".to_owned(), super::super::vn_day)
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    form: NewRound,
    errors: Vec<(&'static str, String)>,
) -> Result<String, WebError> {
    let today = state.clock.today();
    let mut rounds = Vec::new();
    for r in state.store.rounds(&state.province.code).await? {
        let lines = state
            .store
            .dossier_lines(&state.province.code, Some(r.id))
            .await?;
        let late = lines
            .iter()
            .filter(|l| ocop_app::cycle::is_late(l.state, &r.deadlines, today))
            .count();
        rounds.push(RoundLine {
            href: format!("/quan-tri/dot/{}", r.id),
            label: r.label,
            year: r.year,
            procedure: r.procedure.code().to_owned(),
            dossiers: lines.len(),
            late,
        });
    }
    Ok(RoundsPage {
        css: crate::assets::css_href(),
        title: "Đợt đánh giá".into(),
        rounds,
        may_create: may_manage(user),
        form,
        errors,
    }
    .render()?)
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::Dossiers)?;
    let form = NewRound {
        procedure: "1489/2025".into(),
        year: state.clock.today().format("%Y").to_string(),
        ..NewRound::default()
    };
    Ok(Html(list_page(&state, &user, form, Vec::new()).await?))
}

/// The office creates a round; every field's problem is shown by the field.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<NewRound>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let mut errors = Vec::new();
    let year = f
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2019..=2100).contains(y));
    if year.is_none() {
        errors.push(("year", "Năm phải là số có 4 chữ số, từ 2019.".to_owned()));
    }
    let mut date = |field: &'static str, v: &str| -> Option<chrono::NaiveDate> {
        match v.trim() {
            "" => None,
            t => match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push((field, "Ngày không hợp lệ.".to_owned()));
                    None
                }
            },
        }
    };
    let deadlines = RoundDeadlines {
        registration_until: None,
        dossier_until: date("dossier_until", &f.dossier_until),
        commune_until: date("commune_until", &f.commune_until),
        advisory_until: date("advisory_until", &f.advisory_until),
        council_until: date("council_until", &f.council_until),
        decision_until: date("decision_until", &f.decision_until),
    };
    let round = ocop_app::rounds::NewRound {
        year: year.unwrap_or_default(),
        label: f.label.clone(),
        procedure: f.procedure.clone(),
        deadlines,
    };
    let created = if errors.is_empty() {
        ocop_app::rounds::create_round(
            &state.store,
            state.clock.as_ref(),
            &state.province.code,
            &user.user.username,
            &round,
        )
        .await
    } else {
        Err(ocop_app::rounds::RoundError::Fields(Vec::new()))
    };
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/quan-tri/dot/{id}")).into_response()),
        Err(ocop_app::rounds::RoundError::Store(e)) => Err(e.into()),
        Err(e) => {
            match e {
                ocop_app::rounds::RoundError::Fields(more) => errors.extend(more),
                other => errors.push(("label", other.to_string())),
            }
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                Html(list_page(&state, &user, f, errors).await?),
            )
                .into_response())
        }
    }
}

async fn round_page(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    error: Option<String>,
) -> Result<String, WebError> {
    let r = state
        .store
        .round(id)
        .await?
        .filter(|r| r.province_code == state.province.code)
        .ok_or(WebError::NotFound)?;
    let actor = super::dossiers::actor(user);
    let today = state.clock.today();
    let mut dossiers = Vec::new();
    let mut late_by_commune: std::collections::BTreeMap<String, usize> =
        std::collections::BTreeMap::new();
    let mut late_by_department: std::collections::BTreeMap<String, usize> =
        std::collections::BTreeMap::new();
    let leads = state.store.department_leads(&state.province.code).await?;
    let sight = ocop_app::scope::Sight::load(&state.store, &actor).await?;
    for l in state
        .store
        .dossier_lines_within(&state.province.code, Some(id), &sight.dossier_filter())
        .await?
    {
        if !sight.sees(&l) {
            continue;
        }
        let late = Some(l.state)
            .filter(|s| ocop_app::cycle::is_late(*s, &r.deadlines, today))
            .and_then(|s| {
                ocop_app::cycle::stage_deadline(s, &r.deadlines).map(super::super::vn_day)
            });
        let commune = l
            .commune_name
            .clone()
            .unwrap_or_else(|| super::super::UNKNOWN.to_owned());
        if late.is_some() {
            *late_by_commune.entry(commune.clone()).or_default() += 1;
            let department = leads.lead_name(Some(&l.criteria_set), l.group_code.as_deref());
            *late_by_department.entry(department).or_default() += 1;
        }
        dossiers.push(DossierView {
            href: format!("/quan-tri/ho-so/{}", l.id),
            product: l.product_name,
            commune,
            state: l.state.label_vi().to_owned(),
            late,
        });
    }
    let members = state.store.council_members(id).await?;
    let advisers = state.store.advisory_members(id).await?;
    let sees_council = sight.sees_council(id);
    let people = state.store.people().await?;
    let full = |u: &str| people.named_with_position(u);
    let eligible = if may_manage(user) {
        [
            ("Thành viên hội đồng", ocop_domain::access::Role::Council),
            ("Tổ tư vấn", ocop_domain::access::Role::Advisory),
        ]
        .into_iter()
        .map(|(label, role)| {
            let free = people
                .all()
                .into_iter()
                .filter(|a| {
                    a.role == role
                        && a.province_code == state.province.code
                        && !members.iter().any(|(m, _)| *m == a.username)
                        && !advisers.contains(&a.username)
                })
                .map(|a| {
                    (
                        a.username.clone(),
                        format!("{} ({})", a.with_position(), a.username),
                    )
                })
                .collect();
            (label, free)
        })
        .collect()
    } else {
        Vec::new()
    };
    let members: Vec<(String, bool)> = members.iter().map(|(m, c)| (full(m), *c)).collect();
    let advisers: Vec<String> = advisers.iter().map(|a| full(a)).collect();
    let d = &r.deadlines;
    Ok(RoundPage {
        css: crate::assets::css_href(),
        title: format!("{} ({})", r.label, r.procedure.code()),
        id,
        deadlines: vec![
            ("Hoàn thiện hồ sơ", vn(&d.dossier_until)),
            ("Xã đánh giá sơ bộ", vn(&d.commune_until)),
            ("Tổ tư vấn xem xét", vn(&d.advisory_until)),
            ("Hội đồng chấm", vn(&d.council_until)),
            ("Ban hành quyết định", vn(&d.decision_until)),
        ],
        members: if sees_council { members } else { Vec::new() },
        advisers: if sees_council { advisers } else { Vec::new() },
        eligible,
        sees_council,
        dossiers,
        late_by_commune: late_by_commune.into_iter().collect(),
        late_by_department: late_by_department.into_iter().collect(),
        may_manage: may_manage(user),
        error,
    }
    .render()?)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::Dossiers)?;
    Ok(Html(round_page(&state, &user, id, None).await?))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Member {
    username: String,
    chair: Option<String>,
}

/// The office seats a council member (an existing account with the council role).
pub async fn add_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(m): Form<Member>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let username = m.username.trim();
    let target = state.store.user_by_username(username).await?;
    let stamp = state.clock.stamp();
    match target.as_ref().map(|u| u.role.as_str()) {
        Some("council") => {
            state
                .store
                .add_council_member(id, username, m.chair.is_some(), &user.user.username, &stamp)
                .await?
        }
        // Advisers are seated without the chair; they review, they do not score.
        Some("advisory") if m.chair.is_none() => {
            let by = ocop_store::cycle::By {
                actor: &user.user.username,
                at: &stamp,
            };
            state.store.add_advisory_member(id, username, by).await?
        }
        _ => {
            let msg = format!(
                "Không có tài khoản thành viên hội đồng hoặc tổ tư vấn «{username}» (tổ tư vấn không làm chủ tịch hội đồng)."
            );
            return Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                Html(round_page(&state, &user, id, Some(msg)).await?),
            )
                .into_response());
        }
    }
    Ok(Redirect::to(&format!("/quan-tri/dot/{id}")).into_response())
}
