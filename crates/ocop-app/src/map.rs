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
mod tests {
    use super::*;

    fn place(kind: PlaceKind, name: &str, commune: &str, lat: f64, lon: f64) -> MapPlace {
        MapPlace {
            kind,
            name: name.into(),
            href: format!("/chu-the/{name}"),
            producer: String::new(),
            commune_code_2025: Some(commune.into()),
            commune: Some(format!("Xã {commune}")),
            lat,
            lon,
        }
    }

    fn sample() -> Vec<MapPlace> {
        vec![
            place(PlaceKind::Producer, "a", "1", 12.0, 107.6),
            place(PlaceKind::PointOfSale, "b", "1", 12.01, 107.61),
            place(PlaceKind::Tourism, "c", "2", 11.6, 108.2),
        ]
    }

    #[test]
    fn every_kept_place_is_drawn_inside_the_view() {
        let v = draw(sample(), &[], &MapFilter::default());
        assert_eq!(v.marks.len(), 3);
        assert!(
            v.marks
                .iter()
                .all(|m| (0.0..=ocop_domain::geo::MAP_WIDTH).contains(&m.x)
                    && (0.0..=ocop_domain::geo::MAP_HEIGHT).contains(&m.y))
        );
        assert_eq!(v.communes.len(), 2);
        assert_eq!(v.labels.len(), 2);
        assert!(v.scale_bar.is_some());
    }

    #[test]
    fn a_filter_keeps_its_places_and_zooms_to_them() {
        let all = draw(sample(), &[], &MapFilter::default());
        let one = draw(
            sample(),
            &[],
            &MapFilter {
                kind: None,
                commune: Some("1".into()),
            },
        );
        assert_eq!(one.marks.len(), 2);
        assert_eq!(one.communes.len(), 2, "the choice keeps every commune");
        let gap = |v: &MapView| (v.marks[0].x - v.marks[1].x).abs();
        assert!(gap(&one) > gap(&all) * 3.0, "zoomed in");
        let shops = draw(
            sample(),
            &[],
            &MapFilter {
                kind: Some(PlaceKind::PointOfSale),
                commune: None,
            },
        );
        assert_eq!(
            shops
                .marks
                .iter()
                .map(|m| m.place.name.as_str())
                .collect::<Vec<_>>(),
            ["b"]
        );
    }

    fn square(code: &str, lon: f64, lat: f64) -> StoredBoundary {
        StoredBoundary {
            code: code.into(),
            name: format!("Xã {code}"),
            rings: vec![vec![
                [lon, lat],
                [lon + 0.2, lat],
                [lon + 0.2, lat + 0.2],
                [lon, lat + 0.2],
                [lon, lat],
            ]],
        }
    }

    #[test]
    fn boundaries_alone_draw_the_communes_and_a_choice_zooms_to_one() {
        let communes = [square("1", 107.0, 12.0), square("2", 107.2, 12.0)];
        let v = draw(Vec::new(), &communes, &MapFilter::default());
        assert!(v.drawn && v.marks.is_empty());
        assert_eq!(v.areas.len(), 2);
        assert!(
            v.areas
                .iter()
                .all(|a| a.path.starts_with('M') && a.path.ends_with('Z'))
        );
        assert_eq!(v.areas[0].path.matches('L').count(), 4);
        assert_eq!(v.communes.len(), 2);
        let one = draw(
            Vec::new(),
            &communes,
            &MapFilter {
                kind: None,
                commune: Some("2".into()),
            },
        );
        assert!(one.areas[1].chosen && !one.areas[0].chosen);
        let width = |v: &MapView, i: usize| {
            let xs: Vec<f64> = v.areas[i]
                .path
                .split(['M', 'L', 'Z'])
                .filter_map(|p| p.split(' ').next()?.parse().ok())
                .collect();
            xs.iter().copied().fold(f64::MIN, f64::max)
                - xs.iter().copied().fold(f64::MAX, f64::min)
        };
        assert!(
            width(&one, 1) > width(&v, 1) * 1.3,
            "zoomed to the chosen commune"
        );
    }

    #[test]
    fn vertices_closer_than_the_eye_can_see_are_left_out() {
        let mut ring: Vec<[f64; 2]> = (0..1000)
            .map(|i| [107.0 + f64::from(i) * 0.0002, 12.0])
            .collect();
        ring.extend([[107.2, 12.2], [107.0, 12.2], [107.0, 12.0]]);
        let b = StoredBoundary {
            code: "1".into(),
            name: "Xã 1".into(),
            rings: vec![ring],
        };
        let v = draw(Vec::new(), &[b], &MapFilter::default());
        let vertices = v.areas[0].path.matches(['M', 'L']).count();
        assert!(vertices < 400, "{vertices}");
    }

    #[test]
    fn nothing_recorded_draws_nothing() {
        let v = draw(Vec::new(), &[], &MapFilter::default());
        assert!(v.marks.is_empty() && v.parallels.is_empty() && v.scale_bar.is_none());
    }
}
