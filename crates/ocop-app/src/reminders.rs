//! Nhắc hết hạn — the scheduled job that reminds producers and their
//! commune officers 6, 3 and 1 months before a certificate or a kept
//! document (food-safety certificate, test report…) runs out, in the
//! application and by email. Any number of instances may run it at the same
//! time: each reminder is claimed and sent in one transaction, once.

use crate::Clock;
use ocop_domain::certificate::reminder_due;
use ocop_store::notifications::Message;
use ocop_store::{Store, StoreError};

/// The kinds of reminder, as the `reminders` table records them.
const CERTIFICATE: &str = "certificate";
const LAPSED: &str = "certificate_lapsed";
const DOCUMENT: &str = "document";

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RunReport {
    pub certificates: usize,
    pub documents: usize,
    /// Certificates that lapsed lately and were announced.
    pub lapsed: usize,
    /// Reminders due but sent before (by an earlier run or another
    /// instance): skipped without asking anything more of the database.
    pub sent_before: usize,
}

async fn lapsed_notice(
    store: &Store,
    province: &str,
    c: &ocop_store::certificates::CertifiedProduct,
    last_day: chrono::NaiveDate,
    now: &str,
) -> Result<bool, StoreError> {
    let Some(facts) = store.producer_facts(province, &c.producer_slug).await? else {
        return Ok(false);
    };
    let who = recipients(store, facts.id, facts.commune_code_2025.as_deref()).await?;
    let subject = format!(
        "Giấy chứng nhận OCOP của «{}» đã hết hiệu lực từ ngày {}",
        c.product_name,
        vn(last_day + chrono::Days::new(1))
    );
    let body = format!(
        "Giấy chứng nhận OCOP {} sao của sản phẩm «{}» hết hiệu lực sau ngày {}. Từ nay không được dùng sao OCOP \
         trên bao bì cho đến khi được công nhận lại; cổng thông tin và trang kiểm tra sao đã ghi «Hết hiệu lực».\n\n\
         Mở hồ sơ đánh giá lại: /quan-tri/ho-so/moi?product={}&kind=reevaluation",
        c.certificate.stars,
        c.product_name,
        vn(last_day),
        c.product_slug
    );
    let link = format!(
        "/quan-tri/ho-so/moi?product={}&kind=reevaluation",
        c.product_slug
    );
    store
        .remind_once(
            LAPSED,
            c.certificate.id,
            0,
            &who,
            &Message {
                subject: &subject,
                body: &body,
                link: Some(&link),
            },
            now,
        )
        .await
}

async fn recipients(
    store: &Store,
    producer_id: i64,
    commune: Option<&str>,
) -> Result<Vec<String>, StoreError> {
    let mut who = store
        .usernames_with("producer", None, Some(producer_id))
        .await?;
    if let Some(c) = commune {
        who.extend(store.usernames_with("commune", Some(c), None).await?);
    }
    Ok(who)
}

fn vn(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub async fn run(
    store: &Store,
    clock: &dyn Clock,
    province: &str,
) -> Result<RunReport, StoreError> {
    let today = clock.today();
    let now = clock.stamp();
    let mut report = RunReport::default();
    let sent = store.reminders_sent().await?;
    let sent_before =
        |kind: &str, id: i64, months: i64| sent.contains(&(kind.to_owned(), id, months));
    // Certificates: the newest of each product, the one its star stands on.
    let mut last = String::new();
    for c in store.all_certificates(province).await? {
        if c.product_slug == last {
            continue;
        }
        last.clone_from(&c.product_slug);
        let view = crate::portal::certificate_view(c.certificate.clone(), today);
        if view.status.code() == "expired"
            && c.certificate.issued_on.is_some()
            && let Some(last_day) = view.latest_valid_day
            && (today - last_day).num_days() <= 31
        {
            // Lapsed at its date (statuses are computed from dates, so the
            // portal already says so); tell the people concerned once.
            if sent_before(LAPSED, c.certificate.id, 0) {
                report.sent_before += 1;
            } else if lapsed_notice(store, province, &c, last_day, &now).await? {
                report.lapsed += 1;
            }
            continue;
        }
        // Only a certificate known to be valid is reminded; one whose issue
        // date is not known has no date to remind of.
        let (true, Some(last_day)) = (view.status.is_valid(), view.latest_valid_day) else {
            continue;
        };
        let Some(months) = reminder_due(last_day, today) else {
            continue;
        };
        if sent_before(CERTIFICATE, c.certificate.id, i64::from(months)) {
            report.sent_before += 1;
            continue;
        }
        let Some(facts) = store.producer_facts(province, &c.producer_slug).await? else {
            continue;
        };
        let who = recipients(store, facts.id, facts.commune_code_2025.as_deref()).await?;
        let subject = format!(
            "Giấy chứng nhận OCOP của «{}» hết hiệu lực ngày {}",
            c.product_name,
            vn(last_day)
        );
        let body = format!(
            "Giấy chứng nhận OCOP {} sao của sản phẩm «{}» ({}) còn hiệu lực đến hết ngày {} — còn dưới {months} tháng.\n\
             Để giữ hạng sao, chủ thể cần nộp hồ sơ đánh giá lại trước ngày đó; hồ sơ mới được điền sẵn từ hồ sơ trước.\n\n\
             Mở hồ sơ đánh giá lại: /quan-tri/ho-so/moi?product={}&kind=reevaluation",
            c.certificate.stars,
            c.product_name,
            c.producer_name,
            vn(last_day),
            c.product_slug
        );
        let link = format!(
            "/quan-tri/ho-so/moi?product={}&kind=reevaluation",
            c.product_slug
        );
        let message = Message {
            subject: &subject,
            body: &body,
            link: Some(&link),
        };
        if store
            .remind_once(
                CERTIFICATE,
                c.certificate.id,
                i64::from(months),
                &who,
                &message,
                &now,
            )
            .await?
        {
            report.certificates += 1;
        }
    }
    // Kept documents ending within six months.
    let horizon = today
        .checked_add_months(chrono::Months::new(6))
        .unwrap_or(today);
    for d in store
        .documents_ending_between(province, today, horizon)
        .await?
    {
        let last_day = d.valid_until;
        let Some(months) = reminder_due(last_day, today) else {
            continue;
        };
        if sent_before(DOCUMENT, d.id, i64::from(months)) {
            report.sent_before += 1;
            continue;
        }
        let who = recipients(store, d.producer_id, d.commune_code_2025.as_deref()).await?;
        let subject = format!("Tài liệu «{}» hết hạn ngày {}", d.title, vn(last_day));
        let body = format!(
            "Tài liệu «{}» trong kho tài liệu của chủ thể còn hiệu lực đến hết ngày {} — còn dưới {months} tháng.\n\
             Hãy tải lên bản mới khi được cấp lại, để hồ sơ OCOP sau dùng được.\n\n\
             Kho tài liệu: /quan-tri/chu-the/{}#kho",
            d.title,
            vn(last_day),
            d.producer_slug
        );
        let link = format!("/quan-tri/chu-the/{}#kho", d.producer_slug);
        let message = Message {
            subject: &subject,
            body: &body,
            link: Some(&link),
        };
        if store
            .remind_once(DOCUMENT, d.id, i64::from(months), &who, &message, &now)
            .await?
        {
            report.documents += 1;
        }
    }
    Ok(report)
}
