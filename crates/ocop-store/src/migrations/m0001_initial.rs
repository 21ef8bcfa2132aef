//! The first schema: administrative units with their 2025 succession,
//! agencies, producers, products, rounds, decisions, certificates, programme
//! statistics, accounts, the audit log and dataset-load markers.
//!
//! Every record that belongs to a province carries `province_code`, so one
//! deployment can serve several provinces.

pub const SQL: &str = r#"
CREATE TABLE admin_units (
    scheme TEXT NOT NULL,
    code TEXT NOT NULL,
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    full_name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit_type TEXT NOT NULL,
    parent_code TEXT,
    province_code TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    PRIMARY KEY (scheme, code)
);
CREATE INDEX admin_units_parent ON admin_units (scheme, parent_code);
CREATE INDEX admin_units_folded ON admin_units (name_folded);

CREATE TABLE admin_unit_successions (
    old_province_code TEXT NOT NULL,
    old_district_code TEXT NOT NULL,
    old_commune_code TEXT,
    new_province_code TEXT NOT NULL,
    new_commune_code TEXT NOT NULL,
    split BOOLEAN NOT NULL
);
CREATE INDEX successions_old ON admin_unit_successions (old_commune_code);
CREATE INDEX successions_old_district ON admin_unit_successions (old_district_code);
CREATE INDEX successions_new ON admin_unit_successions (new_commune_code);

CREATE TABLE provinces_served (
    province_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    former_province_codes TEXT NOT NULL
);

CREATE TABLE agencies (
    province_code TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (province_code, code)
);

CREATE TABLE agency_product_groups (
    province_code TEXT NOT NULL,
    group_code TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    PRIMARY KEY (province_code, group_code)
);

CREATE TABLE producers (
    id {pk},
    province_code TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    kind TEXT NOT NULL,
    tax_code TEXT,
    representative_name TEXT,
    representative_gender TEXT,
    representative_ethnicity TEXT,
    address TEXT,
    commune_scheme TEXT,
    commune_code TEXT,
    commune_code_2025 TEXT,
    former_province_code TEXT,
    phone TEXT,
    email TEXT,
    website TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (province_code, slug)
);

CREATE TABLE products (
    id {pk},
    province_code TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    producer_id BIGINT NOT NULL REFERENCES producers (id),
    group_code TEXT,
    group_label TEXT,
    criteria_set TEXT,
    description TEXT,
    district_code_pre2025 TEXT,
    commune_code_pre2025 TEXT,
    commune_code_2025 TEXT,
    former_province_code TEXT,
    source_url TEXT,
    source_url_2 TEXT,
    source_note TEXT,
    source_level TEXT,
    dataset TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (province_code, slug)
);
CREATE INDEX products_producer ON products (producer_id);
CREATE INDEX products_commune ON products (commune_code_2025);
CREATE INDEX products_district ON products (district_code_pre2025);

CREATE TABLE product_items (
    id {pk},
    product_id BIGINT NOT NULL REFERENCES products (id),
    label TEXT NOT NULL,
    gtin TEXT
);

CREATE TABLE recognition_rounds (
    id {pk},
    province_code TEXT NOT NULL,
    year BIGINT NOT NULL,
    label TEXT NOT NULL,
    procedure TEXT NOT NULL,
    UNIQUE (province_code, label)
);

CREATE TABLE decisions (
    id {pk},
    province_code TEXT NOT NULL,
    number TEXT,
    issued_on TEXT,
    issuing_authority TEXT NOT NULL,
    level TEXT NOT NULL,
    round_id BIGINT REFERENCES recognition_rounds (id),
    signer TEXT,
    source_url TEXT,
    UNIQUE (province_code, number)
);

CREATE TABLE certificates (
    id {pk},
    province_code TEXT NOT NULL,
    product_id BIGINT NOT NULL REFERENCES products (id),
    decision_id BIGINT REFERENCES decisions (id),
    number TEXT,
    stars BIGINT NOT NULL,
    year BIGINT,
    issued_on TEXT,
    valid_until TEXT,
    revoked_on TEXT,
    revoked_reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX certificates_product ON certificates (product_id);

CREATE TABLE programme_statistics (
    province_code TEXT NOT NULL,
    former_province_code TEXT NOT NULL,
    seq BIGINT NOT NULL,
    period TEXT NOT NULL,
    decision TEXT,
    decision_date TEXT,
    products_recognised BIGINT,
    four_star BIGINT,
    three_star BIGINT,
    cumulative_total BIGINT,
    cumulative_four_star BIGINT,
    cumulative_three_star BIGINT,
    source_url TEXT,
    note TEXT,
    PRIMARY KEY (former_province_code, seq)
);

CREATE TABLE users (
    id {pk},
    province_code TEXT NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id {pk},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);

CREATE TABLE dataset_loads (
    dataset TEXT PRIMARY KEY,
    rows_loaded BIGINT NOT NULL,
    loaded_at TEXT NOT NULL
)
"#;
