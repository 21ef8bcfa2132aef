//! Ảnh sản phẩm — product photos, stored as the published JPEG sizes only
//! (the upload itself, with its metadata, is never kept); and the
//! catalogue's change counter, which lets every instance notice a change
//! that adds no row (a revocation, a removal) and drop its cached pages.

pub const SQL: &str = r#"
CREATE TABLE product_photos (
    id {pk},
    product_id BIGINT NOT NULL REFERENCES products (id),
    alt TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX product_photos_product ON product_photos (product_id);

CREATE TABLE photo_variants (
    photo_id BIGINT NOT NULL REFERENCES product_photos (id),
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    jpeg {blob} NOT NULL,
    PRIMARY KEY (photo_id, width)
);

CREATE TABLE catalogue_state (
    id BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO catalogue_state (id, version) VALUES (1, 0)
"#;
