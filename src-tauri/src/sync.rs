//! Teams and background sync: commands over the `app` façade, and the
//! thread that drives background rounds.
//!
//! Commands that talk to the relay run on a blocking worker (never the main
//! thread, never inside the async runtime: `link` blocks on its own).

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime, State};

use crate::{Shell, off_main};

/// How often the background thread asks the façade whether a round is due
/// (the schedule and backoff live in `app::sync::Scheduler`).
const TICK: Duration = Duration::from_millis(500);

/// Starts the background sync thread: it lives as long as the process.
/// (Its changes reach the window as events: see `crate::events`.)
pub fn start_background_sync<R: Runtime>(handle: AppHandle<R>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("fieldscreen-sync".into())
        .spawn(move || {
            loop {
                handle.state::<Shell>().app.sync_tick();
                std::thread::sleep(TICK);
            }
        })
        .map(|_| ())
}

/// The sync and team screen (status, progress, team, members).
#[tauri::command]
#[specta::specta]
pub fn sync_screen(shell: State<'_, Shell>) -> app::sync::SyncScreen {
    shell.app.sync_screen()
}

/// "Sync now": the background thread runs a round at once.
#[tauri::command]
#[specta::specta]
pub fn sync_now(shell: State<'_, Shell>) -> app::sync::SyncScreen {
    shell.app.sync_now()
}

/// Creates a team on a relay; this device becomes its supervisor.
#[tauri::command]
#[specta::specta]
pub async fn create_team(
    handle: AppHandle,
    input: app::sync::NewTeam,
) -> Result<app::sync::SyncScreen, app::AppError> {
    off_main(handle, move |app| app.create_team(input)).await
}

/// (Supervisor) a one-time invite: QR code and typed code.
#[tauri::command]
#[specta::specta]
pub async fn team_invite(handle: AppHandle) -> Result<app::sync::InviteView, app::AppError> {
    off_main(handle, app::App::team_invite).await
}

/// Asks to join a team with a typed invite code.
#[tauri::command]
#[specta::specta]
pub async fn join_team(
    handle: AppHandle,
    code: String,
) -> Result<app::sync::SyncScreen, app::AppError> {
    off_main(handle, move |app| app.join_team(code)).await
}

/// (Supervisor) the devices waiting to join, each with its fingerprint.
#[tauri::command]
#[specta::specta]
pub async fn waiting_devices(
    handle: AppHandle,
) -> Result<Vec<app::sync::WaitingView>, app::AppError> {
    off_main(handle, app::App::waiting_devices).await
}

/// (Supervisor) admits the waiting device showing `fingerprint`, once the
/// person compared it with that device's screen.
#[tauri::command]
#[specta::specta]
pub async fn admit_device(handle: AppHandle, fingerprint: String) -> Result<String, app::AppError> {
    off_main(handle, move |app| app.admit_device(fingerprint)).await
}

/// (Supervisor) removes a device; the team key rotates.
#[tauri::command]
#[specta::specta]
pub async fn remove_device(
    handle: AppHandle,
    device: String,
) -> Result<app::sync::SyncScreen, app::AppError> {
    off_main(handle, move |app| app.remove_device(device)).await
}

/// The nearby-device panel (no internet: sync on the local network).
#[tauri::command]
#[specta::specta]
pub fn nearby_screen(shell: State<'_, Shell>) -> app::sync::nearby::NearbyView {
    shell.app.nearby_screen()
}

/// Waits for a nearby device of the team: a worker thread serves the wait
/// (syncs with the device when it connects) until it ends; the panel
/// follows through `nearby-changed` events.
#[tauri::command]
#[specta::specta]
pub async fn nearby_wait(
    handle: AppHandle,
) -> Result<app::sync::nearby::NearbyView, app::AppError> {
    let view = off_main(handle.clone(), app::App::nearby_wait).await?;
    let lang = handle.state::<Shell>().app.language();
    std::thread::Builder::new()
        .name("fieldscreen-nearby".into())
        .spawn(move || handle.state::<Shell>().app.nearby_serve())
        .map_err(|e| app::AppError::unexpected(&e, &lang))?;
    Ok(view)
}

/// Stops waiting for a nearby device.
#[tauri::command]
#[specta::specta]
pub fn nearby_stop(shell: State<'_, Shell>) -> app::sync::nearby::NearbyView {
    shell.app.nearby_stop()
}

/// Connects to a nearby device at the typed address and syncs with it.
#[tauri::command]
#[specta::specta]
pub async fn nearby_connect(
    handle: AppHandle,
    address: String,
) -> Result<app::sync::nearby::NearbyView, app::AppError> {
    off_main(handle, move |app| app.nearby_connect(address)).await
}
