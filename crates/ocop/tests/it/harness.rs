//! Test databases and a running app, on the backend the environment selects.

use ocop_app::{FixedClock, Province};
use ocop_store::{DatabaseUrl, Store};
use sqlx::Connection as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

pub const ENV: &str = "OCOP_TEST_DATABASE_URL";

/// The platform's "today" in tests: 29 Nov 2026, 13:00 in Vietnam.
/// A date written as `YYYY-MM-DD`.
pub fn day(iso: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap()
}

pub fn clock() -> FixedClock {
    use chrono::TimeZone as _;
    FixedClock(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 29, 6, 0, 0)
            .single()
            .unwrap_or_default(),
    )
}

/// The PostgreSQL server under test, if the environment asks for one.
pub fn postgres_base() -> Option<String> {
    match std::env::var(ENV) {
        Ok(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => Some(u),
        Ok(u) if u.trim().is_empty() => None,
        Ok(u) => panic!("{ENV} must be a postgres:// URL, got {u:?}"),
        Err(_) => None,
    }
}

pub fn is_postgres() -> bool {
    postgres_base().is_some()
}

fn with_database(base: &str, db: &str) -> String {
    let mut u = url::Url::parse(base).unwrap_or_else(|e| panic!("{ENV} is not a URL: {e}"));
    u.set_path(&format!("/{db}"));
    u.to_string()
}

async fn pg_admin(base: &str, sql: String) {
    let mut conn = sqlx::PgConnection::connect(base).await.unwrap_or_else(|e| {
        panic!("PostgreSQL at {ENV} cannot be reached (tests fail rather than skip): {e}")
    });
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone()))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// Runs a future on a private runtime in its own thread (for set-up and
/// teardown that must not depend on a test's runtime).
fn block_on_thread<T: Send + 'static>(
    f: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"))
            .block_on(f)
    })
    .join()
    .unwrap_or_else(|_| panic!("set-up thread panicked"))
}

/// A migrated and fully loaded database, made once per test process and
/// copied for each test that wants one.
enum Template {
    Sqlite(PathBuf),
    Postgres(String),
}

fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(|| {
        block_on_thread(async {
            if let Some(base) = postgres_base() {
                drop_stale_databases(&base).await;
            }
            let db = TestDb::create_empty().await;
            let store = db.store().await;
            store
                .migrate(&ocop_app::Clock::stamp(&clock()))
                .await
                .unwrap_or_else(|e| panic!("migrate: {e}"));
            ocop_app::seed::load_missing(&store, &clock(), &Province::default())
                .await
                .unwrap_or_else(|e| panic!("seed: {e}"));
            store.close().await;
            let t = match &db.pg_name {
                Some(name) => Template::Postgres(name.clone()),
                None => Template::Sqlite(db.sqlite_file()),
            };
            // The template outlives this TestDb: keep its files and database.
            std::mem::forget(db);
            t
        })
    })
}

/// Drops the test databases that earlier runs of this suite left behind
/// (their templates, and any test that was killed before its teardown).
async fn drop_stale_databases(base: &str) {
    let mut conn = sqlx::PgConnection::connect(base).await.unwrap_or_else(|e| {
        panic!("PostgreSQL at {ENV} cannot be reached (tests fail rather than skip): {e}")
    });
    let ours = format!("ocop\\_t\\_{}\\_%", std::process::id());
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'ocop\\_t\\_%' AND datname NOT LIKE $1",
    )
    .bind(ours)
    .fetch_all(&mut conn)
    .await
    .unwrap_or_else(|e| panic!("list test databases: {e}"));
    let _ = conn.close().await;
    for name in stale {
        pg_admin(base, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
    }
}

/// One test's own database.
pub struct TestDb {
    /// Give this to `ocop` as OCOP_DATABASE_URL.
    pub url: String,
    pub data_dir: tempfile::TempDir,
    pg_name: Option<String>,
}

impl TestDb {
    /// A database with nothing in it (not even migrations).
    pub async fn create_empty() -> Self {
        let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        match postgres_base() {
            Some(base) => {
                let name = unique("ocop_t");
                pg_admin(&base, format!("CREATE DATABASE {name}")).await;
                Self {
                    url: with_database(&base, &name),
                    data_dir,
                    pg_name: Some(name),
                }
            }
            None => {
                let file = data_dir.path().join("ocop.db");
                Self {
                    url: format!("sqlite://{}", file.display()),
                    data_dir,
                    pg_name: None,
                }
            }
        }
    }

    /// A copy of the migrated, fully loaded template.
    pub async fn seeded() -> Self {
        let t = template();
        let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        match (t, postgres_base()) {
            (Template::Postgres(tpl), Some(base)) => {
                let name = unique("ocop_t");
                pg_admin(&base, format!("CREATE DATABASE {name} TEMPLATE {tpl}")).await;
                Self {
                    url: with_database(&base, &name),
                    data_dir,
                    pg_name: Some(name),
                }
            }
            (Template::Sqlite(file), _) => {
                let target = data_dir.path().join("ocop.db");
                std::fs::copy(file, &target).unwrap_or_else(|e| panic!("copy template: {e}"));
                Self {
                    url: format!("sqlite://{}", target.display()),
                    data_dir,
                    pg_name: None,
                }
            }
            _ => panic!("template and backend disagree"),
        }
    }

    pub fn sqlite_file(&self) -> PathBuf {
        self.data_dir.path().join("ocop.db")
    }

    pub fn data_path(&self) -> &Path {
        self.data_dir.path()
    }

    pub async fn store(&self) -> Store {
        let url = DatabaseUrl::parse(&self.url).unwrap();
        Store::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("connect {}: {e}", self.url))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let (Some(name), Some(base)) = (self.pg_name.take(), postgres_base()) {
            block_on_thread(async move {
                pg_admin(
                    &base,
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await
            });
        }
    }
}

/// The real router served over real HTTP on a free loopback port.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: Store,
    /// The state the server runs on (for what only the process sees).
    pub state: ocop_web::AppState,
    /// Kept alive so the database lives as long as the app.
    db: Option<TestDb>,
}

impl TestApp {
    /// The app on its own loaded database, serving the default province.
    pub async fn spawn() -> Self {
        Self::spawn_trusting(std::time::Duration::ZERO).await
    }

    /// The app on its own loaded database, trusting the catalogue signature
    /// it last read for `window` as the server does (half a second there;
    /// zero, asking every time, in every other test).
    pub async fn spawn_trusting(window: std::time::Duration) -> Self {
        Self::spawn_at(std::sync::Arc::new(clock()), window).await
    }

    /// Another instance on an existing store, serving `province`.
    pub async fn serve(store: Store, province: Province) -> Self {
        Self::serve_at(
            store,
            province,
            std::sync::Arc::new(clock()),
            std::time::Duration::ZERO,
        )
        .await
    }

    /// The app on its own loaded database, reading the time from `clock`
    /// (for what changes when a day ends), trusting its catalogue for
    /// `window`.
    pub async fn spawn_at(
        clock: std::sync::Arc<dyn ocop_app::Clock>,
        window: std::time::Duration,
    ) -> Self {
        let db = TestDb::seeded().await;
        let store = db.store().await;
        let mut app = Self::serve_at(store, Province::default(), clock, window).await;
        app.db = Some(db);
        app
    }

    async fn serve_at(
        store: Store,
        province: Province,
        clock: std::sync::Arc<dyn ocop_app::Clock>,
        window: std::time::Duration,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("addr: {e}"));
        // The tests' own loopback is a trusted proxy, so a test can speak for
        // many clients with X-Forwarded-For (see `page_from`).
        let proxies = ocop_web::client::TrustedProxies::parse("127.0.0.1").unwrap();
        let state = ocop_web::AppState::new(store.clone(), clock, province)
            .with_public_origin(&format!("http://{addr}"))
            .with_trusted_proxies(proxies)
            .with_freshness(window);
        tokio::spawn(ocop_web::server::serve(
            listener,
            ocop_web::app(state.clone()),
            ocop_web::server::ServerLimits::default(),
            std::future::pending(),
        ));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"));
        Self {
            base: format!("http://{addr}"),
            client,
            store,
            state,
            db: None,
        }
    }

    /// The test's own database (for raw set-up).
    pub fn db(&self) -> &TestDb {
        self.db
            .as_ref()
            .unwrap_or_else(|| panic!("this app shares another's database"))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// GET a page as the client at `client` (behind the trusted loopback).
    pub async fn page_from(&self, path: &str, client: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .header("x-forwarded-for", client)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = res.status().as_u16();
        (status, res.text().await.unwrap_or_default())
    }

    /// GET a page and return (status, body).
    pub async fn page(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.unwrap_or_default())
    }
}

/// The rows of a shipped data file, for expectations computed from the data
/// rather than typed into the test.
pub fn data_rows(file: &str) -> Vec<csv::StringRecord> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(file);
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records()
        .map(|x| x.unwrap_or_else(|e| panic!("{file}: {e}")))
        .collect()
}

pub fn data_headers(file: &str) -> csv::StringRecord {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(file);
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.headers()
        .cloned()
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The value of `column` in a data row.
pub fn col<'a>(file: &str, row: &'a csv::StringRecord, column: &str) -> &'a str {
    let idx = data_headers(file)
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("{file}: no column {column}"));
    row.get(idx).unwrap_or_default()
}

/// The first row of a data file whose `column` equals `value`.
pub fn find_row(file: &str, column: &str, value: &str) -> csv::StringRecord {
    data_rows(file)
        .into_iter()
        .find(|r| col(file, r, column) == value)
        .unwrap_or_else(|| panic!("{file}: no row with {column} = {value}"))
}

/// Runs one raw statement on a test database, to set up odd situations.
pub async fn execute_sql(url: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    // An empty SQLite test database may not exist as a file yet.
    let url = if url.starts_with("sqlite:") {
        format!("{url}?mode=rwc")
    } else {
        url.to_owned()
    };
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}

/// A minimal SMTP server on loopback that keeps every message it receives.
/// Enough of the protocol for a real client (EHLO, MAIL, RCPT, DATA, QUIT).
pub async fn smtp_sink() -> (
    u16,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    tokio::task::JoinHandle<()>,
) {
    use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = got.clone();
    let task = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let (r, mut w) = socket.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(buf) = data.as_mut() {
                        if line == "." {
                            if let Ok(mut g) = keep.lock() {
                                g.push(std::mem::take(buf));
                            }
                            data = None;
                            let _ = w.write_all(b"250 queued\r\n").await;
                        } else {
                            buf.push_str(&line);
                            buf.push('\n');
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 end with .\r\n"
                        }
                        "QUIT" => {
                            let _ = w.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 OK\r\n",
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    (port, got, task)
}

/// The password of every test account made with [`account`].
pub const TEST_PASSWORD: &str = "mật khẩu thử nghiệm 2026";

/// Creates an account of `role` in province 68 with [`TEST_PASSWORD`].
pub async fn account(app: &TestApp, username: &str, role: ocop_domain::access::Role) {
    named_account(app, username, username, role).await;
}

/// [`account`] with a full name other than the username.
pub async fn named_account(
    app: &TestApp,
    username: &str,
    full_name: &str,
    role: ocop_domain::access::Role,
) {
    let req = ocop_app::accounts::AccountRequest {
        username: username.into(),
        display_name: full_name.into(),
        role: role.code().into(),
        province_code: "68".into(),
    };
    ocop_app::accounts::create_account(
        &app.store,
        &clock(),
        &ocop_app::OsEntropy,
        &req,
        Some(TEST_PASSWORD.into()),
        "test",
    )
    .await
    .unwrap();
}

/// An acting person for the cycle service.
pub fn actor(
    username: &str,
    role: ocop_domain::access::Role,
    commune: Option<&str>,
    producer: Option<i64>,
) -> ocop_app::cycle::Actor {
    ocop_app::cycle::Actor {
        username: username.into(),
        role,
        province_code: "68".into(),
        commune_code: commune.map(str::to_owned),
        producer_id: producer,
        agency_code: None,
        district_code: None,
    }
}

/// Every criterion answered with its last-listed option.
pub fn last_options(
    set: &ocop_domain::criteria::CriteriaSet,
) -> std::collections::BTreeMap<String, String> {
    set.criteria()
        .filter_map(|(_, _, k)| k.options.last().map(|o| (k.id.clone(), o.id.clone())))
        .collect()
}

/// A round and, in it, a dossier for the Thuận An coffee with its
/// self-assessment and one evidence file, ready to submit: (round, dossier).
pub async fn new_dossier(
    app: &TestApp,
    by: &ocop_app::cycle::Actor,
    label: &str,
    deadlines: &ocop_store::cycle::RoundDeadlines,
) -> (i64, i64) {
    let stamp = ocop_store::cycle::By {
        actor: "van-phong",
        at: "2026-10-01T06:00:00Z",
    };
    let round = app
        .store
        .create_round("68", 2026, label, "1489/2025", deadlines, stamp)
        .await
        .unwrap();
    let id = ocop_app::cycle::open_dossier(
        &app.store,
        &clock(),
        by,
        round,
        "ca-phe-bot-dak-dam",
        "first",
    )
    .await
    .unwrap();
    let set = ocop_app::rules::set(&app.store, "qd148-2023-13")
        .await
        .ok()
        .flatten()
        .map(|(s, _)| s)
        .unwrap_or_else(|| panic!("set 13"));
    ocop_app::cycle::save_self_assessment(&app.store, &clock(), by, id, &last_options(&set))
        .await
        .unwrap();
    attach_required_evidence(app, by, id, &set).await;
    (round, id)
}

/// One PDF for every paper the set asks of the claims a whole
/// self-assessment makes, so the dossier can be submitted.
pub async fn attach_required_evidence(
    app: &TestApp,
    by: &ocop_app::cycle::Actor,
    id: i64,
    set: &ocop_domain::criteria::CriteriaSet,
) {
    for rule in &set.meta.evidence {
        ocop_app::cycle::attach_evidence(
            &app.store,
            &clock(),
            by,
            id,
            &rule.criterion,
            "minh-chung.pdf",
            b"%PDF-1.7",
        )
        .await
        .unwrap();
    }
}

/// A producer of province 68 that the test data must hold.
pub async fn producer(store: &Store, slug: &str) -> ocop_store::catalog::ProducerFacts {
    store
        .producer_facts("68", slug)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("producer {slug} in the test data"))
}

/// The id of a product of province 68 that the test data must hold.
/// A producer's name as recorded.
pub async fn producer_name(store: &Store, slug: &str) -> String {
    store
        .producer_by_slug(&ocop_app::Province::default().code, slug)
        .await
        .ok()
        .flatten()
        .map(|p| p.name)
        .unwrap_or_else(|| panic!("no producer {slug}"))
}

pub async fn product_id(store: &Store, slug: &str) -> i64 {
    store
        .product_by_slug("68", slug)
        .await
        .ok()
        .flatten()
        .map(|p| p.summary.id)
        .unwrap_or_else(|| panic!("no product {slug}"))
}

/// The records of a CSV text (header included).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect()
}

/// A signed-in session cookie ("name=value") for a new account of `role`.
pub async fn session(app: &TestApp, username: &str, role: ocop_domain::access::Role) -> String {
    app.signed_in_as(username, role, Scope::default()).await
}

/// GET as a signed-in person: (status, body).
/// An account with a scope (a commune's officer, a producer's own account),
/// signed in; its cookie pair.
pub async fn scoped_session(
    app: &TestApp,
    username: &str,
    role: ocop_domain::access::Role,
    commune: Option<&str>,
    producer_id: Option<i64>,
) -> String {
    app.signed_in_as(
        username,
        role,
        Scope {
            commune,
            producer_id,
            ..Scope::default()
        },
    )
    .await
}

/// What an account reaches: its commune (or pre-2025 district), its
/// department, its producer. Empty: the whole province (office, admin).
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    pub commune: Option<&'a str>,
    pub district: Option<&'a str>,
    pub agency: Option<&'a str>,
    pub producer_id: Option<i64>,
}

impl TestApp {
    /// A new account of `role` under the fixtures' usual name for it
    /// ("van-phong" for the office, "chu-the" for a producer, …), with no
    /// scope, signed in: the cookie pair to send.
    pub async fn signed_in(&self, role: ocop_domain::access::Role) -> String {
        use ocop_domain::access::Role;
        let username = match role {
            Role::Admin => "quan-tri",
            Role::Office => "van-phong",
            Role::Department => "so-nganh",
            Role::Commune => "can-bo-xa",
            Role::Council => "hd-1",
            Role::Advisory => "to-tu-van",
            Role::Producer => "chu-the",
        };
        self.signed_in_as(username, role, Scope::default()).await
    }

    /// A new account `username` of `role` with `scope`, signed in.
    pub async fn signed_in_as(
        &self,
        username: &str,
        role: ocop_domain::access::Role,
        scope: Scope<'_>,
    ) -> String {
        account(self, username, role).await;
        self.store
            .set_user_scope(
                username,
                scope.commune,
                scope.district,
                scope.agency,
                scope.producer_id,
            )
            .await
            .unwrap();
        let (_, cookie, _) = crate::access::sign_in(self, username, TEST_PASSWORD).await;
        crate::access::cookie_pair(&cookie.expect("a session cookie"))
    }
}

pub async fn get_as(app: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let res = app
        .client
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

/// A file GET as a signed-in person: (status, content type, bytes).
pub async fn file_as(app: &TestApp, cookie: &str, path: &str) -> (u16, String, Vec<u8>) {
    let res = app
        .client
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, res.bytes().await.unwrap_or_default().to_vec())
}

/// A form POST as a signed-in person: (status, body).
pub async fn post_as(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let (status, _, body) = post_form(app, cookie, path, form).await;
    (status, body)
}

/// A form POST as a signed-in person, redirects not followed:
/// (status, `location`, body).
pub async fn post_form(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String, String) {
    let res = app
        .client
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {path}: {e}"));
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, location, res.text().await.unwrap_or_default())
}

/// A multipart form POST as a signed-in person (the file in the field
/// `file`): (status, body), or (303, where it leads).
pub async fn post_multipart(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    if let Some((name, bytes)) = file {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    let res = app
        .client
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    // A redirect's body is where it leads.
    if status == 303 {
        let to = res.headers()["location"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        return (status, to);
    }
    (status, res.text().await.unwrap_or_default())
}

/// The columns of a table, sorted (to prove what a table does not keep).
pub async fn table_columns(app: &TestApp, table: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let url = &app.db().url;
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    let sql = if is_postgres() {
        format!(
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'"
        )
    } else {
        format!("SELECT name FROM pragma_table_info('{table}')")
    };
    let mut cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut conn)
        .await
        .unwrap();
    let _ = conn.close().await;
    cols.sort();
    cols
}
