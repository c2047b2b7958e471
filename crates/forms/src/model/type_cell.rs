//! The `type` cell of a row, as XLSForm spells it (shared by the native
//! loader and the XLSForm importer).

use super::*;

/// Parses an XLSForm-style type cell. Shared by the native loader and the importer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParsedType {
    Question(QuestionType),
    BeginGroup,
    EndGroup,
    BeginRepeat,
    EndRepeat,
    Meta(MetaKind),
    /// Refused on purpose; the message says why.
    Refused(&'static str),
    Unsupported,
    /// `select_one` without a list name.
    MissingList,
}

pub(crate) fn parse_type(raw: &str) -> ParsedType {
    // pyxform's long spellings: `select one from LIST`, `select all that apply from LIST
    // or specify other`, `select one LIST`, `phone number`.
    let lower_raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut normalised = lower_raw.clone();
    for (long, short) in [
        ("select all that apply from ", "select_multiple "),
        ("select all that apply ", "select_multiple "),
        ("select one from ", "select_one "),
        ("select one ", "select_one "),
        ("select multiple ", "select_multiple "),
    ] {
        if normalised.to_ascii_lowercase().starts_with(long) {
            normalised = format!("{short}{}", normalised.get(long.len()..).unwrap_or(""));
            break;
        }
    }
    if let Some(stripped) = normalised.strip_suffix(" or specify other") {
        normalised = format!("{stripped} or_other");
    }
    if normalised.eq_ignore_ascii_case("phone number") {
        normalised = "phonenumber".into();
    }
    let words: Vec<&str> = normalised.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    let lower = first.to_ascii_lowercase();
    let joined = words
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    match joined.as_str() {
        "begin group" | "begin_group" => return ParsedType::BeginGroup,
        "end group" | "end_group" => return ParsedType::EndGroup,
        "begin repeat" | "begin_repeat" => return ParsedType::BeginRepeat,
        "end repeat" | "end_repeat" => return ParsedType::EndRepeat,
        _ => {}
    }
    let single = |t: QuestionType| {
        if words.len() == 1 {
            ParsedType::Question(t)
        } else {
            ParsedType::Unsupported
        }
    };
    match lower.as_str() {
        "integer" | "int" => single(QuestionType::Integer),
        "decimal" => single(QuestionType::Decimal),
        "text" | "string" => single(QuestionType::Text),
        "date" => single(QuestionType::Date),
        "time" => single(QuestionType::Time),
        "datetime" => single(QuestionType::DateTime),
        "note" => single(QuestionType::Note),
        "calculate" => single(QuestionType::Calculate),
        "acknowledge" | "trigger" => single(QuestionType::Acknowledge),
        "select_one" | "select_multiple" | "select_one_multiple" => {
            let Some(list) = words.get(1) else {
                return ParsedType::MissingList;
            };
            let or_other = match words.get(2..) {
                Some([]) | None => false,
                Some([o]) if o.eq_ignore_ascii_case("or_other") => true,
                _ => return ParsedType::Unsupported,
            };
            let list = (*list).to_string();
            if lower == "select_one" {
                ParsedType::Question(QuestionType::SelectOne { list, or_other })
            } else if lower == "select_multiple" {
                ParsedType::Question(QuestionType::SelectMultiple { list, or_other })
            } else {
                ParsedType::Unsupported
            }
        }
        "start" => ParsedType::Meta(MetaKind::Start),
        "end" => ParsedType::Meta(MetaKind::End),
        "today" => ParsedType::Meta(MetaKind::Today),
        "deviceid" => ParsedType::Meta(MetaKind::DeviceId),
        "username" => ParsedType::Meta(MetaKind::Username),
        "audit" => ParsedType::Meta(MetaKind::Audit),
        "geopoint" | "geotrace" | "geoshape" | "start-geopoint" | "gps" => {
            ParsedType::Refused("forms-type-refused-location")
        }
        "image" | "photo" | "video" => ParsedType::Refused("forms-type-refused-media"),
        "barcode" => ParsedType::Refused("forms-type-refused-barcode"),
        "phonenumber" | "simserial" | "subscriberid" | "imei" => {
            ParsedType::Refused("forms-type-refused-device")
        }
        _ => ParsedType::Unsupported,
    }
}
