//! Official documents (issue #7): PDFs read back with poppler's pdftotext
//! and rendered with pdftoppm, as a person would print and read them.

use crate::harness::TestApp;
use ocop_domain::access::Role;
use std::process::Command;

fn poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdftoppm").arg("-v").output().is_ok();
    if !ok {
        assert!(std::env::var("CI").is_err(), "CI must have poppler-utils");
        eprintln!("SKIPPED: install poppler-utils to read PDFs back");
    }
    ok
}

#[tokio::test]
async fn the_certificate_pdf_reads_back_in_vietnamese_with_its_decision_dates_and_qr() {
    let app = TestApp::spawn().await;
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE certificates SET number = 'OCOP-68-2026-00001' WHERE product_id = \
         (SELECT id FROM products WHERE slug = 'mam-nem-seagull')",
    )
    .await;
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE decisions SET signer = 'Nguyễn Văn Ánh' WHERE number = '3981/QĐ-UBND'",
    )
    .await;
    crate::harness::account(&app, "van-phong", Role::Office).await;
    let (_, cookie, _) =
        crate::access::sign_in(&app, "van-phong", crate::harness::TEST_PASSWORD).await;
    let cookie = crate::access::cookie_pair(&cookie.unwrap_or_default());
    let id = app
        .store
        .certificate_id_by_number("68", "OCOP-68-2026-00001")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("numbered"));
    let res = app
        .client
        .get(format!("{}/quan-tri/giay-chung-nhan/{id}/pdf", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap_or_default();
    assert!(pdf.starts_with(b"%PDF-"));
    crate::outside::assert_qpdf_passes(&pdf);
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gcn.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap_or_default();
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "Số: OCOP-68-2026-00001",
        "GIẤY CHỨNG NHẬN",
        "SẢN PHẨM ĐẠT CHUẨN OCOP",
        "Mắm nêm Seagull",
        "Hạng: 3 sao",
        "Chủ thể: Công ty TNHH Seagull",
        "Quyết định số 3981/QĐ-UBND ngày 05/08/2026",
        "có giá trị đến ngày 05/08/2029",
        "Lâm Đồng, ngày 05 tháng 8 năm 2026",
        "Nguyễn Văn Ánh",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
    // Rendered as a printer would: one landscape A4 page with ink on it.
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "50"])
        .arg(&file)
        .arg(dir.path().join("trang"))
        .status()
        .unwrap();
    assert!(status.success());
    let png = std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .unwrap_or_else(|| panic!("a page image"));
    let img = image::open(&png).unwrap().to_luma8();
    assert!(img.width() > img.height(), "landscape");
    let dark = img.pixels().filter(|p| p.0[0] < 128).count();
    assert!(
        dark > 2000,
        "text, stars and the QR code are drawn ({dark} dark pixels)"
    );
    let artifacts = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let _ = std::fs::create_dir_all(&artifacts);
    let _ = std::fs::copy(&png, artifacts.join("certificate-pdf.png"));

    // A certificate known only from a published list (no number, no date)
    // is not reprinted as if it were the original.
    let listed = app
        .store
        .all_certificates("68")
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.certificate.issued_on.is_none())
        .map(|c| c.certificate.id)
        .unwrap_or_else(|| panic!("a listed certificate"));
    let res = app
        .client
        .get(format!(
            "{}/quan-tri/giay-chung-nhan/{listed}/pdf",
            app.base
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
}

pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap_or_default()
}

#[tokio::test]
async fn the_decision_pdf_carries_its_annex_with_every_product_from_the_data() {
    let app = TestApp::spawn().await;
    let (_, page) = app.page("/quyet-dinh").await;
    assert!(
        page.contains("href=\"/quyet-dinh/pdf?so=3981%2FQ%C4%90-UBND\""),
        "linked from the decisions page"
    );
    let res = app.get("/quyet-dinh/pdf?so=3981/QĐ-UBND").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap_or_default();
    crate::outside::assert_qpdf_passes(&pdf);
    assert_eq!(
        app.get("/quyet-dinh/pdf?so=9999/QĐ-UBND")
            .await
            .status()
            .as_u16(),
        404
    );
    if !poppler() {
        return;
    }
    let text = pdf_text(&pdf);
    // Every product the data lists under this decision is in the annex.
    let file = "lamdong-ocop-2025-2026.csv";
    let rows: Vec<_> = crate::harness::data_rows(file)
        .into_iter()
        .filter(|r| crate::harness::col(file, r, "decision") == "3981/QĐ-UBND")
        .collect();
    assert_eq!(rows.len(), 9, "the data lists nine products under 3981");
    assert!(
        text.contains(&format!(
            "Điều 1. Công nhận {} sản phẩm đạt chuẩn OCOP",
            rows.len()
        )),
        "{text}"
    );
    for r in &rows {
        let name = crate::harness::col(file, r, "product");
        // A long name may wrap: its first words are on one line.
        let head: String = name
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(&head), "annex lacks «{name}»");
    }
    for expected in [
        "QUYẾT ĐỊNH",
        "Về việc công nhận sản phẩm đạt chuẩn OCOP",
        "Số: 3981/QĐ-UBND",
        "Lâm Đồng, ngày 05 tháng 8 năm 2026",
        "PHỤ LỤC",
        "Mắm nêm Seagull",
        "Nơi nhận:",
    ] {
        assert!(text.contains(expected), "missing «{expected}»");
    }
    // The annex runs over pages rather than off the page.
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 2, "{pages} page breaks");
}

/// The rows of the first sheet of a workbook, as text.
fn sheet_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::Reader as _;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = wb.sheet_names().first().cloned().unwrap_or_default();
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[tokio::test]
async fn the_catalogue_exports_to_excel_with_the_filters_on_the_page() {
    let app = TestApp::spawn().await;
    let (_, page) = app.page("/san-pham?q=ca+phe&stars=4").await;
    assert!(
        page.contains("href=\"/san-pham.xlsx?q=ca+phe&#38;stars=4\""),
        "the page offers its own filters"
    );
    let res = app.get("/san-pham.xlsx?q=ca+phe&stars=4").await;
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.unwrap_or_default();
    let rows = sheet_rows(&bytes);
    assert_eq!(rows[0][0], "DANH SÁCH SẢN PHẨM OCOP");
    // openpyxl reads the same workbook.
    if let Some(read) = crate::outside::xlsx_rows(&bytes) {
        assert!(
            read.lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("DANH SÁCH SẢN PHẨM OCOP")),
            "{read}"
        );
    }
    assert!(rows[1][0].contains("29/11/2026") && rows[1][0].contains("q=ca+phe"));
    assert_eq!(rows[3][1], "Tên sản phẩm");
    // The same products as the search, all of them, Vietnamese intact.
    let api: serde_json::Value = app
        .get("/api/v1/products?q=ca+phe&stars=4&per_page=100")
        .await
        .json()
        .await
        .unwrap_or_default();
    let mut expected: Vec<String> = api["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["name"].as_str().map(str::to_owned))
        .collect();
    let mut got: Vec<String> = rows[4..].iter().map(|r| r[1].clone()).collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    assert!(got.iter().any(|n| n == "Cà phê bột Đắk Đam"));
    assert!(rows[4..].iter().all(|r| r[4] == "4"), "stars as numbers");
    // Everything, unfiltered, is every product.
    let all = sheet_rows(
        &app.get("/san-pham.xlsx")
            .await
            .bytes()
            .await
            .unwrap_or_default(),
    );
    let total = api_total(&app).await;
    assert_eq!(all.len() - 4, total);
}

async fn api_total(app: &TestApp) -> usize {
    let v: serde_json::Value = app
        .get("/api/v1/products")
        .await
        .json()
        .await
        .unwrap_or_default();
    v["total"].as_u64().unwrap_or(0) as usize
}

/// Every sheet of a workbook: name → rows.
fn all_sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader as _;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names().clone();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

#[tokio::test]
async fn the_statistics_workbook_adds_up_to_the_catalogue() {
    let app = TestApp::spawn().await;
    let (_, home) = app.page("/").await;
    assert!(home.contains("href=\"/thong-ke.xlsx\""));
    let bytes = app
        .get("/thong-ke.xlsx")
        .await
        .bytes()
        .await
        .unwrap_or_default();
    let sheets = all_sheets(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Theo nam",
            "Theo hang sao",
            "Theo nhom",
            "Theo so nganh",
            "Theo xa phuong",
            "Theo huyen cu",
            "Tinh trang GCN"
        ]
    );
    let total = api_total(&app).await;
    let sum = |rows: &Vec<Vec<String>>| -> usize {
        rows[4..]
            .iter()
            .filter(|r| r[0] != "Tổng")
            .filter_map(|r| r[1].parse::<f64>().ok())
            .map(|n| n as usize)
            .sum()
    };
    // Every sheet adds up to every product (with its "not known" row) and
    // says so in its total row.
    for (name, rows) in &sheets {
        assert_eq!(sum(rows), total, "{name} adds up to every product");
        let last = rows.last().unwrap_or_else(|| panic!("{name} is empty"));
        assert_eq!(last[0], "Tổng", "{name}");
        assert_eq!(last[1].parse::<f64>().ok(), Some(total as f64), "{name}");
    }
    // By stars, against the API's facet counts.
    let api: serde_json::Value = app
        .get("/api/v1/products")
        .await
        .json()
        .await
        .unwrap_or_default();
    for f in api["facets"]["stars"].as_array().into_iter().flatten() {
        let key = f["key"].as_str().unwrap_or_default();
        let label = format!("{} {key} sao", "★".repeat(key.parse().unwrap_or(0)));
        let row = sheets[1]
            .1
            .iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("{label}"));
        assert_eq!(row[1].parse::<f64>().ok(), f["count"].as_f64(), "{label}");
    }
    assert!(
        sheets[6].1.iter().any(|r| r[0] == "Còn hiệu lực")
            && sheets[6].1.iter().any(|r| r[0] == "Hết hiệu lực")
    );
    // By department: a product goes to its set's department where the
    // province named one (processed food, sets 5–8, to Industry and Trade),
    // else to its group's. Counted here from the rows, not the sheet.
    let rows = app.store.search_rows("68").await.unwrap_or_default();
    let trade = rows
        .iter()
        .filter(|r| {
            let set = r.criteria_set.as_deref().unwrap_or_default();
            [
                "qd148-2023-05",
                "qd148-2023-06",
                "qd148-2023-07",
                "qd148-2023-08",
            ]
            .contains(&set)
                || r.summary.group_code.as_deref() == Some("II")
        })
        .count();
    let processed = rows
        .iter()
        .filter(|r| {
            r.criteria_set
                .as_deref()
                .is_some_and(|s| ("qd148-2023-05"..="qd148-2023-08").contains(&s))
        })
        .count();
    assert!(processed > 0, "the shipped data has processed food");
    let row = sheets[3]
        .1
        .iter()
        .find(|r| r[0] == "Sở Công Thương")
        .unwrap_or_else(|| panic!("{:?}", sheets[3]));
    assert_eq!(row[1].parse::<f64>().ok(), Some(trade as f64));
}

#[tokio::test]
async fn the_overview_draws_svg_charts_and_the_gap_map_from_the_data() {
    let app = TestApp::spawn().await;
    crate::harness::account(&app, "van-phong", Role::Office).await;
    let (_, cookie, _) =
        crate::access::sign_in(&app, "van-phong", crate::harness::TEST_PASSWORD).await;
    let cookie = crate::access::cookie_pair(&cookie.unwrap_or_default());
    let res = app
        .client
        .get(format!("{}/quan-tri/tong-quan", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let html = res.text().await.unwrap_or_default();
    assert_eq!(
        html.matches("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\"")
            .count(),
        5
    );
    // The gap map names exactly the groups the data has no product in.
    let api: serde_json::Value = app
        .get("/api/v1/products")
        .await
        .json()
        .await
        .unwrap_or_default();
    let present: Vec<String> = api["facets"]["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g["key"].as_str().map(str::to_owned))
        .collect();
    let at = html
        .find("Toàn tỉnh chưa có sản phẩm OCOP ở nhóm")
        .unwrap_or_else(|| panic!("a gap is named"));
    let sentence = &html[at..at + html[at..].find("</p>").unwrap_or(0)];
    for g in ocop_domain::ProductGroup::ALL {
        let named = sentence.contains(&format!("{}. {}", g.code(), g.name_vi()));
        assert_eq!(
            named,
            !present.iter().any(|p| p == g.code()),
            "{}",
            g.code()
        );
    }
    // Stars chart figures agree with the facets.
    for f in api["facets"]["stars"].as_array().into_iter().flatten() {
        let t = format!(
            "<title>{} sao: {}</title>",
            f["key"].as_str().unwrap_or_default(),
            f["count"]
        );
        assert!(html.contains(&t), "{t}");
    }
}

async fn office(app: &TestApp) -> String {
    crate::harness::session(app, "van-phong", Role::Office).await
}

/// Follows an import job's page (up to 20 s) until it has finished.
async fn finished_job(app: &TestApp, cookie: &str, location: &str) -> String {
    for _ in 0..200 {
        let (status, html) = crate::harness::get_as(app, cookie, location).await;
        assert_eq!(status, 200, "{location}");
        if !html.contains("Đang nhập") {
            return html;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import job did not finish");
}

/// The id of the file a preview kept, to import it without sending it again.
fn kept_upload(html: &str) -> String {
    html.split("name=\"upload\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("the upload is kept"))
        .to_owned()
}

async fn import(
    app: &TestApp,
    cookie: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> (u16, String) {
    crate::harness::post_multipart(app, cookie, "/quan-tri/nhap-du-lieu", fields, file).await
}

fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in (0u32..).zip(rows) {
        for (c, v) in (0u16..).zip(row.iter()) {
            match v.parse::<f64>() {
                Ok(n) if r > 0 => ws.write_number(r, c, n).map(|_| ()),
                _ => ws.write_string(r, c, *v).map(|_| ()),
            }
            .unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[tokio::test]
async fn an_office_list_imports_after_a_dry_run_all_or_nothing_and_only_once() {
    let app = TestApp::spawn().await;
    let cookie = office(&app).await;
    let before = api_total(&app).await;

    // Wrong types, an unknown commune and a duplicate: every one named, nothing written.
    let bad = "Tên sản phẩm,Chủ thể,Hạng sao,Năm công nhận,Xã, phường\n\
               Mật ong hoa cà phê,HTX Ong Mật Thuận An,bốn,2025,Xã Thuận An\n\
               Tiêu đen,HTX Tiêu Xanh,3,năm ngoái,Xã Không Tồn Tại\n\
               Mật ong hoa cà phê,HTX Ong Mật Thuận An,bốn,2025,Xã Thuận An\n";
    // The header "Xã, phường" contains a comma: quote it as Excel does.
    let bad = bad.replacen("Xã, phường", "\"Xã, phường\"", 1);
    let (status, html) = import(
        &app,
        &cookie,
        &[("action", "xem-truoc")],
        Some(("ds.csv", bad.into_bytes())),
    )
    .await;
    assert_eq!(status, 422);
    for (row, col) in [
        ("2", "Hạng sao"),
        ("3", "Năm công nhận"),
        ("3", "Xã, phường"),
        ("4", "Tên sản phẩm"),
    ] {
        assert!(
            html.contains(&format!("<tr><td>{row}</td><td>{col}</td>")),
            "row {row} {col}"
        );
    }
    assert!(html.contains("Xã Không Tồn Tại") && html.contains("chưa ghi gì"));
    assert_eq!(api_total(&app).await, before, "nothing written");

    // A clean Excel list: one product already there, two new.
    let file = xlsx(&[
        &[
            "Tên sản phẩm",
            "Chủ thể",
            "Hạng sao",
            "Năm công nhận",
            "Số quyết định",
            "Ngày quyết định",
            "Xã, phường",
            "Nhóm sản phẩm",
        ],
        &[
            "Cà phê bột Đắk Đam",
            "HTX Nông nghiệp Công Bằng Thuận An",
            "4",
            "2020",
            "",
            "",
            "",
            "",
        ],
        &[
            "Mật ong hoa cà phê Thuận An",
            "HTX Nông nghiệp Công Bằng Thuận An",
            "3",
            "",
            "77/QĐ-UBND",
            "15/03/2026",
            "Xã Thuận An",
            "I",
        ],
        &[
            "Trà mãng cầu",
            "Hộ kinh doanh Nguyễn Thị Hoa",
            "3",
            "",
            "77/QĐ-UBND",
            "15/03/2026",
            "24682",
            "Đồ uống",
        ],
    ]);
    let (status, html) = import(
        &app,
        &cookie,
        &[("action", "xem-truoc")],
        Some(("danh-sach.xlsx", file)),
    )
    .await;
    assert_eq!(status, 200, "{html}");
    for line in [
        "Chủ thể mới: 1",
        "Sản phẩm mới: 2",
        "Giấy chứng nhận thêm: 2",
        "Không thay đổi (đã có): 1",
    ] {
        assert!(html.contains(line), "{line}");
    }
    assert_eq!(api_total(&app).await, before, "a dry run writes nothing");
    let upload = kept_upload(&html);
    // Go ahead, without choosing the file again; keep the mapping as a template.
    let (status, job) = import(
        &app,
        &cookie,
        &[
            ("action", "nhap"),
            ("upload", &upload),
            ("save_as", "Mẫu Sở NN&MT"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 303, "the import runs in the background");
    assert!(job.starts_with("/quan-tri/nhap-du-lieu/viec/"), "{job}");
    let html = finished_job(&app, &cookie, &job).await;
    assert!(
        html.contains("Đã nhập xong") && html.contains("Sản phẩm mới: 2"),
        "{html}"
    );
    assert_eq!(api_total(&app).await, before + 2);
    let (_, page) = app.page("/san-pham/tra-mang-cau").await;
    assert!(
        page.contains("77/QĐ-UBND") && page.contains("15/03/2029") && page.contains("Đồ uống"),
        "{page}"
    );
    // The same file again changes nothing.
    let (status, job) = import(
        &app,
        &cookie,
        &[("action", "nhap"), ("upload", &upload)],
        None,
    )
    .await;
    assert_eq!(status, 303);
    let html = finished_job(&app, &cookie, &job).await;
    assert!(
        html.contains("Sản phẩm mới: 0")
            && html.contains("Giấy chứng nhận thêm: 0")
            && html.contains("Không thay đổi (đã có): 3"),
        "{html}"
    );
    assert_eq!(api_total(&app).await, before + 2);
    let log = app.store.audit_log(10).await.unwrap_or_default();
    assert_eq!(log.iter().filter(|e| e.action == "import.apply").count(), 2);
    // The template is offered next time.
    let res = app
        .client
        .get(format!("{}/quan-tri/nhap-du-lieu", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("<option value=\"Mẫu Sở NN&#38;MT\">")
    );
    // A CSV not saved as UTF-8 is refused with what to do.
    let (status, html) = import(
        &app,
        &cookie,
        &[("action", "xem-truoc")],
        Some(("cu.csv", vec![0x54, 0xEA, 0x6E, 0x0A])),
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("UTF-8"));
}

#[tokio::test]
async fn the_periodic_report_is_a_word_file_built_from_live_data() {
    let app = TestApp::spawn().await;
    let cookie = office(&app).await;
    // A round whose dossier deadline has passed, with a dossier still in draft.
    let own = crate::harness::producer(&app.store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    let producer = crate::harness::actor("chu-the", Role::Producer, None, Some(own.id));
    let deadlines = ocop_store::cycle::RoundDeadlines {
        dossier_until: Some(crate::harness::day("2026-11-01")),
        ..Default::default()
    };
    crate::harness::new_dossier(&app, &producer, "Đợt 2/2026", &deadlines).await;
    let res = app
        .client
        .get(format!("{}/quan-tri/bao-cao.docx", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.unwrap_or_default();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    // The text of the document, run by run.
    let text: String = xml
        .split("<w:t xml:space=\"preserve\">")
        .skip(1)
        .filter_map(|s| s.split("</w:t>").next())
        .collect::<Vec<_>>()
        .join("|");
    let total = api_total(&app).await;
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        "Lâm Đồng, ngày 29 tháng 11 năm 2026",
        "Tình hình thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) đến ngày 29/11/2026",
        &format!("toàn tỉnh có {total} sản phẩm trong hệ thống"),
        "Chưa nhận phản ánh nào.",
        "V. ĐỊA BÀN, SỞ NGÀNH CHẬM TIẾN ĐỘ",
        "Xã Thuận An|1",
        "KT. GIÁM ĐỐC",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in {text}");
    }
    // python-docx opens every table (it refuses one without a grid) and reads
    // the late-communes row as its own two cells.
    if let Some(tables) = crate::outside::docx_tables(&bytes) {
        assert!(tables.lines().any(|l| l == "Xã Thuận An|1"), "{tables}");
        assert!(tables.contains("KT. GIÁM ĐỐC"), "{tables}");
    }
}

#[tokio::test]
async fn score_sheets_print_blank_and_filled() {
    let app = TestApp::spawn().await;
    let res = app.get("/bo-tieu-chi/qd148-2023-13/phieu-cham.pdf").await;
    assert_eq!(res.status().as_u16(), 200);
    let blank = res.bytes().await.unwrap_or_default();
    let set = ocop_app::rules::set(&app.store, "qd148-2023-13")
        .await
        .ok()
        .flatten()
        .map(|(s, _)| s)
        .unwrap_or_else(|| panic!("set 13"));
    let choices = crate::harness::last_options(&set);
    let sheet = ocop_domain::criteria::ScoreSheet::from_ids(choices.clone());
    let result = ocop_domain::criteria::score(&set, &sheet).unwrap_or_else(|e| panic!("{e:?}"));
    let filled = ocop_docs::pdf::score_sheet_pdf(
        &set,
        Some(&ocop_docs::pdf::Filled {
            sheet: &sheet,
            product: "Cà phê bột Đắk Đam",
            member: "Trần Thị Hồng",
            total: i64::from(result.total),
            stars: Some(result.stars),
        }),
    )
    .unwrap();
    if !poppler() {
        return;
    }
    let blank = pdf_text(&blank);
    assert!(blank.contains("PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP"));
    assert!(blank.contains("Tổng điểm: ........../100"));
    // Every criterion of the set is on the sheet (numbered as issued, 1.đ,
    // and the start of its title).
    for (_, _, c) in set.criteria() {
        let shown = ocop_domain::criteria::shown_id(&c.id);
        let head: String = c
            .title
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            blank.contains(&format!("{shown}. {head}")),
            "{shown} {head}"
        );
    }
    let filled = pdf_text(&filled);
    assert!(filled.contains("Sản phẩm: Cà phê bột Đắk Đam") && filled.contains("Trần Thị Hồng"));
    assert!(
        filled.contains(&format!("Tổng điểm: {}/100", result.total)),
        "{filled}"
    );
    assert!(filled.contains(&format!("Xếp hạng theo phiếu: {} sao", result.stars)));
}

#[tokio::test]
async fn the_certificate_register_exports_its_view_to_excel() {
    let app = TestApp::spawn().await;
    let cookie = office(&app).await;
    let get = |path: &'static str| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            app.client
                .get(format!("{}{path}", app.base))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
        }
    };
    let page = get("/quan-tri/giay-chung-nhan?tt=het-han")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(page.contains("href=\"/quan-tri/giay-chung-nhan.xlsx?tt=het-han\""));
    let rows = sheet_rows(
        &get("/quan-tri/giay-chung-nhan.xlsx?tt=het-han")
            .await
            .bytes()
            .await
            .unwrap_or_default(),
    );
    assert!(rows[1][0].starts_with("Đã hết hạn"));
    let listed = page.matches("<tr id=\"gcn-").count();
    assert_eq!(rows.len() - 4, listed, "the same certificates as the page");
    assert!(rows[4..].iter().all(|r| r[6] == "Hết hiệu lực"));
    // Each product once, its newest certificate: every product with one.
    let all = sheet_rows(
        &get("/quan-tri/giay-chung-nhan.xlsx?tt=tat-ca")
            .await
            .bytes()
            .await
            .unwrap_or_default(),
    );
    let products: std::collections::HashSet<String> = app
        .store
        .all_certificates("68")
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.product_slug)
        .collect();
    assert_eq!(all.len() - 4, products.len());
}

#[tokio::test]
async fn the_council_minutes_list_members_and_each_scored_dossier() {
    let app = TestApp::spawn().await;
    let cookie = office(&app).await;
    let by = ocop_store::cycle::By {
        actor: "van-phong",
        at: "2026-11-29T06:00:00Z",
    };
    let round = app
        .store
        .create_round(
            "68",
            2026,
            "Đợt 1 năm 2026",
            "1489/2025",
            &Default::default(),
            by,
        )
        .await
        .unwrap();
    for (m, chair) in [("Lê Văn Chủ", true), ("Phạm Thị Viên", false)] {
        app.store
            .add_council_member(round, m, chair, "van-phong", "2026-11-29T06:00:00Z")
            .await
            .unwrap();
    }
    let (status, page) =
        crate::harness::get_as(&app, &cookie, &format!("/quan-tri/dot/{round}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("href=\"/quan-tri/dot/{round}/bien-ban.pdf\"")));
    let res = app
        .client
        .get(format!("{}/quan-tri/dot/{round}/bien-ban.pdf", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap_or_default();
    // The layout with scored dossiers, as the minutes of a finished session.
    let filled = ocop_docs::pdf::minutes_pdf(&ocop_docs::pdf::MinutesDoc {
        issuer: "Tỉnh Lâm Đồng".into(),
        place: "Lâm Đồng".into(),
        round: "Đợt 1 năm 2026".into(),
        date: (29, 11, 2026),
        members: vec![("Lê Văn Chủ".into(), true), ("Phạm Thị Viên".into(), false)],
        dossiers: vec![ocop_docs::pdf::ScoredDossier {
            product: "Cà phê bột Đắk Đam".into(),
            producer: "HTX Nông nghiệp Công Bằng Thuận An".into(),
            totals: vec![("Lê Văn Chủ".into(), 90), ("Phạm Thị Viên".into(), 77)],
            average: "83,50".into(),
            stars: Some(4),
        }],
    })
    .unwrap();
    crate::outside::assert_qpdf_passes(&pdf);
    crate::outside::assert_qpdf_passes(&filled);
    if !poppler() {
        return;
    }
    let text = pdf_text(&pdf);
    for expected in [
        "BIÊN BẢN",
        "Đợt 1 năm 2026",
        "Lê Văn Chủ: Chủ tịch hội đồng",
        "Phạm Thị Viên: Thành viên",
        "Không có hồ sơ nào đã chấm xong",
    ] {
        assert!(text.contains(expected), "missing «{expected}»");
    }
    let text = pdf_text(&filled);
    for expected in [
        "Cà phê bột Đắk Đam",
        "Lê Văn Chủ: 90; Phạm Thị Viên: 77",
        "Điểm bình quân: 83,50 — Kết quả: 4 sao",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in {text}");
    }
}

#[tokio::test]
async fn a_cancelled_import_writes_nothing() {
    let app = TestApp::spawn().await;
    let before = api_total(&app).await;
    // 1,200 new products: the import reports progress twice on the way.
    let names: Vec<(String, String, String)> = (0..1200)
        .map(|i| {
            let name = format!("Sản phẩm hủy nhập {i}");
            (
                ocop_domain::text::slugify(&name),
                ocop_domain::text::fold(&name),
                name,
            )
        })
        .collect();
    let rows: Vec<ocop_store::import::Row<'_>> = names
        .iter()
        .map(|(slug, folded, name)| ocop_store::import::Row {
            product: name,
            product_slug: slug,
            product_folded: folded,
            producer: "HTX Hủy Nhập",
            producer_slug: "htx-huy-nhap",
            producer_folded: "htx huy nhap",
            producer_kind: "cooperative",
            stars: 3,
            group: Some("I"),
            year: Some(2025),
            decision: None,
            decision_date: None,
            valid_until: None,
            commune: None,
            address: None,
        })
        .collect();
    let seen = std::sync::Mutex::new(Vec::new());
    let outcome = app
        .store
        .import_rows_watched(
            "68",
            &rows,
            true,
            "van-phong",
            "2026-11-29T06:00:00Z",
            |done| {
                if let Ok(mut s) = seen.lock() {
                    s.push(done);
                }
                async move { done < 1000 }
            },
        )
        .await
        .unwrap();
    assert_eq!(outcome, None, "cancelled");
    assert_eq!(
        seen.lock().map(|s| s.clone()).unwrap_or_default(),
        [500, 1000],
        "progress every 500 rows"
    );
    assert_eq!(api_total(&app).await, before, "nothing written");
    // The job page shows progress while running; a cancel asked on the page
    // is seen by the worker at its next report.
    let cookie = office(&app).await;
    let job = queued_job(&app, "lon.csv", 1200, "van-phong").await;
    let path = format!("/quan-tri/nhap-du-lieu/viec/{job}");
    let (_, running) = crate::harness::get_as(&app, &cookie, &path).await;
    assert!(running.contains("0/1200 dòng") && running.contains("http-equiv=\"refresh\""));
    let (status, _) = crate::harness::post_as(&app, &cookie, &format!("{path}/huy"), &[]).await;
    assert_eq!(status, 303);
    assert!(
        !app.store
            .job_progress(job, 500, "2026-11-29T06:00:01Z", "2026-11-29T06:05:01Z")
            .await
            .unwrap_or(true),
        "the worker sees the cancel"
    );
    app.store
        .finish_job(
            job,
            ocop_store::import_jobs::JobState::Cancelled,
            None,
            None,
            "2026-11-29T06:00:02Z",
        )
        .await
        .unwrap();
    let (_, page) = crate::harness::get_as(&app, &cookie, &path).await;
    assert!(page.contains("Đã hủy: không dòng nào được ghi."));
}

/// An import queued by hand (its file kept, no worker nudged), for the
/// tests that drive a job's page.
pub(crate) async fn queued_job(app: &TestApp, file: &str, rows: i64, actor: &str) -> i64 {
    let at = "2026-11-29T06:00:00Z";
    let upload = app
        .store
        .keep_upload(file, b"ten_san_pham\n", actor, at)
        .await
        .unwrap();
    app.store
        .create_import_job(
            &ocop_store::import_jobs::NewJob {
                filename: file,
                rows_total: rows,
                upload_id: upload,
                mapping_json: "{}",
                province_code: "68",
                actor,
            },
            at,
        )
        .await
        .unwrap()
}

/// A job's outcome is read once, in the store: it comes back as written, and
/// a stored outcome that does not read is an error, not a job without one.
#[tokio::test]
async fn an_import_jobs_outcome_is_typed_and_a_corrupt_one_is_an_error() {
    use ocop_store::import_jobs::JobState;
    let app = TestApp::spawn().await;
    let job = queued_job(&app, "ket-qua.csv", 3, "van-phong").await;
    let outcome = ocop_store::import::Outcome {
        products_added: 2,
        unchanged: 1,
        ..Default::default()
    };
    app.store
        .finish_job(
            job,
            JobState::Done,
            Some(&outcome),
            None,
            "2026-11-29T06:00:02Z",
        )
        .await
        .unwrap();
    let kept = app.store.import_job(job).await.unwrap().unwrap();
    assert_eq!((kept.status, kept.outcome), (JobState::Done, Some(outcome)));
    crate::harness::execute_sql(
        &app.db().url,
        &format!("UPDATE import_jobs SET outcome_json = '{{\"rows\": ' WHERE id = {job}"),
    )
    .await;
    assert!(matches!(
        app.store.import_job(job).await,
        Err(ocop_store::StoreError::Invalid(_))
    ));
}

#[tokio::test]
async fn the_back_office_lists_export_to_excel() {
    let app = TestApp::spawn().await;
    let cookie = office(&app).await;
    let own = crate::harness::producer(&app.store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    let producer = crate::harness::actor("chu-the", Role::Producer, None, Some(own.id));
    crate::harness::new_dossier(&app, &producer, "Đợt xuất Excel", &Default::default()).await;
    ocop_app::misuse::submit(
        &app.store,
        &crate::harness::clock(),
        "68",
        "sender-10-0-0-1",
        &ocop_app::misuse::ReportForm {
            product: "Cà phê giả nhãn".into(),
            description: "Tem OCOP in giả trên túi cà phê".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    let bytes = |path: &'static str| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            app.client
                .get(format!("{}{path}", app.base))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap_or_default()
        }
    };
    let dossiers = sheet_rows(&bytes("/quan-tri/ho-so.xlsx").await);
    assert_eq!(dossiers[0][0], "HỒ SƠ OCOP");
    assert!(
        dossiers[4..]
            .iter()
            .any(|r| r[0] == "Cà phê bột Đắk Đam" && r[1] == "Đợt xuất Excel")
    );
    let cases = sheet_rows(&bytes("/quan-tri/phan-anh.xlsx?tt=new").await);
    assert_eq!(cases.len() - 4, 1);
    assert_eq!(cases[4][2], "Cà phê giả nhãn");
    assert_eq!(cases[4][7], "Mới nhận");
    let plan = all_sheets(&bytes("/quan-tri/giam-sat.xlsx").await);
    assert_eq!(plan.len(), 6);
    let (_, page) = crate::harness::get_as(&app, &cookie, "/quan-tri/giam-sat").await;
    let never = plan
        .iter()
        .find(|(n, _)| n == "Chua kiem tra")
        .map_or(0, |(_, r)| r.len() - 4);
    assert!(
        page.contains(&format!("Chưa kiểm tra lần nào sau công nhận ({never})")),
        "{never}"
    );
}

/// Each word poppler finds on the first page: (text, x min, y min, x max, y max).
fn word_boxes(pdf: &[u8]) -> Vec<(String, f32, f32, f32, f32)> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tem.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |w: &str, name: &str| -> f32 {
        w.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f32::NAN)
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let text = w
                .split('>')
                .nth(1)
                .and_then(|r| r.split("</word").next())
                .unwrap_or("")
                .to_owned();
            (
                text,
                attr(w, "xMin"),
                attr(w, "yMin"),
                attr(w, "xMax"),
                attr(w, "yMax"),
            )
        })
        .collect()
}

#[test]
fn every_label_keeps_its_text_inside_its_own_label() {
    if !poppler() {
        return;
    }
    // The longest a real batch says: a two-line product, a long lot, expiry,
    // five stars and a producer's full name, on every paper sold.
    for (size, ..) in ocop_docs::pdf::LABEL_SIZES {
        let doc = ocop_docs::pdf::LabelDoc {
            qr_address: "https://ocop.lamdong.gov.vn/01/08930000000017/10/L2026-11-0042".into(),
            product: "Mứt dâu tây Đà Lạt sấy dẻo không đường hộp quà tặng".into(),
            producer: "Hợp tác xã Nông nghiệp Công nghệ cao Xuân Trường".into(),
            lot: "L2026-11-0042-ĐL".into(),
            expiry: Some("30/11/2027".into()),
            stars: Some(5),
            size: size.into(),
            count: 12,
        };
        let pdf = ocop_docs::pdf::labels_pdf(&doc).unwrap();
        crate::outside::assert_qpdf_passes(&pdf);
        let g = ocop_docs::pdf::LabelGrid::of(size).unwrap_or_else(|| panic!("{size}"));
        // Rendered as a printer would, kept for a person to look at.
        let artifacts = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        let _ = std::fs::create_dir_all(&artifacts);
        let file = artifacts.join(format!("labels-{size}.pdf"));
        let _ = std::fs::write(&file, &pdf);
        let _ = Command::new("pdftoppm")
            .args(["-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&file)
            .arg(artifacts.join(format!("labels-{size}")))
            .status();
        let words = word_boxes(&pdf);
        for needed in ["Lô:", "HSD:", "30/11/2027", "OCOP"] {
            assert_eq!(
                words.iter().filter(|w| w.0 == needed).count(),
                12.min(g.columns * g.rows),
                "{size}: «{needed}» on every label"
            );
        }
        for (text, x0, y0, x1, y1) in &words {
            // The label whose cell holds the word's start; the whole word must
            // stay inside that cell, clear of the QR on its left.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let (col, row) = (
                ((x0 - g.left) / g.width).floor() as usize,
                ((y0 - g.top) / g.height).floor() as usize,
            );
            #[allow(clippy::cast_precision_loss)]
            let (cx, cy) = (g.left + col as f32 * g.width, g.top + row as f32 * g.height);
            let qr_right = cx + g.height - 1.5 * 72.0 / 25.4;
            assert!(
                *x0 >= qr_right && *x1 <= cx + g.width - 0.5 && *y0 >= cy && *y1 <= cy + g.height,
                "{size}: «{text}» at ({x0:.1}, {y0:.1})–({x1:.1}, {y1:.1}) leaves its label \
                 ({cx:.1}, {cy:.1}) {:.1} × {:.1}",
                g.width,
                g.height
            );
        }
    }
}

#[tokio::test]
async fn a_list_headed_xa_phuong_imports_its_communes_and_unused_columns_are_named_first() {
    let app = TestApp::spawn().await;
    let cookie = office(&app).await;
    let file = xlsx(&[
        &[
            "STT",
            "Tên sản phẩm",
            "Chủ thể",
            "Hạng sao",
            "Xã phường",
            "Ghi chú",
        ],
        &[
            "1",
            "Mứt hồng treo gió",
            "HTX Hồng Treo Thuận An",
            "3",
            "Xã Thuận An",
            "mẫu",
        ],
    ]);
    let (status, html) = import(
        &app,
        &cookie,
        &[("action", "xem-truoc")],
        Some(("xa-phuong.xlsx", file)),
    )
    .await;
    assert_eq!(status, 200, "{html}");
    // The commune column is matched…
    assert!(
        html.contains("<option value=\"Xã phường\" selected>Xã phường</option>"),
        "{html}"
    );
    // …and the columns nothing reads are listed before anything is written.
    assert!(
        html.contains("không được nhập</strong>: «STT», «Ghi chú»"),
        "{html}"
    );
    assert!(
        html.contains("Không có cột cho: Nhóm sản phẩm; Năm công nhận"),
        "{html}"
    );
    let upload = kept_upload(&html);
    let (status, job) = import(
        &app,
        &cookie,
        &[("action", "nhap"), ("upload", &upload)],
        None,
    )
    .await;
    assert_eq!(status, 303);
    finished_job(&app, &cookie, &job).await;
    let (_, page) = app.page("/san-pham/mut-hong-treo-gio").await;
    assert!(
        page.contains("Thuận An"),
        "the row kept its commune: {page}"
    );
}

/// Words on the first page that leave the paper or overlap another word.
fn collisions(pdf: &[u8]) -> Vec<String> {
    let words = word_boxes(pdf);
    let mut out = Vec::new();
    for (i, (t, x0, y0, x1, y1)) in words.iter().enumerate() {
        if *x0 < 20.0 || *x1 > 575.0 {
            out.push(format!("«{t}» leaves the page ({x0:.1}–{x1:.1})"));
        }
        for (u, a0, b0, a1, b1) in &words[i + 1..] {
            // Boxes meeting by less than a point are neighbours, not overlaps.
            if x0 + 1.0 < *a1 && *a0 + 1.0 < *x1 && y0 + 1.0 < *b1 && *b0 + 1.0 < *y1 {
                out.push(format!("«{t}» overlaps «{u}»"));
            }
        }
    }
    out
}

#[test]
fn the_minutes_and_decision_headers_are_laid_out_as_decree_30_sets_them() {
    if !poppler() {
        return;
    }
    let minutes = ocop_docs::pdf::minutes_pdf(&ocop_docs::pdf::MinutesDoc {
        issuer: "Tỉnh Lâm Đồng".into(),
        place: "Lâm Đồng".into(),
        round: "Đợt 2 năm 2026".into(),
        date: (29, 11, 2026),
        members: vec![("Lê Văn Chủ".into(), true), ("Phạm Thị Viên".into(), false)],
        dossiers: Vec::new(),
    })
    .unwrap();
    assert_eq!(collisions(&minutes), Vec::<String>::new());
    let text = pdf_text(&minutes);
    for expected in [
        "UBND TỈNH LÂM ĐỒNG",
        "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN",
        "HẠNG SẢN PHẨM OCOP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lâm Đồng, ngày 29 tháng 11 năm 2026",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in {text}");
    }
    assert!(!text.contains("(năm 2026)"));
    let artifacts = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let _ = std::fs::create_dir_all(&artifacts);
    let _ = std::fs::write(artifacts.join("minutes.pdf"), &minutes);

    // The decision: the same header with its number, and the signature block
    // line by line as entered.
    let decision = ocop_docs::pdf::decision_pdf(&ocop_docs::pdf::DecisionDoc {
        issuer_lines: ["ỦY BAN NHÂN DÂN".into(), "TỈNH LÂM ĐỒNG".into()],
        place: "Lâm Đồng".into(),
        signer_title: "TM. Ủy ban nhân dân / KT. Chủ tịch / Phó Chủ tịch".into(),
        number: "3981/QĐ-UBND".into(),
        issued: (20, 11, 2026),
        signer: "Nguyễn Văn Ánh".into(),
        rows: vec![ocop_docs::pdf::AnnexRow {
            product: "Cà phê bột Đắk Đam".into(),
            producer: "HTX Nông nghiệp Công Bằng Thuận An".into(),
            stars: 4,
            certificate: "OCOP-68-2026-00001".into(),
        }],
    })
    .unwrap();
    assert_eq!(collisions(&decision), Vec::<String>::new());
    let text = pdf_text(&decision);
    for expected in [
        "Số: 3981/QĐ-UBND",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Ánh",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in {text}");
    }
    crate::outside::assert_qpdf_passes(&decision);
}

/// Imports are rows claimed by workers (issue #17 point 5): a job whose
/// worker stopped mid-import (its lease not renewed) is taken over by
/// another after the lease runs out and finished once; while the lease
/// holds nobody else takes it, and two workers asking at once never both
/// get it.
#[tokio::test]
async fn an_import_whose_worker_stopped_is_taken_over_and_finished_once() {
    use ocop_app::Clock as _;
    let app = TestApp::spawn().await;
    let store = &app.store;
    let before = api_total(&app).await;
    let csv = "Tên sản phẩm,Chủ thể,Hạng sao,Xã phường\n\
               Mật ong rừng Thuận An,HTX Ong Thuận An,3,Xã Thuận An\n\
               Trà atiso Thuận An,HTX Ong Thuận An,4,Xã Thuận An\n";
    let office = crate::harness::actor("van-phong", Role::Office, None, None);
    let clock = |m: u32| {
        ocop_app::FixedClock(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 29)
                .and_then(|d| d.and_hms_opt(6, m, 0))
                .unwrap_or_default()
                .and_utc(),
        )
    };
    let report = ocop_app::import::run(store, &clock(0), &office, csv.as_bytes(), None, false)
        .await
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let upload = store
        .keep_upload("ds.csv", csv.as_bytes(), "van-phong", &clock(0).stamp())
        .await
        .unwrap();
    let mapping = serde_json::to_string(&report.mapping).unwrap_or_default();
    let job = store
        .create_import_job(
            &ocop_store::import_jobs::NewJob {
                filename: "ds.csv",
                rows_total: 2,
                upload_id: upload,
                mapping_json: &mapping,
                province_code: "68",
                actor: "van-phong",
            },
            &clock(0).stamp(),
        )
        .await
        .unwrap();
    // Two workers at once: one wins. The winner then stops without a word.
    let lease = (clock(0).now() + ocop_app::import::LEASE).to_rfc3339();
    let at = clock(0).stamp();
    let (a, b) = tokio::join!(
        store.claim_import_job(&at, &lease),
        store.claim_import_job(&at, &lease)
    );
    let won: Vec<i64> = [a, b]
        .into_iter()
        .filter_map(|r| r.unwrap())
        .map(|j| j.id)
        .collect();
    assert_eq!(won, vec![job], "exactly one claim");
    // While its lease holds, nobody else runs it.
    assert_eq!(
        ocop_app::import::work_once(store, &clock(3)).await.ok(),
        Some(None)
    );
    assert_eq!(api_total(&app).await, before, "nothing written yet");
    // After it, the next worker takes it over and finishes it.
    assert_eq!(
        ocop_app::import::work_once(store, &clock(6)).await.ok(),
        Some(Some(job))
    );
    let done = store
        .import_job(job)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the job"));
    assert_eq!(
        (done.status, done.rows_done),
        (ocop_store::import_jobs::JobState::Done, 2),
        "{done:?}"
    );
    assert_eq!(api_total(&app).await, before + 2);
    // Done is done: no worker runs it again.
    assert_eq!(
        ocop_app::import::work_once(store, &clock(20)).await.ok(),
        Some(None)
    );
    assert_eq!(api_total(&app).await, before + 2, "written once");
}
