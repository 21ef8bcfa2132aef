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
        xs.iter().copied().fold(f64::MIN, f64::max) - xs.iter().copied().fold(f64::MAX, f64::min)
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
