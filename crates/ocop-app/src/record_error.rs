//! Lỗi ghi hồ sơ — the refusals of the services that keep records through
//! forms: a producer's own records (document vault, photos, points of sale
//! and contact, traceability registers and batches), the office's monitoring
//! visits, portal content, certificate standing and map boundaries. (The
//! OCOP cycle's steps, misuse reports and imports have their own errors.)

use crate::error::{Classify, Kind};
use crate::scope::ReachError;
use ocop_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum RecordError {
    /// One form field refused, said next to it.
    #[error("{message}")]
    Field {
        field: &'static str,
        message: String,
    },
    /// Nothing of that kind under this producer (the word names the kind).
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// The person's role may not do this.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The whole request does not fit (the message says why).
    #[error("{0}")]
    Invalid(String),
    /// No random code could be made (the system's random source failed).
    #[error("không tạo được mã ngẫu nhiên: {0}")]
    Entropy(#[source] getrandom::Error),
    /// Codes kept colliding with existing ones; worth trying again.
    #[error("Không tạo được mã lô, hãy thử lại.")]
    NoFreeCode,
    #[error(transparent)]
    Reach(#[from] ReachError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RecordError {
    /// `Ok` when a write found its row (it belonged to the producer), else
    /// not found, naming what was looked for.
    pub(crate) fn found(found: bool, what: &'static str) -> Result<(), Self> {
        if found {
            Ok(())
        } else {
            Err(Self::NotFound(what))
        }
    }

    pub(crate) fn field(field: &'static str, message: impl Into<String>) -> Self {
        Self::Field {
            field,
            message: message.into(),
        }
    }
}

impl Classify for RecordError {
    fn kind(&self) -> Kind {
        match self {
            Self::Field { .. } | Self::Invalid(_) => Kind::Invalid,
            Self::NotFound(_) => Kind::NotFound,
            Self::Forbidden(_) => Kind::Forbidden,
            Self::NoFreeCode => Kind::Unavailable,
            Self::Entropy(_) => Kind::Fault,
            Self::Reach(e) => e.kind(),
            Self::Store(e) => e.kind(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_has_the_kind_its_status_code_follows() {
        let cases = [
            (RecordError::field("lot", "x"), Kind::Invalid),
            (RecordError::Invalid("x".into()), Kind::Invalid),
            (RecordError::NotFound("lô"), Kind::NotFound),
            (RecordError::Forbidden("x"), Kind::Forbidden),
            (RecordError::NoFreeCode, Kind::Unavailable),
            (ReachError::ProducerOutOfReach.into(), Kind::Forbidden),
            (ReachError::NoProducer.into(), Kind::NotFound),
            (StoreError::Conflict("x".into()).into(), Kind::Conflict),
            (StoreError::Invalid("x".into()).into(), Kind::Fault),
        ];
        for (e, kind) in cases {
            assert_eq!(e.kind(), kind, "{e:?}");
        }
    }
}
