//! What the sync layer uses: sealed chunks, Automerge changes and sync
//! messages, batched merges in one transaction.

use super::docs::on_every_core;
use super::*;

impl Vault {
    // ----- chunks for sync ----------------------------------------------

    /// The record's stored chunks, still encrypted, in sequence order.
    pub fn export_chunks(&mut self, id: RecordId) -> Result<Vec<SealedChunk>> {
        self.touch()?;
        self.settle()?;
        let keys = self.keys()?;
        let rid = keys.row_id(id);
        let index = self.read_index(keys, id, &rid)?;
        let mut out = Vec::new();
        for seq in index.first..=index.last {
            let blob: Option<Vec<u8>> = self
                .conn
                .prepare_cached("SELECT blob FROM chunks WHERE cid = ?1")?
                .query_row(params![&keys.chunk_id(&rid, seq)[..]], |r| r.get(0))
                .optional()?;
            let bytes = blob.ok_or(VaultError::RecordDamaged {
                id,
                reason: DamageReason::Missing,
            })?;
            out.push(SealedChunk { seq, bytes });
        }
        Ok(out)
    }

    /// Merges chunks exported from a vault sharing this data key (e.g. a
    /// copy of this vault on another device). Order and duplicates do not
    /// matter. Creates the record if it is new here. Durable when it returns.
    pub fn import_chunks(&mut self, id: RecordId, chunks: &[SealedChunk]) -> Result<()> {
        self.touch()?;
        let mut plains = Vec::with_capacity(chunks.len());
        {
            let keys = self.keys()?;
            let rid = keys.row_id(id);
            for c in chunks {
                let chunk = store::open_chunk(keys, &rid, c.seq, &c.bytes)
                    .map_err(|reason| VaultError::RecordDamaged { id, reason })?;
                plains.push(zeroize::Zeroizing::new(chunk.bytes().to_vec()));
            }
        }
        self.merge(id, plains.iter().map(|p| p.as_slice()))
    }

    /// Merges plaintext Automerge changes (from the sync layer, which does its
    /// own encryption on the wire). Durable when it returns.
    pub fn merge_changes(&mut self, id: RecordId, changes: &[u8]) -> Result<()> {
        self.touch()?;
        self.merge(id, std::iter::once(changes))
    }

    /// Plaintext Automerge changes of a record not covered by `since` (all
    /// of them for an empty slice), for the sync layer.
    pub fn export_changes(&mut self, id: RecordId, since: &[ChangeHash]) -> Result<Vec<u8>> {
        self.touch()?;
        Ok(self.load(id)?.doc.save_after(since))
    }

    /// The whole record as one compacted Automerge document (what
    /// `merge_changes` accepts too): the smallest form to send a record
    /// the other side has nothing of.
    pub fn export_snapshot(&mut self, id: RecordId) -> Result<Vec<u8>> {
        self.touch()?;
        Ok(self.load(id)?.doc.save())
    }

    /// Current Automerge heads of a record.
    pub fn heads(&mut self, id: RecordId) -> Result<Vec<ChangeHash>> {
        self.touch()?;
        Ok(self.load(id)?.doc.get_heads())
    }

    pub(super) fn merge<'a>(
        &mut self,
        id: RecordId,
        parts: impl Iterator<Item = &'a [u8]>,
    ) -> Result<()> {
        self.merge_with(id, |doc| {
            for p in parts {
                doc.load_incremental(p).map_err(|_| ())?;
            }
            Ok(())
        })
    }

    /// Automerge sync protocol, this side: the next message for the peer
    /// whose progress on record `id` is `state` (`None`: nothing to say
    /// now). A record this vault lacks is an empty document here, so the
    /// message asks the peer for all of it. Used by device-to-device sync
    /// inside an authenticated, encrypted channel (never written to disk).
    pub fn sync_message(&mut self, id: RecordId, state: &mut SyncState) -> Result<Option<Vec<u8>>> {
        self.touch()?;
        let empty;
        let doc = if self.record_exists(id)? {
            &self.load(id)?.doc
        } else {
            empty = Automerge::new();
            &empty
        };
        // Automerge asserts on states it never produced itself; a hostile
        // peer's earlier message must not bring the app down.
        let msg = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            doc.generate_sync_message(state)
        }))
        .map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })?;
        Ok(msg.map(|m| m.encode()))
    }

    /// Automerge sync protocol, the peer's message about record `id`:
    /// merges the changes it carries (creating the record if it is new
    /// here) and updates `state`. Validated like [`Vault::merge_changes`]:
    /// a message that does not decode or leaves the record unreadable is
    /// [`VaultError::RecordDamaged`] and changes nothing. Durable when it
    /// returns.
    pub fn receive_sync_message(
        &mut self,
        id: RecordId,
        state: &mut SyncState,
        message: &[u8],
    ) -> Result<()> {
        self.touch()?;
        let msg =
            automerge::sync::Message::decode(message).map_err(|_| VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            })?;
        self.merge_with(id, |doc| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                doc.receive_sync_message(state, msg)
            }))
            .map_err(|_| ())?
            .map_err(|_| ())
        })
    }

    /// Applies `f` to a fork of record `id` (an empty document if it is new
    /// here), checks the result is a readable record and persists it in one
    /// durable transaction. `Err(())` from `f` or an unreadable result
    /// leaves the record as it was.
    pub(super) fn merge_with(
        &mut self,
        id: RecordId,
        f: impl FnOnce(&mut Automerge) -> std::result::Result<(), ()>,
    ) -> Result<()> {
        let exists = self.record_exists(id)?;
        let mut scratch;
        let doc: &mut Automerge = if exists {
            &mut self.load(id)?.doc
        } else {
            scratch = Automerge::new();
            &mut scratch
        };
        let before = doc.get_heads();
        // Merge into a fork so a bad chunk leaves the loaded doc untouched.
        let mut merged = doc.fork();
        let malformed = VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        };
        f(&mut merged).map_err(|()| malformed)?;
        if merged.get_heads() == before {
            return Ok(());
        }
        let kind = model::read_kind(&merged).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })?;
        merged.set_actor(ActorId::random());
        let (objs, index, conflicted) = derived(&merged, id)?;
        if exists {
            let loaded = self.load(id)?;
            loaded.doc = merged;
            loaded.objs = objs;
            loaded.index = index;
            loaded.conflicted = conflicted;
        } else {
            self.cache(
                id,
                LoadedDoc {
                    doc: merged,
                    kind,
                    objs,
                    index,
                    conflicted,
                    persisted: Vec::new(),
                    chunked: Vec::new(),
                    seqs: Seqs::default(),
                    last_used: 0,
                },
            );
        }
        self.persist(id)
    }

    pub(super) fn record_exists(&self, id: RecordId) -> Result<bool> {
        let rid = self.keys()?.row_id(id);
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM records WHERE rid = ?1")?
            .exists(params![&rid[..]])?)
    }
}

/// What [`Vault::merge_many`] did to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The record.
    pub id: RecordId,
    /// Its heads before the merge (empty if it was new here).
    pub before: Vec<ChangeHash>,
    /// Its heads after the merge (equal to `before` when nothing was new).
    pub after: Vec<ChangeHash>,
}

impl Vault {
    // ----- batched sync helpers -----------------------------------------

    /// Merges plaintext Automerge changes into many records (from the sync
    /// layer; the same record may appear several times, order and
    /// duplicates do not matter) in **one** durable SQLite transaction.
    /// All or nothing per call: every part is validated first (a damaged
    /// part is [`VaultError::RecordDamaged`] for its record, and then
    /// nothing at all is written and the loaded records are untouched);
    /// durable when it returns. Creates records that are new here. Returns,
    /// per distinct record in first-seen order, its heads before and after.
    pub fn merge_many(&mut self, parts: &[(RecordId, &[u8])]) -> Result<Vec<Merged>> {
        self.touch()?;
        self.flush_held()?;
        let mut order: Vec<RecordId> = Vec::new();
        let mut by_id: HashMap<RecordId, Vec<&[u8]>> = HashMap::new();
        for (id, bytes) in parts {
            by_id
                .entry(*id)
                .or_insert_with(|| {
                    order.push(*id);
                    Vec::new()
                })
                .push(bytes);
        }
        // A record new here that came as one part is stored as it came
        // (one snapshot chunk: no Automerge save), and only if it loads
        // whole on its own, exactly as it will be read back (a truncated
        // or padded record is damage, never stored as if whole); those are
        // loaded on every core first.
        let mut fresh: Vec<(RecordId, &[u8])> = Vec::new();
        for id in &order {
            if let Some([one]) = by_id.get(id).map(Vec::as_slice)
                && !self.record_exists(*id)?
            {
                fresh.push((*id, one));
            }
        }
        let mut received: HashMap<RecordId, Option<Received>> =
            on_every_core(&fresh, |(id, bytes)| (*id, Received::load(bytes)))
                .into_iter()
                .collect();
        // Validate and merge every record into a fork; nothing is written
        // and no cached document changes until the transaction commits.
        let mut out = Vec::with_capacity(order.len());
        let mut pending: Vec<(RecordId, LoadedDoc)> = Vec::new();
        let mut writes: Vec<RecordWrite> = Vec::new();
        for id in &order {
            let id = *id;
            let damaged = || VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            };
            if let Some(r) = received.remove(&id)
                && let Some(&[bytes]) = by_id.get(&id).map(Vec::as_slice)
            {
                let r = r.ok_or_else(damaged)?;
                writes.push(r.write(self.keys()?, id, bytes)?);
                out.push(Merged {
                    id,
                    before: Vec::new(),
                    after: r.heads,
                });
                continue;
            }
            let exists = self.record_exists(id)?;
            let (mut merged, persisted, seqs) = if exists {
                let l = self.load(id)?;
                (l.doc.fork(), l.chunked.clone(), l.seqs)
            } else {
                (Automerge::new(), Vec::new(), Seqs::default())
            };
            let before = if exists {
                merged.get_heads()
            } else {
                Vec::new()
            };
            for p in by_id.get(&id).into_iter().flatten() {
                merged.load_incremental(p).map_err(|_| damaged())?;
            }
            let kind = model::read_kind(&merged).map_err(|_| damaged())?;
            let after = merged.get_heads();
            if after == before {
                out.push(Merged { id, before, after });
                continue;
            }
            merged.set_actor(ActorId::random());
            let (objs, index, conflicted) = derived(&merged, id)?;
            // A record written as one snapshot (new here, or finished:
            // prepare_write saves the whole document then) needs no changes.
            let changes = if snapshot_due(&seqs, &index) {
                Vec::new()
            } else {
                merged.save_after(&persisted)
            };
            let (write, next) = prepare_write(self.keys()?, id, &merged, changes, seqs, &index)?;
            writes.push(write);
            pending.push((
                id,
                LoadedDoc {
                    doc: merged,
                    kind,
                    objs,
                    index,
                    conflicted,
                    persisted: after.clone(),
                    chunked: after.clone(),
                    seqs: next,
                    last_used: 0,
                },
            ));
            out.push(Merged { id, before, after });
        }
        if writes.is_empty() {
            return Ok(out);
        }
        let written: Vec<RecordId> = pending.iter().map(|(id, _)| *id).collect();
        self.commit(writes, &written)?;
        for (id, loaded) in pending {
            self.docs.remove(&id);
            self.cache(id, loaded);
        }
        Ok(out)
    }

    /// A record's current heads and, from the same load, the changes not
    /// covered by `since`, or the whole record compacted (as
    /// [`Vault::export_snapshot`]) when `since` is empty: what a push needs,
    /// without loading the record twice.
    pub fn export_for_sync(
        &mut self,
        id: RecordId,
        since: &[ChangeHash],
    ) -> Result<(Vec<ChangeHash>, Vec<u8>)> {
        self.touch()?;
        let doc = &self.load(id)?.doc;
        let bytes = if since.is_empty() {
            doc.save()
        } else {
            doc.save_after(since)
        };
        Ok((doc.get_heads(), bytes))
    }
}

/// A record new here, loaded from the one part it came as: what its
/// first write needs besides those bytes.
struct Received {
    heads: Vec<ChangeHash>,
    entry: IndexEntry,
}

impl Received {
    /// `None` unless `bytes` load on their own (strictly: no partial
    /// load, no missing dependency) into a readable record, exactly as
    /// `open_sealed` will load them from its snapshot chunk.
    fn load(bytes: &[u8]) -> Option<Received> {
        let doc = Automerge::load(bytes).ok()?;
        if !doc.get_missing_deps(&[]).is_empty() {
            return None;
        }
        // What `derived` checks (the index entry reads the kind and the
        // conflicts itself), without deriving the conflicts twice.
        model::objs(&doc).ok()?;
        let entry = model::index_entry(&doc).ok()?;
        Some(Received {
            heads: doc.get_heads(),
            entry,
        })
    }

    /// The record's first write: `bytes` as its one snapshot chunk (what
    /// `prepare_write` writes for a new record, without saving again).
    fn write(&self, keys: &Keys, id: RecordId, bytes: &[u8]) -> Result<RecordWrite> {
        let rid = keys.row_id(id);
        let chunk_blob = store::seal_chunk(keys, &rid, 1, ChunkKind::Snapshot, bytes)?;
        let index_blob = store::seal_index(
            keys,
            &rid,
            &StoredIndex {
                id,
                first: 1,
                last: 1,
                entry: self.entry.clone(),
                heads: Some(store::encode_digest(&store::heads_digest(&self.heads))),
            },
        )?;
        Ok(RecordWrite {
            rid,
            index_blob,
            cid: keys.chunk_id(&rid, 1),
            chunk_blob,
            delete: Vec::new(),
        })
    }
}
