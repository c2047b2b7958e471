//! The desktop (and, later, mobile) shell: each command is a few lines that
//! call the `app` façade. No business rule lives here.

mod cases;

use std::path::PathBuf;
use std::time::Instant;

use tauri::{Manager, State};
use tauri_specta::{Builder, collect_commands, collect_events};

mod bundle;
mod events;
mod export;
mod forms;
mod interview;
mod sync;

/// Runs a façade call on a blocking worker, never the main thread (which
/// would freeze the window) nor inside the async runtime. For calls that
/// take long: the relay, a key derivation (unlock, create, passphrase
/// change, hand-over end), a wipe.
pub(crate) async fn off_main<R: tauri::Runtime, T: Send + 'static>(
    handle: tauri::AppHandle<R>,
    f: impl FnOnce(&app::App) -> Result<T, app::AppError> + Send + 'static,
) -> Result<T, app::AppError> {
    let lang = handle.state::<Shell>().app.language();
    tauri::async_runtime::spawn_blocking(move || f(&handle.state::<Shell>().app))
        .await
        .map_err(|e| app::AppError::unexpected(&e, &lang))?
}

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/ipc/bindings.ts";

/// Environment variable that points the app at another data folder (tests
/// use it so that each run starts clean).
const DATA_DIR_ENV: &str = "FIELDSCREEN_DATA_DIR";

struct Shell {
    app: app::App,
    started: Instant,
}

/// The languages on offer and the UI text in the chosen one.
#[tauri::command]
#[specta::specta]
fn startup(shell: State<'_, Shell>) -> app::Startup {
    shell.app.startup()
}

/// Switches the interface language and returns every string in it.
#[tauri::command]
#[specta::specta]
fn set_language(shell: State<'_, Shell>, code: String) -> Result<app::UiText, app::AppError> {
    shell.app.set_language(&code)
}

/// First run: creates the encrypted store with the chosen passphrase.
#[tauri::command]
#[specta::specta]
async fn create_vault(
    handle: tauri::AppHandle,
    passphrase: String,
    again: String,
) -> Result<Vec<app::cases::CaseRow>, app::AppError> {
    off_main(handle, move |app| app.create_vault(passphrase, again)).await
}

/// The strength meter for a new passphrase: time to guess at this device's
/// measured cost, and whether the rule accepts it.
#[tauri::command]
#[specta::specta]
fn passphrase_strength(shell: State<'_, Shell>, passphrase: String) -> app::passphrase::Strength {
    shell.app.passphrase_strength(passphrase)
}

/// A random passphrase to show once.
#[tauri::command]
#[specta::specta]
fn suggest_passphrase(
    shell: State<'_, Shell>,
) -> Result<app::passphrase::Generated, app::AppError> {
    shell.app.suggest_passphrase()
}

/// Opens the encrypted store and returns the case list.
#[tauri::command]
#[specta::specta]
async fn unlock(
    handle: tauri::AppHandle,
    passphrase: String,
) -> Result<Vec<app::cases::CaseRow>, app::AppError> {
    off_main(handle, move |app| app.unlock(passphrase)).await
}

/// Closes the store at once (keys leave memory).
#[tauri::command]
#[specta::specta]
fn lock(shell: State<'_, Shell>) -> app::VaultState {
    shell.app.lock()
}

/// The window's heartbeat: `active` says whether the person did anything
/// since the last beat. Returns the store's state (locked after the idle time).
#[tauri::command]
#[specta::specta]
fn keep_alive(shell: State<'_, Shell>, active: bool) -> app::VaultState {
    shell.app.keep_alive(active)
}

/// The case list, newest first.
#[tauri::command]
#[specta::specta]
fn cases(shell: State<'_, Shell>) -> Result<Vec<app::cases::CaseRow>, app::AppError> {
    shell.app.cases()
}

/// Called by the UI once its first frame is on screen; logs the time since
/// start (read by `cargo xtask bench`).
#[tauri::command]
#[specta::specta]
fn first_paint(shell: State<'_, Shell>) {
    tracing::info!(
        target: "fieldscreen::startup",
        "first paint after {} ms",
        shell.started.elapsed().as_millis()
    );
}

/// The typed command and event set, shared by the invoke handler and the
/// bindings export.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .events(collect_events![
            events::SyncChanged,
            events::NearbyChanged,
            events::ExportChanged
        ])
        .commands(collect_commands![
            startup,
            set_language,
            create_vault,
            passphrase_strength,
            suggest_passphrase,
            unlock,
            lock,
            keep_alive,
            cases,
            first_paint,
            interview::interview_catalog,
            interview::start_interview,
            interview::interview_page,
            interview::give_consent,
            interview::answer_question,
            interview::move_in_interview,
            interview::set_interview_languages,
            interview::save_interview_notes,
            interview::complete_interview,
            interview::resolve_answer_conflict,
            interview::start_handover,
            interview::handover_screen,
            interview::handover_act,
            interview::handover_prompt,
            interview::end_handover,
            cases::case_list,
            cases::vessel_form,
            cases::new_inspection,
            cases::vessel,
            cases::wipe,
            cases::security_view,
            cases::change_passphrase,
            cases::set_wipe_after,
            cases::set_idle_lock,
            cases::accept_rolled_back,
            sync::sync_screen,
            sync::sync_now,
            sync::create_team,
            sync::team_invite,
            sync::join_team,
            sync::waiting_devices,
            sync::admit_device,
            sync::remove_device,
            bundle::export_bundle,
            bundle::import_bundle,
            sync::nearby_screen,
            sync::nearby_wait,
            sync::nearby_stop,
            sync::nearby_connect,
            export::export_screen,
            export::cancel_export,
            export::start_export,
            export::save_case_pdf,
            export::stats_view,
            export::save_stats,
            forms::team_forms,
            forms::publish_form,
            forms::withdraw_form,
        ])
}

/// Writes the TypeScript bindings for every command to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), specta_typescript::Error> {
    specta_builder().export(
        specta_typescript::Typescript::default().header(
            "// Generated by `cargo xtask codegen` from src-tauri/src/lib.rs. Do not edit.\n",
        ),
        path,
    )
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let started = Instant::now();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();

    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |handle| {
            let data_dir = match std::env::var_os(DATA_DIR_ENV) {
                Some(dir) => PathBuf::from(dir),
                None => handle.path().app_data_dir()?,
            };
            tracing::info!(data_dir = %data_dir.display(), "opening data folder");
            let app = app::App::open(data_dir)?;
            handle.manage(Shell { app, started });
            builder.mount_events(handle);
            events::start_forwarding(handle.handle().clone())?;
            sync::start_background_sync(handle.handle().clone())?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("the app could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    /// The UI's bindings must match the Rust commands. Run `cargo xtask codegen`
    /// (or set `UPDATE_BINDINGS=1`) to regenerate them.
    #[test]
    fn bindings_are_fresh() {
        let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(super::BINDINGS_PATH);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            super::export_bindings(&committed).expect("export bindings");
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let fresh = dir.path().join("bindings.ts");
        super::export_bindings(&fresh).expect("export bindings");
        let fresh = std::fs::read_to_string(fresh).expect("read fresh bindings");
        let old = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            old == fresh,
            "{} is stale: run `cargo xtask codegen`",
            committed.display()
        );
    }
}
