//! The team's questionnaires (issue 25): list, publish (a native dialog
//! picks the XLSForm or questionnaire file, from Rust, so the window holds
//! no file permission), withdraw. Each a few lines over the façade.

use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::Shell;

/// The team's questionnaires with versions, states and publishers.
#[tauri::command]
#[specta::specta]
pub fn team_forms(
    shell: State<'_, Shell>,
) -> Result<Vec<app::team_forms::TeamFormView>, app::AppError> {
    shell.app.team_forms()
}

/// Picks an XLSForm (or a questionnaire.toml) and publishes it to the
/// team; `None` when the person cancels.
#[tauri::command]
#[specta::specta]
pub async fn publish_form(
    handle: AppHandle,
) -> Result<Option<Vec<app::team_forms::TeamFormView>>, app::AppError> {
    let lang = handle.state::<Shell>().app.language();
    tauri::async_runtime::spawn_blocking(move || {
        let app = &handle.state::<Shell>().app;
        let text = app.publish_dialog_text();
        let mut dialog = handle
            .dialog()
            .file()
            .add_filter(&text.filter, &["xlsx", "xls", "ods", "toml"])
            .set_title(&text.title);
        if let Some(window) = handle.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        let Some(chosen) = dialog.blocking_pick_file() else {
            return Ok(None);
        };
        let path = chosen
            .into_path()
            .map_err(|e| app::AppError::unexpected(&e, &app.language()))?;
        app.publish_form(path.display().to_string()).map(Some)
    })
    .await
    .map_err(|e| app::AppError::unexpected(&e, &lang))?
}

/// Withdraws a team questionnaire (form id or hash).
#[tauri::command]
#[specta::specta]
pub fn withdraw_form(
    shell: State<'_, Shell>,
    which: String,
) -> Result<Vec<app::team_forms::TeamFormView>, app::AppError> {
    shell.app.withdraw_form(which)
}
