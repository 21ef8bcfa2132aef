//! Trace events (sự kiện truy xuất): only ever inserted, a correction a new
//! row naming the event it corrects; and the batch a scanned code names.

use super::*;

/// An event as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRow {
    pub id: i64,
    pub event_id: String,
    pub step: String,
    /// RFC 3339 with the offset it was recorded in.
    pub event_time: String,
    pub place: String,
    pub area_code: Option<String>,
    pub quantity: Option<i64>,
    pub note: String,
    pub corrects_id: Option<i64>,
    pub recorded_by: String,
    pub recorded_at: String,
}

pub(super) fn event_from_row(r: &sqlx::any::AnyRow) -> Result<EventRow> {
    Ok(EventRow {
        id: r.try_get("id")?,
        event_id: r.try_get("event_id")?,
        step: r.try_get("step")?,
        event_time: r.try_get("event_time")?,
        place: r.try_get("place")?,
        area_code: r.try_get("area_code")?,
        quantity: r.try_get("quantity")?,
        note: r.try_get("note")?,
        corrects_id: r.try_get("corrects_id")?,
        recorded_by: r.try_get("recorded_by")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

/// How a scanned code names its batch.
#[derive(Debug, Clone, Copy)]
pub enum ScannedBy<'a> {
    ShortCode(&'a str),
    GtinLot {
        province: &'a str,
        gtin14: &'a str,
        lot: &'a str,
    },
}

/// An event to insert.
pub struct NewEvent<'a> {
    pub batch_id: i64,
    pub event_id: &'a str,
    pub step: &'a str,
    pub event_time: &'a str,
    pub event_time_utc: &'a str,
    pub place: &'a str,
    pub area_id: Option<i64>,
    pub quantity: Option<i64>,
    pub note: &'a str,
    pub corrects_id: Option<i64>,
}

/// Why a batch of events was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventRefusal {
    /// The corrected event is not the batch's, or was corrected already
    /// (one correction per event: correct the correction instead).
    Correction(i64),
}

impl Store {
    /// A batch's events in time order (the recorded order breaks ties).
    pub async fn events_of_batch(&self, batch_id: i64) -> Result<Vec<EventRow>> {
        let rows = sqlx::query(
            "SELECT e.id, e.event_id, e.step, e.event_time, e.place, a.code AS area_code, e.quantity, e.note, \
             e.corrects_id, e.recorded_by, e.recorded_at \
             FROM trace_events e LEFT JOIN growing_areas a ON a.id = e.area_id \
             WHERE e.batch_id = $1 ORDER BY e.event_time_utc, e.id",
        )
        .bind(batch_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// A batch and its events in one round trip (the scan page, the busiest
    /// request): found by its short code, or by GTIN-14 and lot.
    pub async fn scanned_batch(
        &self,
        by: ScannedBy<'_>,
    ) -> Result<Option<(BatchRow, Vec<EventRow>)>> {
        let (filter, binds): (&str, Vec<String>) = match by {
            ScannedBy::ShortCode(c) => ("b.short_code = $1", vec![c.to_owned()]),
            ScannedBy::GtinLot {
                province,
                gtin14,
                lot,
            } => (
                "b.gtin = $1 AND b.lot_code = $2 AND b.province_code = $3",
                vec![gtin14.to_owned(), lot.to_owned(), province.to_owned()],
            ),
        };
        let sql = format!(
            "SELECT {BATCH_COLUMNS}, e.id AS e_id, e.event_id, e.step, e.event_time, e.place, ea.code AS area_code, \
             e.quantity AS e_quantity, e.note, e.corrects_id, e.recorded_by, e.recorded_at \
             {BATCH_FROM} LEFT JOIN trace_events e ON e.batch_id = b.id \
             LEFT JOIN growing_areas ea ON ea.id = e.area_id \
             WHERE {filter} ORDER BY e.event_time_utc, e.id"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        let rows = q.fetch_all(self.pool()).await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let batch = batch_from_row(first)?;
        let mut events = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: Option<i64> = r.try_get("e_id")?;
            if let Some(id) = id {
                events.push(EventRow {
                    id,
                    event_id: r.try_get("event_id")?,
                    step: r.try_get("step")?,
                    event_time: r.try_get("event_time")?,
                    place: r.try_get("place")?,
                    area_code: r.try_get("area_code")?,
                    quantity: r.try_get("e_quantity")?,
                    note: r.try_get("note")?,
                    corrects_id: r.try_get("corrects_id")?,
                    recorded_by: r.try_get("recorded_by")?,
                    recorded_at: r.try_get("recorded_at")?,
                });
            }
        }
        Ok(Some((batch, events)))
    }

    /// Writes all the events or none. A correction must name an event of the
    /// same batch that nothing has corrected yet (checked inside the
    /// transaction, so two people correcting one event cannot both succeed).
    pub async fn append_events(
        &self,
        events: &[NewEvent<'_>],
        actor: &str,
        now: &str,
    ) -> Result<std::result::Result<Vec<i64>, EventRefusal>> {
        let mut tx = self.pool().begin().await?;
        let mut ids = Vec::with_capacity(events.len());
        for e in events {
            if let Some(target) = e.corrects_id {
                let ok: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM trace_events t WHERE t.id = $1 AND t.batch_id = $2 \
                     AND NOT EXISTS (SELECT 1 FROM trace_events c WHERE c.corrects_id = t.id)",
                )
                .bind(target)
                .bind(e.batch_id)
                .fetch_one(&mut *tx)
                .await?;
                if ok == 0 {
                    return Ok(Err(EventRefusal::Correction(target)));
                }
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO trace_events (batch_id, event_id, step, event_time, event_time_utc, place, area_id, \
                 quantity, note, corrects_id, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(e.batch_id)
            .bind(e.event_id.to_owned())
            .bind(e.step.to_owned())
            .bind(e.event_time.to_owned())
            .bind(e.event_time_utc.to_owned())
            .bind(e.place.to_owned())
            .bind(e.area_id)
            .bind(e.quantity)
            .bind(e.note.to_owned())
            .bind(e.corrects_id)
            .bind(actor.to_owned())
            .bind(now.to_owned())
            .fetch_one(&mut *tx)
            .await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(Ok(ids))
    }
}
