//! Các tham số tìm kiếm — the catalogue's parameters exactly as typed,
//! read into a query or refused parameter by parameter.

use super::*;

/// The catalogue's parameters exactly as typed, so the form shows them back
/// and links keep them.
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub q: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub group: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stars: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub year: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dept: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sort: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub page: String,
}

/// Field-level problems with what was typed.
#[derive(Debug, Default)]
pub struct QueryErrors {
    pub stars: Option<String>,
    pub year: Option<String>,
    pub page: Option<String>,
}

impl ListQuery {
    /// The query the search runs, and what was wrong with the input (a wrong
    /// field is ignored, never guessed, and the form says why).
    pub fn parse(&self, lang: Lang, per_page: u32) -> (ProductQuery, QueryErrors) {
        let mut errors = QueryErrors::default();
        let stars = match self.stars.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(n @ 3..=5) => Some(n),
                _ => {
                    errors.stars = Some(
                        lang.s("Hạng sao phải là 3, 4 hoặc 5.", "Stars must be 3, 4 or 5.")
                            .to_owned(),
                    );
                    None
                }
            },
        };
        let year = match self.year.trim() {
            "" => None,
            y => match y.parse::<i64>() {
                Ok(n @ 2019..=2100) => Some(n),
                _ => {
                    errors.year = Some(
                        lang.s(
                            "Năm công nhận phải là số có 4 chữ số, từ 2019.",
                            "The year must be four digits, 2019 or later.",
                        )
                        .to_owned(),
                    );
                    None
                }
            },
        };
        let page = match self.page.trim() {
            "" => 1,
            p => p
                .parse::<u32>()
                .ok()
                .filter(|p| *p >= 1)
                .unwrap_or_else(|| {
                    errors.page = Some(
                        lang.s("Số trang không hợp lệ.", "Invalid page number.")
                            .to_owned(),
                    );
                    1
                }),
        };
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        (
            ProductQuery {
                q: self.q.clone(),
                group: ocop_domain::ProductGroup::parse_code(self.group.trim())
                    .map(|g| g.code().to_owned()),
                stars,
                year,
                place: text(&self.place),
                department: text(&self.dept),
                sort: Sort::parse(self.sort.trim()),
                page,
                per_page,
            },
            errors,
        )
    }

    /// This query with one parameter changed (empty removes it); the page
    /// goes back to the first unless it is what changes.
    pub fn with(&self, key: &str, value: &str) -> String {
        let mut q = self.clone();
        if key != "page" {
            q.page.clear();
        }
        let v = value.to_owned();
        match key {
            "group" => q.group = v,
            "stars" => q.stars = v,
            "year" => q.year = v,
            "place" => q.place = v,
            "dept" => q.dept = v,
            "sort" => q.sort = v,
            "page" => q.page = v,
            _ => {}
        }
        let encoded = serde_urlencoded::to_string(&q).unwrap_or_default();
        if encoded.is_empty() {
            "/san-pham".to_owned()
        } else {
            format!("/san-pham?{encoded}")
        }
    }
}
