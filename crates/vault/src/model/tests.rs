use super::*;

fn answer(self_administered: bool) -> Answer {
    Answer {
        value: AnswerValue::Value("yes".into()),
        provenance: Provenance {
            language: "my".into(),
            at: DateTime::from_timestamp_millis(1_700_000_000_000).expect("a time"),
            device_id: "d1".into(),
            interpreter: false,
            self_administered,
        },
    }
}

#[test]
fn a_self_administered_answer_keeps_the_flag_beside_its_language() {
    let json = encode_answer(&answer(true), None);
    assert!(json.contains(r#""sa":true"#), "{json}");
    let (back, _, _) = decode_answer(&json).expect("decodes");
    assert_eq!(back, answer(true));
}

#[test]
fn an_answer_asked_by_the_interviewer_is_stored_as_before() {
    // No new key when false: a device of the previous version reads it.
    let json = encode_answer(&answer(false), None);
    assert!(!json.contains("sa"), "{json}");
    assert_eq!(decode_answer(&json).expect("decodes").0, answer(false));
}

#[test]
fn an_answer_written_before_the_flag_existed_reads_as_not_self_administered() {
    let old = r#"{"s":"value","v":"yes","lang":"my","at":1700000000000,"dev":"d1","interp":false}"#;
    assert_eq!(decode_answer(old).expect("decodes").0, answer(false));
}
