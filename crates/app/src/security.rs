//! The security settings screen: change the passphrase (through
//! [`App::change_passphrase`]), choose after how many wrong passphrases in
//! a row the store erases itself ([`App::set_wipe_after`]) and after how
//! long without use it locks itself ([`App::set_idle_lock`]). This module
//! computes what the screen shows, in the reader's language.

use serde::Serialize;
use specta::Type;

use crate::settings::{self, IDLE_LOCK_CHOICES_MINUTES, WIPE_AFTER_CHOICES};
use crate::{App, AppError};

/// One choice of the wipe limit, labelled for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct WipeChoice {
    /// 5, 10 or 20 wrong passphrases in a row; `None`: never.
    pub value: Option<u32>,
    pub label: String,
}

/// One choice of the idle lock, labelled for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct IdleChoice {
    /// `None`: never (only listed when `settings.json` says so; the screen
    /// offers no way to choose it).
    pub minutes: Option<u32>,
    pub label: String,
}

/// What the security screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SecurityView {
    /// The limit in force (`None`: the store never erases itself).
    pub wipe_after: Option<u32>,
    /// Never first, then the limits from the most forgiving down: a person
    /// reads the safest default before the harshest.
    pub wipe_choices: Vec<WipeChoice>,
    /// Minutes without use before the store locks itself (`None`: never,
    /// set in `settings.json` only).
    pub idle_lock_minutes: Option<u32>,
    /// The choices, shortest first; one set by hand in `settings.json` that
    /// is not among them is listed too, so the screen shows what is in force.
    pub idle_choices: Vec<IdleChoice>,
}

impl App {
    /// Wipe the store after this many wrong passphrases in a row (5, 10 or
    /// 20), or never (`None`).
    pub fn set_wipe_after(&self, limit: Option<u32>) -> Result<(), AppError> {
        let lang = self.language();
        if let Some(n) = limit
            && !settings::WIPE_AFTER_CHOICES.contains(&n)
        {
            return Err(AppError::unexpected(&format!("wipe limit {n}"), &lang));
        }
        self.update_settings(&lang, |s| s.wipe_after = limit)
    }

    /// Lock the store after this many minutes without use (one of
    /// [`settings::IDLE_LOCK_CHOICES_MINUTES`]); applies at once to an open
    /// store and to every later one.
    pub fn set_idle_lock(&self, minutes: u32) -> Result<(), AppError> {
        let lang = self.language();
        if !settings::IDLE_LOCK_CHOICES_MINUTES.contains(&minutes) {
            return Err(AppError::unexpected(
                &format!("idle lock {minutes} minutes"),
                &lang,
            ));
        }
        self.update_settings(&lang, |s| s.idle_lock_seconds = u64::from(minutes) * 60)?;
        let limit = self.settings().vault_options().idle_timeout;
        if let Some(store) = self.store().as_mut() {
            store.vault.set_idle_timeout(limit);
        }
        Ok(())
    }

    /// The security screen in the reader's language.
    pub fn security_view(&self) -> SecurityView {
        let lang = self.language();
        let mut wipe_choices = vec![WipeChoice {
            value: None,
            label: i18n::message::<&str>(&lang, "security-wipe-never", &[]),
        }];
        let mut limits = WIPE_AFTER_CHOICES.to_vec();
        limits.sort_unstable_by(|a, b| b.cmp(a));
        wipe_choices.extend(limits.into_iter().map(|n| WipeChoice {
            value: Some(n),
            label: i18n::message(&lang, "security-wipe-after", &[("count", n)]),
        }));
        let seconds = self.settings().idle_lock_seconds;
        // Rounded up: a lock after 90 s reads as "after 2 minutes".
        let idle_lock_minutes =
            (seconds > 0).then(|| u32::try_from(seconds.div_ceil(60)).unwrap_or(u32::MAX));
        let mut minutes = IDLE_LOCK_CHOICES_MINUTES.to_vec();
        if let Some(m) = idle_lock_minutes
            && !minutes.contains(&m)
        {
            minutes.push(m);
            minutes.sort_unstable();
        }
        let mut idle_choices: Vec<IdleChoice> = minutes
            .into_iter()
            .map(|m| IdleChoice {
                minutes: Some(m),
                label: i18n::message(&lang, "security-idle-after", &[("count", m)]),
            })
            .collect();
        if idle_lock_minutes.is_none() {
            idle_choices.insert(
                0,
                IdleChoice {
                    minutes: None,
                    label: i18n::message::<&str>(&lang, "security-idle-never", &[]),
                },
            );
        }
        SecurityView {
            wipe_after: self.settings().wipe_after,
            wipe_choices,
            idle_lock_minutes,
            idle_choices,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::App;

    #[test]
    fn a_chosen_idle_lock_applies_to_the_open_store_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = std::sync::Arc::new(vault::ManualClock::new());
        let app = App::open(dir.path())
            .expect("open")
            .with_clock(clock.clone());
        app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
            .expect("create");
        // Five minutes by default: two minutes idle leave it open.
        clock.advance(std::time::Duration::from_secs(120));
        assert_eq!(app.keep_alive(false), crate::VaultState::Unlocked);
        assert_eq!(app.keep_alive(true), crate::VaultState::Unlocked);
        app.set_idle_lock(1).expect("one minute");
        clock.advance(std::time::Duration::from_secs(59));
        assert_eq!(app.keep_alive(false), crate::VaultState::Unlocked);
        clock.advance(std::time::Duration::from_secs(2));
        assert_eq!(app.keep_alive(false), crate::VaultState::Locked);
        // And the next time it is opened.
        app.unlock(crate::tests::STRONG.into()).expect("unlock");
        clock.advance(std::time::Duration::from_secs(61));
        assert_eq!(app.keep_alive(false), crate::VaultState::Locked);
    }

    #[test]
    fn the_screen_offers_never_and_each_limit_and_shows_the_one_in_force() {
        let dir = tempfile::tempdir().expect("dir");
        let app = App::open(dir.path()).expect("app");
        let view = app.security_view();
        assert_eq!(view.wipe_after, None);
        let values: Vec<_> = view.wipe_choices.iter().map(|c| c.value).collect();
        assert_eq!(values, [None, Some(20), Some(10), Some(5)]);
        assert_eq!(
            view.wipe_choices[1].label,
            "After 20 wrong passphrases in a row"
        );

        app.set_wipe_after(Some(10)).expect("set");
        // Kept across a restart.
        drop(app);
        let app = App::open(dir.path()).expect("app");
        assert_eq!(app.security_view().wipe_after, Some(10));

        // The idle lock: five minutes unless chosen, kept, applied.
        assert_eq!(app.security_view().idle_lock_minutes, Some(5));
        let minutes: Vec<_> = app
            .security_view()
            .idle_choices
            .iter()
            .map(|c| c.minutes)
            .collect();
        assert_eq!(minutes, [Some(1), Some(2), Some(5), Some(15)]);
        assert_eq!(
            app.security_view().idle_choices[0].label,
            "After 1 minute without use"
        );
        assert!(app.set_idle_lock(7).is_err(), "only the offered choices");
        app.set_idle_lock(15).expect("idle");
        drop(app);
        let app = App::open(dir.path()).expect("app");
        assert_eq!(app.security_view().idle_lock_minutes, Some(15));

        // Burmese: the count in Burmese digits.
        app.set_language("my").expect("my");
        let my = app.security_view();
        assert!(
            my.wipe_choices[1].label.contains("၂၀"),
            "{}",
            my.wipe_choices[1].label
        );
    }
}
