//! Work that takes a core and much memory — decoding a photo, reading a
//! spreadsheet — done off the async threads and bounded for the whole
//! process, whoever asks and however many ask at once.
//!
//! The budget is stated in bytes: photos in flight may together claim at most
//! [`PHOTO_BUDGET`] of decoded pixels (each photo's claim, `width × height ×`
//! [`ocop_media::BYTES_PER_PIXEL`], is read from its header before any pixel
//! is decoded); one spreadsheet is read at a time, its XML unpacked to at most
//! [`ocop_docs::tables::MAX_INFLATED_BYTES`]. With the body limit (12 MB) and
//! [`UPLOAD_SLOTS`] uploads buffered at once, a burst of hostile requests
//! stays under about 350 MB above the server's resting size.

use ocop_media::{MediaError, Photo};
use tokio::sync::Semaphore;

/// Decoded bytes all photos in flight may claim together, in MiB.
pub const PHOTO_BUDGET_MIB: u32 = 256;
/// Request bodies with a file that may be buffered at once.
pub const UPLOAD_SLOTS: usize = 8;

static PHOTO_MEMORY: Semaphore = Semaphore::const_new(PHOTO_BUDGET_MIB as usize);
static TABLES: Semaphore = Semaphore::const_new(1);
static UPLOADS: Semaphore = Semaphore::const_new(UPLOAD_SLOTS);

/// Waits for room to buffer one upload; `None` when none came within `wait`
/// (the caller answers 503 rather than queue without end).
pub async fn upload_slot(
    wait: std::time::Duration,
) -> Option<tokio::sync::SemaphorePermit<'static>> {
    tokio::time::timeout(wait, UPLOADS.acquire())
        .await
        .ok()
        .and_then(Result::ok)
}

/// Checks, decodes and re-encodes a photo within the shared budget.
pub async fn photo(bytes: Vec<u8>) -> Result<Photo, MediaError> {
    let (w, h) = ocop_media::dimensions(&bytes)?;
    let cost = u64::from(w) * u64::from(h) * ocop_media::BYTES_PER_PIXEL;
    let mib = u32::try_from(cost.div_ceil(1024 * 1024))
        .unwrap_or(PHOTO_BUDGET_MIB)
        .clamp(1, PHOTO_BUDGET_MIB);
    let claim = PHOTO_MEMORY
        .acquire_many(mib)
        .await
        .map_err(|_| MediaError::Encode)?;
    // The claim goes with the work, not with the request: a request given up
    // (its client gone, the 30 s deadline) drops this future while the
    // decoding thread runs on, and the memory it holds is still spent.
    tokio::task::spawn_blocking(move || {
        let _claim = claim;
        ocop_media::process(&bytes)
    })
    .await
    .map_err(|_| MediaError::Encode)?
}

/// Reads an uploaded table (Excel or CSV), one at a time.
pub async fn table(bytes: Vec<u8>) -> Result<Vec<Vec<String>>, ocop_docs::DocsError> {
    let turn = TABLES
        .acquire()
        .await
        .map_err(|_| ocop_docs::DocsError::Read("máy chủ đang dừng".into()))?;
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        ocop_docs::tables::read_table(&bytes)
    })
    .await
    .map_err(|e| ocop_docs::DocsError::Read(format!("đọc tệp bị gián đoạn: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A request given up while its photo decodes must not hand the memory
    /// back before the decoding thread does: otherwise the next photo starts
    /// beside it and the budget is spent twice (bench/hostile saw 538 MB).
    #[tokio::test]
    async fn the_claim_is_held_until_the_decoding_ends_not_the_request() {
        let png = ocop_media::hostile::solid_png(2400, 1800);
        let given_up = tokio::time::timeout(Duration::ZERO, photo(png)).await;
        assert!(given_up.is_err(), "the photo cannot be done at once");
        let held = PHOTO_BUDGET_MIB as usize - PHOTO_MEMORY.available_permits();
        assert!(
            held >= 28,
            "2400 × 1800 × 7 bytes is still claimed: {held} MiB"
        );
        let mut waited = Duration::ZERO;
        while PHOTO_MEMORY.available_permits() < PHOTO_BUDGET_MIB as usize {
            assert!(
                waited < Duration::from_secs(60),
                "the claim never came back"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
            waited += Duration::from_millis(20);
        }
    }
}
