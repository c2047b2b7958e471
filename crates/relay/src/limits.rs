//! The relay's abuse limits: who may create teams, per-device request
//! rates, per-team quotas, and the clock they all read.
//!
//! Rates use `governor` (GCRA, one state per device in a `DashMap`) on a
//! clock read from [`RelayConfig::now_ms`], so a test that freezes or
//! advances that clock decides when a device is over its rate, without
//! sleeping.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::Clock;
use governor::state::keyed::DashMapStateStore;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use subtle::ConstantTimeEq;
use sync::DevicePublicKey;
use zeroize::Zeroizing;

use crate::RelayConfig;

/// Who may create a team on this relay.
#[derive(Clone, Default)]
pub enum Registration {
    /// Nobody: the relay serves the teams it has (the default).
    #[default]
    Closed,
    /// Whoever sends this operator token (`x-fs-operator` header).
    Token(Arc<Zeroizing<String>>),
    /// Anyone, at most [`RelayConfig::team_creations_per_minute`] teams a
    /// minute from all callers together.
    Open,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Registration::Closed => "Closed",
            Registration::Token(_) => "Token(<redacted>)",
            Registration::Open => "Open",
        })
    }
}

/// Whether `given` is the operator token (constant time in its content).
pub(crate) fn token_matches(expected: &str, given: &[u8]) -> bool {
    let e = expected.as_bytes();
    // Length is not secret-dependent beyond what the operator chose.
    e.len() == given.len() && bool::from(e.ct_eq(given))
}

/// The relay clock, for governor: milliseconds of [`RelayConfig::now_ms`].
#[derive(Clone)]
pub(crate) struct RelayClock(pub Arc<dyn Fn() -> i64 + Send + Sync>);

impl Clock for RelayClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        Duration::from_millis(u64::try_from((self.0)()).unwrap_or(0))
    }
}

type Keyed = RateLimiter<
    DevicePublicKey,
    DashMapStateStore<DevicePublicKey>,
    RelayClock,
    governor::middleware::NoOpMiddleware<Duration>,
>;
type Direct = RateLimiter<
    NotKeyed,
    InMemoryState,
    RelayClock,
    governor::middleware::NoOpMiddleware<Duration>,
>;

/// The relay's rate limiters.
pub(crate) struct Limiters {
    clock: RelayClock,
    devices: Keyed,
    creations: Direct,
    checks: std::sync::atomic::AtomicU64,
}

fn nz(v: u32) -> NonZeroU32 {
    NonZeroU32::new(v.max(1)).unwrap_or(NonZeroU32::MIN)
}

impl Limiters {
    pub(crate) fn new(config: &RelayConfig) -> Self {
        let clock = RelayClock(config.now_ms.clone());
        let per_device = Quota::per_second(nz(config.device_requests_per_second))
            .allow_burst(nz(config.device_burst));
        let creations = Quota::per_minute(nz(config.team_creations_per_minute))
            .allow_burst(nz(config.team_creations_per_minute));
        Limiters {
            devices: RateLimiter::dashmap_with_clock(per_device, clock.clone()),
            creations: RateLimiter::direct_with_clock(creations, clock.clone()),
            clock,
            checks: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// `Err(seconds to wait)` when `device` is over its rate.
    pub(crate) fn device(&self, device: &DevicePublicKey) -> Result<(), u64> {
        // Forget devices that are back under their rate now and then, so
        // the table holds only recently busy devices.
        let n = self
            .checks
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if n % 4096 == 4095 {
            self.devices.retain_recent();
            self.devices.shrink_to_fit();
        }
        self.devices
            .check_key(device)
            .map_err(|not_until| retry_secs(not_until.wait_time_from(self.clock.now())))
    }

    /// `Err(seconds to wait)` when open registration is over its rate.
    pub(crate) fn team_creation(&self) -> Result<(), u64> {
        self.creations
            .check()
            .map_err(|not_until| retry_secs(not_until.wait_time_from(self.clock.now())))
    }
}

/// Whole seconds to wait, at least one.
fn retry_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};

    use super::*;

    #[test]
    fn a_device_over_its_rate_waits_exactly_as_long_as_it_is_told() {
        let now = Arc::new(AtomicI64::new(1_000_000));
        let clock = now.clone();
        let config = RelayConfig {
            now_ms: Arc::new(move || clock.load(Ordering::SeqCst)),
            device_requests_per_second: 1,
            device_burst: 3,
            ..RelayConfig::default()
        };
        let l = Limiters::new(&config);
        let (a, b) = (DevicePublicKey([1; 32]), DevicePublicKey([2; 32]));
        for _ in 0..3 {
            assert_eq!(l.device(&a), Ok(()));
        }
        let wait = l.device(&a).expect_err("over its rate");
        assert_eq!(wait, 1);
        // Another device is not affected.
        assert_eq!(l.device(&b), Ok(()));
        now.fetch_add(999, Ordering::SeqCst);
        assert!(l.device(&a).is_err(), "not yet");
        now.fetch_add(1, Ordering::SeqCst);
        assert_eq!(l.device(&a), Ok(()));
    }

    #[test]
    fn operator_tokens_compare_whole() {
        assert!(token_matches("s3cret-token", b"s3cret-token"));
        assert!(!token_matches("s3cret-token", b"s3cret-tokeN"));
        assert!(!token_matches("s3cret-token", b"s3cret-toke"));
        assert!(!token_matches("s3cret-token", b""));
    }
}
