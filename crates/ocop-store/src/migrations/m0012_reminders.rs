//! Nhắc hết hạn — which reminders went out, one row per (thing, threshold),
//! so a reminder is sent once however many instances run the job.

pub const SQL: &str = r#"
CREATE TABLE reminders (
    kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    months BIGINT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (kind, subject_id, months)
)
"#;
