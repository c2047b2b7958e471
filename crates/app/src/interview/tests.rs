use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::*;

const PASS: &str = crate::tests::STRONG;

pub(crate) fn app(dir: &std::path::Path) -> App {
    let app = App::open(dir).expect("open");
    if app.vault_state() == crate::VaultState::New {
        app.create_vault(PASS.into(), PASS.into()).expect("create");
    } else {
        app.unlock(PASS.into()).expect("unlock");
    }
    app
}

pub(crate) fn start(app: &App, respondent: &str, interviewer: &str) -> String {
    let page = app
        .start_interview(StartInterview {
            questionnaire: "victim-screening".into(),
            interviewer_lang: interviewer.into(),
            respondent_lang: respondent.into(),
            vessel: None,
        })
        .expect("start");
    let InterviewPage::Consent(c) = page else {
        panic!("consent comes first: {page:?}")
    };
    c.id
}

fn question(page: &InterviewPage) -> &QuestionScreen {
    match page {
        InterviewPage::Question(q) => q,
        other => panic!("expected a question, got {other:?}"),
    }
}

/// A compact picture of a question screen for snapshots.
fn sketch(q: &QuestionScreen) -> String {
    let mut s = String::new();
    let v = &q.question;
    let _ = writeln!(s, "{} [{}] {}", v.key, v.input, q.progress);
    let _ = writeln!(
        s,
        "section: {:?} / sections: {}",
        q.section.as_ref().map(|b| &b.interviewer),
        q.sections
            .iter()
            .map(|x| format!("{}{}", x.name, if x.current { "*" } else { "" }))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let _ = writeln!(s, "R: {}", v.label.respondent);
    let _ = writeln!(s, "I: {}", v.label.interviewer);
    for c in &v.choices {
        let _ = writeln!(
            s,
            "  ({}) {} | {} {}",
            c.value,
            c.label.respondent,
            c.label.interviewer,
            if c.selected { "✓" } else { "" }
        );
    }
    if let Some(d) = &v.dont_know {
        let _ = writeln!(s, "  dont_know: {} | {}", d.respondent, d.interviewer);
    }
    if let Some(d) = &v.prefer_not {
        let _ = writeln!(s, "  prefer_not: {} | {}", d.respondent, d.interviewer);
    }
    let _ = writeln!(
        s,
        "state={} value={:?} shown_in={:?} back={}",
        v.state, v.value, v.shown_in, q.can_back
    );
    for m in &q.messages {
        let _ = writeln!(s, "! {} | {}", m.respondent, m.interviewer);
    }
    s
}

/// Walks the question screens answering from `script` (missing keys are
/// skipped with "next") until the summary.
pub(crate) fn walk(app: &App, id: &str, script: &BTreeMap<&str, &str>) -> SummaryView {
    let mut page = app.interview_page(id).expect("page");
    // Progress, honest: its total never grows and its step never goes back.
    let mut seen: Option<(u32, u32)> = None;
    for _ in 0..400 {
        match page {
            InterviewPage::Summary(s) => return *s,
            InterviewPage::Question(ref q) => {
                if let Some((step, steps)) = seen {
                    assert!(q.steps <= steps, "the total grew: {steps} → {}", q.steps);
                    assert!(q.step >= step, "progress went back: {step} → {}", q.step);
                }
                seen = Some((q.step, q.steps));
                let key = q.question.key.clone();
                page = match script.get(key.as_str()) {
                    Some(v) if q.question.state == "missing" => app
                        .answer_question(id, &key, GivenAnswer::Value((*v).to_owned()), true)
                        .unwrap_or_else(|e| panic!("answer {key}: {e}")),
                    _ => app.move_in_interview(id, Move::Next).expect("next"),
                };
                if let InterviewPage::Question(ref q2) = page {
                    assert!(
                        q2.question.key != key || q2.messages.is_empty(),
                        "stuck at {key}: {:?}",
                        q2.messages
                    );
                }
            }
            other => panic!("unexpected page {other:?}"),
        }
    }
    panic!("the interview never reached its summary")
}

/// Scenario s02 (tests/fixtures/screening-s02.txt): adult, trafficking and
/// forced labour.
pub(crate) fn s02() -> BTreeMap<&'static str, &'static str> {
    include_str!("../../../../tests/fixtures/screening-s02.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .collect()
}

#[test]
fn consent_first_then_the_first_question_in_two_languages() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let page = app
        .start_interview(StartInterview {
            questionnaire: "victim-screening".into(),
            interviewer_lang: "th".into(),
            respondent_lang: "my".into(),
            vessel: None,
        })
        .expect("start");
    let InterviewPage::Consent(c) = &page else {
        panic!("{page:?}")
    };
    assert!(!c.script.is_empty());
    // The stage direction is the interviewer's, in Thai, and never part of
    // what is read aloud in Burmese (or of its Thai line beside it).
    assert_eq!(c.directions, ["อ่านข้อความนี้ให้บุคคลนั้นฟังในภาษาของเขา"]);
    for p in &c.script {
        assert!(!p.respondent.contains("ဖတ်ပြပါ"), "{}", p.respondent);
        assert!(!p.interviewer.contains("อ่านข้อความนี้"), "{}", p.interviewer);
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Q: {} | {}",
        c.question.respondent, c.question.interviewer
    );
    let _ = writeln!(s, "yes: {} | {}", c.yes.respondent, c.yes.interviewer);
    let _ = writeln!(s, "no: {} | {}", c.no.respondent, c.no.interviewer);
    let _ = writeln!(
        s,
        "langs: {} {} {:?}",
        c.langs.respondent,
        c.langs.interviewer,
        c.langs
            .respondent_options
            .iter()
            .map(|l| l.code.as_str())
            .collect::<Vec<_>>()
    );
    expect_test::expect![[r#"
        Q: ကျွန်တော်/ကျွန်မနဲ့ စကားပြောဖို့ သဘောတူပါသလား။ | คุณยินยอมที่จะคุยกับฉันหรือไม่
        yes: ဟုတ်ကဲ့၊ စကားပြောရန် သဘောတူသည် | ใช่ ยินยอมที่จะคุย
        no: မဟုတ်ပါ၊ သဘောမတူပါ | ไม่ ไม่ยินยอม
        langs: my th ["en", "km", "lo", "my", "th"]
    "#]]
    .assert_eq(&s);
    let id = c.id.clone();
    // Nothing is stored before consent.
    assert!(app.interview_view(&id).answers.is_empty());
    let page = app.give_consent(&id, true).expect("consent");
    expect_test::expect![[r#"
        case_code [text] หมวดที่ 1 จาก 8 · ตอบแล้ว 1 ข้อ
        section: Some("ก\u{e48}อนเร\u{e34}\u{e48}ม (สำหร\u{e31}บผ\u{e39}\u{e49}ส\u{e31}มภาษณ\u{e4c})") / sections: setup* safety needs_group
        R: รหัสกรณี
        I: รหัสกรณี
        state=missing value=None shown_in=None back=false
    "#]]
    .assert_eq(&sketch(question(&page)));
    let view = app.interview_view(&id);
    assert_eq!(view.answers["consent"].lang, "my");
    assert_eq!(view.answers["interview_lang"].value.as_deref(), Some("my"));
}

impl App {
    fn interview_view(&self, id: &str) -> crate::cases::InterviewView {
        self.with_store(|s| s.interview(id)).expect("view")
    }
}

#[test]
fn declined_consent_keeps_only_the_status() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "km", "en");
    let page = app.give_consent(&id, false).expect("decline");
    let InterviewPage::Declined(d) = &page else {
        panic!("{page:?}")
    };
    assert!(!d.advice.respondent.is_empty());
    assert_ne!(d.advice.respondent, d.advice.interviewer);
    let view = app.interview_view(&id);
    assert_eq!(view.status, "consent_declined");
    assert!(view.answers.is_empty());
    assert!(matches!(
        app.interview_page(&id).expect("page"),
        InterviewPage::Declined(_)
    ));
    let rows = app.cases().expect("rows");
    assert_eq!(rows[0].status, "consent_declined");
}

#[test]
fn required_and_constraint_messages_in_both_languages() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "my", "th");
    app.give_consent(&id, true).expect("consent");
    let page = app.move_in_interview(&id, Move::Next).expect("next");
    let q = question(&page);
    assert_eq!(q.question.key, "case_code", "a required question holds");
    assert_eq!(q.messages.len(), 1, "{q:?}");
    let page = app
        .answer_question(
            &id,
            "case_code",
            GivenAnswer::Value("bad code".into()),
            true,
        )
        .expect("stored");
    let q = question(&page);
    assert_eq!(q.question.key, "case_code", "a failed constraint holds");
    // The case code is the interviewer's own question (the set-up group is
    // interviewer_only): its message reads in their language on both sides.
    expect_test::expect![[r#"
        ใช้ตัวพิมพ์ใหญ่ ตัวเลข หรือขีด 3 ถึง 20 ตัว เช่น RN-2025-014 | ใช้ตัวพิมพ์ใหญ่ ตัวเลข หรือขีด 3 ถึง 20 ตัว เช่น RN-2025-014
    "#]]
    .assert_eq(&q.messages.iter().map(|m| format!("{} | {}\n", m.respondent, m.interviewer)).collect::<String>());
    let page = app
        .answer_question(&id, "case_code", GivenAnswer::Value("RN-1".into()), true)
        .expect("stored");
    let q = question(&page);
    assert_ne!(q.question.key, "case_code");
}

#[test]
fn buddhist_era_dates_and_native_digits() {
    let d = |s: &str| crate::cases::parse_date(s).map(|d| d.to_string());
    assert_eq!(d("2026-01-10").as_deref(), Some("2026-01-10"));
    assert_eq!(d("2569-01-10").as_deref(), Some("2026-01-10"));
    assert_eq!(d("10/01/2569").as_deref(), Some("2026-01-10"));
    assert_eq!(d("10.1.2026").as_deref(), Some("2026-01-10"));
    assert_eq!(d("2399-01-10").as_deref(), Some("2399-01-10"));
    assert_eq!(d("31/02/2569"), None);
    assert_eq!(d("10/01/69"), None);
    assert_eq!(d("yesterday"), None);

    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "th", "th");
    app.give_consent(&id, true).expect("consent");
    app.answer_question(
        &id,
        "first_contact",
        GivenAnswer::Value("๑๐/๐๑/๒๕๖๙".into()),
        true,
    )
    .expect("Thai digits and a B.E. year");
    let view = app.interview_view(&id);
    assert_eq!(
        view.answers["first_contact"].value.as_deref(),
        Some("2026-01-10")
    );
}

#[test]
fn a_whole_screening_ends_in_the_summary_with_the_expected_indicators() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "my", "th");
    app.give_consent(&id, true).expect("consent");
    let summary = walk(&app, &id, &s02());
    let det = summary.determination.as_ref().expect("determination");
    assert_eq!(det.id, "trafficking_and_forced_labour");
    let ids: Vec<&str> = summary
        .instruments
        .iter()
        .flat_map(|g| &g.indicators)
        .map(|i| i.id.as_str())
        .collect();
    for want in [
        "d1_job",
        "d1_conditions",
        "d4_hours",
        "d4_pay",
        "d5_documents",
        "d5_debt",
    ] {
        assert!(ids.contains(&want), "{want} missing from {ids:?}");
    }
    // Evidence grouped by instrument, each named, each answer once per
    // instrument, read as question and answer in the interviewer's language
    // (Thai) with the indicators it raised.
    let mut report = String::new();
    for g in &summary.instruments {
        let _ = writeln!(report, "## {} [{}]", g.label, g.id);
        for i in &g.indicators {
            let _ = writeln!(
                report,
                "- {} ({}) {}",
                i.id,
                i.strength.as_deref().unwrap_or("-"),
                i.dimension.as_deref().unwrap_or("")
            );
        }
        for e in &g.evidence {
            let _ = writeln!(
                report,
                "  {} = {} <- {}",
                e.key,
                e.answer,
                e.indicators.len()
            );
        }
        let keys: Vec<&str> = g.evidence.iter().map(|e| e.key.as_str()).collect();
        let unique: std::collections::BTreeSet<&str> = keys.iter().copied().collect();
        assert_eq!(
            keys.len(),
            unique.len(),
            "{}: an answer twice: {keys:?}",
            g.id
        );
    }
    expect_test::expect![[r#"
        ## ตัวชี้วัดการบังคับใช้แรงงานขององค์การแรงงานระหว่างประเทศ (2012) [ilo_forced_labour]
        - ilo_deception (-) 
        - ilo_documents (-) 
        - ilo_debt (-) 
        - ilo_overtime (-) 
          job_different = ใช่ <- 1
          conditions_different = ใช่ <- 1
          hours_day = 16 <- 1
          debt_cannot_leave = ใช่ <- 1
          docs_holder = นายจ้างหรือไต้ก๋ง <- 1
          docs_back = ไม่ใช่ <- 1
        ## การบังคับใช้แรงงานตามแนวทาง ICLS 2018 [icls_2018]
        - inv_job (-) การทำงานโดยไม่สมัครใจ (ICLS 2018)
        - inv_terms (-) การทำงานโดยไม่สมัครใจ (ICLS 2018)
        - inv_pay (-) การทำงานโดยไม่สมัครใจ (ICLS 2018)
        - coe_debt (-) การข่มขู่ด้วยบทลงโทษ (ICLS 2018)
        - coe_documents (-) การข่มขู่ด้วยบทลงโทษ (ICLS 2018)
          job_different = ใช่ <- 1
          conditions_different = ใช่ <- 1
          pay = น้อยกว่าที่ตกลง <- 1
          debt_cannot_leave = ใช่ <- 1
          docs_holder = นายจ้างหรือไต้ก๋ง <- 1
          docs_back = ไม่ใช่ <- 1
        ## ตัวชี้วัดการค้ามนุษย์ขององค์การแรงงานระหว่างประเทศและคณะกรรมาธิการยุโรป (2009) [ilo_ec_2009]
        - d1_job (ตัวชี้วัดที่หนักแน่น) D1 การจัดหางานโดยหลอกลวง
        - d1_conditions (ตัวชี้วัดระดับกลาง) D1 การจัดหางานโดยหลอกลวง
        - d4_hours (ตัวชี้วัดที่หนักแน่น) D4 สภาพการทำงานที่เป็นการแสวงประโยชน์
        - d4_pay (ตัวชี้วัดระดับกลาง) D4 สภาพการทำงานที่เป็นการแสวงประโยชน์
        - d5_documents (ตัวชี้วัดที่หนักแน่น) D5 การบังคับ ณ ปลายทาง
        - d5_debt (ตัวชี้วัดที่หนักแน่น) D5 การบังคับ ณ ปลายทาง
          job_different = ใช่ <- 1
          conditions_different = ใช่ <- 1
          hours_day = 16 <- 1
          pay = น้อยกว่าที่ตกลง <- 1
          debt_cannot_leave = ใช่ <- 1
          docs_holder = นายจ้างหรือไต้ก๋ง <- 1
          docs_back = ไม่ใช่ <- 1
        ## องค์ประกอบของการค้ามนุษย์ตามพิธีสารปาแลร์โม (ข้อ 3) [palermo]
        - palermo_means (-) 
        - palermo_purpose (-) 
          job_different = ใช่ <- 1
          conditions_different = ใช่ <- 1
          hours_day = 16 <- 1
          debt_cannot_leave = ใช่ <- 2
          docs_holder = นายจ้างหรือไต้ก๋ง <- 1
          docs_back = ไม่ใช่ <- 1
    "#]]
    .assert_eq(&report);
    expect_test::expect![[r#"
        [
            "บ\u{e49}านพ\u{e31}กเพ\u{e37}\u{e48}อการค\u{e38}\u{e49}มครอง (กระทรวงการพ\u{e31}ฒนาส\u{e31}งคมและความม\u{e31}\u{e48}นคงของมน\u{e38}ษย\u{e4c} พม.)",
            "ความช\u{e48}วยเหล\u{e37}อทางกฎหมาย",
            "บร\u{e34}การส\u{e38}ขภาพ",
            "ล\u{e48}าม",
            "ร\u{e49}องเร\u{e35}ยนด\u{e49}านแรงงาน (กรมสว\u{e31}สด\u{e34}การและค\u{e38}\u{e49}มครองแรงงาน กสร.)",
            "การส\u{e48}งกล\u{e31}บบ\u{e49}านอย\u{e48}างปลอดภ\u{e31}ย",
            "องค\u{e4c}กรแรงงานหร\u{e37}อสหภาพแรงงาน",
        ]
    "#]]
    .assert_debug_eq(&det.referrals.iter().map(|r| &r.label).collect::<Vec<_>>());
    assert_eq!(summary.child, "absent");
    assert!(summary.missing.is_empty(), "{:?}", summary.missing);
    assert!(summary.can_complete);
    // Nobody has reviewed the Thai yet: the page says how much that is.
    let review = summary.review.as_ref().expect("a translated page");
    assert_eq!(review.reviewed, 0);
    assert!(review.total > 60, "{review:?}");
    assert_eq!(
        review.text,
        format!(
            "ข้อความในหน้านี้ {} รายการ ผ่านการตรวจทานโดยคนแล้ว 0 รายการ ที่เหลือเป็นคำแปลโดยเครื่อง",
            review.total
        )
    );
    assert!(
        summary
            .answers
            .iter()
            .all(|a| a.lang == "my" || a.key == "interview_lang")
    );
    app.save_interview_notes(&id, "ต้องติดตาม".into())
        .expect("notes");
    let page = app.complete_interview(&id).expect("complete");
    let InterviewPage::Summary(done) = page else {
        panic!("summary")
    };
    assert_eq!(done.status, "complete");
    assert_eq!(done.notes, "ต้องติดตาม");
    assert!(!done.can_complete);
}

#[test]
fn a_respondent_under_18_takes_the_child_route() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "my", "en");
    app.give_consent(&id, true).expect("consent");
    // s09: age 15, recruited by a broker, 13 hours a day, no school.
    let mut script = s02();
    for (k, v) in [
        ("age", "15"),
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
    let summary = walk(&app, &id, &script);
    assert_eq!(summary.child, "present");
    assert_eq!(
        summary.determination.as_ref().map(|d| d.id.as_str()),
        Some("child_trafficking")
    );
}

#[test]
fn switching_languages_keeps_every_answer_and_records_the_language_per_answer() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "my", "th");
    app.give_consent(&id, true).expect("consent");
    app.answer_question(&id, "case_code", GivenAnswer::Value("RN-7".into()), true)
        .expect("a");
    let page = app
        .set_interview_languages(&id, "km".into(), "th".into())
        .expect("switch");
    let q = question(&page);
    assert_eq!(
        q.question.key, "first_contact",
        "same question after the switch"
    );
    assert_eq!(q.langs.respondent, "km");
    app.answer_question(
        &id,
        "first_contact",
        GivenAnswer::Value("2026-01-10".into()),
        true,
    )
    .expect("b");
    let page = app
        .set_interview_languages(&id, "lo".into(), "en".into())
        .expect("switch");
    // The reflection note, then the province.
    assert_eq!(question(&page).question.key, "reflection_note");
    assert_eq!(question(&page).question.input, "note");
    app.answer_question(
        &id,
        "interpreter_used",
        GivenAnswer::Value("no".into()),
        true,
    )
    .expect("c");
    let view = app.interview_view(&id);
    let langs: BTreeMap<&str, &str> = view
        .answers
        .iter()
        .map(|(k, a)| (k.as_str(), a.lang.as_str()))
        .collect();
    expect_test::expect![[r#"
        {
            "case_code": "my",
            "consent": "my",
            "first_contact": "km",
            "interpreter_used": "lo",
            "interview_lang": "en",
        }
    "#]]
    .assert_debug_eq(&langs);
    assert!(
        app.set_interview_languages(&id, "fr".into(), "en".into())
            .is_err()
    );
}

#[test]
fn reopening_after_a_kill_returns_to_the_same_question_with_every_answer() {
    let dir = tempfile::tempdir().expect("dir");
    let id = {
        let app = app(dir.path());
        let id = start(&app, "my", "th");
        app.give_consent(&id, true).expect("consent");
        let mut script = s02();
        script.retain(|k, _| {
            ["case_code", "first_contact", "interpreter_used", "privacy"].contains(k)
        });
        for (k, v) in &script {
            app.answer_question(&id, k, GivenAnswer::Value((*v).into()), true)
                .expect("answer");
        }
        let page = app.interview_page(&id).expect("page");
        // The last answer (privacy) moved on to the question after it.
        assert_eq!(question(&page).question.key, "papers");
        id
        // Dropped without lock or goodbye: as if the process were killed.
    };
    let app = app(dir.path());
    let page = app.interview_page(&id).expect("page");
    let q = question(&page);
    assert_eq!(q.question.key, "papers");
    assert_eq!(q.langs.respondent, "my");
    assert_eq!(q.langs.interviewer, "th");
    assert_eq!(app.interview_view(&id).answers.len(), 6);
    // Back goes to the question before, with its answer.
    let back = app.move_in_interview(&id, Move::Back).expect("back");
    let mut q = question(&back).clone();
    while q.question.key != "privacy" {
        let back = app.move_in_interview(&id, Move::Back).expect("back");
        q = question(&back).clone();
    }
    assert_eq!(q.question.value.as_deref(), Some("yes"));
    // Sections: jump to one and the summary.
    let sections: Vec<String> = q.sections.iter().map(|s| s.name.clone()).collect();
    assert!(sections.len() > 3, "{sections:?}");
    let jumped = app
        .move_in_interview(&id, Move::Section(sections[2].clone()))
        .expect("jump");
    assert!(
        question(&jumped)
            .sections
            .iter()
            .any(|s| s.current && s.name == sections[2])
    );
    assert!(matches!(
        app.move_in_interview(&id, Move::Summary).expect("summary"),
        InterviewPage::Summary(_)
    ));
}

#[test]
fn a_conflict_from_two_copies_is_shown_and_resolved_by_a_person() {
    let a_dir = tempfile::tempdir().expect("dir");
    let b_dir = tempfile::tempdir().expect("dir");
    let id = {
        let app = app(a_dir.path());
        let id = start(&app, "my", "en");
        app.give_consent(&id, true).expect("consent");
        app.answer_question(&id, "case_code", GivenAnswer::Value("RN-1".into()), true)
            .expect("a");
        id
    };
    // A second device gets a copy of the store (same passphrase, new device id).
    copy_dir(&a_dir.path().join("vault"), &b_dir.path().join("vault"));
    let _ = std::fs::remove_file(b_dir.path().join("vault").join("device-id"));
    let a = app(a_dir.path());
    let b = app(b_dir.path());
    a.answer_question(&id, "case_code", GivenAnswer::Value("RN-AAA".into()), false)
        .expect("a");
    b.answer_question(&id, "case_code", GivenAnswer::Value("RN-BBB".into()), false)
        .expect("b");
    let rid: vault::RecordId = id.parse().expect("id");
    let changes = b
        .with_store(|s| {
            s.vault
                .export_changes(rid, &[])
                .map_err(|e| AppError::from_vault(&e, "en"))
        })
        .expect("export");
    a.with_store(|s| {
        s.vault
            .merge_changes(rid, &changes)
            .map_err(|e| AppError::from_vault(&e, "en"))
    })
    .expect("merge");
    let page = a
        .move_in_interview(&id, Move::Question("case_code".into()))
        .expect("page");
    let q = question(&page);
    let options = q.question.conflict.as_ref().expect("a conflict");
    let mut texts: Vec<&str> = options.iter().map(|o| o.text.as_str()).collect();
    texts.sort();
    assert_eq!(texts, ["RN-AAA", "RN-BBB"]);
    let InterviewPage::Summary(s) = a.move_in_interview(&id, Move::Summary).expect("summary")
    else {
        panic!("summary")
    };
    assert!(!s.can_complete, "a conflict blocks completion");
    let chosen = options
        .iter()
        .position(|o| o.text == "RN-BBB")
        .expect("option") as u32;
    a.resolve_answer_conflict(&id, "case_code", chosen)
        .expect("resolve");
    let view = a.interview_view(&id);
    assert_eq!(view.answers["case_code"].value.as_deref(), Some("RN-BBB"));
    assert!(view.answers["case_code"].conflict.is_none());
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

#[test]
fn burmese_typed_in_zawgyi_is_offered_in_unicode() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "my", "my");
    app.give_consent(&id, true).expect("consent");
    // Real Zawgyi: "the employer keeps your passport?"
    let zawgyi = "အလုပ္ရွင္က သင့္ရဲ႕ ပတ္စပို႔ကို သိမ္းထားပါသလား။";
    let page = app
        .answer_question(&id, "case_code", GivenAnswer::Value(zawgyi.into()), true)
        .expect("stored");
    let q = question(&page);
    assert_eq!(q.question.key, "case_code", "stays to offer the conversion");
    assert_eq!(q.zawgyi.as_deref(), Some("အလုပ်ရှင်က သင့်ရဲ့ ပတ်စပို့ကို သိမ်းထားပါသလား။"));
    app.save_interview_notes(&id, "ေက်းဇူးတင္ပါတယ္".into())
        .expect("notes");
    let InterviewPage::Summary(s) = app.move_in_interview(&id, Move::Summary).expect("summary")
    else {
        panic!("summary")
    };
    assert_eq!(s.notes_zawgyi.as_deref(), Some("ကျေးဇူးတင်ပါတယ်"));
    app.save_interview_notes(&id, "ကျေးဇူးတင်ပါတယ်".into())
        .expect("notes");
    let InterviewPage::Summary(s) = app.interview_page(&id).expect("summary") else {
        panic!("summary")
    };
    assert_eq!(s.notes_zawgyi, None, "Unicode is left alone");
}

#[test]
fn a_crew_interview_from_a_vessel_asks_consent_and_joins_the_crew() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    // The vessel's own inspection (part "vessel") asks no consent.
    let page = app
        .start_interview(StartInterview {
            questionnaire: "fishing-inspection".into(),
            interviewer_lang: "th".into(),
            respondent_lang: "th".into(),
            vessel: None,
        })
        .expect("start");
    assert_eq!(question(&page).question.key, "part");
    let vessel = question(&page).id.clone();
    let vessel_id: vault::RecordId = vessel.parse().expect("id");
    let crew_vessel = app
        .with_store(|s| {
            s.vault
                .create_vessel_inspection(vault::NewRecord {
                    form: vault::FormRef {
                        id: "fishing_inspection".into(),
                        version: "1".into(),
                        hash: "h".into(),
                    },
                    language: "th".into(),
                    device_id: s.device_id.clone(),
                    created_at: now(),
                    title: UserText::default(),
                })
                .map_err(|e| AppError::from_vault(&e, "en"))
        })
        .expect("vessel inspection");
    assert_ne!(crew_vessel, vessel_id);
    let page = app
        .start_interview(StartInterview {
            questionnaire: "fishing-inspection".into(),
            interviewer_lang: "th".into(),
            respondent_lang: "my".into(),
            vessel: Some(crew_vessel.to_string()),
        })
        .expect("start crew");
    let InterviewPage::Consent(c) = page else {
        panic!("consent first for a crew member")
    };
    let page = app.give_consent(&c.id, true).expect("consent");
    let q = question(&page);
    assert_ne!(q.question.key, "part", "part is crew already");
    let view = app.interview_view(&c.id);
    assert_eq!(view.answers["part"].value.as_deref(), Some("crew"));
    let crew = app
        .with_store(|s| {
            s.vault
                .record(crew_vessel)
                .map_err(|e| AppError::from_vault(&e, "en"))
        })
        .expect("vessel record")
        .crew;
    assert_eq!(crew, vec![c.id.parse::<vault::RecordId>().expect("id")]);
}

/// The UI strings the summary page shows are the ones its review share
/// counts: read the component and compare.
#[test]
fn the_summary_counts_the_ui_strings_its_page_shows() {
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui/src/lib/interview/SummaryPage.svelte"),
    )
    .expect("read SummaryPage.svelte");
    let mut used: Vec<&str> = page
        .split("text.t(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    used.sort_unstable();
    used.dedup();
    assert_eq!(used, SUMMARY_UI_TEXT);
}

/// A questionnaire string a person reviewed counts as reviewed on the
/// summary, until its English or its translation changes.
#[test]
fn a_reviewed_questionnaire_string_counts_until_either_side_changes() {
    use i18n::review::{Piece, fingerprint};
    let files = crate::catalog::files("victim-screening").expect("shipped");
    let form = forms::load_folder(&files).expect("loads");
    let value = |lang: &str, id: &str| {
        form.catalogs()[lang][id]
            .value
            .clone()
            .expect("has a value")
    };
    let title_en = fingerprint(&text_pieces(&value("en", "form--title")));
    let title_th = fingerprint(&text_pieces(&value("th", "form--title")));
    // An answer shown in a label is the Fluent placeable, as `cargo xtask
    // l10n import` fingerprints it.
    let note = value("en", "reflection_note");
    assert!(text_pieces(&note).contains(&Piece::Code("{ $reflection_days }".into())));
    let log = |en: &str| {
        format!(
            "[victim_screening]\n\"form--title\" = {{ by = \"r\", date = \"2026-12-06\", en = \"{en}\", text = \"{title_th}\" }}\n[app]\nsave = {{ by = \"r\", date = \"2026-12-06\", en = \"{}\", text = \"{}\" }}\n",
            fingerprint(&[Piece::Text("Save".into())]),
            fingerprint(&[Piece::Text("บันทึก".into())]),
        )
    };
    let l = |en: &str| {
        i18n::Localizer::from_sources([
            ("en", "ui.ftl", "save = Save\nback = Back\n".to_owned()),
            (
                "en",
                "interview.ftl",
                "interview-review-share = { $reviewed }/{ $total }\n".to_owned(),
            ),
            ("th", "ui.ftl", "save = บันทึก\nback = กลับ\n".to_owned()),
            (
                "th",
                "interview.ftl",
                "interview-review-share = { $reviewed }/{ $total }\n".to_owned(),
            ),
            ("th", "review.toml", log(en)),
        ])
    };
    let shown: std::collections::BTreeSet<Shown> = [
        Shown::Form("form--title".into()),
        Shown::Form("consent".into()),
        Shown::App("save".into()),
        Shown::App("back".into()),
    ]
    .into();
    let share = review_share(&l(&title_en), &form, "th", &shown).expect("Thai");
    assert_eq!((share.reviewed, share.total), (2, 4));
    // The English title changed since the review: a draft again.
    let stale = review_share(&l("0000000000000000"), &form, "th", &shown).expect("Thai");
    assert_eq!((stale.reviewed, stale.total), (1, 4));
    // English is the source: nothing to count.
    assert!(review_share(&l(&title_en), &form, "en", &shown).is_none());
}

#[test]
fn a_tap_on_a_choice_of_a_multi_select_adds_or_removes_it_and_never_empties_the_answer() {
    for (stored, tap, after) in [
        (None, "a", Some("a")),
        (Some(""), "a", Some("a")),
        (Some("a"), "b", Some("a b")),
        (Some("a b"), "a", Some("b")),
        (Some("b a"), "c", Some("b a c")),
        (Some("a"), "a", None),
    ] {
        assert_eq!(
            views::toggled(stored, tap).as_deref(),
            after,
            "{stored:?} + {tap}"
        );
    }

    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "en", "en");
    app.give_consent(&id, true).expect("consent");
    let tap = |choice: &str| {
        app.answer_question(
            &id,
            "recruit_reasons",
            GivenAnswer::Toggle(choice.into()),
            false,
        )
        .expect("tap");
        app.interview_view(&id)
            .answers
            .get("recruit_reasons")
            .and_then(|a| a.value.clone())
    };
    assert_eq!(tap("no_money").as_deref(), Some("no_money"));
    assert_eq!(tap("no_papers").as_deref(), Some("no_money no_papers"));
    assert_eq!(tap("no_money").as_deref(), Some("no_papers"));
    // The last choice stays chosen.
    assert_eq!(tap("no_papers").as_deref(), Some("no_papers"));
}

#[test]
fn the_hint_speaks_to_the_interviewer_in_their_language_only() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "my", "th");
    let page = app.give_consent(&id, true).expect("consent");
    let q = question(&page);
    assert_eq!(q.question.key, "case_code");
    let hint = q.question.hint.as_deref().expect("case_code has a hint");
    assert!(
        hint.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)),
        "in Thai: {hint}"
    );
    assert!(
        !hint.chars().any(|c| ('\u{1000}'..='\u{109F}').contains(&c)),
        "no Burmese: {hint}"
    );
    // The set-up is the interviewer's own: its label reads in Thai on both sides.
    assert!(q.question.interviewer_only);
    assert_eq!(q.question.label.respondent, q.question.label.interviewer);
    // The respondent's questions after consent stay in Burmese.
    let page = app
        .move_in_interview(&id, Move::Section("safety".into()))
        .expect("to safety");
    let q = question(&page);
    assert!(!q.question.interviewer_only, "{}", q.question.key);
    assert_ne!(q.question.label.respondent, q.question.label.interviewer);
}

/// Issue 23: a case is known by its code. The questionnaire's
/// `instance_name` (`${case_code}`) becomes the record's title: the case
/// list shows it and its search finds it; two drafts without a code yet are
/// told apart by the start of their ids.
#[test]
fn a_case_is_listed_and_found_by_its_code_and_two_drafts_never_look_alike() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let named = start(&app, "my", "th");
    app.give_consent(&named, true).expect("consent");
    app.answer_question(
        &named,
        "case_code",
        GivenAnswer::Value("RN-2026-077".into()),
        true,
    )
    .expect("code");
    let a = start(&app, "my", "th");
    let b = start(&app, "my", "th");
    let list = |search: &str| {
        app.case_list(crate::caselist::CaseQuery {
            search: search.into(),
            ..Default::default()
        })
        .expect("list")
        .rows
    };
    let rows = list("");
    let title = |id: &str| {
        rows.iter()
            .find(|r| r.id == id)
            .map(|r| r.title.clone())
            .expect("row")
    };
    assert_eq!(title(&named), "RN-2026-077");
    assert_ne!(title(&a), title(&b), "two drafts look alike");
    assert!(
        title(&a).starts_with('#') && title(&a).len() == 9,
        "{}",
        title(&a)
    );
    let found: Vec<String> = list("rn-2026-077").into_iter().map(|r| r.id).collect();
    assert_eq!(found, std::slice::from_ref(&named));
    // A corrected code renames the case.
    app.answer_question(
        &named,
        "case_code",
        GivenAnswer::Value("RN-2026-078".into()),
        false,
    )
    .expect("corrected");
    assert_eq!(list("RN-2026-078").len(), 1);
    assert!(list("RN-2026-077").is_empty());
}

/// Issue 23: "back" from the summary returns to the question the person
/// left for it, not to the last question of the interview.
#[test]
fn back_from_the_summary_returns_to_the_question_left() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "en", "en");
    app.give_consent(&id, true).expect("consent");
    let page = app
        .answer_question(&id, "case_code", GivenAnswer::Value("RN-9".into()), true)
        .expect("code");
    let left = question(&page).question.key.clone();
    assert_eq!(left, "first_contact");
    let page = app.move_in_interview(&id, Move::Summary).expect("summary");
    assert!(matches!(page, InterviewPage::Summary(_)), "{page:?}");
    let page = app.move_in_interview(&id, Move::Back).expect("back");
    assert_eq!(question(&page).question.key, left);
}

/// Issue 23: the interview language the app filled in from the respondent's
/// follows a switch (Burmese → Khmer), and an answer the interviewer changed
/// by hand stays.
#[test]
fn the_prefilled_interview_language_follows_a_switch() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "my", "th");
    app.give_consent(&id, true).expect("consent");
    let lang = |app: &App| {
        app.interview_view(&id)
            .answers
            .get("interview_lang")
            .and_then(|a| a.value.clone())
    };
    assert_eq!(lang(&app).as_deref(), Some("my"));
    app.set_interview_languages(&id, "km".into(), "th".into())
        .expect("switch");
    assert_eq!(lang(&app).as_deref(), Some("km"));
    // Set by hand to Lao: a switch leaves it.
    app.answer_question(
        &id,
        "interview_lang",
        GivenAnswer::Value("lo".into()),
        false,
    )
    .expect("by hand");
    app.set_interview_languages(&id, "my".into(), "th".into())
        .expect("switch back");
    assert_eq!(lang(&app).as_deref(), Some("lo"));
}

/// The progress line carries its numbers in the interviewer's digits: a
/// Burmese interviewer reads Burmese digits only, a Thai one ASCII (as the
/// case list prints them).
#[test]
fn the_progress_line_counts_in_the_interviewers_digits() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    for (interviewer, native) in [("my", true), ("km", true), ("th", false)] {
        let id = start(&app, "en", interviewer);
        app.give_consent(&id, true).expect("consent");
        let page = app.interview_page(&id).expect("page");
        let progress = &question(&page).progress;
        assert!(
            progress.chars().any(|c| c.is_numeric()),
            "{interviewer}: no number in {progress:?}"
        );
        assert_eq!(
            progress.chars().any(|c| c.is_ascii_digit()),
            !native,
            "{interviewer}: {progress:?}"
        );
    }
}

/// What a tap costs the disk in the window's path (the answer, the
/// record's name, the position kept for reopening): one journal row, one
/// B-tree page (see `vault::store`; held and written together by
/// `Vault::hold`/`release`), with nothing on the page's way (building the
/// next page, the summary's counts) reading the index rows and folding the
/// journal on every answer.
#[test]
fn an_answer_in_the_window_writes_journal_pages_only() {
    const FRAME: u64 = 24 + 4096;
    let d = tempfile::tempdir().expect("tempdir");
    let app = app(d.path());
    let id = start(&app, "my", "en");
    app.give_consent(&id, true).expect("consent");
    let wal = app.vault_dir().join(vault::DB_FILE.to_owned() + "-wal");
    let len = || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    let script = s02();
    let mut page = app.interview_page(&id).expect("page");
    let mut frames = Vec::new();
    for _ in 0..60 {
        let InterviewPage::Question(ref q) = page else {
            break;
        };
        let key = q.question.key.clone();
        let before = len();
        page = match script.get(key.as_str()) {
            Some(v) if q.question.state == "missing" => {
                let p = app
                    .answer_question(&id, &key, GivenAnswer::Value((*v).to_owned()), true)
                    .expect("answer");
                frames.push(len().saturating_sub(before) / FRAME);
                p
            }
            _ => app.move_in_interview(&id, Move::Next).expect("next"),
        };
    }
    assert!(frames.len() >= 10, "answered: {frames:?}");
    let mut sorted = frames.clone();
    sorted.sort_unstable();
    // A fold now and then (the record's 64th journal row).
    assert_eq!(sorted[sorted.len() / 2], 1, "pages per tap: {frames:?}");
}
