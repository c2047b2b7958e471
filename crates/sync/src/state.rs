//! [`TeamSync`]: what one device knows about its sync with one team.
//!
//! A round, driven by a transport:
//!
//! 1. **Push.** For each document, [`TeamSync::to_push`] with its current
//!    heads says whether it has changes the relay has not got from us and
//!    from which heads to export (`Vault::export_changes(id, since)`). Seal
//!    them ([`crate::batch::seal_member`], the batch signed once by
//!    [`crate::batch::Seal::sign`]; one alone by [`crate::envelope::seal`]), upload, then
//!    [`TeamSync::pushed`] with the heads that were exported.
//! 2. **Pull.** Ask the relay for the feed after [`TeamSync::cursor`]; give
//!    each page to [`TeamSync::receive_page`], which verifies and decrypts
//!    and returns the changes to merge (order and duplicates do not matter).
//!    Merge them (`Vault::merge_changes`), tell [`TeamSync::merged`] the
//!    heads before and after, and only then persist this state: a crash
//!    before that re-pulls the same page, which is harmless.
//! 3. **Snapshot.** When [`TeamSync::wants_snapshot`] says so, seal the whole
//!    document as a snapshot and post it covering [`TeamSync::cursor`]; the
//!    relay drops the blobs of that document it covers.

use std::collections::BTreeMap;

use automerge::ChangeHash;

use std::collections::HashMap;

use crate::batch::{self, Member, Seal};
use crate::envelope::{Envelope, EnvelopeKind, Opened};
use crate::feed::FeedPage;
use crate::keys::{DevicePublicKey, KeyRing};
use crate::{DocId, EnvelopeError, TeamId};

/// Sorted heads as bytes (the serialisable form).
type Heads = Vec<[u8; 32]>;

fn norm(heads: &[ChangeHash]) -> Heads {
    let mut h: Heads = heads.iter().map(|c| c.0).collect();
    h.sort_unstable();
    h.dedup();
    h
}

/// Per-document sync facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct DocState {
    /// Heads whose history the relay has (pushed by us or pulled from it).
    relay_heads: Heads,
    /// Change bytes the relay holds for this doc since its last snapshot.
    incremental_bytes: u64,
}

/// What a feed page gave.
#[derive(Debug, Default)]
pub struct Pulled {
    /// Verified, decrypted changes to merge, in feed order.
    pub changes: Vec<Opened>,
    /// Items refused, with why (skipped: one bad blob never blocks a team).
    pub rejected: Vec<(u64, EnvelopeError)>,
    /// Whether the relay has more after this page.
    pub more: bool,
    /// The page stopped at an item of this epoch: one the membership log
    /// has and this device has no key for yet. The cursor stays before it,
    /// so it is read again once the admin's key arrives (never skipped).
    pub missing_key: Option<u32>,
}

/// One device's sync state with one team. Serialisable: the caller
/// persists it (encrypted) between rounds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TeamSync {
    team: TeamId,
    cursor: u64,
    docs: BTreeMap<DocId, DocState>,
}

impl TeamSync {
    /// A device that has not synced yet.
    pub fn new(team: TeamId) -> Self {
        TeamSync {
            team,
            cursor: 0,
            docs: BTreeMap::new(),
        }
    }

    /// The team.
    pub fn team(&self) -> TeamId {
        self.team
    }

    /// The feed cursor: every item with `seq <= cursor` has been received.
    pub fn cursor(&self) -> u64 {
        self.cursor
    }

    /// `Some(since)` when `doc` (at `local_heads`) has changes the relay
    /// lacks: export the changes after `since` and push them.
    pub fn to_push(&self, doc: DocId, local_heads: &[ChangeHash]) -> Option<Vec<ChangeHash>> {
        let relay = self
            .docs
            .get(&doc)
            .map(|d| d.relay_heads.as_slice())
            .unwrap_or(&[]);
        if norm(local_heads) == relay {
            None
        } else {
            Some(relay.iter().map(|h| ChangeHash(*h)).collect())
        }
    }

    /// The heads whose history the relay has of `doc` (pushed by us or
    /// pulled from it), sorted; `None` when it has nothing of it that this
    /// device knows of. A caller can compare their digest with a record's
    /// kept digest instead of reading the record ([`TeamSync::to_push`]
    /// is `None` exactly when they are its heads).
    pub fn relay_heads(&self, doc: DocId) -> Option<Vec<ChangeHash>> {
        self.docs
            .get(&doc)
            .filter(|d| !d.relay_heads.is_empty())
            .map(|d| d.relay_heads.iter().map(|h| ChangeHash(*h)).collect())
    }

    /// Documents among `docs` (id, current heads) with changes to push.
    pub fn pending<'a>(
        &self,
        docs: impl IntoIterator<Item = (DocId, &'a [ChangeHash])>,
    ) -> Vec<DocId> {
        docs.into_iter()
            .filter(|(id, heads)| self.to_push(*id, heads).is_some())
            .map(|(id, _)| id)
            .collect()
    }

    /// The relay accepted the changes of `doc` up to `exported_heads`
    /// (`bytes` long).
    pub fn pushed(&mut self, doc: DocId, exported_heads: &[ChangeHash], bytes: u64) {
        let d = self.docs.entry(doc).or_default();
        d.relay_heads = norm(exported_heads);
        d.incremental_bytes = d.incremental_bytes.saturating_add(bytes);
    }

    /// A snapshot of `doc` at `heads` was accepted by the relay.
    pub fn snapshotted(&mut self, doc: DocId, heads: &[ChangeHash]) {
        let d = self.docs.entry(doc).or_default();
        d.relay_heads = norm(heads);
        d.incremental_bytes = 0;
    }

    /// Verifies and decrypts a feed page and advances the cursor. Items at
    /// or below the cursor are skipped (duplicates), bad items are reported
    /// in [`Pulled::rejected`] and skipped. An item from a member sealed
    /// under an epoch up to `log_epoch` (the membership log's) whose key
    /// this device lacks stops the page there ([`Pulled::missing_key`]).
    /// Batch seals ([`crate::batch`]) are read first, wherever they are
    /// (one the relay re-sent may sit below the cursor): one signature
    /// check per seal, then each batch member is accepted only when its
    /// hash is in a seal that holds and whose signer `is_member`.
    pub fn receive_page(
        &mut self,
        page: &FeedPage,
        keys: &KeyRing,
        log_epoch: u32,
        is_member: impl Fn(&DevicePublicKey) -> bool,
    ) -> Pulled {
        let mut out = Pulled {
            more: page.more,
            ..Pulled::default()
        };
        // Seals first (one may come from before the cursor, re-sent with a
        // page that starts inside its batch): one signature check each;
        // every member hash they sign maps to its signer, or to why the
        // seal was refused.
        let mut signed: HashMap<[u8; 32], Result<DevicePublicKey, EnvelopeError>> = HashMap::new();
        for item in page.items.iter().filter(|i| Seal::is_seal(&i.bytes)) {
            let seal = Seal::decode(&item.bytes);
            let verdict = seal.as_ref().map_err(Clone::clone).and_then(|s| {
                s.verify(self.team)?;
                if is_member(&s.signer) {
                    Ok(s.signer)
                } else {
                    Err(EnvelopeError::UnknownSigner)
                }
            });
            match (seal, verdict) {
                (Ok(seal), verdict) => {
                    for h in seal.hashes {
                        // A genuine seal never loses to a refused one.
                        let slot = signed.entry(h).or_insert_with(|| verdict.clone());
                        if slot.is_err() && verdict.is_ok() {
                            *slot = verdict.clone();
                        }
                    }
                    if let Err(e) = verdict
                        && item.seq > self.cursor
                    {
                        out.rejected.push((item.seq, e));
                    }
                }
                (Err(e), _) if item.seq > self.cursor => out.rejected.push((item.seq, e)),
                (Err(_), _) => {}
            }
        }
        for item in &page.items {
            if item.seq <= self.cursor {
                continue;
            }
            if Seal::is_seal(&item.bytes) {
                self.cursor = self.cursor.max(item.seq);
                continue;
            }
            let opened = if item.bytes.first() == Some(&batch::VERSION) {
                open_member(&item.bytes, self.team, keys, &signed)
            } else {
                Envelope::parse(&item.bytes).and_then(|e| e.open(self.team, keys, &is_member))
            };
            match opened {
                Err(EnvelopeError::UnknownEpoch(e)) if e <= log_epoch => {
                    out.missing_key = Some(e);
                    out.more = false;
                    return out;
                }
                Ok(opened) => {
                    let d = self.docs.entry(opened.doc).or_default();
                    match opened.kind {
                        EnvelopeKind::Snapshot => d.incremental_bytes = 0,
                        EnvelopeKind::Chunk => {
                            d.incremental_bytes = d
                                .incremental_bytes
                                .saturating_add(opened.changes.len() as u64)
                        }
                    }
                    out.changes.push(opened);
                }
                Err(e) => out.rejected.push((item.seq, e)),
            }
            self.cursor = self.cursor.max(item.seq);
        }
        self.cursor = self.cursor.max(page.next);
        out
    }

    /// Pulled changes were merged into `doc`, moving its heads from
    /// `before` to `after`. If the relay had everything we had before, it
    /// has everything we have now, so nothing needs pushing back.
    pub fn merged(&mut self, doc: DocId, before: &[ChangeHash], after: &[ChangeHash]) {
        let d = self.docs.entry(doc).or_default();
        if d.relay_heads == norm(before) {
            d.relay_heads = norm(after);
        }
    }

    /// Whether `doc` has change bytes on the relay since its last snapshot
    /// (without which [`TeamSync::wants_snapshot`] is `false` whatever the
    /// snapshot's size: a caller can skip exporting one).
    pub fn has_incremental(&self, doc: DocId) -> bool {
        self.docs.get(&doc).is_some_and(|d| d.incremental_bytes > 0)
    }

    /// Whether `doc` should be compacted on the relay: its incremental
    /// bytes there reached the size of a snapshot (`snapshot_bytes`), the
    /// automerge-repo rule the vault uses too.
    pub fn wants_snapshot(&self, doc: DocId, snapshot_bytes: u64) -> bool {
        self.docs
            .get(&doc)
            .is_some_and(|d| d.incremental_bytes > 0 && d.incremental_bytes >= snapshot_bytes)
    }
}

/// Opens a batch member whose hash a seal of the page signs (its signer a
/// current member): [`EnvelopeError::Unsigned`] when no seal of the page
/// signs it (tampered, or its seal withheld), the seal's refusal when its
/// seal was refused.
fn open_member(
    bytes: &[u8],
    team: TeamId,
    keys: &KeyRing,
    signed: &HashMap<[u8; 32], Result<DevicePublicKey, EnvelopeError>>,
) -> Result<Opened, EnvelopeError> {
    let member = Member::parse(bytes)?;
    let signer = signed
        .get(&batch::leaf(bytes))
        .ok_or(EnvelopeError::Unsigned)?
        .clone()?;
    let changes = member.decrypt(team, keys)?;
    Ok(Opened {
        kind: member.kind,
        doc: member.doc,
        epoch: member.epoch,
        signer,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::seal;
    use crate::feed::FeedItem;
    use crate::keys::{DeviceKey, TeamKey};

    const TEAM: TeamId = TeamId::from_u128(7);

    #[test]
    fn push_bookkeeping() {
        let mut s = TeamSync::new(TEAM);
        let doc = DocId::from_u128(1);
        let h1 = [ChangeHash([1; 32])];
        let h2 = [ChangeHash([2; 32]), ChangeHash([3; 32])];
        assert_eq!(s.to_push(doc, &h1), Some(vec![]));
        assert_eq!(s.relay_heads(doc), None);
        s.pushed(doc, &h1, 10);
        assert_eq!(s.to_push(doc, &h1), None);
        assert_eq!(s.relay_heads(doc), Some(h1.to_vec()));
        assert_eq!(s.to_push(doc, &h2), Some(h1.to_vec()));
        assert_eq!(
            s.pending([(doc, &h2[..]), (DocId::from_u128(2), &h1[..])])
                .len(),
            2
        );
        // Head order does not matter.
        s.pushed(doc, &[h2[1], h2[0]], 10);
        assert_eq!(s.to_push(doc, &h2), None);
        assert!(s.wants_snapshot(doc, 20) && !s.wants_snapshot(doc, 21));
        assert!(s.has_incremental(doc));
        s.snapshotted(doc, &h2);
        assert!(!s.wants_snapshot(doc, 1) && !s.has_incremental(doc));
        assert!(!s.has_incremental(DocId::from_u128(9)));
        // Merge from up to date: still up to date. From behind: not.
        s.merged(doc, &h2, &h1);
        assert_eq!(s.to_push(doc, &h1), None);
        s.merged(doc, &h2, &h2);
        assert!(s.to_push(doc, &h2).is_some());
    }

    #[test]
    fn pages_advance_the_cursor_skip_duplicates_and_report_bad_items() {
        let key = TeamKey::from_bytes(1, [1; 32]);
        let dev = DeviceKey::from_seed([2; 32]);
        let doc = DocId::from_u128(1);
        let env = seal(&key, TEAM, doc, EnvelopeKind::Chunk, b"c", &dev, [0; 12]).expect("seal");
        let page = FeedPage {
            items: vec![
                FeedItem {
                    seq: 1,
                    bytes: env.clone(),
                },
                FeedItem {
                    seq: 2,
                    bytes: b"junk".to_vec(),
                },
                FeedItem { seq: 3, bytes: env },
            ],
            next: 3,
            more: false,
        };
        let ring = KeyRing::new(key);
        let mut s = TeamSync::new(TEAM);
        let got = s.receive_page(&page, &ring, 1, |_| true);
        assert_eq!(got.changes.len(), 2);
        assert_eq!(
            got.rejected,
            vec![(2, EnvelopeError::UnsupportedVersion(b'j'))]
        );
        assert_eq!(s.cursor(), 3);
        let again = s.receive_page(&page, &ring, 1, |_| true);
        assert!(again.changes.is_empty() && again.rejected.is_empty());
    }

    #[test]
    fn a_page_stops_at_a_log_epoch_whose_key_is_missing_and_skips_bogus_epochs() {
        let dev = DeviceKey::from_seed([2; 32]);
        let doc = DocId::from_u128(1);
        let env = |epoch: u32| {
            let key = TeamKey::from_bytes(epoch, [epoch as u8; 32]);
            seal(&key, TEAM, doc, EnvelopeKind::Chunk, b"c", &dev, [0; 12]).expect("seal")
        };
        let item = |seq, epoch| FeedItem {
            seq,
            bytes: env(epoch),
        };
        let page = FeedPage {
            // epoch 9 is beyond the log: garbage, skipped; epoch 2 is the
            // log's and its key has not arrived: the page stops there.
            items: vec![item(1, 1), item(2, 9), item(3, 2), item(4, 1)],
            next: 4,
            more: true,
        };
        let ring = KeyRing::new(TeamKey::from_bytes(1, [1; 32]));
        let mut s = TeamSync::new(TEAM);
        let got = s.receive_page(&page, &ring, 2, |_| true);
        assert_eq!(got.changes.len(), 1);
        assert_eq!(got.rejected, vec![(2, EnvelopeError::UnknownEpoch(9))]);
        assert_eq!((got.missing_key, got.more), (Some(2), false));
        assert_eq!(s.cursor(), 2, "item 3 is read again later");
        // With the key, the rest follows.
        let mut ring = ring;
        ring.insert(TeamKey::from_bytes(2, [2; 32]));
        let got = s.receive_page(&page, &ring, 2, |_| true);
        assert_eq!((got.changes.len(), got.missing_key), (2, None));
        assert_eq!(s.cursor(), 4);
    }
}
