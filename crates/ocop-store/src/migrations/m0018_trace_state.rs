//! A row per change to the trace records that adds no row of its own (a
//! growing area's status), so the trace signature changes with it.

pub const SQL: &str = r#"
CREATE TABLE trace_state_changes (
    id {pk},
    changed_at TEXT NOT NULL
)
"#;
