//! What navigation and scoring return.

use super::*;

/// The state of an answer as navigation and scoring see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "value")]
pub enum AnswerState {
    Missing,
    Value(String),
    DontKnow,
    PreferNotToAnswer,
}

impl AnswerState {
    pub(super) fn from(a: Option<&Answer>) -> Self {
        match a {
            None => AnswerState::Missing,
            Some(Answer::Value(v)) if v.is_empty() => AnswerState::Missing,
            Some(Answer::Value(v)) => AnswerState::Value(v.clone()),
            Some(Answer::DontKnow) => AnswerState::DontKnow,
            Some(Answer::PreferNotToAnswer) => AnswerState::PreferNotToAnswer,
        }
    }
    pub(super) fn declined(&self) -> bool {
        matches!(self, AnswerState::DontKnow | AnswerState::PreferNotToAnswer)
    }
}

/// A choice as offered (after `choice_filter`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceView {
    pub value: String,
    pub label: String,
}

/// One visible question or note, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub key: AnswerKey,
    /// XLSForm type name.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Slash-separated enclosing groups and repeats.
    pub group: String,
    pub label: String,
    /// XLSForm `hint`: a short help under the question for the person who
    /// fills the form (in an interview, the interviewer).
    pub hint: Option<String>,
    /// XLSForm `guidance_hint` (Fluent attribute `.guidance`): longer
    /// guidance for the interviewer, which ODK Collect folds away by default.
    pub guidance: Option<String>,
    /// The interviewer's own question: asked in their language only.
    pub interviewer_only: bool,
    pub required: bool,
    pub read_only: bool,
    pub answer: AnswerState,
    pub choices: Vec<ChoiceView>,
    pub allows_dont_know: bool,
    pub allows_prefer_not_to_answer: bool,
}

/// A constraint that an answer fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConstraintFailure {
    pub key: AnswerKey,
    /// The questionnaire's own message in the requested language, if it has one;
    /// otherwise show `fallback`.
    pub message: Option<String>,
    pub fallback: Message,
}

/// An answer that does not fit its question's type or choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidAnswer {
    pub key: AnswerKey,
    pub message: Message,
}

/// A repeat and its instances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepeatInfo {
    pub key: AnswerKey,
    pub count: u32,
    /// Whether `repeat_count` fixes the count (else the person adds instances).
    pub fixed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Visible questions a person answers (notes and calculations excluded).
    pub total: u32,
    /// Of those, answered (a value, "don't know" or "prefer not to answer").
    pub answered: u32,
}

/// Where the interview stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Navigation {
    pub items: Vec<Item>,
    pub repeats: Vec<RepeatInfo>,
    /// Visible required questions without any answer (don't know / prefer not count as answers).
    pub missing_required: Vec<AnswerKey>,
    /// Required-question messages of the questionnaire, by key, when it has them.
    pub required_messages: BTreeMap<AnswerKey, String>,
    pub constraint_failures: Vec<ConstraintFailure>,
    pub invalid: Vec<InvalidAnswer>,
    /// Values of relevant calculations.
    pub calculated: BTreeMap<AnswerKey, String>,
    pub progress: Progress,
}

impl Navigation {
    /// Whether the interview can be completed.
    pub fn is_complete(&self) -> bool {
        self.missing_required.is_empty()
            && self.constraint_failures.is_empty()
            && self.invalid.is_empty()
    }
}

/// Whether an indicator (or the child flag) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    Absent,
    /// Not decided: an answer it needs was "don't know" or "prefer not to answer".
    Declined,
    /// Not decided: an answer it needs has not been given yet.
    NotAsked,
}

/// An answer that contributed to a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub key: AnswerKey,
    pub answer: AnswerState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorResult {
    pub name: String,
    pub dimension: Option<String>,
    /// Strength on the route taken (child strengths on the child route).
    pub strength: Option<Strength>,
    pub status: Status,
    /// For a present indicator the answers that raised it; for an undecided
    /// one the answers that were declined. Inside repeats, a present
    /// indicator lists the instances for which its expression holds on its
    /// own (the crew member concerned), or every instance when it holds only
    /// over all of them together (`count()`, `sum()`).
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DimensionResult {
    pub name: String,
    pub positive: bool,
    pub strong: u32,
    pub medium: u32,
    pub weak: u32,
    /// Present indicators of this dimension.
    pub present: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildFlag {
    pub status: Status,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteTaken {
    Adult,
    Child,
}

/// A declared flag that holds: a note shown beside the determination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlagResult {
    pub name: String,
    /// The values its condition reads (answers and calculations by name;
    /// indicators and dimensions as `true`/`false`), for its label.
    pub values: BTreeMap<String, String>,
}

/// The scoring result. The tool suggests; people decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoringResult {
    pub child: ChildFlag,
    pub route: RouteTaken,
    pub indicators: Vec<IndicatorResult>,
    pub dimensions: Vec<DimensionResult>,
    /// The first outcome that applies and holds, by name.
    pub determination: Option<String>,
    /// Every declared flag that holds, in declaration order, whatever the
    /// determination: a note beside it, never a replacement for it.
    pub flags: Vec<FlagResult>,
}

/// Navigation and scoring computed together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub navigation: Navigation,
    pub scoring: Option<ScoringResult>,
}
