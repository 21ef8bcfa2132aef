//! Reading products and producers for the portal: lists with filters,
//! one product or producer by its slug, related products.

use super::*;

impl Store {
    /// Products of a province, newest recognition first, narrowed by `filter`.
    pub async fn list_products(
        &self,
        province: &str,
        filter: &ProductFilter,
    ) -> Result<Vec<ProductSummary>> {
        let mut sql = format!("{} WHERE p.province_code = $1", summary_select());
        let mut binds: Vec<BindValue> = vec![BindValue::Text(province.to_owned())];
        // Pushes a value and returns its placeholder number.
        let next = |b: BindValue, binds: &mut Vec<BindValue>| {
            binds.push(b);
            binds.len()
        };
        if let Some(q) = filter
            .q
            .as_deref()
            .map(ocop_domain::text::fold)
            .filter(|q| !q.trim().is_empty())
        {
            let words: Vec<&str> = q.split_whitespace().collect();
            sql.push_str(&crate::search::words_clause(words.len(), binds.len() + 1));
            for word in words {
                binds.push(BindValue::Text(crate::search::like_pattern(word)));
            }
        }
        if let Some(g) = &filter.group {
            let n = next(BindValue::Text(g.clone()), &mut binds);
            sql.push_str(&format!(" AND p.group_code = ${n}"));
        }
        if let Some(s) = filter.stars {
            let n = next(BindValue::Int(s), &mut binds);
            sql.push_str(&format!(" AND nc.stars = ${n}"));
        }
        if let Some(y) = filter.year {
            let n = next(BindValue::Int(y), &mut binds);
            sql.push_str(&format!(" AND nc.year = ${n}"));
        }
        if let Some(place) = &filter.place {
            let n = next(BindValue::Text(place.clone()), &mut binds);
            sql.push_str(&format!(" AND {}", in_area(&format!("${n}"))));
        }
        sql.push_str(" ORDER BY coalesce(nc.year, 0) DESC, nc.stars DESC, p.name");
        // Dynamic only in the number of placeholders; values are all bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = match b {
                BindValue::Text(t) => query.bind(t),
                BindValue::Int(i) => query.bind(i),
            };
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(summary_from_row).collect()
    }

    pub async fn product_by_slug(
        &self,
        province: &str,
        slug: &str,
    ) -> Result<Option<ProductDetail>> {
        let summary_sql = format!(
            "{} WHERE p.province_code = $1 AND p.slug = $2",
            summary_select()
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(summary_sql))
            .bind(province.to_owned())
            .bind(slug.to_owned())
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let summary = summary_from_row(&row)?;
        let detail = sqlx::query(
            "SELECT p.producer_id, p.description, pu.full_name AS commune_pre2025, fp.full_name AS former_province, \
             p.source_url, p.source_url_2, p.source_note, p.source_level, \
             p.criteria_set, cs.name AS criteria_set_name, p.criteria_set_reason, p.place_basis \
             FROM products p \
             LEFT JOIN admin_units pu ON pu.scheme = 'pre2025' AND pu.code = p.commune_code_pre2025 \
             LEFT JOIN admin_units fp ON fp.scheme = 'pre2025' AND fp.code = p.former_province_code \
             LEFT JOIN criteria_sets cs ON cs.id = p.criteria_set \
             WHERE p.id = $1",
        )
        .bind(summary.id)
        .fetch_one(self.pool())
        .await?;
        let certificates = self.certificates_of(summary.id).await?;
        Ok(Some(ProductDetail {
            producer_id: detail.try_get("producer_id")?,
            description: detail.try_get("description")?,
            commune_pre2025: detail.try_get("commune_pre2025")?,
            former_province: detail.try_get("former_province")?,
            source_url: detail.try_get("source_url")?,
            source_url_2: detail.try_get("source_url_2")?,
            source_note: detail.try_get("source_note")?,
            source_level: detail.try_get("source_level")?,
            criteria_set: detail.try_get("criteria_set")?,
            criteria_set_name: detail.try_get("criteria_set_name")?,
            criteria_set_reason: detail.try_get("criteria_set_reason")?,
            place_basis: detail
                .try_get::<Option<String>, _>("place_basis")?
                .as_deref()
                .and_then(ocop_domain::reform_place::PlaceBasis::parse),
            summary,
            certificates,
        }))
    }

    async fn certificates_of(&self, product_id: i64) -> Result<Vec<CertificateRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CERTIFICATE_COLUMNS} FROM certificates c {CERTIFICATE_JOINS} \
             WHERE c.product_id = $1 ORDER BY {CERTIFICATE_ORDER}"
        )))
        .bind(product_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(certificate_from_row).collect()
    }

    pub async fn producer_by_slug(
        &self,
        province: &str,
        slug: &str,
    ) -> Result<Option<ProducerDetail>> {
        let Some(r) = sqlx::query(
            "SELECT pr.id, pr.slug, pr.name, pr.kind, pr.tax_code, pr.address, pr.publish_contact, pr.phone, pr.zalo, pr.website, \
             cu.full_name AS commune_2025, \
             fp.full_name AS former_province \
             FROM producers pr \
             LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = pr.commune_code_2025 \
             LEFT JOIN admin_units fp ON fp.scheme = 'pre2025' AND fp.code = pr.former_province_code \
             WHERE pr.province_code = $1 AND pr.slug = $2",
        )
        .bind(province.to_owned())
        .bind(slug.to_owned())
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let id: i64 = r.try_get("id")?;
        let sql = format!(
            "{} WHERE p.producer_id = $1 ORDER BY p.name",
            summary_select()
        );
        let products = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(summary_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(ProducerDetail {
            id,
            slug: r.try_get("slug")?,
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            tax_code: r.try_get("tax_code")?,
            address: r.try_get("address")?,
            publish_contact: r.try_get::<i64, _>("publish_contact")? != 0,
            contact: crate::registry::ProducerContact {
                phone: r.try_get("phone")?,
                zalo: r.try_get("zalo")?,
                website: r.try_get("website")?,
                publish: r.try_get::<i64, _>("publish_contact")? != 0,
            },
            commune_2025: r.try_get("commune_2025")?,
            former_province: r.try_get("former_province")?,
            products,
        }))
    }
}

impl Store {
    /// Up to `limit` other products to suggest beside one: the same
    /// producer's first, then the same group's, newest recognition first.
    pub async fn related_products(
        &self,
        product_id: i64,
        producer_id: i64,
        group: Option<&str>,
        limit: i64,
    ) -> Result<Vec<ProductSummary>> {
        let sql = format!(
            "{} WHERE p.id <> $1 AND p.moderation = 'approved' AND p.province_code = (SELECT province_code FROM products WHERE id = $1) \
             AND (p.producer_id = $2 OR p.group_code = $3) \
             ORDER BY CASE WHEN p.producer_id = $2 THEN 0 ELSE 1 END, coalesce(nc.year, 0) DESC, p.id LIMIT $4",
            summary_select()
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(product_id)
            .bind(producer_id)
            .bind(group.map(str::to_owned))
            .bind(limit)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(summary_from_row)
            .collect()
    }
}
