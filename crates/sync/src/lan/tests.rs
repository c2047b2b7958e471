use std::collections::BTreeMap;

use automerge::sync::SyncDoc;
use automerge::transaction::Transactable;
use automerge::{Automerge, ROOT, ReadDoc};
use proptest::prelude::*;

use super::*;
use crate::team::{BoxKey, DeviceIdentity, LogOp};

const TEAM: TeamId = TeamId::from_u128(0x1a4);

/// Plain documents standing in for a vault.
#[derive(Default, Clone)]
struct Docs(BTreeMap<DocId, Automerge>);

impl LanDocs for Docs {
    type Error = automerge::AutomergeError;

    fn inventory(&mut self) -> Result<Vec<(DocId, Vec<ChangeHash>)>, Self::Error> {
        Ok(self.0.iter().map(|(d, a)| (*d, a.get_heads())).collect())
    }

    fn generate(
        &mut self,
        doc: DocId,
        state: &mut DocSyncState,
    ) -> Result<Option<Vec<u8>>, Self::Error> {
        let empty = Automerge::new();
        let d = self.0.get(&doc).unwrap_or(&empty);
        Ok(d.generate_sync_message(state).map(|m| m.encode()))
    }

    fn receive(
        &mut self,
        doc: DocId,
        state: &mut DocSyncState,
        message: &[u8],
    ) -> Result<(), Self::Error> {
        let msg = automerge::sync::Message::decode(message)
            .map_err(|_| automerge::AutomergeError::Fail)?;
        let mut d = self.0.get(&doc).cloned().unwrap_or_default();
        d.receive_sync_message(state, msg)?;
        if !d.get_heads().is_empty() {
            self.0.insert(doc, d);
        }
        Ok(())
    }
}

/// Another device's copy (its own actor).
fn fork(docs: &Docs) -> Docs {
    Docs(docs.0.iter().map(|(k, d)| (*k, d.fork())).collect())
}

fn edit(docs: &mut Docs, doc: u128, key: &str, val: &str) {
    let d = docs.0.entry(DocId::from_u128(doc)).or_default();
    let mut tx = d.transaction();
    tx.put(ROOT, key, val).expect("put");
    tx.commit();
}

/// [`edit`] by a fixed device at a fixed time: the same change hashes on
/// every run, so the Automerge sync messages' Bloom filters (false
/// positives about 1% of the time, each costing a round) give the same
/// bytes every run.
fn edit_as(device: u8, docs: &mut Docs, doc: u128, key: &str, val: &str) {
    let d = docs.0.entry(DocId::from_u128(doc)).or_default();
    d.set_actor(automerge::ActorId::from([device; 16]));
    let mut tx = d.transaction();
    tx.put(ROOT, key, val).expect("put");
    tx.commit_with(automerge::transaction::CommitOptions::default().with_time(0));
}

struct Team {
    admin: DeviceKey,
    log: Vec<Vec<u8>>,
    m: Membership,
}

fn identity(seed: u8) -> DeviceIdentity {
    DeviceIdentity {
        sign: DeviceKey::from_seed([seed; 32]).public(),
        boxk: BoxKey::from_bytes([seed; 32]).public(),
    }
}

impl Team {
    fn new() -> Self {
        let admin = DeviceKey::from_seed([1; 32]);
        let mut t = Team {
            m: Membership::new(TEAM, admin.public()),
            admin,
            log: Vec::new(),
        };
        t.op(LogOp::Genesis {
            admin: identity(1),
            commit: [0; 32],
            pins: Vec::new(),
        });
        t
    }

    /// The team as a device that has only the first `n` log entries sees it.
    fn first(&self, n: usize) -> Team {
        Team {
            admin: DeviceKey::from_seed([1; 32]),
            log: self.log[..n].to_vec(),
            m: Membership::from_log(TEAM, self.m.admin(), &self.log[..n]).expect("log"),
        }
    }

    fn op(&mut self, op: LogOp) {
        let e = self
            .m
            .next_entry(&self.admin, 1_000 + self.log.len() as u64, op)
            .expect("sign");
        self.m.apply(&e).expect("apply");
        self.log.push(e.encode());
    }

    fn session(&self, role: Role, seed: u8, hash: &[u8]) -> Session {
        Session::new(
            role,
            DeviceKey::from_seed([seed; 32]),
            self.m.clone(),
            self.log.clone(),
            hash,
        )
    }
}

/// Runs two sessions against each other through encoded frames; returns
/// each side's result and the bytes that crossed.
fn run(
    a: &mut Session,
    da: &mut Docs,
    b: &mut Session,
    db: &mut Docs,
) -> (Result<(), LanError>, Result<(), LanError>, usize) {
    run_filtered(a, da, b, db, &|_| true)
}

/// [`run`] over any stores, delivering only the frames `keep` lets through
/// (in both directions).
fn run_filtered<DA: LanDocs, DB: LanDocs>(
    a: &mut Session,
    da: &mut DA,
    b: &mut Session,
    db: &mut DB,
    keep: &dyn Fn(&Frame) -> bool,
) -> (Result<(), LanError>, Result<(), LanError>, usize)
where
    DA::Error: std::fmt::Debug,
    DB::Error: std::fmt::Debug,
{
    let mut to_b: Vec<Frame> = a.start();
    let mut to_a: Vec<Frame> = b.start();
    let (mut ra, mut rb) = (Ok(()), Ok(()));
    let mut bytes = 0;
    for _ in 0..1000 {
        to_a.retain(keep);
        to_b.retain(keep);
        if to_a.is_empty() && to_b.is_empty() {
            break;
        }
        for f in std::mem::take(&mut to_b) {
            let enc = f.encode();
            bytes += enc.len();
            let f = Frame::decode(&enc).expect("round trip");
            match b.receive(f, db) {
                Ok(out) => to_a.extend(out),
                Err(StepError::Lan(e)) => {
                    to_a.extend(b.farewell(&e));
                    rb = Err(e);
                    break;
                }
                Err(StepError::Docs(e)) => panic!("docs: {e:?}"),
            }
        }
        to_a.retain(keep);
        for f in std::mem::take(&mut to_a) {
            let enc = f.encode();
            bytes += enc.len();
            match a.receive(Frame::decode(&enc).expect("round trip"), da) {
                Ok(out) => to_b.extend(out),
                Err(StepError::Lan(e)) => {
                    to_b.extend(a.farewell(&e));
                    ra = Err(e);
                    break;
                }
                Err(StepError::Docs(e)) => panic!("docs: {e:?}"),
            }
        }
        if ra.is_err() || rb.is_err() {
            // Deliver the refusal, then stop.
            for f in std::mem::take(&mut to_b) {
                if let Err(StepError::Lan(e)) = b.receive(f, db) {
                    rb = rb.and(Err(e));
                }
            }
            for f in std::mem::take(&mut to_a) {
                if let Err(StepError::Lan(e)) = a.receive(f, da) {
                    ra = ra.and(Err(e));
                }
            }
            break;
        }
    }
    (ra, rb, bytes)
}

fn same(a: &Docs, b: &Docs) -> bool {
    a.0.len() == b.0.len()
        && a.0.iter().all(|(id, d)| {
            b.0.get(id).is_some_and(|e| {
                let mut x = d.get_heads();
                let mut y = e.get_heads();
                x.sort();
                y.sort();
                x == y
            })
        })
}

#[test]
fn two_members_converge_and_a_one_answer_change_is_small() {
    let mut t = Team::new();
    t.op(LogOp::Add(identity(2)));
    let (mut da, mut db) = (Docs::default(), Docs::default());
    edit_as(1, &mut da, 1, "age", "30");
    edit_as(2, &mut db, 2, "vessel", "TH-1234");
    edit_as(1, &mut da, 3, "q", "a");
    db.0.insert(DocId::from_u128(3), da.0[&DocId::from_u128(3)].clone());
    let hash = [7u8; 32];
    let mut a = t.session(Role::Initiator, 1, &hash);
    let mut b = t.session(Role::Responder, 2, &hash);
    let (ra, rb, _) = run(&mut a, &mut da, &mut b, &mut db);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert!(a.is_done() && b.is_done());
    assert!(same(&da, &db), "converged");
    assert_eq!(da.0.len(), 3);
    assert_eq!(a.stats().docs, 2, "the shared record is not synced again");
    assert_eq!(a.peer(), Some(DeviceKey::from_seed([2; 32]).public()));

    // One answer later: only that record moves, in few bytes.
    edit_as(1, &mut da, 1, "age", "31");
    let mut a = t.session(Role::Initiator, 1, &hash);
    let mut b = t.session(Role::Responder, 2, &hash);
    let (ra, rb, bytes) = run(&mut a, &mut da, &mut b, &mut db);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert!(same(&da, &db));
    assert_eq!(b.stats().docs, 1);
    assert!(bytes < 1024, "{bytes} bytes for one answer");
}

#[test]
fn concurrent_edits_of_one_answer_keep_both_values() {
    let mut t = Team::new();
    t.op(LogOp::Add(identity(2)));
    let mut da = Docs::default();
    edit(&mut da, 1, "age", "30");
    let mut db = fork(&da);
    edit(&mut da, 1, "age", "31");
    edit(&mut db, 1, "age", "32");
    let mut a = t.session(Role::Initiator, 1, &[1; 32]);
    let mut b = t.session(Role::Responder, 2, &[1; 32]);
    let (ra, rb, _) = run(&mut a, &mut da, &mut b, &mut db);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    let d = &db.0[&DocId::from_u128(1)];
    assert_eq!(d.get_all(ROOT, "age").expect("all").len(), 2);
    assert!(same(&da, &db));
}

#[test]
fn a_device_of_another_team_is_refused_before_any_record_moves() {
    let t = Team::new();
    // Same team id, its own admin and log: not a member of ours.
    let other_admin = DeviceKey::from_seed([9; 32]);
    let mut other = Membership::new(TEAM, other_admin.public());
    let first = other
        .next_entry(
            &other_admin,
            1,
            LogOp::Genesis {
                admin: identity(9),
                commit: [0; 32],
                pins: Vec::new(),
            },
        )
        .expect("sign");
    other.apply(&first).expect("apply");
    let mut a = Session::new(
        Role::Initiator,
        other_admin,
        other,
        vec![first.encode()],
        &[2; 32],
    );
    let mut da = Docs::default();
    edit(&mut da, 1, "name", "secret");
    let mut db = Docs::default();
    let mut b = t.session(Role::Responder, 1, &[2; 32]);
    let (ra, rb, _) = run(&mut a, &mut da, &mut b, &mut db);
    // The responder's log does not know the caller (nor has it the same
    // head): refused at its Hello, before the responder shows itself.
    assert_eq!(rb, Err(LanError::Log(TeamError::LogBroken)));
    assert_eq!(ra, Err(LanError::Refused(RefuseReason::LogMismatch)));
    assert!(!b.peer_admitted());
    assert!(db.0.is_empty() && da.0.len() == 1);
}

#[test]
fn a_proof_for_another_channel_is_refused() {
    let mut t = Team::new();
    t.op(LogOp::Add(identity(2)));
    let (mut da, mut db) = (Docs::default(), Docs::default());
    edit(&mut da, 1, "q", "x");
    // The two ends saw different handshakes (a man in the middle).
    let mut a = t.session(Role::Initiator, 2, &[3; 32]);
    let mut b = t.session(Role::Responder, 1, &[4; 32]);
    let (ra, rb, _) = run(&mut a, &mut da, &mut b, &mut db);
    assert_eq!(rb, Err(LanError::BadProof));
    assert_eq!(ra, Err(LanError::Refused(RefuseReason::BadProof)));
    assert!(db.0.is_empty());
}

/// Records that must not be touched: a session that looks at them
/// before the peer is admitted fails the test.
struct Untouchable;

impl LanDocs for Untouchable {
    type Error = ();

    fn inventory(&mut self) -> Result<Vec<(DocId, Vec<ChangeHash>)>, ()> {
        panic!("the records were looked at before the caller was admitted")
    }

    fn generate(&mut self, _: DocId, _: &mut DocSyncState) -> Result<Option<Vec<u8>>, ()> {
        panic!("the records were looked at before the caller was admitted")
    }

    fn receive(&mut self, _: DocId, _: &mut DocSyncState, _: &[u8]) -> Result<(), ()> {
        panic!("the records were looked at before the caller was admitted")
    }
}

#[test]
fn a_stranger_is_refused_at_its_hello_and_never_sees_the_responder() {
    let t = Team::new();
    // A device the log does not list, claiming the same log (it copied it).
    let a = t.session(Role::Initiator, 8, &[2; 32]);
    let mut b = t.session(Role::Responder, 1, &[2; 32]);
    let mut none = Untouchable;
    let mut out = Vec::new();
    for f in a.start() {
        match b.receive(f, &mut none) {
            Ok(o) => out.extend(o),
            Err(StepError::Lan(e)) => out.extend(b.farewell(&e)),
            Err(StepError::Docs(())) => panic!("docs"),
        }
    }
    // No Hello of the responder: only the refusal.
    assert_eq!(out, vec![Frame::Refuse(RefuseReason::NotMember)]);
    assert!(!b.peer_admitted());
    // The same with a head that claims a longer log but sends no entry
    // that lists it: the responder shows itself, reads the entries, refuses.
    let mut t2 = Team::new();
    t2.op(LogOp::Add(identity(2)));
    let mut a = t2.session(Role::Initiator, 8, &[3; 32]);
    let mut b = t.session(Role::Responder, 1, &[3; 32]);
    let mut out = Vec::new();
    for f in a.start() {
        out.extend(b.receive(f, &mut none).map_err(|_| ()).expect("hello"));
    }
    assert!(matches!(out[0], Frame::Hello { .. }), "{out:?}");
    for f in out {
        let _ = a.receive(f, &mut Docs::default());
    }
    let r = b.receive(
        Frame::Log {
            from: 1,
            entries: t2.log[1..].to_vec(),
        },
        &mut none,
    );
    assert!(
        r.is_ok() && !b.peer_admitted(),
        "the entries do not list it"
    );
    assert!(matches!(
        b.receive(Frame::Have(Vec::new()), &mut none)
            .and_then(|_| b.receive(Frame::End, &mut none)),
        Err(StepError::Lan(LanError::NotMember))
    ));
}

#[test]
fn a_member_is_admitted_at_its_hello_and_a_new_member_by_its_entries() {
    let mut t = Team::new();
    let old = Team {
        admin: DeviceKey::from_seed([1; 32]),
        log: t.log.clone(),
        m: t.m.clone(),
    };
    t.op(LogOp::Add(identity(2)));
    let mut none = Untouchable;
    // Device 2 was admitted after the responder's last news: its signed
    // head says its log is longer; its entries list it.
    let mut a = t.session(Role::Initiator, 2, &[4; 32]);
    let mut b = old.session(Role::Responder, 1, &[4; 32]);
    let mut out = Vec::new();
    for f in a.start() {
        out.extend(b.receive(f, &mut none).map_err(|_| ()).expect("hello"));
    }
    assert!(!b.peer_admitted());
    let mut back = Vec::new();
    for f in out {
        back.extend(
            a.receive(f, &mut Docs::default())
                .map_err(|_| ())
                .expect("a"),
        );
    }
    for f in back {
        if matches!(f, Frame::Have(_) | Frame::End) {
            break;
        }
        b.receive(f, &mut none).map_err(|_| ()).expect("log");
    }
    assert!(b.peer_admitted(), "admitted by the admin-signed entry");
    // A member the responder already knows: admitted at its Hello.
    let a = t.session(Role::Initiator, 1, &[5; 32]);
    let mut b = t.session(Role::Responder, 2, &[5; 32]);
    for f in a.start() {
        b.receive(f, &mut none).map_err(|_| ()).expect("hello");
    }
    assert!(b.peer_admitted());
}

#[test]
fn a_stale_log_learns_the_new_member_and_a_removal() {
    let mut t = Team::new();
    let old = Team {
        admin: DeviceKey::from_seed([1; 32]),
        log: t.log.clone(),
        m: t.m.clone(),
    };
    t.op(LogOp::Add(identity(2)));
    t.op(LogOp::Add(identity(3)));
    // Device 2 knows the newer log; the admin (1) only its first entry.
    let (mut da, mut db) = (Docs::default(), Docs::default());
    edit(&mut da, 1, "q", "x");
    let mut a = t.session(Role::Initiator, 2, &[5; 32]);
    let mut b = old.session(Role::Responder, 1, &[5; 32]);
    let (ra, rb, _) = run(&mut a, &mut da, &mut b, &mut db);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert_eq!(b.stats().log_entries, 2);
    assert_eq!(b.log().len(), 3);
    assert!(same(&da, &db));

    // Device 3 is removed; it still has the old log. It calls the admin,
    // which knows: refused, and told by the entries that removed it.
    t.op(LogOp::Remove(identity(3).sign));
    let stale = t.first(3);
    let mut c = stale.session(Role::Initiator, 3, &[6; 32]);
    let mut b = t.session(Role::Responder, 1, &[6; 32]);
    let mut dc = Docs::default();
    let (rc, rb, _) = run(&mut c, &mut dc, &mut b, &mut da);
    assert_eq!(rb, Err(LanError::NotMember));
    assert_eq!(rc, Err(LanError::Removed));
    assert_eq!(c.log().len(), 4, "it learnt its removal");
    assert!(dc.0.is_empty());

    // The other way round: the admin calls the stale, removed device.
    let mut a = t.session(Role::Initiator, 1, &[7; 32]);
    let mut c = stale.session(Role::Responder, 3, &[7; 32]);
    let mut dc = Docs::default();
    let (_, rc, _) = run(&mut a, &mut da, &mut c, &mut dc);
    assert_eq!(rc, Err(LanError::Removed));
    assert!(dc.0.is_empty());
}

#[test]
fn forked_logs_are_refused() {
    let mut t = Team::new();
    let mut fork_a = Team {
        admin: DeviceKey::from_seed([1; 32]),
        log: t.log.clone(),
        m: t.m.clone(),
    };
    t.op(LogOp::Add(identity(2)));
    t.op(LogOp::Add(identity(3)));
    // The admin signed another second entry (an equivocating admin key).
    fork_a.op(LogOp::Add(identity(3)));
    fork_a.op(LogOp::Add(identity(2)));
    let mut a = fork_a.session(Role::Initiator, 3, &[8; 32]);
    let mut b = t.session(Role::Responder, 2, &[8; 32]);
    let (ra, rb, _) = run(&mut a, &mut Docs::default(), &mut b, &mut Docs::default());
    assert_eq!(rb, Err(LanError::Log(TeamError::LogBroken)));
    assert_eq!(ra, Err(LanError::Refused(RefuseReason::LogMismatch)));
}

#[test]
fn a_forged_log_entry_is_refused() {
    let t = Team::new();
    // An outsider signs its own "add me" entry and claims a longer log.
    let outsider = DeviceKey::from_seed([8; 32]);
    let forged =
        t.m.next_entry(&outsider, 5, LogOp::Add(identity(8)))
            .expect("sign");
    let mut b = t.session(Role::Responder, 1, &[1; 32]);
    let mut none = Untouchable;
    let head = LogHead {
        len: 2,
        head: forged.hash(),
    };
    let hello = Frame::Hello {
        device: outsider.public(),
        signature: outsider.sign(&proof_body(TEAM, &[1; 32], Role::Initiator, &head)),
        head,
    };
    b.receive(hello, &mut none).map_err(|_| ()).expect("queued");
    let out = b
        .receive(Frame::End, &mut none)
        .map_err(|_| ())
        .expect("hello");
    assert!(
        matches!(out[0], Frame::Hello { .. }),
        "the responder's proof"
    );
    // The outsider answers with the forged entry: refused on arrival.
    match b.receive(
        Frame::Log {
            from: 1,
            entries: vec![forged.encode()],
        },
        &mut none,
    ) {
        Err(StepError::Lan(LanError::Log(TeamError::LogBadSignature))) => {}
        other => panic!("{other:?}"),
    }
    assert!(!b.peer_admitted());
}

#[test]
fn catching_up_with_a_removal_learnt_elsewhere_refuses_the_peer() {
    let mut t = Team::new();
    t.op(LogOp::Add(identity(2)));
    let before = Team {
        admin: DeviceKey::from_seed([1; 32]),
        log: t.log.clone(),
        m: t.m.clone(),
    };
    t.op(LogOp::Remove(identity(2).sign));
    let a = before.session(Role::Initiator, 2, &[9; 32]);
    let mut b = before.session(Role::Responder, 1, &[9; 32]);
    let mut none = Untouchable;
    for f in a.start() {
        b.receive(f, &mut none).map_err(|_| ()).expect("hello");
    }
    assert!(b.peer_admitted());
    // Meanwhile the responder's store learnt the removal.
    assert_eq!(b.catch_up(&t.log), Err(LanError::NotMember));
    assert!(!b.peer_admitted());
    let mut forked = t.log.clone();
    forked[1] = forked[0].clone();
    assert!(b.catch_up(&forked[..1]).is_ok(), "nothing new");
}

#[test]
fn frames_out_of_turn_are_refused() {
    let t = Team::new();
    let mut b = t.session(Role::Responder, 1, &[1; 32]);
    let mut none = Untouchable;
    // A sync message before anyone is admitted: refused on arrival.
    assert!(matches!(
        b.receive(
            Frame::Sync {
                doc: DocId::from_u128(1),
                message: vec![1],
            },
            &mut none,
        ),
        Err(StepError::Lan(LanError::Unexpected))
    ));
    let mut b = t.session(Role::Responder, 1, &[1; 32]);
    assert!(matches!(
        b.receive(Frame::Done, &mut none),
        Err(StepError::Lan(LanError::Unexpected))
    ));
    // More frames than a turn may hold.
    let mut b = t.session(Role::Responder, 1, &[1; 32]);
    for _ in 0..MAX_TURN_FRAMES {
        b.receive(Frame::Have(Vec::new()), &mut none)
            .map_err(|_| ())
            .expect("held");
    }
    assert!(matches!(
        b.receive(Frame::Have(Vec::new()), &mut none),
        Err(StepError::Lan(LanError::TooLarge))
    ));
}

#[test]
fn frames_round_trip_and_truncations_are_refused() {
    let frames = vec![
        Frame::Hello {
            device: DevicePublicKey([3; 32]),
            signature: [4; 64],
            head: LogHead {
                len: 9,
                head: [5; 32],
            },
        },
        Frame::Log {
            from: 2,
            entries: vec![vec![1, 2, 3], vec![]],
        },
        Frame::Have(vec![(DocId::from_u128(5), [6; 16])]),
        Frame::Sync {
            doc: DocId::from_u128(7),
            message: vec![8, 9],
        },
        Frame::End,
        Frame::Done,
        Frame::Refuse(RefuseReason::NotMember),
    ];
    for f in frames {
        let enc = f.encode();
        assert_eq!(Frame::decode(&enc), Ok(f.clone()));
        for cut in 0..enc.len() {
            if matches!(f, Frame::Sync { .. }) && cut > 17 {
                continue; // a shorter message is still a message
            }
            assert!(Frame::decode(&enc[..cut]).is_err(), "{f:?} cut at {cut}");
        }
        if !matches!(f, Frame::Sync { .. }) {
            let mut extra = enc.clone();
            extra.push(0);
            assert_eq!(Frame::decode(&extra), Err(LanError::Malformed));
        }
    }
    assert_eq!(
        Frame::decode(&[3, 0xff, 0xff, 0xff, 0xff]),
        Err(LanError::TooLarge)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn hostile_frames_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = Frame::decode(&bytes);
        let t = Team::new();
        let mut b = t.session(Role::Responder, 1, &[1; 32]);
        let mut db = Docs::default();
        if let Ok(f) = Frame::decode(&bytes) {
            let _ = b.receive(f, &mut db);
            let _ = b.receive(Frame::End, &mut db);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Random edits on both sides (shared history, divergent edits, records
    /// only one side has): one session always leaves both identical, and a
    /// second session finds nothing to do.
    #[test]
    fn any_two_replicas_converge_in_one_session(
        shared in proptest::collection::vec((0u128..6, 0u8..4, 0u8..5), 0..10),
        on_a in proptest::collection::vec((0u128..6, 0u8..4, 0u8..5), 0..10),
        on_b in proptest::collection::vec((0u128..6, 0u8..4, 0u8..5), 0..10),
        b_starts in any::<bool>(),
    ) {
        let mut t = Team::new();
        t.op(LogOp::Add(identity(2)));
        let mut da = Docs::default();
        for (d, k, v) in &shared {
            edit(&mut da, *d, &format!("k{k}"), &format!("v{v}"));
        }
        let mut db = fork(&da);
        for (d, k, v) in &on_a {
            edit(&mut da, *d, &format!("k{k}"), &format!("a{v}"));
        }
        for (d, k, v) in &on_b {
            edit(&mut db, *d, &format!("k{k}"), &format!("b{v}"));
        }
        let (ia, ib) = if b_starts { (2, 1) } else { (1, 2) };
        let mut a = t.session(Role::Initiator, ia, &[9; 32]);
        let mut b = t.session(Role::Responder, ib, &[9; 32]);
        let (ra, rb, _) = if b_starts {
            run(&mut a, &mut db, &mut b, &mut da)
        } else {
            run(&mut a, &mut da, &mut b, &mut db)
        };
        prop_assert_eq!((ra, rb), (Ok(()), Ok(())));
        prop_assert!(same(&da, &db));
        let mut a = t.session(Role::Initiator, 1, &[9; 32]);
        let mut b = t.session(Role::Responder, 2, &[9; 32]);
        let (ra, rb, _) = run(&mut a, &mut da, &mut b, &mut db);
        prop_assert_eq!((ra, rb), (Ok(()), Ok(())));
        prop_assert_eq!(a.stats().docs, 0);
    }
}

// ----- inventories remembered between sessions ---------------------------

/// Documents and, per peer, the inventory of the last complete session.
#[derive(Default, Clone)]
struct Remembering {
    docs: Docs,
    memory: BTreeMap<[u8; 32], PeerMemory>,
    /// Records whose digest this store misreports (a lying peer).
    lie: BTreeMap<DocId, [u8; 16]>,
}

impl LanDocs for Remembering {
    type Error = automerge::AutomergeError;

    fn inventory(&mut self) -> Result<Vec<(DocId, Vec<ChangeHash>)>, Self::Error> {
        self.docs.inventory()
    }

    fn generate(
        &mut self,
        doc: DocId,
        state: &mut DocSyncState,
    ) -> Result<Option<Vec<u8>>, Self::Error> {
        self.docs.generate(doc, state)
    }

    fn receive(
        &mut self,
        doc: DocId,
        state: &mut DocSyncState,
        message: &[u8],
    ) -> Result<(), Self::Error> {
        self.docs.receive(doc, state, message)
    }

    fn digests(&mut self) -> Result<Vec<(DocId, [u8; 16])>, Self::Error> {
        let mut out = self.docs.digests()?;
        for (d, h) in &mut out {
            if let Some(fake) = self.lie.get(d) {
                *h = *fake;
            }
        }
        Ok(out)
    }

    fn recall(&mut self, peer: &DevicePublicKey) -> Result<Option<PeerMemory>, Self::Error> {
        Ok(self.memory.get(&peer.0).cloned())
    }

    fn remember(&mut self, peer: &DevicePublicKey, memory: &PeerMemory) -> Result<(), Self::Error> {
        self.memory.insert(peer.0, memory.clone());
        Ok(())
    }
}

fn digest_of(docs: &Docs, doc: u128) -> [u8; 16] {
    heads_digest(&docs.0[&DocId::from_u128(doc)].get_heads())
}

/// Two remembering devices sharing `n` records after a first (whole)
/// session, and their team.
fn remembering_pair(n: u128) -> (Team, Remembering, Remembering) {
    let mut t = Team::new();
    t.op(LogOp::Add(identity(2)));
    let mut da = Remembering::default();
    for i in 0..n {
        edit(&mut da.docs, i, "q", &format!("v{i}"));
    }
    let mut db = Remembering::default();
    let r = session_between(&t, &mut da, &mut db);
    assert_eq!(r.0, (Ok(()), Ok(())));
    assert!(
        !r.1.incremental,
        "nothing remembered yet: whole inventories"
    );
    assert!(same(&da.docs, &db.docs));
    (t, da, db)
}

/// One session, device 1 (with `da`) calling device 2 (with `db`): both
/// results, the initiator's stats, the bytes that crossed.
fn session_between(t: &Team, da: &mut Remembering, db: &mut Remembering) -> (Both, LanStats) {
    let mut a = t.session(Role::Initiator, 1, &[0x33; 32]);
    let mut b = t.session(Role::Responder, 2, &[0x33; 32]);
    let (ra, rb, _) = run_filtered(&mut a, da, &mut b, db, &|_| true);
    assert_eq!(a.stats().incremental, b.stats().incremental);
    assert_eq!(
        a.stats().docs,
        b.stats().docs,
        "both planned the same records"
    );
    ((ra, rb), a.stats().clone())
}

/// Both sides' results.
type Both = (Result<(), LanError>, Result<(), LanError>);

#[test]
fn an_incremental_session_sends_only_the_changed_record() {
    let (t, mut da, mut db) = remembering_pair(300);
    let key_b = DeviceKey::from_seed([2; 32]).public();
    assert_eq!(
        da.memory[&key_b.0].docs.len(),
        300,
        "the initiator remembers the inventory"
    );
    assert_eq!(
        da.memory[&key_b.0],
        db.memory[&DeviceKey::from_seed([1; 32]).public().0]
    );
    // One answer on A, another record on B.
    edit(&mut da.docs, 7, "age", "31");
    edit(&mut db.docs, 300, "new", "record");
    let mut a = t.session(Role::Initiator, 1, &[0x34; 32]);
    let mut b = t.session(Role::Responder, 2, &[0x34; 32]);
    let mut seen: std::cell::RefCell<Vec<Frame>> = std::cell::RefCell::default();
    let (ra, rb, bytes) = run_filtered(&mut a, &mut da, &mut b, &mut db, &|f| {
        seen.borrow_mut().push(f.clone());
        true
    });
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert!(a.stats().incremental && b.stats().incremental);
    assert_eq!(a.stats().docs, 2, "only the two changed records");
    assert!(same(&da.docs, &db.docs));
    let seen = seen.get_mut();
    assert!(
        !seen.iter().any(|f| matches!(f, Frame::Have(_))),
        "no whole inventory"
    );
    let sinces: Vec<&Vec<(DocId, [u8; 16])>> = seen
        .iter()
        .filter_map(|f| match f {
            Frame::Since { changed, .. } => Some(changed),
            _ => None,
        })
        .collect();
    assert_eq!(
        sinces,
        vec![
            &vec![(DocId::from_u128(7), digest_of(&da.docs, 7))],
            &vec![(DocId::from_u128(300), digest_of(&db.docs, 300))]
        ]
    );
    // 300 records cost 32 B each in a whole inventory: this is far less.
    assert!(bytes < 2_000, "{bytes} bytes");
    // Both remember the new inventory; a session with no change moves no record.
    assert_eq!(da.memory[&key_b.0].docs.len(), 301);
    let ((ra, rb), stats) = session_between(&t, &mut da, &mut db);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert!(stats.incremental);
    assert_eq!(stats.docs, 0);
}

#[test]
fn remembered_inventories_that_disagree_fall_back_to_whole_ones_and_converge() {
    let (t, mut da, mut db) = remembering_pair(50);
    let key_a = DeviceKey::from_seed([1; 32]).public();
    // B's memory of A differs from A's (a restored backup, a lost frame):
    // one record remembered with another digest.
    let m = db.memory.get_mut(&key_a.0).expect("remembered");
    m.docs.insert(DocId::from_u128(3), [9; 16]);
    // Meanwhile a record changes on B that neither memory would reveal if
    // B trusted its own: record 3 itself.
    edit(&mut db.docs, 3, "q", "changed on B");
    edit(&mut da.docs, 4, "q", "changed on A");
    let ((ra, rb), stats) = session_between(&t, &mut da, &mut db);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert!(!stats.incremental, "the bases differ: whole inventories");
    assert_eq!(stats.docs, 2);
    assert!(same(&da.docs, &db.docs));
    // Both remember the same inventory again: the next one is incremental.
    edit(&mut da.docs, 5, "q", "again");
    let ((ra, rb), stats) = session_between(&t, &mut da, &mut db);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert!(stats.incremental);
    assert_eq!(stats.docs, 1);
    assert!(same(&da.docs, &db.docs));
}

#[test]
fn a_side_that_lost_its_memory_still_converges() {
    for lost_on_initiator in [false, true] {
        let (t, mut da, mut db) = remembering_pair(40);
        if lost_on_initiator {
            da.memory.clear();
        } else {
            db.memory.clear();
        }
        edit(&mut da.docs, 1, "q", "a");
        edit(&mut db.docs, 2, "q", "b");
        edit(&mut db.docs, 77, "q", "new on b");
        let ((ra, rb), stats) = session_between(&t, &mut da, &mut db);
        assert_eq!((ra, rb), (Ok(()), Ok(())));
        assert!(!stats.incremental);
        assert_eq!(stats.docs, 3);
        assert!(
            same(&da.docs, &db.docs),
            "lost on initiator: {lost_on_initiator}"
        );
        edit(&mut db.docs, 2, "q", "c");
        let ((ra, rb), stats) = session_between(&t, &mut da, &mut db);
        assert_eq!((ra, rb), (Ok(()), Ok(())));
        assert!(stats.incremental && stats.docs == 1);
        assert!(same(&da.docs, &db.docs));
    }
}

#[test]
fn a_false_inventory_cannot_make_a_record_be_skipped_for_good() {
    // B hides a change of its own (reports record 5 as unchanged), and
    // claims A's change of record 6 is already there.
    let (t, mut da, mut db) = remembering_pair(20);
    edit(&mut db.docs, 5, "q", "hidden on b");
    edit(&mut da.docs, 6, "q", "new on a");
    db.lie.insert(DocId::from_u128(5), digest_of(&da.docs, 5));
    db.lie.insert(DocId::from_u128(6), digest_of(&da.docs, 6));
    let ((ra, rb), stats) = session_between(&t, &mut da, &mut db);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert!(stats.incremental);
    assert!(!same(&da.docs, &db.docs), "the lie held for this session");
    // The next session, without the lie: the records converge (B lists
    // its change; A's record 6 is found by the bases, or B's changes).
    db.lie.clear();
    let ((ra, rb), _) = session_between(&t, &mut da, &mut db);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert!(same(&da.docs, &db.docs));
    // A lie about the base itself (the peer claims an inventory A never
    // remembered): A answers with its whole inventory.
    let key_b = DeviceKey::from_seed([2; 32]).public();
    da.memory.get_mut(&key_b.0).expect("m").docs.clear();
    edit(&mut db.docs, 9, "q", "after");
    let mut a = t.session(Role::Initiator, 2, &[0x35; 32]);
    let mut b = t.session(Role::Responder, 1, &[0x35; 32]);
    let (ra, rb, _) = run_filtered(&mut a, &mut db, &mut b, &mut da, &|_| true);
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert!(!a.stats().incremental);
    assert!(same(&da.docs, &db.docs));
}

#[test]
fn a_peer_of_an_earlier_version_gets_whole_inventories() {
    // An earlier version never sends an empty log frame nor one that
    // starts before the other's head: drop those, as if it were one.
    let mut t = Team::new();
    t.op(LogOp::Add(identity(2)));
    let mut da = Remembering::default();
    let mut db = Remembering::default();
    edit(&mut da.docs, 1, "q", "x");
    let earlier = |f: &Frame| !matches!(f, Frame::Log { entries, .. } if entries.is_empty());
    for round in 0..2 {
        let mut a = t.session(Role::Initiator, 1, &[0x36; 32]);
        let mut b = t.session(Role::Responder, 2, &[0x36; 32]);
        let (ra, rb, _) = run_filtered(&mut a, &mut da, &mut b, &mut db, &earlier);
        assert_eq!((ra, rb), (Ok(()), Ok(())), "round {round}");
        assert!(!a.stats().incremental);
        assert!(same(&da.docs, &db.docs));
        edit(&mut db.docs, 2, "q", "y");
    }
    assert!(
        da.memory.is_empty() && db.memory.is_empty(),
        "nothing remembered"
    );
    // And the frames a remembering side sends merge in an earlier side's
    // log as before: an entry it has, then those it lacks.
    let old = t.first(1);
    let mut b = old.session(Role::Responder, 1, &[0x37; 32]);
    let mut a = t.session(Role::Initiator, 2, &[0x37; 32]);
    let (ra, rb, _) = run(&mut a, &mut Docs::default(), &mut b, &mut Docs::default());
    assert_eq!((ra, rb), (Ok(()), Ok(())));
    assert_eq!(b.log().len(), 2);
    assert_eq!(
        b.stats().log_entries,
        1,
        "the overlapping entry is not counted"
    );
}

#[test]
fn since_frames_and_memories_round_trip_and_truncations_are_refused() {
    let f = Frame::Since {
        base: [1; 16],
        changed: vec![
            (DocId::from_u128(5), [6; 16]),
            (DocId::from_u128(9), ABSENT),
        ],
    };
    let enc = f.encode();
    assert_eq!(Frame::decode(&enc), Ok(f.clone()));
    for cut in 0..enc.len() {
        assert!(Frame::decode(&enc[..cut]).is_err(), "cut at {cut}");
    }
    let mut extra = enc.clone();
    extra.push(0);
    assert_eq!(Frame::decode(&extra), Err(LanError::Malformed));
    let mut huge = vec![8u8; 17];
    huge.extend_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(Frame::decode(&huge), Err(LanError::TooLarge));

    let mut m = PeerMemory::default();
    m.docs.insert(DocId::from_u128(2), [3; 16]);
    m.docs.insert(DocId::from_u128(1), [4; 16]);
    let enc = m.encode();
    assert_eq!(PeerMemory::decode(&enc), Some(m.clone()));
    for cut in 0..enc.len() {
        assert_eq!(PeerMemory::decode(&enc[..cut]), None, "cut at {cut}");
    }
    // Records out of order, repeated, another version: not a memory.
    let mut swapped = enc.clone();
    swapped[5..37].copy_from_slice(&enc[37..69]);
    swapped[37..69].copy_from_slice(&enc[5..37]);
    assert_eq!(PeerMemory::decode(&swapped), None);
    let mut twice = enc.clone();
    twice[37..53].copy_from_slice(&enc[5..21]);
    assert_eq!(PeerMemory::decode(&twice), None);
    let mut v2 = enc.clone();
    v2[0] = 2;
    assert_eq!(PeerMemory::decode(&v2), None);
    // The base depends on every record and digest.
    let mut other = m.clone();
    other.docs.insert(DocId::from_u128(2), [5; 16]);
    assert_ne!(m.base(), other.base());
    other.docs.remove(&DocId::from_u128(2));
    assert_ne!(m.base(), other.base());
}

#[test]
fn a_since_out_of_turn_or_with_a_false_base_is_refused() {
    let (t, mut da, mut db) = remembering_pair(3);
    edit(&mut da.docs, 1, "q", "changed");
    // Hellos, then A's Since.
    let opening = |a: &mut Session, b: &mut Session, da: &mut Remembering, db: &mut Remembering| {
        let mut to_a = Vec::new();
        for f in a.start() {
            to_a.extend(b.receive(f, db).map_err(|_| ()).expect("b"));
        }
        let mut to_b = Vec::new();
        for f in to_a {
            to_b.extend(a.receive(f, da).map_err(|_| ()).expect("a"));
        }
        to_b
    };
    let mut a = t.session(Role::Initiator, 1, &[0x38; 32]);
    let mut b = t.session(Role::Responder, 2, &[0x38; 32]);
    let to_b = opening(&mut a, &mut b, &mut da, &mut db);
    assert!(
        to_b.iter().any(|f| matches!(f, Frame::Since { .. })),
        "{to_b:?}"
    );
    // The responder answers with a Since of another base: refused.
    let forged = Frame::Since {
        base: [0xee; 16],
        changed: Vec::new(),
    };
    assert!(matches!(
        a.receive(forged.clone(), &mut da),
        Err(StepError::Lan(LanError::Unexpected))
    ));
    // A Since listing a record twice: malformed.
    let mut a = t.session(Role::Initiator, 1, &[0x39; 32]);
    let mut b = t.session(Role::Responder, 2, &[0x39; 32]);
    let to_b = opening(&mut a, &mut b, &mut da, &mut db);
    let twice = to_b
        .into_iter()
        .map(|f| match f {
            Frame::Since { base, .. } => Frame::Since {
                base,
                changed: vec![(DocId::from_u128(1), [1; 16]); 2],
            },
            f => f,
        })
        .collect::<Vec<_>>();
    let r: Vec<_> = twice.into_iter().map(|f| b.receive(f, &mut db)).collect();
    assert!(
        matches!(r.last(), Some(Err(StepError::Lan(LanError::Malformed)))),
        "{:?}",
        r.last().map(|r| r.as_ref().map_err(|_| ()))
    );
    // A Since while syncing: refused at the end of the turn.
    let mut a = t.session(Role::Initiator, 1, &[0x3a; 32]);
    let mut b = t.session(Role::Responder, 2, &[0x3a; 32]);
    let to_b = opening(&mut a, &mut b, &mut da, &mut db);
    let mut to_a = Vec::new();
    for f in to_b {
        to_a.extend(b.receive(f, &mut db).map_err(|_| ()).expect("b"));
    }
    for f in to_a {
        if f == Frame::End {
            break;
        }
        a.receive(f, &mut da).map_err(|_| ()).expect("a");
    }
    a.receive(forged, &mut da)
        .map_err(|_| ())
        .expect("held for the turn");
    assert!(matches!(
        a.receive(Frame::End, &mut da),
        Err(StepError::Lan(LanError::Unexpected))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// Sessions one after another, with edits on both sides between them,
    /// memories lost at random and roles swapped: every session leaves both
    /// identical, whether its inventories were whole or incremental.
    #[test]
    fn remembering_replicas_converge_after_every_session(
        steps in proptest::collection::vec(
            (
                proptest::collection::vec((0u128..8, 0u8..3, 0u8..5), 0..6),
                proptest::collection::vec((0u128..8, 0u8..3, 0u8..5), 0..6),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            ),
            1..6,
        ),
    ) {
        let mut t = Team::new();
        t.op(LogOp::Add(identity(2)));
        let (mut da, mut db) = (Remembering::default(), Remembering::default());
        for (i, (on_a, on_b, a_forgets, b_forgets, b_calls)) in steps.iter().enumerate() {
            for (d, k, v) in on_a {
                edit(&mut da.docs, *d, &format!("k{k}"), &format!("a{v}"));
            }
            for (d, k, v) in on_b {
                edit(&mut db.docs, *d, &format!("k{k}"), &format!("b{v}"));
            }
            if *a_forgets {
                da.memory.clear();
            }
            if *b_forgets {
                db.memory.clear();
            }
            let hash = [i as u8; 32];
            let (ia, ib) = if *b_calls { (2, 1) } else { (1, 2) };
            let mut a = t.session(Role::Initiator, ia, &hash);
            let mut b = t.session(Role::Responder, ib, &hash);
            let (ra, rb, _) = if *b_calls {
                run_filtered(&mut a, &mut db, &mut b, &mut da, &|_| true)
            } else {
                run_filtered(&mut a, &mut da, &mut b, &mut db, &|_| true)
            };
            prop_assert_eq!((ra, rb), (Ok(()), Ok(())));
            prop_assert!(same(&da.docs, &db.docs), "step {}", i);
            // Both remember the same inventory: the next session with no
            // change is incremental and moves nothing.
            prop_assert_eq!(a.stats().incremental, b.stats().incremental);
        }
        let mut a = t.session(Role::Initiator, 1, &[0xff; 32]);
        let mut b = t.session(Role::Responder, 2, &[0xff; 32]);
        let (ra, rb, _) = run_filtered(&mut a, &mut da, &mut b, &mut db, &|_| true);
        prop_assert_eq!((ra, rb), (Ok(()), Ok(())));
        prop_assert!(a.stats().incremental);
        prop_assert_eq!(a.stats().docs, 0);
    }
}
