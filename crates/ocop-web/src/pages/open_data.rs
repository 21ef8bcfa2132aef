//! Dữ liệu mở — for marketplaces, traders' systems and developers: what the
//! platform answers to machines (the star check as JSON, the changes feed,
//! product lists, the signature key, GS1 Digital Links, the OpenAPI
//! document), so the buyer-facing star check page can speak to buyers only.

use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::Html;

/// One machine-readable address: (path or example, what it answers).
pub struct Endpoint {
    pub path: &'static str,
    pub href: Option<&'static str>,
    pub what: &'static str,
}

#[derive(Template)]
#[template(path = "open_data.html")]
struct OpenDataPage {
    c: Chrome,
    title: String,
    search_q: String,
    endpoints: Vec<Endpoint>,
}

fn endpoints(lang: Lang) -> Vec<Endpoint> {
    let e = |path, href, vi, en| Endpoint {
        path,
        href,
        what: lang.s(vi, en),
    };
    vec![
        e(
            "/api/v1/certificates/{số}",
            None,
            "Kiểm tra một giấy chứng nhận theo số: tình trạng hôm nay (còn hiệu lực, hết hiệu lực, bị thay thế, đình chỉ, thu hồi), hạng sao, sản phẩm, chủ thể và quyết định — cùng câu trả lời với trang Kiểm tra sao.",
            "Check one certificate by its number: today's status (valid, expired, superseded, suspended, revoked), stars, product, producer and decision — the star check page's answer as JSON.",
        ),
        e(
            "/api/v1/certificate-changes",
            Some("/api/v1/certificate-changes"),
            "Giấy chứng nhận vừa hết hạn, bị thay thế, đình chỉ hoặc thu hồi: để sàn thương mại gỡ sao khỏi sản phẩm đang bán.",
            "Certificates recently expired, superseded, suspended or revoked: for marketplaces to take a star off a listing.",
        ),
        e(
            "/api/v1/products",
            Some("/api/v1/products"),
            "Danh sách sản phẩm OCOP với bộ lọc (từ khóa không dấu, nhóm, hạng sao, năm, địa bàn cũ hoặc mới) và số đếm theo từng bộ lọc.",
            "OCOP products with filters (words with or without accents, group, stars, year, old or new place) and the count for each filter.",
        ),
        e(
            "/api/v1/certificate-key",
            Some("/api/v1/certificate-key"),
            "Khóa công khai để tự xác thực chữ ký số trên mã QR của giấy chứng nhận, không cần gọi lại hệ thống.",
            "The public key to verify the digital signature in a certificate's QR code yourself, offline.",
        ),
        e(
            "/01/{GTIN}?linkType=all",
            None,
            "Đường dẫn số GS1 Digital Link của sản phẩm có mã GTIN: trang sản phẩm, giấy chứng nhận, truy xuất lô (linkType=gs1:pip, gs1:certificationInfo, gs1:traceability; all trả về linkset JSON).",
            "The product's GS1 Digital Link by GTIN: product page, certificate, batch traceability (linkType=gs1:pip, gs1:certificationInfo, gs1:traceability; all answers a JSON linkset).",
        ),
        e(
            "/api/v1/criteria-sets",
            Some("/api/v1/criteria-sets"),
            "Các bộ tiêu chí đánh giá, phân hạng theo quyết định đang áp dụng.",
            "The evaluation criteria sets of the decision in force.",
        ),
        e(
            "/api/openapi.json",
            Some("/api/openapi.json"),
            "Mô tả đầy đủ các địa chỉ trên theo chuẩn OpenAPI 3.",
            "Every address above described in OpenAPI 3.",
        ),
        e(
            "/sitemap.xml",
            Some("/sitemap.xml"),
            "Sơ đồ trang cho công cụ tìm kiếm, có ngày cập nhật từng trang.",
            "The sitemap for search engines, with each page's last change.",
        ),
    ]
}

pub async fn show(State(state): State<AppState>, lang: Lang) -> Result<Html<String>, WebError> {
    let page = OpenDataPage {
        c: Chrome::new(&state, lang, "/du-lieu-mo").describe(lang.s(
            "Dữ liệu mở của cổng OCOP cho sàn thương mại điện tử và nhà phát triển: kiểm tra sao bằng JSON, danh sách thay đổi, Digital Link.",
            "The OCOP portal's open data for marketplaces and developers: star checks as JSON, the changes feed, Digital Links.",
        )),
        title: lang
            .s(
                "Dữ liệu mở cho sàn thương mại và nhà phát triển",
                "Open data for marketplaces and developers",
            )
            .into(),
        search_q: String::new(),
        endpoints: endpoints(lang),
    };
    Ok(Html(page.render()?))
}
