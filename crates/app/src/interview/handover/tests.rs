use super::*;
use crate::interview::tests::{app, start};

const PASS: &str = crate::tests::STRONG;

/// A Burmese respondent's victim screening, with a Thai interviewer, at
/// the first question of the safety section.
fn at_safety(app: &App) -> String {
    let id = start(app, "my", "th");
    app.give_consent(&id, true).expect("consent");
    app.move_in_interview(&id, Move::Section("safety".into()))
        .expect("safety");
    id
}

fn question(s: &HandOverScreen) -> &HandOverQuestion {
    s.question.as_ref().expect("a question")
}

/// Whether `s` holds a character of the Thai or Latin script (the
/// interviewer's language here, and English).
fn thai_or_latin(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c) || c.is_ascii_alphabetic())
}

#[test]
fn the_respondent_answers_in_their_language_and_the_answers_are_self_administered() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = at_safety(&app);
    let s = app.start_handover(&id).expect("hand over");
    assert!(app.handing_over());
    assert_eq!(s.lang, "my");
    let q = question(&s);
    assert_eq!(q.key, "danger_now");
    assert_eq!((q.step, q.choices.len()), (1, 2));
    // Everything the respondent sees is Burmese: no Thai, no English.
    let mut shown = vec![q.label.clone(), q.progress.clone()];
    shown.extend(q.choices.iter().map(|c| c.label.clone()));
    let t = &s.text;
    shown.extend([
        t.title.clone(),
        t.answers_label.clone(),
        t.replay.clone(),
        t.dont_know.clone(),
        t.skip.clone(),
        t.previous.clone(),
        t.done.clone(),
        t.no_prompt.clone(),
        t.leave.clone(),
        t.leave_hint.clone(),
    ]);
    for text in &shown {
        assert!(!thai_or_latin(text), "not Burmese only: {text:?}");
    }
    // The interviewer's confirmation is theirs (Thai), shown after the long press.
    assert_eq!(s.confirm.lang, "th");
    assert!(thai_or_latin(&s.confirm.title));

    let s = app
        .handover_act(HandOverAction::Choose("yes".into()))
        .expect("yes");
    assert_eq!(question(&s).key, "injured");
    assert_eq!(question(&s).step, 2);
    let s = app
        .handover_act(HandOverAction::Choose("no".into()))
        .expect("no");
    assert_eq!(question(&s).key, "safe_contact");

    let page = app.end_handover(PASS.into()).expect("back");
    assert!(matches!(page, InterviewPage::Question(_)), "{page:?}");
    assert!(!app.handing_over());
    let view = app
        .with_store(|st| st.interview(&id))
        .expect("interview view");
    for key in ["danger_now", "injured"] {
        let a = &view.answers[key];
        assert!(a.self_administered, "{key}");
        assert_eq!(a.lang, "my");
    }
    assert!(!view.answers["consent"].self_administered);
    let InterviewPage::Summary(summary) =
        app.move_in_interview(&id, Move::Summary).expect("summary")
    else {
        panic!("summary")
    };
    let marked: Vec<&str> = summary
        .answers
        .iter()
        .filter(|a| a.self_administered)
        .map(|a| a.key.as_str())
        .collect();
    assert_eq!(marked, ["danger_now", "injured"]);
}

#[test]
fn while_handed_over_nothing_else_opens_and_leaving_needs_the_passphrase() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let other = at_safety(&app);
    let id = at_safety(&app);
    app.start_handover(&id).expect("hand over");
    let refused = |r: Result<(), AppError>| {
        let e = r.expect_err("refused while handed over");
        assert_eq!(e.code, ErrorCode::HandOver, "{e:?}");
    };
    refused(
        app.case_list(crate::caselist::CaseQuery::default())
            .map(|_| ()),
    );
    refused(app.interview_page(&id).map(|_| ()));
    refused(app.interview_page(&other).map(|_| ()));
    refused(app.move_in_interview(&id, Move::Summary).map(|_| ()));
    refused(app.start_handover(&other).map(|_| ()));
    refused(
        app.answer_question(&id, "injured", GivenAnswer::Value("yes".into()), true)
            .map(|_| ()),
    );
    // A wrong passphrase is refused and the device stays handed over.
    let e = app
        .end_handover("not the passphrase".into())
        .expect_err("wrong passphrase");
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    assert!(app.handing_over());
    refused(app.interview_page(&id).map(|_| ()));
    app.end_handover(PASS.into()).expect("right passphrase");
    app.interview_page(&other).expect("open again");
    // Not handed over: there is nothing to leave or answer.
    let e = app.handover_screen().expect_err("not handed over");
    assert_eq!(e.code, ErrorCode::HandOver);
}

#[test]
fn locking_ends_the_hand_over() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = at_safety(&app);
    app.start_handover(&id).expect("hand over");
    app.lock();
    assert!(!app.handing_over());
    app.unlock(PASS.into()).expect("unlock");
    app.interview_page(&id).expect("the interviewer's view");
}

#[test]
fn skip_and_previous_stay_in_the_section_and_the_end_asks_for_the_device_back() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = at_safety(&app);
    let s = app.start_handover(&id).expect("hand over");
    assert!(!question(&s).can_previous);
    let s = app.handover_act(HandOverAction::Skip).expect("skip");
    assert_eq!(question(&s).key, "injured");
    let s = app
        .handover_act(HandOverAction::Previous)
        .expect("previous");
    assert_eq!(question(&s).key, "danger_now");
    // Previous on the first question stays there.
    let s = app
        .handover_act(HandOverAction::Previous)
        .expect("previous");
    assert_eq!(question(&s).key, "danger_now");
    let s = app
        .handover_act(HandOverAction::DontKnow)
        .expect("don't know");
    assert_eq!(question(&s).key, "injured");
    let mut s = s;
    let mut seen = vec!["danger_now".to_owned()];
    for _ in 0..50 {
        let Some(q) = &s.question else { break };
        seen.push(q.key.clone());
        s = app.handover_act(HandOverAction::Skip).expect("skip");
    }
    assert!(s.question.is_none(), "the section ends");
    // Only the safety section's single-choice questions were asked.
    let form = crate::catalog::files("victim-screening").expect("shipped");
    let form = crate::forms_source::load(&form).expect("loads");
    for key in &seen {
        let node = form.node(key).expect("a question");
        assert!(node.group_path.starts_with("safety"), "{key}");
        assert!(
            matches!(
                node.question_type(),
                Some(forms::model::QuestionType::SelectOne { .. })
            ),
            "{key}"
        );
    }
    // The skipped questions have no answer; "don't know" is self-administered.
    let view = app
        .end_handover(PASS.into())
        .map(|_| ())
        .and_then(|()| app.with_store(|st| st.interview(&id)));
    let view = view.expect("view");
    assert!(!view.answers.contains_key("injured"));
    assert_eq!(view.answers["danger_now"].state, "dont_know");
    assert!(view.answers["danger_now"].self_administered);
}

#[test]
fn hand_over_does_not_start_before_consent() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = start(&app, "my", "th");
    let e = app.start_handover(&id).expect_err("consent first");
    assert_eq!(e.code, ErrorCode::HandOver);
    assert!(!app.handing_over());
}

/// A respondent (in `lang`) for whom it is private and safe to talk: the
/// questionnaire's self-administered section (`control`) is asked.
fn ready_for_control(app: &App, lang: &str) -> String {
    let id = start(app, lang, "th");
    app.give_consent(&id, true).expect("consent");
    for (q, v) in [("danger_now", "no"), ("injured", "no"), ("privacy", "yes")] {
        app.answer_question(&id, q, GivenAnswer::Value(v.into()), false)
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    app.move_in_interview(&id, Move::Section("safety".into()))
        .expect("safety");
    id
}

#[test]
fn the_declared_section_is_handed_over_with_its_synthesized_prompts() {
    use base64::Engine as _;
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    let id = ready_for_control(&app, "my");
    // From the safety section, hand-over goes to the questionnaire's
    // self-administered section.
    let s = app.start_handover(&id).expect("hand over");
    let q = question(&s);
    assert_eq!(q.key, "docs_holder");
    assert_eq!(q.prompt, Some(PromptInfo { synthesized: true }));
    let prompt = app
        .handover_prompt()
        .expect("prompt")
        .expect("a Burmese prompt");
    assert_eq!(prompt.mime, "audio/ogg");
    assert!(prompt.synthesized);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&prompt.base64)
        .expect("base64");
    assert!(bytes.starts_with(b"OggS"));
    // Each question of the section has its own prompt.
    let s = app
        .handover_act(HandOverAction::Choose("employer".into()))
        .expect("employer");
    assert_eq!(question(&s).key, "docs_back");
    let next = app.handover_prompt().expect("prompt").expect("prompt");
    assert_ne!(next.base64, prompt.base64);
}

#[test]
fn khmer_and_lao_have_text_only() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(dir.path());
    for lang in ["km", "lo"] {
        let id = ready_for_control(&app, lang);
        let s = app.start_handover(&id).expect("hand over");
        assert_eq!(question(&s).key, "docs_holder", "{lang}");
        assert_eq!(question(&s).prompt, None, "{lang}");
        assert_eq!(app.handover_prompt().expect("prompt"), None, "{lang}");
        assert!(!s.text.no_prompt.is_empty());
        app.end_handover(PASS.into()).expect("back");
    }
}
