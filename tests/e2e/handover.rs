//! Hand-over in the real window: a Burmese respondent with a Thai
//! interviewer takes the device, answers by tapping, hears the question (the
//! `<audio>` element really plays), and gives the device back with a long
//! press and the interviewer's passphrase; the summary marks those answers
//! as self-administered.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};

use crate::harness::{PHONE, Session};
use crate::interview::{
    Walker, choice, consented, h1, label, lit, tap_respondent_lang, tap_section,
};
use crate::{PASSPHRASE, tap, text, type_into};

const CASE_CODE: &str = "RN-2026-018";

/// Taps a hand-over answer button by its text.
async fn tap_answer(s: &Session, name: &str) {
    let xpath = format!(
        "//button[contains(@class,'answer') and normalize-space(.)={}]",
        lit(name)
    );
    s.wait_xpath(&xpath, &format!("no answer button `{name}`"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("tap {name}: {e}"));
}

/// What the respondent's screen must not show: a character of Thai or of
/// English (the interviewer's and the app's languages here), or the case.
async fn only_burmese_on_screen(s: &Session) {
    let body = s.body_text().await;
    assert!(
        !body
            .chars()
            .any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c) || c.is_ascii_alphabetic()),
        "Thai or English on the respondent's screen:\n{body}"
    );
    let html = s
        .js("return document.documentElement.outerHTML;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!html.contains(CASE_CODE), "the case code is in the page");
    assert!(
        s.client
            .find(Locator::Css("header, nav, footer"))
            .await
            .is_err(),
        "the interviewer's header, navigation or footer is in the page"
    );
}

/// The long press on "give back", with a real pointer.
async fn long_press(s: &Session, name: &str) {
    let button = s.button(name).await;
    let press = MouseActions::new("finger".into())
        .then(PointerAction::MoveToElement {
            element: button,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .pause(Duration::from_millis(1800))
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    s.client
        .perform_actions(press)
        .await
        .unwrap_or_else(|e| panic!("long press {name}: {e}"));
}

/// Leaves hand-over: long press (on the respondent's `resp` button), then
/// the passphrase in the interviewer's (`ui`) form.
async fn give_back(s: &Session, ui: &str, resp: &str) {
    long_press(s, &text(resp, "handover-leave")).await;
    type_into(s, &text(ui, "handover-confirm-passphrase"), PASSPHRASE).await;
    tap(s, &text(ui, "handover-confirm")).await;
    s.wait_for_css(".moves").await;
}

/// The prompt's player: paused, current time, source.
async fn player(s: &Session) -> (bool, f64, String) {
    let v = s
        .js("const a = document.querySelector('audio[data-prompt]'); return a ? [a.paused, a.currentTime, a.currentSrc] : null;")
        .await;
    let a = v.as_array().cloned().unwrap_or_default();
    (
        a.first()
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(true),
        a.get(1).and_then(serde_json::Value::as_f64).unwrap_or(0.0),
        a.get(2)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    )
}

/// Hands the safety section over: the respondent taps "no" twice (checked
/// to see Burmese only, with buttons at least 64 px high), passes the next
/// questions, and says it is private here ("yes"), which ends the section.
async fn answer_safety_alone(s: &Session, q: &forms::Questionnaire) {
    tap(s, &text("th", "interview-hand-over")).await;
    s.wait_text("h1", &label(q, "danger_now", "my")).await;
    only_burmese_on_screen(s).await;
    let min_height = s
        .js("return Math.min(...[...document.querySelectorAll('button.answer')].map(b => b.getBoundingClientRect().height));")
        .await
        .as_f64()
        .unwrap_or(0.0);
    assert!(min_height >= 64.0, "answer buttons {min_height} px high");
    tap_answer(s, &choice(q, "danger_now", "no", "my")).await;
    s.wait_text("h1", &label(q, "injured", "my")).await;
    tap_answer(s, &choice(q, "injured", "no", "my")).await;
    // On to "is it private here?", passing the others.
    let privacy = label(q, "privacy", "my");
    let deadline = Instant::now() + Duration::from_secs(30);
    while h1(s).await != privacy {
        assert!(Instant::now() < deadline, "privacy never came");
        let before = h1(s).await;
        tap_answer(s, &text("my", "handover-skip")).await;
        while h1(s).await == before {
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }
    tap_answer(s, &choice(q, "privacy", "yes", "my")).await;
}

/// Waits until the prompt's `<audio>` plays from a `blob:` URL, then checks
/// its time advances.
async fn wait_playing(s: &Session) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let (mut paused, mut first, mut src) = player(s).await;
    while (paused || first <= 0.0) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        (paused, first, src) = player(s).await;
    }
    assert!(src.starts_with("blob:"), "the prompt's source: {src:?}");
    assert!(
        !paused && first > 0.0,
        "the prompt does not play ({first} s)"
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (_, later, _) = player(s).await;
    assert!(
        later > first,
        "the prompt's time does not advance: {first} → {later}"
    );
}

/// A fresh store in `ui`, a screening of a respondent in `resp` past
/// consent and the case code, at the safety section's first question.
async fn at_safety(ui: &str, resp: &str) -> (forms::Questionnaire, Session) {
    let (q, s) = consented(ui, resp).await;
    let mut w = Walker::new(&s, &q, ui, resp);
    w.step(&std::collections::BTreeMap::from([(
        "case_code",
        CASE_CODE,
    )]))
    .await;
    tap_section(&s, &label(&q, "safety", ui)).await;
    s.wait_text("h1", &label(&q, "danger_now", resp)).await;
    (q, s)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_burmese_respondent_answers_alone_hears_the_question_and_gives_the_device_back() {
    let (q, s) = at_safety("th", "my").await;
    s.resize(PHONE).await;

    // The safety section, handed over: the respondent taps two answers.
    answer_safety_alone(&s, &q).await;
    only_burmese_on_screen(&s).await;
    s.screenshot("handover-done-my-phone").await;

    // A short press does not open the way back; a long one asks the
    // interviewer, in Thai, for the passphrase.
    s.button(&text("my", "handover-leave"))
        .await
        .click()
        .await
        .expect("short tap");
    tokio::time::sleep(Duration::from_millis(1800)).await;
    assert!(
        s.client.find(Locator::Css("form.confirm")).await.is_err(),
        "a tap opened the way back"
    );
    give_back(&s, "th", "my").await;

    // Handed over again: the questionnaire's self-administered section,
    // whose question plays its (synthesized) Burmese prompt.
    tap(&s, &text("th", "interview-hand-over")).await;
    s.wait_text("h1", &label(&q, "docs_holder", "my")).await;
    only_burmese_on_screen(&s).await;
    s.wait_for_css("[data-synthesized]").await;
    wait_playing(&s).await;
    tap_answer(&s, &choice(&q, "docs_holder", "employer", "my")).await;
    s.wait_text("h1", &label(&q, "docs_back", "my")).await;
    give_back(&s, "th", "my").await;

    // The summary marks what the respondent answered alone.
    tap(&s, &text("th", "interview-summary-button")).await;
    s.wait_text("h1", &text("th", "interview-summary-title"))
        .await;
    let marked = s
        .js("return [...document.querySelectorAll('tr[data-key]')].filter(r => r.querySelector('[data-self-administered]')).map(r => r.dataset.key);")
        .await;
    let marked: Vec<&str> = marked
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(serde_json::Value::as_str)
        .collect();
    assert_eq!(marked, ["danger_now", "injured", "privacy", "docs_holder"]);
    s.close().await;
}

/// Screenshots of the hand-over screen at 360 px in each respondent
/// language the interviewer can hand over in (English interviewer): the
/// question in that language only, nothing wider than the screen.
#[tokio::test(flavor = "multi_thread")]
async fn screenshots_of_hand_over_on_a_phone_in_burmese_thai_khmer_and_lao() {
    let (q, s) = at_safety("en", "my").await;
    s.resize(PHONE).await;
    for lang in ["my", "th", "km", "lo"] {
        tap_respondent_lang(&s, "en", lang).await;
        s.wait_xpath(
            &format!("//button[@lang='{lang}' and @aria-pressed='true']"),
            &format!("the respondent's language did not switch to {lang}"),
        )
        .await;
        tap(&s, &text("en", "interview-hand-over")).await;
        s.wait_text("h1", &label(&q, "danger_now", lang)).await;
        let body = s.body_text().await;
        assert!(
            !body.chars().any(|c| c.is_ascii_alphabetic()),
            "English on the {lang} respondent's screen:\n{body}"
        );
        let wide = s
            .js("return document.documentElement.scrollWidth > document.documentElement.clientWidth;")
            .await;
        assert_eq!(
            wide,
            serde_json::Value::Bool(false),
            "{lang}: wider than 360 px"
        );
        s.screenshot(&format!("handover-{lang}-360")).await;
        give_back(&s, "en", lang).await;
    }
    s.close().await;
}

/// Escape, as a key press through WebDriver (U+E00C is its Escape key).
async fn press_escape(s: &Session) {
    s.client
        .find(Locator::Css("body"))
        .await
        .expect("body")
        .send_keys("\u{E00C}")
        .await
        .expect("press Escape");
}

/// The neutral screen is up and nothing of the case is in the page.
async fn hidden(s: &Session, q: &forms::Questionnaire) {
    s.wait_text("h1", &text("th", "hide-offline-title")).await;
    let html = s
        .js("return document.title + document.body.outerHTML;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for secret in [
        CASE_CODE.to_owned(),
        label(q, "danger_now", "my"),
        label(q, "danger_now", "th"),
        label(q, "docs_holder", "my"),
        text("th", "app-name"),
    ] {
        assert!(!html.contains(&secret), "{secret:?} is in the hidden page");
    }
    assert!(
        s.client.find(Locator::Css("audio")).await.is_err(),
        "an audio player is left"
    );
}

/// Opens the one case of the list (the interview, in progress).
async fn open_the_case(s: &Session) {
    s.wait_xpath(
        "//ul[contains(@class,'cases')]//button[contains(@class,'case')]",
        "no case in the list",
    )
    .await
    .click()
    .await
    .expect("open the case");
}

/// Back from the neutral screen: a long press, then the passphrase.
async fn unhide(s: &Session) {
    long_press(s, &text("th", "hide-offline-retry")).await;
    s.wait_text("h1", &text("th", "unlock-title")).await;
    type_into(s, &text("th", "unlock-passphrase-label"), PASSPHRASE).await;
    tap(s, &text("th", "unlock-submit")).await;
    s.wait_text("h1", &text("th", "cases-title")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_hide_from_the_question_and_from_hand_over_locks_and_shows_nothing() {
    let (q, s) = at_safety("th", "my").await;
    // From the question screen.
    press_escape(&s).await;
    hidden(&s, &q).await;
    unhide(&s).await;

    // From hand-over, with the prompt playing (the control section).
    open_the_case(&s).await;
    s.wait_text("h1", &label(&q, "danger_now", "my")).await;
    answer_safety_alone(&s, &q).await;
    give_back(&s, "th", "my").await;
    tap(&s, &text("th", "interview-hand-over")).await;
    s.wait_text("h1", &label(&q, "docs_holder", "my")).await;
    wait_playing(&s).await;
    press_escape(&s).await;
    hidden(&s, &q).await;
    // Back: the passphrase, then the interviewer's view (hand-over ended
    // with the lock).
    unhide(&s).await;
    open_the_case(&s).await;
    s.wait_for_css(".moves").await;
    s.close().await;
}
