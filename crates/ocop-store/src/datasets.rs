//! Loading reference and demo datasets, each in one transaction together with
//! its marker in `dataset_loads`.
//!
//! If the process dies in the middle (even `kill -9`), the transaction never
//! commits: the database holds all of a dataset or none of it, and the next
//! start loads what is missing.

use crate::audit::AuditEntry;
use crate::bulk::{Value, insert_many};
use crate::{Backend, Result, Store};
use sqlx::{Any, Transaction};

/// An open load of one dataset.
pub struct LoadTx {
    pub(crate) tx: Transaction<'static, Any>,
    dataset: String,
}

impl Store {
    /// Names of the datasets already loaded.
    pub async fn loaded_datasets(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT dataset FROM dataset_loads ORDER BY dataset")
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Starts loading `dataset`, or returns `None` when it is already loaded
    /// (checked inside the transaction, under a lock on PostgreSQL so that
    /// instances starting together load it once).
    pub async fn begin_load(&self, dataset: &str) -> Result<Option<LoadTx>> {
        let mut tx = self.pool().begin().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(727002)")
                .execute(&mut *tx)
                .await?;
        }
        let done: i64 = sqlx::query_scalar("SELECT count(*) FROM dataset_loads WHERE dataset = $1")
            .bind(dataset.to_owned())
            .fetch_one(&mut *tx)
            .await?;
        if done > 0 {
            return Ok(None);
        }
        Ok(Some(LoadTx {
            tx,
            dataset: dataset.to_owned(),
        }))
    }
}

impl Store {
    /// Refreshes the planner's statistics (after a large load, before the
    /// next autovacuum would).
    pub async fn analyze(&self) -> Result<()> {
        sqlx::query("ANALYZE").execute(self.pool()).await?;
        Ok(())
    }
}

impl LoadTx {
    pub async fn insert(
        &mut self,
        table: &'static str,
        columns: &[&'static str],
        rows: &[Vec<Value>],
    ) -> Result<u64> {
        insert_many(&mut self.tx, table, columns, rows).await
    }

    /// Inserts one row and returns its generated `id`.
    pub async fn insert_returning_id(
        &mut self,
        table: &'static str,
        columns: &[&'static str],
        row: Vec<Value>,
    ) -> Result<i64> {
        let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({}) RETURNING id",
            columns.join(", "),
            placeholders.join(", ")
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
        for v in row {
            q = bind_value(q, v);
        }
        Ok(q.fetch_one(&mut *self.tx).await?)
    }

    /// The largest id in `table` as this load sees it (rows inserted by one
    /// multi-row insert in a load take consecutive ids: nothing else writes).
    pub async fn max_id(&mut self, table: &'static str) -> Result<i64> {
        let sql = format!("SELECT coalesce(max(id), 0) FROM {table}");
        Ok(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut *self.tx)
            .await?)
    }

    /// The id of the first row whose columns equal the given values, if any.
    pub async fn find_id_by(
        &mut self,
        table: &'static str,
        filters: &[(&'static str, Value)],
    ) -> Result<Option<i64>> {
        let conditions: Vec<String> = filters
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} = ${}", i + 1))
            .collect();
        let sql = format!(
            "SELECT id FROM {table} WHERE {} ORDER BY id LIMIT 1",
            conditions.join(" AND ")
        );
        let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
        for (_, v) in filters {
            q = bind_value(q, v.clone());
        }
        Ok(q.fetch_optional(&mut *self.tx).await?)
    }

    /// Records the criteria set a product is evaluated with; exactly one
    /// product of the province must match by name and producer.
    pub async fn assign_criteria_set(
        &mut self,
        province: &str,
        product: &str,
        producer: &str,
        set: &str,
        reason: &str,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE products SET criteria_set = $1, criteria_set_reason = $2, \
             group_code = coalesce((SELECT cs.group_code FROM criteria_sets cs WHERE cs.id = $1), group_code) \
             WHERE province_code = $3 AND name = $4 \
             AND producer_id IN (SELECT id FROM producers WHERE province_code = $3 AND name = $5)",
        )
        .bind(set.to_owned())
        .bind(reason.to_owned())
        .bind(province.to_owned())
        .bind(product.to_owned())
        .bind(producer.to_owned())
        .execute(&mut *self.tx)
        .await?;
        crate::snapshot::bump(&mut self.tx).await?;
        Ok(done.rows_affected())
    }

    /// Nhóm theo bộ tiêu chí — a product's group is its criteria set's group
    /// (coffee scored on set 13 is group I, whatever a published list called
    /// it); the source's own label stays in `group_label`. Corrects products
    /// loaded before the rule, audited as one platform change.
    pub async fn groups_follow_sets(&mut self, now: &str) -> Result<i64> {
        let changed: Vec<(i64, String, Option<String>, String)> = sqlx::query_as(
            "SELECT p.id, p.name, p.group_code, cs.group_code FROM products p \
             JOIN criteria_sets cs ON cs.id = p.criteria_set \
             WHERE p.group_code IS NULL OR p.group_code <> cs.group_code ORDER BY p.id",
        )
        .fetch_all(&mut *self.tx)
        .await?;
        for (id, _, _, group) in &changed {
            sqlx::query("UPDATE products SET group_code = $2 WHERE id = $1")
                .bind(*id)
                .bind(group.clone())
                .execute(&mut *self.tx)
                .await?;
        }
        if !changed.is_empty() {
            let list: Vec<serde_json::Value> = changed
                .iter()
                .map(|(id, name, before, after)| serde_json::json!({ "product": id, "name": name, "before": before, "after": after }))
                .collect();
            AuditEntry::of("platform", "product.group_follows_set", "product", "*")
                .after(serde_json::json!({ "products": list }))
                .write(&mut self.tx, now)
                .await?;
            crate::snapshot::bump(&mut self.tx).await?;
        }
        Ok(i64::try_from(changed.len()).unwrap_or(i64::MAX))
    }

    /// Writes the marker and commits: the dataset is now loaded. Certificates
    /// the load added are linked to the ones they replaced first.
    pub async fn finish(mut self, rows: i64, now: &str) -> Result<()> {
        crate::succession::link_successions(&mut self.tx, None).await?;
        sqlx::query(
            "INSERT INTO dataset_loads (dataset, rows_loaded, loaded_at) VALUES ($1, $2, $3)",
        )
        .bind(self.dataset.clone())
        .bind(rows)
        .bind(now.to_owned())
        .execute(&mut *self.tx)
        .await?;
        self.tx.commit().await?;
        Ok(())
    }
}

type ScalarQuery<'q> = sqlx::query::QueryScalar<'q, Any, i64, sqlx::any::AnyArguments>;

fn bind_value(q: ScalarQuery<'_>, v: Value) -> ScalarQuery<'_> {
    match v {
        Value::Text(s) => q.bind(s),
        Value::OptText(s) => q.bind(s),
        Value::Int(i) => q.bind(i),
        Value::OptInt(i) => q.bind(i),
        Value::Bool(b) => q.bind(b),
    }
}
