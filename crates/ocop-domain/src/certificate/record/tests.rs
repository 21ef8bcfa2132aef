use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn year_only(y: i32) -> RecordFacts<'static> {
    RecordFacts {
        year: Some(y),
        ..RecordFacts::default()
    }
}

#[test]
fn a_year_only_2024_record_is_proven_valid_until_the_earliest_expiry() {
    let facts = year_only(2024);
    // Issued on 1 Jan 2024 at the earliest: valid through 1 Jan 2027.
    // Issued on 31 Dec 2024 at the latest: valid through 31 Dec 2027.
    let b = facts.bounds().expect("a year bounds the dates");
    assert_eq!(b.at_least_until, d(2027, 1, 1));
    assert_eq!(b.at_most_until, d(2027, 12, 31));
    assert!(!b.is_exact());
    assert_eq!(facts.status_on(d(2026, 12, 31)), CertificateStatus::Valid);
    assert_eq!(facts.status_on(d(2027, 1, 1)), CertificateStatus::Valid);
    assert_eq!(
        facts.status_on(d(2027, 1, 2)),
        CertificateStatus::ValidUnconfirmed
    );
    assert_eq!(
        facts.status_on(d(2027, 12, 31)),
        CertificateStatus::ValidUnconfirmed
    );
    assert_eq!(facts.status_on(d(2028, 1, 1)), CertificateStatus::Expired);
    assert_eq!(
        facts.status_on(d(2023, 12, 31)),
        CertificateStatus::NotYetIssued
    );
}

#[test]
fn a_2025_recognition_cannot_lapse_before_2028() {
    let facts = year_only(2025);
    assert_eq!(facts.status_on(d(2026, 12, 5)), CertificateStatus::Valid);
    assert_eq!(facts.status_on(d(2028, 1, 1)), CertificateStatus::Valid);
    assert_eq!(
        facts.bounds().map(|b| b.at_least_until),
        Some(d(2028, 1, 1))
    );
}

#[test]
fn a_dated_record_is_exact() {
    let facts = RecordFacts {
        issued_on: Some(d(2025, 6, 19)),
        year: Some(2025),
        ..RecordFacts::default()
    };
    let b = facts.bounds().expect("dated");
    assert!(b.is_exact());
    assert_eq!(b.at_most_until, d(2028, 6, 19));
    assert_eq!(facts.status_on(d(2028, 6, 19)), CertificateStatus::Valid);
    assert_eq!(facts.status_on(d(2028, 6, 20)), CertificateStatus::Expired);
    assert_eq!(
        RecordFacts::default().status_on(d(2026, 1, 1)),
        CertificateStatus::Unknown
    );
}

#[test]
fn a_renewal_supersedes_the_earlier_certificate_from_its_date() {
    let old = RecordFacts {
        issued_on: Some(d(2022, 6, 1)),
        successor: Some(Successor {
            number: Some("02/GCN-OCOP"),
            issued: IssueDate::Day(d(2025, 5, 10)),
        }),
        ..RecordFacts::default()
    };
    assert_eq!(old.status_on(d(2025, 5, 9)), CertificateStatus::Valid);
    assert_eq!(
        old.status_on(d(2025, 5, 10)),
        CertificateStatus::Superseded {
            by: Some("02/GCN-OCOP".into()),
            on: d(2025, 5, 10)
        }
    );
    // Long after its own dates ran out it still reads as replaced, not lapsed.
    assert_eq!(old.status_on(d(2030, 1, 1)).code(), "superseded");
}

#[test]
fn what_ended_a_certificate_first_is_what_it_says() {
    // Lapsed in 2022, replaced in 2024: expired.
    let lapsed = RecordFacts {
        issued_on: Some(d(2019, 1, 10)),
        successor: Some(Successor {
            number: None,
            issued: IssueDate::Day(d(2024, 1, 1)),
        }),
        ..RecordFacts::default()
    };
    assert_eq!(lapsed.status_on(d(2024, 6, 1)), CertificateStatus::Expired);
    // Revoked, then the product recognised again: still revoked.
    let revoked = RecordFacts {
        issued_on: Some(d(2023, 3, 1)),
        revoked: Some((Some(d(2024, 2, 1)), "ngừng sản xuất")),
        successor: Some(Successor {
            number: Some("9"),
            issued: IssueDate::Year(2025),
        }),
        ..RecordFacts::default()
    };
    assert_eq!(revoked.status_on(d(2026, 1, 1)).code(), "revoked");
    // Suspended, then replaced by a new decision: superseded.
    let suspended = RecordFacts {
        issued_on: Some(d(2023, 3, 1)),
        suspended: Some((Some(d(2024, 2, 1)), "bao bì sai")),
        successor: Some(Successor {
            number: Some("9"),
            issued: IssueDate::Day(d(2024, 9, 1)),
        }),
        ..RecordFacts::default()
    };
    assert_eq!(suspended.status_on(d(2024, 8, 31)).code(), "suspended");
    assert_eq!(suspended.status_on(d(2024, 9, 1)).code(), "superseded");
}

#[test]
fn successions_follow_the_order_of_issue() {
    let records = [
        (3, Some(IssueDate::Day(d(2025, 5, 10)))),
        (1, Some(IssueDate::Year(2020))),
        (2, Some(IssueDate::Day(d(2022, 6, 1)))),
        (4, None),
    ];
    assert_eq!(
        order_successions(&records),
        vec![(4, Some(1)), (1, Some(2)), (2, Some(3)), (3, None)]
    );
}

fn issue_date() -> impl Strategy<Value = Option<IssueDate>> {
    prop_oneof![
        1 => Just(None),
        3 => (2018i32..2030).prop_map(|y| Some(IssueDate::Year(y))),
        6 => (0i64..4500).prop_map(|n| Some(IssueDate::Day(d(2018, 1, 1) + chrono::Days::new(n as u64)))),
    ]
}

proptest! {
    /// Một sản phẩm, một giấy chứng nhận còn hiệu lực: on any date, at most one
    /// certificate of a product may stand (proven or unconfirmed).
    #[test]
    fn at_most_one_certificate_of_a_product_is_valid_on_any_date(
        dates in prop::collection::vec(issue_date(), 1..6),
        revoked in prop::collection::vec(prop::option::of(0i64..4500), 6),
        day in 0i64..5000,
    ) {
        let records: Vec<(usize, Option<IssueDate>)> = dates.iter().copied().enumerate().collect();
        let successions = order_successions(&records);
        let today = d(2018, 1, 1) + chrono::Days::new(day as u64);
        let number = |i: usize| i.to_string();
        let numbers: Vec<String> = (0..records.len()).map(number).collect();
        let standing = successions
            .iter()
            .filter(|(id, next)| {
                let facts = RecordFacts {
                    issued_on: match dates[*id] { Some(IssueDate::Day(x)) => Some(x), _ => None },
                    year: match dates[*id] { Some(IssueDate::Year(y)) => Some(y), _ => None },
                    revoked: revoked[*id].map(|n| (Some(d(2018, 1, 1) + chrono::Days::new(n as u64)), "x")),
                    suspended: None,
                    successor: next.and_then(|n| dates[n].map(|issued| Successor {
                        number: Some(numbers[n].as_str()),
                        issued,
                    })),
                    nominated: false,
                };
                facts.status_on(today).may_be_valid()
            })
            .count();
        prop_assert!(standing <= 1, "{standing} certificates stand on {today}: {dates:?}");
    }
}
