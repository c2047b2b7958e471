//! Exports for supervisors: the export screen's commands. The native save
//! dialog is opened from Rust (the window holds no file permission); the
//! export runs on its own thread and the window polls its progress.

use std::path::PathBuf;

use app::export::ExportRequest;
use app::export::job::{ExportDialogText, ExportScreen};
use app::export::stats::StatsRequest;
use app::export::stats_view::StatsView;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::Shell;

/// What the export screen offers.
#[tauri::command]
#[specta::specta]
pub fn export_screen(shell: State<'_, Shell>) -> Result<ExportScreen, app::AppError> {
    shell.app.export_screen()
}

/// Stops the export under way; its file is not kept.
#[tauri::command]
#[specta::specta]
pub fn cancel_export(shell: State<'_, Shell>) {
    shell.app.cancel_export();
}

/// Asks where to save, then starts the export on its own thread. `false`
/// when the person closed the dialog.
#[tauri::command]
#[specta::specta]
pub async fn start_export(handle: AppHandle, req: ExportRequest) -> Result<bool, app::AppError> {
    let lang = handle.state::<Shell>().app.language();
    let chosen = {
        let handle = handle.clone();
        let req = req.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let text = handle.state::<Shell>().app.export_dialog_text(&req);
            ask_where_to_save(&handle, &text)
        })
        .await
        .map_err(|e| app::AppError::unexpected(&e, &lang))?
    };
    let Some(chosen) = chosen else {
        return Ok(false);
    };
    let path: PathBuf = chosen
        .into_path()
        .map_err(|e| app::AppError::unexpected(&e, &lang))?;
    std::thread::spawn(move || {
        let app = &handle.state::<Shell>().app;
        // The outcome is in the job's view, which the window polls.
        if let Err(e) = app.run_export_job(&req, &path) {
            tracing::info!("export ended: {:?}", e.code);
        }
    });
    Ok(true)
}

/// Asks where to save, then writes the printable summary of interview `id`
/// (PDF). `false` when the person closed the dialog.
#[tauri::command]
#[specta::specta]
pub async fn save_case_pdf(handle: AppHandle, id: String) -> Result<bool, app::AppError> {
    let lang = handle.state::<Shell>().app.language();
    tauri::async_runtime::spawn_blocking(move || {
        let app = &handle.state::<Shell>().app;
        let Some(chosen) = ask_where_to_save(&handle, &app.case_pdf_dialog_text()) else {
            return Ok(false);
        };
        let path: PathBuf = chosen
            .into_path()
            .map_err(|e| app::AppError::unexpected(&e, &app.language()))?;
        app.case_summary_pdf(&id, &path).map(|_| true)
    })
    .await
    .map_err(|e| app::AppError::unexpected(&e, &lang))?
}

/// The anonymised statistics of a questionnaire, with their charts.
#[tauri::command]
#[specta::specta]
pub fn stats_view(shell: State<'_, Shell>, req: StatsRequest) -> Result<StatsView, app::AppError> {
    shell.app.stats_view(&req)
}

/// Asks where to save, then writes the statistics (CSV), or the chart of
/// table `chart` (SVG). `false` when the person closed the dialog.
#[tauri::command]
#[specta::specta]
pub async fn save_stats(
    handle: AppHandle,
    req: StatsRequest,
    chart: Option<String>,
) -> Result<bool, app::AppError> {
    let lang = handle.state::<Shell>().app.language();
    tauri::async_runtime::spawn_blocking(move || {
        let app = &handle.state::<Shell>().app;
        let text = app.stats_dialog_text(&req, chart.as_deref());
        let Some(chosen) = ask_where_to_save(&handle, &text) else {
            return Ok(false);
        };
        let path: PathBuf = chosen
            .into_path()
            .map_err(|e| app::AppError::unexpected(&e, &app.language()))?;
        app.save_stats(&req, chart.as_deref(), &path).map(|_| true)
    })
    .await
    .map_err(|e| app::AppError::unexpected(&e, &lang))?
}

/// In a debug build only (the end-to-end tests': WebDriver cannot drive a
/// native dialog), `FIELDSCREEN_E2E_SAVE_DIR` answers the save dialog with
/// the suggested name in that folder. A release build has no such path.
#[cfg(debug_assertions)]
fn e2e_save_path(text: &ExportDialogText) -> Option<FilePath> {
    let dir = std::env::var_os("FIELDSCREEN_E2E_SAVE_DIR")?;
    Some(FilePath::Path(
        PathBuf::from(dir).join(&text.suggested_name),
    ))
}

#[cfg(not(debug_assertions))]
fn e2e_save_path(_: &ExportDialogText) -> Option<FilePath> {
    None
}

/// The native save dialog, over the main window, with the core's title,
/// filter and suggested name. Blocks: call it off the async runtime.
fn ask_where_to_save(handle: &AppHandle, text: &ExportDialogText) -> Option<FilePath> {
    if let Some(path) = e2e_save_path(text) {
        return Some(path);
    }
    let mut dialog: FileDialogBuilder<tauri::Wry> = handle
        .dialog()
        .file()
        .add_filter(&text.filter, &[text.extension.as_str()]);
    if let Some(window) = handle.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog
        .set_title(&text.title)
        .set_file_name(&text.suggested_name)
        .blocking_save_file()
}
