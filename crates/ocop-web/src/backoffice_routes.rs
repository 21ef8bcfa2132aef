//! The back-office router, built from [`crate::auth::BACK_OFFICE`]: a route
//! exists only if the table declares its permission, and every entry of the
//! table must have a handler (the router panics at start-up otherwise, which
//! every test exercises).

use crate::AppState;
use crate::pages::{backoffice as bo, signin};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, get, post};

fn handler(method: &str, path: &str) -> MethodRouter<AppState> {
    match (method, path) {
        ("GET", "/quan-tri") => get(bo::dashboard::show),
        ("GET", "/quan-tri/mat-khau") => get(bo::password::form),
        ("POST", "/quan-tri/mat-khau") => post(bo::password::submit),
        ("GET", "/quan-tri/tai-khoan") => get(bo::accounts::list),
        ("POST", "/quan-tri/tai-khoan/{username}/dat-lai-mat-khau") => post(bo::accounts::reset),
        ("POST", "/quan-tri/tai-khoan/{username}/mo-khoa") => post(bo::accounts::unlock),
        ("POST", "/quan-tri/tai-khoan/{username}/chuc-danh") => post(bo::accounts::position),
        ("GET", "/quan-tri/nhat-ky") => get(bo::audit::show),
        ("GET", "/quan-tri/nhat-ky.csv") => get(bo::audit::export),
        ("GET", "/quan-tri/chu-the/{slug}") => get(bo::producer::show),
        ("GET", "/quan-tri/chu-the/{slug}/phieu-dang-ky") => get(bo::registration_form::show),
        ("POST", "/quan-tri/chu-the/{slug}/phieu-dang-ky") => post(bo::registration_form::submit),
        ("GET", "/quan-tri/chu-the/{slug}/truy-xuat") => get(bo::trace::show),
        ("POST", "/quan-tri/chu-the/{slug}/truy-xuat/vung") => post(bo::trace::add_area),
        ("POST", "/quan-tri/chu-the/{slug}/truy-xuat/vung/{id}/trang-thai") => {
            post(bo::trace::area_status)
        }
        ("POST", "/quan-tri/chu-the/{slug}/truy-xuat/lo") => post(bo::trace::create_batch),
        ("POST", "/quan-tri/chu-the/{slug}/truy-xuat/nhap") => {
            post(bo::trace::import).layer(DefaultBodyLimit::max(12 * 1024 * 1024))
        }
        ("GET", "/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}") => get(bo::trace::batch),
        ("POST", "/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}/su-kien") => {
            post(bo::trace::add_event)
        }
        ("GET", "/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}/epcis.jsonld") => get(bo::trace::epcis),
        ("GET", "/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}/tem.pdf") => get(bo::trace::labels),
        ("GET", "/quan-tri/truy-xuat") => get(bo::trace::scans),
        ("GET", "/quan-tri/dot") => get(bo::rounds::list),
        ("POST", "/quan-tri/dot") => post(bo::rounds::create),
        ("GET", "/quan-tri/dot/{id}") => get(bo::rounds::show),
        ("GET", "/quan-tri/dot/{id}/bien-ban.pdf") => get(bo::sheets::minutes),
        ("POST", "/quan-tri/dot/{id}/thanh-vien") => post(bo::rounds::add_member),
        ("GET", "/quan-tri/ho-so") => get(bo::dossiers::list),
        ("GET", "/quan-tri/ho-so/moi") => get(bo::dossiers::new_form),
        ("POST", "/quan-tri/ho-so/moi") => post(bo::dossiers::create),
        ("GET", "/quan-tri/ho-so/{id}") => get(bo::dossiers::show),
        ("POST", "/quan-tri/ho-so/{id}/tu-danh-gia") => post(bo::dossiers::self_assessment),
        ("POST", "/quan-tri/ho-so/{id}/xa-danh-gia") => post(bo::dossiers::commune_assessment),
        ("POST", "/quan-tri/ho-so/{id}/hanh-dong") => post(bo::dossiers::act),
        ("POST", "/quan-tri/ho-so/{id}/xung-dot") => post(bo::dossiers::conflict),
        ("POST", "/quan-tri/ho-so/{id}/cham") => post(bo::dossiers::score),
        ("POST", "/quan-tri/ho-so/{id}/khoa-phieu") => post(bo::dossiers::close),
        ("POST", "/quan-tri/ho-so/{id}/cong-nhan") => post(bo::dossiers::recognise),
        ("POST", "/quan-tri/ho-so/{id}/5-sao") => post(bo::national::record),
        ("GET", "/quan-tri/ho-so/{id}/ho-so-5-sao.zip") => get(bo::national::package),
        // Room for a 10 MB file and the form around it; the file's own limit
        // is checked with a clear message.
        ("POST", "/quan-tri/ho-so/{id}/minh-chung") => {
            post(bo::dossiers::upload).layer(DefaultBodyLimit::max(12 * 1024 * 1024))
        }
        ("GET", "/quan-tri/ho-so/{id}/phieu-cham.pdf") => get(bo::sheets::filled),
        ("GET", "/quan-tri/ho-so/{id}/minh-chung/{file}") => get(bo::dossiers::download),
        ("POST", "/quan-tri/ho-so/{id}/tu-kho") => post(bo::vault::use_in_dossier),
        ("POST", "/quan-tri/chu-the/{slug}/tai-lieu") => {
            post(bo::vault::upload).layer(DefaultBodyLimit::max(12 * 1024 * 1024))
        }
        ("POST", "/quan-tri/chu-the/{slug}/anh") => {
            post(bo::photos::upload).layer(DefaultBodyLimit::max(12 * 1024 * 1024))
        }
        ("POST", "/quan-tri/chu-the/{slug}/anh/{id}/xoa") => post(bo::photos::remove),
        ("POST", "/quan-tri/chu-the/{slug}/tieu-thu") => post(bo::market::add_sales),
        ("POST", "/quan-tri/chu-the/{slug}/noi-ban") => post(bo::market::add_point),
        ("POST", "/quan-tri/chu-the/{slug}/vi-tri") => post(bo::market::set_location),
        ("GET", "/quan-tri/ban-do") => get(bo::boundaries::form),
        ("POST", "/quan-tri/ban-do") => {
            post(bo::boundaries::load).layer(DefaultBodyLimit::max(12 * 1024 * 1024))
        }
        ("POST", "/quan-tri/chu-the/{slug}/noi-ban/{id}/xoa") => post(bo::market::remove_point),
        ("POST", "/quan-tri/chu-the/{slug}/lien-ket") => post(bo::market::add_link),
        ("POST", "/quan-tri/chu-the/{slug}/lien-ket/{id}/xoa") => post(bo::market::remove_link),
        ("GET", "/quan-tri/nhap-du-lieu") => get(bo::import::form),
        ("POST", "/quan-tri/nhap-du-lieu") => {
            post(bo::import::submit).layer(DefaultBodyLimit::max(12 * 1024 * 1024))
        }
        ("GET", "/quan-tri/bao-cao.docx") => get(bo::report::docx),
        ("GET", "/quan-tri/nhap-du-lieu/viec/{id}") => get(bo::import::job),
        ("POST", "/quan-tri/nhap-du-lieu/viec/{id}/huy") => post(bo::import::cancel),
        ("GET", "/quan-tri/ho-so.xlsx") => get(bo::exports::dossiers),
        ("GET", "/quan-tri/phan-anh.xlsx") => get(bo::exports::misuse),
        ("GET", "/quan-tri/giam-sat.xlsx") => get(bo::exports::monitoring),
        ("GET", "/quan-tri/tong-quan") => get(bo::overview::show),
        ("GET", "/quan-tri/giay-chung-nhan") => get(bo::certificates::list),
        ("GET", "/quan-tri/giay-chung-nhan.xlsx") => get(bo::certificates::xlsx),
        ("GET", "/quan-tri/giay-chung-nhan/{id}/pdf") => get(bo::certificates::pdf),
        ("POST", "/quan-tri/giay-chung-nhan/{id}/trang-thai") => post(bo::certificates::change),
        ("GET", "/quan-tri/giam-sat") => get(bo::monitoring::list),
        ("GET", "/quan-tri/bao-cao-sau-cong-nhan.csv") => get(bo::monitoring::export),
        ("GET", "/quan-tri/giam-sat/{product}") => get(bo::monitoring::show),
        ("POST", "/quan-tri/giam-sat/{product}") => {
            post(bo::monitoring::record).layer(DefaultBodyLimit::max(12 * 1024 * 1024))
        }
        ("GET", "/quan-tri/giam-sat/anh/{id}") => get(bo::monitoring::photo),
        ("POST", "/quan-tri/giam-sat/{product}/viec/{id}") => post(bo::monitoring::complete),
        ("GET", "/quan-tri/phan-anh") => get(bo::misuse::list),
        ("POST", "/quan-tri/phan-anh/{id}") => post(bo::misuse::handle),
        ("GET", "/quan-tri/phan-anh/{id}/anh") => get(bo::misuse::photo),
        ("GET", "/quan-tri/su-kien") => get(bo::content::events_form),
        ("POST", "/quan-tri/su-kien") => post(bo::content::add_event),
        ("GET", "/quan-tri/tin-tuc") => get(bo::content::news_form),
        ("POST", "/quan-tri/tin-tuc") => post(bo::content::add_news),
        ("GET", "/quan-tri/bo-tieu-chi") => get(bo::criteria_admin::show),
        ("POST", "/quan-tri/bo-tieu-chi") => {
            post(bo::criteria_admin::upload).layer(DefaultBodyLimit::max(8 * 1024 * 1024))
        }
        ("GET", "/quan-tri/bo-tieu-chi/{version}") => get(bo::criteria_admin::preview),
        ("POST", "/quan-tri/bo-tieu-chi/{version}/ban-hanh") => post(bo::criteria_admin::publish),
        ("GET", "/quan-tri/bo-tieu-chi/xem/{set}") => get(bo::criteria_admin::view_set),
        ("GET", "/quan-tri/thong-bao") => get(bo::notices::show),
        ("GET", "/quan-tri/san-pham/moi") => get(bo::products::form),
        ("POST", "/quan-tri/san-pham/moi") => post(bo::products::submit),
        ("GET", "/quan-tri/dang-ky") => get(crate::pages::register::pending),
        ("POST", "/quan-tri/san-pham/{product}/duyet") => {
            post(crate::pages::register::approve_product)
        }
        ("POST", "/quan-tri/chu-the/{slug}/cong-khai") => post(bo::producer::publish_contact),
        ("POST", "/quan-tri/dang-ky/{id}/duyet") => post(crate::pages::register::approve),
        ("POST", "/quan-tri/dang-ky/{id}/tu-choi") => post(crate::pages::register::reject),
        ("POST", "/dang-xuat") => post(signin::sign_out),
        (m, p) => panic!("the back-office table declares {m} {p} but no handler serves it"),
    }
}

pub fn router() -> Router<AppState> {
    let mut paths: Vec<&str> = crate::auth::BACK_OFFICE
        .iter()
        .map(|(_, p, _)| *p)
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let mut router = Router::new();
    for path in paths {
        // One route per path, with every method the table gives it.
        let methods = crate::auth::BACK_OFFICE
            .iter()
            .filter(|(_, p, _)| *p == path)
            .fold(MethodRouter::new(), |acc, (m, p, _)| {
                acc.merge(handler(m, p))
            });
        router = router.route(path, methods);
    }
    router
}
