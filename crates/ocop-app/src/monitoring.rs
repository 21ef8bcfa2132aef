//! Giám sát sau công nhận — the office records visits and what must be put
//! right; producers record what their products sell.

use crate::Clock;
use crate::cycle::Actor;
use crate::record_error::RecordError;
use ocop_domain::access::Permission;
use ocop_domain::market::SalesChannel;
use ocop_domain::monitoring::{Checks, InspectionKind, InspectionResult, check_result};
use ocop_store::Store;
use ocop_store::monitoring::{NewInspection, SalesFigure};

fn field(field: &'static str, message: impl Into<String>) -> RecordError {
    RecordError::field(field, message)
}

fn date(name: &'static str, v: &str) -> Result<chrono::NaiveDate, RecordError> {
    chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| field(name, "Nhập ngày (năm-tháng-ngày)."))
}

/// The visit form as typed. Check boxes arrive as "1" when ticked.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct InspectionForm {
    pub kind: String,
    pub inspected_on: String,
    pub still_produced: String,
    pub still_sold: String,
    pub quality_ok: String,
    pub packaging_ok: String,
    pub findings: String,
    pub result: String,
    /// One follow-up action a line: `what to do | YYYY-MM-DD`.
    pub actions: String,
}

fn require(actor: &Actor) -> Result<(), RecordError> {
    if actor.role.can(Permission::ManageRounds) {
        Ok(())
    } else {
        Err(RecordError::Forbidden(
            "Chỉ Văn phòng Điều phối OCOP ghi kết quả giám sát.",
        ))
    }
}

pub async fn record_inspection(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    product_slug: &str,
    f: &InspectionForm,
    photo: Option<Vec<u8>>,
) -> Result<i64, RecordError> {
    require(actor)?;
    let product = store
        .product_by_slug(&actor.province_code, product_slug)
        .await?
        .ok_or(RecordError::NotFound("sản phẩm"))?;
    let kind =
        InspectionKind::parse(&f.kind).ok_or_else(|| field("kind", "Chọn loại kiểm tra."))?;
    let on = date("inspected_on", &f.inspected_on)?;
    if on > clock.today() {
        return Err(field(
            "inspected_on",
            "Ngày kiểm tra không được sau hôm nay.",
        ));
    }
    let ticked = |v: &str| v == "1" || v == "on";
    let checks = Checks {
        still_produced: ticked(&f.still_produced),
        still_sold: ticked(&f.still_sold),
        quality_ok: ticked(&f.quality_ok),
        packaging_ok: ticked(&f.packaging_ok),
    };
    let result =
        InspectionResult::parse(&f.result).ok_or_else(|| field("result", "Chọn kết luận."))?;
    let mut actions = Vec::new();
    for (n, line) in f
        .actions
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let (what, due) = line.rsplit_once('|').ok_or_else(|| {
            field(
                "actions",
                format!("Dòng {}: ghi «việc cần làm | năm-tháng-ngày».", n + 1),
            )
        })?;
        let due = chrono::NaiveDate::parse_from_str(due.trim(), "%Y-%m-%d").map_err(|_| {
            field(
                "actions",
                format!(
                    "Dòng {}: hạn «{}» không phải một ngày (năm-tháng-ngày).",
                    n + 1,
                    due.trim()
                ),
            )
        })?;
        let what = ocop_domain::text::nfc(what);
        if what.is_empty() {
            return Err(field(
                "actions",
                format!("Dòng {}: ghi việc cần làm.", n + 1),
            ));
        }
        actions.push((what, due));
    }
    check_result(checks, result, actions.len()).map_err(|e| field("result", e.to_string()))?;
    let findings = ocop_domain::text::nfc(&f.findings);
    if findings.is_empty() {
        return Err(field("findings", "Ghi điều đã thấy khi kiểm tra."));
    }
    let photo_jpeg = match photo.filter(|p| !p.is_empty()) {
        None => None,
        Some(bytes) => crate::heavy::photo(bytes)
            .await
            .map_err(|e| field("photo", e.to_string()))?
            .variants
            .into_iter()
            .rev()
            .find(|v| v.width <= 1600)
            .map(|v| v.jpeg),
    };
    Ok(store
        .add_inspection(
            &NewInspection {
                product_id: product.summary.id,
                kind,
                inspected_on: on,
                still_produced: checks.still_produced,
                still_sold: checks.still_sold,
                quality_ok: checks.quality_ok,
                packaging_ok: checks.packaging_ok,
                findings: &findings,
                result,
                actions: &actions,
                photo_jpeg: photo_jpeg.as_deref(),
            },
            &actor.username,
            &clock.stamp(),
        )
        .await?)
}

pub async fn complete_action(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    product_slug: &str,
    action_id: i64,
) -> Result<(), RecordError> {
    require(actor)?;
    let product = store
        .product_by_slug(&actor.province_code, product_slug)
        .await?
        .ok_or(RecordError::NotFound("sản phẩm"))?;
    let found = store
        .complete_action(
            product.summary.id,
            action_id,
            &clock.today().to_string(),
            &actor.username,
            &clock.stamp(),
        )
        .await?;
    RecordError::found(found, "việc cần khắc phục")
}

/// A month's figures as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SalesForm {
    pub product: String,
    /// `YYYY-MM`.
    pub month: String,
    pub channel: String,
    pub quantity: String,
    pub revenue: String,
}

pub async fn record_sales(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    f: &SalesForm,
) -> Result<(), RecordError> {
    let producer = crate::scope::producer_in_reach(store, actor, producer_slug).await?;
    let product = store
        .product_of_producer(producer.id, f.product.trim())
        .await?
        .ok_or_else(|| field("sales_product", "Chọn một sản phẩm của chủ thể."))?;
    let month = f.month.trim();
    let month_ok = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .is_ok_and(|d| d <= clock.today());
    if !month_ok {
        return Err(field(
            "sales_month",
            "Chọn tháng đã qua hoặc tháng này (năm-tháng).",
        ));
    }
    let channel =
        SalesChannel::parse(&f.channel).ok_or_else(|| field("sales_channel", "Chọn kênh bán."))?;
    let number = |name: &'static str, v: &str, what: &str| {
        let digits: String = v
            .chars()
            .filter(|c| !matches!(c, '.' | ',' | ' '))
            .collect();
        digits
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| {
                field(
                    name,
                    format!("{what} phải là số không âm (có thể viết 1.500.000)."),
                )
            })
    };
    let quantity = number("sales_quantity", &f.quantity, "Số lượng")?;
    let revenue = number("sales_revenue", &f.revenue, "Doanh thu")?;
    store
        .put_sales(
            &SalesFigure {
                product_id: product,
                month,
                channel: channel.code(),
                quantity,
                revenue_vnd: revenue,
            },
            &actor.username,
            &clock.stamp(),
        )
        .await?;
    Ok(())
}
