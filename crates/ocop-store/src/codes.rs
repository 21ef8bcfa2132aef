//! Mã lưu — codes as the store keeps them (states, kinds, statuses, roles),
//! read once here into the domain's values: a code the domain does not know
//! is an error (`StoreError::Invalid`, saying what it was), never a string
//! passed upward.

use crate::{Result, StoreError};

/// `code` read by `parse`; `what` names it in the error ("loại tài liệu").
pub(crate) fn coded<T>(
    code: String,
    what: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T> {
    parse(&code).ok_or_else(|| StoreError::Invalid(format!("{what} lạ: {code}")))
}
