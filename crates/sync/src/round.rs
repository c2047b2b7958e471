//! One sync round in one request: the body of `POST /v1/teams/{team}/sync`
//! and the relay's answer (shared by the relay and its clients).
//!
//! ```text
//! request: "FSR1" | log length u32 BE | newest key epoch held u32 BE
//!          | feed cursor u64 BE | page limit u32 BE | count u32 BE
//!          | count × (len u32 BE | envelope)            (version 1 envelopes)
//!      or: "FSR2" | the same header | batch signature [64] | count u32 BE
//!          | count × (len u32 BE | member)    (version 2: [`crate::batch`])
//! answer:  "FSA2" | stored u32 BE | relay's log length u32 BE
//!          | relay's clock u64 BE (Unix ms) | log page length u32 BE | log page
//!          | sealed keys length u32 BE (0: none) | sealed keys | feed page
//! ```
//!
//! The relay's log length and clock are what it claims at this answer: a
//! device remembers them, and when a member it meets (or a bundle) shows
//! it entries the admin signed well before that claim and beyond that
//! length, the relay withheld them.
//!
//! `stored` is how many of the request's envelopes the relay stored: all
//! of them, or none when the log entries the device had not seen include a
//! key rotation (they were sealed under a key the rotation replaced; the
//! device reads the new entries and keys, reseals and sends them again). The log page holds the entries after the device's length
//! ([`crate::team::encode_log_page`]); the sealed key ring comes when the
//! log's key epoch is newer than the newest key the device holds; the feed
//! page ([`FeedPage`]) is the rest of the answer. Strict, bounded decoding:
//! typed errors, never a panic.

use crate::feed::{FeedPage, MAX_BATCH_ITEMS, MAX_PAGE_BYTES, MAX_PAGE_ITEMS};
use crate::team::{MAX_SEALED_RING_BYTES, decode_log_page, encode_log_page};
use crate::wire::Reader;
use crate::{FeedError, MAX_ENVELOPE_BYTES};

/// Bytes of a request without envelopes.
pub const REQUEST_HEADER_LEN: usize = 4 + 4 + 4 + 8 + 4 + 4;

/// What a device sends at the start (and each step) of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundRequest<'a> {
    /// Membership log entries the device holds (verified).
    pub log_len: u32,
    /// The newest team key epoch the device holds (0: none).
    pub key_epoch: u32,
    /// The device's feed cursor.
    pub cursor: u64,
    /// Most feed items wanted back (1..=[`MAX_PAGE_ITEMS`]).
    pub limit: u32,
    /// Envelopes to store: chunks, and snapshots covering nothing.
    pub envelopes: Vec<&'a [u8]>,
}

impl RoundRequest<'_> {
    /// Serialises the request (version 1 envelopes, each signed).
    pub fn encode(&self) -> Vec<u8> {
        self.encode_with(None)
    }

    /// Serialises the request whose envelopes are batch members
    /// ([`crate::batch`]) with the batch's signature
    /// ([`crate::batch::Seal::sign`] over them, by the requesting device).
    pub fn encode_signed(&self, signature: &[u8; 64]) -> Vec<u8> {
        self.encode_with(Some(signature))
    }

    fn encode_with(&self, signature: Option<&[u8; 64]>) -> Vec<u8> {
        let len: usize = self.envelopes.iter().map(|e| 4 + e.len()).sum();
        let mut out = Vec::with_capacity(REQUEST_HEADER_LEN + 64 + len);
        out.extend_from_slice(if signature.is_some() {
            b"FSR2"
        } else {
            b"FSR1"
        });
        out.extend_from_slice(&self.log_len.to_be_bytes());
        out.extend_from_slice(&self.key_epoch.to_be_bytes());
        out.extend_from_slice(&self.cursor.to_be_bytes());
        out.extend_from_slice(&self.limit.to_be_bytes());
        if let Some(sig) = signature {
            out.extend_from_slice(sig);
        }
        out.extend_from_slice(&(self.envelopes.len() as u32).to_be_bytes());
        for e in &self.envelopes {
            out.extend_from_slice(&(e.len() as u32).to_be_bytes());
            out.extend_from_slice(e);
        }
        out
    }
}

impl<'a> RoundRequest<'a> {
    /// Strict, bounded decoding (at most [`MAX_ENVELOPE_BYTES`] in all and
    /// [`MAX_BATCH_ITEMS`] envelopes, a limit in `1..=MAX_PAGE_ITEMS`, no
    /// trailing bytes); never panics. Envelopes are checked by the caller.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, FeedError> {
        match Self::decode_any(bytes)? {
            (req, None) => Ok(req),
            (_, Some(_)) => Err(FeedError::Malformed),
        }
    }

    /// Decodes either form: with the batch signature of an `FSR2` request
    /// (its envelopes are batch members), `None` for `FSR1`.
    pub fn decode_any(bytes: &'a [u8]) -> Result<(Self, Option<[u8; 64]>), FeedError> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(FeedError::TooLarge);
        }
        let mut r = Reader::new(bytes, FeedError::Malformed);
        let signed = match r.take(4)? {
            b"FSR1" => false,
            b"FSR2" => true,
            _ => return Err(FeedError::Malformed),
        };
        let log_len = r.u32()?;
        let key_epoch = r.u32()?;
        let cursor = r.u64()?;
        let limit = r.u32()?;
        if limit == 0 || limit as usize > MAX_PAGE_ITEMS {
            return Err(FeedError::Malformed);
        }
        let signature = if signed { Some(r.array::<64>()?) } else { None };
        let count = r.u32()? as usize;
        if count > MAX_BATCH_ITEMS {
            return Err(FeedError::TooLarge);
        }
        let mut envelopes = Vec::with_capacity(count);
        for _ in 0..count {
            let len = r.u32()? as usize;
            envelopes.push(r.take(len)?);
        }
        if !r.rest().is_empty() {
            return Err(FeedError::Malformed);
        }
        Ok((
            RoundRequest {
                log_len,
                key_epoch,
                cursor,
                limit,
                envelopes,
            },
            signature,
        ))
    }
}

/// The relay's answer to a [`RoundRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoundAnswer {
    /// Envelopes of the request stored (all or none).
    pub stored: u32,
    /// How many entries the relay's membership log has (its claim).
    pub log_total: u32,
    /// The relay's clock when it answered (Unix milliseconds).
    pub relay_time_ms: u64,
    /// Log entries after the device's length, in order (not yet verified).
    pub log: Vec<Vec<u8>>,
    /// The key ring sealed to this device, when the log's epoch is newer
    /// than the device's newest key and the admin sealed one.
    pub keys: Option<Vec<u8>>,
    /// One feed page after the cursor, without the device's own envelopes.
    pub page: FeedPage,
}

/// Largest answer accepted.
pub const MAX_ANSWER_BYTES: usize = 4
    + 4
    + 4
    + 8
    + 4
    + 4
    + crate::team::MAX_LOG_PAGE_ENTRIES * (2 + crate::team::MAX_LOG_ENTRY_BYTES)
    + 4
    + MAX_SEALED_RING_BYTES
    + MAX_PAGE_BYTES;

impl RoundAnswer {
    /// Serialises the answer.
    pub fn encode(&self) -> Vec<u8> {
        let log = encode_log_page(&self.log);
        let page = self.page.encode();
        let keys = self.keys.as_deref().unwrap_or(&[]);
        let mut out = Vec::with_capacity(28 + log.len() + keys.len() + page.len());
        out.extend_from_slice(b"FSA2");
        out.extend_from_slice(&self.stored.to_be_bytes());
        out.extend_from_slice(&self.log_total.to_be_bytes());
        out.extend_from_slice(&self.relay_time_ms.to_be_bytes());
        out.extend_from_slice(&(log.len() as u32).to_be_bytes());
        out.extend_from_slice(&log);
        out.extend_from_slice(&(keys.len() as u32).to_be_bytes());
        out.extend_from_slice(keys);
        out.extend_from_slice(&page);
        out
    }

    /// Strict, bounded decoding; never panics.
    pub fn decode(bytes: &[u8]) -> Result<Self, FeedError> {
        if bytes.len() > MAX_ANSWER_BYTES {
            return Err(FeedError::TooLarge);
        }
        let mut r = Reader::new(bytes, FeedError::Malformed);
        if r.take(4)? != b"FSA2" {
            return Err(FeedError::Malformed);
        }
        let stored = r.u32()?;
        if stored as usize > MAX_BATCH_ITEMS {
            return Err(FeedError::Malformed);
        }
        let log_total = r.u32()?;
        let relay_time_ms = r.u64()?;
        let log_len = r.u32()? as usize;
        let log = decode_log_page(r.take(log_len)?).map_err(|_| FeedError::Malformed)?;
        let keys_len = r.u32()? as usize;
        if keys_len > MAX_SEALED_RING_BYTES {
            return Err(FeedError::TooLarge);
        }
        let keys = r.take(keys_len)?;
        let page = FeedPage::decode(r.rest())?;
        Ok(RoundAnswer {
            stored,
            log_total,
            relay_time_ms,
            log,
            keys: (!keys.is_empty()).then(|| keys.to_vec()),
            page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::FeedItem;
    use proptest::prelude::*;

    fn request() -> RoundRequest<'static> {
        RoundRequest {
            log_len: 3,
            key_epoch: 2,
            cursor: 41,
            limit: 500,
            envelopes: vec![b"one", b"", b"three"],
        }
    }

    fn answer() -> RoundAnswer {
        RoundAnswer {
            stored: 3,
            log_total: 7,
            relay_time_ms: 1_750_000_000_000,
            log: vec![vec![1, 2, 3], vec![4]],
            keys: Some(vec![9; 120]),
            page: FeedPage {
                items: vec![FeedItem {
                    seq: 42,
                    bytes: b"env".to_vec(),
                }],
                next: 42,
                more: false,
            },
        }
    }

    #[test]
    fn requests_round_trip_and_refuse_bad_bytes() {
        let req = request();
        let enc = req.encode();
        assert_eq!(enc.len(), REQUEST_HEADER_LEN + 3 * 4 + 8);
        assert_eq!(RoundRequest::decode(&enc), Ok(req.clone()));
        for cut in 0..enc.len() {
            assert_eq!(
                RoundRequest::decode(&enc[..cut]),
                Err(FeedError::Malformed),
                "{cut}"
            );
        }
        let mut extra = enc.clone();
        extra.push(0);
        assert_eq!(RoundRequest::decode(&extra), Err(FeedError::Malformed));
        for limit in [0, MAX_PAGE_ITEMS as u32 + 1] {
            let bad = RoundRequest {
                limit,
                ..req.clone()
            }
            .encode();
            assert_eq!(RoundRequest::decode(&bad), Err(FeedError::Malformed));
        }
        let mut many = enc[..REQUEST_HEADER_LEN - 4].to_vec();
        many.extend_from_slice(&(MAX_BATCH_ITEMS as u32 + 1).to_be_bytes());
        assert_eq!(RoundRequest::decode(&many), Err(FeedError::TooLarge));
        let huge = vec![0u8; MAX_ENVELOPE_BYTES + 1];
        assert_eq!(RoundRequest::decode(&huge), Err(FeedError::TooLarge));
        let empty = RoundRequest {
            envelopes: vec![],
            ..req
        };
        assert_eq!(RoundRequest::decode(&empty.encode()), Ok(empty));
    }

    #[test]
    fn answers_round_trip_and_refuse_bad_bytes() {
        let a = answer();
        let enc = a.encode();
        assert_eq!(RoundAnswer::decode(&enc), Ok(a.clone()));
        for cut in 0..enc.len() {
            assert!(RoundAnswer::decode(&enc[..cut]).is_err(), "{cut}");
        }
        let mut extra = enc.clone();
        extra.push(0);
        assert_eq!(RoundAnswer::decode(&extra), Err(FeedError::Malformed));
        let bare = RoundAnswer::default();
        assert_eq!(RoundAnswer::decode(&bare.encode()), Ok(bare));
        let mut keys = b"FSA2".to_vec();
        keys.extend_from_slice(&0u32.to_be_bytes());
        keys.extend_from_slice(&0u32.to_be_bytes());
        keys.extend_from_slice(&0u64.to_be_bytes());
        let no_log = encode_log_page::<&[u8]>(&[]);
        keys.extend_from_slice(&(no_log.len() as u32).to_be_bytes());
        keys.extend_from_slice(&no_log);
        keys.extend_from_slice(&(MAX_SEALED_RING_BYTES as u32 + 1).to_be_bytes());
        assert_eq!(RoundAnswer::decode(&keys), Err(FeedError::TooLarge));
    }

    proptest! {
        #[test]
        fn hostile_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = RoundRequest::decode(&bytes);
            let _ = RoundAnswer::decode(&bytes);
            for magic in [b"FSR1", b"FSA2"] {
                let mut b = magic.to_vec();
                b.extend_from_slice(&bytes);
                let _ = RoundRequest::decode(&b);
                let _ = RoundAnswer::decode(&b);
            }
        }
    }
}
