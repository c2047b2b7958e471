//! proptest: N replicas (plain Automerge documents) sync through the
//! envelope path and a simulated relay, with random edits, random partitions
//! (who pushes and pulls when, with page sizes), redelivery in reverse order
//! and snapshots; after a final full round every replica is identical.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};
use proptest::prelude::*;
use sync::envelope::{Envelope, EnvelopeKind, seal};
use sync::feed::{FeedItem, FeedPage};
use sync::{DeviceKey, DocId, KeyRing, TeamId, TeamKey, TeamSync};

const TEAM: TeamId = TeamId::from_u128(0x7ea);

#[derive(Default)]
struct Relay {
    next: u64,
    items: Vec<(u64, DocId, Vec<u8>)>,
}

impl Relay {
    fn put(&mut self, bytes: Vec<u8>) -> u64 {
        let doc = Envelope::parse(&bytes).expect("own envelope").doc;
        self.next += 1;
        self.items.push((self.next, doc, bytes));
        self.next
    }
    fn snapshot(&mut self, covers: u64, bytes: Vec<u8>) {
        let doc = Envelope::parse(&bytes).expect("own envelope").doc;
        self.items.retain(|(s, d, _)| !(*d == doc && *s <= covers));
        self.put(bytes);
    }
    fn feed(&self, since: u64, limit: usize) -> FeedPage {
        let items: Vec<FeedItem> = self
            .items
            .iter()
            .filter(|(s, _, _)| *s > since)
            .take(limit)
            .map(|(seq, _, b)| FeedItem {
                seq: *seq,
                bytes: b.clone(),
            })
            .collect();
        let more = self.items.iter().filter(|(s, _, _)| *s > since).count() > items.len();
        let next = items.last().map_or(since, |i| i.seq);
        FeedPage { items, next, more }
    }
}

struct Replica {
    device: DeviceKey,
    state: TeamSync,
    docs: BTreeMap<DocId, AutoCommit>,
}

#[derive(Debug, Clone)]
enum Op {
    Edit { r: usize, doc: u8, key: u8, val: u8 },
    Push { r: usize },
    Pull { r: usize, limit: usize },
    Redeliver { r: usize },
    Snapshot { r: usize, doc: u8 },
}

fn op(n: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..n, 0u8..2, 0u8..4, any::<u8>()).prop_map(|(r, doc, key, val)| Op::Edit { r, doc, key, val }),
        2 => (0..n).prop_map(|r| Op::Push { r }),
        2 => (0..n, 1usize..4).prop_map(|(r, limit)| Op::Pull { r, limit }),
        1 => (0..n).prop_map(|r| Op::Redeliver { r }),
        1 => (0..n, 0u8..2).prop_map(|(r, doc)| Op::Snapshot { r, doc }),
    ]
}

fn push(rep: &mut Replica, relay: &mut Relay, key: &TeamKey) {
    for (id, doc) in rep.docs.iter_mut() {
        let heads = doc.get_heads();
        if let Some(since) = rep.state.to_push(*id, &heads) {
            let changes = doc.save_after(&since);
            let nonce = sync::random_bytes().expect("rng");
            let env = seal(
                key,
                TEAM,
                *id,
                EnvelopeKind::Chunk,
                &changes,
                &rep.device,
                nonce,
            )
            .expect("seal");
            relay.put(env);
            rep.state.pushed(*id, &heads, changes.len() as u64);
        }
    }
}

fn apply(rep: &mut Replica, opened: Vec<sync::Opened>) {
    for o in opened {
        let doc = rep.docs.entry(o.doc).or_default();
        let before = doc.get_heads();
        doc.load_incremental(&o.changes).expect("valid changes");
        let after = doc.get_heads();
        rep.state.merged(o.doc, &before, &after);
    }
}

fn pull(rep: &mut Replica, relay: &Relay, ring: &KeyRing, limit: usize) -> bool {
    let page = relay.feed(rep.state.cursor(), limit);
    let got = rep.state.receive_page(&page, ring, 1, |_| true);
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    apply(rep, got.changes);
    got.more
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn replicas_converge(n in 2usize..5, ops in (2usize..5).prop_flat_map(|n| proptest::collection::vec(op(n), 0..60))) {
        let key = TeamKey::from_bytes(1, [42; 32]);
        let ring = KeyRing::new(key.clone());
        let mut relay = Relay::default();
        let n = n.max(ops.iter().map(|o| match o {
            Op::Edit { r, .. } | Op::Push { r } | Op::Pull { r, .. } | Op::Redeliver { r } | Op::Snapshot { r, .. } => *r + 1,
        }).max().unwrap_or(0));
        let mut reps: Vec<Replica> = (0..n)
            .map(|i| Replica {
                device: DeviceKey::from_seed([i as u8 + 1; 32]),
                state: TeamSync::new(TEAM),
                docs: BTreeMap::new(),
            })
            .collect();
        for o in &ops {
            match *o {
                Op::Edit { r, doc, key: k, val } => {
                    let d = reps[r].docs.entry(DocId::from_u128(u128::from(doc) + 1)).or_default();
                    d.put(ROOT, format!("q{k}"), i64::from(val)).expect("put");
                    d.commit();
                }
                Op::Push { r } => push(&mut reps[r], &mut relay, &key),
                Op::Pull { r, limit } => { pull(&mut reps[r], &relay, &ring, limit); }
                Op::Redeliver { r } => {
                    // Everything on the relay again, newest first: duplicates
                    // and order do not matter.
                    let mut opened = Vec::new();
                    for (_, _, b) in relay.items.iter().rev() {
                        opened.push(sync::envelope::open(b, TEAM, &ring, |_| true).expect("open"));
                    }
                    apply(&mut reps[r], opened);
                }
                Op::Snapshot { r, doc } => {
                    let id = DocId::from_u128(u128::from(doc) + 1);
                    let rep = &mut reps[r];
                    if let Some(d) = rep.docs.get_mut(&id) {
                        let heads = d.get_heads();
                        let full = d.save();
                        let env = seal(&key, TEAM, id, EnvelopeKind::Snapshot, &full, &rep.device, sync::random_bytes().expect("rng")).expect("seal");
                        relay.snapshot(rep.state.cursor(), env);
                        rep.state.snapshotted(id, &heads);
                    }
                }
            }
        }
        // Final round: everyone pushes, then everyone pulls to the end.
        for rep in reps.iter_mut() {
            push(rep, &mut relay, &key);
        }
        for rep in reps.iter_mut() {
            let mut rounds = 0;
            while pull(rep, &relay, &ring, 5) {
                rounds += 1;
                prop_assert!(rounds < 1000);
            }
        }
        let first = &mut reps[0];
        let expect: BTreeMap<DocId, _> = first.docs.iter_mut().map(|(id, d)| (*id, d.get_heads())).collect();
        for rep in reps.iter_mut() {
            let got: BTreeMap<DocId, _> = rep.docs.iter_mut().map(|(id, d)| (*id, d.get_heads())).collect();
            prop_assert_eq!(&got, &expect);
            // And after the round nobody has anything left to push.
            for (id, d) in rep.docs.iter_mut() {
                prop_assert!(rep.state.to_push(*id, &d.get_heads()).is_none());
            }
        }
    }
}
