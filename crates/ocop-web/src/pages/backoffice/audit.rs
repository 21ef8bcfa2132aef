//! Nhật ký thay đổi dữ liệu — the audit log, filtered by person, action,
//! object and period, in words: local time, full names and roles, actions
//! in Vietnamese, before and after as the fields that changed.

use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use ocop_domain::access::Permission;
use ocop_store::audit::{AuditFilter, AuditRow};

/// The filters as the form sends them (Vietnamese names, dates as typed).
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct AuditQuery {
    pub nguoi: String,
    pub hanh_dong: String,
    pub doi_tuong: String,
    pub ma: String,
    /// From this day (Vietnam's date), `YYYY-MM-DD`.
    pub tu: String,
    /// To this day, inclusive.
    pub den: String,
}

impl AuditQuery {
    /// The store's filter: days in Vietnam turned into UTC bounds.
    fn filter(&self) -> AuditFilter {
        let bound = |day: &str, next: bool| {
            chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
                .ok()
                .and_then(|d| if next { d.succ_opt() } else { Some(d) })
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .and_then(|t| t.and_local_timezone(ocop_app::clock::vietnam()).single())
                .map(|t| {
                    t.with_timezone(&chrono::Utc)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                })
                .unwrap_or_default()
        };
        AuditFilter {
            actor: self.nguoi.trim().to_owned(),
            action: self.hanh_dong.trim().to_owned(),
            entity: self.doi_tuong.trim().to_owned(),
            entity_id: self.ma.trim().to_owned(),
            from: bound(&self.tu, false),
            until: bound(&self.den, true),
        }
    }
}

/// One entry as the page shows it.
pub struct Line {
    pub at: String,
    pub who: String,
    pub action: String,
    pub object: String,
    /// (field, before, after) of what changed.
    pub changes: Vec<ocop_domain::audit_words::Change>,
}

#[derive(Template)]
#[template(path = "bo_audit.html")]
struct AuditPage {
    css: &'static str,
    title: String,
    q: AuditQuery,
    lines: Vec<Line>,
    /// (username, "Full name — role") of everyone in the log.
    people: Vec<(String, String)>,
    actions: Vec<(String, String)>,
    entities: Vec<(String, String)>,
    /// The CSV of this very view.
    export_href: String,
    /// At most this many entries are shown; more are in the export.
    limit: usize,
}

const SHOWN: usize = 500;

fn line(r: AuditRow, names: &std::collections::HashMap<String, String>) -> Line {
    use ocop_domain::audit_words::{action_vi, changes, entity_vi};
    Line {
        at: crate::pages::vn_time(r.at),
        who: names
            .get(&r.actor)
            .cloned()
            .unwrap_or_else(|| r.actor.clone()),
        action: action_vi(&r.action).into_owned(),
        object: format!("{} {}", entity_vi(&r.entity), r.entity_id),
        changes: changes(r.before.as_deref(), r.after.as_deref()),
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ViewAuditLog)?;
    let names = super::people_named(&state).await?;
    let rows = state
        .store
        .audit_search(&q.filter(), i64::try_from(SHOWN).unwrap_or(500))
        .await?;
    let (actors, actions, entities) = state.store.audit_facets().await?;
    let export_href = format!(
        "/quan-tri/nhat-ky.csv?{}",
        serde_urlencoded::to_string(&q).unwrap_or_default()
    );
    Ok(Html(
        AuditPage {
            css: crate::assets::css_href(),
            title: "Nhật ký thay đổi dữ liệu".into(),
            lines: rows.into_iter().map(|r| line(r, &names)).collect(),
            people: actors
                .into_iter()
                .map(|a| {
                    let shown = names.get(&a).cloned().unwrap_or_else(|| a.clone());
                    (a, shown)
                })
                .collect(),
            actions: actions
                .into_iter()
                .map(|a| {
                    let w = ocop_domain::audit_words::action_vi(&a).into_owned();
                    (a, w)
                })
                .collect(),
            entities: entities
                .into_iter()
                .map(|e| {
                    let w = ocop_domain::audit_words::entity_vi(&e).into_owned();
                    (e, w)
                })
                .collect(),
            q,
            export_href,
            limit: SHOWN,
        }
        .render()?,
    ))
}

/// The log as CSV, the page's filters applied (UTF-8 with BOM, so Excel
/// shows Vietnamese correctly); stable codes and UTC times, for machines.
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<AuditQuery>,
) -> Result<Response, WebError> {
    user.require(Permission::ViewAuditLog)?;
    let rows = state.store.audit_search(&q.filter(), i64::MAX).await?;
    // The log names people and the addresses they signed in from.
    crate::download::audit_export(&state, &user, "audit_log", rows.len()).await?;
    let rows = rows.into_iter().map(|r| {
        [
            r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            r.actor,
            r.action,
            r.entity,
            r.entity_id,
            r.before.unwrap_or_default(),
            r.after.unwrap_or_default(),
        ]
    });
    let out = ocop_docs::csv_out::table(
        &[
            "thoi_gian",
            "nguoi_thuc_hien",
            "hanh_dong",
            "doi_tuong",
            "ma_doi_tuong",
            "truoc",
            "sau",
        ],
        rows,
    )
    .map_err(WebError::fault)?;
    Ok(crate::download::file(
        crate::download::CSV,
        "attachment; filename=\"nhat-ky.csv\"",
        out,
    ))
}
