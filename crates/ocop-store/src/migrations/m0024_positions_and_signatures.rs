//! Chức danh và khối chữ ký. An account carries its position (how the
//! council minutes name a member: "Phó Giám đốc Sở Nông nghiệp và Môi
//! trường"), and a decision keeps the signature block it was signed with
//! ("TM. Ủy ban nhân dân / KT. Chủ tịch / Phó Chủ tịch"), entered once and
//! printed on the decision and on every certificate it issues. Decisions
//! recorded before have none; their documents fall back to the block the
//! issuing authority implies.

pub const SQL: &str = r#"
ALTER TABLE users ADD COLUMN position TEXT;
ALTER TABLE decisions ADD COLUMN signer_title TEXT
"#;
