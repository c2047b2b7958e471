//! A record's heads read from its stored Automerge bytes without loading
//! them: a push only needs the heads to ask what the relay lacks, and an
//! Automerge load is most of what a push cost.
//!
//! Stored bytes are a document chunk (a snapshot) followed by change chunks
//! (its incremental chunks, or changes a snapshot was received with): the
//! heads are the document's heads and the changes' hashes, less every hash
//! a change depends on. Only what the format's header says is read (the
//! chunk header, the document's actors and heads, a change's dependencies);
//! anything else (a compressed change, a bundle, bytes that do not parse)
//! gives `None`, and the caller loads the document instead. The caller also
//! checks the result against the heads digest the record's index row keeps,
//! so a wrong answer here costs a load, never a wrong push.

use std::collections::BTreeSet;

use automerge::ChangeHash;
use sha2::{Digest, Sha256};

/// Automerge's chunk magic bytes.
const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const DOCUMENT: u8 = 0;
const CHANGE: u8 = 1;

/// The heads of a document stored as `bytes` (see the module docs).
pub(crate) fn heads_of(bytes: &[u8]) -> Option<Vec<ChangeHash>> {
    let mut heads: BTreeSet<[u8; 32]> = BTreeSet::new();
    let mut deps: BTreeSet<[u8; 32]> = BTreeSet::new();
    let mut rest = bytes;
    let mut first = true;
    while !rest.is_empty() {
        let Chunk {
            kind,
            len_field,
            data,
            after,
        } = chunk(rest)?;
        match kind {
            DOCUMENT if first => {
                let mut r = Reader(data);
                for _ in 0..r.uleb()? {
                    let n = r.uleb()?;
                    r.take(usize::try_from(n).ok()?)?;
                }
                for _ in 0..r.uleb()? {
                    heads.insert(r.hash()?);
                }
            }
            CHANGE => {
                let mut r = Reader(data);
                for _ in 0..r.uleb()? {
                    deps.insert(r.hash()?);
                }
                let mut h = Sha256::new();
                h.update([CHANGE]);
                h.update(len_field);
                h.update(data);
                heads.insert(h.finalize().into());
            }
            _ => return None,
        }
        first = false;
        rest = after;
    }
    let out: Vec<ChangeHash> = heads.difference(&deps).map(|h| ChangeHash(*h)).collect();
    (!out.is_empty()).then_some(out)
}

/// One chunk of stored bytes.
struct Chunk<'a> {
    kind: u8,
    /// Its length field as written (hashed with a change's data).
    len_field: &'a [u8],
    data: &'a [u8],
    /// What follows it.
    after: &'a [u8],
}

fn chunk(bytes: &[u8]) -> Option<Chunk<'_>> {
    let mut r = Reader(bytes);
    if r.take(4)? != MAGIC {
        return None;
    }
    r.take(4)?; // checksum
    let kind = r.take(1)?[0];
    let before = r.0;
    let len = usize::try_from(r.uleb()?).ok()?;
    let len_field = &before[..before.len() - r.0.len()];
    let data = r.take(len)?;
    Some(Chunk {
        kind,
        len_field,
        data,
        after: r.0,
    })
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }

    fn hash(&mut self) -> Option<[u8; 32]> {
        self.take(32)?.try_into().ok()
    }

    fn uleb(&mut self) -> Option<u64> {
        let mut out: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            out |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(out);
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    fn sorted(mut h: Vec<ChangeHash>) -> Vec<ChangeHash> {
        h.sort();
        h
    }

    /// Snapshots, snapshots followed by changes (linear and concurrent),
    /// and changes alone: the heads read from the bytes are the loaded
    /// document's.
    #[test]
    fn heads_read_from_the_bytes_are_the_loaded_documents() {
        let mut a = AutoCommit::new();
        a.put(ROOT, "k", 1).unwrap();
        a.commit();
        let snap = a.save();
        let at_snap = a.get_heads();
        assert_eq!(heads_of(&snap).map(sorted), Some(sorted(at_snap.clone())));
        let mut b = a.fork();
        a.put(ROOT, "x", "from a").unwrap();
        a.commit();
        a.put(ROOT, "y", 2).unwrap();
        a.commit();
        b.put(ROOT, "z", "from b").unwrap();
        b.commit();
        a.merge(&mut b).unwrap();
        let mut stored = snap.clone();
        stored.extend(a.save_after(&at_snap));
        let loaded = automerge::Automerge::load(&stored).unwrap();
        assert_eq!(loaded.get_heads().len(), 2);
        assert_eq!(
            heads_of(&stored).map(sorted),
            Some(sorted(loaded.get_heads()))
        );
        // Changes alone (a record's first write received as changes).
        let all = a.save_after(&[]);
        assert_eq!(heads_of(&all).map(sorted), Some(sorted(a.get_heads())));
    }

    /// What it cannot read gives no heads (the caller then loads).
    #[test]
    fn anything_else_gives_no_heads() {
        let mut a = AutoCommit::new();
        a.put(ROOT, "k", 1).unwrap();
        let snap = a.save();
        assert_eq!(heads_of(&[]), None);
        assert_eq!(heads_of(&snap[..snap.len() - 1]), None, "truncated");
        let mut bad = snap.clone();
        bad[0] ^= 1;
        assert_eq!(heads_of(&bad), None, "not a chunk");
        let mut two_docs = snap.clone();
        two_docs.extend(&snap);
        assert_eq!(
            heads_of(&two_docs),
            None,
            "a document after the first chunk"
        );
        let mut junk = snap;
        junk.push(0);
        assert_eq!(heads_of(&junk), None, "trailing bytes");
    }
}
