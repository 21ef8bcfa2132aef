//! `/ban-do` — the offline map of producers, points of sale and community
//! tourism, with the same places listed by commune beneath it (the list is
//! what a screen reader or a text browser uses).

use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use ocop_app::map::{MapFilter, MapView, draw};
use ocop_domain::geo::MAP_WIDTH;
use ocop_store::map::{MapPlace, PlaceKind};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct MapQuery {
    /// `chu-the`, `diem-ban`, `du-lich` or empty for all.
    pub loai: String,
    /// A 2025 commune code, or empty.
    pub xa: String,
}

const KINDS: [(&str, PlaceKind); 3] = [
    ("chu-the", PlaceKind::Producer),
    ("diem-ban", PlaceKind::PointOfSale),
    ("du-lich", PlaceKind::Tourism),
];

impl MapQuery {
    /// Unknown values show everything rather than an error: these links are
    /// shared and old ones must still open.
    pub(crate) fn filter(&self) -> MapFilter {
        MapFilter {
            kind: KINDS.iter().find(|(k, _)| *k == self.loai).map(|(_, v)| *v),
            commune: Some(self.xa.trim().to_owned()).filter(|c| !c.is_empty()),
        }
    }
}

fn kind_label(kind: PlaceKind, lang: Lang) -> &'static str {
    match kind {
        PlaceKind::Producer => lang.s("Chủ thể OCOP", "OCOP producer"),
        PlaceKind::PointOfSale => lang.s("Điểm bán", "Point of sale"),
        PlaceKind::Tourism => lang.s("Du lịch cộng đồng", "Community tourism"),
    }
}

pub struct MarkLine {
    pub href: String,
    /// What a pointer shows and a screen reader says.
    pub label: String,
    /// `producer`, `point_of_sale` or `tourism`: the shape and colour.
    pub class: &'static str,
    pub x: String,
    pub y: String,
    /// A triangle's corners, for tourism.
    pub triangle: String,
}

pub struct Group {
    pub commune: String,
    pub places: Vec<(String, String, &'static str)>,
}

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    c: Chrome,
    title: String,
    search_q: String,
    kinds: Vec<(&'static str, &'static str)>,
    chosen_kind: String,
    communes: Vec<(String, String)>,
    chosen_commune: String,
    drawn: bool,
    /// Commune outlines: (link to zoom to it, name, SVG path, chosen).
    areas: Vec<(String, String, String, bool)>,
    marks: Vec<MarkLine>,
    parallels: Vec<(String, String)>,
    meridians: Vec<(String, String)>,
    labels: Vec<(String, String, String)>,
    /// (text, x where the bar ends)
    scale_bar: Option<(String, String)>,
    groups: Vec<Group>,
    without_location: i64,
    width: f64,
    height: f64,
}

/// A filter value put back into a link: only what the filter knows survives.
fn url_part(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(k, _)| k)
}

fn keep(fits: bool, label: &str) -> String {
    if fits {
        label.to_owned()
    } else {
        String::new()
    }
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

fn mark_line(place: &MapPlace, x: f64, y: f64, lang: Lang) -> MarkLine {
    let kind = kind_label(place.kind, lang);
    let label = if place.producer.is_empty() {
        format!("{} — {kind}", place.name)
    } else {
        format!("{} — {kind} ({})", place.name, place.producer)
    };
    MarkLine {
        href: place.href.clone(),
        label,
        class: match place.kind {
            PlaceKind::Producer => "producer",
            PlaceKind::PointOfSale => "point_of_sale",
            PlaceKind::Tourism => "tourism",
        },
        x: n(x),
        y: n(y),
        triangle: format!(
            "{},{} {},{} {},{}",
            n(x),
            n(y - 13.0),
            n(x - 11.0),
            n(y + 8.0),
            n(x + 11.0),
            n(y + 8.0)
        ),
    }
}

fn groups(view: &MapView, lang: Lang) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for m in &view.marks {
        let commune = m.place.commune.clone().unwrap_or_else(|| {
            lang.s("Chưa ghi xã, phường", "Commune not recorded")
                .to_owned()
        });
        let entry = (
            m.place.href.clone(),
            m.place.name.clone(),
            kind_label(m.place.kind, lang),
        );
        match out.iter_mut().find(|g| g.commune == commune) {
            Some(g) => g.places.push(entry),
            None => out.push(Group {
                commune,
                places: vec![entry],
            }),
        }
    }
    out
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<MapQuery>,
) -> Result<Html<String>, WebError> {
    let province = &state.province.code;
    let places = state.store.map_places(province).await?;
    let boundaries = state.store.boundaries(province).await?;
    let view = draw(places, &boundaries, &q.filter());
    let page = MapPage {
        c: Chrome::new(&state, lang, "/ban-do").describe(lang.s(
            "Bản đồ chủ thể OCOP, điểm bán và điểm du lịch cộng đồng của tỉnh theo xã, phường.",
            "Map of the province's OCOP producers, points of sale and community tourism by commune.",
        )),
        title: lang.s("Bản đồ OCOP", "OCOP map").to_owned(),
        search_q: String::new(),
        kinds: KINDS
            .iter()
            .map(|(code, k)| (*code, kind_label(*k, lang)))
            .collect(),
        chosen_kind: q.loai.clone(),
        communes: view.communes.clone(),
        chosen_commune: q.xa.trim().to_owned(),
        drawn: view.drawn,
        areas: view
            .areas
            .iter()
            .map(|a| {
                let href = match q.loai.as_str() {
                    "" => format!("/ban-do?xa={}", a.code),
                    k => format!("/ban-do?loai={}&xa={}", url_part(k), a.code),
                };
                (href, a.name.clone(), a.path.clone(), a.chosen)
            })
            .collect(),
        marks: view
            .marks
            .iter()
            .map(|m| mark_line(&m.place, m.x, m.y, lang))
            .collect(),
        // A label that would be cut by an edge is left off; its line stays.
        parallels: view
            .parallels
            .iter()
            .map(|l| (n(l.at), keep(l.at >= 20.0, &l.label)))
            .collect(),
        meridians: view
            .meridians
            .iter()
            .map(|l| (n(l.at), keep(l.at <= MAP_WIDTH - 80.0, &l.label)))
            .collect(),
        labels: view
            .labels
            .iter()
            .map(|l| (n(l.x), n(l.y), l.name.clone()))
            .collect(),
        // Bottom right, away from the parallels' labels on the left.
        scale_bar: view
            .scale_bar
            .map(|(km, len)| (format!("{km} km"), n(MAP_WIDTH - 20.0 - len))),
        groups: groups(&view, lang),
        without_location: state.store.producers_without_location(province).await?,
        width: MAP_WIDTH,
        height: ocop_domain::geo::MAP_HEIGHT,
    };
    Ok(Html(page.render()?))
}
