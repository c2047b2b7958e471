//! An answer in the document: one operation, its history read from the
//! document's changes, and the record's time of latest change read from
//! the answers themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use vault::{RecordState, Status};

/// What an answer adds to a record: one change holding one operation (the
/// value and its provenance), whether it is a first answer, a correction or
/// a long free-text one.
#[test]
fn an_answer_is_one_change_of_one_operation() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let id = v.create_interview(new_record("x")).unwrap();
    answer(&mut v, id, "hours", "16", 1);
    for (q, value, secs) in [
        ("dob", "1990-02-03", 2),
        ("hours", "18", 3),
        ("notes", "ทำงานวันละ 18 ชั่วโมง ไม่มีวันหยุด", 4),
    ] {
        let heads = v.heads(id).unwrap();
        answer(&mut v, id, q, value, secs);
        let bytes = v.export_changes(id, &heads).unwrap();
        let change = automerge::Change::from_bytes(bytes).expect("exactly one change");
        assert_eq!(change.len(), 1, "{q}: one operation");
    }
    let h = v.answer_history(id, "hours").unwrap();
    assert_eq!(
        h.iter().map(|e| e.answer.value.clone()).collect::<Vec<_>>(),
        vec![val("16"), val("18")]
    );
}

fn listed_updated(v: &mut vault::Vault) -> chrono::DateTime<chrono::Utc> {
    match &v.list().unwrap()[0].state {
        RecordState::Ok(e) => e.updated_at,
        other => panic!("unexpected {other:?}"),
    }
}

/// A record's time of latest change is its latest answer's (answers do not
/// rewrite a separate field), also when a device whose clock is behind
/// replaces a later answer: the later time is kept, in the cached record,
/// the case list, after reopening and on another device.
#[test]
fn the_latest_time_is_kept_when_a_clock_behind_replaces_a_later_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = create(&dir.path().join("a"));
    let id = a.create_interview(new_record("x")).unwrap();
    answer(&mut a, id, "hours", "16", 50);
    assert_eq!(a.record(id).unwrap().updated_at, t(50));
    a.apply_answer(id, "hours", val("18"), prov("device-behind", 20))
        .unwrap();
    assert_eq!(
        a.record(id).unwrap().answers["hours"].answer.value,
        val("18")
    );
    assert_eq!(a.record(id).unwrap().updated_at, t(50));
    assert_eq!(listed_updated(&mut a), t(50));
    drop(a);
    let mut a = open_unlocked(&dir.path().join("a"));
    assert_eq!(listed_updated(&mut a), t(50));
    assert_eq!(a.read_record(id).unwrap().updated_at, t(50));
    // A later answer moves it; a status change at an earlier time does not.
    answer(&mut a, id, "dob", "1990-02-03", 60);
    a.set_status(id, Status::Complete, t(55)).unwrap();
    assert_eq!(a.record(id).unwrap().updated_at, t(60));
    assert_eq!(listed_updated(&mut a), t(60));

    let mut b = create(&dir.path().join("b"));
    let snapshot = a.export_snapshot(id).unwrap();
    b.merge_many(&[(id, snapshot.as_slice())]).unwrap();
    assert_eq!(listed_updated(&mut b), t(60));
    assert_eq!(b.record(id).unwrap().updated_at, t(60));
}
