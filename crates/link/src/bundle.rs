//! The encrypted bundle file for USB/SD hand-over.
//!
//! ```text
//! "FSB2" | team [16]
//!        | log count u32 BE | log count × (length u16 BE | membership log entry)
//!        | count u32 BE | count × (length u32 BE | snapshot envelope)
//! ```
//!
//! Each envelope is a whole record sealed with the team key's per-document
//! subkey and signed by the exporting device ([`sync::envelope`]): only a
//! device holding the team keys can open it. The bundle also carries the
//! exporter's whole membership log (admin-signed, hash-chained): devices
//! that meet through a file compare logs as they do on the LAN. Importing
//! first merges the log (the shorter must be a prefix of the longer, or
//! the bundle is refused as a fork), then merges only envelopes signed by
//! a *current* member of the merged log: once a device knows of a
//! removal, nothing the removed device signed is merged. Importing is
//! idempotent, in any order.

use std::path::Path;

use sync::MAX_ENVELOPE_BYTES;
use sync::envelope::{Envelope, EnvelopeKind, seal};
use sync::team::{LogEntry, MAX_LOG_ENTRIES, MAX_LOG_ENTRY_BYTES};
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
    /// Envelopes refused on import (not from a current member,
    /// undecryptable).
    pub rejected: u64,
    /// Membership-log entries learnt from the bundle.
    pub log_entries: u64,
    /// File size.
    pub bytes: u64,
}

/// Writes every record of the vault to `path`, sealed for the team.
pub fn export_bundle(vault: &mut Vault, path: &Path) -> Result<BundleReport, LinkError> {
    let st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    let m = st.membership()?;
    // The log's key only: never an older one once the log moved on.
    let key = st
        .ring
        .get(m.epoch())
        .cloned()
        .ok_or(LinkError::WaitingForKey(m.epoch()))?;
    let ids: Vec<RecordId> = vault.list()?.into_iter().map(|c| c.id).collect();
    let mut out = Vec::new();
    out.extend_from_slice(b"FSB2");
    out.extend_from_slice(st.team.as_bytes());
    out.extend_from_slice(&(st.log.len() as u32).to_be_bytes());
    for e in &st.log {
        out.extend_from_slice(&(e.len() as u16).to_be_bytes());
        out.extend_from_slice(e);
    }
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
        log_entries: 0,
        bytes: out.len() as u64,
    })
}

/// Merges a bundle made by a device of this team: its membership log
/// first (entries this device lacks are verified and kept, and tell it
/// whether the relay withheld them), then the records signed by current
/// members. Strict, bounded reading.
pub fn import_bundle(vault: &mut Vault, path: &Path) -> Result<BundleReport, LinkError> {
    let mut st = State::load(vault)?.ok_or(LinkError::NoTeam)?;
    let mut m = st.membership()?;
    let len = std::fs::metadata(path)
        .map_err(|e| LinkError::File(e.to_string()))?
        .len();
    if len > MAX_BUNDLE_BYTES {
        return Err(LinkError::BadBundle);
    }
    let bytes = std::fs::read(path).map_err(|e| LinkError::File(e.to_string()))?;
    let (log, items) = parse(&bytes, st.team)?;
    // The two logs must be one: the shorter a prefix of the longer.
    let common = log.len().min(st.log.len());
    if log[..common] != st.log[..common] {
        return Err(LinkError::Team(sync::TeamError::LogBroken));
    }
    let mut report = BundleReport {
        records: 0,
        rejected: 0,
        log_entries: 0,
        bytes: len,
    };
    if log.len() > st.log.len() {
        let mut merged = m.clone();
        for e in &log[common..] {
            merged.apply(&LogEntry::decode(e)?)?;
        }
        m = merged;
        st.log.extend(log[common..].iter().map(|e| e.to_vec()));
        report.log_entries = (log.len() - common) as u64;
        crate::team::note_learnt_entries(&mut st);
        st.save(vault)?;
    }
    for item in items {
        let opened = Envelope::parse(item).and_then(|e| {
            if e.kind != EnvelopeKind::Snapshot {
                return Err(sync::EnvelopeError::UnknownKind(0));
            }
            // Current members only: a removed device's work stops here.
            e.open(st.team, &st.ring, |d| m.is_member(d))
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

/// The bundle's log entries and envelopes.
type Parsed<'a> = (Vec<&'a [u8]>, Vec<&'a [u8]>);

fn parse(bytes: &[u8], team: sync::TeamId) -> Result<Parsed<'_>, LinkError> {
    let bad = || LinkError::BadBundle;
    if bytes.starts_with(b"FSB1") {
        return Err(LinkError::Team(sync::TeamError::OldFormat));
    }
    let rest = bytes.strip_prefix(b"FSB2").ok_or_else(bad)?;
    let (t, rest) = rest.split_at_checked(16).ok_or_else(bad)?;
    if t != team.as_bytes() {
        return Err(bad());
    }
    let (n, mut rest) = rest.split_at_checked(4).ok_or_else(bad)?;
    let log_count = u32::from_be_bytes(n.try_into().map_err(|_| bad())?) as usize;
    if log_count > MAX_LOG_ENTRIES {
        return Err(bad());
    }
    let mut log = Vec::with_capacity(log_count.min(rest.len() / 2));
    for _ in 0..log_count {
        let (l, r) = rest.split_at_checked(2).ok_or_else(bad)?;
        let l = u16::from_be_bytes(l.try_into().map_err(|_| bad())?) as usize;
        if l > MAX_LOG_ENTRY_BYTES {
            return Err(bad());
        }
        let (entry, r) = r.split_at_checked(l).ok_or_else(bad)?;
        log.push(entry);
        rest = r;
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
    Ok((log, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_bundles_are_refused_without_panic() {
        let team = sync::TeamId::from_u128(1);
        let mut good = b"FSB2".to_vec();
        good.extend_from_slice(team.as_bytes());
        good.extend_from_slice(&1u32.to_be_bytes());
        good.extend_from_slice(&2u16.to_be_bytes());
        good.extend_from_slice(b"lg");
        good.extend_from_slice(&1u32.to_be_bytes());
        good.extend_from_slice(&3u32.to_be_bytes());
        good.extend_from_slice(b"abc");
        assert_eq!(
            parse(&good, team).expect("parse"),
            (vec![&b"lg"[..]], vec![&b"abc"[..]])
        );
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
        let mut old = good.clone();
        old[..4].copy_from_slice(b"FSB1");
        assert!(matches!(
            parse(&old, team),
            Err(LinkError::Team(sync::TeamError::OldFormat))
        ));
    }
}
