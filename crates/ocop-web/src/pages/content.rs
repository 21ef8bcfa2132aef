//! Sự kiện và tin tức — trade-promotion events and the office's news, and
//! the community tourism services (group VI).

use super::{ProductLine, vn_day};
use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

pub struct EventLine {
    pub href: String,
    pub title: String,
    pub kind: &'static str,
    pub dates: String,
    pub place: String,
}

fn dates(starts: chrono::NaiveDate, ends: chrono::NaiveDate) -> String {
    if starts == ends {
        vn_day(starts)
    } else {
        format!("{} – {}", vn_day(starts), vn_day(ends))
    }
}

fn line(e: &ocop_store::content::Event, lang: Lang) -> EventLine {
    EventLine {
        href: format!("/su-kien/{}", e.slug),
        title: e.title.clone(),
        kind: lang.s(e.kind.name_vi(), e.kind.name_en()),
        dates: dates(e.starts_on, e.ends_on),
        place: e.place.clone(),
    }
}

#[derive(Template)]
#[template(path = "events.html")]
struct EventsPage {
    c: Chrome,
    title: String,
    search_q: String,
    upcoming: Vec<EventLine>,
    past: Vec<EventLine>,
}

pub async fn events(State(state): State<AppState>, lang: Lang) -> Result<Html<String>, WebError> {
    let (upcoming, past) = state
        .store
        .events(&state.province.code, state.clock.today())
        .await?;
    let page = EventsPage {
        c: Chrome::new(&state, lang, "/su-kien").describe(lang.s(
            "Hội chợ, triển lãm và hoạt động xúc tiến thương mại có sản phẩm OCOP của tỉnh tham gia.",
            "Fairs, exhibitions and trade promotion events with the province's OCOP products.",
        )),
        title: lang.s("Sự kiện, hội chợ", "Events and fairs").to_owned(),
        search_q: String::new(),
        upcoming: upcoming.iter().map(|e| line(e, lang)).collect(),
        past: past.iter().map(|e| line(e, lang)).collect(),
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    c: Chrome,
    title: String,
    search_q: String,
    event: EventLine,
    description: String,
    products: Vec<ProductLine>,
}

pub async fn event(
    State(state): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let (e, products) = state
        .store
        .event_by_slug(&state.province.code, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let path = format!("/su-kien/{}", e.slug);
    let region = state
        .store
        .admin_unit(ocop_domain::UnitScheme::Y2025, &state.province.code)
        .await?
        .map(|u| u.full_name)
        .unwrap_or_default();
    let ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "startDate": e.starts_on,
        "endDate": e.ends_on,
        // Search engines ask an event's place for its address.
        "location": {
            "@type": "Place",
            "name": e.place,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": e.place,
                "addressRegion": region,
                "addressCountry": "VN",
            },
        },
        "description": e.description,
        "url": state.absolute(&path),
    });
    let page = EventPage {
        c: Chrome::new(&state, lang, &path)
            .describe(if e.description.is_empty() {
                &e.title
            } else {
                &e.description
            })
            .json_ld(&ld),
        title: e.title.clone(),
        search_q: String::new(),
        event: line(&e, lang),
        description: e.description,
        products: products.iter().map(|p| ProductLine::new(p, lang)).collect(),
    };
    Ok(Html(page.render()?))
}

pub struct NewsLine {
    pub href: String,
    pub title: String,
    pub summary: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "news.html")]
struct NewsPage {
    c: Chrome,
    title: String,
    search_q: String,
    items: Vec<NewsLine>,
}

pub async fn news(State(state): State<AppState>, lang: Lang) -> Result<Html<String>, WebError> {
    let items = state
        .store
        .news(&state.province.code, Some(state.clock.today()), 100)
        .await?;
    let page = NewsPage {
        c: Chrome::new(&state, lang, "/tin-tuc"),
        title: lang.s("Tin tức", "News").to_owned(),
        search_q: String::new(),
        items: items
            .into_iter()
            .map(|n| NewsLine {
                href: format!("/tin-tuc/{}", n.slug),
                title: n.title,
                summary: n.summary,
                date: vn_day(n.published_on),
            })
            .collect(),
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "news_item.html")]
struct NewsItemPage {
    c: Chrome,
    title: String,
    search_q: String,
    date: String,
    summary: String,
    paragraphs: Vec<String>,
}

pub async fn news_item(
    State(state): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let n = state
        .store
        .news_by_slug(&state.province.code, &slug, state.clock.today())
        .await?
        .ok_or(WebError::NotFound)?;
    let path = format!("/tin-tuc/{}", n.slug);
    let ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": n.title,
        "datePublished": n.published_on,
        "description": n.summary,
        "url": state.absolute(&path),
    });
    let page = NewsItemPage {
        c: Chrome {
            og_type: "article",
            ..Chrome::new(&state, lang, &path)
        }
        .describe(&n.summary)
        .json_ld(&ld),
        title: n.title,
        search_q: String::new(),
        date: vn_day(n.published_on),
        summary: n.summary,
        // Plain text, one paragraph per blank-line block; never HTML.
        paragraphs: n
            .body
            .split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect(),
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "tourism.html")]
struct TourismPage {
    c: Chrome,
    title: String,
    search_q: String,
    products: Vec<ProductLine>,
}

/// Dịch vụ du lịch cộng đồng — group VI: tourism services, not goods.
pub async fn tourism(State(state): State<AppState>, lang: Lang) -> Result<Html<String>, WebError> {
    let results = ocop_app::search::products(
        &*state.snapshot().await?,
        &ocop_app::search::ProductQuery {
            group: Some(ocop_domain::ProductGroup::Tourism.code().to_owned()),
            page: 1,
            per_page: ocop_app::search::MAX_PER_PAGE,
            ..Default::default()
        },
    );
    let page = TourismPage {
        c: Chrome::new(&state, lang, "/du-lich-cong-dong"),
        title: lang
            .s(
                "Du lịch cộng đồng, điểm du lịch OCOP",
                "OCOP community tourism",
            )
            .to_owned(),
        search_q: String::new(),
        products: results
            .items
            .iter()
            .map(|p| ProductLine::new(p, lang))
            .collect(),
    };
    Ok(Html(page.render()?))
}
