//! Người — how records name people. Records keep usernames; pages,
//! history, the council board and the minutes name them by full name,
//! role and position, read here once.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use std::collections::HashMap;

/// One account as documents and pages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub username: String,
    pub full_name: String,
    /// The account's role, decoded once here.
    pub role: ocop_domain::access::Role,
    pub province_code: String,
    /// Chức danh, when recorded.
    pub position: Option<String>,
}

impl Person {
    /// "Nguyễn Văn A, Phó Giám đốc Sở …" when a position is recorded.
    pub fn with_position(&self) -> String {
        match self.position.as_deref() {
            Some(p) => format!("{}, {p}", self.full_name),
            None => self.full_name.clone(),
        }
    }
}

/// Everyone with an account, by username.
#[derive(Debug, Clone, Default)]
pub struct People(HashMap<String, Person>);

impl People {
    pub fn get(&self, username: &str) -> Option<&Person> {
        self.0.get(username)
    }

    /// The full name, or the username itself for an account since removed
    /// (or a system actor such as `he-thong`).
    pub fn full_name(&self, username: &str) -> String {
        self.get(username)
            .map_or_else(|| username.to_owned(), |p| p.full_name.clone())
    }

    /// Full name and position, or the username.
    pub fn named_with_position(&self, username: &str) -> String {
        self.get(username)
            .map_or_else(|| username.to_owned(), Person::with_position)
    }

    /// Every account, in username order.
    pub fn all(&self) -> Vec<&Person> {
        let mut v: Vec<&Person> = self.0.values().collect();
        v.sort_by(|a, b| a.username.cmp(&b.username));
        v
    }
}

impl Store {
    /// One account as documents name it.
    pub async fn person(&self, username: &str) -> Result<Option<Person>> {
        use sqlx::Row as _;
        let row = sqlx::query(
            "SELECT username, display_name, role, province_code, position FROM users WHERE username = $1",
        )
        .bind(username.to_owned())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(Person {
                username: r.try_get("username")?,
                full_name: r.try_get("display_name")?,
                role: role(r.try_get("role")?)?,
                province_code: r.try_get("province_code")?,
                position: r.try_get("position")?,
            })
        })
        .transpose()
    }

    /// Every account's name, role and position.
    pub async fn people(&self) -> Result<People> {
        let people = self
            .list_users()
            .await?
            .into_iter()
            .map(|u| {
                let person = Person {
                    role: role(u.role)?,
                    username: u.username.clone(),
                    full_name: u.display_name,
                    province_code: u.province_code,
                    position: u.position,
                };
                Ok((u.username, person))
            })
            .collect::<Result<_>>()?;
        Ok(People(people))
    }

    /// Records an account's position (empty clears it), audited with the
    /// value before and after. Returns `false` for an unknown account.
    pub async fn set_user_position(
        &self,
        username: &str,
        position: Option<&str>,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        use sqlx::Row as _;
        let mut tx = self.pool().begin().await?;
        let Some(row) = sqlx::query("SELECT id, position FROM users WHERE username = $1")
            .bind(username.to_owned())
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(false);
        };
        let id: i64 = row.try_get("id")?;
        let before: Option<String> = row.try_get("position")?;
        sqlx::query("UPDATE users SET position = $2 WHERE id = $1")
            .bind(id)
            .bind(position.map(str::to_owned))
            .execute(&mut *tx)
            .await?;
        AuditEntry::of(actor, "update", "user", id)
            .before(serde_json::json!({ "username": username, "position": before }))
            .after(serde_json::json!({ "username": username, "position": position }))
            .commit(tx, now)
            .await?;
        Ok(true)
    }
}

/// A stored role code; one the domain does not know is an error.
fn role(code: String) -> Result<ocop_domain::access::Role> {
    crate::codes::coded(code, "vai trò", ocop_domain::access::Role::parse)
}
