//! When background rounds run: the interval after a success, exponential
//! backoff with jitter after a failure, "sync now".

/// When rounds run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncTiming {
    /// Between two rounds while everything goes well.
    pub interval_ms: u64,
    /// The first retry after a failure (then doubled each time).
    pub base_ms: u64,
    /// The longest wait between retries.
    pub max_ms: u64,
}

impl Default for SyncTiming {
    fn default() -> Self {
        SyncTiming {
            interval_ms: 60_000,
            base_ms: 2_000,
            max_ms: 300_000,
        }
    }
}

/// The pure schedule of rounds: times are milliseconds on a monotonic clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduler {
    pub(super) timing: SyncTiming,
    failures: u32,
    next_at: u64,
}

impl Scheduler {
    /// A schedule whose first round is due at once.
    pub fn new(timing: SyncTiming) -> Self {
        Scheduler {
            timing,
            failures: 0,
            next_at: 0,
        }
    }

    /// Whether a round is due at `now`.
    pub fn due(&self, now: u64) -> bool {
        now >= self.next_at
    }

    /// When the next round is due.
    pub fn next_at(&self) -> u64 {
        self.next_at
    }

    /// Failures in a row.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// "Sync now": due at once (the failure count stays for the next backoff).
    pub fn request_now(&mut self) {
        self.next_at = 0;
    }

    /// A round succeeded at `now`.
    pub fn succeeded(&mut self, now: u64) {
        self.failures = 0;
        self.next_at = now.saturating_add(self.timing.interval_ms);
    }

    /// A round failed at `now`; `jitter` in `[0, 1)` spreads retries.
    pub fn failed(&mut self, now: u64, jitter: f64) {
        self.failures = self.failures.saturating_add(1);
        self.next_at = now.saturating_add(backoff_ms(&self.timing, self.failures, jitter));
    }

    /// The relay asked to wait `ms` (its `Retry-After`): no round before.
    pub fn not_before(&mut self, at: u64) {
        self.next_at = self.next_at.max(at);
    }
}

/// The wait after `failures` failures in a row: the exponential delay
/// `base · 2^(failures-1)` capped at `max`, of which the upper half is
/// jittered ("equal jitter"), so devices that lost the relay together do
/// not all come back at the same instant.
pub fn backoff_ms(timing: &SyncTiming, failures: u32, jitter: f64) -> u64 {
    let exp = failures.saturating_sub(1).min(32);
    let delay = timing
        .base_ms
        .saturating_mul(1u64 << exp)
        .min(timing.max_ms);
    let jitter = jitter.clamp(0.0, 1.0);
    let half = delay / 2;
    // The product is at most `delay / 2`, well inside f64's exact range.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let spread = ((delay - half) as f64 * jitter) as u64;
    half + spread
}

/// A jitter in `[0, 1)` from the process's hash seed and the clock (not for
/// secrets, only to spread retries).
pub(super) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    #[allow(clippy::cast_precision_loss)]
    let x = (h.finish() >> 11) as f64 / (1u64 << 53) as f64;
    x
}
