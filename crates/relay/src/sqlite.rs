//! The embedded default store: one bundled SQLite file (WAL,
//! synchronous=FULL), behind [`crate::Store`].

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use sync::feed::FeedItem;
use sync::team::InviteRegistration;
use sync::{DevicePublicKey, DocId, TeamId};

use crate::store::{
    DeviceStatus, JoinSlot, Quota, Store, StoreError, StoredInvite, seal_doc, stored_invite,
};

mod seals;
use seals::{drop_emptied_seals, sweep_emptied_seals};

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

/// Migrations after [`SCHEMA`], in order; `PRAGMA user_version` counts
/// those applied (a database from before migrations has version 0).
const MIGRATIONS: &[&str] = &[
    "
ALTER TABLE teams ADD COLUMN blob_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN blob_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE teams SET
  blob_count = (SELECT COUNT(*) FROM blobs WHERE blobs.team = teams.id),
  blob_bytes = (SELECT COALESCE(SUM(LENGTH(body)), 0) FROM blobs WHERE blobs.team = teams.id);
CREATE TABLE invites (team BLOB NOT NULL, id BLOB NOT NULL, verifier BLOB NOT NULL,
                      expires INTEGER NOT NULL, used_by BLOB, PRIMARY KEY (team, id));
-- Pending requests of the first format prove no registered invite.
DELETE FROM joins;
",
    "
-- Batch seals left with no member (kept forever before snapshots dropped
-- them): swept once, in code, by `sweep_emptied_seals`.
",
];

/// The version whose migration is followed by [`sweep_emptied_seals`].
const SWEEP_SEALS_AT: usize = 2;

impl SqliteStore {
    /// Opens (or creates) the database at `path`, migrating it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(SCHEMA)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let done = usize::try_from(version).unwrap_or(0);
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            tx.execute_batch(sql)?;
            if i + 1 == SWEEP_SEALS_AT {
                sweep_emptied_seals(&tx)?;
            }
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(i + 1).unwrap_or(i64::MAX),
            )?;
        }
        tx.commit()?;
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

    /// [`SqliteStore::with`] for steps that may refuse with a store error
    /// of their own (the transaction is dropped, so nothing is written).
    fn with_quota<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<Result<T, StoreError>, rusqlite::Error>,
    ) -> Result<T, StoreError> {
        self.with(f)?
    }
}

fn seq(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn len_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The team's blob count and bytes (an error when there is no such team).
fn counters(tx: &rusqlite::Transaction<'_>, team: TeamId) -> Result<(i64, i64), rusqlite::Error> {
    tx.query_row(
        "SELECT blob_count, blob_bytes FROM teams WHERE id = ?1",
        params![team.as_bytes()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

fn bump(
    tx: &rusqlite::Transaction<'_>,
    team: TeamId,
    blobs: i64,
    bytes: i64,
) -> Result<(), rusqlite::Error> {
    tx.execute(
        "UPDATE teams SET blob_count = blob_count + ?2, blob_bytes = blob_bytes + ?3 WHERE id = ?1",
        params![team.as_bytes(), blobs, bytes],
    )?;
    Ok(())
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
        quota: &Quota,
    ) -> Result<u64, StoreError> {
        self.append_many(team, device, &[(doc, bytes)], quota)
    }

    fn append_many(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        blobs: &[(DocId, &[u8])],
        quota: &Quota,
    ) -> Result<u64, StoreError> {
        if blobs.is_empty() {
            return Ok(0);
        }
        let added = len_i64(blobs.len());
        let added_bytes = blobs.iter().map(|(_, b)| len_i64(b.len())).sum::<i64>();
        self.with_quota(|c| {
            let tx = c.transaction()?;
            let (count, size) = counters(&tx, team)?;
            if !quota.allows(count + added, size + added_bytes) {
                return Ok(Err(StoreError::OverQuota));
            }
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
            bump(&tx, team, added, added_bytes)?;
            tx.commit()?;
            Ok(Ok(last))
        })
    }

    fn snapshot(
        &self,
        team: TeamId,
        doc: DocId,
        device: &DevicePublicKey,
        covers: u64,
        drop_any: bool,
        bytes: &[u8],
        quota: &Quota,
    ) -> Result<u64, StoreError> {
        self.with_quota(|c| {
            let tx = c.transaction()?;
            let (count, size) = counters(&tx, team)?;
            // Dropped first and counted from what went: over the quota,
            // the transaction is dropped unwritten.
            let dropped: Vec<(i64, i64)> = tx
                .prepare(
                    "DELETE FROM blobs WHERE team = ?1 AND doc = ?2 AND seq <= ?3 AND (device = ?4 OR ?5)
                     RETURNING seq, LENGTH(body)",
                )?
                .query_map(
                    params![
                        team.as_bytes(),
                        doc.as_bytes(),
                        sql_seq(covers),
                        device.0,
                        drop_any
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<Result<_, _>>()?;
            let gone = len_i64(dropped.len());
            let gone_bytes: i64 = dropped.iter().map(|(_, n)| n).sum();
            let (blobs, size) = (count - gone + 1, size - gone_bytes + len_i64(bytes.len()));
            if !quota.allows(blobs, size) {
                return Ok(Err(StoreError::OverQuota));
            }
            let dropped: Vec<i64> = dropped.into_iter().map(|(seq, _)| seq).collect();
            let (seals, seal_bytes) = drop_emptied_seals(&tx, team, &dropped)?;
            tx.execute(
                "INSERT INTO blobs (team, doc, device, body) VALUES (?1, ?2, ?3, ?4)",
                params![team.as_bytes(), doc.as_bytes(), device.0, bytes],
            )?;
            let s = seq(tx.last_insert_rowid());
            bump(
                &tx,
                team,
                1 - gone - seals,
                len_i64(bytes.len()) - gone_bytes - seal_bytes,
            )?;
            tx.commit()?;
            Ok(Ok(s))
        })
    }

    fn last_seq(&self, team: TeamId) -> Result<u64, StoreError> {
        self.with(|c| {
            let v: i64 = c.query_row(
                "SELECT COALESCE(MAX(seq), 0) FROM blobs WHERE team = ?1",
                params![team.as_bytes()],
                |r| r.get(0),
            )?;
            Ok(seq(v))
        })
    }

    fn usage(&self, team: TeamId) -> Result<(u64, u64), StoreError> {
        self.with_quota(|c| {
            let tx = c.transaction()?;
            let (n, b) = counters(&tx, team)?;
            Ok(Ok((seq(n), seq(b))))
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

    fn seal_before(&self, team: TeamId, before: u64) -> Result<Option<FeedItem>, StoreError> {
        self.with(|c| {
            c.prepare_cached(
                "SELECT seq, body FROM blobs WHERE team = ?1 AND doc = ?2 AND seq < ?3
                   AND substr(body, 1, 4) = ?4
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row(
                params![
                    team.as_bytes(),
                    seal_doc(team).as_bytes(),
                    sql_seq(before),
                    &sync::batch::SEAL_MAGIC[..]
                ],
                |r| {
                    Ok(FeedItem {
                        seq: seq(r.get(0)?),
                        bytes: r.get(1)?,
                    })
                },
            )
            .optional()
        })
    }

    fn add_invite(
        &self,
        team: TeamId,
        invite: &InviteRegistration,
        now_ms: i64,
        max_open: usize,
    ) -> Result<bool, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "DELETE FROM invites WHERE team = ?1 AND expires < ?2",
                params![team.as_bytes(), now_ms],
            )?;
            let open: i64 = tx.query_row(
                "SELECT COUNT(*) FROM invites WHERE team = ?1 AND used_by IS NULL",
                params![team.as_bytes()],
                |r| r.get(0),
            )?;
            if usize::try_from(open).unwrap_or(usize::MAX) >= max_open {
                return Ok(false);
            }
            let n = tx.execute(
                "INSERT OR IGNORE INTO invites (team, id, verifier, expires, used_by)
                 VALUES (?1, ?2, ?3, ?4, NULL)",
                params![
                    team.as_bytes(),
                    invite.id,
                    invite.verifier.0,
                    invite.expires_ms
                ],
            )?;
            tx.commit()?;
            Ok(n == 1)
        })
    }

    fn invite(&self, team: TeamId, id: &[u8; 16]) -> Result<Option<StoredInvite>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT verifier, expires, used_by FROM invites WHERE team = ?1 AND id = ?2",
                params![team.as_bytes(), id],
                |r| {
                    let v: Vec<u8> = r.get(0)?;
                    let used: Option<Vec<u8>> = r.get(2)?;
                    Ok((v, r.get::<_, i64>(1)?, used))
                },
            )
            .optional()
            .map(|row| row.and_then(|(v, expires_ms, used)| stored_invite(&v, expires_ms, used)))
        })
    }

    fn take_join_slot(
        &self,
        team: TeamId,
        id: &[u8; 16],
        device: &DevicePublicKey,
        request: &[u8],
        now_ms: i64,
        max_pending: usize,
    ) -> Result<JoinSlot, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let row: Option<(i64, Option<Vec<u8>>)> = tx
                .query_row(
                    "SELECT expires, used_by FROM invites WHERE team = ?1 AND id = ?2",
                    params![team.as_bytes(), id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((expires, used_by)) = row else {
                return Ok(JoinSlot::NoInvite);
            };
            match used_by {
                Some(u) if u != device.0 => return Ok(JoinSlot::Used),
                Some(_) => {}
                None if expires < now_ms => return Ok(JoinSlot::Expired),
                None => {}
            }
            let others: i64 = tx.query_row(
                "SELECT COUNT(*) FROM joins WHERE team = ?1 AND device <> ?2",
                params![team.as_bytes(), device.0],
                |r| r.get(0),
            )?;
            if usize::try_from(others).unwrap_or(usize::MAX) >= max_pending {
                return Ok(JoinSlot::Full);
            }
            tx.execute(
                "UPDATE invites SET used_by = ?3 WHERE team = ?1 AND id = ?2",
                params![team.as_bytes(), id, device.0],
            )?;
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
            Ok(JoinSlot::Taken)
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
