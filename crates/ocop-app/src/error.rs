//! Hạng lỗi — what kind of refusal or fault an error is. Each service keeps
//! its own error enum, its refusals as variants; each says here which kind
//! a variant is, and the web turns a kind into a status code in one place
//! (`ocop_web::WebError::service`). Nothing above recognises an error by
//! its wording.

use ocop_store::StoreError;

/// The kinds a status code is chosen by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Nothing of that name (404).
    NotFound,
    /// Outside the person's role or reach (403).
    Forbidden,
    /// A form or a step that does not fit (422); the message says why.
    Invalid,
    /// The record moved on since it was read (409).
    Conflict,
    /// Over a budget (429).
    TooMany,
    /// The database cannot serve now; worth trying again (503).
    Unavailable,
    /// A fault: logged with its causes, answered 500.
    Fault,
}

/// An error that knows its [`Kind`].
pub trait Classify: std::error::Error + Send + Sync + 'static {
    fn kind(&self) -> Kind;
}

impl Classify for StoreError {
    fn kind(&self) -> Kind {
        match self {
            Self::Conflict(_) => Kind::Conflict,
            Self::NotFound(_) => Kind::NotFound,
            Self::Unavailable(_) | Self::TimedOut(_) => Kind::Unavailable,
            _ => Kind::Fault,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_conflict_is_a_conflict_and_a_corrupt_row_a_fault() {
        assert_eq!(StoreError::Conflict("x".into()).kind(), Kind::Conflict);
        assert_eq!(StoreError::Invalid("x".into()).kind(), Kind::Fault);
        assert_eq!(
            StoreError::TimedOut(std::time::Duration::from_secs(1)).kind(),
            Kind::Unavailable
        );
    }
}
