use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Nền tảng OCOP — the OCOP ("Mỗi xã một sản phẩm") platform of a province.
#[derive(Debug, Parser)]
#[command(name = "ocop", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Database: sqlite://<file> (default: <data dir>/ocop.db) or postgres://user@host:port/db
    #[arg(long, env = "OCOP_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Folder for the SQLite database and other files.
    #[arg(
        long,
        env = "OCOP_DATA_DIR",
        default_value = "ocop-data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// The 2025 code of the province this deployment serves (68 = Lâm Đồng).
    #[arg(long, env = "OCOP_PROVINCE", default_value = "68", global = true)]
    pub province: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web platform (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Criteria sets: check, import and publish a new version.
    #[command(subcommand)]
    Criteria(CriteriaCommand),
    /// Which department leads which product group.
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// Procedures (quy trình): their periods and stages; record that a
    /// reported decision's official text was verified.
    #[command(subcommand)]
    Procedure(ProcedureCommand),
    /// Load the communes' boundaries for the portal's map from a GeoJSON file
    /// (WGS 84; one Polygon or MultiPolygon per 2025 commune), replacing what
    /// was loaded; all or nothing, like the back-office page.
    Boundaries {
        file: PathBuf,
        /// The property holding the commune's 2025 code.
        #[arg(long, default_value = "ma_xa")]
        field: String,
    },
    /// Create one account per role on the demo data and print their passwords once.
    DemoAccounts,
    /// Check a certificate's signed text (from its QR code or status page)
    /// against the platform's public key, offline: no database, no network.
    VerifyCertificate {
        /// The public key in hex, as `/api/v1/certificate-key` publishes it.
        #[arg(long)]
        public_key: String,
        /// The signed text: `OCOP1|…~signature`.
        sealed: String,
    },
    /// Copy the live SQLite database to a new file (safe while serving).
    Backup {
        /// Target file (default: <data dir>/backups/ocop-<time>.db); never overwritten.
        target: Option<PathBuf>,
    },
    /// Replace the SQLite database with a backup (stop the server first).
    Restore {
        /// The backup file.
        from: PathBuf,
    },
}

#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "OCOP_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The portal's public address, used in canonical links, the sitemap and
    /// link previews (default: http://<addr>).
    #[arg(long, env = "OCOP_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Send notification emails through this relay: smtp://host:port.
    #[arg(long, env = "OCOP_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender's address for notification emails.
    #[arg(long, env = "OCOP_MAIL_FROM", default_value = "")]
    pub mail_from: String,
    /// Load balancers (addresses or CIDR networks, comma separated) whose
    /// X-Forwarded-For header names the client; nobody else is believed.
    #[arg(long, env = "OCOP_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// Open connections at most; more are closed on arrival.
    #[arg(long, env = "OCOP_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from stdin with
    /// --password-stdin, otherwise generated and printed once.
    Add {
        username: String,
        /// admin, office, department, commune, council, advisory or producer.
        #[arg(long, default_value = "office")]
        role: String,
        /// Full name shown in the application.
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        password_stdin: bool,
        /// Commune officer: the 2025 commune code of the area.
        #[arg(long)]
        commune: Option<String>,
        /// District officer (records before July 2025): the district code.
        #[arg(long)]
        district: Option<String>,
        /// Department officer: the agency code (NNMT, CT, YT, VHTTDL, KHCN).
        #[arg(long)]
        agency: Option<String>,
        /// Producer account: the producer's slug.
        #[arg(long)]
        producer: Option<String>,
        /// Email address for notifications.
        #[arg(long)]
        email: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProcedureCommand {
    /// Each procedure: period in force, whether it applies today, its stages.
    List,
    /// Record that a procedure's official text was read and checked, so it
    /// applies from its date: `ocop procedure verify 26/2026 --reference "…"`.
    Verify {
        /// Procedure code: 1048/2019, 148/2023, 1489/2025 or 26/2026.
        code: String,
        /// Where the official text was read (gazette number, portal link).
        #[arg(long)]
        reference: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// List the product groups (I–VI) and the department leading each.
    List,
    /// Give a product group to a department: `ocop agency assign IV CT`.
    Assign {
        /// Group code: I, II, III, IV, V or VI.
        group: String,
        /// Department code: NNMT, CT, YT, VHTTDL or KHCN.
        agency: String,
    },
    /// Give one criteria set (a sub-group) to a department, over its
    /// group's: `ocop agency assign-set qd148-2023-07 CT`; `-` gives it back.
    AssignSet {
        /// Criteria set id, e.g. qd148-2023-07.
        set: String,
        /// Department code, or `-` for the group's department.
        agency: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CriteriaCommand {
    /// List the versions and their status.
    List,
    /// Check a folder (manifest.json and its CSV files) and preview it; writes nothing.
    Check { folder: PathBuf },
    /// Check a folder and store it as a draft version (not yet public).
    Import { folder: PathBuf },
    /// Publish a draft version from a date: `ocop criteria publish qd26-2026 --effective-from 2026-07-01`.
    Publish {
        version: String,
        #[arg(long)]
        effective_from: String,
    },
}
