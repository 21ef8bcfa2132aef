//! The synthetic traceability dataset (issue #6): 1,000,000 batches of the
//! synthetic products with 10 events each (10,000,000), marked as generated
//! (dataset `synthetic-trace-bench`, lots `SYN-…`, events noted as synthetic).
//! Loaded in one transaction with multi-row inserts, in chunks.

use ocop_app::Clock as _;
use ocop_store::{Store, Value};

pub const DATASET: &str = "synthetic-trace-bench";

const STEPS: [(&str, &str); 5] = [
    ("harvest", "Vùng trồng tổng hợp"),
    ("processing", "Xưởng chế biến tổng hợp"),
    ("packing", "Cơ sở đóng gói tổng hợp"),
    ("shipping", "Kho trung chuyển tổng hợp"),
    ("receiving", "Cửa hàng OCOP tổng hợp"),
];

/// The batch's short code: ten digits are a valid portal code, and never
/// collide with each other.
pub fn code(i: usize) -> String {
    format!("{i:010}")
}

pub async fn ensure(store: &Store, batches: usize, events_per_batch: usize) -> anyhow::Result<()> {
    let Some(mut tx) = store.begin_load(DATASET).await? else {
        println!("dữ liệu truy xuất tổng hợp đã có sẵn");
        return Ok(());
    };
    let products = store.products_of_dataset(crate::generate::DATASET).await?;
    anyhow::ensure!(
        !products.is_empty(),
        "the synthetic products are loaded first"
    );
    let now = ocop_app::SystemClock.stamp();
    let started = std::time::Instant::now();
    const CHUNK: usize = 10_000;
    let mut event_no: u64 = 0;
    for start in (0..batches).step_by(CHUNK) {
        let end = (start + CHUNK).min(batches);
        let mut rows = Vec::with_capacity(end - start);
        for i in start..end {
            let (product, producer) = products[i % products.len()];
            let day = 1 + i % 28;
            rows.push(vec![
                Value::Text("68".into()),
                Value::Int(producer),
                Value::Int(product),
                Value::Text(format!("SYN-{i}")),
                Value::Text(code(i)),
                Value::Text(format!("2026-{:02}-{day:02}", 1 + i % 10)),
                Value::Text(format!("2027-{:02}-{day:02}", 1 + i % 10)),
                Value::Int(1000),
                Value::Text("gói".into()),
                Value::Text("bench".into()),
                Value::Text(now.clone()),
            ]);
        }
        tx.insert(
            "batches",
            &[
                "province_code",
                "producer_id",
                "product_id",
                "lot_code",
                "short_code",
                "produced_on",
                "expires_on",
                "quantity",
                "unit",
                "created_by",
                "created_at",
            ],
            &rows,
        )
        .await?;
        let last = tx.max_id("batches").await?;
        let first_id = last - i64::try_from(end - start).unwrap_or(0) + 1;
        let mut events = Vec::with_capacity((end - start) * events_per_batch);
        for i in start..end {
            let batch_id = first_id + i64::try_from(i - start).unwrap_or(0);
            let month = 1 + i % 10;
            for e in 0..events_per_batch {
                let (step, place) = STEPS[e * STEPS.len() / events_per_batch.max(1)];
                let hour = 6 + e;
                event_no += 1;
                events.push(vec![
                    Value::Int(batch_id),
                    Value::Text(format!("urn:uuid:00000000-0000-4000-8000-{event_no:012}")),
                    Value::Text(step.into()),
                    Value::Text(format!("2026-{month:02}-01T{hour:02}:00:00+07:00")),
                    Value::Text(format!("2026-{month:02}-01T{:02}:00:00Z", hour - 6)),
                    Value::Text(place.into()),
                    Value::Text("dữ liệu tổng hợp".into()),
                    Value::Text("bench".into()),
                    Value::Text(now.clone()),
                ]);
            }
        }
        tx.insert(
            "trace_events",
            &[
                "batch_id",
                "event_id",
                "step",
                "event_time",
                "event_time_utc",
                "place",
                "note",
                "recorded_by",
                "recorded_at",
            ],
            &events,
        )
        .await?;
        if end.is_multiple_of(100_000) {
            println!(
                "  {end} lô, {event_no} sự kiện — {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    tx.finish(i64::try_from(batches).unwrap_or(0), &now).await?;
    // As any operator would after a bulk load.
    store.analyze().await?;
    println!(
        "đã tạo dữ liệu truy xuất tổng hợp: {batches} lô, {event_no} sự kiện, trong {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
