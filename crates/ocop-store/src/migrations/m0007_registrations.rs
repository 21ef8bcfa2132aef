//! Producers' applications to join the platform, waiting for an officer.

pub const SQL: &str = r#"
CREATE TABLE producer_registrations (
    id {pk},
    province_code TEXT NOT NULL,
    commune_code TEXT,
    form_json TEXT NOT NULL,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    email TEXT,
    status TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    reason TEXT,
    producer_id BIGINT
);
CREATE INDEX registrations_pending ON producer_registrations (province_code, status)
"#;
