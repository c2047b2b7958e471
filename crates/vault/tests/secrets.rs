//! Secrets (device keys, team state): encrypted at rest, bound to their
//! name, survive reopening, unreadable when locked.

mod common;

use common::{create, open_unlocked};
use vault::VaultError;

#[test]
fn secrets_round_trip_encrypted_and_bound_to_their_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let canary = b"secret-canary-7f3a9c1e-team-key-material";
    {
        let mut v = create(dir.path());
        assert_eq!(v.secret("team").expect("read").map(|s| s.to_vec()), None);
        v.put_secret("team", b"first").expect("put");
        v.put_secret("team", canary).expect("replace");
        v.put_secret("other", b"x").expect("put");
        assert_eq!(
            v.secret("team").expect("read").map(|s| s.to_vec()),
            Some(canary.to_vec())
        );
        v.lock();
        assert!(matches!(v.secret("team"), Err(VaultError::Locked)));
        assert!(matches!(
            v.put_secret("team", b"y"),
            Err(VaultError::Locked)
        ));
    }
    let mut v = open_unlocked(dir.path());
    assert_eq!(
        v.secret("team").expect("read").map(|s| s.to_vec()),
        Some(canary.to_vec())
    );
    v.delete_secret("other").expect("delete");
    assert_eq!(v.secret("other").expect("read").map(|s| s.to_vec()), None);
    drop(v);

    // No plaintext on disk (db, wal, shm).
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        assert!(!bytes.windows(canary.len()).any(|w| w == canary));
    }

    // No secret name in clear either.
    let db = std::fs::read(dir.path().join(vault::DB_FILE)).expect("db");
    assert!(!db.windows(4).any(|w| w == b"team"));

    // A blob moved under another name does not open: swap the two rows' blobs.
    let mut v = open_unlocked(dir.path());
    v.put_secret("other", b"y").expect("put");
    drop(v);
    let rows = common::rows(dir.path(), "secrets");
    assert_eq!(rows.len(), 2);
    let keys: Vec<_> = rows.keys().cloned().collect();
    common::tamper(dir.path(), |c| {
        for (k, other) in [(&keys[0], &keys[1]), (&keys[1], &keys[0])] {
            c.execute(
                "UPDATE secrets SET blob = ?1 WHERE sid = ?2",
                rusqlite::params![rows[other], k],
            )
            .expect("swap");
        }
    });
    let mut v = open_unlocked(dir.path());
    for name in ["team", "other"] {
        assert!(matches!(
            v.secret(name),
            Err(VaultError::StoreDamaged { .. })
        ));
    }
}
