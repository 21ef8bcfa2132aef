//! Tài khoản — creating accounts and checking passwords (Argon2id).

use crate::{Clock, Entropy};
use argon2::{Argon2, PasswordHasher as _, PasswordVerifier as _};
use ocop_store::users::NewUser;
use ocop_store::{Store, StoreError};
use thiserror::Error;

/// The roles of the platform. Scopes (commune, product groups, rounds) come
/// with the back-office.
pub const ROLES: &[(&str, &str)] = &[
    ("admin", "Quản trị hệ thống"),
    ("office", "Văn phòng OCOP tỉnh"),
    ("department", "Cán bộ sở, ngành"),
    ("commune", "Cán bộ xã"),
    ("council", "Thành viên hội đồng"),
    ("advisory", "Tổ tư vấn"),
    ("producer", "Chủ thể"),
];

#[derive(Debug, Error)]
pub enum AccountError {
    #[error(
        "tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới (3–64 ký tự)"
    )]
    Username,
    #[error(
        "vai trò \"{0}\" không tồn tại; các vai trò: admin, office, department, commune, council, advisory, producer"
    )]
    Role(String),
    #[error("{0}")]
    WeakPassword(PasswordWeakness),
    #[error("tên đăng nhập \"{0}\" đã có")]
    Taken(String),
    #[error("không tạo được số ngẫu nhiên: {0}")]
    Entropy(getrandom::Error),
    #[error("lỗi băm mật khẩu: {0}")]
    Hash(String),
    #[error("chức danh dài quá {MAX_POSITION} ký tự hoặc có ký tự điều khiển")]
    Position,
    #[error("không có tài khoản \"{0}\"")]
    UnknownUser(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Longest position a document's name line can carry.
pub const MAX_POSITION: usize = 120;

/// Records (or, when blank, clears) the position printed under an account's
/// name in the council minutes and the member lists.
pub async fn set_position(
    store: &Store,
    clock: &dyn Clock,
    actor: &str,
    username: &str,
    position: &str,
) -> Result<(), AccountError> {
    let position = position.split_whitespace().collect::<Vec<_>>().join(" ");
    if position.chars().count() > MAX_POSITION || position.chars().any(char::is_control) {
        return Err(AccountError::Position);
    }
    let position = (!position.is_empty()).then_some(position);
    if store
        .set_user_position(username, position.as_deref(), actor, &clock.stamp())
        .await?
    {
        Ok(())
    } else {
        Err(AccountError::UnknownUser(username.to_owned()))
    }
}

/// What a new account needs.
#[derive(Debug, Clone)]
pub struct AccountRequest {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub province_code: String,
}

/// Creates an account with `password`, or with a generated one when `None`.
/// Returns the password that was set, so a generated one can be shown once.
pub async fn create_account(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    req: &AccountRequest,
    password: Option<String>,
    actor: &str,
) -> Result<String, AccountError> {
    let username = req.username.trim().to_owned();
    let valid = (3..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !valid {
        return Err(AccountError::Username);
    }
    if !ROLES.iter().any(|(r, _)| *r == req.role) {
        return Err(AccountError::Role(req.role.clone()));
    }
    let password = match password {
        Some(p) => {
            check_new_password(&p, &[&username, &req.display_name])
                .map_err(AccountError::WeakPassword)?;
            p
        }
        None => generate_password(entropy)?,
    };
    let hash = hash_password(entropy, &password)?;
    let user = NewUser {
        province_code: req.province_code.clone(),
        username: username.clone(),
        display_name: req.display_name.clone(),
        role: req.role.clone(),
        password_hash: hash,
    };
    match store.create_user(&user, actor, &clock.stamp()).await {
        Ok(_) => Ok(password),
        Err(e) if e.is_unique_violation() => Err(AccountError::Taken(username)),
        Err(e) => Err(e.into()),
    }
}

/// On a database without accounts, creates the administrator `admin` with a
/// generated password and returns it (to be printed once); otherwise `None`.
pub async fn ensure_first_admin(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    province_code: &str,
) -> Result<Option<String>, AccountError> {
    if store.count_users().await? > 0 {
        return Ok(None);
    }
    let req = AccountRequest {
        username: "admin".into(),
        display_name: "Quản trị hệ thống".into(),
        role: "admin".into(),
        province_code: province_code.into(),
    };
    match create_account(store, clock, entropy, &req, None, "system").await {
        Ok(p) => Ok(Some(p)),
        // Another instance created it first.
        Err(AccountError::Taken(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Why a new password is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordWeakness {
    #[error("Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự.")]
    TooShort,
    #[error(
        "Mật khẩu này quá dễ đoán (dãy số, mẫu bàn phím, từ thông dụng hoặc tên tài khoản); hãy dùng một câu dài hoặc vài từ không liên quan."
    )]
    Guessable,
}

impl ocop_domain::form::English for PasswordWeakness {
    fn english(&self) -> String {
        match self {
            Self::TooShort => format!("A password has at least {MIN_PASSWORD_CHARS} characters."),
            Self::Guessable => "This password is too easy to guess (a sequence, a keyboard pattern, a common word or the username); use a long sentence or a few unrelated words.".to_owned(),
        }
    }
}

pub const MIN_PASSWORD_CHARS: usize = 12;

/// The shipped list of words Vietnamese passwords are commonly made of.
const COMMON_VI: &str = include_str!("../data/common-passwords-vi.txt");

/// Refuses passwords an attacker tries first: shorter than 12 characters, or
/// scored below 3 of 4 by zxcvbn (its lists of common and breached passwords,
/// sequences, keyboard walks, dates, repeats), with the shipped Vietnamese
/// words and the account's own names as further dictionary entries.
pub fn check_new_password(password: &str, own: &[&str]) -> Result<(), PasswordWeakness> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordWeakness::TooShort);
    }
    let mut words: Vec<&str> = COMMON_VI
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    words.extend(own.iter().copied().filter(|w| !w.trim().is_empty()));
    if (zxcvbn::zxcvbn(password, &words).score() as u8) < 3 {
        return Err(PasswordWeakness::Guessable);
    }
    Ok(())
}

/// A hash of no one's password, checked when the account does not exist so
/// that an unknown name costs the same time as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        Argon2::default()
            .hash_password_with_salt(b"decoy password never issued", b"ocop-decoy-salt1")
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Argon2id with a random 16-byte salt, as a PHC string.
pub fn hash_password(entropy: &dyn Entropy, password: &str) -> Result<String, AccountError> {
    let mut salt = [0u8; 16];
    entropy.fill(&mut salt).map_err(AccountError::Entropy)?;
    Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), phc)
        .is_ok()
}

/// 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
pub fn generate_password(entropy: &dyn Entropy) -> Result<String, AccountError> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    entropy.fill(&mut bytes).map_err(AccountError::Entropy)?;
    // 256 is not a multiple of 56; the small bias is irrelevant at 20 chars.
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let h1 = hash_password(&crate::OsEntropy, "mật khẩu đủ dài 123");
        let h2 = hash_password(&crate::OsEntropy, "mật khẩu đủ dài 123");
        let (h1, h2) = (h1.unwrap_or_default(), h2.unwrap_or_default());
        assert!(h1.starts_with("$argon2id$"));
        assert_ne!(h1, h2);
        assert!(verify_password("mật khẩu đủ dài 123", &h1));
        assert!(!verify_password("mật khẩu sai", &h1));
    }

    #[test]
    fn generated_passwords_are_long_and_distinct() {
        let a = generate_password(&crate::OsEntropy).unwrap_or_default();
        let b = generate_password(&crate::OsEntropy).unwrap_or_default();
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
    }
}
