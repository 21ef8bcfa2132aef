//! Documents on the synthetic dataset (issue #7): the catalogue's Excel
//! export, a certificate PDF, the overview page over HTTP, and a 10,000-row
//! import run as a dry run (every write done, then rolled back, so the
//! dataset stays as generated). Each is the best of three runs.

use std::time::{Duration, Instant};

/// (what, milliseconds, limit in milliseconds)
pub type Timing = (&'static str, f64, f64);

async fn best<F, Fut>(mut f: F) -> anyhow::Result<f64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        f().await?;
        best = best.min(t.elapsed());
    }
    Ok(best.as_secs_f64() * 1000.0)
}

pub async fn measure(base: &str, db_url: &str) -> anyhow::Result<Vec<Timing>> {
    let url = ocop_store::DatabaseUrl::parse(db_url)?;
    let store = ocop_store::Store::connect(&url).await?;
    let clock = ocop_app::SystemClock;
    // An office account for the back-office pages (once).
    let password = "mat khau do hieu nang 2026";
    if store.user_by_username("bench-office").await?.is_none() {
        ocop_app::accounts::create_account(
            &store,
            &clock,
            &ocop_app::OsEntropy,
            &ocop_app::accounts::AccountRequest {
                username: "bench-office".into(),
                display_name: "Đo hiệu năng".into(),
                role: "office".into(),
                province_code: "68".into(),
            },
            Some(password.into()),
            "bench",
        )
        .await?;
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let res = client
        .post(format!("{base}/dang-nhap"))
        .form(&[
            ("username", "bench-office"),
            ("password", password),
            ("tiep", "/quan-tri"),
        ])
        .send()
        .await?;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(!cookie.is_empty(), "sign-in failed");

    let get = |path: String, cookie: String| {
        let client = client.clone();
        async move {
            let r = client.get(path).header("cookie", cookie).send().await?;
            anyhow::ensure!(r.status().is_success(), "{}", r.status());
            let bytes = r.bytes().await?;
            anyhow::ensure!(!bytes.is_empty(), "empty");
            Ok(())
        }
    };
    let xlsx = best(|| get(format!("{base}/san-pham.xlsx"), String::new())).await?;
    let overview = best(|| get(format!("{base}/quan-tri/tong-quan"), cookie.clone())).await?;
    let certificate = store
        .certificate_id_by_number("68", "SYN-2020-000000")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no synthetic certificate"))?;
    let pdf = best(|| {
        get(
            format!("{base}/quan-tri/giay-chung-nhan/{certificate}/pdf"),
            cookie.clone(),
        )
    })
    .await?;
    // 10,000 rows as an office would send them.
    let mut csv =
        String::from("Tên sản phẩm,Chủ thể,Hạng sao,Năm công nhận,Số quyết định,Ngày quyết định\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "Sản phẩm nhập thử {i},HTX Nhập thử số {},{},2025,{}/QĐ-UBND,15/03/2025\n",
            i % 2000,
            3 + i % 2,
            100 + i % 50
        ));
    }
    let actor = ocop_app::cycle::Actor {
        username: "bench-office".into(),
        role: ocop_domain::access::Role::Office,
        province_code: "68".into(),
        commune_code: None,
        producer_id: None,
        agency_code: None,
        district_code: None,
    };
    let import = best(|| async {
        let r = ocop_app::import::run(&store, &clock, &actor, csv.as_bytes(), None, false)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        anyhow::ensure!(r.problems.is_empty(), "{:?}", r.problems.first());
        Ok(())
    })
    .await?;
    store.close().await;
    Ok(vec![
        ("xuất Excel 20.000 sản phẩm (/san-pham.xlsx)", xlsx, 3000.0),
        (
            "nhập 10.000 dòng (chạy thử: ghi rồi hoàn tác)",
            import,
            10_000.0,
        ),
        ("PDF giấy chứng nhận", pdf, 200.0),
        ("trang tổng quan (/quan-tri/tong-quan)", overview, 300.0),
    ])
}
