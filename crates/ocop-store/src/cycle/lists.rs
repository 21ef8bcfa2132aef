//! Danh sách — rounds and dossiers as the back office lists them.

use super::*;
use ocop_domain::scope::DossierFilter;

/// A dossier in a list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DossierLine {
    pub id: i64,
    pub round_id: i64,
    pub round_label: String,
    pub product_name: String,
    pub producer_id: i64,
    pub province_code: String,
    pub commune_code_2025: Option<String>,
    /// The product's district before the 2025 reform, where known (what a
    /// district officer's reach was).
    pub district_code_pre2025: Option<String>,
    pub commune_name: Option<String>,
    pub group_code: Option<String>,
    /// The set the dossier is scored on, which may name its own department.
    pub criteria_set: String,
    pub state: ocop_domain::dossier::DossierState,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl Store {
    pub async fn rounds(&self, province: &str) -> Result<Vec<RoundRow>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM recognition_rounds WHERE province_code = $1 ORDER BY year DESC, id DESC")
            .bind(province.to_owned())
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(r) = self.round(id).await? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Dossiers of a province, newest first; `round` narrows to one round.
    pub async fn dossier_lines(
        &self,
        province: &str,
        round: Option<i64>,
    ) -> Result<Vec<DossierLine>> {
        self.dossier_lines_within(province, round, &DossierFilter::Province)
            .await
    }

    /// [`Self::dossier_lines`] narrowed in the query to a person's reach
    /// (the domain's [`DossierFilter`]), so a producer's list does not read
    /// the province's.
    pub async fn dossier_lines_within(
        &self,
        province: &str,
        round: Option<i64>,
        filter: &DossierFilter,
    ) -> Result<Vec<DossierLine>> {
        let narrowing = match filter {
            DossierFilter::Province => String::new(),
            DossierFilter::Nothing => " AND 1 = 0".to_owned(),
            DossierFilter::Producer(_) => " AND p.producer_id = $3".to_owned(),
            DossierFilter::Area { .. } => {
                " AND (p.commune_code_2025 = $3 OR p.district_code_pre2025 = $4)".to_owned()
            }
            // Round ids are integers the store read itself; written inline.
            DossierFilter::Rounds(ids) if ids.is_empty() => " AND 1 = 0".to_owned(),
            DossierFilter::Rounds(ids) => format!(
                " AND d.round_id IN ({})",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            ),
        };
        let sql = format!(
            "{LINE_SELECT} WHERE d.province_code = $1 AND ($2 = 0 OR d.round_id = $2){narrowing} ORDER BY d.id DESC"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province.to_owned())
            .bind(round.unwrap_or(0));
        match filter {
            DossierFilter::Producer(id) => q = q.bind(*id),
            DossierFilter::Area { commune, district } => {
                q = q.bind(commune.clone()).bind(district.clone());
            }
            _ => {}
        }
        let rows = q.fetch_all(self.pool()).await?;
        rows.iter().map(line_from_row).collect()
    }

    /// One dossier's line, by its key (what a step checks the person's
    /// reach against, without reading the province's list).
    pub async fn dossier_line(&self, province: &str, id: i64) -> Result<Option<DossierLine>> {
        let sql = format!("{LINE_SELECT} WHERE d.province_code = $1 AND d.id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province.to_owned())
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(line_from_row)
            .transpose()
    }

    /// Rounds whose council a member sits on.
    pub async fn rounds_of_member(&self, username: &str) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT round_id FROM council_members WHERE username = $1")
                .bind(username.to_owned())
                .fetch_all(self.pool())
                .await?,
        )
    }
}

const LINE_SELECT: &str = "SELECT d.id, d.round_id, r.label AS round_label, p.name AS product_name, p.producer_id, \
     d.province_code, p.commune_code_2025, p.district_code_pre2025, u.full_name AS commune_name, p.group_code, d.criteria_set, d.state, d.updated_at \
     FROM dossiers d JOIN products p ON p.id = d.product_id JOIN recognition_rounds r ON r.id = d.round_id \
     LEFT JOIN admin_units u ON u.scheme = '2025' AND u.code = p.commune_code_2025";

fn line_from_row(r: &sqlx::any::AnyRow) -> Result<DossierLine> {
    Ok(DossierLine {
        id: r.try_get("id")?,
        round_id: r.try_get("round_id")?,
        round_label: r.try_get("round_label")?,
        product_name: r.try_get("product_name")?,
        producer_id: r.try_get("producer_id")?,
        province_code: r.try_get("province_code")?,
        district_code_pre2025: r.try_get("district_code_pre2025")?,
        commune_code_2025: r.try_get("commune_code_2025")?,
        commune_name: r.try_get("commune_name")?,
        group_code: r.try_get("group_code")?,
        criteria_set: r.try_get("criteria_set")?,
        state: super::dossier_state(r.try_get("state")?)?,
        updated_at: crate::dates::stamp(r.try_get("updated_at")?)?,
    })
}
