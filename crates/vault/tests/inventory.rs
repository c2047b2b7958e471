//! The heads digest each write keeps in a record's index row
//! (`Vault::inventory`, `Vault::digest`: what nearby sync compares) is the
//! digest of the record's heads after every kind of write: an answer, a
//! merge of another device's changes (one at a time and batched), a
//! concurrent edit, and after a passphrase change and a reopen.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use vault::{
    AnswerValue, FormRef, KdfParams, NewRecord, Passphrase, Provenance, RecordId, UserText, Vault,
    VaultOptions, heads_digest,
};

fn opts() -> VaultOptions {
    VaultOptions {
        kdf: KdfParams::insecure_for_tests(),
        ..VaultOptions::default()
    }
}

fn new_case(v: &mut Vault, title: &str) -> RecordId {
    v.create_interview(NewRecord {
        form: FormRef {
            id: "screening".into(),
            version: "2025.1".into(),
            hash: "sha256:00ff".into(),
        },
        language: "th".into(),
        device_id: "dev".into(),
        created_at: Utc.timestamp_opt(1_750_000_000, 0).single().expect("t"),
        title: UserText::from(title),
    })
    .expect("create")
}

fn answer(v: &mut Vault, id: RecordId, q: &str, value: &str) {
    v.apply_answer(
        id,
        q,
        AnswerValue::Value(value.into()),
        Provenance {
            language: "th".into(),
            at: Utc.timestamp_opt(1_750_000_100, 0).single().expect("t"),
            device_id: "dev".into(),
            interpreter: false,
            self_administered: false,
        },
    )
    .expect("answer");
}

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
    let pass = Passphrase::from("inventory passphrase");
    let mut a = Vault::create(&dir.path().join("a"), &pass, opts()).expect("a");
    let mut b = Vault::create(&dir.path().join("b"), &pass, opts()).expect("b");
    let one = new_case(&mut a, "one");
    let two = new_case(&mut a, "two");
    answer(&mut a, one, "age", "30");
    let first = check(&mut a);
    // Merged on another vault, one record at a time and batched.
    let c1 = a.export_changes(one, &[]).expect("changes");
    let c2 = a.export_changes(two, &[]).expect("changes");
    b.merge_changes(one, &c1).expect("merge");
    assert_eq!(check(&mut b)[&one], first[&one], "same heads, same digest");
    b.merge_many(&[(two, &c2[..])]).expect("merge many");
    answer(&mut b, two, "name", "Somchai");
    answer(&mut a, two, "name", "Aung");
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
    let mut a = Vault::open(&dir.path().join("a"), opts()).expect("open");
    a.unlock(&new_pass).expect("unlock");
    assert_eq!(check(&mut a), before);
}
