//! The façade: the use cases the desktop UI and the `fieldscreen` CLI call.
//!
//! Everything here is plain Rust (no Tauri): `src-tauri` wraps each public
//! method in a command of a few lines, so every use case is testable without a
//! window. Results are serializable view models; errors are one type,
//! [`AppError`], carrying a stable code and a sentence already in the user's
//! language.

pub mod caselist;
pub mod cases;
pub mod catalog;
pub mod dates;
mod error;
mod events;
pub mod export;
pub mod forms_source;
pub mod interview;
pub mod passphrase;
pub mod security;
mod settings;
pub mod sync;
pub mod team_forms;
pub mod vessel;
pub mod wipe;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use specta::Type;

pub use error::{AppError, ErrorCode};
pub use events::AppEvent;
use settings::Settings;

/// The languages the app ships, in the order the switcher shows them.
pub const LANGUAGES: [&str; 5] = ["en", "th", "my", "km", "lo"];

/// One language the user can pick, named in itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct LanguageInfo {
    /// BCP 47 code (`th`, `my`, ...).
    pub code: String,
    /// The language's own name for itself (`ไทย`, `မြန်မာ`, ...).
    pub name: String,
    /// The translation is a machine draft awaiting native review.
    pub machine_drafted: bool,
}

/// Every string the UI shows, resolved for one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct UiText {
    /// The language the strings are in.
    pub lang: String,
    /// Message id (or `id.attribute`) → text.
    pub strings: std::collections::BTreeMap<String, String>,
    /// Text with arguments, formatted by the core.
    pub version: String,
    /// Some string of `strings` is a machine draft no person has reviewed.
    pub machine_drafted: bool,
    /// The keys of `strings` that are machine drafts (per string: a reviewed
    /// string whose English changed since is a draft again).
    pub drafted: Vec<String>,
    /// "12 of 300 texts in this language were drafted by machine ..." when
    /// some are, for the notice under every screen.
    pub draft_notice: Option<String>,
}

/// What the UI needs at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Startup {
    pub languages: Vec<LanguageInfo>,
    pub text: UiText,
    /// Whether the encrypted store exists and is open.
    pub vault: VaultState,
    /// The key that hides the app at once (`KeyboardEvent.key`; quick hide,
    /// `settings.json` `quick_hide_key`, `Escape` by default).
    pub quick_hide_key: String,
}

/// The encrypted store as the window sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// First run: no store yet; the person chooses a passphrase.
    New,
    Locked,
    Unlocked,
}

/// The fewest characters a passphrase may have (the whole rule is
/// [`passphrase::check_new`]).
pub const MIN_PASSPHRASE_CHARS: usize = passphrase::MIN_CHARS;

/// The application state behind one window or one CLI invocation.
#[derive(Debug)]
pub struct App {
    data_dir: PathBuf,
    settings: Mutex<Settings>,
    /// The open store, when unlocked.
    cases: Mutex<Option<cases::CaseStore>>,
    /// Background sync status and schedule (see [`sync`]).
    sync: sync::SyncRuntime,
    /// The window's export and its progress (see [`export::job`]).
    export_jobs: export::job::ExportJobs,
    /// Who listens for changes (see [`events`]).
    events: events::EventHub,
    /// The vault's time (the system's; a manual clock in tests, so the idle
    /// lock is tested without sleeping).
    clock: VaultClock,
}

/// The vault's clock, shown by name only in `Debug`.
#[derive(Clone)]
struct VaultClock(std::sync::Arc<dyn vault::Clock>);

impl std::fmt::Debug for VaultClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultClock")
    }
}

impl App {
    /// Opens (creating if needed) the app's data folder and its settings.
    pub fn open(data_dir: impl Into<PathBuf>) -> Result<Self, AppError> {
        let data_dir = data_dir.into();
        std::fs::create_dir_all(&data_dir)
            .map_err(|e| AppError::data_folder(&data_dir, &e, &Settings::default().language))?;
        let settings = Settings::load(&data_dir);
        Ok(App {
            data_dir,
            settings: Mutex::new(settings),
            cases: Mutex::new(None),
            sync: sync::SyncRuntime::new(sync::SyncTiming::default()),
            export_jobs: export::job::ExportJobs::default(),
            events: events::EventHub::default(),
            clock: VaultClock(std::sync::Arc::new(vault::SystemClock)),
        })
    }

    /// The same app on another clock (tests).
    #[cfg(test)]
    pub(crate) fn with_clock(mut self, clock: std::sync::Arc<dyn vault::Clock>) -> Self {
        self.clock = VaultClock(clock);
        self
    }

    /// The vault options the settings ask for, on this app's clock.
    fn vault_options(&self) -> vault::VaultOptions {
        vault::VaultOptions {
            clock: self.clock.0.clone(),
            ..self.settings().vault_options()
        }
    }

    /// The folder holding this app's data.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The UI language currently chosen.
    pub fn language(&self) -> String {
        self.settings().language.clone()
    }

    fn settings(&self) -> std::sync::MutexGuard<'_, Settings> {
        // A panic while holding the lock cannot leave Settings half-written
        // (it is replaced whole), so a poisoned lock is safe to reuse.
        self.settings.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes the settings with `change` and keeps them in `settings.json`;
    /// nothing changes when they cannot be saved (the error in `lang`).
    fn update_settings(
        &self,
        lang: &str,
        change: impl FnOnce(&mut Settings),
    ) -> Result<(), AppError> {
        let mut settings = self.settings();
        let mut updated = settings.clone();
        change(&mut updated);
        updated
            .save(&self.data_dir)
            .map_err(|e| AppError::settings_save(&e, lang))?;
        *settings = updated;
        Ok(())
    }

    /// The language list and the UI text in the chosen language.
    pub fn startup(&self) -> Startup {
        Startup {
            languages: languages(),
            text: ui_text(&self.language()),
            vault: self.vault_state(),
            quick_hide_key: settings::quick_hide_key(&self.settings().quick_hide_key),
        }
    }

    /// The folder of the encrypted store.
    pub fn vault_dir(&self) -> PathBuf {
        self.data_dir.join("vault")
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Option<cases::CaseStore>> {
        // The store is only replaced whole, so a poisoned lock is safe to reuse.
        self.cases.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the open store; a store that locked itself for being idle
    /// is closed. Refused (`ErrorCode::HandOver`) while the device is handed
    /// to the respondent.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut cases::CaseStore) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.with_open_store(|store, lang| {
            // While the respondent holds the device, nothing else opens.
            interview::handover::refuse_while_handed_over(store, lang)?;
            f(store)
        })
    }

    /// [`App::with_store`] without the hand-over check (hand-over's own
    /// commands), given the language of messages.
    pub(crate) fn with_open_store<T>(
        &self,
        f: impl FnOnce(&mut cases::CaseStore, &str) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let lang = self.language();
        let mut guard = self.store();
        let store = guard
            .as_mut()
            .ok_or_else(|| AppError::from_vault(&vault::VaultError::Locked, &lang))?;
        let result = f(store, &lang);
        if result.as_ref().is_err_and(|e| e.code == ErrorCode::Locked) {
            *guard = None;
        }
        result
    }

    pub fn vault_state(&self) -> VaultState {
        if self.store().is_some() {
            VaultState::Unlocked
        } else if vault::Vault::exists(&self.vault_dir()) {
            VaultState::Locked
        } else {
            VaultState::New
        }
    }

    /// First run: creates the encrypted store with the chosen passphrase
    /// (typed twice, and accepted by [`passphrase::check_new`], the rule
    /// the CLI applies too) and opens it.
    pub fn create_vault(
        &self,
        passphrase: String,
        again: String,
    ) -> Result<Vec<cases::CaseRow>, AppError> {
        let lang = self.language();
        if passphrase != again {
            return Err(AppError::passphrase_mismatch(&lang));
        }
        // `CaseStore::init` applies the passphrase rule, with the cost this
        // makes sure is measured and cached in `settings.json`.
        self.kdf_cost();
        let pass = cases::Passphrase::new(passphrase);
        let store = cases::CaseStore::init(&self.vault_dir(), &pass, self.vault_options(), &lang)?;
        self.opened(store)
    }

    /// The guessing cost on this device (measured once, cached in the
    /// settings).
    pub fn kdf_cost(&self) -> passphrase::KdfCost {
        let mut settings = self.settings();
        let (cost, measured) = passphrase::cost_in(&mut settings);
        if measured && let Err(e) = settings.save(&self.data_dir) {
            tracing::warn!("the measured key-derivation time could not be cached: {e}");
        }
        cost
    }

    /// The strength meter: how long the assumed attacker would need to
    /// guess `candidate`, and whether it may be used.
    pub fn passphrase_strength(&self, candidate: String) -> passphrase::Strength {
        let candidate = zeroize::Zeroizing::new(candidate);
        passphrase::assess(&candidate, &self.kdf_cost(), &self.language())
    }

    /// A random passphrase to show once (words in English, digit groups
    /// otherwise; see [`passphrase::generate`]).
    pub fn suggest_passphrase(&self) -> Result<passphrase::Generated, AppError> {
        passphrase::generate(&self.language())
    }

    /// Changes the passphrase (typed twice, under the same rule as a new
    /// one): a new data key, every record re-encrypted in one transaction.
    /// The store stays open if it was.
    pub fn change_passphrase(
        &self,
        old: String,
        new: String,
        again: String,
    ) -> Result<(), AppError> {
        let lang = self.language();
        if new != again {
            return Err(AppError::passphrase_mismatch(&lang));
        }
        passphrase::check_new(&new, &self.kdf_cost(), &lang)?;
        let (old, new) = (cases::Passphrase::new(old), cases::Passphrase::new(new));
        let mut guard = self.store();
        match guard.as_mut() {
            Some(store) => store
                .vault_mut()
                .change_passphrase(&old, &new, None)
                .map_err(|e| AppError::from_vault(&e, &lang)),
            None => cases::CaseStore::change_passphrase(
                &self.vault_dir(),
                &old,
                &new,
                self.vault_options(),
                &lang,
            ),
        }
    }

    /// Opens the store. A wrong passphrase changes nothing in it.
    pub fn unlock(&self, passphrase: String) -> Result<Vec<cases::CaseRow>, AppError> {
        let lang = self.language();
        let pass = cases::Passphrase::new(passphrase);
        let store =
            cases::CaseStore::unlock(&self.vault_dir(), &pass, self.vault_options(), &lang)?;
        self.opened(store)
    }

    fn opened(&self, mut store: cases::CaseStore) -> Result<Vec<cases::CaseRow>, AppError> {
        let rows = store.list()?;
        *self.store() = Some(store);
        Ok(rows)
    }

    /// Closes the store: keys and decrypted records leave memory.
    pub fn lock(&self) -> VaultState {
        *self.store() = None;
        self.sync.reset();
        self.sync_changed();
        self.nearby_changed();
        self.vault_state()
    }

    /// Called by the window every few seconds: `active` says whether the
    /// person did anything since the last call. Locks the store once it has
    /// been idle for the configured time, and says so.
    pub fn keep_alive(&self, active: bool) -> VaultState {
        let mut guard = self.store();
        let mut locked = false;
        if let Some(store) = guard.as_mut() {
            let still_open = if active {
                store.activity()
            } else {
                !store.idle_locked()
            };
            if !still_open {
                tracing::info!("locked after the idle time");
                *guard = None;
                self.sync.reset();
                locked = true;
            }
        }
        drop(guard);
        if locked {
            self.sync_changed();
            self.nearby_changed();
        }
        self.vault_state()
    }

    /// The case list (interviews and inspections), newest first.
    pub fn cases(&self) -> Result<Vec<cases::CaseRow>, AppError> {
        let lang = self.language();
        let mut guard = self.store();
        let store = guard
            .as_mut()
            .ok_or_else(|| AppError::from_vault(&vault::VaultError::Locked, &lang))?;
        let rows = store.list();
        if rows.as_ref().is_err_and(|e| e.code == ErrorCode::Locked) {
            // The store locked itself after the idle time.
            *guard = None;
        }
        rows
    }

    /// Switches the UI language, remembers the choice, and returns the UI text
    /// in it. Unknown codes are refused with a message in the current language.
    pub fn set_language(&self, code: &str) -> Result<UiText, AppError> {
        let current = self.language();
        if !LANGUAGES.contains(&code) {
            return Err(AppError::unknown_language(code, &current));
        }
        self.update_settings(code, |s| s.language = code.to_owned())?;
        if let Some(store) = self.store().as_mut() {
            store.set_language(code);
        }
        Ok(ui_text(code))
    }
}

/// The shipped languages, each named in itself.
/// An SVG image as a `data:image/svg+xml` URL for an `<img>` (the CSP
/// allows `img-src data:`): the characters a URL or the parser would
/// misread are percent-encoded, the rest kept as is.
pub(crate) fn svg_data_url(svg: &str) -> String {
    let mut url = String::from("data:image/svg+xml;charset=utf-8,");
    for c in svg.chars() {
        match c {
            '%' => url.push_str("%25"),
            '#' => url.push_str("%23"),
            '<' => url.push_str("%3C"),
            '>' => url.push_str("%3E"),
            '"' => url.push_str("%22"),
            '\n' | '\r' => url.push(' '),
            c => url.push(c),
        }
    }
    url
}

pub fn languages() -> Vec<LanguageInfo> {
    let l = i18n::localizer();
    LANGUAGES
        .iter()
        .map(|&code| LanguageInfo {
            code: code.to_owned(),
            name: l.format(code, "language-name", None),
            machine_drafted: l.is_machine_drafted(code),
        })
        .collect()
}

/// The UI's string table for `lang` (English for anything unknown).
pub fn ui_text(lang: &str) -> UiText {
    ui_text_from(i18n::localizer(), lang)
}

fn ui_text_from(l: &i18n::Localizer, lang: &str) -> UiText {
    let lang = l.negotiate(lang);
    let strings = l.ui_table(&lang);
    let drafted: Vec<String> = strings
        .keys()
        .filter(|k| l.status(&lang, k) != i18n::review::Status::Reviewed)
        .cloned()
        .collect();
    let draft_notice = (!drafted.is_empty()).then(|| {
        l.format_with(
            &lang,
            "translation-draft-count",
            &[("drafted", drafted.len()), ("total", strings.len())],
        )
    });
    UiText {
        version: l.format_with(
            &lang,
            "app-version",
            &[("version", env!("CARGO_PKG_VERSION"))],
        ),
        machine_drafted: !drafted.is_empty(),
        drafted,
        draft_notice,
        strings,
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_itself() {
        let names: Vec<_> = languages().into_iter().map(|l| (l.code, l.name)).collect();
        expect_test::expect![[r#"
            [
                (
                    "en",
                    "English",
                ),
                (
                    "th",
                    "ไทย",
                ),
                (
                    "my",
                    "မြန\u{103a}မာ",
                ),
                (
                    "km",
                    "ខ\u{17d2}មែរ",
                ),
                (
                    "lo",
                    "ລາວ",
                ),
            ]
        "#]]
        .assert_debug_eq(&names);
    }

    #[test]
    fn language_choice_survives_a_restart() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = App::open(dir.path()).expect("open");
        assert_eq!(app.language(), "en");
        let text = app.set_language("my").expect("switch");
        assert_eq!(text.strings["language-name"], "မြန်မာ");
        assert!(text.machine_drafted);
        drop(app);
        let app = App::open(dir.path()).expect("reopen");
        assert_eq!(app.startup().text.lang, "my");
    }

    #[test]
    fn the_draft_notice_counts_strings_not_languages() {
        use i18n::review::{Piece, fingerprint};
        let fp = |s: &str| fingerprint(&[Piece::Text(s.into())]);
        let sources = |log: String| {
            i18n::Localizer::from_sources([
                ("en", "ui.ftl", "save = Save\nback = Back\n".to_owned()),
                ("en", "app.ftl", "app-version = Version { $version }\ntranslation-draft-count = { $drafted } of { $total } drafted\n".to_owned()),
                ("th", "ui.ftl", "## status: machine-drafted\nsave = บันทึก\nback = กลับ\n".to_owned()),
                ("th", "app.ftl", "## status: machine-drafted\napp-version = รุ่น { $version }\ntranslation-draft-count = ร่าง { $drafted } จาก { $total }\n".to_owned()),
                ("th", "review.toml", log),
            ])
        };
        let one = format!(
            "[app]\nsave = {{ by = \"r\", date = \"2026-12-06\", en = \"{}\", text = \"{}\" }}\n",
            fp("Save"),
            fp("บันทึก")
        );
        let l = sources(one.clone());
        let text = ui_text_from(&l, "th");
        assert_eq!(text.drafted, ["back"]);
        assert!(text.machine_drafted);
        assert_eq!(text.draft_notice.as_deref(), Some("ร่าง 1 จาก 2"));
        // English is the source: no notice.
        let en = ui_text_from(&l, "en");
        assert!(en.drafted.is_empty() && en.draft_notice.is_none() && !en.machine_drafted);
        // Both reviewed: no notice in Thai either.
        let both = format!(
            "{one}back = {{ by = \"r\", date = \"2026-12-06\", en = \"{}\", text = \"{}\" }}\n",
            fp("Back"),
            fp("กลับ")
        );
        let text = ui_text_from(&sources(both), "th");
        assert!(text.drafted.is_empty() && text.draft_notice.is_none() && !text.machine_drafted);
        // The shipped catalogs: every Thai string is still a draft today.
        let th = ui_text("th");
        assert_eq!(th.drafted.len(), th.strings.len());
        assert!(th.draft_notice.is_some());
    }

    #[test]
    fn unknown_language_is_refused_in_the_current_language() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = App::open(dir.path()).expect("open");
        app.set_language("th").expect("switch");
        let err = app.set_language("fr").expect_err("fr is not shipped");
        assert_eq!(err.code, ErrorCode::UnknownLanguage);
        assert_eq!(err.message, "ไม่มีภาษานี้: fr");
        assert_eq!(app.language(), "th");
    }

    #[test]
    fn ui_text_carries_no_raw_ids() {
        for code in LANGUAGES {
            let text = ui_text(code);
            for (id, value) in &text.strings {
                assert_ne!(id, value, "{code}: {id} shows its id");
                assert!(!value.is_empty(), "{code}: {id} is empty");
            }
        }
    }

    #[test]
    fn first_run_lock_and_unlock() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = App::open(dir.path()).expect("open");
        assert_eq!(app.vault_state(), VaultState::New);
        let short = app
            .create_vault("short".into(), "short".into())
            .expect_err("too short");
        assert_eq!(short.code, ErrorCode::InvalidPassphrase);
        let weak = app
            .create_vault("password123".into(), "password123".into())
            .expect_err("weak");
        assert_eq!(weak.code, ErrorCode::InvalidPassphrase);
        let mismatch = app
            .create_vault(STRONG.into(), "long enough two".into())
            .expect_err("mismatch");
        assert_eq!(mismatch.code, ErrorCode::InvalidPassphrase);
        assert_eq!(app.vault_state(), VaultState::New);
        let rows = app
            .create_vault(STRONG.into(), STRONG.into())
            .expect("create");
        assert!(rows.is_empty());
        assert_eq!(app.vault_state(), VaultState::Unlocked);
        assert_eq!(app.lock(), VaultState::Locked);
        assert_eq!(app.cases().expect_err("locked").code, ErrorCode::Locked);
        app.set_language("th").expect("switch");
        let wrong = app.unlock("not the one".into()).expect_err("wrong");
        assert_eq!(wrong.code, ErrorCode::WrongPassphrase);
        assert!(wrong.message.contains("รหัสผ่าน"), "{}", wrong.message);
        assert_eq!(app.vault_state(), VaultState::Locked);
        app.unlock(STRONG.into()).expect("unlock");
        assert_eq!(app.vault_state(), VaultState::Unlocked);
    }

    #[test]
    fn the_measured_cost_survives_other_settings_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = App::open(dir.path()).expect("open");
        let cost = app.kdf_cost();
        app.set_language("th").expect("language");
        app.set_wipe_after(Some(5)).expect("wipe limit");
        let saved = Settings::load(dir.path());
        assert_eq!(
            saved.kdf_us,
            Some(u64::try_from(cost.per_guess.as_micros()).expect("micros"))
        );
        assert_eq!(saved.language, "th");
        // A new App reads it instead of measuring again.
        assert_eq!(App::open(dir.path()).expect("reopen").kdf_cost(), cost);
    }

    /// Quick hide's key comes from `settings.json`: a named key as set, a
    /// key that types a character (it would hide the app mid-answer), an
    /// empty or a made-up name with spaces falls back to Escape.
    #[test]
    fn the_quick_hide_key_is_a_setting_and_never_a_typing_key() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(
            App::open(dir.path())
                .expect("open")
                .startup()
                .quick_hide_key,
            "Escape"
        );
        for (set, used) in [
            ("F9", "F9"),
            ("Pause", "Pause"),
            ("a", "Escape"),
            ("ก", "Escape"),
            (" ", "Escape"),
            ("", "Escape"),
            ("Shift Tab", "Escape"),
        ] {
            std::fs::write(
                dir.path().join("settings.json"),
                serde_json::json!({ "quick_hide_key": set }).to_string(),
            )
            .expect("settings");
            let app = App::open(dir.path()).expect("open");
            assert_eq!(app.startup().quick_hide_key, used, "{set:?}");
        }
    }

    /// A passphrase a test may use: it passes the rule.
    pub(crate) const STRONG: &str = "stencil yarn obituary deflected carport";

    /// A new store under `root` (`data/vault`), opened with [`STRONG`] and
    /// the fast key derivation tests use.
    pub(crate) fn store(root: &std::path::Path) -> cases::CaseStore {
        cases::CaseStore::init(
            &root.join("data").join("vault"),
            &cases::Passphrase::from(STRONG),
            vault::VaultOptions {
                kdf: vault::KdfParams::insecure_for_tests(),
                ..vault::VaultOptions::default()
            },
            "en",
        )
        .expect("store")
    }

    #[test]
    fn a_passphrase_change_in_the_window_keeps_the_store_open_and_changes_the_key() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = App::open(dir.path()).expect("open");
        app.create_vault(STRONG.into(), STRONG.into())
            .expect("create");
        let new = "quarry lantern mimosa octopus thimble";
        let weak = app
            .change_passphrase(STRONG.into(), "12345678".into(), "12345678".into())
            .expect_err("weak");
        assert_eq!(weak.code, ErrorCode::InvalidPassphrase);
        let wrong = app
            .change_passphrase("not it at all".into(), new.into(), new.into())
            .expect_err("wrong old");
        assert_eq!(wrong.code, ErrorCode::WrongPassphrase);
        app.change_passphrase(STRONG.into(), new.into(), new.into())
            .expect("change");
        assert_eq!(app.vault_state(), VaultState::Unlocked);
        app.lock();
        assert_eq!(
            app.unlock(STRONG.into()).expect_err("old").code,
            ErrorCode::WrongPassphrase
        );
        app.unlock(new.into()).expect("new");
        assert!(app.set_wipe_after(Some(7)).is_err());
        app.set_wipe_after(Some(10)).expect("ten");
        assert_eq!(
            app.settings().vault_options().unlock_policy.wipe_after,
            Some(10)
        );
    }

    #[test]
    fn an_idle_store_locks_itself_and_activity_keeps_it_open() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"language": "en", "idle_lock_seconds": 1}"#,
        )
        .expect("settings");
        // On a manual clock: a loaded machine cannot stretch a pause.
        let clock = std::sync::Arc::new(vault::ManualClock::new());
        let app = App::open(dir.path())
            .expect("open")
            .with_clock(clock.clone());
        app.create_vault(STRONG.into(), STRONG.into())
            .expect("create");
        for _ in 0..3 {
            clock.advance(std::time::Duration::from_millis(900));
            assert_eq!(app.keep_alive(true), VaultState::Unlocked);
        }
        clock.advance(std::time::Duration::from_millis(900));
        assert_eq!(
            app.keep_alive(false),
            VaultState::Unlocked,
            "not idle long enough yet"
        );
        clock.advance(std::time::Duration::from_millis(200));
        assert_eq!(app.keep_alive(false), VaultState::Locked);
        // Unknown or missing fields fall back to defaults.
        std::fs::write(dir.path().join("settings.json"), r#"{"language": "th"}"#)
            .expect("settings");
        assert_eq!(App::open(dir.path()).expect("open").language(), "th");
    }

    #[test]
    fn version_is_formatted_in_the_language() {
        assert_eq!(
            ui_text("th").version,
            format!("เวอร์ชัน {}", env!("CARGO_PKG_VERSION"))
        );
    }
}
