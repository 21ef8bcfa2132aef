//! Ngày lưu — dates as the store keeps them (`YYYY-MM-DD` text on both
//! engines), read once here into dates: one that does not read is an error
//! (`StoreError::Invalid`), never dropped.

use crate::{Result, StoreError};
use chrono::NaiveDate;

pub(crate) fn date(s: String) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .map_err(|_| StoreError::Invalid(format!("ngày lưu không đọc được: {s}")))
}

/// [`date`] of a column that may be empty.
pub(crate) fn maybe(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.map(date).transpose()
}
