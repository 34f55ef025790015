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
    /// The latest time an op may carry: 6000-01-01 (later values cannot be
    /// real times, and would not fit the log's signed 64-bit integers).
    pub const LATEST: Hlc = Hlc(127_174_492_800_000 << COUNTER_BITS);

    /// How far ahead of this device's own time a remote op may be before
    /// it is flagged, and the most this device's clock moves ahead of its
    /// own time when it sees such an op.
    pub const AHEAD_MS: u64 = 24 * 60 * 60 * 1000;

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

    /// The clock after seeing a `remote` timestamp at wall-clock time
    /// `now_ms`: never behind it, so that later local edits sort after what
    /// this device has seen, but never more than [`Hlc::AHEAD_MS`] past its
    /// own time (a laptop whose clock was years ahead cannot drag every
    /// other clock along, nor stop editing at the end of time).
    pub fn observe(self, remote: Hlc, now_ms: u64) -> Self {
        let cap = now_ms.saturating_add(Hlc::AHEAD_MS).min(Hlc::LATEST.millis());
        self.max(remote.min(Hlc::from_millis(cap)))
    }

    /// The latest time believed at wall-clock time `now_ms`: later ones
    /// came from a clock more than [`Hlc::AHEAD_MS`] ahead.
    pub fn believable_at(now_ms: u64) -> Hlc {
        // The whole last millisecond: this device's own ticks within it are believed.
        let ms = now_ms.saturating_add(Hlc::AHEAD_MS).min(Hlc::LATEST.millis());
        Hlc(Hlc::from_millis(ms).0 | COUNTER_MASK)
    }

    /// How many milliseconds this time is ahead of wall-clock time `now_ms`.
    pub fn ahead_of(self, now_ms: u64) -> u64 {
        self.millis().saturating_sub(now_ms)
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
        let seen = local.observe(remote, 50);
        assert!(seen.tick(50) > remote);
    }

    #[test]
    fn a_remote_time_far_ahead_moves_the_clock_a_day_at_most() {
        let now = 1_800_000_000_000;
        let local = Hlc::from_millis(now);
        let seen = local.observe(Hlc(u64::MAX), now);
        assert_eq!(seen.millis(), now + Hlc::AHEAD_MS);
        // Editing goes on: every tick is later and fits the log.
        let next = seen.tick(now);
        assert!(next > seen && next < Hlc::LATEST);
        assert!(i64::try_from(Hlc::LATEST.0).is_ok());
    }
}
