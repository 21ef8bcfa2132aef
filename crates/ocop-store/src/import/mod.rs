//! Writing an imported list: producers, products, decisions and
//! certificates upserted in one transaction, so a file either goes in whole
//! or not at all, and importing it twice changes nothing.

mod known;

use crate::audit::AuditEntry;
use crate::{Result, Store};
use known::{Known, KnownProduct};

/// How often a long import reports its progress (and may be cancelled).
pub const PROGRESS_EVERY: usize = 500;

/// A checked row, as the store needs it.
pub struct Row<'a> {
    pub product: &'a str,
    pub product_slug: &'a str,
    pub product_folded: &'a str,
    pub producer: &'a str,
    pub producer_slug: &'a str,
    pub producer_folded: &'a str,
    pub producer_kind: &'a str,
    pub stars: i64,
    pub group: Option<&'a str>,
    pub year: Option<i64>,
    pub decision: Option<&'a str>,
    pub decision_date: Option<&'a str>,
    pub valid_until: Option<&'a str>,
    pub commune: Option<&'a str>,
    pub address: Option<&'a str>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub producers_added: usize,
    pub products_added: usize,
    pub products_updated: usize,
    pub certificates_added: usize,
    pub unchanged: usize,
}

impl Store {
    /// Applies the rows; with `commit` false, rolls back and only reports.
    pub async fn import_rows(
        &self,
        province: &str,
        rows: &[Row<'_>],
        commit: bool,
        actor: &str,
        now: &str,
    ) -> Result<Outcome> {
        self.import_rows_watched(province, rows, commit, actor, now, |_| async { true })
            .await
            .map(|o| o.unwrap_or_default())
    }

    /// As [`Store::import_rows`], telling `progress` how many rows are done
    /// every [`PROGRESS_EVERY`] rows; when it answers `false` (the import was
    /// cancelled) everything is rolled back and `None` returned.
    pub async fn import_rows_watched<F, Fut>(
        &self,
        province: &str,
        rows: &[Row<'_>],
        commit: bool,
        actor: &str,
        now: &str,
        mut progress: F,
    ) -> Result<Option<Outcome>>
    where
        F: FnMut(usize) -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let mut tx = self.begin_write().await?;
        let mut known = Known::load(&mut tx, province).await?;
        let mut o = Outcome::default();
        for (done, r) in rows.iter().enumerate() {
            if done > 0 && done % PROGRESS_EVERY == 0 && !progress(done).await {
                tx.rollback().await?;
                return Ok(None);
            }
            let producer = match known.producers.get(r.producer_slug) {
                Some(id) => *id,
                None => {
                    o.producers_added += 1;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO producers (province_code, slug, name, name_folded, kind, address, commune_code_2025, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                    )
                    .bind(province.to_owned())
                    .bind(r.producer_slug.to_owned())
                    .bind(r.producer.to_owned())
                    .bind(r.producer_folded.to_owned())
                    .bind(r.producer_kind.to_owned())
                    .bind(r.address.map(str::to_owned))
                    .bind(r.commune.map(str::to_owned))
                    .bind(now.to_owned())
                    .fetch_one(&mut *tx)
                    .await?;
                    known.producers.insert(r.producer_slug.to_owned(), id);
                    id
                }
            };
            let mut changed = false;
            let key = (producer, r.product_folded.to_owned());
            let product = match known.products.get_mut(&key) {
                None => {
                    o.products_added += 1;
                    changed = true;
                    let slug = if known.slugs.contains(r.product_slug) {
                        format!("{}-{}", r.product_slug, r.producer_slug)
                    } else {
                        r.product_slug.to_owned()
                    };
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO products (province_code, slug, name, name_folded, producer_id, group_code, commune_code_2025, \
                         source_level, dataset, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'import', 'import', $8, $8) RETURNING id",
                    )
                    .bind(province.to_owned())
                    .bind(slug.clone())
                    .bind(r.product.to_owned())
                    .bind(r.product_folded.to_owned())
                    .bind(producer)
                    .bind(r.group.map(str::to_owned))
                    .bind(r.commune.map(str::to_owned))
                    .bind(now.to_owned())
                    .fetch_one(&mut *tx)
                    .await?;
                    known.slugs.insert(slug);
                    known.products.insert(
                        key,
                        KnownProduct {
                            id,
                            group: r.group.map(str::to_owned),
                            commune: r.commune.map(str::to_owned),
                        },
                    );
                    id
                }
                Some(p) => {
                    // Only what the file says and the record lacks or
                    // differs in is written.
                    let new_group = r.group.filter(|g| p.group.as_deref() != Some(*g));
                    let new_commune = r.commune.filter(|c| p.commune.as_deref() != Some(*c));
                    if new_group.is_some() || new_commune.is_some() {
                        o.products_updated += 1;
                        changed = true;
                        sqlx::query(
                            "UPDATE products SET group_code = coalesce($2, group_code), commune_code_2025 = coalesce($3, commune_code_2025), \
                             updated_at = $4 WHERE id = $1",
                        )
                        .bind(p.id)
                        .bind(new_group.map(str::to_owned))
                        .bind(new_commune.map(str::to_owned))
                        .bind(now.to_owned())
                        .execute(&mut *tx)
                        .await?;
                        if let Some(g) = new_group {
                            p.group = Some(g.to_owned());
                        }
                        if let Some(c) = new_commune {
                            p.commune = Some(c.to_owned());
                        }
                    }
                    p.id
                }
            };
            // A certificate per (product, decision); without a decision,
            // per (product, year, stars).
            let has = match r.decision {
                Some(d) => known.by_decision.contains(&(product, d.to_owned())),
                None => known
                    .by_year
                    .contains(&(product, r.year.unwrap_or(0), r.stars)),
            };
            if !has {
                let decision_id: Option<i64> = match r.decision {
                    None => None,
                    Some(d) => match known.decisions.get(d) {
                        Some(id) => Some(*id),
                        None => {
                            let id: i64 = sqlx::query_scalar(
                                "INSERT INTO decisions (province_code, number, issued_on, issuing_authority, level) \
                                 VALUES ($1, $2, $3, 'Theo danh sách nhập', 'province') RETURNING id",
                            )
                            .bind(province.to_owned())
                            .bind(d.to_owned())
                            .bind(r.decision_date.map(str::to_owned))
                            .fetch_one(&mut *tx)
                            .await?;
                            known.decisions.insert(d.to_owned(), id);
                            Some(id)
                        }
                    },
                };
                sqlx::query(
                    "INSERT INTO certificates (province_code, product_id, decision_id, stars, year, issued_on, valid_until, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(province.to_owned())
                .bind(product)
                .bind(decision_id)
                .bind(r.stars)
                .bind(r.year)
                .bind(r.decision_date.map(str::to_owned))
                .bind(r.valid_until.map(str::to_owned))
                .bind(now.to_owned())
                .execute(&mut *tx)
                .await?;
                if let Some(d) = r.decision {
                    known.by_decision.insert((product, d.to_owned()));
                }
                known
                    .by_year
                    .insert((product, r.year.unwrap_or(0), r.stars));
                // A product's first certificate succeeds nothing.
                if !known.certified.insert(product) {
                    crate::succession::link_successions(&mut tx, Some(product)).await?;
                }
                o.certificates_added += 1;
                changed = true;
            }
            if !changed {
                o.unchanged += 1;
            }
        }
        // Old places for what the file added or moved, in the same transaction.
        crate::reform_places::derive(&mut tx, province, None).await?;
        if commit {
            AuditEntry::of(actor, "import.apply", "catalogue", province.to_owned())
                .after(serde_json::to_value(&o).unwrap_or_default())
                .commit_public(tx, now)
                .await?;
        } else {
            tx.rollback().await?;
        }
        Ok(Some(o))
    }
}

impl Store {
    pub async fn keep_upload(
        &self,
        filename: &str,
        data: &[u8],
        actor: &str,
        now: &str,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO import_uploads (filename, data, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(filename.to_owned())
        .bind(data.to_vec())
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .fetch_one(self.pool())
        .await?)
    }

    /// A kept upload of this person: (file name, bytes).
    pub async fn upload(&self, id: i64, actor: &str) -> Result<Option<(String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT filename, data FROM import_uploads WHERE id = $1 AND uploaded_by = $2",
        )
        .bind(id)
        .bind(actor.to_owned())
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn save_template(
        &self,
        province: &str,
        name: &str,
        mapping_json: &str,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO import_templates (province_code, name, mapping_json, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (province_code, name) DO UPDATE SET mapping_json = excluded.mapping_json, saved_by = excluded.saved_by, saved_at = excluded.saved_at",
        )
        .bind(province.to_owned())
        .bind(name.to_owned())
        .bind(mapping_json.to_owned())
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Saved templates: (name, mapping JSON).
    pub async fn templates(&self, province: &str) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT name, mapping_json FROM import_templates WHERE province_code = $1 ORDER BY name",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?)
    }
}
