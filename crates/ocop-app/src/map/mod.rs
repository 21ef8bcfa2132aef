//! Bản đồ — the portal's map, drawn on the server from the places the
//! province has recorded, so it works without JavaScript, a tile server or
//! a connection beyond the page itself.

use crate::Clock;
use crate::cycle::Actor;
use crate::record_error::RecordError;
use ocop_domain::geo::{Frame, GridLine, Point};
use ocop_store::Store;
use ocop_store::boundaries::StoredBoundary;
use ocop_store::map::{MapPlace, PlaceKind};

/// Which places to show; the commune as a 2025 code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapFilter {
    pub kind: Option<PlaceKind>,
    pub commune: Option<String>,
}

/// One mark, already placed in the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub place: MapPlace,
    pub x: f64,
    pub y: f64,
}

/// A commune's name at the middle of its marks.
#[derive(Debug, Clone, PartialEq)]
pub struct CommuneLabel {
    pub name: String,
    pub x: f64,
    pub y: f64,
}

/// A commune's outline as an SVG path in drawing units.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub code: String,
    pub name: String,
    pub path: String,
    pub chosen: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapView {
    /// Whether there is anything to draw (places or boundaries).
    pub drawn: bool,
    pub areas: Vec<Area>,
    pub marks: Vec<Mark>,
    pub parallels: Vec<GridLine>,
    pub meridians: Vec<GridLine>,
    pub labels: Vec<CommuneLabel>,
    /// Kilometres and drawing length of the scale bar.
    pub scale_bar: Option<(u32, f64)>,
    /// Communes that have places of any kind, for the filter: (code, name).
    pub communes: Vec<(String, String)>,
}

/// Beyond this many communes their names would cover the marks.
const MAX_LABELS: usize = 30;

/// Fits the view to the places the filter keeps and the communes' outlines
/// (a chosen commune is zoomed to), north up.
pub fn draw(places: Vec<MapPlace>, boundaries: &[StoredBoundary], filter: &MapFilter) -> MapView {
    let mut communes: Vec<(String, String)> = places
        .iter()
        .filter_map(|p| Some((p.commune_code_2025.clone()?, p.commune.clone()?)))
        .chain(boundaries.iter().map(|b| (b.code.clone(), b.name.clone())))
        .collect();
    communes.sort_by(|a, b| a.1.cmp(&b.1));
    communes.dedup();
    let kept: Vec<MapPlace> = places
        .into_iter()
        .filter(|p| filter.kind.is_none_or(|k| p.kind == k))
        .filter(|p| {
            filter
                .commune
                .as_ref()
                .is_none_or(|c| p.commune_code_2025.as_ref() == Some(c))
        })
        .collect();
    let points: Vec<Point> = kept
        .iter()
        .map(|p| Point {
            lat: p.lat,
            lon: p.lon,
        })
        .collect();
    let chosen = |b: &&StoredBoundary| filter.commune.as_ref().is_none_or(|c| &b.code == c);
    let outline: Vec<Point> = boundaries
        .iter()
        .filter(chosen)
        .flat_map(|b| b.rings.iter().flatten())
        .map(|&[lon, lat]| Point { lat, lon })
        .collect();
    let framed: Vec<Point> = points.iter().copied().chain(outline).collect();
    let Some(frame) = Frame::fit(&framed) else {
        return MapView {
            communes,
            ..MapView::default()
        };
    };
    let marks: Vec<Mark> = kept
        .into_iter()
        .zip(points)
        .map(|(place, pt)| {
            let (x, y) = frame.project(pt);
            Mark { place, x, y }
        })
        .collect();
    let areas = boundaries
        .iter()
        .map(|b| Area {
            code: b.code.clone(),
            name: b.name.clone(),
            path: path(&frame, &b.rings),
            chosen: filter.commune.as_ref() == Some(&b.code),
        })
        .collect();
    MapView {
        drawn: true,
        areas,
        labels: labels(&marks),
        marks,
        parallels: frame.parallels(),
        meridians: frame.meridians(),
        scale_bar: Some(frame.scale_bar()),
        communes,
    }
}

/// Closer than this (in drawing units) to the last vertex kept, a vertex
/// adds nothing the eye can see, only bytes.
const MIN_STEP: f64 = 1.5;

fn path(frame: &Frame, rings: &[Vec<[f64; 2]>]) -> String {
    let mut d = String::new();
    for ring in rings {
        let mut last: Option<(f64, f64)> = None;
        let mut kept = 0;
        for &[lon, lat] in ring {
            let (x, y) = frame.project(Point { lat, lon });
            if last.is_some_and(|(lx, ly)| (x - lx).hypot(y - ly) < MIN_STEP) {
                continue;
            }
            d.push_str(if kept == 0 { "M" } else { "L" });
            d.push_str(&format!("{x:.1} {y:.1}"));
            last = Some((x, y));
            kept += 1;
        }
        if kept > 0 {
            d.push('Z');
        }
    }
    d
}

/// Loads the office's file of commune boundaries, replacing what was
/// loaded (all or nothing); returns how many communes it holds.
pub async fn load_boundaries(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    file: (&str, &[u8]),
    code_field: &str,
) -> Result<usize, RecordError> {
    let bad = |message: String| RecordError::Field {
        field: "file",
        message,
    };
    let (name, bytes) = file;
    let code_field = match code_field.trim() {
        "" => "ma_xa",
        f => f,
    };
    let read = ocop_domain::boundary::read(bytes, code_field).map_err(|e| bad(e.to_string()))?;
    // The province's communes once, not a query per feature.
    let communes: std::collections::HashSet<String> = store
        .admin_units_in(
            ocop_domain::UnitScheme::Y2025,
            "commune",
            &actor.province_code,
        )
        .await?
        .into_iter()
        .map(|u| u.code)
        .collect();
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (i, b) in read.iter().enumerate() {
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == b.code) {
            return Err(bad(format!(
                "Đối tượng số {}: mã xã {} đã có ở đối tượng số {first}.",
                i + 1,
                b.code
            )));
        }
        seen.push((&b.code, i + 1));
        if !communes.contains(&b.code) {
            return Err(bad(format!(
                "Đối tượng số {}: mã «{}» không phải xã, phường của tỉnh trong danh mục năm 2025.",
                i + 1,
                b.code
            )));
        }
    }
    let rows: Vec<(String, ocop_store::boundaries::Rings)> = read
        .into_iter()
        .map(|b| {
            let rings = b
                .rings
                .iter()
                .map(|r| r.iter().map(|p| [p.lon, p.lat]).collect())
                .collect();
            (b.code, rings)
        })
        .collect();
    store
        .replace_boundaries(
            &actor.province_code,
            &rows,
            name,
            &actor.username,
            &clock.stamp(),
        )
        .await?;
    Ok(rows.len())
}

fn labels(marks: &[Mark]) -> Vec<CommuneLabel> {
    let mut sums: Vec<(String, f64, f64, f64)> = Vec::new();
    for m in marks {
        let Some(name) = &m.place.commune else {
            continue;
        };
        match sums.iter_mut().find(|s| &s.0 == name) {
            Some(s) => {
                s.1 += m.x;
                s.2 += m.y;
                s.3 += 1.0;
            }
            None => sums.push((name.clone(), m.x, m.y, 1.0)),
        }
    }
    if sums.len() > MAX_LABELS {
        return Vec::new();
    }
    sums.into_iter()
        .map(|(name, x, y, n)| CommuneLabel {
            name,
            x: x / n,
            // Above the marks, not on them, and never cut by the top edge.
            y: (y / n - 20.0).max(20.0),
        })
        .collect()
}

#[cfg(test)]
mod tests;
