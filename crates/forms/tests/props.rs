//! Property tests: the parser never panics, printing then parsing gives the
//! same tree, evaluation of random answers never panics, and the XLSForm
//! reader never panics on workbooks mixing what people write (unknown and
//! single-colon columns, nameless notes, duplicate choices, loops).
#![allow(clippy::unwrap_used)]

mod common;

use forms::expr::{self, BinOp, Expr};
use forms::{Answer, AnswerKey, Answers, Date};
use proptest::prelude::*;

fn arb_expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        (0u32..100_000).prop_map(|n| Expr::Num(f64::from(n))),
        (0u32..1000, 1u32..100).prop_map(|(a, b)| Expr::Num(f64::from(a) / f64::from(b))),
        "[a-zA-Z0-9 ก-๛]{0,8}".prop_map(Expr::Str),
        "[a-z][a-z0-9_]{0,6}".prop_map(Expr::Ref),
        Just(Expr::Current),
    ];
    leaf.prop_recursive(6, 64, 4, |inner| {
        let ops = prop_oneof![
            Just(BinOp::Or),
            Just(BinOp::And),
            Just(BinOp::Eq),
            Just(BinOp::Ne),
            Just(BinOp::Lt),
            Just(BinOp::Le),
            Just(BinOp::Gt),
            Just(BinOp::Ge),
            Just(BinOp::Add),
            Just(BinOp::Sub),
            Just(BinOp::Mul),
            Just(BinOp::Div),
            Just(BinOp::Mod),
        ];
        prop_oneof![
            (ops, inner.clone(), inner.clone()).prop_map(|(op, a, b)| Expr::Bin(
                op,
                Box::new(a),
                Box::new(b)
            )),
            inner.clone().prop_map(|e| Expr::Neg(Box::new(e))),
            (
                prop::sample::select(expr::FUNCTIONS.to_vec()),
                prop::collection::vec(inner, 0..4)
            )
                .prop_map(|((name, min, max), mut args)| {
                    while args.len() < min {
                        args.push(Expr::Num(1.0));
                    }
                    args.truncate(max.min(args.len().max(min)));
                    Expr::Call(name.to_string(), args)
                }),
        ]
    })
}

/// One sheet of a random workbook: header and rows drawn from what real
/// forms hold, well-formed or not.
fn arb_workbook() -> impl Strategy<Value = Vec<(String, Vec<Vec<String>>)>> {
    let pick = |v: &'static [&'static str]| prop::sample::select(v).prop_map(str::to_string);
    let header = pick(&[
        "type",
        "name",
        "label",
        "label:English",
        "label::Thai (th)",
        "hint:English",
        "text:english",
        "_review",
        "translator notes",
        "",
        "disabled",
        "relevant",
        "choice_filter",
        "jr:count",
        "bind::relevant",
        "media::image",
        "video",
        "label:",
        "constraint_message:English",
        "required",
    ]);
    let cell = prop_oneof![
        pick(&[
            "text",
            "note",
            "integer",
            "begin loop over vehicle",
            "begin_loop vehicle",
            "begin loop",
            "end loop",
            "end_loop",
            "begin group",
            "end group",
            "begin repeat",
            "end repeat",
            "select_one vehicle",
            "select_one district",
            "calculate",
            "yes",
            "q1",
            "q2",
            "%(name)s_total",
            "%(label)s",
            "%(",
            "%(name)",
            "${q1} > 0",
            "${%(name)s_total}",
            "province = ${q1}",
            "none",
            "",
        ]),
        "\\PC{0,10}",
    ];
    let rows = prop::collection::vec(prop::collection::vec(cell.clone(), 0..8), 0..14);
    let survey_name = pick(&["survey", "Survey", "Sheet1"]);
    let choices = prop::collection::vec(
        (
            pick(&["vehicle", "district", "province", ""]),
            pick(&["car", "boat", "none", "mueang", "mueang", "ranong", ""]),
            cell.clone(),
            cell,
        ),
        0..10,
    );
    let settings = (
        pick(&[
            "allow_choice_duplicates",
            "submission_url",
            "form_id",
            "style",
        ]),
        pick(&["yes", "no", "x", ""]),
    );
    (
        survey_name,
        prop::collection::vec(header, 1..8),
        rows,
        choices,
        settings,
        any::<bool>(),
    )
        .prop_map(|(name, header, rows, choices, settings, only_survey)| {
            let mut survey = vec![header];
            survey.extend(rows);
            let mut sheets = vec![(name, survey)];
            if !only_survey {
                let mut cs = vec![vec![
                    "list_name".to_string(),
                    "name".into(),
                    "label".into(),
                    "province".into(),
                ]];
                cs.extend(choices.into_iter().map(|(l, n, a, b)| vec![l, n, a, b]));
                sheets.push(("choices".into(), cs));
                sheets.push(("settings".into(), vec![vec![settings.0], vec![settings.1]]));
            }
            sheets
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn xlsform_reader_never_panics_on_what_people_write(sheets in arb_workbook()) {
        let bytes = common::xlsx(&sheets);
        if let Ok(import) = forms::xlsform::import("random.xlsx", &bytes) {
            // What the import accepts, the loader accepts.
            prop_assert!(forms::load_folder(&import.files).is_ok());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parser_never_panics(s in "\\PC{0,80}") {
        let _ = expr::parse(&s);
        let _ = expr::parse_choice_filter(&s);
    }

    #[test]
    fn parser_never_panics_on_expression_like_text(s in "[-+*=<>!()., $'\"{}a-z0-9_]{0,60}") {
        let _ = expr::parse(&s);
    }

    #[test]
    fn print_then_parse_round_trips(e in arb_expr()) {
        let printed = e.to_string();
        let back = expr::parse(&printed);
        prop_assert_eq!(back.as_ref().ok(), Some(&e), "printed: {}", printed);
    }

    #[test]
    fn evaluation_of_random_answers_never_panics(
        values in prop::collection::vec(
            (0usize..40, prop_oneof![
                "\\PC{0,12}".prop_map(Answer::Value),
                "-?[0-9]{1,4}(\\.[0-9]{1,2})?".prop_map(Answer::Value),
                "20[0-9]{2}-[01][0-9]-[0-3][0-9]".prop_map(Answer::Value),
                Just(Answer::DontKnow),
                Just(Answer::PreferNotToAnswer),
            ], prop::collection::vec(1u32..4, 0..3)),
            0..40),
        today in 0i32..40_000,
    ) {
        let q = forms::load_folder(&common::read_dir(&common::corpus().join("native/screening"))).unwrap();
        let names: Vec<String> = q.nodes.iter().map(|n| n.name.clone()).collect();
        let mut a = Answers::new();
        for (i, v, idx) in values {
            let name = names[i % names.len()].clone();
            a.set(AnswerKey { name, indices: idx }, v);
        }
        let ev = forms::evaluate(&q, &a, Date(today), "th");
        prop_assert!(ev.navigation.progress.answered <= ev.navigation.progress.total);
    }
}
