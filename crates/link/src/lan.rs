//! Device-to-device sync on a local network, with no internet: a boat's
//! Wi-Fi, a phone's hotspot, a border post's router.
//!
//! One device waits ([`LanListener`]: it shows its addresses), the other
//! connects ([`connect`]) by typing one of them. Over the TCP connection:
//!
//! 1. **Noise handshake** (`Noise_NN_25519_ChaChaPoly_SHA256`, from the
//!    reviewed `snow` crate; prologue = protocol name | team id): fresh
//!    X25519 keys on both sides, an encrypted channel, a handshake hash.
//! 2. **[`sync::lan::Session`]**: each side proves its device key by
//!    signing the handshake hash, the membership logs are merged, each
//!    side requires the other to be a current member, then the Automerge
//!    sync protocol runs for each record that differs.
//!
//! Wire: each Noise message is `len u16 BE | message` (at most 65,535
//! bytes); a protocol frame is `len u32 BE | frame` cut into as many Noise
//! messages as it needs. Reads and writes time out ([`IO_TIMEOUT`]), so a
//! silent or vanished peer ends the session with a clear error. Each merged
//! message is durable in the vault when it is applied; a session cut off
//! half-way loses nothing and the next one carries on (records already
//! equal are not sent again).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use sync::DocId;
use sync::lan::{Frame, LanDocs, MAX_FRAME_BYTES, NOISE_PATTERN, Role, Session, StepError};
use vault::{ChangeHash, RecordId, SyncState, Vault, VaultError};

use crate::state::State;
use crate::{LinkError, Phase, Progress};

/// The TCP port a device waits on unless it is taken.
pub use sync::lan::DEFAULT_PORT;

/// How long a read or write may wait for the other device.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest Noise message.
const NOISE_MAX: usize = 65_535;
/// Plaintext per Noise transport message (the tag takes 16 bytes).
const CHUNK: usize = NOISE_MAX - 16;

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
}

/// A stream that counts what crosses it.
struct Counted<S> {
    inner: S,
    bytes: u64,
}

impl<S: Read> Read for Counted<S> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<S: Write> Write for Counted<S> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn io(e: std::io::Error) -> LinkError {
    LinkError::Peer(e.to_string())
}

fn noise(_: snow::Error) -> LinkError {
    LinkError::Lan(sync::lan::LanError::Malformed)
}

fn read_noise<S: Read>(s: &mut S, buf: &mut Vec<u8>) -> Result<(), LinkError> {
    let mut len = [0u8; 2];
    s.read_exact(&mut len).map_err(io)?;
    buf.resize(u16::from_be_bytes(len) as usize, 0);
    s.read_exact(buf).map_err(io)
}

fn write_noise<S: Write>(s: &mut S, msg: &[u8]) -> Result<(), LinkError> {
    let len =
        u16::try_from(msg.len()).map_err(|_| LinkError::Lan(sync::lan::LanError::TooLarge))?;
    let mut out = Vec::with_capacity(2 + msg.len());
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(msg);
    s.write_all(&out).map_err(io)
}

/// The encrypted channel after the handshake.
struct Channel<S> {
    stream: Counted<S>,
    noise: snow::TransportState,
    buf: Vec<u8>,
    plain: Vec<u8>,
}

impl<S: Read + Write> Channel<S> {
    /// Runs the handshake as `role`; returns the channel and its
    /// handshake hash.
    fn open(stream: S, role: Role, team: sync::TeamId) -> Result<(Self, Vec<u8>), LinkError> {
        let params: snow::params::NoiseParams = NOISE_PATTERN
            .parse()
            .map_err(|_| LinkError::Lan(sync::lan::LanError::Malformed))?;
        let prologue = sync::lan::prologue(team);
        let builder = snow::Builder::new(params)
            .prologue(&prologue)
            .map_err(noise)?;
        let mut hs = match role {
            Role::Initiator => builder.build_initiator(),
            Role::Responder => builder.build_responder(),
        }
        .map_err(noise)?;
        let mut stream = Counted {
            inner: stream,
            bytes: 0,
        };
        let mut msg = vec![0u8; NOISE_MAX];
        let mut buf = Vec::new();
        let mut payload = vec![0u8; NOISE_MAX];
        match role {
            Role::Initiator => {
                let n = hs.write_message(&[], &mut msg).map_err(noise)?;
                write_noise(&mut stream, &msg[..n])?;
                stream.flush().map_err(io)?;
                read_noise(&mut stream, &mut buf)?;
                hs.read_message(&buf, &mut payload).map_err(noise)?;
            }
            Role::Responder => {
                read_noise(&mut stream, &mut buf)?;
                hs.read_message(&buf, &mut payload).map_err(noise)?;
                let n = hs.write_message(&[], &mut msg).map_err(noise)?;
                write_noise(&mut stream, &msg[..n])?;
                stream.flush().map_err(io)?;
            }
        }
        let hash = hs.get_handshake_hash().to_vec();
        let noise_state = hs.into_transport_mode().map_err(noise)?;
        Ok((
            Channel {
                stream,
                noise: noise_state,
                buf,
                plain: payload,
            },
            hash,
        ))
    }

    fn send_chunk(&mut self, plain: &[u8], out: &mut Vec<u8>) -> Result<(), LinkError> {
        out.resize(plain.len() + 16, 0);
        let n = self.noise.write_message(plain, out).map_err(noise)?;
        write_noise(&mut self.stream, &out[..n])
    }

    /// Sends frames (one turn) and flushes.
    fn send(&mut self, frames: &[Frame]) -> Result<(), LinkError> {
        let mut out = Vec::new();
        // Small frames share a Noise message; big ones are cut up.
        let mut pending: Vec<u8> = Vec::new();
        for f in frames {
            let body = f.encode();
            let len = u32::try_from(body.len())
                .map_err(|_| LinkError::Lan(sync::lan::LanError::TooLarge))?;
            pending.extend_from_slice(&len.to_be_bytes());
            pending.extend_from_slice(&body);
            while pending.len() >= CHUNK {
                let rest = pending.split_off(CHUNK);
                let chunk = std::mem::replace(&mut pending, rest);
                self.send_chunk(&chunk, &mut out)?;
            }
        }
        if !pending.is_empty() {
            self.send_chunk(&pending, &mut out)?;
        }
        self.stream.flush().map_err(io)
    }

    /// Receives the plaintext of the next Noise message into `self.plain`.
    fn recv_chunk(&mut self) -> Result<usize, LinkError> {
        read_noise(&mut self.stream, &mut self.buf)?;
        self.plain.resize(NOISE_MAX, 0);
        self.noise
            .read_message(&self.buf, &mut self.plain)
            .map_err(noise)
    }
}

/// Reassembles frames from decrypted chunks.
#[derive(Default)]
struct Frames {
    data: Vec<u8>,
}

impl Frames {
    fn push(&mut self, bytes: &[u8]) {
        self.data.extend_from_slice(bytes);
    }

    /// The next whole frame, if it has arrived.
    fn next_frame(&mut self) -> Result<Option<Frame>, LinkError> {
        let Some(len) = self.data.get(..4) else {
            return Ok(None);
        };
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        if len > MAX_FRAME_BYTES {
            return Err(LinkError::Lan(sync::lan::LanError::TooLarge));
        }
        if self.data.len() < 4 + len {
            return Ok(None);
        }
        let frame = Frame::decode(&self.data[4..4 + len])?;
        self.data.drain(..4 + len);
        Ok(Some(frame))
    }
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

/// Runs one session as `role` over `stream` (TCP in the app; any stream
/// in tests). The vault must be in a team and admitted.
pub fn run<S: Read + Write>(
    vault: &mut Vault,
    stream: S,
    role: Role,
    progress: &mut dyn FnMut(Progress),
) -> Result<LanReport, LinkError> {
    let st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    let membership = st.membership()?;
    if !membership.is_member(&st.device.public()) {
        return Err(LinkError::NotAdmitted);
    }
    let (ch, hash) = Channel::open(stream, role, st.team)?;
    session_loop(vault, st, membership, ch, &hash, role, &[], progress)
}

/// The session over an open channel; `early` is plaintext that already
/// arrived (the initiator's first message, read before the vault was
/// taken).
#[allow(clippy::too_many_arguments)]
fn session_loop<S: Read + Write>(
    vault: &mut Vault,
    mut st: State,
    membership: sync::team::Membership,
    mut ch: Channel<S>,
    hash: &[u8],
    role: Role,
    early: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<LanReport, LinkError> {
    let mut session = Session::new(role, st.device.clone(), membership, st.log.clone(), hash);
    let mut docs = VaultDocs {
        vault,
        merged: 0,
        progress,
        bytes: 0,
    };
    let first = session.start();
    if !first.is_empty() {
        ch.send(&first)?;
    }
    let mut frames = Frames::default();
    let mut early = Some(early);
    let outcome = loop {
        if session.is_done() {
            break Ok(());
        }
        match early.take() {
            Some(bytes) if !bytes.is_empty() => frames.push(bytes),
            _ => {
                let n = match ch.recv_chunk() {
                    Ok(n) => n,
                    Err(e) => break Err(e),
                };
                frames.push(&ch.plain[..n]);
            }
        }
        let mut failed = None;
        loop {
            let frame = match frames.next_frame() {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            };
            match session.receive(frame, &mut docs) {
                Ok(out) if out.is_empty() => {}
                Ok(out) => {
                    if let Err(e) = ch.send(&out) {
                        failed = Some(e);
                        break;
                    }
                }
                Err(StepError::Lan(e)) => {
                    if let Some(r) = e.refusal() {
                        // Best effort: the peer learns why.
                        let _ = ch.send(&[r]);
                    }
                    failed = Some(LinkError::Lan(e));
                    break;
                }
                Err(StepError::Docs(e)) => {
                    let _ = ch.send(&[Frame::Refuse(sync::lan::RefuseReason::Protocol)]);
                    failed = Some(LinkError::Vault(e));
                    break;
                }
            }
            if session.is_done() {
                break;
            }
        }
        if let Some(e) = failed {
            break Err(e);
        }
    };
    // Log entries learnt from the peer are kept even if the records part
    // failed (they are admin-signed and were verified).
    if session.log().len() > st.log.len() {
        st.log = session.log().to_vec();
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
    })
}

fn tcp_timeouts(s: &TcpStream) -> Result<(), LinkError> {
    s.set_read_timeout(Some(IO_TIMEOUT)).map_err(io)?;
    s.set_write_timeout(Some(IO_TIMEOUT)).map_err(io)?;
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

/// How long a caller may take for the handshake and its first message
/// before the vault is involved at all.
pub const FIRST_MESSAGE_TIMEOUT: Duration = Duration::from_secs(5);

/// Which team a waiting device speaks for (the Noise prologue binds it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanTeam(sync::TeamId);

/// The team of an admitted vault, for [`LanListener::accept_incoming`].
pub fn lan_team(vault: &mut Vault) -> Result<LanTeam, LinkError> {
    let st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    st.membership()?;
    Ok(LanTeam(st.team))
}

/// A caller that finished the Noise handshake and sent its first message,
/// all before the vault was taken: a silent or foreign caller on the local
/// network never holds the store (and so never delays an answer).
pub struct Incoming {
    ch: Channel<TcpStream>,
    hash: Vec<u8>,
    first: Vec<u8>,
    team: LanTeam,
}

impl std::fmt::Debug for Incoming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incoming").finish_non_exhaustive()
    }
}

impl LanListener {
    /// [`LanListener::accept`], then the handshake and the caller's first
    /// message within [`FIRST_MESSAGE_TIMEOUT`]. `Ok(None)`: nobody came;
    /// `Err`: somebody came and failed (the wait may go on).
    pub fn accept_incoming(
        &self,
        timeout: Duration,
        stop: &dyn Fn() -> bool,
        team: LanTeam,
    ) -> Result<Option<Incoming>, LinkError> {
        let Some(stream) = self.accept(timeout, stop)? else {
            return Ok(None);
        };
        stream
            .set_read_timeout(Some(FIRST_MESSAGE_TIMEOUT))
            .map_err(io)?;
        let (mut ch, hash) = Channel::open(stream, Role::Responder, team.0)?;
        let n = ch.recv_chunk()?;
        let first = ch.plain[..n].to_vec();
        ch.stream
            .inner
            .set_read_timeout(Some(IO_TIMEOUT))
            .map_err(io)?;
        Ok(Some(Incoming {
            ch,
            hash,
            first,
            team,
        }))
    }
}

/// Syncs with a caller that [`LanListener::accept_incoming`] took.
pub fn serve_incoming(
    vault: &mut Vault,
    incoming: Incoming,
    progress: &mut dyn FnMut(Progress),
) -> Result<LanReport, LinkError> {
    let st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    if st.team != incoming.team.0 {
        return Err(LinkError::NoTeam);
    }
    let membership = st.membership()?;
    if !membership.is_member(&st.device.public()) {
        return Err(LinkError::NotAdmitted);
    }
    session_loop(
        vault,
        st,
        membership,
        incoming.ch,
        &incoming.hash,
        Role::Responder,
        &incoming.first,
        progress,
    )
}

/// Syncs with a device that connected to this one (see [`LanListener`]).
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
        let mut f = Frames::default();
        let mut wire = Vec::new();
        for fr in [&Frame::End, &big, &Frame::Done] {
            let b = fr.encode();
            wire.extend_from_slice(&(b.len() as u32).to_be_bytes());
            wire.extend_from_slice(&b);
        }
        let mut got = Vec::new();
        for chunk in wire.chunks(CHUNK) {
            f.push(chunk);
            while let Some(fr) = f.next_frame().expect("frame") {
                got.push(fr);
            }
        }
        assert_eq!(got, vec![Frame::End, big, Frame::Done]);
        let mut f = Frames::default();
        f.push(&u32::MAX.to_be_bytes());
        assert!(f.next_frame().is_err());
    }
}
