//! Records: creating them, answers and their history, status and
//! metadata, the case list and search, verification, deletion.

use super::*;

impl Vault {
    // ----- records -----------------------------------------------------

    /// Creates an interview record; durable when this returns.
    pub fn create_interview(&mut self, new: NewRecord) -> Result<RecordId> {
        self.create_record(RecordKind::Interview, new)
    }

    /// Creates a vessel inspection record; durable when this returns.
    pub fn create_vessel_inspection(&mut self, new: NewRecord) -> Result<RecordId> {
        self.create_record(RecordKind::VesselInspection, new)
    }

    /// Creates the team document of a published questionnaire under `id`
    /// (derived from its hash, so every publisher writes the same
    /// document), unless it exists. Durable when this returns.
    pub fn create_questionnaire(&mut self, id: RecordId, new: NewRecord) -> Result<()> {
        match self.record(id) {
            Ok(_) => Ok(()),
            Err(VaultError::RecordNotFound { .. }) => self
                .create_record_as(RecordKind::Questionnaire, id, new)
                .map(|_| ()),
            Err(e) => Err(e),
        }
    }

    pub(super) fn create_record(&mut self, kind: RecordKind, new: NewRecord) -> Result<RecordId> {
        self.create_record_as(kind, RecordId::new_random(), new)
    }

    fn create_record_as(
        &mut self,
        kind: RecordKind,
        id: RecordId,
        new: NewRecord,
    ) -> Result<RecordId> {
        self.touch()?;
        let mut doc = Automerge::new().with_actor(ActorId::random());
        {
            let mut tx = doc.transaction();
            model::init_doc(&mut tx, kind, &new)
                .map_err(|_| VaultError::InvalidInput { what: "record" })?;
            tx.commit();
        }
        let (objs, index, conflicted) = derived(&doc, id)?;
        self.cache(
            id,
            LoadedDoc {
                doc,
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
        self.persist(id)?;
        Ok(id)
    }

    /// Records an answer with its provenance. Returns only after the change
    /// is durable on disk (one SQLite transaction, WAL + synchronous=FULL).
    /// Overwrites any concurrent values (so it also resolves a conflict).
    pub fn apply_answer(
        &mut self,
        id: RecordId,
        question: &str,
        value: AnswerValue,
        provenance: Provenance,
    ) -> Result<()> {
        self.write_answer(id, question, value, provenance, false)
    }

    /// Resolves a conflict on `question` by writing the chosen value; fails
    /// with [`VaultError::NoConflict`] if there is none. The history keeps
    /// every concurrent value and marks this entry as a resolution.
    pub fn resolve_conflict(
        &mut self,
        id: RecordId,
        question: &str,
        value: AnswerValue,
        provenance: Provenance,
    ) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        let n = model::answer_candidates(&loaded.doc, question)
            .map_err(|_| VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            })?
            .len();
        if n < 2 {
            return Err(VaultError::NoConflict);
        }
        self.write_answer(id, question, value, provenance, true)
    }

    pub(super) fn write_answer(
        &mut self,
        id: RecordId,
        question: &str,
        value: AnswerValue,
        provenance: Provenance,
        resolution: bool,
    ) -> Result<()> {
        if question.is_empty() {
            return Err(VaultError::InvalidInput { what: "question" });
        }
        self.touch()?;
        let loaded = self.load(id)?;
        let answer = Answer { value, provenance };
        let existed =
            model::put_answer(&mut loaded.doc, &loaded.objs, question, &answer, resolution)
                .map_err(|_| VaultError::RecordDamaged {
                    id,
                    reason: DamageReason::Malformed,
                })?;
        // Keep the index record current without re-reading the document.
        let index = &mut loaded.index;
        if !existed {
            index.answer_count = index.answer_count.saturating_add(1);
        }
        if loaded.conflicted.remove(question) {
            index.conflict_count = index.conflict_count.saturating_sub(1);
        }
        index.updated_at = index.updated_at.max(answer.provenance.at);
        self.persist(id)
    }

    /// Marks a record complete.
    pub fn mark_complete(&mut self, id: RecordId, at: DateTime<Utc>) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_status(&mut loaded.doc, Status::Complete, at).map_err(|_| {
            VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            }
        })?;
        self.persist_refreshed(id)
    }

    /// Sets a record's status (e.g. [`Status::ConsentDeclined`]).
    pub fn set_status(&mut self, id: RecordId, status: Status, at: DateTime<Utc>) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_status(&mut loaded.doc, status, at).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })?;
        self.persist_refreshed(id)
    }

    /// Sets one per-record working value (current question, languages,
    /// notes); durable on return. Keys and values are the caller's; values
    /// are encrypted with the record.
    pub fn set_meta(
        &mut self,
        id: RecordId,
        key: &str,
        value: &UserText,
        at: DateTime<Utc>,
    ) -> Result<()> {
        if key.is_empty() {
            return Err(VaultError::InvalidInput { what: "meta-key" });
        }
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_meta(&mut loaded.doc, key, value, at).map_err(|_| {
            VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            }
        })?;
        self.persist_refreshed(id)
    }

    /// Changes the display title.
    pub fn set_title(&mut self, id: RecordId, title: &UserText, at: DateTime<Utc>) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_title(&mut loaded.doc, title, at).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })?;
        self.persist_refreshed(id)
    }

    /// Records the result a record was completed with (its determination and
    /// the referral categories suggested), so the case list can tell
    /// referrals without loading the document.
    pub fn set_outcome(
        &mut self,
        id: RecordId,
        outcome: &str,
        referrals: &[String],
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::set_outcome(&mut loaded.doc, outcome, referrals, at).map_err(|_| {
            VaultError::RecordDamaged {
                id,
                reason: DamageReason::Malformed,
            }
        })?;
        self.persist_refreshed(id)
    }

    /// Adds a crew interview to a vessel inspection.
    pub fn add_crew_interview(
        &mut self,
        vessel: RecordId,
        interview: RecordId,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.touch()?;
        let loaded = self.load(vessel)?;
        if loaded.kind != RecordKind::VesselInspection {
            return Err(VaultError::WrongKind { id: vessel });
        }
        model::add_crew(&mut loaded.doc, interview, at).map_err(|_| VaultError::RecordDamaged {
            id: vessel,
            reason: DamageReason::Malformed,
        })?;
        self.persist_refreshed(vessel)
    }

    /// Reads a record: its fields and current answers, conflicts included.
    pub fn record(&mut self, id: RecordId) -> Result<RecordView> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::read_view(&loaded.doc, id).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })
    }

    /// One record read as [`Vault::read_records`] reads them: from the cache
    /// when it is there, otherwise straight from its chunks without caching
    /// it.
    pub fn read_record(&mut self, id: RecordId) -> Result<RecordView> {
        self.read_records(&[id])?
            .pop()
            .unwrap_or(Err(VaultError::RecordNotFound { id }))
    }

    /// Every answer ever given to `question`, oldest first.
    pub fn answer_history(&mut self, id: RecordId, question: &str) -> Result<Vec<HistoryEntry>> {
        self.touch()?;
        let loaded = self.load(id)?;
        model::history(&loaded.doc, question).map_err(|_| VaultError::RecordDamaged {
            id,
            reason: DamageReason::Malformed,
        })
    }

    /// Deletes a record and its chunks (SQLite `secure_delete` overwrites
    /// them) and takes it out of the vault-wide commitment, in one durable
    /// transaction. A record whose index cannot be read is refused (its
    /// chunks could not be found, and the commitment could not be kept).
    pub fn delete(&mut self, id: RecordId) -> Result<()> {
        self.touch()?;
        self.settle()?;
        self.docs.remove(&id);
        let keys = self.keys.as_ref().ok_or(VaultError::Locked)?;
        let rid = keys.row_id(id);
        let index = self.read_index(keys, id, &rid)?;
        let sum = self
            .committed
            .wrapping_sub(keys.weight(&rid).wrapping_mul(u128::from(index.last)));
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        for seq in index.first..=index.last {
            tx.prepare_cached("DELETE FROM chunks WHERE cid = ?1")?
                .execute(params![&keys.chunk_id(&rid, seq)[..]])?;
        }
        // Journal rows a fold could not take (the record unreadable) go
        // with it too.
        for jid in self.pending.get(&id).into_iter().flatten() {
            tx.prepare_cached("DELETE FROM journal WHERE jid = ?1")?
                .execute(params![jid])?;
        }
        tx.execute("DELETE FROM records WHERE rid = ?1", params![&rid[..]])?;
        let state = store::State {
            sum,
            journal: self.journal,
        };
        store::write_state(&tx, keys, &self.header.vault_id, state)?;
        tx.commit()?;
        self.committed = sum;
        self.pending.remove(&id);
        Ok(())
    }

    /// A record's index row, decrypted and checked (rolled back records are
    /// reported as damaged).
    pub(super) fn read_index(&self, keys: &Keys, id: RecordId, rid: &RowId) -> Result<StoredIndex> {
        let damaged = |reason| VaultError::RecordDamaged { id, reason };
        let blob: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT blob FROM records WHERE rid = ?1")?
            .query_row(params![&rid[..]], |r| r.get(0))
            .optional()?;
        let blob = blob.ok_or(VaultError::RecordNotFound { id })?;
        let index = store::open_index(keys, rid, &blob).map_err(damaged)?;
        if self.rolled_back.contains(rid) {
            return Err(damaged(DamageReason::RolledBack));
        }
        Ok(index)
    }

    /// The case list from the encrypted index records (documents are not
    /// loaded). Damaged records are listed as such, never dropped. Sorted by
    /// latest change, newest first; damaged records last.
    pub fn list(&mut self) -> Result<Vec<CaseSummary>> {
        self.touch()?;
        self.settle()?;
        let keys = self.keys()?;
        let mut out = Vec::new();
        for (rid, blob) in store::record_rows(&self.conn)? {
            let (id, state) = match store::open_index(keys, &rid, &blob) {
                Ok(_) if self.rolled_back.contains(&rid) => (
                    store::open_index(keys, &rid, &blob)
                        .map(|i| i.id)
                        .unwrap_or_else(|_| placeholder_id(&rid)),
                    RecordState::Damaged {
                        reason: DamageReason::RolledBack,
                    },
                ),
                Ok(index) => (index.id, RecordState::Ok(index.entry)),
                // The record's id is inside the envelope: a damaged row is
                // listed under its row id.
                Err(reason) => (placeholder_id(&rid), RecordState::Damaged { reason }),
            };
            out.push(CaseSummary { id, state });
        }
        // Rows come in row-id order (keyed hashes, so random): ties on the
        // latest change are broken by what the records say — an inspection
        // before its crew interviews, then the older first — and the id.
        let inspection_first = |k: RecordKind| u8::from(k != RecordKind::VesselInspection);
        out.sort_by(|a, b| match (&a.state, &b.state) {
            (RecordState::Ok(x), RecordState::Ok(y)) => y
                .updated_at
                .cmp(&x.updated_at)
                .then_with(|| inspection_first(x.kind).cmp(&inspection_first(y.kind)))
                .then_with(|| x.created_at.cmp(&y.created_at))
                .then_with(|| a.id.cmp(&b.id)),
            (RecordState::Ok(_), _) => std::cmp::Ordering::Less,
            (_, RecordState::Ok(_)) => std::cmp::Ordering::Greater,
            _ => a.id.cmp(&b.id),
        });
        Ok(out)
    }

    /// Every record with a digest of its heads ([`crate::heads_digest`]),
    /// read from the encrypted index rows (no document is loaded, except a
    /// record whose row predates the digest: computed from its document).
    /// What a nearby session compares; a damaged or rolled-back record
    /// fails it, as loading the record would.
    pub fn inventory(&mut self) -> Result<Vec<(RecordId, [u8; 16])>> {
        self.touch()?;
        self.settle()?;
        let mut out = Vec::new();
        let mut older = Vec::new();
        {
            let keys = self.keys()?;
            for (rid, blob) in store::record_rows(&self.conn)? {
                let index = store::open_index(keys, &rid, &blob).map_err(|reason| {
                    VaultError::RecordDamaged {
                        id: placeholder_id(&rid),
                        reason,
                    }
                })?;
                if self.rolled_back.contains(&rid) {
                    return Err(VaultError::RecordDamaged {
                        id: index.id,
                        reason: DamageReason::RolledBack,
                    });
                }
                // A document loaded with unsaved changes is not possible
                // between calls (every write persists), so the row is current.
                match stored_digest(&index) {
                    Some(d) => out.push((index.id, d)),
                    None => older.push(index.id),
                }
            }
        }
        for id in older {
            let heads = self.load(id)?.doc.get_heads();
            out.push((id, store::heads_digest(&heads)));
        }
        Ok(out)
    }

    /// One record's [`crate::heads_digest`] as [`Vault::inventory`] gives
    /// it (`None`: no such record).
    pub fn digest(&mut self, id: RecordId) -> Result<Option<[u8; 16]>> {
        self.touch()?;
        self.settle()?;
        let keys = self.keys()?;
        let rid = keys.row_id(id);
        let index = match self.read_index(keys, id, &rid) {
            Ok(index) => index,
            Err(VaultError::RecordNotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        if let Some(d) = stored_digest(&index) {
            return Ok(Some(d));
        }
        let heads = self.load(id)?.doc.get_heads();
        Ok(Some(store::heads_digest(&heads)))
    }

    /// Case-insensitive search in the index records (title, questionnaire
    /// id, language, record id). Damaged records never match.
    pub fn search(&mut self, query: &str) -> Result<Vec<CaseSummary>> {
        let needle = query.to_lowercase();
        Ok(self
            .list()?
            .into_iter()
            .filter(|c| match &c.state {
                RecordState::Ok(e) => {
                    e.title.to_lowercase().contains(&needle)
                        || e.form_id.to_lowercase().contains(&needle)
                        || e.language.to_lowercase() == needle
                        || c.id.to_string().contains(&needle)
                }
                RecordState::Damaged { .. } => false,
            })
            .collect())
    }

    /// Decrypts and checks every chunk of a record without keeping it loaded.
    pub fn verify(&mut self, id: RecordId) -> Result<()> {
        self.touch()?;
        self.flush_held()?;
        self.docs.remove(&id);
        self.load(id).map(|_| ())
    }

    /// Decrypts and checks every record (slow: loads every document) and
    /// returns those that are damaged. Nothing is changed or deleted.
    pub fn verify_all(&mut self) -> Result<Vec<(RecordId, DamageReason)>> {
        self.touch()?;
        self.settle()?;
        let keys = self.keys()?;
        let mut ids = Vec::new();
        let mut damaged = Vec::new();
        for (rid, blob) in store::record_rows(&self.conn)? {
            match store::open_index(keys, &rid, &blob) {
                Ok(index) => ids.push(index.id),
                Err(reason) => damaged.push((placeholder_id(&rid), reason)),
            }
        }
        for id in ids {
            match self.load_from_disk(id) {
                Ok(_) => {}
                Err(VaultError::RecordDamaged { reason, .. }) => damaged.push((id, reason)),
                Err(e) => return Err(e),
            }
        }
        Ok(damaged)
    }
}

/// The heads digest an index row keeps, if it is one that keeps it.
fn stored_digest(index: &StoredIndex) -> Option<[u8; 16]> {
    store::decode_digest(index.heads.as_deref()?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A row written before the digest was kept (no `h`): the inventory
    /// computes it from the document instead, and the next write keeps it.
    #[test]
    fn a_row_without_a_kept_digest_is_computed_from_its_document() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = Vault::create(
            dir.path(),
            &crate::Passphrase::from("older rows"),
            crate::VaultOptions {
                kdf: crate::KdfParams::insecure_for_tests(),
                ..crate::VaultOptions::default()
            },
        )
        .unwrap();
        let id = v
            .create_interview(crate::NewRecord {
                form: crate::FormRef {
                    id: "f".into(),
                    version: "1".into(),
                    hash: "sha256:00".into(),
                },
                language: "en".into(),
                device_id: "d".into(),
                created_at: chrono::DateTime::from_timestamp(1_750_000_000, 0).unwrap(),
                title: crate::UserText::from("older"),
            })
            .unwrap();
        let right = store::heads_digest(&v.heads(id).unwrap());
        // Rewrites the row with `heads` as its kept digest, and forgets the
        // document (as a reopened vault would not have it).
        let rewrite = |v: &mut Vault, heads: Option<String>| {
            let keys = v.keys().unwrap();
            let rid = keys.row_id(id);
            let mut index = v.read_index(keys, id, &rid).unwrap();
            index.heads = heads;
            let blob = store::seal_index(keys, &rid, &index).unwrap();
            v.conn
                .execute(
                    "UPDATE records SET blob = ?1 WHERE rid = ?2",
                    params![blob, &rid[..]],
                )
                .unwrap();
            v.docs.clear();
        };
        let kept = |v: &Vault| {
            let keys = v.keys().unwrap();
            stored_digest(&v.read_index(keys, id, &keys.row_id(id)).unwrap())
        };
        assert_eq!(kept(&v), Some(right), "kept by the write");
        // As an earlier version wrote it: no digest.
        rewrite(&mut v, None);
        assert_eq!(kept(&v), None);
        assert_eq!(v.inventory().unwrap(), vec![(id, right)]);
        assert_eq!(v.digest(id).unwrap(), Some(right));
        // A kept digest that is not one is not trusted either.
        rewrite(&mut v, Some("not a digest".into()));
        assert_eq!(v.inventory().unwrap(), vec![(id, right)]);
    }
}
