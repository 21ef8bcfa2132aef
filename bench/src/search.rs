//! `--search-only`: the search itself, in this process, without HTTP.

use std::time::Duration;

/// Builds the snapshot and times each query.
pub async fn in_memory(url: &ocop_store::DatabaseUrl) -> anyhow::Result<()> {
    let store = ocop_store::Store::connect(url).await?;
    let catalogue = ocop_app::catalogue::Catalogue::new("68", Duration::from_secs(3600));
    let t = std::time::Instant::now();
    let snapshot = catalogue.snapshot(&store).await?;
    println!(
        "snapshot: {} sản phẩm, dựng trong {:.0} ms",
        snapshot.entries.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    for q in ["ca phe", "cà phê", "tra", "dak mil", "ca ph", "c", ""] {
        let query = ocop_app::search::ProductQuery {
            q: q.to_owned(),
            page: 1,
            per_page: 20,
            ..Default::default()
        };
        let t = std::time::Instant::now();
        let mut total = 0;
        for _ in 0..100 {
            total = ocop_app::search::products(&snapshot, &query).total;
        }
        let per = t.elapsed().as_secs_f64() * 10.0;
        println!("{q:>10}: {total:>6} kết quả, {per:.3} ms mỗi lần tìm");
    }
    Ok(())
}
