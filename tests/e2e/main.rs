//! End-to-end tests of the real app window (not a browser mock). Run with
//! `cargo xtask test e2e`, which builds the app and tauri-driver first.

mod cases;
mod export;
mod handover;
mod harness;
mod interview;
mod sync;

use harness::{DESKTOP, PHONE, Session};

const LANGS: [&str; 5] = ["en", "th", "my", "km", "lo"];

fn text(lang: &str, id: &str) -> String {
    i18n::localizer()
        .try_format(lang, id, None)
        .unwrap_or_else(|| panic!("locales/{lang} lacks `{id}`"))
}

/// Every message id of every catalog, to spot one shown raw.
fn all_ids() -> Vec<String> {
    i18n::localizer()
        .ids_by_file("en")
        .into_values()
        .flatten()
        .collect()
}

fn shows_raw_id(body: &str, id: &str) -> bool {
    body.match_indices(id).any(|(i, _)| {
        let before = body[..i].chars().next_back();
        let after = body[i + id.len()..].chars().next();
        let word =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        !word(before) && !word(after)
    })
}

/// The first screen of a fresh install: choosing the passphrase.
const FIRST_TITLE: &str = "setup-title";
const PASSPHRASE: &str = "ไม่มีใครเดาได้ ทะเลสาบ ดาวตก มะละกอ 2026";

/// Taps a language by its own name and waits until the screen's title
/// (message `title`) is in it.
async fn switch_to(s: &Session, lang: &str, title: &str) {
    choose_language(s, lang).await;
    s.wait_text("h1", &text(lang, title)).await;
}

/// Taps the app's (interviewer's) language by its own name, opening the
/// header's menu first where it is folded (a phone, once unlocked).
async fn choose_language(s: &Session, lang: &str) {
    open_menu_if_folded(s).await;
    s.button(&text(lang, "language-name"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("tap {lang}: {e}"));
}

/// Opens the header's menu when it is folded (a phone, once unlocked).
async fn open_menu_if_folded(s: &Session) {
    let folded = s
        .js("const m = document.querySelector('.menu-toggle'); \
             return !!m && getComputedStyle(m).display !== 'none' && m.getAttribute('aria-expanded') !== 'true';")
        .await
        .as_bool()
        .unwrap_or(false);
    if folded {
        s.client
            .find(fantoccini::Locator::Css(".menu-toggle"))
            .await
            .expect("the menu button")
            .click()
            .await
            .expect("open the menu");
    }
}

/// Fills the field labelled `label` and returns nothing; the field is found
/// through its visible label, as a person would.
async fn type_into(s: &Session, label: &str, value: &str) {
    s.input_labelled(label)
        .await
        .send_keys(value)
        .await
        .unwrap_or_else(|e| panic!("type into {label}: {e}"));
}

/// Fills the first-run form's two passphrase fields in `ui`, waiting after
/// the first for the strength verdict: it appears above the buttons, and a
/// tap aimed at "create" while it appears lands on the button pushed into
/// that place ("suggest a passphrase").
async fn set_passphrases(s: &Session, ui: &str, first: &str, again: &str) {
    type_into(s, &text(ui, "setup-passphrase-label"), first).await;
    s.wait_for_css("form meter").await;
    type_into(s, &text(ui, "setup-again-label"), again).await;
}

async fn tap(s: &Session, name: &str) {
    let button = s.button(name).await;
    // A header action behind the folded menu: open it first.
    if !button.is_displayed().await.unwrap_or(true) {
        open_menu_if_folded(s).await;
    }
    button
        .click()
        .await
        .unwrap_or_else(|e| panic!("tap {name}: {e}"));
}

/// Screenshots of the current screen in every language at one size, checking
/// nothing overflows sideways.
async fn shoot_all_languages(s: &Session, screen: &str, title: &str, size_name: &str) {
    for lang in LANGS {
        switch_to(s, lang, title).await;
        let overflow = s
            .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
            .await
            .as_i64()
            .unwrap_or(0);
        assert!(
            overflow <= 0,
            "{screen} in {lang} at {size_name}: {overflow}px of horizontal overflow"
        );
        let path = s.screenshot(&format!("{screen}-{size_name}-{lang}")).await;
        // A blank window compresses to ~2 KB; a screen of text is > 20 KB.
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(
            bytes > 10_000,
            "{} looks blank ({bytes} bytes)",
            path.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_starts_and_shows_its_title() {
    let s = Session::start().await;
    s.wait_text("header .brand", &text("en", "app-name")).await;
    s.wait_text("h1", &text("en", FIRST_TITLE)).await;
    let lang = s.js("return document.documentElement.lang;").await;
    assert_eq!(lang, "en");
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_to_burmese_shows_the_burmese_title() {
    let s = Session::start().await;
    switch_to(&s, "my", FIRST_TITLE).await;
    assert_eq!(s.js("return document.documentElement.lang;").await, "my");
    let pressed = s
        .button("မြန်မာ")
        .await
        .attr("aria-pressed")
        .await
        .expect("aria-pressed");
    assert_eq!(pressed.as_deref(), Some("true"));
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cycling_through_all_languages_never_shows_a_message_id_and_renders_every_script() {
    let s = Session::start().await;
    let ids = all_ids();
    assert!(ids.len() > 5, "{ids:?}");
    let order: Vec<&str> = LANGS
        .iter()
        .chain(LANGS.iter().rev())
        .chain(LANGS.iter())
        .copied()
        .collect();
    for lang in order {
        switch_to(&s, lang, FIRST_TITLE).await;
        // Every visible string switched, not only the title.
        s.wait_text(".tagline", &text(lang, "app-tagline")).await;
        let body = s.body_text().await;
        for id in &ids {
            assert!(
                !shows_raw_id(&body, id),
                "{lang}: the screen shows the raw id `{id}`:\n{body}"
            );
        }
        // The notice counts the strings nobody reviewed (none in English).
        match app::ui_text(lang).draft_notice {
            Some(notice) => assert!(body.contains(&notice), "{lang}: draft notice"),
            None => assert_eq!(lang, "en", "{lang}: no draft notice"),
        }
    }

    // The four scripts are drawn with the fonts the app ships, not system ones.
    let loaded = s
        .js_async(
            "const done = arguments[arguments.length - 1];
             document.fonts.ready.then(() => {
               const families = new Set();
               document.fonts.forEach((f) => { if (f.status === 'loaded') families.add(f.family.replace(/\"/g, '')); });
               done([...families].sort());
             });",
        )
        .await;
    for family in [
        "Noto Sans Thai",
        "Noto Sans Myanmar",
        "Noto Sans Khmer",
        "Noto Sans Lao",
    ] {
        assert!(
            loaded
                .as_array()
                .is_some_and(|a| a.iter().any(|f| f == family)),
            "{family} is not loaded from the app's bundle: {loaded}"
        );
    }
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_passphrase_lock_wrong_passphrase_and_unlock() {
    let s = Session::start().await;
    s.wait_text("h1", &text("en", FIRST_TITLE)).await;
    // Two different passphrases: the core refuses, the screen says why.
    set_passphrases(&s, "en", PASSPHRASE, "something else").await;
    tap(&s, &text("en", "setup-submit")).await;
    s.wait_text("[role=alert]", &text("en", "error-passphrase-mismatch"))
        .await;

    set_passphrases(&s, "en", PASSPHRASE, PASSPHRASE).await;
    tap(&s, &text("en", "setup-submit")).await;
    s.wait_text("h1", &text("en", "cases-title")).await;
    assert!(s.body_text().await.contains(&text("en", "cases-empty")));

    // One tap locks; the passphrase is asked again, in the chosen language.
    tap(&s, &text("en", "lock-button")).await;
    s.wait_text("h1", &text("en", "unlock-title")).await;
    switch_to(&s, "th", "unlock-title").await;
    type_into(
        &s,
        &text("th", "unlock-passphrase-label"),
        "not the passphrase",
    )
    .await;
    tap(&s, &text("th", "unlock-submit")).await;
    s.wait_text("[role=alert]", &text("th", "vault-wrong-passphrase"))
        .await;
    type_into(&s, &text("th", "unlock-passphrase-label"), PASSPHRASE).await;
    tap(&s, &text("th", "unlock-submit")).await;
    s.wait_text("h1", &text("th", "cases-title")).await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_app_locks_itself() {
    // The person set the idle lock to 3 seconds in their settings.
    let s =
        Session::start_with_settings(Some(r#"{"language": "km", "idle_lock_seconds": 3}"#)).await;
    s.wait_text("h1", &text("km", FIRST_TITLE)).await;
    set_passphrases(&s, "km", PASSPHRASE, PASSPHRASE).await;
    tap(&s, &text("km", "setup-submit")).await;
    s.wait_text("h1", &text("km", "cases-title")).await;
    let opened = std::time::Instant::now();
    // Nobody touches it: it locks by itself (3 s idle + one 2 s heartbeat).
    s.wait_text_within(
        "h1",
        &text("km", "unlock-title"),
        std::time::Duration::from_secs(15),
    )
    .await;
    assert!(
        opened.elapsed() >= std::time::Duration::from_secs(3),
        "locked too early"
    );
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn screenshots_of_every_screen_and_language_on_phone_and_desktop() {
    let s = Session::start().await;
    for (size_name, size) in [("phone-360x740", PHONE), ("desktop-1280x800", DESKTOP)] {
        s.resize(size).await;
        shoot_all_languages(&s, "first-run", FIRST_TITLE, size_name).await;
    }
    set_passphrases(&s, "lo", PASSPHRASE, PASSPHRASE).await;
    tap(&s, &text("lo", "setup-submit")).await;
    s.wait_text("h1", &text("lo", "cases-title")).await;
    for (size_name, size) in [("phone-360x740", PHONE), ("desktop-1280x800", DESKTOP)] {
        s.resize(size).await;
        shoot_all_languages(&s, "cases", "cases-title", size_name).await;
    }
    tap(&s, &text("lo", "security-open")).await;
    for (size_name, size) in [("phone-360x740", PHONE), ("desktop-1280x800", DESKTOP)] {
        s.resize(size).await;
        shoot_all_languages(&s, "security", "security-title", size_name).await;
    }
    tap(&s, &text("lo", "lock-button")).await;
    for (size_name, size) in [("phone-360x740", PHONE), ("desktop-1280x800", DESKTOP)] {
        s.resize(size).await;
        shoot_all_languages(&s, "unlock", "unlock-title", size_name).await;
    }
    s.close().await;
}
