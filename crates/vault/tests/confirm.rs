//! Confirming the passphrase of an open vault (the end of a hand-over).
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use vault::*;

#[test]
fn a_confirmed_passphrase_keeps_the_vault_open_and_a_wrong_one_counts() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new());
    let opts = || VaultOptions {
        unlock_policy: UnlockPolicy {
            free_attempts: 5,
            base_delay: Duration::from_secs(10),
            max_delay: Duration::from_secs(30),
            wipe_after: Some(3),
            persist_failures: true,
        },
        ..options(clock.clone())
    };
    drop(Vault::create(dir.path(), &pass(), opts()).unwrap());
    let mut v = Vault::open(dir.path(), opts()).unwrap();
    v.unlock(&pass()).unwrap();
    let id = v.create_interview(new_record("x")).unwrap();
    let bad = Passphrase::from("bad");
    assert!(matches!(
        v.confirm_passphrase(&bad),
        Err(VaultError::WrongPassphrase)
    ));
    assert!(matches!(
        v.confirm_passphrase(&bad),
        Err(VaultError::WrongPassphrase)
    ));
    // Still open: the interviewer may try again.
    assert!(!v.is_locked());
    v.confirm_passphrase(&pass()).unwrap();
    assert!(!v.is_locked());
    v.record(id).unwrap();
    // The right passphrase reset the count: two more wrong ones do not wipe.
    for _ in 0..2 {
        assert!(matches!(
            v.confirm_passphrase(&bad),
            Err(VaultError::WrongPassphrase)
        ));
    }
    // The third in a row reaches the limit: the vault is wiped, as at unlock.
    assert!(matches!(
        v.confirm_passphrase(&bad),
        Err(VaultError::WipedAfterFailedAttempts)
    ));
    drop(v);
    assert!(!Vault::exists(dir.path()));
}

#[test]
fn a_locked_vault_confirms_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.lock();
    assert!(matches!(
        v.confirm_passphrase(&pass()),
        Err(VaultError::Locked)
    ));
}
