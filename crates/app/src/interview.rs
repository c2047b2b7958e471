//! The interview screens: start, consent, one question at a time in two
//! languages, the summary, and conflicts after sync.
//!
//! The core computes every view model here from the questionnaire
//! ([`forms::navigate`], [`forms::score`]) and the record; the window only
//! renders them. Where the person stands (the current question), the two
//! languages and the free notes live in the record's encrypted `meta` map, so
//! an interview killed mid-way reopens at the same question with every answer.
//!
//! Consent: both shipped questionnaires ask it in a group of their own
//! (`consent_group`: the script as notes, then `consent`). The window asks it
//! first, before anything is stored; a "no" keeps only the status
//! `consent_declined` and no answer. The question flow then leaves that group
//! out (it has been asked).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use forms::Questionnaire;
use forms::nav::{AnswerState, Item, Navigation};
use serde::{Deserialize, Serialize};
use specta::Type;
use vault::{AnswerValue, Provenance, RecordView, Status, UserText};

use crate::cases::{AnswerInput, AnswerView, CaseStore};
use crate::catalog::FormLanguage;
use crate::{App, AppError, LANGUAGES};

/// `meta` keys of an interview record.
const POSITION: &str = "position";
const RESPONDENT: &str = "respondent_lang";
const INTERVIEWER: &str = "interviewer_lang";
const NOTES: &str = "notes";
/// The position once the person reached the summary.
const AT_SUMMARY: &str = "#summary";
/// The consent question of the shipped questionnaires.
const CONSENT: &str = "consent";
/// The question recording the interview language, filled in from the
/// respondent's language once consent is given.
const INTERVIEW_LANG: &str = "interview_lang";
/// `meta` key: the vessel inspection a crew interview was started from.
const VESSEL: &str = "vessel";
/// The fishing inspection's "which part" question and its crew choice.
const PART: &str = "part";
const CREW: &str = "crew";

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
    DontKnow,
    PreferNot,
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
    /// The consent script, paragraph by paragraph.
    pub script: Vec<Bi>,
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
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct QuestionView {
    /// Answer key (`age`, `crew_name[2]`).
    pub key: String,
    /// How to ask it: `choice`, `multi`, `integer`, `decimal`, `date`,
    /// `time`, `text`, `note`, `acknowledge`.
    pub input: String,
    pub label: Bi,
    pub hint: Option<Bi>,
    pub required: bool,
    pub choices: Vec<ChoiceItem>,
    /// Labels for "don't know" and "prefer not to answer" where offered.
    pub dont_know: Option<Bi>,
    pub prefer_not: Option<Bi>,
    /// `missing`, `value`, `dont_know` or `prefer_not`.
    pub state: String,
    /// The stored value (ISO date, ASCII digits, choice names).
    pub value: Option<String>,
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
    /// 1-based place of this question in the visible flow, and its length.
    pub step: u32,
    pub steps: u32,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct EvidenceLine {
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct IndicatorLine {
    pub id: String,
    pub label: String,
    /// "strong", "medium", "weak" in the interviewer's language.
    pub strength: Option<String>,
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
    pub conflict: Option<Vec<ConflictOption>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SummaryView {
    pub id: String,
    pub title: String,
    pub langs: Languages,
    /// `in_progress` or `complete`.
    pub status: String,
    pub indicators: Vec<IndicatorLine>,
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
    "interview-summary-disclaimer",
    "interview-summary-title",
    "interview-zawgyi-convert",
    "interview-zawgyi-found",
];

/// A string shown on a page: one of the app's messages, or one of the
/// questionnaire's (by Fluent id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Shown {
    App(String),
    Form(String),
}

/// A questionnaire's text as review pieces (`{ $name }` for an answer shown
/// in it), for its fingerprint.
fn text_pieces(t: &forms::text::Text) -> Vec<i18n::review::Piece> {
    t.0.iter()
        .map(|s| match s {
            forms::text::Seg::Lit(l) => i18n::review::Piece::Text(l.clone()),
            forms::text::Seg::Var(v) => i18n::review::Piece::Code(format!("{{ ${v} }}")),
        })
        .collect()
}

/// Whether a person reviewed the questionnaire's message `id` in `lang`, as
/// it reads today in English and in `lang`.
fn form_reviewed(
    form: &Questionnaire,
    log: Option<&i18n::review::ReviewLog>,
    lang: &str,
    id: &str,
) -> bool {
    let value = |code: &str| {
        form.catalogs()
            .get(code)
            .and_then(|c| c.get(id))
            .and_then(|e| e.value.as_ref())
            .map(|t| i18n::review::fingerprint(&text_pieces(t)))
    };
    match (log, value(&form.default_language), value(lang)) {
        (Some(log), Some(en), Some(text)) => {
            log.status(&form.id, id, &en, &text) == i18n::review::Status::Reviewed
        }
        _ => false,
    }
}

/// The share of `shown` a person reviewed in `lang` (`None` for English).
fn review_share(
    l: &i18n::Localizer,
    form: &Questionnaire,
    lang: &str,
    shown: &std::collections::BTreeSet<Shown>,
) -> Option<ReviewShare> {
    if lang == i18n::FALLBACK {
        return None;
    }
    let log = l.review_log(lang);
    let reviewed = shown
        .iter()
        .filter(|s| match s {
            Shown::App(id) => l.status(lang, id) == i18n::review::Status::Reviewed,
            Shown::Form(id) => form_reviewed(form, log, lang, id),
        })
        .count();
    let reviewed = u32::try_from(reviewed).unwrap_or(u32::MAX);
    let total = u32::try_from(shown.len()).unwrap_or(u32::MAX);
    Some(ReviewShare {
        text: msg(
            lang,
            "interview-review-share",
            &[
                ("reviewed", reviewed.to_string()),
                ("total", total.to_string()),
            ],
        ),
        reviewed,
        total,
    })
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn today() -> forms::Date {
    let d = Utc::now().date_naive();
    forms::Date::from_ymd(
        chrono::Datelike::year(&d),
        chrono::Datelike::month(&d),
        chrono::Datelike::day(&d),
    )
    .unwrap_or_else(|| {
        forms::Date::from_ymd(2026, 1, 1).unwrap_or_else(|| unreachable!("a valid date"))
    })
}

fn msg(lang: &str, id: &str, args: &[(&str, String)]) -> String {
    let mut a = i18n::FluentArgs::new();
    for (k, v) in args {
        a.set(*k, v.clone());
    }
    i18n::localizer().format(lang, id, Some(&a))
}

fn bi_msg(langs: &Languages, id: &str) -> Bi {
    Bi {
        respondent: msg(&langs.respondent, id, &[]),
        interviewer: msg(&langs.interviewer, id, &[]),
    }
}

fn lang_name(code: &str) -> String {
    i18n::localizer().format(code, "language-name", None)
}

/// Everything one page needs: the record, its questionnaire, its languages.
struct Ctx {
    record: RecordView,
    form: Arc<Questionnaire>,
    langs: Languages,
    answers: forms::Answers,
}

impl Ctx {
    fn load(store: &mut CaseStore, id: &str) -> Result<Ctx, AppError> {
        let lang = store.lang.clone();
        let rid = store.record_id(id, &lang)?;
        let record = store
            .vault
            .record(rid)
            .map_err(|e| AppError::from_vault(&e, &lang))?;
        let form = store.form(&record.form.hash, &lang)?;
        let meta = |k: &str| record.meta.get(k).map(|t| t.0.clone());
        let respondent = meta(RESPONDENT).unwrap_or_else(|| record.language.clone());
        let interviewer = meta(INTERVIEWER).unwrap_or_else(|| lang.clone());
        let langs = Languages {
            respondent,
            interviewer,
            respondent_options: form
                .languages
                .iter()
                .map(|l| FormLanguage {
                    code: l.code.clone(),
                    name: lang_name(&l.code),
                })
                .collect(),
        };
        let answers = forms_answers(&record);
        Ok(Ctx {
            record,
            form,
            langs,
            answers,
        })
    }

    fn meta(&self, key: &str) -> Option<&str> {
        self.record.meta.get(key).map(|t| t.0.as_str())
    }

    fn title(&self) -> String {
        render(self.form.title(&self.langs.interviewer), &self.record)
            .unwrap_or_else(|| self.form.id.clone())
    }

    fn nav(&self, lang: &str) -> Navigation {
        forms::navigate(&self.form, &self.answers, today(), lang)
    }

    /// The group holding the consent question (asked on its own page).
    fn consent_group(&self) -> Option<String> {
        self.form
            .node(CONSENT)
            .map(|n| n.group_path.clone())
            .filter(|g| !g.is_empty())
    }

    /// Answers the app gives itself once consent is given: the interview
    /// language (the respondent's) and, for a crew interview started from a
    /// vessel inspection, the part (`crew`).
    fn pre_answers(&self) -> Vec<(&'static str, String)> {
        let offers = |q: &str, v: &str| {
            self.form
                .node(q)
                .and_then(|n| n.question_type())
                .and_then(|t| t.list())
                .and_then(|list| self.form.choices.get(list))
                .is_some_and(|cs| cs.iter().any(|c| c.name == v))
        };
        let mut out = Vec::new();
        if offers(INTERVIEW_LANG, &self.langs.respondent) {
            out.push((INTERVIEW_LANG, self.langs.respondent.clone()));
        }
        if self.meta(VESSEL).is_some() && offers(PART, CREW) {
            out.push((PART, CREW.to_owned()));
        }
        out.retain(|(q, _)| !self.record.answers.contains_key(*q));
        out
    }

    /// Consent is asked on its own page first when the questionnaire asks it
    /// of this respondent: its consent question is visible once the app's own
    /// answers are in (a vessel's own inspection asks no consent).
    fn has_consent_page(&self) -> bool {
        if self.form.node(CONSENT).is_none() || self.record.answers.contains_key(CONSENT) {
            return false;
        }
        let mut answers = self.answers.clone();
        for (q, v) in self.pre_answers() {
            answers.set(forms::AnswerKey::new(q), forms::Answer::Value(v));
        }
        forms::navigate(&self.form, &answers, today(), &self.langs.interviewer)
            .items
            .iter()
            .any(|i| i.key.name == CONSENT)
    }

    /// The visible items a person steps through (the consent group left out).
    fn flow<'n>(&self, nav: &'n Navigation) -> Vec<&'n Item> {
        let consent = self.consent_group();
        nav.items
            .iter()
            .filter(|i| match &consent {
                Some(g) => i.group != *g && !i.group.starts_with(&format!("{g}/")),
                None => i.key.name != CONSENT,
            })
            .collect()
    }
}

fn render(text: Option<&forms::text::Text>, record: &RecordView) -> Option<String> {
    text.map(|t| {
        t.render(&mut |var| {
            record
                .answers
                .get(var)
                .and_then(|a| a.answer.value.as_value().map(str::to_owned))
                .unwrap_or_default()
        })
    })
}

fn forms_answers(record: &RecordView) -> forms::Answers {
    let mut answers = forms::Answers::new();
    for (q, current) in &record.answers {
        let Ok(key) = q.parse::<forms::AnswerKey>() else {
            continue;
        };
        answers.set(
            key,
            match &current.answer.value {
                AnswerValue::Value(v) => forms::Answer::Value(v.clone()),
                AnswerValue::DontKnow => forms::Answer::DontKnow,
                AnswerValue::PreferNot => forms::Answer::PreferNotToAnswer,
            },
        );
    }
    answers
}

fn input_kind(item: &Item) -> &'static str {
    match item.kind {
        "select_one" => "choice",
        "select_multiple" => "multi",
        "integer" => "integer",
        "decimal" => "decimal",
        "date" => "date",
        "time" => "time",
        "note" => "note",
        "acknowledge" => "acknowledge",
        _ => "text",
    }
}

fn is_answered(item: &Item) -> bool {
    !matches!(item.answer, AnswerState::Missing)
}

fn is_question(item: &Item) -> bool {
    item.kind != "note"
}

/// An answer as a person reads it, in `lang`.
fn answer_text(form: &Questionnaire, key: &str, a: &vault::Answer, lang: &str) -> String {
    match &a.value {
        AnswerValue::DontKnow => msg(lang, "interview-dont-know", &[]),
        AnswerValue::PreferNot => msg(lang, "interview-prefer-not", &[]),
        AnswerValue::Value(v) => value_text(form, key, v, lang),
    }
}

fn value_text(form: &Questionnaire, key: &str, v: &str, lang: &str) -> String {
    let name = key.split('[').next().unwrap_or(key);
    let list = form
        .node(name)
        .and_then(|n| n.question_type())
        .and_then(|t| t.list().map(str::to_owned));
    match list {
        Some(list) => v
            .split_whitespace()
            .map(|c| {
                form.choice_label(&list, c, lang)
                    .map(|t| t.render(&mut |_| String::new()))
                    .unwrap_or_else(|| c.to_owned())
            })
            .collect::<Vec<_>>()
            .join(", "),
        None => v.to_owned(),
    }
}

fn question_label(form: &Questionnaire, key: &str, record: &RecordView, lang: &str) -> String {
    let name = key.split('[').next().unwrap_or(key);
    render(form.label(name, lang), record).unwrap_or_else(|| key.to_owned())
}

fn conflict_options(
    form: &Questionnaire,
    record: &RecordView,
    key: &str,
    lang: &str,
) -> Option<Vec<ConflictOption>> {
    let current = record.answers.get(key)?;
    if !current.is_conflict() {
        return None;
    }
    Some(
        std::iter::once(&current.answer)
            .chain(current.conflicting.iter())
            .map(|a| ConflictOption {
                text: answer_text(form, key, a, lang),
                lang: lang_name(&a.provenance.language),
                device: a.provenance.device_id.clone(),
                at: time(a.provenance.at),
            })
            .collect(),
    )
}

/// Which page the record is at now; `blocked` says the person just tried to
/// go on past a required question left empty.
fn page(ctx: &Ctx, id: &str, blocked: bool) -> InterviewPage {
    if ctx.record.status == Status::ConsentDeclined {
        return InterviewPage::Declined(declined_view(ctx, id));
    }
    if ctx.has_consent_page() {
        return InterviewPage::Consent(consent_view(ctx, id));
    }
    if ctx.record.status == Status::Complete || ctx.meta(POSITION) == Some(AT_SUMMARY) {
        return InterviewPage::Summary(Box::new(summary_view(ctx, id)));
    }
    let nav_i = ctx.nav(&ctx.langs.interviewer);
    let flow = ctx.flow(&nav_i);
    match current_index(ctx, &flow) {
        Some(i) => InterviewPage::Question(Box::new(question_screen(
            ctx, id, &nav_i, &flow, i, blocked,
        ))),
        None => InterviewPage::Summary(Box::new(summary_view(ctx, id))),
    }
}

/// The current question: the stored position if still visible, else the
/// first unanswered question (`None`: everything answered, or nothing to ask).
fn current_index(ctx: &Ctx, flow: &[&Item]) -> Option<usize> {
    if let Some(pos) = ctx.meta(POSITION)
        && let Some(i) = flow.iter().position(|it| it.key.to_string() == pos)
    {
        return Some(i);
    }
    let first_open = flow
        .iter()
        .position(|it| is_question(it) && !is_answered(it));
    match (ctx.meta(POSITION), first_open) {
        (_, Some(i)) => Some(i),
        (None, None) if !flow.is_empty() => Some(0),
        _ => None,
    }
}

fn consent_view(ctx: &Ctx, id: &str) -> ConsentView {
    let l = &ctx.langs;
    let both = |name: &str| Bi {
        respondent: question_label(&ctx.form, name, &ctx.record, &l.respondent),
        interviewer: question_label(&ctx.form, name, &ctx.record, &l.interviewer),
    };
    let script = ctx
        .consent_group()
        .map(|g| {
            ctx.form
                .questions()
                .filter(|n| {
                    n.group_path == g
                        && n.name != CONSENT
                        && n.relevant.is_none()
                        && matches!(n.question_type(), Some(forms::model::QuestionType::Note))
                })
                .map(|n| both(&n.name))
                .collect()
        })
        .unwrap_or_default();
    let list = ctx
        .form
        .node(CONSENT)
        .and_then(|n| n.question_type())
        .and_then(|t| t.list().map(str::to_owned))
        .unwrap_or_default();
    let choice = |v: &str| Bi {
        respondent: value_text(&ctx.form, CONSENT, v, &l.respondent),
        interviewer: value_text(&ctx.form, CONSENT, v, &l.interviewer),
    };
    let _ = list;
    ConsentView {
        id: id.to_owned(),
        title: ctx.title(),
        langs: l.clone(),
        script,
        question: both(CONSENT),
        yes: choice("yes"),
        no: choice("no"),
    }
}

fn declined_view(ctx: &Ctx, id: &str) -> DeclinedView {
    let l = &ctx.langs;
    let note = "consent_declined_note";
    let advice = if ctx.form.node(note).is_some() {
        Bi {
            respondent: question_label(&ctx.form, note, &ctx.record, &l.respondent),
            interviewer: question_label(&ctx.form, note, &ctx.record, &l.interviewer),
        }
    } else {
        bi_msg(l, "interview-consent-declined")
    };
    DeclinedView {
        id: id.to_owned(),
        title: ctx.title(),
        langs: l.clone(),
        advice,
    }
}

fn question_screen(
    ctx: &Ctx,
    id: &str,
    nav_i: &Navigation,
    flow: &[&Item],
    i: usize,
    blocked: bool,
) -> QuestionScreen {
    let l = &ctx.langs;
    let item = flow[i];
    let key = item.key.to_string();
    let nav_r = ctx.nav(&l.respondent);
    let item_r = nav_r.items.iter().find(|it| it.key == item.key);
    let label = Bi {
        respondent: item_r.map_or_else(|| item.label.clone(), |r| r.label.clone()),
        interviewer: item.label.clone(),
    };
    let hint = item.hint.as_ref().map(|h| Bi {
        respondent: item_r
            .and_then(|r| r.hint.clone())
            .unwrap_or_else(|| h.clone()),
        interviewer: h.clone(),
    });
    let (value, state) = match &item.answer {
        AnswerState::Missing => (None, "missing"),
        AnswerState::Value(v) => (Some(v.clone()), "value"),
        AnswerState::DontKnow => (None, "dont_know"),
        AnswerState::PreferNotToAnswer => (None, "prefer_not"),
    };
    let selected: Vec<&str> = value
        .as_deref()
        .map(|v| v.split_whitespace().collect())
        .unwrap_or_default();
    let choices = item
        .choices
        .iter()
        .map(|c| ChoiceItem {
            value: c.value.clone(),
            label: Bi {
                respondent: item_r
                    .and_then(|r| r.choices.iter().find(|rc| rc.value == c.value))
                    .map_or_else(|| c.label.clone(), |rc| rc.label.clone()),
                interviewer: c.label.clone(),
            },
            selected: selected.contains(&c.value.as_str()),
        })
        .collect();
    let mut messages = Vec::new();
    for f in nav_i
        .constraint_failures
        .iter()
        .filter(|f| f.key == item.key)
    {
        let fr = nav_r.constraint_failures.iter().find(|f| f.key == item.key);
        let text = |m: &Option<String>, fallback: &forms::Message, lang: &str| {
            m.clone().unwrap_or_else(|| {
                msg(
                    lang,
                    "interview-not-accepted",
                    &[("detail", msg(lang, fallback.id, &fallback.args_owned()))],
                )
            })
        };
        messages.push(Bi {
            respondent: fr.map_or_else(
                || text(&f.message, &f.fallback, &l.respondent),
                |fr| text(&fr.message, &fr.fallback, &l.respondent),
            ),
            interviewer: text(&f.message, &f.fallback, &l.interviewer),
        });
    }
    if blocked && nav_i.missing_required.contains(&item.key) {
        let text = |nav: &Navigation, lang: &str| {
            nav.required_messages
                .get(&item.key)
                .cloned()
                .unwrap_or_else(|| msg(lang, "interview-required", &[]))
        };
        messages.push(Bi {
            respondent: text(&nav_r, &l.respondent),
            interviewer: text(nav_i, &l.interviewer),
        });
    }
    let offered = |yes: bool, id: &str| yes.then(|| bi_msg(l, id));
    let section_name = top_group(&item.group);
    let section = section_name.map(|g| Bi {
        respondent: question_label(&ctx.form, g, &ctx.record, &l.respondent),
        interviewer: question_label(&ctx.form, g, &ctx.record, &l.interviewer),
    });
    let mut sections: Vec<SectionLink> = Vec::new();
    for it in flow {
        if let Some(g) = top_group(&it.group)
            && !sections.iter().any(|s| s.name == g)
        {
            sections.push(SectionLink {
                name: g.to_owned(),
                label: question_label(&ctx.form, g, &ctx.record, &l.interviewer),
                current: Some(g) == section_name,
            });
        }
    }
    let total = flow.iter().filter(|it| is_question(it)).count() as u32;
    let answered = flow
        .iter()
        .filter(|it| is_question(it) && is_answered(it))
        .count() as u32;
    let step = i as u32 + 1;
    let steps = flow.len() as u32;
    let progress = msg(
        &l.interviewer,
        "interview-progress",
        &[
            ("step", step.to_string()),
            ("steps", steps.to_string()),
            ("answered", answered.to_string()),
            ("total", total.to_string()),
        ],
    );
    let zawgyi = value
        .as_deref()
        .filter(|_| input_kind(item) == "text")
        .and_then(zawgyi_reading);
    QuestionScreen {
        zawgyi,
        id: id.to_owned(),
        title: ctx.title(),
        langs: l.clone(),
        section,
        sections,
        question: QuestionView {
            input: input_kind(item).to_owned(),
            label,
            hint,
            required: item.required,
            choices,
            dont_know: offered(item.allows_dont_know, "interview-dont-know"),
            prefer_not: offered(item.allows_prefer_not_to_answer, "interview-prefer-not"),
            state: state.to_owned(),
            value,
            shown_in: ctx
                .record
                .answers
                .get(&key)
                .map(|a| a.answer.provenance.language.clone()),
            conflict: conflict_options(&ctx.form, &ctx.record, &key, &l.interviewer),
            key,
        },
        step,
        steps,
        answered,
        total,
        progress,
        can_back: i > 0,
        messages,
    }
}

/// The Unicode reading of `text` when it looks like Zawgyi (certainly or
/// possibly) and converting changes it.
fn zawgyi_reading(text: &str) -> Option<String> {
    use i18n::zawgyi::{Verdict, detect, to_unicode};
    matches!(detect(text), Verdict::Zawgyi | Verdict::Ask)
        .then(|| to_unicode(text))
        .filter(|u| u != text)
}

fn top_group(group: &str) -> Option<&str> {
    group.split('/').next().filter(|g| !g.is_empty())
}

trait MessageArgs {
    fn args_owned(&self) -> Vec<(&str, String)>;
}

impl MessageArgs for forms::Message {
    fn args_owned(&self) -> Vec<(&str, String)> {
        self.args.iter().map(|(k, v)| (*k, v.clone())).collect()
    }
}

fn summary_view(ctx: &Ctx, id: &str) -> SummaryView {
    let l = &ctx.langs;
    let lang = l.interviewer.as_str();
    let stored: BTreeMap<String, AnswerView> = ctx
        .record
        .answers
        .iter()
        .map(|(q, a)| {
            (
                q.clone(),
                AnswerView {
                    value: a.answer.value.as_value().map(str::to_owned),
                    state: a.answer.value.state_code().to_owned(),
                    lang: a.answer.provenance.language.clone(),
                    at: time(a.answer.provenance.at),
                    device: a.answer.provenance.device_id.clone(),
                    interpreter: a.answer.provenance.interpreter,
                    conflict: None,
                },
            )
        })
        .collect();
    let scoring = crate::cases::score(&ctx.form, &stored, lang);
    let line = |key: &str| {
        let answer = ctx
            .record
            .answers
            .get(key)
            .map(|a| answer_text(&ctx.form, key, &a.answer, lang))
            .unwrap_or_else(|| msg(lang, "interview-no-answer", &[]));
        EvidenceLine {
            question: question_label(&ctx.form, key, &ctx.record, lang),
            answer,
        }
    };
    let referral_list = ctx
        .form
        .settings
        .extra
        .get("referral_list")
        .cloned()
        .unwrap_or_else(|| "referral".to_owned());
    let flags = scoring
        .as_ref()
        .map(|s| s.flags.iter().map(|f| f.label.clone()).collect())
        .unwrap_or_default();
    let (indicators, determination, child) = match &scoring {
        Some(s) => (
            s.indicators
                .iter()
                .map(|i| IndicatorLine {
                    id: i.id.clone(),
                    label: i.label.clone(),
                    strength: i
                        .strength
                        .as_ref()
                        .map(|st| msg(lang, &format!("interview-strength-{st}"), &[])),
                    evidence: i.evidence.iter().map(|e| line(&e.question)).collect(),
                })
                .collect(),
            s.determination.as_ref().map(|d| DeterminationLine {
                id: d.id.clone(),
                label: d.label.clone(),
                referrals: d
                    .referrals
                    .iter()
                    .map(|code| Referral {
                        code: code.clone(),
                        label: ctx
                            .form
                            .choice_label(&referral_list, code, lang)
                            .map(|t| t.render(&mut |_| String::new()))
                            .unwrap_or_else(|| code.clone()),
                    })
                    .collect(),
            }),
            s.child.clone(),
        ),
        None => (Vec::new(), None, "not_asked".to_owned()),
    };
    let nav = ctx.nav(lang);
    let flow = ctx.flow(&nav);
    // Every answer, the consent included.
    let answers = nav
        .items
        .iter()
        .filter(|it| is_question(it))
        .filter_map(|it| {
            let key = it.key.to_string();
            let a = ctx.record.answers.get(&key)?;
            Some(AnswerLine {
                question: it.label.clone(),
                answer: answer_text(&ctx.form, &key, &a.answer, lang),
                lang: a.answer.provenance.language.clone(),
                lang_name: lang_name(&a.answer.provenance.language),
                conflict: conflict_options(&ctx.form, &ctx.record, &key, lang),
                key,
            })
        })
        .collect();
    let missing: Vec<String> = nav
        .missing_required
        .iter()
        .filter_map(|k| flow.iter().find(|it| it.key == *k))
        .map(|it| it.label.clone())
        .collect();
    let conflicts = !ctx.record.conflicts().is_empty();
    // Every string on the page, for how much of it a person reviewed.
    let mut shown: std::collections::BTreeSet<Shown> = SUMMARY_UI_TEXT
        .iter()
        .map(|id| Shown::App((*id).to_owned()))
        .collect();
    shown.insert(Shown::Form("form--title".to_owned()));
    shown.insert(Shown::App(format!("interview-child-{child}")));
    let form_id =
        |kind: &str, name: &str| Shown::Form(format!("{kind}--{}", forms::text::fluent_id(name)));
    for i in &indicators {
        shown.insert(form_id("indicator", &i.id));
        if let Some(st) = scoring.as_ref().and_then(|s| {
            s.indicators
                .iter()
                .find(|x| x.id == i.id)
                .and_then(|x| x.strength.clone())
        }) {
            shown.insert(Shown::App(format!("interview-strength-{st}")));
        }
    }
    if let Some(d) = &determination {
        shown.insert(form_id("outcome", &d.id));
        for r in &d.referrals {
            shown.insert(Shown::Form(forms::text::choice_id(&referral_list, &r.code)));
        }
    }
    for f in scoring.iter().flat_map(|s| &s.flags) {
        shown.insert(form_id("flag", &f.id));
    }
    let answered = ctx.record.answers.iter().map(|(k, a)| (k, &a.answer));
    for (key, a) in answered {
        let name = key.split('[').next().unwrap_or(key);
        shown.insert(Shown::Form(forms::text::fluent_id(name)));
        match &a.value {
            AnswerValue::DontKnow => {
                shown.insert(Shown::App("interview-dont-know".to_owned()));
            }
            AnswerValue::PreferNot => {
                shown.insert(Shown::App("interview-prefer-not".to_owned()));
            }
            AnswerValue::Value(v) => {
                let list = ctx
                    .form
                    .node(name)
                    .and_then(|n| n.question_type())
                    .and_then(|t| t.list().map(str::to_owned));
                if let Some(list) = list {
                    for c in v.split_whitespace() {
                        shown.insert(Shown::Form(forms::text::choice_id(&list, c)));
                    }
                }
            }
        }
    }
    for k in &nav.missing_required {
        let key = k.to_string();
        let name = key.split('[').next().unwrap_or(&key);
        shown.insert(Shown::Form(forms::text::fluent_id(name)));
    }
    let review = review_share(i18n::localizer(), &ctx.form, lang, &shown);
    SummaryView {
        review,
        id: id.to_owned(),
        title: ctx.title(),
        langs: l.clone(),
        status: ctx.record.status.code().to_owned(),
        indicators,
        determination,
        flags,
        child_text: msg(lang, &format!("interview-child-{child}"), &[]),
        child,
        answers,
        notes: ctx.meta(NOTES).unwrap_or_default().to_owned(),
        notes_zawgyi: ctx.meta(NOTES).and_then(zawgyi_reading),
        can_complete: missing.is_empty()
            && nav.constraint_failures.is_empty()
            && !conflicts
            && ctx.record.status == Status::InProgress,
        missing,
    }
}

impl App {
    fn with_cases<T>(
        &self,
        f: impl FnOnce(&mut CaseStore) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let lang = self.language();
        let mut guard = self.store();
        let store = guard
            .as_mut()
            .ok_or_else(|| AppError::from_vault(&vault::VaultError::Locked, &lang))?;
        let result = f(store);
        if result
            .as_ref()
            .is_err_and(|e| e.code == crate::ErrorCode::Locked)
        {
            *guard = None;
        }
        result
    }

    /// The shipped questionnaires and the team's published forms (their
    /// newest version), titled in the UI language.
    pub fn interview_catalog(&self) -> Vec<crate::catalog::QuestionnaireInfo> {
        let lang = self.language();
        let mut list = crate::catalog::list(&lang);
        // The team's published forms (issue 25), when the store is open.
        if let Ok(team) = self.with_store(|s| Ok(s.team_catalog(&lang))) {
            list.extend(team);
        }
        list
    }

    /// Starts a screening interview: creates the record (joined to a vessel
    /// inspection's crew when `vessel` is given) and returns its first page,
    /// the consent script in the respondent's language.
    pub fn start_interview(&self, start: StartInterview) -> Result<InterviewPage, AppError> {
        let lang = self.language();
        if !LANGUAGES.contains(&start.interviewer_lang.as_str()) {
            return Err(AppError::unknown_language(&start.interviewer_lang, &lang));
        }
        self.with_cases(|store| {
            let vessel = start
                .vessel
                .as_deref()
                .map(|v| store.record_id(v, &lang))
                .transpose()?;
            let at = now();
            let id =
                store.new_listed_interview(&start.questionnaire, &start.respondent_lang, at)?;
            let rid = store.record_id(&id, &lang)?;
            let ctx = Ctx::load(store, &id)?;
            if !ctx
                .langs
                .respondent_options
                .iter()
                .any(|l| l.code == start.respondent_lang)
            {
                return Err(AppError::unknown_language(&start.respondent_lang, &lang));
            }
            let vault_err = |e: vault::VaultError| AppError::from_vault(&e, &lang);
            store
                .vault
                .set_meta(rid, RESPONDENT, &UserText(start.respondent_lang), at)
                .map_err(vault_err)?;
            store
                .vault
                .set_meta(rid, INTERVIEWER, &UserText(start.interviewer_lang), at)
                .map_err(vault_err)?;
            if let Some(vessel) = vessel {
                store
                    .vault
                    .add_crew_interview(vessel, rid, at)
                    .map_err(vault_err)?;
                store
                    .vault
                    .set_meta(rid, VESSEL, &UserText(vessel.to_string()), at)
                    .map_err(vault_err)?;
            }
            let ctx = Ctx::load(store, &id)?;
            Ok(page(&ctx, &id, false))
        })
    }

    /// The page an interview is at now (reopening resumes here).
    pub fn interview_page(&self, id: &str) -> Result<InterviewPage, AppError> {
        self.with_cases(|store| {
            let ctx = Ctx::load(store, id)?;
            Ok(page(&ctx, id, false))
        })
    }

    /// The respondent's answer to the consent script. "No" stops the
    /// interview and keeps only that status (no answer is written).
    pub fn give_consent(&self, id: &str, given: bool) -> Result<InterviewPage, AppError> {
        self.with_cases(|store| {
            let lang = store.lang.clone();
            let rid = store.record_id(id, &lang)?;
            let ctx = Ctx::load(store, id)?;
            let at = now();
            if given {
                store.answer(
                    id,
                    CONSENT,
                    AnswerInput::Value("yes".into()),
                    &ctx.langs.respondent,
                    false,
                    at,
                )?;
                for (q, v) in ctx.pre_answers() {
                    store.answer(
                        id,
                        q,
                        AnswerInput::Value(v),
                        &ctx.langs.interviewer,
                        false,
                        at,
                    )?;
                }
            } else {
                if ctx.record.answers.contains_key(CONSENT) {
                    // Consent was given before: answers exist and stay.
                    return Ok(page(&ctx, id, false));
                }
                // Asked first, nothing is stored yet. (A fishing inspection
                // started without a vessel asks consent once "crew" is
                // chosen: the interviewer's setup answers stay, no answer
                // of the respondent's.)
                store
                    .vault
                    .set_status(rid, Status::ConsentDeclined, at)
                    .map_err(|e| AppError::from_vault(&e, &lang))?;
            }
            let ctx = Ctx::load(store, id)?;
            Ok(page(&ctx, id, false))
        })
    }

    /// Records the answer to `key` (durable on return, with the language the
    /// question was shown in) and, when `advance`, moves to the next question
    /// unless the answer breaks a rule of the questionnaire.
    pub fn answer_question(
        &self,
        id: &str,
        key: &str,
        given: GivenAnswer,
        advance: bool,
    ) -> Result<InterviewPage, AppError> {
        self.with_cases(|store| {
            let ctx = Ctx::load(store, id)?;
            let input = match given {
                GivenAnswer::Value(v) => AnswerInput::Value(v),
                GivenAnswer::DontKnow => AnswerInput::DontKnow,
                GivenAnswer::PreferNot => AnswerInput::PreferNot,
            };
            store.answer(id, key, input, &ctx.langs.respondent, false, now())?;
            let ctx = Ctx::load(store, id)?;
            let nav = ctx.nav(&ctx.langs.interviewer);
            // A failed rule, or Burmese that looks like Zawgyi (offered for
            // conversion), keeps the person on the question.
            let failed = nav
                .constraint_failures
                .iter()
                .any(|f| f.key.to_string() == key)
                || ctx
                    .record
                    .answers
                    .get(key)
                    .and_then(|a| a.answer.value.as_value())
                    .and_then(zawgyi_reading)
                    .is_some();
            let flow = ctx.flow(&nav);
            let here = flow.iter().position(|it| it.key.to_string() == key);
            let target = match (advance && !failed, here) {
                (true, Some(i)) => Some(next_position(&flow, i)),
                (_, Some(_)) => Some(key.to_owned()),
                (_, None) => None,
            };
            self.settle(store, ctx, id, target, false)
        })
    }

    /// Moves within the interview (back, next, a section, a question, the
    /// summary) and remembers where the person is.
    pub fn move_in_interview(&self, id: &str, to: Move) -> Result<InterviewPage, AppError> {
        self.with_cases(|store| {
            let ctx = Ctx::load(store, id)?;
            let nav = ctx.nav(&ctx.langs.interviewer);
            let flow = ctx.flow(&nav);
            let at_summary = ctx.meta(POSITION) == Some(AT_SUMMARY);
            let here = if at_summary {
                None
            } else {
                current_index(&ctx, &flow)
            };
            let mut blocked = false;
            let target = match to {
                Move::Summary => Some(AT_SUMMARY.to_owned()),
                Move::Back => match here {
                    Some(i) => Some(flow[i.saturating_sub(1)].key.to_string()),
                    None => flow.last().map(|it| it.key.to_string()),
                },
                Move::Next => match here {
                    Some(i) => {
                        let it = flow[i];
                        let stuck = nav.missing_required.contains(&it.key)
                            || nav.constraint_failures.iter().any(|f| f.key == it.key);
                        if stuck {
                            blocked = true;
                            Some(it.key.to_string())
                        } else {
                            Some(next_position(&flow, i))
                        }
                    }
                    None => Some(AT_SUMMARY.to_owned()),
                },
                Move::Section(name) => flow
                    .iter()
                    .find(|it| top_group(&it.group) == Some(name.as_str()))
                    .map(|it| it.key.to_string()),
                Move::Question(key) => flow
                    .iter()
                    .find(|it| it.key.to_string() == key)
                    .map(|it| it.key.to_string()),
            };
            self.settle(store, ctx, id, target, blocked)
        })
    }

    /// Stores the new position (when it changed) and returns the page there.
    fn settle(
        &self,
        store: &mut CaseStore,
        ctx: Ctx,
        id: &str,
        target: Option<String>,
        blocked: bool,
    ) -> Result<InterviewPage, AppError> {
        let Some(target) = target else {
            return Ok(page(&ctx, id, blocked));
        };
        if ctx.meta(POSITION) == Some(target.as_str()) {
            return Ok(page(&ctx, id, blocked));
        }
        let lang = store.lang.clone();
        let rid = store.record_id(id, &lang)?;
        store
            .vault
            .set_meta(rid, POSITION, &UserText(target), now())
            .map_err(|e| AppError::from_vault(&e, &lang))?;
        let ctx = Ctx::load(store, id)?;
        Ok(page(&ctx, id, blocked))
    }

    /// Switches the respondent's and the interviewer's language of an
    /// interview; nothing is lost or asked again.
    pub fn set_interview_languages(
        &self,
        id: &str,
        respondent: String,
        interviewer: String,
    ) -> Result<InterviewPage, AppError> {
        self.with_cases(|store| {
            let lang = store.lang.clone();
            let ctx = Ctx::load(store, id)?;
            if !ctx
                .langs
                .respondent_options
                .iter()
                .any(|l| l.code == respondent)
            {
                return Err(AppError::unknown_language(&respondent, &lang));
            }
            if !LANGUAGES.contains(&interviewer.as_str()) {
                return Err(AppError::unknown_language(&interviewer, &lang));
            }
            let rid = store.record_id(id, &lang)?;
            let at = now();
            for (k, v) in [(RESPONDENT, respondent), (INTERVIEWER, interviewer)] {
                if ctx.meta(k) != Some(v.as_str()) {
                    store
                        .vault
                        .set_meta(rid, k, &UserText(v), at)
                        .map_err(|e| AppError::from_vault(&e, &lang))?;
                }
            }
            let ctx = Ctx::load(store, id)?;
            Ok(page(&ctx, id, false))
        })
    }

    /// Keeps the interviewer's free notes (encrypted in the record).
    pub fn save_interview_notes(&self, id: &str, notes: String) -> Result<(), AppError> {
        self.with_cases(|store| {
            let lang = store.lang.clone();
            let rid = store.record_id(id, &lang)?;
            store
                .vault
                .set_meta(rid, NOTES, &UserText(notes), now())
                .map_err(|e| AppError::from_vault(&e, &lang))
        })
    }

    /// Marks the interview complete (from the summary).
    pub fn complete_interview(&self, id: &str) -> Result<InterviewPage, AppError> {
        self.with_cases(|store| {
            store.complete(id, now())?;
            let ctx = Ctx::load(store, id)?;
            Ok(page(&ctx, id, false))
        })
    }

    /// Resolves a conflict on `key` by choosing one of its concurrent values
    /// (`choice` indexes [`QuestionView::conflict`]).
    pub fn resolve_answer_conflict(
        &self,
        id: &str,
        key: &str,
        choice: u32,
    ) -> Result<InterviewPage, AppError> {
        self.with_cases(|store| {
            let lang = store.lang.clone();
            let rid = store.record_id(id, &lang)?;
            let ctx = Ctx::load(store, id)?;
            let current = ctx
                .record
                .answers
                .get(key)
                .ok_or_else(|| AppError::unknown_question(key, &lang))?;
            let chosen = std::iter::once(&current.answer)
                .chain(current.conflicting.iter())
                .nth(choice as usize)
                .ok_or_else(|| AppError::unknown_question(key, &lang))?;
            let provenance = Provenance {
                language: chosen.provenance.language.clone(),
                at: now(),
                device_id: store.device_id.clone(),
                interpreter: chosen.provenance.interpreter,
            };
            store
                .vault
                .resolve_conflict(rid, key, chosen.value.clone(), provenance)
                .map_err(|e| AppError::from_vault(&e, &lang))?;
            let ctx = Ctx::load(store, id)?;
            Ok(page(&ctx, id, false))
        })
    }
}

/// The position after item `i`: the next item, or the summary after the last.
fn next_position(flow: &[&Item], i: usize) -> String {
    flow.get(i + 1)
        .map_or_else(|| AT_SUMMARY.to_owned(), |it| it.key.to_string())
}

#[cfg(test)]
mod tests;
