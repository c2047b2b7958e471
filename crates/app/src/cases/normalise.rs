//! An answer as typed → the stored form, checked against its question.

use forms::Questionnaire;
use forms::model::QuestionType;
use vault::AnswerValue;

use super::AnswerInput;
use crate::AppError;

/// Checks `input` against the question and returns the stored form:
/// ASCII digits, ISO dates and times, known choices (space-separated for
/// multiple choice), and "don't know"/"prefer not" only where allowed.
pub(crate) fn normalise(
    form: &Questionnaire,
    question: &str,
    input: AnswerInput,
    lang: &str,
) -> Result<AnswerValue, AppError> {
    let unknown = || AppError::unknown_question(question, lang);
    let key: forms::AnswerKey = question.parse().map_err(|_| unknown())?;
    let node = form.node(&key.name).ok_or_else(unknown)?;
    let qt = node
        .question_type()
        .filter(|t| t.is_asked())
        .ok_or_else(unknown)?;
    if key.indices.len() != node.repeats.len() || key.indices.contains(&0) {
        return Err(unknown());
    }
    let invalid = |value: &str| AppError::invalid_answer(question, value, lang);
    let value = match input {
        AnswerInput::DontKnow if node.dont_know => return Ok(AnswerValue::DontKnow),
        AnswerInput::PreferNot if node.prefer_not_to_answer => return Ok(AnswerValue::PreferNot),
        AnswerInput::DontKnow | AnswerInput::PreferNot => {
            return Err(AppError::state_not_offered(question, lang));
        }
        AnswerInput::Value(v) => v,
    };
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(invalid(&value));
    }
    let ascii = i18n::digits::to_ascii(trimmed);
    let stored = match qt {
        QuestionType::Integer => ascii
            .parse::<i64>()
            .map_err(|_| invalid(&value))?
            .to_string(),
        QuestionType::Decimal => {
            let n = ascii.parse::<f64>().map_err(|_| invalid(&value))?;
            if !n.is_finite() {
                return Err(invalid(&value));
            }
            ascii
        }
        QuestionType::Date => parse_date(&ascii)
            .ok_or_else(|| invalid(&value))?
            .format("%Y-%m-%d")
            .to_string(),
        QuestionType::Time => chrono::NaiveTime::parse_from_str(&ascii, "%H:%M:%S")
            .or_else(|_| chrono::NaiveTime::parse_from_str(&ascii, "%H:%M"))
            .map_err(|_| invalid(&value))?
            .format("%H:%M:%S")
            .to_string(),
        QuestionType::DateTime => chrono::DateTime::parse_from_rfc3339(&ascii)
            .map(|t| t.to_rfc3339())
            .or_else(|_| {
                chrono::NaiveDateTime::parse_from_str(&ascii, "%Y-%m-%dT%H:%M:%S")
                    .or_else(|_| chrono::NaiveDateTime::parse_from_str(&ascii, "%Y-%m-%dT%H:%M"))
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
            })
            .map_err(|_| invalid(&value))?,
        QuestionType::SelectOne { list, or_other } => {
            if !is_choice(form, list, *or_other, trimmed) {
                return Err(invalid(&value));
            }
            trimmed.to_owned()
        }
        QuestionType::SelectMultiple { list, or_other } => {
            let mut chosen: Vec<&str> = Vec::new();
            for c in trimmed.split_whitespace() {
                if !is_choice(form, list, *or_other, c) {
                    return Err(invalid(c));
                }
                if !chosen.contains(&c) {
                    chosen.push(c);
                }
            }
            chosen.join(" ")
        }
        QuestionType::Acknowledge => "OK".to_owned(),
        QuestionType::Text => trimmed.to_owned(),
        QuestionType::Note | QuestionType::Calculate => return Err(unknown()),
    };
    Ok(AnswerValue::Value(stored))
}

/// The first year read as Buddhist Era: Thai documents and people give
/// years as B.E. (Gregorian + 543). No date a screening asks about is after
/// 2399 CE or before 1857 CE, so a year of 2400 or more is B.E. and is
/// converted (2569 → 2026); smaller years are Gregorian.
pub const BUDDHIST_ERA_FROM: i32 = 2400;
/// Buddhist Era year − Gregorian year.
pub const BUDDHIST_ERA_OFFSET: i32 = 543;

/// Reads a date typed as `YYYY-MM-DD` or `DD/MM/YYYY` (also `.` or `-`
/// between day, month and year), ASCII digits (native digits are converted
/// before), with a Buddhist Era year when it is [`BUDDHIST_ERA_FROM`] or more.
pub fn parse_date(ascii: &str) -> Option<chrono::NaiveDate> {
    let s = ascii.trim();
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| -> Option<i32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return None;
    };
    let y = if y >= BUDDHIST_ERA_FROM {
        y - BUDDHIST_ERA_OFFSET
    } else {
        y
    };
    chrono::NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

fn is_choice(form: &Questionnaire, list: &str, or_other: bool, value: &str) -> bool {
    (or_other && value == "other")
        || form
            .choices
            .get(list)
            .is_some_and(|choices| choices.iter().any(|c| c.name == value))
}
