//! Tổ tư vấn — the advisory group is seated per round, like the council, so
//! an adviser sees only the rounds it was assigned to.

pub const SQL: &str = r#"
CREATE TABLE advisory_members (
    round_id BIGINT NOT NULL REFERENCES recognition_rounds (id),
    username TEXT NOT NULL,
    PRIMARY KEY (round_id, username)
)
"#;
