//! The core's events as Tauri events: one thread subscribes to the façade
//! ([`app::App::subscribe`]) and emits each event to the window, which
//! listens (`events.syncChanged.listen`, generated into `bindings.ts`).

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::Shell;

/// The sync and team screen changed (`sync-changed`).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncChanged(pub app::sync::SyncScreen);

/// The nearby-device panel changed (`nearby-changed`).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct NearbyChanged(pub app::sync::nearby::NearbyView);

/// The export under way moved or ended (`export-changed`).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct ExportChanged(pub app::export::job::ExportJobView);

/// Starts the thread that forwards the core's events to the window; it
/// lives as long as the process.
pub fn start_forwarding<R: Runtime>(handle: AppHandle<R>) -> std::io::Result<()> {
    let events = handle.state::<Shell>().app.subscribe();
    std::thread::Builder::new()
        .name("fieldscreen-events".into())
        .spawn(move || {
            for event in events {
                let sent = match event {
                    app::AppEvent::Sync(screen) => SyncChanged(screen).emit(&handle),
                    app::AppEvent::Nearby(view) => NearbyChanged(view).emit(&handle),
                    app::AppEvent::Export(job) => ExportChanged(job).emit(&handle),
                };
                if let Err(e) = sent {
                    tracing::warn!("an event did not reach the window: {e}");
                }
            }
        })
        .map(|_| ())
}
