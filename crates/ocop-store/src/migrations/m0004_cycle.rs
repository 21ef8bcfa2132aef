//! The OCOP cycle: rounds with their stage deadlines, dossiers and their
//! append-only history, council members, declared conflicts and score sheets.

pub const SQL: &str = r#"
ALTER TABLE recognition_rounds ADD COLUMN registration_until TEXT;
ALTER TABLE recognition_rounds ADD COLUMN dossier_until TEXT;
ALTER TABLE recognition_rounds ADD COLUMN commune_until TEXT;
ALTER TABLE recognition_rounds ADD COLUMN advisory_until TEXT;
ALTER TABLE recognition_rounds ADD COLUMN council_until TEXT;
ALTER TABLE recognition_rounds ADD COLUMN decision_until TEXT;
ALTER TABLE recognition_rounds ADD COLUMN created_by TEXT;

CREATE TABLE dossiers (
    id {pk},
    province_code TEXT NOT NULL,
    round_id BIGINT NOT NULL REFERENCES recognition_rounds (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    criteria_set TEXT NOT NULL,
    self_assessment TEXT,
    self_total BIGINT,
    self_stars BIGINT,
    commune_assessment TEXT,
    council_hundredths BIGINT,
    council_stars BIGINT,
    national_review BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (round_id, product_id)
);

CREATE TABLE dossier_events (
    id {pk},
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    comment TEXT
);
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id);

CREATE TABLE council_members (
    round_id BIGINT NOT NULL REFERENCES recognition_rounds (id),
    username TEXT NOT NULL,
    is_chair BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, username)
);

CREATE TABLE council_conflicts (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    username TEXT NOT NULL,
    reason TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, username)
);

CREATE TABLE score_sheets (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    username TEXT NOT NULL,
    choices TEXT NOT NULL,
    total BIGINT NOT NULL,
    submitted_at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, username)
)
"#;
