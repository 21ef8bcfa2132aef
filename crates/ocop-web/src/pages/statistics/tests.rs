//! The statistics page's shortened commune table.

use super::{Row, by_size, shorten, table};

fn communes(known: usize) -> super::Table {
    let mut rows: Vec<Row> = (0..known)
        .map(|i| Row {
            label: format!("Xã {i:03}"),
            count: (i % 7 + 1) as i64,
            known: true,
            href: None,
        })
        .collect();
    rows.push(Row {
        label: "Chưa rõ".to_owned(),
        count: 100,
        known: false,
        href: None,
    });
    table(
        ("xa-phuong", "x"),
        String::new(),
        String::new(),
        by_size(rows),
    )
}

fn labels(t: &super::Table) -> Vec<(String, i64, bool)> {
    t.rows
        .iter()
        .map(|r| (r.label.clone(), r.count, r.href.is_some()))
        .collect()
}

#[test]
fn a_long_table_keeps_its_largest_rows_the_unknown_row_and_its_sum() {
    let mut t = communes(30);
    let before = labels(&t);
    shorten(&mut t, 20, |n| format!("{n} khác"), "/ca-bang");
    let after = labels(&t);
    assert_eq!(after.len(), 22);
    assert_eq!(after[..20], before[..20]);
    let rest: i64 = before[20..30].iter().map(|r| r.1).sum();
    assert_eq!(after[20], ("10 khác".to_owned(), rest, true));
    assert_eq!(after[21], before[30], "the unknown row stays last");
    assert_eq!(t.rows.iter().map(|r| r.count).sum::<i64>(), t.total);
}

#[test]
fn a_short_table_is_left_whole() {
    // 21 communes: a row for the one left over would only hide its name.
    for known in [0, 5, 20, 21] {
        let mut t = communes(known);
        let before = labels(&t);
        shorten(&mut t, 20, |n| format!("{n} khác"), "/ca-bang");
        assert_eq!(labels(&t), before, "{known}");
    }
}
