//! Notifications: in the application for every account, and an outbox of
//! emails that a worker sends (so a slow mail server never blocks a page, and
//! several instances share the queue without sending anything twice).

pub const SQL: &str = r#"
ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE notifications (
    id {pk},
    username TEXT NOT NULL,
    at TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    read_at TEXT
);
CREATE INDEX notifications_user ON notifications (username, read_at);

CREATE TABLE outbox (
    id {pk},
    to_email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at)
"#;
