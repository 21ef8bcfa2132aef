//! Sao lưu / khôi phục — an online backup of the SQLite database and its
//! restore. A backup is a consistent snapshot taken while the server serves
//! (`VACUUM INTO`); a restore checks the backup first, keeps the current
//! database beside it, and refuses while a server holds the data folder.

use crate::datadir::{DataDirError, DataDirLock};
use ocop_store::{DatabaseUrl, Store, StoreError};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum BackupError {
    #[error("tệp {0} đã tồn tại; chọn tên khác, không ghi đè (target exists)")]
    TargetExists(PathBuf),
    #[error("không tìm thấy tệp sao lưu {0} (backup file not found)")]
    Missing(PathBuf),
    #[error("tệp {path} không phải bản sao lưu hợp lệ của ocop: {reason}")]
    NotABackup { path: PathBuf, reason: String },
    #[error(transparent)]
    DataDir(#[from] DataDirError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("lỗi tệp {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes a consistent copy of the live database to `target` (a new file).
pub async fn backup(store: &Store, target: &Path) -> Result<(), BackupError> {
    if target.exists() {
        return Err(BackupError::TargetExists(target.to_owned()));
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    store.backup_sqlite_to(target).await?;
    verify(target).await
}

/// Checks that `path` is a sound ocop database this program can open.
pub async fn verify(path: &Path) -> Result<(), BackupError> {
    if !path.is_file() {
        return Err(BackupError::Missing(path.to_owned()));
    }
    let not_backup = |reason: String| BackupError::NotABackup {
        path: path.to_owned(),
        reason,
    };
    let store = Store::connect(&DatabaseUrl::sqlite_file_read_only(path))
        .await
        .map_err(|e| not_backup(e.to_string()))?;
    let checked = async {
        store.integrity_check().await?;
        store.schema_version().await
    }
    .await;
    store.close().await;
    match checked {
        Ok(v) if v >= 1 && v <= ocop_store::migrations::latest_version() => Ok(()),
        Ok(v) => Err(not_backup(format!("phiên bản lược đồ {v} không dùng được"))),
        Err(e) => Err(not_backup(e.to_string())),
    }
}

/// Replaces the database at `db` with `from`. The current database is kept as
/// `<db>.before-restore-<stamp>`; the server must be stopped.
pub async fn restore(
    from: &Path,
    db: &Path,
    data_dir: &Path,
    stamp: &str,
) -> Result<PathBuf, BackupError> {
    verify(from).await?;
    let _lock = DataDirLock::acquire(data_dir)?;
    let kept = PathBuf::from(format!(
        "{}.before-restore-{}",
        db.display(),
        stamp.replace(':', "")
    ));
    if db.exists() {
        // A snapshot, not a rename: it folds in any WAL a crash left behind.
        let current = Store::connect(&DatabaseUrl::sqlite_file(db)).await?;
        let copied = current.backup_sqlite_to(&kept).await;
        current.close().await;
        copied?;
    }
    let tmp = db.with_extension("restoring");
    std::fs::copy(from, &tmp).map_err(io(&tmp))?;
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(io(&tmp))?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            std::fs::remove_file(&side).map_err(io(&side))?;
        }
    }
    std::fs::rename(&tmp, db).map_err(io(db))?;
    Ok(kept)
}
