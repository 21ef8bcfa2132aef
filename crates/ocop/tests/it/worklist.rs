//! Việc cần làm (issue #16 point 1): each person's queue on a seeded round —
//! what is there and what is not — and the office's pipeline.

use crate::fixtures::{self, sheet};
use crate::harness::{TestApp, clock, get_as, scoped_session, session};
use ocop_app::cycle;
use ocop_app::worklist::queue;
use ocop_domain::access::Role;
use ocop_domain::dossier::DossierAction as A;
use ocop_domain::worklist::{Lateness, Task};

/// (task, dossier href, lateness) of a queue, in its order.
async fn tasks_of(app: &TestApp, who: &cycle::Actor) -> Vec<(Task, String, Lateness)> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    queue(&app.store, who, today)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", who.username))
        .into_iter()
        .map(|i| (i.task, i.href, i.lateness))
        .collect()
}

#[tokio::test]
async fn each_role_sees_what_waits_for_it_and_nothing_else() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let cast = fixtures::cast(&app, 3).await;
    let set = fixtures::coffee_set(&app).await;
    // In council, no deadline: the first member has scored, the others not.
    let (_, council) = fixtures::in_council(&app, &cast, "Đợt hội đồng", 2026).await;
    cycle::score_as_member(
        store,
        &clock(),
        &cast.members[0],
        council,
        &sheet(&set, &[]),
    )
    .await
    .unwrap();
    // A draft whose deadline passed nine days ago.
    let late = ocop_store::cycle::RoundDeadlines {
        dossier_until: Some(crate::harness::day("2026-11-20")),
        commune_until: Some(crate::harness::day("2026-12-05")),
        ..Default::default()
    };
    let (_, draft) = crate::harness::new_dossier(&app, &cast.producer, "Đợt 2/2026", &late).await;
    // A submitted dossier: the commune's pre-assessment is due in six days.
    let (_, sent) = crate::harness::new_dossier(&app, &cast.producer, "Đợt 3/2026", &late).await;
    cycle::act(store, &clock(), &cast.producer, sent, A::Submit, None)
        .await
        .unwrap();
    let href = |id: i64| format!("/quan-tri/ho-so/{id}");

    assert_eq!(
        tasks_of(&app, &cast.producer).await,
        vec![(Task::Submit, href(draft), Lateness::Late(9))],
        "the producer's own draft only: the others wait on someone else"
    );
    assert_eq!(
        tasks_of(&app, &cast.commune).await,
        vec![(Task::PreAssess, href(sent), Lateness::DaysLeft(6))]
    );
    assert_eq!(tasks_of(&app, &cast.adviser).await, vec![]);
    assert_eq!(
        tasks_of(&app, &cast.members[0]).await,
        vec![],
        "a member who has scored has nothing left"
    );
    assert_eq!(
        tasks_of(&app, &cast.members[1]).await,
        vec![(Task::Score, href(council), Lateness::NoDeadline)]
    );
    let office = queue(
        store,
        &cast.office,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(),
    )
    .await
    .unwrap();
    // The lock, and the yearly visits of the shipped certified products
    // (none was ever visited) as one line towards the monitoring plan.
    assert_eq!(
        office
            .iter()
            .map(|i| (i.task, i.href.clone()))
            .collect::<Vec<_>>(),
        vec![
            (Task::Visit, "/quan-tri/giam-sat".to_owned()),
            (Task::CloseScoring, href(council))
        ]
    );
    assert!(
        office[1].context.ends_with("1/3 phiếu đã nộp"),
        "{office:?}"
    );
    // A member outside the round has nothing.
    let outsider = crate::harness::actor("hd-ngoai", Role::Council, None, None);
    assert_eq!(tasks_of(&app, &outsider).await, vec![]);

    // Over HTTP: the back-office home says it, with the link and lateness.
    let cookie = scoped_session(
        &app,
        "chu-the",
        Role::Producer,
        None,
        cast.producer.producer_id,
    )
    .await;
    let (status, page) = get_as(&app, &cookie, "/quan-tri").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Việc cần làm (1, <span class=\"status-expired\">1 quá hạn</span>)"),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"{}\"", href(draft))));
    assert!(page.contains("Hoàn thiện và nộp hồ sơ") && page.contains("Quá hạn 9 ngày"));
    assert!(page.contains("20/11/2026"), "the deadline as a date");
    assert!(!page.contains(&format!("href=\"{}\"", href(council))));
    let cookie = session(&app, "hd-2", Role::Council).await;
    let (_, page) = get_as(&app, &cookie, "/quan-tri").await;
    assert!(page.contains("Chấm phiếu đánh giá của mình"), "{page}");
    let cookie = app.signed_in(Role::Advisory).await;
    let (_, page) = get_as(&app, &cookie, "/quan-tri").await;
    assert!(page.contains("Không có việc nào đang chờ bạn."));
}

/// The monitoring the directive asks for: a product whose follow-up
/// actions are past their date has its own line; the yearly visits due
/// within 30 days or past are one line counting them.
#[tokio::test]
async fn the_office_is_told_of_visits_due_and_follow_up_actions_overdue() {
    let app = TestApp::spawn().await;
    let office = crate::harness::actor("van-phong", Role::Office, None, None);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let visits = |items: Vec<ocop_app::worklist::Item>| -> Vec<ocop_app::worklist::Item> {
        items
            .into_iter()
            .filter(|i| i.task == Task::Visit)
            .collect()
    };
    let before = visits(queue(&app.store, &office, today).await.unwrap());
    assert_eq!(before.len(), 1, "{before:?}");
    let count = |i: &ocop_app::worklist::Item| -> usize {
        i.object
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{}", i.object))
    };
    let due = count(&before[0]);
    assert!(due > 0 && before[0].lateness.is_late(), "{before:?}");
    // A visit today with a remedy due a week ago: the product's own line,
    // late by seven days; its yearly visit is no longer due.
    let form = ocop_app::monitoring::InspectionForm {
        kind: "periodic".into(),
        inspected_on: "2026-11-20".into(),
        still_produced: "1".into(),
        still_sold: "1".into(),
        quality_ok: "1".into(),
        packaging_ok: String::new(),
        findings: "Nhãn thiếu hạn sử dụng".into(),
        result: "remedy".into(),
        actions: "Bổ sung hạn sử dụng trên nhãn | 2026-11-22".into(),
    };
    ocop_app::monitoring::record_inspection(
        &app.store,
        &clock(),
        &office,
        "ca-phe-bot-dak-dam",
        &form,
        None,
    )
    .await
    .unwrap();
    let after = visits(queue(&app.store, &office, today).await.unwrap());
    let own = after
        .iter()
        .find(|i| i.href == "/quan-tri/giam-sat/ca-phe-bot-dak-dam")
        .unwrap_or_else(|| panic!("{after:?}"));
    assert_eq!(own.lateness, Lateness::Late(7));
    assert!(own.context.contains("1 việc khắc phục quá hạn"), "{own:?}");
    let summary = after
        .iter()
        .find(|i| i.href == "/quan-tri/giam-sat")
        .unwrap_or_else(|| panic!("{after:?}"));
    assert_eq!(count(summary), due - 1, "the visited product is not due");
    // Nobody else is asked to visit.
    let producer = fixtures::cast(&app, 1).await.producer;
    assert!(visits(tasks_of_items(&app, &producer).await).is_empty());
}

async fn tasks_of_items(app: &TestApp, who: &cycle::Actor) -> Vec<ocop_app::worklist::Item> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    queue(&app.store, who, today).await.unwrap()
}

#[tokio::test]
async fn the_overview_shows_the_pipeline_by_stage_commune_and_department() {
    let app = TestApp::spawn().await;
    let cast = fixtures::cast(&app, 3).await;
    fixtures::in_council(&app, &cast, "Đợt hội đồng", 2026).await;
    let late = ocop_store::cycle::RoundDeadlines {
        dossier_until: Some(crate::harness::day("2026-11-20")),
        ..Default::default()
    };
    crate::harness::new_dossier(&app, &cast.producer, "Đợt 2/2026", &late).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let p = ocop_app::worklist::pipeline(&app.store, "68", None, today)
        .await
        .unwrap();
    let stages: Vec<(&str, usize, usize)> = p
        .by_stage
        .iter()
        .map(|(s, c)| (s.label_vi(), c.open, c.late))
        .collect();
    assert_eq!(
        stages,
        vec![("Đang soạn", 1, 1), ("Đang chấm tại hội đồng", 1, 0)]
    );
    assert_eq!(p.late(), 1);
    let communes: Vec<(String, usize, usize)> = p
        .by_commune
        .iter()
        .map(|(n, c)| (n.clone(), c.open, c.late))
        .collect();
    assert_eq!(communes, vec![("Xã Thuận An".to_owned(), 2, 1)]);
    assert_eq!(
        p.by_department.iter().map(|(_, c)| c.open).sum::<usize>(),
        2,
        "every open dossier has a department row"
    );
    let cookie = app.signed_in(Role::Office).await;
    let (status, page) = get_as(&app, &cookie, "/quan-tri/tong-quan").await;
    assert_eq!(status, 200);
    assert!(page.contains("Tiến độ hồ sơ đang xử lý"));
    assert!(
        page.contains("<th scope=\"row\">Đang soạn</th><td>1</td><td>1</td>"),
        "{page}"
    );
    assert!(page.contains("<th scope=\"row\">Xã Thuận An</th><td>2</td><td>1</td>"));
}

#[tokio::test]
async fn a_recognised_dossier_links_its_certificate_and_the_register_links_back() {
    let app = TestApp::spawn().await;
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let certificate = fixtures::recognised(&app, "Đợt công nhận", "501/QĐ-UBND", on).await;
    let dossier = app
        .store
        .certificate_dossiers("68")
        .await
        .unwrap()
        .get(&certificate)
        .copied()
        .unwrap_or_else(|| panic!("the certificate remembers its dossier"));
    let cookie = app.signed_in(Role::Office).await;
    let (status, page) = get_as(&app, &cookie, &format!("/quan-tri/ho-so/{dossier}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("<dt>Giấy chứng nhận</dt>"), "{page}");
    assert!(page.contains(&format!(
        "href=\"/quan-tri/giay-chung-nhan?tt=tat-ca#gcn-{certificate}\""
    )));
    assert!(page.contains(&format!(
        "href=\"/quan-tri/giay-chung-nhan/{certificate}/pdf\""
    )));
    // The criteria set by its name, not its address.
    assert!(page.contains("Bộ 13: "), "{page}");
    let (_, register) = get_as(&app, &cookie, "/quan-tri/giay-chung-nhan?tt=tat-ca").await;
    assert!(register.contains(&format!("href=\"/quan-tri/ho-so/{dossier}\"")));

    // Nothing ends within six months: the register opens on everything,
    // and says so, instead of an empty list.
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE certificates SET valid_until = '2031-12-31', year = 2026, \
         issued_on = COALESCE(issued_on, '2026-06-01')",
    )
    .await;
    let (_, register) = get_as(&app, &cookie, "/quan-tri/giay-chung-nhan").await;
    assert!(
        register
            .contains("Không có giấy chứng nhận nào hết hạn trong 6 tháng tới; đang hiện tất cả."),
        "{register}"
    );
    assert!(register.contains(&format!("id=\"gcn-{certificate}\"")));
    // Asked for explicitly, the expiry view stays as chosen (and empty).
    let (_, chosen) = get_as(&app, &cookie, "/quan-tri/giay-chung-nhan?tt=6").await;
    assert!(chosen.contains("Không có giấy chứng nhận nào trong danh sách này."));
}

#[tokio::test]
async fn members_and_advisers_are_chosen_from_eligible_accounts_by_full_name() {
    let app = TestApp::spawn().await;
    let cast = fixtures::cast(&app, 2).await;
    let (round, _) = fixtures::in_council(&app, &cast, "Đợt hội đồng", 2026).await;
    for (u, role) in [
        ("hd-1", Role::Council),
        ("hd-moi", Role::Council),
        ("tv-moi", Role::Advisory),
        ("xa-khac", Role::Commune),
    ] {
        crate::harness::account(&app, u, role).await;
    }
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE users SET display_name = CASE username WHEN 'hd-1' THEN 'Lê Văn Chủ' \
         WHEN 'hd-moi' THEN 'Phạm Thị Mới' WHEN 'tv-moi' THEN 'Đỗ Văn Tư' ELSE display_name END",
    )
    .await;
    let office = app.signed_in(Role::Office).await;
    let (_, page) = get_as(&app, &office, &format!("/quan-tri/dot/{round}")).await;
    // Seated members by full name.
    assert!(page.contains("<li>Lê Văn Chủ (chủ tịch)</li>"), "{page}");
    // The list offers who may still be seated, by full name, in their group.
    assert!(page.contains("<optgroup label=\"Thành viên hội đồng\"><option value=\"hd-moi\">Phạm Thị Mới (hd-moi)</option>"), "{page}");
    assert!(page.contains("<option value=\"tv-moi\">Đỗ Văn Tư (tv-moi)</option>"));
    assert!(!page.contains("<option value=\"hd-1\">"), "already seated");
    assert!(
        !page.contains("<option value=\"xa-khac\">"),
        "not a council or advisory account"
    );
    let (status, _) = crate::harness::post_as(
        &app,
        &office,
        &format!("/quan-tri/dot/{round}/thanh-vien"),
        &[("username", "hd-moi")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = get_as(&app, &office, &format!("/quan-tri/dot/{round}")).await;
    assert!(page.contains("<li>Phạm Thị Mới</li>"), "{page}");
}

#[tokio::test]
async fn the_producer_prepares_the_dossier_as_a_task_list_and_is_told_what_comes_next() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let cast = fixtures::cast(&app, 1).await;
    let deadlines = ocop_store::cycle::RoundDeadlines {
        commune_until: Some(crate::harness::day("2026-12-15")),
        ..Default::default()
    };
    let round = store
        .create_round(
            "68",
            2026,
            "Đợt 4/2026",
            "1489/2025",
            &deadlines,
            ocop_store::cycle::By {
                actor: "van-phong",
                at: "2026-10-01T06:00:00Z",
            },
        )
        .await
        .unwrap();
    let id = cycle::open_dossier(
        store,
        &clock(),
        &cast.producer,
        round,
        "ca-phe-bot-dak-dam",
        "first",
    )
    .await
    .unwrap();
    let producer = scoped_session(
        &app,
        "chu-the",
        Role::Producer,
        None,
        cast.producer.producer_id,
    )
    .await;
    let path = format!("/quan-tri/ho-so/{id}");
    let (_, page) = get_as(&app, &producer, &path).await;
    assert!(page.contains("Các bước hoàn thiện hồ sơ"), "{page}");
    assert!(
        page.contains("<a href=\"#tu-danh-gia\">Phiếu tự đánh giá</a> — Chưa lưu"),
        "{page}"
    );
    assert!(page.contains("<a href=\"#minh-chung\">Minh chứng cho từng tiêu chí</a> — Còn thiếu"));
    // No reviewer's comment boxes for the producer; the submit button after the content.
    assert!(!page.contains("name=\"comment\""), "{page}");
    let form = page.find("id=\"nop\"").unwrap_or(0);
    assert!(
        form > page.find("id=\"tu-danh-gia\"").unwrap_or(usize::MAX),
        "submit after the sheet"
    );
    // Submitting now is refused, naming what is missing and where.
    let (status, html) = crate::harness::post_as(
        &app,
        &producer,
        &format!("{path}/hanh-dong"),
        &[("action", "submit")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("mục «Phiếu tự đánh giá»"), "{html}");
    // Fill both steps; the list says so and the dossier goes in.
    let set = fixtures::coffee_set(&app).await;
    cycle::save_self_assessment(
        store,
        &clock(),
        &cast.producer,
        id,
        &crate::harness::last_options(&set),
    )
    .await
    .unwrap();
    crate::harness::attach_required_evidence(&app, &cast.producer, id, &set).await;
    let (_, page) = get_as(&app, &producer, &path).await;
    assert!(
        page.contains("Phiếu tự đánh giá</a> — <strong>Xong.</strong> Đã lưu:"),
        "{page}"
    );
    assert!(
        page.contains("Minh chứng cho từng tiêu chí</a> — <strong>Xong.</strong>"),
        "{page}"
    );
    let (status, _) = crate::harness::post_as(
        &app,
        &producer,
        &format!("{path}/hanh-dong"),
        &[("action", "submit")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = get_as(&app, &producer, &path).await;
    assert!(
        page.contains("Bước tiếp theo: Cán bộ xã — đánh giá sơ bộ, hạn 15/12/2026."),
        "{page}"
    );
    assert!(!page.contains("Các bước hoàn thiện hồ sơ"));
    // The commune, whose step it is, has the comment boxes to return it.
    let commune = scoped_session(&app, "xa-thuan-an", Role::Commune, Some("24682"), None).await;
    let (_, page) = get_as(&app, &commune, &path).await;
    assert!(page.contains("name=\"comment\""));
}

/// The registration form (phiếu đăng ký) is the task list's first step: what
/// the producer's record lacks is named, corrected on the producer's form
/// (what was typed kept when refused, audited when saved), and the step is
/// then done. Another producer cannot open it.
#[tokio::test]
async fn the_registration_form_step_names_what_the_record_lacks_until_it_is_corrected() {
    let app = TestApp::spawn().await;
    let cast = fixtures::cast(&app, 1).await;
    let round = fixtures::seated_round(&app, &cast, "Đợt phiếu đăng ký", 2026).await;
    let id = fixtures::draft(&app, &cast, round, &clock()).await;
    let producer = scoped_session(
        &app,
        "chu-the",
        Role::Producer,
        None,
        cast.producer.producer_id,
    )
    .await;
    let slug = "htx-nong-nghiep-cong-bang-thuan-an";
    let form = format!("/quan-tri/chu-the/{slug}/phieu-dang-ky");
    let (_, page) = get_as(&app, &producer, &format!("/quan-tri/ho-so/{id}")).await;
    // The shipped record: a cooperative with no tax code, representative or phone.
    let step = page
        .split(&format!("<a href=\"{form}\">Phiếu đăng ký</a> — "))
        .nth(1)
        .and_then(|s| s.split("</li>").next())
        .unwrap_or_else(|| panic!("the first step links the form: {page}"));
    assert!(
        step.contains("Hợp tác xã và doanh nghiệp phải có mã số thuế."),
        "{step}"
    );
    assert!(!step.contains("Xong."), "{step}");
    // The form opens on the record, the refusing field marked.
    let (status, html) = get_as(&app, &producer, &form).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"tax_code-error\""), "{html}");
    assert!(html.contains("value=\"HTX Nông nghiệp Công Bằng Thuận An\""));
    // A bad phone: refused beside the field, what was typed kept, nothing written.
    let mut fields = vec![
        ("name", "HTX Nông nghiệp Công Bằng Thuận An"),
        ("kind", "cooperative"),
        ("tax_code", "0100109106"),
        ("commune_code", "24682"),
        ("address", "Thôn 5, xã Thuận An"),
        ("phone", "12ab"),
        ("email", ""),
        ("representative_name", "Nguyễn Văn Bằng"),
        ("representative_gender", "male"),
        ("representative_ethnicity", "Kinh"),
    ];
    let (status, html) = crate::harness::post_as(&app, &producer, &form, &fields).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"phone-error\""), "{html}");
    assert!(html.contains("value=\"Nguyễn Văn Bằng\""), "typed kept");
    let (_, stored) = app
        .store
        .producer_form("68", slug)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the producer"));
    assert_eq!(stored.representative_name, "", "nothing written");
    // Corrected: saved, audited, and the step is done.
    fields[5] = ("phone", "0912 345 678");
    let (status, location, _) = crate::harness::post_form(&app, &producer, &form, &fields).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{form}?da_luu=1").as_str())
    );
    let entry = app
        .store
        .audit_log(10)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.entity == "producer" && e.action == "update")
        .unwrap_or_else(|| panic!("audited"));
    assert_eq!(entry.actor, "chu-the");
    assert!(
        entry
            .after
            .as_deref()
            .unwrap_or("")
            .contains("Nguyễn Văn Bằng")
    );
    assert!(
        entry
            .before
            .as_deref()
            .unwrap_or("")
            .contains("\"tax_code\":\"\"")
    );
    let (_, page) = get_as(&app, &producer, &format!("/quan-tri/ho-so/{id}")).await;
    assert!(
        page.contains(&format!(
            "<a href=\"{form}\">Phiếu đăng ký</a> — <strong>Xong.</strong> Đủ: HTX Nông nghiệp Công Bằng Thuận An, người đại diện Nguyễn Văn Bằng."
        )),
        "{page}"
    );
    // Another producer's account is kept out.
    let seagull = crate::harness::producer(&app.store, "cong-ty-tnhh-seagull").await;
    let other = scoped_session(&app, "seagull", Role::Producer, None, Some(seagull.id)).await;
    assert_eq!(get_as(&app, &other, &form).await.0, 403);
    assert_eq!(
        crate::harness::post_as(&app, &other, &form, &fields)
            .await
            .0,
        403
    );
}
