//! Team enrollment: device box keys, the key ring sealed to a device,
//! one-time invite codes, join requests, the relay's transport rules and
//! the admin-signed membership log.
//!
//! Formats carry a version in their magic bytes; a format of an older
//! build is refused with [`TeamError::OldFormat`], never misread.
//!
//! ## Sealed key ring (signed by the admin, bound to the log)
//!
//! The team keys (every epoch a device may read) reach a device only as a
//! libsodium-compatible sealed box (`crypto_box`: X25519, XSalsa20-Poly1305,
//! ephemeral sender key) to the device's X25519 key, and the plaintext is
//! signed by the admin for that device and that log position:
//!
//! ```text
//! body      = "FSK2" | team [16] | recipient Ed25519 key [32]
//!           | log length u32 BE | log head [32]
//!           | count u8 | count × (epoch u32 BE | key [32])
//! plaintext = body | Ed25519 signature [64] by the admin over "FS-RING-2" | body
//! ```
//!
//! A device accepts a ring only when the signature is the admin's, the
//! recipient is itself, the log position is one of its own log (same head
//! at that length), every epoch has a key commitment in the log
//! ([`Membership::check_ring`]) and a key it already holds is never
//! replaced ([`KeyRing::add_new`]).
//!
//! ## Invite code (the QR payload and its typed fallback)
//!
//! ```text
//! bytes = version u8 (=2) | team [16] | admin fingerprint [16] | invite secret [16]
//!       | relay pin [32] (SPKI SHA-256; zeros: plain HTTP on loopback, no pin)
//!       | url length u8 | relay URL (ASCII) | checksum [4]
//! fingerprint = SHA-256("FS-ADMIN-1" | admin Ed25519 key)[..16]
//! checksum    = SHA-256(every preceding byte)[..4]
//! code        = "FS2-" + Crockford base32 of bytes, in groups of 5 joined by "-"
//! ```
//!
//! Decoding ignores case, spaces and dashes and reads `O` as `0`, `I`/`L` as
//! `1`; a mistyped character fails the checksum. No key is in the code: the
//! secret only proves, in the join request, that the device holds the code;
//! the pin is what the joining device's TLS client accepts from the relay.
//!
//! ## Relay transport ([`relay_transport`])
//!
//! `https://` (TLS, pinned) anywhere; plain `http://` only to this machine
//! (loopback: `localhost`, `127.0.0.0/8`, `[::1]`), for tests and a relay
//! on the same machine. Anything else is refused before any connection.
//!
//! ## Invite keys and their registration with the relay
//!
//! The invite secret never leaves the admin's device and the code. Both the
//! admin and the joining device derive from it, with HKDF-SHA256
//! (salt `"fieldscreen/invite/v1"`, input the 16-byte secret):
//!
//! ```text
//! invite id   = HKDF(info "FS-INVITE-ID-1")  [16]   names the invite
//! invite seed = HKDF(info "FS-INVITE-KEY-1") [32]   an Ed25519 signing key
//! verifier    = the Ed25519 public key of the invite seed
//! ```
//!
//! The admin registers each invite with the relay before showing its code
//! ([`InviteRegistration`]): `"FSI1" | invite id [16] | verifier [32] |
//! expires (Unix ms) i64 BE`, 60 bytes. The relay keeps the public verifier
//! only, so neither the relay nor whoever reads its database can make a
//! join request that proves the invite.
//!
//! ## Join request
//!
//! ```text
//! "FSJ2" | team [16] | Ed25519 key [32] | X25519 key [32] | invite id [16] | proof [64]
//! proof = Ed25519 signature by the invite key over
//!         "FS-JOIN-2" | team | Ed25519 key | X25519 key | invite id
//! ```
//!
//! The relay checks the proof against the registered verifier before the
//! request takes a pending slot (one slot per invite: the invite is used
//! once); the admin checks it again against the secret it kept. Version 1
//! requests (an HMAC without an invite id) are refused as malformed.
//!
//! ## Device fingerprint
//!
//! What the admin compares with the joining device's screen before
//! admitting it ([`device_fingerprint`]): the first 8 bytes of
//! `SHA-256("FS-DEVICE-FP-1" | team | Ed25519 key | X25519 key)` as a
//! big-endian number modulo 10^12, written as three groups of four digits
//! (`0421 8830 1957`). A second device that shows the same digits needs
//! about 2^39 key pairs tried, and the attacker must also hold the one-time
//! invite and finish before the admin confirms.
//!
//! ## Membership log entry
//!
//! ```text
//! "FSL2" | team [16] | index u32 BE | prev [32] | time u64 BE (admin's clock, Unix ms)
//!        | op u8 | payload | Ed25519 signature [64] over every preceding byte
//! op 1 add:        Ed25519 key [32] | X25519 key [32]
//! op 2 remove:     Ed25519 key [32]
//! op 3 rotate:     new epoch u32 BE | key commitment [32]
//! op 4 genesis:    admin Ed25519 key [32] | admin X25519 key [32]
//!                  | key commitment of epoch 1 [32] | relay pins
//! op 5 relay pins: relay pins (replaces the set)
//! op 6 publisher:  Ed25519 key [32] | allowed u8 (1 may publish team
//!                  questionnaires, 0 no longer) — "FSL3" entries only
//! relay pins = count u8 (0..=4) | count × SPKI SHA-256 [32]
//! prev = SHA-256 of the previous entry's bytes (zeros for the first)
//! An entry with op 6 begins "FSL3" instead of "FSL2" (ops 1-5 keep
//! "FSL2", so existing logs and their hashes never change); a build that
//! predates op 6 refuses such an entry instead of misreading it, and this
//! build refuses op 6 under "FSL2".
//! commitment = TeamKey::commitment (HKDF-SHA256 of the key, never the key)
//! ```
//!
//! Every entry is signed by the team's admin; the first (genesis) adds the
//! admin itself, commits to the key of epoch 1 and names the relay's key.
//! Each device replays the whole log ([`Membership::apply`]) before
//! trusting a member list, a key or a relay key. The admin posts an entry
//! to the relay before keeping it, so every entry a device holds was on
//! the relay when the admin's clock said `time`: what lets a device tell a
//! relay that withheld entries from one that was merely asked earlier.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::keys::{DeviceKey, DevicePublicKey, KeyRing, TeamKey};
use crate::wire::Reader;
use crate::{TeamError, TeamId};

mod invite;
mod log;

pub use invite::*;
pub use log::*;

/// Plaintext of a sealed ring without its keys and signature.
const RING_HEAD_LEN: usize = 4 + 16 + 32 + 4 + 32 + 1;
/// Overhead of a sealed box (ephemeral key and tag).
const SEAL_OVERHEAD: usize = 48;
/// Largest sealed key ring accepted.
pub const MAX_SEALED_RING_BYTES: usize = RING_HEAD_LEN + 255 * 36 + 64 + SEAL_OVERHEAD;
/// Smallest sealed key ring (one epoch).
pub const MIN_SEALED_RING_BYTES: usize = RING_HEAD_LEN + 36 + 64 + SEAL_OVERHEAD;
/// Length of an encoded join request.
pub const JOIN_REQUEST_LEN: usize = 4 + 16 + 32 + 32 + 16 + 64;
/// Length of an encoded invite registration.
pub const INVITE_REGISTRATION_LEN: usize = 4 + 16 + 32 + 8;
/// Most relay keys (SPKI pins) the log names at once: the current one and
/// those announced ahead of a key change.
pub const MAX_RELAY_PINS: usize = 4;
/// Bytes of a log entry before its payload.
const LOG_HEAD_LEN: usize = 4 + 16 + 4 + 32 + 8 + 1;
/// Largest encoded log entry (a genesis entry with every pin).
pub const MAX_LOG_ENTRY_BYTES: usize = LOG_HEAD_LEN + 32 + 32 + 32 + 1 + MAX_RELAY_PINS * 32 + 64;
/// Most entries a membership log may have.
pub const MAX_LOG_ENTRIES: usize = 100_000;
/// Longest relay URL in an invite.
pub const MAX_URL_LEN: usize = 200;
/// The key epoch a team starts at.
pub const FIRST_EPOCH: u32 = 1;

/// The SHA-256 of a relay certificate's SubjectPublicKeyInfo: what a
/// device's TLS client accepts from the relay.
pub type RelayPin = [u8; 32];

/// A relay pin as 64 lower-case hex digits.
pub fn pin_to_hex(pin: &RelayPin) -> String {
    hex::encode(pin)
}

/// Reads a pin typed as 64 hex digits (spaces and colons ignored, any case).
pub fn pin_from_hex(s: &str) -> Option<RelayPin> {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    let mut out = [0u8; 32];
    hex::decode_to_slice(clean.to_ascii_lowercase(), &mut out).ok()?;
    Some(out)
}

/// The short form people compare: the first 16 hex digits of the pin in
/// groups of four (`3f2a 9c01 77de 4b10`).
pub fn pin_fingerprint(pin: &RelayPin) -> String {
    let h = hex::encode(&pin[..8]);
    let groups: Vec<&str> = (0..4).map(|i| &h[i * 4..i * 4 + 4]).collect();
    groups.join(" ")
}

// ----- device box keys -------------------------------------------------

/// A device's X25519 secret key: what team keys are sealed to.
#[derive(Clone)]
pub struct BoxKey(crypto_box::SecretKey);

impl BoxKey {
    /// From its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        BoxKey(crypto_box::SecretKey::from_bytes(bytes))
    }

    /// A fresh random key.
    pub fn generate() -> Result<Self, TeamError> {
        let b: Zeroizing<[u8; 32]> =
            Zeroizing::new(crate::random_bytes().map_err(|_| TeamError::RandomUnavailable)?);
        Ok(Self::from_bytes(*b))
    }

    /// The secret bytes, to store the key (encrypted) on the device.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// The public half.
    pub fn public(&self) -> BoxPublicKey {
        BoxPublicKey(self.0.public_key().to_bytes())
    }
}

impl fmt::Debug for BoxKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BoxKey({:?}, <redacted>)", self.public())
    }
}

/// A device's X25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BoxPublicKey(pub [u8; 32]);

impl fmt::Debug for BoxPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BoxPublicKey({})", &hex::encode(self.0)[..16])
    }
}

/// Both public keys of a device.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DeviceIdentity {
    /// Signs requests, envelopes and (for the admin) log entries.
    pub sign: DevicePublicKey,
    /// Receives the sealed key ring.
    pub boxk: BoxPublicKey,
}

// ----- sealed key ring ---------------------------------------------------

/// Where in the membership log a sealed ring belongs: the log's length and
/// the hash of its last entry at that length ([`LogHead`]).
pub type RingPosition = LogHead;

fn ring_body(
    ring: &KeyRing,
    team: TeamId,
    to: &DevicePublicKey,
    at: &LogHead,
) -> Result<Zeroizing<Vec<u8>>, TeamError> {
    let count = u8::try_from(ring.len()).map_err(|_| TeamError::TooManyEpochs)?;
    if count == 0 {
        return Err(TeamError::Malformed);
    }
    let mut body = Zeroizing::new(Vec::with_capacity(RING_HEAD_LEN + ring.len() * 36 + 64));
    body.extend_from_slice(b"FSK2");
    body.extend_from_slice(team.as_bytes());
    body.extend_from_slice(&to.0);
    body.extend_from_slice(&at.len.to_be_bytes());
    body.extend_from_slice(&at.head);
    body.push(count);
    for k in ring.iter() {
        body.extend_from_slice(&k.epoch().to_be_bytes());
        body.extend_from_slice(k.expose_bytes());
    }
    Ok(body)
}

fn ring_signed(body: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut m = Zeroizing::new(Vec::with_capacity(9 + body.len()));
    m.extend_from_slice(b"FS-RING-2");
    m.extend_from_slice(body);
    m
}

/// (Admin) seals every key of `ring` to device `to`, signed by `admin`
/// for that device and bound to the log position `at`: only the holder of
/// `to`'s [`BoxKey`] can open it, and only a ring the admin signed for it
/// is accepted.
pub fn seal_ring(
    ring: &KeyRing,
    team: TeamId,
    admin: &DeviceKey,
    to: &DeviceIdentity,
    at: &LogHead,
) -> Result<Vec<u8>, TeamError> {
    let mut plain = ring_body(ring, team, &to.sign, at)?;
    let signature = admin.sign(&ring_signed(&plain));
    plain.extend_from_slice(&signature);
    crypto_box::PublicKey::from_bytes(to.boxk.0)
        .seal(&mut crypto_box::aead::OsRng, &plain)
        .map_err(|_| TeamError::RandomUnavailable)
}

/// A ring opened by [`open_ring`]: the keys and the log position the admin
/// bound them to (the caller checks the position against its log).
#[derive(Debug, Clone)]
pub struct OpenedRing {
    /// The keys, by epoch.
    pub ring: KeyRing,
    /// The log position the ring belongs to.
    pub at: LogHead,
}

/// Opens a ring sealed by [`seal_ring`] for `team` to this device
/// (`me`, its box key `key`) and checks that `admin` signed it for `me`.
/// Strict: wrong team, wrong recipient, a signature by anyone but the
/// admin, an older format, tampering or any length mismatch is an error.
pub fn open_ring(
    sealed: &[u8],
    team: TeamId,
    me: &DevicePublicKey,
    key: &BoxKey,
    admin: &DevicePublicKey,
) -> Result<OpenedRing, TeamError> {
    if sealed.len() > MAX_SEALED_RING_BYTES {
        return Err(TeamError::Malformed);
    }
    let plain = Zeroizing::new(key.0.unseal(sealed).map_err(|_| TeamError::Unsealable)?);
    let mut r = Reader::new(&plain, TeamError::Malformed);
    match r.take(4)? {
        b"FSK2" => {}
        // The anonymous rings of an older build: nobody signed them.
        b"FSK1" => return Err(TeamError::RingUnsigned),
        _ => return Err(TeamError::Malformed),
    }
    if r.array::<16>()? != *team.as_bytes() {
        return Err(TeamError::Malformed);
    }
    let to = DevicePublicKey(r.array()?);
    let at = LogHead {
        len: u32::from_be_bytes(r.array()?),
        head: r.array()?,
    };
    let count = r.take(1)?[0] as usize;
    if count == 0 || r.rest().len() != count * 36 + 64 {
        return Err(TeamError::Malformed);
    }
    let body_len = plain.len() - 64;
    let mut signature = [0u8; 64];
    signature.copy_from_slice(&plain[body_len..]);
    if !admin.verify(&ring_signed(&plain[..body_len]), &signature) {
        return Err(TeamError::RingUnsigned);
    }
    if to != *me {
        return Err(TeamError::RingNotForThisDevice);
    }
    let mut ring = KeyRing::default();
    for _ in 0..count {
        let epoch = u32::from_be_bytes(r.array()?);
        let k = Zeroizing::new(r.array::<32>()?);
        if ring.get(epoch).is_some() {
            return Err(TeamError::Malformed);
        }
        ring.insert(TeamKey::from_bytes(epoch, *k));
    }
    Ok(OpenedRing { ring, at })
}

// ----- device fingerprint ---------------------------------------------------

/// The digits the admin compares with the joining device's screen: 12
/// ASCII digits in three groups of four, from the device's two keys and
/// the team (see the module docs). Callers write them in the reader's
/// digits.
pub fn device_fingerprint(team: TeamId, device: &DeviceIdentity) -> String {
    let d = Sha256::new()
        .chain_update(b"FS-DEVICE-FP-1")
        .chain_update(team.as_bytes())
        .chain_update(device.sign.0)
        .chain_update(device.boxk.0)
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&d[..8]);
    let n = u64::from_be_bytes(first) % 1_000_000_000_000;
    let digits = format!("{n:012}");
    format!("{} {} {}", &digits[..4], &digits[4..8], &digits[8..])
}

/// A typed fingerprint made comparable: its ASCII digits only (callers
/// turn native digits into ASCII first); `None` unless exactly 12.
pub fn normalize_fingerprint(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| c.is_ascii_digit()).collect();
    let only_separators = typed
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-' || c == '\u{a0}');
    (digits.len() == 12 && only_separators).then_some(digits)
}

#[cfg(test)]
mod tests;
