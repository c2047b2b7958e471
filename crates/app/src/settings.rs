//! The few preferences kept outside the vault. Nothing here is about a person:
//! the interface language and how soon an idle app locks itself.

use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

const FILE: &str = "settings.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Settings {
    pub(crate) language: String,
    /// Lock the store after this many seconds without activity (0: never).
    pub(crate) idle_lock_seconds: u64,
}

/// Five minutes: long enough to listen to an answer, short enough for a phone
/// left on a table.
pub(crate) const DEFAULT_IDLE_LOCK_SECONDS: u64 = 300;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: i18n::FALLBACK.to_owned(),
            idle_lock_seconds: DEFAULT_IDLE_LOCK_SECONDS,
        }
    }
}

impl Settings {
    /// The vault options these settings ask for.
    pub(crate) fn vault_options(&self) -> vault::VaultOptions {
        vault::VaultOptions {
            idle_timeout: (self.idle_lock_seconds > 0)
                .then(|| std::time::Duration::from_secs(self.idle_lock_seconds)),
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

    /// Writes atomically: a temp file in the same folder, synced, then renamed.
    pub(crate) fn save(&self, dir: &Path) -> std::io::Result<()> {
        let tmp = dir.join(format!("{FILE}.tmp"));
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, dir.join(FILE))
    }
}
