//! After recognition: misuse reports from the public (phản ánh), product
//! inspections with follow-up actions (kiểm tra, giám sát), and producers'
//! monthly sales by channel (kết quả tiêu thụ).
//!
//! A misuse report keeps no trace of who sent it unless they leave a contact
//! themselves; the per-sender daily limit counts under a key made with a
//! salt that is thrown away with the day.

pub const SQL: &str = r#"
CREATE TABLE misuse_reports (
    id {pk},
    province_code TEXT NOT NULL,
    product_id BIGINT REFERENCES products (id),
    product_text TEXT NOT NULL,
    seller TEXT NOT NULL,
    place TEXT NOT NULL,
    link TEXT,
    description TEXT NOT NULL,
    contact TEXT,
    photo_jpeg {blob},
    status TEXT NOT NULL,
    outcome TEXT,
    created_at TEXT NOT NULL,
    handled_by TEXT,
    handled_at TEXT
);
CREATE INDEX misuse_reports_status ON misuse_reports (province_code, status);

CREATE TABLE report_limits (
    day TEXT NOT NULL,
    client_key TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (day, client_key)
);

CREATE TABLE daily_salts (
    day TEXT PRIMARY KEY,
    salt TEXT NOT NULL
);

CREATE TABLE inspections (
    id {pk},
    product_id BIGINT NOT NULL REFERENCES products (id),
    kind TEXT NOT NULL,
    inspected_on TEXT NOT NULL,
    still_produced BIGINT NOT NULL,
    still_sold BIGINT NOT NULL,
    quality_ok BIGINT NOT NULL,
    packaging_ok BIGINT NOT NULL,
    findings TEXT NOT NULL,
    result TEXT NOT NULL,
    inspector TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX inspections_product ON inspections (product_id);

CREATE TABLE inspection_actions (
    id {pk},
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    action TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT
);

CREATE TABLE sales_reports (
    id {pk},
    product_id BIGINT NOT NULL REFERENCES products (id),
    month TEXT NOT NULL,
    channel TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    revenue_vnd BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (product_id, month, channel)
)
"#;
