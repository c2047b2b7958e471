//! What a relay push reads of the records it sends: heads from the stored
//! bytes' chunk headers, unchanged records skipped on their index row, a
//! record the relay has nothing of sent as it is stored when that is near
//! its compacted size, and the loads that remain done on every core.

use super::docs::{SealedDoc, on_every_core, open_sealed};
use super::*;
use crate::heads;

/// A record stored as a snapshot and changes after it is pushed as it is
/// stored when its changes weigh at most 1/`PUSH_AS_STORED` of its
/// snapshot (a finished record, one snapshot, always is); otherwise it is
/// loaded and compacted, so the bytes on the wire stay near the compacted
/// size (issue 20: ≤ 1.2x).
const PUSH_AS_STORED: u64 = 8;

impl Vault {
    /// What a push needs of a record, from one read: its heads, asked of
    /// `to_push` (`None`: nothing to send), then the changes not covered by
    /// the heads it returns, or the whole record when it returns none.
    /// `pushed` is the heads digest ([`crate::heads_digest`]) of what the
    /// relay already has of it, if anything: a record whose index row keeps
    /// that digest is unchanged since and skipped without reading its
    /// chunks. Otherwise the heads are read from the stored bytes' chunk
    /// headers (checked against the index row's digest), and a record the
    /// relay has nothing of is sent as it is stored (its snapshot and the
    /// changes after it, which `Automerge::load` accepts as one) when those
    /// changes are small beside the snapshot ([`PUSH_AS_STORED`]): no
    /// Automerge load or save. A record loaded for its changes or for a
    /// compacted form is read from the cache when it is there, otherwise
    /// straight from its chunks without caching it (a push reads every
    /// record once: caching them would evict the interview being worked
    /// on and cost more than the read).
    pub fn export_for_push(
        &mut self,
        id: RecordId,
        pushed: Option<[u8; 16]>,
        to_push: impl FnOnce(&[ChangeHash]) -> Option<Vec<ChangeHash>>,
    ) -> Result<Option<PushRead>> {
        self.touch()?;
        // Journal rows folded first: the index rows' digests and the
        // stored bytes are then the whole record.
        self.settle()?;
        match self.push_source(id, pushed)? {
            Source::Cached(doc) => Ok(read_loaded(doc, to_push)),
            Source::Unchanged => Ok(None),
            Source::Disk(digest, sealed) => {
                let keys = self.keys()?;
                let mut once = Some(to_push);
                let mut to_push = |h: &[ChangeHash]| once.take().and_then(|f| f(h));
                match plan(keys, digest, &sealed, &mut to_push) {
                    Plan::Done(read) => Ok(read),
                    Plan::Load(known) => finish(keys, id, &sealed, known, &mut to_push),
                }
            }
        }
    }

    /// [`Vault::export_for_push`] for many records, in order: read from
    /// the database and opened here, and the Automerge loads some need
    /// (for their changes, or a compacted form) done on every core. The
    /// first record that fails fails the call.
    pub fn export_for_push_many(
        &mut self,
        records: &[(RecordId, Option<[u8; 16]>)],
        to_push: impl Fn(RecordId, &[ChangeHash]) -> Option<Vec<ChangeHash>> + Sync,
    ) -> Result<Vec<Option<PushRead>>> {
        self.touch()?;
        self.settle()?;
        let mut out: Vec<Option<PushRead>> = Vec::with_capacity(records.len());
        let mut loads: Vec<(usize, RecordId, Known, SealedDoc)> = Vec::new();
        for &(id, pushed) in records {
            let read = match self.push_source(id, pushed)? {
                Source::Cached(doc) => read_loaded(doc, |h| to_push(id, h)),
                Source::Unchanged => None,
                Source::Disk(digest, sealed) => {
                    match plan(self.keys()?, digest, &sealed, &mut |h| to_push(id, h)) {
                        Plan::Done(read) => read,
                        Plan::Load(known) => {
                            loads.push((out.len(), id, known, sealed));
                            None
                        }
                    }
                }
            };
            out.push(read);
        }
        let keys = self.keys()?;
        let to_push = &to_push;
        let opened = on_every_core(&loads, |(i, id, known, sealed)| {
            let read = finish(keys, *id, sealed, known.clone(), &mut |h| to_push(*id, h));
            (*i, read)
        });
        for (i, read) in opened {
            out[i] = read?;
        }
        Ok(out)
    }

    /// Where a push reads a record from: the cache, nowhere (its index row
    /// keeps the digest `pushed`), or its chunks.
    fn push_source(&self, id: RecordId, pushed: Option<[u8; 16]>) -> Result<Source<'_>> {
        if let Some(loaded) = self.docs.get(&id) {
            return Ok(Source::Cached(&loaded.doc));
        }
        let keys = self.keys()?;
        let rid = keys.row_id(id);
        let index = self.read_index(keys, id, &rid)?;
        let digest = index.heads.as_deref().and_then(store::decode_digest);
        if pushed.is_some() && digest == pushed {
            return Ok(Source::Unchanged);
        }
        Ok(Source::Disk(
            digest,
            self.fetch_chunks(keys, id, rid, &index)?,
        ))
    }
}

enum Source<'a> {
    Cached(&'a Automerge),
    Unchanged,
    /// The index row's heads digest (if it keeps one) and the chunks.
    Disk(Option<[u8; 16]>, SealedDoc),
}

/// What a push of a record read from disk needs once its chunks are open:
/// nothing more (`Done`), or an Automerge load (`Load`), with the heads and
/// what to send after them when those are known already.
enum Plan {
    Done(Option<PushRead>),
    Load(Known),
}

/// A record's heads and the heads the push starts after, when the stored
/// bytes told them without a load.
type Known = Option<(Vec<ChangeHash>, Vec<ChangeHash>)>;

/// The part of a push read that needs no Automerge load (see
/// [`Vault::export_for_push`]): the chunks decrypted, the heads read from
/// their headers and checked against the index row's `digest`, asked of
/// `to_push`, and the stored bytes taken as they are when they will do.
fn plan(
    keys: &Keys,
    digest: Option<[u8; 16]>,
    sealed: &SealedDoc,
    to_push: &mut dyn FnMut(&[ChangeHash]) -> Option<Vec<ChangeHash>>,
) -> Plan {
    let Some(mut stored) = StoredBytes::open(keys, sealed) else {
        return Plan::Load(None);
    };
    let Some(heads) =
        digest.and_then(|d| heads::heads_of(&stored.plain).filter(|h| store::heads_digest(h) == d))
    else {
        return Plan::Load(None);
    };
    let Some(since) = to_push(&heads) else {
        return Plan::Done(None);
    };
    if since.is_empty()
        && stored.incremental_bytes.saturating_mul(PUSH_AS_STORED) <= stored.snapshot_bytes
    {
        return Plan::Done(Some(PushRead {
            heads,
            bytes: std::mem::take(&mut *stored.plain),
            whole: true,
        }));
    }
    Plan::Load(Some((heads, since)))
}

/// The rest of a push read that [`plan`] left to a load.
fn finish(
    keys: &Keys,
    id: RecordId,
    sealed: &SealedDoc,
    known: Known,
    to_push: &mut dyn FnMut(&[ChangeHash]) -> Option<Vec<ChangeHash>>,
) -> Result<Option<PushRead>> {
    let (doc, _, _) = open_sealed(keys, id, sealed)?;
    Ok(match known {
        Some((heads, since)) => Some(push_read(&doc, heads, &since)),
        None => read_loaded(&doc, to_push),
    })
}

/// A push read of a loaded document: its heads asked of `to_push`.
fn read_loaded(
    doc: &Automerge,
    to_push: impl FnOnce(&[ChangeHash]) -> Option<Vec<ChangeHash>>,
) -> Option<PushRead> {
    let heads = doc.get_heads();
    to_push(&heads).map(|since| push_read(doc, heads, &since))
}

/// What a push sends of a loaded document at `heads`: the changes after
/// `since`, or the whole document compacted when `since` is empty.
fn push_read(doc: &Automerge, heads: Vec<ChangeHash>, since: &[ChangeHash]) -> PushRead {
    PushRead {
        heads,
        bytes: if since.is_empty() {
            doc.save()
        } else {
            doc.save_after(since)
        },
        whole: since.is_empty(),
    }
}

/// A record's stored chunks decrypted and joined, snapshot first (what
/// `Automerge::load` takes as one document).
struct StoredBytes {
    plain: zeroize::Zeroizing<Vec<u8>>,
    snapshot_bytes: u64,
    incremental_bytes: u64,
}

impl StoredBytes {
    /// `None` when a chunk does not open or they are not one snapshot and
    /// then changes (the caller's load then says what is wrong).
    fn open(keys: &Keys, sealed: &SealedDoc) -> Option<StoredBytes> {
        let mut out = StoredBytes {
            plain: zeroize::Zeroizing::new(Vec::new()),
            snapshot_bytes: 0,
            incremental_bytes: 0,
        };
        for (seq, blob) in (sealed.first..=sealed.last).zip(&sealed.blobs) {
            let chunk = store::open_chunk(keys, &sealed.rid, seq, blob).ok()?;
            let n = chunk.bytes().len() as u64;
            match (seq == sealed.first, chunk.kind) {
                (true, ChunkKind::Snapshot) => out.snapshot_bytes += n,
                (false, ChunkKind::Incremental) => out.incremental_bytes += n,
                _ => return None,
            }
            out.plain.extend_from_slice(chunk.bytes());
        }
        (out.snapshot_bytes > 0).then_some(out)
    }
}

/// What [`Vault::export_for_push`] read of a record to push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRead {
    /// The record's heads when read.
    pub heads: Vec<ChangeHash>,
    /// Its changes since what the relay has, or the whole record (as it
    /// is stored, or compacted).
    pub bytes: Vec<u8>,
    /// Whether `bytes` is the whole record (nothing of it was covered).
    pub whole: bool,
}
