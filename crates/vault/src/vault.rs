//! The vault handle: files, keys, records.

use std::collections::{BTreeSet, HashMap, HashSet};
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
use crate::crypto::{
    KdfParams, Passphrase, Purpose, SecretKey, derive_kek, from_hex, random_bytes, to_hex,
};
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
    persisted: Vec<ChangeHash>,
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

pub(crate) fn db_path(dir: &Path) -> PathBuf {
    dir.join(DB_FILE)
}

pub(crate) fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

pub(crate) fn configure(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(VaultError::StoreDamaged {
            detail: format!("journal_mode is {mode}"),
        });
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}

/// Checks the raw file before SQLite touches it, so that a foreign file is
/// never modified (e.g. switched to WAL mode).
pub(crate) fn check_file(path: &Path) -> Result<()> {
    let mut f = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(VaultError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let len = f.metadata()?.len();
    let mut head = [0u8; 100];
    let n = f.read(&mut head)?;
    if n >= 16 && &head[..16] != b"SQLite format 3\0" {
        return Err(VaultError::NotAVault);
    }
    if n < 100 || len < 100 {
        return Err(VaultError::StoreDamaged {
            detail: format!("file too short ({len} bytes)"),
        });
    }
    let app_id = i32::from_be_bytes([head[68], head[69], head[70], head[71]]);
    if app_id != APPLICATION_ID {
        return Err(VaultError::NotAVault);
    }
    // Size check, only when no WAL holds newer pages (a crash may leave the
    // main file shorter than its header while the WAL is still valid).
    let wal_len = fs::metadata(sidecar(path, "-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    if wal_len == 0 {
        let page_size = match u16::from_be_bytes([head[16], head[17]]) {
            1 => 65536u64,
            n => u64::from(n),
        };
        let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
        if page_size * pages > len {
            return Err(VaultError::StoreDamaged {
                detail: format!("truncated: {len} of {} bytes", page_size * pages),
            });
        }
    }
    Ok(())
}

pub(crate) fn map_open_err(e: rusqlite::Error) -> VaultError {
    match VaultError::from(e) {
        VaultError::Database(e) => VaultError::StoreDamaged {
            detail: e.to_string(),
        },
        other => other,
    }
}

pub(crate) fn wrap_aad(header_kdf: KdfParams, salt: &[u8]) -> Vec<u8> {
    let mut v = header_kdf.to_bytes().to_vec();
    v.extend_from_slice(salt);
    v
}

/// A header wrapping `dek` under `passphrase`; the attempt counter's key and
/// epoch are carried over from `previous` (new ones for a new vault).
pub(crate) fn make_header(
    vault_id: uuid::Uuid,
    passphrase: &Passphrase,
    kdf: KdfParams,
    dek: &SecretKey,
    previous: Option<&Header>,
) -> Result<Header> {
    let salt: [u8; 16] = random_bytes()?;
    let kek = derive_kek(passphrase, &salt, kdf)?;
    let wrapped = kek.cipher().seal(
        Purpose::WrappedKey,
        vault_id.as_bytes(),
        &wrap_aad(kdf, &salt),
        dek.as_bytes(),
    )?;
    let (attempts_key, attempts_epoch) = match previous {
        Some(h) if !h.attempts_key.is_empty() => (h.attempts_key.clone(), h.attempts_epoch.clone()),
        _ => (
            to_hex(&random_bytes::<32>()?),
            to_hex(&random_bytes::<16>()?),
        ),
    };
    Ok(Header {
        format: FORMAT_VERSION,
        vault_id,
        kdf,
        salt: to_hex(&salt),
        wrapped_key: to_hex(&wrapped),
        attempts_key,
        attempts_epoch,
    })
}

impl Header {
    pub(crate) fn unwrap_key(&self, passphrase: &Passphrase) -> Result<SecretKey> {
        let salt = from_hex(&self.salt).ok_or(VaultError::NotAVault)?;
        let wrapped = from_hex(&self.wrapped_key).ok_or(VaultError::NotAVault)?;
        let kek = derive_kek(passphrase, &salt, self.kdf)?;
        let dek = kek
            .cipher()
            .open(
                Purpose::WrappedKey,
                self.vault_id.as_bytes(),
                &wrap_aad(self.kdf, &salt),
                &wrapped,
            )
            .map_err(|_| VaultError::WrongPassphrase)?;
        SecretKey::from_slice(&dek).ok_or(VaultError::WrongPassphrase)
    }

    pub(crate) fn to_body(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self).map_err(|_| VaultError::Crypto)
    }
}

/// Reads the header row of an open connection.
fn read_header(conn: &Connection) -> Result<Header> {
    let body: Vec<u8> = match conn
        .query_row("SELECT body FROM header WHERE id = 1", [], |r| r.get(0))
        .optional()
    {
        Ok(Some(b)) => b,
        Ok(None) => return Err(VaultError::NotAVault),
        Err(rusqlite::Error::SqliteFailure(_, Some(msg))) if msg.contains("no such table") => {
            return Err(VaultError::NotAVault);
        }
        Err(e) => return Err(map_open_err(e)),
    };
    serde_json::from_slice(&body).map_err(|_| VaultError::StoreDamaged {
        detail: "header is not valid".into(),
    })
}

/// Makes the vault folder 0700 and its database files 0600 (set
/// explicitly, never left to the umask).
fn make_files_private(dir: &Path) -> Result<()> {
    files::make_private_dir(dir)?;
    let db = db_path(dir);
    for p in [db.clone(), sidecar(&db, "-wal"), sidecar(&db, "-shm")] {
        match files::make_private(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

impl Vault {
    /// Creates a new vault in `dir` (created if missing, 0700) and returns
    /// it unlocked.
    ///
    /// The database is written under a temporary name (0600 before anything
    /// is written into it) and renamed into place, so a crash never leaves a
    /// half-made vault.
    pub fn create(dir: &Path, passphrase: &Passphrase, options: VaultOptions) -> Result<Vault> {
        files::create_private_dir(dir)?;
        let path = db_path(dir);
        if path.exists() {
            return Err(VaultError::AlreadyExists);
        }
        let tmp = dir.join(format!("{DB_FILE}.creating"));
        let _ = fs::remove_file(&tmp);
        let dek = SecretKey::random()?;
        let header = make_header(uuid::Uuid::new_v4(), passphrase, options.kdf, &dek, None)?;
        let keys = Keys::derive(&dek)?;
        {
            let conn = Connection::open(&tmp)?;
            files::make_private(&tmp)?;
            conn.pragma_update(None, "journal_mode", "DELETE")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "secure_delete", "ON")?;
            conn.execute_batch(&format!(
                "BEGIN;
                 PRAGMA application_id = {APPLICATION_ID};
                 PRAGMA user_version = {FORMAT_VERSION};
                 {}
                 COMMIT;",
                store::SCHEMA
            ))?;
            conn.execute(
                "INSERT INTO header (id, body) VALUES (1, ?1)",
                params![header.to_body()?],
            )?;
            store::write_state(&conn, &keys, &header.vault_id, 0)?;
            conn.close().map_err(|(_, e)| e)?;
        }
        fs::File::open(&tmp)?.sync_all()?;
        if path.exists() {
            let _ = fs::remove_file(&tmp);
            return Err(VaultError::AlreadyExists);
        }
        attempts::write(
            dir,
            &header.attempts_key,
            &Attempts::fresh(&header.attempts_epoch),
        )?;
        fs::rename(&tmp, &path)?;
        files::sync_dir(dir);
        let mut vault = Vault::open(dir, options)?;
        vault.keys = Some(keys);
        vault.committed = 0;
        vault.last_activity = vault.options.clock.monotonic();
        Ok(vault)
    }

    /// True if `dir` holds a vault database file (it may still be damaged).
    pub fn exists(dir: &Path) -> bool {
        db_path(dir).exists()
    }

    /// Opens an existing vault, locked. Changes no file's content if it
    /// fails. A header whose Argon2 parameters are outside the documented
    /// range ([`KdfParams::within_bounds`]) is refused here, before any key
    /// derivation allocates memory. The folder and files are set to 0700 /
    /// 0600 if they were not.
    pub fn open(dir: &Path, options: VaultOptions) -> Result<Vault> {
        let path = db_path(dir);
        check_file(&path)?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(map_open_err)?;
        configure(&conn).map_err(|e| match e {
            VaultError::Database(e) => map_open_err(e),
            other => other,
        })?;
        let header = read_header(&conn)?;
        if header.format > FORMAT_VERSION {
            return Err(VaultError::UnsupportedVersion {
                found: header.format,
            });
        }
        if header.format < FORMAT_VERSION {
            // Format 1 (record UUIDs and sizes in clear) is not read by this
            // version: see ARCHITECTURE.md (no vault of that format was
            // released).
            return Err(VaultError::UnsupportedVersion {
                found: header.format,
            });
        }
        if !header.kdf.within_bounds() {
            return Err(VaultError::KdfOutOfRange {
                m_kib: header.kdf.m_kib,
                t: header.kdf.t,
                p: header.kdf.p,
            });
        }
        // A vault made before modes were set explicitly gets them now.
        make_files_private(dir)?;
        let now = options.clock.monotonic();
        Ok(Vault {
            dir: dir.to_owned(),
            conn,
            header,
            options,
            keys: None,
            committed: 0,
            rolled_back: HashSet::new(),
            docs: HashMap::new(),
            tick: 0,
            last_activity: now,
            mem_attempts: None,
        })
    }

    /// Moves a database that cannot be opened out of the way (never deletes
    /// it), so a fresh vault can be created. Returns the new path of the
    /// database file; its `-wal`/`-shm` files, if any, are renamed alongside.
    /// A quick wipe destroys set-aside files too.
    pub fn set_aside(dir: &Path) -> Result<PathBuf> {
        let path = db_path(dir);
        if !path.exists() {
            return Err(VaultError::NotFound);
        }
        let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
        let mut n = 0u32;
        let target = loop {
            let name = if n == 0 {
                format!("{DB_FILE}.damaged-{stamp}")
            } else {
                format!("{DB_FILE}.damaged-{stamp}-{n}")
            };
            let t = dir.join(name);
            if !t.exists() {
                break t;
            }
            n += 1;
        };
        for suffix in ["-wal", "-shm"] {
            let side = sidecar(&path, suffix);
            if side.exists() {
                fs::rename(&side, sidecar(&target, suffix))?;
            }
        }
        fs::rename(&path, &target)?;
        files::sync_dir(dir);
        Ok(target)
    }

    /// Facts that need no key.
    pub fn info(&self) -> Result<VaultInfo> {
        let record_count: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))?;
        Ok(VaultInfo {
            vault_id: self.header.vault_id,
            format: self.header.format,
            kdf: self.header.kdf,
            locked: self.keys.is_none(),
            record_count: u64::try_from(record_count).unwrap_or(0),
            db_bytes: fs::metadata(db_path(&self.dir))
                .map(|m| m.len())
                .unwrap_or(0),
        })
    }

    /// The vault folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// True while locked (also locks if the idle timeout has passed).
    pub fn is_locked(&mut self) -> bool {
        self.check_idle();
        self.keys.is_none()
    }

    /// Locks if idle for longer than the configured timeout. Call it from a
    /// timer; returns true if the vault is locked afterwards.
    pub fn check_idle(&mut self) -> bool {
        if self.keys.is_some()
            && let Some(limit) = self.options.idle_timeout
            && self
                .options
                .clock
                .monotonic()
                .saturating_duration_since(self.last_activity)
                >= limit
        {
            self.lock();
        }
        self.keys.is_none()
    }

    /// Forgets the data key and every decrypted document.
    pub fn lock(&mut self) {
        self.keys = None;
        self.docs.clear();
        self.rolled_back.clear();
    }

    /// The counter as far as it can be believed; a counter that cannot be
    /// (missing, forged, another epoch) is replaced by a fail-closed one,
    /// anchored now and written, so its wait runs from this moment.
    fn current_attempts(&mut self) -> Result<Attempts> {
        let policy = self.options.unlock_policy;
        let now = self.options.clock.boot_time();
        if !policy.persist_failures {
            let mut a = self
                .mem_attempts
                .clone()
                .unwrap_or_else(|| Attempts::fresh(&self.header.attempts_epoch));
            if a.needs_anchor(&now) {
                a.anchor(&now);
            }
            self.mem_attempts = Some(a.clone());
            return Ok(a);
        }
        let key = self.header.attempts_key.clone();
        let epoch = self.header.attempts_epoch.clone();
        match attempts::read(&self.dir, &key, &epoch) {
            Some(mut a) => {
                if a.needs_anchor(&now) {
                    a.anchor(&now);
                    attempts::write(&self.dir, &key, &a)?;
                }
                Ok(a)
            }
            None => {
                let mut a = Attempts::fresh(&epoch);
                a.failures = attempts::fail_closed(&policy);
                a.anchor(&now);
                attempts::write(&self.dir, &key, &a)?;
                Ok(a)
            }
        }
    }

    fn save_attempts(&mut self, a: &Attempts) -> Result<()> {
        if self.options.unlock_policy.persist_failures {
            attempts::write(&self.dir, &self.header.attempts_key, a)
        } else {
            self.mem_attempts = Some(a.clone());
            Ok(())
        }
    }

    /// Unlocks with the passphrase.
    ///
    /// A wrong passphrase changes no byte of the database: the failure is
    /// counted in `vault.attempts` (authenticated, failing closed, measured
    /// in time since boot: see [`crate::attempts`]). After `free_attempts`
    /// failures each further try must wait ([`VaultError::UnlockDelayed`])
    /// before the passphrase is even tried; after `wipe_after` failures the
    /// vault is wiped. A correct passphrase then checks the vault-wide
    /// commitment: records whose rows are older than it are reported as
    /// damaged ([`DamageReason::RolledBack`]).
    pub fn unlock(&mut self, passphrase: &Passphrase) -> Result<()> {
        let (dek, attempts) = self.try_passphrase(passphrase)?;
        let keys = Keys::derive(&dek)?;
        let Some(committed) = store::read_state(&self.conn, &keys, &self.header.vault_id)? else {
            // The passphrase opened this header, but the header's key opens
            // nothing here: an old header put back after a passphrase
            // change, or a header from another vault.
            return Err(VaultError::StoreDamaged {
                detail: "the header's key does not open this store".into(),
            });
        };
        self.rolled_back = self.check_commitment(&keys, committed)?;
        self.keys = Some(keys);
        self.committed = committed;
        self.last_activity = self.options.clock.monotonic();
        if attempts.failures > 0 {
            self.start_attempts_epoch()?;
        }
        Ok(())
    }

    /// Checks a passphrase against the header under the attempt limit: the
    /// delay first (nothing is tried while it runs), then the key. A wrong
    /// passphrase is counted (and wipes the vault at the configured limit).
    pub(crate) fn try_passphrase(
        &mut self,
        passphrase: &Passphrase,
    ) -> Result<(SecretKey, Attempts)> {
        let policy = self.options.unlock_policy;
        let mut attempts = self.current_attempts()?;
        let now = self.options.clock.boot_time();
        let wait = attempts.wait(&policy, &now);
        if !wait.is_zero() {
            return Err(VaultError::UnlockDelayed { retry_after: wait });
        }
        match self.header.unwrap_key(passphrase) {
            Ok(dek) => Ok((dek, attempts)),
            Err(VaultError::WrongPassphrase) => {
                attempts.failures = attempts.failures.saturating_add(1);
                attempts.total = attempts.total.saturating_add(1);
                attempts.anchor(&now);
                self.save_attempts(&attempts)?;
                if let Some(limit) = policy.wipe_after
                    && attempts.failures >= limit
                {
                    self.lock();
                    let dir = self.dir.clone();
                    crate::wipe::wipe_folder(&dir, Some(&self.conn))?;
                    return Err(VaultError::WipedAfterFailedAttempts);
                }
                Err(VaultError::WrongPassphrase)
            }
            Err(e) => Err(e),
        }
    }

    /// After a successful unlock that followed failures: a new epoch in the
    /// header (so a saved copy of the old counter is not believed) and a
    /// counter at zero.
    pub(crate) fn start_attempts_epoch(&mut self) -> Result<()> {
        let mut header = self.header.clone();
        header.attempts_epoch = to_hex(&random_bytes::<16>()?);
        let fresh = Attempts::fresh(&header.attempts_epoch);
        if self.options.unlock_policy.persist_failures {
            self.conn.execute(
                "UPDATE header SET body = ?1 WHERE id = 1",
                params![header.to_body()?],
            )?;
            self.header = header;
            attempts::write(&self.dir, &self.header.attempts_key, &fresh)?;
        } else {
            self.mem_attempts = Some(fresh);
        }
        Ok(())
    }

    /// Reads every index row and compares the commitment with it. Returns
    /// the rows to report as rolled back.
    pub(crate) fn check_commitment(&self, keys: &Keys, committed: u128) -> Result<HashSet<RowId>> {
        let mut rows = Vec::new();
        let mut unreadable = HashSet::new();
        for (rid, blob) in store::record_rows(&self.conn)? {
            match store::open_index(keys, &rid, &blob) {
                Ok(index) => rows.push((rid, keys.weight(&rid), index.last)),
                Err(_) => {
                    // Already reported as damaged; counts as version 0.
                    unreadable.insert(rid);
                    rows.push((rid, keys.weight(&rid), 0));
                }
            }
        }
        Ok(match rollback::check(committed, &rows) {
            rollback::Finding::Consistent => HashSet::new(),
            rollback::Finding::Located(found) => found
                .into_iter()
                .filter(|r| !unreadable.contains(r))
                .collect(),
            rollback::Finding::Unexplained => rows
                .iter()
                .map(|(rid, _, _)| *rid)
                .filter(|r| !unreadable.contains(r))
                .collect(),
        })
    }

    /// Records found rolled back at the last unlock (their rows are older
    /// than the vault's commitment; when it cannot be told which records
    /// differ, every record present at unlock). Empty when all is well.
    pub fn rolled_back(&self) -> Vec<RecordId> {
        let Some(keys) = self.keys.as_ref() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Ok(rows) = store::record_rows(&self.conn) {
            for (rid, blob) in rows {
                if self.rolled_back.contains(&rid)
                    && let Ok(index) = store::open_index(keys, &rid, &blob)
                {
                    out.push(index.id);
                }
            }
        }
        out
    }

    /// Takes the rows now on disk as the truth (after a person was told
    /// which records were rolled back): recomputes the commitment from them
    /// and stops reporting those records as damaged. Durable on return.
    pub fn accept_current_state(&mut self) -> Result<()> {
        self.touch()?;
        let keys = self.keys.as_ref().ok_or(VaultError::Locked)?;
        let mut sum = 0u128;
        for (rid, blob) in store::record_rows(&self.conn)? {
            if let Ok(index) = store::open_index(keys, &rid, &blob) {
                sum = sum.wrapping_add(keys.weight(&rid).wrapping_mul(u128::from(index.last)));
            }
        }
        store::write_state(&self.conn, keys, &self.header.vault_id, sum)?;
        self.committed = sum;
        self.rolled_back.clear();
        self.docs.clear();
        Ok(())
    }

    /// Records activity (the idle timer starts again). Fails with `Locked`
    /// when the vault had already locked itself for being idle.
    pub fn activity(&mut self) -> Result<()> {
        self.touch()
    }

    pub(crate) fn touch(&mut self) -> Result<()> {
        if self.check_idle() {
            return Err(VaultError::Locked);
        }
        self.last_activity = self.options.clock.monotonic();
        Ok(())
    }

    pub(crate) fn keys(&self) -> Result<&Keys> {
        self.keys.as_ref().ok_or(VaultError::Locked)
    }

    /// Forgets every decrypted document (after the rows changed under them).
    pub(crate) fn clear_cache(&mut self) {
        self.docs.clear();
    }

    // ----- records -----------------------------------------------------

    /// Creates an interview record; durable when this returns.
    pub fn create_interview(&mut self, new: NewRecord) -> Result<RecordId> {
        self.create_record(RecordKind::Interview, new)
    }

    /// Creates a vessel inspection record; durable when this returns.
    pub fn create_vessel_inspection(&mut self, new: NewRecord) -> Result<RecordId> {
        self.create_record(RecordKind::VesselInspection, new)
    }

    /// Creates the team document of a published questionnaire under `id`
    /// (derived from its hash, so every publisher writes the same
    /// document), unless it exists. Durable when this returns.
    pub fn create_questionnaire(&mut self, id: RecordId, new: NewRecord) -> Result<()> {
        match self.record(id) {
            Ok(_) => Ok(()),
            Err(VaultError::RecordNotFound { .. }) => self
                .create_record_as(RecordKind::Questionnaire, id, new)
                .map(|_| ()),
            Err(e) => Err(e),
        }
    }

    fn create_record(&mut self, kind: RecordKind, new: NewRecord) -> Result<RecordId> {
        self.create_record_as(kind, RecordId::new_random(), new)
    }

    fn create_record_as(
        &mut self,
        kind: RecordKind,
        id: RecordId,
        new: NewRecord,
    ) -> Result<RecordId> {
        self.touch()?;
        let mut doc = Automerge::new().with_actor(ActorId::random());
        {
            let mut tx = doc.transaction();
            model::init_doc(&mut tx, kind, &new)
                .map_err(|_| VaultError::InvalidInput { what: "record" })?;
            tx.commit();
        }
        let (objs, index, conflicted) = derived(&doc, id)?;
        self.cache(
            id,
            LoadedDoc {
                doc,
                kind,
                objs,
                index,
                conflicted,
                persisted: Vec::new(),
                seqs: Seqs::default(),
                last_used: 0,
            },
        );
        self.persist(id)?;
        Ok(id)
    }

    /// Records an answer with its provenance. Returns only after the change
    /// is durable on disk (one SQLite transaction, WAL + synchronous=FULL).
    /// Overwrites any concurrent values (so it also resolves a conflict).
    pub fn apply_answer(
        &mut self,
        id: RecordId,
        question: &str,
        value: AnswerValue,
        provenance: Provenance,
    ) -> Result<()> {
        self.write_answer(id, question, value, provenance, false)
    }

    /// Resolves a conflict on `question` by writing the chosen value; fails
    /// with [`VaultError::NoConflict`] if there is none. The history keeps
    /// every concurrent value and marks this entry as a resolution.
    pub fn resolve_conflict(
        &mut self,
        id: RecordId,
        question: &str,
        value: AnswerValue,
        provenance: Provenance,
    ) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        let n = model::answer_candidates(&loaded.doc, question)
            .map_err(|_| VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            })?
            .len();
        if n < 2 {
            return Err(VaultError::NoConflict);
        }
        self.write_answer(id, question, value, provenance, true)
    }

    fn write_answer(
        &mut self,
        id: RecordId,
        question: &str,
        value: AnswerValue,
        provenance: Provenance,
        resolution: bool,
    ) -> Result<()> {
        if question.is_empty() {
            return Err(VaultError::InvalidInput { what: "question" });
        }
        self.touch()?;
        let loaded = self.load(id)?;
        let answer = Answer { value, provenance };
        let existed =
            model::put_answer(&mut loaded.doc, &loaded.objs, question, &answer, resolution)
                .map_err(|_| VaultError::RecordDamaged {
                    id,
                    reason: DamageReason::Malformed,
                })?;
        // Keep the index record current without re-reading the document.
        let index = &mut loaded.index;
        if !existed {
            index.answer_count = index.answer_count.saturating_add(1);
        }
        if loaded.conflicted.remove(question) {
            index.conflict_count = index.conflict_count.saturating_sub(1);
        }
        index.updated_at = index.updated_at.max(answer.provenance.at);
        self.persist(id)
    }

    /// Marks a record complete.
    pub fn mark_complete(&mut self, id: RecordId, at: DateTime<Utc>) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_status(&mut loaded.doc, Status::Complete, at).map_err(|_| {
            VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            }
        })?;
        self.persist_refreshed(id)
    }

    /// Sets a record's status (e.g. [`Status::ConsentDeclined`]).
    pub fn set_status(&mut self, id: RecordId, status: Status, at: DateTime<Utc>) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_status(&mut loaded.doc, status, at).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })?;
        self.persist_refreshed(id)
    }

    /// Sets one per-record working value (current question, languages,
    /// notes); durable on return. Keys and values are the caller's; values
    /// are encrypted with the record.
    pub fn set_meta(
        &mut self,
        id: RecordId,
        key: &str,
        value: &UserText,
        at: DateTime<Utc>,
    ) -> Result<()> {
        if key.is_empty() {
            return Err(VaultError::InvalidInput { what: "meta-key" });
        }
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_meta(&mut loaded.doc, key, value, at).map_err(|_| {
            VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            }
        })?;
        self.persist_refreshed(id)
    }

    /// Changes the display title.
    pub fn set_title(&mut self, id: RecordId, title: &UserText, at: DateTime<Utc>) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_title(&mut loaded.doc, title, at).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })?;
        self.persist_refreshed(id)
    }

    /// Records the result a record was completed with (its determination and
    /// the referral categories suggested), so the case list can tell
    /// referrals without loading the document.
    pub fn set_outcome(
        &mut self,
        id: RecordId,
        outcome: &str,
        referrals: &[String],
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_outcome(&mut loaded.doc, outcome, referrals, at).map_err(|_| {
            VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            }
        })?;
        self.persist_refreshed(id)
    }

    /// Adds a crew interview to a vessel inspection.
    pub fn add_crew_interview(
        &mut self,
        vessel: RecordId,
        interview: RecordId,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.touch()?;
        let loaded = self.load(vessel)?;
        if loaded.kind != RecordKind::VesselInspection {
            return Err(VaultError::WrongKind { id: vessel });
        }
        model::add_crew(&mut loaded.doc, interview, at).map_err(|_| VaultError::RecordDamaged {
            id: vessel,
            reason: DamageReason::Malformed,
        })?;
        self.persist_refreshed(vessel)
    }

    /// Reads a record: its fields and current answers, conflicts included.
    pub fn record(&mut self, id: RecordId) -> Result<RecordView> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::read_view(&loaded.doc, id).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })
    }

    /// Every answer ever given to `question`, oldest first.
    pub fn answer_history(&mut self, id: RecordId, question: &str) -> Result<Vec<HistoryEntry>> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::history(&loaded.doc, question).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })
    }

    /// Deletes a record and its chunks (SQLite `secure_delete` overwrites
    /// them) and takes it out of the vault-wide commitment, in one durable
    /// transaction. A record whose index cannot be read is refused (its
    /// chunks could not be found, and the commitment could not be kept).
    pub fn delete(&mut self, id: RecordId) -> Result<()> {
        self.touch()?;
        self.docs.remove(&id);
        let keys = self.keys.as_ref().ok_or(VaultError::Locked)?;
        let rid = keys.row_id(id);
        let index = self.read_index(keys, id, &rid)?;
        let sum = self
            .committed
            .wrapping_sub(keys.weight(&rid).wrapping_mul(u128::from(index.last)));
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        for seq in index.first..=index.last {
            tx.prepare_cached("DELETE FROM chunks WHERE cid = ?1")?
                .execute(params![&keys.chunk_id(&rid, seq)[..]])?;
        }
        tx.execute("DELETE FROM records WHERE rid = ?1", params![&rid[..]])?;
        store::write_state(&tx, keys, &self.header.vault_id, sum)?;
        tx.commit()?;
        self.committed = sum;
        Ok(())
    }

    /// A record's index row, decrypted and checked (rolled back records are
    /// reported as damaged).
    fn read_index(&self, keys: &Keys, id: RecordId, rid: &RowId) -> Result<StoredIndex> {
        let damaged = |reason| VaultError::RecordDamaged { id, reason };
        let blob: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT blob FROM records WHERE rid = ?1")?
            .query_row(params![&rid[..]], |r| r.get(0))
            .optional()?;
        let blob = blob.ok_or(VaultError::RecordNotFound { id })?;
        let index = store::open_index(keys, rid, &blob).map_err(damaged)?;
        if self.rolled_back.contains(rid) {
            return Err(damaged(DamageReason::RolledBack));
        }
        Ok(index)
    }

    /// The case list from the encrypted index records (documents are not
    /// loaded). Damaged records are listed as such, never dropped. Sorted by
    /// latest change, newest first; damaged records last.
    pub fn list(&mut self) -> Result<Vec<CaseSummary>> {
        self.touch()?;
        let keys = self.keys()?;
        let mut out = Vec::new();
        for (rid, blob) in store::record_rows(&self.conn)? {
            let (id, state) = match store::open_index(keys, &rid, &blob) {
                Ok(_) if self.rolled_back.contains(&rid) => (
                    store::open_index(keys, &rid, &blob)
                        .map(|i| i.id)
                        .unwrap_or_else(|_| placeholder_id(&rid)),
                    RecordState::Damaged {
                        reason: DamageReason::RolledBack,
                    },
                ),
                Ok(index) => (index.id, RecordState::Ok(index.entry)),
                // The record's id is inside the envelope: a damaged row is
                // listed under its row id.
                Err(reason) => (placeholder_id(&rid), RecordState::Damaged { reason }),
            };
            out.push(CaseSummary { id, state });
        }
        // Rows come in row-id order (keyed hashes, so random): ties on the
        // latest change are broken by what the records say — an inspection
        // before its crew interviews, then the older first — and the id.
        let inspection_first = |k: RecordKind| u8::from(k != RecordKind::VesselInspection);
        out.sort_by(|a, b| match (&a.state, &b.state) {
            (RecordState::Ok(x), RecordState::Ok(y)) => y
                .updated_at
                .cmp(&x.updated_at)
                .then_with(|| inspection_first(x.kind).cmp(&inspection_first(y.kind)))
                .then_with(|| x.created_at.cmp(&y.created_at))
                .then_with(|| a.id.cmp(&b.id)),
            (RecordState::Ok(_), _) => std::cmp::Ordering::Less,
            (_, RecordState::Ok(_)) => std::cmp::Ordering::Greater,
            _ => a.id.cmp(&b.id),
        });
        Ok(out)
    }

    /// Case-insensitive search in the index records (title, questionnaire
    /// id, language, record id). Damaged records never match.
    pub fn search(&mut self, query: &str) -> Result<Vec<CaseSummary>> {
        let needle = query.to_lowercase();
        Ok(self
            .list()?
            .into_iter()
            .filter(|c| match &c.state {
                RecordState::Ok(e) => {
                    e.title.to_lowercase().contains(&needle)
                        || e.form_id.to_lowercase().contains(&needle)
                        || e.language.to_lowercase() == needle
                        || c.id.to_string().contains(&needle)
                }
                RecordState::Damaged { .. } => false,
            })
            .collect())
    }

    /// Decrypts and checks every chunk of a record without keeping it loaded.
    pub fn verify(&mut self, id: RecordId) -> Result<()> {
        self.touch()?;
        self.docs.remove(&id);
        self.load(id).map(|_| ())
    }

    /// Decrypts and checks every record (slow: loads every document) and
    /// returns those that are damaged. Nothing is changed or deleted.
    pub fn verify_all(&mut self) -> Result<Vec<(RecordId, DamageReason)>> {
        self.touch()?;
        let keys = self.keys()?;
        let mut ids = Vec::new();
        let mut damaged = Vec::new();
        for (rid, blob) in store::record_rows(&self.conn)? {
            match store::open_index(keys, &rid, &blob) {
                Ok(index) => ids.push(index.id),
                Err(reason) => damaged.push((placeholder_id(&rid), reason)),
            }
        }
        for id in ids {
            match self.load_from_disk(id) {
                Ok(_) => {}
                Err(VaultError::RecordDamaged { reason, .. }) => damaged.push((id, reason)),
                Err(e) => return Err(e),
            }
        }
        Ok(damaged)
    }

    // ----- secrets --------------------------------------------------------

    /// Stores a small secret value under `name` (e.g. the device's keys and
    /// its team state), encrypted under the vault's key like every record
    /// (purpose 5; the row is keyed by a keyed hash of the name, and the
    /// name is inside the envelope, so names are not in clear and a blob
    /// cannot be moved to another name). Replaces the previous value;
    /// durable when it returns.
    pub fn put_secret(&mut self, name: &str, value: &[u8]) -> Result<()> {
        self.touch()?;
        let (sid, blob) = store::seal_secret(self.keys()?, name, value)?;
        self.conn.execute(
            "INSERT INTO secrets (sid, blob) VALUES (?1, ?2)
             ON CONFLICT(sid) DO UPDATE SET blob = excluded.blob",
            params![&sid[..], blob],
        )?;
        Ok(())
    }

    /// The secret stored under `name`, if any.
    pub fn secret(&mut self, name: &str) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        self.touch()?;
        let keys = self.keys()?;
        let sid = keys.secret_id(name);
        let blob: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT blob FROM secrets WHERE sid = ?1",
                params![&sid[..]],
                |r| r.get(0),
            )
            .optional()?;
        let Some(blob) = blob else {
            return Ok(None);
        };
        match store::open_secret(keys, &sid, &blob) {
            Some((stored, value)) if stored == name => Ok(Some(value)),
            _ => Err(VaultError::StoreDamaged {
                detail: "a secret cannot be decrypted".into(),
            }),
        }
    }

    /// Removes the secret stored under `name` (no-op when none).
    pub fn delete_secret(&mut self, name: &str) -> Result<()> {
        self.touch()?;
        let sid = self.keys()?.secret_id(name);
        self.conn
            .execute("DELETE FROM secrets WHERE sid = ?1", params![&sid[..]])?;
        Ok(())
    }

    // ----- chunks for sync ----------------------------------------------

    /// The record's stored chunks, still encrypted, in sequence order.
    pub fn export_chunks(&mut self, id: RecordId) -> Result<Vec<SealedChunk>> {
        self.touch()?;
        let keys = self.keys()?;
        let rid = keys.row_id(id);
        let index = self.read_index(keys, id, &rid)?;
        let mut out = Vec::new();
        for seq in index.first..=index.last {
            let blob: Option<Vec<u8>> = self
                .conn
                .prepare_cached("SELECT blob FROM chunks WHERE cid = ?1")?
                .query_row(params![&keys.chunk_id(&rid, seq)[..]], |r| r.get(0))
                .optional()?;
            let bytes = blob.ok_or(VaultError::RecordDamaged {
                id,
                reason: DamageReason::Missing,
            })?;
            out.push(SealedChunk { seq, bytes });
        }
        Ok(out)
    }

    /// Merges chunks exported from a vault sharing this data key (e.g. a
    /// copy of this vault on another device). Order and duplicates do not
    /// matter. Creates the record if it is new here. Durable when it returns.
    pub fn import_chunks(&mut self, id: RecordId, chunks: &[SealedChunk]) -> Result<()> {
        self.touch()?;
        let mut plains = Vec::with_capacity(chunks.len());
        {
            let keys = self.keys()?;
            let rid = keys.row_id(id);
            for c in chunks {
                let chunk = store::open_chunk(keys, &rid, c.seq, &c.bytes)
                    .map_err(|reason| VaultError::RecordDamaged { id, reason })?;
                plains.push(zeroize::Zeroizing::new(chunk.bytes().to_vec()));
            }
        }
        self.merge(id, plains.iter().map(|p| p.as_slice()))
    }

    /// Merges plaintext Automerge changes (from the sync layer, which does its
    /// own encryption on the wire). Durable when it returns.
    pub fn merge_changes(&mut self, id: RecordId, changes: &[u8]) -> Result<()> {
        self.touch()?;
        self.merge(id, std::iter::once(changes))
    }

    /// Plaintext Automerge changes of a record not covered by `since` (all
    /// of them for an empty slice), for the sync layer.
    pub fn export_changes(&mut self, id: RecordId, since: &[ChangeHash]) -> Result<Vec<u8>> {
        self.touch()?;
        Ok(self.load(id)?.doc.save_after(since))
    }

    /// The whole record as one compacted Automerge document (what
    /// `merge_changes` accepts too): the smallest form to send a record
    /// the other side has nothing of.
    pub fn export_snapshot(&mut self, id: RecordId) -> Result<Vec<u8>> {
        self.touch()?;
        Ok(self.load(id)?.doc.save())
    }

    /// Current Automerge heads of a record.
    pub fn heads(&mut self, id: RecordId) -> Result<Vec<ChangeHash>> {
        self.touch()?;
        Ok(self.load(id)?.doc.get_heads())
    }

    fn merge<'a>(&mut self, id: RecordId, parts: impl Iterator<Item = &'a [u8]>) -> Result<()> {
        self.merge_with(id, |doc| {
            for p in parts {
                doc.load_incremental(p).map_err(|_| ())?;
            }
            Ok(())
        })
    }

    /// Automerge sync protocol, this side: the next message for the peer
    /// whose progress on record `id` is `state` (`None`: nothing to say
    /// now). A record this vault lacks is an empty document here, so the
    /// message asks the peer for all of it. Used by device-to-device sync
    /// inside an authenticated, encrypted channel (never written to disk).
    pub fn sync_message(&mut self, id: RecordId, state: &mut SyncState) -> Result<Option<Vec<u8>>> {
        self.touch()?;
        let empty;
        let doc = if self.record_exists(id)? {
            &self.load(id)?.doc
        } else {
            empty = Automerge::new();
            &empty
        };
        // Automerge asserts on states it never produced itself; a hostile
        // peer's earlier message must not bring the app down.
        let msg = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            doc.generate_sync_message(state)
        }))
        .map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })?;
        Ok(msg.map(|m| m.encode()))
    }

    /// Automerge sync protocol, the peer's message about record `id`:
    /// merges the changes it carries (creating the record if it is new
    /// here) and updates `state`. Validated like [`Vault::merge_changes`]:
    /// a message that does not decode or leaves the record unreadable is
    /// [`VaultError::RecordDamaged`] and changes nothing. Durable when it
    /// returns.
    pub fn receive_sync_message(
        &mut self,
        id: RecordId,
        state: &mut SyncState,
        message: &[u8],
    ) -> Result<()> {
        self.touch()?;
        let msg =
            automerge::sync::Message::decode(message).map_err(|_| VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            })?;
        self.merge_with(id, |doc| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                doc.receive_sync_message(state, msg)
            }))
            .map_err(|_| ())?
            .map_err(|_| ())
        })
    }

    /// Applies `f` to a fork of record `id` (an empty document if it is new
    /// here), checks the result is a readable record and persists it in one
    /// durable transaction. `Err(())` from `f` or an unreadable result
    /// leaves the record as it was.
    fn merge_with(
        &mut self,
        id: RecordId,
        f: impl FnOnce(&mut Automerge) -> std::result::Result<(), ()>,
    ) -> Result<()> {
        let exists = self.record_exists(id)?;
        let mut scratch;
        let doc: &mut Automerge = if exists {
            &mut self.load(id)?.doc
        } else {
            scratch = Automerge::new();
            &mut scratch
        };
        let before = doc.get_heads();
        // Merge into a fork so a bad chunk leaves the loaded doc untouched.
        let mut merged = doc.fork();
        let malformed = VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        };
        f(&mut merged).map_err(|()| malformed)?;
        if merged.get_heads() == before {
            return Ok(());
        }
        let kind = model::read_kind(&merged).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })?;
        merged.set_actor(ActorId::random());
        let (objs, index, conflicted) = derived(&merged, id)?;
        if exists {
            let loaded = self.load(id)?;
            loaded.doc = merged;
            loaded.objs = objs;
            loaded.index = index;
            loaded.conflicted = conflicted;
        } else {
            self.cache(
                id,
                LoadedDoc {
                    doc: merged,
                    kind,
                    objs,
                    index,
                    conflicted,
                    persisted: Vec::new(),
                    seqs: Seqs::default(),
                    last_used: 0,
                },
            );
        }
        self.persist(id)
    }

    fn record_exists(&self, id: RecordId) -> Result<bool> {
        let rid = self.keys()?.row_id(id);
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM records WHERE rid = ?1")?
            .exists(params![&rid[..]])?)
    }

    /// Loads (and caches) a record's document.
    fn load(&mut self, id: RecordId) -> Result<&mut LoadedDoc> {
        if !self.docs.contains_key(&id) {
            let loaded = self.load_from_disk(id)?;
            self.cache(id, loaded);
        }
        self.tick += 1;
        let tick = self.tick;
        let loaded = self
            .docs
            .get_mut(&id)
            .ok_or(VaultError::RecordNotFound { id })?;
        loaded.last_used = tick;
        Ok(loaded)
    }

    /// Inserts into the document cache, evicting the least recently used
    /// document beyond [`DOC_CACHE`]. Every cached document is fully
    /// persisted between calls, so eviction never loses a change.
    fn cache(&mut self, id: RecordId, mut loaded: LoadedDoc) {
        while self.docs.len() >= DOC_CACHE {
            let Some(oldest) = self
                .docs
                .iter()
                .filter(|(k, _)| **k != id)
                .min_by_key(|(_, d)| d.last_used)
                .map(|(k, _)| *k)
            else {
                break;
            };
            self.docs.remove(&oldest);
        }
        self.tick += 1;
        loaded.last_used = self.tick;
        self.docs.insert(id, loaded);
    }

    /// Reads a record from its rows: the index says which chunks must be
    /// there (`first..=last`); each chunk is bound to its record and
    /// sequence number, so a missing, reordered, duplicated or foreign chunk
    /// is damage, never an older document.
    fn load_from_disk(&self, id: RecordId) -> Result<LoadedDoc> {
        let keys = self.keys()?;
        let damaged = |reason| VaultError::RecordDamaged { id, reason };
        let rid = keys.row_id(id);
        let index = self.read_index(keys, id, &rid)?;
        let mut doc: Option<Automerge> = None;
        let mut seqs = Seqs {
            first: index.first,
            last: index.last,
            ..Seqs::default()
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT blob FROM chunks WHERE cid = ?1")?;
        for seq in index.first..=index.last {
            let blob: Option<Vec<u8>> = stmt
                .query_row(params![&keys.chunk_id(&rid, seq)[..]], |r| r.get(0))
                .optional()?;
            let blob = blob.ok_or(damaged(DamageReason::Missing))?;
            let chunk = store::open_chunk(keys, &rid, seq, &blob).map_err(damaged)?;
            let plain = chunk.bytes();
            match (&mut doc, chunk.kind) {
                (None, ChunkKind::Snapshot) => {
                    doc =
                        Some(Automerge::load(plain).map_err(|_| damaged(DamageReason::Malformed))?);
                }
                // The first chunk is always the newest snapshot.
                (None, ChunkKind::Incremental) | (Some(_), ChunkKind::Snapshot) => {
                    return Err(damaged(DamageReason::Malformed));
                }
                (Some(d), ChunkKind::Incremental) => {
                    d.load_incremental(plain)
                        .map_err(|_| damaged(DamageReason::Malformed))?;
                }
            }
            match chunk.kind {
                ChunkKind::Snapshot => seqs.snapshot_bytes += plain.len() as u64,
                ChunkKind::Incremental => seqs.incremental_bytes += plain.len() as u64,
            }
        }
        let Some(mut doc) = doc else {
            return Err(damaged(DamageReason::Missing));
        };
        if !doc.get_missing_deps(&[]).is_empty() {
            return Err(damaged(DamageReason::Missing));
        }
        let kind = model::read_kind(&doc).map_err(|_| damaged(DamageReason::Malformed))?;
        doc.set_actor(ActorId::random());
        let persisted = doc.get_heads();
        let (objs, entry, conflicted) = derived(&doc, id)?;
        Ok(LoadedDoc {
            doc,
            kind,
            objs,
            index: entry,
            conflicted,
            persisted,
            seqs,
            last_used: 0,
        })
    }

    /// Recomputes a loaded doc's index record from the document, then persists.
    fn persist_refreshed(&mut self, id: RecordId) -> Result<()> {
        if let Some(loaded) = self.docs.get_mut(&id) {
            match derived(&loaded.doc, id) {
                Ok((_, index, conflicted)) => {
                    loaded.index = index;
                    loaded.conflicted = conflicted;
                }
                Err(e) => {
                    self.docs.remove(&id);
                    return Err(e);
                }
            }
        }
        self.persist(id)
    }

    /// Writes the unsaved changes of a loaded doc, and its index record, in
    /// one durable transaction. On failure the cached doc is dropped so the
    /// in-memory state never runs ahead of the disk.
    fn persist(&mut self, id: RecordId) -> Result<()> {
        let result = self.persist_inner(id);
        if result.is_err() {
            self.docs.remove(&id);
        }
        result
    }

    fn persist_inner(&mut self, id: RecordId) -> Result<()> {
        let keys = self.keys.as_ref().ok_or(VaultError::Locked)?;
        let loaded = self
            .docs
            .get_mut(&id)
            .ok_or(VaultError::RecordNotFound { id })?;
        let changes = loaded.doc.save_after(&loaded.persisted);
        if changes.is_empty() {
            return Ok(());
        }
        let (write, seqs) =
            prepare_write(keys, id, &loaded.doc, changes, loaded.seqs, &loaded.index)?;
        self.committed = store::commit_writes(
            &self.conn,
            keys,
            &self.header.vault_id,
            self.committed,
            std::slice::from_ref(&write),
        )?;
        loaded.persisted = loaded.doc.get_heads();
        loaded.seqs = seqs;
        Ok(())
    }
}

/// Seals one record's next write: its unsaved changes as the next chunk (or
/// the whole document as a new snapshot when the incremental bytes reach
/// the snapshot's: automerge-repo's rule), and its index row. Returns the
/// write and where the record's chunks stand once it is committed.
fn prepare_write(
    keys: &Keys,
    id: RecordId,
    doc: &Automerge,
    changes: Vec<u8>,
    seqs: Seqs,
    entry: &IndexEntry,
) -> Result<(RecordWrite, Seqs)> {
    let changes = zeroize::Zeroizing::new(changes);
    let rid = keys.row_id(id);
    let compact =
        seqs.last == 0 || seqs.incremental_bytes + changes.len() as u64 >= seqs.snapshot_bytes;
    let seq = seqs.last + 1;
    let (kind, plain) = if compact {
        (ChunkKind::Snapshot, zeroize::Zeroizing::new(doc.save()))
    } else {
        (ChunkKind::Incremental, changes)
    };
    let chunk_blob = store::seal_chunk(keys, &rid, seq, kind, &plain)?;
    let next = if compact {
        Seqs {
            first: seq,
            last: seq,
            snapshot_bytes: plain.len() as u64,
            incremental_bytes: 0,
        }
    } else {
        Seqs {
            last: seq,
            incremental_bytes: seqs.incremental_bytes + plain.len() as u64,
            ..seqs
        }
    };
    let index_blob = store::seal_index(
        keys,
        &rid,
        &StoredIndex {
            id,
            first: next.first,
            last: next.last,
            entry: entry.clone(),
        },
    )?;
    let delete = if compact && seqs.last > 0 {
        (seqs.first..=seqs.last)
            .map(|s| keys.chunk_id(&rid, s))
            .collect()
    } else {
        Vec::new()
    };
    Ok((
        RecordWrite {
            rid,
            index_blob,
            cid: keys.chunk_id(&rid, seq),
            chunk_blob,
            delete,
        },
        next,
    ))
}

/// A stand-in id for a row whose envelope cannot be opened (its record id
/// is inside it): the row id itself, which nothing else uses.
pub(crate) fn placeholder_id(rid: &RowId) -> RecordId {
    RecordId::from(uuid::Uuid::from_bytes(*rid))
}

/// What a loaded document's cache derives from it: object ids, the index
/// record and the questions in conflict.
fn derived(doc: &Automerge, id: RecordId) -> Result<(model::Objs, IndexEntry, BTreeSet<String>)> {
    let damaged = |_| VaultError::RecordDamaged {
        id,
        reason: DamageReason::Malformed,
    };
    Ok((
        model::objs(doc).map_err(damaged)?,
        model::index_entry(doc).map_err(damaged)?,
        model::conflicted(doc).map_err(damaged)?,
    ))
}

/// What [`Vault::merge_many`] did to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The record.
    pub id: RecordId,
    /// Its heads before the merge (empty if it was new here).
    pub before: Vec<ChangeHash>,
    /// Its heads after the merge (equal to `before` when nothing was new).
    pub after: Vec<ChangeHash>,
}

impl Vault {
    // ----- batched sync helpers -----------------------------------------

    /// Merges plaintext Automerge changes into many records (from the sync
    /// layer; the same record may appear several times, order and
    /// duplicates do not matter) in **one** durable SQLite transaction.
    /// All or nothing per call: every part is validated first (a damaged
    /// part is [`VaultError::RecordDamaged`] for its record, and then
    /// nothing at all is written and the loaded records are untouched);
    /// durable when it returns. Creates records that are new here. Returns,
    /// per distinct record in first-seen order, its heads before and after.
    pub fn merge_many(&mut self, parts: &[(RecordId, &[u8])]) -> Result<Vec<Merged>> {
        self.touch()?;
        let mut order: Vec<RecordId> = Vec::new();
        let mut by_id: HashMap<RecordId, Vec<&[u8]>> = HashMap::new();
        for (id, bytes) in parts {
            by_id
                .entry(*id)
                .or_insert_with(|| {
                    order.push(*id);
                    Vec::new()
                })
                .push(bytes);
        }
        // Validate and merge every record into a fork; nothing is written
        // and no cached document changes until the transaction commits.
        let mut out = Vec::with_capacity(order.len());
        let mut pending: Vec<(RecordId, LoadedDoc)> = Vec::new();
        let mut writes: Vec<RecordWrite> = Vec::new();
        for id in &order {
            let id = *id;
            let damaged = || VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            };
            let exists = self.record_exists(id)?;
            let (mut merged, persisted, seqs) = if exists {
                let l = self.load(id)?;
                (l.doc.fork(), l.persisted.clone(), l.seqs)
            } else {
                (Automerge::new(), Vec::new(), Seqs::default())
            };
            let before = if exists {
                merged.get_heads()
            } else {
                Vec::new()
            };
            for p in by_id.get(&id).into_iter().flatten() {
                merged.load_incremental(p).map_err(|_| damaged())?;
            }
            let kind = model::read_kind(&merged).map_err(|_| damaged())?;
            let after = merged.get_heads();
            if after == before {
                out.push(Merged { id, before, after });
                continue;
            }
            merged.set_actor(ActorId::random());
            let (objs, index, conflicted) = derived(&merged, id)?;
            let changes = merged.save_after(&persisted);
            let (write, next) = prepare_write(self.keys()?, id, &merged, changes, seqs, &index)?;
            writes.push(write);
            pending.push((
                id,
                LoadedDoc {
                    doc: merged,
                    kind,
                    objs,
                    index,
                    conflicted,
                    persisted: after.clone(),
                    seqs: next,
                    last_used: 0,
                },
            ));
            out.push(Merged { id, before, after });
        }
        if writes.is_empty() {
            return Ok(out);
        }
        let keys = self.keys.as_ref().ok_or(VaultError::Locked)?;
        self.committed = store::commit_writes(
            &self.conn,
            keys,
            &self.header.vault_id,
            self.committed,
            &writes,
        )?;
        for (id, loaded) in pending {
            self.docs.remove(&id);
            self.cache(id, loaded);
        }
        Ok(out)
    }

    /// A record's current heads and, from the same load, the changes not
    /// covered by `since`, or the whole record compacted (as
    /// [`Vault::export_snapshot`]) when `since` is empty: what a push needs,
    /// without loading the record twice.
    pub fn export_for_sync(
        &mut self,
        id: RecordId,
        since: &[ChangeHash],
    ) -> Result<(Vec<ChangeHash>, Vec<u8>)> {
        self.touch()?;
        let doc = &self.load(id)?.doc;
        let bytes = if since.is_empty() {
            doc.save()
        } else {
            doc.save_after(since)
        };
        Ok((doc.get_heads(), bytes))
    }
}
