//! Kiểm tra sao — the public star check: anyone (a consumer at the shelf, a
//! marketplace's system) asks whether a certificate or a product's star is
//! still good today, and gets the status with the decision behind it.

use crate::catalogue::Snapshot;
use crate::portal::certificate_view;
use chrono::NaiveDate;
use ocop_domain::certificate::CertificateStatus;
use ocop_store::certificates::CertifiedProduct;
use ocop_store::{Store, StoreError};

/// The answer for one certificate: what a package's star can be trusted for.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StarAnswer {
    pub certificate_number: Option<String>,
    pub product_name: String,
    pub product_slug: String,
    pub producer_name: String,
    pub producer_slug: String,
    pub stars: i64,
    /// `valid`, `valid_unconfirmed`, `superseded`, `expired`, `revoked`,
    /// `suspended`, `not_yet_issued` or `unknown`.
    pub status: &'static str,
    /// The status as the domain decided it (`status` is its code): what
    /// pages and the feed decide by, never the code's wording.
    #[serde(skip)]
    pub standing: CertificateStatus,
    pub status_label_vi: &'static str,
    pub status_label_en: &'static str,
    /// Grounds of a revocation or suspension.
    pub reason: Option<String>,
    pub decision_number: Option<String>,
    pub decision_issued_on: Option<NaiveDate>,
    pub issuing_authority: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub recognition_year: Option<i64>,
    /// The last day of validity (from the issue date; from the year alone
    /// it is the latest possible day).
    pub valid_until: Option<NaiveDate>,
    /// The earliest possible last day: equal to `valid_until` when the issue
    /// date is known; with only the year, the certificate is proven valid
    /// up to this day.
    pub valid_at_least_until: Option<NaiveDate>,
    /// What the dates say, in words ("còn hiệu lực ít nhất đến 01/01/2028 …").
    pub validity_note_vi: Option<String>,
    pub validity_note_en: Option<String>,
    pub revoked_on: Option<NaiveDate>,
    pub suspended_on: Option<NaiveDate>,
    /// The certificate that replaced this one, and from when.
    pub superseded_by: Option<String>,
    pub superseded_on: Option<NaiveDate>,
}

impl StarAnswer {
    fn of(c: CertifiedProduct, today: chrono::NaiveDate) -> Self {
        let view = certificate_view(c.certificate, today);
        let (validity_note_vi, validity_note_en) =
            (view.validity_note(false), view.validity_note(true));
        let successor = view
            .status
            .successor()
            .map(|(by, on)| (by.map(str::to_owned), on));
        let status = view.status;
        let r = view.record;
        Self {
            certificate_number: r.number,
            product_name: c.product_name,
            product_slug: c.product_slug,
            producer_name: c.producer_name,
            producer_slug: c.producer_slug,
            stars: r.stars,
            status: status.code(),
            standing: status.clone(),
            status_label_vi: status.label_vi(),
            status_label_en: status.label_en(),
            reason: status.reason().map(str::to_owned),
            decision_number: r.decision_number,
            decision_issued_on: r.decision_issued_on,
            issuing_authority: r.issuing_authority,
            issued_on: r.issued_on,
            recognition_year: r.year,
            valid_until: view.bounds.map(|b| b.at_most_until),
            valid_at_least_until: view.bounds.map(|b| b.at_least_until),
            validity_note_vi,
            validity_note_en,
            revoked_on: r.revoked_on,
            suspended_on: r.suspended_on,
            superseded_by: successor.as_ref().and_then(|(by, _)| by.clone()),
            superseded_on: successor.map(|(_, on)| on),
        }
    }

    pub fn is_valid(&self) -> bool {
        self.standing == CertificateStatus::Valid
    }
}

/// The certificate printed with `number`, if this province issued it.
pub fn by_number(
    snapshot: &Snapshot,
    number: &str,
    today: chrono::NaiveDate,
) -> Option<StarAnswer> {
    snapshot
        .certificate(number)
        .cloned()
        .map(|c| StarAnswer::of(c, today))
}

/// The newest certificate of a product, which its star stands on.
pub fn newest_of(
    snapshot: &Snapshot,
    product_slug: &str,
    today: chrono::NaiveDate,
) -> Option<StarAnswer> {
    snapshot
        .certificates_of(product_slug)
        .next()
        .cloned()
        .map(|c| StarAnswer::of(c, today))
}

/// What a visitor typed: a certificate number when one matches, otherwise
/// words of a product or producer name (any accents); for each product found
/// (at most 20, by name) its newest certificate, which its star stands on.
pub fn lookup(snapshot: &Snapshot, typed: &str, today: chrono::NaiveDate) -> Vec<StarAnswer> {
    let typed = ocop_domain::text::nfc(typed);
    if typed.is_empty() {
        return Vec::new();
    }
    if let Some(found) = by_number(snapshot, &typed, today) {
        return vec![found];
    }
    let query = ocop_domain::search::SearchQuery::parse(&typed);
    if query.is_empty() {
        return Vec::new();
    }
    let mut matching: Vec<&crate::catalogue::Entry> = snapshot
        .entries
        .iter()
        .filter(|e| query.matches(&[&e.row.name_folded, &e.row.producer_folded]))
        .collect();
    matching.sort_by(|a, b| {
        a.row
            .name_folded
            .cmp(&b.row.name_folded)
            .then(a.row.summary.id.cmp(&b.row.summary.id))
    });
    matching
        .into_iter()
        .filter_map(|e| {
            snapshot
                .certificates_of(&e.row.summary.slug)
                .next()
                .cloned()
        })
        .take(20)
        .map(|c| StarAnswer::of(c, today))
        .collect()
}

/// A certificate whose star stopped being good on `changed_on`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StatusChange {
    pub changed_on: NaiveDate,
    #[serde(flatten)]
    pub answer: StarAnswer,
}

/// Certificates revoked, suspended, superseded, expired or no longer proven
/// valid within the last `days` days up to `today`, most recent first: the
/// feed marketplaces poll to take down or replace stale stars.
pub async fn recent_changes(
    store: &Store,
    province: &str,
    today: chrono::NaiveDate,
    days: u32,
) -> Result<Vec<StatusChange>, StoreError> {
    use chrono::Datelike as _;
    let since = today - chrono::Days::new(u64::from(days));
    // A certificate that lapsed on or after `since` was issued at most one
    // validity period (and a day) before it.
    let issued_from = since
        .checked_sub_months(chrono::Months::new(
            ocop_domain::certificate::VALIDITY_MONTHS,
        ))
        .and_then(|d| d.pred_opt())
        .unwrap_or(chrono::NaiveDate::MIN);
    let candidates = store
        .certificates_changed_since(
            province,
            &since.to_string(),
            &issued_from.to_string(),
            i64::from(since.year()),
        )
        .await?;
    let in_window = |d: &NaiveDate| (since..=today).contains(d);
    let mut changes: Vec<StatusChange> = candidates
        .into_iter()
        .filter_map(|c| {
            let answer = StarAnswer::of(c, today);
            let day_after = |d: Option<NaiveDate>| d.and_then(|d| d.succ_opt());
            let changed_on = match answer.standing {
                CertificateStatus::Revoked { .. } => answer.revoked_on,
                CertificateStatus::Suspended { .. } => answer.suspended_on,
                CertificateStatus::Superseded { on, .. } => Some(on),
                // Expired the day after the last valid day; unconfirmed the
                // day after the last proven one.
                CertificateStatus::Expired => day_after(answer.valid_until),
                CertificateStatus::ValidUnconfirmed => day_after(answer.valid_at_least_until),
                CertificateStatus::Valid
                | CertificateStatus::NotYetIssued
                | CertificateStatus::Unknown
                | CertificateStatus::Nominated => None,
            }?;
            in_window(&changed_on).then_some(StatusChange { changed_on, answer })
        })
        .collect();
    changes.sort_by(|a, b| {
        b.changed_on
            .cmp(&a.changed_on)
            .then_with(|| a.answer.product_slug.cmp(&b.answer.product_slug))
    });
    Ok(changes)
}
