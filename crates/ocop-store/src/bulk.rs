//! Multi-row inserts, so loading the national unit lists (about 25,000 rows)
//! takes a few round trips instead of thousands.

use sqlx::AnyConnection;

/// One cell of a row to insert.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
    Bool(bool),
}

/// Keeps every statement well under both engines' parameter limits
/// (SQLite 32,766; PostgreSQL 65,535).
const MAX_PARAMS: usize = 4000;

pub(crate) async fn insert_many(
    conn: &mut AnyConnection,
    table: &'static str,
    columns: &[&'static str],
    rows: &[Vec<Value>],
) -> crate::Result<u64> {
    let per_chunk = (MAX_PARAMS / columns.len().max(1)).max(1);
    let mut inserted = 0;
    for chunk in rows.chunks(per_chunk) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            if row.len() != columns.len() {
                return Err(crate::StoreError::Invalid(format!(
                    "{table}: row has {} values for {} columns",
                    row.len(),
                    columns.len()
                )));
            }
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..row.len() {
                n += 1;
                sql.push_str(&format!("{}${n}", if j == 0 { "" } else { ", " }));
            }
            sql.push(')');
        }
        // Only placeholders and our own static table and column names are in
        // the text; every value travels as a bound parameter.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for v in chunk.iter().flatten() {
            q = match v {
                Value::Text(s) => q.bind(s.clone()),
                Value::OptText(s) => q.bind(s.clone()),
                Value::Int(i) => q.bind(*i),
                Value::OptInt(i) => q.bind(*i),
                Value::Bool(b) => q.bind(*b),
            };
        }
        inserted += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(inserted)
}
