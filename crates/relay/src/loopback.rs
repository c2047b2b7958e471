//! A relay on loopback for tests, benchmarks and tools that need a real
//! one in-process: plain HTTP on `127.0.0.1`, SQLite in a folder, open
//! registration unless told otherwise, in its own thread and runtime (so a
//! caller with no runtime, or a blocking one, can use it).

use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::{RelayConfig, SqliteStore};

/// A running loopback relay; it stops (and its port closes) when dropped.
#[derive(Debug)]
pub struct LoopbackRelay {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// What it holds (for tests that look at or change it).
    pub store: Arc<SqliteStore>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LoopbackRelay {
    /// Starts a relay with open registration and its database in `dir`.
    pub fn start(dir: &Path) -> Self {
        Self::with_config(dir, RelayConfig::open())
    }

    /// [`LoopbackRelay::start`] with its configuration.
    ///
    /// # Panics
    /// When the database, the port or the runtime cannot be had: this is
    /// for tests and tools, where that is the failure to report.
    #[allow(clippy::expect_used)]
    pub fn with_config(dir: &Path, config: RelayConfig) -> Self {
        std::fs::create_dir_all(dir).expect("relay dir");
        let store = Arc::new(SqliteStore::open(&dir.join("relay.db")).expect("relay db"));
        // Bound before the thread starts: the URL answers as soon as it is
        // returned.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = store.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                tokio::select! {
                    r = crate::serve(listener, served, config) => r.expect("serve"),
                    _ = stopped => {}
                }
            });
        });
        LoopbackRelay {
            url,
            store,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for LoopbackRelay {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_answers_while_held_and_its_port_closes_when_dropped() {
        let dir = tempfile::tempdir().expect("dir");
        let relay = LoopbackRelay::start(dir.path());
        let addr = relay.url.trim_start_matches("http://").to_owned();
        assert!(std::net::TcpStream::connect(&addr).is_ok());
        drop(relay);
        assert!(std::net::TcpStream::connect(&addr).is_err());
    }
}
