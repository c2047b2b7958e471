//! The rows of a format-2 vault database and their envelopes.
//!
//! ```sql
//! CREATE TABLE header  (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL);
//! CREATE TABLE state   (id INTEGER PRIMARY KEY CHECK (id = 1), blob BLOB NOT NULL);
//! CREATE TABLE records (rid BLOB PRIMARY KEY NOT NULL, blob BLOB NOT NULL) WITHOUT ROWID;
//! CREATE TABLE chunks  (cid BLOB PRIMARY KEY NOT NULL, blob BLOB NOT NULL) WITHOUT ROWID;
//! CREATE TABLE secrets (sid BLOB PRIMARY KEY NOT NULL, blob BLOB NOT NULL) WITHOUT ROWID;
//! ```
//!
//! Every `blob` is an envelope (see [`crate::crypto`]) of a padded plaintext
//! ([`crate::pad`]); every key column is a keyed hash ([`crate::ids`]).
//! Nothing else is stored: no record UUID, no size, no sequence number, no
//! kind, no secret name. `WITHOUT ROWID` tables need no second index, so a
//! record's write is three B-tree pages (its index row, its chunk, the
//! state row) where format 1 wrote four; an answer to an interview in
//! progress is **journaled** instead, one page (below).
//!
//! | envelope          | purpose | context   | extra AAD       | plaintext (before padding)              |
//! |-------------------|---------|-----------|-----------------|-----------------------------------------|
//! | index (`records`) | 3       | rid       | –               | JSON `{id, first, last, entry, h}`      |
//! | chunk (`chunks`)  | 6       | rid       | seq (u64 LE)    | kind (1 snapshot, 2 incremental) ‖ Automerge bytes |
//! | secret            | 5       | sid       | –               | name length (u16 LE) ‖ name ‖ value     |
//! | state             | 7       | vault id  | –               | S (u128 LE, see [`crate::rollback`]) ‖ journal start (u64 LE; absent in older vaults: 0) |
//! | journal (`journal`) | 8     | vault id  | jid (i64 LE)    | record id (16) ‖ journal position (u64 LE) ‖ Automerge bytes |
//!
//! A record's chunks are exactly the sequence numbers `first..=last` of its
//! index (`first` is the newest snapshot, every write adds one); `last` is
//! its version in the vault-wide commitment.
//!
//! ## The journal
//!
//! ```sql
//! CREATE TABLE journal (jid INTEGER PRIMARY KEY, blob BLOB NOT NULL);
//! ```
//!
//! An answer to an interview in progress is written as one journal row
//! alone: one statement, one B-tree page (a rowid table keeps a row of up
//! to 4,061 bytes in its page, where the `WITHOUT ROWID` tables spill a row
//! over 1,002 bytes to an overflow page), the record's index row and the
//! state row untouched. `jid` is random (the rows' order says nothing);
//! the record and the row's position in the vault-wide journal order are
//! inside the envelope. The next write of anything else *folds* the journal
//! (each journaled record written as a chunk with its index row, its rows
//! deleted, the state's journal start moved past them, one transaction),
//! and so does every reader of index rows and the next unlock after a
//! stop. At unlock the rows' positions must run from the state's journal
//! start without a hole: a row taken out while a later one stays, or one
//! that does not open, is found (every record reported rolled back, as the
//! commitment does when it cannot tell which records differ); taking out
//! the newest rows is an older copy of the whole vault, which no local
//! check can tell from the real one.

use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::RecordId;
use crate::crypto::Purpose;
use crate::error::{DamageReason, VaultError};
use crate::ids::{Keys, RowId};
use crate::model::IndexEntry;
use crate::pad::{pad, unpad};

/// The tables of a new vault (format 2).
pub(crate) const SCHEMA: &str = "
    CREATE TABLE header (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL);
    CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1), blob BLOB NOT NULL);
    CREATE TABLE records (rid BLOB PRIMARY KEY NOT NULL, blob BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE chunks (cid BLOB PRIMARY KEY NOT NULL, blob BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE secrets (sid BLOB PRIMARY KEY NOT NULL, blob BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE journal (jid INTEGER PRIMARY KEY, blob BLOB NOT NULL);
";

/// The journal table of a vault made before it (run at every open).
pub(crate) const JOURNAL_SCHEMA: &str =
    "CREATE TABLE IF NOT EXISTS journal (jid INTEGER PRIMARY KEY, blob BLOB NOT NULL);";

/// Whether a stored chunk is a full snapshot or an incremental change set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChunkKind {
    /// A full Automerge save.
    Snapshot,
    /// An incremental Automerge save (`save_after`).
    Incremental,
}

impl ChunkKind {
    fn code(self) -> u8 {
        match self {
            ChunkKind::Snapshot => 1,
            ChunkKind::Incremental => 2,
        }
    }
    fn from_code(c: u8) -> Option<Self> {
        match c {
            1 => Some(ChunkKind::Snapshot),
            2 => Some(ChunkKind::Incremental),
            _ => None,
        }
    }
}

/// A record's index row, decrypted.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct StoredIndex {
    pub(crate) id: RecordId,
    pub(crate) first: u64,
    pub(crate) last: u64,
    pub(crate) entry: IndexEntry,
    /// [`heads_digest`] of the document as written (base64url, no
    /// padding; absent in rows written before it was kept): what a nearby
    /// session's inventory reads instead of loading every document. Short
    /// on purpose: the row must stay in the 512-byte padding bucket, whose
    /// envelope (541 bytes) fits in its B-tree page, where a 1,024-byte one
    /// (1,053) would spill to an overflow page on every answer.
    #[serde(default, rename = "h", skip_serializing_if = "Option::is_none")]
    pub(crate) heads: Option<String>,
}

/// A digest of a record's heads, order and repeats ignored: the first 16
/// bytes of SHA-256 over the sorted change hashes (`sync::lan` compares
/// records by it; the two must agree, which a `link` test checks).
pub fn heads_digest(heads: &[automerge::ChangeHash]) -> [u8; 16] {
    use sha2::Digest;
    let mut h: Vec<[u8; 32]> = heads.iter().map(|c| c.0).collect();
    h.sort_unstable();
    h.dedup();
    let mut d = sha2::Sha256::new();
    for x in &h {
        d.update(x);
    }
    let full = d.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// How an index row keeps a heads digest.
pub(crate) fn encode_digest(d: &[u8; 16]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(d)
}

/// The digest an index row keeps, if it is one.
pub(crate) fn decode_digest(s: &str) -> Option<[u8; 16]> {
    use base64::Engine;
    let v = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()?;
    v.try_into().ok()
}

pub(crate) fn seal_index(
    keys: &Keys,
    rid: &RowId,
    index: &StoredIndex,
) -> Result<Vec<u8>, VaultError> {
    let plain = Zeroizing::new(serde_json::to_vec(index).map_err(|_| VaultError::Crypto)?);
    keys.cipher().seal(Purpose::Index, rid, b"", &pad(&plain))
}

/// Opens an index row; its record id must hash to `rid`.
pub(crate) fn open_index(
    keys: &Keys,
    rid: &RowId,
    blob: &[u8],
) -> Result<StoredIndex, DamageReason> {
    let padded = keys
        .cipher()
        .open(Purpose::Index, rid, b"", blob)
        .map_err(|_| DamageReason::Undecryptable)?;
    let plain = unpad(&padded).ok_or(DamageReason::Malformed)?;
    let index: StoredIndex = serde_json::from_slice(plain).map_err(|_| DamageReason::Malformed)?;
    if &keys.row_id(index.id) != rid || index.first > index.last || index.first == 0 {
        return Err(DamageReason::Malformed);
    }
    Ok(index)
}

pub(crate) fn seal_chunk(
    keys: &Keys,
    rid: &RowId,
    seq: u64,
    kind: ChunkKind,
    bytes: &[u8],
) -> Result<Vec<u8>, VaultError> {
    let mut plain = Zeroizing::new(Vec::with_capacity(1 + bytes.len()));
    plain.push(kind.code());
    plain.extend_from_slice(bytes);
    keys.cipher()
        .seal(Purpose::Chunk, rid, &seq.to_le_bytes(), &pad(&plain))
}

/// A decrypted chunk: its kind and its Automerge bytes (inside `padded`).
pub(crate) struct OpenChunk {
    pub(crate) kind: ChunkKind,
    padded: Zeroizing<Vec<u8>>,
}

impl OpenChunk {
    pub(crate) fn bytes(&self) -> &[u8] {
        // Checked in `open_chunk`.
        unpad(&self.padded).map(|p| &p[1..]).unwrap_or(&[])
    }
}

pub(crate) fn open_chunk(
    keys: &Keys,
    rid: &RowId,
    seq: u64,
    blob: &[u8],
) -> Result<OpenChunk, DamageReason> {
    let padded = keys
        .cipher()
        .open(Purpose::Chunk, rid, &seq.to_le_bytes(), blob)
        .map_err(|_| DamageReason::Undecryptable)?;
    let plain = unpad(&padded).ok_or(DamageReason::Malformed)?;
    let kind = plain
        .first()
        .and_then(|c| ChunkKind::from_code(*c))
        .ok_or(DamageReason::Malformed)?;
    Ok(OpenChunk { kind, padded })
}

pub(crate) fn seal_secret(
    keys: &Keys,
    name: &str,
    value: &[u8],
) -> Result<(RowId, Vec<u8>), VaultError> {
    let sid = keys.secret_id(name);
    let name_len = u16::try_from(name.len()).map_err(|_| VaultError::InvalidInput {
        what: "secret-name",
    })?;
    let mut plain = Zeroizing::new(Vec::with_capacity(2 + name.len() + value.len()));
    plain.extend_from_slice(&name_len.to_le_bytes());
    plain.extend_from_slice(name.as_bytes());
    plain.extend_from_slice(value);
    Ok((
        sid,
        keys.cipher()
            .seal(Purpose::Secret, &sid, b"", &pad(&plain))?,
    ))
}

/// Opens a secret row: its name and value.
pub(crate) fn open_secret(
    keys: &Keys,
    sid: &RowId,
    blob: &[u8],
) -> Option<(String, Zeroizing<Vec<u8>>)> {
    let padded = keys.cipher().open(Purpose::Secret, sid, b"", blob).ok()?;
    let plain = unpad(&padded)?;
    let n = usize::from(u16::from_le_bytes(plain.get(..2)?.try_into().ok()?));
    let name = std::str::from_utf8(plain.get(2..2 + n)?).ok()?.to_owned();
    let value = Zeroizing::new(plain.get(2 + n..)?.to_vec());
    (&keys.secret_id(&name) == sid).then_some((name, value))
}

/// The vault-wide state row: the commitment and where the journal starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct State {
    /// The committed sum (see [`crate::rollback`]).
    pub(crate) sum: u128,
    /// The journal position of the oldest row not folded yet.
    pub(crate) journal: u64,
}

pub(crate) fn seal_state(
    keys: &Keys,
    vault_id: &uuid::Uuid,
    state: State,
) -> Result<Vec<u8>, VaultError> {
    let mut plain = [0u8; 24];
    plain[..16].copy_from_slice(&state.sum.to_le_bytes());
    plain[16..].copy_from_slice(&state.journal.to_le_bytes());
    keys.cipher()
        .seal(Purpose::State, vault_id.as_bytes(), b"", &plain)
}

/// The state row, or `None` when it does not open with these keys
/// (another data key, tampering). A row written before the journal holds
/// the sum alone.
pub(crate) fn read_state(
    conn: &Connection,
    keys: &Keys,
    vault_id: &uuid::Uuid,
) -> Result<Option<State>, VaultError> {
    let blob: Option<Vec<u8>> = conn
        .query_row("SELECT blob FROM state WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    let Some(blob) = blob else { return Ok(None) };
    let Ok(plain) = keys
        .cipher()
        .open(Purpose::State, vault_id.as_bytes(), b"", &blob)
    else {
        return Ok(None);
    };
    let sum = |b: &[u8]| <[u8; 16]>::try_from(b).ok().map(u128::from_le_bytes);
    let journal = |b: &[u8]| <[u8; 8]>::try_from(b).ok().map(u64::from_le_bytes);
    Ok(match plain.len() {
        16 => sum(&plain).map(|sum| State { sum, journal: 0 }),
        24 => sum(&plain[..16])
            .zip(journal(&plain[16..]))
            .map(|(sum, journal)| State { sum, journal }),
        _ => None,
    })
}

pub(crate) fn write_state(
    conn: &Connection,
    keys: &Keys,
    vault_id: &uuid::Uuid,
    state: State,
) -> Result<(), VaultError> {
    let blob = seal_state(keys, vault_id, state)?;
    conn.prepare_cached("INSERT INTO state (id, blob) VALUES (1, ?1) ON CONFLICT(id) DO UPDATE SET blob = excluded.blob")?
        .execute(params![blob])?;
    Ok(())
}

/// Every record row: `(rid, blob)`.
pub(crate) fn record_rows(conn: &Connection) -> Result<Vec<(RowId, Vec<u8>)>, VaultError> {
    let mut stmt = conn.prepare_cached("SELECT rid, blob FROM records")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (rid, blob) = row?;
        if let Ok(rid) = RowId::try_from(rid.as_slice()) {
            out.push((rid, blob));
        }
    }
    Ok(out)
}

/// One record's write, sealed and ready for the shared transaction.
pub(crate) struct RecordWrite {
    pub(crate) rid: RowId,
    pub(crate) index_blob: Vec<u8>,
    pub(crate) cid: RowId,
    pub(crate) chunk_blob: Vec<u8>,
    /// Chunks replaced by a new snapshot.
    pub(crate) delete: Vec<RowId>,
}

/// Writes `writes`, deletes the journal rows `folded` and writes the new
/// state (the commitment, the journal starting at `journal`) in one
/// durable transaction; returns the new committed sum (unchanged in memory
/// if this fails).
pub(crate) fn commit_writes(
    conn: &Connection,
    keys: &Keys,
    vault_id: &uuid::Uuid,
    committed: u128,
    writes: &[RecordWrite],
    folded: &[i64],
    journal: u64,
) -> Result<u128, VaultError> {
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let mut sum = committed;
    for jid in folded {
        tx.prepare_cached("DELETE FROM journal WHERE jid = ?1")?
            .execute(params![jid])?;
    }
    for w in writes {
        tx.prepare_cached(
            "INSERT INTO records (rid, blob) VALUES (?1, ?2)
             ON CONFLICT(rid) DO UPDATE SET blob = excluded.blob",
        )?
        .execute(params![&w.rid[..], w.index_blob])?;
        for cid in &w.delete {
            tx.prepare_cached("DELETE FROM chunks WHERE cid = ?1")?
                .execute(params![&cid[..]])?;
        }
        tx.prepare_cached("INSERT INTO chunks (cid, blob) VALUES (?1, ?2)")?
            .execute(params![&w.cid[..], w.chunk_blob])?;
        sum = sum.wrapping_add(keys.weight(&w.rid));
    }
    write_state(&tx, keys, vault_id, State { sum, journal })?;
    tx.commit()?;
    Ok(sum)
}

/// A journal row, opened: the record, its journal position, its Automerge
/// changes (inside `padded`).
pub(crate) struct JournalEntry {
    pub(crate) id: RecordId,
    pub(crate) position: u64,
    padded: Zeroizing<Vec<u8>>,
}

impl JournalEntry {
    pub(crate) fn bytes(&self) -> &[u8] {
        // Length checked in `open_journal`.
        unpad(&self.padded).and_then(|p| p.get(24..)).unwrap_or(&[])
    }
}

pub(crate) fn seal_journal(
    keys: &Keys,
    vault_id: &uuid::Uuid,
    jid: i64,
    id: RecordId,
    position: u64,
    bytes: &[u8],
) -> Result<Vec<u8>, VaultError> {
    let mut plain = Zeroizing::new(Vec::with_capacity(24 + bytes.len()));
    plain.extend_from_slice(id.as_bytes());
    plain.extend_from_slice(&position.to_le_bytes());
    plain.extend_from_slice(bytes);
    keys.cipher().seal(
        Purpose::Journal,
        vault_id.as_bytes(),
        &jid.to_le_bytes(),
        &pad(&plain),
    )
}

pub(crate) fn open_journal(
    keys: &Keys,
    vault_id: &uuid::Uuid,
    jid: i64,
    blob: &[u8],
) -> Result<JournalEntry, DamageReason> {
    let padded = keys
        .cipher()
        .open(
            Purpose::Journal,
            vault_id.as_bytes(),
            &jid.to_le_bytes(),
            blob,
        )
        .map_err(|_| DamageReason::Undecryptable)?;
    let plain = unpad(&padded).ok_or(DamageReason::Malformed)?;
    let id = plain
        .get(..16)
        .and_then(|b| <[u8; 16]>::try_from(b).ok())
        .map(|b| RecordId::from(uuid::Uuid::from_bytes(b)))
        .ok_or(DamageReason::Malformed)?;
    let position = plain
        .get(16..24)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_le_bytes)
        .ok_or(DamageReason::Malformed)?;
    Ok(JournalEntry {
        id,
        position,
        padded,
    })
}

/// Writes one journal row alone (a random `jid`): one statement, durable
/// when it returns (`synchronous=FULL`), no other row touched.
pub(crate) fn append_journal(conn: &Connection, jid: i64, blob: &[u8]) -> Result<(), VaultError> {
    conn.prepare_cached("INSERT INTO journal (jid, blob) VALUES (?1, ?2)")?
        .execute(params![jid, blob])?;
    Ok(())
}

/// Every journal row: `(jid, blob)`.
pub(crate) fn journal_rows(conn: &Connection) -> Result<Vec<(i64, Vec<u8>)>, VaultError> {
    let mut stmt = conn.prepare_cached("SELECT jid, blob FROM journal")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
