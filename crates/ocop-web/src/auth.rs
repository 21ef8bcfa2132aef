//! The signed-in person, from the session cookie, and the route permissions.

use crate::{AppState, WebError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ocop_domain::access::{Permission, Role};
use ocop_store::sessions::SessionUser;

pub const SESSION_COOKIE: &str = "ocop_session";

/// Every back-office route and the permission it declares. The access test
/// calls each of them as every role and checks the answer against
/// [`Role::can`] and the person's scope.
pub const BACK_OFFICE: &[(&str, &str, Permission)] = &[
    ("GET", "/quan-tri", Permission::SignedIn),
    ("GET", "/quan-tri/mat-khau", Permission::SignedIn),
    ("POST", "/quan-tri/mat-khau", Permission::SignedIn),
    ("GET", "/quan-tri/tai-khoan", Permission::ManageAccounts),
    (
        "POST",
        "/quan-tri/tai-khoan/{username}/dat-lai-mat-khau",
        Permission::ManageAccounts,
    ),
    (
        "POST",
        "/quan-tri/tai-khoan/{username}/mo-khoa",
        Permission::ManageAccounts,
    ),
    (
        "POST",
        "/quan-tri/tai-khoan/{username}/chuc-danh",
        Permission::ManageAccounts,
    ),
    ("GET", "/quan-tri/nhat-ky", Permission::ViewAuditLog),
    ("GET", "/quan-tri/nhat-ky.csv", Permission::ViewAuditLog),
    ("GET", "/quan-tri/chu-the/{slug}", Permission::ViewProducer),
    (
        "GET",
        "/quan-tri/chu-the/{slug}/phieu-dang-ky",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/phieu-dang-ky",
        Permission::ManageProducts,
    ),
    (
        "GET",
        "/quan-tri/chu-the/{slug}/truy-xuat",
        Permission::ViewProducer,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/truy-xuat/vung",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/truy-xuat/vung/{id}/trang-thai",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/truy-xuat/lo",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/truy-xuat/nhap",
        Permission::ManageProducts,
    ),
    (
        "GET",
        "/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}",
        Permission::ViewProducer,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}/su-kien",
        Permission::ManageProducts,
    ),
    (
        "GET",
        "/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}/epcis.jsonld",
        Permission::ViewProducer,
    ),
    (
        "GET",
        "/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}/tem.pdf",
        Permission::ViewProducer,
    ),
    ("GET", "/quan-tri/truy-xuat", Permission::ViewScans),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/tai-lieu",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/anh",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/anh/{id}/xoa",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/tieu-thu",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/noi-ban",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/vi-tri",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/noi-ban/{id}/xoa",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/lien-ket",
        Permission::ManageProducts,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/lien-ket/{id}/xoa",
        Permission::ManageProducts,
    ),
    ("GET", "/quan-tri/dot", Permission::Dossiers),
    ("POST", "/quan-tri/dot", Permission::ManageRounds),
    ("GET", "/quan-tri/dot/{id}", Permission::Dossiers),
    (
        "GET",
        "/quan-tri/dot/{id}/bien-ban.pdf",
        Permission::ManageRounds,
    ),
    (
        "POST",
        "/quan-tri/dot/{id}/thanh-vien",
        Permission::ManageRounds,
    ),
    ("GET", "/quan-tri/ho-so", Permission::Dossiers),
    ("GET", "/quan-tri/ho-so/moi", Permission::Dossiers),
    ("POST", "/quan-tri/ho-so/moi", Permission::Dossiers),
    ("GET", "/quan-tri/ho-so/{id}", Permission::Dossiers),
    (
        "POST",
        "/quan-tri/ho-so/{id}/tu-danh-gia",
        Permission::Dossiers,
    ),
    (
        "POST",
        "/quan-tri/ho-so/{id}/xa-danh-gia",
        Permission::Dossiers,
    ),
    (
        "POST",
        "/quan-tri/ho-so/{id}/hanh-dong",
        Permission::Dossiers,
    ),
    (
        "POST",
        "/quan-tri/ho-so/{id}/xung-dot",
        Permission::Dossiers,
    ),
    ("POST", "/quan-tri/ho-so/{id}/cham", Permission::Dossiers),
    (
        "POST",
        "/quan-tri/ho-so/{id}/khoa-phieu",
        Permission::Dossiers,
    ),
    (
        "POST",
        "/quan-tri/ho-so/{id}/cong-nhan",
        Permission::Dossiers,
    ),
    (
        "POST",
        "/quan-tri/ho-so/{id}/5-sao",
        Permission::ManageRounds,
    ),
    (
        "GET",
        "/quan-tri/ho-so/{id}/ho-so-5-sao.zip",
        Permission::ManageRounds,
    ),
    (
        "POST",
        "/quan-tri/ho-so/{id}/minh-chung",
        Permission::Dossiers,
    ),
    (
        "GET",
        "/quan-tri/ho-so/{id}/phieu-cham.pdf",
        Permission::Dossiers,
    ),
    (
        "GET",
        "/quan-tri/ho-so/{id}/minh-chung/{file}",
        Permission::Dossiers,
    ),
    ("POST", "/quan-tri/ho-so/{id}/tu-kho", Permission::Dossiers),
    ("GET", "/quan-tri/bo-tieu-chi", Permission::ManageCriteria),
    ("POST", "/quan-tri/bo-tieu-chi", Permission::ManageCriteria),
    (
        "GET",
        "/quan-tri/bo-tieu-chi/{version}",
        Permission::ManageCriteria,
    ),
    (
        "POST",
        "/quan-tri/bo-tieu-chi/{version}/ban-hanh",
        Permission::ManageCriteria,
    ),
    (
        "GET",
        "/quan-tri/bo-tieu-chi/xem/{set}",
        Permission::ManageCriteria,
    ),
    ("GET", "/quan-tri/thong-bao", Permission::SignedIn),
    ("GET", "/quan-tri/san-pham/moi", Permission::ManageProducts),
    ("POST", "/quan-tri/san-pham/moi", Permission::ManageProducts),
    ("GET", "/quan-tri/dang-ky", Permission::ReviewRegistrations),
    (
        "POST",
        "/quan-tri/san-pham/{product}/duyet",
        Permission::ReviewRegistrations,
    ),
    (
        "POST",
        "/quan-tri/chu-the/{slug}/cong-khai",
        Permission::PublishOwnContact,
    ),
    (
        "POST",
        "/quan-tri/dang-ky/{id}/duyet",
        Permission::ReviewRegistrations,
    ),
    (
        "POST",
        "/quan-tri/dang-ky/{id}/tu-choi",
        Permission::ReviewRegistrations,
    ),
    ("GET", "/quan-tri/tong-quan", Permission::ViewProducer),
    ("GET", "/quan-tri/ho-so.xlsx", Permission::Dossiers),
    ("GET", "/quan-tri/phan-anh.xlsx", Permission::ManageRounds),
    ("GET", "/quan-tri/giam-sat.xlsx", Permission::ManageRounds),
    ("GET", "/quan-tri/bao-cao.docx", Permission::ManageRounds),
    ("GET", "/quan-tri/nhap-du-lieu", Permission::ManageRounds),
    ("POST", "/quan-tri/nhap-du-lieu", Permission::ManageRounds),
    (
        "GET",
        "/quan-tri/nhap-du-lieu/viec/{id}",
        Permission::ManageRounds,
    ),
    (
        "POST",
        "/quan-tri/nhap-du-lieu/viec/{id}/huy",
        Permission::ManageRounds,
    ),
    ("GET", "/quan-tri/giay-chung-nhan", Permission::ManageRounds),
    (
        "GET",
        "/quan-tri/giay-chung-nhan.xlsx",
        Permission::ManageRounds,
    ),
    (
        "GET",
        "/quan-tri/giay-chung-nhan/{id}/pdf",
        Permission::ManageRounds,
    ),
    (
        "POST",
        "/quan-tri/giay-chung-nhan/{id}/trang-thai",
        Permission::ManageRounds,
    ),
    ("GET", "/quan-tri/giam-sat", Permission::ManageRounds),
    (
        "GET",
        "/quan-tri/giam-sat/anh/{id}",
        Permission::ManageRounds,
    ),
    (
        "GET",
        "/quan-tri/bao-cao-sau-cong-nhan.csv",
        Permission::ManageRounds,
    ),
    (
        "GET",
        "/quan-tri/giam-sat/{product}",
        Permission::ManageRounds,
    ),
    (
        "POST",
        "/quan-tri/giam-sat/{product}",
        Permission::ManageRounds,
    ),
    (
        "POST",
        "/quan-tri/giam-sat/{product}/viec/{id}",
        Permission::ManageRounds,
    ),
    ("GET", "/quan-tri/phan-anh", Permission::ManageRounds),
    ("POST", "/quan-tri/phan-anh/{id}", Permission::ManageRounds),
    (
        "GET",
        "/quan-tri/phan-anh/{id}/anh",
        Permission::ManageRounds,
    ),
    ("GET", "/quan-tri/su-kien", Permission::ManagePortal),
    ("POST", "/quan-tri/su-kien", Permission::ManagePortal),
    ("GET", "/quan-tri/tin-tuc", Permission::ManagePortal),
    ("GET", "/quan-tri/ban-do", Permission::ManagePortal),
    ("POST", "/quan-tri/ban-do", Permission::ManagePortal),
    ("POST", "/quan-tri/tin-tuc", Permission::ManagePortal),
    ("POST", "/dang-xuat", Permission::SignedIn),
];

/// The cookie's value, if the request carries one.
pub fn session_token(parts: &Parts) -> Option<String> {
    crate::cookies::value(&parts.headers, SESSION_COOKIE)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A signed-in person with a live session.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: SessionUser,
    pub role: Role,
    pub token: String,
}

impl CurrentUser {
    pub fn require(&self, p: Permission) -> Result<(), WebError> {
        if self.role.can(p) {
            Ok(())
        } else {
            Err(WebError::Forbidden(format!(
                "Vai trò «{}» không được dùng chức năng này.",
                self.role.label_vi()
            )))
        }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = session_token(parts).ok_or(WebError::Unauthorized)?;
        let user = ocop_app::auth::authenticate(
            &state.store,
            state.clock.as_ref(),
            &state.sessions,
            &token,
        )
        .await
        .map_err(WebError::fault)?
        .ok_or(WebError::Unauthorized)?;
        let role = Role::parse(&user.role)
            .ok_or_else(|| WebError::Forbidden("Vai trò của tài khoản không hợp lệ.".into()))?;
        // Another province's account cannot act on this deployment's data.
        if user.province_code != state.province.code {
            return Err(WebError::Forbidden("Tài khoản thuộc tỉnh khác.".into()));
        }
        Ok(Self { user, role, token })
    }
}

/// The `Set-Cookie` value for a session (or for ending one, with `max_age` 0).
pub fn session_cookie(token: &str, max_age: i64) -> String {
    crate::cookies::session(SESSION_COOKIE, token, max_age).to_string()
}
