//! Xuất dữ liệu — what leaves the platform about a batch: its QR address
//! and its events as an EPCIS 2.0 document.

use super::*;

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
                expiry: b.expires_on,
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
