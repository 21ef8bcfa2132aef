//! Vietnamese text handling shared by search, slugs and storage.
//!
//! Some Vietnamese keyboards emit decomposed sequences (base letter plus
//! combining marks), so every stored text is normalised to NFC, and every
//! search key is folded the same way for both database backends.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalise to NFC and trim; the form every text is stored in.
pub fn nfc(s: &str) -> String {
    s.trim().nfc().collect()
}

/// Fold Vietnamese text for accent-insensitive matching: drop tones,
/// circumflex, breve and horn, map `đ` to `d` (it does not decompose), and
/// lowercase. `"Cà phê Đắk Mil"` → `"ca phe dak mil"`.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A URL slug without diacritics: `"Cà phê bột Đắk Đam"` → `"ca-phe-bot-dak-dam"`.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Escapes text for XML content and attributes (sitemaps, SVG, Word
/// documents): the five characters XML reserves.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The 1-based line on which a record starting at `byte` begins, counting
/// `\n` and skipping the rest of a `\r\n` that ends the previous record.
/// (The csv crate reports lines one early after CRLF endings.)
pub fn line_at(text: &str, byte: u64) -> u64 {
    let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    while text
        .as_bytes()
        .get(at)
        .is_some_and(|b| *b == b'\r' || *b == b'\n')
    {
        at += 1;
    }
    let newlines = text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    u64::try_from(newlines).unwrap_or(0) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_all_vietnamese_marks() {
        assert_eq!(fold("Cà phê Đắk Mil"), "ca phe dak mil");
        assert_eq!(fold("ƯỚC MƠ Ở QUẢNG PHÚ"), "uoc mo o quang phu");
        assert_eq!(fold("Bơ bò bó"), "bo bo bo");
    }

    #[test]
    fn decomposed_input_folds_like_precomposed() {
        let decomposed = "Đắk Nông".nfd().collect::<String>();
        assert_ne!(decomposed, "Đắk Nông");
        assert_eq!(fold(&decomposed), fold("Đắk Nông"));
        assert_eq!(nfc(&decomposed), "Đắk Nông");
    }

    #[test]
    fn lines_are_counted_for_both_line_endings() {
        for text in ["h,x\n\"a\nb\",1\nc,2\n", "h,x\r\n\"a\nb\",1\r\nc,2\r\n"] {
            let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
            let lines: Vec<u64> = r
                .records()
                .filter_map(Result::ok)
                .map(|rec| line_at(text, rec.position().map_or(0, |p| p.byte())))
                .collect();
            assert_eq!(lines, vec![2, 4], "{text:?}");
        }
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slugify("Cà phê bột Đắk Đam"), "ca-phe-bot-dak-dam");
        assert_eq!(slugify("  Dầu Sachi (sachi oil) "), "dau-sachi-sachi-oil");
        assert_eq!(slugify("Đắk R'Lấp"), "dak-r-lap");
        assert_eq!(slugify("---"), "");
    }

    proptest::proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            proptest::prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn slug_only_has_safe_chars(s in "\\PC{0,40}") {
            let slug = slugify(&s);
            proptest::prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            proptest::prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
        }
    }
}

/// A quantity kept in hundredths written as Vietnamese documents write it:
/// a decimal comma and two decimals (`8550` → `85,50`), so pages, minutes and
/// decisions say the same figure the same way.
#[must_use]
pub fn hundredths_vi(h: impl Into<i128>) -> String {
    let h: i128 = h.into();
    let sign = if h < 0 { "-" } else { "" };
    let a = h.unsigned_abs();
    format!("{sign}{},{:02}", a / 100, a % 100)
}

#[cfg(test)]
mod hundredths_tests {
    use super::hundredths_vi;

    #[test]
    fn hundredths_are_written_with_a_decimal_comma() {
        assert_eq!(hundredths_vi(8550), "85,50");
        assert_eq!(hundredths_vi(9000), "90,00");
        assert_eq!(hundredths_vi(5), "0,05");
        assert_eq!(hundredths_vi(-125), "-1,25");
    }
}
