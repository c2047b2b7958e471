//! The frames of a nearby session and their byte format (every length
//! bounded before anything is kept).

use super::*;
use crate::wire::Reader;

/// One protocol frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// Identity proof and the head of the sender's membership log.
    Hello {
        /// The sender's device key.
        device: DevicePublicKey,
        /// Over `"FS-LAN-2" | team | handshake hash | role | head`.
        signature: [u8; 64],
        /// The sender's membership log: its length and last entry's hash.
        head: LogHead,
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
    /// The records that changed since the last inventory both sides
    /// remember exchanging ([`PeerMemory`]), sent instead of [`Frame::Have`]
    /// between devices that both keep it.
    Since {
        /// [`PeerMemory::base`] of the inventory the sender remembers.
        base: [u8; 16],
        /// Each record whose digest differs from that inventory, with its
        /// digest now ([`ABSENT`]: the sender no longer has it).
        changed: Vec<(DocId, [u8; 16])>,
    },
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

impl Frame {
    /// Serialises the frame.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Frame::Hello {
                device,
                signature,
                head,
            } => {
                out.push(1);
                out.extend_from_slice(&device.0);
                out.extend_from_slice(signature);
                out.extend_from_slice(&head.encode());
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
            Frame::Since { base, changed } => {
                out.push(8);
                out.extend_from_slice(base);
                out.extend_from_slice(&(changed.len() as u32).to_be_bytes());
                for (doc, digest) in changed {
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
        let mut r = Reader::new(bytes, LanError::Malformed);
        let frame = match r.array::<1>()?[0] {
            1 => Frame::Hello {
                device: DevicePublicKey(r.array()?),
                signature: r.array()?,
                head: LogHead::decode(r.take(LOG_HEAD_BYTES)?)?,
            },
            2 => {
                let from = r.u32()?;
                let count = r.u32()? as usize;
                if count > MAX_LOG_FRAME_ENTRIES {
                    return Err(LanError::TooLarge);
                }
                let mut entries = Vec::with_capacity(count.min(r.rest().len() / 2));
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
                let mut docs = Vec::with_capacity(count.min(r.rest().len() / 32));
                for _ in 0..count {
                    docs.push((DocId::from_bytes(r.array()?), r.array()?));
                }
                Frame::Have(docs)
            }
            8 => {
                let base = r.array()?;
                let count = r.u32()? as usize;
                if count > MAX_HAVE_DOCS {
                    return Err(LanError::TooLarge);
                }
                let mut changed = Vec::with_capacity(count.min(r.rest().len() / 32));
                for _ in 0..count {
                    changed.push((DocId::from_bytes(r.array()?), r.array()?));
                }
                Frame::Since { base, changed }
            }
            4 => {
                let doc = DocId::from_bytes(r.array()?);
                let message = r.take_rest().to_vec();
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
