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
    tasks: Vec<TaskLine>,
    late: usize,
}

/// One line of "Việc cần làm".
pub struct TaskLine {
    pub task: &'static str,
    pub href: String,
    pub object: String,
    pub context: String,
    pub since: String,
    pub deadline: String,
    pub lateness: String,
    pub late: bool,
}

impl From<ocop_app::worklist::Item> for TaskLine {
    fn from(i: ocop_app::worklist::Item) -> Self {
        let date = |d: Option<chrono::NaiveDate>| {
            d.map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string())
        };
        Self {
            task: i.task.label_vi(),
            href: i.href,
            object: i.object,
            context: i.context,
            since: date(i.since),
            deadline: date(i.deadline),
            lateness: i.lateness.label_vi(),
            late: i.lateness.is_late(),
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::SignedIn)?;
    let unread = state.store.unread_notices(&user.user.username).await?;
    let tasks: Vec<TaskLine> = ocop_app::worklist::queue(
        &state.store,
        &super::dossiers::actor(&user),
        state.clock.today(),
    )
    .await
    .map_err(WebError::service)?
    .into_iter()
    .map(TaskLine::from)
    .collect();
    let late = tasks.iter().filter(|t| t.late).count();
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
        tasks,
        late,
    };
    Ok(Html(page.render()?))
}
