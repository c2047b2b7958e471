//! Batch-signed envelopes (version 2): one Ed25519 signature per upload
//! instead of one per document (see the crate docs for the layout).
//!
//! A device seals each document's changes as a **member** (encrypted,
//! unsigned, no signer and no team in its header: both are bound by the
//! AEAD's associated data and by the seal) and signs the batch once: the
//! **seal** is the signer's Ed25519 signature over the team and the list
//! of the members' SHA-256 hashes, in order. Each member stays checkable
//! on its own through the signed hash list: its hash is in a seal whose
//! signature holds, whose signer is a current member. The relay stores
//! the seal as one feed item before the members and sends it again with a
//! page that starts inside the batch, so a receiver verifies one
//! signature per batch and page, then hashes each member.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use sha2::{Digest, Sha256};

use crate::envelope::EnvelopeKind;
use crate::feed::MAX_BATCH_ITEMS;
use crate::keys::{DeviceKey, DevicePublicKey, KeyRing, TeamKey};
use crate::wire::Reader;
use crate::{DocId, EnvelopeError, MAX_ENVELOPE_BYTES, TeamId};

/// The member format's version byte.
pub const VERSION: u8 = 2;
/// Bytes of a member before its ciphertext.
pub const MEMBER_HEADER_LEN: usize = 1 + 1 + 4 + 16 + 12;
const TAG_LEN: usize = 16;
/// A seal's first bytes (never a member's or a version 1 envelope's).
pub const SEAL_MAGIC: &[u8; 4] = b"FSH2";
const LEAF_DOMAIN: &[u8; 4] = b"FSL2";
/// Bytes of a seal before its hash list.
pub const SEAL_HEADER_LEN: usize = 4 + 32 + 64 + 2;

/// A member's hash, the unit the seal signs: `SHA-256("FSL2" | member)`.
pub fn leaf(member: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(LEAF_DOMAIN);
    h.update(member);
    h.finalize().into()
}

fn aad(team: TeamId, doc: DocId, kind: EnvelopeKind, epoch: u32) -> [u8; 42] {
    crate::envelope::aad(team, doc, kind, epoch, VERSION)
}

/// Encrypts `changes` for `doc` under the team key's per-document subkey
/// (as version 1 does) as one member of a batch; [`Seal::sign`] signs the
/// batch. `nonce` must be fresh random bytes.
pub fn seal_member(
    key: &TeamKey,
    team: TeamId,
    doc: DocId,
    kind: EnvelopeKind,
    changes: &[u8],
    nonce: [u8; 12],
) -> Result<Vec<u8>, EnvelopeError> {
    let total = MEMBER_HEADER_LEN + changes.len() + TAG_LEN;
    if total > MAX_ENVELOPE_BYTES {
        return Err(EnvelopeError::TooLarge(total));
    }
    let doc_key = key.doc_key(team, doc);
    let cipher = Aes256Gcm::new((&*doc_key).into());
    let mut out = Vec::with_capacity(total);
    out.push(VERSION);
    out.push(kind.code());
    out.extend_from_slice(&key.epoch().to_be_bytes());
    out.extend_from_slice(doc.as_bytes());
    out.extend_from_slice(&nonce);
    let ct = cipher
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: changes,
                aad: &aad(team, doc, kind, key.epoch()),
            },
        )
        .map_err(|_| EnvelopeError::TooLarge(total))?;
    out.extend_from_slice(&ct);
    Ok(out)
}

/// A structurally valid member (not yet known to be signed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    /// Chunk or snapshot.
    pub kind: EnvelopeKind,
    /// Team key epoch.
    pub epoch: u32,
    /// Document.
    pub doc: DocId,
    nonce: [u8; 12],
    ciphertext: &'a [u8],
}

impl<'a> Member<'a> {
    /// Strict structural decoding; never panics.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, EnvelopeError> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::TooLarge(bytes.len()));
        }
        let mut r = Reader::new(bytes, EnvelopeError::TooShort);
        let version = r.array::<1>()?[0];
        if version != VERSION {
            return Err(EnvelopeError::UnsupportedVersion(version));
        }
        if bytes.len() < MEMBER_HEADER_LEN + TAG_LEN {
            return Err(EnvelopeError::TooShort);
        }
        let code = r.array::<1>()?[0];
        let kind = EnvelopeKind::from_code(code).ok_or(EnvelopeError::UnknownKind(code))?;
        let epoch = r.u32()?;
        let doc = DocId::from_bytes(r.array()?);
        let nonce = r.array()?;
        Ok(Member {
            kind,
            epoch,
            doc,
            nonce,
            ciphertext: r.take_rest(),
        })
    }

    /// Decrypts (the caller checked that a valid seal signs this member).
    pub fn decrypt(&self, team: TeamId, keys: &KeyRing) -> Result<Vec<u8>, EnvelopeError> {
        let key = keys
            .get(self.epoch)
            .ok_or(EnvelopeError::UnknownEpoch(self.epoch))?;
        let doc_key = key.doc_key(team, self.doc);
        let cipher = Aes256Gcm::new((&*doc_key).into());
        cipher
            .decrypt(
                &Nonce::from(self.nonce),
                Payload {
                    msg: self.ciphertext,
                    aad: &aad(team, self.doc, self.kind, self.epoch),
                },
            )
            .map_err(|_| EnvelopeError::Undecryptable)
    }
}

/// One batch's signature: the signer, and its signature over the team and
/// the members' hashes in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    /// The signing device.
    pub signer: DevicePublicKey,
    /// Ed25519 over [`Seal::message`].
    pub signature: [u8; 64],
    /// [`leaf`] of each member, in the batch's order.
    pub hashes: Vec<[u8; 32]>,
}

impl Seal {
    /// What is signed: `"FSH2" | team | count u16 BE | count × hash`.
    pub fn message(team: TeamId, hashes: &[[u8; 32]]) -> Vec<u8> {
        let mut m = Vec::with_capacity(22 + hashes.len() * 32);
        m.extend_from_slice(SEAL_MAGIC);
        m.extend_from_slice(team.as_bytes());
        m.extend_from_slice(&(hashes.len() as u16).to_be_bytes());
        for h in hashes {
            m.extend_from_slice(h);
        }
        m
    }

    /// Signs the batch `members` (at most [`MAX_BATCH_ITEMS`]) for `team`.
    pub fn sign(device: &DeviceKey, team: TeamId, members: &[&[u8]]) -> Seal {
        let hashes: Vec<[u8; 32]> = members.iter().map(|m| leaf(m)).collect();
        Seal {
            signer: device.public(),
            signature: device.sign(&Self::message(team, &hashes)),
            hashes,
        }
    }

    /// The seal of `members` as an upload carries it (the signer from the
    /// request, the signature from its body): not yet verified.
    pub fn of(signer: DevicePublicKey, signature: [u8; 64], members: &[&[u8]]) -> Seal {
        Seal {
            signer,
            signature,
            hashes: members.iter().map(|m| leaf(m)).collect(),
        }
    }

    /// Checks the signature (one Ed25519 verification for the batch).
    pub fn verify(&self, team: TeamId) -> Result<(), EnvelopeError> {
        if self.hashes.is_empty() || self.hashes.len() > MAX_BATCH_ITEMS {
            return Err(EnvelopeError::Malformed);
        }
        if self
            .signer
            .verify(&Self::message(team, &self.hashes), &self.signature)
        {
            Ok(())
        } else {
            Err(EnvelopeError::BadSignature)
        }
    }

    /// `"FSH2" | signer [32] | signature [64] | count u16 BE | count × hash`.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(SEAL_HEADER_LEN + self.hashes.len() * 32);
        out.extend_from_slice(SEAL_MAGIC);
        out.extend_from_slice(&self.signer.0);
        out.extend_from_slice(&self.signature);
        out.extend_from_slice(&(self.hashes.len() as u16).to_be_bytes());
        for h in &self.hashes {
            out.extend_from_slice(h);
        }
        out
    }

    /// Whether a feed item is a seal (rather than an envelope).
    pub fn is_seal(bytes: &[u8]) -> bool {
        bytes.starts_with(SEAL_MAGIC)
    }

    /// Strict, bounded decoding (1..=[`MAX_BATCH_ITEMS`] hashes, no
    /// trailing bytes); never panics.
    pub fn decode(bytes: &[u8]) -> Result<Seal, EnvelopeError> {
        let mut r = Reader::new(bytes, EnvelopeError::Malformed);
        if r.take(4)? != SEAL_MAGIC {
            return Err(EnvelopeError::Malformed);
        }
        let signer = DevicePublicKey(r.array()?);
        let signature = r.array()?;
        let count = usize::from(u16::from_be_bytes(r.array()?));
        if count == 0 || count > MAX_BATCH_ITEMS {
            return Err(EnvelopeError::Malformed);
        }
        let mut hashes = Vec::with_capacity(count);
        for _ in 0..count {
            hashes.push(r.array()?);
        }
        r.end()?;
        Ok(Seal {
            signer,
            signature,
            hashes,
        })
    }
}

#[cfg(test)]
mod tests;
