//! The interview in the real window: consent first, the dual-language
//! question screen, language switches mid-interview, a kill and restart, the
//! summary with the indicators derived by hand in tests/questionnaires.rs,
//! and screenshots of every interview screen in five languages.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use forms::Questionnaire;
use forms::model::QuestionType;

use crate::harness::{DESKTOP, PHONE, Session};
use crate::{LANGS, PASSPHRASE, tap, text, type_into};

fn screening() -> Questionnaire {
    let dir = fieldscreen_tests::root().join("questionnaires/victim-screening");
    let mut files = BTreeMap::new();
    fn walk(base: &std::path::Path, dir: &std::path::Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir)
            .expect("read questionnaire")
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .expect("prefix")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).expect("read file"));
            }
        }
    }
    walk(&dir, &dir, &mut files);
    forms::load_folder(&files).expect("the shipped questionnaire loads")
}

fn render(t: Option<&forms::text::Text>) -> String {
    t.map(|t| t.render(&mut |_| String::new()))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

pub(crate) fn label(q: &Questionnaire, name: &str, lang: &str) -> String {
    render(q.label(name, lang))
}

pub(crate) fn choice(q: &Questionnaire, name: &str, value: &str, lang: &str) -> String {
    let list = q
        .node(name)
        .and_then(|n| n.question_type())
        .and_then(|t| t.list())
        .unwrap_or_else(|| panic!("{name} has no choices"));
    render(q.choice_label(list, value, lang))
}

/// An XPath string literal for `s`.
pub(crate) fn lit(s: &str) -> String {
    if s.contains('\'') {
        format!("\"{s}\"")
    } else {
        format!("'{s}'")
    }
}

pub(crate) async fn h1(s: &Session) -> String {
    match s.client.find(Locator::Css("h1")).await {
        Ok(e) => e.text().await.unwrap_or_default().trim().to_owned(),
        Err(_) => String::new(),
    }
}

async fn progress(s: &Session) -> String {
    match s.client.find(Locator::Css(".progress span")).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits until the heading or the progress line changed.
async fn wait_change(s: &Session, before: &(String, String)) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let now = (h1(s).await, progress(s).await);
        if now != *before && !now.0.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    panic!("the screen did not change from {before:?}");
}

async fn click_xpath(s: &Session, xpath: &str) {
    s.wait_xpath(xpath, &format!("no `{xpath}`"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click `{xpath}`: {e}"));
}

/// Taps the answer button whose respondent-language line reads `label`.
async fn tap_choice(s: &Session, label: &str) {
    click_xpath(
        s,
        &format!(
            "//button[contains(@class,'choice')][span[normalize-space(.)={}]]",
            lit(label)
        ),
    )
    .await;
}

/// Taps a language in the interview's respondent-language row.
/// On a phone the row is folded into one line: it is opened first, as a
/// person would.
pub(crate) async fn tap_respondent_lang(s: &Session, ui: &str, lang: &str) {
    let group = format!(
        "//div[@role='group' and @aria-label={}]",
        lit(&text(ui, "interview-respondent-lang"))
    );
    let folded = s
        .js(
            "const t = document.querySelector('.interview .toggle[aria-expanded]');
             return t !== null && getComputedStyle(t).display !== 'none'
                 && t.getAttribute('aria-expanded') === 'false';",
        )
        .await;
    if folded == serde_json::Value::Bool(true) {
        click_xpath(s, &format!("{group}//button[@aria-expanded]")).await;
    }
    click_xpath(s, &format!("{group}//button[@lang='{lang}']")).await;
}

async fn create_store(s: &Session, ui: &str) {
    crate::switch_to(s, ui, "setup-title").await;
    crate::set_passphrases(s, ui, PASSPHRASE, PASSPHRASE).await;
    tap(s, &text(ui, "setup-submit")).await;
    s.wait_text("h1", &text(ui, "cases-title")).await;
}

/// From the case list: a new victim screening with the respondent in `resp`.
async fn start_screening(s: &Session, q: &Questionnaire, ui: &str, resp: &str) {
    tap(s, &text(ui, "cases-new-interview")).await;
    s.wait_text("h1", &text(ui, "new-interview-title")).await;
    tap(s, &render(q.title(ui))).await;
    tap_respondent_lang_new(s, resp).await;
    tap(s, &text(ui, "new-interview-start")).await;
    s.wait_text("h1", &text(ui, "interview-consent-title"))
        .await;
}

/// Opens the question screen's list of sections and taps the one labelled
/// `section` (in the interviewer's language).
pub(crate) async fn tap_section(s: &Session, section: &str) {
    click_xpath(s, "//nav[contains(@class,'sections')]//summary").await;
    click_xpath(
        s,
        &format!(
            "//nav[contains(@class,'sections')]//button[normalize-space(.)={}]",
            lit(section)
        ),
    )
    .await;
}

async fn tap_respondent_lang_new(s: &Session, lang: &str) {
    click_xpath(s, &format!("//fieldset//button[@lang='{lang}']")).await;
}

/// Drives the question screens as a person would, answering from `script`,
/// switching the respondent's language after the numbers of answers given in
/// `switches`, until the summary.
pub(crate) struct Walker<'a> {
    s: &'a Session,
    q: &'a Questionnaire,
    ui: String,
    resp: String,
    /// Respondent-language label → question name.
    names: BTreeMap<String, String>,
    /// The progress bar's (value, max) on every screen `run` passed.
    progress: Vec<(f64, f64)>,
}

impl<'a> Walker<'a> {
    pub(crate) fn new(s: &'a Session, q: &'a Questionnaire, ui: &str, resp: &str) -> Self {
        let mut w = Walker {
            s,
            q,
            ui: ui.to_owned(),
            resp: String::new(),
            names: BTreeMap::new(),
            progress: Vec::new(),
        };
        w.set_resp(resp);
        w
    }

    fn set_resp(&mut self, resp: &str) {
        self.resp = resp.to_owned();
        self.names = self
            .q
            .questions()
            .map(|n| {
                (
                    label(self.q, &n.name, self.lang_of(&n.name)),
                    n.name.clone(),
                )
            })
            .collect();
    }

    /// The language a question is shown in: the interviewer's for their
    /// own (`interviewer_only`) questions, else the respondent's.
    fn lang_of(&self, name: &str) -> &str {
        if self.q.node(name).is_some_and(|n| n.interviewer_only) {
            &self.ui
        } else {
            &self.resp
        }
    }

    async fn switch_resp(&mut self, lang: &str) {
        tap_respondent_lang(self.s, &self.ui, lang).await;
        // The row shows the new language (an interviewer's own question
        // keeps its heading: it is in the interviewer's language).
        let pressed = format!(
            "//div[@role='group' and @aria-label={}]//button[@lang='{lang}' and @aria-pressed='true']",
            lit(&text(&self.ui, "interview-respondent-lang"))
        );
        self.s
            .wait_xpath(
                &pressed,
                &format!("the respondent's language did not switch to {lang}"),
            )
            .await;
        self.set_resp(lang);
    }

    async fn run(&mut self, script: &BTreeMap<&str, &str>, switches: &[(usize, &str)]) {
        let summary = text(&self.ui, "interview-summary-title");
        let mut given = 0;
        for _ in 0..300 {
            let heading = h1(self.s).await;
            if heading == summary {
                return;
            }
            let bar = self
                .s
                .js("const p = document.querySelector('progress'); return p ? [p.value, p.max] : null;")
                .await;
            if let Some([v, m]) = bar.as_array().map(Vec::as_slice) {
                self.progress
                    .push((v.as_f64().unwrap_or(0.0), m.as_f64().unwrap_or(0.0)));
            }
            if let Some((_, lang)) = switches.iter().find(|(n, _)| *n == given)
                && *lang != self.resp
            {
                self.switch_resp(lang).await;
                continue;
            }
            // Only notes have labels with values in them (the reflection
            // days): an unknown heading is one of them, and "next" passes it.
            let name = self.names.get(&heading).cloned().unwrap_or_default();
            let before = (heading, progress(self.s).await);
            let qt = self.q.node(&name).and_then(|n| n.question_type()).cloned();
            match (script.get(name.as_str()), qt) {
                (Some(v), Some(QuestionType::SelectOne { .. })) => {
                    tap_choice(self.s, &choice(self.q, &name, v, self.lang_of(&name))).await;
                    given += 1;
                }
                (Some(v), Some(QuestionType::SelectMultiple { .. })) => {
                    for c in v.split_whitespace() {
                        tap_choice(self.s, &choice(self.q, &name, c, self.lang_of(&name))).await;
                        // Wait for the tap to be stored (the choice is pressed).
                        let pressed = format!(
                            "//button[@aria-pressed='true'][span[normalize-space(.)={}]]",
                            lit(&choice(self.q, &name, c, self.lang_of(&name)))
                        );
                        self.s.wait_xpath(&pressed, "the choice is stored").await;
                    }
                    tap(self.s, &text(&self.ui, "interview-next")).await;
                    given += 1;
                }
                (Some(v), Some(_)) => {
                    type_into(self.s, &text(&self.ui, "interview-answer-label"), v).await;
                    tap(self.s, &text(&self.ui, "interview-save-next")).await;
                    given += 1;
                }
                (
                    None,
                    Some(
                        QuestionType::Text
                        | QuestionType::Integer
                        | QuestionType::Decimal
                        | QuestionType::Date,
                    ),
                ) => {
                    tap(self.s, &text(&self.ui, "interview-save-next")).await;
                }
                _ => tap(self.s, &text(&self.ui, "interview-next")).await,
            }
            wait_change(self.s, &before).await;
        }
        panic!("the interview never reached its summary");
    }
}

/// Scenario s02 (tests/fixtures/screening-s02.txt), typed as a person
/// would: the first contact as a Buddhist Era date and the hours in Burmese
/// digits.
fn s02() -> BTreeMap<&'static str, &'static str> {
    let mut answers: BTreeMap<_, _> = include_str!("../fixtures/screening-s02.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .collect();
    answers.insert("first_contact", "10/01/2569");
    answers.insert("hours_day", "၁၆");
    answers
}

/// Question key → language it was asked in, from the summary's answer table.
async fn asked_in(s: &Session) -> BTreeMap<String, String> {
    let rows = s
        .js("return [...document.querySelectorAll('tr[data-key]')].map(r => [r.dataset.key, r.dataset.lang]);")
        .await;
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r[0].as_str().unwrap_or_default().to_owned(),
                r[1].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn consent_yes(s: &Session, q: &Questionnaire, resp: &str, ui: &str) {
    let before = (h1(s).await, progress(s).await);
    tap_choice(s, &choice(q, "consent", "yes", resp)).await;
    wait_change(s, &before).await;
    // The case code opens the set-up, the interviewer's own questions: in
    // the interviewer's language.
    assert_eq!(h1(s).await, label(q, "case_code", ui), "UI {ui}");
}

/// A fresh store in `ui`, a screening started with the respondent in
/// `resp`, consent given: the set-up's first question is on screen.
pub(crate) async fn consented(ui: &str, resp: &str) -> (Questionnaire, Session) {
    let q = screening();
    let s = Session::start().await;
    create_store(&s, ui).await;
    start_screening(&s, &q, ui, resp).await;
    consent_yes(&s, &q, resp, ui).await;
    (q, s)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_screening_in_burmese_with_a_thai_interviewer_switching_to_khmer_and_lao() {
    let q = screening();
    let s = Session::start().await;
    create_store(&s, "th").await;
    start_screening(&s, &q, "th", "my").await;
    // The consent script comes first, in Burmese large and Thai beside it.
    let body = s.body_text().await;
    assert!(body.contains(&label(&q, "consent", "my")), "{body}");
    assert!(body.contains(&label(&q, "consent", "th")), "{body}");
    consent_yes(&s, &q, "my", "th").await;

    let mut w = Walker::new(&s, &q, "th", "my");
    // Burmese for the first 10 answers, Khmer for the next 10, then Lao.
    w.run(&s02(), &[(10, "km"), (20, "lo")]).await;
    // Issue 23: the progress bar's total never grows as relevance opens
    // questions, and it never goes back.
    assert!(w.progress.len() > 20, "{:?}", w.progress);
    for pair in w.progress.windows(2) {
        let ((v0, m0), (v1, m1)) = (pair[0], pair[1]);
        assert!(m1 <= m0, "the total grew: {:?}", w.progress);
        assert!(v1 >= v0, "the progress went back: {:?}", w.progress);
    }

    let body = s.body_text().await;
    let outcome = render(q.scoring_label("outcome", "trafficking_and_forced_labour", "th"));
    assert!(
        body.contains(&outcome),
        "determination `{outcome}` missing:\n{body}"
    );
    for i in ["d1_job", "d4_hours", "d4_pay", "d5_documents", "d5_debt"] {
        let l = render(q.scoring_label("indicator", i, "th"));
        assert!(body.contains(&l), "indicator {i} (`{l}`) missing");
    }
    // Evidence: the Thai question and the Thai answer text.
    assert!(body.contains(&label(&q, "hours_day", "th")));
    assert!(body.contains(&text("th", "interview-summary-disclaimer")));
    // Every answer kept, each with the language it was asked in.
    let langs = asked_in(&s).await;
    assert_eq!(langs["case_code"], "my");
    assert_eq!(langs["consent"], "my");
    let by_lang = |l: &str| langs.values().filter(|v| *v == l).count();
    assert!(
        by_lang("my") >= 10 && by_lang("km") >= 10 && by_lang("lo") >= 5,
        "{langs:?}"
    );
    assert_eq!(langs.get("docs_back").map(String::as_str), Some("lo"));
    assert!(
        langs.len() >= s02().len(),
        "{} answers: {langs:?}",
        langs.len()
    );
    // The Buddhist Era date typed in was read as 10 January 2026, and the
    // summary shows it as `app` formats a day for the Thai reader.
    let body = s.body_text().await;
    let first_contact = app::dates::format_day(
        chrono::NaiveDate::from_ymd_opt(2026, 1, 10).expect("date"),
        "th",
    );
    assert!(
        body.contains(&first_contact),
        "first contact {first_contact}: {body}"
    );
    // Notes, then complete.
    type_into_area(&s, "#notes", "ติดตามภายใน 7 วัน").await;
    tap(&s, &text("th", "interview-notes-save")).await;
    s.wait_text("[role=status]", &text("th", "interview-notes-saved"))
        .await;
    tap(&s, &text("th", "interview-complete")).await;
    s.wait_text(".done", &text("th", "interview-completed"))
        .await;
    s.close().await;
}

async fn type_into_area(s: &Session, css: &str, value: &str) {
    s.wait_for_css(css)
        .await
        .send_keys(value)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_respondent_under_18_takes_the_child_route() {
    let q = screening();
    let s = Session::start().await;
    create_store(&s, "en").await;
    start_screening(&s, &q, "en", "my").await;
    consent_yes(&s, &q, "my", "en").await;
    // s09: 15 years old, recruited by a broker, 13 hours a day, no school.
    let mut script = s02();
    for (k, v) in [
        ("age", "၁၅"),
        ("recruited_by", "broker"),
        ("hours_day", "13"),
        ("school", "no"),
        ("promised_school", "no"),
        ("job_different", "no"),
        ("conditions_different", "no"),
        ("pay", "as_agreed"),
        ("debt", "no"),
        ("docs_holder", "myself"),
    ] {
        script.insert(k, v);
    }
    Walker::new(&s, &q, "en", "my").run(&script, &[]).await;
    let body = s.body_text().await;
    let outcome = render(q.scoring_label("outcome", "child_trafficking", "en"));
    assert!(body.contains(&outcome), "`{outcome}` missing:\n{body}");
    assert!(body.contains(&text("en", "interview-child-present")));
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn killing_the_app_mid_interview_reopens_at_the_same_question_with_every_answer() {
    let q = screening();
    let s = Session::start().await;
    create_store(&s, "en").await;
    start_screening(&s, &q, "en", "km").await;
    consent_yes(&s, &q, "km", "en").await;
    let mut script = s02();
    script.retain(|k, _| ["case_code", "first_contact", "interpreter_used", "privacy"].contains(k));
    // Answer until the safety questions.
    let target = label(&q, "danger_now", "km");
    let mut w = Walker::new(&s, &q, "en", "km");
    for _ in 0..12 {
        if h1(&s).await == target {
            break;
        }
        w.step(&script).await;
    }
    assert_eq!(h1(&s).await, target);
    tap_choice(&s, &choice(&q, "danger_now", "no", "km")).await;
    s.wait_text("h1", &label(&q, "injured", "km")).await;

    let s = s.kill_and_restart().await;
    s.wait_text("h1", &text("en", "unlock-title")).await;
    type_into(&s, &text("en", "unlock-passphrase-label"), PASSPHRASE).await;
    tap(&s, &text("en", "unlock-submit")).await;
    s.wait_text("h1", &text("en", "cases-title")).await;
    // The interview in progress, in the case list.
    click_xpath(
        &s,
        &format!(
            "//ul[contains(@class,'cases')]//button[.//*[normalize-space(.)={}]]",
            lit(&text("en", "case-status-in_progress"))
        ),
    )
    .await;
    // The same question, in the same respondent language.
    s.wait_text("h1", &label(&q, "injured", "km")).await;
    // Every answer is there: the one before is still chosen.
    tap(&s, &text("en", "interview-back")).await;
    s.wait_text("h1", &label(&q, "danger_now", "km")).await;
    let pressed = format!(
        "//button[@aria-pressed='true'][span[normalize-space(.)={}]]",
        lit(&choice(&q, "danger_now", "no", "km"))
    );
    s.client
        .find(Locator::XPath(&pressed))
        .await
        .expect("the answer given before the kill");
    tap(&s, &text("en", "interview-summary-button")).await;
    s.wait_text("h1", &text("en", "interview-summary-title"))
        .await;
    let langs = asked_in(&s).await;
    for k in [
        "consent",
        "case_code",
        "first_contact",
        "interpreter_used",
        "danger_now",
    ] {
        assert_eq!(
            langs.get(k).map(String::as_str),
            Some("km"),
            "{k}: {langs:?}"
        );
    }
    s.close().await;
}

impl Walker<'_> {
    /// One step of [`Walker::run`] without language switches.
    pub(crate) async fn step(&mut self, script: &BTreeMap<&str, &str>) {
        let heading = h1(self.s).await;
        let name = self.names.get(&heading).cloned().unwrap_or_default();
        let before = (heading, progress(self.s).await);
        let qt = self.q.node(&name).and_then(|n| n.question_type()).cloned();
        match (script.get(name.as_str()), qt) {
            (Some(v), Some(QuestionType::SelectOne { .. })) => {
                tap_choice(self.s, &choice(self.q, &name, v, self.lang_of(&name))).await;
            }
            (Some(v), Some(_)) => {
                type_into(self.s, &text(&self.ui, "interview-answer-label"), v).await;
                tap(self.s, &text(&self.ui, "interview-save-next")).await;
            }
            (
                None,
                Some(
                    QuestionType::Text
                    | QuestionType::Integer
                    | QuestionType::Decimal
                    | QuestionType::Date,
                ),
            ) => {
                tap(self.s, &text(&self.ui, "interview-save-next")).await;
            }
            _ => tap(self.s, &text(&self.ui, "interview-next")).await,
        }
        wait_change(self.s, &before).await;
    }
}

/// Switches the app (interviewer) and the respondent to `lang`, waits for
/// `heading` in h1 and takes a screenshot checking nothing overflows.
async fn shoot(s: &Session, screen: &str, size: &str, lang: &str, heading: &str, respondent: bool) {
    crate::choose_language(s, lang).await;
    if respondent {
        // The interviewer's language is now `lang`; the row is labelled in it.
        s.wait_text(".exit button", &text(lang, "interview-exit"))
            .await;
        tap_respondent_lang(s, lang, lang).await;
    }
    s.wait_text("h1", heading).await;
    let overflow = s
        .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        .await
        .as_i64()
        .unwrap_or(0);
    assert!(
        overflow <= 0,
        "{screen} in {lang} at {size}: {overflow}px overflow"
    );
    let path = s
        .screenshot(&format!("interview-{screen}-{size}-{lang}"))
        .await;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    assert!(bytes > 10_000, "{} looks blank", path.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn screenshots_of_the_interview_screens_in_five_languages() {
    let q = screening();
    let s = Session::start().await;
    create_store(&s, "en").await;
    tap(&s, &text("en", "cases-new-interview")).await;
    let sizes = [("phone-360x740", PHONE), ("desktop-1280x800", DESKTOP)];
    for (size, dims) in sizes {
        s.resize(dims).await;
        for lang in LANGS {
            shoot(
                &s,
                "new",
                size,
                lang,
                &text(lang, "new-interview-title"),
                false,
            )
            .await;
        }
    }
    // Back to English, start with a Burmese respondent.
    crate::switch_to(&s, "en", "new-interview-title").await;
    tap(&s, &render(q.title("en"))).await;
    tap_respondent_lang_new(&s, "my").await;
    tap(&s, &text("en", "new-interview-start")).await;
    s.wait_text("h1", &text("en", "interview-consent-title"))
        .await;
    for (size, dims) in sizes {
        s.resize(dims).await;
        for lang in LANGS {
            shoot(
                &s,
                "consent",
                size,
                lang,
                &text(lang, "interview-consent-title"),
                true,
            )
            .await;
        }
    }
    // Now in Lao for both: consent, then the first (text) question.
    tap_choice(&s, &choice(&q, "consent", "yes", "lo")).await;
    s.wait_text("h1", &label(&q, "case_code", "lo")).await;
    for (size, dims) in sizes {
        s.resize(dims).await;
        for lang in LANGS {
            shoot(
                &s,
                "question-text",
                size,
                lang,
                &label(&q, "case_code", lang),
                true,
            )
            .await;
        }
    }
    // Lao again: answer the code and the date, pass the note, reach the province (a choice).
    let mut w = Walker::new(&s, &q, "lo", "lo");
    let script = BTreeMap::from([
        ("case_code", "RN-2026-002"),
        ("first_contact", "10/01/2026"),
    ]);
    let province = label(&q, "province", "lo");
    for _ in 0..5 {
        if h1(&s).await == province {
            break;
        }
        w.step(&script).await;
    }
    for (size, dims) in sizes {
        s.resize(dims).await;
        for lang in LANGS {
            shoot(
                &s,
                "question-choice",
                size,
                lang,
                &label(&q, "province", lang),
                true,
            )
            .await;
        }
    }
    // Text scaled to 200% on the phone: nothing is cut off sideways.
    s.resize(PHONE).await;
    s.js("document.documentElement.style.fontSize = '200%'; return true;")
        .await;
    s.settle().await;
    let overflow = s
        .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        .await
        .as_i64()
        .unwrap_or(0);
    assert!(overflow <= 0, "200% text: {overflow}px overflow");
    s.screenshot("interview-question-choice-phone-360x740-text200-lo")
        .await;
    s.js("document.documentElement.style.fontSize = ''; return true;")
        .await;
    tap(&s, &text("lo", "interview-summary-button")).await;
    s.wait_text("h1", &text("lo", "interview-summary-title"))
        .await;
    for (size, dims) in sizes {
        s.resize(dims).await;
        for lang in LANGS {
            shoot(
                &s,
                "summary",
                size,
                lang,
                &text(lang, "interview-summary-title"),
                true,
            )
            .await;
        }
    }
    s.close().await;
}

/// Clicks the element at `xpath` inside the page and returns the
/// milliseconds until the heading shows something else, measured in the
/// webview (click → DOM updated → next animation frame).
async fn timed_click(s: &Session, xpath: &str) -> f64 {
    let script = "const [xpath, done] = [arguments[0], arguments[arguments.length - 1]];
        const el = document.evaluate(xpath, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
        if (!el) { done(-1); return; }
        const heading = () => document.querySelector('h1')?.textContent;
        const before = heading();
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (heading() !== before) {
            obs.disconnect();
            requestAnimationFrame(() => done(performance.now() - t0));
          }
        });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true });
        el.click();";
    let ms = s
        .client
        .execute_async(script, vec![serde_json::json!(xpath)])
        .await
        .expect("timed click")
        .as_f64()
        .unwrap_or(-1.0);
    assert!(ms >= 0.0, "nothing to click at {xpath}");
    ms
}

fn stats(name: &str, mut v: Vec<f64>, target: &str) -> String {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    format!(
        "{name}: median {:.1} ms, p99 {:.1} ms, max {:.1} ms over {} runs (target {target})",
        at(0.5),
        at(0.99),
        at(1.0),
        v.len()
    )
}

/// `cargo xtask bench` runs this against the release app: a language switch
/// on the question screen of the longest questionnaire, and a tap on an
/// answer until it is durable and the next question shows. Figures go to
/// `artifacts/bench/interview.txt`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run by `cargo xtask bench`"]
async fn bench_interview_in_the_webview() {
    const SWITCHES: usize = 60;
    const TAPS: usize = 120;
    let s = Session::start().await;
    create_store(&s, "en").await;
    tap(&s, &text("en", "cases-new-interview")).await;
    s.wait_text("h1", &text("en", "new-interview-title")).await;
    // The longest shipped questionnaire: the most questions to navigate.
    let longest = ["fishing-inspection", "victim-screening"]
        .into_iter()
        .map(|k| {
            let dir = fieldscreen_tests::root().join("questionnaires").join(k);
            let toml = std::fs::read_to_string(dir.join("questionnaire.toml")).expect("read");
            (toml.matches("[[survey]]").count(), k)
        })
        .max()
        .map(|(_, k)| k)
        .expect("questionnaires");
    let files: BTreeMap<String, Vec<u8>> = {
        let dir = fieldscreen_tests::root()
            .join("questionnaires")
            .join(longest);
        let mut out = BTreeMap::new();
        out.insert(
            "questionnaire.toml".to_owned(),
            std::fs::read(dir.join("questionnaire.toml")).expect("read"),
        );
        for l in LANGS {
            let rel = format!("translations/{l}.ftl");
            if let Ok(b) = std::fs::read(dir.join(&rel)) {
                out.insert(rel, b);
            }
        }
        out
    };
    let q = forms::load_folder(&files).expect("loads");
    tap(&s, &render(q.title("en"))).await;
    tap_respondent_lang_new(&s, "my").await;
    tap(&s, &text("en", "new-interview-start")).await;
    // Started without a vessel, a fishing inspection asks no consent up
    // front (the vessel's own part has no respondent): the questions come.
    s.wait_for_css(".progress span").await;
    // Forward to the first question answered by a tap.
    for _ in 0..40 {
        if s.client
            .find(Locator::Css(".answers button.choice"))
            .await
            .is_ok()
        {
            break;
        }
        let before = (h1(&s).await, progress(&s).await);
        let next = if s.client.find(Locator::Css("#answer-input")).await.is_ok() {
            "interview-save-next"
        } else {
            "interview-next"
        };
        tap(&s, &text("en", next)).await;
        wait_change(&s, &before).await;
    }
    let row = format!(
        "//div[@role='group' and @aria-label={}]",
        lit(&text("en", "interview-respondent-lang"))
    );
    let mut switches = Vec::new();
    for i in 0..SWITCHES {
        let lang = if i % 2 == 0 { "km" } else { "my" };
        switches.push(timed_click(&s, &format!("{row}//button[@lang='{lang}']")).await);
    }
    let mut taps = Vec::new();
    let back = format!(
        "//button[normalize-space(.)={}]",
        lit(&text("en", "interview-back"))
    );
    for _ in 0..TAPS {
        taps.push(
            timed_click(
                &s,
                "(//div[contains(@class,'answers')]//button[contains(@class,'choice')])[1]",
            )
            .await,
        );
        timed_click(&s, &back).await;
    }
    // The command alone, called from the webview as the UI calls it: the
    // answer is durable (SQLite commit with fsync) when it returns.
    let invoke = "const [n, done] = [arguments[0], arguments[arguments.length - 1]];
        const call = window.__TAURI_INTERNALS__.invoke;
        (async () => {
          const rows = await call('cases');
          const id = rows[0].id;
          const page = await call('interview_page', { id });
          const key = page.question.key;
          const values = page.question.choices.map((c) => c.value);
          const times = [];
          for (let i = 0; i < n; i++) {
            const answer = { kind: 'value', value: values[i % values.length] };
            const t0 = performance.now();
            await call('answer_question', { id, key, answer, advance: false });
            times.push(performance.now() - t0);
          }
          done(times);
        })().catch((e) => done(String(e)));";
    let times = s
        .client
        .execute_async(invoke, vec![serde_json::json!(TAPS)])
        .await
        .expect("invoke bench");
    let commands: Vec<f64> = times
        .as_array()
        .unwrap_or_else(|| panic!("invoke failed: {times}"))
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    assert_eq!(commands.len(), TAPS);
    let report = [
        format!(
            "interview bench questionnaire: {longest} ({} questions)",
            q.questions().count()
        ),
        stats(
            "respondent language switch on the question screen → re-rendered",
            switches,
            "< 50 ms",
        ),
        stats(
            "tap an answer → stored durably (fsync) and the next question shown",
            taps,
            "< 20 ms for the durable write",
        ),
        stats(
            "answer command from the webview → returned once durable (fsync)",
            commands,
            "< 20 ms",
        ),
    ]
    .join("\n");
    println!("{report}");
    let dir = crate::harness::artifacts().join("bench");
    std::fs::create_dir_all(&dir).expect("bench dir");
    std::fs::write(dir.join("interview.txt"), format!("{report}\n")).expect("write report");
    s.close().await;
}

/// Issue 23: on a phone (360×740) the question comes first. In every
/// language, with the text at 100% and at 200% (the root font size doubled,
/// as a phone's text zoom does), on a respondent's question with five
/// choices or more (nationality), the question's text and its first answer
/// are on the first screen without scrolling, and the header during the
/// interview is one bar (at 100%).
#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_question_and_its_first_answer_show_without_scrolling() {
    let (q, s) = consented("en", "en").await;
    s.resize(PHONE).await;
    let mut w = Walker::new(&s, &q, "en", "en");
    let script = s02();
    let five = label(&q, "nationality", "en");
    for _ in 0..20 {
        if h1(&s).await == five {
            break;
        }
        w.step(&script).await;
    }
    assert_eq!(
        h1(&s).await,
        five,
        "the walk reached the interview's language"
    );
    for (lang, scale) in LANGS.iter().flat_map(|l| [(*l, 100), (*l, 200)]) {
        // The languages are switched at the normal text size; the size
        // under test is set after.
        s.js("document.documentElement.style.fontSize = ''; return true;")
            .await;
        crate::choose_language(&s, lang).await;
        s.wait_text(".exit button", &text(lang, "interview-exit"))
            .await;
        tap_respondent_lang(&s, lang, lang).await;
        s.wait_text("h1", &label(&q, "nationality", lang)).await;
        // The person's text size: the root font size, which every size in
        // the UI follows (rem), as a browser's or phone's text zoom sets it.
        s.js(&format!(
            "document.documentElement.style.fontSize = '{scale}%'; window.scrollTo(0, 0); return true;"
        ))
        .await;
        s.settle().await;
        let m = s
            .js("const h = document.querySelector('h1').getBoundingClientRect();
                 const cs = document.querySelectorAll('.answers button.choice');
                 const c = cs[0].getBoundingClientRect();
                 const bar = document.querySelector('header').getBoundingClientRect();
                 return [h.top, h.bottom, c.top, c.bottom, window.innerHeight, cs.length, bar.height, window.scrollY];")
            .await;
        let v: Vec<f64> = m
            .as_array()
            .expect("numbers")
            .iter()
            .map(|x| x.as_f64().unwrap_or(f64::NAN))
            .collect();
        let [
            h_top,
            h_bottom,
            c_top,
            c_bottom,
            height,
            choices,
            bar,
            scrolled,
        ] = v[..]
        else {
            panic!("{m}")
        };
        s.screenshot(&format!(
            "interview-first-screen-phone-360x740-text{scale}-{lang}"
        ))
        .await;
        assert!(
            choices >= 5.0,
            "{lang} {scale}%: a question with five choices or more"
        );
        assert_eq!(scrolled, 0.0, "{lang} {scale}%: the page is at its top");
        assert!(
            h_top >= 0.0 && h_bottom <= height,
            "{lang} {scale}%: the question spans {h_top}..{h_bottom} of {height}px"
        );
        assert!(
            c_top > h_bottom && c_bottom <= height,
            "{lang} {scale}%: the first answer spans {c_top}..{c_bottom} of {height}px"
        );
        // One compact bar at the normal text size, one row at any size.
        let most = if scale == 100 { 64.0 } else { 128.0 };
        assert!(
            bar <= most,
            "{lang} {scale}%: the header bar is {bar}px high"
        );
    }
    s.js("document.documentElement.style.fontSize = ''; return true;")
        .await;
    s.close().await;
}

/// Issue 23: the questionnaire's hint speaks to the interviewer. With a
/// Thai interviewer and a Burmese respondent, the hint of the case code is
/// in Thai, outside the respondent's block (no ancestor in Burmese or of the
/// respondent's class) and smaller than the question.
#[tokio::test(flavor = "multi_thread")]
async fn an_interviewer_hint_is_small_in_the_interviewers_language_and_outside_the_respondents_block()
 {
    let (q, s) = consented("th", "my").await;
    let expected = render(q.attr("case_code", "hint", "th"));
    assert!(!expected.is_empty(), "case_code has a Thai hint");
    let m = s
        .js("const h = document.querySelector('.for-interviewer .hint');
             const q = document.querySelector('h1');
             if (!h) return null;
             return [h.textContent.trim(), h.closest('[lang]').getAttribute('lang'),
                     h.closest('.respondent, .dual, [lang=\"my\"]') === null,
                     parseFloat(getComputedStyle(h).fontSize), parseFloat(getComputedStyle(q).fontSize),
                     getComputedStyle(h).fontWeight];")
        .await;
    let v = m
        .as_array()
        .unwrap_or_else(|| panic!("no hint on screen: {m}"));
    assert_eq!(v[0].as_str(), Some(expected.as_str()), "the Thai hint");
    assert_eq!(v[1].as_str(), Some("th"), "in the interviewer's language");
    assert_eq!(
        v[2].as_bool(),
        Some(true),
        "not inside the respondent's block"
    );
    let (hint_px, question_px) = (v[3].as_f64().unwrap_or(99.0), v[4].as_f64().unwrap_or(0.0));
    assert!(
        hint_px <= 16.0 && hint_px * 1.5 < question_px,
        "hint {hint_px}px against the question's {question_px}px"
    );
    assert!(
        v[5].as_str()
            .and_then(|w| w.parse::<u32>().ok())
            .unwrap_or(700)
            < 700,
        "the hint is not bold: {}",
        v[5]
    );
    s.close().await;
}

/// Issue 23: "back" from the summary returns to the question the
/// interviewer left for it.
#[tokio::test(flavor = "multi_thread")]
async fn back_from_the_summary_returns_to_the_question_left() {
    let (q, s) = consented("en", "my").await;
    let mut w = Walker::new(&s, &q, "en", "my");
    let script = BTreeMap::from([("case_code", "RN-2026-002")]);
    w.step(&script).await;
    let left = label(&q, "first_contact", "en");
    assert_eq!(h1(&s).await, left, "the set-up's second question");
    tap(&s, &text("en", "interview-summary-button")).await;
    s.wait_text("h1", &text("en", "interview-summary-title"))
        .await;
    tap(&s, &text("en", "interview-back-to-questions")).await;
    s.wait_text("h1", &left).await;
    s.close().await;
}
