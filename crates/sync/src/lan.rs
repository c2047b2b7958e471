//! Device-to-device sync with no internet: the protocol two enrolled
//! devices speak on a local network (a boat's Wi-Fi, a phone's hotspot).
//!
//! No IO here. The transport (`link::lan`) runs a Noise handshake
//! (`Noise_NN_25519_ChaChaPoly_SHA256`, prologue [`PROTOCOL`] | team id),
//! which gives an encrypted channel and a handshake hash, then hands every
//! decrypted frame to a [`Session`] and sends back what it returns.
//!
//! **Mutual authentication.** Each side's first frame ([`Frame::Hello`])
//! carries its device key (Ed25519, the one the membership log lists), the
//! head of its membership log ([`LogHead`]: length and hash of the last
//! entry) and a signature over
//! `"FS-LAN-2" | team | handshake hash | role | log head`: channel binding,
//! so a proof cannot be replayed on another connection nor relayed by a man
//! in the middle (who would see a different handshake hash). A side checks
//! the other's signature, merges the two membership logs (whichever is
//! longer sends the entries the other lacks; they are admin-signed and
//! hash-chained, so a peer cannot forge them; the heads must agree, or the
//! logs forked), and then requires the peer to be a current member.
//!
//! **The caller proves membership first.** The initiator speaks first. The
//! responder (the waiting device) decides from the initiator's Hello alone,
//! before it touches its records ([`Session::peer_admitted`]): a member of
//! its log is admitted at once; a removed device gets the log entries that
//! removed it and a refusal; a device its log does not know is refused,
//! unless the caller's signed head says its log is longer (a member admitted
//! since): then the responder shows its Hello and reads the caller's log
//! entries, and admits it only if they are admin-signed and list it. Only
//! then are records involved, so a stranger on the network never holds a
//! device's store.
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
//! **Incremental inventories.** At the end of a complete session each side
//! keeps, for that peer, the inventory both then held ([`PeerMemory`],
//! through [`LanDocs::remember`]). The next time, the initiator sends
//! [`Frame::Since`] instead: the digest of that inventory
//! ([`PeerMemory::base`]) and only the records whose digest differs from
//! it. A responder that remembers the same inventory answers with its own
//! changes, and the records either side changed are compared; one that
//! remembers another or none (a restored backup, a reinstall, a final frame
//! that never arrived, a peer that lies) answers with its whole inventory,
//! and the initiator then sends its whole one too. Each side remembers its
//! own records, never what the peer claimed, so a false inventory holds for
//! one session at most.
//!
//! **Earlier versions.** Whether the peer keeps inventories is told without
//! a frame an earlier version would refuse: the log frame after the Hellos
//! is always sent, either empty or starting one entry before the other's
//! head; an earlier version starts exactly at the head and never sends an
//! empty one (and merges both as it always did). A peer that did not show
//! it is never sent [`Frame::Since`], nor remembered.
//!
//! ```text
//! initiator                         responder
//! Hello(I) End              →       (I admitted, or I's log is longer)
//!                           ←       Hello(R) Log End
//! Log Have End              →       (records from here on)
//!                           ←       Have Sync* End
//! Sync* End                 →
//!          … turns until one side answers an empty turn with Done
//!
//! with remembered inventories:
//! Log Since End             →       (the same base)
//!                           ←       Since Sync* End
//!          … or, another base:
//!                           ←       Have End
//! Have Sync* End            →
//!                           ←       Sync* End …
//! ```
//!
//! Frames: `tag u8 | body`, strict bounded decoding ([`Frame::decode`]).
//! Sync messages are merged as they arrive (a turn is never held in memory
//! whole); at most [`MAX_TURN_FRAMES`] other frames wait for a turn's end.

use std::collections::BTreeMap;

/// A change's hash (what record heads are made of).
pub use automerge::ChangeHash;
/// One record's progress in the Automerge sync protocol with the peer.
pub use automerge::sync::State as DocSyncState;

use crate::keys::{DeviceKey, DevicePublicKey};
use crate::team::{LOG_HEAD_BYTES, LogEntry, LogHead, MAX_LOG_ENTRY_BYTES, Membership};
use crate::{DocId, TeamError, TeamId};

mod error;
mod frame;
mod inventory;
mod memory;

pub use error::{LanError, RefuseReason, StepError};
pub use frame::Frame;
pub use memory::{ABSENT, PeerMemory, heads_digest};
use memory::{Inventory, unique};

/// The protocol name, first part of the Noise prologue.
pub const PROTOCOL: &[u8] = b"fieldscreen-lan/2";
/// The Noise pattern the transport uses.
pub const NOISE_PATTERN: &str = "Noise_NN_25519_ChaChaPoly_SHA256";
/// Largest frame (bytes) either side accepts.
pub const MAX_FRAME_BYTES: usize = 16 * 1024 * 1024;
/// Most log entries in one [`Frame::Log`].
pub const MAX_LOG_FRAME_ENTRIES: usize = 100_000;
/// Most records in one [`Frame::Have`].
pub const MAX_HAVE_DOCS: usize = 500_000;
/// Largest frame before the caller is admitted (its Hello, and the log
/// entries that list it): what a stranger can make a device buffer.
pub const MAX_FRAME_BEFORE_ADMISSION: usize = 1024 * 1024;
/// Most frames other than sync messages held until a turn ends.
pub const MAX_TURN_FRAMES: usize = 3;
/// The default TCP port a device waits on.
pub const DEFAULT_PORT: u16 = 47615;

const PROOF_CONTEXT: &[u8] = b"FS-LAN-2";

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

fn proof_body(team: TeamId, handshake_hash: &[u8], role: Role, head: &LogHead) -> Vec<u8> {
    let mut m = PROOF_CONTEXT.to_vec();
    m.extend_from_slice(team.as_bytes());
    m.extend_from_slice(handshake_hash);
    m.push(role.code());
    m.extend_from_slice(&head.encode());
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
    /// Every record and the [`heads_digest`] of its heads (a store that
    /// keeps the digest with each record answers without loading them).
    fn digests(&mut self) -> Result<Vec<(DocId, [u8; 16])>, Self::Error> {
        Ok(self
            .inventory()?
            .into_iter()
            .map(|(d, h)| (d, heads_digest(&h)))
            .collect())
    }
    /// The [`heads_digest`] of one record (`None`: this store lacks it).
    fn digest(&mut self, doc: DocId) -> Result<Option<[u8; 16]>, Self::Error> {
        Ok(self
            .digests()?
            .into_iter()
            .find_map(|(d, h)| (d == doc).then_some(h)))
    }
    /// The inventory remembered from the last complete session with
    /// `peer` (`None`: none, or a store that keeps none: the whole
    /// inventory is sent).
    fn recall(&mut self, peer: &DevicePublicKey) -> Result<Option<PeerMemory>, Self::Error> {
        let _ = peer;
        Ok(None)
    }
    /// Keeps `memory` for the next session with `peer` (replacing the
    /// previous one).
    fn remember(&mut self, peer: &DevicePublicKey, memory: &PeerMemory) -> Result<(), Self::Error> {
        let _ = (peer, memory);
        Ok(())
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
    /// Initiator: sent [`Frame::Since`], the responder answered with its
    /// whole inventory; at the end of its turn this side sends its own.
    Resend,
    /// Responder: did not recognise the initiator's [`Frame::Since`], sent
    /// its whole inventory, waits for the initiator's.
    WaitFullHave,
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
    /// The inventories were the changes since the last session
    /// ([`Frame::Since`]), not every record.
    pub incremental: bool,
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
    peer_head: LogHead,
    /// The peer proved it is a current member.
    admitted: bool,
    phase: Phase,
    /// Frames of the peer's current turn other than sync messages, not yet
    /// acted on (at most [`MAX_TURN_FRAMES`]).
    turn: Vec<Frame>,
    /// Whether the peer's current turn carried a sync message.
    turn_got: bool,
    my_have: BTreeMap<DocId, [u8; 16]>,
    /// This side's changes since the remembered inventory, when it sent
    /// [`Frame::Since`] (with that inventory's base).
    since: Option<([u8; 16], Inventory)>,
    /// The length of this side's log its Hello showed.
    hello_len: u32,
    /// The peer keeps inventories between sessions (its log frame said so).
    peer_remembers: bool,
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
        let hello_len = membership.len();
        Session {
            role,
            team: membership.team(),
            device,
            handshake_hash: handshake_hash.to_vec(),
            membership,
            log,
            peer: None,
            peer_head: LogHead::default(),
            admitted: false,
            phase: match role {
                Role::Initiator => Phase::WaitHello,
                Role::Responder => Phase::WaitFirstHello,
            },
            turn: Vec::new(),
            turn_got: false,
            my_have: BTreeMap::new(),
            since: None,
            hello_len,
            peer_remembers: false,
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

    /// The head of its log the peer signed in its Hello.
    pub fn peer_head(&self) -> LogHead {
        self.peer_head
    }

    /// Whether the peer proved it is a current member of the team (its
    /// signed Hello checked against the membership log, merged with the
    /// entries it sent). Until then the session never touches the records
    /// ([`LanDocs`]), so a caller can be handled without the store.
    pub fn peer_admitted(&self) -> bool {
        self.admitted
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

    /// Entries of this device's log that it learnt elsewhere since the
    /// session started (`log`: its whole current log). The peer must still
    /// be a member afterwards.
    pub fn catch_up(&mut self, log: &[Vec<u8>]) -> Result<(), LanError> {
        let have = self.log.len();
        if log.len() <= have {
            return Ok(());
        }
        if log[..have] != self.log[..] {
            return Err(LanError::Log(TeamError::LogBroken));
        }
        self.merge_log(have as u32, &log[have..])?;
        self.check_standing()
    }

    /// What to send the peer when this side stops with `e`: the refusal,
    /// preceded, for a removed device, by the log entries that removed it
    /// (so it learns why and stops asking).
    pub fn farewell(&self, e: &LanError) -> Vec<Frame> {
        let mut out = Vec::new();
        if *e == LanError::NotMember && self.peer.is_some_and(|p| self.membership.is_removed(&p)) {
            out.extend(self.log_for_peer());
        }
        out.extend(e.refusal());
        out
    }

    fn hello(&self) -> Frame {
        let head = self.membership.head();
        Frame::Hello {
            device: self.device.public(),
            signature: self.device.sign(&proof_body(
                self.team,
                &self.handshake_hash,
                self.role,
                &head,
            )),
            head,
        }
    }

    fn peer_role(&self) -> Role {
        match self.role {
            Role::Initiator => Role::Responder,
            Role::Responder => Role::Initiator,
        }
    }

    /// Takes one decrypted frame from the peer; returns the frames to send
    /// (possibly none: the peer's turn goes on). Sync messages are merged
    /// at once; log entries the responder waits for are checked at once.
    pub fn receive<D: LanDocs>(
        &mut self,
        frame: Frame,
        docs: &mut D,
    ) -> Result<Vec<Frame>, StepError<D::Error>> {
        match frame {
            Frame::Refuse(r) => {
                self.phase = Phase::Done;
                // A removed device is told why: learn the entries first.
                let logs: Vec<(u32, Vec<Vec<u8>>)> = std::mem::take(&mut self.turn)
                    .into_iter()
                    .filter_map(|f| match f {
                        Frame::Log { from, entries } => Some((from, entries)),
                        _ => None,
                    })
                    .collect();
                for (from, entries) in logs {
                    if self.merge_log(from, &entries).is_err() {
                        break;
                    }
                }
                if !self.membership.is_member(&self.device.public()) {
                    return Err(LanError::Removed.into());
                }
                Err(LanError::Refused(r).into())
            }
            Frame::Done if self.phase == Phase::Syncing && self.turn.is_empty() => {
                self.phase = Phase::Done;
                self.remember(docs)?;
                Ok(Vec::new())
            }
            Frame::End => {
                let turn = std::mem::take(&mut self.turn);
                self.on_turn(turn, docs)
            }
            _ if self.phase == Phase::Done => Err(LanError::Unexpected.into()),
            Frame::Sync { doc, message } => {
                if self.phase != Phase::Syncing || !self.turn.is_empty() {
                    return Err(LanError::Unexpected.into());
                }
                let state = self.states.get_mut(&doc).ok_or(LanError::Unexpected)?;
                docs.receive(doc, state, &message)
                    .map_err(StepError::Docs)?;
                self.stats.received += 1;
                self.turn_got = true;
                Ok(Vec::new())
            }
            Frame::Have(theirs)
                if matches!(self.phase, Phase::WaitHave | Phase::WaitFullHave)
                    && self.turn.is_empty() =>
            {
                // The peer's whole inventory opens its turn: the responder's
                // answer to our Have, or to a Since it did not recognise
                // (then ours follows at the end of its turn); the
                // initiator's after the responder did not recognise its Since.
                let theirs = unique(&theirs)?;
                let mine = std::mem::take(&mut self.my_have);
                self.plan(&mine, &theirs);
                self.my_have = mine;
                self.phase = if self.phase == Phase::WaitHave && self.since.is_some() {
                    Phase::Resend
                } else {
                    Phase::Syncing
                };
                self.turn_got = false;
                Ok(Vec::new())
            }
            Frame::Since { base, changed }
                if self.phase == Phase::WaitHave && self.turn.is_empty() =>
            {
                // Initiator: the responder recognised our Since and answers
                // with its own changes since the same inventory.
                let Some((sent, mine)) = self.since.take() else {
                    return Err(LanError::Unexpected.into());
                };
                if sent != base {
                    return Err(LanError::Unexpected.into());
                }
                let theirs = unique(&changed)?;
                self.plan(&mine, &theirs);
                self.stats.incremental = true;
                self.phase = Phase::Syncing;
                self.turn_got = false;
                Ok(Vec::new())
            }
            Frame::Log { from, entries } if self.phase == Phase::WaitPeerHave => {
                // Responder: the caller's entries decide its admission,
                // before its inventory (and any record) is looked at.
                if !self.turn.is_empty() {
                    return Err(LanError::Unexpected.into());
                }
                self.note_log_frame(from, &entries);
                self.merge_log(from, &entries)?;
                self.check_standing()?;
                Ok(Vec::new())
            }
            f
            @ (Frame::Hello { .. } | Frame::Log { .. } | Frame::Have(_) | Frame::Since { .. }) => {
                if self.turn.len() >= MAX_TURN_FRAMES {
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
            head,
        }) = frame
        else {
            return Err(LanError::Unexpected);
        };
        let body = proof_body(self.team, &self.handshake_hash, self.peer_role(), head);
        if !device.verify(&body, signature) || *device == self.device.public() {
            return Err(LanError::BadProof);
        }
        self.peer = Some(*device);
        self.peer_head = *head;
        Ok(())
    }

    /// Entries the peer lacks, if our log is longer.
    fn log_for_peer(&self) -> Option<Frame> {
        let from = self.peer_head.len as usize;
        (from < self.log.len()).then(|| Frame::Log {
            from: self.peer_head.len,
            entries: self.log[from..].to_vec(),
        })
    }

    /// The log frame this side sends after the Hellos: the entries the
    /// peer lacks, starting one entry early (one it has); or, when it lacks
    /// none, no entry at all. A peer of an earlier version always starts
    /// exactly at the other's head and never sends an empty frame, so this
    /// tells the other side that this one keeps inventories between
    /// sessions ([`PeerMemory`]); an earlier version merges it as usual
    /// (the overlapping entry is compared, not added).
    fn log_marker(&self) -> Frame {
        let from = self.peer_head.len;
        if (from as usize) < self.log.len() {
            let from = from.saturating_sub(1);
            Frame::Log {
                from,
                entries: self.log[from as usize..].to_vec(),
            }
        } else {
            Frame::Log {
                from,
                entries: Vec::new(),
            }
        }
    }

    /// Whether the peer's log frame says that it keeps inventories.
    fn note_log_frame(&mut self, from: u32, entries: &[Vec<u8>]) {
        if entries.is_empty() || from.checked_add(1) == Some(self.hello_len) {
            self.peer_remembers = true;
        }
    }

    /// Appends the entries `from..` that this log lacks: those it has must
    /// be the same bytes (else the logs forked); the rest are verified.
    fn merge_log(&mut self, from: u32, entries: &[Vec<u8>]) -> Result<(), LanError> {
        let have = self.membership.len();
        if from > have {
            // We are not where the peer thinks: a gap.
            return Err(LanError::Log(TeamError::LogBroken));
        }
        let overlap = ((have - from) as usize).min(entries.len());
        if self.log[from as usize..from as usize + overlap] != entries[..overlap] {
            return Err(LanError::Log(TeamError::LogBroken));
        }
        let mut m = self.membership.clone();
        for e in &entries[overlap..] {
            m.apply(&LogEntry::decode(e)?)?;
        }
        self.membership = m;
        self.log.extend(entries[overlap..].iter().cloned());
        self.stats.log_entries += (entries.len() - overlap) as u64;
        Ok(())
    }

    /// This device must be a member; the peer, once known, is admitted if
    /// it is one (and refused if it was but is no longer).
    fn check_standing(&mut self) -> Result<(), LanError> {
        if !self.membership.is_member(&self.device.public()) {
            return Err(LanError::Removed);
        }
        let peer = self.peer.ok_or(LanError::Unexpected)?;
        self.admitted = self.membership.is_member(&peer);
        if !self.admitted && self.membership.is_removed(&peer) {
            return Err(LanError::NotMember);
        }
        Ok(())
    }

    /// After the logs are merged: both heads must be one log (the shorter
    /// a prefix of the longer, which this side now holds whole), and both
    /// devices current members.
    fn check_heads_and_members(&mut self) -> Result<(), LanError> {
        match LogHead::of(&self.log, self.peer_head.len) {
            // The peer said it had more and did not send it.
            None => return Err(LanError::Unexpected),
            Some(h) if h != self.peer_head => return Err(LanError::Log(TeamError::LogBroken)),
            Some(_) => {}
        }
        self.check_standing()?;
        if !self.admitted {
            return Err(LanError::NotMember);
        }
        Ok(())
    }

    /// The next sync message of every record that has one.
    fn generate_all<D: LanDocs>(
        &mut self,
        docs: &mut D,
    ) -> Result<Vec<Frame>, StepError<D::Error>> {
        let mut out = Vec::new();
        for (doc, state) in &mut self.states {
            if let Some(message) = docs.generate(*doc, state).map_err(StepError::Docs)? {
                out.push(Frame::Sync { doc: *doc, message });
            }
        }
        self.stats.sent += out.len() as u64;
        Ok(out)
    }

    fn on_turn<D: LanDocs>(
        &mut self,
        mut frames: Vec<Frame>,
        docs: &mut D,
    ) -> Result<Vec<Frame>, StepError<D::Error>> {
        match self.phase {
            Phase::WaitFirstHello => {
                // Responder: the caller's proof decides, before any record.
                if frames.len() != 1 {
                    return Err(LanError::Unexpected.into());
                }
                self.check_hello(frames.first())?;
                let mine = self.membership.len();
                if self.peer_head.len <= mine {
                    // Its log is ours or a prefix of it.
                    if LogHead::of(&self.log, self.peer_head.len) != Some(self.peer_head) {
                        return Err(LanError::Log(TeamError::LogBroken).into());
                    }
                    self.check_standing()?;
                    if !self.admitted {
                        return Err(LanError::NotMember.into());
                    }
                } else {
                    // A longer log: maybe a member admitted since ours.
                    self.check_standing()?;
                }
                let out = vec![self.hello(), self.log_marker(), Frame::End];
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
                let mut out = vec![self.log_marker()];
                for f in rest {
                    if let Frame::Log { from, entries } = f {
                        self.note_log_frame(from, &entries);
                        self.merge_log(from, &entries)?;
                    }
                }
                self.check_heads_and_members()?;
                out.push(self.opening(docs)?);
                out.push(Frame::End);
                self.phase = Phase::WaitHave;
                Ok(out)
            }
            Phase::WaitPeerHave => {
                // Responder: the caller's Have or Since (its log came already).
                let inventory = frames.pop();
                if !frames.is_empty() {
                    return Err(LanError::Unexpected.into());
                }
                let theirs = match inventory {
                    Some(Frame::Have(theirs)) => unique(&theirs)?,
                    Some(Frame::Since { base, changed }) => {
                        self.check_heads_and_members()?;
                        return self.answer_since(base, &changed, docs);
                    }
                    _ => return Err(LanError::Unexpected.into()),
                };
                self.check_heads_and_members()?;
                self.take_inventory(docs)?;
                let mut out = vec![self.have()];
                let mine = std::mem::take(&mut self.my_have);
                self.plan(&mine, &theirs);
                self.my_have = mine;
                self.phase = Phase::Syncing;
                out.extend(self.generate_all(docs)?);
                out.push(Frame::End);
                Ok(out)
            }
            Phase::Resend => {
                // Initiator: the responder did not recognise our Since and
                // sent its whole inventory (planned on arrival): ours now.
                if !frames.is_empty() {
                    return Err(LanError::Unexpected.into());
                }
                self.since = None;
                self.phase = Phase::Syncing;
                let mut out = vec![self.have()];
                out.extend(self.generate_all(docs)?);
                out.push(Frame::End);
                Ok(out)
            }
            // The peer's turn ended without its inventory.
            Phase::WaitHave | Phase::WaitFullHave => Err(LanError::Unexpected.into()),
            Phase::Syncing => {
                if !frames.is_empty() {
                    return Err(LanError::Unexpected.into());
                }
                self.answer(docs)
            }
            Phase::Done => Err(LanError::Unexpected.into()),
        }
    }

    fn answer<D: LanDocs>(&mut self, docs: &mut D) -> Result<Vec<Frame>, StepError<D::Error>> {
        let got = std::mem::take(&mut self.turn_got);
        let mut out = self.generate_all(docs)?;
        if !got && out.is_empty() {
            self.phase = Phase::Done;
            self.remember(docs)?;
            return Ok(vec![Frame::Done]);
        }
        out.push(Frame::End);
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
