use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use ocop_domain::access::Permission;

#[derive(Template)]
#[template(path = "bo_dashboard.html")]
struct Dashboard {
    css: &'static str,
    title: String,
    name: String,
    role: String,
    must_change_password: bool,
    links: Vec<(String, &'static str)>,
    unread: i64,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::SignedIn)?;
    let unread = state.store.unread_notices(&user.user.username).await?;
    let mut links: Vec<(&str, &'static str)> = vec![
        ("/quan-tri/thong-bao", "Thông báo"),
        ("/quan-tri/ho-so", "Hồ sơ OCOP"),
        ("/quan-tri/dot", "Đợt đánh giá"),
        ("/quan-tri/mat-khau", "Đổi mật khẩu"),
    ];
    if user.role.can(Permission::ViewProducer) {
        links.push((
            "/quan-tri/tong-quan",
            "Tổng quan: biểu đồ, giấy chứng nhận sắp hết hạn, bản đồ khoảng trống",
        ));
    }
    if user.role.can(Permission::ManageAccounts) {
        links.push(("/quan-tri/tai-khoan", "Tài khoản"));
    }
    if user.role.can(Permission::ManageProducts) {
        links.push(("/quan-tri/san-pham/moi", "Thêm sản phẩm"));
    }
    if user.role.can(Permission::ReviewRegistrations) {
        links.push(("/quan-tri/dang-ky", "Đơn đăng ký chủ thể"));
    }
    if user.role.can(Permission::ManageCriteria) {
        links.push(("/quan-tri/bo-tieu-chi", "Quản lý bộ tiêu chí"));
    }
    if user.role.can(Permission::ViewAuditLog) {
        links.push(("/quan-tri/nhat-ky", "Nhật ký thay đổi dữ liệu"));
    }
    if user.role.can(Permission::ManageRounds) {
        links.push((
            "/quan-tri/giay-chung-nhan",
            "Giấy chứng nhận: sắp hết hạn, đình chỉ, thu hồi",
        ));
        links.push(("/quan-tri/phan-anh", "Phản ánh hàng giả, dùng sai sao OCOP"));
        links.push((
            "/quan-tri/nhap-du-lieu",
            "Nhập danh sách sản phẩm (Excel, CSV)",
        ));
        links.push((
            "/quan-tri/giam-sat",
            "Giám sát sau công nhận: cần kiểm tra, không còn sản xuất, báo cáo",
        ));
    }
    if user.role.can(Permission::ViewScans) {
        links.push(("/quan-tri/truy-xuat", "Lượt quét mã QR và cảnh báo"));
    }
    if user.role.can(Permission::ManagePortal) {
        links.push(("/quan-tri/su-kien", "Sự kiện, hội chợ trên cổng thông tin"));
        links.push(("/quan-tri/tin-tuc", "Tin tức trên cổng thông tin"));
        links.push(("/quan-tri/ban-do", "Ranh giới xã, phường trên bản đồ"));
    }
    links.push(("/bo-tieu-chi", "Bộ tiêu chí và phiếu chấm"));
    let mut links: Vec<(String, &'static str)> =
        links.into_iter().map(|(h, l)| (h.to_owned(), l)).collect();
    if let Some(id) = user.user.producer_id
        && let Some(slug) = state.store.producer_slug(id).await?
    {
        links.insert(
            1,
            (
                format!("/quan-tri/chu-the/{slug}"),
                "Hồ sơ chủ thể: kho tài liệu, nơi bán, gian hàng trực tuyến",
            ),
        );
        links.insert(
            2,
            (
                format!("/quan-tri/chu-the/{slug}/truy-xuat"),
                "Truy xuất nguồn gốc: vùng trồng, lô hàng, tem QR, lượt quét",
            ),
        );
    }
    let page = Dashboard {
        css: crate::assets::css_href(),
        title: "Quản trị".into(),
        name: user.user.display_name.clone(),
        role: user.role.label_vi().into(),
        must_change_password: user.user.must_change_password,
        links,
        unread,
    };
    Ok(Html(page.render()?))
}
