//! Cookies read and written with the `cookie` crate: the session (signed-in
//! person) and the language choice are the only two the portal sets.

use axum::http::{HeaderMap, HeaderValue, header};
use cookie::{Cookie, SameSite};

/// The value of cookie `name` in the request, if it carries one.
pub fn value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// A `Set-Cookie` header value for `cookie`.
pub fn header_value(cookie: &Cookie<'_>) -> Option<HeaderValue> {
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// The session cookie (or, with `max_age` 0, the one that ends it): sent
/// only over HTTPS, never to scripts, never with another site's request.
pub fn session(name: &'static str, token: &str, max_age: i64) -> Cookie<'static> {
    Cookie::build((name, token.to_owned()))
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(cookie::time::Duration::seconds(max_age))
        .build()
}

/// The language choice, kept a year, sent on links from other sites.
pub fn language(name: &'static str, code: &str) -> Cookie<'static> {
    Cookie::build((name, code.to_owned()))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::days(365))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others_and_written_with_their_attributes() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; lang=en"));
        h.append(
            header::COOKIE,
            HeaderValue::from_static("ocop_session=abc; b"),
        );
        assert_eq!(value(&h, "lang").as_deref(), Some("en"));
        assert_eq!(value(&h, "ocop_session").as_deref(), Some("abc"));
        assert_eq!(value(&h, "missing"), None);
        let s = session("ocop_session", "tok", 3600).to_string();
        for part in [
            "ocop_session=tok",
            "Path=/",
            "HttpOnly",
            "Secure",
            "SameSite=Strict",
            "Max-Age=3600",
        ] {
            assert!(s.contains(part), "{s}");
        }
        let l = language("lang", "en").to_string();
        assert!(
            l.contains("Max-Age=31536000") && l.contains("SameSite=Lax"),
            "{l}"
        );
    }
}
