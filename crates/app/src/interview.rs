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
pub(crate) const RESPONDENT: &str = "respondent_lang";
pub(crate) const INTERVIEWER: &str = "interviewer_lang";
const NOTES: &str = "notes";
/// The position once the person reached the summary.
const AT_SUMMARY: &str = "#summary";
/// The question the person left for the summary ("back" returns there).
const LEFT_AT: &str = "left_at";
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

mod consent;
mod context;
pub(crate) mod handover;
mod question;
mod summary;
mod views;

use consent::*;
use context::*;
pub(crate) use context::{forms_answers, today};
pub use handover::{
    HandOverAction, HandOverChoice, HandOverConfirm, HandOverQuestion, HandOverScreen,
    HandOverText, Prompt, PromptInfo,
};
use question::*;
use summary::*;
pub use views::*;

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

/// The summary view model in the interviewer's language, and in each other
/// language an answer was asked in (for the printable case summary,
/// `export::case_pdf`, which prints those beside the answers).
pub(crate) fn summary_views(
    store: &mut CaseStore,
    id: &str,
) -> Result<(SummaryView, BTreeMap<String, SummaryView>), AppError> {
    let mut ctx = Ctx::load(store, id)?;
    let main = summary_view(&ctx, id);
    let mut others = BTreeMap::new();
    for lang in main.answers.iter().map(|a| a.lang.clone()) {
        if lang != main.langs.interviewer
            && LANGUAGES.contains(&lang.as_str())
            && !others.contains_key(&lang)
        {
            ctx.langs.interviewer.clone_from(&lang);
            others.insert(lang, summary_view(&ctx, id));
        }
    }
    Ok((main, others))
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

impl App {
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
        self.with_store(|store| {
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
        self.with_store(|store| {
            let ctx = Ctx::load(store, id)?;
            Ok(page(&ctx, id, false))
        })
    }

    /// The respondent's answer to the consent script. "No" stops the
    /// interview and keeps only that status (no answer is written).
    pub fn give_consent(&self, id: &str, given: bool) -> Result<InterviewPage, AppError> {
        self.with_store(|store| {
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
        self.with_store(|store| {
            // The answer, the record's name and the position it leads to:
            // one write (one journal row, one page) before the page returns.
            store.vault.hold();
            let page = self.answer_held(store, id, key, given, advance);
            let lang = store.lang.clone();
            let written = store
                .vault
                .release()
                .map_err(|e| AppError::from_vault(&e, &lang));
            written.and(page)
        })
    }

    fn answer_held(
        &self,
        store: &mut CaseStore,
        id: &str,
        key: &str,
        given: GivenAnswer,
        advance: bool,
    ) -> Result<InterviewPage, AppError> {
        let ctx = Ctx::load(store, id)?;
        let input = match given {
            GivenAnswer::Value(v) => AnswerInput::Value(v),
            GivenAnswer::Toggle(choice) => {
                let stored = ctx
                    .record
                    .answers
                    .get(key)
                    .and_then(|a| a.answer.value.as_value());
                match views::toggled(stored, &choice) {
                    Some(v) => AnswerInput::Value(v),
                    // Nothing would be left chosen: the answer stays.
                    None => return self.settle(store, ctx, id, Some(key.to_owned()), false),
                }
            }
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
    }

    /// Moves within the interview (back, next, a section, a question, the
    /// summary) and remembers where the person is.
    pub fn move_in_interview(&self, id: &str, to: Move) -> Result<InterviewPage, AppError> {
        self.with_store(|store| {
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
                    // From the summary: the question the person came from,
                    // while it is still asked; else the last one.
                    None => ctx
                        .meta(LEFT_AT)
                        .and_then(|k| flow.iter().find(|it| it.key.to_string() == k))
                        .or(flow.last())
                        .map(|it| it.key.to_string()),
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
        if target == AT_SUMMARY
            && let Some(left) = ctx.meta(POSITION).filter(|p| *p != AT_SUMMARY)
        {
            store
                .vault
                .set_meta(rid, LEFT_AT, &UserText(left.to_owned()), now())
                .map_err(|e| AppError::from_vault(&e, &lang))?;
        }
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
        self.with_store(|store| {
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
            // The interview language the app filled in follows the
            // respondent's: an answer still equal to the language left
            // behind becomes the new one.
            let was = ctx.langs.respondent.as_str();
            let stored = ctx
                .record
                .answers
                .get(INTERVIEW_LANG)
                .and_then(|a| a.answer.value.as_value());
            if respondent != was && stored == Some(was) && ctx.offers(INTERVIEW_LANG, &respondent) {
                store.answer(
                    id,
                    INTERVIEW_LANG,
                    AnswerInput::Value(respondent.clone()),
                    &interviewer,
                    false,
                    at,
                )?;
            }
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
        self.with_store(|store| {
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
        self.with_store(|store| {
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
        self.with_store(|store| {
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
                self_administered: chosen.provenance.self_administered,
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
pub(crate) mod tests;
