//! Teams and background sync for the window: the façade over `link`.
//!
//! **Who runs rounds.** No async runtime here: `link` owns a small one per
//! call. The shell starts one std thread that calls [`App::sync_tick`] about
//! twice a second; a tick runs a round only when a team is configured, the
//! store is unlocked and the [`Scheduler`] says one is due (after a success:
//! every [`SyncTiming::interval_ms`]; after a failure: exponential backoff
//! with jitter; "sync now" makes one due at once).
//!
//! **The store's lock.** `link::sync_round` needs `&mut Vault` for the whole
//! round, so a round holds the store's mutex from start to end (commands of
//! the window wait for it). Progress and the status live behind a separate
//! small mutex, so the status and its progress bar never wait for a round.
//! Splitting a round into vault-only steps and network-only steps (to release
//! the lock across each HTTP wait) needs a phase API in `link`: left for later.
//!
//! **Resumable.** A round is idempotent (see `link`): a round cut off by
//! going offline or locking is simply run again.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use zeroize::Zeroizing;

use crate::dates::localize_digits;
use crate::{App, AppError, ErrorCode};

pub mod bundle;
pub mod nearby;
mod schedule;
mod status;
pub mod team;

use schedule::jitter;
pub use schedule::{Scheduler, SyncTiming, backoff_ms};
pub use status::alert_sentence;
use status::{Problem, StatusInput, status_view};

/// How often the screen recounts records waiting to be sent (each count
/// reads every record's heads); rounds recount on their own.
const PENDING_RECOUNT: Duration = Duration::from_secs(3);

/// What the status line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// This device is in no team.
    NoTeam,
    /// The store is locked: no sync.
    Locked,
    /// Asked to join; waiting for the supervisor.
    Joining,
    /// A round is running.
    Running,
    UpToDate,
    /// Changes wait to be sent (the next round sends them).
    Pending,
    /// The relay cannot be reached.
    Offline,
    /// The relay refuses (not because this device was removed).
    Refused,
    /// This device was removed from the team.
    Removed,
    /// Another error (its sentence is in `detail`).
    Failed,
    /// Sync runs, but something about the relay or the team keys needs a
    /// person (refused keys, a relay that hid changes, a key not received
    /// yet): `detail` says what, in plain words.
    Warning,
}

/// A long round's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SyncProgressView {
    /// 0–100 when the total is known (sending), else none (receiving).
    pub percent: Option<u32>,
    pub label: String,
}

/// The visible sync status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SyncStatusView {
    pub state: SyncState,
    /// One sentence for the state.
    pub headline: String,
    /// The error in plain words, or when the next try is.
    pub detail: Option<String>,
    /// "Last synced 23 November 2026 at 14:05".
    pub last_synced: String,
    pub pending: u32,
    pub pending_label: String,
    pub progress: Option<SyncProgressView>,
    /// Whether "sync now" can do anything.
    pub can_sync_now: bool,
}

/// One member of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct MemberView {
    /// The device key (hex), for removal.
    pub device: String,
    /// A short form to read aloud and compare (`a1b2 c3d4`).
    pub short: String,
    pub this_device: bool,
    pub admin: bool,
}

/// The team as this device sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TeamView {
    pub name: String,
    pub relay: String,
    /// The relay's TLS key as a short fingerprint to compare with what the
    /// relay prints (`3f2a 9c01 77de 4b10`); none for a relay on this
    /// device over plain HTTP.
    pub relay_pin: Option<String>,
    pub device_short: String,
    /// This device's fingerprint in the reader's digits (`0421 8830
    /// 1957`): shown while it waits, for the supervisor to compare.
    pub fingerprint: String,
    pub admin: bool,
    pub admitted: bool,
    pub members: Vec<MemberView>,
    pub epoch: u32,
}

/// The sync and team screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SyncScreen {
    pub team: Option<TeamView>,
    pub status: SyncStatusView,
}

/// A one-time invite: the QR code and the typed code beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct InviteView {
    pub code: String,
    /// The QR code as a `data:image/svg+xml` URL (the CSP allows `img-src data:`).
    pub qr: String,
}

/// Input of "create a team".
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct NewTeam {
    pub relay: String,
    pub name: String,
    /// The relay's pin (64 hex digits, as the relay prints it): needed
    /// for a relay with a self-signed certificate. Empty or none: the
    /// relay's certificate must come from a public authority.
    #[serde(default)]
    pub relay_pin: Option<String>,
    /// The relay operator's token, when the relay asks for one (empty or
    /// absent: none).
    #[serde(default)]
    pub operator_token: Option<String>,
}

/// A device asking to join, as the supervisor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct WaitingView {
    /// Its key (hex): what "admit" names.
    pub device: String,
    /// Its fingerprint in the reader's digits: the joining device shows
    /// the same.
    pub fingerprint: String,
    /// Whether its invite still admits it.
    pub can_admit: bool,
    /// Why it cannot be admitted, in words.
    pub note: Option<String>,
}

/// A message of the sync and team screens in `lang`.
fn fmt(lang: &str, id: &str, args: &[(&str, String)]) -> String {
    i18n::message(lang, id, args)
}

/// A message with one `$count` (plural rules apply).
fn fmt_count(lang: &str, id: &str, count: u64) -> String {
    i18n::message(lang, id, &[("count", count)])
}

/// The background sync's memory (never the store's lock).
#[derive(Debug)]
pub(crate) struct SyncRuntime {
    inner: Mutex<Inner>,
    origin: Instant,
    /// The nearby-device panel (its own lock: see [`nearby`]).
    pub(crate) nearby: Mutex<nearby::Nearby>,
}

#[derive(Debug)]
struct Inner {
    sched: Scheduler,
    running: bool,
    progress: Option<link::Progress>,
    last_ok: Option<DateTime<Utc>>,
    pending: u64,
    problem: Option<Problem>,
    /// The invite code typed to join, kept (in memory only) until admitted.
    join_code: Option<Zeroizing<String>>,
    /// What the screen showed last, for when a round holds the store.
    unlocked: bool,
    team: Option<link::TeamInfo>,
    /// When `pending` was last counted (counting reads every record's heads).
    counted_at: Option<Instant>,
}

impl SyncRuntime {
    pub(crate) fn new(timing: SyncTiming) -> Self {
        SyncRuntime {
            inner: Mutex::new(Inner {
                sched: Scheduler::new(timing),
                running: false,
                progress: None,
                last_ok: None,
                pending: 0,
                problem: None,
                join_code: None,
                unlocked: false,
                team: None,
                counted_at: None,
            }),
            origin: Instant::now(),
            nearby: Mutex::new(nearby::Nearby::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // Every field is replaced whole: a poisoned lock is safe to reuse.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Forgets everything about the team (on lock and wipe).
    pub(crate) fn reset(&self) {
        // Stop waiting for a nearby device: nothing syncs while locked.
        self.nearby
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .end_wait();
        let mut i = self.lock();
        let timing = i.sched.timing;
        *i = Inner {
            sched: Scheduler::new(timing),
            running: false,
            progress: None,
            last_ok: None,
            pending: 0,
            problem: None,
            join_code: None,
            unlocked: false,
            team: None,
            counted_at: None,
        };
    }
}

/// `a1b2c3d4…` → `a1b2 c3d4`.
fn short(device: &str) -> String {
    let head: String = device.chars().take(8).collect();
    match head.char_indices().nth(4) {
        Some((i, _)) => format!("{} {}", &head[..i], &head[i..]),
        None => head,
    }
}

fn team_view(info: &link::TeamInfo, lang: &str) -> TeamView {
    TeamView {
        name: info.name.clone(),
        relay: info.relay.clone(),
        relay_pin: info.relay_pin_short.clone(),
        device_short: short(&info.device),
        fingerprint: localize_digits(&info.fingerprint, lang),
        admin: info.admin,
        admitted: info.admitted,
        members: info
            .members
            .iter()
            .map(|m| MemberView {
                device: m.clone(),
                short: short(m),
                this_device: *m == info.device,
                // Known here only on the admin's own device.
                admin: info.admin && *m == info.device,
            })
            .collect(),
        epoch: info.epoch,
    }
}

/// The invite as a `data:` URL of an SVG QR code.
fn qr_data_url(code: &str) -> Result<String, qrcode::types::QrError> {
    let qr = qrcode::QrCode::with_error_correction_level(code.as_bytes(), qrcode::EcLevel::M)?;
    let svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build();
    Ok(crate::svg_data_url(&svg))
}

/// A relay pin as typed: 64 hex digits (spaces and colons allowed).
pub fn relay_pin(text: &str, lang: &str) -> Result<link::RelayPin, AppError> {
    link::pin_from_hex(text.trim()).ok_or_else(|| AppError {
        code: ErrorCode::InvalidRelay,
        message: fmt(lang, "team-relay-pin-bad", &[]),
    })
}

impl App {
    fn link_err(&self, e: &link::LinkError) -> AppError {
        AppError::from_link(e, &self.language())
    }

    /// Runs `f` on the open vault (an error in the person's language when
    /// the store is locked).
    fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut vault::Vault) -> Result<T, link::LinkError>,
    ) -> Result<T, AppError> {
        self.with_store(|store| f(store.vault_mut()).map_err(|e| self.link_err(&e)))
    }

    /// The sync and team screen. It never waits for a round: while one
    /// holds the store, it answers from what it saw last.
    pub fn sync_screen(&self) -> SyncScreen {
        let lang = self.language();
        let offset = *Utc::now().with_timezone(&chrono::Local).offset();
        let recount = self
            .sync
            .lock()
            .counted_at
            .is_none_or(|t| t.elapsed() >= PENDING_RECOUNT);
        let fresh = match self.cases.try_lock() {
            Ok(mut guard) => Some(match guard.as_mut() {
                Some(store) => {
                    let v = store.vault_mut();
                    let info = link::info(v).ok().flatten();
                    let pending = if recount { link::pending(v).ok() } else { None };
                    (true, info, pending)
                }
                None => (false, None, None),
            }),
            Err(_) => None,
        };
        let now = self.sync.now_ms();
        let mut i = self.sync.lock();
        if let Some((unlocked, info, pending)) = fresh {
            i.unlocked = unlocked;
            i.team = info;
            if let Some(p) = pending {
                i.pending = p;
                i.counted_at = Some(Instant::now());
            }
        }
        let retry_in_ms = (i.sched.failures() > 0).then(|| i.sched.next_at().saturating_sub(now));
        let input = StatusInput {
            unlocked: i.unlocked || i.running,
            in_team: i.team.is_some() || i.join_code.is_some() || i.running,
            admitted: i.team.as_ref().is_some_and(|t| t.admitted),
            running: i.running,
            progress: i.progress,
            last_ok: i.last_ok,
            pending: i.pending,
            problem: i.problem.clone(),
            retry_in_ms,
            alerts: i
                .team
                .as_ref()
                .map(|t| t.alerts.clone())
                .unwrap_or_default(),
        };
        SyncScreen {
            team: i.team.as_ref().map(|t| team_view(t, &lang)),
            status: status_view(&input, offset, &lang),
        }
    }

    /// "Sync now": the background thread runs a round at its next tick.
    pub fn sync_now(&self) -> SyncScreen {
        self.sync.lock().sched.request_now();
        self.sync_changed();
        self.sync_screen()
    }

    /// One tick of the background sync: runs a round when a team is set up,
    /// the store is open and a round is due. Returns whether one ran.
    pub fn sync_tick(&self) -> bool {
        let now = self.sync.now_ms();
        let join_code = {
            let mut i = self.sync.lock();
            if !i.sched.due(now) || i.running {
                // While a retry waits, its countdown changes the screen.
                let counting = !i.running && i.sched.failures() > 0;
                drop(i);
                if counting {
                    self.sync_changed();
                }
                return false;
            }
            i.running = true;
            i.progress = None;
            i.join_code.clone()
        };
        self.sync_changed();
        let mut guard = self.store();
        let result = match guard.as_mut() {
            None => None,
            Some(store) => {
                let v = store.vault_mut();
                match link::info(v) {
                    Ok(None) => None,
                    Ok(Some(t)) if !t.admitted => Some(match &join_code {
                        Some(code) => {
                            link::join(v, code, Duration::ZERO, Duration::ZERO).map(|_| 0)
                        }
                        None => Err(link::LinkError::NotAdmitted),
                    }),
                    Ok(Some(_)) => Some(
                        link::sync_round(v, &mut |p| {
                            self.sync.lock().progress = Some(p);
                            self.sync_changed();
                        })
                        .and_then(|_| link::pending(v)),
                    ),
                    Err(e) => Some(Err(e)),
                }
            }
        };
        drop(guard);
        let ran = self.round_ended(result);
        self.sync_changed();
        ran
    }

    /// Records how a round ended (none: nothing to do); whether one ran.
    fn round_ended(&self, result: Option<Result<u64, link::LinkError>>) -> bool {
        let now = self.sync.now_ms();
        let mut i = self.sync.lock();
        i.running = false;
        i.progress = None;
        match result {
            None => {
                // Nothing to do: look again after the interval.
                i.sched.succeeded(now);
                false
            }
            Some(Ok(pending)) => {
                i.sched.succeeded(now);
                i.pending = pending;
                i.counted_at = Some(Instant::now());
                i.problem = None;
                i.last_ok = Some(Utc::now());
                i.join_code = None;
                true
            }
            Some(Err(e)) => {
                tracing::info!("sync round failed: {e}");
                i.sched.failed(now, jitter());
                if let link::LinkError::Busy(secs) | link::LinkError::QuotaFull(secs) = &e {
                    i.sched
                        .not_before(now.saturating_add(secs.saturating_mul(1000)));
                }
                i.problem = Some(Problem::of(e));
                true
            }
        }
    }

    /// Creates a team on the relay; this device becomes its admin.
    pub fn create_team(&self, input: NewTeam) -> Result<SyncScreen, AppError> {
        let lang = self.language();
        let team = team::check_new_team(input, &lang)?;
        self.with_store(|s| s.create_team(team, &lang))?;
        self.sync.lock().sched.request_now();
        Ok(self.sync_screen())
    }

    /// (Admin) a one-time invite as a QR code with the typed code.
    pub fn team_invite(&self) -> Result<InviteView, AppError> {
        let lang = self.language();
        let code = self.with_store(|s| s.team_invite(link::INVITE_TTL, &lang))?;
        let qr = qr_data_url(&code).map_err(|e| AppError {
            code: ErrorCode::Unexpected,
            message: fmt(
                &self.language(),
                "team-file-failed",
                &[("reason", e.to_string())],
            ),
        })?;
        Ok(InviteView { code, qr })
    }

    /// Asks to join with a typed invite code. Returns at once; the
    /// background sync keeps asking until the supervisor admits this device.
    pub fn join_team(&self, code: String) -> Result<SyncScreen, AppError> {
        let code = Zeroizing::new(code.split_whitespace().collect::<String>());
        // Keys made and kept first, so the fingerprint shows at once.
        self.with_vault(|v| link::join_fingerprint(v, &code))?;
        let first =
            self.with_vault(|v| Ok(link::join(v, &code, Duration::ZERO, Duration::ZERO)))?;
        match first {
            Ok(_) => {}
            // Refused for good (the person needs a new invite), or not
            // queued at all (the team's queue is full: try again later).
            Err(
                e @ (link::LinkError::InviteExpired
                | link::LinkError::InviteUsed
                | link::LinkError::InviteUnknown
                | link::LinkError::JoinsFull),
            ) => return Err(self.link_err(&e)),
            Err(_) if self.with_vault(link::info)?.is_some_and(|t| !t.admitted) => {
                // Registered, not admitted yet.
            }
            Err(e) => return Err(self.link_err(&e)),
        }
        let mut i = self.sync.lock();
        i.join_code = Some(code);
        i.sched.request_now();
        drop(i);
        Ok(self.sync_screen())
    }

    /// (Admin) the devices waiting to join, each with its fingerprint (the
    /// joining device shows the same digits) and whether its invite still
    /// admits it.
    pub fn waiting_devices(&self) -> Result<Vec<WaitingView>, AppError> {
        let lang = self.language();
        let waiting = self.with_store(|s| s.waiting_devices(&lang))?;
        Ok(waiting
            .into_iter()
            .map(|w| {
                let note = match w.invite {
                    link::InviteCheck::Valid => None,
                    link::InviteCheck::Expired => Some(fmt(&lang, "admit-invite-expired", &[])),
                    link::InviteCheck::Unknown => Some(fmt(&lang, "admit-invite-unknown", &[])),
                };
                WaitingView {
                    device: w.device,
                    fingerprint: localize_digits(&w.fingerprint, &lang),
                    can_admit: w.invite == link::InviteCheck::Valid,
                    note,
                }
            })
            .collect())
    }

    /// (Admin) admits the one waiting device showing `fingerprint` (after
    /// the person compared it with that device's screen); returns what
    /// happened, in words.
    pub fn admit_device(&self, fingerprint: String) -> Result<String, AppError> {
        let lang = self.language();
        let admitted =
            self.with_store(|s| s.admit_devices(std::slice::from_ref(&fingerprint), &lang))?;
        self.sync.lock().sched.request_now();
        Ok(match admitted.first() {
            Some(a) => fmt(
                &lang,
                "syncview-admitted-device",
                &[("fingerprint", localize_digits(&a.fingerprint, &lang))],
            ),
            None => fmt(
                &lang,
                "admit-fingerprint-none",
                &[("fingerprint", fingerprint)],
            ),
        })
    }

    /// (Admin) removes a device; the team key rotates.
    pub fn remove_device(&self, device: String) -> Result<SyncScreen, AppError> {
        let lang = self.language();
        self.with_store(|s| s.remove_device(&device, &lang))?;
        self.sync.lock().sched.request_now();
        Ok(self.sync_screen())
    }
}

#[cfg(test)]
mod tests;
