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
    /// Appends blobs (document, envelope) in one transaction, in order:
    /// all or none are stored, with increasing sequence numbers, none
    /// visible before the transaction commits. Returns the last one's seq
    /// (0 for none).
    fn append_many(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        blobs: &[(DocId, &[u8])],
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

    // ----- enrollment (issue 8): join requests, sealed keys, membership log -----

    /// Records a pending join request of `device` (replacing its earlier
    /// one); `false` when the team already has `max_pending` other pending
    /// requests.
    fn add_join(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        request: &[u8],
        max_pending: usize,
    ) -> Result<bool, StoreError>;
    /// The team's pending join requests, oldest first.
    fn joins(&self, team: TeamId) -> Result<Vec<Vec<u8>>, StoreError>;
    /// Drops the pending join request of `device` (no-op when none).
    fn delete_join(&self, team: TeamId, device: &DevicePublicKey) -> Result<(), StoreError>;
    /// Stores (replaces) the key ring sealed to `device`.
    fn put_sealed_keys(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        sealed: &[u8],
    ) -> Result<(), StoreError>;
    /// The key ring sealed to `device`, if any.
    fn sealed_keys(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
    ) -> Result<Option<Vec<u8>>, StoreError>;
    /// Membership log entries with `index >= since`, in order, at most `max`.
    fn log_entries(&self, team: TeamId, since: u64, max: usize)
    -> Result<Vec<Vec<u8>>, StoreError>;
    /// Appends the log entry at `index`, atomically with its effect on the
    /// device table (`Some((device, active))`); `false` (and nothing
    /// changed) when the log does not have exactly `index` entries.
    fn append_log(
        &self,
        team: TeamId,
        index: u64,
        entry: &[u8],
        effect: Option<(&DevicePublicKey, bool)>,
    ) -> Result<bool, StoreError>;
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
CREATE TABLE IF NOT EXISTS joins   (team BLOB NOT NULL, device BLOB NOT NULL, request BLOB NOT NULL,
                                    at INTEGER NOT NULL, PRIMARY KEY (team, device));
CREATE TABLE IF NOT EXISTS sealed_keys (team BLOB NOT NULL, device BLOB NOT NULL, body BLOB NOT NULL,
                                    PRIMARY KEY (team, device));
CREATE TABLE IF NOT EXISTS member_log (team BLOB NOT NULL, idx INTEGER NOT NULL, entry BLOB NOT NULL,
                                    PRIMARY KEY (team, idx));
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

    fn append_many(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        blobs: &[(DocId, &[u8])],
    ) -> Result<u64, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let mut last = 0;
            {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO blobs (team, doc, device, body) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (doc, bytes) in blobs {
                    stmt.execute(params![team.as_bytes(), doc.as_bytes(), device.0, bytes])?;
                    last = seq(tx.last_insert_rowid());
                }
            }
            tx.commit()?;
            Ok(last)
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

    fn add_join(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        request: &[u8],
        max_pending: usize,
    ) -> Result<bool, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let others: i64 = tx.query_row(
                "SELECT COUNT(*) FROM joins WHERE team = ?1 AND device <> ?2",
                params![team.as_bytes(), device.0],
                |r| r.get(0),
            )?;
            if usize::try_from(others).unwrap_or(usize::MAX) >= max_pending {
                return Ok(false);
            }
            let at: i64 = tx.query_row(
                "SELECT COALESCE(MAX(at), 0) + 1 FROM joins WHERE team = ?1",
                params![team.as_bytes()],
                |r| r.get(0),
            )?;
            tx.execute(
                "DELETE FROM joins WHERE team = ?1 AND device = ?2",
                params![team.as_bytes(), device.0],
            )?;
            tx.execute(
                "INSERT INTO joins (team, device, request, at) VALUES (?1, ?2, ?3, ?4)",
                params![team.as_bytes(), device.0, request, at],
            )?;
            tx.commit()?;
            Ok(true)
        })
    }

    fn joins(&self, team: TeamId) -> Result<Vec<Vec<u8>>, StoreError> {
        self.with(|c| {
            let mut stmt =
                c.prepare_cached("SELECT request FROM joins WHERE team = ?1 ORDER BY at")?;
            let rows = stmt.query_map(params![team.as_bytes()], |r| r.get(0))?;
            rows.collect()
        })
    }

    fn delete_join(&self, team: TeamId, device: &DevicePublicKey) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "DELETE FROM joins WHERE team = ?1 AND device = ?2",
                params![team.as_bytes(), device.0],
            )?;
            Ok(())
        })
    }

    fn put_sealed_keys(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        sealed: &[u8],
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "DELETE FROM sealed_keys WHERE team = ?1 AND device = ?2",
                params![team.as_bytes(), device.0],
            )?;
            tx.execute(
                "INSERT INTO sealed_keys (team, device, body) VALUES (?1, ?2, ?3)",
                params![team.as_bytes(), device.0, sealed],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn sealed_keys(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT body FROM sealed_keys WHERE team = ?1 AND device = ?2",
                params![team.as_bytes(), device.0],
                |r| r.get(0),
            )
            .optional()
        })
    }

    fn log_entries(
        &self,
        team: TeamId,
        since: u64,
        max: usize,
    ) -> Result<Vec<Vec<u8>>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT entry FROM member_log WHERE team = ?1 AND idx >= ?2 ORDER BY idx LIMIT ?3",
            )?;
            let limit = i64::try_from(max).unwrap_or(i64::MAX);
            let rows = stmt.query_map(params![team.as_bytes(), sql_seq(since), limit], |r| {
                r.get(0)
            })?;
            rows.collect()
        })
    }

    fn append_log(
        &self,
        team: TeamId,
        index: u64,
        entry: &[u8],
        effect: Option<(&DevicePublicKey, bool)>,
    ) -> Result<bool, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let n: i64 = tx.query_row(
                "SELECT COUNT(*) FROM member_log WHERE team = ?1",
                params![team.as_bytes()],
                |r| r.get(0),
            )?;
            if seq(n) != index {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO member_log (team, idx, entry) VALUES (?1, ?2, ?3)",
                params![team.as_bytes(), sql_seq(index), entry],
            )?;
            if let Some((device, active)) = effect {
                tx.execute(
                    "DELETE FROM devices WHERE team = ?1 AND device = ?2",
                    params![team.as_bytes(), device.0],
                )?;
                tx.execute(
                    "INSERT INTO devices (team, device, active) VALUES (?1, ?2, ?3)",
                    params![team.as_bytes(), device.0, active],
                )?;
                if !active {
                    tx.execute(
                        "DELETE FROM sealed_keys WHERE team = ?1 AND device = ?2",
                        params![team.as_bytes(), device.0],
                    )?;
                }
            }
            tx.commit()?;
            Ok(true)
        })
    }
}
