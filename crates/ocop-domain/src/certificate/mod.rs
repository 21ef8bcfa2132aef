//! Giấy chứng nhận — an OCOP certificate's validity and status.

use chrono::{Months, NaiveDate};

/// Certificates for 3–5★ products are valid for 36 months from issue.
pub const VALIDITY_MONTHS: u32 = 36;

/// Why a certificate may (or may no longer) be relied on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CertificateStatus {
    /// Còn hiệu lực — proven by the record: even the earliest possible
    /// expiry has not passed.
    Valid,
    /// Có thể còn hiệu lực — the record gives only the year (or no exact
    /// issue date): the earliest possible expiry has passed, the latest has
    /// not. The star may be good; the decision must be checked.
    ValidUnconfirmed,
    /// Hết hiệu lực — the 36 months have passed without re-evaluation.
    Expired,
    /// Đã được thay thế — a later decision for the same product (upgrade,
    /// re-evaluation, renewal) issued the certificate `by` from `on`.
    Superseded { by: Option<String>, on: NaiveDate },
    /// Bị thu hồi, with the stated grounds.
    Revoked { reason: String },
    /// Tạm đình chỉ — suspended while a breach is looked into; the star may
    /// not be used until the suspension is lifted.
    Suspended { reason: String },
    /// Chưa đến ngày cấp — asked about a day before the certificate existed.
    NotYetIssued,
    /// Chưa xác định — neither an issue date nor a year is recorded.
    Unknown,
    /// Đề cử, chưa được công nhận — a rating above what its issuer may
    /// recognise (a province's "5 sao cấp tỉnh" under 1048/2019, put
    /// forward for national evaluation): it never carried a star.
    Nominated,
}

impl CertificateStatus {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::ValidUnconfirmed => "valid_unconfirmed",
            Self::Expired => "expired",
            Self::Superseded { .. } => "superseded",
            Self::Revoked { .. } => "revoked",
            Self::Suspended { .. } => "suspended",
            Self::NotYetIssued => "not_yet_issued",
            Self::Unknown => "unknown",
            Self::Nominated => "nominated",
        }
    }

    pub fn label_vi(&self) -> &'static str {
        match self {
            Self::Valid => "Còn hiệu lực",
            Self::ValidUnconfirmed => "Có thể còn hiệu lực",
            Self::Expired => "Hết hiệu lực",
            Self::Superseded { .. } => "Đã được thay thế",
            Self::Revoked { .. } => "Đã thu hồi",
            Self::Suspended { .. } => "Tạm đình chỉ",
            Self::NotYetIssued => "Chưa đến ngày cấp",
            Self::Unknown => "Chưa xác định hiệu lực",
            Self::Nominated => "Chỉ được đề cử, không phải giấy chứng nhận",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Valid => "Valid",
            Self::ValidUnconfirmed => "Possibly valid",
            Self::Expired => "Expired",
            Self::Superseded { .. } => "Superseded",
            Self::Revoked { .. } => "Revoked",
            Self::Suspended { .. } => "Suspended",
            Self::NotYetIssued => "Not yet issued",
            Self::Unknown => "Validity not established",
            Self::Nominated => "Nominated only, not a certificate",
        }
    }

    /// Whether a star backed by this certificate may be shown as current.
    pub fn is_valid(&self) -> bool {
        matches!(self, Self::Valid)
    }

    /// Whether the star may still stand: proven valid, or valid on some
    /// reading of an incomplete record.
    pub fn may_be_valid(&self) -> bool {
        matches!(self, Self::Valid | Self::ValidUnconfirmed)
    }

    /// The grounds of a revocation or suspension.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Revoked { reason } | Self::Suspended { reason } => Some(reason),
            _ => None,
        }
    }

    /// The certificate that replaced this one, when it was superseded.
    pub fn successor(&self) -> Option<(Option<&str>, NaiveDate)> {
        match self {
            Self::Superseded { by, on } => Some((by.as_deref(), *on)),
            _ => None,
        }
    }
}

/// The dates that decide a certificate's status.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CertificateValidity {
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
}

impl CertificateValidity {
    /// Valid until issue + 36 months (clamped to the month's end, so a
    /// certificate issued on 31 May is valid until 31 May three years on).
    pub fn from_issue(issued_on: NaiveDate) -> Self {
        let valid_until = issued_on
            .checked_add_months(Months::new(VALIDITY_MONTHS))
            .unwrap_or(NaiveDate::MAX);
        Self {
            issued_on,
            valid_until,
        }
    }

    /// The status on `today` (passed in, never read from the clock). The
    /// certificate is still valid on its last day; a revocation wins over dates.
    pub fn status_on(&self, today: NaiveDate, revoked_reason: Option<&str>) -> CertificateStatus {
        match revoked_reason {
            Some(reason) => CertificateStatus::Revoked {
                reason: reason.to_owned(),
            },
            None if today > self.valid_until => CertificateStatus::Expired,
            None => CertificateStatus::Valid,
        }
    }
}

/// Thu hồi — the revocation of a certificate, with its grounds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Revocation {
    pub on: NaiveDate,
    pub reason: String,
    pub decision: Option<crate::DecisionNumber>,
}

/// A certificate issued by a decision: stars, validity and any revocation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Certificate {
    /// Số giấy chứng nhận, when one was printed.
    pub number: Option<String>,
    pub stars: crate::Stars,
    pub validity: CertificateValidity,
    pub revocation: Option<Revocation>,
}

impl Certificate {
    /// Only 3★ and above is certified: a lower rating gets no certificate.
    pub fn issue(
        number: Option<String>,
        stars: crate::Stars,
        issued_on: NaiveDate,
    ) -> Option<Self> {
        stars.certifiable().then(|| Self {
            number,
            stars,
            validity: CertificateValidity::from_issue(issued_on),
            revocation: None,
        })
    }

    /// A revocation takes effect from its date; before it the dates decide.
    pub fn status_on(&self, today: NaiveDate) -> CertificateStatus {
        let revoked = self
            .revocation
            .as_ref()
            .filter(|r| r.on <= today)
            .map(|r| r.reason.as_str());
        self.validity.status_on(today, revoked)
    }
}

mod record;
pub use record::{IssueDate, RecordFacts, Successor, ValidityBounds, order_successions};

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn valid_for_36_months() {
        let v = CertificateValidity::from_issue(d(2025, 6, 19));
        assert_eq!(v.valid_until, d(2028, 6, 19));
        assert_eq!(
            CertificateValidity::from_issue(d(2024, 2, 29)).valid_until,
            d(2027, 2, 28)
        );
    }

    #[test]
    fn status_at_the_boundary() {
        let v = CertificateValidity::from_issue(d(2025, 6, 19));
        assert_eq!(v.status_on(d(2028, 6, 18), None), CertificateStatus::Valid);
        assert_eq!(v.status_on(d(2028, 6, 19), None), CertificateStatus::Valid);
        assert_eq!(
            v.status_on(d(2028, 6, 20), None),
            CertificateStatus::Expired
        );
        assert_eq!(
            v.status_on(d(2026, 1, 1), Some("không tái đánh giá"))
                .code(),
            "revoked"
        );
    }

    #[test]
    fn only_certifiable_stars_get_a_certificate_and_revocation_counts_from_its_date() {
        let two = crate::Stars::new(2).unwrap();
        assert!(Certificate::issue(None, two, d(2025, 1, 1)).is_none());
        let three = crate::Stars::new(3).unwrap();
        let mut c = Certificate::issue(Some("01/2025".into()), three, d(2025, 1, 1))
            .unwrap_or_else(|| panic!("3★"));
        c.revocation = Some(Revocation {
            on: d(2026, 3, 1),
            reason: "không còn sản xuất".into(),
            decision: None,
        });
        assert_eq!(c.status_on(d(2026, 2, 28)), CertificateStatus::Valid);
        assert_eq!(c.status_on(d(2026, 3, 1)).code(), "revoked");
    }

    #[test]
    fn suspension_and_revocation_take_effect_from_their_dates() {
        let facts = RecordFacts {
            issued_on: Some(d(2025, 6, 19)),
            year: Some(2025),
            revoked: None,
            suspended: Some((Some(d(2026, 3, 1)), "bao bì sai")),
            successor: None,
            nominated: false,
        };
        assert_eq!(facts.status_on(d(2026, 2, 28)), CertificateStatus::Valid);
        assert_eq!(facts.status_on(d(2026, 3, 1)).code(), "suspended");
        assert_eq!(facts.status_on(d(2026, 3, 1)).reason(), Some("bao bì sai"));
        let revoked = RecordFacts {
            revoked: Some((Some(d(2026, 5, 1)), "ngừng sản xuất")),
            ..facts.clone()
        };
        // Revocation wins over a suspension once in force.
        assert_eq!(revoked.status_on(d(2026, 4, 30)).code(), "suspended");
        assert_eq!(revoked.status_on(d(2026, 5, 1)).code(), "revoked");
        // An expired certificate that is then suspended reads as suspended.
        assert_eq!(facts.status_on(d(2028, 6, 20)).code(), "suspended");
        assert_eq!(facts.latest_valid_day(), Some(d(2028, 6, 19)));
        // A nomination never stood, whatever its dates say.
        let nominated = RecordFacts {
            nominated: true,
            suspended: None,
            ..facts.clone()
        };
        assert_eq!(
            nominated.status_on(d(2025, 7, 1)),
            CertificateStatus::Nominated
        );
        assert!(!nominated.status_on(d(2025, 7, 1)).may_be_valid());
    }
}

/// Nhắc hết hạn — reminders go out 6, 3 and 1 months before a certificate
/// (or a kept document) stops being valid.
pub const REMINDER_MONTHS: [u32; 3] = [6, 3, 1];

/// The most urgent reminder due on `today` for something valid until
/// `last_day`: 1 within the last month, 3 within three, 6 within six; none
/// before that or once it has lapsed (a lapse is reported, not reminded).
pub fn reminder_due(last_day: NaiveDate, today: NaiveDate) -> Option<u32> {
    if today > last_day {
        return None;
    }
    REMINDER_MONTHS.iter().rev().copied().find(|m| {
        last_day
            .checked_sub_months(Months::new(*m))
            .is_some_and(|from| today >= from)
    })
}

#[cfg(test)]
mod reminder_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn reminders_start_on_the_day_the_window_opens() {
        let last = d(2027, 5, 29);
        assert_eq!(reminder_due(last, d(2026, 11, 28)), None, "the day before");
        assert_eq!(reminder_due(last, d(2026, 11, 29)), Some(6), "the day of");
        assert_eq!(
            reminder_due(last, d(2026, 11, 30)),
            Some(6),
            "the day after"
        );
        assert_eq!(reminder_due(last, d(2027, 2, 27)), Some(6));
        // 29 May less three months is 28 Feb in 2027 (no 29 Feb).
        assert_eq!(reminder_due(last, d(2027, 2, 28)), Some(3));
        assert_eq!(reminder_due(last, d(2027, 4, 29)), Some(1));
        assert_eq!(
            reminder_due(last, d(2027, 5, 29)),
            Some(1),
            "the last valid day"
        );
        assert_eq!(reminder_due(last, d(2027, 5, 30)), None, "lapsed");
    }
}
