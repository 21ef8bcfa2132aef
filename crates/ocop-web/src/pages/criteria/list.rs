//! Danh sách bộ tiêu chí — the public list of criteria versions, their sets
//! and the procedures they follow.

use super::*;

pub struct SetLine {
    pub href: String,
    pub number: i64,
    pub name: String,
    pub group: String,
    pub lead: String,
    pub flagged: bool,
}

pub struct VersionView {
    pub title: String,
    pub legal_reference: String,
    pub effective: String,
    pub structure_only: bool,
    pub verified: bool,
    pub parts: String,
    pub source: String,
    pub sets: Vec<SetLine>,
}

#[derive(Template)]
#[template(path = "criteria_list.html")]
pub(super) struct ListPage {
    c: Chrome,
    title: String,
    search_q: String,
    versions: Vec<VersionView>,
    /// "Hôm nay (05/12/2026) áp dụng …": the criteria and procedure in force.
    today: String,
    procedures: Vec<ProcedureView>,
}

/// A procedure as the public criteria page lists it.
pub struct ProcedureView {
    pub code: &'static str,
    pub decision: &'static str,
    pub period: String,
    pub applies_today: bool,
    pub needs_verified_text: bool,
    pub stages: Vec<&'static str>,
}

pub async fn list(State(state): State<AppState>, lang: Lang) -> Result<Html<String>, WebError> {
    let mut versions = Vec::new();
    for v in state
        .store
        .criteria_versions()
        .await?
        .into_iter()
        .filter(|v| v.status == ocop_domain::criteria::VersionStatus::Published)
    {
        let parts: Vec<serde_json::Value> = serde_json::from_str(&v.parts_json).unwrap_or_default();
        let parts = parts
            .iter()
            .map(|p| {
                format!(
                    "{} {} {} {}",
                    lang.s("Phần", "Part"),
                    p["code"].as_str().unwrap_or("?"),
                    p["max"],
                    lang.s("điểm", "points")
                )
            })
            .collect::<Vec<_>>()
            .join(" · ");
        let sets = state
            .store
            .criteria_sets_of(&v.version)
            .await?
            .into_iter()
            .map(|s| SetLine {
                href: format!("/bo-tieu-chi/{}", s.id),
                number: s.number,
                name: s.name,
                group: super::super::group_name_in(Some(&s.group_code), lang),
                lead: s.lead_agency,
                flagged: s.flag_count > 0,
            })
            .collect();
        versions.push(VersionView {
            title: v.title,
            legal_reference: v.legal_reference,
            effective: match v.effective_until {
                Some(until) => format!(
                    "{} {} {} {}",
                    lang.s("Áp dụng từ", "In force from"),
                    super::super::vn_day(v.effective_from),
                    lang.s("đến", "to"),
                    super::super::vn_day(until)
                ),
                None => format!(
                    "{} {}",
                    lang.s("Áp dụng từ", "In force from"),
                    super::super::vn_day(v.effective_from)
                ),
            },
            structure_only: v.structure_only,
            verified: v.verified,
            parts,
            source: v.source.unwrap_or_default(),
            sets,
        });
    }
    let today = state.clock.today();
    let governing = ocop_app::rules::governing(&state.store, today).await?;
    let verified = ocop_app::rounds::verified_procedures(&state.store).await?;
    let procedures = ocop_domain::ProcedureVersion::ALL
        .into_iter()
        .map(|p| ProcedureView {
            code: p.code(),
            decision: p.decision(),
            period: match p.in_force_until() {
                Some(until) => format!(
                    "{} – {}",
                    p.in_force_from().format("%d/%m/%Y"),
                    until.format("%d/%m/%Y")
                ),
                None => format!(
                    "{} {}",
                    lang.s("từ", "from"),
                    p.in_force_from().format("%d/%m/%Y")
                ),
            },
            applies_today: p.applies_on(today, &verified),
            needs_verified_text: p.needs_verified_text() && !verified.contains(&p),
            stages: p
                .stages()
                .iter()
                .map(|s| lang.s(s.stage.label_vi(), s.stage.label_en()))
                .collect(),
        })
        .collect();
    let today_line = format!(
        "{} {}: {} {}; {} {}.",
        lang.s("Hôm nay", "Today"),
        today.format("%d/%m/%Y"),
        lang.s("bộ tiêu chí", "criteria"),
        governing.criteria.as_ref().map_or_else(
            || lang.s("chưa xác định", "not established").to_owned(),
            |v| v.legal_reference.clone()
        ),
        lang.s("quy trình", "procedure"),
        governing.procedure.map_or_else(
            || lang.s("chưa xác định", "not established"),
            |p| p.decision()
        ),
    );
    let page = ListPage {
        today: today_line,
        procedures,
        c: Chrome::new(&state, lang, "/bo-tieu-chi").describe(lang.s(
            "Các bộ tiêu chí quốc gia đánh giá, phân hạng sản phẩm OCOP và phiếu tự đánh giá.",
            "The national criteria for rating OCOP products, with a self-assessment sheet.",
        )),
        title: lang
            .s(
                "Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP",
                "OCOP product rating criteria",
            )
            .into(),
        search_q: String::new(),
        versions,
    };
    Ok(Html(page.render()?))
}
