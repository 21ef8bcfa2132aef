//! The producer's document vault: papers with their own validity (food-safety
//! certificate, test reports, trademark, VietGAP …), kept once and reused by
//! every later dossier.

pub const SQL: &str = r#"
CREATE TABLE producer_documents (
    id {pk},
    producer_id BIGINT NOT NULL REFERENCES producers (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    issued_on TEXT,
    valid_until TEXT,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data {blob} NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX producer_documents_producer ON producer_documents (producer_id)
"#;
