//! The synthetic national-scale dataset: every product, producer and
//! certificate it adds is marked as generated (dataset name, slug prefix
//! `tong-hop-`, a source note saying so). Never load it into a real
//! deployment's database.

use ocop_app::{Clock as _, Province};
use ocop_domain::text::{fold, slugify};
use ocop_store::{Store, Value};

pub const DATASET: &str = "synthetic-national-bench";
pub const NOTE: &str =
    "DỮ LIỆU TỔNG HỢP (synthetic) để đo hiệu năng — không phải sản phẩm OCOP thật";

const PRODUCTS: [(&str, &str); 20] = [
    ("Cà phê bột", "I"),
    ("Cà phê hạt rang", "I"),
    ("Mật ong hoa cà phê", "I"),
    ("Hạt điều rang muối", "I"),
    ("Tiêu đen", "I"),
    ("Trà atiso", "II"),
    ("Nước mắm cá cơm", "I"),
    ("Gạo thơm", "I"),
    ("Sầu riêng", "I"),
    ("Bơ sáp", "I"),
    ("Hạt mắc ca", "I"),
    ("Rượu cần", "II"),
    ("Thổ cẩm dệt tay", "IV"),
    ("Nấm linh chi", "III"),
    ("Trà thảo mộc", "III"),
    ("Khô cá", "I"),
    ("Bánh tráng", "I"),
    ("Măng khô", "I"),
    ("Lan rừng", "V"),
    ("Homestay bản làng", "VI"),
];

const PRODUCER_KINDS: [(&str, &str); 4] = [
    ("HTX Nông nghiệp", "cooperative"),
    ("Công ty TNHH", "enterprise"),
    ("Hộ kinh doanh", "household"),
    ("Tổ hợp tác", "cooperative_group"),
];

/// Every 2025 commune of the country, from the shipped list.
fn communes() -> anyhow::Result<Vec<(String, String)>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/vn-admin-units-2025.csv"
    );
    let mut out = Vec::new();
    for r in csv::Reader::from_path(path)?.records() {
        let r = r?;
        if r.get(4) == Some("commune") {
            out.push((
                r.get(0).unwrap_or_default().to_owned(),
                r.get(1).unwrap_or_default().to_owned(),
            ));
        }
    }
    anyhow::ensure!(
        out.len() == 3321,
        "expected 3,321 communes, found {}",
        out.len()
    );
    Ok(out)
}

/// Loads the real data, then the synthetic dataset (once).
pub async fn ensure(store: &Store, producers: usize, products: usize) -> anyhow::Result<()> {
    let clock = ocop_app::SystemClock;
    let now = clock.stamp();
    store.migrate(&now).await?;
    let province = Province {
        code: "68".to_owned(),
    };
    ocop_app::seed::load_missing(store, &clock, &province).await?;
    let Some(mut tx) = store.begin_load(DATASET).await? else {
        println!("dữ liệu tổng hợp đã có sẵn");
        return Ok(());
    };
    let communes = communes()?;
    let started = std::time::Instant::now();
    let mut producer_ids = Vec::with_capacity(producers);
    for i in 0..producers {
        let (prefix, kind) = PRODUCER_KINDS[i % PRODUCER_KINDS.len()];
        let (code, commune) = &communes[i % communes.len()];
        let name = format!("{prefix} {commune} số {i}");
        let id = tx
            .insert_returning_id(
                "producers",
                &[
                    "province_code",
                    "slug",
                    "name",
                    "name_folded",
                    "kind",
                    "commune_code_2025",
                    "created_at",
                    "updated_at",
                ],
                vec![
                    Value::Text(province.code.clone()),
                    Value::Text(format!("tong-hop-{}", slugify(&name))),
                    Value::Text(name.clone()),
                    Value::Text(fold(&name)),
                    Value::Text(kind.to_owned()),
                    Value::Text(code.clone()),
                    Value::Text(now.clone()),
                    Value::Text(now.clone()),
                ],
            )
            .await?;
        producer_ids.push(id);
    }
    let mut certificates = Vec::with_capacity(products);
    for i in 0..products {
        let (base, group) = PRODUCTS[i % PRODUCTS.len()];
        let (code, commune) = &communes[(i * 7) % communes.len()];
        let name = format!("{base} {commune} {i}");
        let id = tx
            .insert_returning_id(
                "products",
                &[
                    "province_code",
                    "slug",
                    "name",
                    "name_folded",
                    "producer_id",
                    "group_code",
                    "commune_code_2025",
                    "source_note",
                    "source_level",
                    "dataset",
                    "created_at",
                    "updated_at",
                ],
                vec![
                    Value::Text(province.code.clone()),
                    Value::Text(format!("tong-hop-{}", slugify(&name))),
                    Value::Text(name.clone()),
                    Value::Text(fold(&name)),
                    Value::Int(producer_ids[i % producer_ids.len()]),
                    Value::Text(group.to_owned()),
                    Value::Text(code.clone()),
                    Value::Text(NOTE.to_owned()),
                    Value::Text("synthetic".to_owned()),
                    Value::Text(DATASET.to_owned()),
                    Value::Text(now.clone()),
                    Value::Text(now.clone()),
                ],
            )
            .await?;
        let year = 2020 + i64::try_from(i % 7).unwrap_or(0);
        let issued = format!("{year}-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let until = chrono::NaiveDate::parse_from_str(&issued, "%Y-%m-%d")
            .map(|d| {
                ocop_domain::CertificateValidity::from_issue(d)
                    .valid_until
                    .to_string()
            })
            .unwrap_or_default();
        certificates.push(vec![
            Value::Text(province.code.clone()),
            Value::Int(id),
            Value::Text(format!("SYN-{year}-{i:06}")),
            // Six in ten 3★, three 4★, one 5★.
            Value::Int(match i % 10 {
                0..=5 => 3,
                6..=8 => 4,
                _ => 5,
            }),
            Value::Int(year),
            Value::Text(issued),
            Value::Text(until),
            Value::Text(now.clone()),
        ]);
    }
    tx.insert(
        "certificates",
        &[
            "province_code",
            "product_id",
            "number",
            "stars",
            "year",
            "issued_on",
            "valid_until",
            "created_at",
        ],
        &certificates,
    )
    .await?;
    tx.finish(i64::try_from(producers + products * 2).unwrap_or(0), &now)
        .await?;
    println!(
        "đã tạo dữ liệu tổng hợp: {producers} chủ thể, {products} sản phẩm, {products} giấy chứng nhận, {} xã, trong {:.1} s",
        communes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
