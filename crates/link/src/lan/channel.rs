//! The Noise channel of a nearby session: the handshake, encrypted chunks
//! over a byte-counting stream, and frames reassembled from them.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use sync::lan::{Frame, NOISE_PATTERN, Role};

use super::{CHUNK, IO_TIMEOUT, LanStream, NOISE_MAX};
use crate::LinkError;

impl LanStream for TcpStream {
    fn set_io_timeout(&self, limit: Duration) -> std::io::Result<()> {
        // A zero timeout means "none" to the socket: keep at least 1 ms.
        let limit = limit.max(Duration::from_millis(1));
        self.set_read_timeout(Some(limit))?;
        self.set_write_timeout(Some(limit))
    }
}

/// A stream that counts what crosses it and keeps the session's deadline.
pub(super) struct Counted<S> {
    pub(super) inner: S,
    pub(super) bytes: u64,
    pub(super) deadline: Instant,
}

impl<S: LanStream> Counted<S> {
    pub(super) fn arm(&self) -> std::io::Result<()> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "session deadline",
            ));
        }
        self.inner.set_io_timeout(left.min(IO_TIMEOUT))
    }
}

impl<S: LanStream> Read for Counted<S> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.arm()?;
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<S: LanStream> Write for Counted<S> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.arm()?;
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub(super) fn io(e: std::io::Error) -> LinkError {
    match e.kind() {
        // Silent past IO_TIMEOUT, or past the session's deadline.
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => LinkError::LanDeadline,
        _ => LinkError::Peer(e.to_string()),
    }
}

pub(super) fn noise(_: snow::Error) -> LinkError {
    LinkError::Lan(sync::lan::LanError::Malformed)
}

pub(super) fn read_noise<S: Read>(s: &mut S, buf: &mut Vec<u8>) -> Result<(), LinkError> {
    let mut len = [0u8; 2];
    s.read_exact(&mut len).map_err(io)?;
    buf.resize(u16::from_be_bytes(len) as usize, 0);
    s.read_exact(buf).map_err(io)
}

pub(super) fn write_noise<S: Write>(s: &mut S, msg: &[u8]) -> Result<(), LinkError> {
    let len =
        u16::try_from(msg.len()).map_err(|_| LinkError::Lan(sync::lan::LanError::TooLarge))?;
    let mut out = Vec::with_capacity(2 + msg.len());
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(msg);
    s.write_all(&out).map_err(io)
}

/// The encrypted channel after the handshake.
pub(super) struct Channel<S> {
    pub(super) stream: Counted<S>,
    pub(super) noise: snow::TransportState,
    pub(super) buf: Vec<u8>,
    pub(super) plain: Vec<u8>,
}

impl<S: LanStream> Channel<S> {
    /// Runs the handshake as `role` before `deadline`; returns the channel
    /// and its handshake hash.
    pub(super) fn open(
        stream: S,
        role: Role,
        team: sync::TeamId,
        deadline: Instant,
    ) -> Result<(Self, Vec<u8>), LinkError> {
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
            deadline,
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

    pub(super) fn send_chunk(&mut self, plain: &[u8], out: &mut Vec<u8>) -> Result<(), LinkError> {
        out.resize(plain.len() + 16, 0);
        let n = self.noise.write_message(plain, out).map_err(noise)?;
        write_noise(&mut self.stream, &out[..n])
    }

    /// Sends frames (one turn) and flushes.
    pub(super) fn send(&mut self, frames: &[Frame]) -> Result<(), LinkError> {
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
    pub(super) fn recv_chunk(&mut self) -> Result<usize, LinkError> {
        read_noise(&mut self.stream, &mut self.buf)?;
        self.plain.resize(NOISE_MAX, 0);
        self.noise
            .read_message(&self.buf, &mut self.plain)
            .map_err(noise)
    }
}

/// Reassembles frames from decrypted chunks; a frame longer than `max`
/// is refused as soon as its length is read, before its body is kept.
pub(super) struct Frames {
    pub(super) data: Vec<u8>,
    pub(super) max: usize,
}

impl Frames {
    pub(super) fn new(max: usize) -> Self {
        Frames {
            data: Vec::new(),
            max,
        }
    }

    pub(super) fn push(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        self.data.extend_from_slice(bytes);
        // Refuse an announced length over the limit before more arrives.
        if let Some(len) = self.data.get(..4) {
            let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
            if len > self.max {
                return Err(LinkError::Lan(sync::lan::LanError::TooLarge));
            }
        }
        Ok(())
    }

    /// The next whole frame, if it has arrived.
    pub(super) fn next_frame(&mut self) -> Result<Option<Frame>, LinkError> {
        let Some(len) = self.data.get(..4) else {
            return Ok(None);
        };
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        if len > self.max {
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
