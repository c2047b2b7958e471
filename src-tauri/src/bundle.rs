//! Hand-over by file (USB stick, SD card): a native dialog picks the path,
//! the façade writes or merges the team's encrypted bundle.
//!
//! The dialog is opened from Rust, so the window needs no dialog or file
//! system permission of its own (capabilities/main.json grants none).

use std::path::PathBuf;

use app::sync::bundle::{BUNDLE_EXTENSION, BundleOutcome};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

use crate::Shell;

/// Which way the file goes.
#[derive(Clone, Copy)]
enum Way {
    Save,
    Open,
}

/// Asks for a path (on a blocking worker: the dialog waits for the person),
/// then runs `f` on it. `None` when the person cancels.
async fn with_chosen_path(
    handle: AppHandle,
    way: Way,
    f: fn(&app::App, &std::path::Path) -> Result<BundleOutcome, app::AppError>,
) -> Result<Option<BundleOutcome>, app::AppError> {
    let lang = handle.state::<Shell>().app.language();
    tauri::async_runtime::spawn_blocking(move || {
        let app = &handle.state::<Shell>().app;
        let text = app.bundle_dialog_text();
        let mut dialog: FileDialogBuilder<tauri::Wry> = handle
            .dialog()
            .file()
            .add_filter(&text.filter, &[BUNDLE_EXTENSION]);
        if let Some(window) = handle.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        let chosen = match way {
            Way::Save => dialog
                .set_title(&text.save_title)
                .set_file_name(&text.suggested_name)
                .blocking_save_file(),
            Way::Open => dialog.set_title(&text.open_title).blocking_pick_file(),
        };
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let path: PathBuf = chosen
            .into_path()
            .map_err(|e| app::AppError::unexpected(&e, &app.language()))?;
        f(app, &path).map(Some)
    })
    .await
    .map_err(|e| app::AppError::unexpected(&e, &lang))?
}

/// Saves every record, sealed for the team, to a file the person chooses.
#[tauri::command]
#[specta::specta]
pub async fn export_bundle(handle: AppHandle) -> Result<Option<BundleOutcome>, app::AppError> {
    with_chosen_path(handle, Way::Save, app::App::export_bundle).await
}

/// Merges a file saved by another device of the team.
#[tauri::command]
#[specta::specta]
pub async fn import_bundle(handle: AppHandle) -> Result<Option<BundleOutcome>, app::AppError> {
    with_chosen_path(handle, Way::Open, app::App::import_bundle).await
}
