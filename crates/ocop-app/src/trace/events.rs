//! Sự kiện truy xuất — trace events appended by hand or imported from
//! another app's file, each checked against its batch.

use super::*;

/// Events still standing: those no later event corrects.
pub fn standing(events: &[EventRow]) -> impl Iterator<Item = &EventRow> {
    events
        .iter()
        .filter(|e| !events.iter().any(|c| c.corrects_id == Some(e.id)))
}

pub(super) async fn facts(
    store: &Store,
    batch: &BatchRow,
    events: &[EventRow],
) -> Result<BatchFacts, RecordError> {
    let area_ids = store.batch_area_ids(batch.id).await?;
    let areas = store.areas_of_producer(batch.producer_id).await?;
    Ok(BatchFacts {
        produced_on: Some(batch.produced_on),
        area_codes: areas
            .iter()
            .filter(|a| area_ids.contains(&a.id))
            .map(|a| a.code.clone())
            .collect(),
        shipped_at: standing(events)
            .filter(|e| e.step == Step::Shipping.code())
            .filter_map(|e| chrono::DateTime::parse_from_rfc3339(&e.event_time).ok())
            .collect(),
    })
}

pub(super) fn event_uuid(entropy: &dyn Entropy) -> Result<String, RecordError> {
    let mut b = [0u8; 16];
    entropy.fill(&mut b).map_err(RecordError::Entropy)?;
    // RFC 9562 version 4, variant 10.
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub step: String,
    pub time: String,
    pub place: String,
    /// A growing area or packing house of the producer (id), or empty.
    pub area: String,
    pub quantity: String,
    pub note: String,
    /// The event this one corrects (id), or empty.
    pub corrects: String,
}

/// Appends one event (or a correction) to a batch.
pub async fn add_event(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    actor: &Actor,
    producer_slug: &str,
    batch_id: i64,
    f: &EventForm,
) -> Result<i64, RecordError> {
    let batch = batch_in_reach(store, actor, producer_slug, batch_id).await?;
    let areas = store.areas_of_producer(batch.producer_id).await?;
    let area = match f.area.trim() {
        "" => None,
        id => Some(
            id.parse::<i64>()
                .ok()
                .and_then(|id| areas.iter().find(|a| a.id == id))
                .ok_or_else(|| field("area", "Chọn vùng trồng hoặc cơ sở đóng gói của chủ thể."))?,
        ),
    };
    let place = match (f.place.trim(), area) {
        ("", Some(a)) => format!("{} {}", a.kind.label_vi(), a.code),
        (p, _) => p.to_owned(),
    };
    let step = Step::parse(&f.step).map_err(|e| field("step", e.to_string()))?;
    let time = ocop_domain::trace::parse_time(&f.time).map_err(|e| field("time", e.to_string()))?;
    let input = EventInput::parse(
        step.code(),
        &time.to_rfc3339(),
        &place,
        &f.quantity,
        &f.note,
    )
    .map_err(|e| match e {
        ocop_domain::trace::TraceError::Quantity => field("quantity", e.to_string()),
        _ => field("place", e.to_string()),
    })?;
    let mut events = store.events_of_batch(batch.id).await?;
    let corrects = match f.corrects.trim() {
        "" => None,
        id => {
            let id = id
                .parse::<i64>()
                .map_err(|_| field("corrects", "Chọn sự kiện cần đính chính."))?;
            // The corrected event no longer stands for the rules.
            events.retain(|e| e.id != id);
            Some(id)
        }
    };
    let rules = facts(store, &batch, &events).await?;
    input.check(&rules, clock.now()).map_err(|e| match e {
        ocop_domain::trace::TraceError::Future | ocop_domain::trace::TraceError::TooEarly(_) => {
            field("time", e.to_string())
        }
        ocop_domain::trace::TraceError::ReceiveBeforeShip => field("step", e.to_string()),
        _ => field("place", e.to_string()),
    })?;
    let uuid = event_uuid(entropy)?;
    let written = write_events(
        store,
        clock,
        actor,
        &[(batch.id, &input, area.map(|a| a.id), corrects, uuid)],
    )
    .await?;
    match written {
        Ok(ids) => ids.first().copied().ok_or(RecordError::NotFound("sự kiện")),
        Err(EventRefusal::Correction(_)) => Err(field(
            "corrects",
            "Sự kiện này đã được đính chính hoặc không thuộc lô; hãy đính chính bản mới nhất.",
        )),
    }
}

type Pending<'a> = (i64, &'a EventInput, Option<i64>, Option<i64>, String);

pub(super) async fn write_events(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    pending: &[Pending<'_>],
) -> Result<Result<Vec<i64>, EventRefusal>, RecordError> {
    let times: Vec<(String, String)> = pending
        .iter()
        .map(|(_, e, ..)| {
            (
                e.time.to_rfc3339(),
                e.time
                    .with_timezone(&chrono::Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            )
        })
        .collect();
    let rows: Vec<NewEvent<'_>> = pending
        .iter()
        .zip(&times)
        .map(|((batch, e, area, corrects, uuid), (t, utc))| NewEvent {
            batch_id: *batch,
            event_id: uuid,
            step: e.step.code(),
            event_time: t,
            event_time_utc: utc,
            place: &e.place,
            area_id: *area,
            quantity: e.quantity,
            note: &e.note,
            corrects_id: *corrects,
        })
        .collect();
    Ok(store
        .append_events(&rows, &actor.username, &clock.stamp())
        .await?)
}

/// What an import found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EventImport {
    pub rows: usize,
    pub problems: Vec<Problem>,
    pub written: bool,
}

/// Reads a producer's event file; checks every row against its batch (in
/// file order, so a receiving may follow a shipping earlier in the same
/// file); writes all rows in one transaction only when none has a problem
/// and this is not a dry run.
pub async fn import_events(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    actor: &Actor,
    producer_slug: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<EventImport, RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let parsed = ocop_domain::trace_import::parse(bytes);
    let mut problems = parsed.problems;
    let lots = store.batches_by_lot(producer.id).await?;
    let areas = store.areas_of_producer(producer.id).await?;
    let mut per_batch: std::collections::HashMap<i64, (BatchFacts, Vec<EventRow>)> =
        Default::default();
    let mut pending = Vec::new();
    for row in &parsed.rows {
        let Some((_, batch_id)) = lots.iter().find(|(l, _)| l == row.lot.as_str()) else {
            problems.push(Problem {
                row: row.row,
                column: "Số lô".into(),
                reason: format!("Chủ thể không có lô {}.", row.lot.as_str()),
            });
            continue;
        };
        if !per_batch.contains_key(batch_id) {
            let batch = store
                .batch(*batch_id)
                .await?
                .ok_or(RecordError::NotFound("lô"))?;
            let events = store.events_of_batch(*batch_id).await?;
            let f = facts(store, &batch, &events).await?;
            per_batch.insert(*batch_id, (f, events));
        }
        let Some((f, _)) = per_batch.get_mut(batch_id) else {
            continue;
        };
        match row.event.check(f, clock.now()) {
            Ok(()) => {
                if row.event.step == Step::Shipping {
                    f.shipped_at.push(row.event.time);
                }
                let area = areas
                    .iter()
                    .find(|a| row.event.place.contains(a.code.as_str()))
                    .map(|a| a.id);
                pending.push((*batch_id, &row.event, area, None, event_uuid(entropy)?));
            }
            Err(e) => problems.push(Problem {
                row: row.row,
                column: match e {
                    ocop_domain::trace::TraceError::Future
                    | ocop_domain::trace::TraceError::TooEarly(_) => "Thời điểm",
                    ocop_domain::trace::TraceError::ReceiveBeforeShip => "Bước",
                    _ => "Địa điểm",
                }
                .into(),
                reason: e.to_string(),
            }),
        }
    }
    problems.sort_by_key(|p| p.row);
    let rows = parsed.rows.len();
    if !problems.is_empty() || dry_run || pending.is_empty() {
        return Ok(EventImport {
            rows,
            problems,
            written: false,
        });
    }
    match write_events(store, clock, actor, &pending).await? {
        Ok(_) => Ok(EventImport {
            rows,
            problems,
            written: true,
        }),
        Err(EventRefusal::Correction(id)) => Err(RecordError::Invalid(format!(
            "Sự kiện #{id} không thể đính chính."
        ))),
    }
}
