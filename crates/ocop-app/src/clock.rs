//! The platform's sense of time and chance, passed in rather than read.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Vietnam is UTC+7 all year (no daylight saving), so a fixed offset is exact.
/// The day in Vietnam of a moment (a stored UTC stamp).
pub fn vietnam_day(t: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    t.with_timezone(&vietnam()).date_naive()
}

pub fn vietnam() -> FixedOffset {
    // 25,200 s is within FixedOffset's range, so the fallback never runs.
    FixedOffset::east_opt(25_200).unwrap_or(Utc.fix())
}

use chrono::Offset as _;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// The calendar date in Vietnam; certificate validity is counted in it.
    fn today(&self) -> NaiveDate {
        self.now().with_timezone(&vietnam()).date_naive()
    }

    /// The timestamp stored in the database (UTC, RFC 3339, seconds).
    fn stamp(&self) -> String {
        self.now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant, for tests and reproducible runs.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A source of random bytes (salts, generated passwords).
pub trait Entropy: Send + Sync {
    fn fill(&self, buf: &mut [u8]) -> Result<(), getrandom::Error>;
}

/// The operating system's random source.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&self, buf: &mut [u8]) -> Result<(), getrandom::Error> {
        getrandom::fill(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn today_is_counted_in_vietnam() {
        // 18:00 UTC on 30 June is already 1 July in Vietnam.
        let c = FixedClock(
            Utc.with_ymd_and_hms(2025, 6, 30, 18, 0, 0)
                .single()
                .unwrap_or_default(),
        );
        assert_eq!(
            c.today(),
            NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()
        );
        assert_eq!(c.stamp(), "2025-06-30T18:00:00Z");
    }
}
