//! The portal's own records: where to buy a product (points of sale and
//! marketplace links), trade-promotion events with the products taking part,
//! the office's news, and certificate suspension (tạm đình chỉ), which the
//! public star check must show like a revocation.

pub const SQL: &str = r#"
ALTER TABLE certificates ADD COLUMN suspended_on TEXT;
ALTER TABLE certificates ADD COLUMN suspended_reason TEXT;
ALTER TABLE certificates ADD COLUMN status_decision TEXT;
CREATE INDEX certificates_number ON certificates (number);

CREATE TABLE points_of_sale (
    id {pk},
    province_code TEXT NOT NULL,
    producer_id BIGINT NOT NULL REFERENCES producers (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    commune_code_2025 TEXT,
    phone TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX points_of_sale_producer ON points_of_sale (producer_id);

CREATE TABLE marketplace_links (
    id {pk},
    product_id BIGINT NOT NULL REFERENCES products (id),
    marketplace TEXT NOT NULL,
    url TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX marketplace_links_product ON marketplace_links (product_id);

CREATE TABLE events (
    id {pk},
    province_code TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    place TEXT NOT NULL,
    description TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (province_code, slug)
);

CREATE TABLE event_products (
    event_id BIGINT NOT NULL REFERENCES events (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    PRIMARY KEY (event_id, product_id)
);

CREATE TABLE news (
    id {pk},
    province_code TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    published_on TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (province_code, slug)
)
"#;
