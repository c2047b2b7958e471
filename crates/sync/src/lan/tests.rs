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
        t.op(LogOp::Add(identity(1)));
        t
    }

    fn op(&mut self, op: LogOp) {
        let e = self.m.next_entry(&self.admin, op);
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
    let mut to_b: Vec<Frame> = a.start();
    let mut to_a: Vec<Frame> = b.start();
    let (mut ra, mut rb) = (Ok(()), Ok(()));
    let mut bytes = 0;
    for _ in 0..1000 {
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
                    to_a.extend(e.refusal());
                    rb = Err(e);
                    break;
                }
                Err(StepError::Docs(e)) => panic!("docs: {e}"),
            }
        }
        for f in std::mem::take(&mut to_a) {
            let enc = f.encode();
            bytes += enc.len();
            match a.receive(Frame::decode(&enc).expect("round trip"), da) {
                Ok(out) => to_b.extend(out),
                Err(StepError::Lan(e)) => {
                    to_b.extend(e.refusal());
                    ra = Err(e);
                    break;
                }
                Err(StepError::Docs(e)) => panic!("docs: {e}"),
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
    edit(&mut da, 1, "age", "30");
    edit(&mut db, 2, "vessel", "TH-1234");
    edit(&mut da, 3, "q", "a");
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
    edit(&mut da, 1, "age", "31");
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
    let first = other.next_entry(&other_admin, LogOp::Add(identity(9)));
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
    // The initiator sees first that the responder is not in its log.
    assert_eq!(ra, Err(LanError::NotMember));
    assert_eq!(rb, Err(LanError::Refused(RefuseReason::NotMember)));
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

    // Device 3 is removed; it still has the old log, and the admin, which
    // knows, refuses it.
    t.op(LogOp::Remove(identity(3).sign));
    let mut a = t.session(Role::Initiator, 1, &[6; 32]);
    let stale = Team {
        admin: DeviceKey::from_seed([1; 32]),
        log: t.log[..3].to_vec(),
        m: Membership::from_log(TEAM, t.m.admin(), &t.log[..3]).expect("log"),
    };
    let mut c = stale.session(Role::Responder, 3, &[6; 32]);
    let mut dc = Docs::default();
    let (_, rc, _) = run(&mut a, &mut da, &mut c, &mut dc);
    assert_eq!(rc, Err(LanError::Refused(RefuseReason::NotMember)));
    assert!(dc.0.is_empty());
}

#[test]
fn a_forged_log_entry_is_refused() {
    let t = Team::new();
    // An outsider signs its own "add me" entry.
    let outsider = DeviceKey::from_seed([8; 32]);
    let forged = t.m.next_entry(&outsider, LogOp::Add(identity(8))).encode();
    let mut log = t.log.clone();
    log.push(forged);
    let mut b = t.session(Role::Responder, 1, &[1; 32]);
    let mut db = Docs::default();
    let a = Session::new(
        Role::Initiator,
        outsider,
        t.m.clone(),
        t.log.clone(),
        &[1; 32],
    );
    for f in a.start() {
        let out = b.receive(f, &mut db).map_err(|_| ()).expect("hello");
        if !out.is_empty() {
            assert!(
                matches!(out[0], Frame::Hello { .. }),
                "the responder's proof"
            );
        }
    }
    // The outsider answers with the forged entry.
    let r = b.receive(
        Frame::Log {
            from: 1,
            entries: vec![log[1].clone()],
        },
        &mut db,
    );
    assert!(r.is_ok(), "frames wait for the end of the turn");
    let r = b.receive(Frame::Have(Vec::new()), &mut db);
    assert!(r.is_ok());
    match b.receive(Frame::End, &mut db) {
        Err(StepError::Lan(LanError::Log(TeamError::LogBadSignature))) => {}
        other => panic!("{other:?}"),
    }
    assert!(db.0.is_empty());
}

#[test]
fn frames_out_of_turn_are_refused() {
    let t = Team::new();
    let mut b = t.session(Role::Responder, 1, &[1; 32]);
    let mut db = Docs::default();
    b.receive(
        Frame::Sync {
            doc: DocId::from_u128(1),
            message: vec![1],
        },
        &mut db,
    )
    .map_err(|_| ())
    .expect("queued");
    assert!(matches!(
        b.receive(Frame::End, &mut db),
        Err(StepError::Lan(LanError::Unexpected))
    ));
    let mut b = t.session(Role::Responder, 1, &[1; 32]);
    assert!(matches!(
        b.receive(Frame::Done, &mut db),
        Err(StepError::Lan(LanError::Unexpected))
    ));
}

#[test]
fn frames_round_trip_and_truncations_are_refused() {
    let frames = vec![
        Frame::Hello {
            device: DevicePublicKey([3; 32]),
            signature: [4; 64],
            log_len: 9,
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
