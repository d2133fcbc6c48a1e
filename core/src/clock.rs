//! Time, injectable so expiry can be tested without waiting an hour.

use std::fmt::Debug;
use std::time::SystemTime;

/// The source of the current time for expiry checks.
pub trait Clock: Debug + Send + Sync {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock; the default.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}
