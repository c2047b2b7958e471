//! The vault handle: files, keys, records.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use automerge::sync::{State as SyncState, SyncDoc};
use automerge::{ActorId, Automerge, ChangeHash, ReadDoc};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use crate::RecordId;
use crate::clock::{Clock, SystemClock};
use crate::crypto::{
    Cipher, KdfParams, Passphrase, Purpose, SecretKey, derive_kek, from_hex, random_bytes, to_hex,
};
use crate::error::{DamageReason, VaultError};
use crate::model::{
    self, Answer, AnswerValue, HistoryEntry, IndexEntry, NewRecord, Provenance, RecordKind,
    RecordView, Status, UserText,
};

/// File name of the database inside the vault folder.
pub const DB_FILE: &str = "vault.db";
/// File name of the failed-attempt counter inside the vault folder.
pub const ATTEMPTS_FILE: &str = "vault.attempts";
/// On-disk format version written by this code.
pub const FORMAT_VERSION: u32 = 1;
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
    /// Wipe the vault after this many consecutive failures (`None`: never).
    pub wipe_after: Option<u32>,
    /// Keep the failure count in `vault.attempts` beside the database, so
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

/// Whether a stored chunk is a full snapshot or an incremental change set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChunkKind {
    /// A full Automerge save.
    Snapshot,
    /// An incremental Automerge save (`save_after`).
    Incremental,
}

impl ChunkKind {
    fn code(self) -> i64 {
        match self {
            ChunkKind::Snapshot => 1,
            ChunkKind::Incremental => 2,
        }
    }
    fn from_code(c: i64) -> Option<Self> {
        match c {
            1 => Some(ChunkKind::Snapshot),
            2 => Some(ChunkKind::Incremental),
            _ => None,
        }
    }
    fn purpose(self) -> Purpose {
        match self {
            ChunkKind::Snapshot => Purpose::Snapshot,
            ChunkKind::Incremental => Purpose::Incremental,
        }
    }
}

/// An encrypted chunk exactly as stored: the envelope bytes, readable only
/// with this vault's data key and bound to its record id and kind.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedChunk {
    /// Snapshot or incremental.
    pub kind: ChunkKind,
    /// Envelope: version || nonce || ciphertext+tag.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for SealedChunk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SealedChunk({:?}, {} bytes)",
            self.kind,
            self.bytes.len()
        )
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

#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    format: u32,
    vault_id: uuid::Uuid,
    kdf: KdfParams,
    salt: String,
    wrapped_key: String,
}

#[derive(serde::Serialize, serde::Deserialize, Default, Clone, Copy)]
struct Attempts {
    failures: u32,
    last_failure_ms: i64,
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
    snapshot_bytes: u64,
    incremental_bytes: u64,
    next_seq: i64,
    last_used: u64,
}

/// An open vault. Created locked by [`Vault::open`], unlocked by [`Vault::unlock`].
///
/// Not `Sync`: the app keeps one behind a mutex.
pub struct Vault {
    dir: PathBuf,
    conn: Connection,
    header: Header,
    options: VaultOptions,
    cipher: Option<Cipher>,
    docs: HashMap<RecordId, LoadedDoc>,
    tick: u64,
    last_activity: Instant,
    attempts: Attempts,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.dir)
            .field("vault_id", &self.header.vault_id)
            .field("locked", &self.cipher.is_none())
            .field("loaded_docs", &self.docs.len())
            .finish_non_exhaustive()
    }
}

fn db_path(dir: &Path) -> PathBuf {
    dir.join(DB_FILE)
}

fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn configure(conn: &Connection) -> Result<()> {
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
fn check_file(path: &Path) -> Result<()> {
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

fn map_open_err(e: rusqlite::Error) -> VaultError {
    match VaultError::from(e) {
        VaultError::Database(e) => VaultError::StoreDamaged {
            detail: e.to_string(),
        },
        other => other,
    }
}

fn unix_ms(t: std::time::SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

fn sync_dir(dir: &Path) {
    // Directory fsync makes renames and creations durable; not all platforms
    // allow it, so failure is not an error.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn wrap_aad(header_kdf: KdfParams, salt: &[u8]) -> Vec<u8> {
    let mut v = header_kdf.to_bytes().to_vec();
    v.extend_from_slice(salt);
    v
}

fn make_header(
    vault_id: uuid::Uuid,
    passphrase: &Passphrase,
    kdf: KdfParams,
    dek: &SecretKey,
) -> Result<Header> {
    let salt: [u8; 16] = random_bytes()?;
    let kek = derive_kek(passphrase, &salt, kdf)?;
    let wrapped = kek.cipher().seal(
        Purpose::WrappedKey,
        vault_id.as_bytes(),
        &wrap_aad(kdf, &salt),
        dek.as_bytes(),
    )?;
    Ok(Header {
        format: FORMAT_VERSION,
        vault_id,
        kdf,
        salt: to_hex(&salt),
        wrapped_key: to_hex(&wrapped),
    })
}

impl Header {
    fn unwrap_key(&self, passphrase: &Passphrase) -> Result<SecretKey> {
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
}

impl Vault {
    /// Creates a new vault in `dir` (created if missing) and returns it unlocked.
    ///
    /// The database is written under a temporary name and renamed into place,
    /// so a crash never leaves a half-made vault.
    pub fn create(dir: &Path, passphrase: &Passphrase, options: VaultOptions) -> Result<Vault> {
        fs::create_dir_all(dir)?;
        let path = db_path(dir);
        if path.exists() {
            return Err(VaultError::AlreadyExists);
        }
        let tmp = dir.join(format!("{DB_FILE}.creating"));
        let _ = fs::remove_file(&tmp);
        let dek = SecretKey::random()?;
        let header = make_header(uuid::Uuid::new_v4(), passphrase, options.kdf, &dek)?;
        {
            let conn = Connection::open(&tmp)?;
            conn.pragma_update(None, "journal_mode", "DELETE")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "secure_delete", "ON")?;
            conn.execute_batch(&format!(
                "BEGIN;
                 PRAGMA application_id = {APPLICATION_ID};
                 PRAGMA user_version = {FORMAT_VERSION};
                 CREATE TABLE header (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL);
                 CREATE TABLE records (id BLOB PRIMARY KEY NOT NULL, index_blob BLOB NOT NULL, index_size INTEGER NOT NULL);
                 CREATE TABLE chunks (
                     record_id BLOB NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                     seq INTEGER NOT NULL,
                     kind INTEGER NOT NULL,
                     size INTEGER NOT NULL,
                     blob BLOB NOT NULL);
                 CREATE UNIQUE INDEX chunks_by_record ON chunks(record_id, seq);
                 COMMIT;"
            ))?;
            let body = serde_json::to_vec(&header).map_err(|_| VaultError::Crypto)?;
            conn.execute(
                "INSERT INTO header (id, body) VALUES (1, ?1)",
                params![body],
            )?;
            conn.close().map_err(|(_, e)| e)?;
        }
        fs::File::open(&tmp)?.sync_all()?;
        if path.exists() {
            let _ = fs::remove_file(&tmp);
            return Err(VaultError::AlreadyExists);
        }
        fs::rename(&tmp, &path)?;
        sync_dir(dir);
        let mut vault = Vault::open(dir, options)?;
        vault.cipher = Some(dek.cipher());
        vault.last_activity = vault.options.clock.monotonic();
        Ok(vault)
    }

    /// True if `dir` holds a vault database file (it may still be damaged).
    pub fn exists(dir: &Path) -> bool {
        db_path(dir).exists()
    }

    /// Opens an existing vault, locked. Changes nothing on disk if it fails.
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
        let header: Header =
            serde_json::from_slice(&body).map_err(|_| VaultError::StoreDamaged {
                detail: "header is not valid".into(),
            })?;
        if header.format > FORMAT_VERSION {
            return Err(VaultError::UnsupportedVersion {
                found: header.format,
            });
        }
        let now = options.clock.monotonic();
        Ok(Vault {
            dir: dir.to_owned(),
            conn,
            header,
            options,
            cipher: None,
            docs: HashMap::new(),
            tick: 0,
            last_activity: now,
            attempts: Attempts::default(),
        })
    }

    /// Moves a database that cannot be opened out of the way (never deletes
    /// it), so a fresh vault can be created. Returns the new path of the
    /// database file; its `-wal`/`-shm` files, if any, are renamed alongside.
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
        sync_dir(dir);
        Ok(target)
    }

    /// Quick wipe of a vault folder without unlocking it (panic button):
    /// destroys the wrapped key first, then deletes the files.
    pub fn wipe_dir(dir: &Path) -> Result<()> {
        let path = db_path(dir);
        if check_file(&path).is_ok()
            && let Ok(conn) = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        {
            let _ = destroy_key(&conn);
            let _ = conn.close();
        }
        remove_vault_files(dir)
    }

    /// Quick wipe: forgets the key in memory, destroys the wrapped key on
    /// disk, then deletes every vault file. Works locked or unlocked.
    pub fn wipe(mut self) -> Result<()> {
        self.cipher = None;
        self.docs.clear();
        let key_result = destroy_key(&self.conn);
        let dir = self.dir.clone();
        drop(self);
        let files = remove_vault_files(&dir);
        key_result.and(files)
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
            locked: self.cipher.is_none(),
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
        self.cipher.is_none()
    }

    /// Locks if idle for longer than the configured timeout. Call it from a
    /// timer; returns true if the vault is locked afterwards.
    pub fn check_idle(&mut self) -> bool {
        if self.cipher.is_some()
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
        self.cipher.is_none()
    }

    /// Forgets the data key and every decrypted document.
    pub fn lock(&mut self) {
        self.cipher = None;
        self.docs.clear();
    }

    fn attempts_path(&self) -> PathBuf {
        self.dir.join(ATTEMPTS_FILE)
    }

    fn read_attempts(&self) -> Attempts {
        if !self.options.unlock_policy.persist_failures {
            return self.attempts;
        }
        fs::read(self.attempts_path())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn write_attempts(&mut self, a: &Attempts) -> Result<()> {
        if !self.options.unlock_policy.persist_failures {
            self.attempts = *a;
            return Ok(());
        }
        let tmp = self.dir.join(format!("{ATTEMPTS_FILE}.tmp"));
        let body = serde_json::to_vec(a).map_err(|_| VaultError::Crypto)?;
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&body)?;
        f.sync_all()?;
        fs::rename(&tmp, self.attempts_path())?;
        Ok(())
    }

    /// Unlocks with the passphrase. A wrong passphrase changes nothing in the
    /// database; the failure counter (`vault.attempts`, a count and a time)
    /// is the only file written. After `free_attempts` failures each further
    /// try must wait ([`VaultError::UnlockDelayed`]) before it is even tried.
    pub fn unlock(&mut self, passphrase: &Passphrase) -> Result<()> {
        let policy = self.options.unlock_policy;
        let attempts = self.read_attempts();
        let wait = policy.delay_after(attempts.failures);
        if !wait.is_zero() {
            let now = unix_ms(self.options.clock.now());
            let since = u64::try_from(now.saturating_sub(attempts.last_failure_ms)).unwrap_or(0);
            let since = Duration::from_millis(since);
            if since < wait {
                return Err(VaultError::UnlockDelayed {
                    retry_after: wait - since,
                });
            }
        }
        match self.header.unwrap_key(passphrase) {
            Ok(dek) => {
                self.cipher = Some(dek.cipher());
                self.last_activity = self.options.clock.monotonic();
                if attempts.failures > 0 {
                    self.attempts = Attempts::default();
                    let _ = fs::remove_file(self.attempts_path());
                }
                Ok(())
            }
            Err(VaultError::WrongPassphrase) => {
                let failures = attempts.failures.saturating_add(1);
                self.write_attempts(&Attempts {
                    failures,
                    last_failure_ms: unix_ms(self.options.clock.now()),
                })?;
                if let Some(limit) = policy.wipe_after
                    && failures >= limit
                {
                    let _ = destroy_key(&self.conn);
                    remove_vault_files(&self.dir)?;
                    return Err(VaultError::WipedAfterFailedAttempts);
                }
                Err(VaultError::WrongPassphrase)
            }
            Err(e) => Err(e),
        }
    }

    /// Re-wraps the data key under a new passphrase (and optionally stronger
    /// Argon2id parameters). Records are not re-encrypted.
    pub fn change_passphrase(
        &mut self,
        old: &Passphrase,
        new: &Passphrase,
        kdf: Option<KdfParams>,
    ) -> Result<()> {
        let dek = self.header.unwrap_key(old)?;
        let header = make_header(
            self.header.vault_id,
            new,
            kdf.unwrap_or(self.header.kdf),
            &dek,
        )?;
        let body = serde_json::to_vec(&header).map_err(|_| VaultError::Crypto)?;
        self.conn
            .execute("UPDATE header SET body = ?1 WHERE id = 1", params![body])?;
        self.header = header;
        Ok(())
    }

    /// Records activity (the idle timer starts again). Fails with `Locked`
    /// when the vault had already locked itself for being idle.
    pub fn activity(&mut self) -> Result<()> {
        self.touch()
    }

    fn touch(&mut self) -> Result<()> {
        if self.check_idle() {
            return Err(VaultError::Locked);
        }
        self.last_activity = self.options.clock.monotonic();
        Ok(())
    }

    fn cipher(&self) -> Result<&Cipher> {
        self.cipher.as_ref().ok_or(VaultError::Locked)
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

    fn create_record(&mut self, kind: RecordKind, new: NewRecord) -> Result<RecordId> {
        self.touch()?;
        let id = RecordId::new_random();
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
                snapshot_bytes: 0,
                incremental_bytes: 0,
                next_seq: 1,
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

    /// Deletes a record and its chunks (SQLite `secure_delete` overwrites them).
    pub fn delete(&mut self, id: RecordId) -> Result<()> {
        self.touch()?;
        self.docs.remove(&id);
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        tx.execute(
            "DELETE FROM chunks WHERE record_id = ?1",
            params![id.as_bytes()],
        )?;
        let n = tx.execute("DELETE FROM records WHERE id = ?1", params![id.as_bytes()])?;
        if n == 0 {
            return Err(VaultError::RecordNotFound { id });
        }
        tx.commit()?;
        Ok(())
    }

    /// The case list from the encrypted index records (documents are not
    /// loaded). Damaged records are listed as such, never dropped. Sorted by
    /// latest change, newest first; damaged records last.
    pub fn list(&mut self) -> Result<Vec<CaseSummary>> {
        self.touch()?;
        let cipher = self.cipher()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, index_blob FROM records")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let id_bytes: Vec<u8> = row.get(0)?;
            let Some(id) = RecordId::from_slice(&id_bytes) else {
                continue;
            };
            let blob = row.get_ref(1)?.as_blob().unwrap_or(&[]);
            let state = match cipher.open(Purpose::Index, id.as_bytes(), b"", blob) {
                Ok(plain) => match serde_json::from_slice::<IndexEntry>(&plain) {
                    Ok(entry) => RecordState::Ok(entry),
                    Err(_) => RecordState::Damaged {
                        reason: DamageReason::Malformed,
                    },
                },
                Err(_) => RecordState::Damaged {
                    reason: DamageReason::Undecryptable,
                },
            };
            out.push(CaseSummary { id, state });
        }
        out.sort_by(|a, b| match (&a.state, &b.state) {
            (RecordState::Ok(x), RecordState::Ok(y)) => y.updated_at.cmp(&x.updated_at),
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
        let ids: Vec<RecordId> = {
            let mut stmt = self.conn.prepare_cached("SELECT id FROM records")?;
            let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
            let mut ids = Vec::new();
            for row in rows {
                if let Some(id) = RecordId::from_slice(&row?) {
                    ids.push(id);
                }
            }
            ids
        };
        let mut damaged = Vec::new();
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

    fn ensure_secrets_table(&self) -> Result<()> {
        self.conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY NOT NULL, blob BLOB NOT NULL)",
        )?;
        Ok(())
    }

    /// Stores a small secret value under `name` (e.g. the device's keys and
    /// its team state), encrypted under the vault's data key like every
    /// record (purpose 5, the name in the AAD: a blob cannot be moved to
    /// another name). Replaces the previous value; durable when it returns.
    pub fn put_secret(&mut self, name: &str, value: &[u8]) -> Result<()> {
        self.touch()?;
        let blob = self
            .cipher()?
            .seal(Purpose::Secret, &[0; 16], name.as_bytes(), value)?;
        self.ensure_secrets_table()?;
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM secrets WHERE name = ?1", params![name])?;
        tx.execute(
            "INSERT INTO secrets (name, blob) VALUES (?1, ?2)",
            params![name, blob],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The secret stored under `name`, if any.
    pub fn secret(&mut self, name: &str) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        self.touch()?;
        self.ensure_secrets_table()?;
        let blob: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT blob FROM secrets WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()?;
        let Some(blob) = blob else {
            return Ok(None);
        };
        let plain = self
            .cipher()?
            .open(Purpose::Secret, &[0; 16], name.as_bytes(), &blob)
            .map_err(|_| VaultError::StoreDamaged {
                detail: format!("secret {name} cannot be decrypted"),
            })?;
        Ok(Some(plain))
    }

    /// Removes the secret stored under `name` (no-op when none).
    pub fn delete_secret(&mut self, name: &str) -> Result<()> {
        self.touch()?;
        self.ensure_secrets_table()?;
        self.conn
            .execute("DELETE FROM secrets WHERE name = ?1", params![name])?;
        Ok(())
    }

    // ----- chunks for sync ----------------------------------------------

    /// The record's stored chunks, still encrypted, in storage order.
    pub fn export_chunks(&mut self, id: RecordId) -> Result<Vec<SealedChunk>> {
        self.touch()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, blob FROM chunks WHERE record_id = ?1 ORDER BY seq")?;
        let rows = stmt.query_map(params![id.as_bytes()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, bytes) = row?;
            let kind = ChunkKind::from_code(kind).ok_or(VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            })?;
            out.push(SealedChunk { kind, bytes });
        }
        if out.is_empty() && !self.record_exists(id)? {
            return Err(VaultError::RecordNotFound { id });
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
            let cipher = self.cipher()?;
            for c in chunks {
                let plain = cipher
                    .open(c.kind.purpose(), id.as_bytes(), b"", &c.bytes)
                    .map_err(|_| VaultError::RecordDamaged {
                        id,
                        reason: DamageReason::Undecryptable,
                    })?;
                plains.push(plain);
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
                    snapshot_bytes: 0,
                    incremental_bytes: 0,
                    next_seq: 1,
                    last_used: 0,
                },
            );
        }
        self.persist(id)
    }

    fn record_exists(&self, id: RecordId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM records WHERE id = ?1")?
            .exists(params![id.as_bytes()])?)
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

    fn load_from_disk(&self, id: RecordId) -> Result<LoadedDoc> {
        let cipher = self.cipher()?;
        let damaged = |reason| VaultError::RecordDamaged { id, reason };
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, kind, size, blob FROM chunks WHERE record_id = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query(params![id.as_bytes()])?;
        let mut doc: Option<Automerge> = None;
        let (mut snapshot_bytes, mut incremental_bytes, mut next_seq) = (0u64, 0u64, 1i64);
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            let kind = ChunkKind::from_code(row.get(1)?).ok_or(damaged(DamageReason::Malformed))?;
            let size = u64::try_from(row.get::<_, i64>(2)?).unwrap_or(0);
            let blob = row
                .get_ref(3)?
                .as_blob()
                .map_err(|_| damaged(DamageReason::Malformed))?;
            let plain = cipher
                .open(kind.purpose(), id.as_bytes(), b"", blob)
                .map_err(|_| damaged(DamageReason::Undecryptable))?;
            match (&mut doc, kind) {
                (None, ChunkKind::Snapshot) => {
                    doc = Some(
                        Automerge::load(&plain).map_err(|_| damaged(DamageReason::Malformed))?,
                    );
                }
                (None, ChunkKind::Incremental) => {
                    let mut d = Automerge::new();
                    d.load_incremental(&plain)
                        .map_err(|_| damaged(DamageReason::Malformed))?;
                    doc = Some(d);
                }
                (Some(d), _) => {
                    d.load_incremental(&plain)
                        .map_err(|_| damaged(DamageReason::Malformed))?;
                }
            }
            match kind {
                ChunkKind::Snapshot => snapshot_bytes += size,
                ChunkKind::Incremental => incremental_bytes += size,
            }
            next_seq = next_seq.max(seq + 1);
        }
        let Some(mut doc) = doc else {
            return Err(if self.record_exists(id)? {
                damaged(DamageReason::Missing)
            } else {
                VaultError::RecordNotFound { id }
            });
        };
        if !doc.get_missing_deps(&[]).is_empty() {
            return Err(damaged(DamageReason::Missing));
        }
        let kind = model::read_kind(&doc).map_err(|_| damaged(DamageReason::Malformed))?;
        doc.set_actor(ActorId::random());
        let persisted = doc.get_heads();
        let (objs, index, conflicted) = derived(&doc, id)?;
        Ok(LoadedDoc {
            doc,
            kind,
            objs,
            index,
            conflicted,
            persisted,
            snapshot_bytes,
            incremental_bytes,
            next_seq,
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
        let cipher = self.cipher.as_ref().ok_or(VaultError::Locked)?;
        let loaded = self
            .docs
            .get_mut(&id)
            .ok_or(VaultError::RecordNotFound { id })?;
        let changes = loaded.doc.save_after(&loaded.persisted);
        if changes.is_empty() {
            return Ok(());
        }
        let index = &loaded.index;
        let index_plain =
            zeroize::Zeroizing::new(serde_json::to_vec(&index).map_err(|_| VaultError::Crypto)?);
        let index_blob = cipher.seal(Purpose::Index, id.as_bytes(), b"", &index_plain)?;
        let compact = loaded.incremental_bytes + changes.len() as u64 >= loaded.snapshot_bytes;
        let (kind, plain) = if compact {
            (
                ChunkKind::Snapshot,
                zeroize::Zeroizing::new(loaded.doc.save()),
            )
        } else {
            (ChunkKind::Incremental, zeroize::Zeroizing::new(changes))
        };
        let sealed = cipher.seal(kind.purpose(), id.as_bytes(), b"", &plain)?;
        let seq = loaded.next_seq;
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "INSERT INTO records (id, index_blob, index_size) VALUES (?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET index_blob = excluded.index_blob, index_size = excluded.index_size",
        )?
        .execute(params![id.as_bytes(), index_blob, index_blob.len() as i64])?;
        if compact {
            tx.prepare_cached("DELETE FROM chunks WHERE record_id = ?1")?
                .execute(params![id.as_bytes()])?;
        }
        tx.prepare_cached(
            "INSERT INTO chunks (record_id, seq, kind, size, blob) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            id.as_bytes(),
            seq,
            kind.code(),
            plain.len() as i64,
            sealed
        ])?;
        tx.commit()?;
        loaded.persisted = loaded.doc.get_heads();
        loaded.next_seq = seq + 1;
        if compact {
            loaded.snapshot_bytes = plain.len() as u64;
            loaded.incremental_bytes = 0;
        } else {
            loaded.incremental_bytes += plain.len() as u64;
        }
        Ok(())
    }
}

/// Overwrites the wrapped key with random bytes and pushes the change into
/// the main file (checkpoint), so the data key cannot be recovered.
fn destroy_key(conn: &Connection) -> Result<()> {
    let junk: [u8; 64] = random_bytes()?;
    let junk_body = to_hex(&junk).into_bytes();
    conn.execute(
        "UPDATE header SET body = ?1 WHERE id = 1",
        params![junk_body],
    )?;
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    Ok(())
}

fn remove_vault_files(dir: &Path) -> Result<()> {
    let db = db_path(dir);
    let mut first_err = None;
    for p in [
        db.clone(),
        sidecar(&db, "-wal"),
        sidecar(&db, "-shm"),
        sidecar(&db, "-journal"),
        dir.join(ATTEMPTS_FILE),
        dir.join(format!("{ATTEMPTS_FILE}.tmp")),
        dir.join(format!("{DB_FILE}.creating")),
    ] {
        match fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    sync_dir(dir);
    match first_err {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
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

/// One record's writes, ready for the shared transaction of `merge_many`.
struct PendingWrite {
    id: RecordId,
    loaded: LoadedDoc,
    index_blob: Vec<u8>,
    kind: ChunkKind,
    plain_len: u64,
    sealed: Vec<u8>,
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
        let mut writes: Vec<PendingWrite> = Vec::new();
        for id in &order {
            let id = *id;
            let damaged = || VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            };
            let exists = self.record_exists(id)?;
            let (mut merged, persisted, snapshot_bytes, incremental_bytes, next_seq) = if exists {
                let l = self.load(id)?;
                (
                    l.doc.fork(),
                    l.persisted.clone(),
                    l.snapshot_bytes,
                    l.incremental_bytes,
                    l.next_seq,
                )
            } else {
                (Automerge::new(), Vec::new(), 0, 0, 1)
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
            let cipher = self.cipher()?;
            let index_plain = zeroize::Zeroizing::new(
                serde_json::to_vec(&index).map_err(|_| VaultError::Crypto)?,
            );
            let index_blob = cipher.seal(Purpose::Index, id.as_bytes(), b"", &index_plain)?;
            let changes = merged.save_after(&persisted);
            let compact = incremental_bytes + changes.len() as u64 >= snapshot_bytes;
            let (chunk_kind, plain) = if compact {
                (ChunkKind::Snapshot, zeroize::Zeroizing::new(merged.save()))
            } else {
                (ChunkKind::Incremental, zeroize::Zeroizing::new(changes))
            };
            let sealed = cipher.seal(chunk_kind.purpose(), id.as_bytes(), b"", &plain)?;
            let plain_len = plain.len() as u64;
            writes.push(PendingWrite {
                id,
                loaded: LoadedDoc {
                    doc: merged,
                    kind,
                    objs,
                    index,
                    conflicted,
                    persisted: after.clone(),
                    snapshot_bytes: if compact { plain_len } else { snapshot_bytes },
                    incremental_bytes: if compact {
                        0
                    } else {
                        incremental_bytes + plain_len
                    },
                    next_seq: next_seq + 1,
                    last_used: 0,
                },
                index_blob,
                kind: chunk_kind,
                plain_len,
                sealed,
            });
            out.push(Merged { id, before, after });
        }
        if writes.is_empty() {
            return Ok(out);
        }
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        for w in &writes {
            let id = w.id.as_bytes();
            tx.prepare_cached(
                "INSERT INTO records (id, index_blob, index_size) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET index_blob = excluded.index_blob, index_size = excluded.index_size",
            )?
            .execute(params![id, w.index_blob, w.index_blob.len() as i64])?;
            if w.kind == ChunkKind::Snapshot {
                tx.prepare_cached("DELETE FROM chunks WHERE record_id = ?1")?
                    .execute(params![id])?;
            }
            tx.prepare_cached(
                "INSERT INTO chunks (record_id, seq, kind, size, blob) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id,
                w.loaded.next_seq - 1,
                w.kind.code(),
                w.plain_len as i64,
                w.sealed
            ])?;
        }
        tx.commit()?;
        for w in writes {
            self.docs.remove(&w.id);
            self.cache(w.id, w.loaded);
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
