//! What a device remembers of a peer: record inventories (each record's
//! heads digest), the memory kept of the last complete session with a
//! peer, and what changed since.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::{ChangeHash, LanError};
use crate::DocId;

/// A digest of a record's heads (order does not matter).
pub fn heads_digest(heads: &[ChangeHash]) -> [u8; 16] {
    let mut h: Vec<[u8; 32]> = heads.iter().map(|c| c.0).collect();
    h.sort_unstable();
    h.dedup();
    let mut d = Sha256::new();
    for x in &h {
        d.update(x);
    }
    let full = d.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// Records and the digests of their heads.
pub(super) type Inventory = BTreeMap<DocId, [u8; 16]>;

/// The digest [`Frame::Since`] gives a record its sender no longer has.
pub const ABSENT: [u8; 16] = [0; 16];

const MEMORY_CONTEXT: &[u8] = b"FS-LAN-INVENTORY-1";

/// What a device remembers of its last complete session with one peer:
/// every record it held when the session ended, with its heads digest
/// (both devices then held the same records with the same heads). The
/// next session with that peer sends only what differs from it
/// ([`Frame::Since`]). Kept encrypted by the store ([`LanDocs::remember`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerMemory {
    /// Each record and its digest ([`heads_digest`]).
    pub docs: BTreeMap<DocId, [u8; 16]>,
}

impl PeerMemory {
    /// A digest of the whole inventory: two devices that remember the
    /// same one give the same base (what [`Frame::Since`] is checked by).
    pub fn base(&self) -> [u8; 16] {
        let mut d = Sha256::new();
        d.update(MEMORY_CONTEXT);
        d.update((self.docs.len() as u64).to_be_bytes());
        for (doc, digest) in &self.docs {
            d.update(doc.as_bytes());
            d.update(digest);
        }
        let full = d.finalize();
        let mut out = [0u8; 16];
        out.copy_from_slice(&full[..16]);
        out
    }

    /// `1 u8 | count u32 BE | (record 16 | digest 16) * count`, records in
    /// ascending order.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(5 + 32 * self.docs.len());
        out.push(1);
        out.extend_from_slice(&(self.docs.len() as u32).to_be_bytes());
        for (doc, digest) in &self.docs {
            out.extend_from_slice(doc.as_bytes());
            out.extend_from_slice(digest);
        }
        out
    }

    /// Strict decoding (`None`: not a memory this version wrote; the
    /// session then sends its whole inventory).
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let (&version, rest) = bytes.split_first()?;
        let (count, rest) = rest.split_first_chunk::<4>()?;
        let count = u32::from_be_bytes(*count) as usize;
        if version != 1 || rest.len() != count.checked_mul(32)? {
            return None;
        }
        let mut docs = BTreeMap::new();
        let mut last: Option<DocId> = None;
        for pair in rest.chunks_exact(32) {
            let doc = DocId::from_bytes(pair[..16].try_into().ok()?);
            if last.is_some_and(|l| l >= doc) {
                return None;
            }
            last = Some(doc);
            docs.insert(doc, pair[16..].try_into().ok()?);
        }
        Some(PeerMemory { docs })
    }

    /// The records of `now` whose digest differs from this memory, and
    /// those it remembers that `now` lacks ([`ABSENT`]).
    pub(super) fn changes(&self, now: &BTreeMap<DocId, [u8; 16]>) -> BTreeMap<DocId, [u8; 16]> {
        let mut out: BTreeMap<DocId, [u8; 16]> = now
            .iter()
            .filter(|(d, h)| self.docs.get(d) != Some(h))
            .map(|(d, h)| (*d, *h))
            .collect();
        for d in self.docs.keys() {
            if !now.contains_key(d) {
                out.insert(*d, ABSENT);
            }
        }
        out
    }
}

/// An inventory as a map; a record listed twice is malformed.
pub(super) fn unique(list: &[(DocId, [u8; 16])]) -> Result<BTreeMap<DocId, [u8; 16]>, LanError> {
    let mut out = BTreeMap::new();
    for (d, h) in list {
        if out.insert(*d, *h).is_some() {
            return Err(LanError::Malformed);
        }
    }
    Ok(out)
}
