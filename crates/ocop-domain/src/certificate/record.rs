//! Hồ sơ giấy chứng nhận — what a stored certificate record proves about its
//! status when dates are missing (lists published with only the year of
//! recognition) and when a later decision for the same product replaced it.
//!
//! Periods follow the Civil Code (Bộ luật Dân sự 2015, Art. 147–148): a
//! period in months starts the day after the event and ends at the end of
//! the matching day of its last month, so a certificate issued on 19 Jun 2025
//! is still valid on 19 Jun 2028 ([`super::CertificateValidity::from_issue`]).

use super::{CertificateStatus, CertificateValidity};
use chrono::NaiveDate;

/// Ngày cấp — when a certificate was issued, as precisely as its record knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueDate {
    /// Only the year of recognition is known.
    Year(i32),
    Day(NaiveDate),
}

impl IssueDate {
    /// The issue date, or failing that the year, or nothing.
    pub fn of(issued_on: Option<NaiveDate>, year: Option<i32>) -> Option<Self> {
        match (issued_on, year) {
            (Some(d), _) => Some(Self::Day(d)),
            (None, Some(y)) if NaiveDate::from_ymd_opt(y, 1, 1).is_some() => Some(Self::Year(y)),
            _ => None,
        }
    }

    /// The first day it can have been issued on.
    pub fn earliest(self) -> NaiveDate {
        match self {
            Self::Day(d) => d,
            Self::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN),
        }
    }

    /// The last day it can have been issued on.
    pub fn latest(self) -> NaiveDate {
        match self {
            Self::Day(d) => d,
            Self::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// The last valid day, as early and as late as the record allows.
    pub fn bounds(self) -> ValidityBounds {
        ValidityBounds {
            at_least_until: CertificateValidity::from_issue(self.earliest()).valid_until,
            at_most_until: CertificateValidity::from_issue(self.latest()).valid_until,
        }
    }

    /// Order of issue within one product: by the earliest possible day, a
    /// year-only record before a dated one of the same day.
    fn order_key(self) -> (NaiveDate, u8) {
        match self {
            Self::Year(_) => (self.earliest(), 0),
            Self::Day(d) => (d, 1),
        }
    }
}

/// The last day a certificate is valid: known exactly when the issue date is,
/// otherwise somewhere between two days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ValidityBounds {
    /// Còn hiệu lực ít nhất đến — the earliest possible last day.
    pub at_least_until: NaiveDate,
    /// The latest possible last day; after it the certificate has certainly
    /// expired.
    pub at_most_until: NaiveDate,
}

impl ValidityBounds {
    pub fn is_exact(&self) -> bool {
        self.at_least_until == self.at_most_until
    }
}

/// The certificate that a later decision for the same product issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Successor<'a> {
    pub number: Option<&'a str>,
    pub issued: IssueDate,
}

impl Successor<'_> {
    /// The replaced certificate stops from the earliest day the new one can
    /// have been issued, so that two never stand together.
    pub fn from(&self) -> NaiveDate {
        self.issued.earliest()
    }
}

/// What a stored certificate record says about its status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFacts<'a> {
    pub issued_on: Option<NaiveDate>,
    pub year: Option<i32>,
    /// A revocation with no date recorded is treated as already in force.
    pub revoked: Option<(Option<NaiveDate>, &'a str)>,
    pub suspended: Option<(Option<NaiveDate>, &'a str)>,
    pub successor: Option<Successor<'a>>,
    /// A rating its issuer could only put forward (see
    /// [`CertificateStatus::Nominated`]).
    pub nominated: bool,
}

impl RecordFacts<'_> {
    pub fn issue_date(&self) -> Option<IssueDate> {
        IssueDate::of(self.issued_on, self.year)
    }

    pub fn bounds(&self) -> Option<ValidityBounds> {
        self.issue_date().map(IssueDate::bounds)
    }

    /// The last day the certificate can be valid.
    pub fn latest_valid_day(&self) -> Option<NaiveDate> {
        self.bounds().map(|b| b.at_most_until)
    }

    /// The status on `today`. Whatever ended the certificate first wins: a
    /// revocation (undated: always), the successor's issue, or the certain
    /// expiry — except that a suspension still in force outlasts the expiry
    /// (the star was already withdrawn); then the suspension; then what the
    /// dates prove.
    pub fn status_on(&self, today: NaiveDate) -> CertificateStatus {
        if self.nominated {
            return CertificateStatus::Nominated;
        }
        let in_force = |on: Option<NaiveDate>| on.is_none_or(|d| d <= today);
        let bounds = self.bounds();
        let suspended = self.suspended.filter(|(on, _)| in_force(*on));
        let mut ends: Vec<(NaiveDate, CertificateStatus)> = Vec::with_capacity(3);
        if let Some((on, reason)) = self.revoked.filter(|(on, _)| in_force(*on)) {
            let status = CertificateStatus::Revoked {
                reason: reason.to_owned(),
            };
            ends.push((on.unwrap_or(NaiveDate::MIN), status));
        }
        if let Some(s) = self.successor.filter(|s| s.from() <= today) {
            let status = CertificateStatus::Superseded {
                by: s.number.map(str::to_owned),
                on: s.from(),
            };
            ends.push((s.from(), status));
        }
        if let Some(b) = bounds.filter(|b| b.at_most_until < today && suspended.is_none()) {
            let day_after = b.at_most_until.succ_opt().unwrap_or(NaiveDate::MAX);
            ends.push((day_after, CertificateStatus::Expired));
        }
        // `min_by_key` keeps the first of equals: revocation, supersession, expiry.
        if let Some((_, status)) = ends.into_iter().min_by_key(|(on, _)| *on) {
            return status;
        }
        if let Some((_, reason)) = suspended {
            return CertificateStatus::Suspended {
                reason: reason.to_owned(),
            };
        }
        match (self.issue_date(), bounds) {
            (Some(issued), _) if today < issued.earliest() => CertificateStatus::NotYetIssued,
            (_, Some(b)) if today <= b.at_least_until => CertificateStatus::Valid,
            (_, Some(_)) => CertificateStatus::ValidUnconfirmed,
            _ => CertificateStatus::Unknown,
        }
    }
}

/// Which certificate replaces which, within one product: the records in the
/// order they were issued, each followed by the next. `records` are
/// `(id, issue date)`; the answer is `(id, successor id)` for every record,
/// oldest first. A record with no date at all counts as the oldest.
pub fn order_successions<K: Copy + Ord>(records: &[(K, Option<IssueDate>)]) -> Vec<(K, Option<K>)> {
    let mut sorted: Vec<&(K, Option<IssueDate>)> = records.iter().collect();
    sorted.sort_by_key(|(id, issued)| (issued.map(IssueDate::order_key), *id));
    sorted
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, sorted.get(i + 1).map(|(next, _)| *next)))
        .collect()
}

#[cfg(test)]
mod tests;
