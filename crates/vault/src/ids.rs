//! Keys derived from the data key, and the opaque row ids they give.
//!
//! The data key (DEK, random, wrapped by the passphrase) is never used
//! directly: HKDF-SHA256 derives three subkeys from it: `enc` (AES-256-GCM
//! for every stored envelope), `ids` (HMAC-SHA256 for row ids) and `commit`
//! (HMAC-SHA256 for the weights of the vault-wide commitment, see
//! [`crate::rollback`]).
//!
//! Row ids: the database never holds a record's UUID (the id the relay and
//! other devices see) in clear. A record's row is keyed by
//! `rid = HMAC(ids, "row" | uuid)[..16]`, each of its chunks by
//! `cid = HMAC(ids, "chunk" | rid | seq)[..16]` and a secret by
//! `sid = HMAC(ids, "secret" | name)[..16]`. Without the passphrase a seized
//! database cannot be linked to relay data, nor can its chunks be grouped by
//! record (the number of edits of a record is not visible); with it, the
//! vault recomputes every id. A new data key (passphrase change) gives
//! every row a new id.

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::RecordId;
use crate::crypto::{Cipher, SecretKey};
use crate::error::VaultError;

/// A row id: 16 bytes of a keyed hash.
pub(crate) type RowId = [u8; 16];

/// The subkeys of one data key.
pub(crate) struct Keys {
    cipher: Cipher,
    ids: Zeroizing<[u8; 32]>,
    commit: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

fn mac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length; 32 bytes cannot fail.
    let Ok(mut m) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return [0; 32];
    };
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

fn first16(b: [u8; 32]) -> [u8; 16] {
    let mut out = [0u8; 16];
    out.copy_from_slice(&b[..16]);
    out
}

impl Keys {
    /// Derives the subkeys of `dek`.
    pub(crate) fn derive(dek: &SecretKey) -> Result<Keys, VaultError> {
        let hk = Hkdf::<Sha256>::new(Some(b"FieldScreen vault format 2"), dek.as_bytes());
        let expand = |info: &[u8]| -> Result<Zeroizing<[u8; 32]>, VaultError> {
            let mut out = Zeroizing::new([0u8; 32]);
            hk.expand(info, out.as_mut())
                .map_err(|_| VaultError::Crypto)?;
            Ok(out)
        };
        let enc = expand(b"enc")?;
        let cipher = SecretKey::from_slice(enc.as_ref())
            .ok_or(VaultError::Crypto)?
            .cipher();
        Ok(Keys {
            cipher,
            ids: expand(b"ids")?,
            commit: expand(b"commit")?,
        })
    }

    /// The AES-256-GCM cipher for every envelope of this vault.
    pub(crate) fn cipher(&self) -> &Cipher {
        &self.cipher
    }

    /// The row id of a record.
    pub(crate) fn row_id(&self, id: RecordId) -> RowId {
        first16(mac(&self.ids, &[b"row", id.as_bytes()]))
    }

    /// The row id of a record's chunk number `seq`.
    pub(crate) fn chunk_id(&self, row: &RowId, seq: u64) -> RowId {
        first16(mac(&self.ids, &[b"chunk", row, &seq.to_le_bytes()]))
    }

    /// The row id of a secret.
    pub(crate) fn secret_id(&self, name: &str) -> RowId {
        first16(mac(&self.ids, &[b"secret", name.as_bytes()]))
    }

    /// A record's weight in the vault-wide commitment: a secret, odd (so
    /// invertible modulo 2^128) 128-bit number.
    pub(crate) fn weight(&self, row: &RowId) -> u128 {
        u128::from_le_bytes(first16(mac(&self.commit, &[b"weight", row]))) | 1
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_the_key_and_differ_by_purpose() {
        let a = Keys::derive(&SecretKey::random().unwrap()).unwrap();
        let b = Keys::derive(&SecretKey::random().unwrap()).unwrap();
        let id = RecordId::new_random();
        assert_eq!(a.row_id(id), a.row_id(id));
        assert_ne!(a.row_id(id), b.row_id(id));
        assert_ne!(&a.row_id(id), id.as_bytes());
        let row = a.row_id(id);
        assert_ne!(a.chunk_id(&row, 1), a.chunk_id(&row, 2));
        assert_ne!(a.secret_id("team"), a.secret_id("other"));
        assert_eq!(a.weight(&row) & 1, 1);
        assert_ne!(a.weight(&row), b.weight(&row));
    }

    /// Known answers: the subkeys and row ids are part of the on-disk
    /// format, so a change of HKDF/HMAC crate must not change one bit.
    #[test]
    fn subkeys_and_row_ids_are_stable() {
        let keys = Keys::derive(&SecretKey::from_slice(&[7u8; 32]).unwrap()).unwrap();
        let id = RecordId::from(uuid::Uuid::from_bytes([9u8; 16]));
        let row = keys.row_id(id);
        let got = [
            hex::encode(row),
            hex::encode(keys.chunk_id(&row, 3)),
            hex::encode(keys.secret_id("team")),
            format!("{:032x}", keys.weight(&row)),
        ];
        expect_test::expect![[r#"
            [
                "c067c563cce7150422718662dc6c4838",
                "c3450c79c7548c0ca6be096922a15ea2",
                "86effd5f0d49127f41c1f0d723646f17",
                "7856439d809014efa3757a8643db751d",
            ]
        "#]]
        .assert_debug_eq(&got);
    }
}
