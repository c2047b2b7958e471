//! What a relay push reads of the records it sends: heads from the stored
//! bytes' chunk headers, unchanged records skipped on their index row, a
//! record the relay has nothing of sent as it is stored when that is near
//! its compacted size, and the loads that remain done on every core.

use super::docs::{SealedDoc, open_sealed};
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
        match self.push_source(id, pushed)? {
            Source::Cached => {
                let loaded = self
                    .docs
                    .get(&id)
                    .ok_or(VaultError::RecordNotFound { id })?;
                let heads = loaded.doc.get_heads();
                Ok(to_push(&heads).map(|since| push_read(&loaded.doc, heads, &since)))
            }
            Source::Unchanged => Ok(None),
            Source::Disk(digest, sealed) => from_disk(self.keys()?, id, digest, &sealed, to_push),
        }
    }

    /// [`Vault::export_for_push`] for many records, in order: read from
    /// the database here, then opened (and loaded where a load is needed)
    /// on every core. The first record that fails fails the call.
    pub fn export_for_push_many(
        &mut self,
        records: &[(RecordId, Option<[u8; 16]>)],
        to_push: impl Fn(RecordId, &[ChangeHash]) -> Option<Vec<ChangeHash>> + Sync,
    ) -> Result<Vec<Option<PushRead>>> {
        self.touch()?;
        let mut out: Vec<Option<PushRead>> = Vec::with_capacity(records.len());
        let mut from: Vec<(usize, RecordId, Option<[u8; 16]>, SealedDoc)> = Vec::new();
        for &(id, pushed) in records {
            let read = match self.push_source(id, pushed)? {
                Source::Cached => {
                    let loaded = self
                        .docs
                        .get(&id)
                        .ok_or(VaultError::RecordNotFound { id })?;
                    let heads = loaded.doc.get_heads();
                    to_push(id, &heads).map(|since| push_read(&loaded.doc, heads, &since))
                }
                Source::Unchanged => None,
                Source::Disk(digest, sealed) => {
                    from.push((out.len(), id, digest, sealed));
                    None
                }
            };
            out.push(read);
        }
        let keys = self.keys()?;
        let to_push = &to_push;
        let opened = on_every_core(&from, |(i, id, digest, sealed)| {
            (
                *i,
                from_disk(keys, *id, *digest, sealed, |h| to_push(*id, h)),
            )
        });
        for (i, read) in opened {
            out[i] = read?;
        }
        Ok(out)
    }

    /// Where a push reads a record from: the cache, nowhere (its index row
    /// keeps the digest `pushed`), or its chunks.
    fn push_source(&self, id: RecordId, pushed: Option<[u8; 16]>) -> Result<Source> {
        if self.docs.contains_key(&id) {
            return Ok(Source::Cached);
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

enum Source {
    Cached,
    Unchanged,
    /// The index row's heads digest (if it keeps one) and the chunks.
    Disk(Option<[u8; 16]>, SealedDoc),
}

/// A push read from a record's sealed chunks (see
/// [`Vault::export_for_push`]).
fn from_disk(
    keys: &Keys,
    id: RecordId,
    digest: Option<[u8; 16]>,
    sealed: &SealedDoc,
    to_push: impl FnOnce(&[ChangeHash]) -> Option<Vec<ChangeHash>>,
) -> Result<Option<PushRead>> {
    let stored = digest.and_then(|d| {
        let stored = StoredBytes::open(keys, sealed)?;
        let heads = heads::heads_of(&stored.plain).filter(|h| store::heads_digest(h) == d)?;
        Some((stored, heads))
    });
    if let Some((mut stored, heads)) = stored {
        let Some(since) = to_push(&heads) else {
            return Ok(None);
        };
        if since.is_empty()
            && stored.incremental_bytes.saturating_mul(PUSH_AS_STORED) <= stored.snapshot_bytes
        {
            return Ok(Some(PushRead {
                heads,
                bytes: std::mem::take(&mut *stored.plain),
                whole: true,
            }));
        }
        let (doc, _) = open_sealed(keys, id, sealed)?;
        return Ok(Some(push_read(&doc, heads, &since)));
    }
    let (doc, _) = open_sealed(keys, id, sealed)?;
    let heads = doc.get_heads();
    Ok(to_push(&heads).map(|since| push_read(&doc, heads, &since)))
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

/// `f` over `items` on every core (at most 8 threads), results in order.
pub(super) fn on_every_core<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8);
    if items.len() <= 1 || threads == 1 {
        return items.iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let mut parts = items.chunks(per);
        let here = parts.next().unwrap_or(&[]);
        let handles: Vec<_> = parts
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        let mut all: Vec<R> = here.iter().map(f).collect();
        for h in handles {
            // A worker only panics if `f` panicked, which this thread would
            // have done too.
            all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        all
    })
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
