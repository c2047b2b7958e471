//! The journal against a model: any sequence of answers, holds and
//! releases, folds, locks and stops (the app killed: the handle dropped
//! without a lock) leaves exactly the answers a person was told were kept.
//! An answer is kept once `apply_answer` returned outside a hold, or once
//! the hold was released, folded or locked; a stop loses only answers
//! still held (never acknowledged).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use common::*;
use proptest::prelude::*;
use vault::{AnswerValue, RecordId, Vault};

#[derive(Debug, Clone)]
enum Op {
    Answer { record: usize, q: u8, v: u8 },
    Hold,
    Release,
    Settle,
    List,
    Lock,
    Stop,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..3usize, 0..6u8, any::<u8>()).prop_map(|(record, q, v)| Op::Answer { record, q, v }),
        2 => Just(Op::Hold),
        2 => Just(Op::Release),
        1 => Just(Op::Settle),
        1 => Just(Op::List),
        1 => Just(Op::Lock),
        1 => Just(Op::Stop),
    ]
}

type Answers = BTreeMap<(usize, u8), u8>;

fn seen(v: &mut Vault, ids: &[RecordId]) -> Answers {
    let mut out = Answers::new();
    for (r, id) in ids.iter().enumerate() {
        for (q, a) in v.record(*id).unwrap().answers {
            if let (Some(q), AnswerValue::Value(s)) = (q.strip_prefix('q'), a.answer.value) {
                out.insert((r, q.parse().unwrap()), s.parse().unwrap());
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
    #[test]
    fn what_was_acknowledged_survives_any_sequence(ops in prop::collection::vec(op(), 1..60)) {
        let d = tempfile::tempdir().unwrap();
        let mut v = create(d.path());
        let ids: Vec<RecordId> = (0..3)
            .map(|i| v.create_interview(new_record(&format!("r{i}"))).unwrap())
            .collect();
        let (mut kept, mut held, mut holding) = (Answers::new(), Answers::new(), false);
        for (n, op) in ops.iter().enumerate() {
            match op {
                Op::Answer { record, q, v: value } => {
                    answer(&mut v, ids[*record], &format!("q{q}"), &value.to_string(), n as i64);
                    if holding { &mut held } else { &mut kept }.insert((*record, *q), *value);
                }
                Op::Hold => {
                    v.hold();
                    holding = true;
                }
                Op::Release => {
                    v.release().unwrap();
                    kept.append(&mut held);
                    holding = false;
                }
                Op::Settle | Op::List => {
                    if matches!(op, Op::Settle) {
                        v.settle().unwrap();
                    } else {
                        v.list().unwrap();
                    }
                    // Held changes are written first; the hold goes on.
                    kept.append(&mut held);
                }
                Op::Lock => {
                    v.lock();
                    kept.append(&mut held);
                    holding = false;
                    v.unlock(&pass()).unwrap();
                }
                Op::Stop => {
                    drop(v);
                    held.clear();
                    holding = false;
                    v = open_unlocked(d.path());
                    prop_assert_eq!(v.rolled_back_count(), 0);
                }
            }
            let mut expected = kept.clone();
            expected.extend(held.iter().map(|(k, x)| (*k, *x)));
            prop_assert_eq!(seen(&mut v, &ids), expected, "after {:?}", op);
        }
        drop(v);
        let mut v = open_unlocked(d.path());
        prop_assert_eq!(v.rolled_back_count(), 0);
        prop_assert_eq!(seen(&mut v, &ids), kept);
        prop_assert!(v.verify_all().unwrap().is_empty());
    }
}
