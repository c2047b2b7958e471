//! Events the core pushes to whoever subscribed (the shell forwards them to
//! the window as Tauri events; tests read them from the channel), so no
//! screen polls for a change.
//!
//! Each event carries the whole view model it changes, computed here in the
//! person's language: the window renders it as it renders a command's answer.
//! Views of one kind are computed and sent under one lock, so a subscriber
//! receives them in the order the changes happened; an event equal to the
//! last one of its kind is not sent again. Nothing is computed while nobody
//! listens (the CLI, most tests).

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::App;
use crate::export::job::ExportJobView;
use crate::sync::SyncScreen;
use crate::sync::nearby::NearbyView;

/// A change the window shows without asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppEvent {
    /// The sync and team screen changed: a round started, progressed or
    /// ended, the next try came closer, the team changed, the store locked.
    Sync(SyncScreen),
    /// The nearby-device panel changed: waiting began, a device came (its
    /// session runs: `Syncing`), progressed, finished (`Done` or `Failed`),
    /// a stranger was turned away, the wait ended.
    Nearby(NearbyView),
    /// The export under way started, moved by a whole percent, or ended
    /// (done, failed or cancelled, with its sentence).
    Export(ExportJobView),
}

/// The subscribers and the last event of each kind.
#[derive(Debug, Default)]
pub(crate) struct EventHub {
    subscribers: Mutex<Vec<Sender<AppEvent>>>,
    last_sync: Mutex<Option<SyncScreen>>,
    last_nearby: Mutex<Option<NearbyView>>,
    last_export: Mutex<Option<ExportJobView>>,
}

/// Sends `event` to every live subscriber (a dropped receiver is forgotten).
fn send(subscribers: &Mutex<Vec<Sender<AppEvent>>>, event: &AppEvent) {
    let mut subs = subscribers.lock().unwrap_or_else(|p| p.into_inner());
    subs.retain(|s| s.send(event.clone()).is_ok());
}

impl EventHub {
    fn listened(&self) -> bool {
        !self
            .subscribers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty()
    }

    /// Computes the view (under the kind's lock, so views leave in the order
    /// they were computed) and sends it when it differs from the last one.
    fn publish<V: Clone + PartialEq>(
        &self,
        last: &Mutex<Option<V>>,
        view: impl FnOnce() -> V,
        event: impl FnOnce(V) -> AppEvent,
    ) {
        if !self.listened() {
            return;
        }
        let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
        let view = view();
        if last.as_ref() == Some(&view) {
            return;
        }
        *last = Some(view.clone());
        send(&self.subscribers, &event(view));
    }
}

impl App {
    /// A channel of every [`AppEvent`] from now on (the shell forwards them
    /// to the window). Dropping the receiver unsubscribes.
    pub fn subscribe(&self) -> Receiver<AppEvent> {
        let (tx, rx) = channel();
        self.events
            .subscribers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(tx);
        rx
    }

    /// Tells subscribers the sync screen as it is now (if it changed).
    /// Never call it holding the sync status's or the nearby panel's lock.
    pub(crate) fn sync_changed(&self) {
        self.events.publish(
            &self.events.last_sync,
            || self.sync_screen(),
            AppEvent::Sync,
        );
    }

    /// Tells subscribers the nearby panel as it is now (if it changed).
    /// Never call it holding the nearby panel's lock.
    pub(crate) fn nearby_changed(&self) {
        self.events.publish(
            &self.events.last_nearby,
            || self.nearby_screen(),
            AppEvent::Nearby,
        );
    }

    /// Tells subscribers the export job as it is now (if it changed).
    /// Never call it holding the export job's lock.
    pub(crate) fn export_changed(&self) {
        self.events.publish(
            &self.events.last_export,
            || self.export_job(),
            AppEvent::Export,
        );
    }
}
