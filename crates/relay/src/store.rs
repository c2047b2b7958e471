//! Storage behind the relay: a trait (so PostgreSQL can slot in with the
//! same behaviour) and the embedded SQLite implementation.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use sync::feed::FeedItem;
use sync::{DevicePublicKey, DocId, TeamId};

/// A storage failure (the relay answers 500 and changes nothing).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database said no.
    #[error("database: {0}")]
    Db(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

/// A device's standing in a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceStatus {
    /// Never registered.
    Unknown,
    /// May push and pull.
    Active,
    /// Removed: refused.
    Removed,
}

/// What the relay stores. Every method is one transaction.
pub trait Store: Send + Sync + 'static {
    /// Creates `team` with `admin` as its admin and first device; `false`
    /// if the team exists.
    fn create_team(&self, team: TeamId, admin: &DevicePublicKey) -> Result<bool, StoreError>;
    /// The team's admin device, if the team exists.
    fn admin(&self, team: TeamId) -> Result<Option<DevicePublicKey>, StoreError>;
    /// Registers (`active`) or removes (`!active`) a device.
    fn set_device(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        active: bool,
    ) -> Result<(), StoreError>;
    /// A device's standing.
    fn device_status(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
    ) -> Result<DeviceStatus, StoreError>;
    /// Records a request nonce; `false` if this device used it before
    /// (a replay). Forgets nonces of requests older than `forget_before_ms`.
    fn use_nonce(
        &self,
        device: &DevicePublicKey,
        nonce: &[u8; 16],
        time_ms: i64,
        forget_before_ms: i64,
    ) -> Result<bool, StoreError>;
    /// Appends a blob; returns its sequence number.
    fn append(
        &self,
        team: TeamId,
        doc: DocId,
        device: &DevicePublicKey,
        bytes: &[u8],
    ) -> Result<u64, StoreError>;
    /// Appends a snapshot of `doc` and drops that document's blobs with
    /// `seq <= covers`, atomically; returns the snapshot's sequence number.
    fn snapshot(
        &self,
        team: TeamId,
        doc: DocId,
        device: &DevicePublicKey,
        covers: u64,
        bytes: &[u8],
    ) -> Result<u64, StoreError>;
    /// Blobs with `seq > since`, in order, at most `max_items` and about
    /// `max_bytes` (always at least one); and whether more follow.
    fn feed(
        &self,
        team: TeamId,
        since: u64,
        max_items: usize,
        max_bytes: usize,
    ) -> Result<(Vec<FeedItem>, bool), StoreError>;
}

/// The embedded default: one bundled SQLite file (WAL, synchronous=FULL).
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS teams   (id BLOB PRIMARY KEY NOT NULL, admin BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS devices (team BLOB NOT NULL, device BLOB NOT NULL, active INTEGER NOT NULL,
                                    PRIMARY KEY (team, device));
CREATE TABLE IF NOT EXISTS blobs   (seq INTEGER PRIMARY KEY AUTOINCREMENT, team BLOB NOT NULL,
                                    doc BLOB NOT NULL, device BLOB NOT NULL, body BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS blobs_by_team ON blobs(team, seq);
CREATE INDEX IF NOT EXISTS blobs_by_doc ON blobs(team, doc, seq);
CREATE TABLE IF NOT EXISTS nonces  (device BLOB NOT NULL, nonce BLOB NOT NULL, time INTEGER NOT NULL,
                                    PRIMARY KEY (device, nonce));
";

impl SqliteStore {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, rusqlite::Error>,
    ) -> Result<T, StoreError> {
        let mut conn = self
            .conn
            .lock()
            .map_err(|_| StoreError::Db("poisoned".into()))?;
        Ok(f(&mut conn)?)
    }
}

fn seq(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn sql_seq(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl Store for SqliteStore {
    fn create_team(&self, team: TeamId, admin: &DevicePublicKey) -> Result<bool, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let n = tx.execute(
                "INSERT OR IGNORE INTO teams (id, admin) VALUES (?1, ?2)",
                params![team.as_bytes(), admin.0],
            )?;
            if n == 1 {
                tx.execute(
                    "INSERT OR REPLACE INTO devices (team, device, active) VALUES (?1, ?2, 1)",
                    params![team.as_bytes(), admin.0],
                )?;
            }
            tx.commit()?;
            Ok(n == 1)
        })
    }

    fn admin(&self, team: TeamId) -> Result<Option<DevicePublicKey>, StoreError> {
        self.with(|c| {
            let v: Option<Vec<u8>> = c
                .query_row(
                    "SELECT admin FROM teams WHERE id = ?1",
                    params![team.as_bytes()],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(v.and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok().map(DevicePublicKey)))
        })
    }

    fn set_device(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        active: bool,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT OR REPLACE INTO devices (team, device, active) VALUES (?1, ?2, ?3)",
                params![team.as_bytes(), device.0, active],
            )?;
            Ok(())
        })
    }

    fn device_status(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
    ) -> Result<DeviceStatus, StoreError> {
        self.with(|c| {
            let v: Option<bool> = c
                .query_row(
                    "SELECT active FROM devices WHERE team = ?1 AND device = ?2",
                    params![team.as_bytes(), device.0],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(match v {
                None => DeviceStatus::Unknown,
                Some(true) => DeviceStatus::Active,
                Some(false) => DeviceStatus::Removed,
            })
        })
    }

    fn use_nonce(
        &self,
        device: &DevicePublicKey,
        nonce: &[u8; 16],
        time_ms: i64,
        forget_before_ms: i64,
    ) -> Result<bool, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "DELETE FROM nonces WHERE time < ?1",
                params![forget_before_ms],
            )?;
            let n = tx.execute(
                "INSERT OR IGNORE INTO nonces (device, nonce, time) VALUES (?1, ?2, ?3)",
                params![device.0, nonce, time_ms],
            )?;
            tx.commit()?;
            Ok(n == 1)
        })
    }

    fn append(
        &self,
        team: TeamId,
        doc: DocId,
        device: &DevicePublicKey,
        bytes: &[u8],
    ) -> Result<u64, StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO blobs (team, doc, device, body) VALUES (?1, ?2, ?3, ?4)",
                params![team.as_bytes(), doc.as_bytes(), device.0, bytes],
            )?;
            Ok(seq(c.last_insert_rowid()))
        })
    }

    fn snapshot(
        &self,
        team: TeamId,
        doc: DocId,
        device: &DevicePublicKey,
        covers: u64,
        bytes: &[u8],
    ) -> Result<u64, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "DELETE FROM blobs WHERE team = ?1 AND doc = ?2 AND seq <= ?3",
                params![team.as_bytes(), doc.as_bytes(), sql_seq(covers)],
            )?;
            tx.execute(
                "INSERT INTO blobs (team, doc, device, body) VALUES (?1, ?2, ?3, ?4)",
                params![team.as_bytes(), doc.as_bytes(), device.0, bytes],
            )?;
            let s = seq(tx.last_insert_rowid());
            tx.commit()?;
            Ok(s)
        })
    }

    fn feed(
        &self,
        team: TeamId,
        since: u64,
        max_items: usize,
        max_bytes: usize,
    ) -> Result<(Vec<FeedItem>, bool), StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT seq, body FROM blobs WHERE team = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )?;
            let limit = i64::try_from(max_items.saturating_add(1)).unwrap_or(i64::MAX);
            let rows = stmt.query_map(params![team.as_bytes(), sql_seq(since), limit], |r| {
                Ok(FeedItem {
                    seq: seq(r.get(0)?),
                    bytes: r.get(1)?,
                })
            })?;
            let mut items = Vec::new();
            let mut bytes = 0usize;
            let mut more = false;
            for row in rows {
                let item = row?;
                if items.len() == max_items
                    || (!items.is_empty() && bytes + item.bytes.len() > max_bytes)
                {
                    more = true;
                    break;
                }
                bytes += item.bytes.len();
                items.push(item);
            }
            Ok((items, more))
        })
    }
}
