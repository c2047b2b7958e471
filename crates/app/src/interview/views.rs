//! The view models the window renders (and what it sends back).

use super::*;

/// What the "new interview" screen sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct StartInterview {
    /// Catalog key of a shipped questionnaire (`victim-screening`, ...).
    pub questionnaire: String,
    pub interviewer_lang: String,
    pub respondent_lang: String,
    /// A vessel inspection id: the new interview joins its crew.
    pub vessel: Option<String>,
}

/// An answer given on the question screen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum GivenAnswer {
    Value(String),
    /// A tap on one choice of a select-multiple question: adds it to the
    /// stored choices or takes it away (the last choice stays: an empty
    /// answer is not an answer).
    Toggle(String),
    DontKnow,
    PreferNot,
}

/// The choices of a select-multiple answer after a tap on `choice`: the
/// stored ones in their order, `choice` added at the end or removed. `None`
/// when the tap would leave nothing chosen (the answer stays as it is).
pub fn toggled(stored: Option<&str>, choice: &str) -> Option<String> {
    let mut chosen: Vec<&str> = stored.unwrap_or_default().split_whitespace().collect();
    match chosen.iter().position(|c| *c == choice) {
        Some(i) => {
            chosen.remove(i);
        }
        None => chosen.push(choice),
    }
    (!chosen.is_empty()).then(|| chosen.join(" "))
}

/// Where to go from the current question.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(tag = "to", content = "name", rename_all = "snake_case")]
pub enum Move {
    Back,
    Next,
    /// The first question of a section (top-level group name).
    Section(String),
    /// A question by answer key.
    Question(String),
    Summary,
}

/// A text in the respondent's language and in the interviewer's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Bi {
    pub respondent: String,
    pub interviewer: String,
}

/// The two languages of an interview and the choices for each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Languages {
    pub respondent: String,
    pub interviewer: String,
    /// Languages the questionnaire can be asked in, named in themselves.
    pub respondent_options: Vec<FormLanguage>,
}

/// One page of an interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "page", rename_all = "snake_case")]
pub enum InterviewPage {
    Consent(ConsentView),
    Question(Box<QuestionScreen>),
    Summary(Box<SummaryView>),
    Declined(DeclinedView),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ConsentView {
    pub id: String,
    pub title: String,
    pub langs: Languages,
    /// The consent script, paragraph by paragraph: what is read aloud.
    pub script: Vec<Bi>,
    /// How to read it (the script's `hint`), for the interviewer only, in
    /// their language: shown small, apart from the text read aloud.
    pub directions: Vec<String>,
    pub question: Bi,
    pub yes: Bi,
    pub no: Bi,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DeclinedView {
    pub id: String,
    pub title: String,
    pub langs: Languages,
    /// What to do now (the questionnaire's note for a declined consent).
    pub advice: Bi,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ChoiceItem {
    pub value: String,
    pub label: Bi,
    pub selected: bool,
}

/// One concurrent value of a conflicting answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ConflictOption {
    /// The answer as a person reads it (interviewer's language).
    pub text: String,
    /// Language it was asked in, named in the interviewer's language list.
    pub lang: String,
    pub device: String,
    /// When it was answered, RFC 3339 (for machines).
    pub at: String,
    /// When it was answered, as the interviewer reads it: date, local time
    /// and zone, in their language's era and digits.
    pub shown_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct QuestionView {
    /// Answer key (`age`, `crew_name[2]`).
    pub key: String,
    /// How to ask it: `choice`, `multi`, `integer`, `decimal`, `date`,
    /// `time`, `text`, `note`, `acknowledge`.
    pub input: String,
    pub label: Bi,
    /// The questionnaire's `hint`, for the interviewer, in their language.
    pub hint: Option<String>,
    /// The questionnaire's `guidance_hint`, for the interviewer, in their
    /// language (shown folded, as ODK Collect does).
    pub guidance: Option<String>,
    /// The interviewer's own question (set-up: case code, date, place):
    /// every text is in the interviewer's language, both sides the same.
    pub interviewer_only: bool,
    pub required: bool,
    pub choices: Vec<ChoiceItem>,
    /// Labels for "don't know" and "prefer not to answer" where offered.
    pub dont_know: Option<Bi>,
    pub prefer_not: Option<Bi>,
    /// `missing`, `value`, `dont_know` or `prefer_not`.
    pub state: String,
    /// The stored value (ISO date, ASCII digits, choice names).
    pub value: Option<String>,
    /// The stored value as the interviewer types it into the answer field
    /// (a date as `DD/MM/YYYY` in their era and digits, a number in their
    /// digits): what the field shows when the question is seen again.
    pub typed: Option<String>,
    /// The language it was asked in, when answered.
    pub shown_in: Option<String>,
    /// Every concurrent value, when devices disagree (after sync).
    pub conflict: Option<Vec<ConflictOption>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SectionLink {
    /// Top-level group name, for [`Move::Section`].
    pub name: String,
    pub label: String,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct QuestionScreen {
    pub id: String,
    pub title: String,
    pub langs: Languages,
    pub section: Option<Bi>,
    pub sections: Vec<SectionLink>,
    pub question: QuestionView,
    /// The section this question is in (1-based) and how many sections the
    /// questionnaire has: a total that never grows as relevance opens
    /// questions (issue 23).
    pub step: u32,
    pub steps: u32,
    /// Questions answered, and questions visible now (this one grows as
    /// relevance opens questions: not shown as a total).
    pub answered: u32,
    pub total: u32,
    /// "Question 3 of 40 · 2 answered" in the interviewer's language.
    pub progress: String,
    pub can_back: bool,
    /// Validation messages for this question, in both languages.
    pub messages: Vec<Bi>,
    /// The answer looks like Burmese typed in Zawgyi: its Unicode reading,
    /// offered for conversion.
    pub zawgyi: Option<String>,
}

/// An answer given as evidence: shown once under its instrument, with the
/// indicators of that instrument it raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct EvidenceLine {
    /// Answer key (`age`, `crew_name[2]`), for going back to the question.
    pub key: String,
    pub question: String,
    pub answer: String,
    /// The labels of the instrument's indicators this answer raised, in
    /// the order the instrument lists them.
    pub indicators: Vec<String>,
}

/// An indicator present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct IndicatorLine {
    pub id: String,
    pub label: String,
    /// "strong", "medium", "weak" in the interviewer's language.
    pub strength: Option<String>,
    /// The dimension it counts towards (ILO/EC D1-D6, ICLS 2018's
    /// involuntariness or coercion), named in the interviewer's language.
    pub dimension: Option<String>,
}

/// What one instrument (ILO indicators of forced labour, ICLS 2018, ILO/EC
/// 2009, Palermo Protocol art. 3, ...) found: its indicators present and
/// the answers that raised them, each answer once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct InstrumentLine {
    /// The questionnaire's instrument name; empty for indicators that name
    /// none (questionnaires before 2026.5).
    pub id: String,
    /// The instrument's name in the interviewer's language.
    pub label: String,
    pub indicators: Vec<IndicatorLine>,
    pub evidence: Vec<EvidenceLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Referral {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DeterminationLine {
    pub id: String,
    /// What it means (the questionnaire's outcome text).
    pub label: String,
    pub referrals: Vec<Referral>,
}

/// One answer as the summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AnswerLine {
    pub key: String,
    pub question: String,
    pub answer: String,
    /// Code and name of the language it was asked in.
    pub lang: String,
    pub lang_name: String,
    /// The respondent answered it on the device (hand-over mode).
    pub self_administered: bool,
    pub conflict: Option<Vec<ConflictOption>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SummaryView {
    pub id: String,
    pub title: String,
    pub langs: Languages,
    /// `in_progress` or `complete`.
    pub status: String,
    /// The indicators present, grouped by the instrument they belong to,
    /// in the questionnaire's order.
    pub instruments: Vec<InstrumentLine>,
    pub determination: Option<DeterminationLine>,
    /// Notes beside the determination (the questionnaire's declared flags,
    /// e.g. how few core questions were answered), in the interviewer's
    /// language: shown with it, never instead of it.
    pub flags: Vec<String>,
    /// `present`, `absent`, `declined`, `not_asked`, and as a sentence.
    pub child: String,
    pub child_text: String,
    pub answers: Vec<AnswerLine>,
    pub notes: String,
    /// The notes look like Burmese typed in Zawgyi: their Unicode reading.
    pub notes_zawgyi: Option<String>,
    /// Required questions still without an answer (labels).
    pub missing: Vec<String>,
    pub can_complete: bool,
    /// How much of this page's text, in the interviewer's language, a person
    /// has reviewed (none for English, the source).
    pub review: Option<ReviewShare>,
}

/// How much of a page's translated text a person has reviewed: each
/// distinct string counts once, a questionnaire's label as much as the
/// app's own; the rest are machine drafts (`i18n::review`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReviewShare {
    pub reviewed: u32,
    pub total: u32,
    /// The same as a sentence, in the interviewer's language.
    pub text: String,
}

/// Every UI string `ui/src/lib/interview/SummaryPage.svelte` shows (a test
/// reads the component to keep this list in step).
pub const SUMMARY_UI_TEXT: &[&str] = &[
    "exportui-case-pdf",
    "exportui-case-pdf-saved",
    "interview-answers",
    "interview-back-to-questions",
    "interview-child",
    "interview-col-answer",
    "interview-col-lang",
    "interview-col-question",
    "interview-complete",
    "interview-completed",
    "interview-conflict-title",
    "interview-determination",
    "interview-evidence",
    "interview-how-decided",
    "interview-how-decided-note",
    "interview-indicators",
    "interview-missing",
    "interview-no-indicators",
    "interview-notes",
    "interview-notes-save",
    "interview-notes-saved",
    "interview-referrals",
    "interview-result-notes",
    "interview-self-administered",
    "interview-summary-disclaimer",
    "interview-summary-title",
    "interview-zawgyi-convert",
    "interview-zawgyi-found",
];
