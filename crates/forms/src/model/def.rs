//! The file format: what `questionnaire.toml` holds, as written.

use super::*;

// ---------------------------------------------------------------------------
// The file format (what `questionnaire.toml` holds)

/// `questionnaire.toml`, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub id: String,
    pub version: String,
    /// Language code of the fallback language; `translations/<code>.ftl` must exist.
    pub default_language: String,
    /// Display names of languages, as the XLSForm spelled them (e.g. `th = "Thai (th)"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub language_names: BTreeMap<String, String>,
    #[serde(default)]
    pub settings: Settings,
    pub survey: Vec<Row>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choices: BTreeMap<String, Vec<ChoiceDef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<ScoringDef>,
}

/// Questionnaire-wide settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Offer "don't know" on every question (default true).
    #[serde(default = "yes")]
    pub dont_know: bool,
    /// Offer "prefer not to answer" on every question (default true).
    #[serde(default = "yes")]
    pub prefer_not_to_answer: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    /// Allow the same choice name more than once in a list (XLSForm's
    /// `allow_choice_duplicates`), e.g. a district name that exists in two
    /// provinces, told apart by a `choice_filter`. Default false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_choice_duplicates: bool,
    /// Other settings FieldScreen reads (`referral_list`, `referrals.OUTCOME`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            dont_know: true,
            prefer_not_to_answer: true,
            instance_name: None,
            allow_choice_duplicates: false,
            extra: BTreeMap::new(),
        }
    }
}

fn yes() -> bool {
    true
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One row of the survey, as in XLSForm (labels live in the translations).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// XLSForm type: `integer`, `select_one LIST`, `select_multiple LIST or_other`,
    /// `begin_group`, `end_group`, `begin_repeat`, `end_repeat`, `start`, ...
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<RequiredDef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice_filter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_count: Option<String>,
    /// Override the questionnaire's `dont_know` for this question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dont_know: Option<bool>,
    /// Override the questionnaire's `prefer_not_to_answer` for this question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefer_not_to_answer: Option<bool>,
    /// The interviewer's own question (case code, date, province), never
    /// shown in the respondent's language; on a group, for every question
    /// in it. XLSForm has no such column: ours is `interviewer_only`
    /// (pyxform ignores columns it does not know).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer_only: Option<bool>,
    /// A group the respondent answers alone on the device (hand-over mode:
    /// one question at a time in their language, with audio prompts).
    /// XLSForm has no such column either: ours is `self_administered`, like
    /// `interviewer_only` (pyxform ignores it, so the same workbook still
    /// converts for ODK Collect; a `parameters` value would be refused by
    /// pyxform on a group, and `bind::`/`body::` columns would become
    /// XForm attributes Collect does not know).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_administered: Option<bool>,
}

/// `required = true` or `required = "${x} = 'yes'"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RequiredDef {
    Always(bool),
    When(String),
}

/// A choice in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceDef {
    pub name: String,
    /// Extra columns used by `choice_filter` (e.g. `province = "ranong"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
}

/// Declared scoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringDef {
    /// Expression that is true for a respondent under 18.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child: Option<String>,
    /// Take the child route when the child expression cannot be decided
    /// because an answer it needs was "don't know"/"prefer not" (default true).
    #[serde(default = "yes")]
    pub child_if_unknown: bool,
    #[serde(default)]
    pub dimensions: Vec<DimensionDef>,
    pub indicators: Vec<IndicatorDef>,
    /// Checked in order; the first that applies and holds is the determination.
    #[serde(default)]
    pub outcomes: Vec<OutcomeDef>,
    /// Notes shown beside the determination, never instead of it: every flag
    /// whose `when` holds is reported (e.g. "only 5 of 16 core questions
    /// answered"), whatever the determination is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<FlagDef>,
}

/// A note beside the determination. Its label (`flag--<name>`) may show the
/// values its `when` reads, as `{ $name }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagDef {
    pub name: String,
    /// Over answers, calculations, indicator and dimension names and
    /// `${child}`, like an outcome's `when`.
    pub when: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionDef {
    pub name: String,
    pub rule: DimensionRule,
    /// The instrument its indicators belong to (e.g. the ILO/EC 2009
    /// operational indicators), labelled `instrument--<name>`: the summary
    /// groups evidence by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
}

/// When a dimension is positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DimensionRule {
    /// ILO/EC 2009: `S>=2 || (S>=1 && M+W>=1) || M>=3 || (M>=2 && W>=1)`.
    StrongMediumWeak,
    /// At least one indicator present.
    Any,
    /// Every indicator present.
    All,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    pub name: String,
    pub expression: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// The instrument it belongs to, labelled `instrument--<name>`; without
    /// one, its dimension's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<Strength>,
    /// Strength on the child route, when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_strength: Option<Strength>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Strong,
    Medium,
    Weak,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeDef {
    pub name: String,
    /// Over indicator names, dimension names and `${child}`, as booleans.
    pub when: String,
    #[serde(default)]
    pub route: Route,
}

/// Which respondents an outcome applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    #[default]
    Any,
    Adult,
    Child,
}
