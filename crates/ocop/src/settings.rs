//! Typed settings from flags and environment, printable without secrets.

use crate::cli::GlobalArgs;
use anyhow::Context as _;
use ocop_app::Province;
use ocop_store::{Backend, DatabaseUrl};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Settings {
    pub database: DatabaseUrl,
    pub data_dir: PathBuf,
    pub province: Province,
}

impl Settings {
    pub fn from_args(args: &GlobalArgs) -> anyhow::Result<Self> {
        let database = match args
            .database_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
        {
            Some(url) => DatabaseUrl::parse(url).context("OCOP_DATABASE_URL / --database-url")?,
            None => DatabaseUrl::sqlite_file(&args.data_dir.join("ocop.db")),
        };
        let code = args.province.trim();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
            anyhow::bail!(
                "mã tỉnh \"{code}\" không hợp lệ: OCOP_PROVINCE phải là mã tỉnh 2 chữ số theo danh mục 2025, ví dụ 68"
            );
        }
        Ok(Self {
            database,
            data_dir: args.data_dir.clone(),
            province: Province {
                code: code.to_owned(),
            },
        })
    }

    pub fn uses_sqlite(&self) -> bool {
        self.database.backend() == Backend::Sqlite
    }

    /// The SQLite database file, when that is the backend.
    pub fn sqlite_path(&self) -> anyhow::Result<PathBuf> {
        self.database
            .sqlite_path()
            .map(ToOwned::to_owned)
            .context("lệnh này chỉ dùng cho SQLite; với PostgreSQL hãy dùng pg_dump / pg_restore")
    }
}

impl std::fmt::Display for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cơ sở dữ liệu: {} · thư mục dữ liệu: {} · tỉnh: {}",
            self.database,
            self.data_dir.display(),
            self.province.code
        )
    }
}
