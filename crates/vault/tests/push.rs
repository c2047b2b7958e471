//! What a relay push reads of a record (`Vault::export_for_push`) and what
//! a receiver stores of a record new to it (`Vault::merge_many`): a record
//! is pushed as it is stored when it can be (no Automerge load or save) and
//! arrives equal; an unchanged record is skipped without being read; bytes
//! that do not load whole are refused and store nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use vault::{ChangeHash, DamageReason, RecordId, Status, Vault, VaultError, heads_digest};

fn sorted(mut h: Vec<ChangeHash>) -> Vec<ChangeHash> {
    h.sort();
    h
}

/// A push of a record the relay has nothing of, read from disk.
fn push_whole(v: &mut Vault, id: RecordId) -> vault::PushRead {
    let p = v
        .export_for_push(id, None, |_| Some(Vec::new()))
        .unwrap()
        .unwrap();
    assert!(p.whole);
    p
}

/// A record stored as a snapshot and a small change after it is pushed as
/// it is stored (not the compacted form a load and save would give), with
/// its heads read from the bytes; the receiver stores those bytes as the
/// record's one chunk, and it reads back equal, before and after a reopen.
#[test]
fn a_record_pushed_as_stored_arrives_equal_and_is_stored_as_it_came() {
    let dir = tempfile::tempdir().unwrap();
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    let mut a = create(&a_dir);
    let id = a.create_interview(new_record("as stored")).unwrap();
    let mut found = None;
    for i in 0..400 {
        answer(&mut a, id, &format!("q{i:03}"), "yes", i);
        // From disk, not from the cache (the unlock folded the answer's
        // journal row, which loaded the record: the lock forgets it).
        drop(a);
        a = open_unlocked(&a_dir);
        a.lock();
        a.unlock(&pass()).unwrap();
        let p = push_whole(&mut a, id);
        let compacted = a.export_snapshot(id).unwrap();
        if p.bytes != compacted {
            found = Some((p, compacted));
            break;
        }
    }
    let (p, compacted) =
        found.expect("a snapshot with a small change after it is pushed as stored");
    assert!(
        p.bytes.len() > compacted.len(),
        "a snapshot and its changes"
    );
    assert_eq!(sorted(p.heads.clone()), sorted(a.heads(id).unwrap()));
    let mut b = create(&b_dir);
    let merged = b.merge_many(&[(id, &p.bytes[..])]).unwrap();
    assert_eq!(merged.len(), 1);
    assert!(merged[0].before.is_empty());
    assert_eq!(sorted(merged[0].after.clone()), sorted(p.heads.clone()));
    assert_eq!(b.read_record(id).unwrap(), a.read_record(id).unwrap());
    assert_eq!(b.digest(id).unwrap(), Some(heads_digest(&p.heads)));
    drop(b);
    assert_eq!(rows(&b_dir, "chunks").len(), 1, "stored as it came");
    let mut b = open_unlocked(&b_dir);
    assert_eq!(b.read_record(id).unwrap(), a.read_record(id).unwrap());
    // It goes on from there like any record.
    answer(&mut b, id, "after", "yes", 99);
    answer(&mut a, id, "after", "yes", 99);
    assert_eq!(
        b.read_record(id).unwrap().answers.len(),
        a.read_record(id).unwrap().answers.len()
    );
}

/// A finished record is one snapshot: pushed as those bytes, compacted
/// already, and it arrives equal.
#[test]
fn a_finished_record_is_pushed_as_its_stored_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    let mut a = create(&a_dir);
    let id = a.create_interview(new_record("finished")).unwrap();
    for i in 0..12 {
        answer(&mut a, id, &format!("q{i}"), "answer", i);
    }
    a.set_status(id, Status::Complete, t(50)).unwrap();
    drop(a);
    let mut a = open_unlocked(&a_dir);
    let p = push_whole(&mut a, id);
    let loaded = automerge::Automerge::load(&p.bytes).unwrap();
    assert_eq!(sorted(loaded.get_heads()), sorted(p.heads.clone()));
    assert_eq!(p.bytes, a.export_snapshot(id).unwrap());
    let mut b = create(&b_dir);
    b.merge_many(&[(id, &p.bytes[..])]).unwrap();
    assert_eq!(b.read_record(id).unwrap(), a.read_record(id).unwrap());
}

/// The relay has the record's heads (their digest is what the index row
/// keeps): the push skips it without reading its chunks — here deleted,
/// which any read would report. A digest of older heads makes it read.
#[test]
fn an_unchanged_record_is_skipped_unread_and_a_changed_one_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let id = v.create_interview(new_record("pushed")).unwrap();
    answer(&mut v, id, "age", "30", 1);
    let early = v.heads(id).unwrap();
    answer(&mut v, id, "name", "Aung", 2);
    let now = v.heads(id).unwrap();
    drop(v);
    let mut v = open_unlocked(dir.path());
    // Changed since the relay's heads: read, and only the changes after them.
    let mut asked = None;
    let p = v
        .export_for_push(id, Some(heads_digest(&early)), |h| {
            asked = Some(h.to_vec());
            Some(early.clone())
        })
        .unwrap()
        .unwrap();
    assert_eq!(sorted(asked.unwrap()), sorted(now.clone()));
    assert!(!p.whole);
    assert_eq!(p.bytes, v.export_changes(id, &early).unwrap());
    drop(v);
    tamper(dir.path(), |c| {
        c.execute("DELETE FROM chunks", []).unwrap();
    });
    let mut v = open_unlocked(dir.path());
    let unread = v
        .export_for_push(id, Some(heads_digest(&now)), |_| {
            panic!("an unchanged record is not read")
        })
        .unwrap();
    assert!(unread.is_none());
    // Not unchanged: read, and the missing chunks say so.
    let read = v.export_for_push(id, Some(heads_digest(&early)), |_| None);
    assert!(
        matches!(
            read,
            Err(VaultError::RecordDamaged {
                reason: DamageReason::Missing,
                ..
            })
        ),
        "{read:?}"
    );
}

/// Bytes for a record new here that do not load whole on their own into a
/// record — garbage, a truncated snapshot, a snapshot with bytes after it,
/// changes whose dependencies are missing, a document that is no record —
/// are refused as damaged, and nothing is
/// stored, not even the good record beside them in the same call.
#[test]
fn a_receiver_given_bytes_that_do_not_load_stores_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    let mut a = create(&a_dir);
    let id = a.create_interview(new_record("source")).unwrap();
    let good = a.create_interview(new_record("good")).unwrap();
    answer(&mut a, id, "age", "30", 1);
    let early = a.heads(id).unwrap();
    answer(&mut a, id, "name", "Aung", 2);
    let snapshot = a.export_snapshot(id).unwrap();
    let good_bytes = a.export_snapshot(good).unwrap();
    let mut tail = snapshot.clone();
    tail.extend_from_slice(b"not a chunk");
    let later = a.export_changes(id, &early).unwrap();
    let mut other = automerge::AutoCommit::new();
    automerge::transaction::Transactable::put(&mut other, automerge::ROOT, "kind", "x").unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a document that is not a record", other.save()),
        ("garbage", b"garbage".to_vec()),
        ("truncated", snapshot[..snapshot.len() - 3].to_vec()),
        ("bytes after the snapshot", tail),
        ("changes without their dependencies", later),
    ];
    let mut b = create(&b_dir);
    for (what, bytes) in &cases {
        let got = b.merge_many(&[(good, &good_bytes[..]), (id, &bytes[..])]);
        assert!(
            matches!(got, Err(VaultError::RecordDamaged { id: bad, .. }) if bad == id),
            "{what}: {got:?}"
        );
        assert!(b.list().unwrap().is_empty(), "{what}: nothing stored");
    }
    drop(b);
    assert!(rows(&b_dir, "chunks").is_empty());
    assert!(rows(&b_dir, "records").is_empty());
}

/// Many records read together (loads on every core) give, in order, what
/// one read each gives: cached, unchanged, changed since the relay's
/// heads, new to the relay; and a damaged one fails the call.
#[test]
fn many_push_reads_give_what_one_read_each_gives() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let ids: Vec<RecordId> = (0..9)
        .map(|i| v.create_interview(new_record(&format!("r{i}"))).unwrap())
        .collect();
    let mut relay: std::collections::HashMap<RecordId, Vec<ChangeHash>> =
        std::collections::HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        for n in 0..(i % 4) * 3 {
            answer(&mut v, *id, &format!("q{n}"), "a", n as i64);
        }
        // 0: new to the relay, 1: changed since, 2: unchanged.
        if i % 3 != 0 {
            relay.insert(*id, v.heads(*id).unwrap());
        }
        if i % 3 == 1 {
            answer(&mut v, *id, "later", "b", 40);
        }
    }
    drop(v);
    let mut v = open_unlocked(dir.path());
    v.read_record(ids[4]).unwrap();
    let pushed = |id: &RecordId| relay.get(id).map(|h| heads_digest(h));
    let to_push = |id: RecordId, heads: &[ChangeHash]| -> Option<Vec<ChangeHash>> {
        let has = relay.get(&id).cloned().unwrap_or_default();
        (sorted(has.clone()) != sorted(heads.to_vec())).then_some(has)
    };
    let asked: Vec<(RecordId, Option<[u8; 16]>)> = ids.iter().map(|id| (*id, pushed(id))).collect();
    let many = v.export_for_push_many(&asked, to_push).unwrap();
    assert_eq!(many.len(), ids.len());
    for ((id, p), got) in asked.iter().zip(&many) {
        let one = v.export_for_push(*id, *p, |h| to_push(*id, h)).unwrap();
        assert_eq!(got, &one, "{id:?}");
    }
    assert!(many.iter().filter(|p| p.is_none()).count() >= 1);
    assert!(many.iter().any(|p| p.as_ref().is_some_and(|p| !p.whole)));
    assert!(many.iter().any(|p| p.as_ref().is_some_and(|p| p.whole)));
    drop(v);
    tamper(dir.path(), |c| {
        c.execute("DELETE FROM chunks", []).unwrap();
    });
    let mut v = open_unlocked(dir.path());
    assert!(matches!(
        v.export_for_push_many(&asked, to_push),
        Err(VaultError::RecordDamaged { .. })
    ));
}
