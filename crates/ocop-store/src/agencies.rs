//! Which department (sở, ngành) leads which product group, per province.
//! Configuration, so a province can follow its own assignment.

use crate::audit::{self, AuditEntry};
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
        let known: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM agencies WHERE province_code = $1 AND code = $2",
        )
        .bind(province.to_owned())
        .bind(agency.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        if known == 0 {
            return Err(StoreError::Invalid(format!(
                "không có sở, ngành mã \"{agency}\" ở tỉnh {province}"
            )));
        }
        let before: Option<String> =
            sqlx::query_scalar("SELECT agency_code FROM agency_product_groups WHERE province_code = $1 AND group_code = $2")
                .bind(province.to_owned())
                .bind(group.to_owned())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(before) = before else {
            return Err(StoreError::Invalid(format!(
                "không có nhóm sản phẩm \"{group}\" ở tỉnh {province}"
            )));
        };
        sqlx::query("UPDATE agency_product_groups SET agency_code = $3 WHERE province_code = $1 AND group_code = $2")
            .bind(province.to_owned())
            .bind(group.to_owned())
            .bind(agency.to_owned())
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry {
                actor,
                action: "assign",
                entity: "product_group_lead",
                entity_id: format!("{province}/{group}"),
                before: Some(serde_json::json!({ "agency": before })),
                after: Some(serde_json::json!({ "agency": agency })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
