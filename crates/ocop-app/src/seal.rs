//! Verifiable certificates: each certificate's QR leads to a status page
//! keyed by an unguessable token, and carries a payload signed with the
//! platform's Ed25519 key, so a marketplace or an inspector can check a
//! certificate offline with the published public key. Changing the number,
//! the stars or any other field breaks the signature.
//!
//! The sealed text is `OCOP1|number|stars|product|producer|issued|valid until|province~signature`
//! (fields with `|` and `~` removed, the signature in lower-case hex over the
//! UTF-8 bytes before `~`).

use crate::{Clock, Entropy};
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use ocop_store::{Store, StoreError};
use sha2::{Digest as _, Sha256};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SealError {
    #[error("Không đọc được dữ liệu ký (thiếu chữ ký hoặc sai định dạng OCOP1).")]
    Format,
    #[error("Chữ ký không khớp: nội dung giấy chứng nhận đã bị sửa hoặc không do hệ thống cấp.")]
    Forged,
    #[error("Khóa công khai không hợp lệ.")]
    Key,
}

const PURPOSE: &str = "certificate-seal";
const PREFIX: &str = "OCOP1";

/// What a certificate states, as signed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sealed {
    pub number: String,
    pub stars: String,
    pub product: String,
    pub producer: String,
    pub issued_on: String,
    pub valid_until: String,
    pub province: String,
}

impl Sealed {
    fn text(&self) -> String {
        let clean = |s: &str| s.replace(['|', '~', '\n', '\r'], " ");
        [
            PREFIX,
            &clean(&self.number),
            &clean(&self.stars),
            &clean(&self.product),
            &clean(&self.producer),
            &clean(&self.issued_on),
            &clean(&self.valid_until),
            &clean(&self.province),
        ]
        .join("|")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    if s.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Checks a sealed text against a public key (hex): pure, needs no network.
pub fn verify(public_hex: &str, sealed: &str) -> Result<Sealed, SealError> {
    let key = unhex::<32>(public_hex.trim())
        .and_then(|k| VerifyingKey::from_bytes(&k).ok())
        .ok_or(SealError::Key)?;
    let (text, sig) = sealed.trim().rsplit_once('~').ok_or(SealError::Format)?;
    let sig = unhex::<64>(sig).ok_or(SealError::Format)?;
    let fields: Vec<&str> = text.split('|').collect();
    let [
        prefix,
        number,
        stars,
        product,
        producer,
        issued,
        until,
        province,
    ] = fields[..]
    else {
        return Err(SealError::Format);
    };
    if prefix != PREFIX {
        return Err(SealError::Format);
    }
    key.verify(text.as_bytes(), &Signature::from_bytes(&sig))
        .map_err(|_| SealError::Forged)?;
    Ok(Sealed {
        number: number.to_owned(),
        stars: stars.to_owned(),
        product: product.to_owned(),
        producer: producer.to_owned(),
        issued_on: issued.to_owned(),
        valid_until: until.to_owned(),
        province: province.to_owned(),
    })
}

/// The platform's key, loaded (or made, the first time) from the database.
pub struct Sealer {
    key: SigningKey,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealer")
            .field("public", &self.public_hex())
            .finish()
    }
}

impl Sealer {
    /// Loads the key; on a new installation makes one from `entropy`.
    pub async fn load(
        store: &Store,
        clock: &dyn Clock,
        entropy: &dyn Entropy,
    ) -> Result<Self, StoreError> {
        let mut seed = [0u8; 32];
        entropy
            .fill(&mut seed)
            .map_err(|e| StoreError::Invalid(format!("no randomness for the signing key: {e}")))?;
        let candidate = SigningKey::from_bytes(&seed);
        let (secret, _) = store
            .ensure_key(
                PURPOSE,
                (&hex(&seed), &hex(candidate.verifying_key().as_bytes())),
                &clock.stamp(),
            )
            .await?;
        let seed = unhex::<32>(&secret)
            .ok_or_else(|| StoreError::Invalid("the stored signing key is damaged".into()))?;
        Ok(Self {
            key: SigningKey::from_bytes(&seed),
        })
    }

    pub fn public_hex(&self) -> String {
        hex(self.key.verifying_key().as_bytes())
    }

    pub fn seal(&self, s: &Sealed) -> String {
        let text = s.text();
        let sig = self.key.sign(text.as_bytes());
        format!("{text}~{}", hex(&sig.to_bytes()))
    }

    /// The status page's key for a certificate: derived from the secret, so
    /// it cannot be guessed from the number and needs no storage.
    pub fn token(&self, certificate_number: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.key.to_bytes());
        h.update(b"status-token\0");
        h.update(certificate_number.as_bytes());
        let d = h.finalize();
        const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
        // 120 bits in 24 characters of base 32.
        let mut bits: u128 = 0;
        for b in &d[..15] {
            bits = (bits << 8) | u128::from(*b);
        }
        (0..24)
            .map(|i| char::from(ALPHABET[usize::try_from((bits >> (i * 5)) & 31).unwrap_or(0)]))
            .collect()
    }
}

type Tokens = std::sync::Arc<std::collections::HashMap<String, String>>;

/// Certificate numbers by status token, made once per catalogue snapshot
/// (a hash per certificate: thousands take a few milliseconds).
#[derive(Debug, Default)]
pub struct TokenIndex {
    cache: std::sync::Mutex<Option<(String, Tokens)>>,
}

impl TokenIndex {
    pub fn number(
        &self,
        sealer: &Sealer,
        snapshot: &crate::catalogue::Snapshot,
        token: &str,
    ) -> Option<String> {
        let map = {
            let mut c = self.cache.lock().ok()?;
            match c.as_ref() {
                Some((sig, map)) if *sig == snapshot.signature => map.clone(),
                _ => {
                    let map: std::collections::HashMap<String, String> = snapshot
                        .certificates
                        .iter()
                        .filter_map(|c| c.certificate.number.clone())
                        .map(|n| (sealer.token(&n), n))
                        .collect();
                    let map = std::sync::Arc::new(map);
                    *c = Some((snapshot.signature.clone(), map.clone()));
                    map
                }
            }
        };
        map.get(token).cloned()
    }
}

/// What a certificate's seal says, from its star-check answer.
pub fn sealed_of(a: &crate::star_check::StarAnswer, province: &str) -> Option<Sealed> {
    Some(Sealed {
        number: a.certificate_number.clone()?,
        stars: a.stars.to_string(),
        product: a.product_name.clone(),
        producer: a.producer_name.clone(),
        issued_on: a
            .issued_on
            .map(|d| d.to_string())
            .or_else(|| a.recognition_year.map(|y| y.to_string()))
            .unwrap_or_default(),
        valid_until: a.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        province: province.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer() -> Sealer {
        Sealer {
            key: SigningKey::from_bytes(&[7; 32]),
        }
    }

    fn cert() -> Sealed {
        Sealed {
            number: "12/GCN-UBND".into(),
            stars: "4".into(),
            product: "Cà phê bột Đắk Đam".into(),
            producer: "HTX Đắk Đam".into(),
            issued_on: "2024-05-02".into(),
            valid_until: "2027-05-01".into(),
            province: "Lâm Đồng".into(),
        }
    }

    #[test]
    fn a_sealed_certificate_verifies_and_any_change_is_detected() {
        let s = sealer();
        let text = s.seal(&cert());
        assert_eq!(verify(&s.public_hex(), &text), Ok(cert()));
        let more_stars = text.replacen("|4|", "|5|", 1);
        assert_eq!(verify(&s.public_hex(), &more_stars), Err(SealError::Forged));
        let other_number = text.replacen("12/GCN", "13/GCN", 1);
        assert_eq!(
            verify(&s.public_hex(), &other_number),
            Err(SealError::Forged)
        );
        let other_key = Sealer {
            key: SigningKey::from_bytes(&[8; 32]),
        };
        assert_eq!(
            verify(&other_key.public_hex(), &text),
            Err(SealError::Forged)
        );
        assert_eq!(verify(&s.public_hex(), "OCOP1|x"), Err(SealError::Format));
        assert_eq!(verify("zz", &text), Err(SealError::Key));
    }

    #[test]
    fn tokens_are_stable_distinct_and_not_the_number() {
        let s = sealer();
        assert_eq!(s.token("12/GCN"), s.token("12/GCN"));
        assert_ne!(s.token("12/GCN"), s.token("13/GCN"));
        assert_eq!(s.token("12/GCN").len(), 24);
        assert!(!s.token("12/GCN").contains("12"));
    }
}
