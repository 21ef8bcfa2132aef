//! The certification record: which certificate replaced which (one valid
//! certificate per product), set in the transaction that adds a certificate;
//! council sheets saved as drafts (which do not count) or submitted; the
//! procedures whose official text an administrator has verified; the
//! national 5★ path of a dossier; departments that lead a criteria set
//! rather than a whole group.

pub const SQL: &str = r#"
ALTER TABLE certificates ADD COLUMN superseded_by BIGINT REFERENCES certificates (id);
CREATE INDEX certificates_current ON certificates (product_id, superseded_by);
ALTER TABLE score_sheets ADD COLUMN submitted BIGINT NOT NULL DEFAULT 1;
CREATE TABLE procedure_texts (
    code TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    verified_by TEXT NOT NULL,
    verified_at TEXT NOT NULL
);
CREATE TABLE national_referrals (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
    province_code TEXT NOT NULL,
    state TEXT NOT NULL,
    council_hundredths BIGINT NOT NULL,
    proposed_at TEXT NOT NULL,
    sent_on TEXT,
    sent_reference TEXT,
    ministry_hundredths BIGINT,
    ministry_scored_on TEXT,
    decision_number TEXT,
    decision_on TEXT,
    certificate_id BIGINT REFERENCES certificates (id),
    note TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE agency_criteria_sets (
    province_code TEXT NOT NULL,
    criteria_set TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    PRIMARY KEY (province_code, criteria_set)
)
"#;
