//! The `ocop` binary as an operator meets it: start-up faults end with one
//! clear line and a non-zero exit and change nothing; a `kill -9` during the
//! first load is recovered; accounts, backup and restore work.

use crate::harness::{TestDb, is_postgres};
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_ocop");

/// `ocop` with a clean environment: only what the test sets.
pub(crate) fn ocop(data_dir: &Path, db_url: Option<&str>) -> Command {
    let mut c = Command::new(BIN);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("OCOP_")) {
        c.env_remove(k);
    }
    c.env("OCOP_DATA_DIR", data_dir)
        .env("OCOP_ADDR", "127.0.0.1:0")
        .env("OCOP_LOG", "warn");
    if let Some(u) = db_url {
        c.env("OCOP_DATABASE_URL", u);
    }
    c.stdin(Stdio::null());
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("run ocop: {e}"))
}

fn stderr_lines(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .map(str::to_owned)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// The run failed with exactly one line on stderr, containing `needle`.
fn assert_one_clear_line(o: &Output, needle: &str) {
    assert!(!o.status.success(), "must exit non-zero");
    let lines = stderr_lines(o);
    assert_eq!(lines.len(), 1, "one line, got {lines:?}");
    assert!(
        lines[0].starts_with("lỗi: ") && lines[0].contains(needle),
        "{lines:?}"
    );
}

/// A running `ocop serve`, with its output lines as they come.
pub(crate) struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Server {
    pub(crate) fn start(mut cmd: Command) -> Self {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        let (tx, lines) = mpsc::channel();
        for pipe in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        Self {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `needle` and returns it.
    pub(crate) fn wait_for(&mut self, needle: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with {needle:?} within {within:?}; saw {:?}",
            self.seen
        );
    }

    /// Every line seen so far, and any waiting.
    pub(crate) fn lines_so_far(&mut self) -> Vec<String> {
        while let Ok(line) = self.lines.try_recv() {
            self.seen.push(line);
        }
        self.seen.clone()
    }

    /// The base URL once the server says it is ready.
    pub(crate) fn ready(&mut self) -> String {
        let line = self.wait_for("sẵn sàng: http://", Duration::from_secs(120));
        line.rsplit(' ').next().unwrap_or_default().to_owned()
    }

    pub(crate) fn terminate(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().unwrap_or_else(|e| panic!("wait: {e}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn get(url: &str) -> (u16, String) {
    let res = reqwest::get(url)
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

#[test]
fn a_malformed_database_url_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "postgres://",
        "mysql://root@localhost/ocop",
        "postgres:/oops",
    ] {
        let o = run(ocop(dir.path(), Some(url)).arg("migrate"));
        assert_one_clear_line(&o, "OCOP_DATABASE_URL");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).map(Iterator::count).ok(),
        Some(0),
        "nothing written"
    );
}

#[test]
fn an_unreachable_postgresql_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(ocop(dir.path(), Some("postgres://postgres@127.0.0.1:1/ocop")).arg("migrate"));
    assert_one_clear_line(&o, "PostgreSQL");
}

#[test]
fn a_port_in_use_is_one_clear_line_and_touches_nothing() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let dir = tempfile::tempdir().unwrap();
    let o = run(ocop(dir.path(), None).args(["serve", "--addr", &addr]));
    assert_one_clear_line(&o, "đang được chương trình khác dùng");
    assert!(!dir.path().join("ocop.db").exists(), "no database created");
}

#[test]
fn a_corrupt_sqlite_file_is_reported_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ocop.db");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| u8::try_from(i * 7 % 251).unwrap_or(0))
        .collect();
    std::fs::write(&file, &garbage).unwrap();
    for args in [vec!["serve"], vec!["migrate"]] {
        let o = run(ocop(dir.path(), None).args(&args));
        assert_one_clear_line(&o, "bị hỏng");
        assert!(
            stderr_lines(&o)[0].contains("ocop restore"),
            "says what to do"
        );
    }
    assert_eq!(std::fs::read(&file).ok(), Some(garbage), "not overwritten");
}

/// Runs `ocop serve` inside a private mount namespace after `setup`
/// (shell commands that mount a file system at `$D`, the data folder).
fn serve_in_mount_namespace(setup: &str) -> Option<Output> {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let script = format!("set -e; {setup}; exec \"$BIN\" serve");
    let mut cmd = ocop(&data, None);
    cmd.env("D", &data).env("BIN", BIN);
    let probe = Command::new("unshare")
        .args(["--mount", "--propagation", "private", "true"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        // Needs root (as on the project's machines and CI). Elsewhere say so loudly.
        assert!(
            std::env::var("CI").is_err(),
            "CI must be able to create a mount namespace"
        );
        eprintln!("SKIPPED: unshare --mount is not permitted here (not root)");
        return None;
    }
    let mut unshare = Command::new("unshare");
    unshare.args(["--mount", "--propagation", "private", "sh", "-c", &script]);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => unshare.env(k, v),
            None => unshare.env_remove(k),
        };
    }
    Some(run(unshare.stdin(Stdio::null())))
}

#[test]
fn a_read_only_data_folder_is_one_clear_line() {
    if let Some(o) = serve_in_mount_namespace("mount -t tmpfs -o ro,size=1m tmpfs \"$D\"") {
        assert_one_clear_line(&o, "chỉ đọc");
    }
}

#[test]
fn a_full_disk_is_one_clear_line() {
    let fill = "mount -t tmpfs -o size=64k tmpfs \"$D\"; dd if=/dev/zero of=\"$D/fill\" bs=4k 2>/dev/null || true";
    if let Some(o) = serve_in_mount_namespace(fill) {
        assert_one_clear_line(&o, "đã đầy");
    }
}

#[tokio::test]
async fn kill_9_during_the_first_load_then_restart_completes_it() {
    let db = TestDb::create_empty().await;
    let mut cmd = ocop(db.data_path(), Some(&db.url));
    cmd.env("OCOP_LOG", "info").arg("serve");
    let mut server = Server::start(cmd);
    // The national unit lists are the largest dataset; kill inside its load.
    server.wait_for(
        "loading dataset dataset=\"admin-units",
        Duration::from_secs(120),
    );
    server
        .child
        .kill()
        .unwrap_or_else(|e| panic!("kill -9: {e}"));
    let _ = server.child.wait();
    drop(server);

    let store = db.store().await;
    let loaded = store.loaded_datasets().await.unwrap_or_default();
    let communes = store
        .count_admin_units(ocop_domain::UnitScheme::Y2025, "commune")
        .await
        .unwrap_or(-1);
    // All or nothing: no half-loaded unit list.
    if loaded.iter().any(|d| d.starts_with("admin-units")) {
        assert_eq!(communes, 3321);
    } else {
        assert_eq!(communes, 0, "an interrupted load left rows behind");
    }
    store.close().await;

    let mut cmd = ocop(db.data_path(), Some(&db.url));
    cmd.env("OCOP_LOG", "info").arg("serve");
    let mut server = Server::start(cmd);
    let base = server.ready();
    let store = db.store().await;
    assert_eq!(
        store.loaded_datasets().await.unwrap_or_default().len(),
        ocop_app::seed::DATASETS.len()
    );
    // Each request is logged once, with the id its response carries.
    let res = reqwest::get(format!("{base}/healthz")).await.unwrap();
    let id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(!id.is_empty());
    let logged = server.wait_for(&format!("request_id={id}"), Duration::from_secs(10));
    assert!(
        logged.contains("status=200") && logged.contains("path=/healthz"),
        "{logged}"
    );
    assert_eq!(
        store
            .count_admin_units(ocop_domain::UnitScheme::Y2025, "commune")
            .await
            .ok(),
        Some(3321)
    );
    let (status, _) = get(&format!("{base}/san-pham/ca-phe-bot-dak-dam")).await;
    assert_eq!(status, 200);
    store.close().await;
    let status = server.terminate();
    assert!(status.success(), "graceful shutdown exits 0: {status:?}");
}

#[tokio::test]
async fn first_start_prints_the_admin_password_once_and_config_without_secrets() {
    let db = TestDb::seeded().await;
    let url = if is_postgres() {
        db.url
            .replacen("postgres://postgres@", "postgres://postgres:hemmelig@", 1)
    } else {
        db.url.clone()
    };
    let mut cmd = ocop(db.data_path(), Some(&url));
    cmd.arg("serve");
    let mut server = Server::start(cmd);
    let banner = server.wait_for("cơ sở dữ liệu:", Duration::from_secs(60));
    assert!(!banner.contains("hemmelig"), "{banner}");
    let line = server.wait_for("mật khẩu (chỉ hiện một lần)", Duration::from_secs(60));
    let password = line.rsplit(' ').next().unwrap_or_default().to_owned();
    server.ready();
    drop(server);
    let store = db.store().await;
    let admin = store.user_by_username("admin").await.ok().flatten();
    assert!(
        admin.is_some_and(|a| ocop_app::accounts::verify_password(&password, &a.password_hash))
    );
    store.close().await;

    let mut cmd = ocop(db.data_path(), Some(&url));
    cmd.arg("serve");
    let mut again = Server::start(cmd);
    again.ready();
    assert!(
        !again.seen.iter().any(|l| l.contains("mật khẩu")),
        "printed only on the first start"
    );
}

#[tokio::test]
async fn user_add_generates_or_reads_the_password() {
    let db = TestDb::seeded().await;
    let o = run(ocop(db.data_path(), Some(&db.url)).args([
        "user",
        "add",
        "thu-ky",
        "--role",
        "office",
        "--name",
        "Thư ký Hội đồng",
    ]));
    assert!(o.status.success(), "{o:?}");
    let out = String::from_utf8_lossy(&o.stdout);
    let generated = out
        .lines()
        .find_map(|l| l.strip_prefix("mật khẩu (chỉ hiện một lần): "))
        .unwrap_or_default()
        .to_owned();
    assert_eq!(generated.len(), 20);

    let mut child = ocop(db.data_path(), Some(&db.url))
        .args([
            "user",
            "add",
            "can-bo-xa",
            "--role",
            "commune",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all("mật khẩu rất dài 2026\n".as_bytes())
            .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("mật khẩu (chỉ"),
        "a given password is not echoed"
    );

    let store = db.store().await;
    let u = store.user_by_username("can-bo-xa").await.ok().flatten();
    assert!(u.is_some_and(|u| ocop_app::accounts::verify_password(
        "mật khẩu rất dài 2026",
        &u.password_hash
    )));
    let u = store.user_by_username("thu-ky").await.ok().flatten();
    assert!(u.is_some_and(|u| u.display_name == "Thư ký Hội đồng"
        && ocop_app::accounts::verify_password(&generated, &u.password_hash)));
    store.close().await;

    let o = run(ocop(db.data_path(), Some(&db.url)).args(["user", "add", "thu-ky"]));
    assert_one_clear_line(&o, "đã có");
}

#[tokio::test]
async fn migrate_reports_what_it_did() {
    let db = TestDb::create_empty().await;
    let o = run(ocop(db.data_path(), Some(&db.url)).arg("migrate"));
    assert!(o.status.success(), "{o:?}");
    let all = ocop_store::migrations::MIGRATIONS.len();
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(&format!("đã áp dụng {all} bản chuyển đổi"))
    );
    let o = run(ocop(db.data_path(), Some(&db.url)).arg("migrate"));
    assert!(String::from_utf8_lossy(&o.stdout).contains("đã áp dụng 0 bản chuyển đổi"));
}

/// Backup and restore are SQLite features: this test uses SQLite whatever
/// backend the suite runs on.
#[tokio::test]
async fn backup_while_serving_and_restore_after_stopping() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let backup = dir.path().join("ocop-backup.db");
    let mut server = Server::start({
        let mut c = ocop(&data, None);
        c.arg("serve");
        c
    });
    let base = server.ready();

    let o = run(ocop(&data, None).args(["backup", backup.to_str().unwrap_or_default()]));
    assert!(o.status.success(), "backup while serving: {o:?}");
    let o = run(ocop(&data, None).args(["backup", backup.to_str().unwrap_or_default()]));
    assert_one_clear_line(&o, "đã tồn tại");

    // A change after the backup, which the restore must undo.
    let o = run(ocop(&data, None).args(["user", "add", "sau-sao-luu"]));
    assert!(o.status.success(), "{o:?}");
    let o = run(ocop(&data, None).args(["restore", backup.to_str().unwrap_or_default()]));
    assert_one_clear_line(&o, "đang dùng");
    let (status, _) = get(&format!("{base}/")).await;
    assert_eq!(status, 200, "the server kept serving");
    assert!(server.terminate().success());

    let garbage = dir.path().join("not-a-backup.db");
    std::fs::write(&garbage, b"hello").unwrap();
    let o = run(ocop(&data, None).args(["restore", garbage.to_str().unwrap_or_default()]));
    assert_one_clear_line(&o, "không phải bản sao lưu hợp lệ");

    let o = run(ocop(&data, None).args(["restore", backup.to_str().unwrap_or_default()]));
    assert!(o.status.success(), "{o:?}");
    let kept = std::fs::read_dir(&data)
        .map(|d| {
            d.filter_map(Result::ok).any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("ocop.db.before-restore-")
            })
        })
        .unwrap_or(false);
    assert!(kept, "the replaced database is kept");

    let store =
        ocop_store::Store::connect(&ocop_store::DatabaseUrl::sqlite_file(&data.join("ocop.db")))
            .await
            .unwrap();
    assert!(
        store
            .user_by_username("sau-sao-luu")
            .await
            .ok()
            .flatten()
            .is_none(),
        "restored to the backup"
    );
    assert!(
        store
            .user_by_username("admin")
            .await
            .ok()
            .flatten()
            .is_some()
    );
    assert_eq!(
        store.loaded_datasets().await.unwrap_or_default().len(),
        ocop_app::seed::DATASETS.len()
    );
}

#[tokio::test]
async fn departments_and_their_product_groups_are_configurable() {
    let db = TestDb::seeded().await;
    let o = run(ocop(db.data_path(), Some(&db.url)).args(["agency", "list"]));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    // The directive gives handicrafts (IV) to Science and Technology.
    assert!(out.contains("IV\tKHCN\tSở Khoa học và Công nghệ"), "{out}");
    // …and processed food (sets 5–8, group I) to Industry and Trade.
    assert!(out.contains("qd148-2023-07\tCT\tSở Công Thương"), "{out}");
    assert_eq!(out.lines().count(), 6 + 4);
    // A set given back to its group's department, then to another one.
    let o = run(ocop(db.data_path(), Some(&db.url)).args([
        "agency",
        "assign-set",
        "qd148-2023-07",
        "-",
    ]));
    assert!(o.status.success(), "{o:?}");
    assert!(!String::from_utf8_lossy(&o.stdout).contains("qd148-2023-07"));
    let o = run(ocop(db.data_path(), Some(&db.url)).args([
        "agency",
        "assign-set",
        "qd148-2023-13",
        "CT",
    ]));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("qd148-2023-13\tCT"),
        "{o:?}"
    );
    let o = run(ocop(db.data_path(), Some(&db.url)).args([
        "agency",
        "assign-set",
        "qd148-2023-99",
        "CT",
    ]));
    assert_one_clear_line(&o, "qd148-2023-99");

    let o = run(ocop(db.data_path(), Some(&db.url)).args(["agency", "assign", "IV", "CT"]));
    assert!(o.status.success(), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("IV\tCT\tSở Công Thương"));
    let o = run(ocop(db.data_path(), Some(&db.url)).args(["agency", "assign", "IV", "XYZ"]));
    assert_one_clear_line(&o, "XYZ");
    let o = run(ocop(db.data_path(), Some(&db.url)).args(["agency", "assign", "VII", "CT"]));
    assert_one_clear_line(&o, "VII");

    let store = db.store().await;
    let audit = store
        .audit_entries("product_group_lead", "68/IV")
        .await
        .unwrap_or_default();
    assert_eq!(audit.len(), 1, "only the accepted change is recorded");
    assert_eq!(audit[0].after.as_deref(), Some("{\"agency\":\"CT\"}"));
    let set_audit = store
        .audit_entries("criteria_set_lead", "68/qd148-2023-07")
        .await
        .unwrap_or_default();
    assert_eq!(set_audit.len(), 1);
    let leads = store.department_leads("68").await.unwrap_or_default();
    assert_eq!(
        leads.lead_of(Some("qd148-2023-13"), Some("I")).map(|l| l.0),
        Some("CT")
    );
    assert_eq!(
        leads.lead_of(Some("qd148-2023-07"), Some("I")).map(|l| l.0),
        Some("NNMT")
    );
    let app = crate::harness::TestApp::serve(store, ocop_app::Province::default()).await;
    let (_, html) = app.page("/thong-ke").await;
    assert!(html.contains("<tr><td>IV. Thủ công mỹ nghệ</td><td>Sở Công Thương</td></tr>"));
}

/// A copy of the shipped 148/2023 folder under another version name.
fn criteria_folder(version: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/criteria/qd148-2023");
    for entry in std::fs::read_dir(&src).unwrap().filter_map(Result::ok) {
        let _ = std::fs::copy(entry.path(), dir.path().join(entry.file_name()));
    }
    let manifest = dir.path().join("manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap_or_default();
    let text = text.replacen(
        "\"version\": \"qd148-2023\"",
        &format!("\"version\": \"{version}\""),
        1,
    );
    std::fs::write(&manifest, text).unwrap();
    dir
}

#[tokio::test]
async fn an_administrator_checks_imports_and_publishes_a_new_criteria_version() {
    let db = TestDb::seeded().await;
    let folder = criteria_folder("qd-thu-2027");
    let path = folder.path().to_str().unwrap_or_default().to_owned();
    // A broken file is refused with its file, line and criterion.
    let set1 = folder.path().join("set-01.csv");
    let good = std::fs::read_to_string(&set1).unwrap_or_default();
    std::fs::write(
        &set1,
        good.replace(
            "□ Sản phẩm được trồng trên địa bàn cấp xã từ 75% đến 100%,,3,,5",
            "□ Sản phẩm được trồng trên địa bàn cấp xã từ 75% đến 100%,,3,,7",
        ),
    )
    .unwrap();
    let o = run(ocop(db.data_path(), Some(&db.url)).args(["criteria", "check", &path]));
    assert_one_clear_line(
        &o,
        "tệp set-01.csv, dòng 4, tiêu chí 1.a: phương án 1.a.3 cho 7 điểm, vượt điểm tối đa 5",
    );
    let o = run(ocop(db.data_path(), Some(&db.url)).args(["criteria", "import", &path]));
    assert_one_clear_line(&o, "set-01.csv");
    std::fs::write(&set1, good).unwrap();

    let o = run(ocop(db.data_path(), Some(&db.url)).args(["criteria", "check", &path]));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success()
            && out.contains("qd-thu-2027 — 26 bộ tiêu chí hợp lệ")
            && out.contains("! "),
        "{out}"
    );
    let o = run(ocop(db.data_path(), Some(&db.url)).args(["criteria", "import", &path]));
    assert!(o.status.success(), "{o:?}");

    let store = db.store().await;
    let app = crate::harness::TestApp::serve(store.clone(), ocop_app::Province::default()).await;
    assert_eq!(
        app.get("/api/v1/criteria-sets/qd-thu-2027-01")
            .await
            .status()
            .as_u16(),
        404,
        "a draft is not public"
    );
    let o = run(ocop(db.data_path(), Some(&db.url)).args([
        "criteria",
        "publish",
        "qd-thu-2027",
        "--effective-from",
        "01/07/2027",
    ]));
    assert_one_clear_line(&o, "YYYY-MM-DD");
    let o = run(ocop(db.data_path(), Some(&db.url)).args([
        "criteria",
        "publish",
        "qd-thu-2027",
        "--effective-from",
        "2027-07-01",
    ]));
    assert!(o.status.success(), "{o:?}");
    assert_eq!(
        app.get("/api/v1/criteria-sets/qd-thu-2027-01")
            .await
            .status()
            .as_u16(),
        200
    );
    let o = run(ocop(db.data_path(), Some(&db.url)).args(["criteria", "import", &path]));
    assert_one_clear_line(&o, "đã có");
    let audit = store
        .audit_entries("criteria_version", "qd-thu-2027")
        .await
        .unwrap_or_default();
    assert_eq!(
        audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(),
        ["import", "publish"]
    );
    // The shipped version is unchanged, and keeps scoring as before.
    assert!(
        store
            .criteria_version("qd148-2023")
            .await
            .ok()
            .flatten()
            .is_some_and(|v| v.status == ocop_domain::criteria::VersionStatus::Published)
    );
}

#[tokio::test]
async fn demo_accounts_cover_every_role_with_their_scopes() {
    let db = TestDb::seeded().await;
    let o = run(ocop(db.data_path(), Some(&db.url)).arg("demo-accounts"));
    assert!(o.status.success(), "{o:?}");
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let accounts: Vec<(String, String, String)> = out
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((
                f.next()?.to_owned(),
                f.next()?.to_owned(),
                f.next()?.to_owned(),
            ))
        })
        .collect();
    for role in ocop_domain::access::Role::ALL {
        assert!(
            accounts.iter().any(|(_, r, _)| r == role.code()),
            "{role:?}"
        );
    }
    // The commune officer of Thuận An signs in and reaches its producer only.
    let (_, _, pw) = accounts
        .iter()
        .find(|(u, _, _)| u == "demo-xa-thuan-an")
        .cloned()
        .unwrap_or_default();
    let app = crate::harness::TestApp::serve(db.store().await, ocop_app::Province::default()).await;
    let res = app
        .client
        .post(format!("{}/dang-nhap", app.base))
        .form(&[("username", "demo-xa-thuan-an"), ("password", pw.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    let get = |path: &'static str| {
        app.client
            .get(format!("{}{path}", app.base))
            .header("cookie", cookie.clone())
            .send()
    };
    assert_eq!(
        get("/quan-tri/chu-the/htx-nong-nghiep-cong-bang-thuan-an")
            .await
            .map(|r| r.status().as_u16())
            .ok(),
        Some(200)
    );
    assert_eq!(
        get("/quan-tri/chu-the/cong-ty-tnhh-seagull")
            .await
            .map(|r| r.status().as_u16())
            .ok(),
        Some(403)
    );
    // Running again keeps the existing accounts.
    let again = run(ocop(db.data_path(), Some(&db.url)).arg("demo-accounts"));
    assert!(String::from_utf8_lossy(&again.stdout).contains("(đã có, giữ nguyên mật khẩu)"));
    // A scope that does not exist is refused, and no account is created.
    let o = run(ocop(db.data_path(), Some(&db.url)).args([
        "user",
        "add",
        "sai-xa",
        "--role",
        "commune",
        "--commune",
        "00004",
    ]));
    assert_one_clear_line(&o, "00004");
    assert!(
        db.store()
            .await
            .user_by_username("sai-xa")
            .await
            .ok()
            .flatten()
            .is_none()
    );
}

#[tokio::test]
async fn commune_boundaries_load_from_the_command_line_all_or_nothing() {
    let db = TestDb::seeded().await;
    let dir = tempfile::tempdir().unwrap();
    // Synthetic squares (test data, not real boundaries).
    let square = |code: &str, lon: f64| {
        serde_json::json!({"type": "Feature", "properties": {"MA": code},
            "geometry": {"type": "Polygon", "coordinates": [[[lon, 12.0], [lon + 0.1, 12.0], [lon + 0.1, 12.1], [lon, 12.0]]]}})
    };
    let write = |name: &str, features: Vec<serde_json::Value>| {
        let path = dir.path().join(name);
        let doc = serde_json::json!({"type": "FeatureCollection", "features": features});
        std::fs::write(&path, doc.to_string()).unwrap();
        path
    };
    let good = write(
        "xa.geojson",
        vec![square("24682", 107.6), square("24670", 107.8)],
    );
    let o = run(ocop(db.data_path(), Some(&db.url))
        .args(["boundaries", "--field", "MA"])
        .arg(&good));
    assert!(o.status.success(), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("Đã nạp ranh giới của 2 xã, phường từ xa.geojson.")
    );
    let bad = write(
        "sai.geojson",
        vec![square("24682", 107.6), square("00001", 107.8)],
    );
    let o = run(ocop(db.data_path(), Some(&db.url))
        .args(["boundaries", "--field", "MA"])
        .arg(&bad));
    assert_one_clear_line(
        &o,
        "Đối tượng số 2: mã «00001» không phải xã, phường của tỉnh",
    );
    let o = run(ocop(db.data_path(), Some(&db.url))
        .args(["boundaries"])
        .arg(&good));
    assert_one_clear_line(&o, "không có thuộc tính «ma_xa»");
    let store = db.store().await;
    let set = store
        .boundary_set(&ocop_app::Province::default().code)
        .await
        .ok()
        .flatten()
        .map(|s| (s.count, s.source, s.loaded_by));
    assert_eq!(set, Some((2, "xa.geojson".to_owned(), "cli".to_owned())));
}
