//! Where producers and points of sale are on the ground (tọa độ), for the
//! portal's offline map, kept as typed decimals like growing areas so both
//! databases give back exactly what was recorded; and the communes'
//! boundaries (ranh giới) when the office loads a file of them, as GeoJSON
//! rings already simplified.

pub const SQL: &str = r#"
ALTER TABLE producers ADD COLUMN latitude TEXT;
ALTER TABLE producers ADD COLUMN longitude TEXT;
ALTER TABLE points_of_sale ADD COLUMN latitude TEXT;
ALTER TABLE points_of_sale ADD COLUMN longitude TEXT;
CREATE TABLE commune_boundaries (
    province_code TEXT NOT NULL,
    code TEXT NOT NULL,
    rings TEXT NOT NULL,
    source TEXT NOT NULL,
    loaded_by TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    PRIMARY KEY (province_code, code)
)
"#;
