//! Sync with a nearby device, no internet needed (a boat's Wi-Fi, a
//! phone's hotspot): one device waits and shows its address (typed, or a
//! QR code), the other connects to it ([`link::lan`]: a Noise channel, each
//! device proving it is a member of the team, then the Automerge sync
//! protocol per record).
//!
//! No thread of its own: [`App::nearby_wait`] opens the listener, and a
//! worker thread the shell starts then runs [`App::nearby_serve`], which
//! waits for a connection (in the listener's `accept`, no tick), runs the
//! session with the store, and returns when waiting ends. Every change of
//! the panel is pushed to subscribers ([`crate::AppEvent::Nearby`]); the
//! screen ([`App::nearby_screen`]) never waits for the store.

use std::ops::DerefMut;
use std::time::{Duration, Instant};

use serde::Serialize;
use specta::Type;

use super::{fmt, fmt_count, qr_data_url, short};
use crate::cases::CaseStore;
use crate::{App, AppError, ErrorCode};

/// How long a device waits for the other one before it stops listening.
pub const WAIT_FOR: Duration = Duration::from_secs(10 * 60);

/// Where the nearby sync is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NearbyState {
    /// Nothing going on.
    Idle,
    /// Listening: the other device can connect.
    Waiting,
    /// A session is running.
    Syncing,
    /// The last session finished.
    Done,
    /// The last attempt failed (the sentence says why).
    Failed,
}

/// The nearby-device panel, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct NearbyView {
    pub state: NearbyState,
    /// What is going on, in a sentence.
    pub headline: String,
    /// While waiting: the addresses the other device can type.
    pub addresses: Vec<String>,
    /// While waiting: the first address as a QR code (`data:` URL).
    pub qr: Option<String>,
    /// The outcome of the last session, or why it failed.
    pub detail: Option<String>,
    /// While syncing: how far.
    pub progress: Option<String>,
    /// Whether this device is in a team and unlocked (else the panel
    /// explains why it cannot be used).
    pub available: bool,
}

/// The panel's state, behind its own mutex.
#[derive(Debug, Default)]
pub(crate) struct Nearby {
    listener: Option<NearbyListener>,
    addresses: Vec<String>,
    until: Option<Instant>,
    running: bool,
    progress: Option<link::Progress>,
    outcome: Option<Result<String, String>>,
    /// Which wait this is: a new wait, a stop or a lock changes it, so a
    /// worker still serving an older wait stops and drops its listener.
    generation: u64,
}

impl Nearby {
    /// Forgets the wait and its outcome (on lock and wipe).
    pub(crate) fn end_wait(&mut self) {
        *self = Nearby {
            generation: self.generation.wrapping_add(1),
            ..Nearby::default()
        };
    }
}

/// What one [`App::nearby_step`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Served {
    /// Nothing to serve: no wait, its deadline passed, or another worker
    /// holds its listener.
    Idle,
    /// Nobody came within the time given.
    Nobody,
    /// A caller was handled (turned away, or a session ran); waiting goes on.
    Caller,
    /// A session ran and waiting ended.
    Ended,
}

/// "Synced with device a1b2 c3d4: 3 records brought up to date." in `lang`
/// (the window and `fieldscreen lan` say the same).
pub fn synced_sentence(lang: &str, report: &link::LanReport) -> String {
    let args: [(&str, i18n::FluentValue<'_>); 2] = [
        ("device", short(&report.peer).into()),
        ("count", report.records.into()),
    ];
    i18n::message(lang, "nearby-synced", &args)
}

/// A device waiting for a nearby one: its listener and its team (read once;
/// also what says this device may take part).
#[derive(Debug)]
pub struct NearbyListener {
    listener: link::LanListener,
    team: link::lan::LanTeam,
}

/// What one [`NearbyListener::step`] did.
#[derive(Debug)]
pub enum NearbyStep {
    /// Nobody came within the wait.
    Nobody,
    /// Somebody came and failed the handshake or the proof of membership:
    /// keep waiting for the real one.
    Refused(AppError),
    /// A member came: the session's report, or why it failed (one bad
    /// caller does not end the wait either).
    Session(Result<link::LanReport, AppError>),
}

pub(super) fn unavailable(lang: &str) -> AppError {
    AppError {
        code: ErrorCode::Nearby,
        message: fmt(lang, "nearby-state-unavailable", &[]),
    }
}

impl NearbyListener {
    /// Starts listening at `addr` (another free port when it is taken).
    /// A vault in no team, or not admitted yet, cannot take part.
    pub fn open(store: &mut CaseStore, addr: &str, lang: &str) -> Result<Self, AppError> {
        let team = match link::lan::lan_team(store.vault_mut()) {
            Ok(t) => t,
            Err(link::LinkError::NoTeam | link::LinkError::NotAdmitted) => {
                return Err(unavailable(lang));
            }
            Err(e) => return Err(AppError::from_link(&e, lang)),
        };
        let listener = link::LanListener::bind(addr).map_err(|e| AppError::from_link(&e, lang))?;
        Ok(NearbyListener { listener, team })
    }

    /// The addresses the other device can type.
    pub fn addresses(&self, lang: &str) -> Result<Vec<String>, AppError> {
        self.listener
            .addresses()
            .map_err(|e| AppError::from_link(&e, lang))
    }

    /// Waits up to `wait` for a device (zero: only one that already
    /// called). The handshake and the caller's proof of membership come
    /// before `store` is called: a silent, foreign or removed caller never
    /// takes the store. Then syncs with the caller.
    pub fn step<G: DerefMut<Target = Option<CaseStore>>>(
        &self,
        wait: Duration,
        store: impl FnOnce() -> G,
        progress: &mut dyn FnMut(link::Progress),
        lang: &str,
    ) -> NearbyStep {
        self.step_until(wait, &|| false, store, progress, lang)
    }

    /// [`NearbyListener::step`] that also gives up waiting once `stop`
    /// says so (checked while nobody is connecting).
    pub fn step_until<G: DerefMut<Target = Option<CaseStore>>>(
        &self,
        wait: Duration,
        stop: &dyn Fn() -> bool,
        store: impl FnOnce() -> G,
        progress: &mut dyn FnMut(link::Progress),
        lang: &str,
    ) -> NearbyStep {
        let incoming = match self.listener.accept_incoming(wait, stop, &self.team) {
            Ok(Some(i)) => i,
            Ok(None) => return NearbyStep::Nobody,
            Err(e) => {
                tracing::info!("nearby caller refused: {e}");
                return NearbyStep::Refused(AppError::from_link(&e, lang));
            }
        };
        let mut guard = store();
        let result = match guard.as_mut() {
            Some(s) => link::lan::serve_incoming(s.vault_mut(), incoming, progress),
            None => Err(link::LinkError::Vault(vault::VaultError::Locked)),
        };
        NearbyStep::Session(result.map_err(|e| {
            tracing::info!("nearby sync failed: {e}");
            AppError::from_link(&e, lang)
        }))
    }
}

impl App {
    fn nearby(&self) -> std::sync::MutexGuard<'_, Nearby> {
        // Every field is replaced whole: a poisoned lock is safe to reuse.
        self.sync.nearby.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The panel. Never waits for the store.
    pub fn nearby_screen(&self) -> NearbyView {
        let lang = self.language();
        let available = match self.cases.try_lock() {
            Ok(mut g) => g.as_mut().is_some_and(|s| {
                link::info(s.vault_mut())
                    .ok()
                    .flatten()
                    .is_some_and(|t| t.admitted)
            }),
            // A session or a round holds the store: it is open.
            Err(_) => true,
        };
        let n = self.nearby();
        let state = if n.running {
            NearbyState::Syncing
        } else if n.until.is_some() {
            // (The listener may be out for a moment, handling a caller.)
            NearbyState::Waiting
        } else {
            match &n.outcome {
                None => NearbyState::Idle,
                Some(Ok(_)) => NearbyState::Done,
                Some(Err(_)) => NearbyState::Failed,
            }
        };
        let headline = fmt(
            &lang,
            match state {
                NearbyState::Idle if !available => "nearby-state-unavailable",
                NearbyState::Idle => "nearby-state-idle",
                NearbyState::Waiting if n.addresses.is_empty() => "nearby-state-no-network",
                NearbyState::Waiting => "nearby-state-waiting",
                NearbyState::Syncing => "nearby-state-syncing",
                NearbyState::Done => "nearby-state-done",
                NearbyState::Failed => "nearby-state-failed",
            },
            &[],
        );
        let waiting = state == NearbyState::Waiting;
        NearbyView {
            state,
            headline,
            addresses: if waiting {
                n.addresses.clone()
            } else {
                Vec::new()
            },
            qr: if waiting {
                n.addresses.first().and_then(|a| qr_data_url(a).ok())
            } else {
                None
            },
            detail: n.outcome.clone().map(|o| match o {
                Ok(s) | Err(s) => s,
            }),
            progress: n
                .progress
                .filter(|_| n.running)
                .map(|p| fmt_count(&lang, "nearby-progress", p.done)),
            available,
        }
    }

    fn check_admitted(&self) -> Result<(), AppError> {
        let lang = self.language();
        self.with_store(|s| s.check_nearby(&lang))
    }

    /// Starts waiting for a nearby device (on every network of this device,
    /// the default port or a free one) for [`WAIT_FOR`].
    pub fn nearby_wait(&self) -> Result<NearbyView, AppError> {
        self.nearby_wait_on(&format!("0.0.0.0:{}", link::lan::DEFAULT_PORT))
    }

    /// [`App::nearby_wait`] on one address (tests use loopback).
    pub fn nearby_wait_on(&self, addr: &str) -> Result<NearbyView, AppError> {
        let lang = self.language();
        if self.nearby().until.is_some() {
            // Already waiting (a second tap): the same wait goes on.
            return Ok(self.nearby_screen());
        }
        let listener = self.with_store(|s| NearbyListener::open(s, addr, &lang))?;
        let addresses = listener.addresses(&lang)?;
        let mut n = self.nearby();
        n.listener = Some(listener);
        n.addresses = addresses;
        n.until = Some(Instant::now() + WAIT_FOR);
        n.outcome = None;
        n.generation = n.generation.wrapping_add(1);
        drop(n);
        self.nearby_changed();
        Ok(self.nearby_screen())
    }

    /// Stops waiting (closes the listener; a worker serving it returns).
    pub fn nearby_stop(&self) -> NearbyView {
        let mut n = self.nearby();
        n.listener = None;
        n.addresses.clear();
        n.until = None;
        n.generation = n.generation.wrapping_add(1);
        drop(n);
        self.nearby_changed();
        self.nearby_screen()
    }

    fn finish(&self, result: Result<link::LanReport, AppError>) -> Result<String, String> {
        // What waits for the relay may have changed: recount now.
        self.sync.lock().counted_at = None;
        self.sync_changed();
        result
            .map(|r| synced_sentence(&self.language(), &r))
            .map_err(|e| e.message)
    }

    /// Serves the wait [`App::nearby_wait`] began, on the calling thread
    /// (the shell starts a worker for it): blocks until a caller comes, syncs
    /// with it, and returns once waiting ends (one successful session, the
    /// deadline, "stop", a new wait, or the store locking). Returns at once
    /// when nothing waits or another worker serves this wait.
    pub fn nearby_serve(&self) {
        while matches!(self.nearby_step(WAIT_FOR), Served::Nobody | Served::Caller) {}
    }

    /// [`App::nearby_step`] without waiting: handles a device that already
    /// connected. Returns whether a caller was handled.
    pub fn nearby_tick(&self) -> bool {
        matches!(
            self.nearby_step(Duration::ZERO),
            Served::Caller | Served::Ended
        )
    }

    /// Waits up to `wait` (and never past the wait's deadline, nor after a
    /// stop) for a device to connect to the waiting listener, and syncs with
    /// it (holding the store). Waiting ends after one successful session or
    /// at the deadline.
    pub fn nearby_step(&self, wait: Duration) -> Served {
        // Take the listener out while a caller is handled, so the panel's
        // lock is never held across network waits.
        let (listener, generation, until) = {
            let mut n = self.nearby();
            if n.until.is_some_and(|u| Instant::now() >= u) {
                n.listener = None;
                n.addresses.clear();
                n.until = None;
                n.outcome = Some(Err(fmt(&self.language(), "nearby-nobody-came", &[])));
                drop(n);
                self.nearby_changed();
                return Served::Idle;
            }
            match (n.listener.take(), n.until) {
                (Some(l), Some(until)) => (l, n.generation, until),
                _ => return Served::Idle,
            }
        };
        let lang = self.language();
        let wait = wait.min(until.saturating_duration_since(Instant::now()));
        let stopped = || self.nearby().generation != generation;
        let step = listener.step_until(
            wait,
            &stopped,
            || {
                let mut n = self.nearby();
                n.running = true;
                n.progress = None;
                drop(n);
                self.nearby_changed();
                self.store()
            },
            &mut |p| {
                self.nearby().progress = Some(p);
                self.nearby_changed();
            },
            &lang,
        );
        let served = match step {
            NearbyStep::Nobody => Served::Nobody,
            NearbyStep::Refused(e) => {
                // Somebody came and failed; keep waiting for the real one.
                self.nearby().outcome = Some(Err(e.message));
                Served::Caller
            }
            NearbyStep::Session(result) => {
                let ok = result.is_ok();
                let outcome = self.finish(result);
                let mut n = self.nearby();
                n.running = false;
                n.progress = None;
                n.outcome = Some(outcome);
                if ok { Served::Ended } else { Served::Caller }
            }
        };
        let mut n = self.nearby();
        if n.generation != generation {
            // Stopped, locked or waiting anew meanwhile: this listener is done.
            drop(n);
            self.nearby_changed();
            return Served::Idle;
        }
        if served == Served::Ended {
            n.addresses.clear();
            n.until = None;
        } else if n.until.is_some() {
            n.listener = Some(listener);
        }
        drop(n);
        self.nearby_changed();
        served
    }

    /// Connects to a device that waits at `address` (as it shows it) and
    /// syncs with it. Blocks for the session (the shell runs it on a
    /// worker thread); the panel shows its progress meanwhile.
    pub fn nearby_connect(&self, address: String) -> Result<NearbyView, AppError> {
        self.check_admitted()?;
        {
            let mut n = self.nearby();
            if n.running {
                drop(n);
                return Ok(self.nearby_screen());
            }
            n.running = true;
            n.progress = None;
        }
        self.nearby_changed();
        let lang = self.language();
        let result = self.with_store(|store| {
            Ok(store.nearby_connect(
                &address,
                &mut |p| {
                    self.nearby().progress = Some(p);
                    self.nearby_changed();
                },
                &lang,
            ))
        });
        let outcome = match result {
            Ok(r) => self.finish(r),
            Err(e) => Err(e.message),
        };
        let mut n = self.nearby();
        n.running = false;
        n.progress = None;
        n.outcome = Some(outcome);
        drop(n);
        self.nearby_changed();
        Ok(self.nearby_screen())
    }
}
