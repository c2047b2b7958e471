//! # link — a vault's team: enrollment, sync rounds, bundle files
//!
//! The glue between a [`vault::Vault`], the IO-free [`sync`] core and the
//! relay's HTTP client, shared by `fieldscreen` and (next) the app façade.
//!
//! **Blocking API.** Every call is synchronous: the crate owns a small
//! current-thread tokio runtime per call ([`runtime`]), so the `app` façade
//! can call it from its command threads without an async runtime of its own.
//!
//! **State.** The device's keys (Ed25519 seed, X25519 secret), the team key
//! ring, the verified membership log, open invite secrets, the relay URL
//! (and, until the log is known, the invite's pin of the relay's key), the
//! feed cursor and pushed heads ([`sync::TeamSync`]), what the relay last
//! claimed about the log, and the alerts ([`TeamAlert`]) are one JSON
//! value (version 2; an older one is refused as such) stored as the vault
//! secret `team` ([`vault::Vault::put_secret`]): encrypted under the vault
//! key, never plaintext on disk.
//!
//! **Trust.** The relay is trusted for availability only. Its TLS key is
//! pinned by the invite and then by the admin-signed log; keys come only
//! from rings the admin signed for this device and that match the log's
//! commitments; envelopes are merged only from current members; a relay
//! that hides log entries is found out when devices meet.
//!
//! **Crash safety.** Each step saves the state right after the relay
//! accepted it, and every step is idempotent on re-run: a push re-sent after
//! a crash is merged as a no-op (Automerge changes are idempotent), a page
//! re-pulled is merged again as a no-op, a log entry the relay already has
//! is read back before the admin signs the next one.

mod bundle;
mod error;
pub mod lan;
mod questionnaires;
mod state;
mod status;
mod team;

pub use bundle::{BundleReport, export_bundle, import_bundle};
pub use error::LinkError;
pub use lan::{LanLimits, LanListener, LanReport};
pub use questionnaires::{
    TeamQuestionnaire, allow_publisher, publish_questionnaire, questionnaire_record,
    team_questionnaire, team_questionnaires, withdraw_questionnaire,
};
pub use status::{pending, waiting};
/// The team questionnaire formats and checks (`sync::questionnaire`), for
/// the app, which reaches `sync` through this crate.
pub use sync::questionnaire;
/// The errors a [`LinkError`] carries from the sync core.
pub use sync::{SyncError, TeamError};
pub use team::{
    INVITE_TTL, InviteCheck, Phase, Progress, SyncReport, TeamAlert, TeamInfo, WITHHELD_MARGIN_MS,
    Waiting, admit, create_team, info, invite, join, join_fingerprint, parse_fingerprints, remove,
    set_relay_pins, sync_round, waiting_devices,
};

/// The relay's key pin (SHA-256 of its certificate's SubjectPublicKeyInfo)
/// and how people read and type it, for the façade and the command line.
pub use sync::team::{RelayPin, pin_fingerprint, pin_from_hex, pin_to_hex};

/// The secret name under which the team state is stored in the vault.
pub const STATE_SECRET: &str = "team";

/// A small runtime for one blocking call.
pub fn runtime() -> Result<tokio::runtime::Runtime, LinkError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| LinkError::Network(e.to_string()))
}
