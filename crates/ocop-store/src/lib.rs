//! Storage for the OCOP platform: one code base over an embedded SQLite file
//! (the default) and PostgreSQL, chosen by the database URL at run time.
//!
//! Every query goes through sqlx's `Any` driver with `$1`-style placeholders,
//! which both engines accept. Dates and times are stored as ISO-8601 text
//! (`2025-06-19`, `2026-11-29T13:15:09Z`): they sort correctly, read the same
//! on both engines and need no per-driver type mapping. Repository modules are
//! named after what the application asks of them.

pub mod admin_units;
pub mod advisory;
pub mod agencies;
pub mod areas;
pub mod audit;
pub mod boundaries;
mod bulk;
pub mod catalog;
pub mod certificates;
mod codes;
pub mod content;
pub mod criteria;
pub mod cycle;
pub mod datasets;
mod dates;
pub mod decisions;
mod error;
pub mod import;
pub mod import_jobs;
pub mod keys;
pub mod map;
pub mod market;
pub mod migrations;
pub mod misuse;
pub mod monitoring;
pub mod national;
pub mod notifications;
pub mod people;
pub mod photos;
pub mod procedures;
pub mod producer_record;
pub mod reform_places;
pub mod registrations;
pub mod registry;
pub mod scans;
pub mod search;
pub mod sessions;
pub mod snapshot;
pub mod stats;
mod succession;
pub mod throttle;
pub mod trace;
mod url;
pub mod users;
pub mod vault;

pub use bulk::Value;
pub use error::StoreError;
pub use url::{Backend, DatabaseUrl, DatabaseUrlError};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection as _, Executor as _};
use std::str::FromStr;
use std::time::Duration;

/// Per-connection settings.
async fn prepare(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    read_only: bool,
) -> Result<(), sqlx::Error> {
    if backend == Backend::Sqlite {
        // WAL lets readers go on while one writer commits; the busy timeout
        // makes a second writer wait, not fail. A read-only connection (a
        // backup being checked) must not change the file's journal mode.
        if !read_only {
            conn.execute("PRAGMA journal_mode = WAL").await?;
            conn.execute("PRAGMA synchronous = NORMAL").await?;
        }
        conn.execute("PRAGMA busy_timeout = 10000").await?;
        conn.execute("PRAGMA foreign_keys = ON").await?;
    } else {
        // Short indexed queries only: compiling one with the JIT costs more
        // than running it, and a plan misjudged before statistics exist
        // would pay that on every scan.
        conn.execute("SET jit = off").await?;
        // A statement that runs away (or waits on a lock) is cancelled by
        // the server: the request fails in bounded time and frees its
        // connection. Lock waits give up sooner.
        conn.execute("SET statement_timeout = '60s'").await?;
        conn.execute("SET lock_timeout = '20s'").await?;
    }
    Ok(())
}

/// Reads the schema, which fails on a file that is not a database.
async fn check_readable(conn: &mut sqlx::AnyConnection, backend: Backend) -> Result<()> {
    let sql = match backend {
        Backend::Sqlite => "SELECT count(*) FROM sqlite_master",
        Backend::Postgres => "SELECT 1",
    };
    sqlx::query(sql)
        .execute(&mut *conn)
        .await
        .map_err(StoreError::connect)?;
    Ok(())
}

/// Result of a storage call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A pool of connections to the platform's database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The SQLite file, for the free space on its disk.
    sqlite_path: Option<std::sync::Arc<std::path::Path>>,
}

impl Store {
    /// A transaction that will write: on SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`, waiting out the busy timeout), so a read at
    /// its start cannot be refused an upgrade when another connection wrote
    /// in between ("database is locked" at once, not after the timeout).
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend() {
            Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool().begin().await?,
        })
    }
}

/// Held while one instance migrates and loads data: on PostgreSQL a
/// session-level advisory lock on a connection of its own, so instances that
/// start together on one empty database take turns (the second finds the
/// work done). Release it with [`StartupLock::release`]; dropped without, its
/// connection is closed, which frees the lock too.
pub struct StartupLock {
    conn: Option<sqlx::pool::PoolConnection<sqlx::Any>>,
}

impl StartupLock {
    pub async fn release(mut self) -> Result<()> {
        if let Some(mut conn) = self.conn.take() {
            sqlx::query("SELECT pg_advisory_unlock(727000)")
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

impl Drop for StartupLock {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            drop(conn.detach());
        }
    }
}

impl Store {
    /// Waits for the start-up lock (PostgreSQL; SQLite's data directory is
    /// locked by the one process that may serve it).
    pub async fn startup_lock(&self) -> Result<StartupLock> {
        if self.backend != Backend::Postgres {
            return Ok(StartupLock { conn: None });
        }
        let mut conn = self.pool.acquire().await?;
        sqlx::query("SELECT pg_advisory_lock(727000)")
            .execute(&mut *conn)
            .await?;
        Ok(StartupLock { conn: Some(conn) })
    }
}

impl Store {
    /// Connects and checks that the database is usable (for SQLite: that the
    /// file is a database, by reading its schema). Creates the SQLite file when
    /// it does not exist; never overwrites one.
    pub async fn connect(url: &DatabaseUrl) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = url.backend();
        let read_only = url.is_read_only();
        let options =
            AnyConnectOptions::from_str(url.connect_string()).map_err(StoreError::connect)?;
        // One plain connection first: a wrong URL, a server that is down or a
        // corrupt file fails here at once, instead of the pool retrying (and
        // logging) until its timeout.
        let mut first = sqlx::AnyConnection::connect_with(&options)
            .await
            .map_err(StoreError::connect)?;
        prepare(&mut first, backend, read_only)
            .await
            .map_err(StoreError::connect)?;
        check_readable(&mut first, backend).await?;
        let _ = first.close().await;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                // One writer at a time anyway; a few readers share the WAL.
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| Box::pin(prepare(conn, backend, read_only)))
            // A connection that comes back still inside a transaction is
            // closed, not reused: when a COMMIT fails on a full disk, SQLite
            // may already have rolled back, the driver's own ROLLBACK then
            // fails, and the connection would hold the write lock (every
            // write "database is locked") until a restart. Closing it ends
            // that transaction; the pool opens a fresh one.
            .after_release(|conn, _meta| {
                Box::pin(async move { Ok(!sqlx::Connection::is_in_transaction(conn)) })
            })
            .connect_lazy_with(options);
        Ok(Self {
            pool,
            backend,
            sqlite_path: url.sqlite_path().map(std::sync::Arc::from),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Bytes free for this program on the disk that holds the SQLite file
    /// (`None` for PostgreSQL, whose server watches its own disk).
    pub fn free_space(&self) -> Option<u64> {
        let path = self.sqlite_path.as_deref()?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let s = rustix::fs::statvfs(dir).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether a worker's round has anything to claim (`condition` reads
    /// `now` as `$1`). Asked before the claiming UPDATE because on SQLite an
    /// UPDATE takes the file's one write lock even when it matches nothing:
    /// an idle round would wait behind (and then delay) every long write.
    pub(crate) async fn anything_due(
        &self,
        table: &'static str,
        condition: &'static str,
        now: &str,
    ) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM {table} WHERE {condition} LIMIT 1"
        )))
        .bind(now.to_owned())
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    /// Copies a SQLite database, while it is in use, into a new file
    /// (`VACUUM INTO` takes a consistent snapshot). The target must not exist.
    pub async fn backup_sqlite_to(&self, target: &std::path::Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Unsupported(
                "sao lưu trực tuyến chỉ dành cho SQLite; với PostgreSQL hãy dùng pg_dump",
            ));
        }
        let path = target
            .to_str()
            .ok_or(StoreError::Unsupported("đường dẫn sao lưu phải là UTF-8"))?;
        let mut conn = self.pool.acquire().await?;
        sqlx::query("VACUUM INTO $1")
            .bind(path.to_owned())
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// Runs SQLite's integrity check; `Ok(())` when the file is sound.
    pub async fn integrity_check(&self) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        let row: (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&mut *conn)
            .await?;
        if row.0 == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt(row.0))
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
