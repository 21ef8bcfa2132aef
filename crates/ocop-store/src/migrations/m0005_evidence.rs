//! Evidence files, kept in the database so every instance sees them and a
//! failed upload leaves nothing behind.

pub const SQL: &str = r#"
CREATE TABLE evidence (
    id {pk},
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    criterion_id TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data {blob} NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX evidence_dossier ON evidence (dossier_id)
"#;
