//! The few preferences kept outside the vault. Nothing here is about a person:
//! only the interface language.

use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

const FILE: &str = "settings.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Settings {
    pub(crate) language: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: i18n::FALLBACK.to_owned(),
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
