//! # vault — FieldScreen's encrypted local store
//!
//! Tauri-free and synchronous (no tokio). One [`Vault`] per folder:
//!
//! - **Storage.** A bundled SQLite database (`vault.db`; WAL,
//!   `synchronous=FULL`, `temp_store=MEMORY`, `secure_delete=ON`). Each record
//!   (interview or vessel inspection) is one Automerge document stored as
//!   AES-256-GCM-encrypted incremental chunks and snapshots; a record is
//!   compacted into one snapshot when its incremental bytes reach its
//!   snapshot bytes. A small encrypted index record per record makes the case
//!   list cheap. The database holds no record UUID, size, sequence number or
//!   secret name in clear: rows are keyed by keyed hashes and every
//!   plaintext is padded to a bucket ([`store`](crate::store) has the
//!   schema). Folder 0700, files 0600 ([`files`]).
//! - **Keys.** A random data key wrapped by an Argon2id key derived from the
//!   passphrase ([`KdfParams`], stored in the header, raisable, bounded: a
//!   header outside [`KdfParams::within_bounds`] is refused before any
//!   allocation). Unlock, lock, idle auto-lock, an authenticated attempt
//!   counter with growing delays in time since boot and an optional wipe,
//!   a passphrase change that re-encrypts everything under a new data key in
//!   one transaction ([`Vault::change_passphrase`]), quick wipe (keys
//!   first, failures reported). Secrets are zeroized and never printed by
//!   `Debug`.
//! - **Durability.** Every mutating call returns only after its SQLite
//!   transaction has committed durably.
//! - **No silent rollback.** Chunks are bound to their sequence number, the
//!   index says which must be there, and a vault-wide commitment (updated
//!   in the same transaction as every write but a journaled answer, whose
//!   place in the journal order is checked at unlock instead) catches a
//!   record restored from an old copy ([`DamageReason::RolledBack`]).
//! - **Damage.** An unreadable record is reported
//!   ([`RecordState::Damaged`], [`VaultError::RecordDamaged`]) and kept; a
//!   database that cannot be opened yields [`VaultError::StoreDamaged`] /
//!   [`VaultError::NotAVault`] without touching it, and
//!   [`Vault::set_aside`] renames it so a fresh vault can be created.
//! - **Messages.** Each [`VaultError`] has a stable Fluent id
//!   ([`VaultError::message_id`]); the text is in `locales/*/vault.ftl`.
//!
//! ## On-disk format (format 2)
//!
//! `PRAGMA application_id = 0x46535631` ("FSV1"), `user_version = 2`. The
//! tables and envelopes are described in the `store` module; the header row
//! is JSON: `{format, vault_id, kdf:{m_kib,t,p}, salt, wrapped_key,
//! attempts_key, attempts_epoch}` (hex strings). `vault.attempts` beside the
//! database is the authenticated failure counter (see the `attempts`
//! module). Format 1 (record UUIDs, sizes and secret names in clear) was
//! never released and is refused ([`VaultError::UnsupportedVersion`]).
//!
//! ## Automerge document layout (schema 1)
//!
//! One Automerge document per record. Root map:
//!
//! | key        | type               | meaning                                           |
//! |------------|--------------------|---------------------------------------------------|
//! | `schema`   | uint               | `1`                                               |
//! | `kind`     | str                | `interview` \| `vessel_inspection`                |
//! | `form`     | map {id, version, hash} (str) | questionnaire identity                 |
//! | `lang`     | str                | language chosen at creation (BCP 47)              |
//! | `device`   | str                | device that created the record                    |
//! | `created`  | timestamp (ms)     | creation time (given by the caller)               |
//! | `updated`  | timestamp (ms)     | time of the latest change (given by the caller)   |
//! | `status`   | str                | `in_progress` \| `complete`                       |
//! | `title`    | str                | short display title                               |
//! | `answers`  | map question → answer object | current answer per question             |
//! | `log`      | list of log entries| every answer ever given, append-only              |
//! | `crew`     | list of str        | (vessel inspections) ids of crew interviews       |
//!
//! An *answer* is one Automerge string scalar holding compact JSON, written
//! whole on every answer so a value and its provenance always travel
//! together (and one answer costs one op, which keeps autosave fast):
//!
//! ```json
//! {"s":"value","v":"1990-02-03","lang":"my","at":1750000000000,"dev":"device-a","interp":true}
//! ```
//!
//! `s` is the state (`value` | `dont_know` | `prefer_not`), `v` the value
//! string (only when `s = value`), `at` Unix milliseconds. Two devices
//! answering the same question concurrently leave two scalars under the same
//! key: `get_all(answers, q).len() > 1` is a conflict. A *log entry* is the
//! same JSON plus `q` (question name) and `res` (true when it resolved a
//! conflict), appended to `log`.
//!
//! ## Envelope
//!
//! ```text
//! envelope = 0x01 (version) || nonce (12 random bytes) || AES-256-GCM ciphertext+tag
//! aad      = "FSV1" || purpose || context (16 bytes) || version || extra
//! ```
//!
//! purpose: 3 index record, 4 wrapped data key, 5 secret, 6 chunk, 7 the
//! vault-wide commitment (1 and 2 were format 1's snapshot and incremental
//! chunks). context: the row id (the vault id for the wrapped key, whose
//! extra AAD carries the Argon2id parameters and salt, so they cannot be
//! downgraded; a chunk's extra AAD is its sequence number).

mod attempts;
mod clock;
mod crypto;
mod error;
pub mod files;
pub mod guess;
mod heads;
mod ids;
mod model;
mod pad;
mod rekey;
mod rollback;
mod store;
mod vault;
mod wipe;

pub use attempts::ATTEMPTS_FILE;
pub use automerge::ChangeHash;
/// One peer's progress in the Automerge sync protocol for one record
/// ([`Vault::sync_message`], [`Vault::receive_sync_message`]).
pub use automerge::sync::State as SyncState;
pub use clock::{BootTime, Clock, ManualClock, SystemClock};
pub use crypto::{KdfParams, Passphrase, measure_kdf};
pub use error::{DamageReason, MessageArg, VaultError};
pub use model::{
    Answer, AnswerValue, CurrentAnswer, FormRef, HistoryEntry, IndexEntry, NewRecord, Provenance,
    RecordKind, RecordView, Status, UserText,
};
pub use pad::envelope_len;
pub use store::{ChunkKind, heads_digest};
pub use vault::{
    CaseSummary, DB_FILE, FORMAT_VERSION, Merged, PushRead, RecordState, SealedChunk, UnlockPolicy,
    Vault, VaultInfo, VaultOptions,
};

use std::fmt;
use std::str::FromStr;

/// The app keeps one vault behind a mutex and moves it between threads.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Vault>();
    send::<VaultError>();
};

/// A record's id: a random UUID (v4), the same on every device and on the
/// relay. It is never stored in clear in the database: rows are keyed by a
/// keyed hash of it (see the `ids` module).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(uuid::Uuid);

impl RecordId {
    pub(crate) fn new_random() -> Self {
        RecordId(uuid::Uuid::new_v4())
    }

    /// The UUID.
    pub fn uuid(&self) -> uuid::Uuid {
        self.0
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }
}

impl From<uuid::Uuid> for RecordId {
    fn from(u: uuid::Uuid) -> Self {
        RecordId(u)
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl fmt::Debug for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RecordId({})", self.0.hyphenated())
    }
}

impl FromStr for RecordId {
    type Err = VaultError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s)
            .map(RecordId)
            .map_err(|_| VaultError::InvalidInput { what: "record-id" })
    }
}

impl serde::Serialize for RecordId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for RecordId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom("invalid record id"))
    }
}
