//! Decrypted documents: loading them from their chunks, the in-memory
//! cache, and persisting their changes as sealed chunks.

use super::*;

impl Vault {
    /// Loads (and caches) a record's document.
    pub(super) fn load(&mut self, id: RecordId) -> Result<&mut LoadedDoc> {
        if !self.docs.contains_key(&id) {
            let loaded = self.load_from_disk(id)?;
            self.cache(id, loaded);
        }
        self.tick += 1;
        let tick = self.tick;
        let loaded = self
            .docs
            .get_mut(&id)
            .ok_or(VaultError::RecordNotFound { id })?;
        loaded.last_used = tick;
        Ok(loaded)
    }

    /// Inserts into the document cache, evicting the least recently used
    /// document beyond [`DOC_CACHE`]. Every cached document is fully
    /// persisted between calls, so eviction never loses a change.
    pub(super) fn cache(&mut self, id: RecordId, mut loaded: LoadedDoc) {
        while self.docs.len() >= DOC_CACHE {
            let Some(oldest) = self
                .docs
                .iter()
                .filter(|(k, _)| **k != id)
                .min_by_key(|(_, d)| d.last_used)
                .map(|(k, _)| *k)
            else {
                break;
            };
            self.docs.remove(&oldest);
        }
        self.tick += 1;
        loaded.last_used = self.tick;
        self.docs.insert(id, loaded);
    }

    /// Reads a record from its rows and prepares it for changes (a fresh
    /// actor, its heads, the index entry and conflicts it derives).
    pub(super) fn load_from_disk(&self, id: RecordId) -> Result<LoadedDoc> {
        let damaged = |reason| VaultError::RecordDamaged { id, reason };
        let (mut doc, seqs) = self.read_doc(id)?;
        let kind = model::read_kind(&doc).map_err(|_| damaged(DamageReason::Malformed))?;
        doc.set_actor(ActorId::random());
        let persisted = doc.get_heads();
        let (objs, entry, conflicted) = derived(&doc, id)?;
        Ok(LoadedDoc {
            doc,
            kind,
            objs,
            index: entry,
            conflicted,
            persisted,
            seqs,
            last_used: 0,
        })
    }

    /// Reads a record's document from its rows (see [`Vault::fetch_sealed`]
    /// and [`open_sealed`]).
    pub(super) fn read_doc(&self, id: RecordId) -> Result<(Automerge, Seqs)> {
        let sealed = self.fetch_sealed(id)?;
        open_sealed(self.keys()?, id, &sealed)
    }

    /// A record's chunks as stored, still sealed: the index says which must
    /// be there (`first..=last`), and a missing one is damage.
    pub(super) fn fetch_sealed(&self, id: RecordId) -> Result<SealedDoc> {
        let keys = self.keys()?;
        let rid = keys.row_id(id);
        let index = self.read_index(keys, id, &rid)?;
        self.fetch_chunks(keys, id, rid, &index)
    }

    /// The chunks `index` (the record's index row, already read) says must
    /// be there, still sealed.
    pub(super) fn fetch_chunks(
        &self,
        keys: &Keys,
        id: RecordId,
        rid: RowId,
        index: &StoredIndex,
    ) -> Result<SealedDoc> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT blob FROM chunks WHERE cid = ?1")?;
        let mut blobs = Vec::new();
        for seq in index.first..=index.last {
            let blob: Option<Vec<u8>> = stmt
                .query_row(params![&keys.chunk_id(&rid, seq)[..]], |r| r.get(0))
                .optional()?;
            blobs.push(blob.ok_or(VaultError::RecordDamaged {
                id,
                reason: DamageReason::Missing,
            })?);
        }
        Ok(SealedDoc {
            rid,
            first: index.first,
            last: index.last,
            blobs,
        })
    }

    /// Records read for a bulk reader (an export, the statistics), in the
    /// order of `ids`, each with its own outcome (a damaged record does not
    /// stop the others): cached documents are read where they are; the
    /// others are fetched from the database here, then opened (decrypted,
    /// loaded, read) on every core, borrowing the keys for the call only.
    /// None is cached, so a bulk read neither pays for what only a change
    /// needs (a fresh actor, the derived index entry) nor evicts the
    /// interviews being worked on.
    pub fn read_records(&mut self, ids: &[RecordId]) -> Result<Vec<Result<RecordView>>> {
        self.touch()?;
        let malformed = |id| {
            move |_| VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            }
        };
        let mut out: Vec<Option<Result<RecordView>>> = Vec::with_capacity(ids.len());
        let mut sealed = Vec::new();
        for (i, &id) in ids.iter().enumerate() {
            if let Some(loaded) = self.docs.get(&id) {
                out.push(Some(
                    model::read_view(&loaded.doc, id).map_err(malformed(id)),
                ));
            } else {
                match self.fetch_sealed(id) {
                    Ok(s) => {
                        out.push(None);
                        sealed.push((i, id, s));
                    }
                    Err(e) => out.push(Some(Err(e))),
                }
            }
        }
        let keys = self.keys()?;
        let open = |(i, id, s): &(usize, RecordId, SealedDoc)| {
            let view = open_sealed(keys, *id, s)
                .and_then(|(doc, _)| model::read_view(&doc, *id).map_err(malformed(*id)));
            (*i, view)
        };
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .clamp(1, 8);
        let per = sealed.len().div_ceil(threads).max(1);
        let opened: Vec<(usize, Result<RecordView>)> = if sealed.len() <= 1 || threads == 1 {
            sealed.iter().map(open).collect()
        } else {
            std::thread::scope(|scope| {
                let mut parts = sealed.chunks(per);
                let here = parts.next().unwrap_or(&[]);
                let handles: Vec<_> = parts
                    .map(|part| scope.spawn(move || part.iter().map(open).collect::<Vec<_>>()))
                    .collect();
                let mut all: Vec<_> = here.iter().map(open).collect();
                for h in handles {
                    // A worker only panics if opening a record panicked,
                    // which the main thread would have done too.
                    all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
                }
                all
            })
        };
        for (i, view) in opened {
            out[i] = Some(view);
        }
        Ok(out
            .into_iter()
            .zip(ids)
            .map(|(v, &id)| v.unwrap_or(Err(VaultError::RecordNotFound { id })))
            .collect())
    }

    /// Recomputes a loaded doc's index record from the document, then persists.
    pub(super) fn persist_refreshed(&mut self, id: RecordId) -> Result<()> {
        if let Some(loaded) = self.docs.get_mut(&id) {
            match derived(&loaded.doc, id) {
                Ok((_, index, conflicted)) => {
                    loaded.index = index;
                    loaded.conflicted = conflicted;
                }
                Err(e) => {
                    self.docs.remove(&id);
                    return Err(e);
                }
            }
        }
        self.persist(id)
    }

    /// Writes the unsaved changes of a loaded doc, and its index record, in
    /// one durable transaction. On failure the cached doc is dropped so the
    /// in-memory state never runs ahead of the disk.
    pub(super) fn persist(&mut self, id: RecordId) -> Result<()> {
        let result = self.persist_inner(id);
        if result.is_err() {
            self.docs.remove(&id);
        }
        result
    }

    pub(super) fn persist_inner(&mut self, id: RecordId) -> Result<()> {
        let keys = self.keys.as_ref().ok_or(VaultError::Locked)?;
        let loaded = self
            .docs
            .get_mut(&id)
            .ok_or(VaultError::RecordNotFound { id })?;
        let changes = loaded.doc.save_after(&loaded.persisted);
        if changes.is_empty() {
            return Ok(());
        }
        let (write, seqs) =
            prepare_write(keys, id, &loaded.doc, changes, loaded.seqs, &loaded.index)?;
        self.committed = store::commit_writes(
            &self.conn,
            keys,
            &self.header.vault_id,
            self.committed,
            std::slice::from_ref(&write),
        )?;
        loaded.persisted = loaded.doc.get_heads();
        loaded.seqs = seqs;
        Ok(())
    }
}

/// A record's stored chunks, still sealed, oldest first.
pub(super) struct SealedDoc {
    pub(super) rid: RowId,
    pub(super) first: u64,
    pub(super) last: u64,
    pub(super) blobs: Vec<Vec<u8>>,
}

/// Opens a record's chunks into its document. Each chunk is bound to its
/// record and sequence number, so a reordered, duplicated or foreign chunk
/// is damage, never an older document.
pub(super) fn open_sealed(
    keys: &Keys,
    id: RecordId,
    sealed: &SealedDoc,
) -> Result<(Automerge, Seqs)> {
    let damaged = |reason| VaultError::RecordDamaged { id, reason };
    let mut doc: Option<Automerge> = None;
    let mut seqs = Seqs {
        first: sealed.first,
        last: sealed.last,
        ..Seqs::default()
    };
    // The incremental chunks' changes, applied in one batch after the
    // snapshot (one call per chunk cost more than the changes themselves).
    let mut changes = zeroize::Zeroizing::new(Vec::new());
    for (seq, blob) in (sealed.first..=sealed.last).zip(&sealed.blobs) {
        let chunk = store::open_chunk(keys, &sealed.rid, seq, blob).map_err(damaged)?;
        let plain = chunk.bytes();
        match (&mut doc, chunk.kind) {
            (None, ChunkKind::Snapshot) => {
                doc = Some(Automerge::load(plain).map_err(|_| damaged(DamageReason::Malformed))?);
            }
            // The first chunk is always the newest snapshot.
            (None, ChunkKind::Incremental) | (Some(_), ChunkKind::Snapshot) => {
                return Err(damaged(DamageReason::Malformed));
            }
            (Some(_), ChunkKind::Incremental) => changes.extend_from_slice(plain),
        }
        match chunk.kind {
            ChunkKind::Snapshot => seqs.snapshot_bytes += plain.len() as u64,
            ChunkKind::Incremental => seqs.incremental_bytes += plain.len() as u64,
        }
    }
    let Some(mut doc) = doc else {
        return Err(damaged(DamageReason::Missing));
    };
    if !changes.is_empty() {
        doc.load_incremental(&changes)
            .map_err(|_| damaged(DamageReason::Malformed))?;
    }
    if !doc.get_missing_deps(&[]).is_empty() {
        return Err(damaged(DamageReason::Missing));
    }
    Ok((doc, seqs))
}

/// Whether a record's next write is a whole snapshot whatever its changes
/// weigh: its first write, and every write of a finished record (complete,
/// or consent declined: a finished interview is read far more often than
/// it is changed, by the case list, the exports and the statistics, and
/// loading a snapshot's later changes cost more than the snapshot itself
/// in the export's profile).
pub(super) fn snapshot_due(seqs: &Seqs, entry: &IndexEntry) -> bool {
    seqs.last == 0 || entry.status != Status::InProgress
}

/// Seals one record's next write: its unsaved changes as the next chunk, or
/// the whole document as a new snapshot when [`snapshot_due`] or when the
/// incremental bytes reach the snapshot's (automerge-repo's rule); and its
/// index row. Returns the write and where the record's chunks stand once
/// it is committed.
pub(super) fn prepare_write(
    keys: &Keys,
    id: RecordId,
    doc: &Automerge,
    changes: Vec<u8>,
    seqs: Seqs,
    entry: &IndexEntry,
) -> Result<(RecordWrite, Seqs)> {
    let changes = zeroize::Zeroizing::new(changes);
    let rid = keys.row_id(id);
    let compact = snapshot_due(&seqs, entry)
        || seqs.incremental_bytes + changes.len() as u64 >= seqs.snapshot_bytes;
    let seq = seqs.last + 1;
    let (kind, plain) = if compact {
        (ChunkKind::Snapshot, zeroize::Zeroizing::new(doc.save()))
    } else {
        (ChunkKind::Incremental, changes)
    };
    let chunk_blob = store::seal_chunk(keys, &rid, seq, kind, &plain)?;
    let next = if compact {
        Seqs {
            first: seq,
            last: seq,
            snapshot_bytes: plain.len() as u64,
            incremental_bytes: 0,
        }
    } else {
        Seqs {
            last: seq,
            incremental_bytes: seqs.incremental_bytes + plain.len() as u64,
            ..seqs
        }
    };
    let index_blob = store::seal_index(
        keys,
        &rid,
        &StoredIndex {
            id,
            first: next.first,
            last: next.last,
            entry: entry.clone(),
            heads: Some(store::encode_digest(&store::heads_digest(&doc.get_heads()))),
        },
    )?;
    let delete = if compact && seqs.last > 0 {
        (seqs.first..=seqs.last)
            .map(|s| keys.chunk_id(&rid, s))
            .collect()
    } else {
        Vec::new()
    };
    Ok((
        RecordWrite {
            rid,
            index_blob,
            cid: keys.chunk_id(&rid, seq),
            chunk_blob,
            delete,
        },
        next,
    ))
}

/// A stand-in id for a row whose envelope cannot be opened (its record id
/// is inside it): the row id itself, which nothing else uses.
pub(crate) fn placeholder_id(rid: &RowId) -> RecordId {
    RecordId::from(uuid::Uuid::from_bytes(*rid))
}

/// What a loaded document's cache derives from it: object ids, the index
/// record and the questions in conflict.
pub(super) fn derived(
    doc: &Automerge,
    id: RecordId,
) -> Result<(model::Objs, IndexEntry, BTreeSet<String>)> {
    let damaged = |_| VaultError::RecordDamaged {
        id,
        reason: DamageReason::Malformed,
    };
    Ok((
        model::objs(doc).map_err(damaged)?,
        model::index_entry(doc).map_err(damaged)?,
        model::conflicted(doc).map_err(damaged)?,
    ))
}
