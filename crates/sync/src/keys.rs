//! Team content keys, per-document subkeys and device signing keys.

use std::collections::BTreeMap;
use std::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::{DocId, SyncError, TeamId};

const HKDF_SALT: &[u8] = b"fieldscreen/sync/v1";
/// Salt of a key commitment: another salt than the document keys', so no
/// commitment is ever a document key.
const COMMIT_SALT: &[u8] = b"fieldscreen/key-commitment/v1";

/// The team content key of one epoch. Removing a device starts a new epoch.
#[derive(Clone)]
pub struct TeamKey {
    epoch: u32,
    key: Zeroizing<[u8; 32]>,
}

impl TeamKey {
    /// A key from its bytes (e.g. unsealed on enrollment).
    pub fn from_bytes(epoch: u32, bytes: [u8; 32]) -> Self {
        TeamKey {
            epoch,
            key: Zeroizing::new(bytes),
        }
    }

    /// A fresh random key for `epoch`.
    pub fn generate(epoch: u32) -> Result<Self, SyncError> {
        Ok(Self::from_bytes(epoch, crate::random_bytes()?))
    }

    /// The key epoch.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The raw key, for sealing it to a device.
    pub fn expose_bytes(&self) -> &[u8; 32] {
        &self.key
    }

    /// `HKDF-SHA256(ikm = team key, salt = "fieldscreen/sync/v1",
    /// info = team | doc | epoch BE)`: one AES-256 key per document and epoch.
    pub fn doc_key(&self, team: TeamId, doc: DocId) -> Zeroizing<[u8; 32]> {
        let hk = Hkdf::<Sha256>::new(Some(HKDF_SALT), self.key.as_slice());
        let mut info = [0u8; 36];
        info[..16].copy_from_slice(team.as_bytes());
        info[16..32].copy_from_slice(doc.as_bytes());
        info[32..].copy_from_slice(&self.epoch.to_be_bytes());
        let mut out = Zeroizing::new([0u8; 32]);
        // 32 bytes is far below HKDF-SHA256's 8160-byte limit: never fails.
        if hk.expand(&info, out.as_mut_slice()).is_err() {
            unreachable!("HKDF output length is fixed and valid");
        }
        out
    }
}

impl TeamKey {
    /// The commitment the membership log publishes for this key:
    /// `HKDF-SHA256(ikm = team key, salt = "fieldscreen/key-commitment/v1",
    /// info = "commit" | team | epoch BE)`. A pseudo-random function of the
    /// key: it reveals nothing about the key, and a device can check that a
    /// key it was handed is the one the admin announced.
    pub fn commitment(&self, team: TeamId) -> [u8; 32] {
        let hk = Hkdf::<Sha256>::new(Some(COMMIT_SALT), self.key.as_slice());
        let mut info = [0u8; 26];
        info[..6].copy_from_slice(b"commit");
        info[6..22].copy_from_slice(team.as_bytes());
        info[22..].copy_from_slice(&self.epoch.to_be_bytes());
        let mut out = [0u8; 32];
        if hk.expand(&info, &mut out).is_err() {
            unreachable!("HKDF output length is fixed and valid");
        }
        out
    }
}

impl fmt::Debug for TeamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TeamKey(epoch {}, <redacted>)", self.epoch)
    }
}

/// Every team key a device holds, by epoch (old epochs stay readable).
#[derive(Clone, Debug, Default)]
pub struct KeyRing {
    keys: BTreeMap<u32, TeamKey>,
}

impl KeyRing {
    /// A ring with one key.
    pub fn new(key: TeamKey) -> Self {
        let mut ring = KeyRing::default();
        ring.insert(key);
        ring
    }

    /// Adds (or replaces) the key of its epoch. Only for keys this device
    /// made or loads from its own storage; a key handed over by someone
    /// else goes through [`KeyRing::add_new`].
    pub fn insert(&mut self, key: TeamKey) {
        self.keys.insert(key.epoch, key);
    }

    /// Adds `key` unless its epoch is already held: `Ok(true)` when added,
    /// `Ok(false)` when the same key was already there, `Err(epoch)` when a
    /// different key is held for that epoch (never overwritten).
    pub fn add_new(&mut self, key: TeamKey) -> Result<bool, u32> {
        match self.keys.get(&key.epoch) {
            None => {
                self.keys.insert(key.epoch, key);
                Ok(true)
            }
            Some(held) if held.key.as_slice() == key.key.as_slice() => Ok(false),
            Some(_) => Err(key.epoch),
        }
    }

    /// The key of `epoch`.
    pub fn get(&self, epoch: u32) -> Option<&TeamKey> {
        self.keys.get(&epoch)
    }

    /// The newest key (used for writing).
    pub fn current(&self) -> Option<&TeamKey> {
        self.keys.values().next_back()
    }

    /// Every key, oldest epoch first.
    pub fn iter(&self) -> impl Iterator<Item = &TeamKey> {
        self.keys.values()
    }

    /// How many epochs the ring holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the ring is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A device's Ed25519 public key: its identity in a team.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DevicePublicKey(pub [u8; 32]);

impl DevicePublicKey {
    /// Lower-case hex (64 characters).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex characters.
    pub fn from_hex(s: &str) -> Option<Self> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).ok()?;
        Some(DevicePublicKey(out))
    }

    /// Verifies `signature` over `message` (strict Ed25519 verification).
    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let Ok(key) = VerifyingKey::from_bytes(&self.0) else {
            return false;
        };
        let sig = ed25519_dalek::Signature::from_bytes(signature);
        key.verify_strict(message, &sig).is_ok()
    }
}

impl fmt::Debug for DevicePublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Device({})", &self.to_hex()[..16])
    }
}

impl fmt::Display for DevicePublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// A device's Ed25519 signing key.
#[derive(Clone)]
pub struct DeviceKey(SigningKey);

impl DeviceKey {
    /// From a 32-byte seed.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        DeviceKey(SigningKey::from_bytes(&seed))
    }

    /// A fresh random key.
    pub fn generate() -> Result<Self, SyncError> {
        let seed: Zeroizing<[u8; 32]> = Zeroizing::new(crate::random_bytes()?);
        Ok(Self::from_seed(*seed))
    }

    /// The seed, to store the key (encrypted) on the device.
    pub fn seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// The public half.
    pub fn public(&self) -> DevicePublicKey {
        DevicePublicKey(self.0.verifying_key().to_bytes())
    }

    /// Signs `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

impl fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceKey({:?}, <redacted>)", self.public())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_keys_differ_by_doc_team_epoch_and_key() {
        let team = TeamId::from_u128(1);
        let k1 = TeamKey::from_bytes(1, [7; 32]);
        let a = k1.doc_key(team, DocId::from_u128(1));
        assert_ne!(*a, *k1.doc_key(team, DocId::from_u128(2)));
        assert_ne!(*a, *k1.doc_key(TeamId::from_u128(2), DocId::from_u128(1)));
        assert_ne!(
            *a,
            *TeamKey::from_bytes(2, [7; 32]).doc_key(team, DocId::from_u128(1))
        );
        assert_ne!(
            *a,
            *TeamKey::from_bytes(1, [8; 32]).doc_key(team, DocId::from_u128(1))
        );
        assert_eq!(*a, *k1.doc_key(team, DocId::from_u128(1)));
    }

    #[test]
    fn commitments_bind_key_team_and_epoch_and_are_not_doc_keys() {
        let team = TeamId::from_u128(1);
        let k = TeamKey::from_bytes(1, [7; 32]);
        let c = k.commitment(team);
        assert_eq!(c, TeamKey::from_bytes(1, [7; 32]).commitment(team));
        assert_ne!(c, TeamKey::from_bytes(1, [8; 32]).commitment(team));
        assert_ne!(c, TeamKey::from_bytes(2, [7; 32]).commitment(team));
        assert_ne!(c, k.commitment(TeamId::from_u128(2)));
        assert_ne!(c, *k.expose_bytes());
        assert_ne!(c, *k.doc_key(team, DocId::from_u128(0)));
        expect_test::expect!["e508fe2c6057fc72ee0dd78c30ae17379fdaf0d8c7cbf7dfe89b6c6e15678d85"]
            .assert_eq(&hex::encode(c));
    }

    #[test]
    fn a_held_key_is_never_replaced_by_add_new() {
        let mut ring = KeyRing::new(TeamKey::from_bytes(1, [1; 32]));
        assert_eq!(ring.add_new(TeamKey::from_bytes(1, [1; 32])), Ok(false));
        assert_eq!(ring.add_new(TeamKey::from_bytes(1, [9; 32])), Err(1));
        assert_eq!(ring.get(1).map(|k| *k.expose_bytes()), Some([1; 32]));
        assert_eq!(ring.add_new(TeamKey::from_bytes(2, [2; 32])), Ok(true));
        assert_eq!(ring.len(), 2);
    }

    #[test]
    fn signatures_verify_only_for_their_key_and_message() {
        let d = DeviceKey::from_seed([1; 32]);
        let sig = d.sign(b"hello");
        assert!(d.public().verify(b"hello", &sig));
        assert!(!d.public().verify(b"hellO", &sig));
        assert!(
            !DeviceKey::from_seed([2; 32])
                .public()
                .verify(b"hello", &sig)
        );
        assert_eq!(
            DevicePublicKey::from_hex(&d.public().to_hex()),
            Some(d.public())
        );
        assert!(!format!("{:?}", TeamKey::from_bytes(0, [9; 32])).contains("09"));
    }
}
