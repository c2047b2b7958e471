//! Commands of the case list, vessel inspections and quick wipe: each a few
//! lines over the `app` façade.

use tauri::State;

use crate::{Shell, off_main};

/// A page of the case list: search, filters, offset and size in `query`.
#[tauri::command]
#[specta::specta]
pub fn case_list(
    shell: State<'_, Shell>,
    query: app::caselist::CaseQuery,
) -> Result<app::caselist::CaseListView, app::AppError> {
    shell.app.case_list(query)
}

/// The vessel details form, labelled in the current language.
#[tauri::command]
#[specta::specta]
pub fn vessel_form(shell: State<'_, Shell>) -> Result<app::vessel::VesselForm, app::AppError> {
    shell.app.vessel_form()
}

/// Creates a vessel inspection from its details.
#[tauri::command]
#[specta::specta]
pub fn new_inspection(
    shell: State<'_, Shell>,
    input: app::vessel::NewInspection,
) -> Result<app::vessel::VesselView, app::AppError> {
    shell.app.new_inspection(input)
}

/// A vessel inspection with its crew list.
#[tauri::command]
#[specta::specta]
pub fn vessel(
    shell: State<'_, Shell>,
    id: String,
) -> Result<app::vessel::VesselView, app::AppError> {
    shell.app.vessel(&id)
}

/// Quick wipe, once `typed` is the confirmation word; returns the state of a
/// fresh install.
#[tauri::command]
#[specta::specta]
pub async fn wipe(
    handle: tauri::AppHandle,
    typed: String,
) -> Result<app::VaultState, app::AppError> {
    off_main(handle, move |app| app.wipe(typed)).await
}

/// The security screen: the wipe limit in force and the choices.
#[tauri::command]
#[specta::specta]
pub fn security_view(shell: State<'_, Shell>) -> app::security::SecurityView {
    shell.app.security_view()
}

/// Changes the passphrase (the current one, the new one typed twice).
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(
    handle: tauri::AppHandle,
    current: String,
    passphrase: String,
    again: String,
) -> Result<(), app::AppError> {
    off_main(handle, move |app| {
        app.change_passphrase(current, passphrase, again)
    })
    .await
}

/// Erase the store after this many wrong passphrases in a row, or never.
#[tauri::command]
#[specta::specta]
pub fn set_wipe_after(shell: State<'_, Shell>, limit: Option<u32>) -> Result<(), app::AppError> {
    shell.app.set_wipe_after(limit)
}

/// Lock the store after this many minutes without use (one of the choices
/// the security screen offers).
#[tauri::command]
#[specta::specta]
pub fn set_idle_lock(shell: State<'_, Shell>, minutes: u32) -> Result<(), app::AppError> {
    shell.app.set_idle_lock(minutes)
}

/// Accepts the records found rolled back as they are on disk now.
#[tauri::command]
#[specta::specta]
pub fn accept_rolled_back(shell: State<'_, Shell>) -> Result<(), app::AppError> {
    shell.app.accept_rolled_back()
}
