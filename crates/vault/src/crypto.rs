//! Keys and the AEAD envelope.
//!
//! Everything here uses reviewed crates (`aes-gcm`, `argon2`, `getrandom`,
//! `zeroize`); nothing is home-made except the byte layout of the envelope:
//!
//! ```text
//! envelope = version (1 byte, = 1) || nonce (12 random bytes) || AES-256-GCM ciphertext+tag
//! aad      = "FSV1" || purpose (1 byte) || record id (16 bytes) || version (1 byte)
//! ```
//!
//! The purpose byte binds what the plaintext is (snapshot, incremental chunk,
//! index record, wrapped data key), so a ciphertext cannot be moved to another
//! record or replayed as another kind of object.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use zeroize::Zeroizing;

use crate::error::VaultError;

/// Envelope format version written by this code.
pub(crate) const ENVELOPE_VERSION: u8 = 1;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// What a sealed blob contains; part of the AAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Purpose {
    // 1 and 2 were format 1's snapshot and incremental chunks.
    Index = 3,
    WrappedKey = 4,
    Secret = 5,
    /// Format 2: a record's chunk (snapshot or incremental; the kind is in
    /// the plaintext), bound to its row id and sequence number.
    Chunk = 6,
    /// Format 2: the vault-wide commitment (see `rollback`).
    State = 7,
    /// A journal row (an answer written alone, see `store`), bound to the
    /// vault and its row id.
    Journal = 8,
}

/// Argon2id parameters for deriving the key-encryption key from the passphrase.
///
/// Stored in the vault header so they can be raised later (see
/// [`crate::Vault::change_passphrase`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KdfParams {
    /// Memory cost in KiB.
    pub m_kib: u32,
    /// Number of passes.
    pub t: u32,
    /// Parallelism.
    pub p: u32,
}

impl KdfParams {
    /// The default: m = 64 MiB, t = 3, p = 1 (about 160 ms on a 2-core desktop).
    pub const DEFAULT: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
    /// The floor for low-memory phones: m = 19 MiB, t = 2, p = 1.
    pub const LOW_MEMORY: KdfParams = KdfParams {
        m_kib: 19 * 1024,
        t: 2,
        p: 1,
    };

    /// The most memory a vault header may ask for: 1 GiB. Anything larger is
    /// refused before Argon2 allocates (a crafted header must not exhaust the
    /// phone's memory at unlock).
    pub const MAX_M_KIB: u32 = 1024 * 1024;
    /// The most passes a header may ask for.
    pub const MAX_T: u32 = 10;
    /// The most lanes a header may ask for.
    pub const MAX_P: u32 = 8;
    /// The least memory a header may carry (Argon2's own minimum is 8 KiB
    /// per lane; tests use 64 KiB). A header cannot be downgraded by
    /// someone without the passphrase: the parameters are in the AAD of the
    /// wrapped key.
    pub const MIN_M_KIB: u32 = 8;

    /// Whether the parameters read from a vault header are inside the
    /// documented range (`MIN_M_KIB..=MAX_M_KIB` KiB, `1..=MAX_T` passes,
    /// `1..=MAX_P` lanes, and at least 8 KiB per lane). Checked before any
    /// key derivation, so nothing is allocated for a hostile header.
    pub fn within_bounds(self) -> bool {
        (Self::MIN_M_KIB..=Self::MAX_M_KIB).contains(&self.m_kib)
            && (1..=Self::MAX_T).contains(&self.t)
            && (1..=Self::MAX_P).contains(&self.p)
            && self.m_kib >= 8 * self.p
    }

    /// Checked parameters: refuses anything weaker than [`KdfParams::LOW_MEMORY`].
    pub fn new(m_kib: u32, t: u32, p: u32) -> Result<Self, VaultError> {
        let params = KdfParams { m_kib, t, p };
        if m_kib < Self::LOW_MEMORY.m_kib || t < Self::LOW_MEMORY.t || !params.within_bounds() {
            return Err(VaultError::InvalidKdfParams);
        }
        Ok(params)
    }

    /// Very cheap parameters (8 MiB is not even reached: m = 64 KiB, t = 1).
    ///
    /// **For tests and benchmarks only**: a vault created with these can be
    /// brute-forced quickly. The name says so on purpose.
    pub fn insecure_for_tests() -> Self {
        KdfParams {
            m_kib: 64,
            t: 1,
            p: 1,
        }
    }

    fn to_argon2(self) -> Result<argon2::Argon2<'static>, VaultError> {
        if !self.within_bounds() {
            return Err(VaultError::KdfOutOfRange {
                m_kib: self.m_kib,
                t: self.t,
                p: self.p,
            });
        }
        let params = argon2::Params::new(self.m_kib, self.t, self.p, Some(32))
            .map_err(|_| VaultError::InvalidKdfParams)?;
        Ok(argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            params,
        ))
    }

    pub(crate) fn to_bytes(self) -> [u8; 12] {
        let mut out = [0u8; 12];
        out[0..4].copy_from_slice(&self.m_kib.to_le_bytes());
        out[4..8].copy_from_slice(&self.t.to_le_bytes());
        out[8..12].copy_from_slice(&self.p.to_le_bytes());
        out
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A passphrase held in memory that is zeroized when dropped; never printed.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Wraps a passphrase (the `String` is moved in and zeroized on drop).
    pub fn new(passphrase: String) -> Self {
        Passphrase(Zeroizing::new(passphrase))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The passphrase itself (for a strength check; never log it).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Passphrase {
    fn from(s: &str) -> Self {
        Passphrase::new(s.to_owned())
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// Fills a buffer from the operating system's CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|_| VaultError::RandomUnavailable)?;
    Ok(out)
}

/// Derives the 32-byte key-encryption key from a passphrase.
pub(crate) fn derive_kek(
    passphrase: &Passphrase,
    salt: &[u8],
    params: KdfParams,
) -> Result<SecretKey, VaultError> {
    let mut out = Zeroizing::new([0u8; 32]);
    params
        .to_argon2()?
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|_| VaultError::InvalidKdfParams)?;
    Ok(SecretKey(out))
}

/// How long one key derivation takes on this device with `params` (one
/// derivation of a throw-away passphrase and salt). This is the cost an
/// attacker pays per guess on one core of this device's speed; the strength
/// meter turns it into a guessing rate.
pub fn measure_kdf(params: KdfParams) -> Result<std::time::Duration, VaultError> {
    let salt: [u8; 16] = random_bytes()?;
    let started = std::time::Instant::now();
    derive_kek(&Passphrase::from("measure"), &salt, params)?;
    Ok(started.elapsed())
}

/// 32 secret bytes, zeroized on drop, never printed.
pub(crate) struct SecretKey(Zeroizing<[u8; 32]>);

impl SecretKey {
    pub(crate) fn random() -> Result<Self, VaultError> {
        let mut out = Zeroizing::new([0u8; 32]);
        getrandom::fill(out.as_mut()).map_err(|_| VaultError::RandomUnavailable)?;
        Ok(SecretKey(out))
    }

    pub(crate) fn from_slice(bytes: &[u8]) -> Option<Self> {
        let mut out = Zeroizing::new([0u8; 32]);
        if bytes.len() != 32 {
            return None;
        }
        out.copy_from_slice(bytes);
        Some(SecretKey(out))
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub(crate) fn cipher(&self) -> Cipher {
        let key: &[u8; 32] = &self.0;
        Cipher(Aes256Gcm::new(key.into()))
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// An AES-256-GCM instance (its key schedule is zeroized on drop by `aes`).
pub(crate) struct Cipher(Aes256Gcm);

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher(<redacted>)")
    }
}

pub(crate) fn aad(purpose: Purpose, context: &[u8; 16], version: u8) -> [u8; 22] {
    let mut a = [0u8; 22];
    a[0..4].copy_from_slice(b"FSV1");
    a[4] = purpose as u8;
    a[5..21].copy_from_slice(context);
    a[21] = version;
    a
}

/// Why an envelope could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpenError {
    /// Too short or unknown version byte.
    Malformed,
    /// Authentication failed: wrong key, tampered bytes or wrong context.
    Undecryptable,
}

impl Cipher {
    /// Seals `plaintext` with a fresh random nonce.
    pub(crate) fn seal(
        &self,
        purpose: Purpose,
        context: &[u8; 16],
        extra_aad: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, VaultError> {
        let nonce_bytes: [u8; NONCE_LEN] = random_bytes()?;
        let nonce = Nonce::from(nonce_bytes);
        let mut full_aad = aad(purpose, context, ENVELOPE_VERSION).to_vec();
        full_aad.extend_from_slice(extra_aad);
        let ct = self
            .0
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &full_aad,
                },
            )
            .map_err(|_| VaultError::Crypto)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
        out.push(ENVELOPE_VERSION);
        out.extend_from_slice(&nonce_bytes);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Opens an envelope made by [`Cipher::seal`] with the same purpose and context.
    pub(crate) fn open(
        &self,
        purpose: Purpose,
        context: &[u8; 16],
        extra_aad: &[u8],
        envelope: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, OpenError> {
        if envelope.len() < 1 + NONCE_LEN + TAG_LEN || envelope[0] != ENVELOPE_VERSION {
            return Err(OpenError::Malformed);
        }
        let mut nonce_bytes = [0u8; NONCE_LEN];
        nonce_bytes.copy_from_slice(&envelope[1..1 + NONCE_LEN]);
        let nonce = Nonce::from(nonce_bytes);
        let mut full_aad = aad(purpose, context, envelope[0]).to_vec();
        full_aad.extend_from_slice(extra_aad);
        self.0
            .decrypt(
                &nonce,
                Payload {
                    msg: &envelope[1 + NONCE_LEN..],
                    aad: &full_aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| OpenError::Undecryptable)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_roundtrip_and_context_binding() {
        let key = SecretKey::random().unwrap();
        let c = key.cipher();
        let ctx = [7u8; 16];
        let sealed = c.seal(Purpose::Chunk, &ctx, b"", b"hello").unwrap();
        assert_eq!(
            &c.open(Purpose::Chunk, &ctx, b"", &sealed).unwrap()[..],
            b"hello"
        );
        assert_eq!(
            c.open(Purpose::Index, &ctx, b"", &sealed).unwrap_err(),
            OpenError::Undecryptable
        );
        assert_eq!(
            c.open(Purpose::Chunk, &[8u8; 16], b"", &sealed)
                .unwrap_err(),
            OpenError::Undecryptable
        );
        let mut bad = sealed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(c.open(Purpose::Chunk, &ctx, b"", &bad).is_err());
        // Fresh nonce every time.
        let again = c.seal(Purpose::Chunk, &ctx, b"", b"hello").unwrap();
        assert_ne!(sealed, again);
    }

    proptest::proptest! {
        #[test]
        fn opening_arbitrary_bytes_never_panics_and_never_succeeds(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let c = SecretKey::random().unwrap().cipher();
            proptest::prop_assert!(c.open(Purpose::Index, &[0u8; 16], b"", &bytes).is_err());
        }
    }

    #[test]
    fn header_bounds() {
        assert!(KdfParams::DEFAULT.within_bounds());
        assert!(KdfParams::insecure_for_tests().within_bounds());
        assert!(
            !KdfParams {
                m_kib: 4 * 1024 * 1024,
                t: 3,
                p: 1
            }
            .within_bounds()
        );
        assert!(
            !KdfParams {
                m_kib: 65536,
                t: 11,
                p: 1
            }
            .within_bounds()
        );
        assert!(
            !KdfParams {
                m_kib: 65536,
                t: 0,
                p: 1
            }
            .within_bounds()
        );
        assert!(
            !KdfParams {
                m_kib: 65536,
                t: 3,
                p: 9
            }
            .within_bounds()
        );
        assert!(
            !KdfParams {
                m_kib: 16,
                t: 1,
                p: 4
            }
            .within_bounds()
        );
        // Out of range is refused before Argon2 is even set up.
        let huge = KdfParams {
            m_kib: u32::MAX,
            t: 3,
            p: 1,
        };
        assert!(matches!(
            derive_kek(&Passphrase::from("x"), &[0; 16], huge),
            Err(VaultError::KdfOutOfRange { .. })
        ));
    }

    #[test]
    fn kdf_floor() {
        assert!(KdfParams::new(1024, 1, 1).is_err());
        assert!(KdfParams::new(19 * 1024, 2, 1).is_ok());
        assert_eq!(
            format!("{:?}", Passphrase::from("secret")),
            "Passphrase(<redacted>)"
        );
    }
}
