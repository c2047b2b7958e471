//! Interview commands: each a few lines over `app::App`'s interview use cases.

use app::interview::{
    GivenAnswer, HandOverAction, HandOverScreen, InterviewPage, Move, Prompt, StartInterview,
};
use tauri::State;

use crate::{Shell, off_main};

/// The questionnaires shipped in the app.
#[tauri::command]
#[specta::specta]
pub fn interview_catalog(shell: State<'_, Shell>) -> Vec<app::catalog::QuestionnaireInfo> {
    shell.app.interview_catalog()
}

/// Starts an interview; returns its first page (consent).
#[tauri::command]
#[specta::specta]
pub fn start_interview(
    shell: State<'_, Shell>,
    start: StartInterview,
) -> Result<InterviewPage, app::AppError> {
    shell.app.start_interview(start)
}

/// The page an interview is at (resumes where it was left).
#[tauri::command]
#[specta::specta]
pub fn interview_page(shell: State<'_, Shell>, id: String) -> Result<InterviewPage, app::AppError> {
    shell.app.interview_page(&id)
}

/// The respondent's consent (or refusal).
#[tauri::command]
#[specta::specta]
pub fn give_consent(
    shell: State<'_, Shell>,
    id: String,
    given: bool,
) -> Result<InterviewPage, app::AppError> {
    shell.app.give_consent(&id, given)
}

/// Records an answer (durable on return) and moves on when `advance`.
#[tauri::command]
#[specta::specta]
pub fn answer_question(
    shell: State<'_, Shell>,
    id: String,
    key: String,
    answer: GivenAnswer,
    advance: bool,
) -> Result<InterviewPage, app::AppError> {
    shell.app.answer_question(&id, &key, answer, advance)
}

/// Back, next, a section, a question or the summary.
#[tauri::command]
#[specta::specta]
pub fn move_in_interview(
    shell: State<'_, Shell>,
    id: String,
    to: Move,
) -> Result<InterviewPage, app::AppError> {
    shell.app.move_in_interview(&id, to)
}

/// Switches the respondent's and the interviewer's language.
#[tauri::command]
#[specta::specta]
pub fn set_interview_languages(
    shell: State<'_, Shell>,
    id: String,
    respondent: String,
    interviewer: String,
) -> Result<InterviewPage, app::AppError> {
    shell
        .app
        .set_interview_languages(&id, respondent, interviewer)
}

/// Keeps the interviewer's notes (encrypted).
#[tauri::command]
#[specta::specta]
pub fn save_interview_notes(
    shell: State<'_, Shell>,
    id: String,
    notes: String,
) -> Result<(), app::AppError> {
    shell.app.save_interview_notes(&id, notes)
}

/// Marks the interview complete.
#[tauri::command]
#[specta::specta]
pub fn complete_interview(
    shell: State<'_, Shell>,
    id: String,
) -> Result<InterviewPage, app::AppError> {
    shell.app.complete_interview(&id)
}

/// Chooses one of the concurrent values of a conflicting answer.
#[tauri::command]
#[specta::specta]
pub fn resolve_answer_conflict(
    shell: State<'_, Shell>,
    id: String,
    key: String,
    choice: u32,
) -> Result<InterviewPage, app::AppError> {
    shell.app.resolve_answer_conflict(&id, &key, choice)
}

/// "Hand to the respondent": the hand-over screen for interview `id`.
#[tauri::command]
#[specta::specta]
pub fn start_handover(
    shell: State<'_, Shell>,
    id: String,
) -> Result<HandOverScreen, app::AppError> {
    shell.app.start_handover(&id)
}

/// The hand-over screen now (when the window reopens it).
#[tauri::command]
#[specta::specta]
pub fn handover_screen(shell: State<'_, Shell>) -> Result<HandOverScreen, app::AppError> {
    shell.app.handover_screen()
}

/// The respondent's tap: a choice, "don't know", skip or previous.
#[tauri::command]
#[specta::specta]
pub fn handover_act(
    shell: State<'_, Shell>,
    action: HandOverAction,
) -> Result<HandOverScreen, app::AppError> {
    shell.app.handover_act(action)
}

/// The current question's audio prompt in the respondent's language.
#[tauri::command]
#[specta::specta]
pub fn handover_prompt(shell: State<'_, Shell>) -> Result<Option<Prompt>, app::AppError> {
    shell.app.handover_prompt()
}

/// Back to the interviewer's view once the passphrase is confirmed.
#[tauri::command]
#[specta::specta]
pub async fn end_handover(
    handle: tauri::AppHandle,
    passphrase: String,
) -> Result<InterviewPage, app::AppError> {
    off_main(handle, move |app| app.end_handover(passphrase)).await
}
