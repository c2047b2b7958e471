//! Inventories remembered between nearby sessions (`link::lan` with
//! `sync::lan::PeerMemory`), on real vaults over loopback TCP: the next
//! session moves only what changed, a device that lost its memory still
//! converges, and what is remembered is not readable on disk.

mod common;

use common::*;
use vault::Vault;

fn team_of_two(dir: &std::path::Path) -> (Vault, Vault) {
    let rt = runtime();
    let base = relay(&rt, &dir.join("relay"));
    let mut a = vault(&dir.join("a"));
    link::create_team(&mut a, &base, "boat", None, None).expect("create");
    let b = enrolled(&mut a, &dir.join("b"));
    drop(rt);
    (a, b)
}

#[test]
fn the_next_session_moves_only_what_changed_and_a_lost_memory_still_converges() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, b) = team_of_two(dir.path());
    let ids: Vec<_> = (0..60)
        .map(|i| case_with(&mut a, &format!("case {i}"), "age", &format!("{}", 20 + i)))
        .collect();
    // The digests each write keeps are those the protocol computes.
    for (id, d) in a.inventory().expect("inventory") {
        assert_eq!(d, sync::lan::heads_digest(&a.heads(id).expect("heads")));
    }
    let (ra, rb, mut b) = session(&mut a, b);
    let (ra, rb) = (ra.expect("a"), rb.expect("b"));
    assert_eq!(
        (ra.records, ra.incremental, rb.incremental),
        (60, false, false)
    );
    assert_eq!(heads(&mut a), heads(&mut b));

    // One answer on each side: only those two records are compared.
    answer_with(&mut a, ids[3], "age", "44");
    answer_with(&mut b, ids[9], "name", "Aung");
    let (ra, rb, mut b) = session(&mut a, b);
    let (ra, rb) = (ra.expect("a"), rb.expect("b"));
    assert!(ra.incremental && rb.incremental);
    assert_eq!((ra.records, rb.records), (2, 2));
    assert_eq!(heads(&mut a), heads(&mut b));
    println!("two answers, 60 records: {} bytes", ra.bytes);
    // Whole inventories alone would be 2 × 60 × 32 B.
    assert!(ra.bytes < 3_000, "{} bytes", ra.bytes);

    // B loses what it remembered (a restored backup, a reinstall): the
    // inventories are whole again, and everything converges.
    let a_key = device_of(&mut a);
    b.delete_secret(&format!("lan-inventory/{}", a_key.to_hex()))
        .expect("forget");
    answer_with(&mut a, ids[5], "age", "50");
    let _ = case_with(&mut b, "only on b", "age", "33");
    let (ra, _, mut b) = session(&mut a, b);
    let ra = ra.expect("a");
    assert!(!ra.incremental);
    assert_eq!(ra.records, 2);
    assert_eq!(heads(&mut a), heads(&mut b));
    // And the one after is incremental again.
    answer_with(&mut b, ids[0], "age", "21");
    let (ra, _, mut b) = session(&mut a, b);
    let ra = ra.expect("a");
    assert!(ra.incremental);
    assert_eq!(ra.records, 1);
    assert_eq!(heads(&mut a), heads(&mut b));
}

fn files(root: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(root).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn what_a_device_remembers_of_a_peer_is_not_readable_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, b) = team_of_two(dir.path());
    let canary = case_with(&mut a, "CANARY-LAN-MEMORY", "age", "30");
    let (ra, _, mut b) = session(&mut a, b);
    ra.expect("a");
    let peer = device_of(&mut b);
    // Something is remembered (else this test would prove nothing).
    let memory = a
        .secret(&format!("lan-inventory/{}", peer.to_hex()))
        .expect("secret")
        .expect("remembered");
    let memory = sync::lan::PeerMemory::decode(&memory).expect("memory");
    let digest = memory.docs[&canary.uuid()];
    let uuid = canary.uuid();
    let needles: Vec<Vec<u8>> = vec![
        uuid.as_bytes().to_vec(),
        uuid.to_string().into_bytes(),
        uuid.simple().to_string().into_bytes(),
        digest.to_vec(),
        hex::encode(digest).into_bytes(),
        peer.0.to_vec(),
        peer.to_hex().into_bytes(),
        b"lan-inventory".to_vec(),
        b"CANARY-LAN-MEMORY".to_vec(),
    ];
    // Both vaults, their databases and write-ahead logs, open.
    let mut all = Vec::new();
    files(&dir.path().join("a"), &mut all);
    files(&dir.path().join("b"), &mut all);
    assert!(all.len() >= 2, "{all:?}");
    for f in &all {
        let bytes = std::fs::read(f).expect("read");
        for n in &needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == &n[..]),
                "{} holds {:?}",
                f.display(),
                String::from_utf8_lossy(n)
            );
        }
    }
    drop((a, b));
}
