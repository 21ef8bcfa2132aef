//! Ngày lưu — dates as the store keeps them (`YYYY-MM-DD` text on both
//! engines), read once here into dates: one that does not read is an error
//! (`StoreError::Invalid`), never dropped.

use crate::{Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

pub(crate) fn date(s: String) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .map_err(|_| StoreError::Invalid(format!("ngày lưu không đọc được: {s}")))
}

/// [`date`] of a column that may be empty.
pub(crate) fn maybe(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.map(date).transpose()
}

/// A moment as the store keeps it (RFC 3339 in UTC, written by the
/// platform's clock), read once: one that does not read is an error.
pub(crate) fn stamp(s: String) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Invalid(format!("thời điểm lưu không đọc được: {s}")))
}

/// [`stamp`] of a column that may be empty.
pub(crate) fn maybe_stamp(s: Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.map(stamp).transpose()
}
