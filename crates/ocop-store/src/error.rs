use thiserror::Error;

/// What can go wrong in storage. Messages are Vietnamese first: they reach
/// operators on the command line and officials on error pages.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("không kết nối được cơ sở dữ liệu (cannot open the database): {0}")]
    Connect(#[source] sqlx::Error),
    #[error("tệp cơ sở dữ liệu bị hỏng (database file is corrupt): {0}")]
    Corrupt(String),
    #[error(
        "cơ sở dữ liệu có phiên bản lược đồ {found}, mới hơn phiên bản {supported} mà chương trình này hiểu (database schema is newer than this program)"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    #[error(
        "cơ sở dữ liệu đã có {0} bảng của chương trình khác, không phải cơ sở dữ liệu của ocop — dùng một cơ sở dữ liệu trống (the database belongs to another program)"
    )]
    Foreign(i64),
    #[error("không hỗ trợ: {0}")]
    Unsupported(&'static str),
    #[error("dữ liệu không hợp lệ trong cơ sở dữ liệu: {0}")]
    Invalid(String),
    /// A write named a record that is not there (or not in the province
    /// asked): nothing was changed. The text says what was looked for.
    #[error("không có {0}")]
    NotFound(String),
    /// The record moved on since it was read (another person took the step
    /// first): the write changed nothing; reload and try again.
    #[error("{0}")]
    Conflict(String),
    /// The database cannot be reached or cannot write now (down, out of
    /// connections, disk full, timed out): worth trying again shortly.
    #[error("cơ sở dữ liệu tạm thời không phục vụ được (database unavailable): {0}")]
    Unavailable(#[source] sqlx::Error),
    /// The database did not answer within the caller's time limit.
    #[error("cơ sở dữ liệu không trả lời trong {0:?} (database did not answer in time)")]
    TimedOut(std::time::Duration),
    #[error("lỗi cơ sở dữ liệu (database error): {0}")]
    Sqlx(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if is_transient(&e) {
            Self::Unavailable(e)
        } else {
            Self::Sqlx(e)
        }
    }
}

/// Faults of the database's availability rather than of the request: no
/// connection, a pool that waited too long, a server shutting down or out of
/// resources, a statement cancelled by its time-out, a SQLite file that is
/// busy, full or failing to write.
fn is_transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            let code = code.as_ref();
            // PostgreSQL SQLSTATE classes: 08 connection, 53 resources,
            // 57 operator intervention (shutdown, cancelled by time-out).
            code.starts_with("08")
                || code.starts_with("53")
                || code.starts_with("57")
                // SQLite primary codes (extended codes keep them in the
                // low byte): BUSY 5, LOCKED 6, IOERR 10, FULL 13, CANTOPEN 14.
                || code
                    .parse::<i64>()
                    .is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 10 | 13 | 14))
        }
        _ => false,
    }
}

impl StoreError {
    pub(crate) fn connect(e: sqlx::Error) -> Self {
        let text = e.to_string();
        if text.contains("not a database") || text.contains("malformed") {
            Self::Corrupt(text)
        } else {
            Self::Connect(e)
        }
    }

    /// True for a unique-constraint violation on either backend.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            Self::Sqlx(sqlx::Error::Database(db)) => db.is_unique_violation(),
            _ => false,
        }
    }

    /// True when trying again shortly may succeed (see [`StoreError::Unavailable`]).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_) | Self::TimedOut(_))
    }
}
