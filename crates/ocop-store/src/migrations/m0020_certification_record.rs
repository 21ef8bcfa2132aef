//! The certification record: which certificate replaced which (one valid
//! certificate per product), set in the transaction that adds a certificate;
//! council sheets saved as drafts (which do not count) or submitted; the
//! procedures whose official text an administrator has verified.

pub const SQL: &str = r#"
ALTER TABLE certificates ADD COLUMN superseded_by BIGINT REFERENCES certificates (id);
CREATE INDEX certificates_current ON certificates (product_id, superseded_by);
ALTER TABLE score_sheets ADD COLUMN submitted BIGINT NOT NULL DEFAULT 1;
CREATE TABLE procedure_texts (
    code TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    verified_by TEXT NOT NULL,
    verified_at TEXT NOT NULL
)
"#;
