//! The security settings screen: change the passphrase (through
//! [`App::change_passphrase`]) and choose after how many wrong passphrases
//! in a row the store erases itself ([`App::set_wipe_after`]). This module
//! computes what the screen shows, in the reader's language.

use serde::Serialize;
use specta::Type;

use crate::App;
use crate::settings::WIPE_AFTER_CHOICES;

/// One choice of the wipe limit, labelled for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct WipeChoice {
    /// 5, 10 or 20 wrong passphrases in a row; `None`: never.
    pub value: Option<u32>,
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
}

impl App {
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
        SecurityView {
            wipe_after: self.settings().wipe_after,
            wipe_choices,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::App;

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
