//! Team questionnaires: a questionnaire folder published to the team.
//!
//! A published questionnaire travels as a team document (a vault record of
//! kind `questionnaire`, so it rides every path records ride: relay rounds,
//! nearby sessions, bundle files), sealed under the team key like any
//! record. Inside it: the folder's files in one canonical encoding
//! ([`encode_files`]) and the publications and withdrawals signed by
//! devices ([`Act`]). Its document id is derived from the questionnaire's
//! hash ([`doc_id`]), so two publishers of the same bytes write the same
//! document and converge.
//!
//! ## Formats
//!
//! ```text
//! files        = "FSQF" | count u32 BE | count × (name len u16 BE | name UTF-8
//!                | size u32 BE | bytes), names strictly increasing
//! act          = "FSQ1" | kind u8 (1 publish, 2 withdraw) | team [16]
//!                | questionnaire hash [32] | SHA-256 of files [32]
//!                | time u64 BE (signer's clock, Unix ms) | signer Ed25519 [32]
//!                | Ed25519 signature [64] over every preceding byte
//! doc id       = SHA-256("FS-QUESTIONNAIRE-1" | questionnaire hash)[..16]
//!                as a UUID (version 8)
//! ```
//!
//! Checking ([`check`]) needs the team's membership log: an act counts
//! only when its signature verifies, it names this team, this
//! questionnaire and these exact files, and its signer may publish by the
//! log (the admin, or a member the admin allowed with a `Publisher` entry;
//! [`crate::team::Membership::was_publisher`]). The questionnaire hash
//! itself is recomputed from the files by the caller (the `forms` crate),
//! which this crate does not know.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::keys::{DeviceKey, DevicePublicKey};
use crate::team::Membership;
use crate::{DocId, TeamId};

/// Largest encoded questionnaire folder (bytes). The shipped ones are
/// about 320 KB; a document holding it must stay well under
/// [`crate::MAX_ENVELOPE_BYTES`].
pub const MAX_FILES_BYTES: usize = 2 * 1024 * 1024;
/// Most files in one questionnaire folder.
pub const MAX_FILE_COUNT: usize = 10_000;
/// Bytes of an encoded [`Act`].
pub const ACT_LEN: usize = 4 + 1 + 16 + 32 + 32 + 8 + 32 + 64;

/// Why a team questionnaire is refused (nothing from it is used).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The files or an act are not well-formed.
    #[error("malformed team questionnaire")]
    Malformed,
    /// No publication at all (a document nobody signed).
    #[error("questionnaire not published")]
    NotPublished,
    /// Signed by a device the log does not allow to publish (not a member,
    /// or a member the admin did not allow).
    #[error("questionnaire signed by a device that may not publish")]
    NotPublisher,
    /// The files differ from what was signed (altered after signing), or
    /// the signature does not verify.
    #[error("questionnaire altered after it was signed")]
    Altered,
    /// The files do not hash to the questionnaire hash the document is
    /// named by (checked by the caller, which knows how to hash a folder).
    #[error("questionnaire content does not match its hash")]
    WrongHash,
}

impl Refusal {
    /// The Fluent id of the sentence shown for it (`locales/*/forms.ftl`).
    pub fn message_id(self) -> &'static str {
        match self {
            Refusal::Malformed => "team-form-malformed",
            Refusal::NotPublished => "team-form-not-published",
            Refusal::NotPublisher => "team-form-not-publisher",
            Refusal::Altered => "team-form-altered",
            Refusal::WrongHash => "team-form-wrong-hash",
        }
    }
}

/// What an act does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActKind {
    /// The questionnaire is offered to the team.
    Publish,
    /// No new interviews on it (old records still open).
    Withdraw,
}

/// A publication or withdrawal, signed by its device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Act {
    /// Publish or withdraw.
    pub kind: ActKind,
    /// The team.
    pub team: TeamId,
    /// The questionnaire's hash (`forms::folder_hash`, as bytes).
    pub form_hash: [u8; 32],
    /// SHA-256 of the encoded files.
    pub files_digest: [u8; 32],
    /// The signer's clock (Unix ms).
    pub time_ms: u64,
    /// The signing device.
    pub signer: DevicePublicKey,
    signature: [u8; 64],
}

fn act_body(
    kind: ActKind,
    team: TeamId,
    form_hash: &[u8; 32],
    files_digest: &[u8; 32],
    time_ms: u64,
    signer: &DevicePublicKey,
) -> Vec<u8> {
    let mut b = Vec::with_capacity(ACT_LEN);
    b.extend_from_slice(b"FSQ1");
    b.push(match kind {
        ActKind::Publish => 1,
        ActKind::Withdraw => 2,
    });
    b.extend_from_slice(team.as_bytes());
    b.extend_from_slice(form_hash);
    b.extend_from_slice(files_digest);
    b.extend_from_slice(&time_ms.to_be_bytes());
    b.extend_from_slice(&signer.0);
    b
}

impl Act {
    /// Signs an act by `device`.
    pub fn sign(
        device: &DeviceKey,
        kind: ActKind,
        team: TeamId,
        form_hash: [u8; 32],
        files_digest: [u8; 32],
        time_ms: u64,
    ) -> Self {
        let signer = device.public();
        let signature = device.sign(&act_body(
            kind,
            team,
            &form_hash,
            &files_digest,
            time_ms,
            &signer,
        ));
        Act {
            kind,
            team,
            form_hash,
            files_digest,
            time_ms,
            signer,
            signature,
        }
    }

    /// Wire form ([`ACT_LEN`] bytes).
    pub fn encode(&self) -> Vec<u8> {
        let mut b = act_body(
            self.kind,
            self.team,
            &self.form_hash,
            &self.files_digest,
            self.time_ms,
            &self.signer,
        );
        b.extend_from_slice(&self.signature);
        b
    }

    /// Strict decoding (exact length, known kind); the signature is
    /// checked by [`Act::verifies`].
    pub fn decode(bytes: &[u8]) -> Result<Self, Refusal> {
        if bytes.len() != ACT_LEN || &bytes[..4] != b"FSQ1" {
            return Err(Refusal::Malformed);
        }
        let kind = match bytes[4] {
            1 => ActKind::Publish,
            2 => ActKind::Withdraw,
            _ => return Err(Refusal::Malformed),
        };
        let arr32 = |at: usize| -> [u8; 32] {
            let mut a = [0; 32];
            a.copy_from_slice(&bytes[at..at + 32]);
            a
        };
        let mut team = [0; 16];
        team.copy_from_slice(&bytes[5..21]);
        let mut time = [0; 8];
        time.copy_from_slice(&bytes[85..93]);
        let mut signature = [0; 64];
        signature.copy_from_slice(&bytes[125..189]);
        Ok(Act {
            kind,
            team: TeamId::from_bytes(team),
            form_hash: arr32(21),
            files_digest: arr32(53),
            time_ms: u64::from_be_bytes(time),
            signer: DevicePublicKey(arr32(93)),
            signature,
        })
    }

    /// Whether the signature verifies for the signer it names.
    pub fn verifies(&self) -> bool {
        self.signer.verify(
            &act_body(
                self.kind,
                self.team,
                &self.form_hash,
                &self.files_digest,
                self.time_ms,
                &self.signer,
            ),
            &self.signature,
        )
    }
}

/// The document id of the questionnaire with this hash.
pub fn doc_id(form_hash: &[u8; 32]) -> DocId {
    let mut h = Sha256::new();
    h.update(b"FS-QUESTIONNAIRE-1");
    h.update(form_hash);
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_custom_bytes(b).into_uuid()
}

/// A questionnaire hash written as 64 lower-case hex digits, as bytes.
pub fn hash_from_hex(hex_hash: &str) -> Option<[u8; 32]> {
    if hex_hash.len() != 64 || hex_hash.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut out = [0; 32];
    hex::decode_to_slice(hex_hash, &mut out).ok()?;
    Some(out)
}

/// SHA-256 of encoded files (what acts sign).
pub fn files_digest(encoded: &[u8]) -> [u8; 32] {
    Sha256::digest(encoded).into()
}

/// The canonical encoding of a questionnaire folder (name → bytes).
pub fn encode_files(files: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, Refusal> {
    if files.len() > MAX_FILE_COUNT {
        return Err(Refusal::Malformed);
    }
    let mut b = Vec::new();
    b.extend_from_slice(b"FSQF");
    b.extend_from_slice(&(files.len() as u32).to_be_bytes());
    for (name, bytes) in files {
        let n = u16::try_from(name.len()).map_err(|_| Refusal::Malformed)?;
        let size = u32::try_from(bytes.len()).map_err(|_| Refusal::Malformed)?;
        b.extend_from_slice(&n.to_be_bytes());
        b.extend_from_slice(name.as_bytes());
        b.extend_from_slice(&size.to_be_bytes());
        b.extend_from_slice(bytes);
        if b.len() > MAX_FILES_BYTES {
            return Err(Refusal::Malformed);
        }
    }
    Ok(b)
}

/// Strict decoding of [`encode_files`]: bounded, exact, names strictly
/// increasing (one encoding per folder), relative names without `..`.
pub fn decode_files(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, Refusal> {
    if bytes.len() > MAX_FILES_BYTES {
        return Err(Refusal::Malformed);
    }
    let mut r = crate::wire::Reader::new(bytes, Refusal::Malformed);
    if r.take(4)? != b"FSQF" {
        return Err(Refusal::Malformed);
    }
    let count = r.u32()?;
    if count as usize > MAX_FILE_COUNT {
        return Err(Refusal::Malformed);
    }
    let mut out = BTreeMap::new();
    let mut last: Option<String> = None;
    for _ in 0..count {
        let n = u16::from_be_bytes(r.array()?);
        let name = std::str::from_utf8(r.take(n as usize)?)
            .map_err(|_| Refusal::Malformed)?
            .to_owned();
        let size = r.u32()?;
        let data = r.take(size as usize)?.to_vec();
        let safe = !name.is_empty()
            && !name.starts_with('/')
            && !name.contains('\\')
            && name
                .split('/')
                .all(|p| !p.is_empty() && p != "." && p != "..");
        if !safe || last.as_ref().is_some_and(|l| *l >= name) {
            return Err(Refusal::Malformed);
        }
        last = Some(name.clone());
        out.insert(name, data);
    }
    r.end()?;
    Ok(out)
}

/// What the acts of one questionnaire amount to, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Valid publications, earliest first.
    pub published: Vec<Act>,
    /// Valid withdrawals, earliest first.
    pub withdrawn: Vec<Act>,
}

/// Checks the acts found in a questionnaire document against the log.
/// `form_hash` is the hash the document is named by, `files` its encoded
/// files. Every act present must be valid (a document carrying a forged or
/// stale act was tampered with, and is refused whole), and at least one
/// publication must be there.
pub fn check(
    membership: &Membership,
    form_hash: &[u8; 32],
    files: &[u8],
    acts: &[Act],
) -> Result<Checked, Refusal> {
    let digest = files_digest(files);
    let mut published = Vec::new();
    let mut withdrawn = Vec::new();
    for act in acts {
        if !act.verifies() || act.team != membership.team() || act.form_hash != *form_hash {
            return Err(Refusal::Altered);
        }
        if act.files_digest != digest {
            return Err(Refusal::Altered);
        }
        if !membership.was_publisher(&act.signer) {
            return Err(Refusal::NotPublisher);
        }
        match act.kind {
            ActKind::Publish => published.push(act.clone()),
            ActKind::Withdraw => withdrawn.push(act.clone()),
        }
    }
    if published.is_empty() {
        return Err(Refusal::NotPublished);
    }
    published.sort_by_key(|a| a.time_ms);
    withdrawn.sort_by_key(|a| a.time_ms);
    Ok(Checked {
        published,
        withdrawn,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::{BoxKey, DeviceIdentity, LogOp};

    const TEAM: TeamId = TeamId::from_u128(7);

    fn ident(seed: u8) -> (DeviceKey, DeviceIdentity) {
        let k = DeviceKey::from_seed([seed; 32]);
        let b = BoxKey::from_bytes([seed.wrapping_add(100); 32]);
        let id = DeviceIdentity {
            sign: k.public(),
            boxk: b.public(),
        };
        (k, id)
    }

    /// admin (1), member allowed (2), member not allowed (3); 4 is not in
    /// the team.
    fn team() -> (Membership, [DeviceKey; 4]) {
        let (a, aid) = ident(1);
        let (b, bid) = ident(2);
        let (c, cid) = ident(3);
        let (d, _) = ident(4);
        let mut m = Membership::new(TEAM, a.public());
        for (i, op) in [
            LogOp::Genesis {
                admin: aid,
                commit: [9; 32],
                pins: vec![],
            },
            LogOp::Add(bid),
            LogOp::Add(cid),
            LogOp::Publisher {
                device: b.public(),
                allowed: true,
            },
        ]
        .into_iter()
        .enumerate()
        {
            let e = m.next_entry(&a, 10 + i as u64, op).expect("sign");
            // Round trip through the wire form, as devices read it.
            let e = crate::team::LogEntry::decode(&e.encode()).expect("decode");
            m.apply(&e).expect("apply");
        }
        (m, [a, b, c, d])
    }

    fn folder(label: &str) -> Vec<u8> {
        let mut f = BTreeMap::new();
        f.insert("questionnaire.toml".to_owned(), label.as_bytes().to_vec());
        f.insert("translations/th.ftl".to_owned(), b"x = y".to_vec());
        encode_files(&f).expect("encode")
    }

    #[test]
    fn files_round_trip_strictly() {
        let enc = folder("a");
        let dec = decode_files(&enc).expect("decode");
        assert_eq!(encode_files(&dec).expect("re-encode"), enc);
        for cut in 0..enc.len() {
            assert_eq!(decode_files(&enc[..cut]), Err(Refusal::Malformed), "{cut}");
        }
        let mut extra = enc.clone();
        extra.push(0);
        assert_eq!(decode_files(&extra), Err(Refusal::Malformed));
        for bad in ["../x", "/etc/x", "a//b", "a\\b", ""] {
            let mut f = BTreeMap::new();
            f.insert(bad.to_owned(), vec![1]);
            let e = encode_files(&f).expect("encodes anything");
            assert_eq!(decode_files(&e), Err(Refusal::Malformed), "{bad}");
        }
    }

    #[test]
    fn acts_are_checked_against_the_log_and_the_files() {
        let (m, [a, b, c, d]) = team();
        let hash = [5u8; 32];
        let files = folder("canary");
        let dg = files_digest(&files);
        let by = |k: &DeviceKey, kind| Act::sign(k, kind, TEAM, hash, dg, 100);
        // Admin and the allowed member may publish; acts round-trip.
        for k in [&a, &b] {
            let act = Act::decode(&by(k, ActKind::Publish).encode()).expect("decode");
            let ok = check(&m, &hash, &files, &[act]).expect("valid");
            assert_eq!(ok.published.len(), 1);
        }
        // A member the admin did not allow, and a stranger: refused.
        for k in [&c, &d] {
            assert_eq!(
                check(&m, &hash, &files, &[by(k, ActKind::Publish)]),
                Err(Refusal::NotPublisher)
            );
        }
        // Files changed after signing.
        assert_eq!(
            check(&m, &hash, &folder("changed"), &[by(&a, ActKind::Publish)]),
            Err(Refusal::Altered)
        );
        // A flipped bit in the act, another hash, another team.
        let mut bytes = by(&a, ActKind::Publish).encode();
        bytes[100] ^= 1;
        let flipped = Act::decode(&bytes).expect("well-formed");
        assert_eq!(check(&m, &hash, &files, &[flipped]), Err(Refusal::Altered));
        assert_eq!(
            check(&m, &[6; 32], &files, &[by(&a, ActKind::Publish)]),
            Err(Refusal::Altered)
        );
        let other = Act::sign(&a, ActKind::Publish, TeamId::from_u128(8), hash, dg, 1);
        assert_eq!(check(&m, &hash, &files, &[other]), Err(Refusal::Altered));
        // A forged act beside a good one spoils the document.
        assert_eq!(
            check(
                &m,
                &hash,
                &files,
                &[by(&a, ActKind::Publish), by(&d, ActKind::Withdraw)]
            ),
            Err(Refusal::NotPublisher)
        );
        // Nothing published.
        assert_eq!(check(&m, &hash, &files, &[]), Err(Refusal::NotPublished));
        let w = check(
            &m,
            &hash,
            &files,
            &[by(&a, ActKind::Publish), by(&b, ActKind::Withdraw)],
        )
        .expect("valid");
        assert_eq!(w.withdrawn.len(), 1);
        // Malformed acts.
        assert_eq!(Act::decode(&[0; ACT_LEN]), Err(Refusal::Malformed));
        assert_eq!(Act::decode(&bytes[1..]), Err(Refusal::Malformed));
    }

    #[test]
    fn publisher_entries_are_legal_changes_only_and_new_format() {
        let (mut m, [a, b, c, d]) = team();
        assert!(m.may_publish(&a.public()) && m.may_publish(&b.public()));
        assert!(!m.may_publish(&c.public()) && !m.may_publish(&d.public()));
        for op in [
            // Not a member, the admin, no change.
            LogOp::Publisher {
                device: d.public(),
                allowed: true,
            },
            LogOp::Publisher {
                device: a.public(),
                allowed: false,
            },
            LogOp::Publisher {
                device: b.public(),
                allowed: true,
            },
        ] {
            let e = m.next_entry(&a, 50, op).expect("sign");
            assert_eq!(m.apply(&e), Err(crate::TeamError::LogIllegal));
        }
        // Not signed by the admin.
        let forged = m
            .next_entry(
                &c,
                50,
                LogOp::Publisher {
                    device: c.public(),
                    allowed: true,
                },
            )
            .expect("sign");
        assert_eq!(m.apply(&forged), Err(crate::TeamError::LogBadSignature));
        // Disallowed: no new publications, but what it published still opens.
        let e = m
            .next_entry(
                &a,
                60,
                LogOp::Publisher {
                    device: b.public(),
                    allowed: false,
                },
            )
            .expect("sign");
        let wire = e.encode();
        assert_eq!(&wire[..4], b"FSL3");
        m.apply(&crate::team::LogEntry::decode(&wire).expect("decode"))
            .expect("apply");
        assert!(!m.may_publish(&b.public()));
        assert!(m.was_publisher(&b.public()));
        // Op 6 under the old magic, or an old op under the new one: refused.
        let mut old = wire.clone();
        old[..4].copy_from_slice(b"FSL2");
        assert_eq!(
            crate::team::LogEntry::decode(&old),
            Err(crate::TeamError::Malformed)
        );
        let add = m
            .next_entry(&a, 70, LogOp::Add(ident(9).1))
            .expect("sign")
            .encode();
        assert_eq!(&add[..4], b"FSL2");
        let mut new = add.clone();
        new[..4].copy_from_slice(b"FSL3");
        assert_eq!(
            crate::team::LogEntry::decode(&new),
            Err(crate::TeamError::Malformed)
        );
    }

    #[test]
    fn doc_ids_follow_the_hash_only() {
        assert_eq!(doc_id(&[1; 32]), doc_id(&[1; 32]));
        assert_ne!(doc_id(&[1; 32]), doc_id(&[2; 32]));
        let h = "ab".repeat(32);
        assert_eq!(hash_from_hex(&h), Some([0xab; 32]));
        assert_eq!(hash_from_hex(&h.to_uppercase()), None);
        assert_eq!(hash_from_hex("ab"), None);
    }
}
