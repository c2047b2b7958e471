//! Injected time, so tests never sleep and never depend on the real clock.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// Time since the device started, with an id of that boot: what the unlock
/// delay is measured in. Unlike the wall clock, a person cannot move it
/// forward from the settings screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootTime {
    /// Changes at every boot (Linux: `/proc/sys/kernel/random/boot_id`).
    pub boot_id: String,
    /// Time since that boot, suspended time included (Linux: `/proc/uptime`).
    pub since_boot: Duration,
}

/// A source of time for auto-lock (monotonic), the attempt limit (time since
/// boot) and records (wall clock).
pub trait Clock: Send + Sync {
    /// Wall-clock time.
    fn now(&self) -> SystemTime;
    /// Monotonic time (idle auto-lock).
    fn monotonic(&self) -> Instant;
    /// Time since boot, for the delay after failed unlock attempts.
    fn boot_time(&self) -> BootTime;
}

/// The real clocks of the operating system.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

/// Where `/proc` is missing (not Linux or Android): an id for this process
/// and the time since it started, so a restarted app asks for the whole
/// delay again (never less than the policy).
fn process_boot() -> BootTime {
    static START: std::sync::OnceLock<(Instant, String)> = std::sync::OnceLock::new();
    let (start, id) = START.get_or_init(|| (Instant::now(), uuid::Uuid::new_v4().to_string()));
    BootTime {
        boot_id: format!("process-{id}"),
        since_boot: start.elapsed(),
    }
}

fn linux_boot() -> Option<BootTime> {
    let id = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    let secs: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    if !secs.is_finite() || secs < 0.0 {
        return None;
    }
    Some(BootTime {
        boot_id: id.trim().to_owned(),
        since_boot: Duration::from_secs_f64(secs),
    })
}

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
    fn monotonic(&self) -> Instant {
        Instant::now()
    }
    fn boot_time(&self) -> BootTime {
        linux_boot().unwrap_or_else(process_boot)
    }
}

/// A clock that only moves when told to; for tests of the app and the vault.
#[derive(Debug)]
pub struct ManualClock {
    wall: SystemTime,
    mono: Instant,
    state: Mutex<ManualState>,
}

#[derive(Debug, Default, Clone)]
struct ManualState {
    offset: Duration,
    wall_only: Duration,
    boot: u32,
    boot_start: Duration,
}

impl ManualClock {
    /// Starts at the current real time.
    pub fn new() -> Self {
        ManualClock {
            wall: SystemTime::now(),
            mono: Instant::now(),
            state: Mutex::new(ManualState::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, ManualState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Moves every clock forward (time passes).
    pub fn advance(&self, by: Duration) {
        self.state().offset += by;
    }

    /// Moves only the wall clock (a person changing the date in the
    /// settings): neither monotonic time nor time since boot move.
    pub fn set_wall_forward(&self, by: Duration) {
        self.state().wall_only += by;
    }

    /// A reboot: a new boot id, time since boot starts again from zero.
    pub fn reboot(&self) {
        let mut s = self.state();
        s.boot += 1;
        s.boot_start = s.offset;
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        let s = self.state();
        self.wall + s.offset + s.wall_only
    }
    fn monotonic(&self) -> Instant {
        self.mono + self.state().offset
    }
    fn boot_time(&self) -> BootTime {
        let s = self.state();
        BootTime {
            boot_id: format!("manual-boot-{}", s.boot),
            since_boot: s.offset.saturating_sub(s.boot_start),
        }
    }
}
