//! Bộ tiêu chí — public pages for the criteria sets: the list, each whole
//! score sheet (which is also the producers' self-assessment calculator) and
//! a blank sheet for print.

use crate::api::criteria::published;
use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::{Html, IntoResponse, Response};
use ocop_domain::criteria::{Advice, Choice, CriteriaSet, ScoreResult, ScoreSheet, advise, score};

/// The words of a score sheet around the criteria, which stay as issued
/// (Vietnamese): the back office uses [`SheetWords::VI`].
pub struct SheetWords {
    pub part: &'static str,
    pub points: &'static str,
    pub at_most: &'static str,
    pub one_of: &'static str,
    pub unanswered: &'static str,
    pub not_applicable: &'static str,
}

impl SheetWords {
    pub const VI: Self = Self {
        part: "Phần",
        points: "điểm",
        at_most: "tối đa",
        one_of: "Chỉ chấm một trong các trường hợp dưới đây.",
        unanswered: "Chưa chấm (0 điểm)",
        not_applicable: "Không áp dụng (0 điểm, không đạt tiêu chí bắt buộc)",
    };
    pub const EN: Self = Self {
        part: "Part",
        points: "points",
        at_most: "at most",
        one_of: "Score only one of the cases below.",
        unanswered: "Not scored (0 points)",
        not_applicable: "Does not apply (0 points; a required criterion is then not met)",
    };

    pub fn of(lang: Lang) -> Self {
        match lang {
            Lang::Vi => Self::VI,
            Lang::En => Self::EN,
        }
    }
}

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
struct ListPage {
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
        .filter(|v| v.status == "published")
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
                group: super::group_name_in(Some(&s.group_code), lang),
                lead: s.lead_agency,
                flagged: s.flag_count > 0,
            })
            .collect();
        versions.push(VersionView {
            title: v.title,
            legal_reference: v.legal_reference,
            effective: match &v.effective_until {
                Some(until) => format!(
                    "{} {} {} {}",
                    lang.s("Áp dụng từ", "In force from"),
                    super::vn_date(&v.effective_from),
                    lang.s("đến", "to"),
                    super::vn_date(until)
                ),
                None => format!(
                    "{} {}",
                    lang.s("Áp dụng từ", "In force from"),
                    super::vn_date(&v.effective_from)
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

pub struct OptionView {
    pub id: String,
    pub text: String,
    pub points: u32,
    pub mark: Option<String>,
    pub checked: bool,
}

pub struct CriterionView {
    /// The stable id answers are keyed by (`1.dd`).
    pub id: String,
    /// The id as the decision numbers it (`1.đ`).
    pub label: String,
    pub title: String,
    pub note: Option<String>,
    pub max: u32,
    pub mark: Option<String>,
    pub may_not_apply: bool,
    pub not_applicable: bool,
    pub unanswered: bool,
    pub options: Vec<OptionView>,
}

pub struct SectionView {
    pub number: u32,
    pub title: String,
    pub note: Option<String>,
    pub max: u32,
    pub alternatives: bool,
    pub criteria: Vec<CriterionView>,
}

pub struct PartView {
    pub code: String,
    pub title: String,
    pub max: u32,
    pub sections: Vec<SectionView>,
}

pub struct ResultView {
    pub total: u32,
    pub stars: u8,
    pub band_stars: u8,
    pub stars_text: String,
    pub certifiable: bool,
    pub parts: Vec<(String, u32, u32)>,
    pub held: Vec<String>,
    pub advice_summary: Option<String>,
    pub advice_steps: Vec<String>,
}

#[derive(Template)]
#[template(path = "criteria_sheet.html")]
struct SheetPage {
    c: Chrome,
    search_q: String,
    w: SheetWords,
    title: String,
    id: String,
    group: String,
    lead: String,
    lead_verified: bool,
    legal_reference: String,
    flags: Vec<String>,
    parts: Vec<PartView>,
    result: Option<ResultView>,
    error: Option<String>,
}

fn mark_text(mark: Option<u8>, whole: bool) -> Option<String> {
    // The marks are part of the criteria as issued, like their text.
    mark.map(|m| {
        if whole {
            format!("Bắt buộc cho {m} sao: phải đạt trên 0 điểm")
        } else {
            format!("Mức tối thiểu cho {m} sao")
        }
    })
}

pub(crate) fn parts_view(set: &CriteriaSet, sheet: &ScoreSheet) -> Vec<PartView> {
    set.parts
        .iter()
        .map(|p| PartView {
            code: p.code.clone(),
            title: p.title.clone(),
            max: p.max,
            sections: p
                .sections
                .iter()
                .map(|s| SectionView {
                    number: s.number,
                    title: s.title.clone(),
                    note: s.note.clone(),
                    max: s.max,
                    alternatives: s.alternatives,
                    criteria: s
                        .criteria
                        .iter()
                        .map(|c| {
                            let chosen = sheet.choices.get(&c.id);
                            CriterionView {
                                id: c.id.clone(),
                                label: ocop_domain::criteria::shown_id(&c.id),
                                title: c.title.clone(),
                                note: if Some(&c.note) == Some(&s.note) { None } else { c.note.clone() },
                                max: c.max,
                                mark: mark_text(c.mark, true),
                                may_not_apply: c.may_not_apply,
                                not_applicable: matches!(chosen, Some(Choice::NotApplicable)),
                                unanswered: chosen.is_none(),
                                options: c
                                    .options
                                    .iter()
                                    .map(|o| OptionView {
                                        id: o.id.clone(),
                                        text: o.text.clone(),
                                        points: o.points,
                                        mark: mark_text(o.mark, false),
                                        checked: matches!(chosen, Some(Choice::Option(x)) if *x == o.id),
                                    })
                                    .collect(),
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn result_view(r: &ScoreResult, advice: Option<&Advice>, lang: Lang) -> ResultView {
    ResultView {
        total: r.total,
        stars: r.stars,
        band_stars: r.band_stars,
        stars_text: super::stars_text_in(Some(i64::from(r.stars)), lang),
        certifiable: r.certifiable,
        parts: r
            .parts
            .iter()
            .map(|(k, p)| (k.clone(), p.score, p.max))
            .collect(),
        held: r.held_back_by.iter().map(|h| h.message.clone()).collect(),
        advice_summary: advice.map(|a| a.summary.clone()),
        advice_steps: advice
            .map(|a| a.steps.iter().map(|s| s.message.clone()).collect())
            .unwrap_or_default(),
    }
}

struct SheetContext<'a> {
    state: &'a AppState,
    lang: Lang,
}

fn sheet_page(
    cx: &SheetContext<'_>,
    set: &CriteriaSet,
    sheet: &ScoreSheet,
    result: Option<ResultView>,
    error: Option<String>,
) -> Result<String, WebError> {
    let lang = cx.lang;
    let page = SheetPage {
        c: Chrome::new(cx.state, lang, &format!("/bo-tieu-chi/{}", set.id)),
        search_q: String::new(),
        w: SheetWords::of(lang),
        title: format!(
            "{} {} — {}",
            lang.s("Bộ", "Set"),
            set.meta.number,
            set.meta.name
        ),
        id: set.id.clone(),
        group: super::group_name_in(Some(&set.meta.group), lang),
        lead: set.meta.lead_agency.clone(),
        lead_verified: set.meta.lead_verified,
        legal_reference: set.meta.legal_reference.clone(),
        flags: set.flags.clone(),
        parts: parts_view(set, sheet),
        result,
        error,
    };
    Ok(page.render()?)
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let set = published(&state, &id).await?;
    Ok(Html(sheet_html(&state, lang, &set)?))
}

/// A set's whole sheet, blank (also the administrator's preview of a draft,
/// shown as the public will see it).
pub(crate) fn sheet_html(
    state: &AppState,
    lang: Lang,
    set: &CriteriaSet,
) -> Result<String, WebError> {
    sheet_page(
        &SheetContext { state, lang },
        set,
        &ScoreSheet::default(),
        None,
        None,
    )
}

/// The self-assessment: the filled sheet back, with the result on top. Nothing
/// is stored; a bad answer is reported and everything chosen is kept.
pub async fn assess(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let set = published(&state, &id).await?;
    let sheet = ScoreSheet::from_ids(fields.into_iter().filter(|(_, v)| !v.is_empty()));
    let cx = SheetContext {
        state: &state,
        lang,
    };
    let outcome = score(&set, &sheet).and_then(|r| advise(&set, &sheet).map(|a| (r, a)));
    Ok(match outcome {
        Ok((r, advice)) => Html(sheet_page(
            &cx,
            &set,
            &sheet,
            Some(result_view(&r, advice.as_ref(), lang)),
            None,
        )?)
        .into_response(),
        Err(e) => (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Html(sheet_page(&cx, &set, &sheet, None, Some(e.to_string()))?),
        )
            .into_response(),
    })
}

#[derive(Template)]
#[template(path = "criteria_print.html")]
struct PrintPage {
    css: &'static str,
    title: String,
    name: String,
    number: u8,
    legal_reference: String,
    parts: Vec<PartView>,
}

/// A blank score sheet for a council member to fill by hand.
pub async fn print(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let set = published(&state, &id).await?;
    let page = PrintPage {
        css: crate::assets::css_href(),
        title: format!("Phiếu chấm — bộ {}", set.meta.number),
        name: set.meta.name.clone(),
        number: set.meta.number,
        legal_reference: set.meta.legal_reference.clone(),
        parts: parts_view(&set, &ScoreSheet::default()),
    };
    Ok(Html(page.render()?))
}

/// The blank sheet as an Excel workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let set = published(&state, &id).await?;
    let bytes = crate::download::build(move || ocop_docs::blank_score_sheet_xlsx(&set)).await?;
    let disposition = format!("attachment; filename=\"phieu-cham-{id}.xlsx\"");
    Ok(crate::download::file(
        crate::download::XLSX,
        disposition,
        bytes,
    ))
}
