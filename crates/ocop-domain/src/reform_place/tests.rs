use super::*;

fn unit(code: &str, name: &str, district: Option<&str>) -> OldUnit {
    OldUnit {
        code: code.into(),
        name_folded: fold(name),
        district: district.map(str::to_owned),
    }
}

/// A corner of the old Bình Thuận and Lâm Đồng (illustrative codes).
fn units() -> OldUnits {
    OldUnits {
        districts: vec![
            unit("593", "Phan Thiết", None),
            unit("600", "Tánh Linh", None),
            unit("601", "Đức Linh", None),
            unit("675", "Lạc Dương", None),
            unit("677", "Đức Trọng", None),
        ],
        communes: vec![
            unit("22945", "Phú Hải", Some("593")),
            unit("23230", "Đức Bình", Some("600")),
            unit("24820", "Lạc Dương", Some("675")),
            unit("24823", "Đạ Nhim", Some("675")),
        ],
    }
}

#[test]
fn an_address_names_the_old_district_and_commune() {
    let u = units();
    let p = read_address("xã Đức Bình, huyện Tánh Linh", &u);
    assert_eq!(
        (p.district.as_deref(), p.commune.as_deref(), p.basis),
        (Some("600"), Some("23230"), Some(PlaceBasis::Address))
    );
    // Bare names, as newspapers write them.
    let p = read_address("Phú Hải, Phan Thiết", &u);
    assert_eq!(
        (p.district.as_deref(), p.commune.as_deref()),
        (Some("593"), Some("22945"))
    );
    // A township and its district of the same name: each by its own word.
    let p = read_address(
        "tổ dân phố Đăng Gia Dềt B, thị trấn Lạc Dương, huyện Lạc Dương",
        &u,
    );
    assert_eq!(
        (p.district.as_deref(), p.commune.as_deref()),
        (Some("675"), Some("24820"))
    );
    // Written with 2025 units only: no old district.
    let p = read_address("Số 08 Nguyễn Trãi, phường Phan Thiết, tỉnh Lâm Đồng", &u);
    assert_eq!((p.district, p.basis), (None, None));
    // A district that is not in the list gives nothing.
    assert_eq!(read_address("huyện Bắc Bình", &u).district, None);
}

#[test]
fn the_strongest_reading_wins() {
    let u = units();
    let from_one = [("677".to_owned(), Some("24900".to_owned()))];
    let from_two = [
        ("600".to_owned(), Some("23230".to_owned())),
        ("601".to_owned(), Some("23300".to_owned())),
    ];
    // The mapping alone, when the new commune came from one old district.
    let p = place_before_reform(
        &PlaceFacts {
            predecessors: &from_one,
            ..Default::default()
        },
        &u,
    );
    assert_eq!(
        (p.district.as_deref(), p.commune.as_deref(), p.basis),
        (Some("677"), Some("24900"), Some(PlaceBasis::Mapping))
    );
    // Two old districts: the mapping cannot say; the authority can.
    let facts = PlaceFacts {
        predecessors: &from_two,
        authority: Some("UBND huyện Đức Linh"),
        ..Default::default()
    };
    let p = place_before_reform(&facts, &u);
    assert_eq!(
        (p.district.as_deref(), p.commune.as_deref(), p.basis),
        (Some("601"), Some("23300"), Some(PlaceBasis::Authority))
    );
    // The address outranks the authority and the mapping.
    let facts = PlaceFacts {
        address: Some("xã Đức Bình, huyện Tánh Linh"),
        ..facts
    };
    assert_eq!(
        place_before_reform(&facts, &u).basis,
        Some(PlaceBasis::Address)
    );
    // What the source stated outranks everything.
    let facts = PlaceFacts {
        stated_district: Some("677"),
        ..facts
    };
    let p = place_before_reform(&facts, &u);
    assert_eq!(
        (p.district.as_deref(), p.basis),
        (Some("677"), Some(PlaceBasis::Source))
    );
    // Nothing to go on: nothing found.
    let p = place_before_reform(&PlaceFacts::default(), &u);
    assert_eq!((p.district, p.basis), (None, None));
    // A province's decision names no district.
    let facts = PlaceFacts {
        authority: Some("UBND tỉnh Lâm Đồng"),
        ..Default::default()
    };
    assert_eq!(place_before_reform(&facts, &u).district, None);
}

#[test]
fn an_area_reads_the_succession_table_both_ways() {
    let from = [
        ("600".to_owned(), Some("23230".to_owned())),
        ("601".to_owned(), None),
    ];
    assert_eq!(
        area_codes(
            [Some("23233"), Some("600"), None],
            &from,
            &["23232".to_owned()]
        ),
        ["23230", "23232", "23233", "600", "601"]
    );
    assert!(area_codes([None, None, None], &[], &[]).is_empty());
}
