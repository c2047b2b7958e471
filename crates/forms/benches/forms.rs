//! Benchmarks: navigation + scoring after one answer on a 300-question
//! questionnaire (target < 1 ms), and importing a 1,000-row XLSForm.
#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;

use criterion::{Criterion, criterion_group, criterion_main};
use forms::{Answers, Date};

/// 300 questions in 10 groups of 30, with relevance, constraints, labels
/// that refer to an answer, and 20 scored indicators.
fn big_questionnaire() -> BTreeMap<String, Vec<u8>> {
    let mut toml = String::from("id = \"bench\"\nversion = \"1\"\ndefault_language = \"en\"\n");
    let mut ftl = String::new();
    let mut n = 0;
    for g in 0..10 {
        toml.push_str(&format!(
            "[[survey]]\ntype = \"begin_group\"\nname = \"g{g}\"\n"
        ));
        if g > 0 {
            toml.push_str(&format!("relevant = \"${{q{}}} != 'no'\"\n", n - 1));
        }
        for i in 0..30 {
            let (t, extra) = match i % 3 {
                0 => (
                    "integer",
                    format!(
                        "constraint = \". >= 0 and . <= 100\"\nrelevant = \"${{q{}}} != 99\"\n",
                        n.max(1) - 1
                    ),
                ),
                1 => ("select_one yn", "required = true\n".to_string()),
                _ => ("text", String::new()),
            };
            toml.push_str(&format!(
                "[[survey]]\ntype = \"{t}\"\nname = \"q{n}\"\n{extra}"
            ));
            ftl.push_str(&format!("q{n} = Question {{ $q0 }} number {n}\n"));
            n += 1;
        }
        toml.push_str("[[survey]]\ntype = \"end_group\"\n");
    }
    toml.push_str("[choices]\nyn = [{ name = \"yes\" }, { name = \"no\" }]\n[scoring]\nchild = \"${q0} < 18\"\n");
    toml.push_str("[[scoring.dimensions]]\nname = \"d\"\nrule = \"strong_medium_weak\"\n");
    for k in 0..20 {
        toml.push_str(&format!(
            "[[scoring.indicators]]\nname = \"i{k}\"\ndimension = \"d\"\nstrength = \"medium\"\nexpression = \"${{q{}}} = 'yes' and ${{q{}}} > 5\"\n",
            k * 15 + 1,
            k * 15
        ));
    }
    toml.push_str("[[scoring.outcomes]]\nname = \"o\"\nwhen = \"${d}\"\n");
    let mut files = BTreeMap::new();
    files.insert("questionnaire.toml".to_string(), toml.into_bytes());
    files.insert("translations/en.ftl".to_string(), ftl.into_bytes());
    files
}

/// 100 questions outside repeats and a repeat of 20 questions answered for
/// 10 instances (300 questions shown), with relevance inside the instance,
/// a total over the instances and indicators over the repeat.
fn repeat_questionnaire() -> BTreeMap<String, Vec<u8>> {
    let mut toml =
        String::from("id = \"bench_repeat\"\nversion = \"1\"\ndefault_language = \"en\"\n");
    let mut ftl = String::new();
    for i in 0..100 {
        toml.push_str(&format!(
            "[[survey]]\ntype = \"integer\"\nname = \"t{i}\"\nconstraint = \". >= 0\"\n"
        ));
        ftl.push_str(&format!("t{i} = Question {i}\n"));
    }
    toml.push_str(
        "[[survey]]\ntype = \"begin_repeat\"\nname = \"crew\"\nrepeat_count = \"${t0}\"\n",
    );
    for i in 0..20 {
        let (t, extra) = match i % 2 {
            0 => (
                "integer",
                format!("relevant = \"${{r{}}} != 99\"\n", i.max(1) - 1),
            ),
            _ => ("select_one yn", String::new()),
        };
        toml.push_str(&format!(
            "[[survey]]\ntype = \"{t}\"\nname = \"r{i}\"\n{extra}"
        ));
        ftl.push_str(&format!("r{i} = Crew question {i} about {{ $r0 }}\n"));
    }
    toml.push_str("[[survey]]\ntype = \"calculate\"\nname = \"short\"\ncalculation = \"if(${r0} < 10, 1, 0)\"\n");
    toml.push_str("[[survey]]\ntype = \"end_repeat\"\n");
    toml.push_str(
        "[[survey]]\ntype = \"calculate\"\nname = \"total\"\ncalculation = \"sum(${short})\"\n",
    );
    toml.push_str("[choices]\nyn = [{ name = \"yes\" }, { name = \"no\" }]\n[scoring]\n");
    for k in 0..10 {
        toml.push_str(&format!(
            "[[scoring.indicators]]\nname = \"i{k}\"\nexpression = \"${{r{}}} = 'yes' and ${{short}} = 1\"\n",
            2 * k + 1
        ));
    }
    let mut files = BTreeMap::new();
    files.insert("questionnaire.toml".to_string(), toml.into_bytes());
    files.insert("translations/en.ftl".to_string(), ftl.into_bytes());
    files
}

fn thousand_rows() -> Vec<u8> {
    let mut survey = vec![vec![
        "type".to_string(),
        "name".into(),
        "label::English (en)".into(),
        "label::Thai (th)".into(),
        "relevant".into(),
        "constraint".into(),
    ]];
    for i in 0..1000 {
        let t = if i % 2 == 0 {
            "integer"
        } else {
            "select_one yn"
        };
        survey.push(vec![
            t.into(),
            format!("q{i}"),
            format!("Question {i}"),
            format!("คำถาม {i}"),
            if i > 0 {
                format!("${{q{}}} != ''", i - 1)
            } else {
                String::new()
            },
            if i % 2 == 0 {
                ". >= 0".into()
            } else {
                String::new()
            },
        ]);
    }
    let choices = vec![
        vec![
            "list_name".to_string(),
            "name".into(),
            "label::English (en)".into(),
        ],
        vec!["yn".into(), "yes".into(), "Yes".into()],
        vec!["yn".into(), "no".into(), "No".into()],
    ];
    common::xlsx(&[("survey".into(), survey), ("choices".into(), choices)])
}

fn benches(c: &mut Criterion) {
    let q = forms::load_folder(&big_questionnaire()).unwrap();
    assert_eq!(q.questions().count(), 300);
    let mut answers = Answers::new();
    for i in 0..300 {
        let v = match i % 3 {
            0 => "10",
            1 => "yes",
            _ => "some text",
        };
        answers.set_value(&format!("q{i}"), v);
    }
    let today = Date::parse("2025-06-11").unwrap();
    let mut flip = false;
    c.bench_function("navigation+scoring after one answer (300 questions)", |b| {
        b.iter(|| {
            flip = !flip;
            answers.set_value("q150", if flip { "20" } else { "30" });
            let ev = forms::evaluate(&q, &answers, today, "en");
            std::hint::black_box(ev);
        });
    });
    let q = forms::load_folder(&repeat_questionnaire()).unwrap();
    let mut answers = Answers::new();
    answers.set_value("t0", "10");
    for i in 1..100 {
        answers.set_value(&format!("t{i}"), "1");
    }
    for n in 1..=10u32 {
        for i in 0..20 {
            let v = match (i % 2, n % 3) {
                (0, 0) => "8",
                (0, _) => "12",
                (_, _) => "yes",
            };
            answers.set(
                forms::AnswerKey::at(format!("r{i}"), &[n]),
                forms::Answer::Value(v.into()),
            );
        }
    }
    let ev = forms::evaluate(&q, &answers, today, "en");
    assert_eq!(ev.navigation.items.len(), 300);
    c.bench_function(
        "navigation+scoring after one answer (100 questions + 10 × 20 in a repeat)",
        |b| {
            b.iter(|| {
                flip = !flip;
                answers.set(
                    forms::AnswerKey::at("r4", &[5]),
                    forms::Answer::Value(if flip { "20" } else { "30" }.into()),
                );
                std::hint::black_box(forms::evaluate(&q, &answers, today, "en"));
            });
        },
    );
    let bytes = thousand_rows();
    c.bench_function("import 1,000-row XLSForm", |b| {
        b.iter(|| std::hint::black_box(forms::import_xlsform("bench.xlsx", &bytes).unwrap()));
    });
}

criterion_group! {
    name = forms_benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(forms_benches);
