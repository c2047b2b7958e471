//! What a relay round pushes, through a real relay: records read from disk
//! (a finished one sent as its stored snapshot, one in progress compacted)
//! arrive equal and are stored by the receiver as they came; a round with
//! nothing changed pushes nothing; a record changed since is pushed alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use vault::{KdfParams, Passphrase, Status, Vault, VaultOptions};

fn reopen(dir: &std::path::Path) -> Vault {
    let mut v = Vault::open(
        dir,
        VaultOptions {
            kdf: KdfParams::insecure_for_tests(),
            ..VaultOptions::default()
        },
    )
    .expect("open");
    v.unlock(&Passphrase::from("pass")).expect("unlock");
    v
}

fn sorted(mut h: Vec<vault::ChangeHash>) -> Vec<vault::ChangeHash> {
    h.sort();
    h
}

#[test]
fn records_pushed_from_disk_arrive_equal_and_unchanged_ones_are_not_pushed_again() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let base = relay(&rt, &dir.path().join("relay"));
    let (a_dir, b_dir) = (dir.path().join("admin"), dir.path().join("member"));
    let mut admin = vault(&a_dir);
    link::create_team(&mut admin, &base, "Boat", None, None).expect("create");
    let member = enrolled(&mut admin, &b_dir);
    let finished = case_with(&mut admin, "finished", "age", "31");
    for q in ["name", "arrival", "employer"] {
        answer_with(&mut admin, finished, q, "yes");
    }
    admin
        .set_status(finished, Status::Complete, chrono::Utc::now())
        .expect("complete");
    let open = case_with(&mut admin, "in progress", "age", "19");
    for i in 0..6 {
        answer_with(&mut admin, open, &format!("q{i}"), "some text");
    }
    // Read from disk, not from the cache.
    drop(admin);
    drop(member);
    let mut admin = reopen(&a_dir);
    let r = link::sync_round(&mut admin, &mut |_| {}).expect("push");
    assert_eq!(r.pushed, 2, "{r:?}");
    let mut member = reopen(&b_dir);
    let r = link::sync_round(&mut member, &mut |_| {}).expect("pull");
    assert_eq!(r.pulled, 2, "{r:?}");
    drop(member);
    let mut member = reopen(&b_dir);
    for id in [finished, open] {
        assert_eq!(
            member.read_record(id).expect("read"),
            admin.read_record(id).expect("read"),
            "{id:?}"
        );
        assert_eq!(
            sorted(member.heads(id).expect("heads")),
            sorted(admin.heads(id).expect("heads"))
        );
    }
    // Nothing changed: nothing pushed (each record skipped on its digest).
    drop(admin);
    let mut admin = reopen(&a_dir);
    let r = link::sync_round(&mut admin, &mut |_| {}).expect("idle");
    assert_eq!((r.pushed, r.pushed_bytes), (0, 0), "{r:?}");
    assert!(r.up_to_date, "{r:?}");
    // One changed: only it, only its change.
    answer_with(&mut admin, open, "late", "after the first sync");
    drop(admin);
    let mut admin = reopen(&a_dir);
    let r = link::sync_round(&mut admin, &mut |_| {}).expect("one");
    assert_eq!(r.pushed, 1, "{r:?}");
    assert!(r.pushed_bytes < 1024, "only the change: {r:?}");
    let r = link::sync_round(&mut member, &mut |_| {}).expect("pull one");
    assert_eq!(r.pulled, 1, "{r:?}");
    assert_eq!(
        member.read_record(open).expect("read"),
        admin.read_record(open).expect("read")
    );
}
