//! Injected time, so tests never sleep and never depend on the real clock.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// A source of time for auto-lock (monotonic) and the attempt limit (wall clock).
pub trait Clock: Send + Sync {
    /// Wall-clock time (persisted with failed unlock attempts).
    fn now(&self) -> SystemTime;
    /// Monotonic time (idle auto-lock).
    fn monotonic(&self) -> Instant;
}

/// The real clocks of the operating system.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
    fn monotonic(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that only moves when told to; for tests of the app and the vault.
#[derive(Debug)]
pub struct ManualClock {
    wall: SystemTime,
    mono: Instant,
    offset: Mutex<Duration>,
}

impl ManualClock {
    /// Starts at the current real time.
    pub fn new() -> Self {
        ManualClock {
            wall: SystemTime::now(),
            mono: Instant::now(),
            offset: Mutex::new(Duration::ZERO),
        }
    }

    /// Moves both clocks forward.
    pub fn advance(&self, by: Duration) {
        let mut o = self.offset.lock().unwrap_or_else(|p| p.into_inner());
        *o += by;
    }

    fn offset(&self) -> Duration {
        *self.offset.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        self.wall + self.offset()
    }
    fn monotonic(&self) -> Instant {
        self.mono + self.offset()
    }
}
