//! Photos taken at a visit, kept with its record (re-encoded, no metadata).

pub const SQL: &str = r#"
CREATE TABLE inspection_photos (
    id {pk},
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    jpeg {blob} NOT NULL
)
"#;
