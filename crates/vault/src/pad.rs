//! Padding of every plaintext before encryption, so the stored sizes say
//! little about what was written.
//!
//! `padded = length (u32, little-endian) || plaintext || zeros`, to the
//! bucket of `4 + length`: 256 bytes at least, then the next power of two up
//! to 16 KiB (an answer's incremental chunk and an index record fall in the
//! 256- and 512-byte buckets whatever the answer was), then Padmé (Nikitin
//! et al., "Reducing Metadata Leakage from Encrypted Files and Communication
//! with PURBs", PETS 2019: at most 12 % overhead, leaking O(log log L) bits of
//! the length) for snapshots above 16 KiB.

use zeroize::Zeroizing;

/// The smallest stored plaintext.
pub(crate) const MIN_BUCKET: usize = 256;
/// Sizes up to this are rounded to a power of two; above, Padmé.
pub(crate) const POW2_UNTIL: usize = 16 * 1024;

/// The padded size for `n` bytes (length prefix included).
pub(crate) fn bucket(n: usize) -> usize {
    if n <= MIN_BUCKET {
        MIN_BUCKET
    } else if n <= POW2_UNTIL {
        n.next_power_of_two()
    } else {
        padme(n)
    }
}

fn padme(l: usize) -> usize {
    let l = l as u64;
    let e = 63 - u64::from(l.leading_zeros());
    let s = 64 - u64::from(e.leading_zeros());
    let last_bits = e - s;
    let mask = (1u64 << last_bits) - 1;
    usize::try_from((l + mask) & !mask).unwrap_or(usize::MAX)
}

/// The stored size of an envelope holding `plain_len` bytes: the bucket of
/// the padded plaintext plus version, nonce and tag (29 bytes). For
/// benchmarks and size checks.
pub fn envelope_len(plain_len: usize) -> usize {
    bucket(4 + plain_len) + 29
}

/// Pads `plain` (see the module documentation).
pub(crate) fn pad(plain: &[u8]) -> Zeroizing<Vec<u8>> {
    let n = 4 + plain.len();
    let mut out = Zeroizing::new(Vec::with_capacity(bucket(n)));
    out.extend_from_slice(&u32::try_from(plain.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(plain);
    out.resize(bucket(n), 0);
    out
}

/// The plaintext inside `padded`, or `None` when the length prefix does not
/// fit (a malformed envelope).
pub(crate) fn unpad(padded: &[u8]) -> Option<&[u8]> {
    let len = u32::from_le_bytes(padded.get(..4)?.try_into().ok()?) as usize;
    padded.get(4..4usize.checked_add(len)?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn buckets() {
        assert_eq!(bucket(1), 256);
        assert_eq!(bucket(256), 256);
        assert_eq!(bucket(257), 512);
        assert_eq!(bucket(16 * 1024), 16 * 1024);
        // Padmé: 20,000 → e = 14, s = 4, 10 low bits cleared.
        assert_eq!(bucket(20_000), 20_480);
        for n in [16_385usize, 50_000, 1_000_000, 7_777_777] {
            let b = bucket(n);
            assert!(b >= n && (b - n) as f64 <= n as f64 * 0.12, "{n} -> {b}");
        }
    }

    proptest::proptest! {
        #[test]
        fn pad_roundtrip(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40_000)) {
            let p = pad(&data);
            proptest::prop_assert_eq!(p.len(), bucket(4 + data.len()));
            proptest::prop_assert_eq!(unpad(&p).unwrap(), &data[..]);
        }

        #[test]
        fn unpad_never_panics(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let _ = unpad(&data);
        }
    }
}
