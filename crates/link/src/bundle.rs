//! The encrypted bundle file for USB/SD hand-over.
//!
//! ```text
//! "FSB1" | team [16] | count u32 BE | count × (length u32 BE | snapshot envelope)
//! ```
//!
//! Each envelope is a whole record sealed with the team key's per-document
//! subkey and signed by the exporting device ([`sync::envelope`]): only a
//! device holding the team keys can open it, and only changes signed by a
//! (past or present) member are merged. Importing merges: idempotent, in any
//! order.

use std::path::Path;

use sync::MAX_ENVELOPE_BYTES;
use sync::envelope::{Envelope, EnvelopeKind, seal};
use vault::{RecordId, Vault};

use crate::LinkError;
use crate::state::State;

/// Largest bundle file read (bytes).
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;

/// What an export or import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct BundleReport {
    /// Records written or merged.
    pub records: u64,
    /// Envelopes refused on import (not from a member, undecryptable).
    pub rejected: u64,
    /// File size.
    pub bytes: u64,
}

/// Writes every record of the vault to `path`, sealed for the team.
pub fn export_bundle(vault: &mut Vault, path: &Path) -> Result<BundleReport, LinkError> {
    let st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    let key = st.ring.current().cloned().ok_or(LinkError::NotAdmitted)?;
    let ids: Vec<RecordId> = vault.list()?.into_iter().map(|c| c.id).collect();
    let mut out = Vec::new();
    out.extend_from_slice(b"FSB1");
    out.extend_from_slice(st.team.as_bytes());
    out.extend_from_slice(&(ids.len() as u32).to_be_bytes());
    for id in &ids {
        let doc = zeroize::Zeroizing::new(vault.export_snapshot(*id)?);
        let env = seal(
            &key,
            st.team,
            crate::team::doc_of(*id),
            EnvelopeKind::Snapshot,
            &doc,
            &st.device,
            sync::random_bytes()?,
        )?;
        out.extend_from_slice(&(env.len() as u32).to_be_bytes());
        out.extend_from_slice(&env);
    }
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, &out).map_err(|e| LinkError::File(e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| LinkError::File(e.to_string()))?;
    Ok(BundleReport {
        records: ids.len() as u64,
        rejected: 0,
        bytes: out.len() as u64,
    })
}

/// Merges a bundle made by a device of this team. Strict, bounded reading.
pub fn import_bundle(vault: &mut Vault, path: &Path) -> Result<BundleReport, LinkError> {
    let st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    let m = st.membership()?;
    let len = std::fs::metadata(path)
        .map_err(|e| LinkError::File(e.to_string()))?
        .len();
    if len > MAX_BUNDLE_BYTES {
        return Err(LinkError::BadBundle);
    }
    let bytes = std::fs::read(path).map_err(|e| LinkError::File(e.to_string()))?;
    let items = parse(&bytes, st.team)?;
    let mut report = BundleReport {
        records: 0,
        rejected: 0,
        bytes: len,
    };
    for item in items {
        let opened = Envelope::parse(item).and_then(|e| {
            if e.kind != EnvelopeKind::Snapshot {
                return Err(sync::EnvelopeError::UnknownKind(0));
            }
            e.open(st.team, &st.ring, |d| m.was_member(d))
        });
        match opened {
            Ok(o) => {
                vault.merge_changes(RecordId::from(o.doc), &o.changes)?;
                report.records += 1;
            }
            Err(_) => report.rejected += 1,
        }
    }
    Ok(report)
}

fn parse(bytes: &[u8], team: sync::TeamId) -> Result<Vec<&[u8]>, LinkError> {
    let bad = || LinkError::BadBundle;
    let rest = bytes.strip_prefix(b"FSB1").ok_or_else(bad)?;
    let (t, rest) = rest.split_at_checked(16).ok_or_else(bad)?;
    if t != team.as_bytes() {
        return Err(bad());
    }
    let (n, mut rest) = rest.split_at_checked(4).ok_or_else(bad)?;
    let count = u32::from_be_bytes(n.try_into().map_err(|_| bad())?) as usize;
    let mut out = Vec::with_capacity(count.min(rest.len() / 4));
    for _ in 0..count {
        let (l, r) = rest.split_at_checked(4).ok_or_else(bad)?;
        let l = u32::from_be_bytes(l.try_into().map_err(|_| bad())?) as usize;
        if l > MAX_ENVELOPE_BYTES {
            return Err(bad());
        }
        let (item, r) = r.split_at_checked(l).ok_or_else(bad)?;
        out.push(item);
        rest = r;
    }
    if !rest.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_bundles_are_refused_without_panic() {
        let team = sync::TeamId::from_u128(1);
        let mut good = b"FSB1".to_vec();
        good.extend_from_slice(team.as_bytes());
        good.extend_from_slice(&1u32.to_be_bytes());
        good.extend_from_slice(&3u32.to_be_bytes());
        good.extend_from_slice(b"abc");
        assert_eq!(parse(&good, team).expect("parse"), vec![&b"abc"[..]]);
        assert!(parse(&good, sync::TeamId::from_u128(2)).is_err());
        for cut in 0..good.len() {
            assert!(parse(&good[..cut], team).is_err());
        }
        let mut extra = good.clone();
        extra.push(0);
        assert!(parse(&extra, team).is_err());
        let mut huge = good[..20].to_vec();
        huge.extend_from_slice(&u32::MAX.to_be_bytes());
        assert!(parse(&huge, team).is_err());
    }
}
