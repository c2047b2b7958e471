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
//! write of a record's chunk, index row and the state row is three B-tree
//! pages (format 1 wrote four), and an answer journaled alone is one.
//!
//! | envelope          | purpose | context   | extra AAD       | plaintext (before padding)              |
//! |-------------------|---------|-----------|-----------------|-----------------------------------------|
//! | index (`records`) | 3       | rid       | –               | JSON `{id, first, last, entry, h}`      |
//! | chunk (`chunks`)  | 6       | rid       | seq (u64 LE)    | kind (1 snapshot, 2 incremental) ‖ Automerge bytes, or 3 ‖ journal position (u64 LE) ‖ Automerge bytes |
//! | secret            | 5       | sid       | –               | name length (u16 LE) ‖ name ‖ value     |
//! | state             | 7       | vault id  | –               | S (u128 LE, see [`crate::rollback`]) ‖ next journal position (u64 LE; absent in older vaults: 0) |
//!
//! A record's chunks are the sequence numbers `first..=last` of its index
//! (`first` is the newest snapshot, every write adds one; `last` is its
//! version in the vault-wide commitment), then possibly its **journaled**
//! chunks `last+1, last+2, …`: an answer to an interview in progress is
//! written as one chunk alone (one B-tree page: the index row and the state
//! row stay as they are), numbered in the vault-wide journal order. The
//! next write of anything else *folds* every journaled chunk into its
//! record's index row and the commitment, in that write's transaction (see
//! [`crate::vault`]); an unlock folds what a stopped app left. The journal
//! positions of the chunks not yet folded must be exactly the state's
//! `next`, `next+1`, …: one deleted from the middle (or the first) is
//! found; deleting the newest ones is an older copy of the whole vault,
//! which no local check can tell from the real one.

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
";

/// Chunk kind code of a journaled incremental chunk (see the module
/// documentation): its journal position follows the code.
const JOURNALED: u8 = 3;

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
    seal_chunk_at(keys, rid, seq, kind, None, bytes)
}

/// Seals a chunk; `journal`: its position in the vault-wide journal (an
/// incremental chunk written alone, see the module documentation).
pub(crate) fn seal_chunk_at(
    keys: &Keys,
    rid: &RowId,
    seq: u64,
    kind: ChunkKind,
    journal: Option<u64>,
    bytes: &[u8],
) -> Result<Vec<u8>, VaultError> {
    let mut plain = Zeroizing::new(Vec::with_capacity(9 + bytes.len()));
    match (kind, journal) {
        (ChunkKind::Incremental, Some(at)) => {
            plain.push(JOURNALED);
            plain.extend_from_slice(&at.to_le_bytes());
        }
        _ => plain.push(kind.code()),
    }
    plain.extend_from_slice(bytes);
    keys.cipher()
        .seal(Purpose::Chunk, rid, &seq.to_le_bytes(), &pad(&plain))
}

/// A decrypted chunk: its kind, its journal position if it was journaled,
/// and its Automerge bytes (inside `padded`).
pub(crate) struct OpenChunk {
    pub(crate) kind: ChunkKind,
    pub(crate) journal: Option<u64>,
    padded: Zeroizing<Vec<u8>>,
}

impl OpenChunk {
    pub(crate) fn bytes(&self) -> &[u8] {
        // Lengths checked in `open_chunk`.
        let skip = if self.journal.is_some() { 9 } else { 1 };
        unpad(&self.padded)
            .and_then(|p| p.get(skip..))
            .unwrap_or(&[])
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
    let (kind, journal) = match plain.first() {
        Some(&JOURNALED) => {
            let at = plain
                .get(1..9)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .ok_or(DamageReason::Malformed)?;
            (ChunkKind::Incremental, Some(u64::from_le_bytes(at)))
        }
        code => (
            code.and_then(|c| ChunkKind::from_code(*c))
                .ok_or(DamageReason::Malformed)?,
            None,
        ),
    };
    Ok(OpenChunk {
        kind,
        journal,
        padded,
    })
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

/// The vault-wide state row: the commitment and where the journal goes on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct State {
    /// The committed sum (see [`crate::rollback`]).
    pub(crate) sum: u128,
    /// The journal position of the first chunk not folded yet.
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
    Ok(match plain.len() {
        16 => sum(&plain).map(|sum| State { sum, journal: 0 }),
        24 => sum(&plain[..16]).map(|sum| State {
            sum,
            journal: u64::from_le_bytes(plain[16..].try_into().unwrap_or_default()),
        }),
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
    /// How far the record's version moves: one for this chunk, plus the
    /// journaled chunks before it that this index row now covers.
    pub(crate) versions: u64,
}

/// A record's journaled chunks folded into its index row and the
/// commitment (no chunk is written).
pub(crate) struct Fold {
    pub(crate) rid: RowId,
    pub(crate) index_blob: Vec<u8>,
    /// How many journaled chunks the new index row covers.
    pub(crate) versions: u64,
}

/// Writes one journaled chunk alone: one statement, durable when it
/// returns (`synchronous=FULL`), no other row touched.
pub(crate) fn append_chunk(conn: &Connection, cid: &RowId, blob: &[u8]) -> Result<(), VaultError> {
    conn.prepare_cached(PUT_CHUNK)?
        .execute(params![&cid[..], blob])?;
    Ok(())
}

/// A chunk is written at a sequence number past every chunk its record is
/// known to have (its index row's, then its journaled ones); a row found
/// there is a leftover of damage (a record rolled back, a journaled chunk
/// cut off from its record by a deleted one before it), which the new
/// chunk supersedes instead of failing every later write of the record.
const PUT_CHUNK: &str = "INSERT INTO chunks (cid, blob) VALUES (?1, ?2)
     ON CONFLICT(cid) DO UPDATE SET blob = excluded.blob";

/// Writes `writes`, `folds` and the new state (the commitment, and the
/// journal folded up to `journal`) in one durable transaction; returns the
/// new committed sum (unchanged in memory if this fails).
pub(crate) fn commit_writes(
    conn: &Connection,
    keys: &Keys,
    vault_id: &uuid::Uuid,
    committed: u128,
    writes: &[RecordWrite],
    folds: &[Fold],
    journal: u64,
) -> Result<u128, VaultError> {
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let mut sum = committed;
    for f in folds {
        tx.prepare_cached("UPDATE records SET blob = ?2 WHERE rid = ?1")?
            .execute(params![&f.rid[..], f.index_blob])?;
        sum = sum.wrapping_add(keys.weight(&f.rid).wrapping_mul(u128::from(f.versions)));
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
        tx.prepare_cached(PUT_CHUNK)?
            .execute(params![&w.cid[..], w.chunk_blob])?;
        sum = sum.wrapping_add(keys.weight(&w.rid).wrapping_mul(u128::from(w.versions)));
    }
    write_state(&tx, keys, vault_id, State { sum, journal })?;
    tx.commit()?;
    Ok(sum)
}
