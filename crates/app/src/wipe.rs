//! Quick wipe: erase every record on this device and return to first run,
//! behind a deliberate confirmation (typing a word shown on screen).

use crate::cases::CaseStore;
use crate::{App, AppError, ErrorCode, VaultState};

/// The word a person types to confirm a wipe, in `lang`.
pub fn confirm_word(lang: &str) -> String {
    i18n::localizer().format(lang, "wipe-confirm-word", None)
}

/// Whether `typed` confirms the wipe: the word shown in `lang`, or the
/// English word (for a keyboard without the script), ignoring case and the
/// spaces around it.
pub fn confirms(typed: &str, lang: &str) -> bool {
    let typed = typed.trim().to_lowercase();
    !typed.is_empty()
        && (typed == confirm_word(lang).trim().to_lowercase()
            || typed == confirm_word("en").trim().to_lowercase())
}

impl App {
    /// Erases the encrypted store (keys first, then files, then the copies
    /// of questionnaires and the device id) without asking for the
    /// passphrase, once `typed` is the confirmation word. Returns the state
    /// of a fresh install. The language choice is kept.
    pub fn wipe(&self, typed: String) -> Result<VaultState, AppError> {
        let lang = self.language();
        if !confirms(&typed, &lang) {
            return Err(AppError {
                code: ErrorCode::NotConfirmed,
                message: i18n::localizer().format(&lang, "wipe-not-confirmed", None),
            });
        }
        let mut guard = self.store();
        // Keys and decrypted records leave memory first.
        *guard = None;
        let dir = self.vault_dir();
        // Keys first: the live database and any set aside as damaged (even
        // when no live one is left), then whatever else was part of the
        // store. A key that could not be destroyed is reported after the
        // files are gone.
        let keys = if dir.exists() {
            CaseStore::wipe(&dir, &lang)
        } else {
            Ok(())
        };
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| AppError::io(&e, &lang))?;
        }
        drop(guard);
        self.sync.reset();
        self.sync_changed();
        self.nearby_changed();
        keys?;
        tracing::info!("the store was wiped");
        Ok(self.vault_state())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_is_checked_in_the_language_or_english() {
        for lang in crate::LANGUAGES {
            let word = confirm_word(lang);
            assert!(!word.is_empty() && !word.contains(' '), "{lang}: {word:?}");
            assert!(confirms(&format!("  {word} "), lang), "{lang}");
            assert!(confirms("wipe", lang), "{lang}");
            assert!(!confirms("", lang));
            assert!(!confirms("yes", lang));
        }
    }

    #[test]
    fn wipe_leaves_what_a_fresh_install_has() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = App::open(dir.path()).expect("open");
        app.set_language("th").expect("language");
        let fresh: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
            .expect("create");
        app.with_store(|s| s.new_shipped_interview("victim-screening", "my", chrono::Utc::now()))
            .expect("interview");
        let refused = app.wipe("no".into()).expect_err("not confirmed");
        assert_eq!(refused.code, ErrorCode::NotConfirmed);
        assert_eq!(app.vault_state(), VaultState::Unlocked);
        assert_eq!(app.wipe(confirm_word("th")).expect("wipe"), VaultState::New);
        let after: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(after, fresh);
        assert_eq!(app.language(), "th");
        // And a new store can be made at once.
        app.create_vault(
            "quarry lantern mimosa octopus thimble".into(),
            "quarry lantern mimosa octopus thimble".into(),
        )
        .expect("create again");
        assert_eq!(app.case_list(Default::default()).expect("list").total, 0);
    }

    /// Wipe on a store whose database is truncated: the keys are destroyed
    /// (the database's own bytes are overwritten before it is unlinked: a
    /// hard link taken before shows no trace of the wrapped key), the folder
    /// is gone and the app starts fresh.
    #[test]
    fn wipe_on_a_truncated_store_destroys_the_keys_and_starts_fresh() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = App::open(dir.path().join("data")).expect("open");
        app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
            .expect("create");
        app.with_store(|s| s.new_shipped_interview("victim-screening", "my", chrono::Utc::now()))
            .expect("interview");
        app.lock();
        let db = app.vault_dir().join(vault::DB_FILE);
        let header: Vec<u8> = rusqlite::Connection::open(&db)
            .expect("db")
            .query_row("SELECT body FROM header WHERE id = 1", [], |r| r.get(0))
            .expect("header");
        let header: serde_json::Value = serde_json::from_slice(&header).expect("json");
        let wrapped = header["wrapped_key"].as_str().expect("key").to_owned();
        let len = std::fs::metadata(&db).expect("meta").len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&db)
            .expect("open")
            .set_len(len / 2)
            .expect("truncate");
        let link = dir.path().join("link");
        std::fs::hard_link(&db, &link).expect("link");
        let holds = || {
            let b = std::fs::read(&link).expect("read");
            b.windows(wrapped.len()).any(|w| w == wrapped.as_bytes())
        };
        assert!(holds(), "the check can see the key");
        assert_eq!(
            app.unlock(crate::tests::STRONG.into())
                .expect_err("damaged")
                .code,
            ErrorCode::Damaged
        );

        assert_eq!(app.wipe(confirm_word("en")).expect("wipe"), VaultState::New);
        assert!(
            !holds(),
            "the wrapped key is still in the truncated database"
        );
        assert!(!app.vault_dir().exists());
        assert_eq!(app.startup().vault, VaultState::New);
        app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
            .expect("a fresh store");
    }
}
