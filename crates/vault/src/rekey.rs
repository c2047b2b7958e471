//! A passphrase change that really changes the key.
//!
//! A new random data key replaces the old one; every record (index row and
//! every chunk), every secret and the vault-wide commitment are decrypted
//! with the old key's subkeys and sealed again with the new ones under new
//! row ids, and the new header (the new key wrapped by the new passphrase)
//! is written — all in **one** SQLite transaction. The header lives in the
//! same database as the records, so there is no two-step commit: a crash at
//! any point leaves either the old state (old header, old key, old rows) or
//! the new one, never a mix (tested by killing a child process during the
//! re-encryption). Afterwards the WAL is checkpointed and truncated, and
//! `secure_delete` has overwritten the old rows' pages: an old copy of the
//! header, put back with the old passphrase, unwraps a key that opens
//! nothing in this database.
//!
//! The change refuses to run when a record cannot be read (its rows could
//! not be re-encrypted, and would stay readable with the old key) or was
//! found rolled back; nothing is changed then.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::crypto::{KdfParams, Passphrase, SecretKey};
use crate::error::{DamageReason, VaultError};
use crate::ids::{Keys, RowId};
use crate::store;
use crate::vault::{Vault, make_header};

impl Vault {
    /// Changes the passphrase (and optionally raises the Argon2id
    /// parameters): a new data key, every record re-encrypted, in one
    /// durable transaction (see the module documentation). The old
    /// passphrase is checked like an unlock (delays and the attempt limit
    /// apply). Works locked or unlocked; an unlocked vault stays unlocked
    /// under the new key.
    pub fn change_passphrase(
        &mut self,
        old: &Passphrase,
        new: &Passphrase,
        kdf: Option<KdfParams>,
    ) -> Result<(), VaultError> {
        let kdf = kdf.unwrap_or(self.header.kdf);
        if !kdf.within_bounds() {
            return Err(VaultError::InvalidKdfParams);
        }
        let (old_dek, attempts) = self.try_passphrase(old)?;
        if self.keys.is_some() {
            self.settle()?;
        }
        let old_keys = Keys::derive(&old_dek)?;
        let vault_id = self.header.vault_id;
        let state = store::read_state(&self.conn, &old_keys, &vault_id)?.ok_or_else(|| {
            VaultError::StoreDamaged {
                detail: "the header's key does not open this store".into(),
            }
        })?;
        if let Some(rid) = self
            .check_commitment(&old_keys, state.sum)?
            .0
            .into_iter()
            .next()
        {
            return Err(self.damaged_row(&old_keys, &rid, DamageReason::RolledBack));
        }
        let new_dek = SecretKey::random()?;
        let new_keys = Keys::derive(&new_dek)?;
        let header = make_header(vault_id, new, kdf, &new_dek, Some(&self.header))?;

        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let mut sum = 0u128;
        for (rid, blob) in store::record_rows(&tx)? {
            let index = store::open_index(&old_keys, &rid, &blob)
                .map_err(|reason| self.damaged_row(&old_keys, &rid, reason))?;
            let id = index.id;
            let damaged = |reason| VaultError::RecordDamaged { id, reason };
            let new_rid = new_keys.row_id(id);
            for seq in index.first..=index.last {
                let old_cid = old_keys.chunk_id(&rid, seq);
                let chunk: Option<Vec<u8>> = tx
                    .prepare_cached("SELECT blob FROM chunks WHERE cid = ?1")?
                    .query_row(params![&old_cid[..]], |r| r.get(0))
                    .optional()?;
                let chunk = chunk.ok_or(damaged(DamageReason::Missing))?;
                let open = store::open_chunk(&old_keys, &rid, seq, &chunk).map_err(damaged)?;
                let sealed = store::seal_chunk(&new_keys, &new_rid, seq, open.kind, open.bytes())?;
                tx.prepare_cached("DELETE FROM chunks WHERE cid = ?1")?
                    .execute(params![&old_cid[..]])?;
                tx.prepare_cached("INSERT INTO chunks (cid, blob) VALUES (?1, ?2)")?
                    .execute(params![&new_keys.chunk_id(&new_rid, seq)[..], sealed])?;
            }
            let sealed = store::seal_index(&new_keys, &new_rid, &index)?;
            tx.prepare_cached("DELETE FROM records WHERE rid = ?1")?
                .execute(params![&rid[..]])?;
            tx.prepare_cached("INSERT INTO records (rid, blob) VALUES (?1, ?2)")?
                .execute(params![&new_rid[..], sealed])?;
            sum = sum.wrapping_add(
                new_keys
                    .weight(&new_rid)
                    .wrapping_mul(u128::from(index.last)),
            );
        }
        let secrets: Vec<(Vec<u8>, Vec<u8>)> = {
            let mut stmt = tx.prepare("SELECT sid, blob FROM secrets")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        for (sid, blob) in secrets {
            let sid_arr = RowId::try_from(sid.as_slice()).unwrap_or([0; 16]);
            let (name, value) =
                store::open_secret(&old_keys, &sid_arr, &blob).ok_or_else(|| {
                    VaultError::StoreDamaged {
                        detail: "a secret cannot be decrypted".into(),
                    }
                })?;
            let (new_sid, sealed) = store::seal_secret(&new_keys, &name, &value)?;
            tx.execute("DELETE FROM secrets WHERE sid = ?1", params![sid])?;
            tx.execute(
                "INSERT INTO secrets (sid, blob) VALUES (?1, ?2)",
                params![&new_sid[..], sealed],
            )?;
        }
        let state = store::State {
            sum,
            journal: state.journal,
        };
        // Journal rows a stopped app left (a locked vault: the next unlock
        // folds them) are re-sealed as they are.
        for (jid, blob) in store::journal_rows(&tx)? {
            let entry = store::open_journal(&old_keys, &vault_id, jid, &blob).map_err(|_| {
                VaultError::StoreDamaged {
                    detail: "a journal row cannot be decrypted".into(),
                }
            })?;
            let sealed = store::seal_journal(
                &new_keys,
                &vault_id,
                jid,
                entry.id,
                entry.position,
                entry.bytes(),
            )?;
            tx.prepare_cached("UPDATE journal SET blob = ?2 WHERE jid = ?1")?
                .execute(params![jid, sealed])?;
        }
        store::write_state(&tx, &new_keys, &vault_id, state)?;
        tx.execute(
            "UPDATE header SET body = ?1 WHERE id = 1",
            params![header.to_body()?],
        )?;
        tx.commit()?;
        // Old frames (rows sealed with the old key) leave the WAL.
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        let was_unlocked = self.keys.is_some();
        self.header = header;
        self.clear_cache();
        if was_unlocked {
            self.keys = Some(new_keys);
            self.committed = sum;
        }
        if attempts.failures > 0 {
            self.start_attempts_epoch()?;
        }
        Ok(())
    }

    /// The error for a damaged row, named by its record id when the index
    /// can be read.
    fn damaged_row(&self, keys: &Keys, rid: &RowId, reason: DamageReason) -> VaultError {
        let id = self
            .conn
            .query_row(
                "SELECT blob FROM records WHERE rid = ?1",
                params![&rid[..]],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .ok()
            .and_then(|blob| store::open_index(keys, rid, &blob).ok())
            .map(|i| i.id)
            .unwrap_or_else(|| crate::vault::placeholder_id(rid));
        VaultError::RecordDamaged { id, reason }
    }
}
