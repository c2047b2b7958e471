//! The heads digest each write keeps in a record's index row
//! (`Vault::inventory`, `Vault::digest`: what nearby sync compares) is the
//! digest of the record's heads after every kind of write: an answer, a
//! merge of another device's changes (one at a time and batched), a
//! concurrent edit, and after a passphrase change and a reopen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use common::*;
use vault::{Passphrase, RecordId, Vault, heads_digest};

/// Every record's kept digest equals the digest of its heads now.
fn check(v: &mut Vault) -> BTreeMap<RecordId, [u8; 16]> {
    let inv: BTreeMap<RecordId, [u8; 16]> = v.inventory().expect("inventory").into_iter().collect();
    assert_eq!(inv.len(), v.list().expect("list").len());
    for (id, d) in &inv {
        assert_eq!(*d, heads_digest(&v.heads(*id).expect("heads")), "{id:?}");
        assert_eq!(v.digest(*id).expect("digest"), Some(*d));
    }
    inv
}

#[test]
fn the_kept_digest_follows_every_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pass = pass();
    let mut a = create(&dir.path().join("a"));
    let mut b = create(&dir.path().join("b"));
    let one = a.create_interview(new_record("one")).expect("one");
    let two = a.create_interview(new_record("two")).expect("two");
    answer(&mut a, one, "age", "30", 1);
    let first = check(&mut a);
    // Merged on another vault, one record at a time and batched.
    let c1 = a.export_changes(one, &[]).expect("changes");
    let c2 = a.export_changes(two, &[]).expect("changes");
    b.merge_changes(one, &c1).expect("merge");
    assert_eq!(check(&mut b)[&one], first[&one], "same heads, same digest");
    b.merge_many(&[(two, &c2[..])]).expect("merge many");
    answer(&mut b, two, "name", "Somchai", 2);
    answer(&mut a, two, "name", "Aung", 2);
    let on_b = check(&mut b);
    assert_ne!(on_b[&two], first[&two]);
    // A concurrent edit merged back: both sides agree on the digest.
    let back = b
        .export_changes(two, &a.heads(two).expect("heads"))
        .expect("changes");
    a.merge_many(&[(two, &back[..])]).expect("merge back");
    let forth = a.export_changes(two, &[]).expect("changes");
    b.merge_changes(two, &forth).expect("merge forth");
    assert_eq!(check(&mut a)[&two], check(&mut b)[&two]);
    // A record that does not exist has none.
    let nobody = RecordId::from(uuid::Uuid::from_u128(0x5eed));
    assert_eq!(a.digest(nobody).expect("digest"), None);
    // A passphrase change and a reopen keep them.
    let before = check(&mut a);
    let new_pass = Passphrase::from("another inventory passphrase");
    a.change_passphrase(&pass, &new_pass, None).expect("rekey");
    assert_eq!(check(&mut a), before);
    drop(a);
    let mut a = Vault::open(&dir.path().join("a"), cheap()).expect("open");
    a.unlock(&new_pass).expect("unlock");
    assert_eq!(check(&mut a), before);
}
