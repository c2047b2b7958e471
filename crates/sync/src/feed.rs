//! The relay's feed page, shared by the relay and its clients.
//!
//! ```text
//! "FSF1" | next cursor u64 BE | more u8 (0|1) | count u32 BE
//! | count × (seq u64 BE | len u32 BE | envelope bytes)
//! ```

use crate::wire::Reader;
use crate::{FeedError, MAX_ENVELOPE_BYTES};

/// Most items in one page.
pub const MAX_PAGE_ITEMS: usize = 1000;
/// Most bytes in one page.
pub const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// One stored blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// Server-assigned, increasing.
    pub seq: u64,
    /// The opaque envelope.
    pub bytes: Vec<u8>,
}

/// One page of a team's feed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedPage {
    /// Items in increasing `seq`.
    pub items: Vec<FeedItem>,
    /// The cursor to ask for next (the last `seq` here, or the request's).
    pub next: u64,
    /// Whether more items follow.
    pub more: bool,
}

impl FeedPage {
    /// Serialises the page.
    pub fn encode(&self) -> Vec<u8> {
        let len: usize = self.items.iter().map(|i| 12 + i.bytes.len()).sum();
        let mut out = Vec::with_capacity(17 + len);
        out.extend_from_slice(b"FSF1");
        out.extend_from_slice(&self.next.to_be_bytes());
        out.push(u8::from(self.more));
        out.extend_from_slice(&(self.items.len() as u32).to_be_bytes());
        for item in &self.items {
            out.extend_from_slice(&item.seq.to_be_bytes());
            out.extend_from_slice(&(item.bytes.len() as u32).to_be_bytes());
            out.extend_from_slice(&item.bytes);
        }
        out
    }

    /// Strict, bounded decoding; never panics.
    pub fn decode(bytes: &[u8]) -> Result<Self, FeedError> {
        if bytes.len() > MAX_PAGE_BYTES {
            return Err(FeedError::TooLarge);
        }
        let mut r = Reader::new(bytes, FeedError::Malformed);
        if r.take(4)? != b"FSF1" {
            return Err(FeedError::Malformed);
        }
        let next = r.u64()?;
        let more = match r.take(1)?[0] {
            0 => false,
            1 => true,
            _ => return Err(FeedError::Malformed),
        };
        let count = r.u32()? as usize;
        if count > MAX_PAGE_ITEMS {
            return Err(FeedError::TooLarge);
        }
        let mut items = Vec::with_capacity(count);
        let mut last = 0u64;
        for _ in 0..count {
            let seq = r.u64()?;
            let len = r.u32()? as usize;
            if len > MAX_ENVELOPE_BYTES {
                return Err(FeedError::TooLarge);
            }
            if seq <= last {
                return Err(FeedError::Malformed);
            }
            last = seq;
            items.push(FeedItem {
                seq,
                bytes: r.take(len)?.to_vec(),
            });
        }
        if !r.rest().is_empty() || next < last {
            return Err(FeedError::Malformed);
        }
        Ok(FeedPage { items, next, more })
    }
}

/// Most envelopes in one upload (a [`crate::round::RoundRequest`]).
pub const MAX_BATCH_ITEMS: usize = 512;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn round_trip_and_refusals() {
        let page = FeedPage {
            items: vec![
                FeedItem {
                    seq: 3,
                    bytes: b"abc".to_vec(),
                },
                FeedItem {
                    seq: 9,
                    bytes: vec![],
                },
            ],
            next: 9,
            more: true,
        };
        let enc = page.encode();
        assert_eq!(FeedPage::decode(&enc), Ok(page));
        assert_eq!(
            FeedPage::decode(&enc[..enc.len() - 1]),
            Err(FeedError::Malformed)
        );
        let mut extra = enc.clone();
        extra.push(0);
        assert_eq!(FeedPage::decode(&extra), Err(FeedError::Malformed));
        let mut many = b"FSF1".to_vec();
        many.extend_from_slice(&[0; 9]);
        many.extend_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(FeedPage::decode(&many), Err(FeedError::TooLarge));
    }

    proptest! {
        #[test]
        fn hostile_pages_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let mut b = b"FSF1".to_vec();
            b.extend_from_slice(&bytes);
            let _ = FeedPage::decode(&b);
            let _ = FeedPage::decode(&bytes);
        }
    }
}
