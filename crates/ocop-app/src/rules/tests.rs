//! The shipped criteria sets: they all load, and worked examples computed by
//! hand from the files give the totals, stars and reasons below.

use super::qd148;
use ocop_domain::criteria::{Choice, CriteriaSet, ScoreSheet, advise, council_result, score};

fn sets() -> Vec<CriteriaSet> {
    static SETS: std::sync::OnceLock<Vec<CriteriaSet>> = std::sync::OnceLock::new();
    SETS.get_or_init(|| qd148().unwrap().1).clone()
}

fn set(n: usize) -> CriteriaSet {
    sets().swap_remove(n - 1)
}

/// How a worked example departs from "best option everywhere".
enum Pick {
    Leave,
    NotApplicable,
    Points(u32),
}

/// The best option of every criterion (first case of an either/or section),
/// then the example's departures.
fn sheet(set: &CriteriaSet, except: &[(&str, Pick)]) -> ScoreSheet {
    let mut s = ScoreSheet::default();
    for (_, section, c) in set.criteria() {
        if section.alternatives && section.criteria.first().is_some_and(|f| f.id != c.id) {
            continue;
        }
        if let Some(best) = c.options.iter().max_by_key(|o| o.points) {
            s.choices
                .insert(c.id.clone(), Choice::Option(best.id.clone()));
        }
    }
    for (id, pick) in except {
        let c = set
            .criterion(id)
            .unwrap_or_else(|| panic!("no criterion {id}"));
        match pick {
            Pick::Leave => {
                s.choices.remove(*id);
            }
            Pick::NotApplicable => {
                s.choices.insert((*id).to_owned(), Choice::NotApplicable);
            }
            Pick::Points(p) => {
                let o = c
                    .options
                    .iter()
                    .find(|o| o.points == *p)
                    .unwrap_or_else(|| panic!("{id}: no option worth {p}"));
                s.choices
                    .insert((*id).to_owned(), Choice::Option(o.id.clone()));
            }
        }
    }
    s
}

fn held(result: &ocop_domain::criteria::ScoreResult) -> Vec<(String, u8)> {
    result
        .held_back_by
        .iter()
        .map(|h| (h.criterion.clone(), h.stars))
        .collect()
}

#[test]
fn every_shipped_set_loads_with_its_metadata() {
    let sets = sets();
    assert_eq!(sets.len(), 26);
    for (i, s) in sets.iter().enumerate() {
        assert_eq!(s.id, format!("qd148-2023-{:02}", i + 1));
        assert_eq!(s.total_max(), 100, "{}", s.id);
        assert!(s.criteria().count() >= 20, "{}", s.id);
        assert!(ocop_domain::ProductGroup::parse_code(&s.meta.group).is_some());
        assert!(s.meta.legal_reference.contains("148/QĐ-TTg"));
    }
    let flagged: Vec<&str> = sets
        .iter()
        .filter(|s| !s.flags.is_empty())
        .map(|s| &s.id[11..])
        .collect();
    assert_eq!(
        flagged,
        ["03", "07", "11", "12", "13", "17", "18", "19", "26"]
    );
    let groups: Vec<&str> = sets.iter().map(|s| s.meta.group.as_str()).collect();
    assert_eq!(groups.iter().filter(|g| **g == "I").count(), 13);
    assert_eq!(groups[25], "VI");
}

#[test]
fn worked_example_fresh_produce_set_1() {
    let s = set(1);
    // 100 − 2 (3.e left out) − 4 (4.a at 1 of 5) − 4 (5.a at 1 of 5) = 90.
    let r = score(
        &s,
        &sheet(
            &s,
            &[
                ("3.e", Pick::Leave),
                ("4.a", Pick::Points(1)),
                ("5.a", Pick::Points(1)),
            ],
        ),
    )
    .unwrap();
    assert_eq!((r.total, r.band_stars, r.stars), (90, 5, 3));
    // Intellectual property is a 4★ criterion; the market option marked ***** is missing too.
    assert_eq!(held(&r), [("3.e".to_owned(), 4), ("4.a".to_owned(), 5)]);
    assert_eq!(r.parts["A"].score, 38);
    assert_eq!(r.parts["B"].score, 17);
    assert!(r.held_back_by[0].message.contains("Sở hữu trí tuệ"));
}

#[test]
fn worked_example_processed_food_set_7() {
    let s = set(7);
    // The transcription caps 6.d at 3 of 4 points, so "all best" is 99.
    let best = score(&s, &sheet(&s, &[])).unwrap();
    assert_eq!((best.total, best.stars), (99, 5));
    // 99 − 4 (1.a at 1, which still meets its *** mark) − 1 (10.a at 1, missing *****) = 94.
    let r = score(
        &s,
        &sheet(&s, &[("1.a", Pick::Points(1)), ("10.a", Pick::Points(1))]),
    )
    .unwrap();
    assert_eq!((r.total, r.band_stars, r.stars), (94, 5, 4));
    assert_eq!(held(&r), [("10.a".to_owned(), 5)]);
}

#[test]
fn worked_example_drink_set_17() {
    let s = set(17);
    // 100 − 2 (8.a at 1 of 3; its 3-point option is the *** mark) = 98: a 5★ total held at 2★.
    let r = score(&s, &sheet(&s, &[("8.a", Pick::Points(1))])).unwrap();
    assert_eq!(
        (r.total, r.band_stars, r.stars, r.certifiable),
        (98, 5, 2, false)
    );
    assert_eq!(held(&r), [("8.a".to_owned(), 3)]);
}

#[test]
fn worked_example_herbal_set_18() {
    let s = set(18);
    // 100 − 2 (7 at 2 of 4) − 1 (13 at 1 of 2, missing *****) − 1 (3.b at 0) = 96.
    let r = score(
        &s,
        &sheet(
            &s,
            &[
                ("7", Pick::Points(2)),
                ("13", Pick::Points(1)),
                ("3.b", Pick::Points(0)),
            ],
        ),
    )
    .unwrap();
    assert_eq!((r.total, r.band_stars, r.stars), (96, 5, 4));
    assert_eq!(held(&r), [("13".to_owned(), 5)]);
}

#[test]
fn worked_example_handicraft_set_21() {
    let s = set(21);
    // 100 − 1 (2.b at 3 of 4) − 3 (6.c at 0) − 3 (6.d at 0) − 4 (9 at 1) − 5 (5.a at 0) − 4 (4.a at 1) = 80.
    let except = [
        ("2.b", Pick::Points(3)),
        ("6.c", Pick::Points(0)),
        ("6.d", Pick::Points(0)),
        ("9", Pick::Points(1)),
        ("5.a", Pick::Points(0)),
        ("4.a", Pick::Points(1)),
    ];
    let r = score(&s, &sheet(&s, &except)).unwrap();
    // 2.b at 3 meets its **** mark; its ***** mark is above the band, so nothing holds it back.
    assert_eq!((r.total, r.band_stars, r.stars), (80, 4, 4));
    assert!(r.held_back_by.is_empty());
}

#[test]
fn worked_example_tourism_set_26_with_its_either_or_sections() {
    let s = set(26);
    let best = score(&s, &sheet(&s, &[])).unwrap();
    assert_eq!((best.total, best.stars), (100, 5));
    // 100 − 2 (3.d at 1, missing ****) − 4 (1.b at 2 of 6) − 3 (13 at 1 of 4) = 91.
    let r = score(
        &s,
        &sheet(
            &s,
            &[
                ("3.d", Pick::Points(1)),
                ("1.b", Pick::Points(2)),
                ("13", Pick::Points(1)),
            ],
        ),
    )
    .unwrap();
    assert_eq!((r.total, r.band_stars, r.stars), (91, 5, 3));
    assert_eq!(held(&r), [("3.d".to_owned(), 4)]);
    // Section 8 scores one case only: answering both is refused.
    let mut both = sheet(&s, &[]);
    both.choices
        .insert("8.b".into(), Choice::Option("8.b.3".into()));
    assert_eq!(
        score(&s, &both).err().map(|e| e.to_string()).as_deref(),
        Some("mục 8 chỉ chấm một trong các trường hợp; đã chọn nhiều hơn một")
    );
}

#[test]
fn not_applicable_scores_zero_and_meets_no_mark() {
    let s = set(1);
    // 5.b (local identity of the story) applies only with a story; its *** mark still counts.
    let r = score(&s, &sheet(&s, &[("5.b", Pick::NotApplicable)])).unwrap();
    assert_eq!((r.total, r.stars), (95, 2));
    let refused = score(&s, &sheet(&s, &[("1.a", Pick::NotApplicable)]));
    assert!(refused.err().is_some_and(|e| e.to_string().contains("1.a")));
}

#[test]
fn the_council_averages_with_half_up_rounding_and_majority_marks() {
    let s = set(1);
    let a = sheet(
        &s,
        &[
            ("5.a", Pick::Points(1)),
            ("4.a", Pick::Points(1)),
            ("3.e", Pick::Points(1)),
        ],
    ); // 91
    let b = sheet(
        &s,
        &[
            ("5.a", Pick::Points(0)),
            ("4.a", Pick::Points(1)),
            ("3.e", Pick::Leave),
        ],
    ); // 89
    let c = sheet(
        &s,
        &[
            ("5.a", Pick::Points(1)),
            ("4.a", Pick::Points(2)),
            ("3.e", Pick::Points(1)),
        ],
    ); // 92
    let r = council_result(&s, &[a.clone(), b.clone(), c]).unwrap();
    assert_eq!(r.member_totals, [91, 89, 92]);
    // 272 / 3 = 90.666… → 90.67: band 5; 4.a's ***** mark is met by nobody → 4★.
    assert_eq!((r.average_hundredths, r.band_stars, r.stars), (9067, 5, 4));
    assert_eq!(
        r.held_back_by
            .iter()
            .map(|h| h.criterion.as_str())
            .collect::<Vec<_>>(),
        ["4.a"]
    );
    // 91 and 89 → 90.00; 3.e is met by one member of two: not a majority → 3★.
    let r = council_result(&s, &[a, b]).unwrap();
    assert_eq!((r.average_hundredths, r.stars), (9000, 3));
}

#[test]
fn the_advisor_names_the_mandatory_changes_first_and_reaches_the_target() {
    let s = set(1);
    let sh = sheet(
        &s,
        &[
            ("3.e", Pick::Leave),
            ("4.a", Pick::Points(1)),
            ("5.a", Pick::Points(1)),
        ],
    );
    let advice = advise(&s, &sh).unwrap().unwrap_or_else(|| panic!("advice"));
    assert_eq!((advice.current_stars, advice.target_stars), (3, 4));
    // Only the intellectual-property criterion blocks 4★: one change, +1 point.
    assert_eq!(advice.steps.len(), 1);
    assert_eq!(
        (
            advice.steps[0].criterion.as_str(),
            advice.steps[0].to_points,
            advice.steps[0].required_for
        ),
        ("3.e", 1, Some(4))
    );
    assert!(advice.summary.starts_with("Để đạt 4 sao"));
    let after = score(&s, &advice.apply(&sh)).unwrap();
    assert_eq!(after.stars, 4);
    // A 5★ sheet needs no advice.
    assert!(advise(&s, &sheet(&s, &[])).is_ok_and(|a| a.is_none()));
}

mod properties;

#[test]
fn claims_need_their_papers_and_only_claims_made() {
    let s = set(13);
    let best: std::collections::BTreeMap<String, String> = s
        .criteria()
        .filter_map(|(_, _, c)| {
            c.options
                .iter()
                .max_by_key(|o| o.points)
                .map(|o| (c.id.clone(), o.id.clone()))
        })
        .collect();
    let ids = |sheet: &ocop_domain::criteria::ScoreSheet, attached: &[&str]| -> Vec<String> {
        s.missing_evidence(sheet, attached)
            .iter()
            .map(|r| r.criterion.clone())
            .collect()
    };
    let claims = ocop_domain::criteria::ScoreSheet::from_ids(best.clone());
    assert_eq!(ids(&claims, &[]), ["1.d", "3.e", "8.a", "8.b"]);
    assert_eq!(ids(&claims, &["3.e", "8.b"]), ["1.d", "8.a"]);
    // No trademark claimed (3.e left out): no certificate asked for.
    let mut modest = best;
    modest.remove("3.e");
    let claims = ocop_domain::criteria::ScoreSheet::from_ids(modest);
    assert_eq!(ids(&claims, &[]), ["1.d", "8.a", "8.b"]);
    // Every set names only criteria it has (checked when it loads), and
    // every criterion that claims a trademark asks for its certificate.
    for n in 1..=26 {
        let s = set(n);
        // Each paper names the criterion it proves (ids as the parser gives them).
        for r in &s.meta.evidence {
            let title = s
                .criterion(&r.criterion)
                .map(|c| c.title.to_lowercase())
                .unwrap_or_default();
            let fits = [
                ("nhãn hiệu", "sở hữu trí tuệ"),
                ("công bố chất lượng", "công bố chất lượng"),
                ("kiểm nghiệm", "kiểm tra định kỳ"),
                ("hợp đồng liên kết", "liên kết chuỗi"),
                ("đảm bảo chất lượng", "đảm bảo chất lượng"),
            ]
            .iter()
            .any(|(proof, topic)| r.proof.to_lowercase().contains(proof) && title.contains(topic));
            assert!(fits, "set {n}: {} «{title}» ← {}", r.criterion, r.proof);
        }
        for (_, _, c) in s
            .criteria()
            .filter(|(_, _, c)| c.title.contains("Sở hữu trí tuệ"))
        {
            let unique = s.criteria().filter(|(_, _, k)| k.id == c.id).count() == 1;
            assert_eq!(
                s.meta.evidence.iter().any(|r| r.criterion == c.id),
                unique,
                "set {n}, {}",
                c.id
            );
        }
    }
}
