//! Growing areas and packing houses (mã số vùng trồng, mã số cơ sở đóng gói)
//! with the codes exactly as issued, and the products that use them;
//! batches and their append-only trace events; scan counts (no personal
//! data: product, batch, day, province the scanner chose); the platform's
//! signing key.

pub const SQL: &str = r#"
CREATE TABLE growing_areas (
    id {pk},
    province_code TEXT NOT NULL,
    producer_id BIGINT NOT NULL REFERENCES producers (id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    crop TEXT NOT NULL,
    area_hundredths BIGINT,
    commune_code_2025 TEXT,
    latitude TEXT,
    longitude TEXT,
    authority TEXT NOT NULL,
    scope TEXT NOT NULL,
    status TEXT NOT NULL,
    issued_on TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (province_code, kind, code)
);

CREATE TABLE product_areas (
    product_id BIGINT NOT NULL REFERENCES products (id),
    area_id BIGINT NOT NULL REFERENCES growing_areas (id),
    PRIMARY KEY (product_id, area_id)
);

CREATE TABLE batches (
    id {pk},
    province_code TEXT NOT NULL,
    producer_id BIGINT NOT NULL REFERENCES producers (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    lot_code TEXT NOT NULL,
    gtin TEXT,
    short_code TEXT NOT NULL UNIQUE,
    produced_on TEXT NOT NULL,
    expires_on TEXT,
    quantity BIGINT,
    unit TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (product_id, lot_code)
);
CREATE INDEX batches_producer ON batches (producer_id, id);
CREATE INDEX batches_gtin ON batches (gtin, lot_code);

CREATE TABLE batch_areas (
    batch_id BIGINT NOT NULL REFERENCES batches (id),
    area_id BIGINT NOT NULL REFERENCES growing_areas (id),
    PRIMARY KEY (batch_id, area_id)
);

CREATE TABLE trace_events (
    id {pk},
    batch_id BIGINT NOT NULL REFERENCES batches (id),
    event_id TEXT NOT NULL UNIQUE,
    step TEXT NOT NULL,
    event_time TEXT NOT NULL,
    event_time_utc TEXT NOT NULL,
    place TEXT NOT NULL,
    area_id BIGINT REFERENCES growing_areas (id),
    quantity BIGINT,
    note TEXT NOT NULL,
    corrects_id BIGINT REFERENCES trace_events (id),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX trace_events_batch ON trace_events (batch_id, event_time_utc);

CREATE TABLE scan_counts (
    product_id BIGINT NOT NULL,
    batch_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    province_code TEXT NOT NULL,
    scans BIGINT NOT NULL,
    PRIMARY KEY (product_id, batch_id, day, province_code)
);
CREATE INDEX scan_counts_batch ON scan_counts (batch_id);

CREATE TABLE platform_keys (
    purpose TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    public TEXT NOT NULL,
    created_at TEXT NOT NULL
)
"#;
