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
use crate::{TeamError, TeamId};

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
    let mut r = Reader(&plain);
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
    if count == 0 || r.0.len() != count * 36 + 64 {
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

// ----- invite codes --------------------------------------------------------

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const INVITE_PREFIX: &str = "FS2-";
const OLD_INVITE_PREFIX: &str = "FS1-";
const INVITE_VERSION: u8 = 2;
/// Bytes of an invite without its URL and checksum.
const INVITE_FIXED: usize = 1 + 16 + 16 + 16 + 32 + 1;

/// A one-time invitation to join a team.
#[derive(Clone, PartialEq, Eq)]
pub struct Invite {
    /// The relay's base URL.
    pub relay: String,
    /// The relay's key (SPKI SHA-256), `None` for plain HTTP on loopback.
    pub pin: Option<RelayPin>,
    /// The team.
    pub team: TeamId,
    /// Fingerprint of the admin's Ed25519 key ([`admin_fingerprint`]).
    pub admin_fp: [u8; 16],
    /// The one-time secret the join request proves knowledge of.
    pub secret: [u8; 16],
}

impl fmt::Debug for Invite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Invite")
            .field("relay", &self.relay)
            .field("pin", &self.pin.as_ref().map(pin_fingerprint))
            .field("team", &self.team)
            .finish_non_exhaustive()
    }
}

/// `SHA-256("FS-ADMIN-1" | key)[..16]`: names the admin in an invite.
pub fn admin_fingerprint(admin: &DevicePublicKey) -> [u8; 16] {
    let d = Sha256::new()
        .chain_update(b"FS-ADMIN-1")
        .chain_update(admin.0)
        .finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    out
}

fn checksum(bytes: &[u8]) -> [u8; 4] {
    let d = Sha256::digest(bytes);
    [d[0], d[1], d[2], d[3]]
}

/// How a device may talk to a relay URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelayTransport {
    /// `https://`: TLS, the relay's key pinned.
    Https,
    /// `http://` to this machine (loopback): no TLS, no pin.
    LoopbackHttp,
}

/// Checks a relay URL before anything connects to it: `https://HOST[:PORT]`
/// anywhere, `http://` only to loopback (`localhost`, `127.0.0.0/8`,
/// `[::1]`): a plain connection over a network is refused
/// ([`TeamError::InsecureRelay`]), whatever the network. At most
/// [`MAX_URL_LEN`] printable ASCII characters, no user or password part.
pub fn relay_transport(url: &str) -> Result<RelayTransport, TeamError> {
    if url.len() > MAX_URL_LEN || !url.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(TeamError::BadRelayUrl);
    }
    let lower = url.to_ascii_lowercase();
    let (rest, https) = if let Some(r) = lower.strip_prefix("https://") {
        (r, true)
    } else if let Some(r) = lower.strip_prefix("http://") {
        (r, false)
    } else {
        return Err(TeamError::BadRelayUrl);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return Err(TeamError::BadRelayUrl);
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6.split_once(']').ok_or(TeamError::BadRelayUrl)?;
        if !(after.is_empty() || after.starts_with(':')) {
            return Err(TeamError::BadRelayUrl);
        }
        h
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Err(TeamError::BadRelayUrl);
    }
    if https {
        return Ok(RelayTransport::Https);
    }
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        Ok(RelayTransport::LoopbackHttp)
    } else {
        Err(TeamError::InsecureRelay)
    }
}

/// An invite's relay and pin agree: HTTPS carries a pin, loopback HTTP none.
fn check_relay(relay: &str, pin: Option<&RelayPin>) -> Result<(), TeamError> {
    match (relay_transport(relay)?, pin) {
        (RelayTransport::Https, Some(_)) | (RelayTransport::LoopbackHttp, None) => Ok(()),
        (RelayTransport::Https, None) => Err(TeamError::PinMissing),
        (RelayTransport::LoopbackHttp, Some(_)) => Err(TeamError::BadRelayUrl),
    }
}

impl Invite {
    /// A new invite with `secret` (fresh random bytes).
    pub fn new(
        relay: &str,
        pin: Option<RelayPin>,
        team: TeamId,
        admin: &DevicePublicKey,
        secret: [u8; 16],
    ) -> Result<Self, TeamError> {
        check_relay(relay, pin.as_ref())?;
        Ok(Invite {
            relay: relay.to_owned(),
            pin,
            team,
            admin_fp: admin_fingerprint(admin),
            secret,
        })
    }

    /// Whether `admin` is the admin this invite names.
    pub fn names_admin(&self, admin: &DevicePublicKey) -> bool {
        admin_fingerprint(admin) == self.admin_fp
    }

    /// The code: the QR payload and the typed fallback.
    pub fn encode(&self) -> String {
        let mut b = Vec::with_capacity(INVITE_FIXED + self.relay.len() + 4);
        b.push(INVITE_VERSION);
        b.extend_from_slice(self.team.as_bytes());
        b.extend_from_slice(&self.admin_fp);
        b.extend_from_slice(&self.secret);
        b.extend_from_slice(&self.pin.unwrap_or([0; 32]));
        // `new`/`decode` bound the URL to MAX_URL_LEN (< 256).
        b.push(self.relay.len() as u8);
        b.extend_from_slice(self.relay.as_bytes());
        let c = checksum(&b);
        b.extend_from_slice(&c);
        let chars = base32(&b);
        let groups: Vec<&str> = chars
            .as_bytes()
            .chunks(5)
            .map(|g| std::str::from_utf8(g).unwrap_or(""))
            .collect();
        format!("{INVITE_PREFIX}{}", groups.join("-"))
    }

    /// Reads a code (scanned or typed). Never panics; bounded. A code of
    /// an older build is [`TeamError::OldFormat`].
    pub fn decode(code: &str) -> Result<Self, TeamError> {
        if code.len() > 2 * (MAX_URL_LEN + INVITE_FIXED + 4) * 8 / 5 + 40 {
            return Err(TeamError::BadInvite);
        }
        let code = code.trim();
        let prefix = code.get(..INVITE_PREFIX.len());
        if prefix.is_some_and(|p| p.eq_ignore_ascii_case(OLD_INVITE_PREFIX)) {
            return Err(TeamError::OldFormat);
        }
        let rest = prefix
            .filter(|p| p.eq_ignore_ascii_case(INVITE_PREFIX))
            .and_then(|_| code.get(INVITE_PREFIX.len()..))
            .ok_or(TeamError::BadInvite)?;
        let b = unbase32(rest).ok_or(TeamError::BadInvite)?;
        if b.len() < INVITE_FIXED + 4 {
            return Err(TeamError::BadInvite);
        }
        let (body, sum) = b.split_at(b.len() - 4);
        if checksum(body) != sum {
            return Err(TeamError::BadInvite);
        }
        let bad = |_| TeamError::BadInvite;
        let mut r = Reader(body);
        match r.take(1).map_err(bad)?[0] {
            INVITE_VERSION => {}
            1 => return Err(TeamError::OldFormat),
            _ => return Err(TeamError::BadInvite),
        }
        let team = TeamId::from_bytes(r.array().map_err(bad)?);
        let admin_fp = r.array().map_err(bad)?;
        let secret = r.array().map_err(bad)?;
        let pin: RelayPin = r.array().map_err(bad)?;
        let pin = (pin != [0; 32]).then_some(pin);
        let len = r.take(1).map_err(bad)?[0] as usize;
        if r.0.len() != len {
            return Err(TeamError::BadInvite);
        }
        let relay = std::str::from_utf8(r.0).map_err(|_| TeamError::BadInvite)?;
        check_relay(relay, pin.as_ref())?;
        Ok(Invite {
            relay: relay.to_owned(),
            pin,
            team,
            admin_fp,
            secret,
        })
    }
}

/// Crockford's base32: no padding; decoding ignores case, `-` and spaces,
/// reads `O` as 0 and `I`/`L` as 1, and refuses nonzero leftover bits.
static CROCKFORD_BASE32: std::sync::LazyLock<data_encoding::Encoding> =
    std::sync::LazyLock::new(|| {
        let mut spec = data_encoding::Specification::new();
        spec.symbols
            .push_str(std::str::from_utf8(CROCKFORD).unwrap_or_default());
        spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzOoIiLl");
        spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ001111");
        spec.ignore.push_str("- ");
        spec.check_trailing_bits = true;
        spec.encoding().expect("a valid base32 specification")
    });

fn base32(bytes: &[u8]) -> String {
    CROCKFORD_BASE32.encode(bytes)
}

fn unbase32(s: &str) -> Option<Vec<u8>> {
    CROCKFORD_BASE32.decode(s.as_bytes()).ok()
}

// ----- invite keys and registration -----------------------------------------

/// What an invite secret derives (see the module docs): the id the relay
/// knows the invite by, and the signing key whose public half it checks.
#[derive(Clone)]
pub struct InviteKeys {
    /// Names the invite on the relay.
    pub id: [u8; 16],
    key: DeviceKey,
}

impl fmt::Debug for InviteKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InviteKeys({}, <redacted>)", hex::encode(self.id))
    }
}

impl InviteKeys {
    /// Derives the invite's id and key from its secret (HKDF-SHA256).
    pub fn derive(secret: &[u8; 16]) -> Self {
        let hk = hkdf::Hkdf::<Sha256>::new(Some(b"fieldscreen/invite/v1"), secret);
        let mut id = [0u8; 16];
        let mut seed = Zeroizing::new([0u8; 32]);
        // Both lengths are far below HKDF's limit of 255 hash lengths.
        let _ = hk.expand(b"FS-INVITE-ID-1", &mut id);
        let _ = hk.expand(b"FS-INVITE-KEY-1", &mut *seed);
        InviteKeys {
            id,
            key: DeviceKey::from_seed(*seed),
        }
    }

    /// The public verifier the relay keeps.
    pub fn verifier(&self) -> DevicePublicKey {
        self.key.public()
    }

    /// The registration the admin sends to the relay.
    pub fn registration(&self, expires_ms: i64) -> InviteRegistration {
        InviteRegistration {
            id: self.id,
            verifier: self.verifier(),
            expires_ms,
        }
    }
}

/// An invite as the relay knows it: id, public verifier, expiry.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct InviteRegistration {
    /// [`InviteKeys::id`].
    pub id: [u8; 16],
    /// [`InviteKeys::verifier`].
    pub verifier: DevicePublicKey,
    /// When the invite stops admitting anyone (Unix milliseconds).
    pub expires_ms: i64,
}

impl InviteRegistration {
    /// Wire form ([`INVITE_REGISTRATION_LEN`] bytes).
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(INVITE_REGISTRATION_LEN);
        b.extend_from_slice(b"FSI1");
        b.extend_from_slice(&self.id);
        b.extend_from_slice(&self.verifier.0);
        b.extend_from_slice(&self.expires_ms.to_be_bytes());
        b
    }

    /// Strict decoding (exact length).
    pub fn decode(bytes: &[u8]) -> Result<Self, TeamError> {
        if bytes.len() != INVITE_REGISTRATION_LEN {
            return Err(TeamError::Malformed);
        }
        let mut r = Reader(bytes);
        if r.take(4)? != b"FSI1" {
            return Err(TeamError::Malformed);
        }
        Ok(InviteRegistration {
            id: r.array()?,
            verifier: DevicePublicKey(r.array()?),
            expires_ms: i64::from_be_bytes(r.array()?),
        })
    }
}

// ----- join requests -------------------------------------------------------

/// A device asking to join, proving it holds the invite code.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct JoinRequest {
    /// The team.
    pub team: TeamId,
    /// The joining device.
    pub device: DeviceIdentity,
    /// Which invite it uses ([`InviteKeys::id`]).
    pub invite: [u8; 16],
    proof: [u8; 64],
}

fn join_body(team: TeamId, device: &DeviceIdentity, invite: &[u8; 16]) -> Vec<u8> {
    let mut b = Vec::with_capacity(9 + 16 + 64 + 16);
    b.extend_from_slice(b"FS-JOIN-2");
    b.extend_from_slice(team.as_bytes());
    b.extend_from_slice(&device.sign.0);
    b.extend_from_slice(&device.boxk.0);
    b.extend_from_slice(invite);
    b
}

impl JoinRequest {
    /// The request of `device` for the invite's team.
    pub fn new(invite: &Invite, device: DeviceIdentity) -> Self {
        let keys = InviteKeys::derive(&invite.secret);
        let proof = keys.key.sign(&join_body(invite.team, &device, &keys.id));
        JoinRequest {
            team: invite.team,
            device,
            invite: keys.id,
            proof,
        }
    }

    /// Whether the request was made with `secret` (the admin's check).
    pub fn proves(&self, secret: &[u8; 16]) -> bool {
        let keys = InviteKeys::derive(secret);
        keys.id == self.invite && self.verifies(&keys.verifier())
    }

    /// Whether the proof is signed by the invite key whose public half is
    /// `verifier` (the relay's check, against the registered verifier).
    pub fn verifies(&self, verifier: &DevicePublicKey) -> bool {
        verifier.verify(
            &join_body(self.team, &self.device, &self.invite),
            &self.proof,
        )
    }

    /// The joining device's fingerprint ([`device_fingerprint`]).
    pub fn fingerprint(&self) -> String {
        device_fingerprint(self.team, &self.device)
    }

    /// Wire form.
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(JOIN_REQUEST_LEN);
        b.extend_from_slice(b"FSJ2");
        b.extend_from_slice(self.team.as_bytes());
        b.extend_from_slice(&self.device.sign.0);
        b.extend_from_slice(&self.device.boxk.0);
        b.extend_from_slice(&self.invite);
        b.extend_from_slice(&self.proof);
        b
    }

    /// Strict decoding (exact length).
    pub fn decode(bytes: &[u8]) -> Result<Self, TeamError> {
        if bytes.len() != JOIN_REQUEST_LEN {
            return Err(TeamError::Malformed);
        }
        let mut r = Reader(bytes);
        if r.take(4)? != b"FSJ2" {
            return Err(TeamError::Malformed);
        }
        Ok(JoinRequest {
            team: TeamId::from_bytes(r.array()?),
            device: DeviceIdentity {
                sign: DevicePublicKey(r.array()?),
                boxk: BoxPublicKey(r.array()?),
            },
            invite: r.array()?,
            proof: r.array()?,
        })
    }
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

// ----- membership log ------------------------------------------------------

/// What one log entry does.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum LogOp {
    /// The first entry: the admin, the commitment to the key of
    /// [`FIRST_EPOCH`] and the relay's keys.
    Genesis {
        /// The admin's device.
        admin: DeviceIdentity,
        /// [`TeamKey::commitment`] of the first team key.
        commit: [u8; 32],
        /// The relay's keys (none for plain HTTP on loopback).
        pins: Vec<RelayPin>,
    },
    /// A device joins.
    Add(DeviceIdentity),
    /// A device leaves for good.
    Remove(DevicePublicKey),
    /// The team key moved to `epoch` (one more than before).
    Rotate {
        /// The new epoch.
        epoch: u32,
        /// [`TeamKey::commitment`] of its key.
        commit: [u8; 32],
    },
    /// The relay's keys from now on (a relay moving to a new TLS key).
    RelayPins(Vec<RelayPin>),
    /// A member may (`allowed`) or may no longer publish questionnaires to
    /// the team (the admin always may).
    Publisher {
        /// The member's device.
        device: DevicePublicKey,
        /// Whether it may publish from now on.
        allowed: bool,
    },
}

impl LogOp {
    /// The epoch this entry starts, if any.
    pub fn new_epoch(&self) -> Option<u32> {
        match self {
            LogOp::Genesis { .. } => Some(FIRST_EPOCH),
            LogOp::Rotate { epoch, .. } => Some(*epoch),
            _ => None,
        }
    }

    /// The device this entry lets in (`Some((device, true))`) or shuts
    /// out (`Some((device, false))`).
    pub fn device_effect(&self) -> Option<(DevicePublicKey, bool)> {
        match self {
            LogOp::Genesis { admin, .. } => Some((admin.sign, true)),
            LogOp::Add(d) => Some((d.sign, true)),
            LogOp::Remove(d) => Some((*d, false)),
            LogOp::Rotate { .. } | LogOp::RelayPins(_) | LogOp::Publisher { .. } => None,
        }
    }
}

/// One admin-signed, hash-chained entry of the membership log.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LogEntry {
    /// The team.
    pub team: TeamId,
    /// Position, from 0.
    pub index: u32,
    /// SHA-256 of the previous entry (zeros for the first).
    pub prev: [u8; 32],
    /// When the admin signed it (the admin's clock, Unix milliseconds).
    pub time_ms: u64,
    /// What it does.
    pub op: LogOp,
    signature: [u8; 64],
}

fn push_pins(b: &mut Vec<u8>, pins: &[RelayPin]) {
    // Bounded by MAX_RELAY_PINS when built (sign) or read (decode).
    b.push(pins.len() as u8);
    for p in pins {
        b.extend_from_slice(p);
    }
}

fn entry_body(team: TeamId, index: u32, prev: &[u8; 32], time_ms: u64, op: &LogOp) -> Vec<u8> {
    let mut b = Vec::with_capacity(MAX_LOG_ENTRY_BYTES);
    b.extend_from_slice(if matches!(op, LogOp::Publisher { .. }) {
        b"FSL3"
    } else {
        b"FSL2"
    });
    b.extend_from_slice(team.as_bytes());
    b.extend_from_slice(&index.to_be_bytes());
    b.extend_from_slice(prev);
    b.extend_from_slice(&time_ms.to_be_bytes());
    match op {
        LogOp::Add(d) => {
            b.push(1);
            b.extend_from_slice(&d.sign.0);
            b.extend_from_slice(&d.boxk.0);
        }
        LogOp::Remove(d) => {
            b.push(2);
            b.extend_from_slice(&d.0);
        }
        LogOp::Rotate { epoch, commit } => {
            b.push(3);
            b.extend_from_slice(&epoch.to_be_bytes());
            b.extend_from_slice(commit);
        }
        LogOp::Genesis {
            admin,
            commit,
            pins,
        } => {
            b.push(4);
            b.extend_from_slice(&admin.sign.0);
            b.extend_from_slice(&admin.boxk.0);
            b.extend_from_slice(commit);
            push_pins(&mut b, pins);
        }
        LogOp::RelayPins(pins) => {
            b.push(5);
            push_pins(&mut b, pins);
        }
        LogOp::Publisher { device, allowed } => {
            b.push(6);
            b.extend_from_slice(&device.0);
            b.push(u8::from(*allowed));
        }
    }
    b
}

fn read_pins(r: &mut Reader<'_>) -> Result<Vec<RelayPin>, TeamError> {
    let n = r.take(1)?[0] as usize;
    if n > MAX_RELAY_PINS {
        return Err(TeamError::Malformed);
    }
    let mut pins = Vec::with_capacity(n);
    for _ in 0..n {
        let p: RelayPin = r.array()?;
        if pins.contains(&p) {
            return Err(TeamError::Malformed);
        }
        pins.push(p);
    }
    Ok(pins)
}

impl LogEntry {
    /// An entry signed by `admin` at `time_ms` (its clock). Pins beyond
    /// [`MAX_RELAY_PINS`] are an error.
    pub fn sign(
        admin: &DeviceKey,
        team: TeamId,
        index: u32,
        prev: [u8; 32],
        time_ms: u64,
        op: LogOp,
    ) -> Result<Self, TeamError> {
        if let LogOp::Genesis { pins, .. } | LogOp::RelayPins(pins) = &op
            && pins.len() > MAX_RELAY_PINS
        {
            return Err(TeamError::TooManyPins);
        }
        let signature = admin.sign(&entry_body(team, index, &prev, time_ms, &op));
        Ok(LogEntry {
            team,
            index,
            prev,
            time_ms,
            op,
            signature,
        })
    }

    /// Wire form.
    pub fn encode(&self) -> Vec<u8> {
        let mut b = entry_body(self.team, self.index, &self.prev, self.time_ms, &self.op);
        b.extend_from_slice(&self.signature);
        b
    }

    /// SHA-256 of the wire form: the next entry's `prev`.
    pub fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.encode()).into()
    }

    /// Strict decoding (exact lengths, known op). The signature is checked
    /// by [`Membership::apply`], which knows the admin. An entry of an
    /// older build is [`TeamError::OldFormat`].
    pub fn decode(bytes: &[u8]) -> Result<Self, TeamError> {
        if bytes.len() > MAX_LOG_ENTRY_BYTES {
            return Err(TeamError::Malformed);
        }
        let mut r = Reader(bytes);
        let v3 = match r.take(4)? {
            b"FSL2" => false,
            b"FSL3" => true,
            b"FSL1" => return Err(TeamError::OldFormat),
            _ => return Err(TeamError::Malformed),
        };
        let team = TeamId::from_bytes(r.array()?);
        let index = u32::from_be_bytes(r.array()?);
        let prev = r.array()?;
        let time_ms = u64::from_be_bytes(r.array()?);
        let op = match r.take(1)?[0] {
            1 => LogOp::Add(DeviceIdentity {
                sign: DevicePublicKey(r.array()?),
                boxk: BoxPublicKey(r.array()?),
            }),
            2 => LogOp::Remove(DevicePublicKey(r.array()?)),
            3 => LogOp::Rotate {
                epoch: u32::from_be_bytes(r.array()?),
                commit: r.array()?,
            },
            4 => LogOp::Genesis {
                admin: DeviceIdentity {
                    sign: DevicePublicKey(r.array()?),
                    boxk: BoxPublicKey(r.array()?),
                },
                commit: r.array()?,
                pins: read_pins(&mut r)?,
            },
            5 => LogOp::RelayPins(read_pins(&mut r)?),
            6 => LogOp::Publisher {
                device: DevicePublicKey(r.array()?),
                allowed: match r.take(1)?[0] {
                    0 => false,
                    1 => true,
                    _ => return Err(TeamError::Malformed),
                },
            },
            _ => return Err(TeamError::Malformed),
        };
        // Op 6 exactly under "FSL3": one op, one encoding.
        if v3 != matches!(op, LogOp::Publisher { .. }) {
            return Err(TeamError::Malformed);
        }
        let signature = r.array()?;
        if !r.0.is_empty() {
            return Err(TeamError::Malformed);
        }
        Ok(LogEntry {
            team,
            index,
            prev,
            time_ms,
            op,
            signature,
        })
    }

    fn verify(&self, admin: &DevicePublicKey) -> bool {
        admin.verify(
            &entry_body(self.team, self.index, &self.prev, self.time_ms, &self.op),
            &self.signature,
        )
    }
}

/// A log's length and the hash of its last entry (zeros when empty): two
/// logs with the same head are the same log (the entries are hash-chained
/// and admin-signed). Devices that meet compare heads.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct LogHead {
    /// Entries.
    pub len: u32,
    /// SHA-256 of the last entry's bytes.
    pub head: [u8; 32],
}

/// Bytes of an encoded [`LogHead`].
pub const LOG_HEAD_BYTES: usize = 36;

impl LogHead {
    /// The head of an encoded log cut at `len` entries (`None` if the log
    /// is shorter).
    pub fn of<B: AsRef<[u8]>>(log: &[B], len: u32) -> Option<LogHead> {
        let n = usize::try_from(len).ok()?;
        if n > log.len() {
            return None;
        }
        let head = match n.checked_sub(1) {
            None => [0; 32],
            Some(last) => Sha256::digest(log[last].as_ref()).into(),
        };
        Some(LogHead { len, head })
    }

    /// `len u32 BE | head [32]`.
    pub fn encode(&self) -> [u8; LOG_HEAD_BYTES] {
        let mut out = [0u8; LOG_HEAD_BYTES];
        out[..4].copy_from_slice(&self.len.to_be_bytes());
        out[4..].copy_from_slice(&self.head);
        out
    }

    /// Strict decoding (exactly [`LOG_HEAD_BYTES`]).
    pub fn decode(bytes: &[u8]) -> Result<Self, TeamError> {
        if bytes.len() != LOG_HEAD_BYTES {
            return Err(TeamError::Malformed);
        }
        let mut r = Reader(bytes);
        Ok(LogHead {
            len: u32::from_be_bytes(r.array()?),
            head: r.array()?,
        })
    }
}

/// A team's membership, as replayed from its verified log.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Membership {
    team: TeamId,
    admin: DevicePublicKey,
    members: BTreeMap<DevicePublicKey, BoxPublicKey>,
    removed: BTreeSet<DevicePublicKey>,
    publishers: BTreeSet<DevicePublicKey>,
    ever_publishers: BTreeSet<DevicePublicKey>,
    epoch: u32,
    commits: BTreeMap<u32, [u8; 32]>,
    pins: Vec<RelayPin>,
    len: u32,
    head: [u8; 32],
    last_time_ms: u64,
}

impl Membership {
    /// An empty log of `team` whose entries `admin` signs.
    pub fn new(team: TeamId, admin: DevicePublicKey) -> Self {
        Membership {
            team,
            admin,
            members: BTreeMap::new(),
            removed: BTreeSet::new(),
            publishers: BTreeSet::new(),
            ever_publishers: BTreeSet::new(),
            epoch: 0,
            commits: BTreeMap::new(),
            pins: Vec::new(),
            len: 0,
            head: [0; 32],
            last_time_ms: 0,
        }
    }

    /// Replays a whole log (entries in order).
    pub fn from_log<B: AsRef<[u8]>>(
        team: TeamId,
        admin: DevicePublicKey,
        entries: impl IntoIterator<Item = B>,
    ) -> Result<Self, TeamError> {
        let mut m = Membership::new(team, admin);
        for e in entries {
            m.apply(&LogEntry::decode(e.as_ref())?)?;
        }
        Ok(m)
    }

    /// Checks `entry` against everything before it and applies it: same
    /// team, next index, chained to the head, signed by the admin, and a
    /// legal step (the first entry is the genesis of this admin and only
    /// the first; no second add, no return after removal, the admin is
    /// never removed, epochs go up by one). A refused entry changes nothing.
    pub fn apply(&mut self, entry: &LogEntry) -> Result<(), TeamError> {
        if entry.team != self.team || entry.index != self.len || entry.prev != self.head {
            return Err(TeamError::LogBroken);
        }
        if self.len as usize >= MAX_LOG_ENTRIES {
            return Err(TeamError::LogBroken);
        }
        if !entry.verify(&self.admin) {
            return Err(TeamError::LogBadSignature);
        }
        let first = self.len == 0;
        if first != matches!(entry.op, LogOp::Genesis { .. }) {
            return Err(TeamError::LogIllegal);
        }
        match &entry.op {
            LogOp::Genesis {
                admin,
                commit,
                pins,
            } => {
                if admin.sign != self.admin {
                    return Err(TeamError::LogIllegal);
                }
                self.members.insert(admin.sign, admin.boxk);
                self.epoch = FIRST_EPOCH;
                self.commits.insert(FIRST_EPOCH, *commit);
                self.pins = pins.clone();
            }
            LogOp::Add(d) => {
                if self.members.contains_key(&d.sign) || self.removed.contains(&d.sign) {
                    return Err(TeamError::LogIllegal);
                }
                self.members.insert(d.sign, d.boxk);
            }
            LogOp::Remove(d) => {
                if *d == self.admin || !self.members.contains_key(d) {
                    return Err(TeamError::LogIllegal);
                }
                self.members.remove(d);
                self.removed.insert(*d);
            }
            LogOp::Rotate { epoch, commit } => {
                if Some(*epoch) != self.epoch.checked_add(1) {
                    return Err(TeamError::LogIllegal);
                }
                self.epoch = *epoch;
                self.commits.insert(*epoch, *commit);
            }
            LogOp::RelayPins(pins) => self.pins = pins.clone(),
            LogOp::Publisher { device, allowed } => {
                // Only for a current member other than the admin (who
                // always may), and only as a change.
                if *device == self.admin
                    || !self.members.contains_key(device)
                    || self.publishers.contains(device) == *allowed
                {
                    return Err(TeamError::LogIllegal);
                }
                if *allowed {
                    self.publishers.insert(*device);
                    self.ever_publishers.insert(*device);
                } else {
                    self.publishers.remove(device);
                }
            }
        }
        self.len += 1;
        self.head = entry.hash();
        self.last_time_ms = entry.time_ms;
        Ok(())
    }

    /// Signs the next entry (the admin's side) at `time_ms` without
    /// applying it.
    pub fn next_entry(
        &self,
        admin: &DeviceKey,
        time_ms: u64,
        op: LogOp,
    ) -> Result<LogEntry, TeamError> {
        LogEntry::sign(admin, self.team, self.len, self.head, time_ms, op)
    }

    /// Checks keys handed to this device against the log: every epoch of
    /// `ring` must have a commitment in the log and its key must match it.
    pub fn check_ring(&self, ring: &KeyRing) -> Result<(), TeamError> {
        for k in ring.iter() {
            let Some(commit) = self.commits.get(&k.epoch()) else {
                return Err(TeamError::RingUnknownEpoch(k.epoch()));
            };
            if k.commitment(self.team) != *commit {
                return Err(TeamError::RingKeyMismatch(k.epoch()));
            }
        }
        Ok(())
    }

    /// The team.
    pub fn team(&self) -> TeamId {
        self.team
    }

    /// The admin.
    pub fn admin(&self) -> DevicePublicKey {
        self.admin
    }

    /// Entries applied so far.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// Whether no entry was applied yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The log's head (length and hash of the last entry).
    pub fn head(&self) -> LogHead {
        LogHead {
            len: self.len,
            head: self.head,
        }
    }

    /// The admin's clock when it signed the last entry (0: empty log).
    pub fn last_time_ms(&self) -> u64 {
        self.last_time_ms
    }

    /// The current key epoch (0 before the genesis entry).
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The relay's keys the log names now.
    pub fn relay_pins(&self) -> &[RelayPin] {
        &self.pins
    }

    /// Whether `device` is a current member.
    pub fn is_member(&self, device: &DevicePublicKey) -> bool {
        self.members.contains_key(device)
    }

    /// Whether `device` was ever a member (it may have signed older data).
    pub fn was_member(&self, device: &DevicePublicKey) -> bool {
        self.is_member(device) || self.removed.contains(device)
    }

    /// Whether `device` may publish questionnaires to the team now: the
    /// admin, or a current member the admin allowed (a removed member no
    /// longer may).
    pub fn may_publish(&self, device: &DevicePublicKey) -> bool {
        *device == self.admin || (self.is_member(device) && self.publishers.contains(device))
    }

    /// Whether `device` was ever allowed to publish (the admin, or a
    /// member the admin allowed at some point): what it published then
    /// still opens the records made with it.
    pub fn was_publisher(&self, device: &DevicePublicKey) -> bool {
        *device == self.admin || self.ever_publishers.contains(device)
    }

    /// Whether `device` was removed.
    pub fn is_removed(&self, device: &DevicePublicKey) -> bool {
        self.removed.contains(device)
    }

    /// Current members and their box keys.
    pub fn members(&self) -> impl Iterator<Item = DeviceIdentity> + '_ {
        self.members
            .iter()
            .map(|(s, b)| DeviceIdentity { sign: *s, boxk: *b })
    }
}

// ----- log pages ------------------------------------------------------------

/// Most log entries in one page from the relay.
pub const MAX_LOG_PAGE_ENTRIES: usize = 1000;

/// A page of log entries: `count u32 BE | count × (len u16 BE | entry)`.
pub fn encode_log_page<B: AsRef<[u8]>>(entries: &[B]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + entries.len() * (2 + MAX_LOG_ENTRY_BYTES));
    out.extend_from_slice(&(entries.len() as u32).to_be_bytes());
    for e in entries {
        let e = e.as_ref();
        out.extend_from_slice(&(e.len() as u16).to_be_bytes());
        out.extend_from_slice(e);
    }
    out
}

/// Strict, bounded decoding of [`encode_log_page`] (entries themselves
/// are decoded and verified by [`Membership::apply`]).
pub fn decode_log_page(bytes: &[u8]) -> Result<Vec<Vec<u8>>, TeamError> {
    let mut r = Reader(bytes);
    let count = u32::from_be_bytes(r.array()?) as usize;
    if count > MAX_LOG_PAGE_ENTRIES {
        return Err(TeamError::Malformed);
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let len = u16::from_be_bytes(r.array()?) as usize;
        if len > MAX_LOG_ENTRY_BYTES {
            return Err(TeamError::Malformed);
        }
        out.push(r.take(len)?.to_vec());
    }
    if !r.0.is_empty() {
        return Err(TeamError::Malformed);
    }
    Ok(out)
}

// ----- bounded reader --------------------------------------------------

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TeamError> {
        if self.0.len() < n {
            return Err(TeamError::Malformed);
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], TeamError> {
        self.take(N)?.try_into().map_err(|_| TeamError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEAM: TeamId = TeamId::from_u128(42);
    const PIN: RelayPin = [0xAB; 32];

    fn ident(seed: u8) -> (DeviceKey, BoxKey, DeviceIdentity) {
        let s = DeviceKey::from_seed([seed; 32]);
        let b = BoxKey::from_bytes([seed.wrapping_add(100); 32]);
        let id = DeviceIdentity {
            sign: s.public(),
            boxk: b.public(),
        };
        (s, b, id)
    }

    fn key(epoch: u32, byte: u8) -> TeamKey {
        TeamKey::from_bytes(epoch, [byte; 32])
    }

    fn genesis(aid: DeviceIdentity) -> LogOp {
        LogOp::Genesis {
            admin: aid,
            commit: key(1, 1).commitment(TEAM),
            pins: vec![PIN],
        }
    }

    fn log_of(admin: &DeviceKey, ops: &[LogOp]) -> (Membership, Vec<Vec<u8>>) {
        let mut m = Membership::new(TEAM, admin.public());
        let mut out = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let e = m
                .next_entry(admin, 1_000 + i as u64, op.clone())
                .expect("sign");
            m.apply(&e).expect("apply");
            out.push(e.encode());
        }
        (m, out)
    }

    #[test]
    fn sealed_rings_open_only_for_their_device_team_and_admin() {
        let (admin, _, aid) = ident(9);
        let (_, bk, id) = ident(1);
        let (mallory, other, oid) = ident(2);
        let mut ring = KeyRing::new(key(1, 1));
        ring.insert(key(2, 2));
        let at = LogHead {
            len: 5,
            head: [3; 32],
        };
        let sealed = seal_ring(&ring, TEAM, &admin, &id, &at).expect("seal");
        let opened = open_ring(&sealed, TEAM, &id.sign, &bk, &aid.sign).expect("open");
        assert_eq!(opened.ring.len(), 2);
        assert_eq!(opened.ring.get(2).map(|k| *k.expose_bytes()), Some([2; 32]));
        assert_eq!(opened.at, at);
        // Another device cannot open it; another team, admin or recipient is refused.
        assert_eq!(
            open_ring(&sealed, TEAM, &oid.sign, &other, &aid.sign).expect_err("refused"),
            TeamError::Unsealable
        );
        assert_eq!(
            open_ring(&sealed, TeamId::from_u128(1), &id.sign, &bk, &aid.sign)
                .expect_err("refused"),
            TeamError::Malformed
        );
        assert_eq!(
            open_ring(&sealed, TEAM, &id.sign, &bk, &oid.sign).expect_err("refused"),
            TeamError::RingUnsigned
        );
        assert_eq!(
            open_ring(&sealed, TEAM, &oid.sign, &bk, &aid.sign).expect_err("refused"),
            TeamError::RingNotForThisDevice
        );
        // Signed by anyone but the admin (the relay, a member): refused.
        let forged = seal_ring(&ring, TEAM, &mallory, &id, &at).expect("seal");
        assert_eq!(
            open_ring(&forged, TEAM, &id.sign, &bk, &aid.sign).expect_err("refused"),
            TeamError::RingUnsigned
        );
        // The anonymous ring of the older format: nobody signed it.
        let mut old = b"FSK1".to_vec();
        old.extend_from_slice(TEAM.as_bytes());
        old.push(1);
        old.extend_from_slice(&1u32.to_be_bytes());
        old.extend_from_slice(&[7; 32]);
        let old = crypto_box::PublicKey::from_bytes(id.boxk.0)
            .seal(&mut crypto_box::aead::OsRng, &old)
            .expect("seal");
        assert_eq!(
            open_ring(&old, TEAM, &id.sign, &bk, &aid.sign).expect_err("refused"),
            TeamError::RingUnsigned
        );
        let mut bad = sealed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert_eq!(
            open_ring(&bad, TEAM, &id.sign, &bk, &aid.sign).expect_err("refused"),
            TeamError::Unsealable
        );
        // The key bytes never appear in the sealed form.
        assert!(!sealed.windows(32).any(|w| w == [2; 32]));
        assert!((MIN_SEALED_RING_BYTES..=MAX_SEALED_RING_BYTES).contains(&sealed.len()));
        assert_eq!(
            seal_ring(&KeyRing::new(key(1, 1)), TEAM, &admin, &id, &at)
                .expect("seal")
                .len(),
            MIN_SEALED_RING_BYTES
        );
    }

    #[test]
    fn rings_are_checked_against_the_logs_commitments() {
        let (admin, _, aid) = ident(1);
        let (m, _) = log_of(
            &admin,
            &[
                genesis(aid),
                LogOp::Rotate {
                    epoch: 2,
                    commit: key(2, 2).commitment(TEAM),
                },
            ],
        );
        let mut good = KeyRing::new(key(1, 1));
        good.insert(key(2, 2));
        assert_eq!(m.check_ring(&good), Ok(()));
        // A key for an epoch the log does not have.
        let mut ahead = good.clone();
        ahead.insert(key(3, 3));
        assert_eq!(m.check_ring(&ahead), Err(TeamError::RingUnknownEpoch(3)));
        // A key that is not the one the admin committed to.
        let mut swapped = KeyRing::new(key(1, 1));
        swapped.insert(key(2, 9));
        assert_eq!(m.check_ring(&swapped), Err(TeamError::RingKeyMismatch(2)));
        assert_eq!(
            m.check_ring(&KeyRing::new(key(1, 7))),
            Err(TeamError::RingKeyMismatch(1))
        );
        // The log carries the commitment, never the key.
        let (_, wire) = log_of(&admin, &[genesis(aid)]);
        assert!(!wire[0].windows(32).any(|w| w == [1; 32]));
    }

    #[test]
    fn relay_urls_are_https_or_loopback_http() {
        use RelayTransport::*;
        for (url, want) in [
            ("https://relay.example.org", Ok(Https)),
            ("https://10.0.0.5:8443/base", Ok(Https)),
            ("HTTPS://[2001:db8::1]:443", Ok(Https)),
            ("http://127.0.0.1:8080", Ok(LoopbackHttp)),
            ("http://127.9.9.9", Ok(LoopbackHttp)),
            ("http://localhost:1234/", Ok(LoopbackHttp)),
            ("http://[::1]:80", Ok(LoopbackHttp)),
            ("http://192.168.1.10:8080", Err(TeamError::InsecureRelay)),
            ("http://relay.example.org", Err(TeamError::InsecureRelay)),
            ("http://[2001:db8::1]", Err(TeamError::InsecureRelay)),
            (
                "http://127.0.0.1.example.org",
                Err(TeamError::InsecureRelay),
            ),
            (
                "http://localhost.example.org",
                Err(TeamError::InsecureRelay),
            ),
            ("http://user@127.0.0.1", Err(TeamError::BadRelayUrl)),
            ("ftp://127.0.0.1", Err(TeamError::BadRelayUrl)),
            ("https://", Err(TeamError::BadRelayUrl)),
            ("https://[::1", Err(TeamError::BadRelayUrl)),
            ("http://127.0.0.1 x", Err(TeamError::BadRelayUrl)),
        ] {
            assert_eq!(relay_transport(url), want, "{url}");
        }
        assert_eq!(
            relay_transport(&format!("https://{}", "a".repeat(200))),
            Err(TeamError::BadRelayUrl)
        );
    }

    #[test]
    fn pins_read_from_hex_and_show_short() {
        let hex = "3F2A9C0177DE4B10".repeat(4);
        let pin = pin_from_hex(&hex).expect("pin");
        assert_eq!(pin_to_hex(&pin), hex.to_lowercase());
        assert_eq!(pin_fingerprint(&pin), "3f2a 9c01 77de 4b10");
        let spaced: String = hex
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).expect("ascii"))
            .collect::<Vec<_>>()
            .join(":");
        assert_eq!(pin_from_hex(&spaced), Some(pin));
        assert_eq!(pin_from_hex(&hex[..62]), None);
        assert_eq!(pin_from_hex(&format!("{}zz", &hex[..62])), None);
    }

    #[test]
    fn invite_codes_round_trip_tolerate_typing_and_catch_mistakes() {
        let (admin, _, _) = ident(9);
        let inv = Invite::new(
            "https://relay.example.org:8443",
            Some(PIN),
            TEAM,
            &admin.public(),
            [7; 16],
        )
        .expect("invite");
        let code = inv.encode();
        assert!(code.starts_with("FS2-"));
        assert_eq!(Invite::decode(&code).expect("decode"), inv);
        assert!(
            Invite::decode(&code)
                .expect("decode")
                .names_admin(&admin.public())
        );
        // Lower case, spaces instead of dashes, O for 0.
        let typed = code.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(
            Invite::decode(&format!("fs2-{}", &typed[4..])).expect("typed"),
            inv
        );
        // One wrong character fails the checksum.
        let mut chars: Vec<char> = code.chars().collect();
        let i = chars.len() / 2;
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let wrong: String = chars.into_iter().collect();
        assert_eq!(
            Invite::decode(&wrong).expect_err("refused"),
            TeamError::BadInvite
        );
        // Loopback HTTP carries no pin; HTTPS needs one; HTTP elsewhere never.
        let local = Invite::new(
            "http://127.0.0.1:8080",
            None,
            TEAM,
            &admin.public(),
            [1; 16],
        )
        .expect("loopback");
        assert_eq!(Invite::decode(&local.encode()).expect("decode"), local);
        for (url, pin, err) in [
            ("https://relay.example.org", None, TeamError::PinMissing),
            ("http://10.1.2.3:8080", None, TeamError::InsecureRelay),
            ("http://127.0.0.1", Some(PIN), TeamError::BadRelayUrl),
            ("ftp://x", Some(PIN), TeamError::BadRelayUrl),
        ] {
            assert_eq!(
                Invite::new(url, pin, TEAM, &admin.public(), [0; 16]).expect_err(url),
                err
            );
        }
        assert_eq!(
            Invite::decode("").expect_err("refused"),
            TeamError::BadInvite
        );
        assert_eq!(
            Invite::decode("FS2-").expect_err("refused"),
            TeamError::BadInvite
        );
        // A code of the older layout says so.
        let mut old = vec![1u8];
        old.extend_from_slice(TEAM.as_bytes());
        old.extend_from_slice(&[0; 32]);
        old.push(21);
        old.extend_from_slice(b"http://127.0.0.1:8080");
        let c = checksum(&old);
        old.extend_from_slice(&c);
        assert_eq!(
            Invite::decode(&format!("FS1-{}", base32(&old))).expect_err("old"),
            TeamError::OldFormat
        );
        expect_test::expect![[r#"
            Invite { relay: "https://relay.example.org:8443", pin: Some("abab abab abab abab"), team: 00000000-0000-0000-0000-00000000002a, .. }
        "#]]
        .assert_eq(&format!("{inv:?}\n"));
    }

    #[test]
    fn join_requests_prove_the_secret() {
        let inv = Invite::new(
            "https://relay.example",
            Some(PIN),
            TEAM,
            &ident(9).0.public(),
            [5; 16],
        )
        .expect("invite");
        let (_, _, id) = ident(3);
        let req = JoinRequest::new(&inv, id);
        let wire = req.encode();
        assert_eq!(wire.len(), JOIN_REQUEST_LEN);
        let back = JoinRequest::decode(&wire).expect("decode");
        assert_eq!(back, req);
        assert!(back.proves(&[5; 16]));
        assert!(!back.proves(&[6; 16]));
        // The relay's check: against the registered public verifier only.
        let keys = InviteKeys::derive(&[5; 16]);
        assert_eq!(back.invite, keys.id);
        assert!(back.verifies(&keys.verifier()));
        assert!(!back.verifies(&InviteKeys::derive(&[6; 16]).verifier()));
        // Swapping the device's box key (to steal the sealed ring), or
        // naming another invite, breaks the proof.
        for pos in [60, 4 + 16 + 64 + 3] {
            let mut swapped = wire.clone();
            swapped[pos] ^= 1;
            let bad = JoinRequest::decode(&swapped).expect("decode");
            assert!(!bad.proves(&[5; 16]) && !bad.verifies(&keys.verifier()));
        }
        assert!(JoinRequest::decode(&wire[..wire.len() - 1]).is_err());
        // A version 1 request (HMAC proof) is refused as malformed.
        let mut v1 = wire.clone();
        v1[3] = b'1';
        assert_eq!(JoinRequest::decode(&v1), Err(TeamError::Malformed));
    }

    #[test]
    fn invite_registrations_carry_the_public_verifier_only() {
        let secret = [8u8; 16];
        let keys = InviteKeys::derive(&secret);
        let reg = keys.registration(1_700_000_000_000);
        let wire = reg.encode();
        assert_eq!(wire.len(), INVITE_REGISTRATION_LEN);
        assert_eq!(InviteRegistration::decode(&wire), Ok(reg));
        assert!(!wire.windows(16).any(|w| w == secret));
        // Deterministic, and different for another secret.
        assert_eq!(InviteKeys::derive(&secret).id, keys.id);
        assert_ne!(InviteKeys::derive(&[9; 16]).id, keys.id);
        // The format, byte for byte.
        expect_test::expect!["465349310f4cf3582d6dda310b72397a2181c815b0e3c77035e826b8f959c4e2438143d9437926e23948da13548a34df99771d5e0000018bcfe56800"].assert_eq(&hex::encode(&wire));
        assert!(InviteRegistration::decode(&wire[1..]).is_err());
        let mut bad = wire.clone();
        bad[0] = b'X';
        assert!(InviteRegistration::decode(&bad).is_err());
    }

    #[test]
    fn device_fingerprints_are_twelve_digits_bound_to_both_keys_and_the_team() {
        let (_, _, a) = ident(1);
        let (_, _, b) = ident(2);
        let fp = device_fingerprint(TEAM, &a);
        assert_eq!(fp.len(), 14);
        assert!(fp.chars().all(|c| c.is_ascii_digit() || c == ' '));
        assert_eq!(fp, device_fingerprint(TEAM, &a));
        assert_ne!(fp, device_fingerprint(TEAM, &b));
        assert_ne!(fp, device_fingerprint(TeamId::from_u128(7), &a));
        let swapped_box = DeviceIdentity {
            sign: a.sign,
            boxk: b.boxk,
        };
        assert_ne!(fp, device_fingerprint(TEAM, &swapped_box));
        let req = JoinRequest::new(
            &Invite::new("http://127.0.0.1:1", None, TEAM, &a.sign, [1; 16]).expect("invite"),
            a,
        );
        assert_eq!(req.fingerprint(), fp);
        let digits: String = fp.chars().filter(char::is_ascii_digit).collect();
        assert_eq!(normalize_fingerprint(&fp), Some(digits.clone()));
        assert_eq!(
            normalize_fingerprint(&fp.replace(' ', "-")),
            Some(digits.clone())
        );
        assert_eq!(normalize_fingerprint(&digits[1..]), None);
        assert_eq!(normalize_fingerprint(&format!("{digits}x")), None);
    }

    #[test]
    fn membership_log_replays_and_refuses_forgeries() {
        let (admin, _, aid) = ident(1);
        let (_, _, b) = ident(2);
        let (_, _, c) = ident(3);
        let rotate = LogOp::Rotate {
            epoch: 2,
            commit: key(2, 2).commitment(TEAM),
        };
        let ops = [
            genesis(aid),
            LogOp::Add(b),
            LogOp::Add(c),
            LogOp::Remove(b.sign),
            rotate.clone(),
            LogOp::RelayPins(vec![PIN, [0xCD; 32]]),
        ];
        let (m, wire) = log_of(&admin, &ops);
        let page = decode_log_page(&encode_log_page(&wire)).expect("page");
        assert_eq!(page, wire);
        let replayed = Membership::from_log(TEAM, admin.public(), &page).expect("replay");
        assert_eq!(replayed, m);
        assert!(m.is_member(&c.sign) && !m.is_member(&b.sign) && m.was_member(&b.sign));
        assert_eq!(m.epoch(), 2);
        assert_eq!(m.members().count(), 2);
        assert_eq!(m.relay_pins(), &[PIN, [0xCD; 32]]);
        assert_eq!(m.last_time_ms(), 1_005);
        assert_eq!(m.head(), LogHead::of(&wire, 6).expect("head"));
        assert_eq!(LogHead::of(&wire, 0), Some(LogHead::default()));
        assert_eq!(LogHead::of(&wire, 7), None);
        let head = m.head();
        assert_eq!(LogHead::decode(&head.encode()), Ok(head));
        assert!(LogHead::decode(&head.encode()[1..]).is_err());
        for (i, w) in wire.iter().enumerate() {
            let e = LogEntry::decode(w).expect("decode");
            assert_eq!(e.op, ops[i]);
            assert_eq!(e.encode(), *w);
        }

        // Signed by someone else: refused.
        let (mallory, _, _) = ident(4);
        let forged = m.next_entry(&mallory, 9, LogOp::Add(b)).expect("sign");
        let mut m2 = m.clone();
        assert_eq!(m2.apply(&forged), Err(TeamError::LogBadSignature));
        assert_eq!(m2, m);
        // Illegal steps, even when signed by the admin.
        for op in [
            LogOp::Add(b),           // removed devices stay removed
            LogOp::Add(c),           // already a member
            LogOp::Remove(aid.sign), // the admin
            rotate.clone(),          // epoch must go up by one
            LogOp::Rotate {
                epoch: 9,
                commit: [0; 32],
            },
            genesis(aid), // only first
        ] {
            assert_eq!(
                m2.apply(&m.next_entry(&admin, 9, op).expect("sign")),
                Err(TeamError::LogIllegal)
            );
        }
        // Out of order, dropped or reordered entries break the chain.
        let mut dropped = wire.clone();
        dropped.remove(1);
        assert_eq!(
            Membership::from_log(TEAM, admin.public(), &dropped).expect_err("refused"),
            TeamError::LogBroken
        );
        let mut swapped = wire.clone();
        swapped.swap(1, 2);
        assert!(Membership::from_log(TEAM, admin.public(), &swapped).is_err());
        // The first entry must be this admin's genesis.
        let mut fresh = Membership::new(TEAM, admin.public());
        assert_eq!(
            fresh.apply(&fresh.next_entry(&admin, 1, LogOp::Add(aid)).expect("sign")),
            Err(TeamError::LogIllegal)
        );
        assert_eq!(
            fresh.apply(&fresh.next_entry(&admin, 1, genesis(b)).expect("sign")),
            Err(TeamError::LogIllegal)
        );
        // Another team's log does not replay here.
        assert!(Membership::from_log(TeamId::from_u128(1), admin.public(), &wire).is_err());
        // Too many pins cannot be signed or read.
        assert_eq!(
            m.next_entry(&admin, 1, LogOp::RelayPins(vec![[1; 32]; 5]))
                .expect_err("too many"),
            TeamError::TooManyPins
        );
        // An entry of the older layout says so.
        let mut old = wire[1].clone();
        old[..4].copy_from_slice(b"FSL1");
        assert_eq!(LogEntry::decode(&old), Err(TeamError::OldFormat));
    }

    proptest! {
        #[test]
        fn hostile_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = LogEntry::decode(&bytes);
            let _ = JoinRequest::decode(&bytes);
            let _ = InviteRegistration::decode(&bytes);
            let _ = normalize_fingerprint(&String::from_utf8_lossy(&bytes));
            let _ = decode_log_page(&bytes);
            let _ = LogHead::decode(&bytes);
            let (_, bk, id) = ident(1);
            let _ = open_ring(&bytes, TEAM, &id.sign, &bk, &id.sign);
            let s = String::from_utf8_lossy(&bytes);
            let _ = Invite::decode(&s);
            let _ = Invite::decode(&format!("FS2-{s}"));
            let _ = relay_transport(&s);
            let _ = pin_from_hex(&s);
            for magic in [&b"FSL2"[..], b"FSL1"] {
                let mut b = magic.to_vec();
                b.extend_from_slice(&bytes);
                let _ = LogEntry::decode(&b);
            }
        }

        #[test]
        fn any_single_bit_flip_in_a_log_entry_is_refused(pos in 0usize..MAX_LOG_ENTRY_BYTES, bit in 0u8..8) {
            let (admin, _, aid) = ident(1);
            let (_, wire) = log_of(&admin, &[genesis(aid)]);
            let mut e = wire[0].clone();
            let pos = pos % e.len();
            e[pos] ^= 1 << bit;
            prop_assert!(Membership::from_log(TEAM, admin.public(), [e]).is_err());
        }

        #[test]
        fn base32_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(unbase32(&base32(&bytes)), Some(bytes));
        }
    }
}
