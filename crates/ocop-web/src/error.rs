//! One error type for every handler, rendered as a Vietnamese HTML page for
//! people and as JSON for `/api/` and `/healthz`. A 500 is logged with its
//! cause and shows the request id, never the cause, to the user.

use askama::Template;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tower_http::request_id::RequestId;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("không tìm thấy trang")]
    NotFound,
    /// Not found, saying what was looked for (a GTIN no product carries).
    #[error("{0}")]
    Missing(String),
    /// Not signed in (or the session ended): pages go to the sign-in form.
    #[error("cần đăng nhập")]
    Unauthorized,
    #[error("không có quyền: {0}")]
    Forbidden(String),
    #[error("yêu cầu không hợp lệ: {0}")]
    BadRequest(String),
    /// The request is well formed but names something that does not fit.
    #[error("không xử lý được: {0}")]
    Unprocessable(String),
    /// The record moved on since the page was read.
    #[error("{0}")]
    Conflict(String),
    /// Over a budget (sign-in attempts, a public form's daily limit).
    #[error("{0}")]
    TooManyRequests(String),
    /// The database cannot serve now; try again in a few seconds.
    #[error("tạm thời không phục vụ được: {0}")]
    Unavailable(String),
    #[error("phương thức không được hỗ trợ")]
    MethodNotAllowed,
    #[error("dữ liệu gửi lên quá lớn")]
    PayloadTooLarge,
    #[error("địa chỉ quá dài")]
    UriTooLong,
    #[error("lỗi máy chủ: {0}")]
    Internal(String),
    /// A fault below the web layer, kept whole: the log shows its chain of
    /// causes (the store's error and the database's under it).
    #[error("lỗi máy chủ")]
    Fault(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl WebError {
    /// A fault with its causes kept.
    pub fn fault(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Fault(Box::new(e))
    }

    /// The error and each cause under it, "a: b: c", for the log.
    fn chain(&self) -> String {
        let mut out = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            out.push_str(": ");
            out.push_str(&c.to_string());
            cause = c.source();
        }
        out
    }
}

impl WebError {
    /// A service's error, by its kind: the one place a refusal becomes a
    /// status code. The message is the variant's own.
    pub fn service(e: impl ocop_app::error::Classify) -> Self {
        use ocop_app::error::Kind;
        match e.kind() {
            Kind::NotFound => Self::NotFound,
            Kind::Forbidden => Self::Forbidden(e.to_string()),
            Kind::Invalid => Self::Unprocessable(e.to_string()),
            Kind::Conflict => Self::Conflict(e.to_string()),
            Kind::TooMany => Self::TooManyRequests(e.to_string()),
            Kind::Unavailable => Self::Unavailable(e.to_string()),
            Kind::Fault => Self::fault(e),
        }
    }
}

impl From<ocop_app::scope::ReachError> for WebError {
    fn from(e: ocop_app::scope::ReachError) -> Self {
        Self::service(e)
    }
}

impl From<ocop_app::cycle::CycleError> for WebError {
    fn from(e: ocop_app::cycle::CycleError) -> Self {
        Self::service(e)
    }
}

impl From<ocop_store::StoreError> for WebError {
    fn from(e: ocop_store::StoreError) -> Self {
        match e {
            ocop_store::StoreError::Conflict(m) => Self::Conflict(m),
            e @ ocop_store::StoreError::NotFound(_) => Self::Missing(e.to_string()),
            e @ (ocop_store::StoreError::Unavailable(_) | ocop_store::StoreError::TimedOut(_)) => {
                Self::Unavailable(e.to_string())
            }
            other => Self::fault(other),
        }
    }
}

impl From<ocop_app::rules::RulesError> for WebError {
    fn from(e: ocop_app::rules::RulesError) -> Self {
        Self::fault(e)
    }
}

/// A page that shows a form's field errors handles `Invalid` itself; what
/// reaches here is said on its own.
impl From<ocop_app::registry::RegisterError> for WebError {
    fn from(e: ocop_app::registry::RegisterError) -> Self {
        use ocop_app::registry::RegisterError as E;
        match e {
            E::Invalid(errors) => Self::Unprocessable(errors.to_string()),
            e @ E::TooMany => Self::TooManyRequests(e.to_string()),
            E::UnknownProducer => Self::NotFound,
            E::Store(s) => s.into(),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        Self::fault(e)
    }
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            Self::NotFound | Self::Missing(_) => StatusCode::NOT_FOUND,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UriTooLong => StatusCode::URI_TOO_LONG,
            Self::Internal(_) | Self::Fault(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Handlers return the error as a response extension; [`render_errors`]
/// turns it into a page or JSON, knowing the request's path and id.
impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut res = self.status().into_response();
        res.extensions_mut().insert(std::sync::Arc::new(self));
        res
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
    request_id: &'a str,
    css: &'static str,
}

/// A refusal on a public page, in the portal's own layout (header, search,
/// language): a buyer who follows a stale link stays on the portal.
#[derive(Template)]
#[template(path = "error_public.html")]
struct PublicErrorPage<'a> {
    c: crate::lang::Chrome,
    title: String,
    search_q: String,
    message: &'a str,
    request_id: &'a str,
}

pub async fn render_errors(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let wants_json = req.uri().path().starts_with("/api/") || req.uri().path() == "/healthz";
    let public = !wants_json && !req.uri().path().starts_with("/quan-tri");
    let lang = crate::lang::Lang::of_headers(req.headers());
    let path = req.uri().path().to_owned();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let public_page = |title: &str, message: &str, request_id: &str| -> Option<String> {
        PublicErrorPage {
            c: crate::lang::Chrome::new(&state, lang, &path),
            title: title.to_owned(),
            search_q: String::new(),
            message,
            request_id,
        }
        .render()
        .ok()
    };
    if path_and_query.len() > MAX_URI_BYTES {
        return render(
            WebError::UriTooLong,
            wants_json,
            &path_and_query,
            &request_id,
        );
    }
    let res = next.run(req).await;
    let err = match res.extensions().get::<std::sync::Arc<WebError>>().cloned() {
        Some(err) => err,
        // A rejection axum wrote itself (a form or query that does not
        // parse, a method the route lacks, a body over its limit): said in
        // the platform's envelope and language, not as English text.
        None => match unstructured(&res) {
            Some(e) => std::sync::Arc::new(e),
            None => return res,
        },
    };
    if public && matches!(err.as_ref(), WebError::NotFound | WebError::Missing(_)) {
        let (title, message) = match err.as_ref() {
            WebError::Missing(m) => (lang.s("Không tìm thấy", "Not found"), m.clone()),
            _ => (
                lang.s("Không tìm thấy trang", "Page not found"),
                lang.s(
                    "Trang bạn tìm không có hoặc đã được chuyển đi. Hãy tìm sản phẩm ngay dưới đây.",
                    "The page you asked for is not here or has moved. Search for the product below.",
                )
                .to_owned(),
            ),
        };
        if let Some(html) = public_page(title, &message, &request_id) {
            return (StatusCode::NOT_FOUND, Html(html)).into_response();
        }
    }
    render_arc(&err, wants_json, &path_and_query, &request_id)
}

/// Longer addresses are refused (414) before routing.
pub const MAX_URI_BYTES: usize = 8 * 1024;

fn unstructured(res: &Response) -> Option<WebError> {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let typed = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if typed.starts_with("text/html") || typed.starts_with("application/json") {
        return None;
    }
    Some(match status {
        StatusCode::METHOD_NOT_ALLOWED => WebError::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => WebError::PayloadTooLarge,
        StatusCode::URI_TOO_LONG => WebError::UriTooLong,
        StatusCode::NOT_FOUND => WebError::NotFound,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => WebError::BadRequest(
            "Dữ liệu gửi lên không đúng kiểu (cần biểu mẫu hoặc JSON như trang yêu cầu).".into(),
        ),
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => WebError::BadRequest(
            "Dữ liệu gửi lên hoặc tham số trên địa chỉ không đúng dạng; kiểm tra lại rồi gửi lại."
                .into(),
        ),
        StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => {
            WebError::Unavailable("hết thời gian chờ".into())
        }
        s if s.is_server_error() => WebError::Internal(format!("{s} without a cause")),
        _ => WebError::BadRequest("Yêu cầu không hợp lệ.".into()),
    })
}

fn render(err: WebError, wants_json: bool, path_and_query: &str, request_id: &str) -> Response {
    render_arc(
        &std::sync::Arc::new(err),
        wants_json,
        path_and_query,
        request_id,
    )
}

fn render_arc(
    err: &std::sync::Arc<WebError>,
    wants_json: bool,
    path_and_query: &str,
    request_id: &str,
) -> Response {
    let status = err.status();
    match err.as_ref() {
        WebError::Internal(_) | WebError::Fault(_) => {
            let cause = err.chain();
            tracing::error!(request_id = %request_id, %cause, "request failed");
        }
        WebError::Unavailable(cause) => {
            tracing::warn!(request_id = %request_id, %cause, "database unavailable");
        }
        _ => {}
    }
    if matches!(err.as_ref(), WebError::Unauthorized) && !wants_json {
        // Back to the sign-in form, then to where the person was going.
        let next = crate::encode::path_in_query(path_and_query);
        return axum::response::Redirect::to(&format!("/dang-nhap?tiep={next}")).into_response();
    }
    let (title, message) = match err.as_ref() {
        WebError::Unauthorized => ("Cần đăng nhập", "Hãy đăng nhập để tiếp tục.".to_owned()),
        WebError::Forbidden(m) => ("Không có quyền truy cập", m.clone()),
        WebError::NotFound => ("Không tìm thấy trang", "Trang bạn tìm không có hoặc đã được chuyển đi.".to_owned()),
        WebError::Missing(m) => ("Không tìm thấy", m.clone()),
        WebError::BadRequest(m) => ("Yêu cầu không hợp lệ", m.clone()),
        WebError::Unprocessable(m) => ("Không xử lý được yêu cầu", m.clone()),
        WebError::Conflict(m) => ("Dữ liệu vừa thay đổi", m.clone()),
        WebError::TooManyRequests(m) => ("Quá nhiều yêu cầu", m.clone()),
        WebError::Unavailable(_) => (
            "Tạm thời gián đoạn",
            "Hệ thống đang tạm thời không truy cập được cơ sở dữ liệu. Vui lòng thử lại sau ít giây; dữ liệu bạn đã gửi trước đó không bị mất.".to_owned(),
        ),
        WebError::MethodNotAllowed => (
            "Phương thức không được hỗ trợ",
            "Địa chỉ này không nhận kiểu yêu cầu vừa gửi (ví dụ gửi biểu mẫu tới một trang chỉ để xem).".to_owned(),
        ),
        WebError::PayloadTooLarge => (
            "Dữ liệu gửi lên quá lớn",
            "Tệp hoặc biểu mẫu gửi lên vượt giới hạn cho phép (tệp tối đa 10 MB). Hãy thu nhỏ tệp rồi gửi lại.".to_owned(),
        ),
        WebError::UriTooLong => (
            "Địa chỉ quá dài",
            "Địa chỉ trang dài quá giới hạn 8 KB; hãy rút ngắn điều kiện tìm kiếm.".to_owned(),
        ),
        WebError::Internal(_) | WebError::Fault(_) => (
            "Lỗi máy chủ",
            "Hệ thống gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại sau; nếu lỗi còn, báo mã yêu cầu bên dưới cho quản trị viên.".to_owned(),
        ),
    };
    let mut res = if wants_json {
        let body = serde_json::json!({ "error": { "status": status.as_u16(), "title": title, "message": message, "request_id": request_id } });
        (status, axum::Json(body)).into_response()
    } else {
        let page = ErrorPage {
            title,
            message: &message,
            request_id,
            css: crate::assets::css_href(),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, title.to_owned()).into_response(),
        }
    };
    let retry = match err.as_ref() {
        WebError::Unavailable(_) => Some("5"),
        WebError::TooManyRequests(_) => Some("60"),
        _ => None,
    };
    if let Some(r) = retry {
        res.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static(r),
        );
    }
    res
}

#[cfg(test)]
mod fault_tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("không ghi được hồ sơ")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn a_fault_keeps_its_chain_of_causes_for_the_log() {
        let e = WebError::fault(Outer(std::io::Error::other("ổ đĩa đầy")));
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(e.chain(), "lỗi máy chủ: không ghi được hồ sơ: ổ đĩa đầy");
    }
}
