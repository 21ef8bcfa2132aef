//! Where producers and points of sale are on the ground (tọa độ), for the
//! portal's offline map. Kept as typed decimals, like growing areas, so both
//! databases give back exactly what was recorded.

pub const SQL: &str = r#"
ALTER TABLE producers ADD COLUMN latitude TEXT;
ALTER TABLE producers ADD COLUMN longitude TEXT;
ALTER TABLE points_of_sale ADD COLUMN latitude TEXT;
ALTER TABLE points_of_sale ADD COLUMN longitude TEXT
"#;
