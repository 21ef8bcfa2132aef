//! Which department (sở, ngành) leads which product group, per province.
//! Configuration, so a province can follow its own assignment.

use crate::audit::AuditEntry;
use crate::{Result, Store, StoreError};

/// One product group and the department that leads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupLead {
    pub group_code: String,
    pub agency_code: String,
    pub agency_name: String,
}

impl Store {
    pub async fn group_leads(&self, province: &str) -> Result<Vec<GroupLead>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT g.group_code, g.agency_code, a.name FROM agency_product_groups g \
             JOIN agencies a ON a.province_code = g.province_code AND a.code = g.agency_code \
             WHERE g.province_code = $1 ORDER BY g.group_code",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(group_code, agency_code, agency_name)| GroupLead {
                group_code,
                agency_code,
                agency_name,
            })
            .collect())
    }

    /// Gives `group` to `agency` in the province, recording before and after.
    pub async fn assign_group_lead(
        &self,
        province: &str,
        group: &str,
        agency: &str,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        ensure_agency(&mut tx, province, agency).await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT agency_code FROM agency_product_groups WHERE province_code = $1 AND group_code = $2")
                .bind(province.to_owned())
                .bind(group.to_owned())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(before) = before else {
            return Err(StoreError::NotFound(format!(
                "nhóm sản phẩm \"{group}\" ở tỉnh {province}"
            )));
        };
        sqlx::query("UPDATE agency_product_groups SET agency_code = $3 WHERE province_code = $1 AND group_code = $2")
            .bind(province.to_owned())
            .bind(group.to_owned())
            .bind(agency.to_owned())
            .execute(&mut *tx)
            .await?;
        AuditEntry::of(
            actor,
            "assign",
            "product_group_lead",
            format!("{province}/{group}"),
        )
        .before(serde_json::json!({ "agency": before }))
        .after(serde_json::json!({ "agency": agency }))
        .commit(tx, now)
        .await?;
        Ok(())
    }
}

/// Refuses a department code the province does not have.
async fn ensure_agency(tx: &mut sqlx::AnyConnection, province: &str, agency: &str) -> Result<()> {
    let known: i64 =
        sqlx::query_scalar("SELECT count(*) FROM agencies WHERE province_code = $1 AND code = $2")
            .bind(province.to_owned())
            .bind(agency.to_owned())
            .fetch_one(&mut *tx)
            .await?;
    if known == 0 {
        return Err(StoreError::NotFound(format!(
            "sở, ngành mã \"{agency}\" ở tỉnh {province}"
        )));
    }
    Ok(())
}

impl Store {
    /// Every department assignment of the province: by group and by set.
    pub async fn department_leads(&self, province: &str) -> Result<ocop_domain::agency::Leads> {
        let by_group = self
            .group_leads(province)
            .await?
            .into_iter()
            .map(|g| (g.group_code, g.agency_code, g.agency_name))
            .collect();
        let by_set: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT s.criteria_set, s.agency_code, a.name FROM agency_criteria_sets s \
             JOIN agencies a ON a.province_code = s.province_code AND a.code = s.agency_code \
             WHERE s.province_code = $1 ORDER BY s.criteria_set",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?;
        Ok(ocop_domain::agency::Leads { by_group, by_set })
    }

    /// Gives a criteria set (a sub-group) to `agency`, or back to its
    /// group's department with `None`; audited with before and after.
    pub async fn assign_set_lead(
        &self,
        province: &str,
        criteria_set: &str,
        agency: Option<&str>,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let known_set: i64 = sqlx::query_scalar("SELECT count(*) FROM criteria_sets WHERE id = $1")
            .bind(criteria_set.to_owned())
            .fetch_one(&mut *tx)
            .await?;
        if known_set == 0 {
            return Err(StoreError::NotFound(format!(
                "bộ tiêu chí \"{criteria_set}\""
            )));
        }
        if let Some(agency) = agency {
            ensure_agency(&mut tx, province, agency).await?;
        }
        let before: Option<String> = sqlx::query_scalar(
            "SELECT agency_code FROM agency_criteria_sets WHERE province_code = $1 AND criteria_set = $2",
        )
        .bind(province.to_owned())
        .bind(criteria_set.to_owned())
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM agency_criteria_sets WHERE province_code = $1 AND criteria_set = $2",
        )
        .bind(province.to_owned())
        .bind(criteria_set.to_owned())
        .execute(&mut *tx)
        .await?;
        if let Some(agency) = agency {
            sqlx::query(
                "INSERT INTO agency_criteria_sets (province_code, criteria_set, agency_code) VALUES ($1, $2, $3)",
            )
            .bind(province.to_owned())
            .bind(criteria_set.to_owned())
            .bind(agency.to_owned())
            .execute(&mut *tx)
            .await?;
        }
        // Public: the catalogue's snapshot counts products by department.
        AuditEntry::of(
            actor,
            "assign",
            "criteria_set_lead",
            format!("{province}/{criteria_set}"),
        )
        .before(serde_json::json!({ "agency": before }))
        .after(serde_json::json!({ "agency": agency }))
        .commit_public(tx, now)
        .await?;
        Ok(())
    }
}
