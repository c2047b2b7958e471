//! The vault handle: files, keys, records. The handle's types are here; its
//! methods are grouped by what they do in the submodules.

mod docs;
mod open;
mod push;
mod records;
mod secrets;
mod sync;
mod unlock;

pub(crate) use docs::placeholder_id;
use docs::{derived, prepare_write, snapshot_due};
pub(crate) use open::{check_file, db_path, make_header};
pub use push::PushRead;
pub use sync::Merged;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use automerge::sync::{State as SyncState, SyncDoc};
use automerge::{ActorId, Automerge, ChangeHash, ReadDoc};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use crate::RecordId;
use crate::attempts::{self, Attempts};
use crate::clock::{Clock, SystemClock};
use crate::crypto::{KdfParams, Passphrase, Purpose, SecretKey, derive_kek, random_bytes};
use crate::error::{DamageReason, VaultError};
use crate::files;
use crate::ids::{Keys, RowId};
use crate::model::{
    self, Answer, AnswerValue, HistoryEntry, IndexEntry, NewRecord, Provenance, RecordKind,
    RecordView, Status, UserText,
};
use crate::rollback;
use crate::store::{self, ChunkKind, RecordWrite, StoredIndex};

/// File name of the database inside the vault folder.
pub const DB_FILE: &str = "vault.db";
/// On-disk format version written by this code (2: opaque row ids, padded
/// envelopes, chunks bound to their sequence, the vault-wide commitment;
/// see [`crate::store`]).
pub const FORMAT_VERSION: u32 = 2;
/// Decrypted documents kept in memory at most (each is fully persisted, so
/// evicting one loses nothing).
const DOC_CACHE: usize = 64;
/// Journal rows a record may have before its next write folds them (an
/// answer is journaled alone; see [`crate::store`]).
const JOURNAL_MAX: usize = 64;
/// SQLite `application_id` of a vault: "FSV1".
const APPLICATION_ID: i32 = 0x4653_5631;

type Result<T, E = VaultError> = std::result::Result<T, E>;

/// Limits on unlock attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnlockPolicy {
    /// Failed attempts allowed before delays start.
    pub free_attempts: u32,
    /// Delay after the first failure past `free_attempts`; doubles with each further failure.
    pub base_delay: Duration,
    /// Upper bound of the delay.
    pub max_delay: Duration,
    /// Wipe the vault after this many consecutive failures (`None`: never;
    /// the app offers 5, 10 or 20, as Tella does).
    pub wipe_after: Option<u32>,
    /// Keep the failure count in `vault.attempts` beside the database
    /// (authenticated, failing closed: see [`crate::attempts`]), so
    /// restarting the app does not reset it (default). When false the count
    /// lives in this handle only and a wrong passphrase writes nothing at all.
    pub persist_failures: bool,
}

impl Default for UnlockPolicy {
    fn default() -> Self {
        UnlockPolicy {
            free_attempts: 3,
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(15 * 60),
            wipe_after: None,
            persist_failures: true,
        }
    }
}

impl UnlockPolicy {
    /// Required wait after `failures` consecutive failures.
    pub fn delay_after(&self, failures: u32) -> Duration {
        if failures < self.free_attempts.max(1) {
            return Duration::ZERO;
        }
        let exp = (failures - self.free_attempts.max(1)).min(30);
        self.base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay)
    }
}

/// How a vault is opened.
#[derive(Clone)]
pub struct VaultOptions {
    /// Argon2id parameters for a new vault (existing vaults use their header's).
    pub kdf: KdfParams,
    /// Lock after this long without activity (`None`: never).
    pub idle_timeout: Option<Duration>,
    /// Attempt limit.
    pub unlock_policy: UnlockPolicy,
    /// Time source.
    pub clock: Arc<dyn Clock>,
}

impl Default for VaultOptions {
    fn default() -> Self {
        VaultOptions {
            kdf: KdfParams::DEFAULT,
            idle_timeout: Some(Duration::from_secs(5 * 60)),
            unlock_policy: UnlockPolicy::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

impl std::fmt::Debug for VaultOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VaultOptions")
            .field("kdf", &self.kdf)
            .field("idle_timeout", &self.idle_timeout)
            .field("unlock_policy", &self.unlock_policy)
            .finish_non_exhaustive()
    }
}

/// Facts about a vault that need no key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultInfo {
    /// Random id of this vault.
    pub vault_id: uuid::Uuid,
    /// On-disk format version.
    pub format: u32,
    /// Argon2id parameters in force.
    pub kdf: KdfParams,
    /// Whether the vault is locked.
    pub locked: bool,
    /// Number of records (a plaintext count).
    pub record_count: u64,
    /// Database size in bytes (main file).
    pub db_bytes: u64,
}

/// An encrypted chunk exactly as stored: the envelope bytes, readable only
/// with this vault's data key and bound to its record and sequence number.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedChunk {
    /// Its sequence number in the record.
    pub seq: u64,
    /// Envelope: version || nonce || ciphertext+tag.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for SealedChunk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealedChunk(#{}, {} bytes)", self.seq, self.bytes.len())
    }
}

/// The state of one record in the case list.
// Most records are readable: a boxed entry would cost an allocation each
// for the rare damaged one's sake.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordState {
    /// Readable; its index record.
    Ok(IndexEntry),
    /// Cannot be read; kept on disk, never deleted.
    Damaged {
        /// Why.
        reason: DamageReason,
    },
}

/// One line of the case list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    /// Record id.
    pub id: RecordId,
    /// Index record or damage.
    pub state: RecordState,
}

/// The vault header (plaintext JSON in the `header` row): everything needed
/// before the passphrase is known.
#[derive(serde::Serialize, serde::Deserialize, Clone)]
pub(crate) struct Header {
    pub(crate) format: u32,
    pub(crate) vault_id: uuid::Uuid,
    pub(crate) kdf: KdfParams,
    pub(crate) salt: String,
    pub(crate) wrapped_key: String,
    /// Key of the attempt counter's MAC (hex; not secret from someone with
    /// the files, see [`crate::attempts`]).
    #[serde(default)]
    pub(crate) attempts_key: String,
    /// The attempt counter's current epoch (hex).
    #[serde(default)]
    pub(crate) attempts_epoch: String,
}

struct LoadedDoc {
    doc: Automerge,
    kind: RecordKind,
    /// Object ids of `answers` and `log`.
    objs: model::Objs,
    /// The index record, kept up to date with each change.
    index: IndexEntry,
    /// Questions in conflict (recomputed after merges, cleared by answers).
    conflicted: BTreeSet<String>,
    /// Heads durable on disk (in chunks or journal rows).
    persisted: Vec<ChangeHash>,
    /// Heads its chunks hold (`persisted` once its journal rows are folded).
    chunked: Vec<ChangeHash>,
    seqs: Seqs,
    last_used: u64,
}

/// Where a record's chunks stand: the sequence numbers on disk and the
/// Automerge bytes they hold (for the compaction rule).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Seqs {
    /// Sequence number of the newest snapshot (0: nothing stored yet).
    pub(crate) first: u64,
    /// Sequence number of the newest chunk: the record's version.
    pub(crate) last: u64,
    pub(crate) snapshot_bytes: u64,
    pub(crate) incremental_bytes: u64,
}

/// An open vault. Created locked by [`Vault::open`], unlocked by [`Vault::unlock`].
///
/// Not `Sync`: the app keeps one behind a mutex.
pub struct Vault {
    pub(crate) dir: PathBuf,
    pub(crate) conn: Connection,
    pub(crate) header: Header,
    pub(crate) options: VaultOptions,
    /// The data key's subkeys, while unlocked.
    pub(crate) keys: Option<Keys>,
    /// The vault-wide commitment as last written (see [`crate::rollback`]).
    pub(crate) committed: u128,
    /// Records found rolled back at unlock: reported as damage.
    pub(crate) rolled_back: HashSet<RowId>,
    /// The next journal position (see [`crate::store`]).
    pub(crate) journal: u64,
    /// The next journal row's `jid`: one more than the last, from a random
    /// start drawn whenever the journal is empty (rows go to the end of
    /// their B-tree as a plain insert does; their ids say how many rows
    /// wait and in which order, which their number on disk says anyway,
    /// and nothing of the vault's history).
    pub(crate) next_jid: Option<i64>,
    /// Records with journal rows not folded yet: their rows' `jid`s.
    pub(crate) pending: BTreeMap<RecordId, Vec<i64>>,
    /// Journal rows to delete with the next fold (their record is gone),
    /// and rows that do not open (deleted once a person accepts).
    pub(crate) stale_journal: Vec<i64>,
    pub(crate) unreadable_journal: Vec<i64>,
    /// Writes held for one write at [`Vault::release`] (see [`Vault::hold`]).
    pub(crate) held: bool,
    /// Records changed while held, not written yet (never evicted).
    pub(crate) dirty: BTreeSet<RecordId>,
    docs: HashMap<RecordId, LoadedDoc>,
    tick: u64,
    last_activity: Instant,
    /// The counter when it is kept in memory only (`persist_failures: false`).
    mem_attempts: Option<Attempts>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.dir)
            .field("vault_id", &self.header.vault_id)
            .field("locked", &self.keys.is_none())
            .field("loaded_docs", &self.docs.len())
            .finish_non_exhaustive()
    }
}
