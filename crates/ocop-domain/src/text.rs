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
