//! Golden tests: one small broken file per kind of problem, with the exact
//! message an administrator sees.

use super::*;
use chrono::NaiveDate;

fn meta(acknowledged: Vec<Acknowledged>, corrections: Vec<Correction>) -> SetMeta {
    SetMeta {
        version: "test".into(),
        number: 1,
        name: "Thử".into(),
        group: "I".into(),
        nhom: None,
        phan_nhom: None,
        lead_agency: "Bộ Nông nghiệp và Môi trường".into(),
        lead_verified: true,
        legal_reference: "thử".into(),
        effective_from: NaiveDate::from_ymd_opt(2023, 2, 24).unwrap_or_default(),
        effective_until: None,
        file: "set-thu.csv".into(),
        corrections,
        acknowledged,
        known_issues: Vec::new(),
        commune_criteria: Vec::new(),
        evidence: Vec::new(),
    }
}

/// A small valid set: A 40 (one section, two criteria), B 25, C 35.
pub(super) const GOOD: &str = "title,description,level,stars,score
Phần A: SẢN PHẨM (40 Điểm),,0,,40
1. TỔ CHỨC SẢN XUẤT,,1,,40
a) Nguồn gốc,,2,,30
□ Thấp,,3,,10
□ Vừa***,,3,3,20
□ Cao,,3,,30
b) Sở hữu trí tuệ****,,2,4,10
□ Không có,,3,,0
□ Có nhãn hiệu,,3,,10
Phần B: TIẾP THỊ (25 Điểm),,0,,25
2. TIẾP THỊ,,1,,25
□ Ít,,3,,5
□ Nhiều*****,,3,5,25
Phần C: CHẤT LƯỢNG (35 Điểm),,0,,35
3. CÂU CHUYỆN,Chỉ áp dụng khi có câu chuyện,1,,35
□ Không có,,3,,0
□ Có,,3,,35
";

fn load(text: &str) -> Result<CriteriaSet, LoadError> {
    parse_set(text, &meta(vec![], vec![]))
}

fn message(text: &str) -> String {
    load(text)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| "loaded".into())
}

#[test]
fn the_good_file_loads_with_stable_ids() {
    let set = load(GOOD).unwrap();
    assert_eq!(set.id, "test-01");
    assert_eq!(
        set.parts
            .iter()
            .map(|p| p.title.as_str())
            .collect::<Vec<_>>(),
        ["SẢN PHẨM", "TIẾP THỊ", "CHẤT LƯỢNG"]
    );
    let ids: Vec<&str> = set.criteria().map(|(_, _, c)| c.id.as_str()).collect();
    assert_eq!(ids, ["1.a", "1.b", "2", "3"]);
    assert_eq!(
        set.criterion("1.a").map(|c| c.options[1].id.as_str()),
        Some("1.a.2")
    );
    assert_eq!(set.criterion("1.b").and_then(|c| c.mark), Some(4));
    assert!(set.criterion("3").is_some_and(|c| c.may_not_apply));
    assert!(set.flags.is_empty());
}

#[test]
fn golden_messages_for_each_kind_of_broken_file() {
    let cases = [
        (
            GOOD.replace(
                "Phần C: CHẤT LƯỢNG (35 Điểm),,0,,35",
                "Phần C: CHẤT LƯỢNG (35 Điểm),,0,,36",
            ),
            "tệp set-thu.csv, dòng 2: tổng điểm các phần là 101, không phải 100",
        ),
        (
            GOOD.replace("1. TỔ CHỨC SẢN XUẤT,,1,,40", "1. TỔ CHỨC SẢN XUẤT,,1,,30")
                .replace("(40 Điểm),,0,,40", "(40 Điểm),,0,,30")
                .replace("(35 Điểm),,0,,35", "(35 Điểm),,0,,45")
                .replace(
                    "3. CÂU CHUYỆN,Chỉ áp dụng khi có câu chuyện,1,,35",
                    "3. CÂU CHUYỆN,Chỉ áp dụng khi có câu chuyện,1,,45",
                )
                .replace("□ Có,,3,,35", "□ Có,,3,,45"),
            "tệp set-thu.csv, dòng 3: các tiêu chí của mục 1 cộng lại 40 điểm, mục ghi 30",
        ),
        (
            GOOD.replace("(40 Điểm),,0,,40", "(40 Điểm),,0,,41")
                .replace("(25 Điểm),,0,,25", "(25 Điểm),,0,,24"),
            "tệp set-thu.csv, dòng 2: các mục của phần A cộng lại 40 điểm, phần ghi 41",
        ),
        (
            GOOD.replace("□ Cao,,3,,30", "□ Cao,,3,,31"),
            "tệp set-thu.csv, dòng 4, tiêu chí 1.a: phương án 1.a.3 cho 31 điểm, vượt điểm tối đa 30 của tiêu chí",
        ),
        (
            GOOD.replace("□ Cao,,3,,30", "□ Cao,,3,,25"),
            "tệp set-thu.csv, dòng 4, tiêu chí 1.a: phương án cao nhất chỉ 25 điểm, tiêu chí ghi tối đa 30",
        ),
        (
            GOOD.replace("□ Vừa***,,3,3,20", "□ Vừa****,,3,3,20"),
            "tệp set-thu.csv, dòng 6: dấu sao trong tên (4 dấu *) khác cột stars (3)",
        ),
        (
            GOOD.replace("□ Thấp,,3,,10", "□ Thấp*****,,3,5,10"),
            "tệp set-thu.csv, dòng 4, tiêu chí 1.a: dấu sao cao hơn đặt ở phương án ít điểm hơn dấu sao thấp hơn",
        ),
        (
            GOOD.replace("□ Thấp,,3,,10", "□ Thấp,,3,,mười"),
            "tệp set-thu.csv, dòng 5: điểm \"mười\" không phải số nguyên không âm",
        ),
        (
            GOOD.replace("□ Vừa***,,3,3,20", "□ Vừa**,,3,2,20"),
            "tệp set-thu.csv, dòng 6: dấu sao \"2\" phải là 3, 4 hoặc 5",
        ),
        (
            GOOD.replace("1. TỔ CHỨC SẢN XUẤT,,1,,40", "Một. TỔ CHỨC SẢN XUẤT,,1,,40"),
            "tệp set-thu.csv, dòng 3: mục phải bắt đầu bằng số thứ tự, ví dụ \"1.\"",
        ),
        (
            GOOD.replace("a) Nguồn gốc,,2,,30", "Nguồn gốc,,2,,30"),
            "tệp set-thu.csv, dòng 4: tiêu chí phải bắt đầu bằng chữ cái và dấu ), ví dụ \"a)\"",
        ),
        (
            GOOD.replace("□ Ít,,3,,5", "□ Ít,,4,,5"),
            "tệp set-thu.csv, dòng 13: cấp \"4\" không hợp lệ (0 phần, 1 mục, 2 tiêu chí, 3 phương án)",
        ),
        (
            GOOD.replace(
                "title,description,level,stars,score",
                "ten,mo ta,cap,sao,diem",
            ),
            "tệp set-thu.csv, dòng 1: tiêu đề cột phải là title,description,level,stars,score",
        ),
        (
            GOOD.replace(
                "b) Sở hữu trí tuệ****,,2,4,10\n□ Không có,,3,,0\n□ Có nhãn hiệu,,3,,10\n",
                "b) Sở hữu trí tuệ****,,2,4,10\n",
            ),
            "tệp set-thu.csv, dòng 8, tiêu chí 1.b: tiêu chí không có phương án trả lời",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(message(&text), expected);
    }
}

#[test]
fn acknowledged_problems_load_flagged_and_corrections_must_match() {
    let broken = GOOD.replace("□ Cao,,3,,30", "□ Cao,,3,,25");
    let ack = Acknowledged {
        kind: ProblemKind::MaxUnreachable,
        at: "1.a".into(),
        note: "chờ đối chiếu".into(),
    };
    let set = parse_set(&broken, &meta(vec![ack], vec![])).unwrap();
    assert_eq!(
        set.flags,
        ["phương án cao nhất chỉ 25 điểm, tiêu chí ghi tối đa 30 — chờ đối chiếu"]
    );

    let ocr = GOOD.replace("□ Thấp,,3,,10", "□ Thấp,,3,,l0");
    let fix = Correction {
        line: 5,
        column: "score".into(),
        from: "l0".into(),
        to: "10".into(),
        reason: "nhận dạng sai".into(),
    };
    let set = parse_set(&ocr, &meta(vec![], vec![fix.clone()])).unwrap();
    assert_eq!(set.criterion("1.a").map(|c| c.options[0].points), Some(10));
    assert_eq!(
        set.flags,
        ["Dòng 5: cột score sửa \"l0\" → \"10\" (nhận dạng sai)"]
    );
    // A correction for a cell that says something else is refused.
    let err = parse_set(GOOD, &meta(vec![], vec![fix]))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("tệp set-thu.csv, dòng 5: bản sửa chờ giá trị \"l0\" nhưng tệp ghi \"10\"")
    );
}

fn pick(set: &CriteriaSet, ids: &[&str]) -> ScoreSheet {
    let mut s = ScoreSheet::default();
    for id in ids {
        let (criterion, _) = id.rsplit_once('.').unwrap_or_default();
        assert!(set.criterion(criterion).is_some(), "{id}");
        s.choices
            .insert(criterion.to_owned(), Choice::Option((*id).to_owned()));
    }
    s
}

#[test]
fn scoring_by_hand_on_the_small_set() {
    let set = load(GOOD).unwrap();
    // 30 + 10 + 25 + 35 = 100, every mark met.
    let r = score(&set, &pick(&set, &["1.a.3", "1.b.2", "2.2", "3.2"])).unwrap();
    assert_eq!(
        (
            r.total,
            r.stars,
            r.parts["A"].score,
            r.parts["B"].score,
            r.parts["C"].score
        ),
        (100, 5, 40, 25, 35)
    );
    // 10 + 10 + 25 + 35 = 80: band 4, but 1.a misses its *** mark → 2★, not certifiable.
    let r = score(&set, &pick(&set, &["1.a.1", "1.b.2", "2.2", "3.2"])).unwrap();
    assert_eq!(
        (r.total, r.band_stars, r.stars, r.certifiable),
        (80, 4, 2, false)
    );
    assert_eq!(r.held_back_by.len(), 1);
    assert_eq!(
        (r.held_back_by[0].required_points, r.held_back_by[0].points),
        (20, 10)
    );
    assert_eq!(r.held_back_by[0].required_option.as_deref(), Some("Vừa"));
    // Nothing chosen: 0 points, 1★.
    let r = score(&set, &ScoreSheet::default()).unwrap();
    assert_eq!((r.total, r.stars), (0, 1));
}

#[test]
fn unknown_ids_and_refused_not_applicable_are_named() {
    let set = load(GOOD).unwrap();
    let e = |pairs: &[(&str, &str)]| {
        let sheet = ScoreSheet::from_ids(
            pairs
                .iter()
                .map(|(c, o)| ((*c).to_owned(), (*o).to_owned())),
        );
        score(&set, &sheet)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        e(&[("9.z", "9.z.1")]),
        "không có tiêu chí \"9.z\" trong bộ tiêu chí này"
    );
    assert_eq!(
        e(&[("1.a", "1.a.9")]),
        "tiêu chí \"1.a\" không có phương án \"1.a.9\""
    );
    assert_eq!(
        e(&[("1.a", "na")]),
        "tiêu chí \"1.a\" áp dụng cho mọi sản phẩm, không được chọn \"không áp dụng\""
    );
    assert_eq!(e(&[("3", "NA")]), "");
}

#[test]
fn the_council_average_rounds_half_up_in_hundredths() {
    let set = load(GOOD).unwrap();
    let seventy = pick(&set, &["1.a.2", "1.b.2", "2.1", "3.2"]); // 20 + 10 + 5 + 35
    let seventy_five = pick(&set, &["1.a.3", "1.b.2", "3.2"]); // 30 + 10 + 35
    // 7 × 70 + 75 = 565; 565 / 8 = 70.625 → 70.63 (half up; half-even would give 70.62).
    let mut sheets = vec![seventy.clone(); 7];
    sheets.push(seventy_five);
    let r = council_result(&set, &sheets).unwrap();
    assert_eq!((r.average_hundredths, r.band_stars), (7063, 4));
    assert!((r.average() - 70.63).abs() < 1e-9);
    // 1.b's **** criterion mark is met by everyone, the ***** mark of 2 by nobody.
    assert_eq!(r.stars, 4);
}

#[test]
fn the_advisor_on_the_small_set() {
    let set = load(GOOD).unwrap();
    // 10 + 0 + 5 + 0 = 15 → 1★; target 3★ (the first certified level).
    let sheet = pick(&set, &["1.a.1", "1.b.1", "2.1", "3.1"]);
    let a = advise(&set, &sheet)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("advice"));
    assert_eq!((a.current_stars, a.target_stars), (1, 3));
    // 1.a must reach its *** option (20); being changed anyway it is raised to
    // 30 for free; 3 then covers the rest: two changes, 30 + 0 + 5 + 35 = 70.
    let steps: Vec<(&str, u32, Option<u8>)> = a
        .steps
        .iter()
        .map(|s| (s.criterion.as_str(), s.to_points, s.required_for))
        .collect();
    assert_eq!(steps, [("1.a", 30, Some(3)), ("3", 35, None)]);
    assert_eq!(a.total_after, 70);
    let after = score(&set, &a.apply(&sheet)).unwrap();
    assert!(after.stars >= 3);
}
