//! The session's inventories: taking this side's, the opening frame
//! (whole, or only what changed since the memory both sides share), the
//! answer to a [`Frame::Since`], remembering the session's end and the
//! plan of which records to sync.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

impl Session {
    /// This side's inventory (kept for the plan).
    pub(super) fn take_inventory<D: LanDocs>(
        &mut self,
        docs: &mut D,
    ) -> Result<(), StepError<D::Error>> {
        self.my_have = docs
            .digests()
            .map_err(StepError::Docs)?
            .into_iter()
            .collect();
        Ok(())
    }

    /// This side's whole inventory.
    pub(super) fn have(&self) -> Frame {
        Frame::Have(self.my_have.iter().map(|(d, h)| (*d, *h)).collect())
    }

    /// Initiator: its inventory, as the changes since the one remembered
    /// with this peer when there is one (and the peer keeps them too).
    pub(super) fn opening<D: LanDocs>(
        &mut self,
        docs: &mut D,
    ) -> Result<Frame, StepError<D::Error>> {
        self.take_inventory(docs)?;
        let memory = match self.peer {
            Some(peer) if self.peer_remembers => docs.recall(&peer).map_err(StepError::Docs)?,
            _ => None,
        };
        let Some(memory) = memory else {
            return Ok(self.have());
        };
        let base = memory.base();
        let changed = memory.changes(&self.my_have);
        let frame = Frame::Since {
            base,
            changed: changed.iter().map(|(d, h)| (*d, *h)).collect(),
        };
        self.since = Some((base, changed));
        Ok(frame)
    }

    /// Responder: the initiator's changes since the inventory it
    /// remembers. When this side remembers the same one (same base), its
    /// own changes answer and only the records either changed are
    /// compared; otherwise (no memory, another one: a restored backup, a
    /// lost memory, a peer that lies) its whole inventory answers, and the
    /// initiator sends its own.
    pub(super) fn answer_since<D: LanDocs>(
        &mut self,
        base: [u8; 16],
        changed: &[(DocId, [u8; 16])],
        docs: &mut D,
    ) -> Result<Vec<Frame>, StepError<D::Error>> {
        let theirs = unique(changed)?;
        // A Since comes only from a peer that keeps inventories.
        self.peer_remembers = true;
        self.take_inventory(docs)?;
        let peer = self.peer.ok_or(LanError::Unexpected)?;
        let memory = docs.recall(&peer).map_err(StepError::Docs)?;
        match memory {
            Some(m) if m.base() == base => {
                let mine = m.changes(&self.my_have);
                let mut out = vec![Frame::Since {
                    base,
                    changed: mine.iter().map(|(d, h)| (*d, *h)).collect(),
                }];
                self.plan(&mine, &theirs);
                self.stats.incremental = true;
                self.phase = Phase::Syncing;
                out.extend(self.generate_all(docs)?);
                out.push(Frame::End);
                Ok(out)
            }
            _ => {
                self.phase = Phase::WaitFullHave;
                Ok(vec![self.have(), Frame::End])
            }
        }
    }

    /// The session is over and both sides hold the same records: the
    /// inventory is remembered for the next session with this peer (when
    /// the peer keeps one too).
    pub(super) fn remember<D: LanDocs>(&mut self, docs: &mut D) -> Result<(), StepError<D::Error>> {
        let Some(peer) = self.peer.filter(|_| self.peer_remembers) else {
            return Ok(());
        };
        // Only the records synced changed since the inventory was taken.
        let mut now = std::mem::take(&mut self.my_have);
        for doc in self.states.keys() {
            match docs.digest(*doc).map_err(StepError::Docs)? {
                Some(d) => now.insert(*doc, d),
                None => now.remove(doc),
            };
        }
        docs.remember(&peer, &PeerMemory { docs: now })
            .map_err(StepError::Docs)
    }

    /// The records whose digests differ between `mine` and `theirs` (whole
    /// inventories, or both sides' changes since the same one), each with
    /// a fresh sync state.
    pub(super) fn plan(
        &mut self,
        mine: &BTreeMap<DocId, [u8; 16]>,
        theirs: &BTreeMap<DocId, [u8; 16]>,
    ) {
        let ids: BTreeSet<DocId> = mine.keys().chain(theirs.keys()).copied().collect();
        for id in ids {
            if mine.get(&id) != theirs.get(&id) {
                self.states.insert(id, DocSyncState::new());
            }
        }
        self.stats.docs = self.states.len() as u64;
    }
}
