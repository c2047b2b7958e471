//! Navigation (what is visible, in what order, what is missing or wrong) and
//! scoring (indicators, evidence, child flag, determination), computed
//! together from a questionnaire, the answers and "today".
//!
//! Values are computed lazily and memoised, so the result does not depend on
//! the order of rows: a relevance may use a calculation defined further down.
//! A question that is not relevant has the empty value, as in ODK. Cycles
//! (a calculation using itself) evaluate to empty instead of looping.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::answers::{Answer, AnswerKey, Answers};
use crate::diag::Message;
use crate::expr::{self, Date, Env, Value};
use crate::fx::FxMap;
use crate::model::{
    DimensionRule, MAX_REPEAT, NodeKind, QuestionType, Questionnaire, Required, Route, Strength,
};

mod engine;
mod navigate;
mod score;
mod typing;
mod views;

use engine::*;
use typing::*;
pub use views::*;

/// Computes navigation and scoring for a questionnaire and its answers.
/// `lang` chooses the language of labels and messages (falling back to the
/// questionnaire's default language).
pub fn evaluate(q: &Questionnaire, answers: &Answers, today: Date, lang: &str) -> Evaluation {
    let eng = Engine::new(q, answers, today);
    let navigation = eng.navigate(lang);
    let scoring = eng.score();
    Evaluation {
        navigation,
        scoring,
    }
}

/// Navigation only.
pub fn navigate(q: &Questionnaire, answers: &Answers, today: Date, lang: &str) -> Navigation {
    Engine::new(q, answers, today).navigate(lang)
}

/// How a person reads choice `value` of the answer `key`, in `lang`. When a
/// list has the same name more than once (`allow_choice_duplicates`: a
/// district name that exists in two provinces, told apart by a
/// `choice_filter`), the label is that of the choice the filter offers for
/// this answer (the district of the province answered); failing that, of the
/// first choice with that name. `None` when the question has no list or
/// `value` is not one of its choices.
pub fn choice_label(
    q: &Questionnaire,
    answers: &Answers,
    today: Date,
    key: &AnswerKey,
    value: &str,
    lang: &str,
) -> Option<String> {
    let node = q.node_index(&key.name)?;
    let list = q.nodes.get(node)?.question_type()?.list()?;
    let eng = Engine::new(q, answers, today);
    let offered = eng
        .choices(node, &key.indices)
        .into_iter()
        .find(|(v, _)| *v == value)
        .map(|(_, i)| i);
    let i = match offered {
        Some(i) => i,
        None => Some(q.choices.get(list)?.iter().position(|c| c.name == value)?),
    };
    eng.render(q.choice_label_at(list, i, lang), Some(node), &key.indices)
}

/// The record's name from the questionnaire's `instance_name` setting (as
/// in ODK: an expression such as `${case_code}` or
/// `concat(${vessel_code}, '-', ${crew_code})`), trimmed; `None` when the
/// questionnaire declares none or it comes out empty.
pub fn instance_name(q: &Questionnaire, answers: &Answers, today: Date) -> Option<String> {
    let src = q.settings.instance_name.as_deref()?;
    let e = expr::parse(src).ok()?;
    let name = Engine::new(q, answers, today).eval(&e, None, &[]).to_text();
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Scoring only (`None` when the questionnaire declares no scoring).
pub fn score(q: &Questionnaire, answers: &Answers, today: Date) -> Option<ScoringResult> {
    Engine::new(q, answers, today).score()
}
