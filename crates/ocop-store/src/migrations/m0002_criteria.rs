//! Criteria sets as versioned data: each decision's version (with its legal
//! reference, dates, verification and publication state) and its sets, each
//! stored whole as JSON so an evaluation keeps the exact text it was scored
//! with. Products record the set they are evaluated with, and why.

pub const SQL: &str = r#"
CREATE TABLE criteria_versions (
    version TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    decision TEXT NOT NULL,
    decision_date TEXT,
    legal_reference TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_until TEXT,
    source TEXT,
    structure_only BOOLEAN NOT NULL,
    verified BOOLEAN NOT NULL,
    parts_json TEXT NOT NULL,
    status TEXT NOT NULL,
    published_at TEXT,
    published_by TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE criteria_sets (
    id TEXT PRIMARY KEY,
    version TEXT NOT NULL REFERENCES criteria_versions (version),
    number BIGINT NOT NULL,
    name TEXT NOT NULL,
    group_code TEXT NOT NULL,
    lead_agency TEXT NOT NULL,
    flag_count BIGINT NOT NULL,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX criteria_sets_version ON criteria_sets (version, number);

ALTER TABLE products ADD COLUMN criteria_set_reason TEXT
"#;
