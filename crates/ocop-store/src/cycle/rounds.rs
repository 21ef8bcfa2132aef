//! Đợt đánh giá — rounds, their deadlines and their council.

use super::*;
use crate::audit::AuditEntry;

/// The stage deadlines of a round (dates, `YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RoundDeadlines {
    pub registration_until: Option<chrono::NaiveDate>,
    pub dossier_until: Option<chrono::NaiveDate>,
    pub commune_until: Option<chrono::NaiveDate>,
    pub advisory_until: Option<chrono::NaiveDate>,
    pub council_until: Option<chrono::NaiveDate>,
    pub decision_until: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoundRow {
    pub id: i64,
    pub province_code: String,
    pub year: i64,
    pub label: String,
    /// Quy trình — the procedure the round follows, read once here.
    pub procedure: ocop_domain::ProcedureVersion,
    pub deadlines: RoundDeadlines,
}

impl Store {
    pub async fn create_round(
        &self,
        province: &str,
        year: i64,
        label: &str,
        procedure: &str,
        d: &RoundDeadlines,
        by: By<'_>,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO recognition_rounds (province_code, year, label, procedure, registration_until, dossier_until, \
             commune_until, advisory_until, council_until, decision_until, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(province.to_owned())
        .bind(year)
        .bind(label.to_owned())
        .bind(procedure.to_owned())
        .bind(d.registration_until.map(|x| x.to_string()))
        .bind(d.dossier_until.map(|x| x.to_string()))
        .bind(d.commune_until.map(|x| x.to_string()))
        .bind(d.advisory_until.map(|x| x.to_string()))
        .bind(d.council_until.map(|x| x.to_string()))
        .bind(d.decision_until.map(|x| x.to_string()))
        .bind(by.actor.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "year": year, "label": label, "procedure": procedure, "deadlines": d });
        AuditEntry::of(by.actor, "create", "round", id)
            .after(after)
            .commit(tx, by.at)
            .await?;
        Ok(id)
    }

    pub async fn round(&self, id: i64) -> Result<Option<RoundRow>> {
        let row = sqlx::query(
            "SELECT id, province_code, year, label, procedure, registration_until, dossier_until, commune_until, \
             advisory_until, council_until, decision_until FROM recognition_rounds WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(RoundRow {
                id: r.try_get("id")?,
                province_code: r.try_get("province_code")?,
                year: r.try_get("year")?,
                label: r.try_get("label")?,
                procedure: crate::codes::coded(
                    r.try_get("procedure")?,
                    "đợt ghi quy trình",
                    ocop_domain::ProcedureVersion::parse,
                )?,
                deadlines: RoundDeadlines {
                    registration_until: crate::dates::maybe(r.try_get("registration_until")?)?,
                    dossier_until: crate::dates::maybe(r.try_get("dossier_until")?)?,
                    commune_until: crate::dates::maybe(r.try_get("commune_until")?)?,
                    advisory_until: crate::dates::maybe(r.try_get("advisory_until")?)?,
                    council_until: crate::dates::maybe(r.try_get("council_until")?)?,
                    decision_until: crate::dates::maybe(r.try_get("decision_until")?)?,
                },
            })
        })
        .transpose()
    }

    pub async fn add_council_member(
        &self,
        round_id: i64,
        username: &str,
        chair: bool,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO council_members (round_id, username, is_chair) VALUES ($1, $2, $3)",
        )
        .bind(round_id)
        .bind(username.to_owned())
        .bind(i64::from(chair))
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "round": round_id, "member": username, "chair": chair });
        AuditEntry::of(actor, "add_member", "council", round_id)
            .after(after)
            .commit(tx, now)
            .await?;
        Ok(())
    }

    /// (username, is chair) of a round's council.
    pub async fn council_members(&self, round_id: i64) -> Result<Vec<(String, bool)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT username, is_chair FROM council_members WHERE round_id = $1 ORDER BY username",
        )
        .bind(round_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(u, c)| (u, c != 0)).collect())
    }
}
