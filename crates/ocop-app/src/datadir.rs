//! The data folder: where the SQLite database (and later uploads) live.
//!
//! Before anything is written the folder is checked, so a read-only or full
//! disk gives one clear message instead of a failure half-way through. A
//! running server holds an exclusive lock on `ocop.lock`, which `restore`
//! checks so it never swaps a database out from under a live server.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum DataDirError {
    #[error(
        "không tạo được thư mục dữ liệu {path}: {source} — kiểm tra quyền ghi hoặc đặt OCOP_DATA_DIR (cannot create the data folder)"
    )]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "thư mục dữ liệu {path} chỉ đọc — cấp quyền ghi hoặc đặt OCOP_DATA_DIR sang thư mục khác (the data folder is read-only)"
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "ổ đĩa chứa thư mục dữ liệu {path} đã đầy — giải phóng dung lượng rồi chạy lại (the disk is full)"
    )]
    Full { path: PathBuf },
    #[error("không ghi được vào thư mục dữ liệu {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "một máy chủ ocop khác đang dùng thư mục dữ liệu {path} — dừng nó trước (another ocop server is using this data folder)"
    )]
    Locked { path: PathBuf },
}

fn classify(path: &Path, e: std::io::Error) -> DataDirError {
    let path = path.to_owned();
    match e.raw_os_error() {
        Some(28) => DataDirError::Full { path }, // ENOSPC
        Some(30) | Some(13) => DataDirError::ReadOnly { path }, // EROFS, EACCES
        _ if e.kind() == std::io::ErrorKind::PermissionDenied => DataDirError::ReadOnly { path },
        _ => DataDirError::Io { path, source: e },
    }
}

/// Creates the folder if needed and proves it can be written to.
pub fn ensure_writable(dir: &Path) -> Result<(), DataDirError> {
    std::fs::create_dir_all(dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            DataDirError::ReadOnly {
                path: dir.to_owned(),
            }
        }
        _ => DataDirError::Create {
            path: dir.to_owned(),
            source,
        },
    })?;
    let probe = dir.join(".ocop-write-probe");
    let result = File::create(&probe)
        .and_then(|mut f| f.write_all(&[0u8; 4096]).and_then(|()| f.sync_all()))
        .map_err(|e| classify(dir, e));
    let _ = std::fs::remove_file(&probe);
    result
}

/// The exclusive lock a running server holds on its data folder.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

impl DataDirLock {
    pub fn acquire(dir: &Path) -> Result<Self, DataDirError> {
        let path = dir.join("ocop.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| classify(dir, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(DataDirError::Locked {
                path: dir.to_owned(),
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(classify(dir, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().map(|d| d.keep()).unwrap_or_default();
        let first = DataDirLock::acquire(&dir);
        assert!(first.is_ok());
        assert!(matches!(
            DataDirLock::acquire(&dir),
            Err(DataDirError::Locked { .. })
        ));
        drop(first);
        assert!(DataDirLock::acquire(&dir).is_ok());
    }

    #[test]
    fn writable_folder_is_created() {
        let dir = tempfile::tempdir()
            .map(|d| d.keep())
            .unwrap_or_default()
            .join("a/b");
        assert!(ensure_writable(&dir).is_ok());
        assert!(dir.is_dir());
    }
}
