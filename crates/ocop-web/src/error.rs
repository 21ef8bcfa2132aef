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
    #[error("lỗi máy chủ: {0}")]
    Internal(String),
}

impl From<ocop_store::StoreError> for WebError {
    fn from(e: ocop_store::StoreError) -> Self {
        match e {
            ocop_store::StoreError::Conflict(m) => Self::Conflict(m),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<ocop_app::rules::RulesError> for WebError {
    fn from(e: ocop_app::rules::RulesError) -> Self {
        Self::Internal(e.to_string())
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(format!("template: {e}"))
    }
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
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

pub async fn render_errors(req: Request, next: Next) -> Response {
    let wants_json = req.uri().path().starts_with("/api/") || req.uri().path() == "/healthz";
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
    let res = next.run(req).await;
    let Some(err) = res.extensions().get::<std::sync::Arc<WebError>>().cloned() else {
        return res;
    };
    let status = err.status();
    if let WebError::Internal(cause) = err.as_ref() {
        tracing::error!(request_id = %request_id, %cause, "request failed");
    }
    if matches!(err.as_ref(), WebError::Unauthorized) && !wants_json {
        // Back to the sign-in form, then to where the person was going.
        let next: String = path_and_query
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        return axum::response::Redirect::to(&format!("/dang-nhap?tiep={next}")).into_response();
    }
    let (title, message) = match err.as_ref() {
        WebError::Unauthorized => ("Cần đăng nhập", "Hãy đăng nhập để tiếp tục.".to_owned()),
        WebError::Forbidden(m) => ("Không có quyền truy cập", m.clone()),
        WebError::NotFound => ("Không tìm thấy trang", "Trang bạn tìm không có hoặc đã được chuyển đi.".to_owned()),
        WebError::BadRequest(m) => ("Yêu cầu không hợp lệ", m.clone()),
        WebError::Unprocessable(m) => ("Không xử lý được yêu cầu", m.clone()),
        WebError::Conflict(m) => ("Dữ liệu vừa thay đổi", m.clone()),
        WebError::Internal(_) => (
            "Lỗi máy chủ",
            "Hệ thống gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại sau; nếu lỗi còn, báo mã yêu cầu bên dưới cho quản trị viên.".to_owned(),
        ),
    };
    if wants_json {
        let body = serde_json::json!({ "error": { "status": status.as_u16(), "title": title, "message": message, "request_id": request_id } });
        return (status, axum::Json(body)).into_response();
    }
    let page = ErrorPage {
        title,
        message: &message,
        request_id: &request_id,
        css: crate::assets::css_href(),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, title.to_owned()).into_response(),
    }
}
