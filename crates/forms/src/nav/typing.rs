//! Answers as typed values, and checking an answer against its type.

use super::*;

/// The typed value of an answer string for expressions.
pub(super) fn typed(t: Option<&QuestionType>, s: &str) -> Value {
    match t {
        Some(QuestionType::Integer | QuestionType::Decimal) => {
            expr::parse_number(s).map_or_else(|| Value::Str(s.to_string()), Value::Num)
        }
        Some(QuestionType::Date) => {
            Date::parse(s).map_or_else(|| Value::Str(s.to_string()), Value::Date)
        }
        _ => Value::Str(s.to_string()),
    }
}

pub(super) fn check_type(
    t: &QuestionType,
    v: &str,
    is_choice: &dyn Fn(&str) -> bool,
) -> Option<Message> {
    let bad = |id: &'static str| Some(Message::new(id).arg("value", v));
    match t {
        QuestionType::Integer => {
            let body = v.strip_prefix('-').unwrap_or(v);
            if body.is_empty()
                || !body.bytes().all(|b| b.is_ascii_digit())
                || v.parse::<i64>().is_err()
            {
                return bad("forms-answer-not-integer");
            }
        }
        QuestionType::Decimal => {
            if expr::parse_number(v).is_none() {
                return bad("forms-answer-not-decimal");
            }
        }
        QuestionType::Date => {
            if Date::parse(v).is_none() || v.len() != 10 {
                return bad("forms-answer-not-date");
            }
        }
        QuestionType::Time => {
            if !is_time(v) {
                return bad("forms-answer-not-time");
            }
        }
        QuestionType::DateTime => {
            let ok = v
                .split_once('T')
                .is_some_and(|(d, t)| Date::parse(d).is_some() && d.len() == 10 && is_time(t));
            if !ok {
                return bad("forms-answer-not-datetime");
            }
        }
        QuestionType::SelectOne { .. } => {
            if !is_choice(v) {
                return bad("forms-answer-not-a-choice");
            }
        }
        QuestionType::SelectMultiple { .. } => {
            if let Some(x) = v.split_whitespace().find(|x| !is_choice(x)) {
                return Some(Message::new("forms-answer-not-a-choice").arg("value", x));
            }
        }
        QuestionType::Acknowledge => {
            if v != "OK" {
                return bad("forms-answer-not-ok");
            }
        }
        QuestionType::Text | QuestionType::Note | QuestionType::Calculate => {}
    }
    None
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.sss`, optionally with a zone (`Z`, `+07:00`).
pub(super) fn is_time(s: &str) -> bool {
    let core = s.trim_end_matches('Z');
    let core = match core.rfind(['+', '-']) {
        Some(i) if i >= 5 => core.get(..i).unwrap_or(core),
        _ => core,
    };
    let core = core.split('.').next().unwrap_or(core);
    let parts: Vec<&str> = core.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let n = |i: usize| {
        parts
            .get(i)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(99)
    };
    n(0) < 24 && n(1) < 60 && (parts.len() == 2 || n(2) < 60)
}
