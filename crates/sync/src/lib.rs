//! # sync — FieldScreen's sync core (no IO)
//!
//! Everything here is pure: no network, no files, no clock, no async
//! runtime. Callers pass the time, random nonces and the bytes they got from
//! a transport; the transports (the `relay` crate's client, the CLI, the
//! app) do the IO.
//!
//! - [`keys`]: the team content key per epoch, per-document subkeys by
//!   HKDF-SHA256, device signing keys (Ed25519).
//! - [`envelope`]: the wire unit. Automerge changes (from
//!   `vault::Vault::export_changes`) encrypted with AES-256-GCM under the
//!   document's subkey and signed by the device over the whole envelope.
//!   Strict, bounded decoding: hostile bytes give an [`EnvelopeError`],
//!   never a panic.
//! - [`batch`]: the batch-signed envelopes (version 2) a sync round
//!   uploads: members without a signature of their own, one seal per
//!   batch (the device's Ed25519 signature over the members' hashes).
//! - [`auth`]: device-signed HTTP requests (time + nonce against replays),
//!   one compact `x-fs-auth` header.
//! - [`feed`]: the relay's feed page format (bounded decoding).
//! - [`round`]: one sync round in one request (`POST …/sync`): the
//!   device's log length, newest key epoch, cursor and envelopes to store;
//!   the relay's new log entries, sealed keys and one feed page.
//! - [`team`]: enrollment — device X25519 box keys, the key ring sealed
//!   to a device (`crypto_box` sealed boxes), one-time invite codes (QR
//!   payload and typed fallback), join requests proving the invite secret
//!   (HMAC-SHA256), and the admin-signed, hash-chained membership log.
//! - [`lan`]: device-to-device sync on a local network with no internet:
//!   mutual proof of membership bound to the channel's handshake hash, the
//!   merge of both membership logs, then the Automerge sync protocol per
//!   record, in turns (the transport and its Noise channel live in `link`).
//! - [`state`]: [`TeamSync`], per team: which documents have changes not
//!   yet pushed (pushed heads per document), the feed cursor, applying
//!   pulled pages (order and duplicates do not matter: Automerge merges
//!   are idempotent and commutative) and the snapshot hand-off.
//!
//! ## Envelope (version 1)
//!
//! ```text
//! version u8 (=1) | kind u8 (1 chunk, 2 snapshot) | epoch u32 BE
//! | team id [16] | doc id [16] | signer Ed25519 public key [32]
//! | nonce [12] | ciphertext length u32 BE | AES-256-GCM ciphertext+tag
//! | Ed25519 signature [64] over every preceding byte
//! aad = "FSS1" | team | doc | kind | epoch BE | version
//! key = HKDF-SHA256(ikm = team key of `epoch`, salt = "fieldscreen/sync/v1",
//!                   info = team | doc | epoch BE)
//! ```
//!
//! The relay can read the plaintext header (random ids, an epoch, a public
//! key) and check the signature, but never the content.
//!
//! ## Batch members and seals (version 2)
//!
//! A sync round uploads its envelopes as one batch, signed once
//! ([`batch`]); a batch of one still goes as a version 1 envelope, which
//! is smaller than a member and its seal, and so do the single-envelope
//! routes (`blobs`, `snapshots`) and bundles.
//!
//! ```text
//! member: version u8 (=2) | kind u8 | epoch u32 BE | doc id [16]
//!         | nonce [12] | AES-256-GCM ciphertext+tag (to the end)
//! aad  = "FSS2" | team | doc | kind | epoch BE | version
//! key  = the version 1 per-document subkey
//! leaf = SHA-256("FSL2" | member)
//! seal: "FSH2" | signer [32] | Ed25519 signature [64] | count u16 BE
//!       | count × leaf           (1..=512 members, in the batch's order)
//! signed message = "FSH2" | team [16] | count u16 BE | count × leaf
//! ```
//!
//! A member names neither its team nor its signer, and its length is its
//! framing's: 34 header bytes instead of 86, and no 64-byte signature.
//! The team is bound twice (the AAD and the signed message); the signer
//! is the seal's. A member is accepted only when its leaf is in a seal
//! whose signature holds and whose signer is a current member, so each
//! member stays attributable to its device and checkable on its own (its
//! hash, against the signed list); a changed member is refused alone
//! ([`EnvelopeError::Unsigned`]), a removed device's seal refuses its
//! whole batch. The relay stores the seal as one feed item just before
//! the members (consecutive sequence numbers) and puts it first again in
//! a page that starts inside the batch, so a receiver checks one
//! signature per batch and page, then one SHA-256 per member. Version 1
//! envelopes stay readable everywhere.

pub mod auth;
pub mod batch;
pub mod envelope;
mod error;
pub mod feed;
pub mod keys;
pub mod lan;
pub mod questionnaire;
pub mod round;
pub mod state;
pub mod team;
mod wire;

pub use envelope::{Envelope, EnvelopeKind, Opened};
pub use error::{AuthError, EnvelopeError, FeedError, SyncError, TeamError};
pub use feed::{FeedItem, FeedPage};
pub use keys::{DeviceKey, DevicePublicKey, KeyRing, TeamKey};
pub use state::{Pulled, TeamSync};

/// A team's id: a random UUID.
pub type TeamId = uuid::Uuid;
/// A document's id (a vault record id): a random UUID.
pub type DocId = uuid::Uuid;

/// Largest envelope accepted anywhere (bytes).
pub const MAX_ENVELOPE_BYTES: usize = 4 * 1024 * 1024;

/// Fills `N` bytes from the operating system's generator. The one place
/// this crate asks the OS for anything; callers may pass their own bytes
/// instead wherever a nonce is a parameter.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], SyncError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|_| SyncError::RandomUnavailable)?;
    Ok(out)
}
