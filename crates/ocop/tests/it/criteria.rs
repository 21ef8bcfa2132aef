//! The criteria sets over HTTP: the JSON API (checked against its OpenAPI
//! document), the score sheet pages with the self-assessment, the printable
//! and Excel blank sheets.

use crate::harness::TestApp;
use serde_json::{Value, json};
use std::io::Read as _;

/// The best option of every criterion, from the API's own sheet.
fn best_choices(set: &Value) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for part in set["parts"].as_array().into_iter().flatten() {
        for section in part["sections"].as_array().into_iter().flatten() {
            for (i, c) in section["criteria"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                if section["alternatives"] == true && i > 0 {
                    continue;
                }
                let best = c["options"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .max_by_key(|o| o["points"].as_u64());
                if let (Some(id), Some(o)) = (c["id"].as_str(), best) {
                    out.insert(id.to_owned(), o["id"].clone());
                }
            }
        }
    }
    out
}

async fn post_json(app: &TestApp, path: &str, body: String) -> (u16, Value) {
    let res = app
        .client
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or_default())
}

#[tokio::test]
async fn the_api_lists_versions_and_gives_whole_sets() {
    let app = TestApp::spawn().await;
    let list: Value = app
        .get("/api/v1/criteria-sets")
        .await
        .json()
        .await
        .unwrap_or_default();
    let versions = list["versions"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = versions
        .iter()
        .filter_map(|v| v["version"].as_str())
        .collect();
    assert_eq!(names, ["qd26-2026", "qd148-2023", "qd1048-2019"]);
    let v148 = &versions[1];
    assert_eq!(v148["sets"].as_array().map(Vec::len), Some(26));
    assert_eq!(
        v148["sets"]
            .as_array()
            .map(|s| s.iter().filter(|x| x["flagged"] == true).count()),
        Some(9)
    );
    assert_eq!(
        versions[2]["parts"][0]["max"], 35,
        "1048/2019 part A was worth 35"
    );
    assert_eq!(
        (
            versions[0]["structure_only"].as_bool(),
            versions[0]["verified"].as_bool()
        ),
        (Some(true), Some(false))
    );

    let set: Value = app
        .get("/api/v1/criteria-sets/qd148-2023-13")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(set["meta"]["name"], "Cà phê, ca cao");
    assert_eq!(set["parts"].as_array().map(Vec::len), Some(3));
    assert_eq!(set["parts"][0]["sections"][0]["criteria"][0]["id"], "1.a");
    assert_eq!(
        set["parts"][0]["sections"][0]["criteria"][0]["options"][0]["id"],
        "1.a.1"
    );
    assert_eq!(
        app.get("/api/v1/criteria-sets/qd148-2023-99")
            .await
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn the_api_scores_a_sheet_explains_it_and_names_bad_input() {
    let app = TestApp::spawn().await;
    let set: Value = app
        .get("/api/v1/criteria-sets/qd148-2023-01")
        .await
        .json()
        .await
        .unwrap_or_default();
    // The hand-computed example of set 1: 100 − 2 − 4 − 4 = 90, held at 3★ by 3.e.
    let mut choices = best_choices(&set);
    choices.remove("3.e");
    choices.insert("4.a".into(), json!("4.a.1"));
    choices.insert("5.a".into(), json!("5.a.2"));
    let (status, r) = post_json(
        &app,
        "/api/v1/criteria-sets/qd148-2023-01/score",
        json!({ "choices": choices }).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(
        (
            r["total"].as_f64(),
            r["stars"].as_u64(),
            r["certifiable"].as_bool()
        ),
        (Some(90.0), Some(3), Some(true))
    );
    assert_eq!(
        (
            r["parts"]["A"]["score"].as_f64(),
            r["parts"]["A"]["max"].as_f64()
        ),
        (Some(38.0), Some(40.0))
    );
    assert_eq!(r["held_back_by"][0]["criterion"], "3.e");
    assert_eq!(r["advice"]["target_stars"], 4);
    assert_eq!(r["advice"]["steps"][0]["criterion"], "3.e");

    for (body, status, needle) in [
        (
            json!({ "choices": { "9.z": "9.z.1" } }).to_string(),
            422,
            "9.z",
        ),
        (
            json!({ "choices": { "1.a": "1.a.9" } }).to_string(),
            422,
            "1.a.9",
        ),
        (
            json!({ "choices": { "1.a": "na" } }).to_string(),
            422,
            "không áp dụng",
        ),
        ("không phải JSON".to_owned(), 400, "JSON"),
    ] {
        let (s, r) = post_json(&app, "/api/v1/criteria-sets/qd148-2023-01/score", body).await;
        assert_eq!(s, status);
        assert!(
            r["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains(needle)),
            "{r}"
        );
    }
    // An empty sheet scores 0, still gets advice, and says it is incomplete.
    let (s, r) = post_json(
        &app,
        "/api/v1/criteria-sets/qd148-2023-01/score",
        r#"{"choices": {}}"#.into(),
    )
    .await;
    assert_eq!(
        (s, r["total"].as_f64(), r["stars"].as_u64()),
        (200, Some(0.0), Some(1))
    );
    let set = crate::fixtures::sheet_set(&app, "qd148-2023-01").await;
    assert_eq!(r["complete"], false);
    assert_eq!(
        r["unanswered"].as_array().map(Vec::len),
        Some(set.criteria().count()),
        "set 1 has no either/or sections: every criterion is listed"
    );
    assert_eq!(r["unanswered"][0]["id"], "1.a");
    // A misspelt field is refused, never read as an empty sheet; so is a
    // body without `choices`.
    for body in [r#"{"choice": {"1.a": "1.a.1"}}"#, "{}"] {
        let (s, r) = post_json(
            &app,
            "/api/v1/criteria-sets/qd148-2023-01/score",
            body.into(),
        )
        .await;
        assert_eq!(s, 400, "{body}: {r}");
        assert!(
            r["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("choice")),
            "{r}"
        );
    }
    // A whole sheet is complete and lists nothing.
    let whole = crate::fixtures::sheet(&set, &[]);
    let (s, r) = post_json(
        &app,
        "/api/v1/criteria-sets/qd148-2023-01/score",
        serde_json::json!({ "choices": whole }).to_string(),
    )
    .await;
    assert_eq!(
        (s, &r["complete"], r["unanswered"].as_array().map(Vec::len)),
        (200, &Value::Bool(true), Some(0))
    );
    // Set 26's known transcription problem travels with every result.
    let (_, r) = post_json(
        &app,
        "/api/v1/criteria-sets/qd148-2023-26/score",
        r#"{"choices": {}}"#.into(),
    )
    .await;
    assert!(
        r["flags"].as_array().is_some_and(|f| f
            .iter()
            .any(|x| x.as_str().is_some_and(|t| t.contains("dấu sao bắt buộc")))),
        "{r}"
    );
}

#[tokio::test]
async fn the_openapi_document_matches_the_routes() {
    let app = TestApp::spawn().await;
    let doc: Value = app
        .get("/api/openapi.json")
        .await
        .json()
        .await
        .unwrap_or_default();
    let mut documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .into_iter()
                .flatten()
                .map(move |(m, _)| (m.clone(), path.clone()))
        })
        .collect();
    let mut routed: Vec<(String, String)> = ocop_web::API_ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    documented.sort();
    routed.sort();
    assert_eq!(documented, routed);
    // Every listed route is really served.
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE certificates SET number = 'OCOP-68-2026-00001' WHERE id = (SELECT min(id) FROM certificates)",
    )
    .await;
    for (method, path) in routed {
        let path = path
            .replace("{id}", "qd148-2023-01")
            .replace("{number}", "OCOP-68-2026-00001");
        let url = format!("{}{}", app.base, path);
        let res = match method.as_str() {
            "get" => app.client.get(url).send().await,
            _ => {
                app.client
                    .post(url)
                    .header("content-type", "application/json")
                    .body(r#"{"choices": {}}"#)
                    .send()
                    .await
            }
        }
        .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{method} {path}");
    }
}

#[tokio::test]
async fn the_self_assessment_page_keeps_the_choices_and_shows_the_path_to_the_next_star() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/bo-tieu-chi").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/bo-tieu-chi/qd148-2023-26\"")
            && html.contains("Chỉ có cấu trúc các phần")
    );
    let (_, html) = app.page("/bo-tieu-chi/qd148-2023-07").await;
    assert!(html.contains("có ghi chú về bản chép") && html.contains("tối đa đạt 99 điểm"));
    assert!(html.contains("<h2>Phần A: SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 điểm)</h2>"));

    let set: Value = app
        .get("/api/v1/criteria-sets/qd148-2023-01")
        .await
        .json()
        .await
        .unwrap_or_default();
    let mut form: Vec<(String, String)> = best_choices(&set)
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_owned()))
        .collect();
    form.retain(|(k, _)| k != "3.e");
    form.push(("3.e".into(), String::new()));
    let res = app
        .client
        .post(format!(
            "{}/bo-tieu-chi/qd148-2023-01/tu-danh-gia",
            app.base
        ))
        .form(&form)
        .send()
        .await;
    let html = res.map(|r| r.text()).unwrap().await.unwrap_or_default();
    assert!(html.contains("Kết quả tự đánh giá: 98/100 điểm"), "100 − 2");
    assert!(html.contains("bị giới hạn ở 3 sao") && html.contains("Sở hữu trí tuệ"));
    assert!(html.contains("Lộ trình lên hạng") && html.contains("Để đạt 4 sao"));
    assert!(
        html.contains("name=\"1.a\" value=\"1.a.3\" checked"),
        "what was chosen stays chosen"
    );

    // A forged option: an error on the page, the other choices kept.
    form.push(("2.a".into(), "2.a.99".into()));
    form.retain(|(k, v)| k != "2.a" || v == "2.a.99");
    let res = app
        .client
        .post(format!(
            "{}/bo-tieu-chi/qd148-2023-01/tu-danh-gia",
            app.base
        ))
        .form(&form)
        .send()
        .await;
    let res = res.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap_or_default();
    let alert = html
        .split("role=\"alert\">")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .unwrap_or_default();
    assert!(
        alert.contains("2.a.99") && alert.contains("không có phương án"),
        "{alert}"
    );
    assert!(html.contains("name=\"1.a\" value=\"1.a.3\" checked"));
}

#[tokio::test]
async fn the_criteria_pages_are_in_the_portal_and_speak_english_around_the_issued_text() {
    let app = TestApp::spawn().await;
    let (_, vi) = app.page("/bo-tieu-chi/qd148-2023-01").await;
    assert!(
        vi.contains("<html lang=\"vi\">")
            && vi.contains("href=\"/ngon-ngu/en?tiep=/bo-tieu-chi/qd148-2023-01\"")
    );
    assert!(vi.contains("(tối đa ") && vi.contains("Chưa chấm (0 điểm)"));
    let (_, list) = crate::harness::get_as(&app, "lang=en", "/bo-tieu-chi").await;
    assert!(
        list.contains("<html lang=\"en\">")
            && list.contains("<h1>OCOP product rating criteria</h1>")
    );
    assert!(
        list.contains("<th scope=\"col\">Lead department</th>") && list.contains("In force from")
    );
    let (_, sheet) = crate::harness::get_as(&app, "lang=en", "/bo-tieu-chi/qd148-2023-01").await;
    assert!(sheet.contains("Not scored (0 points)") && sheet.contains("(at most "));
    assert!(sheet.contains("Calculate the score and the path to the next star"));
    assert!(
        sheet.contains("<strong>1 point</strong>") && !sheet.contains("1 points<"),
        "one point, in the singular"
    );
    assert!(
        !sheet.contains("Chưa chấm"),
        "no Vietnamese words around the criteria"
    );
    let res = app
        .client
        .post(format!(
            "{}/bo-tieu-chi/qd148-2023-01/tu-danh-gia",
            app.base
        ))
        .header("cookie", "lang=en")
        .form(&[("1.a", "1.a.3")])
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap_or_default();
    assert!(
        html.contains("Self-assessment result: ") && html.contains(" stars"),
        "{html}"
    );
    assert!(html.contains("does not reach recognition yet"));
    // A refused answer is said in the reader's language too.
    for (lang, said) in [
        ("lang=en", "has no option \"1.a.9\""),
        ("lang=vi", "không có phương án \"1.a.9\""),
    ] {
        let res = app
            .client
            .post(format!(
                "{}/bo-tieu-chi/qd148-2023-01/tu-danh-gia",
                app.base
            ))
            .header("cookie", lang)
            .form(&[("1.a", "1.a.9")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains(&said.replace('"', "&#34;")), "{lang}: {html}");
    }
}

#[tokio::test]
async fn blank_sheets_for_print_and_excel() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/bo-tieu-chi/qd148-2023-13/phieu-cham").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP")
            && html.contains("Bộ 13: Cà phê, ca cao")
    );
    let res = app.get("/bo-tieu-chi/qd148-2023-13/phieu-cham.xlsx").await;
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    let bytes = res.bytes().await.unwrap_or_default();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .map(|mut f| f.read_to_string(&mut s))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .ok();
        s
    };
    let strings = read("xl/sharedStrings.xml");
    for text in [
        "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        "Bộ 13: Cà phê, ca cao",
        "Sở hữu trí tuệ — bắt buộc cho 4 sao",
        "Tổng điểm",
    ] {
        assert!(strings.contains(text), "{text}");
    }
    assert!(read("xl/worksheets/sheet1.xml").contains("<f>SUM("));
    // The product page links the product to its set.
    let (_, html) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert!(html.contains("href=\"/bo-tieu-chi/qd148-2023-13\">Cà phê, ca cao</a>"));
}

#[tokio::test]
async fn every_documented_answer_has_its_schema_and_errors_the_envelope() {
    let app = TestApp::spawn().await;
    let doc: Value = app
        .get("/api/openapi.json")
        .await
        .json()
        .await
        .unwrap_or_default();
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in ops.as_object().into_iter().flatten() {
            for (code, answer) in op["responses"].as_object().into_iter().flatten() {
                let schema = &answer["content"]
                    .as_object()
                    .and_then(|c| c.values().next())
                    .map(|m| m["schema"].clone())
                    .unwrap_or_default();
                assert!(!schema.is_null(), "{method} {path} {code} has no schema");
                if code.starts_with('4') || code.starts_with('5') {
                    assert_eq!(
                        schema["$ref"], "#/components/schemas/Error",
                        "{method} {path} {code}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "{checked}");
    // The error envelope as documented is what an error answers.
    let (status, body) = post_json(
        &app,
        "/api/v1/criteria-sets/qd148-2023-01/score",
        r#"{"choice": {}}"#.into(),
    )
    .await;
    assert_eq!(status, 400);
    for field in ["status", "title", "message", "request_id"] {
        assert!(!body["error"][field].is_null(), "{field} in {body}");
    }
}
