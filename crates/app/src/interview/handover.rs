//! Hand-over mode: the interviewer gives the device to the respondent, who
//! answers one section's yes/no questions alone, in their language, one at
//! a time, with the question's audio prompt where the questionnaire has
//! one. Every answer given here is recorded as self-administered.
//!
//! The section is the questionnaire's `self_administered` group when it
//! declares one, else the section of the question the interviewer is at.
//! Only single-choice questions are asked (the big buttons are the choices);
//! anything else in the section (a typed answer, a note) is left for the
//! interviewer. While the device is handed over, every other use of the
//! store is refused ([`App::with_store`] answers `ErrorCode::HandOver`):
//! no case list, no summary, no other interview. Leaving needs the
//! vault's passphrase ([`App::end_handover`]), checked here, under the
//! same attempt limit as an unlock; locking the store ends it too.

use super::*;
use crate::ErrorCode;

/// Where a hand-over stands (kept with the open store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HandOver {
    /// The interview.
    pub(crate) id: String,
    /// The top-level group being answered.
    pub(crate) section: String,
    /// The answer key asked now; `None` once the section is done.
    pub(crate) current: Option<String>,
}

/// What the respondent does on the hand-over screen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum HandOverAction {
    /// One of the question's choices (its value).
    Choose(String),
    DontKnow,
    /// On to the next question, leaving this one as it is.
    Skip,
    /// The previous question of the section.
    Previous,
}

/// The hand-over screen: every text in the respondent's language, nothing
/// of the interviewer's view, the case or other cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandOverScreen {
    /// The respondent's language (every text below is in it).
    pub lang: String,
    /// The question asked now; `None` once the section is done.
    pub question: Option<HandOverQuestion>,
    pub text: HandOverText,
    /// The interviewer's confirmation to leave, in the interviewer's
    /// language: shown only after the long press.
    pub confirm: HandOverConfirm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandOverQuestion {
    /// The answer key (the window sends nothing else back).
    pub key: String,
    pub label: String,
    /// "Question 2 of 5", in the respondent's digits.
    pub progress: String,
    pub step: u32,
    pub steps: u32,
    pub choices: Vec<HandOverChoice>,
    /// Whether "I don't know" is offered.
    pub dont_know: bool,
    pub dont_know_chosen: bool,
    /// The question's audio prompt in the respondent's language, if any
    /// (its bytes: [`App::handover_prompt`]).
    pub prompt: Option<PromptInfo>,
    pub can_previous: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandOverChoice {
    pub value: String,
    pub label: String,
    pub chosen: bool,
}

/// An audio prompt's facts (not its bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PromptInfo {
    /// A placeholder made by a speech synthesizer, not a person's recording.
    pub synthesized: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandOverText {
    pub title: String,
    pub answers_label: String,
    pub replay: String,
    pub dont_know: String,
    pub skip: String,
    pub previous: String,
    pub done: String,
    pub no_prompt: String,
    pub synthesized: String,
    pub leave: String,
    pub leave_hint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandOverConfirm {
    pub lang: String,
    pub title: String,
    pub passphrase: String,
    pub confirm: String,
    pub cancel: String,
}

/// An audio prompt for the window to play (from a `blob:` URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Prompt {
    /// The MIME type told by the file's first bytes (`audio/ogg`).
    pub mime: String,
    /// The file, base64 (standard alphabet, padded).
    pub base64: String,
    pub synthesized: bool,
}

/// The questions hand-over asks in `section`, as the flow stands now.
fn askable<'n>(ctx: &Ctx, nav: &'n Navigation, section: &str) -> Vec<&'n Item> {
    ctx.flow(nav)
        .into_iter()
        .filter(|it| {
            top_group(&it.group) == Some(section)
                && it.kind == "select_one"
                && !it.interviewer_only
                && !it.choices.is_empty()
        })
        .collect()
}

fn handover_error(id: &str, lang: &str) -> AppError {
    AppError::new(ErrorCode::HandOver, id, &[], lang)
}

fn screen(ctx: &Ctx, h: &HandOver) -> HandOverScreen {
    let r = ctx.langs.respondent.as_str();
    let i = ctx.langs.interviewer.as_str();
    let t = |id: &str| msg(r, id, &[]);
    let nav = ctx.nav(r);
    let items = askable(ctx, &nav, &h.section);
    let question = h.current.as_deref().and_then(|key| {
        let at = items.iter().position(|it| it.key.to_string() == key)?;
        let item = items[at];
        let value = match &item.answer {
            AnswerState::Value(v) => Some(v.as_str()),
            _ => None,
        };
        let digits = |n: usize| crate::dates::localize_digits(&n.to_string(), r);
        Some(HandOverQuestion {
            key: key.to_owned(),
            label: item.label.clone(),
            progress: msg(
                r,
                "handover-progress",
                &[("step", digits(at + 1)), ("steps", digits(items.len()))],
            ),
            step: u32::try_from(at + 1).unwrap_or(u32::MAX),
            steps: u32::try_from(items.len()).unwrap_or(u32::MAX),
            choices: item
                .choices
                .iter()
                .map(|c| HandOverChoice {
                    value: c.value.clone(),
                    label: c.label.clone(),
                    chosen: value == Some(c.value.as_str()),
                })
                .collect(),
            dont_know: item.allows_dont_know,
            dont_know_chosen: matches!(item.answer, AnswerState::DontKnow),
            prompt: ctx.form.audio(&item.key.name, r).map(|m| PromptInfo {
                synthesized: m.synthesized,
            }),
            can_previous: at > 0,
        })
    });
    HandOverScreen {
        lang: r.to_owned(),
        question,
        text: HandOverText {
            title: t("handover-title"),
            answers_label: t("handover-answers-label"),
            replay: t("handover-replay"),
            dont_know: t("handover-dont-know"),
            skip: t("handover-skip"),
            previous: t("handover-previous"),
            done: t("handover-done"),
            no_prompt: t("handover-no-prompt"),
            synthesized: t("handover-synthesized"),
            leave: t("handover-leave"),
            leave_hint: t("handover-leave-hint"),
        },
        confirm: HandOverConfirm {
            lang: i.to_owned(),
            title: msg(i, "handover-confirm-title", &[]),
            passphrase: msg(i, "handover-confirm-passphrase", &[]),
            confirm: msg(i, "handover-confirm", &[]),
            cancel: msg(i, "handover-cancel", &[]),
        },
    }
}

/// The key asked after `key` (or, when `key` left the flow, the first
/// unanswered one); `None` at the end of the section.
fn next_after(items: &[&Item], key: &str) -> Option<String> {
    match items.iter().position(|it| it.key.to_string() == key) {
        Some(at) => items.get(at + 1).map(|it| it.key.to_string()),
        None => items
            .iter()
            .find(|it| !is_answered(it))
            .map(|it| it.key.to_string()),
    }
}

impl App {
    /// Runs `f` on the store during a hand-over (the one way to reach it
    /// then); `ErrorCode::HandOver` when the device is not handed over.
    fn with_handover<T>(
        &self,
        f: impl FnOnce(&mut CaseStore, HandOver) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.with_open_store(|store, lang| {
            let h = store
                .handover
                .clone()
                .ok_or_else(|| handover_error("error-handover-none", lang))?;
            f(store, h)
        })
    }

    /// "Hand to the respondent": from the question screen of interview
    /// `id`, starts hand-over on the questionnaire's self-administered
    /// section, or else on the section of the current question.
    pub fn start_handover(&self, id: &str) -> Result<HandOverScreen, AppError> {
        self.with_store(|store| {
            let lang = store.lang.clone();
            let ctx = Ctx::load(store, id)?;
            let nothing = || handover_error("error-handover-nothing", &lang);
            if ctx.record.status != Status::InProgress || ctx.has_consent_page() {
                return Err(nothing());
            }
            let nav = ctx.nav(&ctx.langs.respondent);
            let section = match ctx.form.self_administered_section() {
                Some(s) if !askable(&ctx, &nav, s).is_empty() => s.to_owned(),
                _ => {
                    let flow = ctx.flow(&nav);
                    current_index(&ctx, &flow)
                        .and_then(|i| top_group(&flow[i].group))
                        .map(str::to_owned)
                        .ok_or_else(nothing)?
                }
            };
            let items = askable(&ctx, &nav, &section);
            let first = items
                .iter()
                .find(|it| !is_answered(it))
                .or(items.first())
                .map(|it| it.key.to_string())
                .ok_or_else(nothing)?;
            let h = HandOver {
                id: id.to_owned(),
                section,
                current: Some(first),
            };
            let view = screen(&ctx, &h);
            store.handover = Some(h);
            Ok(view)
        })
    }

    /// The hand-over screen now (the window reopening it).
    pub fn handover_screen(&self) -> Result<HandOverScreen, AppError> {
        self.with_handover(|store, h| Ok(screen(&Ctx::load(store, &h.id)?, &h)))
    }

    /// The respondent's tap: an answer (recorded as self-administered, in
    /// their language, durable on return) and the next question, a skip, or
    /// the previous question.
    pub fn handover_act(&self, action: HandOverAction) -> Result<HandOverScreen, AppError> {
        self.with_handover(|store, mut h| {
            let ctx = Ctx::load(store, &h.id)?;
            let r = ctx.langs.respondent.clone();
            let nav = ctx.nav(&r);
            let items = askable(&ctx, &nav, &h.section);
            let Some(key) = h.current.clone() else {
                // Done: only "previous" means anything.
                if action == HandOverAction::Previous {
                    h.current = items.last().map(|it| it.key.to_string());
                }
                let view = screen(&ctx, &h);
                store.handover = Some(h);
                return Ok(view);
            };
            if action == HandOverAction::Previous {
                let at = items.iter().position(|it| it.key.to_string() == key);
                h.current = Some(
                    at.and_then(|at| at.checked_sub(1))
                        .and_then(|p| items.get(p))
                        .map_or(key, |it| it.key.to_string()),
                );
                let view = screen(&ctx, &h);
                store.handover = Some(h);
                return Ok(view);
            }
            let input = match action {
                HandOverAction::Choose(v) => Some(AnswerInput::Value(v)),
                HandOverAction::DontKnow => Some(AnswerInput::DontKnow),
                HandOverAction::Skip | HandOverAction::Previous => None,
            };
            if let Some(input) = input {
                let how = crate::cases::Asked {
                    shown_in: &r,
                    interpreter: false,
                    self_administered: true,
                };
                store.answer_as(&h.id, &key, input, &how, now())?;
            }
            // Relevance may have opened or closed questions: the next one
            // is read from the flow as it stands after the answer.
            let ctx = Ctx::load(store, &h.id)?;
            let nav = ctx.nav(&r);
            let items = askable(&ctx, &nav, &h.section);
            h.current = next_after(&items, &key);
            let view = screen(&ctx, &h);
            store.handover = Some(h);
            Ok(view)
        })
    }

    /// The current question's audio prompt in the respondent's language
    /// (`None`: none exists; the screen shows text only, with a note).
    pub fn handover_prompt(&self) -> Result<Option<Prompt>, AppError> {
        self.with_handover(|store, h| {
            let ctx = Ctx::load(store, &h.id)?;
            let Some(key) = h.current.as_deref() else {
                return Ok(None);
            };
            let name = key.split('[').next().unwrap_or(key);
            Ok(ctx.form.audio(name, &ctx.langs.respondent).map(|m| {
                use base64::Engine as _;
                Prompt {
                    mime: m.format.mime().to_owned(),
                    base64: base64::engine::general_purpose::STANDARD.encode(&m.bytes),
                    synthesized: m.synthesized,
                }
            }))
        })
    }

    /// Back to the interviewer's view, once the interviewer typed the
    /// vault's passphrase (a wrong one counts like a wrong unlock; the
    /// device stays handed over). Returns the interview's page.
    pub fn end_handover(&self, passphrase: String) -> Result<InterviewPage, AppError> {
        let pass = crate::cases::Passphrase::new(passphrase);
        let checked = self.with_handover(|store, h| {
            let lang = store.lang.clone();
            store
                .vault
                .confirm_passphrase(&pass)
                .map_err(|e| AppError::from_vault(&e, &lang))?;
            store.handover = None;
            Ok(h.id)
        });
        if checked.is_err() && !vault::Vault::exists(&self.vault_dir()) {
            // Wiped at the attempt limit: nothing is open any more.
            *self.store() = None;
        }
        let id = checked?;
        self.interview_page(&id)
    }

    /// Whether the device is handed over now (the window, reopening, shows
    /// the hand-over screen rather than anything else).
    pub fn handing_over(&self) -> bool {
        self.store().as_ref().is_some_and(|s| s.handover.is_some())
    }
}

/// While handed over, the store answers nothing else.
pub(crate) fn refuse_while_handed_over(store: &CaseStore, lang: &str) -> Result<(), AppError> {
    match store.handover {
        Some(_) => Err(handover_error("error-handing-over", lang)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
