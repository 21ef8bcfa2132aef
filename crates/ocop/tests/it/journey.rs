//! The whole round in a real browser, as the people who run it: the office
//! opens a round and seats its council, a producer files a dossier with its
//! self-assessment and evidence, the commune pre-assesses, the advisory group
//! reviews, three members score, the office locks the sheets and issues the
//! decision — and the product shows its new certificate on the portal.

use crate::browser::{browser, mark_page, screenshot, text, wait_next_page};
use crate::harness::TestApp;
use fantoccini::{Client, Locator};
use ocop_domain::access::Role;

use crate::harness::{TEST_PASSWORD as PW, account};

pub(crate) async fn sign_in(c: &Client, base: &str, username: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/dang-nhap")).await.unwrap();
    fill(c, "username", username).await;
    fill(c, "password", PW).await;
    submit(c, "form.narrow button[type=submit]").await;
    assert_eq!(text(c, "h1").await, "Quản trị", "{username} signs in");
}

/// Types into a field; retried while a form post replaces the page.
pub(crate) async fn fill(c: &Client, id: &str, value: &str) {
    for _ in 0..50 {
        if let Ok(el) = c.wait().for_element(Locator::Id(id)).await
            && el.clear().await.is_ok()
            && el.send_keys(value).await.is_ok()
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("cannot fill #{id}");
}

/// Clicks an element; retried while a form post replaces the page.
pub(crate) async fn click(c: &Client, css: &str) {
    for _ in 0..50 {
        if let Ok(el) = c.wait().for_element(Locator::Css(css)).await
            && el.click().await.is_ok()
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("cannot click {css}");
}

/// Submits a form by clicking its button, and waits for the page it leads to.
pub(crate) async fn submit(c: &Client, css: &str) {
    mark_page(c).await;
    click(c, css).await;
    wait_next_page(c).await;
}

/// Presses the dossier step button with this label.
pub(crate) async fn step(c: &Client, label: &str) {
    submit(c, &format!("button[name=action][value='{label}']")).await;
}

/// Answers every criterion of the form with its highest-scoring option.
pub(crate) async fn answer_best(c: &Client, form: &str) {
    let script = "const f = document.querySelector(arguments[0]);
         for (const fs of f.querySelectorAll('fieldset')) {
           let best = null, bestPts = -1;
           for (const l of fs.querySelectorAll('label.option')) {
             const i = l.querySelector('input'); const m = l.textContent.match(/(\\d+) điểm/);
             if (i.value && i.value !== 'na' && m && +m[1] > bestPts) { best = i; bestPts = +m[1]; }
           }
           if (best) best.checked = true;
         }
         return true;";
    c.execute(script, vec![serde_json::json!(form)])
        .await
        .unwrap();
}

pub(crate) async fn state(c: &Client) -> String {
    text(c, "#trang-thai").await
}

#[tokio::test]
async fn a_whole_round_in_the_browser() {
    let app = TestApp::spawn().await;
    let Some(b) = browser().await else { return };
    let c = &b.client;
    let base = app.base.clone();
    let own = crate::harness::producer(&app.store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    for (u, r) in [
        ("van-phong", Role::Office),
        ("chu-the", Role::Producer),
        ("can-bo-xa", Role::Commune),
        ("tu-van", Role::Advisory),
        ("hd-1", Role::Council),
        ("hd-2", Role::Council),
        ("hd-3", Role::Council),
    ] {
        account(&app, u, r).await;
    }
    app.store
        .set_user_scope("chu-the", None, None, None, Some(own.id))
        .await
        .unwrap();
    app.store
        .set_user_scope("can-bo-xa", Some("24682"), None, None, None)
        .await
        .unwrap();

    // The office opens the round and seats the council.
    sign_in(c, &base, "van-phong").await;
    c.goto(&format!("{base}/quan-tri/dot")).await.unwrap();
    fill(c, "label", "Đợt 2 năm 2026").await;
    submit(c, "form.narrow button[type=submit]").await;
    assert!(text(c, "h1").await.starts_with("Đợt 2 năm 2026"));
    for (member, chair) in [
        ("hd-1", true),
        ("hd-2", false),
        ("hd-3", false),
        ("tu-van", false),
    ] {
        // Chosen from the list of eligible accounts, as an officer does.
        click(c, &format!("select#username option[value=\"{member}\"]")).await;
        if chair {
            click(c, "input[name=chair]").await;
        }
        submit(c, "form.narrow button[type=submit]").await;
    }
    assert!(text(c, "main").await.contains("hd-1 (chủ tịch)"));
    assert_eq!(text(c, "#to-tu-van").await.trim(), "tu-van");

    // The producer opens its dossier, assesses itself, attaches evidence, submits.
    sign_in(c, &base, "chu-the").await;
    c.goto(&format!("{base}/quan-tri/ho-so/moi")).await.unwrap();
    submit(c, "form.narrow button[type=submit]").await;
    assert_eq!(state(c).await, "Đang soạn");
    let dossier_url = c
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_default();
    answer_best(c, "form[action$='/tu-danh-gia']").await;
    submit(c, "form[action$='/tu-danh-gia'] button[type=submit]").await;
    assert!(
        text(c, ".facts").await.contains("98/100 điểm"),
        "set 13 tops out at 98"
    );
    step(c, "submit").await;
    assert!(
        text(c, "p.error").await.contains("minh chứng"),
        "no submission without evidence"
    );
    let pdf = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(pdf.path(), b"%PDF-1.7\n% Phieu kiem nghiem\n").unwrap();
    // The page names the papers the claims need; one file for each.
    let missing = text(c, "#minh-chung-thieu").await;
    for criterion in ["1.d", "3.e", "8.a", "8.b"] {
        assert!(missing.contains(criterion), "{missing}");
        c.execute(
            &format!("document.getElementById('criterion').value = '{criterion}'; return true;"),
            vec![],
        )
        .await
        .unwrap();
        c.find(Locator::Id("file"))
            .await
            .unwrap()
            .send_keys(&pdf.path().display().to_string())
            .await
            .unwrap();
        submit(c, "form[action$='/minh-chung'] button[type=submit]").await;
    }
    step(c, "submit").await;
    assert_eq!(state(c).await, "Đã nộp");
    screenshot(c, "journey-submitted").await;

    // The commune scores its criteria and pre-assesses.
    sign_in(c, &base, "can-bo-xa").await;
    c.goto(&dossier_url).await.unwrap();
    answer_best(c, "form[action$='/xa-danh-gia']").await;
    submit(c, "form[action$='/xa-danh-gia'] button[type=submit]").await;
    step(c, "pre_assess").await;
    assert_eq!(state(c).await, "Xã đã đánh giá sơ bộ");

    sign_in(c, &base, "tu-van").await;
    c.goto(&dossier_url).await.unwrap();
    step(c, "review").await;
    sign_in(c, &base, "van-phong").await;
    c.goto(&dossier_url).await.unwrap();
    step(c, "open_council").await;
    assert_eq!(state(c).await, "Đang chấm tại hội đồng");

    // Three members score independently.
    for member in ["hd-1", "hd-2", "hd-3"] {
        sign_in(c, &base, member).await;
        c.goto(&dossier_url).await.unwrap();
        answer_best(c, "form[action$='/cham']").await;
        submit(c, "form[action$='/cham'] button[type=submit]").await;
        assert!(
            text(c, "p.status")
                .await
                .contains("Đã nộp phiếu chấm: 98 điểm")
        );
    }
    screenshot(c, "journey-scored").await;

    // The office locks the sheets and issues the decision.
    sign_in(c, &base, "van-phong").await;
    c.goto(&dossier_url).await.unwrap();
    submit(c, "form[action$='/khoa-phieu'] button").await;
    assert!(text(c, "p.status").await.contains("trung bình 98,00 điểm"));
    // Before the decision, the office reopens the sheets with a reason…
    fill(c, "comment", "Đối chiếu lại phiếu của thành viên hd-2").await;
    step(c, "reopen_scoring").await;
    assert_eq!(state(c).await, "Đang chấm tại hội đồng");
    assert!(
        text(c, "section[aria-labelledby=tien-do-cham]")
            .await
            .contains("thành viên đã chấm")
    );
    screenshot(c, "journey-reopened").await;
    // …and locks them again (the members' sheets stand as submitted).
    submit(c, "form[action$='/khoa-phieu'] button").await;
    assert!(text(c, "p.status").await.contains("trung bình 98,00 điểm"));
    fill(c, "number", "15/QĐ-UBND").await;
    c.execute(
        "document.getElementById('issued_on').value = '2026-11-29'; return true;",
        vec![],
    )
    .await
    .unwrap();
    click(c, "input[name=sign_as][value=deputy]").await;
    fill(c, "signer", "Trần Văn Phó").await;
    submit(c, "form[action$='/cong-nhan'] button").await;
    assert_eq!(state(c).await, "Đã công nhận");
    assert!(text(c, "main").await.contains(
        "98,00/100 điểm, 5 sao — đủ điều kiện đề nghị Bộ Nông nghiệp và Môi trường đánh giá 5 sao"
    ));
    screenshot(c, "journey-recognised").await;

    // The national 5★ path: the office sends the package, records the
    // ministry council's result and the ministry's decision.
    assert!(
        text(c, "#sao-quoc-gia").await.contains("chờ gửi hồ sơ"),
        "referred to the ministry"
    );
    let on =
        |c: &'static str| format!("document.getElementById('n-on').value = '{c}'; return true;");
    fill(c, "n-reference", "812/SNNMT-PTNT").await;
    c.execute(&on("2026-11-29"), vec![]).await.unwrap();
    submit(c, "form[action$='/5-sao'] button").await;
    assert!(
        text(c, "#sao-quoc-gia")
            .await
            .contains("Đã gửi hồ sơ lên Bộ")
    );
    fill(c, "n-points", "92,40").await;
    c.execute(&on("2026-11-29"), vec![]).await.unwrap();
    submit(c, "form[action$='/5-sao'] button").await;
    click(c, "input[name=outcome][value=cong-nhan]").await;
    fill(c, "n-number", "12/QĐ-BNNMT").await;
    fill(c, "n-cert", "5S-2026-001").await;
    c.execute(&on("2026-11-29"), vec![]).await.unwrap();
    submit(c, "form[action$='/5-sao'] button").await;
    assert!(
        text(c, "#sao-quoc-gia")
            .await
            .contains("Bộ Nông nghiệp và Môi trường đã công nhận 5 sao")
    );
    screenshot(c, "journey-five-stars").await;

    // The portal shows the product with its new certificate.
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/san-pham/ca-phe-bot-dak-dam"))
        .await
        .unwrap();
    assert!(text(c, ".status").await.contains("Còn hiệu lực"));
    // The province recognised 4★; the ministry's 5★ certificate superseded it.
    assert_eq!(text(c, "p.stars.big").await, "★★★★★ 5 sao");
    let certs = text(c, ".certs").await;
    assert!(
        certs.contains("15/QĐ-UBND")
            && certs.contains("12/QĐ-BNNMT")
            && certs.contains("Đã được thay thế"),
        "{certs}"
    );
    screenshot(c, "journey-portal").await;
}
