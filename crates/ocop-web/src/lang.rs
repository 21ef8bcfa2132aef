//! Ngôn ngữ — the portal speaks Vietnamese first and English on request.
//! The choice lives in a cookie set by a plain link, so it works without
//! JavaScript and the URL of a page stays the same in both languages.

use axum::extract::{FromRequestParts, Query};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

const COOKIE: &str = "lang";

/// The visitor's language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// The text in this language; templates write both side by side.
    pub fn s<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Vi => vi,
            Self::En => en,
        }
    }

    pub fn is_en(self) -> bool {
        self == Self::En
    }

    /// The other language, offered by the switch.
    pub fn other(self) -> Self {
        match self {
            Self::Vi => Self::En,
            Self::En => Self::Vi,
        }
    }

    /// The switch's label, written in the language it switches to.
    pub fn switch_label(self) -> &'static str {
        match self.other() {
            Self::Vi => "Tiếng Việt",
            Self::En => "English",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "vi" => Some(Self::Vi),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of_headers(&parts.headers))
    }
}

impl Lang {
    /// The language the request's cookie chose (Vietnamese by default).
    pub fn of_headers(headers: &axum::http::HeaderMap) -> Self {
        crate::cookies::value(headers, COOKIE)
            .and_then(|v| Self::parse(&v))
            .unwrap_or_default()
    }
}

#[derive(serde::Deserialize)]
pub struct SwitchQuery {
    #[serde(default)]
    tiep: String,
}

/// `GET /ngon-ngu/{code}?tiep=/path`: remembers the language for a year and
/// goes back to the page. Only paths on this site are followed.
pub async fn switch(
    axum::extract::Path(code): axum::extract::Path<String>,
    Query(q): Query<SwitchQuery>,
) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let back = ocop_domain::redirect::same_site(&q.tiep, "/");
    let mut res = Redirect::to(&back).into_response();
    if let Some(v) = crate::cookies::header_value(&crate::cookies::language(COOKIE, lang.code())) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// What the public layout needs besides the page's own content.
pub struct Chrome {
    pub lang: Lang,
    pub css: &'static str,
    /// The page's canonical absolute URL.
    pub canonical: String,
    /// Link to the same page in the other language.
    pub switch_href: String,
    pub description: String,
    /// OpenGraph image, absolute, when the page has one.
    pub image: Option<String>,
    /// `website`, `product`, `profile` or `article`.
    pub og_type: &'static str,
    /// schema.org JSON-LD, already serialised and safe inside a script tag.
    pub json_ld: Option<String>,
}

impl Chrome {
    pub fn new(state: &crate::AppState, lang: Lang, path: &str) -> Self {
        let encoded = crate::encode::path_in_query(path);
        Self {
            lang,
            css: crate::assets::css_href(),
            canonical: state.absolute(path),
            switch_href: format!("/ngon-ngu/{}?tiep={encoded}", lang.other().code()),
            description: String::new(),
            // The site's own picture, until a page names its own.
            image: Some(crate::og_image::site(state)),
            og_type: "website",
            json_ld: None,
        }
    }

    #[must_use]
    pub fn describe(mut self, text: &str) -> Self {
        // Link previews cut long text; keep whole words.
        let mut out = String::new();
        for w in text.split_whitespace() {
            if out.chars().count() + w.chars().count() > 200 {
                out.push('…');
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
        self.description = out;
        self
    }

    #[must_use]
    pub fn image(mut self, absolute: Option<String>) -> Self {
        if absolute.is_some() {
            self.image = absolute;
        }
        self
    }

    #[must_use]
    pub fn json_ld(mut self, value: &serde_json::Value) -> Self {
        self.json_ld = Some(script_safe_json(value));
        self
    }
}

/// JSON that cannot end its `<script>` element or open a comment: `<`, `>`
/// and `&` are written as Unicode escapes, which JSON readers decode back.
pub fn script_safe_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let v = serde_json::json!({"name": "</script><script>alert(1)</script>"});
        let s = script_safe_json(&v);
        assert!(!s.contains("</script>"));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap_or_default();
        assert_eq!(back, v);
    }
}
