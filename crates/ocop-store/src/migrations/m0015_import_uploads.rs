//! A file sent for import is kept between its dry run and the go-ahead, so
//! the office does not choose it twice; the column mapping chosen for it is
//! saved under a template name for the next file of the same shape.

pub const SQL: &str = r#"
CREATE TABLE import_uploads (
    id {pk},
    filename TEXT NOT NULL,
    data {blob} NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);

CREATE TABLE import_templates (
    province_code TEXT NOT NULL,
    name TEXT NOT NULL,
    mapping_json TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (province_code, name)
)
"#;
