//! Application services of the OCOP platform: the use cases that the web and
//! the command line both call. Time and randomness come in as [`Clock`] and
//! [`Entropy`], so expiry, deadlines and generated secrets are testable.

pub mod accounts;
pub mod auth;
pub mod backup;
pub mod budget;
pub mod catalogue;
pub mod clock;
pub mod content;
pub mod cycle;
pub mod datadir;
pub mod error;
pub mod heavy;
pub mod import;
pub mod map;
pub mod market;
pub mod misuse;
pub mod monitoring;
pub mod national;
pub mod notify;
pub mod photos;
pub mod portal;
pub mod record_error;
pub mod refresh;
pub mod registry;
pub mod reminders;
pub mod rounds;
pub mod rules;
pub mod scan;
pub mod scope;
pub mod seal;
pub mod search;
pub mod seed;
pub mod settings;
pub mod standing;
pub mod star_check;
pub mod trace;
pub mod vault;
pub mod worklist;

pub use clock::{Clock, Entropy, FixedClock, OsEntropy, SystemClock};
pub use settings::Province;
