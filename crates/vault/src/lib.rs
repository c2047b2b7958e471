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
//!   list cheap. Plaintext columns hold only random UUIDs, sequence numbers
//!   and sizes.
//! - **Keys.** A random data key wrapped by an Argon2id key derived from the
//!   passphrase ([`KdfParams`], stored in the header, raisable). Unlock, lock,
//!   idle auto-lock, attempt limit with growing delay, passphrase change
//!   (re-wrap only), quick wipe (key first, then files). Secrets are zeroized
//!   and never printed by `Debug`.
//! - **Durability.** Every mutating call returns only after its SQLite
//!   transaction has committed durably.
//! - **Damage.** An unreadable record is reported
//!   ([`RecordState::Damaged`], [`VaultError::RecordDamaged`]) and kept; a
//!   database that cannot be opened yields [`VaultError::StoreDamaged`] /
//!   [`VaultError::NotAVault`] without touching it, and
//!   [`Vault::set_aside`] renames it so a fresh vault can be created.
//! - **Messages.** Each [`VaultError`] has a stable Fluent id
//!   ([`VaultError::message_id`]); the text is in `locales/*/vault.ftl`.
//!
//! ## On-disk schema (format 1)
//!
//! ```sql
//! PRAGMA application_id = 0x46535631;  -- "FSV1"
//! PRAGMA user_version = 1;
//! CREATE TABLE header  (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL);
//!   -- JSON: {format, vault_id, kdf:{m_kib,t,p}, salt(hex), wrapped_key(hex envelope)}
//! CREATE TABLE records (id BLOB PRIMARY KEY NOT NULL,      -- 16-byte random UUID
//!                       index_blob BLOB NOT NULL,          -- envelope(IndexEntry JSON)
//!                       index_size INTEGER NOT NULL);
//! CREATE TABLE chunks  (record_id BLOB NOT NULL REFERENCES records(id) ON DELETE CASCADE,
//!                       seq INTEGER NOT NULL,              -- per-record sequence
//!                       kind INTEGER NOT NULL,             -- 1 snapshot, 2 incremental
//!                       size INTEGER NOT NULL,             -- plaintext bytes
//!                       blob BLOB NOT NULL);               -- envelope(Automerge bytes)
//! CREATE UNIQUE INDEX chunks_by_record ON chunks(record_id, seq);
//! CREATE TABLE secrets (name TEXT PRIMARY KEY NOT NULL,   -- e.g. "team" (created on first use)
//!                       blob BLOB NOT NULL);              -- envelope(value), name in the AAD
//! ```
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
//! `vault.attempts` (JSON: failure count and time of the last failure) sits
//! beside the database (see [`UnlockPolicy::persist_failures`]).
//!
//! ## Envelope
//!
//! ```text
//! envelope = 0x01 (version) || nonce (12 random bytes) || AES-256-GCM ciphertext+tag
//! aad      = "FSV1" || purpose || context (16 bytes) || version
//! ```
//!
//! purpose: 1 snapshot, 2 incremental chunk, 3 index record, 4 wrapped data
//! key, 5 secret ([`Vault::put_secret`]: device keys, team state; the
//! secret's name is appended to the AAD, context is zeros). context: the record id (the vault id for the wrapped key, whose AAD
//! also carries the Argon2id parameters and salt, so they cannot be
//! downgraded).

mod clock;
mod crypto;
mod error;
mod model;
mod vault;

pub use automerge::ChangeHash;
/// One peer's progress in the Automerge sync protocol for one record
/// ([`Vault::sync_message`], [`Vault::receive_sync_message`]).
pub use automerge::sync::State as SyncState;
pub use clock::{Clock, ManualClock, SystemClock};
pub use crypto::{KdfParams, Passphrase};
pub use error::{DamageReason, MessageArg, VaultError};
pub use model::{
    Answer, AnswerValue, CurrentAnswer, FormRef, HistoryEntry, IndexEntry, NewRecord, Provenance,
    RecordKind, RecordView, Status, UserText,
};
pub use vault::{
    ATTEMPTS_FILE, CaseSummary, ChunkKind, DB_FILE, FORMAT_VERSION, Merged, RecordState,
    SealedChunk, UnlockPolicy, Vault, VaultInfo, VaultOptions,
};

use std::fmt;
use std::str::FromStr;

/// The app keeps one vault behind a mutex and moves it between threads.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Vault>();
    send::<VaultError>();
};

/// A record's id: a random UUID (v4), the only thing about a record stored in
/// plaintext.
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

    pub(crate) fn from_slice(b: &[u8]) -> Option<Self> {
        uuid::Uuid::from_slice(b).ok().map(RecordId)
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
