//! Truy xuất nguồn gốc — what producers (and officers on their behalf) do:
//! record growing areas and packing houses, open batches, append trace
//! events, import events from other apps, export them as EPCIS.

use crate::cycle::Actor;
use crate::record_error::RecordError;
use crate::scope::producer_in_reach;
use crate::{Clock, Entropy};
use ocop_domain::epcis::{BatchIdentity, RecordedEvent};
use ocop_domain::growing_area::{AreaKind, IssuedCode, coordinates, hectares};
use ocop_domain::import::Problem;
use ocop_domain::trace::{
    BatchFacts, EventInput, LotCode, Step, batch_dates, quantity, short_code,
};
use ocop_store::Store;
use ocop_store::areas::NewArea;
use ocop_store::trace::{BatchRow, EventRefusal, EventRow, NewBatch, NewEvent};

fn field(field: &'static str, message: impl Into<String>) -> RecordError {
    RecordError::field(field, message)
}

mod areas;
mod batches;
mod events;
mod export;

pub use areas::*;
pub use batches::*;
pub use events::*;
pub use export::*;
