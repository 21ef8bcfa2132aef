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
    /// The record moved on since it was read (another person took the step
    /// first): the write changed nothing; reload and try again.
    #[error("{0}")]
    Conflict(String),
    #[error("lỗi cơ sở dữ liệu (database error): {0}")]
    Sqlx(#[from] sqlx::Error),
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
}
