//! Public pages. Handlers prepare plain view models (strings ready to show)
//! so templates only lay them out; askama escapes every value.

pub mod backoffice;
pub mod catalogue;
pub mod content;
pub mod criteria;
pub mod decisions;
pub mod home;
pub mod map;
pub mod misuse;
pub mod open_data;
pub mod pager;
pub mod photo;
pub mod producers;
pub mod products;
pub mod register;
pub mod resolver;
pub mod scan;
pub mod search;
pub mod seo;
pub mod signin;
pub mod star_check;
pub mod statistics;
pub mod trace_ids;
pub mod verify;

use crate::WebError;
use ocop_domain::ProductGroup;

pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// The Vietnamese name of a group code, or a plain "unknown".
pub fn group_name(code: Option<&str>) -> String {
    code.and_then(ProductGroup::parse_code).map_or_else(
        || "Chưa phân nhóm".to_owned(),
        |g| format!("{}. {}", g.code(), g.name_vi()),
    )
}

/// A group's name in the visitor's language.
pub fn group_name_in(code: Option<&str>, lang: crate::lang::Lang) -> String {
    match code.and_then(ProductGroup::parse_code) {
        Some(g) => format!("{}. {}", g.code(), lang.s(g.name_vi(), g.name_en())),
        None => lang.s("Chưa phân nhóm", "Not grouped").to_owned(),
    }
}

pub fn stars_text_in(stars: Option<i64>, lang: crate::lang::Lang) -> String {
    match stars {
        Some(n) => format!(
            "{} {n} {}",
            "★".repeat(usize::try_from(n).unwrap_or(0)),
            lang.s("sao", "stars")
        ),
        None => lang.s("Chưa xếp hạng", "Not rated").to_owned(),
    }
}

/// The stars of one record: a nomination says so, since it never carried them.
pub fn rating_text_in(stars: i64, nominated: bool, lang: crate::lang::Lang) -> String {
    let text = stars_text_in(Some(stars), lang);
    if nominated {
        format!("{} {text}", lang.s("Đề cử", "Nominated for"))
    } else {
        text
    }
}

/// Shown wherever the data does not say: never a guess.
pub const UNKNOWN: &str = "Chưa có thông tin";

/// A date the way Vietnamese documents write it: `19/06/2025`.
pub fn vn_day(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A stored time (RFC 3339, UTC) as people in Vietnam read it:
/// `2026-11-29T06:00:00Z` → `29/11/2026 13:00` (Asia/Ho_Chi_Minh).
pub fn vn_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&ocop_app::clock::vietnam())
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// A producer's published business contact, ready for a page: (label,
/// text, link) per channel.
pub fn contact_lines(
    c: &ocop_store::registry::ProducerContact,
    lang: crate::lang::Lang,
) -> Vec<(String, String, String)> {
    if !c.publish {
        return Vec::new();
    }
    let digits = |p: &str| p.chars().filter(char::is_ascii_digit).collect::<String>();
    let mut out = Vec::new();
    if let Some(p) = &c.phone {
        out.push((
            lang.s("Điện thoại", "Phone").to_owned(),
            p.clone(),
            format!("tel:{}", digits(p)),
        ));
    }
    if let Some(z) = &c.zalo {
        out.push((
            "Zalo".to_owned(),
            z.clone(),
            format!("https://zalo.me/{}", digits(z)),
        ));
    }
    if let Some(w) = &c.website {
        out.push((
            lang.s("Trang web", "Website").to_owned(),
            w.clone(),
            w.clone(),
        ));
    }
    out
}

pub struct ProductLine {
    pub href: String,
    pub name: String,
    pub producer: String,
    pub producer_href: String,
    pub stars: String,
    pub group: String,
    pub place: String,
    pub year: String,
    /// (src, alt) of the product's first photo, when it has one.
    pub photo: Option<(String, String)>,
    /// The group's drawn picture, shown while there is no photo.
    pub placeholder: String,
}

impl From<&ocop_store::catalog::ProductSummary> for ProductLine {
    fn from(p: &ocop_store::catalog::ProductSummary) -> Self {
        Self::new(p, crate::lang::Lang::Vi)
    }
}

impl ProductLine {
    pub fn new(p: &ocop_store::catalog::ProductSummary, lang: crate::lang::Lang) -> Self {
        let before = lang.s("trước 2025", "before 2025");
        let place = match (&p.commune_2025, &p.district_pre2025) {
            (Some(c), Some(d)) => format!("{c} ({before}: {d})"),
            (Some(c), None) => c.clone(),
            (None, Some(d)) => format!("{d} ({before})"),
            (None, None) => lang.s(UNKNOWN, "Not known").to_owned(),
        };
        Self {
            href: format!("/san-pham/{}", p.slug),
            name: p.name.clone(),
            producer: ocop_domain::producer::shown_name(&p.producer_name, lang.is_en()).to_owned(),
            producer_href: format!("/chu-the/{}", p.producer_slug),
            stars: stars_text_in(p.stars, lang),
            group: group_name_in(p.group_code.as_deref(), lang),
            place,
            year: p.year.map_or_else(
                || lang.s(UNKNOWN, "Not known").to_owned(),
                |y| y.to_string(),
            ),
            photo: None,
            placeholder: crate::assets::group_placeholder(p.group_code.as_deref()),
        }
    }

    /// Lines with their thumbnails, fetched in one query.
    pub async fn with_photos(
        store: &ocop_store::Store,
        products: &[ocop_store::catalog::ProductSummary],
        lang: crate::lang::Lang,
    ) -> Result<Vec<Self>, ocop_store::StoreError> {
        let ids: Vec<i64> = products.iter().map(|p| p.id).collect();
        let thumbs = store.thumbnails(&ids).await?;
        Ok(products
            .iter()
            .map(|p| {
                let mut line = Self::new(p, lang);
                line.photo = thumbs.iter().find(|t| t.product_id == p.id).map(|t| {
                    (
                        format!("/anh/{}/{}.jpg", t.photo_id, t.width),
                        t.alt.clone(),
                    )
                });
                line
            })
            .collect())
    }
}

/// The province's communes (2025) as (code, full name), for the forms that
/// choose one.
pub(crate) async fn commune_choices(
    state: &crate::AppState,
) -> Result<Vec<(String, String)>, crate::WebError> {
    Ok(state
        .store
        .admin_units_in(
            ocop_domain::UnitScheme::Y2025,
            "commune",
            &state.province.code,
        )
        .await?
        .into_iter()
        .map(|u| (u.code, u.full_name))
        .collect())
}
