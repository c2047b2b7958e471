//! Column headers: which column is what, in which language.

/// Language code from an XLSForm language name: `Thai (th)` → `th`,
/// `th` → `th`, `Thai` → `th` for well-known names, else the name in lower case.
pub fn language_code(name: &str) -> String {
    let name = name.trim();
    if let (Some(open), true) = (name.rfind('('), name.ends_with(')')) {
        let code = name.get(open + 1..name.len() - 1).unwrap_or("").trim();
        if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return code.to_string();
        }
    }
    let lower = name.to_lowercase();
    let known = [
        ("english", "en"),
        ("thai", "th"),
        ("burmese", "my"),
        ("myanmar", "my"),
        ("khmer", "km"),
        ("cambodian", "km"),
        ("lao", "lo"),
        ("laotian", "lo"),
        ("french", "fr"),
        ("spanish", "es"),
        ("español", "es"),
        ("portuguese", "pt"),
        ("arabic", "ar"),
        ("swahili", "sw"),
        ("hindi", "hi"),
        ("bengali", "bn"),
        ("chinese", "zh"),
        ("vietnamese", "vi"),
        ("indonesian", "id"),
        ("malay", "ms"),
        ("tagalog", "tl"),
        ("shan", "shn"),
        ("karen", "kar"),
    ];
    if let Some((_, c)) = known.iter().find(|(n, _)| *n == lower) {
        return (*c).to_string();
    }
    let code: String = lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if code.is_empty() { "und".into() } else { code }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Col {
    Type,
    Name,
    Label,
    Hint,
    Guidance,
    ConstraintMsg,
    RequiredMsg,
    Audio,
    Image,
    Relevant,
    Required,
    Constraint,
    Calculation,
    ChoiceFilter,
    Default,
    ReadOnly,
    Appearance,
    RepeatCount,
    /// pyxform's `disabled`: a row marked yes is left out.
    Disabled,
    /// Ours: the interviewer's own question (see `QuestionDef::interviewer_only`).
    InterviewerOnly,
    /// Ours: a group answered in hand-over mode (see
    /// `QuestionDef::self_administered`).
    SelfAdministered,
}

impl Col {
    pub(super) fn translatable(self) -> Option<Option<&'static str>> {
        // None: not translatable; Some(None): the message value; Some(Some(attr)).
        match self {
            Col::Label => Some(None),
            Col::Hint => Some(Some("hint")),
            Col::Guidance => Some(Some("guidance")),
            Col::ConstraintMsg => Some(Some("constraint-msg")),
            Col::RequiredMsg => Some(Some("required-msg")),
            Col::Audio => Some(Some("audio")),
            Col::Image => Some(Some("image")),
            _ => None,
        }
    }
    pub(super) fn field(self) -> &'static str {
        match self {
            Col::Type => "type",
            Col::Name => "name",
            Col::Relevant => "relevant",
            Col::Required => "required",
            Col::Constraint => "constraint",
            Col::Calculation => "calculation",
            Col::ChoiceFilter => "choice_filter",
            Col::Default => "default",
            Col::ReadOnly => "read_only",
            Col::Appearance => "appearance",
            Col::RepeatCount => "repeat_count",
            Col::Disabled => "disabled",
            Col::InterviewerOnly => "interviewer_only",
            Col::SelfAdministered => "self_administered",
            _ => "",
        }
    }
}

pub(super) enum Header {
    Known(Col, Option<String>),
    /// A column refused with this message id.
    Refused(&'static str),
    /// A column FieldScreen does not use: ignored with a warning.
    Unknown,
    Blank,
}

/// pyxform's `to_snake_case`: runs of white space become one `_`, lower case.
pub(super) fn snake(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase()
}

/// Whether a setting or `disabled` cell says yes, as pyxform's `yes_no` reads it.
pub(super) fn is_yes(v: &str) -> bool {
    matches!(v.trim().to_lowercase().as_str(), "yes" | "true" | "true()")
}

/// The headers of a sheet. As in pyxform, a header is split into its parts
/// (`label::Thai (th)`) on `::`; only in a sheet where no header has `::` is
/// the older single colon (`label:english`) the separator.
pub(super) fn parse_headers(row: &[String]) -> Vec<Header> {
    let double = row.iter().any(|h| h.contains("::"));
    row.iter().map(|h| parse_header(h, double)).collect()
}

pub(super) fn parse_header(raw: &str, double_colon: bool) -> Header {
    let h = raw.trim();
    if h.is_empty() {
        return Header::Blank;
    }
    let mut tokens: Vec<&str> = if double_colon || h.contains("::") {
        h.split("::").map(str::trim).collect()
    } else {
        h.split(':').map(str::trim).collect()
    };
    // With single colons, `jr:constraintMsg` and `jr:count` stay one token.
    let joined;
    if let Some(j) = tokens.iter().position(|t| *t == "jr")
        && let Some(next) = tokens.get(j + 1)
    {
        joined = format!("jr:{next}");
        tokens.splice(j..j + 2, [joined.as_str()]);
    }
    // `bind::relevant`, `control::appearance`: plain spellings of survey columns.
    if tokens.len() > 1
        && tokens
            .first()
            .is_some_and(|t| matches!(snake(t).as_str(), "bind" | "control" | "body"))
    {
        tokens.remove(0);
    }
    let first = snake(tokens.first().copied().unwrap_or(""));
    let (key, lang, rest) = if first == "media" && tokens.len() > 1 {
        (
            snake(tokens.get(1).copied().unwrap_or("")),
            tokens.get(2),
            tokens.get(3..),
        )
    } else {
        (first, tokens.get(1), tokens.get(2..))
    };
    if rest.is_some_and(|r| !r.is_empty()) {
        return Header::Unknown;
    }
    let lang = lang.filter(|l| !l.is_empty()).map(|l| (*l).to_string());
    let col = match key.as_str() {
        "type" | "command" => Col::Type,
        "name" | "value" | "tag" => Col::Name,
        "label" | "caption" => Col::Label,
        "hint" => Col::Hint,
        "guidance_hint" => Col::Guidance,
        "constraint_message" | "constraining_message" | "jr:constraintmsg" => Col::ConstraintMsg,
        "required_message" | "requiredmsg" | "jr:requiredmsg" => Col::RequiredMsg,
        "audio" => Col::Audio,
        "image" => Col::Image,
        "relevant" | "relevance" => Col::Relevant,
        "required" => Col::Required,
        "constraint" => Col::Constraint,
        "calculation" | "calculate" => Col::Calculation,
        "choice_filter" => Col::ChoiceFilter,
        "default" => Col::Default,
        "read_only" | "readonly" => Col::ReadOnly,
        "appearance" => Col::Appearance,
        "repeat_count" | "jr:count" | "count" => Col::RepeatCount,
        "disabled" => Col::Disabled,
        "interviewer_only" => Col::InterviewerOnly,
        "self_administered" => Col::SelfAdministered,
        "video" | "big-image" => {
            return Header::Refused("forms-xlsform-column-refused-media");
        }
        _ => return Header::Unknown,
    };
    if lang.is_some() && col.translatable().is_none() {
        return Header::Unknown;
    }
    Header::Known(col, lang)
}
