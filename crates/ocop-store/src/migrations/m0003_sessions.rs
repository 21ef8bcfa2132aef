//! Accounts with scopes, login lockout and database-backed sessions (so they
//! survive restarts and work across instances). Flags are whole numbers 0/1.

pub const SQL: &str = r#"
ALTER TABLE users ADD COLUMN commune_code TEXT;
ALTER TABLE users ADD COLUMN district_code TEXT;
ALTER TABLE users ADD COLUMN agency_code TEXT;
ALTER TABLE users ADD COLUMN producer_id BIGINT;
ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0;

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id)
"#;
