//! The database URL: where the platform keeps its data, and which engine.

use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The database engine behind a [`DatabaseUrl`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The collation clause that makes text sort by code point on this engine
    /// (SQLite's default; PostgreSQL's database collation would order by
    /// language rules), so both engines list results in the same order.
    pub fn byte_order(self) -> &'static str {
        match self {
            Self::Sqlite => "",
            Self::Postgres => " COLLATE \"C\"",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        })
    }
}

/// A parsed database location: `sqlite://<path>` (or a bare file path) or
/// `postgres://user[:password]@host[:port]/database[?options]`.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    /// What sqlx is given.
    connect: String,
    sqlite_path: Option<PathBuf>,
    read_only: bool,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DatabaseUrlError {
    #[error(
        "địa chỉ cơ sở dữ liệu \"{0}\" không hợp lệ: dùng sqlite://<đường dẫn tệp> hoặc postgres://người_dùng@máy:cổng/tên_csdl (invalid database URL)"
    )]
    Malformed(String),
    #[error(
        "loại cơ sở dữ liệu \"{0}\" không được hỗ trợ: chỉ SQLite và PostgreSQL (unsupported database scheme)"
    )]
    UnsupportedScheme(String),
}

impl DatabaseUrl {
    pub fn parse(input: &str) -> Result<Self, DatabaseUrlError> {
        let s = input.trim();
        let malformed = || DatabaseUrlError::Malformed(redact(s));
        if s.is_empty() {
            return Err(malformed());
        }
        match s.split_once("://") {
            Some(("sqlite", rest)) => {
                let path = rest.split('?').next().unwrap_or_default();
                if path.is_empty() {
                    return Err(malformed());
                }
                Ok(Self::sqlite_file(Path::new(path)))
            }
            Some(("postgres" | "postgresql", _)) => {
                let parsed = url::Url::parse(s).map_err(|_| malformed())?;
                let db = parsed.path().trim_start_matches('/');
                if parsed.host_str().is_none_or(str::is_empty) || db.is_empty() || db.contains('/')
                {
                    return Err(malformed());
                }
                Ok(Self {
                    backend: Backend::Postgres,
                    connect: s.to_owned(),
                    sqlite_path: None,
                    read_only: false,
                })
            }
            Some((scheme, _)) => Err(DatabaseUrlError::UnsupportedScheme(scheme.to_owned())),
            None if s.contains(':') && !s.starts_with('/') && !s.starts_with('.') => {
                Err(malformed())
            }
            None => Ok(Self::sqlite_file(Path::new(s))),
        }
    }

    /// The SQLite file at `path`, created if missing.
    pub fn sqlite_file(path: &Path) -> Self {
        Self {
            backend: Backend::Sqlite,
            connect: format!("sqlite://{}?mode=rwc", path.display()),
            sqlite_path: Some(path.to_owned()),
            read_only: false,
        }
    }

    /// The SQLite file at `path`, opened read-only (never created).
    pub fn sqlite_file_read_only(path: &Path) -> Self {
        Self {
            backend: Backend::Sqlite,
            connect: format!("sqlite://{}?mode=ro", path.display()),
            sqlite_path: Some(path.to_owned()),
            read_only: true,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn sqlite_path(&self) -> Option<&Path> {
        self.sqlite_path.as_deref()
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub(crate) fn connect_string(&self) -> &str {
        &self.connect
    }
}

/// The URL with any password replaced by `***`, for logs and messages.
/// Works on the text, so even a URL that does not parse is never shown with
/// its password.
fn redact(s: &str) -> String {
    let Some((scheme, rest)) = s.split_once("://") else {
        return s.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => s.to_owned(),
        },
        None => s.to_owned(),
    }
}

/// Displays without secrets, so configuration can be printed at start-up.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sqlite_path {
            Some(p) => write!(f, "sqlite://{}", p.display()),
            None => f.write_str(&redact(&self.connect)),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_backends() {
        let s = DatabaseUrl::parse("sqlite:///var/lib/ocop/ocop.db").map(|u| u.backend());
        assert_eq!(s, Ok(Backend::Sqlite));
        let p = DatabaseUrl::parse("postgres://postgres@127.0.0.1:5432/test").map(|u| u.backend());
        assert_eq!(p, Ok(Backend::Postgres));
        assert_eq!(
            DatabaseUrl::parse("./data/ocop.db").map(|u| u.backend()),
            Ok(Backend::Sqlite)
        );
    }

    #[test]
    fn rejects_malformed_and_unknown() {
        assert!(matches!(
            DatabaseUrl::parse("postgres://"),
            Err(DatabaseUrlError::Malformed(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgres://host"),
            Err(DatabaseUrlError::Malformed(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("sqlite://"),
            Err(DatabaseUrlError::Malformed(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("mysql://x@y/z"),
            Err(DatabaseUrlError::UnsupportedScheme(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgres:/oops"),
            Err(DatabaseUrlError::Malformed(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse(""),
            Err(DatabaseUrlError::Malformed(_))
        ));
    }

    #[test]
    fn never_shows_the_password() {
        let u = DatabaseUrl::parse("postgres://ocop:s3cret@db.example:5432/ocop");
        let shown = u.map(|u| format!("{u} {u:?}")).unwrap_or_default();
        assert!(
            !shown.contains("s3cret") && shown.contains("***"),
            "{shown}"
        );
        let e = DatabaseUrl::parse("postgres://ocop:s3cret@/").map_err(|e| e.to_string());
        assert!(e.is_err_and(|m| !m.contains("s3cret")));
    }
}
