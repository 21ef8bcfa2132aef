//! Bản đồ — the portal's map, drawn on the server from the places the
//! province has recorded, so it works without JavaScript, a tile server or
//! a connection beyond the page itself.

use ocop_domain::geo::{Frame, GridLine, Point};
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

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapView {
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

/// Fits the view to the places the filter keeps (a chosen commune is
/// zoomed to), north up.
pub fn draw(places: Vec<MapPlace>, filter: &MapFilter) -> MapView {
    let mut communes: Vec<(String, String)> = places
        .iter()
        .filter_map(|p| Some((p.commune_code_2025.clone()?, p.commune.clone()?)))
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
    let Some(frame) = Frame::fit(&points) else {
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
    MapView {
        labels: labels(&marks),
        marks,
        parallels: frame.parallels(),
        meridians: frame.meridians(),
        scale_bar: Some(frame.scale_bar()),
        communes,
    }
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
        let v = draw(sample(), &MapFilter::default());
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
        let all = draw(sample(), &MapFilter::default());
        let one = draw(
            sample(),
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

    #[test]
    fn nothing_recorded_draws_nothing() {
        let v = draw(Vec::new(), &MapFilter::default());
        assert!(v.marks.is_empty() && v.parallels.is_empty() && v.scale_bar.is_none());
    }
}
