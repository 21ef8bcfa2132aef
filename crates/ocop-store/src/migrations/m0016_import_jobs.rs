//! A confirmed import runs in the background with its progress recorded, so
//! the page can show it and the office can cancel it (everything is then
//! rolled back).

pub const SQL: &str = r#"
CREATE TABLE import_jobs (
    id {pk},
    filename TEXT NOT NULL,
    status TEXT NOT NULL,
    rows_total BIGINT NOT NULL,
    rows_done BIGINT NOT NULL,
    outcome_json TEXT,
    error TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"#;
