//! Device-to-device sync with no internet: the protocol two enrolled
//! devices speak on a local network (a boat's Wi-Fi, a phone's hotspot).
//!
//! No IO here. The transport (`link::lan`) runs a Noise handshake
//! (`Noise_NN_25519_ChaChaPoly_SHA256`, prologue [`PROTOCOL`] | team id),
//! which gives an encrypted channel and a handshake hash, then hands every
//! decrypted frame to a [`Session`] and sends back what it returns.
//!
//! **Mutual authentication.** Each side's first frame ([`Frame::Hello`])
//! carries its device key (Ed25519, the one the membership log lists) and
//! a signature over `"FS-LAN-1" | team | handshake hash | role`: channel
//! binding, so a proof cannot be replayed on another connection nor
//! relayed by a man in the middle (who would see a different handshake
//! hash). A side checks the other's signature, merges the two membership
//! logs (whichever is longer sends the entries the other lacks; they are
//! admin-signed and hash-chained, so a peer cannot forge them), and then
//! requires the peer to be a current member. The initiator speaks first;
//! the responder reveals its identity only after checking the initiator's
//! signature.
//!
//! **Documents.** Both send an inventory ([`Frame::Have`]: each record id
//! with a digest of its heads); the records whose digests differ (or that
//! one side lacks) then run the Automerge sync protocol, one
//! [`automerge::sync::State`] per record, in turns: a side receives the
//! whole turn of the other ([`Frame::End`] closes a turn), merges each
//! message, then answers with the next message of every record that has
//! one. When a turn carried no message and the answer has none either,
//! the answering side sends [`Frame::Done`]: both are up to date.
//!
//! ```text
//! initiator                         responder
//! Hello(I) End              →
//!                           ←       Hello(R) [Log] End
//! [Log] Have End            →
//!                           ←       Have Sync* End
//! Sync* End                 →
//!          … turns until one side answers an empty turn with Done
//! ```
//!
//! Frames: `tag u8 | body`, strict bounded decoding ([`Frame::decode`]).

use std::collections::{BTreeMap, BTreeSet};

/// A change's hash (what record heads are made of).
pub use automerge::ChangeHash;
/// One record's progress in the Automerge sync protocol with the peer.
pub use automerge::sync::State as DocSyncState;
use sha2::{Digest, Sha256};

use crate::keys::{DeviceKey, DevicePublicKey};
use crate::team::{LogEntry, MAX_LOG_ENTRY_BYTES, Membership};
use crate::{DocId, TeamError, TeamId};

/// The protocol name, first part of the Noise prologue.
pub const PROTOCOL: &[u8] = b"fieldscreen-lan/1";
/// The Noise pattern the transport uses.
pub const NOISE_PATTERN: &str = "Noise_NN_25519_ChaChaPoly_SHA256";
/// Largest frame (bytes) either side accepts.
pub const MAX_FRAME_BYTES: usize = 16 * 1024 * 1024;
/// Most log entries in one [`Frame::Log`].
pub const MAX_LOG_FRAME_ENTRIES: usize = 100_000;
/// Most records in one [`Frame::Have`].
pub const MAX_HAVE_DOCS: usize = 500_000;
/// The default TCP port a device waits on.
pub const DEFAULT_PORT: u16 = 47615;

const PROOF_CONTEXT: &[u8] = b"FS-LAN-1";

/// The Noise prologue: binds the handshake to this protocol and team.
pub fn prologue(team: TeamId) -> Vec<u8> {
    let mut p = PROTOCOL.to_vec();
    p.extend_from_slice(team.as_bytes());
    p
}

/// Which end of the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Connected to the other device.
    Initiator,
    /// Waited for the other device.
    Responder,
}

impl Role {
    fn code(self) -> u8 {
        match self {
            Role::Initiator => b'I',
            Role::Responder => b'R',
        }
    }
}

/// Why a side stopped the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefuseReason {
    /// One of the two devices is not (or no longer) a member of the team.
    NotMember,
    /// The proof of identity did not verify.
    BadProof,
    /// The membership logs disagree (a broken or forked log).
    LogMismatch,
    /// A message broke the protocol.
    Protocol,
}

impl RefuseReason {
    fn code(self) -> u8 {
        match self {
            RefuseReason::NotMember => 1,
            RefuseReason::BadProof => 2,
            RefuseReason::LogMismatch => 3,
            RefuseReason::Protocol => 4,
        }
    }

    fn from_code(c: u8) -> Option<Self> {
        Some(match c {
            1 => RefuseReason::NotMember,
            2 => RefuseReason::BadProof,
            3 => RefuseReason::LogMismatch,
            4 => RefuseReason::Protocol,
            _ => return None,
        })
    }
}

/// One protocol frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// Identity proof and membership-log length.
    Hello {
        /// The sender's device key.
        device: DevicePublicKey,
        /// Over `"FS-LAN-1" | team | handshake hash | role`.
        signature: [u8; 64],
        /// Entries in the sender's membership log.
        log_len: u32,
    },
    /// Membership-log entries `from..` the receiver lacks.
    Log {
        /// Index of the first entry.
        from: u32,
        /// Encoded [`LogEntry`]s, in order.
        entries: Vec<Vec<u8>>,
    },
    /// The sender's records and a digest of each one's heads.
    Have(Vec<(DocId, [u8; 16])>),
    /// One Automerge sync message about one record.
    Sync {
        /// The record.
        doc: DocId,
        /// `automerge::sync::Message` bytes.
        message: Vec<u8>,
    },
    /// End of the sender's turn.
    End,
    /// Both sides are up to date: the session is over.
    Done,
    /// The sender stops, and why.
    Refuse(RefuseReason),
}

/// Why the LAN protocol failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanError {
    /// A frame does not decode.
    #[error("malformed frame from the other device")]
    Malformed,
    /// A frame over the limits.
    #[error("frame from the other device too large")]
    TooLarge,
    /// A frame out of turn.
    #[error("the other device broke the protocol")]
    Unexpected,
    /// The other device's proof of identity did not verify.
    #[error("the other device's proof of identity is wrong")]
    BadProof,
    /// The other device is not a current member of the team.
    #[error("the other device is not a member of this team")]
    NotMember,
    /// This device is no longer a member (its merged log says so).
    #[error("this device was removed from the team")]
    Removed,
    /// The membership logs cannot be merged.
    #[error(transparent)]
    Log(#[from] TeamError),
    /// The other device stopped.
    #[error("the other device refused: {0:?}")]
    Refused(RefuseReason),
}

impl LanError {
    /// Stable Fluent message id (`locales/*/sync.ftl`).
    pub fn message_id(&self) -> &'static str {
        match self {
            LanError::Malformed | LanError::TooLarge | LanError::Unexpected => "lan-protocol-bad",
            LanError::BadProof | LanError::NotMember => "lan-peer-not-member",
            LanError::Removed => "lan-self-removed",
            LanError::Log(_) => "sync-membership-bad",
            LanError::Refused(RefuseReason::NotMember) => "lan-refused-not-member",
            LanError::Refused(_) => "lan-refused",
        }
    }

    /// What to tell the other side before closing.
    pub fn refusal(&self) -> Option<Frame> {
        let r = match self {
            LanError::Refused(_) => return None,
            LanError::BadProof => RefuseReason::BadProof,
            // "One of us is not a member": the other side says so too.
            LanError::NotMember | LanError::Removed => RefuseReason::NotMember,
            LanError::Log(_) => RefuseReason::LogMismatch,
            _ => RefuseReason::Protocol,
        };
        Some(Frame::Refuse(r))
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LanError> {
        let (a, b) = self.0.split_at_checked(n).ok_or(LanError::Malformed)?;
        self.0 = b;
        Ok(a)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], LanError> {
        self.take(N)?.try_into().map_err(|_| LanError::Malformed)
    }

    fn u32(&mut self) -> Result<u32, LanError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    fn end(&self) -> Result<(), LanError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(LanError::Malformed)
        }
    }
}

impl Frame {
    /// Serialises the frame.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Frame::Hello {
                device,
                signature,
                log_len,
            } => {
                out.push(1);
                out.extend_from_slice(&device.0);
                out.extend_from_slice(signature);
                out.extend_from_slice(&log_len.to_be_bytes());
            }
            Frame::Log { from, entries } => {
                out.push(2);
                out.extend_from_slice(&from.to_be_bytes());
                out.extend_from_slice(&(entries.len() as u32).to_be_bytes());
                for e in entries {
                    out.extend_from_slice(&(e.len() as u16).to_be_bytes());
                    out.extend_from_slice(e);
                }
            }
            Frame::Have(docs) => {
                out.push(3);
                out.extend_from_slice(&(docs.len() as u32).to_be_bytes());
                for (doc, digest) in docs {
                    out.extend_from_slice(doc.as_bytes());
                    out.extend_from_slice(digest);
                }
            }
            Frame::Sync { doc, message } => {
                out.push(4);
                out.extend_from_slice(doc.as_bytes());
                out.extend_from_slice(message);
            }
            Frame::End => out.push(5),
            Frame::Done => out.push(6),
            Frame::Refuse(r) => {
                out.push(7);
                out.push(r.code());
            }
        }
        out
    }

    /// Strict, bounded decoding; never panics.
    pub fn decode(bytes: &[u8]) -> Result<Self, LanError> {
        if bytes.len() > MAX_FRAME_BYTES {
            return Err(LanError::TooLarge);
        }
        let mut r = Reader(bytes);
        let frame = match r.array::<1>()?[0] {
            1 => Frame::Hello {
                device: DevicePublicKey(r.array()?),
                signature: r.array()?,
                log_len: r.u32()?,
            },
            2 => {
                let from = r.u32()?;
                let count = r.u32()? as usize;
                if count > MAX_LOG_FRAME_ENTRIES {
                    return Err(LanError::TooLarge);
                }
                let mut entries = Vec::with_capacity(count.min(r.0.len() / 2));
                for _ in 0..count {
                    let len = u16::from_be_bytes(r.array()?) as usize;
                    if len > MAX_LOG_ENTRY_BYTES {
                        return Err(LanError::Malformed);
                    }
                    entries.push(r.take(len)?.to_vec());
                }
                Frame::Log { from, entries }
            }
            3 => {
                let count = r.u32()? as usize;
                if count > MAX_HAVE_DOCS {
                    return Err(LanError::TooLarge);
                }
                let mut docs = Vec::with_capacity(count.min(r.0.len() / 32));
                for _ in 0..count {
                    docs.push((DocId::from_bytes(r.array()?), r.array()?));
                }
                Frame::Have(docs)
            }
            4 => {
                let doc = DocId::from_bytes(r.array()?);
                let message = r.0.to_vec();
                r.0 = &[];
                if message.is_empty() {
                    return Err(LanError::Malformed);
                }
                Frame::Sync { doc, message }
            }
            5 => Frame::End,
            6 => Frame::Done,
            7 => Frame::Refuse(
                RefuseReason::from_code(r.array::<1>()?[0]).ok_or(LanError::Malformed)?,
            ),
            _ => return Err(LanError::Malformed),
        };
        r.end()?;
        Ok(frame)
    }
}

/// A digest of a record's heads (order does not matter).
pub fn heads_digest(heads: &[ChangeHash]) -> [u8; 16] {
    let mut h: Vec<[u8; 32]> = heads.iter().map(|c| c.0).collect();
    h.sort_unstable();
    h.dedup();
    let mut d = Sha256::new();
    for x in &h {
        d.update(x);
    }
    let full = d.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

fn proof_body(team: TeamId, handshake_hash: &[u8], role: Role) -> Vec<u8> {
    let mut m = PROOF_CONTEXT.to_vec();
    m.extend_from_slice(team.as_bytes());
    m.extend_from_slice(handshake_hash);
    m.push(role.code());
    m
}

/// The records a session works on, seen through whatever stores them (the
/// vault, or plain documents in tests).
pub trait LanDocs {
    /// What the store can fail with.
    type Error;
    /// Every record and its current heads.
    fn inventory(&mut self) -> Result<Vec<(DocId, Vec<ChangeHash>)>, Self::Error>;
    /// The next sync message for `doc` (an empty document if it is missing).
    fn generate(
        &mut self,
        doc: DocId,
        state: &mut DocSyncState,
    ) -> Result<Option<Vec<u8>>, Self::Error>;
    /// Merges the peer's sync message about `doc` (creating it if new).
    fn receive(
        &mut self,
        doc: DocId,
        state: &mut DocSyncState,
        message: &[u8],
    ) -> Result<(), Self::Error>;
}

/// Why a session step failed: the protocol, or the store.
#[derive(Debug)]
pub enum StepError<E> {
    /// See [`LanError`].
    Lan(LanError),
    /// The store failed.
    Docs(E),
}

impl<E> From<LanError> for StepError<E> {
    fn from(e: LanError) -> Self {
        StepError::Lan(e)
    }
}

impl<E> From<TeamError> for StepError<E> {
    fn from(e: TeamError) -> Self {
        StepError::Lan(LanError::Log(e))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Initiator: sent Hello, waits for the responder's.
    WaitHello,
    /// Responder: waits for the initiator's Hello.
    WaitFirstHello,
    /// Initiator has sent its Have; waits for the responder's Have and first messages.
    WaitHave,
    /// Responder has sent Hello; waits for the initiator's Have.
    WaitPeerHave,
    /// Exchanging Automerge sync messages in turns.
    Syncing,
    /// Over.
    Done,
}

/// What a session did, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanStats {
    /// Records that differed between the two devices.
    pub docs: u64,
    /// Sync messages received and merged.
    pub received: u64,
    /// Sync messages sent.
    pub sent: u64,
    /// Membership-log entries learnt from the peer.
    pub log_entries: u64,
}

/// One side of one LAN session (see the module docs for the exchange).
#[derive(Debug)]
pub struct Session {
    role: Role,
    team: TeamId,
    device: DeviceKey,
    handshake_hash: Vec<u8>,
    membership: Membership,
    log: Vec<Vec<u8>>,
    peer: Option<DevicePublicKey>,
    peer_log_len: u32,
    phase: Phase,
    /// Frames of the peer's current turn, not yet acted on.
    turn: Vec<Frame>,
    my_have: BTreeMap<DocId, [u8; 16]>,
    states: BTreeMap<DocId, DocSyncState>,
    stats: LanStats,
}

impl Session {
    /// A session of this device (`device`, knowing the verified membership
    /// `log` of `membership`) over a channel with handshake hash
    /// `handshake_hash`.
    pub fn new(
        role: Role,
        device: DeviceKey,
        membership: Membership,
        log: Vec<Vec<u8>>,
        handshake_hash: &[u8],
    ) -> Self {
        Session {
            role,
            team: membership.team(),
            device,
            handshake_hash: handshake_hash.to_vec(),
            membership,
            log,
            peer: None,
            peer_log_len: 0,
            phase: match role {
                Role::Initiator => Phase::WaitHello,
                Role::Responder => Phase::WaitFirstHello,
            },
            turn: Vec::new(),
            my_have: BTreeMap::new(),
            states: BTreeMap::new(),
            stats: LanStats::default(),
        }
    }

    /// The first frames to send (the initiator's Hello; nothing for the
    /// responder, which waits).
    pub fn start(&self) -> Vec<Frame> {
        match self.role {
            Role::Initiator => vec![self.hello(), Frame::End],
            Role::Responder => Vec::new(),
        }
    }

    /// Whether the session is over (both up to date).
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// The authenticated peer, once known.
    pub fn peer(&self) -> Option<DevicePublicKey> {
        self.peer
    }

    /// The membership after merging the peer's log.
    pub fn membership(&self) -> &Membership {
        &self.membership
    }

    /// The merged log (new entries from the peer appended, verified).
    pub fn log(&self) -> &[Vec<u8>] {
        &self.log
    }

    /// What the session did so far.
    pub fn stats(&self) -> &LanStats {
        &self.stats
    }

    /// Records still being synced (for progress).
    pub fn docs_in_flight(&self) -> usize {
        self.states.len()
    }

    fn hello(&self) -> Frame {
        Frame::Hello {
            device: self.device.public(),
            signature: self
                .device
                .sign(&proof_body(self.team, &self.handshake_hash, self.role)),
            log_len: self.membership.len(),
        }
    }

    fn peer_role(&self) -> Role {
        match self.role {
            Role::Initiator => Role::Responder,
            Role::Responder => Role::Initiator,
        }
    }

    /// Takes one decrypted frame from the peer; returns the frames to send
    /// (possibly none: the peer's turn goes on).
    pub fn receive<D: LanDocs>(
        &mut self,
        frame: Frame,
        docs: &mut D,
    ) -> Result<Vec<Frame>, StepError<D::Error>> {
        match frame {
            Frame::Refuse(r) => {
                self.phase = Phase::Done;
                Err(LanError::Refused(r).into())
            }
            Frame::Done if self.phase == Phase::Syncing && self.turn.is_empty() => {
                self.phase = Phase::Done;
                Ok(Vec::new())
            }
            Frame::End => {
                let turn = std::mem::take(&mut self.turn);
                self.on_turn(turn, docs)
            }
            _ if self.phase == Phase::Done => Err(LanError::Unexpected.into()),
            f @ (Frame::Hello { .. } | Frame::Log { .. } | Frame::Have(_) | Frame::Sync { .. }) => {
                if self.turn.len() > MAX_HAVE_DOCS * 2 {
                    return Err(LanError::TooLarge.into());
                }
                self.turn.push(f);
                Ok(Vec::new())
            }
            Frame::Done => Err(LanError::Unexpected.into()),
        }
    }

    fn check_hello(&mut self, frame: Option<&Frame>) -> Result<(), LanError> {
        let Some(Frame::Hello {
            device,
            signature,
            log_len,
        }) = frame
        else {
            return Err(LanError::Unexpected);
        };
        let body = proof_body(self.team, &self.handshake_hash, self.peer_role());
        if !device.verify(&body, signature) || *device == self.device.public() {
            return Err(LanError::BadProof);
        }
        self.peer = Some(*device);
        self.peer_log_len = *log_len;
        Ok(())
    }

    /// Entries the peer lacks, if our log is longer.
    fn log_for_peer(&self) -> Option<Frame> {
        let from = self.peer_log_len as usize;
        (from < self.log.len()).then(|| Frame::Log {
            from: self.peer_log_len,
            entries: self.log[from..].to_vec(),
        })
    }

    /// Applies the peer's log entries (verified against ours), then checks
    /// both sides' standing.
    fn merge_log_and_check(&mut self, frames: &[Frame]) -> Result<(), LanError> {
        for f in frames {
            if let Frame::Log { from, entries } = f {
                if *from != self.membership.len() {
                    // We are not behind where the peer thinks: a fork.
                    return Err(LanError::Log(TeamError::LogBroken));
                }
                let mut m = self.membership.clone();
                for e in entries {
                    m.apply(&LogEntry::decode(e)?)?;
                }
                self.membership = m;
                self.log.extend(entries.iter().cloned());
                self.stats.log_entries += entries.len() as u64;
            }
        }
        if self.membership.len() < self.peer_log_len {
            // The peer said it had more and did not send it.
            return Err(LanError::Unexpected);
        }
        if !self.membership.is_member(&self.device.public()) {
            return Err(LanError::Removed);
        }
        let peer = self.peer.ok_or(LanError::Unexpected)?;
        if !self.membership.is_member(&peer) {
            return Err(LanError::NotMember);
        }
        Ok(())
    }

    fn have<D: LanDocs>(&mut self, docs: &mut D) -> Result<Frame, StepError<D::Error>> {
        let inv = docs.inventory().map_err(StepError::Docs)?;
        self.my_have = inv
            .into_iter()
            .map(|(d, h)| (d, heads_digest(&h)))
            .collect();
        Ok(Frame::Have(
            self.my_have.iter().map(|(d, h)| (*d, *h)).collect(),
        ))
    }

    /// The records whose digests differ, each with a fresh sync state.
    fn plan(&mut self, theirs: &[(DocId, [u8; 16])]) -> Result<(), LanError> {
        let mut their: BTreeMap<DocId, [u8; 16]> = BTreeMap::new();
        for (d, h) in theirs {
            if their.insert(*d, *h).is_some() {
                return Err(LanError::Malformed);
            }
        }
        let ids: BTreeSet<DocId> = self.my_have.keys().chain(their.keys()).copied().collect();
        for id in ids {
            if self.my_have.get(&id) != their.get(&id) {
                self.states.insert(id, DocSyncState::new());
            }
        }
        self.stats.docs = self.states.len() as u64;
        Ok(())
    }

    /// Merges the peer's sync messages, then generates ours.
    fn sync_turn<D: LanDocs>(
        &mut self,
        frames: Vec<Frame>,
        docs: &mut D,
    ) -> Result<(bool, Vec<Frame>), StepError<D::Error>> {
        let mut got = false;
        for f in frames {
            let Frame::Sync { doc, message } = f else {
                return Err(LanError::Unexpected.into());
            };
            let state = self.states.get_mut(&doc).ok_or(LanError::Unexpected)?;
            docs.receive(doc, state, &message)
                .map_err(StepError::Docs)?;
            self.stats.received += 1;
            got = true;
        }
        let mut out = Vec::new();
        for (doc, state) in &mut self.states {
            if let Some(message) = docs.generate(*doc, state).map_err(StepError::Docs)? {
                out.push(Frame::Sync { doc: *doc, message });
            }
        }
        self.stats.sent += out.len() as u64;
        Ok((got, out))
    }

    fn on_turn<D: LanDocs>(
        &mut self,
        mut frames: Vec<Frame>,
        docs: &mut D,
    ) -> Result<Vec<Frame>, StepError<D::Error>> {
        match self.phase {
            Phase::WaitFirstHello => {
                // Responder: the initiator's proof, then ours.
                if frames.len() != 1 {
                    return Err(LanError::Unexpected.into());
                }
                self.check_hello(frames.first())?;
                let mut out = vec![self.hello()];
                out.extend(self.log_for_peer());
                out.push(Frame::End);
                self.phase = Phase::WaitPeerHave;
                Ok(out)
            }
            Phase::WaitHello => {
                // Initiator: the responder's proof and maybe its log.
                self.check_hello(frames.first())?;
                let rest = frames.split_off(1);
                if rest.iter().any(|f| !matches!(f, Frame::Log { .. })) || rest.len() > 1 {
                    return Err(LanError::Unexpected.into());
                }
                let mut out: Vec<Frame> = self.log_for_peer().into_iter().collect();
                self.merge_log_and_check(&rest)?;
                out.push(self.have(docs)?);
                out.push(Frame::End);
                self.phase = Phase::WaitHave;
                Ok(out)
            }
            Phase::WaitPeerHave => {
                // Responder: the initiator's log (if it had more) and Have.
                let Some(Frame::Have(theirs)) = frames.pop() else {
                    return Err(LanError::Unexpected.into());
                };
                if frames.len() > 1 || frames.iter().any(|f| !matches!(f, Frame::Log { .. })) {
                    return Err(LanError::Unexpected.into());
                }
                self.merge_log_and_check(&frames)?;
                let mut out = vec![self.have(docs)?];
                self.plan(&theirs)?;
                self.phase = Phase::Syncing;
                let (_, msgs) = self.sync_turn(Vec::new(), docs)?;
                out.extend(msgs);
                out.push(Frame::End);
                Ok(out)
            }
            Phase::WaitHave => {
                // Initiator: the responder's Have and its first messages.
                if frames.is_empty() {
                    return Err(LanError::Unexpected.into());
                }
                let Frame::Have(theirs) = frames.remove(0) else {
                    return Err(LanError::Unexpected.into());
                };
                self.plan(&theirs)?;
                self.phase = Phase::Syncing;
                self.answer(frames, docs)
            }
            Phase::Syncing => self.answer(frames, docs),
            Phase::Done => Err(LanError::Unexpected.into()),
        }
    }

    fn answer<D: LanDocs>(
        &mut self,
        frames: Vec<Frame>,
        docs: &mut D,
    ) -> Result<Vec<Frame>, StepError<D::Error>> {
        let (got, mut out) = self.sync_turn(frames, docs)?;
        if !got && out.is_empty() {
            self.phase = Phase::Done;
            return Ok(vec![Frame::Done]);
        }
        out.push(Frame::End);
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
