//! Locking and unlocking: the passphrase, the failed-attempt counter and
//! its delays, the idle lock, the rollback check at unlock.

use super::*;

/// A readable index row: its row id, its record and the `last` it says.
pub(crate) type IndexedRow = (RowId, RecordId, u64);

impl Vault {
    /// True while locked (also locks if the idle timeout has passed).
    pub fn is_locked(&mut self) -> bool {
        self.check_idle();
        self.keys.is_none()
    }

    /// Changes how long the vault may stay unused before it locks itself
    /// (`None`: never), from now on; the time already idle counts.
    pub fn set_idle_timeout(&mut self, limit: Option<Duration>) {
        self.options.idle_timeout = limit;
    }

    /// Locks if idle for longer than the configured timeout. Call it from a
    /// timer; returns true if the vault is locked afterwards.
    pub fn check_idle(&mut self) -> bool {
        if self.keys.is_some()
            && let Some(limit) = self.options.idle_timeout
            && self
                .options
                .clock
                .monotonic()
                .saturating_duration_since(self.last_activity)
                >= limit
        {
            self.lock();
        }
        self.keys.is_none()
    }

    /// Forgets the data key and every decrypted document.
    pub fn lock(&mut self) {
        // Changes held are written (by the fold, first; if that fails, a
        // held change is lost with the memory, as it would be with the
        // app: it was never acknowledged); folding itself is tidying, not
        // saving (every answer is durable already): if it fails here, the
        // next unlock folds.
        self.held = false;
        let _ = self.settle();
        self.dirty.clear();
        self.keys = None;
        self.pending.clear();
        self.next_jid = None;
        self.docs.clear();
        self.rolled_back.clear();
    }

    /// The counter as far as it can be believed; a counter that cannot be
    /// (missing, forged, another epoch) is replaced by a fail-closed one,
    /// anchored now and written, so its wait runs from this moment.
    pub(super) fn current_attempts(&mut self) -> Result<Attempts> {
        let policy = self.options.unlock_policy;
        let now = self.options.clock.boot_time();
        if !policy.persist_failures {
            let mut a = self
                .mem_attempts
                .clone()
                .unwrap_or_else(|| Attempts::fresh(&self.header.attempts_epoch));
            if a.needs_anchor(&now) {
                a.anchor(&now);
            }
            self.mem_attempts = Some(a.clone());
            return Ok(a);
        }
        let key = self.header.attempts_key.clone();
        let epoch = self.header.attempts_epoch.clone();
        match attempts::read(&self.dir, &key, &epoch) {
            Some(mut a) => {
                if a.needs_anchor(&now) {
                    a.anchor(&now);
                    attempts::write(&self.dir, &key, &a)?;
                }
                Ok(a)
            }
            None => {
                let mut a = Attempts::fresh(&epoch);
                a.failures = attempts::fail_closed(&policy);
                a.anchor(&now);
                attempts::write(&self.dir, &key, &a)?;
                Ok(a)
            }
        }
    }

    pub(super) fn save_attempts(&mut self, a: &Attempts) -> Result<()> {
        if self.options.unlock_policy.persist_failures {
            attempts::write(&self.dir, &self.header.attempts_key, a)
        } else {
            self.mem_attempts = Some(a.clone());
            Ok(())
        }
    }

    /// Unlocks with the passphrase.
    ///
    /// A wrong passphrase changes no byte of the database: the failure is
    /// counted in `vault.attempts` (authenticated, failing closed, measured
    /// in time since boot: see [`crate::attempts`]). After `free_attempts`
    /// failures each further try must wait ([`VaultError::UnlockDelayed`])
    /// before the passphrase is even tried; after `wipe_after` failures the
    /// vault is wiped. A correct passphrase then checks the vault-wide
    /// commitment: records whose rows are older than it are reported as
    /// damaged ([`DamageReason::RolledBack`]).
    pub fn unlock(&mut self, passphrase: &Passphrase) -> Result<()> {
        let (dek, attempts) = self.try_passphrase(passphrase)?;
        let keys = Keys::derive(&dek)?;
        let Some(state) = store::read_state(&self.conn, &keys, &self.header.vault_id)? else {
            // The passphrase opened this header, but the header's key opens
            // nothing here: an old header put back after a passphrase
            // change, or a header from another vault.
            return Err(VaultError::StoreDamaged {
                detail: "the header's key does not open this store".into(),
            });
        };
        let (rolled_back, rows) = self.check_commitment(&keys, state.sum)?;
        self.rolled_back = rolled_back;
        self.find_journaled(&keys, state.journal, &rows)?;
        self.keys = Some(keys);
        self.committed = state.sum;
        self.last_activity = self.options.clock.monotonic();
        // What a stopped app journaled is folded now. Failing to (a full
        // disk) loses nothing: the chunks are read with their records and
        // the next write folds them.
        let _ = self.settle();
        if attempts.failures > 0 {
            self.start_attempts_epoch()?;
        }
        Ok(())
    }

    /// Checks the passphrase of an unlocked vault and keeps it unlocked
    /// (the interviewer confirming the end of the respondent's hand-over):
    /// the same delays and attempt limit as [`Vault::unlock`], a wrong
    /// passphrase counted (and wiping at the limit), a right one resetting
    /// the count.
    pub fn confirm_passphrase(&mut self, passphrase: &Passphrase) -> Result<()> {
        if self.is_locked() {
            return Err(VaultError::Locked);
        }
        let (_dek, attempts) = self.try_passphrase(passphrase)?;
        if attempts.failures > 0 {
            self.start_attempts_epoch()?;
        }
        self.last_activity = self.options.clock.monotonic();
        Ok(())
    }

    /// Checks a passphrase against the header under the attempt limit: the
    /// delay first (nothing is tried while it runs), then the key. A wrong
    /// passphrase is counted (and wipes the vault at the configured limit).
    pub(crate) fn try_passphrase(
        &mut self,
        passphrase: &Passphrase,
    ) -> Result<(SecretKey, Attempts)> {
        let policy = self.options.unlock_policy;
        let mut attempts = self.current_attempts()?;
        let now = self.options.clock.boot_time();
        let wait = attempts.wait(&policy, &now);
        if !wait.is_zero() {
            return Err(VaultError::UnlockDelayed { retry_after: wait });
        }
        match self.header.unwrap_key(passphrase) {
            Ok(dek) => Ok((dek, attempts)),
            Err(VaultError::WrongPassphrase) => {
                attempts.failures = attempts.failures.saturating_add(1);
                attempts.total = attempts.total.saturating_add(1);
                attempts.anchor(&now);
                self.save_attempts(&attempts)?;
                if let Some(limit) = policy.wipe_after
                    && attempts.failures >= limit
                {
                    self.lock();
                    let dir = self.dir.clone();
                    crate::wipe::wipe_folder(&dir, Some(&self.conn))?;
                    return Err(VaultError::WipedAfterFailedAttempts);
                }
                Err(VaultError::WrongPassphrase)
            }
            Err(e) => Err(e),
        }
    }

    /// After a successful unlock that followed failures: a new epoch in the
    /// header (so a saved copy of the old counter is not believed) and a
    /// counter at zero.
    pub(crate) fn start_attempts_epoch(&mut self) -> Result<()> {
        let mut header = self.header.clone();
        header.attempts_epoch = hex::encode(random_bytes::<16>()?);
        let fresh = Attempts::fresh(&header.attempts_epoch);
        if self.options.unlock_policy.persist_failures {
            self.conn.execute(
                "UPDATE header SET body = ?1 WHERE id = 1",
                params![header.to_body()?],
            )?;
            self.header = header;
            attempts::write(&self.dir, &self.header.attempts_key, &fresh)?;
        } else {
            self.mem_attempts = Some(fresh);
        }
        Ok(())
    }

    /// Reads every index row and compares the commitment with it. Returns
    /// the rows to report as rolled back, and each readable row's record
    /// and `last`.
    pub(crate) fn check_commitment(
        &self,
        keys: &Keys,
        committed: u128,
    ) -> Result<(HashSet<RowId>, Vec<IndexedRow>)> {
        let mut rows = Vec::new();
        let mut readable = Vec::new();
        let mut unreadable = HashSet::new();
        for (rid, blob) in store::record_rows(&self.conn)? {
            match store::open_index(keys, &rid, &blob) {
                Ok(index) => {
                    rows.push((rid, keys.weight(&rid), index.last));
                    readable.push((rid, index.id, index.last));
                }
                Err(_) => {
                    // Already reported as damaged; counts as version 0.
                    unreadable.insert(rid);
                    rows.push((rid, keys.weight(&rid), 0));
                }
            }
        }
        let found = match rollback::check(committed, &rows) {
            rollback::Finding::Consistent => HashSet::new(),
            rollback::Finding::Located(found) => found
                .into_iter()
                .filter(|r| !unreadable.contains(r))
                .collect(),
            rollback::Finding::Unexplained => rows
                .iter()
                .map(|(rid, _, _)| *rid)
                .filter(|r| !unreadable.contains(r))
                .collect(),
        };
        Ok((found, readable))
    }

    /// Reads the journal rows a stopped app left (folded right after) and
    /// checks their positions: from the state's journal start, each once,
    /// none missing. A row that does not open, or a hole or repeat among
    /// the positions (a row taken out while a later one stays, or put
    /// back), cannot be placed in a record, so every record is reported as
    /// rolled back, as the commitment does when it cannot tell which
    /// records differ. A row of a record that is gone is deleted with the
    /// next fold; rows before the journal start (a record a fold could not
    /// read, or a row put back from an older copy: its changes are in its
    /// record already) are read with their record, outside the check.
    fn find_journaled(&mut self, keys: &Keys, first: u64, rows: &[IndexedRow]) -> Result<()> {
        self.pending.clear();
        self.stale_journal.clear();
        self.unreadable_journal.clear();
        let records: HashSet<RecordId> = rows.iter().map(|(_, id, _)| *id).collect();
        let mut positions = Vec::new();
        for (jid, blob) in store::journal_rows(&self.conn)? {
            match store::open_journal(keys, &self.header.vault_id, jid, &blob) {
                Err(_) => self.unreadable_journal.push(jid),
                Ok(e) if !records.contains(&e.id) => self.stale_journal.push(jid),
                Ok(e) => {
                    self.pending.entry(e.id).or_default().push(jid);
                    if e.position >= first {
                        positions.push((e.position, e.id, jid));
                    }
                }
            }
        }
        positions.sort_unstable();
        let in_order = positions
            .iter()
            .zip(first..)
            .all(|((p, _, _), want)| *p == want);
        if !in_order || !self.unreadable_journal.is_empty() {
            self.rolled_back.extend(rows.iter().map(|(rid, _, _)| *rid));
        }
        // Each record's rows in journal order (older rows first).
        let order: HashMap<i64, u64> = positions.iter().map(|(p, _, j)| (*j, *p)).collect();
        for jids in self.pending.values_mut() {
            jids.sort_by_key(|j| order.get(j).copied().unwrap_or(0));
        }
        self.journal = positions.last().map_or(first, |(p, _, _)| first.max(p + 1));
        Ok(())
    }

    /// How many records were found rolled back at the last unlock (no
    /// record is read: for a list that only says so).
    pub fn rolled_back_count(&self) -> usize {
        self.rolled_back.len()
    }

    /// Records found rolled back at the last unlock (their rows are older
    /// than the vault's commitment; when it cannot be told which records
    /// differ, every record present at unlock). Empty when all is well.
    pub fn rolled_back(&self) -> Vec<RecordId> {
        let Some(keys) = self.keys.as_ref() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Ok(rows) = store::record_rows(&self.conn) {
            for (rid, blob) in rows {
                if self.rolled_back.contains(&rid)
                    && let Ok(index) = store::open_index(keys, &rid, &blob)
                {
                    out.push(index.id);
                }
            }
        }
        out
    }

    /// Takes the rows now on disk as the truth (after a person was told
    /// which records were rolled back): recomputes the commitment from them
    /// and stops reporting those records as damaged. Durable on return.
    pub fn accept_current_state(&mut self) -> Result<()> {
        self.touch()?;
        // The journal rows of the records now accepted are theirs; rows
        // that do not open are let go.
        self.rolled_back.clear();
        let unreadable = std::mem::take(&mut self.unreadable_journal);
        self.stale_journal.extend(unreadable);
        self.settle()?;
        let keys = self.keys.as_ref().ok_or(VaultError::Locked)?;
        let mut sum = 0u128;
        for (rid, blob) in store::record_rows(&self.conn)? {
            if let Ok(index) = store::open_index(keys, &rid, &blob) {
                sum = sum.wrapping_add(keys.weight(&rid).wrapping_mul(u128::from(index.last)));
            }
        }
        let state = store::State {
            sum,
            journal: self.journal,
        };
        store::write_state(&self.conn, keys, &self.header.vault_id, state)?;
        self.committed = sum;
        self.rolled_back.clear();
        self.docs.clear();
        Ok(())
    }

    /// Records activity (the idle timer starts again). Fails with `Locked`
    /// when the vault had already locked itself for being idle.
    pub fn activity(&mut self) -> Result<()> {
        self.touch()
    }

    pub(crate) fn touch(&mut self) -> Result<()> {
        if self.check_idle() {
            return Err(VaultError::Locked);
        }
        self.last_activity = self.options.clock.monotonic();
        Ok(())
    }

    pub(crate) fn keys(&self) -> Result<&Keys> {
        self.keys.as_ref().ok_or(VaultError::Locked)
    }

    /// Forgets every decrypted document (after the rows changed under them).
    pub(crate) fn clear_cache(&mut self) {
        self.docs.clear();
    }
}
