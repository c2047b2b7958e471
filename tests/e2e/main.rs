//! End-to-end tests of the real app window (not a browser mock). Run with
//! `cargo xtask test e2e`, which builds the app and tauri-driver first.

mod harness;

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

/// Taps a language by its own name and waits until the title is in it.
async fn switch_to(s: &Session, lang: &str) {
    s.button(&text(lang, "language-name"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("tap {lang}: {e}"));
    s.wait_text("h1", &text(lang, "home-title")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_starts_and_shows_its_title() {
    let s = Session::start().await;
    s.wait_text("header .brand", &text("en", "app-name")).await;
    s.wait_text("h1", &text("en", "home-title")).await;
    let lang = s.js("return document.documentElement.lang;").await;
    assert_eq!(lang, "en");
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_to_burmese_shows_the_burmese_title() {
    let s = Session::start().await;
    switch_to(&s, "my").await;
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
        switch_to(&s, lang).await;
        // Every visible string switched, not only the title.
        s.wait_text(".tagline", &text(lang, "app-tagline")).await;
        let body = s.body_text().await;
        for id in &ids {
            assert!(
                !shows_raw_id(&body, id),
                "{lang}: the screen shows the raw id `{id}`:\n{body}"
            );
        }
        let drafted_notice = text(lang, "translation-draft-notice");
        assert_eq!(
            body.contains(&drafted_notice),
            lang != "en",
            "{lang}: draft notice"
        );
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
async fn screenshots_of_every_language_on_phone_and_desktop() {
    let s = Session::start().await;
    for (size_name, size) in [("phone-360x740", PHONE), ("desktop-1280x800", DESKTOP)] {
        s.resize(size).await;
        for lang in LANGS {
            switch_to(&s, lang).await;
            // Nothing may overflow sideways at 360 px.
            let overflow = s
                .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
                .await
                .as_i64()
                .unwrap_or(0);
            assert!(
                overflow <= 0,
                "{lang} at {size_name}: {overflow}px of horizontal overflow"
            );
            let path = s.screenshot(&format!("home-{size_name}-{lang}")).await;
            // A blank window compresses to ~2 KB; a screen of text is > 20 KB.
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            assert!(
                bytes > 10_000,
                "{} looks blank ({bytes} bytes)",
                path.display()
            );
        }
    }
    s.close().await;
}
