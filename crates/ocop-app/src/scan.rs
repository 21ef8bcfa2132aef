//! Quét mã — what a consumer sees after scanning a package: the product,
//! its producer, the star's live status, the batch's origin and timeline;
//! and the counts those scans leave behind (no personal data: product,
//! batch, day and the province the scanner chose to name, if any).
//!
//! The scan is the platform's busiest request, so counts are added up in
//! memory and written in one transaction every few seconds (`flush`); a
//! crash loses at most those seconds of counts, never a batch or an event.

use crate::catalogue::Snapshot;
use crate::star_check::StarAnswer;
use crate::trace::standing;
use ocop_domain::certificate::CertificateStatus;
use ocop_domain::scan::{BatchScans, ScanWarning};
use ocop_domain::trace::Step;
use ocop_store::areas::AreaRow;
use ocop_store::scans::ScanKey;
use ocop_store::trace::{BatchRow, EventRow};
use ocop_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One line of the batch's timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TimelineEvent {
    pub id: i64,
    pub step: String,
    pub step_vi: &'static str,
    pub step_en: &'static str,
    /// `20/11/2026 08:30 (UTC+07:00)`.
    pub when: String,
    pub time: String,
    pub place: String,
    pub quantity: Option<i64>,
    pub note: String,
    /// Another event corrected this one; it stays visible, struck through.
    pub corrected: bool,
    /// The id of the event this one corrects.
    pub corrects: Option<i64>,
}

pub fn timeline(events: &[EventRow]) -> Vec<TimelineEvent> {
    let live: Vec<i64> = standing(events).map(|e| e.id).collect();
    events
        .iter()
        .map(|e| {
            let step = Step::parse(&e.step).ok();
            let when = chrono::DateTime::parse_from_rfc3339(&e.event_time).map_or_else(
                |_| e.event_time.clone(),
                |t| format!("{} (UTC{})", t.format("%d/%m/%Y %H:%M"), t.format("%:z")),
            );
            TimelineEvent {
                id: e.id,
                step: e.step.clone(),
                step_vi: step.map_or("", Step::label_vi),
                step_en: step.map_or("", Step::label_en),
                when,
                time: e.event_time.clone(),
                place: e.place.clone(),
                quantity: e.quantity,
                note: e.note.clone(),
                corrected: !live.contains(&e.id),
                corrects: e.corrects_id,
            }
        })
        .collect()
}

/// Everything the scan page shows.
#[derive(Debug, Clone)]
pub struct ScanPage {
    pub batch: BatchRow,
    /// The product's newest certificate with its status today.
    pub star: Option<StarAnswer>,
    pub areas: Vec<AreaRow>,
    pub timeline: Vec<TimelineEvent>,
    /// The batch's expiry date is past.
    pub batch_expired: bool,
}

impl ScanPage {
    /// The plain warning shown above everything else, if any.
    pub fn warning_vi(&self) -> Option<String> {
        match &self.star {
            Some(s) if s.standing == CertificateStatus::ValidUnconfirmed => Some(
                "Lưu ý: hồ sơ giấy chứng nhận OCOP của sản phẩm này chỉ ghi năm công nhận; chưa xác nhận được sao còn hiệu lực — hãy đối chiếu quyết định công nhận.".into(),
            ),
            Some(s) if !s.is_valid() => Some(format!(
                "Cảnh báo: giấy chứng nhận OCOP của sản phẩm này {} — sao OCOP trên bao bì không còn giá trị.",
                s.status_label_vi.to_lowercase()
            )),
            None => Some("Sản phẩm này chưa có giấy chứng nhận OCOP còn ghi trên hệ thống.".into()),
            _ => None,
        }
    }
}

/// Builds the page for a batch; `today` is the platform's day.
pub async fn page(
    store: &Store,
    snapshot: &Snapshot,
    batch: BatchRow,
    events: Vec<EventRow>,
    today: chrono::NaiveDate,
) -> Result<ScanPage, StoreError> {
    let star = crate::star_check::newest_of(snapshot, &batch.product_slug, today);
    let areas = if batch.area_count > 0 {
        store.areas_of_batch(batch.id).await?
    } else {
        Vec::new()
    };
    let batch_expired = batch.expires_on.is_some_and(|e| e < today);
    Ok(ScanPage {
        batch,
        star,
        areas,
        timeline: timeline(&events),
        batch_expired,
    })
}

pub fn area_label(a: &AreaRow) -> String {
    format!("{} {}", a.kind.label_vi(), a.code)
}

/// Scan counts not yet written.
///
/// A scan counts once per client, code and day: the "more scans than its
/// packages explain" warning means copied labels, and one phone reloading a
/// page (or a script requesting it thousands of times) must not raise it.
/// Clients are remembered only as a keyed hash in memory, for the day.
#[derive(Debug, Default)]
pub struct ScanCounter {
    pending: Mutex<HashMap<ScanKey, i64>>,
    seen: Mutex<SeenToday>,
}

#[derive(Debug, Default)]
struct SeenToday {
    day: Option<chrono::NaiveDate>,
    hashes: std::collections::HashSet<u64>,
    hasher: std::collections::hash_map::RandomState,
}

/// Distinct (client, code) pairs remembered a day; past it, counting goes on
/// without the check rather than grow without end.
const SEEN_CAP: usize = 500_000;

impl ScanCounter {
    /// Counts a scan unless this client already scanned this code today;
    /// returns whether it counted.
    pub fn record(&self, key: ScanKey, client: std::net::IpAddr) -> bool {
        use std::hash::BuildHasher as _;
        if let Ok(mut seen) = self.seen.lock() {
            if seen.day != Some(key.day) {
                seen.day = Some(key.day);
                seen.hashes.clear();
            }
            let h = seen.hasher.hash_one((
                crate::auth::address_key(client),
                key.product_id,
                key.batch_id,
                key.province_code.is_empty(),
            ));
            if seen.hashes.len() < SEEN_CAP && !seen.hashes.insert(h) {
                return false;
            }
        }
        if let Ok(mut p) = self.pending.lock() {
            *p.entry(key).or_insert(0) += 1;
        }
        true
    }

    /// Writes what was counted; on failure the counts are put back.
    pub async fn flush(&self, store: &Store) -> Result<(), StoreError> {
        // Swapped out under the lock, read outside it: scans keep counting.
        let mut taken: Vec<(ScanKey, i64)> = match self.pending.lock() {
            Ok(mut p) => std::mem::take(&mut *p),
            Err(_) => return Ok(()),
        }
        .into_iter()
        .collect();
        taken.sort();
        if let Err(e) = store.add_scans(&taken).await {
            if let Ok(mut p) = self.pending.lock() {
                for (k, n) in taken {
                    *p.entry(k).or_insert(0) += n;
                }
            }
            return Err(e);
        }
        Ok(())
    }
}

/// A scanned batch and what its scans warn of.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BatchWarnings {
    pub batch_id: i64,
    pub lot_code: String,
    pub product_name: String,
    pub producer_slug: String,
    pub scans: i64,
    pub warnings: Vec<ScanWarning>,
    pub messages: Vec<String>,
}

/// Scan statistics for the office (all producers) or one producer.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ScanReport {
    pub by_day: Vec<(chrono::NaiveDate, i64)>,
    pub by_product: Vec<(String, String, i64)>,
    pub by_province: Vec<(String, i64)>,
    pub batches: Vec<BatchWarnings>,
}

/// Adds up the counts (after writing what is pending) and the warnings:
/// scans after the batch's expiry, more scans than its packages explain,
/// scans on days the product's certificate was revoked or suspended.
pub async fn report(
    store: &Store,
    counter: &ScanCounter,
    snapshot: &Snapshot,
    province: &str,
    producer_id: Option<i64>,
) -> Result<ScanReport, StoreError> {
    counter.flush(store).await?;
    let mut batches = Vec::new();
    for b in store.batch_scans(province, producer_id).await? {
        let Some(row) = store.batch(b.batch_id).await? else {
            continue;
        };
        let cert = snapshot.certificates_of(&row.product_slug).next();
        let while_revoked = b
            .by_day
            .iter()
            .filter(|(day, _)| {
                cert.is_some_and(|c| {
                    let r = &c.certificate;
                    let on = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| d <= *day);
                    on(r.revoked_on) || on(r.suspended_on)
                })
            })
            .map(|(_, n)| n)
            .sum();
        let warnings = ocop_domain::scan::warnings(&BatchScans {
            total: b.total,
            after_expiry: b.after_expiry,
            while_revoked,
            quantity: b.quantity,
        });
        batches.push(BatchWarnings {
            batch_id: b.batch_id,
            lot_code: row.lot_code,
            product_name: row.product_name,
            producer_slug: row.producer_slug,
            scans: b.total,
            messages: warnings.iter().map(ScanWarning::message_vi).collect(),
            warnings,
        });
    }
    // Batches with warnings first, then the most scanned.
    batches.sort_by(|a, b| {
        b.warnings
            .is_empty()
            .cmp(&a.warnings.is_empty())
            .reverse()
            .then(b.scans.cmp(&a.scans))
    });
    Ok(ScanReport {
        by_day: store.scans_by_day(province, producer_id, 31).await?,
        by_product: store.scans_by_product(province, producer_id).await?,
        by_province: store.scans_by_province(province, producer_id).await?,
        batches,
    })
}

/// The trace signature, read at most once per `freshness` window (like the
/// catalogue's), so cached scan pages follow new events on any instance.
#[derive(Debug)]
pub struct TraceSignature {
    freshness: std::time::Duration,
    last: Mutex<Option<(std::time::Instant, Arc<str>)>>,
    reading: crate::refresh::OneRefresh,
}

impl TraceSignature {
    pub fn new(freshness: std::time::Duration) -> Self {
        Self {
            freshness,
            last: Mutex::new(None),
            reading: crate::refresh::OneRefresh::default(),
        }
    }

    /// The signature read within the window, with nothing to ask: `None`
    /// when the window has ended (or never began).
    pub fn fresh(&self) -> Option<Arc<str>> {
        let last = self.last.lock().ok()?;
        let (at, sig) = last.as_ref()?;
        (at.elapsed() < self.freshness).then(|| sig.clone())
    }

    /// The signature: the one read within the window, else read again
    /// (by one request at a time; the others keep the last one meanwhile).
    pub async fn get(&self, store: &Store) -> Result<Arc<str>, StoreError> {
        if let Some(sig) = self.fresh() {
            return Ok(sig);
        }
        let last = self.last.lock().map_or(None, |l| l.clone());
        let _reading = match (self.reading.start(), &last) {
            (Some(guard), _) => Some(guard),
            // Another request is reading it: this window's value will do.
            (None, Some((_, sig))) if !self.freshness.is_zero() => return Ok(sig.clone()),
            (None, _) => None,
        };
        let sig: Arc<str> = match crate::refresh::bounded(store.trace_signature()).await {
            Ok(sig) => sig.into(),
            // The database is down: pages made from the last signature
            // keep being served from memory.
            Err(e) if e.is_unavailable() => match last {
                Some((_, sig)) => return Ok(sig),
                None => return Err(e),
            },
            Err(e) => return Err(e),
        };
        if let Ok(mut last) = self.last.lock() {
            *last = Some((std::time::Instant::now(), sig.clone()));
        }
        Ok(sig)
    }
}
