//! Truy xuất nguồn gốc — what producers (and officers on their behalf) do:
//! record growing areas and packing houses, open batches, append trace
//! events, import events from other apps, export them as EPCIS.

use crate::cycle::{Actor, CycleError};
use crate::vault::producer_in_reach;
use crate::{Clock, Entropy};
use ocop_domain::epcis::{BatchIdentity, RecordedEvent};
use ocop_domain::growing_area::{IssuedCode, coordinates, hectares};
use ocop_domain::import::Problem;
use ocop_domain::trace::{
    BatchFacts, EventInput, LotCode, Step, batch_dates, quantity, short_code,
};
use ocop_store::Store;
use ocop_store::areas::NewArea;
use ocop_store::trace::{BatchRow, EventRefusal, EventRow, NewBatch, NewEvent};

fn field(field: &'static str, message: impl Into<String>) -> CycleError {
    CycleError::Field {
        field,
        message: message.into(),
    }
}

/// The two registers: mã số vùng trồng and mã số cơ sở đóng gói.
pub const AREA_KINDS: [(&str, &str); 2] =
    [("growing", "Vùng trồng"), ("packing", "Cơ sở đóng gói")];

pub fn area_kind_label(code: &str) -> &'static str {
    AREA_KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, l)| l)
}

/// A code's standing: the authority may suspend or revoke it.
pub const AREA_STATUSES: [(&str, &str); 3] = [
    ("active", "Đang hiệu lực"),
    ("suspended", "Tạm dừng"),
    ("revoked", "Đã thu hồi"),
];

pub fn area_status_label(code: &str) -> &'static str {
    AREA_STATUSES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, l)| l)
}

/// Records what the issuing authority decided about a code (audited).
pub async fn set_area_status(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    area_id: i64,
    status: &str,
) -> Result<(), CycleError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let status = AREA_STATUSES
        .iter()
        .find(|(c, _)| *c == status)
        .map(|(c, _)| *c)
        .ok_or_else(|| field("status", "Chọn tình trạng của mã số."))?;
    if store
        .set_area_status(
            producer.id,
            area_id,
            status,
            &actor.username,
            &clock.stamp(),
        )
        .await?
    {
        Ok(())
    } else {
        Err(CycleError::NotFound("mã số"))
    }
}

/// Whether a code serves the home market or export (the issuing rules differ).
pub const SCOPES: [(&str, &str); 2] = [("domestic", "Nội địa"), ("export", "Xuất khẩu")];

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AreaForm {
    pub kind: String,
    pub code: String,
    pub crop: String,
    pub area: String,
    pub commune: String,
    pub coordinates: String,
    pub authority: String,
    pub scope: String,
    pub issued_on: String,
    /// A product of the producer (slug) that uses it, or empty.
    pub product: String,
}

pub async fn add_area(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    f: &AreaForm,
) -> Result<i64, CycleError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let kind = AREA_KINDS
        .iter()
        .find(|(c, _)| *c == f.kind)
        .map(|(c, _)| *c)
        .ok_or_else(|| field("kind", "Chọn vùng trồng hoặc cơ sở đóng gói."))?;
    let code = IssuedCode::parse(&f.code).map_err(|e| field("code", e.to_string()))?;
    let crop = ocop_domain::text::nfc(&f.crop);
    if crop.is_empty() || crop.chars().count() > 120 {
        return Err(field(
            "crop",
            "Nhập cây trồng hoặc sản phẩm (tối đa 120 ký tự).",
        ));
    }
    let area = match f.area.trim() {
        "" if kind == "packing" => None,
        typed => Some(hectares(typed).map_err(|e| field("area", e.to_string()))?),
    };
    let commune = match f.commune.trim() {
        "" => None,
        c => match store.admin_unit(ocop_domain::UnitScheme::Y2025, c).await? {
            Some(u) if u.province_code == actor.province_code && u.level == "commune" => {
                Some(u.code)
            }
            _ => return Err(field("commune", "Chọn xã, phường trong tỉnh.")),
        },
    };
    let coords = coordinates(&f.coordinates).map_err(|e| field("coordinates", e.to_string()))?;
    let authority = ocop_domain::text::nfc(&f.authority);
    if authority.is_empty() || authority.chars().count() > 200 {
        return Err(field(
            "authority",
            "Nhập cơ quan cấp mã (ví dụ Chi cục Trồng trọt và Bảo vệ thực vật).",
        ));
    }
    let scope = SCOPES
        .iter()
        .find(|(c, _)| *c == f.scope)
        .map(|(c, _)| *c)
        .ok_or_else(|| field("scope", "Chọn phạm vi: nội địa hoặc xuất khẩu."))?;
    let issued = match f.issued_on.trim() {
        "" => None,
        d => Some(
            ocop_domain::trace::parse_date(d)
                .map_err(|e| field("issued_on", e.to_string()))?
                .to_string(),
        ),
    };
    let product = match f.product.trim() {
        "" => None,
        slug => Some(
            store
                .product_of_producer(producer.id, slug)
                .await?
                .ok_or_else(|| field("product", "Chọn một sản phẩm của chủ thể."))?,
        ),
    };
    store
        .add_area(
            &NewArea {
                province: &actor.province_code,
                producer_id: producer.id,
                kind,
                code: code.as_str(),
                crop: &crop,
                area_hundredths: area,
                commune_code_2025: commune.as_deref(),
                coordinates: coords,
                authority: &authority,
                scope,
                issued_on: issued.as_deref(),
                product_id: product,
            },
            &actor.username,
            &clock.stamp(),
        )
        .await?
        .ok_or_else(|| field("code", "Mã số này đã có trong sổ của tỉnh."))
}

#[derive(Debug, Clone, Default)]
pub struct BatchForm {
    /// Product slug.
    pub product: String,
    pub lot: String,
    /// One of the product's GTINs, or empty (the batch then gets the
    /// portal's short code only).
    pub gtin: String,
    pub produced_on: String,
    pub expires_on: String,
    pub quantity: String,
    pub unit: String,
    /// Ids of the producer's growing areas the batch was made from.
    pub areas: Vec<i64>,
}

/// Opens a batch; its short code comes from `entropy` (retried on the rare
/// collision).
pub async fn create_batch(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    actor: &Actor,
    producer_slug: &str,
    f: &BatchForm,
) -> Result<i64, CycleError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let codes = store.product_codes(producer.id).await?;
    let product = codes
        .iter()
        .find(|c| c.slug == f.product)
        .ok_or_else(|| field("product", "Chọn một sản phẩm của chủ thể."))?;
    let lot = LotCode::parse(&f.lot).map_err(|e| field("lot", e.to_string()))?;
    let gtin = match f.gtin.trim() {
        "" => None,
        typed => {
            let wanted = ocop_domain::Gtin::parse(typed)
                .map_err(|e| field("gtin", format!("Mã GTIN không hợp lệ: {e}.")))?
                .to_gtin14();
            // Only a GTIN recorded on the product: the platform never invents one.
            let known = codes.iter().any(|c| {
                c.id == product.id
                    && c.gtin
                        .as_deref()
                        .and_then(|g| ocop_domain::Gtin::parse(g).ok())
                        .is_some_and(|g| g.to_gtin14() == wanted)
            });
            if !known {
                return Err(field("gtin", "Chỉ dùng mã GTIN đã ghi cho sản phẩm này."));
            }
            Some(wanted)
        }
    };
    let (produced, expires) = batch_dates(&f.produced_on, &f.expires_on).map_err(|e| match e {
        ocop_domain::trace::TraceError::ExpiryBeforeProduction => {
            field("expires_on", e.to_string())
        }
        _ if f.produced_on.trim().is_empty()
            || ocop_domain::trace::parse_date(&f.produced_on).is_err() =>
        {
            field("produced_on", e.to_string())
        }
        _ => field("expires_on", e.to_string()),
    })?;
    if produced > clock.today() {
        return Err(field("produced_on", "Ngày sản xuất không thể ở tương lai."));
    }
    let qty = quantity(&f.quantity).map_err(|e| field("quantity", e.to_string()))?;
    let unit = ocop_domain::text::nfc(&f.unit);
    let unit = if unit.is_empty() {
        "sản phẩm".to_owned()
    } else {
        unit
    };
    if unit.chars().count() > 30 {
        return Err(field(
            "unit",
            "Đơn vị tối đa 30 ký tự (gói, hộp, chai, kg…).",
        ));
    }
    let own_areas = store.areas_of_producer(producer.id).await?;
    if let Some(bad) = f.areas.iter().find(|id| {
        !own_areas
            .iter()
            .any(|a| a.id == **id && a.kind == "growing")
    }) {
        return Err(field(
            "areas",
            format!("Vùng trồng #{bad} không thuộc chủ thể."),
        ));
    }
    for _ in 0..5 {
        let mut random = [0u8; 8];
        entropy
            .fill(&mut random)
            .map_err(|e| CycleError::Invalid(format!("Không tạo được mã lô: {e}")))?;
        let code = short_code(random);
        if store.batch_by_short_code(&code).await?.is_some() {
            continue;
        }
        return store
            .create_batch(
                &NewBatch {
                    province: &actor.province_code,
                    producer_id: producer.id,
                    product_id: product.id,
                    lot_code: lot.as_str(),
                    gtin: gtin.as_deref(),
                    short_code: &code,
                    produced_on: &produced.to_string(),
                    expires_on: expires.map(|e| e.to_string()).as_deref(),
                    quantity: qty,
                    unit: &unit,
                    area_ids: &f.areas,
                },
                &actor.username,
                &clock.stamp(),
            )
            .await?
            .ok_or_else(|| field("lot", "Sản phẩm này đã có lô mang số này."));
    }
    Err(CycleError::Invalid(
        "Không tạo được mã lô, hãy thử lại.".into(),
    ))
}

/// The batch if it is the producer's and within the person's reach.
pub async fn batch_in_reach(
    store: &Store,
    actor: &Actor,
    producer_slug: &str,
    batch_id: i64,
) -> Result<BatchRow, CycleError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    store
        .batch(batch_id)
        .await?
        .filter(|b| b.producer_id == producer.id)
        .ok_or(CycleError::NotFound("lô"))
}

/// Events still standing: those no later event corrects.
pub fn standing(events: &[EventRow]) -> impl Iterator<Item = &EventRow> {
    events
        .iter()
        .filter(|e| !events.iter().any(|c| c.corrects_id == Some(e.id)))
}

async fn facts(
    store: &Store,
    batch: &BatchRow,
    events: &[EventRow],
) -> Result<BatchFacts, CycleError> {
    let area_ids = store.batch_area_ids(batch.id).await?;
    let areas = store.areas_of_producer(batch.producer_id).await?;
    Ok(BatchFacts {
        produced_on: ocop_domain::trace::parse_date(&batch.produced_on).ok(),
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

fn event_uuid(entropy: &dyn Entropy) -> Result<String, CycleError> {
    let mut b = [0u8; 16];
    entropy
        .fill(&mut b)
        .map_err(|e| CycleError::Invalid(format!("Không tạo được mã sự kiện: {e}")))?;
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
) -> Result<i64, CycleError> {
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
        ("", Some(a)) => format!("{} {}", area_kind_label(&a.kind), a.code),
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
        Ok(ids) => ids.first().copied().ok_or(CycleError::NotFound("sự kiện")),
        Err(EventRefusal::Correction(_)) => Err(field(
            "corrects",
            "Sự kiện này đã được đính chính hoặc không thuộc lô; hãy đính chính bản mới nhất.",
        )),
    }
}

type Pending<'a> = (i64, &'a EventInput, Option<i64>, Option<i64>, String);

async fn write_events(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    pending: &[Pending<'_>],
) -> Result<Result<Vec<i64>, EventRefusal>, CycleError> {
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
) -> Result<EventImport, CycleError> {
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
                .ok_or(CycleError::NotFound("lô"))?;
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
        Err(EventRefusal::Correction(id)) => Err(CycleError::Invalid(format!(
            "Sự kiện #{id} không thể đính chính."
        ))),
    }
}

/// The address a batch's QR code carries: a GS1 Digital Link when the
/// batch has a GTIN, otherwise the portal's short code.
pub fn qr_address(base: &str, b: &BatchRow) -> String {
    let base = base.trim_end_matches('/');
    match b
        .gtin
        .as_deref()
        .and_then(|g| ocop_domain::Gtin::parse(g).ok())
    {
        Some(gtin) => {
            let link = ocop_domain::digital_link::DigitalLink {
                gtin,
                lot: Some(b.lot_code.clone()),
                serial: None,
                expiry: b
                    .expires_on
                    .as_deref()
                    .and_then(|e| ocop_domain::trace::parse_date(e).ok()),
                attributes: Vec::new(),
                link_type: None,
            };
            format!("{base}{}", link.path())
        }
        None => format!("{base}/q/{}", b.short_code),
    }
}

/// The batch's events as an EPCIS 2.0 document (the caller has checked
/// that the person may see the batch).
pub async fn epcis(
    store: &Store,
    clock: &dyn Clock,
    batch: &BatchRow,
    base: &str,
) -> Result<serde_json::Value, ocop_store::StoreError> {
    let events = store.events_of_batch(batch.id).await?;
    let by_id: std::collections::HashMap<i64, String> =
        events.iter().map(|e| (e.id, e.event_id.clone())).collect();
    let recorded: Vec<RecordedEvent> = events
        .iter()
        .filter_map(|e| {
            Some(RecordedEvent {
                event_id: e.event_id.clone(),
                step: Step::parse(&e.step).ok()?,
                time: e.event_time.clone(),
                place: e.place.clone(),
                area_code: e.area_code.clone(),
                quantity: e.quantity,
                note: e.note.clone(),
                recorded_at: e.recorded_at.clone(),
                corrects: e.corrects_id.and_then(|c| by_id.get(&c).cloned()),
            })
        })
        .collect();
    let class_id = class_id(
        batch.gtin.as_deref(),
        &batch.lot_code,
        base,
        &batch.short_code,
    );
    Ok(ocop_domain::epcis::document(
        &BatchIdentity {
            class_id,
            portal: base.trim_end_matches('/').to_owned(),
            unit: batch.unit.clone(),
        },
        &recorded,
        &clock.stamp(),
    ))
}

/// The EPCIS class of a lot: its Digital Link at GS1's resolver — the GTIN in
/// its 14 digits and the lot percent-encoded as the standard does, so a lot
/// like `A/B&C%1+2` stays one path segment — or, without a GTIN, the batch's
/// page on the portal.
pub fn class_id(gtin: Option<&str>, lot: &str, base: &str, short_code: &str) -> String {
    match gtin.and_then(|g| ocop_domain::Gtin::parse(g).ok()) {
        Some(gtin) => {
            let link = ocop_domain::digital_link::DigitalLink {
                gtin,
                lot: Some(lot.to_owned()),
                serial: None,
                expiry: None,
                attributes: Vec::new(),
                link_type: None,
            };
            format!("https://id.gs1.org{}", link.path())
        }
        None => format!("{}/q/{short_code}", base.trim_end_matches('/')),
    }
}

#[cfg(test)]
mod class_tests {
    #[test]
    fn a_lot_with_reserved_characters_stays_one_segment() {
        assert_eq!(
            super::class_id(
                Some("8934567890120"),
                "A/B&C%1+2",
                "https://ocop.example",
                "X"
            ),
            "https://id.gs1.org/01/08934567890120/10/A%2FB%26C%251%2B2"
        );
        assert_eq!(
            super::class_id(None, "L1", "https://ocop.example/", "ABCD1234"),
            "https://ocop.example/q/ABCD1234"
        );
    }
}
