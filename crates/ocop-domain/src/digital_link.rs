//! GS1 Digital Link — the web address a QR code on a package carries:
//! `/01/{GTIN-14}/10/{lot}?17={YYMMDD}`. Only a real GTIN (check digit
//! verified) makes one; the portal never invents a GTIN. The path may carry
//! the lot (10) and serial (21) after the GTIN, as the standard orders them;
//! any other path key is refused. The query carries data attributes: dates
//! (11 production, 13 packaging, 15 best before, 16 sell by, 17 expiry) are
//! checked, other GS1 application identifiers (numeric keys, e.g. 3103 net
//! weight) are kept as sent, `linkType` asks for one kind of link, and
//! anything else (`fbclid`, `utm_source` added when a link is shared) is
//! ignored, as GS1 Digital Link 1.2 §7 requires of a resolver.

use crate::Gtin;
use chrono::{Datelike as _, NaiveDate};
use thiserror::Error;

/// The qualifiers a lot or serial may hold: GS1's character set 82.
pub(crate) fn cset82(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c)
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    #[error("đường dẫn phải bắt đầu bằng /01/ và mã GTIN")]
    NoGtin,
    #[error("mã GTIN không hợp lệ: {0}")]
    Gtin(#[from] crate::gtin::GtinError),
    #[error("mã AI {0} không được hỗ trợ trong đường dẫn GS1 Digital Link")]
    UnknownAi(String),
    #[error("giá trị của AI {ai} không hợp lệ: {why}")]
    BadValue { ai: &'static str, why: String },
    #[error("mã hóa phần trăm sai")]
    Encoding,
}

/// A parsed or built Digital Link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigitalLink {
    pub gtin: Gtin,
    /// AI 10: batch or lot, 1–20 characters of set 82.
    pub lot: Option<String>,
    /// AI 21: serial number, 1–20 characters of set 82.
    pub serial: Option<String>,
    /// AI 17: expiry date (a day of 00 means the month's last day).
    pub expiry: Option<NaiveDate>,
    /// Other data attributes, as sent (AI, value), in the order sent.
    pub attributes: Vec<(String, String)>,
    /// The link wanted (`gs1:pip`, `gs1:certificationInfo`, `all`, …).
    pub link_type: Option<String>,
}

/// Date attributes (YYMMDD) checked like the expiry.
const DATE_AIS: [&str; 4] = ["11", "13", "15", "16"];

/// RFC 3986's unreserved characters stay; everything else is encoded, as
/// the Digital Link standard asks of a value in a path segment.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, UNRESERVED).to_string()
}

fn decode(s: &str) -> Result<String, LinkError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or(LinkError::Encoding)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| LinkError::Encoding)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| LinkError::Encoding)
}

fn qualifier(ai: &'static str, raw: &str) -> Result<String, LinkError> {
    let v = decode(raw)?;
    if v.is_empty() || v.chars().count() > 20 || !v.chars().all(cset82) {
        return Err(LinkError::BadValue {
            ai,
            why: "1–20 ký tự chữ, số hoặc dấu theo bộ ký tự GS1".into(),
        });
    }
    Ok(v)
}

fn expiry(raw: &str) -> Result<NaiveDate, LinkError> {
    let bad = |why: &str| LinkError::BadValue {
        ai: "17",
        why: why.to_owned(),
    };
    if raw.len() != 6 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("phải là YYMMDD"));
    }
    let n = |r: std::ops::Range<usize>| raw[r].parse::<u32>().unwrap_or(99);
    // GS1: two-digit years are read within a 100-year window; 2000–2099
    // covers every label this platform will see.
    let year = 2000 + i32::try_from(n(0..2)).unwrap_or(0);
    let (month, day) = (n(2..4), n(4..6));
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| bad("tháng không hợp lệ"))?;
    if day == 0 {
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(|| bad("ngày không hợp lệ"))?;
        return next.pred_opt().ok_or_else(|| bad("ngày không hợp lệ"));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| bad("ngày không hợp lệ"))
}

impl DigitalLink {
    /// The path and query, as printed in a QR after the resolver's host.
    pub fn path(&self) -> String {
        let mut p = format!("/01/{}", self.gtin.to_gtin14());
        if let Some(l) = &self.lot {
            p.push_str(&format!("/10/{}", encode(l)));
        }
        if let Some(s) = &self.serial {
            p.push_str(&format!("/21/{}", encode(s)));
        }
        let mut query = Vec::new();
        if let Some(d) = self.expiry {
            query.push(format!(
                "17={:02}{:02}{:02}",
                d.year() % 100,
                d.month(),
                d.day()
            ));
        }
        for (ai, v) in &self.attributes {
            query.push(format!("{ai}={}", encode(v)));
        }
        if let Some(t) = &self.link_type {
            query.push(format!("linkType={}", encode(t)));
        }
        if !query.is_empty() {
            p.push('?');
            p.push_str(&query.join("&"));
        }
        p
    }

    /// Reads a Digital Link path (with or without its query).
    pub fn parse(path_and_query: &str) -> Result<Self, LinkError> {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let mut parts = path.trim_start_matches('/').split('/');
        if parts.next() != Some("01") {
            return Err(LinkError::NoGtin);
        }
        // A link names the GTIN in its 14-digit form; a shorter one is
        // padded, so a link and the link it builds are the same link.
        let gtin = Gtin::parse(parts.next().ok_or(LinkError::NoGtin)?)?;
        let gtin = Gtin::parse(&gtin.to_gtin14())?;
        let mut link = Self {
            gtin,
            lot: None,
            serial: None,
            expiry: None,
            attributes: Vec::new(),
            link_type: None,
        };
        let rest: Vec<&str> = parts.filter(|p| !p.is_empty()).collect();
        for pair in rest.chunks(2) {
            match pair {
                ["10", v] if link.lot.is_none() && link.serial.is_none() => {
                    link.lot = Some(qualifier("10", v)?);
                }
                ["21", v] if link.serial.is_none() => link.serial = Some(qualifier("21", v)?),
                [ai, ..] => return Err(LinkError::UnknownAi((*ai).to_owned())),
                [] => {}
            }
        }
        for kv in query.split('&').filter(|kv| !kv.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let is_ai = (2..=4).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_digit());
            match k {
                "17" if link.expiry.is_none() => link.expiry = Some(expiry(v)?),
                "17" => return Err(LinkError::UnknownAi("17".into())),
                "linkType" if link.link_type.is_none() => {
                    let t = decode(v)?;
                    let ok = !t.is_empty()
                        && t.len() <= 64
                        && t.chars()
                            .all(|c| c.is_ascii_alphanumeric() || ":_-.".contains(c));
                    if !ok {
                        return Err(LinkError::BadValue {
                            ai: "linkType",
                            why: "tên loại liên kết GS1, ví dụ gs1:pip".into(),
                        });
                    }
                    link.link_type = Some(t);
                }
                d if DATE_AIS.contains(&d) => {
                    expiry(v).map_err(|_| LinkError::BadValue {
                        ai: "11/13/15/16",
                        why: "ngày phải là YYMMDD".into(),
                    })?;
                    link.attributes.push((d.to_owned(), v.to_owned()));
                }
                // Another GS1 application identifier: kept as sent.
                ai if is_ai => {
                    let v = decode(v)?;
                    if v.is_empty() || v.chars().count() > 90 || !v.chars().all(cset82) {
                        return Err(LinkError::BadValue {
                            ai: "AI",
                            why: format!("giá trị của AI {ai} không theo bộ ký tự GS1"),
                        });
                    }
                    link.attributes.push((ai.to_owned(), v));
                }
                // Not GS1's (tracking added when a link is shared): ignored.
                _ => {}
            }
        }
        Ok(link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gtin(s: &str) -> Gtin {
        Gtin::parse(s).unwrap()
    }

    #[test]
    fn builds_and_reads_back_with_lot_and_expiry() {
        let link = DigitalLink {
            gtin: gtin("08938505974194"),
            lot: Some("LO12/2026".into()),
            serial: None,
            expiry: NaiveDate::from_ymd_opt(2027, 3, 31),
            attributes: Vec::new(),
            link_type: None,
        };
        assert_eq!(link.path(), "/01/08938505974194/10/LO12%2F2026?17=270331");
        assert_eq!(DigitalLink::parse(&link.path()), Ok(link));
        // A space is not a GS1 lot character.
        assert!(DigitalLink::parse("/01/08938505974194/10/LO%2012").is_err());
    }

    #[test]
    fn check_digits_and_unknown_ais_are_refused() {
        assert!(matches!(
            DigitalLink::parse("/01/08938505974195"),
            Err(LinkError::Gtin(_))
        ));
        assert_eq!(
            DigitalLink::parse("/01/08938505974194/99/x"),
            Err(LinkError::UnknownAi("99".into()))
        );
        assert!(matches!(
            DigitalLink::parse("/01/08938505974194?11=261399"),
            Err(LinkError::BadValue { .. })
        ));
        assert_eq!(
            DigitalLink::parse("/02/08938505974194"),
            Err(LinkError::NoGtin)
        );
        assert!(matches!(
            DigitalLink::parse("/01/08938505974194/10/%ZZ"),
            Err(LinkError::Encoding)
        ));
        assert!(matches!(
            DigitalLink::parse("/01/08938505974194/10/abcdefghijklmnopqrstu"),
            Err(LinkError::BadValue { ai: "10", .. })
        ));
    }

    /// Examples in the manner of GS1 Digital Link 1.2: data attributes and
    /// linkType accepted, tracking parameters of shared links ignored.
    #[test]
    fn attributes_link_types_and_tracking_parameters() {
        let l = DigitalLink::parse(
            "/01/08938505974194/10/A1?11=260101&3103=000500&linkType=gs1:pip&fbclid=IwAR0x&utm_source=zalo",
        ).unwrap();
        assert_eq!(l.lot.as_deref(), Some("A1"));
        assert_eq!(
            l.attributes,
            [
                ("11".to_owned(), "260101".to_owned()),
                ("3103".to_owned(), "000500".to_owned())
            ]
        );
        assert_eq!(l.link_type.as_deref(), Some("gs1:pip"));
        // The link builds back without the tracking parameters.
        assert_eq!(
            l.path(),
            "/01/08938505974194/10/A1?11=260101&3103=000500&linkType=gs1%3Apip"
        );
        assert_eq!(DigitalLink::parse(&l.path()), Ok(l));
        assert!(DigitalLink::parse("/01/08938505974194?linkType=all").is_ok());
        assert!(DigitalLink::parse("/01/08938505974194?linkType=%3Cscript%3E").is_err());
    }

    #[test]
    fn expiry_day_zero_is_the_months_end() {
        let l = DigitalLink::parse("/01/08938505974194/10/A1?17=260200").unwrap();
        assert_eq!(l.expiry, NaiveDate::from_ymd_opt(2026, 2, 28));
        assert!(DigitalLink::parse("/01/08938505974194?17=261301").is_err());
    }

    #[test]
    fn short_gtins_are_padded_to_fourteen() {
        let l = DigitalLink::parse("/01/8938505974194").unwrap();
        assert_eq!(l.path(), "/01/08938505974194");
    }

    /// The fuzz target's corpus (fuzz/corpus/digital_link), replayed with
    /// the target's own property: accepted links build back to themselves.
    #[test]
    fn the_fuzz_corpus_round_trips_or_is_refused() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/digital_link");
        let mut n = 0;
        let mut accepted = 0;
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            n += 1;
            if let Ok(text) = std::str::from_utf8(&bytes)
                && let Ok(link) = DigitalLink::parse(text)
            {
                accepted += 1;
                assert_eq!(DigitalLink::parse(&link.path()), Ok(link));
            }
        }
        assert!(
            n >= 8 && accepted >= 3,
            "the corpus is at {}",
            dir.display()
        );
    }

    proptest::proptest! {
        #[test]
        fn any_path_parses_or_is_refused_without_panicking(s in "\\PC{0,80}") {
            let _ = DigitalLink::parse(&s);
        }

        #[test]
        fn lots_of_set_82_round_trip(lot in "[A-Za-z0-9!\"%&'()*+,./:;<=>?_-]{1,20}") {
            let link = DigitalLink { gtin: gtin("08938505974194"), lot: Some(lot), serial: None, expiry: None, attributes: Vec::new(), link_type: None };
            proptest::prop_assert_eq!(DigitalLink::parse(&link.path()), Ok(link));
        }
    }
}
