//! The hybrid logical clock: wall-clock milliseconds plus a counter, so that
//! times from different laptops order sensibly for display even when their
//! clocks disagree. It never decides which edit survives.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

const COUNTER_BITS: u32 = 16;
const COUNTER_MASK: u64 = (1 << COUNTER_BITS) - 1;

/// A hybrid logical clock timestamp: `ms << 16 | counter`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Hlc(pub u64);

impl Hlc {
    /// The timestamp at `ms` milliseconds since the Unix epoch, counter 0.
    pub fn from_millis(ms: u64) -> Self {
        Self(ms << COUNTER_BITS)
    }

    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> u64 {
        self.0 >> COUNTER_BITS
    }

    /// The logical counter within one millisecond.
    pub fn counter(self) -> u64 {
        self.0 & COUNTER_MASK
    }

    /// The next timestamp for a local event at wall-clock time `now_ms`:
    /// strictly greater than `self`, and never behind the wall clock.
    pub fn tick(self, now_ms: u64) -> Self {
        if now_ms > self.millis() {
            Self::from_millis(now_ms)
        } else {
            // Same or earlier wall time: count up. An exhausted counter moves
            // into the next millisecond, which keeps the order total.
            Self(self.0.saturating_add(1))
        }
    }

    /// The clock after seeing a `remote` timestamp: never behind it, so
    /// that later local edits sort after what this device has seen.
    pub fn observe(self, remote: Hlc) -> Self {
        self.max(remote)
    }

    /// The wall-clock part as a UTC time.
    pub fn to_utc(self) -> DateTime<Utc> {
        let ms = i64::try_from(self.millis()).unwrap_or(i64::MAX);
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    /// The current wall-clock time in milliseconds.
    pub fn now_millis() -> u64 {
        u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0)
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_utc().format("%Y-%m-%d %H:%M:%S"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_follows_the_wall_clock_when_it_moves_forward() {
        let t = Hlc::from_millis(1000).tick(2000);
        assert_eq!(t.millis(), 2000);
        assert_eq!(t.counter(), 0);
    }

    #[test]
    fn tick_counts_up_when_the_wall_clock_stands_still_or_goes_back() {
        let t = Hlc::from_millis(5000);
        let a = t.tick(5000);
        let b = a.tick(4000);
        assert!(t < a && a < b);
        assert_eq!(b.millis(), 5000);
        assert_eq!(b.counter(), 2);
    }

    #[test]
    fn observe_never_goes_behind_a_remote_time() {
        let local = Hlc::from_millis(10);
        let remote = Hlc::from_millis(99).tick(99);
        let seen = local.observe(remote);
        assert!(seen.tick(50) > remote);
    }
}
