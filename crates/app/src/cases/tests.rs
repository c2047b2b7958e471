use super::*;
use crate::ErrorCode;
use crate::tests::store;

fn write_folder(dir: &Path, files: &FormFiles) {
    for (rel, bytes) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("dir");
        std::fs::write(p, bytes).expect("write");
    }
}

/// A record as it would arrive from another device, naming its
/// questionnaire by `hash`.
fn synced_record(s: &mut CaseStore, hash: &str) -> String {
    s.vault_mut()
        .create_interview(NewRecord {
            form: FormRef {
                id: "victim-screening".into(),
                version: "1".into(),
                hash: hash.into(),
            },
            language: "my".into(),
            device_id: "another-device".into(),
            created_at: Utc::now(),
            title: UserText::default(),
        })
        .expect("record")
        .to_string()
}

/// A hash that is a path (`/`, `../x`, an absolute path) is refused
/// before it becomes one: a valid questionnaire planted outside the
/// vault folder, where `../../../x` would lead, is never read.
#[test]
fn a_questionnaire_hash_that_is_not_a_hash_is_refused() {
    let root = tempfile::tempdir().expect("dir");
    let mut s = store(root.path());
    let screening = crate::catalog::files("victim-screening").expect("shipped");
    let planted = root.path().join("x");
    write_folder(&planted, &screening);
    // Once any questionnaire is kept, `forms/` exists, and without the
    // check this path would load the planted questionnaire.
    std::fs::create_dir_all(s.dir.join(FORMS_DIR)).expect("forms");
    assert!(forms_source::read(&s.dir.join(FORMS_DIR).join("../../../x")).is_ok());
    for hash in [
        "/",
        "../x",
        "../../../x",
        planted.to_str().expect("utf-8"),
        "",
        &"A".repeat(64),
    ] {
        let id = synced_record(&mut s, hash);
        let err = s.interview(&id).expect_err(hash);
        assert_eq!(err.code, ErrorCode::InvalidForm, "{hash}: {err:?}");
        assert!(err.message.contains("not valid"), "{}", err.message);
        let err = s
            .answer(&id, "q", AnswerInput::DontKnow, "my", false, Utc::now())
            .expect_err(hash);
        assert_eq!(err.code, ErrorCode::InvalidForm);
    }
}

/// A questionnaire kept under a hash it does not have (another
/// questionnaire's files) is refused.
#[test]
fn a_questionnaire_that_does_not_hash_to_its_name_is_refused() {
    let root = tempfile::tempdir().expect("dir");
    let mut s = store(root.path());
    let screening = crate::catalog::files("victim-screening").expect("shipped");
    let inspection = crate::catalog::files("fishing-inspection").expect("shipped");
    let hash = forms_source::load(&screening).expect("loads").hash;
    let other = forms_source::load(&inspection).expect("loads").hash;
    write_folder(&s.dir.join(FORMS_DIR).join(&hash), &inspection);
    let id = synced_record(&mut s, &hash);
    let err = s.interview(&id).expect_err("mismatch");
    assert_eq!(err.code, ErrorCode::InvalidForm);
    assert!(err.message.contains("does not match"), "{}", err.message);
    assert!(err.message.contains(&other), "{}", err.message);
    // The real questionnaire under its own hash is read.
    std::fs::remove_dir_all(s.dir.join(FORMS_DIR).join(&hash)).expect("remove");
    s.interview(&id)
        .expect("the shipped questionnaire with that hash");
}

/// An answer the respondent gave on the device keeps that beside its
/// language: in the view `interview show --json` and the JSON export print,
/// and in the summary; an answer the interviewer asked does not.
#[test]
fn a_self_administered_answer_shows_as_such_in_the_view_and_the_summary() {
    let root = tempfile::tempdir().expect("dir");
    let mut s = store(root.path());
    let id = s
        .new_shipped_interview("victim-screening", "my", Utc::now())
        .expect("interview");
    s.answer(
        &id,
        "consent",
        AnswerInput::Value("yes".into()),
        "my",
        false,
        Utc::now(),
    )
    .expect("consent");
    let how = Asked {
        shown_in: "my",
        interpreter: false,
        self_administered: true,
    };
    s.answer_as(
        &id,
        "danger_now",
        AnswerInput::Value("yes".into()),
        &how,
        Utc::now(),
    )
    .expect("self-administered");
    let view = s.interview(&id).expect("view");
    assert!(view.answers["danger_now"].self_administered);
    assert!(!view.answers["consent"].self_administered);
    let json = serde_json::to_value(&view).expect("json");
    assert_eq!(json["answers"]["danger_now"]["self_administered"], true);
    assert_eq!(json["answers"]["danger_now"]["lang"], "my");
    assert_eq!(json["answers"]["consent"]["self_administered"], false);
    let (summary, _) = crate::interview::summary_views(&mut s, &id).expect("summary");
    let marked: Vec<&str> = summary
        .answers
        .iter()
        .filter(|a| a.self_administered)
        .map(|a| a.key.as_str())
        .collect();
    assert_eq!(marked, ["danger_now"]);
}
