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
    let json = encode_answer(&answer(true), false);
    assert!(json.contains(r#""sa":true"#), "{json}");
    let (back, _, _) = decode_answer(&json).expect("decodes");
    assert_eq!(back, answer(true));
}

#[test]
fn an_answer_asked_by_the_interviewer_is_stored_as_before() {
    // No new key when false: a device of the previous version reads it.
    let json = encode_answer(&answer(false), false);
    assert!(!json.contains("sa"), "{json}");
    assert_eq!(decode_answer(&json).expect("decodes").0, answer(false));
}

#[test]
fn an_answer_written_before_the_flag_existed_reads_as_not_self_administered() {
    let old = r#"{"s":"value","v":"yes","lang":"my","at":1700000000000,"dev":"d1","interp":false}"#;
    assert_eq!(decode_answer(old).expect("decodes").0, answer(false));
}

/// A record written by schema 1 (every answer also appended to `log`, with
/// the conflict resolutions marked there only, and `updated` rewritten by
/// each answer) reads as it did: its history with the marks, its time.
#[test]
fn a_schema_1_record_reads_its_history_and_time_as_before() {
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, "schema", ScalarValue::Uint(1)).expect("put");
    tx.put(ROOT, "kind", "interview").expect("put");
    let form = tx.put_object(ROOT, "form", ObjType::Map).expect("form");
    for key in ["id", "version", "hash"] {
        tx.put(&form, key, "f").expect("put");
    }
    for (key, value) in [
        ("lang", "my"),
        ("device", "d1"),
        ("status", "in_progress"),
        ("title", "t"),
    ] {
        tx.put(ROOT, key, value).expect("put");
    }
    tx.put(ROOT, "created", ScalarValue::Timestamp(1_700_000_000_000))
        .expect("put");
    let answers = tx
        .put_object(ROOT, "answers", ObjType::Map)
        .expect("answers");
    let log = tx.put_object(ROOT, "log", ObjType::List).expect("log");
    let mut at_ms = 1_700_000_000_000;
    for (value, resolution) in [("16", false), ("18", true)] {
        at_ms += 1000;
        let mut a = answer(false);
        a.value = AnswerValue::Value(value.into());
        a.provenance.at = DateTime::from_timestamp_millis(at_ms).expect("a time");
        tx.put(&answers, "hours", encode_answer(&a, false))
            .expect("put");
        let stored = StoredAnswer {
            q: Some("hours".into()),
            res: resolution,
            ..serde_json::from_str(&encode_answer(&a, false)).expect("json")
        };
        let len = tx.length(&log);
        tx.insert(&log, len, serde_json::to_string(&stored).expect("json"))
            .expect("insert");
        tx.put(ROOT, "updated", ScalarValue::Timestamp(at_ms + 5))
            .expect("put");
    }
    tx.commit();

    let h = history(&doc, "hours").expect("history");
    assert_eq!(
        h.iter()
            .map(|e| (e.answer.value.clone(), e.resolution))
            .collect::<Vec<_>>(),
        vec![
            (AnswerValue::Value("16".into()), false),
            (AnswerValue::Value("18".into()), true)
        ]
    );
    let (index, conflicts) = index_and_conflicts(&doc).expect("index");
    assert_eq!(index.updated_at.timestamp_millis(), at_ms + 5);
    assert_eq!(index.answer_count, 1);
    assert!(conflicts.is_empty());
    assert_eq!(
        read_view(&doc, RecordId::new_random())
            .expect("view")
            .updated_at,
        index.updated_at
    );
}

proptest::proptest! {
    /// The case list reads `at` without decoding the answer: the same
    /// number whatever the value, language and device hold (quotes,
    /// `,"at":` typed by a person, backslashes, any script).
    #[test]
    fn the_quick_read_of_at_is_the_decoded_at(
        v in ".*",
        lang in ".{0,8}",
        dev in ".{0,12}",
        at in -62_000_000_000_000i64..250_000_000_000_000,
        tricky in proptest::sample::select(vec!["", r#","at":1,"#, r#"\",\"at\":7"#, "\\", "\""]),
    ) {
        let mut a = answer(false);
        a.value = AnswerValue::Value(format!("{tricky}{v}{tricky}"));
        a.provenance.language = lang;
        a.provenance.device_id = dev;
        a.provenance.at = DateTime::from_timestamp_millis(at).expect("a time");
        let json = encode_answer(&a, true);
        proptest::prop_assert_eq!(json_at(&json).expect("at"), at);
    }
}
