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
    /// document beyond [`DOC_CACHE`] (one with journal rows last: the next
    /// fold needs it; one with changes held, never). Every other cached
    /// document is fully persisted between calls, so eviction never loses
    /// a change.
    pub(super) fn cache(&mut self, id: RecordId, mut loaded: LoadedDoc) {
        while self.docs.len() >= DOC_CACHE {
            let Some(oldest) = self
                .docs
                .iter()
                .filter(|(k, _)| **k != id && !self.dirty.contains(k))
                .min_by_key(|(k, d)| (self.pending.contains_key(k), d.last_used))
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
        let sealed = self.fetch_sealed(id)?;
        let (mut doc, seqs, chunked) = open_sealed(self.keys()?, id, &sealed)?;
        let kind = model::read_kind(&doc).map_err(|_| damaged(DamageReason::Malformed))?;
        doc.set_actor(ActorId::random());
        let persisted = doc.get_heads();
        let chunked = chunked.unwrap_or_else(|| persisted.clone());
        let (objs, entry, conflicted) = derived(&doc, id)?;
        Ok(LoadedDoc {
            doc,
            kind,
            objs,
            index: entry,
            conflicted,
            persisted,
            chunked,
            seqs,
            last_used: 0,
        })
    }

    /// A record's chunks as stored, still sealed: the index says which must
    /// be there (`first..=last`), and a missing one is damage; and its
    /// journal rows not folded yet.
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
        let mut journal = Vec::new();
        if let Some(jids) = self.pending.get(&id) {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT blob FROM journal WHERE jid = ?1")?;
            for &jid in jids {
                let blob: Vec<u8> = stmt
                    .query_row(params![jid], |r| r.get(0))
                    .optional()?
                    .ok_or(VaultError::RecordDamaged {
                        id,
                        reason: DamageReason::Missing,
                    })?;
                journal.push((jid, blob));
            }
        }
        Ok(SealedDoc {
            rid,
            vault_id: self.header.vault_id,
            first: index.first,
            last: index.last,
            blobs,
            journal,
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
                .and_then(|(doc, _, _)| model::read_view(&doc, *id).map_err(malformed(*id)));
            (*i, view)
        };
        let opened = on_every_core(&sealed, open);
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

    /// Writes the unsaved changes of a loaded doc durably (kept in memory
    /// instead while held: see [`Vault::hold`]): one journal row (see
    /// [`journal_due`]), or a chunk with its index record, every journal
    /// row folded, in one durable transaction. On failure the cached doc
    /// is dropped so the in-memory state never runs ahead of the disk.
    pub(super) fn persist(&mut self, id: RecordId) -> Result<()> {
        if self.held {
            self.dirty.insert(id);
            return Ok(());
        }
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
        let heads = loaded.doc.get_heads();
        if heads == loaded.persisted {
            return Ok(());
        }
        let journaled = self.pending.get(&id).map_or(0, Vec::len);
        if journal_due(&loaded.seqs, &loaded.index, journaled) {
            let changes = zeroize::Zeroizing::new(loaded.doc.save_after(&loaded.persisted));
            let jid = match self.next_jid {
                Some(j) => j,
                None => random_jid()?,
            };
            let vault_id = &self.header.vault_id;
            let blob = store::seal_journal(keys, vault_id, jid, id, self.journal, &changes)?;
            store::append_journal(&self.conn, jid, &blob)?;
            self.next_jid = jid.checked_add(1);
            self.journal += 1;
            loaded.persisted = heads;
            self.pending.entry(id).or_default().push(jid);
            return Ok(());
        }
        // Everything since its chunks: its journal rows are folded into
        // this write.
        let changes = loaded.doc.save_after(&loaded.chunked);
        let (write, seqs) =
            prepare_write(keys, id, &loaded.doc, changes, loaded.seqs, &loaded.index)?;
        self.commit(vec![write], &[id])?;
        if let Some(loaded) = self.docs.get_mut(&id) {
            loaded.chunked = heads.clone();
            loaded.persisted = heads;
            loaded.seqs = seqs;
        }
        Ok(())
    }

    /// Commits `writes` (of the records `written`, whose journal rows they
    /// cover) and, in the same durable transaction, folds every other
    /// record's journal rows: each written as a chunk with its index row,
    /// the rows deleted. The caller updates its written records' cache
    /// entries once this returns. A record with changes held (being
    /// written by [`Vault::flush_held`]) is folded by a later commit.
    pub(super) fn commit(
        &mut self,
        mut writes: Vec<RecordWrite>,
        written: &[RecordId],
    ) -> Result<()> {
        let mut done: Vec<i64> = self.stale_journal.clone();
        for id in written {
            done.extend(self.pending.get(id).into_iter().flatten());
        }
        let others: Vec<RecordId> = self
            .pending
            .keys()
            .filter(|id| !written.contains(id) && !self.dirty.contains(id))
            .copied()
            .collect();
        let mut folded = Vec::new();
        for id in others {
            // A record that cannot be read cannot be folded: its journal
            // rows stay (read with it; the next unlock tries again), and
            // the others go on.
            if self.load(id).is_err() {
                continue;
            }
            let keys = self.keys.as_ref().ok_or(VaultError::Locked)?;
            let loaded = self
                .docs
                .get(&id)
                .ok_or(VaultError::RecordNotFound { id })?;
            let changes = loaded.doc.save_after(&loaded.chunked);
            if !changes.is_empty() {
                let (write, next) =
                    prepare_write(keys, id, &loaded.doc, changes, loaded.seqs, &loaded.index)?;
                writes.push(write);
                folded.push((id, Some(next)));
            } else {
                folded.push((id, None));
            }
            done.extend(self.pending.get(&id).into_iter().flatten());
        }
        let keys = self.keys.as_ref().ok_or(VaultError::Locked)?;
        self.committed = store::commit_writes(
            &self.conn,
            keys,
            &self.header.vault_id,
            self.committed,
            &writes,
            &done,
            self.journal,
        )?;
        self.stale_journal.clear();
        for id in written {
            self.pending.remove(id);
        }
        for (id, next) in folded {
            self.pending.remove(&id);
            if let Some(loaded) = self.docs.get_mut(&id) {
                loaded.chunked = loaded.persisted.clone();
                if let Some(next) = next {
                    loaded.seqs = next;
                }
            }
        }
        if self.pending.is_empty() {
            self.next_jid = None;
        }
        Ok(())
    }

    /// Folds every journal row into its record's chunks, index row and the
    /// commitment (one durable transaction; nothing to do when none
    /// waits). The vault does it itself before anything reads index rows or
    /// writes otherwise, at the lock and at the next unlock; a caller may
    /// ask for it earlier (before copying the files, say).
    pub fn settle(&mut self) -> Result<()> {
        self.flush_held()?;
        if self.pending.is_empty() && self.stale_journal.is_empty() {
            return Ok(());
        }
        self.commit(Vec::new(), &[])
    }

    /// Holds this handle's writes until [`Vault::release`]: changes made
    /// meanwhile stay in memory and are written then, each record's as one
    /// write (one journal row for an answer and what goes with it, such as
    /// the position the app keeps). Anything that reads the disk or writes
    /// otherwise meanwhile writes them first. For one command that makes
    /// several changes; the caller releases before it answers.
    pub fn hold(&mut self) {
        self.held = true;
    }

    /// Writes what was held (see [`Vault::hold`]); durable when it returns.
    /// A record whose write fails is dropped from memory, as a failed write
    /// always is, and the first error is returned.
    pub fn release(&mut self) -> Result<()> {
        self.held = false;
        self.flush_held()
    }

    /// Writes the records changed while held, holding again afterwards if
    /// the handle was holding.
    pub(super) fn flush_held(&mut self) -> Result<()> {
        if self.dirty.is_empty() {
            return Ok(());
        }
        let was = std::mem::replace(&mut self.held, false);
        let mut first = Ok(());
        // One at a time: the others stay marked while one is written.
        while let Some(id) = self.dirty.pop_first() {
            if let Err(e) = self.persist(id)
                && first.is_ok()
            {
                first = Err(e);
            }
        }
        self.held = was;
        first
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

/// A random start for journal row ids (a positive `i64` with room for
/// 2^61 rows after it).
fn random_jid() -> Result<i64> {
    let b = crate::crypto::random_bytes::<8>()?;
    Ok(i64::from_le_bytes(b).rem_euclid(1 << 61) + 1)
}

/// A record's stored chunks, still sealed, oldest first, and its journal
/// rows not folded yet.
pub(super) struct SealedDoc {
    pub(super) rid: RowId,
    pub(super) vault_id: uuid::Uuid,
    pub(super) first: u64,
    pub(super) last: u64,
    pub(super) blobs: Vec<Vec<u8>>,
    pub(super) journal: Vec<(i64, Vec<u8>)>,
}

/// Opens a record's chunks into its document, then its journal rows. Each
/// chunk is bound to its record and sequence number, so a reordered,
/// duplicated or foreign chunk is damage, never an older document; a
/// journal row must name the record. Returns the document, where its
/// chunks stand, and (when it had journal rows) the heads its chunks hold.
pub(super) fn open_sealed(
    keys: &Keys,
    id: RecordId,
    sealed: &SealedDoc,
) -> Result<(Automerge, Seqs, Option<Vec<ChangeHash>>)> {
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
    let mut chunked = None;
    if !sealed.journal.is_empty() {
        chunked = Some(doc.get_heads());
        let mut journaled = zeroize::Zeroizing::new(Vec::new());
        for (jid, blob) in &sealed.journal {
            let entry = store::open_journal(keys, &sealed.vault_id, *jid, blob).map_err(damaged)?;
            if entry.id != id {
                return Err(damaged(DamageReason::Malformed));
            }
            journaled.extend_from_slice(entry.bytes());
        }
        doc.load_incremental(&journaled)
            .map_err(|_| damaged(DamageReason::Malformed))?;
    }
    if !doc.get_missing_deps(&[]).is_empty() {
        return Err(damaged(DamageReason::Missing));
    }
    Ok((doc, seqs, chunked))
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

/// Whether a record's next write is journaled alone (one row, no chunk, no
/// index row, no state row: see [`crate::store`]): an interview in
/// progress, already stored, with fewer than [`JOURNAL_MAX`] journal rows.
pub(super) fn journal_due(seqs: &Seqs, entry: &IndexEntry, journaled: usize) -> bool {
    !snapshot_due(seqs, entry) && journaled < JOURNAL_MAX
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
    let objs = model::objs(doc).map_err(damaged)?;
    let (index, conflicted) = model::index_and_conflicts(doc).map_err(damaged)?;
    Ok((objs, index, conflicted))
}
