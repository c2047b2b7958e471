//! Device-to-device sync on a local network, with no internet: a boat's
//! Wi-Fi, a phone's hotspot, a border post's router.
//!
//! One device waits ([`LanListener`]: it shows its addresses), the other
//! connects ([`connect`]) by typing one of them. Over the TCP connection:
//!
//! 1. **Noise handshake** (`Noise_NN_25519_ChaChaPoly_SHA256`, from the
//!    reviewed `snow` crate; prologue = protocol name | team id): fresh
//!    X25519 keys on both sides, an encrypted channel, a handshake hash.
//! 2. **Admission, without the store** ([`LanListener::accept_incoming`]):
//!    the caller's signed Hello (bound to the handshake hash, carrying the
//!    head of its membership log) is checked against the waiting device's
//!    log (read once when it started waiting), with the caller's log
//!    entries when its log is longer. A stranger, a removed device or a
//!    silent caller is turned away here, within
//!    [`LanLimits::admission`], and never holds the store.
//! 3. **[`sync::lan::Session`]** with the store: the logs are merged
//!    (heads compared: a relay that hid entries from one of the devices
//!    is found out here, see [`crate::TeamAlert::RelayWithheld`]), then
//!    the Automerge sync protocol runs for each record that differs. The
//!    inventories come from the vault's index rows ([`Vault::inventory`]);
//!    after a first complete session with a device, only the records
//!    changed since are sent, against the inventory remembered from it (the
//!    vault secret `lan-inventory/<its key>`, sealed like the team state).
//!
//! Wire: each Noise message is `len u16 BE | message` (at most 65,535
//! bytes); a protocol frame is `len u32 BE | frame` cut into as many Noise
//! messages as it needs, and its length is checked before any of it is
//! kept (at most [`sync::lan::MAX_FRAME_BEFORE_ADMISSION`] until the caller
//! is admitted, [`sync::lan::MAX_FRAME_BYTES`] after). The whole session
//! has a deadline derived from its work ([`LanLimits`]: a base, plus a
//! little per record that differs), checked on every read and write, so
//! a peer that trickles bytes is cut off; a silent one too ([`IO_TIMEOUT`]).
//! Each merged message is durable in the vault when it is applied; a
//! session cut off half-way loses nothing and the next one carries on
//! (records already equal are not sent again).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use sync::lan::{
    Frame, LanDocs, MAX_FRAME_BEFORE_ADMISSION, MAX_FRAME_BYTES, PeerMemory, Role, Session,
    StepError,
};
use sync::team::Membership;
use sync::{DeviceKey, DevicePublicKey, DocId};
use vault::{ChangeHash, RecordId, SyncState, Vault, VaultError};

use crate::state::State;
use crate::{LinkError, Phase, Progress};

/// The TCP port a device waits on unless it is taken.
mod channel;

use channel::{Channel, Frames, io};
pub use sync::lan::DEFAULT_PORT;

/// How long a read or write may wait for the other device.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest Noise message.
const NOISE_MAX: usize = 65_535;
/// Plaintext per Noise transport message (the tag takes 16 bytes).
const CHUNK: usize = NOISE_MAX - 16;

/// How long a session may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanLimits {
    /// For a caller to finish the handshake and prove it is a member
    /// (before the store is taken).
    pub admission: Duration,
    /// For the whole session when no record differs.
    pub base: Duration,
    /// More for each record that differs (known once both inventories
    /// are in).
    pub per_record: Duration,
}

impl Default for LanLimits {
    /// 5 s to be admitted; 2 minutes plus 250 ms a record for the session
    /// (1,000 differing records: about 6 minutes; the LAN benchmark moves
    /// them in a few seconds on loopback, a slow hotspot in well under that).
    fn default() -> Self {
        LanLimits {
            admission: Duration::from_secs(5),
            base: Duration::from_secs(120),
            per_record: Duration::from_millis(250),
        }
    }
}

impl LanLimits {
    fn session_deadline(&self, started: Instant, records: u64) -> Instant {
        let per = self
            .per_record
            .saturating_mul(u32::try_from(records).unwrap_or(u32::MAX));
        started + self.base.saturating_add(per)
    }
}

/// What one LAN session did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LanReport {
    /// The other device's key (hex).
    pub peer: String,
    /// Records that differed and were brought level.
    pub records: u64,
    /// Sync messages received and merged.
    pub received: u64,
    /// Sync messages sent.
    pub sent: u64,
    /// Membership-log entries learnt from the other device.
    pub log_entries: u64,
    /// Bytes on the wire, both ways (TCP payload).
    pub bytes: u64,
    /// Only the changes since the last session with this device were
    /// compared (both remembered the same inventory).
    pub incremental: bool,
}

/// A stream a session can run over: it must let each read and write wait
/// at most a given time (how the session's deadline is kept).
pub trait LanStream: Read + Write {
    /// Limits how long the next reads and writes may block.
    fn set_io_timeout(&self, limit: Duration) -> std::io::Result<()>;
}

/// The vault seen by a session.
struct VaultDocs<'a> {
    vault: &'a mut Vault,
    merged: u64,
    progress: &'a mut dyn FnMut(Progress),
    bytes: u64,
}

impl LanDocs for VaultDocs<'_> {
    type Error = VaultError;

    fn inventory(&mut self) -> Result<Vec<(DocId, Vec<ChangeHash>)>, VaultError> {
        let ids: Vec<RecordId> = self.vault.list()?.into_iter().map(|c| c.id).collect();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push((id.uuid(), self.vault.heads(id)?));
        }
        Ok(out)
    }

    /// From the index rows, where each write keeps the digest: no
    /// document is loaded.
    fn digests(&mut self) -> Result<Vec<(DocId, [u8; 16])>, VaultError> {
        Ok(self
            .vault
            .inventory()?
            .into_iter()
            .map(|(id, d)| (id.uuid(), d))
            .collect())
    }

    fn digest(&mut self, doc: DocId) -> Result<Option<[u8; 16]>, VaultError> {
        self.vault.digest(RecordId::from(doc))
    }

    fn recall(&mut self, peer: &DevicePublicKey) -> Result<Option<PeerMemory>, VaultError> {
        // A memory this version cannot read is no memory: the whole
        // inventory is sent, and a new one is kept at the end.
        Ok(self
            .vault
            .secret(&memory_secret(peer))?
            .and_then(|b| PeerMemory::decode(&b)))
    }

    fn remember(&mut self, peer: &DevicePublicKey, memory: &PeerMemory) -> Result<(), VaultError> {
        self.vault.put_secret(
            &memory_secret(peer),
            &zeroize::Zeroizing::new(memory.encode()),
        )
    }

    fn generate(
        &mut self,
        doc: DocId,
        state: &mut SyncState,
    ) -> Result<Option<Vec<u8>>, VaultError> {
        self.vault.sync_message(RecordId::from(doc), state)
    }

    fn receive(
        &mut self,
        doc: DocId,
        state: &mut SyncState,
        message: &[u8],
    ) -> Result<(), VaultError> {
        self.vault
            .receive_sync_message(RecordId::from(doc), state, message)?;
        self.merged += 1;
        self.bytes += message.len() as u64;
        (self.progress)(Progress {
            phase: Phase::Nearby,
            done: self.merged,
            total: None,
            bytes: self.bytes,
        });
        Ok(())
    }
}

/// The vault secret holding what this device remembers of its last
/// complete session with `peer` ([`PeerMemory`]: record ids and digests of
/// their heads), sealed like the team state beside it.
pub(crate) fn memory_secret(peer: &DevicePublicKey) -> String {
    format!("lan-inventory/{}", peer.to_hex())
}

/// No records at all: what a session sees before the caller is admitted
/// (the session never asks for them then; if it did, it would fail).
struct NoDocs;

impl LanDocs for NoDocs {
    type Error = VaultError;

    fn inventory(&mut self) -> Result<Vec<(DocId, Vec<ChangeHash>)>, VaultError> {
        Err(VaultError::Locked)
    }

    fn generate(&mut self, _: DocId, _: &mut SyncState) -> Result<Option<Vec<u8>>, VaultError> {
        Err(VaultError::Locked)
    }

    fn receive(&mut self, _: DocId, _: &mut SyncState, _: &[u8]) -> Result<(), VaultError> {
        Err(VaultError::Locked)
    }
}

/// What a side sends when it stops with `e`.
fn stop<S: LanStream>(ch: &mut Channel<S>, session: &Session, e: sync::lan::LanError) -> LinkError {
    // Best effort: the peer learns why.
    let _ = ch.send(&session.farewell(&e));
    LinkError::Lan(e)
}

/// Responder, before the store: reads frames until the caller is admitted
/// (its Hello, and its log entries when its log is longer than ours).
fn admit_caller<S: LanStream>(
    ch: &mut Channel<S>,
    session: &mut Session,
    frames: &mut Frames,
) -> Result<(), LinkError> {
    loop {
        while let Some(frame) = frames.next_frame()? {
            match session.receive(frame, &mut NoDocs) {
                Ok(out) => {
                    if !out.is_empty() {
                        ch.send(&out)?;
                    }
                }
                Err(StepError::Lan(e)) => return Err(stop(ch, session, e)),
                Err(StepError::Docs(_)) => {
                    return Err(stop(ch, session, sync::lan::LanError::Unexpected));
                }
            }
            if session.peer_admitted() {
                return Ok(());
            }
        }
        let n = ch.recv_chunk()?;
        frames.push(&ch.plain[..n])?;
    }
}

/// Runs one session as `role` over `stream` (TCP in the app; any
/// [`LanStream`] in tests) with the default [`LanLimits`]. The vault must
/// be in a team and admitted.
pub fn run<S: LanStream>(
    vault: &mut Vault,
    stream: S,
    role: Role,
    progress: &mut dyn FnMut(Progress),
) -> Result<LanReport, LinkError> {
    run_with(vault, stream, role, LanLimits::default(), progress)
}

/// [`run`] with its own limits.
pub fn run_with<S: LanStream>(
    vault: &mut Vault,
    stream: S,
    role: Role,
    limits: LanLimits,
    progress: &mut dyn FnMut(Progress),
) -> Result<LanReport, LinkError> {
    let st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    let membership = st.membership()?;
    if !membership.is_member(&st.device.public()) {
        return Err(LinkError::NotAdmitted);
    }
    let started = Instant::now();
    let (mut ch, hash) = Channel::open(stream, role, st.team, started + limits.admission)?;
    let mut session = Session::new(role, st.device.clone(), membership, st.log.clone(), &hash);
    let mut frames = Frames::new(MAX_FRAME_BEFORE_ADMISSION);
    if role == Role::Responder {
        admit_caller(&mut ch, &mut session, &mut frames)?;
    }
    session_loop(vault, session, ch, frames, started, limits, progress)
}

/// The session with the store, over an open channel (`frames` may already
/// hold what arrived before the store was taken).
fn session_loop<S: LanStream>(
    vault: &mut Vault,
    mut session: Session,
    mut ch: Channel<S>,
    mut frames: Frames,
    started: Instant,
    limits: LanLimits,
    progress: &mut dyn FnMut(Progress),
) -> Result<LanReport, LinkError> {
    let mut st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    let known_before = st.log.len();
    frames.max = MAX_FRAME_BYTES;
    ch.stream.deadline = limits.session_deadline(started, 0);
    let mut docs = VaultDocs {
        vault,
        merged: 0,
        progress,
        bytes: 0,
    };
    let first = session.start();
    let outcome = (|| {
        if !first.is_empty() {
            ch.send(&first)?;
        }
        loop {
            loop {
                if session.is_done() {
                    return Ok(());
                }
                let Some(frame) = frames.next_frame()? else {
                    break;
                };
                match session.receive(frame, &mut docs) {
                    Ok(out) if out.is_empty() => {}
                    Ok(out) => ch.send(&out)?,
                    Err(StepError::Lan(e)) => return Err(stop(&mut ch, &session, e)),
                    Err(StepError::Docs(e)) => {
                        let _ = ch.send(&[Frame::Refuse(sync::lan::RefuseReason::Protocol)]);
                        return Err(LinkError::Vault(e));
                    }
                }
                // The deadline grows with the work, once it is known.
                ch.stream.deadline = limits.session_deadline(started, session.stats().docs);
            }
            if session.is_done() {
                return Ok(());
            }
            let n = ch.recv_chunk()?;
            frames.push(&ch.plain[..n])?;
        }
    })();
    // Log entries learnt from the peer are kept even if the records part
    // failed (they are admin-signed and were verified); entries the relay
    // should have given this device are noted.
    if session.log().len() > known_before && session.log()[..known_before] == st.log[..] {
        st.log = session.log().to_vec();
        crate::team::note_learnt_entries(&mut st);
        st.save(docs.vault)?;
    }
    outcome?;
    let stats = session.stats();
    Ok(LanReport {
        peer: session.peer().map(|p| p.to_hex()).unwrap_or_default(),
        records: stats.docs,
        received: stats.received,
        sent: stats.sent,
        log_entries: stats.log_entries,
        bytes: ch.stream.bytes,
        incremental: stats.incremental,
    })
}

fn tcp_timeouts(s: &TcpStream) -> Result<(), LinkError> {
    s.set_io_timeout(IO_TIMEOUT).map_err(io)?;
    s.set_nodelay(true).map_err(io)
}

/// Connects to a device waiting at `addr` (`host:port`; the port defaults
/// to [`sync::lan::DEFAULT_PORT`]) and syncs with it.
pub fn connect(
    vault: &mut Vault,
    addr: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<LanReport, LinkError> {
    // Checked before any network use, so a vault in no team never connects.
    State::load(vault)?.ok_or(LinkError::NoTeam)?.membership()?;
    let target = parse_addr(addr)?;
    let stream = TcpStream::connect_timeout(&target, Duration::from_secs(10)).map_err(io)?;
    tcp_timeouts(&stream)?;
    run(vault, stream, Role::Initiator, progress)
}

/// Reads `host:port` or `host` (default port); native digits are fine.
pub fn parse_addr(addr: &str) -> Result<SocketAddr, LinkError> {
    // An address typed on a phone keyboard in the user's script.
    let a = i18n::digits::to_ascii(addr.trim());
    let bad = || LinkError::BadAddress(addr.trim().to_owned());
    if a.is_empty() || a.len() > 100 {
        return Err(bad());
    }
    let with_port = if a.parse::<std::net::IpAddr>().is_ok() || !a.contains(':') {
        format!("{a}:{}", sync::lan::DEFAULT_PORT)
    } else {
        a
    };
    with_port
        .to_socket_addrs()
        .map_err(|_| bad())?
        .next()
        .ok_or_else(bad)
}

/// A device waiting for another on the local network.
#[derive(Debug)]
pub struct LanListener {
    listener: TcpListener,
}

impl LanListener {
    /// Listens on `addr` (e.g. `0.0.0.0:47615`; port 0 picks a free one).
    /// If the default port is taken, a free port is used instead.
    pub fn bind(addr: &str) -> Result<Self, LinkError> {
        let target = parse_addr(addr)?;
        let listener = match TcpListener::bind(target) {
            Ok(l) => l,
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                TcpListener::bind(SocketAddr::new(target.ip(), 0)).map_err(io)?
            }
            Err(e) => return Err(io(e)),
        };
        listener.set_nonblocking(true).map_err(io)?;
        Ok(LanListener { listener })
    }

    /// The port it listens on.
    pub fn port(&self) -> Result<u16, LinkError> {
        Ok(self.listener.local_addr().map_err(io)?.port())
    }

    /// What the other device can type: this device's network addresses
    /// (IPv4, not loopback) with the port; when it listens on one address,
    /// that address only.
    pub fn addresses(&self) -> Result<Vec<String>, LinkError> {
        let local = self.listener.local_addr().map_err(io)?;
        if !local.ip().is_unspecified() {
            return Ok(vec![local.to_string()]);
        }
        let mut out: Vec<String> = if_addrs::get_if_addrs()
            .map_err(io)?
            .into_iter()
            .filter(|i| !i.is_loopback())
            .filter_map(|i| match i.ip() {
                std::net::IpAddr::V4(v4) => Some(format!("{v4}:{}", local.port())),
                std::net::IpAddr::V6(_) => None,
            })
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Waits at most `timeout` for a connection (`Ok(None)` when none came
    /// or `stop` said so). The vault is not needed while waiting.
    pub fn accept(
        &self,
        timeout: Duration,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<TcpStream>, LinkError> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.listener.accept() {
                Ok((s, _)) => {
                    s.set_nonblocking(false).map_err(io)?;
                    tcp_timeouts(&s)?;
                    return Ok(Some(s));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if stop() || Instant::now() >= deadline {
                        return Ok(None);
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => return Err(io(e)),
            }
        }
    }
}

/// How long a caller may take for the handshake and its proof of
/// membership before the vault is involved at all (the default
/// [`LanLimits::admission`]).
pub const FIRST_MESSAGE_TIMEOUT: Duration = Duration::from_secs(5);

/// What a waiting device needs to admit a caller without its store: the
/// team, its device key (to sign its Hello) and its membership log, read
/// once when it starts waiting ([`lan_team`]). Kept in memory only while
/// waiting (the store is unlocked meanwhile; locking drops it).
#[derive(Clone)]
pub struct LanTeam {
    team: sync::TeamId,
    device: DeviceKey,
    membership: Membership,
    log: Vec<Vec<u8>>,
}

impl std::fmt::Debug for LanTeam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LanTeam")
            .field("team", &self.team)
            .finish_non_exhaustive()
    }
}

/// The team of an admitted vault, for [`LanListener::accept_incoming`].
pub fn lan_team(vault: &mut Vault) -> Result<LanTeam, LinkError> {
    let st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    let membership = st.membership()?;
    if !membership.is_member(&st.device.public()) {
        return Err(LinkError::NotAdmitted);
    }
    Ok(LanTeam {
        team: st.team,
        device: st.device.clone(),
        membership,
        log: st.log.clone(),
    })
}

/// A caller that finished the Noise handshake and proved it is a member
/// of the team, all before the vault was taken: a silent, foreign or
/// removed caller on the local network never holds the store (and so
/// never delays an answer).
pub struct Incoming {
    ch: Channel<TcpStream>,
    session: Session,
    frames: Frames,
    started: Instant,
    limits: LanLimits,
    team: sync::TeamId,
}

impl std::fmt::Debug for Incoming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incoming").finish_non_exhaustive()
    }
}

impl LanListener {
    /// [`LanListener::accept`], then the handshake and the caller's proof
    /// of membership within [`FIRST_MESSAGE_TIMEOUT`]. `Ok(None)`: nobody
    /// came; `Err`: somebody came and was turned away (the wait may go on).
    pub fn accept_incoming(
        &self,
        timeout: Duration,
        stop: &dyn Fn() -> bool,
        team: &LanTeam,
    ) -> Result<Option<Incoming>, LinkError> {
        self.accept_incoming_with(timeout, stop, team, LanLimits::default())
    }

    /// [`LanListener::accept_incoming`] with its own limits.
    pub fn accept_incoming_with(
        &self,
        timeout: Duration,
        stop: &dyn Fn() -> bool,
        team: &LanTeam,
        limits: LanLimits,
    ) -> Result<Option<Incoming>, LinkError> {
        let Some(stream) = self.accept(timeout, stop)? else {
            return Ok(None);
        };
        let started = Instant::now();
        let (mut ch, hash) = Channel::open(
            stream,
            Role::Responder,
            team.team,
            started + limits.admission,
        )?;
        let mut session = Session::new(
            Role::Responder,
            team.device.clone(),
            team.membership.clone(),
            team.log.clone(),
            &hash,
        );
        let mut frames = Frames::new(MAX_FRAME_BEFORE_ADMISSION);
        admit_caller(&mut ch, &mut session, &mut frames)?;
        Ok(Some(Incoming {
            ch,
            session,
            frames,
            started,
            limits,
            team: team.team,
        }))
    }
}

/// Syncs with a caller that [`LanListener::accept_incoming`] admitted.
/// Entries this vault's log gained since it started waiting are applied
/// first (a caller removed meanwhile is refused now).
pub fn serve_incoming(
    vault: &mut Vault,
    incoming: Incoming,
    progress: &mut dyn FnMut(Progress),
) -> Result<LanReport, LinkError> {
    let st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    if st.team != incoming.team {
        return Err(LinkError::NoTeam);
    }
    let Incoming {
        mut ch,
        mut session,
        frames,
        started,
        limits,
        ..
    } = incoming;
    if let Err(e) = session.catch_up(&st.log) {
        return Err(stop(&mut ch, &session, e));
    }
    session_loop(vault, session, ch, frames, started, limits, progress)
}

/// Syncs with a device that connected to this one (see [`LanListener`]):
/// the caller is admitted before the session looks at any record.
pub fn serve(
    vault: &mut Vault,
    stream: TcpStream,
    progress: &mut dyn FnMut(Progress),
) -> Result<LanReport, LinkError> {
    run(vault, stream, Role::Responder, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_accept_native_digits_and_a_default_port() {
        assert_eq!(
            parse_addr("๑๙๒.๑๖๘.๑.๕").expect("thai"),
            "192.168.1.5:47615".parse().expect("addr")
        );
        assert_eq!(
            parse_addr(" 10.0.0.7:9000 ").expect("plain"),
            "10.0.0.7:9000".parse().expect("addr")
        );
        assert_eq!(
            parse_addr("၁၂၇.၀.၀.၁:၈၀").expect("myanmar"),
            "127.0.0.1:80".parse().expect("addr")
        );
        for bad in [
            "",
            "not an address at all",
            "1.2.3.4:99999",
            &"9".repeat(200),
        ] {
            assert!(
                matches!(parse_addr(bad), Err(LinkError::BadAddress(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn frames_are_cut_and_reassembled() {
        let big = Frame::Sync {
            doc: DocId::from_u128(1),
            message: vec![7; 200_000],
        };
        let mut f = Frames::new(MAX_FRAME_BYTES);
        let mut wire = Vec::new();
        for fr in [&Frame::End, &big, &Frame::Done] {
            let b = fr.encode();
            wire.extend_from_slice(&(b.len() as u32).to_be_bytes());
            wire.extend_from_slice(&b);
        }
        let mut got = Vec::new();
        for chunk in wire.chunks(CHUNK) {
            f.push(chunk).expect("within the limit");
            while let Some(fr) = f.next_frame().expect("frame") {
                got.push(fr);
            }
        }
        assert_eq!(got, vec![Frame::End, big.clone(), Frame::Done]);
        let mut f = Frames::new(MAX_FRAME_BYTES);
        assert!(f.push(&u32::MAX.to_be_bytes()).is_err());
        assert!(f.next_frame().is_err());
        // Before admission, a big frame is refused on its length alone.
        let mut f = Frames::new(MAX_FRAME_BEFORE_ADMISSION);
        let b = big.encode();
        let mut head = (b.len() as u32 + MAX_FRAME_BEFORE_ADMISSION as u32)
            .to_be_bytes()
            .to_vec();
        head.extend_from_slice(&b[..10]);
        assert!(matches!(
            f.push(&head),
            Err(LinkError::Lan(sync::lan::LanError::TooLarge))
        ));
    }
}
