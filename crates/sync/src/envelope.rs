//! The signed, encrypted wire unit (see the crate docs for the layout).

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};

use crate::keys::{DeviceKey, DevicePublicKey, KeyRing, TeamKey};
use crate::{DocId, EnvelopeError, MAX_ENVELOPE_BYTES, TeamId};

/// The envelope format this build writes and reads.
pub const VERSION: u8 = 1;
/// Bytes before the ciphertext.
pub const HEADER_LEN: usize = 1 + 1 + 4 + 16 + 16 + 32 + 12 + 4;
const TAG_LEN: usize = 16;
const SIG_LEN: usize = 64;

/// What an envelope carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnvelopeKind {
    /// Incremental Automerge changes.
    Chunk,
    /// A whole document (replaces the chunks it covers on the relay).
    Snapshot,
}

impl EnvelopeKind {
    pub(crate) fn code(self) -> u8 {
        match self {
            EnvelopeKind::Chunk => 1,
            EnvelopeKind::Snapshot => 2,
        }
    }

    pub(crate) fn from_code(c: u8) -> Option<Self> {
        match c {
            1 => Some(EnvelopeKind::Chunk),
            2 => Some(EnvelopeKind::Snapshot),
            _ => None,
        }
    }
}

/// A structurally valid envelope (signature not yet checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<'a> {
    /// Format version.
    pub version: u8,
    /// Chunk or snapshot.
    pub kind: EnvelopeKind,
    /// Team key epoch.
    pub epoch: u32,
    /// Team.
    pub team: TeamId,
    /// Document.
    pub doc: DocId,
    /// The signing device.
    pub signer: DevicePublicKey,
    nonce: [u8; 12],
    ciphertext: &'a [u8],
    signed: &'a [u8],
    signature: [u8; SIG_LEN],
}

/// A verified, decrypted envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// Chunk or snapshot.
    pub kind: EnvelopeKind,
    /// Document.
    pub doc: DocId,
    /// Key epoch.
    pub epoch: u32,
    /// The signing device.
    pub signer: DevicePublicKey,
    /// Automerge bytes, for `load_incremental` / `Vault::merge_changes`.
    pub changes: Vec<u8>,
}

/// The AEAD's associated data: `"FSS" | version digit | team | doc | kind
/// | epoch BE | version` (`FSS1` for version 1, `FSS2` for batch members).
pub(crate) fn aad(
    team: TeamId,
    doc: DocId,
    kind: EnvelopeKind,
    epoch: u32,
    version: u8,
) -> [u8; 42] {
    let mut a = [0u8; 42];
    a[..3].copy_from_slice(b"FSS");
    a[3] = b'0' + version;
    a[4..20].copy_from_slice(team.as_bytes());
    a[20..36].copy_from_slice(doc.as_bytes());
    a[36] = kind.code();
    a[37..41].copy_from_slice(&epoch.to_be_bytes());
    a[41] = version;
    a
}

fn array<const N: usize>(b: &[u8]) -> Result<[u8; N], EnvelopeError> {
    b.try_into().map_err(|_| EnvelopeError::Malformed)
}

/// Encrypts `changes` for `doc` under the team key's per-document subkey and
/// signs the whole envelope with `device`. `nonce` must be fresh random
/// bytes (see [`crate::random_bytes`]).
pub fn seal(
    key: &TeamKey,
    team: TeamId,
    doc: DocId,
    kind: EnvelopeKind,
    changes: &[u8],
    device: &DeviceKey,
    nonce: [u8; 12],
) -> Result<Vec<u8>, EnvelopeError> {
    let total = HEADER_LEN + changes.len() + TAG_LEN + SIG_LEN;
    if total > MAX_ENVELOPE_BYTES {
        return Err(EnvelopeError::TooLarge(total));
    }
    let doc_key = key.doc_key(team, doc);
    let cipher = Aes256Gcm::new((&*doc_key).into());
    let ad = aad(team, doc, kind, key.epoch(), VERSION);
    let ct = cipher
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: changes,
                aad: &ad,
            },
        )
        .map_err(|_| EnvelopeError::TooLarge(total))?;
    let ct_len = u32::try_from(ct.len()).map_err(|_| EnvelopeError::TooLarge(total))?;
    let mut out = Vec::with_capacity(total);
    out.push(VERSION);
    out.push(kind.code());
    out.extend_from_slice(&key.epoch().to_be_bytes());
    out.extend_from_slice(team.as_bytes());
    out.extend_from_slice(doc.as_bytes());
    out.extend_from_slice(&device.public().0);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct_len.to_be_bytes());
    out.extend_from_slice(&ct);
    let sig = device.sign(&out);
    out.extend_from_slice(&sig);
    Ok(out)
}

impl<'a> Envelope<'a> {
    /// Strict structural decoding: size bounds, version, kind, lengths.
    /// Never panics on any input.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, EnvelopeError> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::TooLarge(bytes.len()));
        }
        let Some(&version) = bytes.first() else {
            return Err(EnvelopeError::TooShort);
        };
        if version != VERSION {
            return Err(EnvelopeError::UnsupportedVersion(version));
        }
        if bytes.len() < HEADER_LEN + TAG_LEN + SIG_LEN {
            return Err(EnvelopeError::TooShort);
        }
        let (signed, sig) = bytes.split_at(bytes.len() - SIG_LEN);
        let (header, ciphertext) = signed.split_at(HEADER_LEN);
        let kind =
            EnvelopeKind::from_code(header[1]).ok_or(EnvelopeError::UnknownKind(header[1]))?;
        let epoch = u32::from_be_bytes(array(&header[2..6])?);
        let team = TeamId::from_bytes(array(&header[6..22])?);
        let doc = DocId::from_bytes(array(&header[22..38])?);
        let signer = DevicePublicKey(array(&header[38..70])?);
        let nonce = array(&header[70..82])?;
        let ct_len = u32::from_be_bytes(array(&header[82..86])?) as usize;
        if ct_len != ciphertext.len() {
            return Err(EnvelopeError::Malformed);
        }
        Ok(Envelope {
            version,
            kind,
            epoch,
            team,
            doc,
            signer,
            nonce,
            ciphertext,
            signed,
            signature: array(sig)?,
        })
    }

    /// Checks the signer's signature over the whole envelope (no key
    /// needed: the relay does this too).
    pub fn verify_signature(&self) -> Result<(), EnvelopeError> {
        if self.signer.verify(self.signed, &self.signature) {
            Ok(())
        } else {
            Err(EnvelopeError::BadSignature)
        }
    }

    /// Verifies the signature and membership, then decrypts.
    pub fn open(
        &self,
        team: TeamId,
        keys: &KeyRing,
        is_member: impl Fn(&DevicePublicKey) -> bool,
    ) -> Result<Opened, EnvelopeError> {
        if self.team != team {
            return Err(EnvelopeError::WrongTeam);
        }
        self.verify_signature()?;
        if !is_member(&self.signer) {
            return Err(EnvelopeError::UnknownSigner);
        }
        let key = keys
            .get(self.epoch)
            .ok_or(EnvelopeError::UnknownEpoch(self.epoch))?;
        let doc_key = key.doc_key(self.team, self.doc);
        let cipher = Aes256Gcm::new((&*doc_key).into());
        let ad = aad(self.team, self.doc, self.kind, self.epoch, self.version);
        let changes = cipher
            .decrypt(
                &Nonce::from(self.nonce),
                Payload {
                    msg: self.ciphertext,
                    aad: &ad,
                },
            )
            .map_err(|_| EnvelopeError::Undecryptable)?;
        Ok(Opened {
            kind: self.kind,
            doc: self.doc,
            epoch: self.epoch,
            signer: self.signer,
            changes,
        })
    }
}

/// Parses, verifies and decrypts in one call.
pub fn open(
    bytes: &[u8],
    team: TeamId,
    keys: &KeyRing,
    is_member: impl Fn(&DevicePublicKey) -> bool,
) -> Result<Opened, EnvelopeError> {
    Envelope::parse(bytes)?.open(team, keys, is_member)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEAM: TeamId = TeamId::from_u128(0x5eed);
    const DOC: DocId = DocId::from_u128(0xd0c);

    fn fixture() -> (KeyRing, DeviceKey, Vec<u8>) {
        let key = TeamKey::from_bytes(3, [4; 32]);
        let dev = DeviceKey::from_seed([5; 32]);
        let env = seal(
            &key,
            TEAM,
            DOC,
            EnvelopeKind::Chunk,
            b"changes",
            &dev,
            [6; 12],
        )
        .expect("seal");
        (KeyRing::new(key), dev, env)
    }

    #[test]
    fn round_trip() {
        let (ring, dev, env) = fixture();
        let opened = open(&env, TEAM, &ring, |d| *d == dev.public()).expect("open");
        assert_eq!(opened.changes, b"changes");
        assert_eq!(
            (opened.doc, opened.epoch, opened.kind),
            (DOC, 3, EnvelopeKind::Chunk)
        );
        assert_eq!(env.len(), HEADER_LEN + 7 + TAG_LEN + SIG_LEN);
    }

    #[test]
    fn every_flipped_bit_is_refused() {
        let (ring, dev, env) = fixture();
        for i in 0..env.len() {
            for bit in [0x01u8, 0x80] {
                let mut bad = env.clone();
                bad[i] ^= bit;
                assert!(
                    open(&bad, TEAM, &ring, |d| *d == dev.public()).is_err(),
                    "byte {i} bit {bit:#x}"
                );
            }
        }
    }

    #[test]
    fn typed_refusals() {
        let (ring, dev, env) = fixture();
        let member = |d: &DevicePublicKey| *d == dev.public();
        assert_eq!(open(&[], TEAM, &ring, member), Err(EnvelopeError::TooShort));
        assert_eq!(
            open(&env[..100], TEAM, &ring, member),
            Err(EnvelopeError::TooShort)
        );
        let mut v2 = env.clone();
        v2[0] = 2;
        assert_eq!(
            open(&v2, TEAM, &ring, member),
            Err(EnvelopeError::UnsupportedVersion(2))
        );
        let mut k = env.clone();
        k[1] = 9;
        assert_eq!(
            open(&k, TEAM, &ring, member),
            Err(EnvelopeError::UnknownKind(9))
        );
        assert_eq!(
            open(&env[..env.len() - 1], TEAM, &ring, member),
            Err(EnvelopeError::Malformed)
        );
        assert_eq!(
            open(&env, TeamId::from_u128(1), &ring, member),
            Err(EnvelopeError::WrongTeam)
        );
        assert_eq!(
            open(&env, TEAM, &ring, |_| false),
            Err(EnvelopeError::UnknownSigner)
        );
        let other = KeyRing::new(TeamKey::from_bytes(4, [4; 32]));
        assert_eq!(
            open(&env, TEAM, &other, member),
            Err(EnvelopeError::UnknownEpoch(3))
        );
        let wrong = KeyRing::new(TeamKey::from_bytes(3, [9; 32]));
        assert_eq!(
            open(&env, TEAM, &wrong, member),
            Err(EnvelopeError::Undecryptable)
        );
        let huge = vec![1u8; MAX_ENVELOPE_BYTES + 1];
        assert_eq!(
            open(&huge, TEAM, &ring, member),
            Err(EnvelopeError::TooLarge(MAX_ENVELOPE_BYTES + 1))
        );
        let key = TeamKey::from_bytes(3, [4; 32]);
        assert!(matches!(
            seal(&key, TEAM, DOC, EnvelopeKind::Chunk, &huge, &dev, [0; 12]),
            Err(EnvelopeError::TooLarge(_))
        ));
    }

    #[test]
    fn a_re_signed_envelope_from_another_device_is_not_a_member() {
        // A device that knows the team key but is not a member is refused
        // even though its envelope decrypts.
        let key = TeamKey::from_bytes(3, [4; 32]);
        let outsider = DeviceKey::from_seed([7; 32]);
        let env = seal(
            &key,
            TEAM,
            DOC,
            EnvelopeKind::Snapshot,
            b"x",
            &outsider,
            [1; 12],
        )
        .expect("seal");
        let member = DeviceKey::from_seed([5; 32]).public();
        assert_eq!(
            open(&env, TEAM, &KeyRing::new(key), |d| *d == member),
            Err(EnvelopeError::UnknownSigner)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn hostile_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let ring = KeyRing::new(TeamKey::from_bytes(1, [1; 32]));
            let _ = open(&bytes, TEAM, &ring, |_| true);
        }

        #[test]
        fn hostile_bytes_with_a_valid_header_never_panic(
            tail in proptest::collection::vec(any::<u8>(), 0..300),
            kind in 0u8..4,
            len in any::<u32>(),
        ) {
            let mut bytes = vec![VERSION, kind];
            bytes.extend_from_slice(&[0u8; 80]);
            bytes.extend_from_slice(&len.to_be_bytes());
            bytes.extend_from_slice(&tail);
            let ring = KeyRing::new(TeamKey::from_bytes(0, [1; 32]));
            prop_assert!(open(&bytes, TeamId::nil(), &ring, |_| true).is_err());
        }
    }
}
