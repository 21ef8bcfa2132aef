//! Records of every kind the sources give, and places across the 2025 reform.
//!
//! A rating above what its issuer may recognise (a province's "5 sao cấp
//! tỉnh" under 1048/2019) is kept as a nomination, never as a certificate;
//! a producer the source does not name is kept as unnamed; each product and
//! producer records its pre-2025 district and commune with how they were
//! found (`place_basis`: the source, the recognising authority, the address,
//! or the 2025 commune through the mapping).

pub const SQL: &str = r#"
ALTER TABLE certificates ADD COLUMN nominated BIGINT NOT NULL DEFAULT 0;
ALTER TABLE producers ADD COLUMN name_stated BIGINT NOT NULL DEFAULT 1;
ALTER TABLE producers ADD COLUMN district_code_pre2025 TEXT;
ALTER TABLE producers ADD COLUMN commune_code_pre2025 TEXT;
ALTER TABLE producers ADD COLUMN place_basis TEXT;
ALTER TABLE products ADD COLUMN place_basis TEXT
"#;
