//! The case list, vessel inspections and quick wipe in the real window.
//! Records are seeded through the `app` façade before the window opens, then
//! read, searched, filtered, opened and wiped through the window as a person
//! would; the vessel test also makes an inspection and two crew interviews
//! through the window.

use std::time::Duration;

use fantoccini::Locator;

use super::harness::{DESKTOP, PHONE, Session};
use super::{LANGS, PASSPHRASE, tap, text, type_into};

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .expect("time")
        .to_utc()
}

/// A data folder whose store holds a draft screening, a completed screening
/// that suggests referrals, and vessel KT-1234 with two crew interviews
/// (C-01 complete, C-02 draft); the window will open in `lang`.
fn seeded(lang: &str) -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("temp data dir");
    let app = app::App::open(data.path()).expect("open");
    app.set_language(lang).expect("language");
    app.create_vault(PASSPHRASE.into(), PASSPHRASE.into())
        .expect("create");
    app.with_store(|s| {
        let value = |v: &str| app::cases::AnswerInput::Value(v.into());
        let t = at("2026-11-20T05:00:00Z");
        s.new_shipped_interview("victim-screening", "my", t)?;
        let t = at("2026-11-21T05:00:00Z");
        let referred = s.new_shipped_interview("victim-screening", "th", t)?;
        s.answer(&referred, "consent", value("yes"), "th", false, t)?;
        s.answer(&referred, "danger_now", value("yes"), "th", false, t)?;
        s.complete(&referred, t)?;
        let t = at("2026-11-23T05:00:00Z");
        let details = [
            ("vessel_code", "KT-1234"),
            ("province", "songkhla"),
            ("inspection_type", "pipo_in"),
            ("crew_counted", "12"),
        ];
        let vessel = app::vessel::new_inspection(
            s,
            &app::vessel::NewInspection {
                fields: details
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            },
            t,
        )?;
        for (code, done) in [("C-01", true), ("C-02", false)] {
            let crew = s.new_shipped_interview("fishing-inspection", "my", t)?;
            s.answer(&crew, "part", value("crew"), "my", false, t)?;
            s.answer(&crew, "vessel_code", value("KT-1234"), "my", false, t)?;
            s.answer(&crew, "crew_code", value(code), "my", false, t)?;
            if done {
                s.complete(&crew, t)?;
            }
            s.add_crew(&vessel, &crew, t)?;
        }
        Ok(())
    })
    .expect("records");
    app.lock();
    data
}

async fn unlock(s: &Session, lang: &str) {
    s.wait_text("h1", &text(lang, "unlock-title")).await;
    type_into(s, &text(lang, "unlock-passphrase-label"), PASSPHRASE).await;
    tap(s, &text(lang, "unlock-submit")).await;
    s.wait_text("h1", &text(lang, "cases-title")).await;
}

/// How many cases the list shows, once it has settled on `expected`.
async fn wait_rows(s: &Session, lang: &str, expected: u64) {
    let script = format!(
        "const l = document.querySelector('ul[aria-label=\"{}\"]'); return l ? l.children.length : 0;",
        text(lang, "cases-title")
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut last = 0;
    while std::time::Instant::now() < deadline {
        last = s.js(&script).await.as_u64().unwrap_or(0);
        if last == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the list shows {last} cases, expected {expected}");
}

/// The crew list's rows as one line of text each.
async fn crew_rows(s: &Session) -> Vec<String> {
    let rows = s
        .js(
            "return [...document.querySelectorAll('ul[aria-labelledby=\"vessel-crew\"] li')].map(li => li.innerText.replace(/\\s+/g, ' ').trim());",
        )
        .await;
    serde_json::from_value(rows).expect("crew rows")
}

/// A `<select>` found by its label's text; picks the option whose text
/// starts with `option`.
async fn choose(s: &Session, label: &str, option: &str) {
    let xpath = format!(
        "//select[@id=//label[normalize-space(.)='{label}']/@for]/option[starts-with(normalize-space(.), '{option}')]"
    );
    s.wait_xpath(&xpath, &format!("no option `{option}` under `{label}`"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("choose {option}: {e}"));
}

async fn overflow(s: &Session) -> i64 {
    s.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        .await
        .as_i64()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_case_list_in_thai_shows_buddhist_era_dates_and_narrows_by_search_and_filter() {
    let s = Session::start_in(seeded("th")).await;
    unlock(&s, "th").await;
    wait_rows(&s, "th", 5).await;
    let body = s.body_text().await;
    for date in ["20 พ.ย. 2569", "21 พ.ย. 2569", "23 พ.ย. 2569"] {
        assert!(body.contains(date), "no `{date}` in:\n{body}");
    }
    assert!(body.contains(&text("th", "case-status-referred")), "{body}");
    assert!(
        body.contains(&text("th", "case-sync-device_only")),
        "{body}"
    );
    // Quick wipe is offered in the header of the unlocked app too.
    s.button(&text("th", "wipe-open")).await;

    // Search: the vessel code finds the vessel and its two crew interviews
    // (named by the questionnaire's instance_name: vessel code, crew code).
    let search = s.input_labelled(&text("th", "cases-search-label")).await;
    search.send_keys("KT-1234").await.expect("type");
    wait_rows(&s, "th", 3).await;
    assert!(s.body_text().await.contains("KT-1234"));
    search.clear().await.expect("clear");
    // An input event is what the list listens to.
    search.send_keys(" ").await.expect("type");
    wait_rows(&s, "th", 5).await;

    // Filter: referral suggested.
    choose(
        &s,
        &text("th", "cases-filter-status"),
        &text("th", "case-status-referred"),
    )
    .await;
    wait_rows(&s, "th", 1).await;
    choose(
        &s,
        &text("th", "cases-filter-status"),
        &text("th", "cases-filter-all"),
    )
    .await;
    wait_rows(&s, "th", 5).await;
    choose(
        &s,
        &text("th", "cases-filter-kind"),
        &text("th", "case-kind-vessel_inspection"),
    )
    .await;
    wait_rows(&s, "th", 1).await;

    // Text at 200% on a phone: nothing runs off the side.
    s.resize(PHONE).await;
    s.js("document.documentElement.style.fontSize = '200%'; return true;")
        .await;
    s.settle().await;
    assert!(overflow(&s).await <= 0, "overflow at 200% text");
    s.screenshot("cases-text-200-phone-th").await;
    s.js("document.documentElement.style.fontSize = ''; return true;")
        .await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vessel_inspection_with_details_and_two_crew_members() {
    let s = Session::start_in(seeded("en")).await;
    unlock(&s, "en").await;
    wait_rows(&s, "en", 5).await;

    // A new inspection through the window; the crew count in Thai digits.
    tap(&s, &text("en", "cases-new-inspection")).await;
    s.wait_text("h1", &text("en", "inspection-title")).await;
    let form = app::vessel::vessel_form("en").expect("form");
    let label = |name: &str| {
        let f = form.fields.iter().find(|f| f.name == name).expect("field");
        if f.required {
            format!("{} ({})", f.label, text("en", "inspection-required"))
        } else {
            f.label.clone()
        }
    };
    type_into(&s, &label("vessel_code"), "PT-0042").await;
    // Nothing chosen for a required field: the core says which.
    tap(&s, &text("en", "inspection-save")).await;
    let alert = s.wait_for_css("[role=alert]").await;
    let said = alert.text().await.unwrap_or_default();
    assert!(
        said.starts_with(&form.fields[2].label) || said.starts_with(&form.fields[5].label),
        "{said}"
    );
    choose(&s, &label("inspection_type"), "Port-out").await;
    type_into(&s, &label("crew_counted"), "๗").await;
    tap(&s, &text("en", "inspection-save")).await;
    s.wait_text("h1", "PT-0042").await;
    let body = s.body_text().await;
    assert!(body.contains(&text("en", "vessel-crew-empty")), "{body}");
    let counted = &form
        .fields
        .iter()
        .find(|f| f.name == "crew_counted")
        .expect("field")
        .label;
    assert!(body.contains(&format!("{counted}\n7")), "{body}");

    // Two crew members through the window: each gets a labour-inspection
    // interview started from this vessel, and leaving it comes back here.
    let fishing = app::catalog::list("en")
        .into_iter()
        .find(|q| q.key == "fishing-inspection")
        .expect("shipped")
        .title;
    for n in 1..=2 {
        tap(&s, &text("en", "vessel-add-crew")).await;
        s.wait_text("h1", &text("en", "new-interview-title")).await;
        let chosen = s
            .js("return [...document.querySelectorAll('fieldset button[aria-pressed=\"true\"]')].map(b => b.textContent.trim());")
            .await;
        assert_eq!(chosen, serde_json::json!([fishing]), "preselected");
        s.wait_xpath("//fieldset//button[@lang='my']", "Burmese for the fisher")
            .await
            .click()
            .await
            .expect("tap Burmese");
        tap(&s, &text("en", "new-interview-start")).await;
        tap(&s, &text("en", "interview-exit")).await;
        s.wait_text("h1", "PT-0042").await;
        let rows = crew_rows(&s).await;
        assert_eq!(rows.len(), n, "{rows:?}");
        assert!(
            rows[n - 1].contains(&text("en", "case-status-in_progress")),
            "{rows:?}"
        );
    }
    tap(&s, &text("en", "vessel-back")).await;
    wait_rows(&s, "en", 8).await;

    // The seeded vessel: details, then the crew with each interview's status.
    let row = s
        .client
        .find(Locator::XPath(
            "//button[.//*[normalize-space(.)='KT-1234']]",
        ))
        .await
        .expect("KT-1234 in the list");
    row.click().await.expect("open vessel");
    s.wait_text("h1", "KT-1234").await;
    let crew = crew_rows(&s).await;
    assert_eq!(crew.len(), 2, "{crew:?}");
    assert!(
        crew[0].starts_with("C-01") && crew[0].contains(&text("en", "case-status-complete")),
        "{crew:?}"
    );
    assert!(
        crew[1].starts_with("C-02") && crew[1].contains(&text("en", "case-status-in_progress")),
        "{crew:?}"
    );
    let body = s.body_text().await;
    assert!(body.contains("Songkhla"), "{body}");
    s.button(&text("en", "vessel-add-crew")).await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_wipe_asks_for_the_word_then_leaves_a_fresh_install() {
    let s = Session::start_in(seeded("km")).await;
    // From the lock screen: no passphrase needed.
    s.wait_text("h1", &text("km", "unlock-title")).await;
    tap(&s, &text("km", "wipe-open")).await;
    s.wait_text("h1", &text("km", "wipe-title")).await;
    assert!(s.body_text().await.contains(&text("km", "wipe-explainer")));
    let submit = s.button(&text("km", "wipe-submit")).await;
    assert!(
        !submit.is_enabled().await.expect("enabled?"),
        "nothing typed yet"
    );
    type_into(&s, &text("km", "wipe-type-label"), "no").await;
    tap(&s, &text("km", "wipe-submit")).await;
    s.wait_text("[role=alert]", &text("km", "wipe-not-confirmed"))
        .await;
    assert!(s.data_dir().join("vault").exists(), "nothing erased yet");
    // Cancel keeps everything.
    tap(&s, &text("km", "wipe-cancel")).await;
    s.wait_text("h1", &text("km", "unlock-title")).await;

    tap(&s, &text("km", "wipe-open")).await;
    s.wait_text("h1", &text("km", "wipe-title")).await;
    // By keyboard alone: the screen's heading has the focus, Tab reaches the
    // field with a visible focus ring, Enter erases.
    let focused = s.js("return document.activeElement.tagName;").await;
    assert_eq!(focused, "H1");
    s.client
        .active_element()
        .await
        .expect("focus")
        .send_keys("\u{E004}")
        .await
        .expect("Tab");
    let ring = s
        .js("const e = document.activeElement; return [e.id, getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth];")
        .await;
    assert_eq!(ring[0], "wipe-typed", "{ring}");
    assert_eq!(ring[1], "solid", "no visible focus: {ring}");
    let field = s.client.active_element().await.expect("focus");
    field
        .send_keys(&text("km", "wipe-confirm-word"))
        .await
        .expect("type the word");
    field.send_keys("\u{E007}").await.expect("Enter");
    s.wait_text("h1", &text("km", "setup-title")).await;
    let mut left: Vec<String> = std::fs::read_dir(s.data_dir())
        .expect("data folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    // A fresh install that chose Khmer has its settings and nothing else.
    assert_eq!(left, ["settings.json"]);
    s.close().await;
}

/// Taps each language and shoots the screen once `css` shows message `id`.
async fn shoot(
    s: &Session,
    screen: &str,
    size: &str,
    css: &str,
    id: &str,
    scroll_to: Option<&str>,
) {
    for lang in LANGS {
        crate::choose_language(s, lang).await;
        s.wait_text(css, &text(lang, id)).await;
        let o = overflow(s).await;
        assert!(
            o <= 0,
            "{screen} in {lang} at {size}: {o}px of horizontal overflow"
        );
        if let Some(target) = scroll_to {
            s.js(&format!(
                "document.getElementById('{target}').scrollIntoView(); return true;"
            ))
            .await;
        } else {
            s.js("window.scrollTo(0, 0); return true;").await;
        }
        let path = s.screenshot(&format!("{screen}-{size}-{lang}")).await;
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(
            bytes > 10_000,
            "{} looks blank ({bytes} bytes)",
            path.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn screenshots_of_the_case_list_vessel_crew_and_wipe_screens() {
    let s = Session::start_in(seeded("en")).await;
    unlock(&s, "en").await;
    wait_rows(&s, "en", 5).await;
    let sizes = [("phone-360x740", PHONE), ("desktop-1280x800", DESKTOP)];
    for (name, size) in sizes {
        s.resize(size).await;
        shoot(&s, "case-list", name, "h1", "cases-title", None).await;
    }
    let row = s
        .client
        .find(Locator::XPath(
            "//button[.//*[normalize-space(.)='KT-1234']]",
        ))
        .await
        .expect("KT-1234 in the list");
    row.click().await.expect("open vessel");
    s.wait_text("h1", "KT-1234").await;
    for (name, size) in sizes {
        s.resize(size).await;
        shoot(
            &s,
            "vessel-details",
            name,
            "#vessel-details",
            "vessel-details-title",
            None,
        )
        .await;
        shoot(
            &s,
            "crew-list",
            name,
            "#vessel-crew",
            "vessel-crew-title",
            Some("vessel-crew"),
        )
        .await;
    }
    // The last language shot was Lao.
    tap(&s, &text("lo", "wipe-open")).await;
    for (name, size) in sizes {
        s.resize(size).await;
        shoot(&s, "wipe-confirmation", name, "h1", "wipe-title", None).await;
    }
    s.close().await;
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Polls until the list shows `n` rows; returns how long that took.
async fn time_rows(s: &Session, n: u64) -> Duration {
    let started = std::time::Instant::now();
    wait_rows(s, "en", n).await;
    started.elapsed()
}

/// The window with 10,000 records. Make them first (release build for
/// realistic core figures):
/// `FIELDSCREEN_10K_OUT=/tmp/fs10k cargo test -p app --release -- --ignored ten_thousand`,
/// then run this test with `FIELDSCREEN_10K_DIR=/tmp/fs10k` and `--ignored`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "measurement: needs FIELDSCREEN_10K_DIR"]
async fn ten_thousand_cases_in_the_window() {
    let Some(source) = std::env::var_os("FIELDSCREEN_10K_DIR") else {
        panic!("set FIELDSCREEN_10K_DIR to a data folder made by the app's ten_thousand_records");
    };
    let data = tempfile::tempdir().expect("temp data dir");
    copy_dir(std::path::Path::new(&source), data.path());
    std::fs::write(data.path().join("settings.json"), r#"{"language": "en"}"#).expect("settings");
    let s = Session::start_in(data).await;
    s.resize(PHONE).await;
    s.wait_text("h1", &text("en", "unlock-title")).await;
    type_into(
        &s,
        &text("en", "unlock-passphrase-label"),
        "long enough one",
    )
    .await;
    let started = std::time::Instant::now();
    tap(&s, &text("en", "unlock-submit")).await;
    wait_rows(&s, "en", 100).await;
    eprintln!(
        "unlock (Argon2id) to the first 100 of 10,000 rows on screen: {:?}",
        started.elapsed()
    );
    let more = s.button(&text("en", "cases-show-more")).await;
    let started = std::time::Instant::now();
    more.click().await.expect("show more");
    wait_rows(&s, "en", 200).await;
    eprintln!("next 100 rows: {:?}", started.elapsed());
    // Scrolling to the end of the list loads the next page by itself.
    let started = std::time::Instant::now();
    s.js("window.scrollTo(0, document.body.scrollHeight); return true;")
        .await;
    // Two painted frames: the observer reports on the next rendering update.
    s.settle().await;
    wait_rows(&s, "en", 300).await;
    eprintln!("scrolled to the end, 300 rows: {:?}", started.elapsed());
    choose(
        &s,
        &text("en", "cases-filter-status"),
        &text("en", "case-status-referred"),
    )
    .await;
    eprintln!(
        "status filter (500 referred): {:?}",
        time_rows(&s, 100).await
    );
    let nodes = s
        .js("return document.getElementsByTagName('*').length;")
        .await;
    eprintln!("DOM elements with 100 rows shown: {nodes}");
    s.close().await;
}

/// Issue 23: a screening is found by its case code through the search
/// field, and two drafts of the same day never look alike in the list.
#[tokio::test(flavor = "multi_thread")]
async fn a_case_is_found_by_its_code_and_two_drafts_of_a_day_look_different() {
    let data = tempfile::tempdir().expect("temp data dir");
    let app = app::App::open(data.path()).expect("open");
    app.set_language("en").expect("language");
    app.create_vault(PASSPHRASE.into(), PASSPHRASE.into())
        .expect("create");
    app.with_store(|s| {
        let t = at("2026-11-20T05:00:00Z");
        let coded = s.new_shipped_interview("victim-screening", "my", t)?;
        let value = |v: &str| app::cases::AnswerInput::Value(v.into());
        s.answer(&coded, "consent", value("yes"), "my", false, t)?;
        s.answer(&coded, "case_code", value("RN-2026-031"), "en", false, t)?;
        s.new_shipped_interview("victim-screening", "my", t)?;
        s.new_shipped_interview("victim-screening", "my", t)?;
        Ok(())
    })
    .expect("records");
    app.lock();
    drop(app);
    let s = Session::start_in(data).await;
    unlock(&s, "en").await;
    wait_rows(&s, "en", 3).await;
    let titles = s
        .js("return [...document.querySelectorAll('ul.cases .case')].map(b => b.innerText.replace(/\\s+/g, ' ').trim());")
        .await;
    let titles: Vec<String> = serde_json::from_value(titles).expect("rows");
    let distinct: std::collections::BTreeSet<&String> = titles.iter().collect();
    assert_eq!(distinct.len(), 3, "two rows look alike: {titles:?}");
    let search = s.input_labelled(&text("en", "cases-search-label")).await;
    search.send_keys("rn-2026-031").await.expect("type");
    wait_rows(&s, "en", 1).await;
    let row = s
        .js("return document.querySelector('ul.cases .case .title').innerText;")
        .await;
    assert_eq!(row.as_str(), Some("RN-2026-031"));
    s.close().await;
}

/// The security screen, in Thai: the wipe limit chosen from the core's
/// labels is kept in the settings; the passphrase changes only with the
/// current one, after which the old one no longer opens the store and the
/// new one does.
#[tokio::test(flavor = "multi_thread")]
async fn the_passphrase_changes_and_the_wipe_and_idle_limits_are_chosen_in_the_window() {
    let s = Session::start_in(seeded("th")).await;
    unlock(&s, "th").await;
    tap(&s, &text("th", "security-open")).await;
    s.wait_text("h1", &text("th", "security-title")).await;

    let five = i18n::message("th", "security-wipe-after", &[("count", 5)]);
    choose(&s, &text("th", "security-wipe-label"), &five).await;
    s.wait_text("#security-wipe-status", &text("th", "security-saved"))
        .await;
    let settings: serde_json::Value = serde_json::from_slice(
        &std::fs::read(s.data_dir().join("settings.json")).expect("settings"),
    )
    .expect("json");
    assert_eq!(settings["wipe_after"], 5, "{settings}");

    // The idle lock: one minute, kept for the next start.
    let one = i18n::message("th", "security-idle-after", &[("count", 1)]);
    choose(&s, &text("th", "security-idle-label"), &one).await;
    s.wait_text("#security-idle-status", &text("th", "security-saved"))
        .await;
    let settings: serde_json::Value = serde_json::from_slice(
        &std::fs::read(s.data_dir().join("settings.json")).expect("settings"),
    )
    .expect("json");
    assert_eq!(settings["idle_lock_seconds"], 60, "{settings}");

    const NEW: &str = "seven lanterns drift over quiet harbour water";
    type_into(
        &s,
        &text("th", "security-current-label"),
        "not the passphrase",
    )
    .await;
    type_into(&s, &text("th", "security-new-label"), NEW).await;
    type_into(&s, &text("th", "security-again-label"), NEW).await;
    tap(&s, &text("th", "security-change-submit")).await;
    s.wait_text("[role=alert]", &text("th", "vault-wrong-passphrase"))
        .await;
    type_into(&s, &text("th", "security-current-label"), PASSPHRASE).await;
    type_into(&s, &text("th", "security-new-label"), NEW).await;
    type_into(&s, &text("th", "security-again-label"), NEW).await;
    tap(&s, &text("th", "security-change-submit")).await;
    s.wait_text("#security-pass-status", &text("th", "security-changed"))
        .await;

    tap(&s, &text("th", "lock-button")).await;
    s.wait_text("h1", &text("th", "unlock-title")).await;
    type_into(&s, &text("th", "unlock-passphrase-label"), PASSPHRASE).await;
    tap(&s, &text("th", "unlock-submit")).await;
    s.wait_text("[role=alert]", &text("th", "vault-wrong-passphrase"))
        .await;
    type_into(&s, &text("th", "unlock-passphrase-label"), NEW).await;
    tap(&s, &text("th", "unlock-submit")).await;
    s.wait_text("h1", &text("th", "cases-title")).await;
    s.close().await;
}
