//! The vault-wide commitment that makes a rolled-back record visible.
//!
//! Each record's index holds its version: the sequence number of its newest
//! chunk (`last`, one more on every write, never reused). Each chunk is bound
//! to its sequence number in the AEAD associated data and the index says
//! which sequence numbers must be there, so within one record a deleted,
//! reordered, duplicated or foreign chunk is damage. What a per-record check
//! cannot see is the *whole* record (index row and chunks) put back from an
//! older copy: those rows are consistent with each other.
//!
//! So the vault keeps, encrypted in the `state` row and updated in the same
//! transaction as every write, the additive multiset hash (MSet-Add-Hash,
//! Clarke, Devadas, van Dijk, Gassend and Suh, ASIACRYPT 2003) of the
//! multiset in which each record appears as many times as its version:
//!
//! ```text
//! S = Σ_records weight(rid) · last   (mod 2^128)
//! weight(rid) = HMAC(commit key, "weight" | rid)[..16] | 1   (secret, odd)
//! ```
//!
//! A write adds `weight(rid)` once, a record's deletion subtracts
//! `weight · last`: no page beyond the one `state` row is written per answer.
//! At unlock the vault recomputes the sum from the index rows. When it
//! differs, the difference `D` divided by one record's weight (weights are
//! odd, hence invertible modulo 2^128) is a small number exactly for the
//! record that was rolled back (by that many versions) or brought back after
//! deletion; for any other record it is a random 128-bit number. Without the
//! key an attacker can neither read `S` nor compute weights.

use crate::ids::RowId;

/// The inverse of an odd number modulo 2^128 (Newton's iteration: each step
/// doubles the number of correct low bits).
pub(crate) fn inverse(w: u128) -> u128 {
    let mut x = w; // correct to 3 bits for odd w
    for _ in 0..7 {
        x = x.wrapping_mul(2u128.wrapping_sub(w.wrapping_mul(x)));
    }
    x
}

/// Versions further apart than this are not taken as one record's rollback.
const PLAUSIBLE: u128 = 1 << 40;

/// What the unlock-time check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finding {
    /// The rows on disk are the ones the commitment covers.
    Consistent,
    /// These rows alone explain the difference (older than committed, or
    /// present although deleted).
    Located(Vec<RowId>),
    /// Several records changed, or one was deleted: which ones cannot be
    /// told.
    Unexplained,
}

/// Compares the committed sum with the rows on disk: `(rid, weight, last)`.
pub(crate) fn check(committed: u128, rows: &[(RowId, u128, u64)]) -> Finding {
    let actual = rows.iter().fold(0u128, |s, (_, w, last)| {
        s.wrapping_add(w.wrapping_mul(u128::from(*last)))
    });
    if actual == committed {
        return Finding::Consistent;
    }
    let diff = committed.wrapping_sub(actual);
    let found: Vec<RowId> = rows
        .iter()
        .filter(|(_, w, _)| {
            let d = diff.wrapping_mul(inverse(*w));
            d < PLAUSIBLE || d.wrapping_neg() < PLAUSIBLE
        })
        .map(|(rid, _, _)| *rid)
        .collect();
    if found.len() == 1 {
        Finding::Located(found)
    } else {
        Finding::Unexplained
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(n: u128) -> u128 {
        // Pseudo-random odd weights.
        n.wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835) | 1
    }

    #[test]
    fn inverse_is_an_inverse() {
        for n in 1..200u128 {
            let x = w(n * 7919);
            assert_eq!(x.wrapping_mul(inverse(x)), 1);
        }
    }

    #[test]
    fn a_rolled_back_or_resurrected_record_is_located() {
        let rows: Vec<(RowId, u128, u64)> = (0..50u8)
            .map(|i| ([i; 16], w(u128::from(i) + 1), 10 + u64::from(i)))
            .collect();
        let committed = rows.iter().fold(0u128, |s, (_, w, l)| {
            s.wrapping_add(w.wrapping_mul(u128::from(*l)))
        });
        assert_eq!(check(committed, &rows), Finding::Consistent);

        // Record 7 restored from a copy 5 versions older.
        let mut old = rows.clone();
        old[7].2 -= 5;
        assert_eq!(check(committed, &old), Finding::Located(vec![[7; 16]]));

        // A deleted record's rows put back: committed without it.
        let without = committed.wrapping_sub(rows[3].1.wrapping_mul(u128::from(rows[3].2)));
        assert_eq!(check(without, &rows), Finding::Located(vec![[3; 16]]));

        // Two records rolled back at once: detected, not located.
        let mut two = rows.clone();
        two[1].2 -= 1;
        two[2].2 -= 3;
        assert_eq!(check(committed, &two), Finding::Unexplained);

        // A record's rows deleted: detected.
        let mut gone = rows.clone();
        gone.remove(9);
        assert_ne!(check(committed, &gone), Finding::Consistent);
    }
}
