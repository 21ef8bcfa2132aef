//! Readable history (issue #16 point 4): the dossier's history and the audit
//! log in words — local time, full names and roles, Vietnamese verbs,
//! before/after as fields — and the audit log filtered by person, action,
//! object and period, its export following the filters.

use crate::fixtures;
use crate::harness::{TestApp, get_as};
use ocop_domain::access::Role;

#[tokio::test]
async fn history_and_the_audit_log_read_as_sentences_and_filter() {
    let app = TestApp::spawn().await;
    let cast = fixtures::cast(&app, 3).await;
    let (_, id) = fixtures::in_council(&app, &cast, "Đợt hội đồng", 2026).await;
    let office = app.signed_in(Role::Office).await;
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE users SET display_name = 'Nguyễn Thị Văn Phòng' WHERE username = 'van-phong'",
    )
    .await;
    crate::harness::account(&app, "xa-thuan-an", Role::Commune).await;
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE users SET display_name = 'Trần Văn Xã' WHERE username = 'xa-thuan-an'",
    )
    .await;

    // The dossier's history: no codes, no UTC, people by name and role.
    let (_, page) = get_as(&app, &office, &format!("/quan-tri/ho-so/{id}")).await;
    assert!(
        page.contains("<td>Nguyễn Thị Văn Phòng — Văn phòng OCOP tỉnh</td><td>Đưa ra hội đồng → Đang chấm tại hội đồng</td>"),
        "{page}"
    );
    assert!(
        page.contains("Đưa ra hội đồng → Đang chấm tại hội đồng"),
        "{page}"
    );
    assert!(page.contains("Trần Văn Xã — "), "{page}");
    assert!(!page.contains("open_council") && !page.contains("pre_assess"));
    assert!(!page.contains("(UTC)"));
    // The fixture's steps ran at 13:00 in Vietnam on 29/11/2026.
    assert!(page.contains("<td>29/11/2026 13:00</td>"), "{page}");

    // The audit log: filtered by object and id.
    let (status, log) = get_as(
        &app,
        &office,
        &format!("/quan-tri/nhat-ky?doi_tuong=dossier&ma={id}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        log.contains("<option value=\"dossier\" selected>hồ sơ</option>"),
        "{log}"
    );
    assert!(log.contains(&format!("<td>hồ sơ {id}</td>")), "{log}");
    assert!(
        !log.contains("<td>tài khoản "),
        "only the dossier's entries"
    );
    // By person: the office's own sign-in is there, said in words.
    let (_, log) = get_as(
        &app,
        &office,
        "/quan-tri/nhat-ky?nguoi=van-phong&hanh_dong=sign_in",
    )
    .await;
    assert!(log.contains("<td>đăng nhập</td>"), "{log}");
    assert!(log.contains("<td>Nguyễn Thị Văn Phòng — "), "{log}");
    assert!(!log.contains("<td>Trần Văn Xã — "));
    // By period: nothing before the platform's first day.
    let (_, log) = get_as(
        &app,
        &office,
        "/quan-tri/nhat-ky?tu=2001-01-01&den=2001-12-31",
    )
    .await;
    assert!(log.contains("0 mục"), "{log}");
    // The export follows the view, as codes and UTC for machines.
    assert!(log.contains("href=\"/quan-tri/nhat-ky.csv?nguoi=&#38;hanh_dong=&#38;doi_tuong=&#38;ma=&#38;tu=2001-01-01&#38;den=2001-12-31\""), "{log}");
    let (status, csv) = get_as(
        &app,
        &office,
        &format!("/quan-tri/nhat-ky.csv?doi_tuong=dossier&ma={id}"),
    )
    .await;
    assert_eq!(status, 200);
    let rows = crate::harness::csv_rows(csv.trim_start_matches('\u{feff}'));
    assert!(rows.len() > 1, "{csv}");
    assert!(
        rows.iter()
            .skip(1)
            .all(|r| r.get(3).map(String::as_str) == Some("dossier")),
        "{csv}"
    );
}
