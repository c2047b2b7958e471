//! The relay's [`Store`] on PostgreSQL, for a relay shared by many teams.
//!
//! Same behaviour as [`crate::SqliteStore`], made safe for many connections
//! at once:
//!
//! - **Sequence numbers** come from a per-team counter (`teams.last_seq`)
//!   bumped with `UPDATE … RETURNING` in the same transaction as the
//!   insert. The row lock serialises writers of one team until commit, so a
//!   blob with seq `n + 1` never becomes visible before the blob with seq
//!   `n`: a reader's cursor can never skip a blob that commits late (which a
//!   plain `BIGSERIAL` would allow).
//! - **Snapshots** lock the same counter row first, then drop the covered
//!   blobs and insert, in one transaction.
//! - **Quotas**: the same row counts the team's blobs and bytes
//!   (`blob_count`, `blob_bytes`, migration 3); a write reads them under
//!   `FOR UPDATE`, refuses past the quota, and updates them with its
//!   insert or delete, so concurrent writers cannot both pass the check.
//! - **Nonces**: `INSERT … ON CONFLICT DO NOTHING` on `(device, nonce)`; two
//!   concurrent uses of one nonce meet at the unique index and only one
//!   wins. Old nonces are pruned with `FOR UPDATE SKIP LOCKED`, so pruning
//!   requests never wait on (or deadlock with) each other.
//! - **Enrollment** (invites, pending joins, the membership log): the
//!   count-then-insert steps (and taking an invite's one slot) run under a
//!   per-team transaction-scoped advisory lock, so two admins (or joiners)
//!   at once cannot both pass the check.
//! - **Schema** is created or migrated at start under an advisory lock, so
//!   several relay processes may start at once.
//!
//! The trait is synchronous (the relay calls it through `spawn_blocking`),
//! so this uses the synchronous `postgres` client behind an r2d2 pool.
//! Connections are plain TCP or a unix socket: run PostgreSQL on the
//! relay's machine or a private network (the relay stores only ciphertext).

use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Config, NoTls, Transaction};
use r2d2_postgres::PostgresConnectionManager;
use r2d2_postgres::r2d2::{Pool, PooledConnection};
use sync::feed::FeedItem;
use sync::team::InviteRegistration;
use sync::{DevicePublicKey, DocId, TeamId};

use crate::store::{
    DeviceStatus, JoinSlot, Quota, Store, StoreError, StoredInvite, seal_doc, stored_invite,
};

mod seals;
use seals::{drop_emptied_seals, sweep_emptied_seals};

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

impl From<r2d2_postgres::r2d2::Error> for StoreError {
    fn from(e: r2d2_postgres::r2d2::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

/// Connections kept open at most (PostgreSQL's default limit is 100).
pub const DEFAULT_POOL_SIZE: u32 = 16;

/// Each migration, in order; `relay_schema.version` counts those applied.
const MIGRATIONS: &[&str] = &["
CREATE TABLE teams   (id BYTEA PRIMARY KEY, admin BYTEA NOT NULL, last_seq BIGINT NOT NULL DEFAULT 0);
CREATE TABLE devices (team BYTEA NOT NULL, device BYTEA NOT NULL,
                      active BOOLEAN NOT NULL, PRIMARY KEY (team, device));
CREATE TABLE blobs   (team BYTEA NOT NULL REFERENCES teams(id), seq BIGINT NOT NULL,
                      doc BYTEA NOT NULL, device BYTEA NOT NULL, body BYTEA NOT NULL,
                      PRIMARY KEY (team, seq));
CREATE INDEX blobs_by_doc ON blobs (team, doc, seq);
CREATE TABLE nonces  (device BYTEA NOT NULL, nonce BYTEA NOT NULL, time BIGINT NOT NULL,
                      PRIMARY KEY (device, nonce));
CREATE INDEX nonces_by_time ON nonces (time);
", "
CREATE TABLE joins       (team BYTEA NOT NULL, device BYTEA NOT NULL, request BYTEA NOT NULL,
                          at BIGINT NOT NULL, PRIMARY KEY (team, device));
CREATE TABLE sealed_keys (team BYTEA NOT NULL, device BYTEA NOT NULL, body BYTEA NOT NULL,
                          PRIMARY KEY (team, device));
CREATE TABLE member_log  (team BYTEA NOT NULL, idx BIGINT NOT NULL, entry BYTEA NOT NULL,
                          PRIMARY KEY (team, idx));
", "
ALTER TABLE teams ADD COLUMN blob_count BIGINT NOT NULL DEFAULT 0,
                  ADD COLUMN blob_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE teams t SET blob_count = s.n, blob_bytes = s.b
  FROM (SELECT team, COUNT(*) AS n, COALESCE(SUM(length(body)), 0) AS b FROM blobs GROUP BY team) s
  WHERE s.team = t.id;
CREATE TABLE invites (team BYTEA NOT NULL, id BYTEA NOT NULL, verifier BYTEA NOT NULL,
                      expires BIGINT NOT NULL, used_by BYTEA, PRIMARY KEY (team, id));
-- Pending requests of the first format prove no registered invite.
DELETE FROM joins;
", "
-- Batch seals left with no member (kept forever before snapshots dropped
-- them): swept once, in code, by `sweep_emptied_seals`.
"];

/// The version whose migration is followed by [`sweep_emptied_seals`].
const SWEEP_SEALS_AT: usize = 4;

/// An arbitrary constant naming the advisory lock held while migrating.
const MIGRATION_LOCK: i64 = 0x4649_454c_4453_4352; // "FIELDSCR"

/// The relay's store on PostgreSQL.
#[derive(Debug)]
pub struct PostgresStore {
    /// `None` only while dropping.
    pool: Option<Pool<PostgresConnectionManager<NoTls>>>,
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        // Each blocking connection owns a small tokio runtime, which must
        // not be dropped inside another runtime (the relay's, when the
        // server stops): close the pool on a plain thread.
        if let Some(pool) = self.pool.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user@host:port/db`, or
    /// `postgres://user@%2Frun%2Fpostgresql/db` for a unix socket; libpq's
    /// `options=-csearch_path%3DNAME` picks a schema), then creates or
    /// migrates the schema. Blocks: call it outside an async context.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with(url, DEFAULT_POOL_SIZE)
    }

    /// [`PostgresStore::open`] with a pool of at most `pool_size` connections.
    pub fn open_with(url: &str, pool_size: u32) -> Result<Self, StoreError> {
        let mut config: Config = url.parse()?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let manager = PostgresConnectionManager::new(config, NoTls);
        let pool = Pool::builder()
            .max_size(pool_size.max(1))
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(30))
            // No `SELECT` round trip per checkout: a closed connection is
            // noticed by `has_broken`, and a failed query fails one request.
            .test_on_check_out(false)
            .build(manager)?;
        let store = PostgresStore { pool: Some(pool) };
        store.migrate()?;
        Ok(store)
    }

    fn conn(&self) -> Result<PooledConnection<PostgresConnectionManager<NoTls>>, StoreError> {
        let pool = self
            .pool
            .as_ref()
            .ok_or_else(|| StoreError::Db("closed".into()))?;
        Ok(pool.get()?)
    }

    /// Applies the migrations not yet applied, under an advisory lock.
    fn migrate(&self) -> Result<(), StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS relay_schema (version INTEGER NOT NULL)")?;
        let version: i32 = match tx.query_opt("SELECT version FROM relay_schema", &[])? {
            Some(row) => row.get(0),
            None => {
                tx.execute("INSERT INTO relay_schema (version) VALUES (0)", &[])?;
                0
            }
        };
        let done = usize::try_from(version).unwrap_or(0);
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            tx.batch_execute(sql)?;
            if i + 1 == SWEEP_SEALS_AT {
                sweep_emptied_seals(&mut tx)?;
            }
            let v = i32::try_from(i + 1).unwrap_or(i32::MAX);
            tx.execute("UPDATE relay_schema SET version = $1", &[&v])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Runs `f` in a transaction, retrying a few times on serialization
    /// failures and deadlocks (which PostgreSQL may raise under load).
    fn tx<T>(
        &self,
        mut f: impl FnMut(&mut Transaction<'_>) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let mut c = self.conn()?;
        let mut attempt = 0;
        loop {
            let mut tx = c.transaction()?;
            let result = f(&mut tx).and_then(|v| tx.commit().map(|()| v));
            match result {
                Ok(v) => return Ok(v),
                Err(e) if attempt < 5 && retryable(&e) => attempt += 1,
                Err(e) => return Err(e.into()),
            }
        }
    }
}

fn retryable(e: &postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
    })
}

fn seq(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn sql_seq(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Serialises one team's enrollment steps until the transaction ends
/// (an advisory lock keyed by the team id; it never blocks blob writes).
fn lock_team(tx: &mut Transaction<'_>, team: TeamId) -> Result<(), postgres::Error> {
    let b = team.as_bytes();
    let mut key = [0u8; 8];
    for (i, byte) in b.iter().enumerate() {
        key[i % 8] ^= byte;
    }
    let key = i64::from_be_bytes(key) ^ MIGRATION_LOCK.rotate_left(7);
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&key])?;
    Ok(())
}

fn len_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The team's blob count and bytes, locking its counter row until the
/// transaction ends; `None` if the team does not exist.
fn counters(tx: &mut Transaction<'_>, team: &[u8]) -> Result<Option<(i64, i64)>, postgres::Error> {
    Ok(tx
        .query_opt(
            "SELECT blob_count, blob_bytes FROM teams WHERE id = $1 FOR UPDATE",
            &[&team],
        )?
        .map(|r| (r.get(0), r.get(1))))
}

fn no_team() -> StoreError {
    StoreError::Db("no such team".into())
}

impl Store for PostgresStore {
    fn create_team(&self, team: TeamId, admin: &DevicePublicKey) -> Result<bool, StoreError> {
        let id = team.as_bytes().as_slice();
        let admin = admin.0.as_slice();
        self.tx(|tx| {
            let n = tx.execute(
                "INSERT INTO teams (id, admin) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                &[&id, &admin],
            )?;
            if n == 1 {
                tx.execute(
                    "INSERT INTO devices (team, device, active) VALUES ($1, $2, TRUE)
                     ON CONFLICT (team, device) DO UPDATE SET active = TRUE",
                    &[&id, &admin],
                )?;
            }
            Ok(n == 1)
        })
    }

    fn admin(&self, team: TeamId) -> Result<Option<DevicePublicKey>, StoreError> {
        let id = team.as_bytes().as_slice();
        let row = self
            .conn()?
            .query_opt("SELECT admin FROM teams WHERE id = $1", &[&id])?;
        Ok(row.and_then(|r| {
            let b: &[u8] = r.get(0);
            <[u8; 32]>::try_from(b).ok().map(DevicePublicKey)
        }))
    }

    fn set_device(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        active: bool,
    ) -> Result<(), StoreError> {
        let id = team.as_bytes().as_slice();
        let dev = device.0.as_slice();
        self.conn()?.execute(
            "INSERT INTO devices (team, device, active) VALUES ($1, $2, $3)
             ON CONFLICT (team, device) DO UPDATE SET active = EXCLUDED.active",
            &[&id, &dev, &active],
        )?;
        Ok(())
    }

    fn device_status(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
    ) -> Result<DeviceStatus, StoreError> {
        let id = team.as_bytes().as_slice();
        let dev = device.0.as_slice();
        let row = self.conn()?.query_opt(
            "SELECT active FROM devices WHERE team = $1 AND device = $2",
            &[&id, &dev],
        )?;
        Ok(match row.map(|r| r.get::<_, bool>(0)) {
            None => DeviceStatus::Unknown,
            Some(true) => DeviceStatus::Active,
            Some(false) => DeviceStatus::Removed,
        })
    }

    fn use_nonce(
        &self,
        device: &DevicePublicKey,
        nonce: &[u8; 16],
        time_ms: i64,
        forget_before_ms: i64,
    ) -> Result<bool, StoreError> {
        let dev = device.0.as_slice();
        let nonce = nonce.as_slice();
        self.tx(|tx| {
            tx.execute(
                "DELETE FROM nonces WHERE ctid IN
                   (SELECT ctid FROM nonces WHERE time < $1 LIMIT 1000 FOR UPDATE SKIP LOCKED)",
                &[&forget_before_ms],
            )?;
            let n = tx.execute(
                "INSERT INTO nonces (device, nonce, time) VALUES ($1, $2, $3)
                 ON CONFLICT (device, nonce) DO NOTHING",
                &[&dev, &nonce, &time_ms],
            )?;
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
        let id = team.as_bytes().as_slice();
        let dev = device.0.as_slice();
        let n = i64::try_from(blobs.len()).map_err(|_| StoreError::Db("too many".into()))?;
        if n == 0 {
            return Ok(0);
        }
        let added_bytes: i64 = blobs.iter().map(|(_, b)| len_i64(b.len())).sum();
        let s = self.tx(|tx| {
            // Locks the counter row until commit: writers of one team
            // queue here, so the quota check and the seq range hold.
            let Some((count, size)) = counters(tx, id)? else {
                return Ok(Err(no_team()));
            };
            if !quota.allows(count + n, size + added_bytes) {
                return Ok(Err(StoreError::OverQuota));
            }
            let last: i64 = tx
                .query_one(
                    "UPDATE teams SET last_seq = last_seq + $2, blob_count = blob_count + $2,
                                      blob_bytes = blob_bytes + $3
                     WHERE id = $1 RETURNING last_seq",
                    &[&id, &n, &added_bytes],
                )?
                .get(0);
            let stmt = tx.prepare(
                "INSERT INTO blobs (team, seq, doc, device, body) VALUES ($1, $2, $3, $4, $5)",
            )?;
            for (i, (doc, bytes)) in (0i64..).zip(blobs) {
                let s = last - n + 1 + i;
                let doc = doc.as_bytes().as_slice();
                tx.execute(&stmt, &[&id, &s, &doc, &dev, bytes])?;
            }
            Ok(Ok(last))
        })??;
        Ok(seq(s))
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
        let id = team.as_bytes().as_slice();
        let doc = doc.as_bytes().as_slice();
        let dev = device.0.as_slice();
        let covers = sql_seq(covers);
        let size_new = len_i64(bytes.len());
        let s = self.tx(|tx| {
            let Some((count, size)) = counters(tx, id)? else {
                return Ok(Err(no_team()));
            };
            let row = tx.query_one(
                "SELECT COUNT(*), COALESCE(SUM(length(body)), 0)::BIGINT FROM blobs
                 WHERE team = $1 AND doc = $2 AND seq <= $3 AND (device = $4 OR $5)",
                &[&id, &doc, &covers, &dev, &drop_any],
            )?;
            let (gone, gone_bytes): (i64, i64) = (row.get(0), row.get(1));
            if !quota.allows(count - gone + 1, size - gone_bytes + size_new) {
                return Ok(Err(StoreError::OverQuota));
            }
            let s: i64 = tx
                .query_one(
                    "UPDATE teams SET last_seq = last_seq + 1, blob_count = blob_count + $2,
                                      blob_bytes = blob_bytes + $3
                     WHERE id = $1 RETURNING last_seq",
                    &[&id, &(1 - gone), &(size_new - gone_bytes)],
                )?
                .get(0);
            let dropped: Vec<i64> = tx
                .query(
                    "DELETE FROM blobs WHERE team = $1 AND doc = $2 AND seq <= $3 AND (device = $4 OR $5)
                     RETURNING seq",
                    &[&id, &doc, &covers, &dev, &drop_any],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let (seals, seal_bytes) = drop_emptied_seals(tx, team, &dropped)?;
            if seals > 0 {
                tx.execute(
                    "UPDATE teams SET blob_count = blob_count - $2, blob_bytes = blob_bytes - $3
                     WHERE id = $1",
                    &[&id, &seals, &seal_bytes],
                )?;
            }
            tx.execute(
                "INSERT INTO blobs (team, seq, doc, device, body) VALUES ($1, $2, $3, $4, $5)",
                &[&id, &s, &doc, &dev, &bytes],
            )?;
            Ok(Ok(s))
        })??;
        Ok(seq(s))
    }

    fn last_seq(&self, team: TeamId) -> Result<u64, StoreError> {
        let id = team.as_bytes().as_slice();
        let row = self
            .conn()?
            .query_opt("SELECT last_seq FROM teams WHERE id = $1", &[&id])?;
        Ok(row.map_or(0, |r| seq(r.get(0))))
    }

    fn usage(&self, team: TeamId) -> Result<(u64, u64), StoreError> {
        let id = team.as_bytes().as_slice();
        let row = self.conn()?.query_opt(
            "SELECT blob_count, blob_bytes FROM teams WHERE id = $1",
            &[&id],
        )?;
        let (n, b): (i64, i64) = row.map_or((0, 0), |r| (r.get(0), r.get(1)));
        Ok((seq(n), seq(b)))
    }

    fn feed(
        &self,
        team: TeamId,
        since: u64,
        max_items: usize,
        max_bytes: usize,
    ) -> Result<(Vec<FeedItem>, bool), StoreError> {
        let id = team.as_bytes().as_slice();
        let limit = i64::try_from(max_items.saturating_add(1)).unwrap_or(i64::MAX);
        let rows = self.conn()?.query(
            "SELECT seq, body FROM blobs WHERE team = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[&id, &sql_seq(since), &limit],
        )?;
        let mut items = Vec::new();
        let mut bytes = 0usize;
        let mut more = false;
        for row in rows {
            let body: Vec<u8> = row.get(1);
            if items.len() == max_items || (!items.is_empty() && bytes + body.len() > max_bytes) {
                more = true;
                break;
            }
            bytes += body.len();
            items.push(FeedItem {
                seq: seq(row.get(0)),
                bytes: body,
            });
        }
        Ok((items, more))
    }

    fn seal_before(&self, team: TeamId, before: u64) -> Result<Option<FeedItem>, StoreError> {
        let id = team.as_bytes().as_slice();
        let seal = seal_doc(team);
        let doc = seal.as_bytes().as_slice();
        let row = self.conn()?.query_opt(
            "SELECT seq, body FROM blobs WHERE team = $1 AND doc = $2 AND seq < $3
               AND substring(body from 1 for 4) = $4
             ORDER BY seq DESC LIMIT 1",
            &[&id, &doc, &sql_seq(before), &&sync::batch::SEAL_MAGIC[..]],
        )?;
        Ok(row.map(|r| FeedItem {
            seq: seq(r.get(0)),
            bytes: r.get(1),
        }))
    }

    fn add_invite(
        &self,
        team: TeamId,
        invite: &InviteRegistration,
        now_ms: i64,
        max_open: usize,
    ) -> Result<bool, StoreError> {
        let id = team.as_bytes().as_slice();
        let inv = invite.id.as_slice();
        let verifier = invite.verifier.0.as_slice();
        self.tx(|tx| {
            lock_team(tx, team)?;
            tx.execute(
                "DELETE FROM invites WHERE team = $1 AND expires < $2",
                &[&id, &now_ms],
            )?;
            let open: i64 = tx
                .query_one(
                    "SELECT COUNT(*) FROM invites WHERE team = $1 AND used_by IS NULL",
                    &[&id],
                )?
                .get(0);
            if usize::try_from(open).unwrap_or(usize::MAX) >= max_open {
                return Ok(false);
            }
            let n = tx.execute(
                "INSERT INTO invites (team, id, verifier, expires, used_by)
                 VALUES ($1, $2, $3, $4, NULL) ON CONFLICT (team, id) DO NOTHING",
                &[&id, &inv, &verifier, &invite.expires_ms],
            )?;
            Ok(n == 1)
        })
    }

    fn invite(&self, team: TeamId, inv: &[u8; 16]) -> Result<Option<StoredInvite>, StoreError> {
        let id = team.as_bytes().as_slice();
        let inv = inv.as_slice();
        let row = self.conn()?.query_opt(
            "SELECT verifier, expires, used_by FROM invites WHERE team = $1 AND id = $2",
            &[&id, &inv],
        )?;
        Ok(row.and_then(|r| {
            let v: Vec<u8> = r.get(0);
            stored_invite(&v, r.get(1), r.get(2))
        }))
    }

    fn take_join_slot(
        &self,
        team: TeamId,
        inv: &[u8; 16],
        device: &DevicePublicKey,
        request: &[u8],
        now_ms: i64,
        max_pending: usize,
    ) -> Result<JoinSlot, StoreError> {
        let id = team.as_bytes().as_slice();
        let inv = inv.as_slice();
        let dev = device.0.as_slice();
        self.tx(|tx| {
            lock_team(tx, team)?;
            let Some(row) = tx.query_opt(
                "SELECT expires, used_by FROM invites WHERE team = $1 AND id = $2",
                &[&id, &inv],
            )?
            else {
                return Ok(JoinSlot::NoInvite);
            };
            let (expires, used_by): (i64, Option<Vec<u8>>) = (row.get(0), row.get(1));
            match used_by {
                Some(u) if u != dev => return Ok(JoinSlot::Used),
                Some(_) => {}
                None if expires < now_ms => return Ok(JoinSlot::Expired),
                None => {}
            }
            let others: i64 = tx
                .query_one(
                    "SELECT COUNT(*) FROM joins WHERE team = $1 AND device <> $2",
                    &[&id, &dev],
                )?
                .get(0);
            if usize::try_from(others).unwrap_or(usize::MAX) >= max_pending {
                return Ok(JoinSlot::Full);
            }
            tx.execute(
                "UPDATE invites SET used_by = $3 WHERE team = $1 AND id = $2",
                &[&id, &inv, &dev],
            )?;
            let at: i64 = tx
                .query_one(
                    "SELECT COALESCE(MAX(at), 0) + 1 FROM joins WHERE team = $1",
                    &[&id],
                )?
                .get(0);
            tx.execute(
                "INSERT INTO joins (team, device, request, at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (team, device) DO UPDATE SET request = EXCLUDED.request, at = EXCLUDED.at",
                &[&id, &dev, &request, &at],
            )?;
            Ok(JoinSlot::Taken)
        })
    }

    fn joins(&self, team: TeamId) -> Result<Vec<Vec<u8>>, StoreError> {
        let id = team.as_bytes().as_slice();
        let rows = self.conn()?.query(
            "SELECT request FROM joins WHERE team = $1 ORDER BY at",
            &[&id],
        )?;
        Ok(rows.into_iter().map(|r| r.get(0)).collect())
    }

    fn delete_join(&self, team: TeamId, device: &DevicePublicKey) -> Result<(), StoreError> {
        let id = team.as_bytes().as_slice();
        let dev = device.0.as_slice();
        self.conn()?.execute(
            "DELETE FROM joins WHERE team = $1 AND device = $2",
            &[&id, &dev],
        )?;
        Ok(())
    }

    fn put_sealed_keys(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        sealed: &[u8],
    ) -> Result<(), StoreError> {
        let id = team.as_bytes().as_slice();
        let dev = device.0.as_slice();
        self.conn()?.execute(
            "INSERT INTO sealed_keys (team, device, body) VALUES ($1, $2, $3)
             ON CONFLICT (team, device) DO UPDATE SET body = EXCLUDED.body",
            &[&id, &dev, &sealed],
        )?;
        Ok(())
    }

    fn sealed_keys(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let id = team.as_bytes().as_slice();
        let dev = device.0.as_slice();
        let row = self.conn()?.query_opt(
            "SELECT body FROM sealed_keys WHERE team = $1 AND device = $2",
            &[&id, &dev],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn log_entries(
        &self,
        team: TeamId,
        since: u64,
        max: usize,
    ) -> Result<Vec<Vec<u8>>, StoreError> {
        let id = team.as_bytes().as_slice();
        let limit = i64::try_from(max).unwrap_or(i64::MAX);
        let rows = self.conn()?.query(
            "SELECT entry FROM member_log WHERE team = $1 AND idx >= $2 ORDER BY idx LIMIT $3",
            &[&id, &sql_seq(since), &limit],
        )?;
        Ok(rows.into_iter().map(|r| r.get(0)).collect())
    }

    fn append_log(
        &self,
        team: TeamId,
        index: u64,
        entry: &[u8],
        effect: Option<(&DevicePublicKey, bool)>,
    ) -> Result<bool, StoreError> {
        let id = team.as_bytes().as_slice();
        let idx = sql_seq(index);
        self.tx(|tx| {
            lock_team(tx, team)?;
            let n: i64 = tx
                .query_one("SELECT COUNT(*) FROM member_log WHERE team = $1", &[&id])?
                .get(0);
            if seq(n) != index {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO member_log (team, idx, entry) VALUES ($1, $2, $3)",
                &[&id, &idx, &entry],
            )?;
            if let Some((device, active)) = effect {
                let dev = device.0.as_slice();
                tx.execute(
                    "INSERT INTO devices (team, device, active) VALUES ($1, $2, $3)
                     ON CONFLICT (team, device) DO UPDATE SET active = EXCLUDED.active",
                    &[&id, &dev, &active],
                )?;
                if !active {
                    tx.execute(
                        "DELETE FROM sealed_keys WHERE team = $1 AND device = $2",
                        &[&id, &dev],
                    )?;
                }
            }
            Ok(true)
        })
    }
}
