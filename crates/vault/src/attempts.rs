//! The failed-unlock counter: kept beside the database (a wrong passphrase
//! changes no byte of `vault.db`), authenticated, and failing closed.
//!
//! `vault.attempts` holds one JSON line (failures since the last success,
//! failures ever, the epoch, and when the last failure happened as time
//! since boot with the boot's id) and an HMAC-SHA256 of it under the
//! header's `attempts_key`. The header also holds the current `epoch`, a
//! random value renewed by every successful unlock that followed failures.
//!
//! - A missing, unreadable or forged file, or one from an earlier epoch (a
//!   copy saved before the last successful unlock and put back), is not
//!   believed: the vault acts as if [`fail_closed`] failures had happened,
//!   the last one just now.
//! - The delay is measured in time since boot, never on the wall clock:
//!   moving the date forward does not shorten it. After a reboot (another
//!   boot id) the delay starts again from the first attempt seen.
//!
//! What this cannot do (SECURITY.md says so): the key that authenticates the
//! file sits in the header, readable by anyone holding the files, and a copy
//! of the file taken after the last successful unlock can be put back. The
//! counter slows down someone using the app on a locked phone; someone with
//! a copy of the files is bound only by Argon2id and the passphrase.

use std::path::Path;
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::clock::BootTime;
use crate::error::VaultError;
use crate::files;
use crate::vault::UnlockPolicy;

/// File name of the failed-attempt counter inside the vault folder.
pub const ATTEMPTS_FILE: &str = "vault.attempts";

/// The counter's state.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Attempts {
    /// Hex epoch; must equal the header's.
    pub(crate) epoch: String,
    /// Consecutive failures since the last success.
    pub(crate) failures: u32,
    /// Failures ever (never reset): for the record.
    pub(crate) total: u64,
    /// Boot of the last failure (or of the moment the counter was re-anchored).
    pub(crate) boot_id: String,
    /// Milliseconds since that boot.
    pub(crate) at_ms: u64,
}

impl Attempts {
    pub(crate) fn fresh(epoch: &str) -> Self {
        Attempts {
            epoch: epoch.to_owned(),
            failures: 0,
            total: 0,
            boot_id: String::new(),
            at_ms: 0,
        }
    }

    /// The wait still required at `now` under `policy`.
    pub(crate) fn wait(&self, policy: &UnlockPolicy, now: &BootTime) -> Duration {
        let delay = policy.delay_after(self.failures);
        if delay.is_zero() {
            return Duration::ZERO;
        }
        let now_ms = u64::try_from(now.since_boot.as_millis()).unwrap_or(u64::MAX);
        let elapsed = if now.boot_id == self.boot_id && now_ms >= self.at_ms {
            Duration::from_millis(now_ms - self.at_ms)
        } else {
            // Another boot, or time since boot went backwards: nothing is
            // known to have elapsed (the caller re-anchors the counter).
            Duration::ZERO
        };
        delay.saturating_sub(elapsed)
    }

    /// Whether the anchor is from another boot (it must be moved to now).
    pub(crate) fn needs_anchor(&self, now: &BootTime) -> bool {
        self.failures > 0 && now.boot_id != self.boot_id
    }

    pub(crate) fn anchor(&mut self, now: &BootTime) {
        self.boot_id = now.boot_id.clone();
        self.at_ms = u64::try_from(now.since_boot.as_millis()).unwrap_or(u64::MAX);
    }
}

/// The failure count assumed when the counter cannot be believed: enough to
/// reach the policy's longest delay, but one short of a configured wipe (so
/// deleting the file never buys attempts, and never wipes by itself).
pub(crate) fn fail_closed(policy: &UnlockPolicy) -> u32 {
    let to_max = policy.free_attempts.max(1).saturating_add(31);
    match policy.wipe_after {
        Some(n) => to_max.min(n.saturating_sub(1)),
        None => to_max,
    }
}

const MAC_PREFIX: &[u8] = b"FieldScreen attempts v1\n";

fn mac(key: &[u8], body: &[u8]) -> Option<String> {
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).ok()?;
    m.update(MAC_PREFIX);
    m.update(body);
    Some(hex::encode(m.finalize().into_bytes()))
}

/// Reads and authenticates the counter; `None` when it cannot be believed
/// (missing, unreadable, forged, or another epoch).
pub(crate) fn read(dir: &Path, key_hex: &str, epoch: &str) -> Option<Attempts> {
    let key = hex::decode(key_hex).ok()?;
    let text = std::fs::read_to_string(dir.join(ATTEMPTS_FILE)).ok()?;
    let (body, tag) = text.trim_end().rsplit_once('\n')?;
    // Constant-time comparison through the MAC crate.
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).ok()?;
    m.update(MAC_PREFIX);
    m.update(body.as_bytes());
    m.verify_slice(&hex::decode(tag).ok()?).ok()?;
    let a: Attempts = serde_json::from_str(body).ok()?;
    (a.epoch == epoch).then_some(a)
}

/// Writes the counter (atomically, 0600).
pub(crate) fn write(dir: &Path, key_hex: &str, a: &Attempts) -> Result<(), VaultError> {
    let key = hex::decode(key_hex).map_err(|_| VaultError::Crypto)?;
    let body = serde_json::to_string(a).map_err(|_| VaultError::Crypto)?;
    let tag = mac(&key, body.as_bytes()).ok_or(VaultError::Crypto)?;
    files::write_private(
        &dir.join(ATTEMPTS_FILE),
        format!("{body}\n{tag}\n").as_bytes(),
    )?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fail_closed_reaches_the_longest_delay_but_never_wipes_by_itself() {
        let p = UnlockPolicy::default();
        assert_eq!(p.delay_after(fail_closed(&p)), p.max_delay);
        for n in [5, 10, 20] {
            let w = UnlockPolicy {
                wipe_after: Some(n),
                ..p
            };
            assert_eq!(fail_closed(&w), n - 1);
        }
    }

    #[test]
    fn forged_or_foreign_counters_are_not_believed() {
        let dir = tempfile::tempdir().unwrap();
        let key = hex::encode([7u8; 32]);
        let mut a = Attempts::fresh("e1");
        a.failures = 4;
        write(dir.path(), &key, &a).unwrap();
        assert_eq!(read(dir.path(), &key, "e1"), Some(a.clone()));
        assert_eq!(read(dir.path(), &key, "e2"), None, "another epoch");
        assert_eq!(
            read(dir.path(), &hex::encode([8u8; 32]), "e1"),
            None,
            "another key"
        );
        let path = dir.path().join(ATTEMPTS_FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"failures\":4", "\"failures\":0")).unwrap();
        assert_eq!(read(dir.path(), &key, "e1"), None, "edited");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read(dir.path(), &key, "e1"), None, "missing");
    }

    /// A known answer: counters written by an earlier build stay readable.
    #[test]
    fn the_counter_tag_is_stable() {
        expect_test::expect!["338df469e10db4b69f079f2f920417ba0d03a59686e94188de132780f90854e2"]
            .assert_eq(&mac(&[7u8; 32], b"{}").unwrap());
    }
}
