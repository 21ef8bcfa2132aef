//! A batch's events as an EPCIS 2.0 JSON-LD document, for producers and
//! buyers whose systems speak GS1. Each event is a class-level
//! `ObjectEvent` on the batch (its LGTIN when the product has a GTIN,
//! otherwise the portal's own address for the batch); a corrected event
//! carries an `errorDeclaration` naming the event that corrects it, which is
//! how EPCIS itself records corrections without rewriting history.

use crate::trace::Step;
use serde_json::{Value, json};

/// One recorded event, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedEvent {
    /// `urn:uuid:…`, given when the event was recorded.
    pub event_id: String,
    pub step: Step,
    /// RFC 3339 with the offset it was recorded in.
    pub time: String,
    pub place: String,
    /// The growing area's or packing house's code when the place is one.
    pub area_code: Option<String>,
    pub quantity: Option<i64>,
    pub note: String,
    /// RFC 3339 UTC: when it was written into the platform.
    pub recorded_at: String,
    /// The event this one corrects.
    pub corrects: Option<String>,
}

/// What the events are about.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchIdentity {
    /// `https://id.gs1.org/01/{gtin14}/10/{lot}` or the portal's batch URL.
    pub class_id: String,
    /// The province portal's base URL, for place identifiers.
    pub portal: String,
    pub unit: String,
}

fn offset_of(time: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(time) {
        Ok(t) => {
            let secs = t.offset().local_minus_utc();
            let sign = if secs < 0 { '-' } else { '+' };
            let m = secs.unsigned_abs() / 60;
            format!("{sign}{:02}:{:02}", m / 60, m % 60)
        }
        Err(_) => "+07:00".to_owned(),
    }
}

/// The UN/ECE Recommendation 20 code EPCIS wants for a measured unit; a
/// count of packages (gói, hộp, chai…) carries none.
fn uom(unit: &str) -> Option<&'static str> {
    match crate::text::fold(unit).as_str() {
        "kg" | "kilogam" => Some("KGM"),
        "g" | "gam" => Some("GRM"),
        "l" | "lit" => Some("LTR"),
        "ml" => Some("MLT"),
        "tan" => Some("TNE"),
        _ => None,
    }
}

/// The EPCIS document: `created` is the export's own timestamp.
pub fn document(batch: &BatchIdentity, events: &[RecordedEvent], created: &str) -> Value {
    let corrected_by = |id: &str| {
        events
            .iter()
            .filter(|e| e.corrects.as_deref() == Some(id))
            .map(|e| e.event_id.clone())
            .collect::<Vec<_>>()
    };
    let list: Vec<Value> = events
        .iter()
        .map(|e| {
            let place_id = match &e.area_code {
                Some(code) => format!("{}/ma-vung/{}", batch.portal, crate::text::slugify(code)),
                None => format!(
                    "{}/dia-diem/{}",
                    batch.portal,
                    crate::text::slugify(&e.place)
                ),
            };
            let mut ev = json!({
                "type": "ObjectEvent",
                "eventID": e.event_id,
                "eventTime": e.time,
                "eventTimeZoneOffset": offset_of(&e.time),
                "recordTime": e.recorded_at,
                "action": if e.step == Step::Harvest { "ADD" } else { "OBSERVE" },
                "bizStep": e.step.biz_step(),
                "readPoint": { "id": place_id },
                "ocop:step": e.step.code(),
                "ocop:place": e.place,
            });
            let mut quantity = json!({ "epcClass": batch.class_id });
            if let Some(q) = e.quantity {
                quantity["quantity"] = json!(q);
                if let Some(uom) = uom(&batch.unit) {
                    quantity["uom"] = json!(uom);
                }
            }
            ev["quantityList"] = json!([quantity]);
            if !e.note.is_empty() {
                ev["ocop:note"] = json!(e.note);
            }
            if let Some(c) = &e.corrects {
                ev["ocop:corrects"] = json!(c);
            }
            let by = corrected_by(&e.event_id);
            if !by.is_empty() {
                ev["errorDeclaration"] = json!({
                    "declarationTime": events
                        .iter()
                        .find(|x| x.event_id == by[0])
                        .map_or(created, |x| x.recorded_at.as_str()),
                    "reason": "incorrect_data",
                    "correctiveEventIDs": by,
                });
            }
            ev
        })
        .collect();
    json!({
        "@context": [
            "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
            { "ocop": format!("{}/ns/ocop#", batch.portal) }
        ],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": created,
        "epcisBody": { "eventList": list }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, step: Step, corrects: Option<&str>) -> RecordedEvent {
        RecordedEvent {
            event_id: id.into(),
            step,
            time: "2026-11-20T08:30:00+07:00".into(),
            place: "Vùng trồng VN-LDOR-0123".into(),
            area_code: Some("VN-LDOR-0123".into()),
            quantity: Some(120),
            note: String::new(),
            recorded_at: "2026-11-20T02:00:00Z".into(),
            corrects: corrects.map(str::to_owned),
        }
    }

    #[test]
    fn events_carry_cbv_steps_offsets_and_corrections() {
        let batch = BatchIdentity {
            class_id: "https://id.gs1.org/01/08930000000012/10/L1".into(),
            portal: "https://ocop.example.vn".into(),
            unit: "kg".into(),
        };
        let doc = document(
            &batch,
            &[
                event("urn:uuid:a", Step::Harvest, None),
                event("urn:uuid:b", Step::Harvest, Some("urn:uuid:a")),
            ],
            "2026-11-29T00:00:00Z",
        );
        assert_eq!(doc["type"], "EPCISDocument");
        assert_eq!(doc["schemaVersion"], "2.0");
        let list = &doc["epcisBody"]["eventList"];
        assert_eq!(list[0]["bizStep"], "commissioning");
        assert_eq!(list[0]["eventTimeZoneOffset"], "+07:00");
        assert_eq!(list[0]["quantityList"][0]["quantity"], 120);
        assert_eq!(list[0]["quantityList"][0]["uom"], "KGM");
        assert_eq!(
            list[0]["errorDeclaration"]["correctiveEventIDs"][0],
            "urn:uuid:b"
        );
        assert!(list[1].get("errorDeclaration").is_none());
        assert_eq!(list[1]["ocop:corrects"], "urn:uuid:a");
        assert_eq!(
            list[0]["readPoint"]["id"],
            "https://ocop.example.vn/ma-vung/vn-ldor-0123"
        );
    }
}
