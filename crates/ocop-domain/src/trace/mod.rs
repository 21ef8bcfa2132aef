//! Truy xuất nguồn gốc — batches (lô) and their trace events, modelled on
//! EPCIS 2.0 and the Core Business Vocabulary: what (the batch), when (with
//! its UTC offset), where (a growing area, a packing house or a place), why
//! (the business step). Events are append-only: a mistake is corrected by a
//! new event that points at the one it corrects, so the history a consumer
//! or an inspector reads is never rewritten.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone as _};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TraceError {
    #[error("Số lô: 1–20 ký tự chữ không dấu, số hoặc dấu - . / _ (theo bộ ký tự GS1).")]
    Lot,
    #[error("Chọn bước: thu hoạch, chế biến, đóng gói, vận chuyển hoặc nhận hàng.")]
    Step,
    #[error(
        "Thời điểm phải có dạng 2026-11-20T08:30+07:00 (hoặc 2026-11-20 08:30, hiểu là giờ Việt Nam)."
    )]
    Time,
    #[error("Thời điểm không thể ở tương lai.")]
    Future,
    #[error("Thời điểm quá xa trước ngày sản xuất của lô ({0}).")]
    TooEarly(NaiveDate),
    #[error("Nhập nơi diễn ra (tối đa 200 ký tự).")]
    Place,
    #[error("Nơi thu hoạch phải là một vùng trồng của lô: {0}.")]
    HarvestPlace(String),
    #[error("Nhận hàng phải sau một lần vận chuyển của lô.")]
    ReceiveBeforeShip,
    #[error("Số lượng phải là số nguyên từ 0 trở lên.")]
    Quantity,
    #[error("Ngày phải có dạng YYYY-MM-DD.")]
    Date,
    #[error("Hạn sử dụng phải sau ngày sản xuất.")]
    ExpiryBeforeProduction,
}

/// A batch or lot number (AI 10): what the label prints and the Digital Link
/// carries, so it keeps to GS1's character set 82.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LotCode(String);

impl LotCode {
    pub fn parse(typed: &str) -> Result<Self, TraceError> {
        let t = typed.trim();
        let n = t.chars().count();
        if (1..=20).contains(&n) && t.chars().all(crate::digital_link::cset82) {
            Ok(Self(t.to_owned()))
        } else {
            Err(TraceError::Lot)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The business step of an event (CBV `bizStep`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Harvest,
    Processing,
    Packing,
    Shipping,
    Receiving,
}

impl Step {
    pub const ALL: [Self; 5] = [
        Self::Harvest,
        Self::Processing,
        Self::Packing,
        Self::Shipping,
        Self::Receiving,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Harvest => "harvest",
            Self::Processing => "processing",
            Self::Packing => "packing",
            Self::Shipping => "shipping",
            Self::Receiving => "receiving",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Harvest => "Thu hoạch",
            Self::Processing => "Chế biến",
            Self::Packing => "Đóng gói",
            Self::Shipping => "Vận chuyển đi",
            Self::Receiving => "Nhận hàng",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Harvest => "Harvest",
            Self::Processing => "Processing",
            Self::Packing => "Packing",
            Self::Shipping => "Shipping",
            Self::Receiving => "Receiving",
        }
    }

    /// The CBV 2.0 business step. CBV has no "harvesting": GS1's fresh-food
    /// guidance records a harvest as the commissioning of the harvested lot,
    /// and processing as creating a new class instance (a new lot).
    pub fn biz_step(self) -> &'static str {
        match self {
            Self::Harvest => "commissioning",
            Self::Processing => "creating_class_instance",
            Self::Packing => "packing",
            Self::Shipping => "shipping",
            Self::Receiving => "receiving",
        }
    }

    /// Our code, a Vietnamese label with or without accents, or a CBV step
    /// (bare or as `urn:epcglobal:cbv:bizstep:…` / `https://ref.gs1.org/cbv/BizStep-…`).
    pub fn parse(typed: &str) -> Result<Self, TraceError> {
        let f = crate::text::fold(typed.trim());
        let bare = f.rsplit([':', '-']).next().unwrap_or(&f).trim().to_owned();
        let found = Self::ALL.into_iter().find(|s| {
            f == s.code()
                || f == crate::text::fold(s.label_vi())
                || bare == s.biz_step()
                || bare == s.code()
        });
        match (found, f.as_str()) {
            (Some(s), _) => Ok(s),
            (None, "van chuyen") => Ok(Self::Shipping),
            (None, "nhan") => Ok(Self::Receiving),
            _ => Err(TraceError::Step),
        }
    }
}

/// Vietnam's offset; events typed without one are read in it.
pub const VIETNAM: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

fn vietnam() -> FixedOffset {
    VIETNAM
}

/// An event time as RFC 3339 with its offset, or a local Vietnamese time
/// (`2026-11-20 08:30`, `2026-11-20T08:30`, the form's `datetime-local`).
pub fn parse_time(typed: &str) -> Result<DateTime<FixedOffset>, TraceError> {
    let t = typed.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d);
    }
    if let Ok(d) = DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M%:z") {
        return Ok(d);
    }
    for f in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, f) {
            return vietnam()
                .from_local_datetime(&n)
                .single()
                .ok_or(TraceError::Time);
        }
    }
    Err(TraceError::Time)
}

pub fn parse_date(typed: &str) -> Result<NaiveDate, TraceError> {
    NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d").map_err(|_| TraceError::Date)
}

/// How many units a batch holds, as typed (dots and spaces as thousands).
pub fn quantity(typed: &str) -> Result<Option<i64>, TraceError> {
    let t: String = typed
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | ','))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=1_000_000_000_000).contains(&n) => Ok(Some(n)),
        _ => Err(TraceError::Quantity),
    }
}

/// A batch's dates checked together.
pub fn batch_dates(
    produced: &str,
    expires: &str,
) -> Result<(NaiveDate, Option<NaiveDate>), TraceError> {
    let p = parse_date(produced)?;
    let e = match expires.trim() {
        "" => None,
        e => Some(parse_date(e)?),
    };
    if e.is_some_and(|e| e <= p) {
        return Err(TraceError::ExpiryBeforeProduction);
    }
    Ok((p, e))
}

/// A new event, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct EventInput {
    pub step: Step,
    pub time: DateTime<FixedOffset>,
    pub place: String,
    pub quantity: Option<i64>,
    pub note: String,
}

/// What an event is checked against: its batch as recorded so far.
#[derive(Debug, Clone, Default)]
pub struct BatchFacts {
    pub produced_on: Option<NaiveDate>,
    /// Codes of the growing areas the batch was made from.
    pub area_codes: Vec<String>,
    /// Shipping times of the batch's events still standing (not corrected).
    pub shipped_at: Vec<DateTime<FixedOffset>>,
}

/// A harvest may precede the production date by this much (drying, curing).
const HARVEST_LEAD_DAYS: i64 = 366;

impl EventInput {
    pub fn parse(
        step: &str,
        time: &str,
        place: &str,
        quantity_typed: &str,
        note: &str,
    ) -> Result<Self, TraceError> {
        let place = crate::text::nfc(place);
        if place.is_empty() || place.chars().count() > 200 {
            return Err(TraceError::Place);
        }
        Ok(Self {
            step: Step::parse(step)?,
            time: parse_time(time)?,
            place,
            quantity: quantity(quantity_typed)?,
            note: crate::text::nfc(note).chars().take(500).collect(),
        })
    }

    /// The rules an event keeps against its batch and the clock.
    pub fn check(&self, batch: &BatchFacts, now: DateTime<chrono::Utc>) -> Result<(), TraceError> {
        // A phone's clock a few minutes fast must not refuse a real event.
        if self.time.with_timezone(&chrono::Utc) > now + chrono::Duration::minutes(10) {
            return Err(TraceError::Future);
        }
        if let Some(p) = batch.produced_on {
            let earliest = p - chrono::Duration::days(HARVEST_LEAD_DAYS);
            if self.time.date_naive() < earliest {
                return Err(TraceError::TooEarly(p));
            }
        }
        if self.step == Step::Harvest && !batch.area_codes.is_empty() {
            let named = batch
                .area_codes
                .iter()
                .any(|c| self.place.contains(c.as_str()));
            if !named {
                return Err(TraceError::HarvestPlace(batch.area_codes.join(", ")));
            }
        }
        if self.step == Step::Receiving && !batch.shipped_at.iter().any(|s| *s <= self.time) {
            return Err(TraceError::ReceiveBeforeShip);
        }
        Ok(())
    }
}

/// The portal's own short code for a batch without a GTIN: ten characters
/// of Crockford's base 32 (no I, L, O, U) from 50 random bits, so codes are
/// not guessable by counting.
pub fn short_code(random: [u8; 8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let n = u64::from_le_bytes(random);
    (0..10)
        .map(|i| char::from(ALPHABET[usize::try_from((n >> (i * 5)) & 31).unwrap_or(0)]))
        .collect()
}

/// Whether `s` could be a short code (checked before touching the database).
pub fn is_short_code(s: &str) -> bool {
    s.len() == 10
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b.is_ascii_lowercase() && !b"ilou".contains(&b)))
}

#[cfg(test)]
mod tests;
