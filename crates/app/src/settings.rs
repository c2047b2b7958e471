//! The few preferences kept outside the vault. Nothing here is about a person:
//! the interface language and how soon an idle app locks itself.

use std::path::Path;

use serde::{Deserialize, Serialize};

const FILE: &str = "settings.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Settings {
    pub(crate) language: String,
    /// Lock the store after this many seconds without activity (0: never).
    pub(crate) idle_lock_seconds: u64,
    /// One Argon2id derivation at `kdf_params`, measured on this device
    /// (microseconds): the strength meter's guessing cost (see `passphrase`).
    pub(crate) kdf_us: Option<u64>,
    /// The parameters `kdf_us` was measured with (m KiB, t, p).
    pub(crate) kdf_params: Option<[u32; 3]>,
    /// Wipe the store after this many wrong passphrases in a row: 5, 10 or
    /// 20 (as Tella offers), or never (`None`, the default).
    pub(crate) wipe_after: Option<u32>,
    /// The key that hides the app at once (quick hide), as the window's
    /// `KeyboardEvent.key` names it: `Escape` unless set here.
    pub(crate) quick_hide_key: String,
}

/// The attempt limits a person may choose for the wipe.
pub const WIPE_AFTER_CHOICES: [u32; 3] = [5, 10, 20];

/// The idle times (minutes) a person may choose on the security screen.
pub const IDLE_LOCK_CHOICES_MINUTES: [u32; 4] = [1, 2, 5, 15];

/// Five minutes: long enough to listen to an answer, short enough for a phone
/// left on a table.
pub(crate) const DEFAULT_IDLE_LOCK_SECONDS: u64 = 300;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: i18n::FALLBACK.to_owned(),
            idle_lock_seconds: DEFAULT_IDLE_LOCK_SECONDS,
            kdf_us: None,
            kdf_params: None,
            wipe_after: None,
            quick_hide_key: DEFAULT_QUICK_HIDE_KEY.to_owned(),
        }
    }
}

/// Quick hide's key unless the settings name another: the key safety
/// websites' "quick exit" uses.
pub const DEFAULT_QUICK_HIDE_KEY: &str = "Escape";

/// The quick-hide key to use for `configured`: a named key (`Escape`, `F9`,
/// `Pause`); a key that types a character would hide the app while someone
/// types an answer, so it, an empty name or a name with spaces means the
/// default.
pub(crate) fn quick_hide_key(configured: &str) -> String {
    let named =
        configured.chars().count() > 1 && configured.chars().all(|c| c.is_ascii_alphanumeric());
    if named {
        configured.to_owned()
    } else {
        DEFAULT_QUICK_HIDE_KEY.to_owned()
    }
}

impl Settings {
    /// The vault options these settings ask for.
    pub(crate) fn vault_options(&self) -> vault::VaultOptions {
        vault::VaultOptions {
            idle_timeout: (self.idle_lock_seconds > 0)
                .then(|| std::time::Duration::from_secs(self.idle_lock_seconds)),
            unlock_policy: vault::UnlockPolicy {
                wipe_after: self.wipe_after.filter(|n| WIPE_AFTER_CHOICES.contains(n)),
                ..vault::UnlockPolicy::default()
            },
            ..vault::VaultOptions::default()
        }
    }
}

impl Settings {
    /// Reads the settings; a missing or unreadable file means defaults (and a
    /// log line), never a failure to start.
    pub(crate) fn load(dir: &Path) -> Self {
        let path = dir.join(FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!(path = %path.display(), "settings unreadable, using defaults: {e}");
                Settings::default()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Settings::default(),
            Err(e) => {
                tracing::warn!(path = %path.display(), "settings unreadable, using defaults: {e}");
                Settings::default()
            }
        }
    }

    /// Writes atomically: a temp file in the same folder (0600), synced,
    /// then renamed.
    pub(crate) fn save(&self, dir: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        vault::files::write_private(&dir.join(FILE), &bytes)
    }
}
