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

mod list;
mod views;

pub use list::*;
pub use views::*;
/// The words of a score sheet around the criteria, which stay as issued
/// (Vietnamese): the back office uses [`SheetWords::VI`].
pub struct SheetWords {
    pub part: &'static str,
    /// One point (English counts it in the singular).
    pub point: &'static str,
    pub points: &'static str,
    pub at_most: &'static str,
    pub one_of: &'static str,
    pub unanswered: &'static str,
    pub not_applicable: &'static str,
}

impl SheetWords {
    pub const VI: Self = Self {
        part: "Phần",
        point: "điểm",
        points: "điểm",
        at_most: "tối đa",
        one_of: "Chỉ chấm một trong các trường hợp dưới đây.",
        unanswered: "Chưa chấm (0 điểm)",
        not_applicable: "Không áp dụng (0 điểm, không đạt tiêu chí bắt buộc)",
    };
    pub const EN: Self = Self {
        part: "Part",
        point: "point",
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

/// The request's state and language, which every sheet page needs.
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
            Html(sheet_page(
                &cx,
                &set,
                &sheet,
                None,
                Some(if lang.is_en() {
                    ocop_domain::form::English::english(&e)
                } else {
                    e.to_string()
                }),
            )?),
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
