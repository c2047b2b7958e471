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

    // A blob moved under another name does not open.
    let db = rusqlite::Connection::open(dir.path().join(vault::DB_FILE)).expect("db");
    db.execute(
        "INSERT INTO secrets (name, blob) SELECT 'moved', blob FROM secrets WHERE name = 'team'",
        [],
    )
    .expect("copy");
    drop(db);
    let mut v = open_unlocked(dir.path());
    assert!(matches!(
        v.secret("moved"),
        Err(VaultError::StoreDamaged { .. })
    ));
}
