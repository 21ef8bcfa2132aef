//! Hardening: sign-in attempts counted per key (account and address, address,
//! account) in one atomic statement, in windows that double after each lock, addresses an account has signed in from
//! (exempt from the account-wide limit, so nobody can lock an administrator
//! out of their own office), and request budgets for anonymous forms and
//! scans, counted per window in the database so every instance shares them;
//! a one-row table `/healthz` writes to, so "cannot write" shows.

pub const SQL: &str = r#"
CREATE TABLE login_attempts (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    level BIGINT NOT NULL DEFAULT 0,
    last_at TEXT NOT NULL
);
CREATE TABLE login_known_addresses (
    user_id BIGINT NOT NULL REFERENCES users (id),
    address_key TEXT NOT NULL,
    last_at TEXT NOT NULL,
    PRIMARY KEY (user_id, address_key)
);
CREATE TABLE request_budgets (
    bucket TEXT NOT NULL,
    window_start TEXT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX request_budgets_window ON request_budgets (window_start);
CREATE TABLE health_probe (
    id BIGINT PRIMARY KEY,
    at TEXT NOT NULL
);
ALTER TABLE products ADD COLUMN moderation TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE producers ADD COLUMN publish_contact BIGINT NOT NULL DEFAULT 0;
ALTER TABLE producers ADD COLUMN zalo TEXT
"#;
