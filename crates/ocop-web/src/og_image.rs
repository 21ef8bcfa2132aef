//! Ảnh chia sẻ — the pictures a shared link shows (OpenGraph, 1200×630
//! PNG, as Facebook and Zalo want; they do not show SVG): the project's own
//! drawings, one for the site and one per product group, rasterised in
//! the process the first time they are asked for (no file fetched, no
//! font needed: the drawings have no text).

use axum::http::header;
use axum::response::IntoResponse;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

pub const ROUTE: &str = "/anh-chia-se/{file}";

/// OpenGraph's recommended size.
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 630;

/// The site's own drawing; the groups' are the placeholders'
/// ([`crate::assets::GROUP_SVGS`]).
const SITE: (&str, &str) = ("trang", include_str!("../static/groups/site.svg"));

fn drawings() -> impl Iterator<Item = (&'static str, &'static str)> {
    std::iter::once(SITE).chain(crate::assets::GROUP_SVGS)
}

/// The site's picture, for pages without their own.
pub fn site(state: &crate::AppState) -> String {
    state.absolute("/anh-chia-se/trang.png")
}

/// A product group's picture (any other group: the generic drawing).
pub fn group(state: &crate::AppState, group: Option<&str>) -> String {
    let code = group
        .filter(|g| crate::assets::GROUP_SVGS.iter().any(|(c, _)| c == g))
        .unwrap_or("khac");
    state.absolute(&format!("/anh-chia-se/{code}.png"))
}

/// The 400×300 drawing centred on the 1200×630 card, its background
/// colour carried to the edges.
fn card_svg(drawing: &str) -> Option<String> {
    let body_start = drawing.find('>')? + 1;
    let body_end = drawing.rfind("</svg>")?;
    let body = &drawing[body_start..body_end];
    let background = body
        .split("fill=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("#ffffff");
    let scale = f64::from(HEIGHT) / 300.0;
    let left = (f64::from(WIDTH) - 400.0 * scale) / 2.0;
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{background}\"/>\
         <g transform=\"translate({left} 0) scale({scale})\">{body}</g></svg>"
    ))
}

/// Rasterises a drawing to PNG.
pub fn render(drawing: &str) -> Option<Vec<u8>> {
    let svg = card_svg(drawing)?;
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).ok()?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT)?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().ok()
}

fn rendered(code: &str) -> Option<&'static [u8]> {
    static DONE: OnceLock<Mutex<HashMap<&'static str, &'static [u8]>>> = OnceLock::new();
    let (key, drawing) = drawings().find(|(c, _)| *c == code)?;
    let done = DONE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = done
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(png) = map.get(key) {
        return Some(png);
    }
    // Eight pictures of a few kilobytes, made once for the process's life.
    let png: &'static [u8] = Vec::leak(render(drawing)?);
    map.insert(key, png);
    Some(png)
}

pub async fn show(
    axum::extract::Path(file): axum::extract::Path<String>,
) -> axum::response::Response {
    let Some(png) = file.strip_suffix(".png").and_then(rendered) else {
        return crate::WebError::NotFound.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        png,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_drawing_becomes_a_share_card() {
        for (code, drawing) in super::drawings() {
            let png = super::render(drawing).unwrap_or_else(|| panic!("{code}"));
            let img = image::load_from_memory(&png).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!((img.width(), img.height()), (1200, 630), "{code}");
            // Not blank: the drawing's colours are there.
            let rgb = img.to_rgb8();
            let mut colours: Vec<[u8; 3]> = rgb.pixels().map(|p| p.0).collect();
            colours.sort_unstable();
            colours.dedup();
            assert!(colours.len() > 3, "{code} has {} colours", colours.len());
        }
    }
}
